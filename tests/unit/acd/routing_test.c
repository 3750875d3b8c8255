// SPDX-License-Identifier: LGPL-2.1-or-later
/* Who gets the call: strategies, skills and levels, caller priority, RONA,
 * overflow, maximum wait and length, ring-all, supervisor actions. */
#include <stdio.h>

#include "fixture.h"

/* lib/acd internals, for the memory check */
size_t cti__acd_calls_capacity(cti_acd_t *acd);

/* Offer n calls one after the other, each answered and ended at once;
 * counts per agent name (index = name[0] - 'a'). */
static void serve(struct afx *f, int n, int counts[8], uint64_t first_id)
{
	for (int i = 0; i < n; i++) {
		uint64_t id = first_id + (uint64_t)i;
		int e;

		ck_assert_int_eq(cti_acd_call_enter(f->acd, id, "q", 0, NULL,
						    NULL, f->now),
				 0);
		e = afx_find(f, 0, CTI_ACD_EV_OFFER, id, NULL);
		ck_assert_int_ge(e, 0);
		counts[f->ev[e].agent[0] - 'a']++;
		afx_run(f, 1000);
		ck_assert_int_eq(cti_acd_call_answered(f->acd, id,
						       f->ev[e].agent, f->now),
				 0);
		afx_run(f, 1000);
		ck_assert_int_eq(cti_acd_call_end(f->acd, id, f->now), 0);
		afx_run(f, 1000);
	}
}

START_TEST(longest_idle_and_round_robin_are_fair)
{
	static const enum cti_acd_strategy s[] = { CTI_ACD_LONGEST_IDLE,
						   CTI_ACD_ROUND_ROBIN,
						   CTI_ACD_FEWEST_CALLS };

	for (size_t k = 0; k < 3; k++) {
		struct afx f;
		int counts[8] = { 0 };

		afx_new(&f, NULL);
		afx_queue(&f, "q", s[k], 1, 1);
		afx_agent(&f, "a", 1, 5);
		afx_agent(&f, "b", 1, 5);
		afx_agent(&f, "c", 1, 5);
		serve(&f, 30, counts, 1);
		/* one call at a time over 3 agents: exactly 10 each */
		ck_assert_int_eq(counts[0], 10);
		ck_assert_int_eq(counts[1], 10);
		ck_assert_int_eq(counts[2], 10);
		afx_free(&f);
	}
}
END_TEST

START_TEST(linear_and_weighted_prefer_the_same_agent)
{
	struct afx f;
	int counts[8] = { 0 };

	afx_new(&f, NULL);
	afx_queue(&f, "q", CTI_ACD_LINEAR, 1, 1);
	afx_agent(&f, "a", 1, 2);
	afx_agent(&f, "b", 1, 9);
	serve(&f, 5, counts, 1);
	ck_assert_int_eq(counts[0], 5); /* first in login order */
	afx_free(&f);

	memset(counts, 0, sizeof(counts));
	afx_new(&f, NULL);
	afx_queue(&f, "q", CTI_ACD_WEIGHTED, 1, 1);
	afx_agent(&f, "a", 1, 2);
	afx_agent(&f, "b", 1, 9);
	serve(&f, 5, counts, 1);
	ck_assert_int_eq(counts[1], 5); /* the most proficient */
	afx_free(&f);
}
END_TEST

START_TEST(random_is_repeatable_and_spread)
{
	int runs[2][8] = { { 0 } };

	for (int r = 0; r < 2; r++) {
		struct afx f;
		struct cti_acd_config cfg = { .seed = 42 };

		afx_new(&f, &cfg);
		afx_queue(&f, "q", CTI_ACD_RANDOM, 1, 1);
		for (char n[2] = "a"; n[0] < 'e'; n[0]++)
			afx_agent(&f, n, 1, 5);
		serve(&f, 400, runs[r], 1);
		afx_free(&f);
	}
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(runs[0][i], runs[1][i]);
		/* 100 expected each; far outside 3 sigma would be a bug */
		ck_assert_int_gt(runs[0][i], 65);
		ck_assert_int_lt(runs[0][i], 135);
	}
}
END_TEST

START_TEST(skills_levels_and_priority)
{
	struct afx f;
	struct cti_acd_queue_config q = { .name = "vip", .n_skills = 2 };
	struct cti_acd_skill both[2] = { { 1, 8 }, { 2, 3 } };

	afx_new(&f, NULL);
	q.skills[0] = (struct cti_acd_skill){ 1, 7 };
	q.skills[1] = (struct cti_acd_skill){ 2, 1 };
	ck_assert_int_eq(cti_acd_queue_add(f.acd, &q), 0);
	afx_agent(&f, "low", 1, 6); /* level 6 < 7: not qualified */
	ck_assert_int_eq(cti_acd_call_enter(f.acd, 1, "vip", 0, 0, 0, f.now),
			 0);
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_OFFER), 0);
	/* a second waiting call with a higher caller priority */
	afx_run(&f, 1000);
	cti_acd_call_enter(f.acd, 2, "vip", 5, 0, 0, f.now);
	ck_assert_int_eq(cti_acd_agent_login(f.acd, "both", both, 2, f.now),
			 0);
	ck_assert_int_eq(cti_acd_agent_ready(f.acd, "both", f.now), 0);
	/* the VIP call goes first although it came later */
	ck_assert_int_ge(afx_find(&f, 0, CTI_ACD_EV_OFFER, 2, "both"), 0);
	ck_assert_int_lt(afx_find(&f, 0, CTI_ACD_EV_OFFER, 1, NULL), 0);
	afx_free(&f);
}
END_TEST

START_TEST(rona_back_to_the_head)
{
	struct afx f;
	struct cti_acd_queue_config q = { .name = "q", .n_skills = 1,
					  .ring_ms = 10000 };
	uint32_t st; /* enum cti_agent_state */
	int32_t reason;
	int e;

	afx_new(&f, NULL);
	q.skills[0] = (struct cti_acd_skill){ 1, 1 };
	cti_acd_queue_add(f.acd, &q);
	afx_agent(&f, "a", 1, 5);
	cti_acd_call_enter(f.acd, 1, "q", 0, 0, 0, f.now); /* → a */
	afx_run(&f, 500);
	cti_acd_call_enter(f.acd, 2, "q", 0, 0, 0, f.now); /* waits */
	afx_run(&f, 9400);
	ck_assert_int_lt(afx_find(&f, 0, CTI_ACD_EV_RONA, 1, NULL), 0);
	afx_run(&f, 100); /* 10 s of ringing */
	e = afx_find(&f, 0, CTI_ACD_EV_RONA, 1, "a");
	ck_assert_int_ge(e, 0);
	ck_assert_uint_eq(f.ev[e].time_ms, 10000);
	cti_acd_agent_get(f.acd, "a", f.now, &st, &reason, NULL);
	ck_assert_int_eq(st, CTI_AGENT_NOT_READY);
	ck_assert_int_eq(reason, CTI_ACD_REASON_RONA);
	/* the next agent gets call 1 (it keeps its place before call 2) */
	afx_agent(&f, "b", 1, 5);
	ck_assert_int_ge(afx_find(&f, e, CTI_ACD_EV_OFFER, 1, "b"), 0);
	ck_assert_int_eq(cti_acd_call_answered(f.acd, 1, "a", f.now),
			 CTI_ESTATE);
	ck_assert_int_eq(cti_acd_call_answered(f.acd, 1, "b", f.now), 0);
	cti_acd_call_end(f.acd, 1, f.now);
	e = afx_find(&f, 0, CTI_ACD_EV_CDR, 1, NULL);
	ck_assert_int_eq(f.ev[e].u.cdr.rona_count, 1);
	afx_free(&f);
}
END_TEST

START_TEST(overflow_exit_and_busy)
{
	struct afx f;
	struct cti_acd_queue_config wide = { .name = "wide", .n_skills = 1 };
	struct cti_acd_queue_config q = {
		.name = "q", .n_skills = 1, .max_length = 2,
		.n_overflow = 1, .overflow = { { 30000, "wide" } }
	};
	struct cti_acd_queue_config x = { .name = "x", .n_skills = 1,
					  .max_wait_ms = 60000,
					  .exit_action = "voicemail" };
	int e;

	afx_new(&f, NULL);
	wide.skills[0] = (struct cti_acd_skill){ 1, 1 };
	q.skills[0] = (struct cti_acd_skill){ 1, 9 };
	x.skills[0] = (struct cti_acd_skill){ 3, 1 };
	ck_assert_int_eq(cti_acd_queue_add(f.acd, &q), CTI_ENOENT);
	ck_assert_int_eq(cti_acd_queue_add(f.acd, &wide), 0);
	ck_assert_int_eq(cti_acd_queue_add(f.acd, &q), 0);
	ck_assert_int_eq(cti_acd_queue_add(f.acd, &x), 0);
	afx_agent(&f, "junior", 1, 2); /* only for "wide" */
	cti_acd_call_enter(f.acd, 1, "q", 0, 0, 0, f.now);
	cti_acd_call_enter(f.acd, 2, "q", 0, 0, 0, f.now);
	cti_acd_call_enter(f.acd, 3, "q", 0, 0, 0, f.now); /* full */
	ck_assert_int_ge(afx_find(&f, 0, CTI_ACD_EV_BUSY, 3, NULL), 0);
	e = afx_find(&f, 0, CTI_ACD_EV_CDR, 3, NULL);
	ck_assert_int_eq(f.ev[e].u.cdr.outcome, CTI_ACD_BUSY);
	{
		uint32_t pos, ewt;

		ck_assert_int_eq(cti_acd_call_position(f.acd, 2, &pos, &ewt),
				 0);
		ck_assert_uint_eq(pos, 2);
		ck_assert_uint_eq(ewt, UINT32_MAX); /* nobody staffed */
	}
	afx_run(&f, 29999);
	ck_assert_int_lt(afx_find(&f, 0, CTI_ACD_EV_OVERFLOW, 0, NULL), 0);
	afx_run(&f, 1);
	e = afx_find(&f, 0, CTI_ACD_EV_OVERFLOW, 1, NULL);
	ck_assert_int_ge(e, 0);
	ck_assert_str_eq(f.ev[e].target, "wide");
	/* call 1 is offered in "wide"; call 2 waits there behind it */
	ck_assert_int_ge(afx_find(&f, e, CTI_ACD_EV_OFFER, 1, "junior"), 0);
	e = afx_find(&f, 0, CTI_ACD_EV_CDR, 1, NULL);
	ck_assert_int_eq(f.ev[e].u.cdr.outcome, CTI_ACD_OVERFLOWED);
	ck_assert_str_eq(f.ev[e].u.cdr.exit_action, "wide");

	cti_acd_call_enter(f.acd, 9, "x", 0, 0, 0, f.now);
	afx_run(&f, 60000);
	e = afx_find(&f, 0, CTI_ACD_EV_EXIT, 9, NULL);
	ck_assert_int_ge(e, 0);
	ck_assert_str_eq(f.ev[e].action, "voicemail");
	ck_assert_int_eq(cti_acd_call_abandon(f.acd, 9, f.now), CTI_ENOENT);
	afx_free(&f);
}
END_TEST

START_TEST(ring_all_first_answer_wins)
{
	struct afx f;
	uint32_t st; /* enum cti_agent_state */

	afx_new(&f, NULL);
	afx_queue(&f, "q", CTI_ACD_RING_ALL, 1, 1);
	afx_agent(&f, "a", 1, 5);
	afx_agent(&f, "b", 1, 5);
	afx_agent(&f, "c", 1, 5);
	cti_acd_call_enter(f.acd, 1, "q", 0, 0, 0, f.now);
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_OFFER), 3);
	afx_run(&f, 2000);
	ck_assert_int_eq(cti_acd_call_answered(f.acd, 1, "b", f.now), 0);
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_OFFER_CANCEL), 2);
	cti_acd_agent_get(f.acd, "a", f.now, &st, NULL, NULL);
	ck_assert_int_eq(st, CTI_AGENT_READY);
	cti_acd_agent_get(f.acd, "b", f.now, &st, NULL, NULL);
	ck_assert_int_eq(st, CTI_AGENT_TALKING);
	afx_free(&f);
}
END_TEST

START_TEST(supervisor_and_bad_input)
{
	struct afx f;
	struct cti_acd_skill bad = { 1, 11 }, zero = { 0, 5 };
	uint32_t st; /* enum cti_agent_state */
	struct cti_acd_queue_config q = { .name = "q", .n_skills = 1 };

	afx_new(&f, NULL);
	afx_queue(&f, "q2", CTI_ACD_LONGEST_IDLE, 1, 1);
	q.skills[0] = (struct cti_acd_skill){ 1, 0 };
	ck_assert_int_eq(cti_acd_queue_add(f.acd, &q), CTI_EINVAL);
	q.skills[0].level = 1;
	q.name = "q2";
	ck_assert_int_eq(cti_acd_queue_add(f.acd, &q), CTI_EEXIST);
	ck_assert_int_eq(cti_acd_agent_login(f.acd, "x", &bad, 1, 0),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_acd_agent_login(f.acd, "x", &zero, 1, 0),
			 CTI_EINVAL);
	afx_agent(&f, "a", 1, 5);
	ck_assert_int_eq(cti_acd_agent_login(f.acd, "a", &zero + 0, 0, 0),
			 CTI_EALREADY);
	ck_assert_int_eq(cti_acd_call_enter(f.acd, 1, "nope", 0, 0, 0, 0),
			 CTI_ENOENT);
	ck_assert_int_eq(cti_acd_call_answered(f.acd, 77, "a", 0),
			 CTI_ENOENT);
	ck_assert_int_eq(cti_acd_agent_ready(f.acd, "ghost", 0), CTI_ENOENT);
	cti_acd_call_enter(f.acd, 1, "q2", 0, 0, 0, f.now);
	ck_assert_int_eq(cti_acd_call_enter(f.acd, 1, "q2", 0, 0, 0, f.now),
			 CTI_EEXIST);
	ck_assert_int_eq(cti_acd_call_end(f.acd, 1, f.now), CTI_ESTATE);
	ck_assert_int_eq(cti_acd_agent_logout(f.acd, "a", f.now), CTI_ESTATE);
	/* forced away while ringing: the call goes back to the queue */
	ck_assert_int_eq(cti_acd_supervisor_force(f.acd, "a",
						  CTI_AGENT_NOT_READY, 7,
						  f.now),
			 0);
	cti_acd_agent_get(f.acd, "a", f.now, &st, NULL, NULL);
	ck_assert_int_eq(st, CTI_AGENT_NOT_READY);
	ck_assert_int_ge(afx_find(&f, 0, CTI_ACD_EV_OFFER_CANCEL, 1, "a"), 0);
	ck_assert_int_eq(cti_acd_supervisor_force(f.acd, "a", CTI_AGENT_READY,
						  0, f.now),
			 0);
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_OFFER), 2);
	cti_acd_call_answered(f.acd, 1, "a", f.now);
	ck_assert_int_eq(cti_acd_supervisor_request(f.acd, "a", "monitor",
						    f.now),
			 0);
	ck_assert_int_ge(afx_find(&f, 0, CTI_ACD_EV_SUPERVISOR, 1, "a"), 0);
	ck_assert_int_eq(cti_acd_supervisor_force(f.acd, "a",
						  CTI_AGENT_NOT_READY, 0,
						  f.now),
			 CTI_ESTATE);
	afx_free(&f);
}
END_TEST

/* A day of calls through one desk: the call table does not grow with
 * the number of calls that came and went, only with those present. */
START_TEST(churn_keeps_memory_bounded)
{
	struct afx f;

	afx_new(&f, NULL);
	afx_queue(&f, "q", CTI_ACD_LONGEST_IDLE, 1, 1);
	afx_agent(&f, "a", 1, 5);
	for (uint64_t id = 1; id <= 200000; id++) {
		ck_assert_int_eq(cti_acd_call_enter(f.acd, id, "q", 0, NULL,
						    NULL, f.now),
				 0);
		cti_acd_call_answered(f.acd, id, "a", f.now);
		cti_acd_call_end(f.acd, id, f.now);
		f.now += 10;
		while (cti_acd_next_event(f.acd, &f.ev[0]) > 0)
			;
	}
	ck_assert_uint_le(cti__acd_calls_capacity(f.acd), 64);
	afx_free(&f);
}
END_TEST

TCase *routing_tcase(void);
TCase *routing_tcase(void)
{
	TCase *tc = tcase_create("routing");

	tcase_add_test(tc, longest_idle_and_round_robin_are_fair);
	tcase_add_test(tc, linear_and_weighted_prefer_the_same_agent);
	tcase_add_test(tc, random_is_repeatable_and_spread);
	tcase_add_test(tc, skills_levels_and_priority);
	tcase_add_test(tc, rona_back_to_the_head);
	tcase_add_test(tc, overflow_exit_and_busy);
	tcase_add_test(tc, ring_all_first_answer_wins);
	tcase_add_test(tc, supervisor_and_bad_input);
	tcase_add_test(tc, churn_keeps_memory_bounded);
	return tc;
}
