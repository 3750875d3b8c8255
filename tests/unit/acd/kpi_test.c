// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A quarter hour of a two-agent desk under virtual time, with every KPI
 * computed by hand beside the assertion; Erlang C against closed forms.
 */
#include <math.h>

#include "fixture.h"

static void at(struct afx *f, uint64_t s)
{
	afx_run(f, s * 1000 - f->now);
}

#define NOW (f.now)

START_TEST(quarter_hour_by_hand)
{
	struct afx f;
	struct cti_acd_queue_config q = { .name = "desk", .n_skills = 1,
					  .wrap_up_ms = 10000 };
	struct cti_acd_skill sk = { 1, 5 };
	struct cti_acd_interval iv;
	int e;

	afx_new(&f, NULL);
	q.skills[0] = (struct cti_acd_skill){ 1, 1 };
	ck_assert_int_eq(cti_acd_queue_add(f.acd, &q), 0);
	ck_assert_int_eq(cti_acd_agent_login(f.acd, "A", &sk, 1, 0), 0);
	ck_assert_int_eq(cti_acd_agent_login(f.acd, "B", &sk, 1, 0), 0);
	ck_assert_int_eq(cti_acd_agent_ready(f.acd, "A", 0), 0);
	ck_assert_int_eq(cti_acd_agent_ready(f.acd, "B", 0), 0);

	/* t=0 call 1 → A (idle as long as B, logged in first) */
	ck_assert_int_eq(cti_acd_call_enter(f.acd, 1, "desk", 0, "100", "800",
					    NOW),
			 0);
	ck_assert_int_ge(afx_find(&f, 0, CTI_ACD_EV_OFFER, 1, "A"), 0);
	at(&f, 1); /* call 2 → B */
	cti_acd_call_enter(f.acd, 2, "desk", 0, NULL, NULL, NOW);
	ck_assert_int_ge(afx_find(&f, 0, CTI_ACD_EV_OFFER, 2, "B"), 0);
	at(&f, 2);
	ck_assert_int_eq(cti_acd_call_answered(f.acd, 1, "A", NOW), 0);
	at(&f, 3); /* call 3 waits */
	cti_acd_call_enter(f.acd, 3, "desk", 0, NULL, NULL, NOW);
	at(&f, 5);
	ck_assert_int_eq(cti_acd_call_answered(f.acd, 2, "B", NOW), 0);
	at(&f, 6);
	cti_acd_call_enter(f.acd, 4, "desk", 0, NULL, NULL, NOW);
	at(&f, 8); /* waited 2 s: a short abandon */
	ck_assert_int_eq(cti_acd_call_abandon(f.acd, 4, NOW), 0);
	at(&f, 62); /* A: 60 s talk, then 10 s wrap-up */
	ck_assert_int_eq(cti_acd_call_end(f.acd, 1, NOW), 0);
	at(&f, 72); /* A ready: takes call 3, waiting since t=3 */
	e = afx_find(&f, 0, CTI_ACD_EV_OFFER, 3, "A");
	ck_assert_int_ge(e, 0);
	ck_assert_uint_eq(f.ev[e].time_ms, 72000);
	at(&f, 74);
	ck_assert_int_eq(cti_acd_call_answered(f.acd, 3, "A", NOW), 0);
	at(&f, 80);
	ck_assert_int_eq(cti_acd_call_hold(f.acd, 3, true, NOW), 0);
	at(&f, 90);
	ck_assert_int_eq(cti_acd_call_hold(f.acd, 3, false, NOW), 0);
	at(&f, 100);
	cti_acd_call_end(f.acd, 2, NOW);
	at(&f, 120); /* B ready since 110 */
	cti_acd_call_enter(f.acd, 5, "desk", 0, NULL, NULL, NOW);
	ck_assert_int_ge(afx_find(&f, 0, CTI_ACD_EV_OFFER, 5, "B"), 0);
	at(&f, 121);
	cti_acd_call_answered(f.acd, 5, "B", NOW);
	at(&f, 130);
	cti_acd_call_enter(f.acd, 6, "desk", 0, NULL, NULL, NOW);
	at(&f, 150); /* waited 20 s: abandoned */
	cti_acd_call_abandon(f.acd, 6, NOW);
	at(&f, 174);
	cti_acd_call_end(f.acd, 3, NOW);
	at(&f, 181);
	cti_acd_call_end(f.acd, 5, NOW);
	at(&f, 900);

	e = afx_find(&f, 0, CTI_ACD_EV_INTERVAL, 0, NULL);
	ck_assert_int_ge(e, 0);
	iv = f.ev[e].u.interval;
	ck_assert_str_eq(iv.queue, "desk");
	ck_assert_int_eq(iv.start_ms, 0);
	ck_assert_int_eq(iv.length_ms, 900000);
	ck_assert_uint_eq(iv.offered, 6);
	ck_assert_uint_eq(iv.answered, 4);
	ck_assert_uint_eq(iv.answered_in_sl, 3); /* waits 2, 4, 1 s; not 71 */
	ck_assert_uint_eq(iv.short_abandoned, 1);
	ck_assert_uint_eq(iv.abandoned, 1);
	/* 3 / (6 - 1) */
	ck_assert_double_eq_tol(iv.service_level, 60.0, 1e-9);
	/* (2 + 4 + 71 + 1) / 4 s */
	ck_assert_int_eq(iv.asa_ms, 19500);
	/* answered and abandoned (not short): (2 + 4 + 71 + 1 + 20) / 5 */
	ck_assert_int_eq(iv.avg_wait_ms, 19600);
	ck_assert_int_eq(iv.max_wait_ms, 71000);
	/* handle = answer → end of wrap-up: 70, 105, 110, 70 s */
	ck_assert_int_eq(iv.aht_ms, 88750);
	/* busy A 180 s + B 175 s, available A 720 + B 725 s */
	ck_assert_double_eq_tol(iv.occupancy, 100.0 * 355 / 1800, 1e-9);
	/* Erlang C, N = 2 ready at close, A = 6/900 * 88.75 Erl:
	 * P(wait) = (A^2/(2-A)) / (1 + A + A^2/(2-A)) */
	{
		double a = 6.0 / 900 * 88.75, pw, sl;

		pw = (a * a / (2 - a)) / (1 + a + a * a / (2 - a));
		sl = 100 * (1 - pw * exp(-(2 - a) * 15 / 88.75));
		ck_assert_double_eq_tol(iv.erlang_c_sl, sl, 1e-6);
	}
	/* the agents' time adds up to their logged-in time */
	{
		uint64_t ms[CTI_AGENT_STATES], sum = 0;
		uint32_t st; /* enum cti_agent_state */

		ck_assert_int_eq(cti_acd_agent_get(f.acd, "A", NOW, &st, NULL,
						   ms),
				 0);
		for (int i = 0; i < CTI_AGENT_STATES; i++)
			sum += ms[i];
		ck_assert_uint_eq(sum, 900000);
		ck_assert_uint_eq(ms[CTI_AGENT_HOLD], 10000);
		ck_assert_uint_eq(ms[CTI_AGENT_WRAP_UP], 20000);
		ck_assert_int_eq(st, CTI_AGENT_READY);
	}
	/* CDR of call 3: waited 71 s, talk 90 + hold 10, wrap 10 */
	e = afx_find(&f, 0, CTI_ACD_EV_CDR, 3, NULL);
	ck_assert_int_ge(e, 0);
	ck_assert_int_eq(f.ev[e].u.cdr.outcome, CTI_ACD_ANSWERED);
	ck_assert_str_eq(f.ev[e].u.cdr.agent, "A");
	ck_assert_int_eq(f.ev[e].u.cdr.wait_ms, 71000);
	ck_assert_int_eq(f.ev[e].u.cdr.talk_ms, 90000);
	ck_assert_int_eq(f.ev[e].u.cdr.hold_ms, 10000);
	ck_assert_int_eq(f.ev[e].u.cdr.wrap_ms, 10000);
	e = afx_find(&f, 0, CTI_ACD_EV_CDR, 1, NULL);
	ck_assert_str_eq(f.ev[e].u.cdr.ani, "100");
	ck_assert_str_eq(f.ev[e].u.cdr.dnis, "800");
	/* every call left exactly one CDR */
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_CDR), 6);
	afx_free(&f);
}
END_TEST

/* M/M/1: P(wait) = rho; M/M/2 at A = 1: P(wait) = 1/3. */
START_TEST(erlang_c_closed_forms)
{
	double sl = cti_erlang_c_sl(0.5 / 60, 60, 1, 20);

	ck_assert_double_eq_tol(sl, 1 - 0.5 * exp(-0.5 * 20 / 60), 1e-12);
	sl = cti_erlang_c_sl(1.0 / 100, 100, 2, 30);
	ck_assert_double_eq_tol(sl, 1 - exp(-1 * 30 / 100.0) / 3, 1e-12);
	/* overloaded, invalid */
	ck_assert_double_eq(cti_erlang_c_sl(1, 10, 10, 15), 0);
	ck_assert_double_eq(cti_erlang_c_sl(1, 10, 0, 15), -1);
	ck_assert_double_eq(cti_erlang_c_sl(1, -1, 3, 15), -1);
	/* thousands of agents: finite and monotone in agents */
	sl = cti_erlang_c_sl(20, 180, 3700, 15);
	ck_assert(sl > 0.9 && sl <= 1);
	ck_assert(cti_erlang_c_sl(20, 180, 3650, 15) < sl);
}
END_TEST

TCase *kpi_tcase(void);
TCase *kpi_tcase(void)
{
	TCase *tc = tcase_create("kpi");

	tcase_add_test(tc, quarter_hour_by_hand);
	tcase_add_test(tc, erlang_c_closed_forms);
	return tc;
}
