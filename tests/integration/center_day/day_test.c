// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A simulated day of a securities hotline through the engine: the KPIs
 * the engine stored must equal cti-sim's own tally of its callers and
 * phones exactly, interval by interval and queue by queue; every caller
 * is accounted once; no agent is left in a call state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "../../../utils/cti-sim/sim.h"

struct seen {
	const struct sim_tally *t;
	uint32_t intervals, offered, answered, cdrs;
	uint32_t interval_ms;
};

static int check_interval(void *u, const struct cti_acd_interval *iv)
{
	struct seen *s = u;
	int q = !strcmp(iv->queue, "trading")	 ? 0
		: !strcmp(iv->queue, "accounts") ? 1
						 : -1;
	uint32_t i = (uint32_t)(iv->start_ms / s->interval_ms);
	static const struct sim_iv zero;
	const struct sim_iv *e;

	ck_assert_int_ge(q, 0);
	ck_assert_int_eq(iv->start_ms % s->interval_ms, 0);
	ck_assert_uint_lt(i, SIM_MAX_IV);
	e = i < s->t->n_iv ? &s->t->iv[q][i] : &zero;
	ck_assert_msg(
		iv->offered == e->offered && iv->answered == e->answered &&
			iv->answered_in_sl == e->in_sl &&
			iv->abandoned == e->abandoned &&
			iv->short_abandoned == e->short_abandoned,
		"%s interval %u: stored %u/%u/%u/%u/%u, tally "
		"%u/%u/%u/%u/%u (offered/answered/in SL/abandoned/"
		"short)",
		iv->queue, i, iv->offered, iv->answered, iv->answered_in_sl,
		iv->abandoned, iv->short_abandoned, e->offered, e->answered,
		e->in_sl, e->abandoned, e->short_abandoned);
	ck_assert_int_eq(
		iv->asa_ms,
		e->answered ? (int64_t)(e->sum_answer_wait / e->answered) : 0);
	ck_assert_int_eq(iv->aht_ms,
			 e->n_handled ? (int64_t)(e->sum_handle / e->n_handled)
				      : 0);
	if (e->offered - e->short_abandoned)
		ck_assert_double_eq_tol(
			iv->service_level,
			100.0 * e->in_sl / (e->offered - e->short_abandoned),
			1e-9);
	s->intervals++;
	s->offered += iv->offered;
	s->answered += iv->answered;
	return 0;
}

/* The whole-call records the engine emitted (EV_RECORD), as read by the
 * simulator (sim_link.c) */
static struct cti_center_record *emitted;
static size_t n_emitted, cap_emitted;

int day_next_event(cti_center_t *cc, struct cti_center_event *ev);
int day_next_event(cti_center_t *cc, struct cti_center_event *ev)
{
	int rc = cti_center_next_event(cc, ev);

	if (rc > 0 && ev->type == CTI_CENTER_EV_ERROR)
		ck_abort_msg("engine error: call %u: %s", ev->call, ev->name);
	if (rc > 0 && ev->type == CTI_CENTER_EV_RECORD) {
		if (n_emitted == cap_emitted) {
			cap_emitted = cap_emitted ? 2 * cap_emitted : 1024;
			emitted = realloc(emitted,
					  cap_emitted * sizeof(*emitted));
			ck_assert_ptr_nonnull(emitted);
		}
		emitted[n_emitted++] = ev->u.record;
	}
	return rc;
}

struct stored {
	size_t n;
	uint8_t *seen; /* per emitted record: stored how many times */
};

/* field by field: a string's bytes after its NUL are not the record */
static bool record_eq(const struct cti_center_record *a,
		      const struct cti_center_record *b)
{
	return a->call == b->call && a->last_state == b->last_state &&
	       a->cause == b->cause && a->segments == b->segments &&
	       a->agents == b->agents && a->transfers == b->transfers &&
	       a->epoch_ms == b->epoch_ms && a->arrived_ms == b->arrived_ms &&
	       a->ended_ms == b->ended_ms && a->ivr_ms == b->ivr_ms &&
	       a->queue_ms == b->queue_ms && a->talk_ms == b->talk_ms &&
	       a->hold_ms == b->hold_ms && a->dial_ms == b->dial_ms &&
	       !strcmp(a->ani, b->ani) && !strcmp(a->dnis, b->dnis) &&
	       !strcmp(a->trunk, b->trunk) &&
	       !strcmp(a->first_queue, b->first_queue) &&
	       !strcmp(a->first_agent, b->first_agent) &&
	       !strcmp(a->last_agent, b->last_agent) &&
	       !strcmp(a->number, b->number);
}

static int match_record(void *u, const struct cti_center_record *r)
{
	struct stored *s = u;
	size_t i;

	for (i = 0; i < n_emitted; i++)
		if (emitted[i].call == r->call)
			break;
	ck_assert_msg(i < n_emitted, "stored call %u never emitted", r->call);
	ck_assert_msg(record_eq(&emitted[i], r),
		      "call %u: stored record differs from its EV_RECORD",
		      r->call);
	s->seen[i]++;
	s->n++;
	return 0;
}

/* Every call's stored whole-call record equals its EV_RECORD, exactly
 * one each; no open-call row is left (closing the cut calls finds
 * none). */
static void check_call_records(const char *db, uint32_t callers)
{
	struct stored s = { 0 };
	cti_store_t *st;
	size_t cut = 99;

	ck_assert_uint_eq(n_emitted, callers);
	s.seen = calloc(n_emitted, 1);
	ck_assert_ptr_nonnull(s.seen);
	ck_assert_int_eq(cti_store_open(&st, db, NULL), 0);
	ck_assert_int_ge(
		cti_store_query_call_records(st, NULL, match_record, &s), 0);
	ck_assert_uint_eq(s.n, n_emitted);
	for (size_t i = 0; i < n_emitted; i++)
		ck_assert_uint_eq(s.seen[i], 1);
	ck_assert_int_eq(cti_store_close_cut_calls(st, 41, 0, &cut), 0);
	ck_assert_uint_eq(cut, 0);
	cti_store_close(st);
	free(s.seen);
	free(emitted);
	emitted = NULL;
	n_emitted = cap_emitted = 0;
}

static int count_cdr(void *u, const struct cti_acd_cdr *r)
{
	struct seen *s = u;

	ck_assert(r->outcome == CTI_ACD_ANSWERED ||
		  r->outcome == CTI_ACD_ABANDONED);
	s->cdrs++;
	return 0;
}

START_TEST(hotline_day_matches_the_tally)
{
	struct sim_config c;
	struct sim_tally *t = calloc(1, sizeof(*t));
	struct seen seen = { .t = t };
	char path[] = "/tmp/center_day_XXXXXX";
	char db[64];
	cti_store_t *st;
	int fd = mkstemp(path);

	ck_assert_ptr_nonnull(t);
	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(path);
	snprintf(db, sizeof(db), "%s.db", path);
	sim_defaults(&c);
	c.seed = 20261201;
	c.hours = 2;
	c.calls_per_hour[0] = 260;
	c.calls_per_hour[1] = 330;
	c.agents[0] = 4; /* trading only */
	c.agents[1] = 2; /* accounts only */
	c.agents[2] = 3; /* both */
	c.trunk_spans = 2;
	c.station_spans = 1;
	c.no_answer_ppm = 20000;
	c.store = db;
	if (getenv("CTI_PROMPTS"))
		c.prompts = getenv("CTI_PROMPTS");
	ck_assert_int_eq(sim_run(&c, t), 0);
	seen.interval_ms = c.interval_ms;

	/* the simulator's own books balance */
	ck_assert_uint_gt(t->arrived, 500);
	ck_assert_uint_eq(t->blocked, 0);
	ck_assert_uint_eq(t->other_end, 0);
	ck_assert_uint_eq(t->answered + t->abandoned + t->short_abandoned,
			  t->arrived);
	ck_assert_uint_gt(t->abandoned, 0);
	ck_assert_uint_gt(t->short_abandoned, 0);
	ck_assert_uint_gt(t->rona, 0);
	ck_assert_uint_eq(t->n_handled, t->answered);
	ck_assert_uint_eq(t->stuck_agents, 0);
	ck_assert_uint_eq(t->calls_left, 0);

	/* what the engine stored equals it, interval by interval */
	ck_assert_int_eq(cti_store_open(&st, db, NULL), 0);
	ck_assert_int_ge(
		cti_store_query_intervals(st, NULL, check_interval, &seen), 0);
	ck_assert_uint_ge(seen.intervals, 2 * 8);
	ck_assert_uint_eq(seen.offered, t->arrived);
	ck_assert_uint_eq(seen.answered, t->answered);
	/* one CDR per caller: each was offered to one queue only */
	ck_assert_int_ge(cti_store_query_cdrs(st, NULL, count_cdr, &seen), 0);
	ck_assert_uint_eq(seen.cdrs, t->arrived);
	cti_store_close(st);
	check_call_records(db, t->arrived);
	unlink(db);
	{
		char side[80];

		snprintf(side, sizeof(side), "%s-wal", db);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", db);
		unlink(side);
	}
	fprintf(stderr,
		"center_day: %u callers, %u answered, %u abandoned, %u short, "
		"%u RONA, %u intervals matched\n",
		t->arrived, t->answered, t->abandoned, t->short_abandoned,
		t->rona, seen.intervals);
	free(t);
}
END_TEST

/* Seeded random days of other shapes: many ring-outs, impatient callers,
 * long talks, one shared pool. The same invariants and the same
 * equality of the stored KPIs with the tally. */
START_TEST(random_days_keep_the_invariants)
{
	static const struct {
		uint32_t seed, rate, ppm, patience_ms, talk_ms, wrap_ms;
		uint32_t agents[3];
	} runs[] = {
		{ 7, 400, 150000, 20000, 60000, 4000, { 2, 2, 4 } },
		{ 99, 150, 0, 300000, 240000, 0, { 0, 0, 6 } },
	};

	for (size_t k = 0; k < sizeof(runs) / sizeof(runs[0]); k++) {
		struct sim_config c;
		struct sim_tally *t = calloc(1, sizeof(*t));
		struct seen seen = { .t = t };
		char path[] = "/tmp/center_rnd_XXXXXX", db[64], side[80];
		cti_store_t *st;
		int fd = mkstemp(path);

		ck_assert_ptr_nonnull(t);
		ck_assert_int_ge(fd, 0);
		close(fd);
		unlink(path);
		snprintf(db, sizeof(db), "%s.db", path);
		sim_defaults(&c);
		c.seed = runs[k].seed;
		c.hours = 1;
		c.calls_per_hour[0] = runs[k].rate;
		c.no_answer_ppm = runs[k].ppm;
		c.patience_mean_ms = runs[k].patience_ms;
		c.talk_mean_ms = runs[k].talk_ms;
		c.wrap_ms = runs[k].wrap_ms;
		memcpy(c.agents, runs[k].agents, sizeof(c.agents));
		c.trunk_spans = 2;
		c.station_spans = 1;
		c.store = db;
		if (getenv("CTI_PROMPTS"))
			c.prompts = getenv("CTI_PROMPTS");
		ck_assert_int_eq(sim_run(&c, t), 0);
		seen.interval_ms = c.interval_ms;
		ck_assert_uint_eq(t->other_end, 0);
		ck_assert_uint_eq(t->answered + t->abandoned +
					  t->short_abandoned + t->blocked,
				  t->arrived);
		ck_assert_uint_eq(t->n_handled, t->answered);
		ck_assert_uint_eq(t->stuck_agents, 0);
		ck_assert_uint_eq(t->calls_left, 0);
		ck_assert_int_eq(sim_check(&c, t, db) >= 0, 1);
		ck_assert_int_eq(cti_store_open(&st, db, NULL), 0);
		ck_assert_int_ge(cti_store_query_intervals(
					 st, NULL, check_interval, &seen),
				 0);
		cti_store_close(st);
		ck_assert_uint_eq(seen.offered, t->arrived - t->blocked);
		check_call_records(db, t->arrived - t->blocked);
		fprintf(stderr,
			"center_day seed %u: %u callers, %u answered, %u "
			"abandoned, %u short, %u RONA\n",
			c.seed, t->arrived, t->answered, t->abandoned,
			t->short_abandoned, t->rona);
		unlink(db);
		snprintf(side, sizeof(side), "%s-wal", db);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", db);
		unlink(side);
		free(t);
	}
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("center_day");
	TCase *tc = tcase_create("day");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, hotline_day_matches_the_tally);
	tcase_add_test(tc, random_days_keep_the_invariants);
	suite_add_tcase(s, tc);
	return s;
}
