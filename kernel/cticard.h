/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cticard: a DAHDI E1/T1 card whose ports run a real framer (framer/)
 * over a software line (framer/line.h). This header is shared by the
 * DAHDI glue files of the module only.
 *
 * Contexts and locks (the order is top to bottom; nothing is taken in
 * the other direction):
 *
 *   DAHDI's locks (span->lock, chan->lock, chan_lock): DAHDI calls
 *   ->maint() with span->lock held and ->rbsbits() with chan->lock held
 *   (also from inside _dahdi_transmit() on the clock thread). Those two
 *   only queue a request under
 *
 *   port->req.lock (spinlock, leaf): nothing is called under it, it
 *   nests under DAHDI's locks and under
 *
 *   card->lock (mutex): the ports' framer, line, cabling and knobs. Taken
 *   by the clock thread around its framer work, by spanconfig, startup,
 *   shutdown and set_spantype (process context, no DAHDI lock held), and
 *   by the sysfs attributes. It is NEVER held across a call into DAHDI
 *   (_dahdi_receive, _dahdi_transmit, dahdi_rbsbits, dahdi_alarm_notify,
 *   dahdi_init_span): lockdep_assert_not_held() says so at each call
 *   (cticard_tick.c), and since DAHDI's locks come first, holding it there
 *   could deadlock against ->maint() or ->rbsbits().
 *
 * The clock is a SCHED_FIFO kthread (cticard_tick.c), not a hard-IRQ
 * hrtimer: on PREEMPT_RT spinlocks sleep, and DAHDI takes chan->lock in
 * _dahdi_receive()/_dahdi_transmit().
 */
#ifndef CTICARD_H
#define CTICARD_H

#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <dahdi/kernel.h>

#include "cticard_compat.h"
#include "framer/framer.h"
#include "framer/line.h"

#define CTICARD_MAX_PORTS 8
#define CTICARD_MAX_CHANS 31	/* E1: TS1..31; T1 uses 24 */
#define CTICARD_NO_PEER (-1)
#define CTICARD_LOOP_PLUG (-2)	/* the port's transmit wired to its receive */

/* Module parameters, handed to the platform driver's probe. */
struct cticard_pdata {
	int nports;
	enum spantypes type;
	char cabling[8];		/* none, pairs, loop */
};

/* Requests from contexts that hold DAHDI's locks (maint, rbsbits): the
 * tick applies them, so those paths never take the card lock. */
struct cticard_requests {
	spinlock_t lock;		/* leaf lock: nothing is called under it */
	int maint;			/* DAHDI_MAINT_* or -1 */
	unsigned int defects;		/* bit per enum cf_defect */
	bool reset_counters;
	u8 txcas[CTICARD_MAX_CHANS + 1];	/* ABCD per channel, 1-based */
	unsigned long txcas_dirty;	/* bit per channel */
};

enum cticard_loop {
	CTICARD_LOOP_NONE,
	CTICARD_LOOP_LOCAL,		/* our transmit into our receiver */
	CTICARD_LOOP_LINE,		/* received symbols sent back */
	CTICARD_LOOP_PAYLOAD,		/* received payload sent back, reframed */
};

struct cticard;

struct cticard_port {
	struct cticard *card;
	int index;				/* 0-based; port<index+1> */
	struct dahdi_span span;
	struct dahdi_chan *chans[CTICARD_MAX_CHANS];
	struct kobject kobj;			/* /sys/.../cticard/portN */
	bool kobj_added;

	/* Everything below is under card->lock */
	bool running;
	bool configured;
	struct cf_config cfg;
	int timing_prio;			/* dahdi_cfg span line "sync" */
	int peer;				/* port index, NO_PEER, LOOP_PLUG */
	enum cticard_loop loop;
	bool loop_by_code;			/* line loop asked by a T1 loop-up */
	bool sending_loopcode;			/* until DAHDI's mainttimer ends */
	bool prbs;
	struct cf_port fr;
	struct cf_line line;			/* impairments into OUR receiver */
	struct cf_wire txw;			/* this tick's transmitted symbols */
	struct cf_wire rxw;			/* this tick's received symbols */
	struct cf_wire prev_rxw;		/* for the line loop */
	u8 txf[DAHDI_CHUNKSIZE + 1][CF_MAX_TS];	/* + a fast far clock's */
	u8 rxf[DAHDI_CHUNKSIZE][CF_MAX_TS];
	u8 rxcas[CTICARD_MAX_CHANS + 1];
	u8 txcas[CTICARD_MAX_CHANS + 1];
	u32 last_alarms;

	/* What one tick's framer work leaves for the DAHDI calls after it
	 * (made by the clock thread without card->lock: only it uses them) */
	struct {
		bool active;			/* running when the tick began */
		bool mainttimer_done;		/* DAHDI ended our loop code */
		bool notify;			/* alarms changed: tell DAHDI */
		bool maintstat;			/* loop_by_code changed */
		bool loop_by_code;
		u32 alarms;
		unsigned long rbs_dirty;	/* bit per channel (1-based) */
		u8 rbs[CTICARD_MAX_CHANS + 1];
	} out;

	struct cticard_requests req;

	/* what sysfs was told, for reading back (under card->lock) */
	struct {
		bool los, ais;
		char ber[24];
		int ppm;
	} knobs;
};

struct cticard {
	struct platform_device *pdev;
	struct dahdi_device *ddev;
	int nports;
	struct mutex lock;			/* see the top of this file */
	struct task_struct *clock;		/* cticard_tick.c */
	/* odd while the clock is between the first and last DAHDI call of
	 * a wake-up (cticard_tick_sync) */
	unsigned long tick_seq;
	/* written by the clock thread only, read with READ_ONCE */
	u64 ticks;				/* 1 ms ticks run */
	u64 late_ticks;				/* run late, caught up */
	u64 missed_ticks;			/* too late: dropped (slips) */
	u32 max_late_us;			/* worst wake-up lateness */
	bool sync_dirty;			/* re-pick the timing source */
	struct cticard_port *port[CTICARD_MAX_PORTS];
};

static inline bool cticard_is_e1(const struct cticard_port *p)
{
	return p->span.spantype == SPANTYPE_DIGITAL_E1;
}

/* cticard_span.c */
extern const struct dahdi_span_ops cticard_span_ops;
int cticard_span_setup(struct cticard_port *p, enum spantypes type);

/* cticard_tick.c */
int cticard_tick_start(struct cticard *card);
void cticard_tick_stop(struct cticard *card);
void cticard_tick_sync(struct cticard *card);
void cticard_pick_sync(struct cticard *card);	/* under card->lock */

/* cticard_sysfs.c */
extern const struct attribute_group *cticard_card_groups[];
int cticard_port_kobj_add(struct cticard_port *p);
void cticard_port_put(struct cticard_port *p);

/* cticard_cable.c: call with card->lock held */
void cticard_cable_set(struct cticard *card, int a, int peer);

#endif
