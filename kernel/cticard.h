/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cticard: a DAHDI E1/T1 card whose ports run a real framer (framer/)
 * over a software line (framer/line.h). This header is shared by the
 * DAHDI glue files of the module only.
 */
#ifndef CTICARD_H
#define CTICARD_H

#include <linux/hrtimer.h>
#include <linux/kobject.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <dahdi/kernel.h>

#include "framer/framer.h"
#include "framer/line.h"

#define CTICARD_MAX_PORTS 8
#define CTICARD_MAX_CHANS 31	/* E1: TS1..31; T1 uses 24 */
#define CTICARD_NO_PEER (-1)
#define CTICARD_LOOP_PLUG (-2)	/* the port's transmit wired to its receive */

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
	struct kobject *kobj;			/* /sys/.../cticard/portN */

	/* Everything below is owned by the tick, under card->lock */
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
	u8 txf[9][CF_MAX_TS];
	u8 rxf[8][CF_MAX_TS];
	u8 rxcas[CTICARD_MAX_CHANS + 1];
	u8 txcas[CTICARD_MAX_CHANS + 1];
	u32 last_alarms;

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
	spinlock_t lock;			/* ports' tick-owned state */
	struct hrtimer timer;
	u64 ticks;				/* 1 ms ticks run */
	u64 late_ticks;				/* run late, caught up */
	u64 lost_ticks;				/* too late: dropped */
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
void cticard_tick_start(struct cticard *card);
void cticard_tick_stop(struct cticard *card);
void cticard_pick_sync(struct cticard *card);	/* under card->lock */

/* cticard_sysfs.c */
int cticard_sysfs_add(struct cticard *card);
void cticard_sysfs_remove(struct cticard *card);

/* cticard_cable.c: call with card->lock held */
void cticard_cable_set(struct cticard *card, int a, int peer);

#endif
