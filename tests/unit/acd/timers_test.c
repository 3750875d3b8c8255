// SPDX-License-Identifier: LGPL-2.1-or-later
/* Timers of a call that is gone never touch a later call with its id;
 * the next-due query tells a caller when to advance. */
#include <stdio.h>

#include "cti/ctx.h"
#include "fixture.h"

/* q0 (no timers); q1 overflows to q0 after 1 s */
static void two_queues(struct afx *f, uint32_t q0_max_wait_ms)
{
	struct cti_acd_queue_config q0 = { .name = "q0",
					   .n_skills = 1,
					   .max_wait_ms = q0_max_wait_ms };
	struct cti_acd_queue_config q1 = { .name = "q1",
					   .n_skills = 1,
					   .n_overflow = 1 };

	q0.skills[0] = (struct cti_acd_skill){ 1, 1 };
	q1.skills[0] = (struct cti_acd_skill){ 1, 1 };
	q1.overflow[0] = (struct cti_acd_overflow){ 1000, "q0" };
	ck_assert_int_eq(cti_acd_queue_add(f->acd, &q0), 0);
	ck_assert_int_eq(cti_acd_queue_add(f->acd, &q1), 0);
}

/* enter(7, q1) at 0, abandon(7) at 10, enter(7, q0) at 20: the overflow
 * timer of the first call comes due at 1000 and must not move the second
 * (q0 has no overflow: it used to index q0's empty overflow list and
 * dereference NULL). */
START_TEST(freed_calls_overflow_timer_ignores_reused_id)
{
	struct afx f;

	afx_new(&f, NULL);
	two_queues(&f, 0);
	ck_assert_int_eq(cti_acd_call_enter(f.acd, 7, "q1", 0, NULL, NULL, 0),
			 0);
	ck_assert_int_eq(cti_acd_call_abandon(f.acd, 7, 10), 0);
	ck_assert_int_eq(cti_acd_call_enter(f.acd, 7, "q0", 0, NULL, NULL, 20),
			 0);
	f.now = 20;
	afx_run(&f, 1980); /* to 2000 */
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_OVERFLOW), 0);
	/* still waiting in q0, first in line */
	uint32_t pos = 0, ewt = 0;

	ck_assert_int_eq(cti_acd_call_position(f.acd, 7, &pos, &ewt), 0);
	ck_assert_uint_eq(pos, 1);
	afx_free(&f);
}
END_TEST

/* max wait 1000 ms in q0: a call 7 abandoned at 10 and a new call 7 at
 * 900 exits at 1900 (its own max wait), not at 1000 (the old one's). */
START_TEST(freed_calls_max_wait_timer_ignores_reused_id)
{
	struct afx f;
	int e;

	afx_new(&f, NULL);
	two_queues(&f, 1000);
	ck_assert_int_eq(cti_acd_call_enter(f.acd, 7, "q0", 0, NULL, NULL, 0),
			 0);
	ck_assert_int_eq(cti_acd_call_abandon(f.acd, 7, 10), 0);
	ck_assert_int_eq(cti_acd_call_enter(f.acd, 7, "q0", 0, NULL, NULL, 900),
			 0);
	f.now = 900;
	afx_run(&f, 999); /* to 1899 */
	ck_assert_int_eq(afx_find(&f, 0, CTI_ACD_EV_EXIT, 7, NULL), -1);
	afx_run(&f, 1); /* 1900 */
	e = afx_find(&f, 0, CTI_ACD_EV_EXIT, 7, NULL);
	ck_assert_int_ge(e, 0);
	ck_assert_uint_eq(f.ev[e].time_ms, 1900);
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_EXIT), 1);
	afx_free(&f);
}
END_TEST

/* The earliest instant something is due: timers first, else the close of
 * the KPI interval; nothing at all without queues. */
START_TEST(next_due)
{
	struct cti_acd_config cfg = { .interval_ms = 60000 };
	struct afx f;
	uint64_t due = 1;

	afx_new(&f, &cfg);
	ck_assert_int_eq(cti_acd_next_due(f.acd, &due), 0);
	ck_assert_uint_eq(due, 0); /* set even when nothing is due */
	ck_assert_int_eq(cti_acd_next_due(NULL, &due), CTI_EINVAL);
	ck_assert_int_eq(cti_acd_next_due(f.acd, NULL), CTI_EINVAL);
	two_queues(&f, 5000);
	/* only the interval close */
	ck_assert_int_eq(cti_acd_next_due(f.acd, &due), 1);
	ck_assert_uint_eq(due, 60000);
	/* a call into q1 at 100: overflow at 1100 */
	ck_assert_int_eq(cti_acd_call_enter(f.acd, 1, "q1", 0, NULL, NULL, 100),
			 0);
	ck_assert_int_eq(cti_acd_next_due(f.acd, &due), 1);
	ck_assert_uint_eq(due, 1100);
	f.now = 100;
	afx_run(&f, 1000); /* 1100: into q0, max wait 5000 */
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_OVERFLOW), 1);
	ck_assert_int_eq(cti_acd_next_due(f.acd, &due), 1);
	ck_assert_uint_eq(due, 6100);
	/* the caller hangs up: its max-wait timer no longer counts */
	ck_assert_int_eq(cti_acd_call_abandon(f.acd, 1, 2000), 0);
	ck_assert_int_eq(cti_acd_next_due(f.acd, &due), 1);
	ck_assert_uint_eq(due, 60000);
	/* advancing to exactly the due time closes the interval */
	ck_assert_int_gt(cti_acd_advance(f.acd, due), 0);
	afx_drain(&f);
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_INTERVAL), 2);
	ck_assert_int_eq(cti_acd_next_due(f.acd, &due), 1);
	ck_assert_uint_eq(due, 120000);
	afx_free(&f);
}
END_TEST

static char logged[4096];

static void log_line(void *user, int level, const char *module,
		     const char *msg)
{
	size_t n = strlen(logged);

	(void)user;
	ck_assert_int_eq(level, CTI_LOG_DEBUG);
	snprintf(logged + n, sizeof(logged) - n, "%s: %s\n", module, msg);
}

/* The ACD's decisions go to the context's log when one is given, and
 * nowhere otherwise. */
START_TEST(logs_through_the_context)
{
	struct cti_ctx_config cc = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti_acd_config cfg = { 0 };
	cti_ctx_t *ctx = NULL;
	struct afx f;

	ck_assert_int_eq(cti_ctx_new(&ctx, &cc), 0);
	cti_ctx_set_log(ctx, log_line, NULL);
	ck_assert_int_eq(cti_ctx_set_log_level(ctx, CTI_LOG_DEBUG), 0);
	cfg.ctx = ctx;
	logged[0] = 0;
	afx_new(&f, &cfg);
	afx_queue(&f, "q", CTI_ACD_LONGEST_IDLE, 1, 1);
	afx_agent(&f, "a", 1, 5);
	ck_assert_int_eq(cti_acd_call_enter(f.acd, 42, "q", 0, NULL, NULL, 0),
			 0);
	ck_assert_msg(strstr(logged, "acd: OFFER: call 42, agent a, queue q at "
				     "0 ms\n"),
		      "%s", logged);
	ck_assert_msg(strstr(logged, "acd: agent a: state 1 -> 3 (reason 0)"),
		      "%s", logged);
	afx_free(&f);
	cti_ctx_free(ctx);
}
END_TEST

TCase *timers_tcase(void);
TCase *timers_tcase(void)
{
	TCase *tc = tcase_create("timers");

	tcase_add_test(tc, freed_calls_overflow_timer_ignores_reused_id);
	tcase_add_test(tc, freed_calls_max_wait_timer_ignores_reused_id);
	tcase_add_test(tc, next_due);
	tcase_add_test(tc, logs_through_the_context);
	return tc;
}
