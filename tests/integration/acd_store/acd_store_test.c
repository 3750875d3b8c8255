// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ACD's records into the store and back: two hours of a small centre
 * under virtual time, every CDR and interval put in SQLite as it comes;
 * the store's per-queue summary must equal the sum of the intervals the
 * ACD reported, and its CDRs must count the same outcomes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cti/acd.h"
#include "cti/store.h"
#include "unit.h"

struct totals {
	uint64_t offered, answered, in_sl, abandoned, shorts, exited;
	uint64_t cdr[CTI_ACD_CLEARED + 1];
};

static int count_cdr(void *user, const struct cti_acd_cdr *r)
{
	struct totals *t = user;

	t->cdr[r->outcome]++;
	return 0;
}

static int check_summary(void *user, const struct cti_store_summary *s)
{
	const struct totals *t = user;

	ck_assert_str_eq(s->queue, "desk");
	ck_assert_uint_eq(s->offered, t->offered);
	ck_assert_uint_eq(s->answered, t->answered);
	ck_assert_uint_eq(s->answered_in_sl, t->in_sl);
	ck_assert_uint_eq(s->abandoned, t->abandoned);
	ck_assert_uint_eq(s->short_abandoned, t->shorts);
	ck_assert_uint_eq(s->exited, t->exited);
	return 0;
}

static uint32_t rng = 99;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

START_TEST(acd_records_round_trip)
{
	char path[] = "/tmp/cti-acd-store-XXXXXX";
	struct cti_acd_config cfg = { .epoch_ms_at_zero = 1795000000000 };
	struct cti_acd_queue_config q = { .name = "desk", .n_skills = 1,
					  .wrap_up_ms = 3000,
					  .max_wait_ms = 90000,
					  .exit_action = "callback" };
	struct cti_acd_skill sk = { 1, 5 };
	struct totals acd_t = { 0 }, store_t = { 0 };
	uint64_t talk_end[2001] = { 0 }, quit[2001] = { 0 };
	struct cti_acd_event ev;
	cti_store_t *st;
	cti_acd_t *acd;
	int fd = mkstemp(path), id = 1;

	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(path);
	ck_assert_int_eq(cti_store_open(&st, path, NULL), 0);
	ck_assert_int_eq(cti_acd_new(&acd, &cfg), 0);
	q.skills[0] = sk;
	ck_assert_int_eq(cti_acd_queue_add(acd, &q), 0);
	for (char n[3] = "a0"; n[1] < '4'; n[1]++) {
		cti_acd_agent_login(acd, n, &sk, 1, 0);
		cti_acd_agent_ready(acd, n, 0);
	}
	for (uint64_t t = 0; t <= 7200000; t += 1000) {
		if (id <= 2000 && rnd() % 4 == 0) {
			quit[id] = t + 2000 + rnd() % 60000;
			cti_acd_call_enter(acd, (uint64_t)id++, "desk", 0,
					   "5550100", "800", t);
		}
		cti_acd_advance(acd, t);
		for (int c = 1; c < id; c++) {
			if (talk_end[c] && talk_end[c] <= t) {
				cti_acd_call_end(acd, (uint64_t)c, t);
				talk_end[c] = 0;
			} else if (quit[c] && quit[c] <= t) {
				cti_acd_call_abandon(acd, (uint64_t)c, t);
				quit[c] = 0;
			}
		}
		while (cti_acd_next_event(acd, &ev) > 0) {
			switch (ev.type) {
			case CTI_ACD_EV_OFFER:
				cti_acd_call_answered(acd, ev.call_id,
						      ev.agent, t);
				quit[ev.call_id] = 0;
				talk_end[ev.call_id] =
					t + 30000 + rnd() % 60000;
				break;
			case CTI_ACD_EV_CDR:
				acd_t.cdr[ev.u.cdr.outcome]++;
				ck_assert_int_eq(cti_store_put_cdr(st,
								   &ev.u.cdr),
						 0);
				break;
			case CTI_ACD_EV_INTERVAL:
				acd_t.offered += ev.u.interval.offered;
				acd_t.answered += ev.u.interval.answered;
				acd_t.in_sl += ev.u.interval.answered_in_sl;
				acd_t.abandoned += ev.u.interval.abandoned;
				acd_t.shorts += ev.u.interval.short_abandoned;
				acd_t.exited += ev.u.interval.exited;
				ck_assert_int_eq(
					cti_store_put_interval(st,
							       &ev.u.interval),
					0);
				break;
			default:
				break;
			}
		}
	}
	/* 8 quarter hours closed at 2 h; calls of the last one are in it */
	ck_assert_uint_gt(acd_t.offered, 300);
	ck_assert_int_eq(cti_store_summarize(st, NULL, check_summary, &acd_t),
			 1);
	ck_assert_int_gt(cti_store_query_cdrs(st, NULL, count_cdr, &store_t),
			 300);
	for (int o = CTI_ACD_ANSWERED; o <= CTI_ACD_CLEARED; o++)
		ck_assert_uint_eq(store_t.cdr[o], acd_t.cdr[o]);
	cti_store_close(st);
	cti_acd_free(acd);
	unlink(path);
	{
		char side[sizeof(path) + 8];

		snprintf(side, sizeof(side), "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", path);
		unlink(side);
	}
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("acd_store");
	TCase *tc = tcase_create("round_trip");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, acd_records_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
