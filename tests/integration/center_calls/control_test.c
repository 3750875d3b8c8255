// SPDX-License-Identifier: LGPL-2.1-or-later
/* Agent call control and supervision in the engine's mixer: who hears
 * whom checked sample by sample with each party's own pattern. */
#include <stdio.h>
#include <string.h>

#include "fixture.h"

struct parties {
	cti_call_id_t caller, phone;
	uint32_t call;
	struct fx_audio *c, *a;
};

/* A caller queued for sales, alice answers: both send their pattern. */
static void connect(struct parties *p, uint32_t wrap_ms)
{
	struct cti_center_route_config r = { .target = "queue:sales" };
	int i;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, wrap_ms);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	fx_agent("alice", "2001", true);
	p->caller = fx_dial("95501", "1001");
	fx_run(100);
	i = fx_cfind(0, CTI_CENTER_EV_QUEUED, 0);
	ck_assert_int_ge(i, 0);
	p->call = F.cev[i].call;
	p->phone = fx_ringing(0, "2001");
	ck_assert_uint_gt(p->phone, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, p->phone), 0);
	p->c = fx_audio(p->caller, 1000);
	p->a = fx_audio(p->phone, 5000);
	fx_run(500);
	ck_assert(fx_hears(p->c, &p->a, 1, 10));
	ck_assert(fx_hears(p->a, &p->c, 1, 10));
}

#define HEARS(y, ...)                                                   \
	({                                                              \
		struct fx_audio *s_[] = { __VA_ARGS__ };                \
		fx_hears(y, s_, (int)(sizeof(s_) / sizeof(s_[0])), 10); \
	})

START_TEST(hold_and_retrieve_with_music)
{
	struct parties p;
	uint64_t t_hold, t_back;
	int i;

	connect(&p, 0);
	ck_assert_int_eq(cti_center_agent_retrieve(F.cc, "alice"), CTI_ESTATE);
	t_hold = cti_now_ms(F.ctx);
	ck_assert_int_eq(cti_center_agent_hold(F.cc, "alice"), 0);
	ck_assert_int_eq(cti_center_agent_hold(F.cc, "alice"), CTI_ESTATE);
	fx_run(3000);
	/* the caller hears music, not alice; alice hears nothing */
	ck_assert(!fx_hears(p.c, &p.a, 1, 10));
	for (int b = 390; b < 400; b++)
		ck_assert(cti_power_dbm0(p.c->heard[b], 160) > -30.0);
	ck_assert(fx_hears(p.a, NULL, 0, 10));
	t_back = cti_now_ms(F.ctx);
	ck_assert_int_eq(cti_center_agent_retrieve(F.cc, "alice"), 0);
	fx_run(500);
	ck_assert(fx_hears(p.c, &p.a, 1, 10));
	ck_assert(fx_hears(p.a, &p.c, 1, 10));
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_HELD, p.call), 0);
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_RETRIEVED, p.call), 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, p.phone, 16), 0);
	fx_run(100);
	i = fx_cfind(0, CTI_CENTER_EV_CDR, p.call);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.cev[i].u.cdr.hold_ms, (int64_t)(t_back - t_hold));
	i = fx_cfind(0, CTI_CENTER_EV_RECORD, p.call);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.cev[i].u.record.hold_ms, t_back - t_hold);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

START_TEST(monitor_whisper_barge)
{
	struct parties p;
	struct fx_audio *s;
	cti_call_id_t sp;
	int mark;

	connect(&p, 0);
	ck_assert_int_eq(cti_center_supervise(F.cc, "alice", 9, "2003"),
			 CTI_EINVAL);
	ck_assert_int_eq(
		cti_center_supervise(F.cc, "alice", CTI_CENTER_MONITOR, "2999"),
		CTI_ENOENT);
	ck_assert_int_eq(cti_center_supervise(F.cc, "nobody",
					      CTI_CENTER_MONITOR, "2003"),
			 CTI_ENOENT);
	mark = F.n;
	ck_assert_int_eq(
		cti_center_supervise(F.cc, "alice", CTI_CENTER_MONITOR, "2003"),
		0);
	fx_run(100);
	sp = fx_ringing(mark, "2003");
	ck_assert_uint_gt(sp, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, sp), 0);
	s = fx_audio(sp, 9000);
	fx_run(500);
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_SUPERVISED, p.call), 0);
	/* monitor: the supervisor hears both, nobody hears it */
	ck_assert(HEARS(s, p.c, p.a));
	ck_assert(HEARS(p.a, p.c));
	ck_assert(HEARS(p.c, p.a));
	/* and the check tells the sets apart */
	ck_assert(!HEARS(p.c, p.a, s));
	ck_assert(!HEARS(p.a, p.c, s));
	ck_assert(!HEARS(s, p.c));
	ck_assert(!HEARS(s, p.a));
	/* whisper: alice hears the supervisor too, the caller does not */
	ck_assert_int_eq(
		cti_center_supervise(F.cc, "alice", CTI_CENTER_WHISPER, "2003"),
		0);
	fx_run(300);
	ck_assert(HEARS(s, p.c, p.a));
	ck_assert(HEARS(p.a, p.c, s));
	ck_assert(HEARS(p.c, p.a));
	/* barge: all three */
	ck_assert_int_eq(
		cti_center_supervise(F.cc, "alice", CTI_CENTER_BARGE, "2003"),
		0);
	fx_run(300);
	ck_assert(HEARS(s, p.c, p.a));
	ck_assert(HEARS(p.a, p.c, s));
	ck_assert(HEARS(p.c, p.a, s));
	/* the supervisor leaves: back to two */
	ck_assert_int_eq(cti_call_clear(F.ctx, sp, 16), 0);
	fx_run(300);
	ck_assert(HEARS(p.a, p.c));
	ck_assert(HEARS(p.c, p.a));
	ck_assert_int_eq(cti_call_clear(F.ctx, p.caller, 16), 0);
	fx_run(100);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

START_TEST(consult_conference_then_transfer)
{
	struct parties p;
	struct fx_audio *t, *t2;
	cti_call_id_t x = 0, ph4;
	int mark, i;

	connect(&p, 0);
	ck_assert_int_eq(cti_center_agent_complete(F.cc, "alice", false),
			 CTI_ESTATE);
	ck_assert_int_eq(cti_center_agent_consult(F.cc, "alice", "bad:1"),
			 CTI_EFORMAT);
	mark = F.n;
	ck_assert_int_eq(
		cti_center_agent_consult(F.cc, "alice", "number:5550177"), 0);
	fx_run(100);
	for (int k = mark; k < F.n; k++)
		if (F.ev[k].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[k].u.call.span_id == F.pstn)
			x = F.ev[k].u.call.call_id;
	ck_assert_uint_gt(x, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, x), 0);
	t = fx_audio(x, 13000);
	fx_run(500);
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_CONSULTING, p.call), 0);
	/* consulting: the caller hears music; alice and the third party
	 * hear each other only */
	ck_assert(!fx_hears(p.c, &p.a, 1, 10));
	ck_assert(HEARS(p.a, t));
	ck_assert(HEARS(t, p.a));
	/* conference: everybody hears the other two */
	ck_assert_int_eq(cti_center_agent_complete(F.cc, "alice", true), 0);
	fx_run(300);
	ck_assert(HEARS(p.c, p.a, t));
	ck_assert(HEARS(p.a, p.c, t));
	ck_assert(HEARS(t, p.c, p.a));
	/* alice leaves the conference: the caller and the third stay */
	ck_assert_int_eq(cti_call_clear(F.ctx, p.phone, 16), 0);
	fx_run(300);
	ck_assert(HEARS(p.c, t));
	ck_assert(HEARS(t, p.c));
	ck_assert_int_eq(cti_call_clear(F.ctx, x, 16), 0);
	fx_run(100);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, p.caller),
			 0);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	i = fx_cfind(0, CTI_CENTER_EV_CDR, p.call);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.cev[i].u.cdr.outcome, CTI_ACD_ANSWERED);
	fx_close();

	/* consultation of another extension, then transfer */
	connect(&p, 0);
	mark = F.n;
	ck_assert_int_eq(cti_center_agent_consult(F.cc, "alice", "ext:2004"),
			 0);
	fx_run(100);
	ph4 = fx_ringing(mark, "2004");
	ck_assert_uint_gt(ph4, 0);
	ck_assert_int_eq(cti_center_agent_complete(F.cc, "alice", false),
			 CTI_ESTATE); /* not answered yet */
	ck_assert_int_eq(cti_call_answer(F.ctx, ph4), 0);
	t2 = fx_audio(ph4, 13000);
	fx_run(300);
	ck_assert_int_eq(cti_center_agent_complete(F.cc, "alice", false), 0);
	fx_run(300);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, p.phone),
			 0);
	ck_assert(HEARS(p.c, t2));
	ck_assert(HEARS(t2, p.c));
	i = fx_cfind(0, CTI_CENTER_EV_TRANSFERRED, p.call);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].target, "2004");
	ck_assert_int_eq(cti_call_clear(F.ctx, ph4, 16), 0);
	fx_run(100);
	i = fx_cfind(0, CTI_CENTER_EV_RECORD, p.call);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.cev[i].u.record.transfers, 1);
	ck_assert_uint_eq(F.cev[i].u.record.last_state,
			  CTI_CENTER_CALL_EXTERNAL);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, p.caller),
			 0);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

START_TEST(blind_transfer_to_a_queue)
{
	struct cti_center_queue_config q = { .acd = { .name = "accounts" } };
	struct parties p;
	struct fx_audio *b;
	cti_call_id_t ph2;
	int mark, n = 0;

	connect(&p, 5000);
	ck_assert_int_eq(cti_center_queue_add(F.cc, &q), 0);
	fx_agent("bob", "2002", true);
	ck_assert_int_eq(cti_center_agent_transfer(F.cc, "alice", "nosuch:x"),
			 CTI_EFORMAT);
	mark = F.n;
	ck_assert_int_eq(
		cti_center_agent_transfer(F.cc, "alice", "queue:accounts"), 0);
	fx_run(100);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, p.phone),
			 0);
	ph2 = fx_ringing(mark, "2002");
	ck_assert_uint_gt(ph2, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph2), 0);
	b = fx_audio(ph2, 7000);
	fx_run(500);
	ck_assert(HEARS(p.c, b));
	ck_assert(HEARS(b, p.c));
	ck_assert_int_eq(cti_call_clear(F.ctx, p.caller, 16), 0);
	fx_run(6000);
	/* one chain: segment 0 with alice in sales, 1 with bob in accounts */
	for (int i = 0; i < F.nc; i++) {
		const struct cti_acd_cdr *r = &F.cev[i].u.cdr;

		if (F.cev[i].type != CTI_CENTER_EV_CDR)
			continue;
		ck_assert_uint_eq((uint32_t)r->call_id, p.call);
		ck_assert_int_eq(r->outcome, CTI_ACD_ANSWERED);
		if (r->call_id >> 32) {
			ck_assert_uint_eq(r->call_id >> 32, 1);
			ck_assert_str_eq(r->agent, "bob");
			ck_assert_str_eq(r->queue, "accounts");
		} else {
			ck_assert_str_eq(r->agent, "alice");
			ck_assert_str_eq(r->queue, "sales");
		}
		n++;
	}
	ck_assert_int_eq(n, 2);
	{
		int i = fx_cfind(0, CTI_CENTER_EV_RECORD, p.call);
		const struct cti_center_record *r = &F.cev[i].u.record;

		ck_assert_int_ge(i, 0);
		ck_assert_uint_eq(r->segments, 2);
		ck_assert_uint_eq(r->agents, 2);
		ck_assert_uint_eq(r->transfers, 1);
		ck_assert_str_eq(r->first_queue, "sales");
		ck_assert_str_eq(r->first_agent, "alice");
		ck_assert_str_eq(r->last_agent, "bob");
		ck_assert_uint_eq(r->ivr_ms + r->queue_ms + r->talk_ms +
					  r->hold_ms + r->dial_ms,
				  r->ended_ms - r->arrived_ms);
	}
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

/* Tap points: both directions of every leg with the call's metadata; a
 * bridged leg's sent block is its peer's received block of the tick
 * before. */
#define TAPS 64
static struct tapped {
	uint64_t t;
	uint32_t role;
	int16_t rx[160], tx[160];
} taps[2][TAPS];
static int n_taps[2], bad_meta;

static void on_tap(void *user, const struct cti_center_tap *t)
{
	int k = t->role == CTI_CENTER_ROLE_CUSTOMER ? 0 : 1;

	(void)user;
	if (t->state != CTI_CENTER_CALL_CONNECTED || n_taps[k] == TAPS)
		return;
	if (strcmp(t->agent, "alice") || strcmp(t->queue, "sales") ||
	    strcmp(t->ani, "1001") || strcmp(t->dnis, "95501") ||
	    t->samples != 160 || (k && t->role != CTI_CENTER_ROLE_AGENT))
		bad_meta++;
	taps[k][n_taps[k]].t = t->time_ms;
	taps[k][n_taps[k]].role = t->role;
	memcpy(taps[k][n_taps[k]].rx, t->rx, sizeof(taps[0][0].rx));
	memcpy(taps[k][n_taps[k]].tx, t->tx, sizeof(taps[0][0].tx));
	n_taps[k]++;
}

static const struct tapped *tap_at(int k, uint64_t t)
{
	for (int i = 0; i < n_taps[k]; i++)
		if (taps[k][i].t == t)
			return &taps[k][i];
	return NULL;
}

START_TEST(tap_points_both_directions)
{
	struct parties p;
	int pairs = 0;

	connect(&p, 0);
	n_taps[0] = n_taps[1] = bad_meta = 0;
	ck_assert_int_eq(cti_center_set_tap(F.cc, on_tap, NULL), 0);
	fx_run(1000);
	ck_assert_int_eq(cti_center_set_tap(F.cc, NULL, NULL), 0);
	ck_assert_int_eq(n_taps[0], 50);
	ck_assert_int_eq(n_taps[1], 50);
	ck_assert_int_eq(bad_meta, 0);
	for (int i = 0; i < n_taps[0]; i++) {
		const struct tapped *c = &taps[0][i];
		const struct tapped *a_before = tap_at(1, c->t - 20);
		const struct tapped *a_now = tap_at(1, c->t);
		const struct tapped *c_before = tap_at(0, c->t - 20);

		if (!a_before || !a_now || !c_before)
			continue;
		ck_assert_mem_eq(c->tx, a_before->rx, sizeof(c->tx));
		ck_assert_mem_eq(a_now->tx, c_before->rx, sizeof(c->tx));
		pairs++;
	}
	ck_assert_int_ge(pairs, 48);
	ck_assert_int_eq(cti_call_clear(F.ctx, p.caller, 16), 0);
	fx_run(100);
	fx_close();
}
END_TEST

/* A nailed-up agent: the line is called at login and stays up; callers
 * are joined to it at once behind a zip tone; it outlives the calls. */
START_TEST(nailed_up_agent)
{
	struct cti_center_route_config r = { .target = "queue:sales" };
	struct cti_center_extension_config x = {
		.number = "2005",
		.trunk = "phones",
		.flags = CTI_CENTER_EXT_NAILED
	};
	struct fx_audio *line_au, *c_au;
	cti_call_id_t line, c1, c2;
	uint64_t t_dial;
	int32_t reason;
	uint32_t st;
	int i, q;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 2000);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	ck_assert_int_eq(cti_center_extension_add(F.cc, &x), 0);
	ck_assert_int_eq(
		cti_center_agent_login(F.cc, "trader", "2005", NULL, 0), 0);
	fx_run(100);
	line = fx_ringing(0, "2005");
	ck_assert_uint_gt(line, 0);
	/* not ready before the line is up */
	ck_assert_int_eq(cti_center_agent_ready(F.cc, "trader"), CTI_EAGAIN);
	ck_assert_int_eq(cti_call_answer(F.ctx, line), 0);
	fx_run(100);
	ck_assert_int_eq(cti_center_agent_ready(F.cc, "trader"), 0);
	line_au = fx_audio(line, 5000);
	fx_run(500);
	ck_assert(fx_hears(line_au, NULL, 0, 10)); /* idle: silence */

	/* a caller: joined at once, no ringing */
	t_dial = cti_now_ms(F.ctx);
	c1 = fx_dial("95501", "1001");
	fx_run(60);
	q = fx_cfind(0, CTI_CENTER_EV_QUEUED, 0);
	ck_assert_int_ge(q, 0);
	i = fx_cfind(q, CTI_CENTER_EV_CONNECTED, F.cev[q].call);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.cev[i].time_ms, F.cev[q].time_ms);
	c_au = fx_audio(c1, 1000);
	/* the zip tone: 200 ms of 440 Hz on the line */
	fx_run(100);
	ck_assert(cti_power_dbm0(line_au->heard[399], 160) > -20.0);
	ck_assert(!fx_hears(line_au, &c_au, 1, 1));
	fx_run(500);
	ck_assert(fx_hears(line_au, &c_au, 1, 10));
	ck_assert(fx_hears(c_au, &line_au, 1, 10));
	/* the caller hangs up: the line stays up */
	ck_assert_int_eq(cti_call_clear(F.ctx, c1, 16), 0);
	fx_run(3000);
	ck_assert_int_lt(fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, line), 0);
	i = fx_cfind(0, CTI_CENTER_EV_CDR, F.cev[q].call);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.cev[i].u.cdr.outcome, CTI_ACD_ANSWERED);
	ck_assert_int_eq(F.cev[i].u.cdr.wait_ms, 0);
	ck_assert_int_eq(F.cev[i].u.cdr.wrap_ms, 2000);
	(void)t_dial;
	/* a second caller on the same line; then the line drops */
	c2 = fx_dial("95501", "1002");
	fx_run(500);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_CONNECTED), 2);
	ck_assert_int_eq(cti_call_clear(F.ctx, line, 16), 0);
	fx_run(200);
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, c2);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(cti_center_agent_state(F.cc, "trader", &st, &reason),
			 0);
	ck_assert_uint_eq(st, CTI_AGENT_NOT_READY);
	ck_assert_int_eq(reason, 9003);
	ck_assert_int_eq(cti_center_agent_logout(F.cc, "trader"), 0);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

/* The agent's own outbound call: its phone first, then the number, the
 * agent hearing ringback; bridged when the number answers. */
START_TEST(agent_outbound_call)
{
	struct cti_center_route_config r = { .target = "queue:sales" };
	struct fx_audio *a_au, *x_au;
	cti_call_id_t ph, x = 0;
	uint32_t call = 0, st;
	int32_t reason;
	int i;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	fx_agent("alice", "2001", true);
	ck_assert_int_eq(cti_center_agent_dial(F.cc, "alice", "55x", &call),
			 CTI_EFORMAT);
	ck_assert_int_eq(
		cti_center_agent_dial(F.cc, "nobody", "5550123", &call),
		CTI_ENOENT);
	ck_assert_int_eq(cti_center_agent_dial(F.cc, "alice", "5550123", &call),
			 0);
	ck_assert_int_eq(cti_center_agent_state(F.cc, "alice", &st, &reason),
			 0);
	ck_assert_uint_eq(st, CTI_AGENT_NOT_READY);
	ck_assert_int_eq(reason, CTI_CENTER_REASON_OUTBOUND);
	fx_run(100);
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	a_au = fx_audio(ph, 5000);
	fx_run(200);
	for (int k = 0; k < F.n; k++)
		if (F.ev[k].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[k].u.call.span_id == F.pstn) {
			x = F.ev[k].u.call.call_id;
			ck_assert_str_eq(F.ev[k].u.call.dnis.digits, "5550123");
			ck_assert_str_eq(F.ev[k].u.call.ani.digits, "2001");
		}
	ck_assert_uint_gt(x, 0);
	/* ringback (425 Hz) while the number rings */
	fx_run(300);
	ck_assert(cti_power_dbm0(a_au->heard[399], 160) > -30.0);
	ck_assert_int_eq(cti_call_answer(F.ctx, x), 0);
	x_au = fx_audio(x, 9000);
	fx_run(500);
	i = fx_cfind(0, CTI_CENTER_EV_CONNECTED, call);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].target, "number:5550123");
	ck_assert(fx_hears(a_au, &x_au, 1, 10));
	ck_assert(fx_hears(x_au, &a_au, 1, 10));
	/* the number hangs up: the agent's phone is cleared */
	ck_assert_int_eq(cti_call_clear(F.ctx, x, 16), 0);
	fx_run(100);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, ph), 0);
	i = fx_cfind(0, CTI_CENTER_EV_RECORD, call);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].u.record.first_agent, "alice");
	ck_assert_str_eq(F.cev[i].u.record.number, "5550123");
	ck_assert_uint_eq(F.cev[i].u.record.segments, 0);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

TCase *control_tcase(void)
{
	TCase *tc = tcase_create("control");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, hold_and_retrieve_with_music);
	tcase_add_test(tc, monitor_whisper_barge);
	tcase_add_test(tc, consult_conference_then_transfer);
	tcase_add_test(tc, blind_transfer_to_a_queue);
	tcase_add_test(tc, tap_points_both_directions);
	tcase_add_test(tc, nailed_up_agent);
	tcase_add_test(tc, agent_outbound_call);
	return tc;
}
