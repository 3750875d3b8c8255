/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cti-sim: a day of a securities hotline on the loop backend, in-process
 * on the virtual clock. The simulator plays the callers on the far end of
 * the trunk spans and the agents' phones on the far end of the station
 * spans, and keeps its own tally of every caller from what it did and
 * saw there, independent of the engine's figures.
 */
#ifndef CTI_SIM_H
#define CTI_SIM_H

#include "cti/cti.h"

#define SIM_QUEUES 2 /* trading (95500), accounts (95501) */
#define SIM_MAX_IV 128

struct sim_config {
	uint32_t seed;
	uint32_t hours;		   /* of arrivals; then the day drains */
	double calls_per_hour[24]; /* arrival profile, hour by hour */
	double trading_share;	   /* of callers dialling 95500 */
	uint32_t agents[3];	   /* trading only, accounts only, both */
	uint32_t trunk_spans, station_spans;   /* E1 pairs */
	uint32_t patience_mean_ms;	       /* exponential, from arrival */
	uint32_t talk_mean_ms;		       /* exponential, at least 1 s */
	uint32_t answer_min_ms, answer_max_ms; /* phones, uniform */
	uint32_t no_answer_ppm;		       /* phones that ring out (RONA) */
	uint32_t back_ready_ms;		       /* an agent after a RONA */
	uint32_t wrap_ms, ring_ms, sl_ms, short_ms, interval_ms;
	const char *store;   /* path or URI, NULL: none */
	const char *prompts; /* prompt set directory */
	bool verbose;
};

/* What the callers and phones saw, per queue and interval. */
struct sim_iv {
	uint32_t offered, answered, in_sl, abandoned, short_abandoned;
	uint64_t sum_answer_wait, sum_handle, n_handled;
};

struct sim_tally {
	uint32_t arrived, blocked, answered, abandoned, short_abandoned;
	uint32_t rona, other_end, in_sl;
	uint64_t sum_wait, sum_handle, n_handled;
	struct sim_iv iv[SIM_QUEUES][SIM_MAX_IV];
	uint32_t n_iv;
	uint32_t stuck_agents; /* not READY/NOT_READY at the end */
	uint32_t calls_left;   /* the engine's, at the end */
};

extern const char *const sim_queue_names[SIM_QUEUES];

struct farend_config;
struct farend_tally;

void sim_defaults(struct sim_config *c);
/* The far ends' part of the configuration (numbers 95500 and 95501, the
 * profile, the players' distributions, how the tally counts); spans and
 * the ready callback are left to the caller. */
void sim_farend_config(const struct sim_config *c, struct farend_config *f);
/* The far ends' tally in the simulator's shape (its first two numbers). */
void sim_tally_from(struct sim_tally *t, const struct farend_tally *f);
/* Run the day. Returns 0, or a CTI_E* code (the message on stderr). */
int sim_run(const struct sim_config *c, struct sim_tally *t);

/* cti-sim --far-end: DAHDI span numbers and what only that mode has. */
struct sim_far {
	int32_t trunks[64], stations[64]; /* the centre's far ends */
	uint32_t n_trunks, n_stations;
	uint32_t max_callers;	/* 0: no limit */
	uint64_t arrivals_ms;	/* 0: c->hours */
	const char *dtmf;	/* keyed when the centre answers */
	const char *phone_dtmf; /* keyed by phones 500 ms after answering */
	uint32_t dtmf_delay_ms;
	uint32_t settle_ms;  /* for every D channel to come up */
	uint64_t timeout_ms; /* of the whole run */
	bool list;	     /* print every caller */
	bool t1;
};

/* Play only the far ends, in real time, over DAHDI spans (another
 * process runs the centre). Returns 0 with the tally (calls_left: the
 * callers it had to hang up at the end), or a CTI_E* code. */
int sim_far_end(const struct sim_config *c, const struct sim_far *o,
		struct sim_tally *t);

/* Compare the intervals and CDRs the engine stored at `store` with the
 * tally: each difference is printed on stderr. Returns the number of
 * intervals compared (>= 0) when all agree, or -1. */
int sim_check(const struct sim_config *c, const struct sim_tally *t,
	      const char *store);

#endif
