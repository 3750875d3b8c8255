/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The daemon's own parts (log.c, apply.c, reload.c, run.c), shared by
 * main.c and the tests that link them. */
#ifndef CTID_DAEMON_H
#define CTID_DAEMON_H

#include "conf.h"
#include "ctid.h"

/* The context's log sink: stderr lines or the journal (conf's target). */
void ctid_log_setup(struct ctid *d, uint32_t target, int level);
/* A new level for the library's and the daemon's messages. */
void ctid_log_level(struct ctid *d, int level);
void ctid_log(struct ctid *d, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The Q.850 cause of the calls a kill -9 or crash cut, closed in the
 * store at the next start: 41, temporary failure. */
#define CTID_CUT_CALL_CAUSE 41

/* Open what the model describes (store, spans, recorder, engine with its
 * trunks, schedules, flows, queues, routes, extensions) into d, which
 * takes the model. Returns 0 or CTI_E* with why. */
int ctid_start(struct ctid *d, struct ctid_conf *c, char *why, size_t why_len);
/* Apply a checked model to the running engine (reload's second half);
 * d takes it on success. Spans, trunks, store, recording or control
 * socket changed: CTI_ENOTSUP, "restart needed". */
int ctid_apply(struct ctid *d, struct ctid_conf *c, char *why, size_t why_len);
/* Flows and prompt sets a reload replaced are kept while calls use them
 * and freed once none does: at each reload, every second in between
 * (a context timer armed while any is kept), and all of them at the
 * stop (all: the engine is gone). */
void ctid_retired_free(struct ctid *d, bool all);
/* How many are kept now, of each. */
void ctid_retired_count(const struct ctid *d, size_t *flows,
			size_t *prompt_sets);
/* The event loop's callback and its signal handling. */
void ctid_on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *user);
int ctid_signals_open(struct ctid *d);
/* The trial (trial.c): the far ends started on the loop spans' far
 * sides and the agents logged in (no trial configured: 0, nothing);
 * events of the far sides (1: taken); the far end's tally logged; its
 * calls cleared (cause 16); freed. */
int ctid_trial_start(struct ctid *d, const struct ctid_conf *c, char *why,
		     size_t why_len);
/* The far ends of the trial or of a simulation (ctid_far_start): */
struct ctid_far {
	const char *who; /* "trial", "simulation": its messages' prefix */
	uint32_t callers_per_hour, hours, seed; /* hours 1..24 of arrivals */
	const char *dnis, *dtmf; /* dialled; keyed at the answer (NULL) */
	uint32_t patience_mean_ms, talk_mean_ms;
	uint32_t answer_min_ms, answer_max_ms;
	uint64_t first_in_ms; /* the first caller dials this long from now */
	/* callers' keys by share (n_keys 0: all key dtmf) */
	uint32_t n_keys;
	char keys[8][16];
	double shares[8]; /* of the callers, summing to 1 */
};
/* Log in every agent with an extension ready, then start cti-sim's far
 * ends on the loop spans' far sides (d->farend). 0 or CTI_E* with why. */
int ctid_far_start(struct ctid *d, const struct ctid_conf *c,
		   const struct ctid_far *f, char *why, size_t why_len);
int ctid_trial_event(struct ctid *d, const struct cti_event *ev);
void ctid_trial_log(struct ctid *d, const char *when);
void ctid_trial_hangup(struct ctid *d);
void ctid_trial_free(struct ctid *d);
/* The wall clock, UTC ms. */
int64_t ctid_wall_ms(void);
/* ctid --simulate HOURS (simulate.c): FILE's centre on the virtual
 * clock, every span a loop pair, cti-sim's far ends playing callers and
 * phones; prints the far end's tally and the store's per-queue totals. */
struct ctid_sim_opts {
	uint32_t hours;		   /* 1..24 of new callers */
	const char *store;	   /* required, not the file's */
	const char *start;	   /* "HH:MM" or "YYYY-MM-DDTHH:MM", NULL:
				      09:00 of the run's working day */
	uint32_t callers_per_hour; /* 0: the trial's, else the default */
	int64_t seed;		   /* -1: the trial's, else 1 */
	const char *dtmf;	   /* "D[:PCT],...": callers' keys at the
				      answer by share, NULL: the trial's */
	int level;		   /* --log-level, 0: warning */
};
/* Returns the exit status: 0 every caller accounted for, 1 not (or a
 * start-up error), 2 a bad option value for this file. Takes c. */
int ctid_simulate(struct ctid_conf *c, const struct ctid_sim_opts *o);
/* Free everything ctid_start opened (NULL-safe members). */
void ctid_stop(struct ctid *d);

#endif
