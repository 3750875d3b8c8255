/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The far ends of a call centre, played on libcti spans: callers on the
 * network side of the trunk spans (Poisson arrivals at a rate per hour,
 * exponential patience, DTMF keyed to the centre's flow, hang-ups) and
 * the agents' phones on the far side of the station spans (uniform
 * answer delay, ring-out probability, exponential talk time). It works
 * on any context (virtual or real clock) and any spans (loop or DAHDI);
 * it never sees the engine. Its tally of every caller comes only from
 * what it did and saw on those spans.
 *
 * Each kind of action has its own residue of the millisecond clock
 * modulo 4 (dial 0, caller hang-up 1, phone answer 2, agent hang-up 3):
 * under the virtual clock no two players act in the same millisecond, so
 * what the engine counts cannot depend on the order of same-instant
 * timers, and an engine's KPIs can equal this tally exactly.
 *
 * Callers dial from "139" + their index (8 digits); the engine shows
 * that ANI on the agent's phone, which is how a phone knows whose call
 * it answers (and so whose wait ends), also across processes.
 *
 * Used by cti-sim (in-process with the engine, or alone over DAHDI) and
 * linked by other tools through mk/cti-sim.mk (utils/cti-sim/farend.o).
 */
#ifndef CTI_SIM_FAREND_H
#define CTI_SIM_FAREND_H

#include "cti/cti.h"

#define FAREND_MAX_NUMBERS 8   /* numbers callers dial (queues) */
#define FAREND_MAX_IV	   128 /* tally intervals */
#define FAREND_MAX_SPANS   64

typedef struct farend farend_t;

struct farend_number {
	const char *dnis; /* what callers dial (copied) */
	double share;	  /* of the callers (the last number takes the rest) */
	const char *dtmf; /* keyed when the centre answers, NULL: none */
};

/* A phone rang out (the centre cleared it with cause 19): its agent
 * would press "ready" back_ready_ms later. The far end cannot do that
 * on a line; the host may (cti_center_agent_ready()). */
typedef void (*farend_ready_fn)(void *user, const char *extension);

struct farend_config {
	uint32_t seed;
	const cti_span_id_t *caller_spans; /* tried in order for each call */
	uint32_t n_caller_spans;
	const cti_span_id_t *phone_spans; /* every call offered is a phone */
	uint32_t n_phone_spans;
	struct farend_number numbers[FAREND_MAX_NUMBERS];
	uint32_t n_numbers;
	uint32_t hours;		   /* hours of arrivals, 1..24 */
	double calls_per_hour[24]; /* arrival profile, hour by hour */
	uint64_t arrivals_ms;	   /* also stop arriving after this, 0: no */
	uint32_t max_callers;	   /* also stop after this many, 0: no */
	uint32_t patience_mean_ms; /* exponential, from the dial */
	uint32_t talk_mean_ms;	   /* exponential, after a first second */
	uint32_t answer_min_ms, answer_max_ms; /* phones, uniform */
	uint32_t no_answer_ppm;		       /* phones that ring out */
	uint32_t back_ready_ms;		       /* on_ready after a ring-out */
	uint32_t dtmf_delay_ms; /* from the centre's answer to the keying */
	/* a phone keys these in band this long after it answers, NULL:
	 * none; callers then listen (lib/dsp's receiver on their audio)
	 * and record what they heard */
	const char *phone_dtmf;
	uint32_t phone_dtmf_delay_ms;
	/* how the tally counts, as the engine is configured: wrap-up added
	 * to handle time, service-level threshold, short abandons, the
	 * interval length */
	uint32_t wrap_ms, sl_ms, short_ms, interval_ms;
	farend_ready_fn on_ready;
	void *user;
};

enum farend_outcome {
	FAREND_WAITING = 0,	/* no outcome yet */
	FAREND_ANSWERED,	/* an agent's phone answered it */
	FAREND_ABANDONED,	/* the caller hung up before an agent */
	FAREND_SHORT_ABANDONED, /* the same, within short_ms */
	FAREND_CLEARED,		/* the centre cleared it before an agent */
};

/* One caller as the far end saw it. Instants are the context's clock. */
struct farend_caller {
	uint32_t index;	  /* its ANI is "139" + index on 8 digits */
	uint32_t number;  /* index into cfg.numbers */
	uint32_t outcome; /* enum farend_outcome */
	int32_t cause;	  /* the centre's cause when it cleared the call */
	uint64_t arrived_ms, answered_ms, ended_ms; /* 0: not (yet) */
	uint64_t centre_answered_ms; /* the trunk leg connected, 0: never */
	char agent[32];		     /* extension of the phone that answered */
	uint32_t ring_outs;	     /* phones that rang out on it */
	char heard[16];	   /* DTMF it heard (with phone_dtmf), in order */
	uint64_t keyed_ms; /* its agent's phone keyed phone_dtmf, 0: not */
};

struct farend_iv {
	uint32_t offered, answered, in_sl, abandoned, short_abandoned;
	uint64_t sum_answer_wait, sum_handle, n_handled;
};

/* Counters by the instant of the event: an answer counts in the interval
 * it happens in, a handled call in the interval its wrap-up ends in. */
struct farend_tally {
	uint32_t arrived, blocked, answered, abandoned, short_abandoned;
	uint32_t rona, other_end, in_sl;
	uint64_t sum_wait, sum_handle, n_handled;
	uint32_t live; /* callers without an outcome, or still talking */
	uint32_t n_iv;
	struct farend_iv iv[FAREND_MAX_NUMBERS][FAREND_MAX_IV];
};

/* Returns 0, CTI_EINVAL (no caller span, no number, hours not 1..24,
 * interval 0, answer_max < answer_min, a DNIS not 1-31 digits), or
 * CTI_ENOMEM. Nothing happens before farend_start(). */
int farend_new(farend_t **out, cti_ctx_t *ctx, const struct farend_config *cfg);
/* Cancels its timers; calls it made stay up (free the context too, or
 * call farend_hangup_all() first). */
void farend_free(farend_t *fe);

/* The first caller dials at origin_ms (or now, if later): hour 0 of the
 * profile and interval 0 of the tally begin there. Returns 0, CTI_EBUSY
 * (already started), or cti_timer_start()'s error. */
int farend_start(farend_t *fe, uint64_t origin_ms);

/* Feed every context event the host does not own: returns 1 if it was
 * a call event on the far end's spans (taken), 0 otherwise. */
int farend_handle_event(farend_t *fe, const struct cti_event *ev);

/* Clear every call of the far end with cause 16; its callers without an
 * outcome end as abandoned. Returns how many calls it cleared. */
int farend_hangup_all(farend_t *fe);

/* No more arrivals will come and every caller has its outcome and, if
 * answered, has hung up. */
bool farend_done(const farend_t *fe);
/* 0, or the first error it met (CTI_ENOMEM) */
int farend_error(const farend_t *fe);

const struct farend_tally *farend_tally(const farend_t *fe);
/* Callers who got a channel, by index (blocked ones are only counted). */
size_t farend_callers(const farend_t *fe);
int farend_caller_get(const farend_t *fe, size_t index,
		      struct farend_caller *out); /* 0, CTI_ENOENT */

#endif
