/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The libpri binding (ITU-T Q.921/Q.931 as libpri implements them): the
 * only code that includes <libpri.h>. It runs one libpri instance on a
 * span's D channel through custom I/O, drives libpri's timers from the
 * context's clock, routes libpri's messages into the context's log, and
 * turns libpri events into cti__pri_ev for the call layer. Calls are
 * passed around as opaque pointers (libpri's q931_call).
 */
#ifndef CTI_PRI_PRI_H
#define CTI_PRI_PRI_H

#include "cti/event.h"
#include "cti/span.h"
#include "span/span.h"

struct cti__pri;

enum cti__pri_ev_type {
	CTI__PRI_UP = 1,      /* D channel established */
	CTI__PRI_DOWN,	      /* D channel lost */
	CTI__PRI_RING,	      /* incoming SETUP */
	CTI__PRI_SETUP_ACK,   /* SETUP ACKNOWLEDGE: send more digits */
	CTI__PRI_PROCEEDING,  /* CALL PROCEEDING (channel may change) */
	CTI__PRI_ALERTING,    /* ALERTING */
	CTI__PRI_ANSWER,      /* CONNECT */
	CTI__PRI_CONNECT_ACK, /* CONNECT ACKNOWLEDGE */
	CTI__PRI_INFO,	      /* digits (overlap INFORMATION) */
	CTI__PRI_KEYPAD,      /* keypad digits in the active state */
	CTI__PRI_HANGUP_REQ,  /* far end DISCONNECT: answer with hangup */
	CTI__PRI_HANGUP,      /* call released: forget it */
	CTI__PRI_RESTART,     /* far end restarted a channel (-1: all) */
	CTI__PRI_RESTART_ACK,
	CTI__PRI_DEFLECT, /* far end asks us to deflect the call */
};

struct cti__pri_ev {
	int type;
	void *pcall;	/* libpri's call */
	int chan;	/* channel number, -1 if none/any */
	int cause;	/* Q.850 cause */
	bool exclusive; /* RING: channel is exclusive */
	bool complete;	/* RING: sending complete */
	int invoke_id;	/* DEFLECT: to answer */
	struct cti_number ani, dnis, redirecting;
	int redirect_reason;
	char digits[32];    /* INFO/KEYPAD digits */
	uint32_t truncated; /* enum cti_call_flag: numbers cut to fit */
};

struct cti__pri_cfg {
	int side;	/* enum cti_span_side */
	int switchtype; /* enum cti_switch (resolved, not DEFAULT) */
	bool overlap;
};

typedef void (*cti__pri_ev_fn)(void *user, const struct cti__pri_ev *ev);

/* Returns 0, CTI_EINVAL (bad config) or CTI_ENOMEM. The span must
 * outlive the pri. */
int cti__pri_new(struct cti__span *span, const struct cti__pri_cfg *cfg,
		 cti__pri_ev_fn fn, void *user, struct cti__pri **out);
void cti__pri_free(struct cti__pri *p);
/* The span has D-channel frames to read: feed them to libpri. */
void cti__pri_d_ready(struct cti__pri *p);
bool cti__pri_is_up(const struct cti__pri *p);
int cti__pri_switchtype(const struct cti__pri *p);

/* A new outgoing call, or NULL (out of memory). */
void *cti__pri_new_call(struct cti__pri *p);
/* Send SETUP. `dnis->digits` may be partial when !complete (overlap
 * sending). Returns 0, CTI_EFORMAT (digits), CTI_ENOMEM, CTI_EIO. */
int cti__pri_setup(struct cti__pri *p, void *pcall, int chan, bool exclusive,
		   const struct cti_number *ani, const struct cti_number *dnis,
		   const struct cti_number *redirecting, int reason,
		   bool complete);
int cti__pri_more_digits(struct cti__pri *p, void *pcall, const char *d);
int cti__pri_need_more(struct cti__pri *p, void *pcall, int chan);
int cti__pri_proceeding(struct cti__pri *p, void *pcall, int chan);
int cti__pri_alerting(struct cti__pri *p, void *pcall, int chan);
int cti__pri_answer(struct cti__pri *p, void *pcall, int chan);
/* DISCONNECT (or RELEASE when the far end disconnected first). */
int cti__pri_hangup(struct cti__pri *p, void *pcall, int cause);
/* Forget a call libpri reported released. */
void cti__pri_destroy_call(struct cti__pri *p, void *pcall);
/* RESTART of one B-channel (restart indicator "indicated channel", Q.931
 * 4.5.21; libpri 1.6's pri_restart() sends nothing point-to-point).
 * Returns 0, CTI_ENETDOWN (data link down), CTI_EIO. */
int cti__pri_restart_chan(struct cti__pri *p, int chan);
/* Ask the network to deflect (ETSI EN 300 207-1 CallDeflection / Q.SIG).
 * Returns 0, CTI_ENOTSUP (switch type), CTI_EIO. */
int cti__pri_deflect(struct cti__pri *p, void *pcall,
		     const struct cti_number *to);
int cti__pri_deflect_rsp(struct cti__pri *p, void *pcall, int invoke_id,
			 bool ok);
/* Explicit call transfer by signalling (pri_channel_bridge). Returns 0,
 * CTI_ENOTSUP if the switch type has none, CTI_EIO. */
int cti__pri_transfer(struct cti__pri *p, void *pcall1, void *pcall2);

/* Capture every Q.921 frame libpri reads or writes on the span into `c`
 * (pri/capture.h), closing the capture there was; NULL stops. The pri
 * owns `c` from then on. */
struct cti__capture;
void cti__pri_set_capture(struct cti__pri *p, struct cti__capture *c);

/* libpri's `struct pri *` of the span, for tests that make libpri send
 * what libcti never would (a far end's over-long numbers, say); calls
 * into it belong between cti__pri_clock_enter() and _leave(). */
void *cti__pri_handle(struct cti__pri *p);

/* A received frame (with its 2 FCS octets) holding a Q.931 SETUP: the
 * enum cti_call_flag bits of its party numbers longer than 31 digits
 * (which libpri cuts silently), *cref set to its call reference as libpri
 * numbers it. 0 for any other frame. */
uint32_t cti__pri_scan_setup(const uint8_t *f, int len, int *cref);

/* Q.931 octet helpers, exposed for tests. */
int cti__pri_plan_octet(const struct cti_number *n);
int cti__pri_pres_octet(const struct cti_number *n);
/* Returns true if `digits` did not fit (n->digits holds the first 31). */
bool cti__pri_number_from(struct cti_number *n, const char *digits, int plan,
			  int pres);

#endif /* CTI_PRI_PRI_H */
