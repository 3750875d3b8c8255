// SPDX-License-Identifier: LGPL-2.1-or-later
/* Reconfiguration with calls in progress: a queue updated in place, a
 * queue removed, an agent's skills changed; wrap-up codes; a login with
 * no skills. */
#include <stdio.h>

#include "fixture.h"

static uint64_t enter(struct afx *f, uint64_t id, const char *q, int prio)
{
	ck_assert_int_eq(
		cti_acd_call_enter(f->acd, id, q, prio, NULL, NULL, f->now), 0);
	afx_drain(f);
	return id;
}

static uint32_t position(struct afx *f, uint64_t id)
{
	uint32_t pos = 0, ewt;

	ck_assert_int_eq(cti_acd_call_position(f->acd, id, &pos, &ewt), 0);
	return pos;
}

static uint32_t state(struct afx *f, const char *agent)
{
	uint32_t st = 99;

	ck_assert_int_eq(
		cti_acd_agent_get(f->acd, agent, f->now, &st, NULL, NULL), 0);
	return st;
}

START_TEST(login_without_skills)
{
	struct afx f;

	afx_new(&f, NULL);
	/* NULL with 0 skills: memcpy(dst, NULL, 0) is undefined (C11
	 * 7.24.1p2) and UBSan's nonnull check stops here if it is made */
	ck_assert_int_eq(cti_acd_agent_login(f.acd, "x", NULL, 0, 0), 0);
	ck_assert_int_eq(cti_acd_agent_set_skills(f.acd, "x", NULL, 0, 0), 0);
	ck_assert_int_eq(cti_acd_agent_login(f.acd, "y", NULL, 1, 0),
			 CTI_EINVAL);
	afx_free(&f);
}
END_TEST

START_TEST(update_keeps_waiting_calls_in_order)
{
	struct cti_acd_queue_config q = { .name = "q", .n_skills = 1 };
	struct cti_acd_interval iv;
	struct afx f;
	int e;

	afx_new(&f, NULL);
	afx_queue(&f, "q", CTI_ACD_LONGEST_IDLE, 1, 1);
	afx_queue(&f, "other", CTI_ACD_LONGEST_IDLE, 2, 1);
	/* three calls wait 1 s apart, one at a higher priority */
	enter(&f, 1, "q", 0);
	afx_run(&f, 1000);
	enter(&f, 2, "q", 5);
	afx_run(&f, 1000);
	enter(&f, 3, "q", 0);
	ck_assert_uint_eq(position(&f, 2), 1);
	ck_assert_uint_eq(position(&f, 1), 2);
	ck_assert_uint_eq(position(&f, 3), 3);
	/* the queue now wants skill 1 at level 5 and exits after 10 s */
	q.skills[0] = (struct cti_acd_skill){ .skill = 1, .level = 5 };
	q.max_wait_ms = 10000;
	q.exit_action = "voicemail";
	ck_assert_int_eq(cti_acd_queue_update(f.acd, &q, f.now), 0);
	ck_assert_uint_eq(position(&f, 2), 1);
	ck_assert_uint_eq(position(&f, 1), 2);
	ck_assert_uint_eq(position(&f, 3), 3);
	/* a level-4 agent no longer qualifies: no offer */
	afx_agent(&f, "low", 1, 4);
	ck_assert_int_lt(afx_find(&f, 0, CTI_ACD_EV_OFFER, 0, NULL), 0);
	/* max wait counts from entry: call 1 (entered at 0) exits at
	 * 10 000, call 2 at 11 000; it is 2 000 now */
	afx_run(&f, 7999);
	ck_assert_int_lt(afx_find(&f, 0, CTI_ACD_EV_EXIT, 1, NULL), 0);
	afx_run(&f, 1);
	e = afx_find(&f, 0, CTI_ACD_EV_EXIT, 1, NULL);
	ck_assert_int_ge(e, 0);
	ck_assert_uint_eq(f.ev[e].time_ms, 10000);
	ck_assert_str_eq(f.ev[e].action, "voicemail");
	/* a level-6 agent gets the head of the queue: call 2 */
	afx_agent(&f, "high", 1, 6);
	e = afx_find(&f, 0, CTI_ACD_EV_OFFER, 0, "high");
	ck_assert_int_ge(e, 0);
	ck_assert_uint_eq(f.ev[e].call_id, 2);
	/* its wait is measured from its own arrival (1 000) */
	afx_run(&f, 500);
	ck_assert_int_eq(cti_acd_call_answered(f.acd, 2, "high", f.now), 0);
	ck_assert_int_eq(cti_acd_queue_stats(f.acd, "q", f.now, &iv), 0);
	ck_assert_uint_eq(iv.offered, 3);
	ck_assert_uint_eq(iv.answered, 1);
	ck_assert_uint_eq(iv.exited, 1);
	ck_assert_int_eq(iv.asa_ms, 10500 - 1000);
	/* refusals */
	q.name = "nosuch";
	ck_assert_int_eq(cti_acd_queue_update(f.acd, &q, f.now), CTI_ENOENT);
	q.name = "q";
	q.n_overflow = 1;
	q.overflow[0] = (struct cti_acd_overflow){ 5000, "q" };
	ck_assert_int_eq(cti_acd_queue_update(f.acd, &q, f.now), CTI_EINVAL);
	q.overflow[0].target = "nosuch";
	ck_assert_int_eq(cti_acd_queue_update(f.acd, &q, f.now), CTI_ENOENT);
	q.n_overflow = 0;
	q.strategy = CTI_ACD_STRATEGIES;
	ck_assert_int_eq(cti_acd_queue_update(f.acd, &q, f.now), CTI_EINVAL);
	afx_free(&f);
}
END_TEST

START_TEST(remove_waits_until_nothing_needs_it)
{
	struct cti_acd_queue_config v = { .name = "vip" };
	struct afx f;
	int e, mark;

	afx_new(&f, NULL);
	afx_queue(&f, "q", CTI_ACD_LONGEST_IDLE, 1, 1);
	v.n_overflow = 1;
	v.overflow[0] = (struct cti_acd_overflow){ 30000, "q" };
	ck_assert_int_eq(cti_acd_queue_add(f.acd, &v), 0);
	/* "vip" overflows to "q" */
	ck_assert_int_eq(cti_acd_queue_remove(f.acd, "q", f.now), CTI_EBUSY);
	ck_assert_int_eq(cti_acd_queue_remove(f.acd, "vip", f.now), 0);
	afx_drain(&f);
	e = afx_find(&f, 0, CTI_ACD_EV_INTERVAL, 0, NULL);
	ck_assert_int_ge(e, 0);
	ck_assert_str_eq(f.ev[e].queue, "vip");
	ck_assert_uint_eq(f.ev[e].u.interval.offered, 0);
	ck_assert_int_eq(cti_acd_queue_remove(f.acd, "vip", f.now), CTI_ENOENT);
	/* waiting, ringing, talking, wrap-up: each keeps it */
	{
		struct cti_acd_queue_config q = { .name = "q",
						  .n_skills = 1,
						  .wrap_up_ms = 3000 };

		q.skills[0] = (struct cti_acd_skill){ 1, 1 };
		ck_assert_int_eq(cti_acd_queue_update(f.acd, &q, f.now), 0);
	}
	enter(&f, 7, "q", 0);
	ck_assert_int_eq(cti_acd_queue_remove(f.acd, "q", f.now), CTI_EBUSY);
	afx_agent(&f, "a", 1, 1);
	ck_assert_uint_eq(state(&f, "a"), CTI_AGENT_RESERVED);
	ck_assert_int_eq(cti_acd_queue_remove(f.acd, "q", f.now), CTI_EBUSY);
	afx_run(&f, 1000);
	ck_assert_int_eq(cti_acd_call_answered(f.acd, 7, "a", f.now), 0);
	ck_assert_int_eq(cti_acd_queue_remove(f.acd, "q", f.now), CTI_EBUSY);
	afx_run(&f, 4000);
	ck_assert_int_eq(cti_acd_call_end(f.acd, 7, f.now), 0);
	ck_assert_uint_eq(state(&f, "a"), CTI_AGENT_WRAP_UP);
	ck_assert_int_eq(cti_acd_queue_remove(f.acd, "q", f.now), CTI_EBUSY);
	/* the wrap-up code of the last call */
	ck_assert_int_eq(cti_acd_agent_wrap_code(f.acd, "a", 17, f.now), 0);
	ck_assert_int_eq(cti_acd_agent_wrap_code(f.acd, "a", 42, f.now), 0);
	ck_assert_int_eq(cti_acd_agent_wrap_code(f.acd, "b", 1, f.now),
			 CTI_ENOENT);
	afx_run(&f, 3000);
	ck_assert_uint_eq(state(&f, "a"), CTI_AGENT_READY);
	ck_assert_int_eq(cti_acd_agent_wrap_code(f.acd, "a", 1, f.now),
			 CTI_ESTATE);
	e = afx_find(&f, 0, CTI_ACD_EV_CDR, 7, NULL);
	ck_assert_int_ge(e, 0);
	ck_assert_int_eq(f.ev[e].u.cdr.wrap_code, 42);
	ck_assert_int_eq(f.ev[e].u.cdr.wrap_ms, 3000);
	ck_assert_int_eq(f.ev[e].u.cdr.talk_ms, 4000);
	/* nothing in it: removed; its interval so far comes out */
	mark = f.n;
	ck_assert_int_eq(cti_acd_queue_remove(f.acd, "q", f.now), 0);
	afx_drain(&f);
	e = afx_find(&f, mark, CTI_ACD_EV_INTERVAL, 0, NULL);
	ck_assert_int_ge(e, 0);
	ck_assert_str_eq(f.ev[e].queue, "q");
	ck_assert_uint_eq(f.ev[e].u.interval.offered, 1);
	ck_assert_uint_eq(f.ev[e].u.interval.answered, 1);
	ck_assert_int_eq(
		cti_acd_call_enter(f.acd, 8, "q", 0, NULL, NULL, f.now),
		CTI_ENOENT);
	/* the agent serves a new queue of the same name */
	afx_queue(&f, "q", CTI_ACD_LONGEST_IDLE, 1, 1);
	enter(&f, 9, "q", 0);
	ck_assert_int_ge(afx_find(&f, 0, CTI_ACD_EV_OFFER, 9, "a"), 0);
	afx_free(&f);
}
END_TEST

START_TEST(skills_change_for_the_next_offer)
{
	struct cti_acd_skill two = { 2, 3 }, one = { 1, 1 };
	struct afx f;
	int e;

	afx_new(&f, NULL);
	afx_queue(&f, "q1", CTI_ACD_LONGEST_IDLE, 1, 1);
	afx_queue(&f, "q2", CTI_ACD_LONGEST_IDLE, 2, 2);
	afx_agent(&f, "a", 1, 1);
	enter(&f, 1, "q2", 0); /* nobody has skill 2 */
	ck_assert_int_lt(afx_find(&f, 0, CTI_ACD_EV_OFFER, 1, NULL), 0);
	/* READY with skill 2 now: offered the waiting call at once */
	ck_assert_int_eq(cti_acd_agent_set_skills(f.acd, "a", &two, 1, f.now),
			 0);
	afx_drain(&f);
	ck_assert_int_ge(afx_find(&f, 0, CTI_ACD_EV_OFFER, 1, "a"), 0);
	/* the offer goes on while its skills change back */
	ck_assert_int_eq(cti_acd_agent_set_skills(f.acd, "a", &one, 1, f.now),
			 0);
	ck_assert_uint_eq(state(&f, "a"), CTI_AGENT_RESERVED);
	ck_assert_int_eq(cti_acd_call_answered(f.acd, 1, "a", f.now), 0);
	ck_assert_int_eq(cti_acd_call_end(f.acd, 1, f.now), 0);
	/* READY again, skill 1 only: a q2 call waits, a q1 call is its */
	enter(&f, 2, "q2", 0);
	ck_assert_int_lt(afx_find(&f, 0, CTI_ACD_EV_OFFER, 2, NULL), 0);
	enter(&f, 3, "q1", 0);
	e = afx_find(&f, 0, CTI_ACD_EV_OFFER, 3, "a");
	ck_assert_int_ge(e, 0);
	ck_assert_int_eq(cti_acd_agent_set_skills(f.acd, "b", &one, 1, f.now),
			 CTI_ENOENT);
	ck_assert_int_eq(cti_acd_agent_set_skills(f.acd, "a", NULL, 1, f.now),
			 CTI_EINVAL);
	two.level = 11;
	ck_assert_int_eq(cti_acd_agent_set_skills(f.acd, "a", &two, 1, f.now),
			 CTI_EINVAL);
	afx_free(&f);
}
END_TEST

TCase *reconfig_tcase(void)
{
	TCase *tc = tcase_create("reconfig");

	tcase_add_test(tc, login_without_skills);
	tcase_add_test(tc, update_keeps_waiting_calls_in_order);
	tcase_add_test(tc, remove_waits_until_nothing_needs_it);
	tcase_add_test(tc, skills_change_for_the_next_offer);
	return tc;
}
