// SPDX-License-Identifier: LGPL-2.1-or-later
/* Reconfiguration under load (ctid's reload), enumeration, and stopping
 * (ctid's SIGTERM drain): calls in a flow, queued, ringing, connected,
 * held and in wrap-up while flows, queues and routes change. */
#include <stdio.h>
#include <string.h>

#include "fixture.h"

static const char menu_v1[] = "state start\n"
			      "  collect choice min=1 max=1 first=20000 "
			      "prompt=en/menu\n"
			      "  on 1 goto sales\n"
			      "  hangup\n"
			      "state sales\n"
			      "  queue sales\n";
static const char menu_v2[] = "state start\n"
			      "  queue support\n";

static cti_flow_t *flow(const char *text)
{
	cti_flow_t *f;
	char why[128];

	ck_assert_msg(cti_flow_parse(&f, text, "menu.flow", F.ps, why,
				     sizeof(why), NULL) == 0,
		      "%s", why);
	return f;
}

static void route(const char *dnis, const char *target)
{
	struct cti_center_route_config r = { .dnis = dnis, .target = target };

	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
}

static uint32_t state_of(uint32_t call)
{
	struct cti_center_call_info info;

	ck_assert_int_eq(cti_center_call_get(F.cc, call, &info), 0);
	return info.state;
}

static uint32_t agent_state(const char *a)
{
	uint32_t st = 0;

	ck_assert_int_eq(cti_center_agent_state(F.cc, a, &st, NULL), 0);
	return st;
}

/* The engine call of the latest QUEUED (or ROUTED) event from `from`. */
static uint32_t newest(int from, int type)
{
	int i = fx_cfind(from, type, 0);

	ck_assert_int_ge(i, 0);
	return F.cev[i].call;
}

/* The time `agent` entered `state`, from `from` on. */
static uint64_t agent_entered(int from, const char *agent, uint32_t state)
{
	for (int i = from; i < F.nc; i++)
		if (F.cev[i].type == CTI_CENTER_EV_AGENT_STATE &&
		    F.cev[i].state == state && !strcmp(F.cev[i].agent, agent))
			return F.cev[i].time_ms;
	ck_abort_msg("%s never entered state %u", agent, state);
	return 0;
}

/* A queued call rings `ext`; answered if asked. Returns the phone. */
static cti_call_id_t ring(int from, const char *ext, bool answer)
{
	cti_call_id_t ph = fx_ringing(from, ext);

	ck_assert_uint_gt(ph, 0);
	if (answer) {
		ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
		fx_run(100);
	}
	return ph;
}

struct seen {
	uint32_t ids[16], states[16];
	struct cti_center_agent_info agents[8];
	int n;
};

static int see_call(void *u, cti_center_call_t call,
		    const struct cti_center_call_info *info)
{
	struct seen *s = u;

	s->ids[s->n] = call;
	s->states[s->n++] = info->state;
	return 0;
}

static int see_agent(void *u, const struct cti_center_agent_info *a)
{
	struct seen *s = u;

	s->agents[s->n++] = *a;
	return 0;
}

static int see_queue(void *u, const struct cti_center_queue_info *q)
{
	struct seen *s = u;

	ck_assert_int_lt(s->n, 8);
	snprintf(s->agents[s->n++].agent, CTI_NAME_MAX, "%s", q->name);
	return 0;
}

static int stop_at_second(void *u, cti_center_call_t call,
			  const struct cti_center_call_info *info)
{
	int *n = u;

	(void)call;
	(void)info;
	return ++*n == 2 ? 77 : 0;
}

/* Each CDR of the engine's call (low 32 bits) and segment `seg`. */
static int cdrs_of(uint32_t call, uint32_t seg)
{
	int n = 0;

	for (int i = 0; i < F.nc; i++)
		n += F.cev[i].type == CTI_CENTER_EV_CDR &&
		     F.cev[i].u.cdr.call_id == ((uint64_t)seg << 32 | call);
	return n;
}

START_TEST(reload_under_load)
{
	struct cti_center_queue_config sales = { .acd = { .name = "sales" } };
	struct cti_center_queue_info qi;
	struct cti_center_call_info info4;
	cti_call_id_t c1, c2, c3, c4, c5, c6, ph1, ph3, ph4;
	cti_flow_t *v1, *v2;
	uint32_t k1, k3, k4, k5, k6;
	uint64_t t_wrap, t_offer3, t_offer4, t;
	struct seen s = { 0 };
	int mark, mark2, i, n = 0;

	fx_open();
	v1 = flow(menu_v1);
	v2 = flow(menu_v2);
	ck_assert_int_eq(cti_center_flow_add(F.cc, "menu", v1), 0);
	fx_queue("sales", CTI_ACD_LINEAR, 10000, 5000);
	fx_queue("support", CTI_ACD_LONGEST_IDLE, 0, 0);
	route("95500", "flow:menu");
	route("95501", "queue:sales");

	/* alice answers call 1 and holds it */
	fx_agent("alice", "2001", true);
	c1 = fx_dial("95501", "1001");
	fx_run(100);
	k1 = newest(0, CTI_CENTER_EV_QUEUED);
	ph1 = ring(0, "2001", true);
	ck_assert_int_eq(cti_center_agent_hold(F.cc, "alice"), 0);
	/* bob answers call 2, whose caller hangs up: bob in wrap-up (5 s) */
	fx_agent("bob", "2002", true);
	mark = F.n;
	c2 = fx_dial("95501", "1002");
	fx_run(100);
	ring(mark, "2002", true);
	fx_run(1000);
	mark2 = F.nc;
	ck_assert_int_eq(cti_call_clear(F.ctx, c2, 16), 0);
	fx_run(100);
	t_wrap = agent_entered(mark2, "bob", CTI_AGENT_WRAP_UP);
	/* carol's phone rings with call 3 (ring time 10 s) */
	fx_agent("carol", "2003", true);
	mark = F.nc;
	c3 = fx_dial("95501", "1003");
	fx_run(100);
	k3 = newest(mark, CTI_CENTER_EV_QUEUED);
	t_offer3 = F.cev[fx_cfind(mark, CTI_CENTER_EV_OFFERED, k3)].time_ms;
	ph3 = fx_ringing(0, "2003");
	ck_assert_uint_gt(ph3, 0);
	/* call 4 waits; call 5 is in the flow's menu */
	mark = F.nc;
	c4 = fx_dial("95501", "1004");
	fx_run(100);
	k4 = newest(mark, CTI_CENTER_EV_QUEUED);
	mark = F.nc;
	c5 = fx_dial("95500", "1005");
	fx_run(100);
	k5 = newest(mark, CTI_CENTER_EV_ROUTED);

	/* what an operator sees */
	ck_assert_int_eq(cti_center_foreach_call(F.cc, see_call, &s), 4);
	ck_assert_uint_eq(s.ids[0], k1);
	ck_assert_uint_eq(s.states[0], CTI_CENTER_CALL_HELD);
	ck_assert_uint_eq(s.ids[1], k3);
	ck_assert_uint_eq(s.states[1], CTI_CENTER_CALL_RINGING);
	ck_assert_uint_eq(s.ids[2], k4);
	ck_assert_uint_eq(s.states[2], CTI_CENTER_CALL_QUEUED);
	ck_assert_uint_eq(s.ids[3], k5);
	ck_assert_uint_eq(s.states[3], CTI_CENTER_CALL_FLOW);
	ck_assert_int_eq(cti_center_foreach_call(F.cc, stop_at_second, &n), 77);
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(cti_center_foreach_agent(F.cc, see_agent, &s), 3);
	ck_assert_str_eq(s.agents[0].agent, "alice");
	ck_assert_str_eq(s.agents[0].extension, "2001");
	ck_assert_uint_eq(s.agents[0].state, CTI_AGENT_HOLD);
	ck_assert_uint_eq(s.agents[0].call, k1);
	ck_assert_uint_eq(s.agents[0].answered, 1);
	ck_assert_str_eq(s.agents[1].agent, "bob");
	ck_assert_uint_eq(s.agents[1].state, CTI_AGENT_WRAP_UP);
	ck_assert_uint_eq(s.agents[1].state_since_ms, t_wrap);
	ck_assert_uint_eq(s.agents[1].call, 0);
	ck_assert_uint_eq(s.agents[1].answered, 1);
	ck_assert_str_eq(s.agents[2].agent, "carol");
	ck_assert_uint_eq(s.agents[2].state, CTI_AGENT_RESERVED);
	ck_assert_uint_eq(s.agents[2].state_since_ms, t_offer3);
	ck_assert_uint_eq(s.agents[2].call, k3);
	ck_assert_uint_eq(s.agents[2].answered, 0);
	ck_assert_int_eq(cti_center_queue_get(F.cc, "sales", &qi), 0);
	ck_assert_uint_eq(qi.waiting, 2);
	ck_assert_uint_eq(qi.oldest_wait_ms, cti_now_ms(F.ctx) - t_offer3);
	ck_assert_uint_eq(qi.staffed, 3);
	ck_assert_uint_eq(qi.ready, 0);
	ck_assert_uint_eq(qi.current.offered, 4);
	ck_assert_uint_eq(qi.current.answered, 2);
	ck_assert_int_eq(cti_center_queue_get(F.cc, "nosuch", &qi), CTI_ENOENT);
	ck_assert_int_eq(cti_center_call_get(F.cc, k4, &info4), 0);

	/* the reload: sales changes in place, the menu is replaced, the
	 * routes are made again */
	ck_assert_int_eq(cti_center_queue_remove(F.cc, "sales"), CTI_EBUSY);
	sales.acd.strategy = CTI_ACD_LONGEST_IDLE;
	sales.acd.ring_ms = 8000;
	sales.acd.wrap_up_ms = 2000;
	ck_assert_int_eq(cti_center_queue_update(F.cc, &sales), 0);
	ck_assert_int_eq(cti_center_flow_replace(F.cc, "menu", v2), 0);
	ck_assert(cti_center_flow_in_use(F.cc, v1));
	ck_assert(!cti_center_flow_in_use(F.cc, v2));
	ck_assert_int_eq(cti_center_routes_clear(F.cc), 0);
	route("95500", "flow:menu");
	route("95501", "queue:sales");
	/* nothing in progress moved */
	ck_assert_uint_eq(state_of(k1), CTI_CENTER_CALL_HELD);
	ck_assert_uint_eq(state_of(k3), CTI_CENTER_CALL_RINGING);
	ck_assert_uint_eq(state_of(k5), CTI_CENTER_CALL_FLOW);
	{
		struct cti_center_call_info now4;

		ck_assert_int_eq(cti_center_call_get(F.cc, k4, &now4), 0);
		ck_assert_uint_eq(now4.state, CTI_CENTER_CALL_QUEUED);
		ck_assert_uint_eq(now4.queued_ms, info4.queued_ms);
		ck_assert_str_eq(now4.queue, "sales");
	}

	/* bob's wrap-up keeps its 5 s: then call 4 rings him, with the new
	 * ring time (8 s) */
	mark = F.n;
	fx_run(t_wrap + 5000 - cti_now_ms(F.ctx) + 100);
	ck_assert_uint_eq(agent_entered(mark2, "bob", CTI_AGENT_READY),
			  t_wrap + 5000);
	i = fx_cfind(0, CTI_CENTER_EV_OFFERED, k4);
	ck_assert_int_ge(i, 0);
	t_offer4 = F.cev[i].time_ms;
	ck_assert_uint_eq(t_offer4, t_wrap + 5000);
	ck_assert_str_eq(F.cev[i].agent, "bob");
	ph4 = fx_ringing(mark, "2002");
	ck_assert_uint_gt(ph4, 0);

	/* call 5 still runs the old menu: 1 takes it to sales */
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, c5, "1"), 0);
	fx_run(1000);
	ck_assert_uint_eq(state_of(k5), CTI_CENTER_CALL_QUEUED);
	ck_assert(!cti_center_flow_in_use(F.cc, v1));
	/* a new caller runs the new one: straight to support */
	mark = F.nc;
	c6 = fx_dial("95500", "1006");
	fx_run(100);
	k6 = newest(mark, CTI_CENTER_EV_QUEUED);
	ck_assert_str_eq(F.cev[fx_cfind(mark, CTI_CENTER_EV_QUEUED, k6)].queue,
			 "support");

	/* carol's offer keeps its 10 s: RONA then, cause 19 */
	t = t_offer3 + 10000;
	fx_run(t + 100 - cti_now_ms(F.ctx));
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, ph3);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, CTI_CAUSE_NO_ANSWER);
	ck_assert_uint_eq(F.ev[i].time_ms, t);
	/* bob's, made after the update, rings out after 8 s */
	t = t_offer4 + 8000;
	fx_run(t + 100 - cti_now_ms(F.ctx));
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, F.phones, ph4);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, CTI_CAUSE_NO_ANSWER);
	ck_assert_uint_eq(F.ev[i].time_ms, t);
	ck_assert_uint_eq(agent_state("bob"), CTI_AGENT_NOT_READY);
	ck_assert_uint_eq(agent_state("carol"), CTI_AGENT_NOT_READY);

	/* alice's call ends after the update: the new wrap-up (2 s), then
	 * the longest waiting of sales (call 3, 1003) rings her */
	ck_assert_int_eq(cti_center_agent_retrieve(F.cc, "alice"), 0);
	fx_run(100);
	mark = F.nc;
	ck_assert_int_eq(cti_call_clear(F.ctx, c1, 16), 0);
	fx_run(100);
	t = agent_entered(mark, "alice", CTI_AGENT_WRAP_UP);
	ck_assert_int_eq(cti_center_agent_wrap_code(F.cc, "alice", 31), 0);
	ck_assert_int_eq(cti_center_agent_wrap_code(F.cc, "bob", 31),
			 CTI_ESTATE);
	fx_run(2000);
	ck_assert_uint_eq(agent_entered(mark, "alice", CTI_AGENT_READY),
			  t + 2000);
	i = fx_cfind(mark, CTI_CENTER_EV_OFFERED, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.cev[i].call, k3);
	ck_assert_str_eq(F.cev[i].agent, "alice");
	i = fx_cfind(0, CTI_CENTER_EV_CDR, k1);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.cev[i].u.cdr.wrap_code, 31);
	ck_assert_int_eq(F.cev[i].u.cdr.wrap_ms, 2000);
	ck_assert_uint_eq(cdrs_of(k1, 0), 1);
	(void)ph1;

	/* removal waits for what needs it */
	ck_assert_int_eq(cti_center_flow_remove(F.cc, "menu"), CTI_EBUSY);
	ck_assert_int_eq(cti_center_routes_clear(F.cc), 0);
	ck_assert_int_eq(cti_center_flow_remove(F.cc, "menu"), 0);
	ck_assert_int_eq(cti_center_flow_remove(F.cc, "menu"), CTI_ENOENT);
	ck_assert_int_eq(cti_center_queue_remove(F.cc, "sales"), CTI_EBUSY);

	/* stop: every call cleared with 16, agents freed, records out */
	mark = F.n;
	ck_assert_int_eq(cti_center_hangup_all(F.cc, 0), 4);
	fx_run(500);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	{
		const cti_call_id_t callers[] = { c3, c4, c5, c6 };

		for (size_t k = 0; k < 4; k++) {
			i = fx_find(mark, CTI_EVENT_CALL_CLEARED, F.pstn,
				    callers[k]);
			ck_assert_int_ge(i, 0);
			ck_assert_int_eq(F.ev[i].u.call.cause, 16);
		}
	}
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_RECORD), 6);
	ck_assert_uint_eq(cdrs_of(k3, 0), 1);
	ck_assert_uint_eq(cdrs_of(k4, 0), 1);
	ck_assert_uint_eq(cdrs_of(k5, 0), 1);
	ck_assert_uint_eq(cdrs_of(k6, 0), 1);
	ck_assert_uint_eq(agent_state("alice"), CTI_AGENT_READY);
	/* nothing is in sales now */
	ck_assert_int_eq(cti_center_queue_remove(F.cc, "sales"), 0);
	ck_assert_int_eq(cti_center_queue_get(F.cc, "sales", &qi), CTI_ENOENT);
	ck_assert_int_eq(cti_center_queue_update(F.cc, &sales), CTI_ENOENT);
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(cti_center_foreach_queue(F.cc, see_queue, &s), 1);
	ck_assert_str_eq(s.agents[0].agent, "support");
	fx_close();
	cti_flow_free(v1);
	cti_flow_free(v2);
}
END_TEST

START_TEST(every_refusal)
{
	struct cti_center_queue_config q = { .acd = { .name = "vip" } };
	struct cti_center_schedule_config sc = { .name = "office",
						 .n_hours = 1 };
	struct cti_center_route_config r = { .dnis = "95502",
					     .target = "queue:sales",
					     .schedule = "office",
					     .closed_target = "reject:17" };
	struct cti_acd_skill sk[64] = { { 1, 1 } };
	cti_flow_t *f;

	fx_open();
	f = flow(menu_v2);
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	fx_queue("support", CTI_ACD_LONGEST_IDLE, 0, 0);
	ck_assert_int_eq(cti_center_flow_add(F.cc, "menu", f), 0);
	sc.hours[0] = (struct cti_center_hours){ 0x3e, 9 * 60, 18 * 60 };
	ck_assert_int_eq(cti_center_schedule_add(F.cc, &sc), 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	/* flows */
	ck_assert_int_eq(cti_center_flow_replace(F.cc, "nosuch", f),
			 CTI_ENOENT);
	ck_assert_int_eq(cti_center_flow_replace(F.cc, "menu", NULL),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_center_flow_remove(F.cc, "nosuch"), CTI_ENOENT);
	/* a queue's exit targets the flow, the ACD overflows vip to sales */
	q.acd.exit_action = "flow:menu";
	q.acd.max_wait_ms = 60000;
	q.acd.n_overflow = 1;
	q.acd.overflow[0] = (struct cti_acd_overflow){ 20000, "sales" };
	ck_assert_int_eq(cti_center_queue_add(F.cc, &q), 0);
	ck_assert_int_eq(cti_center_flow_remove(F.cc, "menu"), CTI_EBUSY);
	/* queues */
	ck_assert_int_eq(cti_center_queue_remove(F.cc, "sales"), CTI_EBUSY);
	ck_assert_int_eq(cti_center_queue_remove(F.cc, "nosuch"), CTI_ENOENT);
	ck_assert_int_eq(cti_center_queue_remove(F.cc, NULL), CTI_EINVAL);
	q.acd.overflow[0].target = "vip";
	ck_assert_int_eq(cti_center_queue_update(F.cc, &q), CTI_EINVAL);
	q.acd.overflow[0].target = "nosuch";
	ck_assert_int_eq(cti_center_queue_update(F.cc, &q), CTI_ENOENT);
	q.acd.n_overflow = 0;
	q.music = "no/such/prompt";
	ck_assert_int_eq(cti_center_queue_update(F.cc, &q), CTI_ENOENT);
	q.music = NULL;
	q.escape_digit = 'x';
	q.escape_target = "queue:support";
	ck_assert_int_eq(cti_center_queue_update(F.cc, &q), CTI_EINVAL);
	q.escape_digit = '1';
	ck_assert_int_eq(cti_center_queue_update(F.cc, &q), 0);
	/* vip's escape now targets support */
	ck_assert_int_eq(cti_center_queue_remove(F.cc, "support"), CTI_EBUSY);
	/* sales is free of overflow now; the route still targets it */
	ck_assert_int_eq(cti_center_queue_remove(F.cc, "sales"), CTI_EBUSY);
	/* an agent's own queue is the engine's */
	r.dnis = "95503";
	r.schedule = NULL;
	r.closed_target = NULL;
	r.target = "agent:alice";
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	ck_assert_int_eq(cti_center_queue_remove(F.cc, "agent:alice"),
			 CTI_EINVAL);
	q.acd.name = "agent:alice";
	ck_assert_int_eq(cti_center_queue_update(F.cc, &q), CTI_EINVAL);
	/* schedules */
	ck_assert_int_eq(cti_center_schedule_remove(F.cc, "office"), CTI_EBUSY);
	ck_assert_int_eq(cti_center_schedule_remove(F.cc, "nosuch"),
			 CTI_ENOENT);
	sc.name = "nosuch";
	ck_assert_int_eq(cti_center_schedule_replace(F.cc, &sc), CTI_ENOENT);
	sc.name = "office";
	sc.hours[0].close_min = 1441;
	ck_assert_int_eq(cti_center_schedule_replace(F.cc, &sc), CTI_EINVAL);
	sc.hours[0].close_min = 24 * 60;
	ck_assert_int_eq(cti_center_schedule_replace(F.cc, &sc), 0);
	/* extensions and agents */
	fx_agent("alice", "2001", false);
	ck_assert_int_eq(cti_center_extension_remove(F.cc, "2001"), CTI_EBUSY);
	ck_assert_int_eq(cti_center_extension_remove(F.cc, "9999"), CTI_ENOENT);
	ck_assert_int_eq(cti_center_extension_remove(F.cc, "2004"), 0);
	ck_assert_int_eq(cti_center_extension_remove(F.cc, "2004"), CTI_ENOENT);
	ck_assert_int_eq(cti_center_agent_login(F.cc, "bob", "2004", NULL, 0),
			 CTI_ENOENT);
	ck_assert_int_eq(cti_center_agent_set_skills(F.cc, "bob", sk, 1),
			 CTI_ENOENT);
	ck_assert_int_eq(cti_center_agent_set_skills(F.cc, "alice", sk, 64),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_center_agent_set_skills(F.cc, "alice", NULL, 1),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_center_agent_set_skills(F.cc, "alice", sk, 1), 0);
	ck_assert_int_eq(cti_center_agent_wrap_code(F.cc, "alice", 1),
			 CTI_ESTATE);
	ck_assert_int_eq(cti_center_agent_wrap_code(F.cc, "bob", 1),
			 CTI_ENOENT);
	/* stopping */
	ck_assert_int_eq(cti_center_refuse_new(F.cc, 128), CTI_EINVAL);
	ck_assert_int_eq(cti_center_refuse_new(F.cc, -1), CTI_EINVAL);
	ck_assert_int_eq(cti_center_hangup_all(F.cc, 128), CTI_EINVAL);
	ck_assert_int_eq(cti_center_hangup_all(F.cc, 16), 0);
	ck_assert_int_eq(cti_center_foreach_call(F.cc, NULL, NULL), CTI_EINVAL);
	/* the removals took: the queue and schedule go, routes clear */
	ck_assert_int_eq(cti_center_routes_clear(F.cc), 0);
	ck_assert_int_eq(cti_center_schedule_remove(F.cc, "office"), 0);
	ck_assert(!cti_center_schedule_open(F.cc, "office"));
	ck_assert_int_eq(cti_center_queue_remove(F.cc, "vip"), 0);
	ck_assert_int_eq(cti_center_queue_remove(F.cc, "support"), 0);
	ck_assert_int_eq(cti_center_queue_remove(F.cc, "sales"), 0);
	/* a queue of a removed one's name is a new queue */
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	fx_close();
	cti_flow_free(f);
}
END_TEST

START_TEST(refuse_new_then_hang_up_all)
{
	cti_call_id_t c1, c2, c3, ph;
	uint64_t t_up, t_end;
	uint32_t k1;
	int i, mark;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 30000);
	route("95501", "queue:sales");
	fx_agent("alice", "2001", true);
	c1 = fx_dial("95501", "1001");
	fx_run(100);
	k1 = newest(0, CTI_CENTER_EV_QUEUED);
	ph = ring(0, "2001", true);
	t_up = F.cev[fx_cfind(0, CTI_CENTER_EV_CONNECTED, k1)].time_ms;
	/* draining: new callers are refused with 42, the call goes on */
	ck_assert_int_eq(cti_center_refuse_new(F.cc, 42), 0);
	mark = F.nc;
	c2 = fx_dial("95501", "1002");
	fx_run(200);
	i = fx_cfind(mark, CTI_CENTER_EV_REJECTED, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.cev[i].cause, 42);
	/* the caller's side: its call could not be set up (CALL_FAILED,
	 * the library's CLEARED of a call never answered), cause 42 */
	ck_assert_int_lt(fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, c2), 0);
	i = fx_find(0, CTI_EVENT_CALL_FAILED, F.pstn, c2);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, 42);
	ck_assert_int_lt(fx_find(0, CTI_EVENT_CALL_ESTABLISHED, F.pstn, c2), 0);
	ck_assert_uint_eq(state_of(k1), CTI_CENTER_CALL_CONNECTED);
	/* accepting again */
	ck_assert_int_eq(cti_center_refuse_new(F.cc, 0), 0);
	mark = F.nc;
	c3 = fx_dial("95501", "1003");
	fx_run(100);
	ck_assert_int_ge(fx_cfind(mark, CTI_CENTER_EV_QUEUED, 0), 0);
	/* the drain timeout: everything goes with 16; alice's 30 s
	 * wrap-up ends at once so the CDR is out */
	fx_run(2000);
	mark = F.n;
	t_end = cti_now_ms(F.ctx);
	ck_assert_int_eq(cti_center_hangup_all(F.cc, 0), 2);
	fx_run(200);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	i = fx_find(mark, CTI_EVENT_CALL_CLEARED, F.pstn, c1);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, 16);
	i = fx_find(mark, CTI_EVENT_CALL_CLEARED, F.pstn, c3);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, 16);
	ck_assert_int_ge(fx_find(mark, CTI_EVENT_CALL_CLEARED, F.phones, ph),
			 0);
	ck_assert_uint_eq(cdrs_of(k1, 0), 1);
	i = fx_cfind(0, CTI_CENTER_EV_CDR, k1);
	ck_assert_int_eq(F.cev[i].u.cdr.outcome, CTI_ACD_ANSWERED);
	ck_assert_int_eq(F.cev[i].u.cdr.wrap_ms, 0);
	ck_assert_int_eq(F.cev[i].u.cdr.talk_ms, (int64_t)(t_end - t_up));
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_CDR), 2);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_RECORD), 3);
	for (i = 0; i < F.nc; i++)
		if (F.cev[i].type == CTI_CENTER_EV_RECORD &&
		    F.cev[i].call != newest(0, CTI_CENTER_EV_REJECTED))
			ck_assert_int_eq(F.cev[i].u.record.cause, 16);
	ck_assert_uint_eq(agent_state("alice"), CTI_AGENT_READY);
	fx_close();
}
END_TEST

static int hang_up(void *u, cti_center_call_t call,
		   const struct cti_center_call_info *info)
{
	(void)u;
	ck_assert_uint_eq(info->state, CTI_CENTER_CALL_QUEUED);
	ck_assert_int_eq(cti_center_call_hangup(F.cc, call, 16), 0);
	return 0;
}

static int log_out(void *u, const struct cti_center_agent_info *a)
{
	int *n = u;

	ck_assert_int_eq(cti_center_agent_logout(F.cc, a->agent), 0);
	/* a login from the callback moves the agent table */
	if (!(*n)++)
		ck_assert_int_eq(
			cti_center_agent_login(F.cc, "zed", "2004", NULL, 0),
			0);
	return 0;
}

START_TEST(callbacks_change_what_is_walked)
{
	int n = 0;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	route("95501", "queue:sales");
	for (int i = 0; i < 3; i++)
		fx_dial("95501", "1001");
	fx_run(200);
	ck_assert_uint_eq(cti_center_calls(F.cc), 3);
	ck_assert_int_eq(cti_center_foreach_call(F.cc, hang_up, NULL), 3);
	fx_run(200);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_CDR), 3);
	fx_agent("alice", "2001", false);
	fx_agent("bob", "2002", false);
	fx_agent("carol", "2003", false);
	/* zed logs in during the walk: not visited (it began after) */
	ck_assert_int_eq(cti_center_foreach_agent(F.cc, log_out, &n), 3);
	ck_assert_int_eq(cti_center_foreach_agent(F.cc, log_out, &n), 1);
	ck_assert_int_eq(cti_center_foreach_agent(F.cc, log_out, &n), 0);
	fx_close();
}
END_TEST

TCase *reload_tcase(void)
{
	TCase *tc = tcase_create("reload");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, reload_under_load);
	tcase_add_test(tc, every_refusal);
	tcase_add_test(tc, refuse_new_then_hang_up_all);
	tcase_add_test(tc, callbacks_change_what_is_walked);
	return tc;
}
