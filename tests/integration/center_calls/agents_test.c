// SPDX-License-Identifier: LGPL-2.1-or-later
/* Agents' phones: RONA, the caller abandoning while queued and while
 * ringing, ring-all with two phones answering at once, announcements
 * that stop the instant an agent answers. */
#include <stdio.h>
#include <string.h>

#include "fixture.h"

static uint32_t call_of(int from)
{
	int i = fx_cfind(from, CTI_CENTER_EV_QUEUED, 0);

	ck_assert_int_ge(i, 0);
	return F.cev[i].call;
}

static const struct cti_acd_cdr *cdr_of(uint32_t call)
{
	int i = fx_cfind(0, CTI_CENTER_EV_CDR, call);

	ck_assert_int_ge(i, 0);
	/* exactly one per call and queue */
	ck_assert_int_lt(fx_cfind(i + 1, CTI_CENTER_EV_CDR, call), 0);
	return &F.cev[i].u.cdr;
}

static void route_sales(void)
{
	struct cti_center_route_config r = { .target = "queue:sales" };

	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
}

static uint32_t agent_state(const char *a, int32_t *reason)
{
	uint32_t st = 0;

	ck_assert_int_eq(cti_center_agent_state(F.cc, a, &st, reason), 0);
	return st;
}

START_TEST(rona_to_the_next_agent)
{
	cti_call_id_t c, ph1, ph2;
	uint64_t t0, t_ans;
	uint32_t call;
	int32_t reason;
	int i;

	fx_open();
	fx_queue("sales", CTI_ACD_LINEAR, 4000, 0);
	route_sales();
	fx_agent("alice", "2001", true);
	fx_agent("bob", "2002", true);
	c = fx_dial("95501", "1001");
	fx_run(100);
	call = call_of(0);
	t0 = F.cev[fx_cfind(0, CTI_CENTER_EV_OFFERED, call)].time_ms;
	ph1 = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph1, 0);
	ck_assert_uint_eq(fx_ringing(0, "2002"), 0);
	/* alice lets it ring out: 4 s later her phone is cleared (19) */
	fx_run(3800);
	ck_assert_int_lt(fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, ph1), 0);
	fx_run(200);
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, ph1);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, CTI_CAUSE_NO_ANSWER);
	ck_assert_uint_eq(F.ev[i].time_ms, t0 + 4000);
	ck_assert_uint_eq(agent_state("alice", &reason), CTI_AGENT_NOT_READY);
	ck_assert_int_eq(reason, CTI_ACD_REASON_RONA);
	/* bob's phone rings at once and he answers */
	ph2 = fx_ringing(0, "2002");
	ck_assert_uint_gt(ph2, 0);
	fx_run(1000);
	t_ans = cti_now_ms(F.ctx);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph2), 0);
	fx_run(5000);
	ck_assert_uint_eq(agent_state("bob", NULL), CTI_AGENT_TALKING);
	/* the caller hangs up: bob's phone is cleared, bob READY */
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(100);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, ph2), 0);
	ck_assert_uint_eq(agent_state("bob", NULL), CTI_AGENT_READY);
	{
		const struct cti_acd_cdr *r = cdr_of(call);

		ck_assert_int_eq(r->outcome, CTI_ACD_ANSWERED);
		ck_assert_str_eq(r->agent, "bob");
		ck_assert_int_eq(r->rona_count, 1);
		ck_assert_int_eq(r->wait_ms, (int64_t)(t_ans - t0));
		ck_assert_int_eq(r->talk_ms, 5000);
	}
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

START_TEST(abandon_queued_and_ringing)
{
	cti_call_id_t c1, c2, ph;
	uint32_t call1, call2;
	int mark;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	route_sales();
	/* nobody ready: the caller waits 7 s and gives up */
	c1 = fx_dial("95501", "1001");
	fx_run(100);
	call1 = call_of(0);
	fx_run(6900);
	ck_assert_int_eq(cti_call_clear(F.ctx, c1, 16), 0);
	fx_run(100);
	ck_assert_int_eq(cdr_of(call1)->outcome, CTI_ACD_ABANDONED);
	ck_assert_int_eq(cdr_of(call1)->wait_ms, 7000);
	/* alice is ready; her phone rings 2 s, then the caller gives up */
	fx_agent("alice", "2001", true);
	mark = F.nc;
	c2 = fx_dial("95501", "1002");
	fx_run(100);
	call2 = call_of(mark);
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	ck_assert_uint_eq(agent_state("alice", NULL), CTI_AGENT_RESERVED);
	fx_run(1900);
	ck_assert_int_eq(cti_call_clear(F.ctx, c2, 16), 0);
	fx_run(100);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, ph), 0);
	ck_assert_uint_eq(agent_state("alice", NULL), CTI_AGENT_READY);
	ck_assert_int_eq(cdr_of(call2)->outcome, CTI_ACD_ABANDONED);
	ck_assert_int_eq(cdr_of(call2)->wait_ms, 2000);
	ck_assert_str_eq(cdr_of(call2)->agent, "");
	/* a phone answering after the caller left is cleared */
	ck_assert_int_ne(cti_call_answer(F.ctx, ph), 0);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	{
		struct cti_acd_interval iv;

		ck_assert_int_eq(cti_acd_queue_stats(cti_center_acd(F.cc),
						     "sales", cti_now_ms(F.ctx),
						     &iv),
				 0);
		ck_assert_uint_eq(iv.offered, 2);
		ck_assert_uint_eq(iv.abandoned, 1);	  /* 7 s */
		ck_assert_uint_eq(iv.short_abandoned, 1); /* 2 s < 5 s */
		ck_assert_uint_eq(iv.answered, 0);
	}
	fx_close();
}
END_TEST

START_TEST(ring_all_two_answer_at_once)
{
	cti_call_id_t c, ph1, ph2;
	uint32_t call;
	int i, established = 0, cleared = 0, cause = 0;

	fx_open();
	fx_queue("sales", CTI_ACD_RING_ALL, 10000, 0);
	route_sales();
	fx_agent("alice", "2001", true);
	fx_agent("bob", "2002", true);
	c = fx_dial("95501", "1001");
	fx_run(100);
	call = call_of(0);
	ph1 = fx_ringing(0, "2001");
	ph2 = fx_ringing(0, "2002");
	ck_assert_uint_gt(ph1, 0);
	ck_assert_uint_gt(ph2, 0);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_OFFERED), 2);
	fx_run(1000);
	/* both in the same millisecond */
	ck_assert_int_eq(cti_call_answer(F.ctx, ph1), 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph2), 0);
	fx_run(500);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_CONNECTED), 1);
	i = fx_cfind(0, CTI_CENTER_EV_CONNECTED, call);
	ck_assert_str_eq(F.cev[i].agent, "alice");
	/* exactly one phone stays up; the other is cleared with 26 */
	for (int k = 0; k < 2; k++) {
		cti_call_id_t ph = k ? ph2 : ph1;
		int j = fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, ph);

		if (j >= 0) {
			cleared++;
			cause = F.ev[j].u.call.cause;
		} else {
			established++;
		}
	}
	ck_assert_int_eq(established, 1);
	ck_assert_int_eq(cleared, 1);
	ck_assert_int_eq(cause, 26);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, ph2), 0);
	ck_assert_uint_eq(agent_state("alice", NULL), CTI_AGENT_TALKING);
	ck_assert_uint_eq(agent_state("bob", NULL), CTI_AGENT_READY);
	ck_assert_int_eq(cti_call_clear(F.ctx, ph1, 16), 0);
	fx_run(100);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, c), 0);
	ck_assert_int_eq(cdr_of(call)->outcome, CTI_ACD_ANSWERED);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

/* Position and wait spoken over the music; cut the instant the agent
 * answers: the caller's next blocks are the agent's voice. */
START_TEST(announcements_stop_on_answer)
{
	struct cti_center_queue_config q = {
		.acd = { .name = "sales", .ring_ms = 30000 },
		.first_announce_ms = 3000,
		.announce_every_ms = 20000,
		.announce_position = true,
		.announce_wait = true,
	};
	struct fx_audio *ca, *pa;
	cti_call_id_t c, ph;
	uint32_t heard_at;
	bool found = false;

	fx_open();
	ck_assert_int_eq(cti_center_queue_add(F.cc, &q), 0);
	route_sales();
	c = fx_dial("95501", "1001");
	fx_run(100);
	ca = fx_audio(c, 0);
	fx_run(3500); /* the announcement started at 3.1 s */
	/* alice logs in, her phone rings, she answers while it speaks */
	fx_agent("alice", "2001", true);
	fx_run(100);
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	pa = fx_audio(ph, 3000);
	heard_at = ca->n_heard;
	fx_run(200);
	/* within 4 blocks of the answer the caller hears only alice */
	for (uint32_t b = 0; b < 10 && !found; b++) {
		uint32_t idx = 399 - (ca->n_heard - heard_at) + b;

		found = ca->heard[idx][0] == fx_law(fx_pattern(3000, 0, 0));
		if (found) {
			ck_assert_uint_le(b, 4);
			for (uint32_t k = idx; k < 400; k++)
				ck_assert_int_eq(
					ca->heard[k][5],
					fx_law(fx_pattern(3000, k - idx, 5)));
		}
	}
	ck_assert(found);
	(void)pa;
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(100);
	fx_close();
}
END_TEST

/* Max wait: the queue's exit action carries the call on (to a number). */
START_TEST(max_wait_exit_to_a_number)
{
	struct cti_center_queue_config q = {
		.acd = { .name = "sales",
			 .max_wait_ms = 10000,
			 .exit_action = "number:5550199" },
	};
	cti_call_id_t c, ext = 0;
	uint32_t call;
	int i;

	fx_open();
	ck_assert_int_eq(cti_center_queue_add(F.cc, &q), 0);
	route_sales();
	c = fx_dial("95501", "1001");
	fx_run(100);
	call = call_of(0);
	fx_run(9800);
	ck_assert_int_lt(fx_cfind(0, CTI_CENTER_EV_CDR, call), 0);
	fx_run(200);
	ck_assert_int_eq(cdr_of(call)->outcome, CTI_ACD_EXITED);
	ck_assert_int_eq(cdr_of(call)->wait_ms, 10000);
	ck_assert_str_eq(cdr_of(call)->exit_action, "number:5550199");
	for (int k = 0; k < F.n; k++)
		if (F.ev[k].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[k].u.call.span_id == F.pstn &&
		    !strcmp(F.ev[k].u.call.dnis.digits, "5550199"))
			ext = F.ev[k].u.call.call_id;
	ck_assert_uint_gt(ext, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ext), 0);
	fx_run(100);
	i = fx_cfind(0, CTI_CENTER_EV_CONNECTED, call);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].target, "number:5550199");
	ck_assert_int_eq(cti_call_clear(F.ctx, ext, 16), 0);
	fx_run(100);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, c), 0);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

/* The trunk's cable is pulled: its calls are cleared with 38, the agent
 * is freed, the records are complete (a network failure is no abandon). */
START_TEST(trunk_cable_pulled)
{
	cti_call_id_t c1, c2, ph;
	uint32_t call1, call2;
	int mark;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 2000);
	route_sales();
	fx_agent("alice", "2001", true);
	c1 = fx_dial("95501", "1001");
	fx_run(100);
	call1 = call_of(0);
	ph = fx_ringing(0, "2001");
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	mark = F.nc;
	c2 = fx_dial("95501", "1002");
	fx_run(100);
	call2 = call_of(mark);
	fx_run(10000);
	ck_assert_int_eq(cti_span_loop_set_link(F.ctx, F.trunk, false), 0);
	fx_run(120000);
	for (int k = 0; k < 2; k++) {
		uint32_t call = k ? call2 : call1;
		int i = fx_cfind(0, CTI_CENTER_EV_ENDED, call);

		ck_assert_int_ge(i, 0);
		ck_assert_int_eq(F.cev[i].cause, 38);
	}
	/* the agent's phone was cleared, wrap-up done, she is ready */
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, ph), 0);
	ck_assert_uint_eq(agent_state("alice", NULL), CTI_AGENT_READY);
	ck_assert_int_eq(cdr_of(call1)->outcome, CTI_ACD_ANSWERED);
	ck_assert_int_ge(cdr_of(call1)->talk_ms, 10000);
	ck_assert_int_eq(cdr_of(call2)->outcome, CTI_ACD_CLEARED);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	(void)c1;
	(void)c2;
	fx_close();
}
END_TEST

/* "Press 9 to leave a message": the digit takes the call out of the
 * queue to the escape target, over music and announcements. */
START_TEST(dtmf_escape_from_the_queue)
{
	struct cti_center_queue_config q = {
		.acd = { .name = "sales" },
		.first_announce_ms = 1000,
		.announce_every_ms = 5000,
		.announce_position = true,
		.escape_digit = '9',
		.escape_target = "number:5550111",
	};
	cti_call_id_t c, ext = 0;
	uint32_t call;
	int i;

	fx_open();
	q.escape_target = "queue:nosuch";
	ck_assert_int_eq(cti_center_queue_add(F.cc, &q), CTI_ENOENT);
	q.escape_target = "number:5550111";
	q.escape_digit = 'x';
	ck_assert_int_eq(cti_center_queue_add(F.cc, &q), CTI_EINVAL);
	q.escape_digit = '9';
	ck_assert_int_eq(cti_center_queue_add(F.cc, &q), 0);
	route_sales();
	c = fx_dial("95501", "1001");
	fx_run(100);
	call = call_of(0);
	fx_run(3000);
	/* other digits do nothing */
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, c, "5"), 0);
	fx_run(1000);
	ck_assert_int_lt(fx_cfind(0, CTI_CENTER_EV_CDR, call), 0);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, c, "9"), 0);
	fx_run(1000);
	ck_assert_int_eq(cdr_of(call)->outcome, CTI_ACD_CLEARED);
	for (int k = 0; k < F.n; k++)
		if (F.ev[k].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[k].u.call.span_id == F.pstn &&
		    !strcmp(F.ev[k].u.call.dnis.digits, "5550111"))
			ext = F.ev[k].u.call.call_id;
	ck_assert_uint_gt(ext, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ext), 0);
	fx_run(100);
	i = fx_cfind(0, CTI_CENTER_EV_CONNECTED, call);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].target, "number:5550111");
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(100);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

/* One agent in two queues: the longest-waiting eligible caller of either
 * is served first, and the wrap-up after a call of one queue holds the
 * agent for the other too. */
START_TEST(shared_agent_fairness_and_wrap_up)
{
	struct cti_center_queue_config qt = {
		.acd = { .name = "trading",
			 .skills = { { 1, 1 } },
			 .n_skills = 1,
			 .wrap_up_ms = 3000 },
	};
	struct cti_center_queue_config qa = {
		.acd = { .name = "accounts",
			 .skills = { { 2, 1 } },
			 .n_skills = 1,
			 .wrap_up_ms = 3000 },
	};
	struct cti_center_route_config r1 = { .dnis = "95500",
					      .target = "queue:trading" };
	struct cti_center_route_config r2 = { .dnis = "95501",
					      .target = "queue:accounts" };
	const struct cti_acd_skill both[2] = { { 1, 5 }, { 2, 5 } };
	cti_call_id_t ph1, ph2;
	uint64_t t_hup;
	int i, mark, mark_ev;

	fx_open();
	ck_assert_int_eq(cti_center_queue_add(F.cc, &qt), 0);
	ck_assert_int_eq(cti_center_queue_add(F.cc, &qa), 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r1), 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r2), 0);
	ck_assert_int_eq(cti_center_agent_login(F.cc, "sam", "2001", both, 2),
			 0);
	/* accounts first, trading a second later */
	fx_dial("95501", "1001");
	fx_run(1000);
	fx_dial("95500", "1002");
	fx_run(1000);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_QUEUED), 2);
	ck_assert_int_eq(cti_center_agent_ready(F.cc, "sam"), 0);
	fx_run(100);
	ph1 = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph1, 0);
	i = fx_find(0, CTI_EVENT_CALL_OFFERED, F.phones, ph1);
	ck_assert_str_eq(F.ev[i].u.call.ani.digits, "1001");
	ck_assert_int_eq(cti_call_answer(F.ctx, ph1), 0);
	fx_run(2000);
	t_hup = cti_now_ms(F.ctx);
	mark = F.nc;
	mark_ev = F.n;
	ck_assert_int_eq(cti_call_clear(F.ctx, ph1, 16), 0);
	/* wrap-up after accounts holds sam for trading too: 3 s */
	fx_run(2900);
	ck_assert_int_lt(fx_cfind(mark, CTI_CENTER_EV_OFFERED, 0), 0);
	fx_run(200);
	i = fx_cfind(mark, CTI_CENTER_EV_OFFERED, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].queue, "trading");
	ck_assert_uint_eq(F.cev[i].time_ms, t_hup + 3000);
	ph2 = fx_ringing(mark_ev, "2001");
	ck_assert_uint_gt(ph2, 0);
	i = fx_find(mark_ev, CTI_EVENT_CALL_OFFERED, F.phones, ph2);
	ck_assert_str_eq(F.ev[i].u.call.ani.digits, "1002");
	fx_close();
}
END_TEST

/* The agents' span in alarm: the offer cannot ring the phone; the agent
 * goes NOT_READY (9002), the caller stays queued, nothing is lost; with
 * the cable back the call is offered and answered. */
START_TEST(offer_to_a_span_in_alarm)
{
	cti_call_id_t c, ph;
	uint32_t call, st;
	int32_t reason;
	int i, mark;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	route_sales();
	fx_agent("alice", "2001", false);
	ck_assert_int_eq(cti_span_loop_set_link(F.ctx, F.station, false), 0);
	fx_run(60000);
	ck_assert_int_eq(cti_center_agent_ready(F.cc, "alice"), 0);
	c = fx_dial("95501", "1001");
	fx_run(100);
	call = call_of(0);
	i = fx_cfind(0, CTI_CENTER_EV_ERROR, call);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].agent, "alice");
	ck_assert(F.cev[i].cause == CTI_EALARM ||
		  F.cev[i].cause == CTI_ENETDOWN);
	ck_assert_int_eq(cti_center_agent_state(F.cc, "alice", &st, &reason),
			 0);
	ck_assert_uint_eq(st, CTI_AGENT_NOT_READY);
	ck_assert_int_eq(reason, 9002);
	ck_assert_int_lt(fx_cfind(0, CTI_CENTER_EV_CDR, call), 0);
	{
		struct cti_center_call_info info;

		ck_assert_int_eq(cti_center_call_get(F.cc, call, &info), 0);
		ck_assert_uint_eq(info.state, CTI_CENTER_CALL_QUEUED);
	}
	/* the cable back, the span up again: alice takes the call */
	ck_assert_int_eq(cti_span_loop_set_link(F.ctx, F.station, true), 0);
	fx_run(10000);
	mark = F.n;
	ck_assert_int_eq(cti_center_agent_ready(F.cc, "alice"), 0);
	fx_run(100);
	ph = fx_ringing(mark, "2001");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	fx_run(1000);
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_CONNECTED, call), 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(100);
	ck_assert_int_eq(cdr_of(call)->outcome, CTI_ACD_ANSWERED);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

/* The engine's AGENT_STATE events for `agent` from `from`, as
 * "state/reason@ms-after-t0;" */
static void agent_states(int from, const char *agent, uint64_t t0, char *out,
			 size_t cap)
{
	size_t n = 0;

	out[0] = '\0';
	for (int i = from; i < F.nc; i++)
		if (F.cev[i].type == CTI_CENTER_EV_AGENT_STATE &&
		    !strcmp(F.cev[i].agent, agent))
			n += (size_t)snprintf(
				out + n, cap - n, "%u/%d@%llu;", F.cev[i].state,
				F.cev[i].reason,
				(unsigned long long)(F.cev[i].time_ms - t0));
}

/* phone_retry_ms: a phone that refuses the offer (busy) puts the agent
 * NOT_READY 9002, and the engine puts it READY again exactly 30 s later;
 * the queued caller is offered to it again and answered. One whose state
 * somebody changed in between is left as they set it. */
START_TEST(phone_failed_ready_again)
{
	char states[256], want[256];
	cti_call_id_t ph;
	uint32_t call;
	uint64_t t0;
	int32_t reason;
	int mark, mark_c;

	fx_phone_retry_ms = 30000;
	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	route_sales();
	fx_agent("alice", "2001", true);
	fx_agent("bob", "2002", false);
	fx_dial("95501", "1001");
	fx_run(100);
	call = call_of(0);
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	mark_c = F.nc;
	t0 = cti_now_ms(F.ctx);
	ck_assert_int_eq(cti_call_clear(F.ctx, ph, CTI_CAUSE_USER_BUSY), 0);
	fx_run(29000);
	ck_assert_uint_eq(agent_state("alice", &reason), CTI_AGENT_NOT_READY);
	ck_assert_int_eq(reason, 9002);
	mark = F.n;
	fx_run(2000);
	ph = fx_ringing(mark, "2001");
	ck_assert_uint_gt(ph, 0);
	/* NOT_READY once, at the refusal; READY 30 s on, and the call offered */
	agent_states(mark_c, "alice", t0, states, sizeof(states));
	snprintf(want, sizeof(want), "%u/9002@0;%u/0@30000;%u/0@30000;",
		 CTI_AGENT_NOT_READY, CTI_AGENT_READY, CTI_AGENT_RESERVED);
	ck_assert_str_eq(states, want);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	fx_run(1000);
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_CONNECTED, call), 0);

	/* bob: refused, then put away by a supervisor: stays so */
	ck_assert_int_eq(cti_center_agent_ready(F.cc, "bob"), 0);
	mark = F.n;
	fx_dial("95501", "1002");
	fx_run(100);
	ph = fx_ringing(mark, "2002");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, ph, CTI_CAUSE_USER_BUSY), 0);
	fx_run(10000);
	ck_assert_int_eq(cti_center_agent_not_ready(F.cc, "bob", 7), 0);
	fx_run(60000);
	ck_assert_uint_eq(agent_state("bob", &reason), CTI_AGENT_NOT_READY);
	ck_assert_int_eq(reason, 7);
	fx_close();
}
END_TEST

/* Without phone_retry_ms the agent stays away until told. */
START_TEST(phone_failed_stays_away)
{
	cti_call_id_t ph;
	int32_t reason;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	route_sales();
	fx_agent("alice", "2001", true);
	fx_dial("95501", "1001");
	fx_run(100);
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, ph, CTI_CAUSE_USER_BUSY), 0);
	fx_run(3600 * 1000);
	ck_assert_uint_eq(agent_state("alice", &reason), CTI_AGENT_NOT_READY);
	ck_assert_int_eq(reason, 9002);
	fx_close();
}
END_TEST

/* The pooled Erlang C: two queues share an agent, so each interval's
 * expectation is the pool's (3 distinct agents, both queues' calls),
 * computed here from the stored figures themselves. */
/* A caller dials dnis; the phone that rings answers after 1 s and hangs
 * up after 20 s of talk. */
static void answered_call(const char *dnis)
{
	int mark = F.n;

	fx_dial(dnis, "1001");
	fx_run(1000);
	for (int j = mark; j < F.n; j++)
		if (F.ev[j].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[j].u.call.span_id == F.phones) {
			cti_call_id_t ph = F.ev[j].u.call.call_id;

			ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
			fx_run(20000);
			ck_assert_int_eq(cti_call_clear(F.ctx, ph, 16), 0);
			fx_run(100);
			return;
		}
	ck_abort_msg("no phone rang for %s", dnis);
}

/* Run past the interval's close: iv[0] trading's, iv[1] accounts'. */
static void next_intervals(const struct cti_acd_interval *iv[2])
{
	int mark = F.nc;

	iv[0] = iv[1] = NULL;
	fx_run(15 * 60 * 1000);
	for (int i = mark; i < F.nc; i++)
		if (F.cev[i].type == CTI_CENTER_EV_INTERVAL)
			iv[!strcmp(F.cev[i].queue, "accounts")] =
				&F.cev[i].u.interval;
	ck_assert_ptr_nonnull(iv[0]);
	ck_assert_ptr_nonnull(iv[1]);
}

START_TEST(pooled_erlang_c)
{
	struct cti_center_queue_config qt = {
		.acd = { .name = "trading",
			 .skills = { { 1, 1 } },
			 .n_skills = 1 },
	};
	struct cti_center_queue_config qa = {
		.acd = { .name = "accounts",
			 .skills = { { 2, 1 } },
			 .n_skills = 1 },
	};
	struct cti_center_route_config r1 = { .dnis = "95500",
					      .target = "queue:trading" };
	struct cti_center_route_config r2 = { .dnis = "95501",
					      .target = "queue:accounts" };
	const struct cti_acd_skill t[1] = { { 1, 5 } }, a[1] = { { 2, 5 } },
				   both[2] = { { 1, 5 }, { 2, 5 } };
	const struct cti_acd_interval *iv[2] = { NULL, NULL };
	double offered = 0, answered = 0, handle = 0, want;

	fx_open();
	ck_assert_int_eq(cti_center_queue_add(F.cc, &qt), 0);
	ck_assert_int_eq(cti_center_queue_add(F.cc, &qa), 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r1), 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r2), 0);
	ck_assert_int_eq(cti_center_agent_login(F.cc, "tina", "2001", t, 1), 0);
	ck_assert_int_eq(cti_center_agent_login(F.cc, "alan", "2002", a, 1), 0);
	ck_assert_int_eq(cti_center_agent_login(F.cc, "sam", "2003", both, 2),
			 0);
	ck_assert_int_eq(cti_center_agent_ready(F.cc, "tina"), 0);
	ck_assert_int_eq(cti_center_agent_ready(F.cc, "alan"), 0);
	ck_assert_int_eq(cti_center_agent_ready(F.cc, "sam"), 0);
	/* three calls, each answered after 1 s and talked 20 s */
	for (int k = 0; k < 3; k++)
		answered_call(k == 1 ? "95501" : "95500");
	next_intervals(iv); /* the interval closes at 15 min */
	ck_assert_uint_eq(iv[0]->answered, 2);
	ck_assert_uint_eq(iv[1]->answered, 1);
	for (int q = 0; q < 2; q++) {
		offered += iv[q]->offered;
		answered += iv[q]->answered;
		handle += (double)iv[q]->aht_ms * iv[q]->answered;
	}
	want = 100.0 * cti_erlang_c_sl(offered / 900.0,
				       handle / answered / 1000.0, 3, 15.0);
	ck_assert_double_eq_tol(iv[0]->erlang_c_sl, want, 1e-9);
	ck_assert_double_eq_tol(iv[1]->erlang_c_sl, want, 1e-9);
	/* not what each queue alone with its 2 agents would promise */
	for (int q = 0; q < 2; q++) {
		double alone = 100.0 * cti_erlang_c_sl(iv[q]->offered / 900.0,
						       iv[q]->aht_ms / 1000.0,
						       2, 15.0);

		ck_assert_msg(alone - want > 1e-9 || want - alone > 1e-9,
			      "queue %d: %.12f", q, alone);
	}
	/* the next interval: one call to trading only; accounts, in the
	 * same pool, had nobody to serve: no expectation (-1), not the
	 * pool's near-100 % */
	answered_call("95500");
	next_intervals(iv);
	ck_assert_uint_eq(iv[0]->offered, 1);
	ck_assert_uint_eq(iv[0]->answered, 1);
	ck_assert_uint_eq(iv[1]->offered, 0);
	ck_assert_double_eq(iv[1]->erlang_c_sl, -1);
	want = 100.0 * cti_erlang_c_sl(1 / 900.0, iv[0]->aht_ms / 1000.0, 3,
				       15.0);
	ck_assert_double_eq_tol(iv[0]->erlang_c_sl, want, 1e-9);
	fx_close();
}
END_TEST

/* Routing to one agent: its own hidden queue ("agent:NAME"), so the ACD
 * keeps its states, RONA and records; it may be routed to before it
 * ever logs in. */
START_TEST(route_to_an_agent)
{
	struct cti_center_route_config r = { .dnis = "95502",
					     .target = "agent:bob" };
	struct cti_center_route_config r2 = { .dnis = "95503",
					      .target = "agent:carol" };
	cti_call_id_t c, ph;
	int mark, i;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r2), 0);
	r.target = "agent:";
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), CTI_EFORMAT);
	fx_agent("alice", "2001", true);
	fx_agent("bob", "2002", true);
	c = fx_dial("95502", "1001");
	fx_run(100);
	ck_assert_uint_eq(fx_ringing(0, "2001"), 0);
	ph = fx_ringing(0, "2002");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	fx_run(1000);
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(100);
	i = fx_cfind(0, CTI_CENTER_EV_CDR, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].u.cdr.queue, "agent:bob");
	ck_assert_str_eq(F.cev[i].u.cdr.agent, "bob");
	/* carol is not logged in: the caller waits for her */
	mark = F.n;
	c = fx_dial("95503", "1002");
	fx_run(3000);
	ck_assert_uint_eq(fx_ringing(mark, "2001"), 0);
	ck_assert_uint_eq(fx_ringing(mark, "2002"), 0);
	fx_agent("carol", "2003", true);
	fx_run(100);
	ck_assert_uint_gt(fx_ringing(mark, "2003"), 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(100);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

TCase *agents_tcase(void)
{
	TCase *tc = tcase_create("agents");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, rona_to_the_next_agent);
	tcase_add_test(tc, abandon_queued_and_ringing);
	tcase_add_test(tc, ring_all_two_answer_at_once);
	tcase_add_test(tc, announcements_stop_on_answer);
	tcase_add_test(tc, max_wait_exit_to_a_number);
	tcase_add_test(tc, trunk_cable_pulled);
	tcase_add_test(tc, dtmf_escape_from_the_queue);
	tcase_add_test(tc, shared_agent_fairness_and_wrap_up);
	tcase_add_test(tc, offer_to_a_span_in_alarm);
	tcase_add_test(tc, phone_failed_ready_again);
	tcase_add_test(tc, phone_failed_stays_away);
	tcase_add_test(tc, pooled_erlang_c);
	tcase_add_test(tc, route_to_an_agent);
	return tc;
}
