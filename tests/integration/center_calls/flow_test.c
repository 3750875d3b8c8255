// SPDX-License-Identifier: LGPL-2.1-or-later
/* Routing, flows on the call's audio, the queue, an agent's phone, the
 * bridge, the records. */
#include <stdio.h>
#include <string.h>

#include "fixture.h"

static const char flow_text[] =
	"state start\n"
	"  collect choice min=1 max=1 first=6000 prompt=en/menu\n"
	"  on 1 goto sales\n"
	"  on 2 goto check\n"
	"  on 9 goto away\n"
	"  on 7 goto broken\n"
	"  hangup\n"
	"state check\n"
	"  hook verify\n"
	"  on ok goto sales\n"
	"  play en/goodbye\n"
	"  hangup\n"
	"state sales\n"
	"  set product stocks\n"
	"  queue sales\n"
	"state away\n"
	"  transfer 5550100\n"
	"state broken\n"
	"  queue nosuch\n";

static cti_flow_t *flow;

static void open_centre(void)
{
	struct cti_center_route_config r = { .dnis = "95500",
					     .target = "flow:main" };
	char why[128];
	int err;

	fx_open();
	err = cti_flow_parse(&flow, flow_text, "main.flow", F.ps, why,
			     sizeof(why), NULL);
	ck_assert_msg(err == 0, "%s", why);
	ck_assert_int_eq(cti_center_flow_add(F.cc, "main", flow), 0);
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 3000);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	r.dnis = "95501";
	r.target = "queue:sales";
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
}

static void close_centre(void)
{
	fx_close();
	cti_flow_free(flow);
}

/* The caller keys `digit` 1.5 s after the engine answers. */
static cti_call_id_t caller_keys(const char *digit, uint32_t *call)
{
	int mark = F.nc, i;
	cti_call_id_t c = fx_dial("95500", "13912345678");

	fx_run(100);
	i = fx_find(0, CTI_EVENT_CALL_ESTABLISHED, F.pstn, c);
	ck_assert_int_ge(i, 0);
	i = fx_cfind(mark, CTI_CENTER_EV_ROUTED, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].target, "flow:main");
	*call = F.cev[i].call;
	fx_run(1500);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, c, digit), 0);
	fx_run(1000);
	return c;
}

START_TEST(flow_to_queue_to_agent)
{
	struct cti_center_call_info info;
	struct fx_audio *caller_au, *phone_au;
	cti_call_id_t c, ph;
	uint32_t call;
	uint64_t t_ans, t_hup;
	int i, q, mark;

	open_centre();
	fx_agent("alice", "2001", true);
	c = caller_keys("1", &call);
	/* the flow queued it with its variables as call data */
	q = fx_cfind(0, CTI_CENTER_EV_QUEUED, call);
	ck_assert_int_ge(q, 0);
	ck_assert_str_eq(F.cev[q].queue, "sales");
	ck_assert_str_eq(F.cev[q].data, "choice=1;product=stocks");
	i = fx_cfind(q, CTI_CENTER_EV_OFFERED, call);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].agent, "alice");
	ck_assert_str_eq(F.cev[i].extension, "2001");
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	/* the phone shows the caller's number */
	i = fx_find(0, CTI_EVENT_CALL_OFFERED, F.phones, ph);
	ck_assert_str_eq(F.ev[i].u.call.ani.digits, "13912345678");
	ck_assert_int_eq(cti_center_call_get(F.cc, call, &info), 0);
	ck_assert_uint_eq(info.state, CTI_CENTER_CALL_RINGING);

	/* it rings 2 s; meanwhile the caller hears music, never silence */
	caller_au = fx_audio(c, 0);
	fx_run(2000);
	ck_assert_uint_ge(caller_au->n_heard, 99);
	for (int b = 300; b < 400; b++) {
		double p = cti_power_dbm0(caller_au->heard[b], 160);

		ck_assert_msg(p > -30.0, "block %d: %.1f dBm0", b, p);
	}
	t_ans = cti_now_ms(F.ctx);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	phone_au = fx_audio(ph, 1000);
	caller_au->level = -2000;
	mark = F.nc;
	fx_run(2000);
	i = fx_cfind(mark, CTI_CENTER_EV_CONNECTED, call);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.cev[i].time_ms, t_ans);
	ck_assert_str_eq(F.cev[i].agent, "alice");
	ck_assert_int_eq(cti_center_call_get(F.cc, call, &info), 0);
	ck_assert_uint_eq(info.state, CTI_CENTER_CALL_CONNECTED);

	/* sample by sample: each side hears exactly what the other sent,
	 * through A-law, a constant number of blocks late */
	{
		struct fx_audio *a[2] = { caller_au, phone_au };
		struct fx_audio *from[2] = { phone_au, caller_au };

		for (int s = 0; s < 2; s++) {
			uint32_t last = from[s]->sent - 1, lag = 0;
			bool found = false;

			for (lag = 0; lag < 8 && !found; lag++) {
				found = true;
				for (int k = 0; k < 160 && found; k++)
					found = a[s]->heard[399][k] ==
						fx_law(fx_pattern(
							from[s]->level,
							last - lag, k));
			}
			ck_assert_msg(found, "side %d hears no exact copy", s);
			lag--;
			/* and so for the 50 blocks before */
			for (int b = 1; b < 50; b++)
				for (int k = 0; k < 160; k++)
					ck_assert_int_eq(
						a[s]->heard[399 - b][k],
						fx_law(fx_pattern(
							from[s]->level,
							last - lag -
								(uint32_t)b,
							k)));
			ck_assert_uint_le(lag, 4);
		}
	}

	/* the agent hangs up: the caller is cleared with 16 */
	t_hup = cti_now_ms(F.ctx);
	ck_assert_int_eq(cti_call_clear(F.ctx, ph, 16), 0);
	fx_run(100);
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, c);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, 16);
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_ENDED, call), 0);
	/* wrap-up 3 s, then the CDR */
	ck_assert_int_lt(fx_cfind(0, CTI_CENTER_EV_CDR, call), 0);
	fx_run(3000);
	i = fx_cfind(0, CTI_CENTER_EV_CDR, call);
	ck_assert_int_ge(i, 0);
	{
		const struct cti_acd_cdr *r = &F.cev[i].u.cdr;

		ck_assert_int_eq(r->outcome, CTI_ACD_ANSWERED);
		ck_assert_str_eq(r->agent, "alice");
		ck_assert_str_eq(r->queue, "sales");
		ck_assert_str_eq(r->ani, "13912345678");
		ck_assert_str_eq(r->dnis, "95500");
		ck_assert_int_eq(r->answered_ms, (int64_t)t_ans);
		ck_assert_int_eq(r->wait_ms,
				 (int64_t)t_ans - (int64_t)F.cev[q].time_ms);
		ck_assert_int_eq(r->talk_ms, (int64_t)(t_hup - t_ans));
		ck_assert_int_eq(r->wrap_ms, 3000);
		ck_assert_int_eq(r->rona_count, 0);
	}
	/* one record of the whole call: where its time went */
	i = fx_cfind(0, CTI_CENTER_EV_RECORD, call);
	ck_assert_int_ge(i, 0);
	ck_assert_int_lt(fx_cfind(i + 1, CTI_CENTER_EV_RECORD, call), 0);
	{
		const struct cti_center_record *r = &F.cev[i].u.record;
		int a = fx_cfind(0, CTI_CENTER_EV_ARRIVED, call);

		ck_assert_uint_eq(r->arrived_ms, F.cev[a].time_ms);
		ck_assert_uint_eq(r->ivr_ms,
				  F.cev[q].time_ms - F.cev[a].time_ms);
		ck_assert_uint_eq(r->queue_ms, t_ans - F.cev[q].time_ms);
		ck_assert_uint_eq(r->talk_ms, t_hup - t_ans);
		ck_assert_uint_eq(r->hold_ms, 0);
		ck_assert_uint_eq(r->ended_ms, t_hup);
		ck_assert_uint_eq(r->segments, 1);
		ck_assert_uint_eq(r->agents, 1);
		ck_assert_uint_eq(r->transfers, 0);
		ck_assert_int_eq(r->cause, 16);
		ck_assert_uint_eq(r->last_state, CTI_CENTER_CALL_CONNECTED);
		ck_assert_str_eq(r->first_queue, "sales");
		ck_assert_str_eq(r->first_agent, "alice");
		ck_assert_str_eq(r->trunk, "pstn");
		ck_assert_str_eq(r->ani, "13912345678");
	}
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	close_centre();
}
END_TEST

START_TEST(unroutable_is_rejected)
{
	cti_call_id_t c;
	int i;

	open_centre();
	c = fx_dial("12345", "555");
	fx_run(200);
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, c);
	if (i < 0)
		i = fx_find(0, CTI_EVENT_CALL_FAILED, F.pstn, c);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, CTI_CAUSE_UNALLOCATED);
	ck_assert_int_lt(fx_find(0, CTI_EVENT_CALL_ESTABLISHED, F.pstn, c), 0);
	i = fx_cfind(0, CTI_CENTER_EV_REJECTED, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.cev[i].cause, 1);
	ck_assert_str_eq(F.cev[i].dnis, "12345");
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	close_centre();
}
END_TEST

START_TEST(flow_hook_hangup_error_transfer)
{
	cti_call_id_t c, ext;
	uint32_t call;
	int i;

	open_centre();
	/* a hook: the application says "no", the flow says goodbye */
	c = caller_keys("2", &call);
	i = fx_cfind(0, CTI_CENTER_EV_HOOK, call);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].name, "verify");
	ck_assert_str_eq(cti_center_flow_get(F.cc, call, "choice"), "2");
	ck_assert_ptr_nonnull(cti_center_call_ivr(F.cc, call));
	ck_assert_int_eq(cti_center_hook_done(F.cc, call, "no"), 0);
	ck_assert_int_eq(cti_center_hook_done(F.cc, call, "no"), CTI_ESTATE);
	fx_run(5000);
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, c);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, 16);
	i = fx_cfind(0, CTI_CENTER_EV_ENDED, call);
	ck_assert_uint_eq(F.cev[i].state, CTI_CENTER_CALL_FLOW);
	ck_assert_int_eq(cti_center_hook_done(F.cc, call, "ok"), CTI_ENOENT);

	/* a flow error (a queue that does not exist): cleared with 41 */
	c = caller_keys("7", &call);
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, c);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, CTI_CAUSE_TEMPORARY_FAILURE);
	i = fx_cfind(0, CTI_CENTER_EV_ERROR, call);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].name, "flow: no target 'nosuch'");

	/* transfer to a number: dialled on the trunk, then joined */
	c = caller_keys("9", &call);
	ext = 0;
	for (int k = 0; k < F.n; k++)
		if (F.ev[k].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[k].u.call.span_id == F.pstn &&
		    !strcmp(F.ev[k].u.call.dnis.digits, "5550100")) {
			ext = F.ev[k].u.call.call_id;
			ck_assert_str_eq(F.ev[k].u.call.ani.digits,
					 "13912345678");
		}
	ck_assert_uint_gt(ext, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ext), 0);
	fx_run(200);
	i = fx_cfind(0, CTI_CENTER_EV_CONNECTED, call);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].target, "number:5550100");
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(200);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, ext), 0);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	close_centre();
}
END_TEST

START_TEST(schedules_and_bad_input)
{
	struct cti_center_schedule_config s = {
		.name = "office",
		.hours = { { .days = 0x3e,
			     .open_min = 8 * 60,
			     .close_min = 18 * 60 } },
		.n_hours = 1,
	};
	const char *hol[] = { "2026-12-02" };
	struct cti_center_route_config r = { .dnis = "800*",
					     .schedule = "office",
					     .target = "queue:sales",
					     .closed_target = "reject:17" };
	struct cti_center_extension_config x = { .number = "2001",
						 .trunk = "phones" };
	cti_call_id_t c;
	int i;

	open_centre();
	s.holidays = hol;
	s.n_holidays = 1;
	ck_assert_int_eq(cti_center_schedule_add(F.cc, &s), 0);
	ck_assert_int_eq(cti_center_schedule_add(F.cc, &s), CTI_EEXIST);
	/* Tuesday 09:00 local: open */
	ck_assert(cti_center_schedule_open(F.cc, "office"));
	ck_assert(!cti_center_schedule_open(F.cc, "nosuch"));
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	/* bad input */
	r.target = "queue:nosuch";
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), CTI_ENOENT);
	r.target = "flow:nosuch";
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), CTI_ENOENT);
	r.target = "bogus:1";
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), CTI_EFORMAT);
	r.target = "reject:200";
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), CTI_EFORMAT);
	r.target = "queue:sales";
	r.schedule = "nosuch";
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), CTI_ENOENT);
	r.schedule = NULL;
	r.trunk = "phones"; /* not a network trunk */
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), CTI_ENOENT);
	ck_assert_int_eq(cti_center_extension_add(F.cc, &x), CTI_EEXIST);
	x.number = "20x1";
	ck_assert_int_eq(cti_center_extension_add(F.cc, &x), CTI_EFORMAT);
	x.number = "2009";
	x.trunk = "pstn";
	ck_assert_int_eq(cti_center_extension_add(F.cc, &x), CTI_ENOENT);
	ck_assert_int_eq(cti_center_agent_login(F.cc, "bob", "2999", NULL, 0),
			 CTI_ENOENT);
	fx_agent("alice", "2001", false);
	ck_assert_int_eq(cti_center_agent_login(F.cc, "bob", "2001", NULL, 0),
			 CTI_EBUSY);
	ck_assert_int_eq(cti_center_agent_login(F.cc, "alice", "2002", NULL, 0),
			 CTI_EALREADY);
	ck_assert_int_eq(cti_center_agent_ready(F.cc, "nobody"), CTI_ENOENT);
	ck_assert_int_eq(cti_center_call_hangup(F.cc, 999, 0), CTI_ENOENT);

	/* in hours: queued */
	c = fx_dial("8001234", "1");
	fx_run(200);
	i = fx_cfind(0, CTI_CENTER_EV_QUEUED, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(200);
	/* 18:00 local: closed, rejected with 17 */
	fx_run(9 * 3600 * 1000ull - 400);
	ck_assert(!cti_center_schedule_open(F.cc, "office"));
	c = fx_dial("8001234", "1");
	fx_run(200);
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, c);
	if (i < 0)
		i = fx_find(0, CTI_EVENT_CALL_FAILED, F.pstn, c);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, 17);
	/* Wednesday 09:00 is a holiday */
	fx_run(15 * 3600 * 1000ull);
	ck_assert(!cti_center_schedule_open(F.cc, "office"));
	/* Thursday 09:00 open again */
	fx_run(24 * 3600 * 1000ull);
	ck_assert(cti_center_schedule_open(F.cc, "office"));
	close_centre();
}
END_TEST

TCase *flow_tcase(void)
{
	TCase *tc = tcase_create("flow");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, flow_to_queue_to_agent);
	tcase_add_test(tc, unroutable_is_rejected);
	tcase_add_test(tc, flow_hook_hangup_error_transfer);
	tcase_add_test(tc, schedules_and_bad_input);
	return tc;
}
