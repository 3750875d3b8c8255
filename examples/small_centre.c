// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * small_centre: a complete call centre on the loop backend. A trunk span
 * faces the "exchange", a station span the agents' phones; calls to 95500
 * run a flow (press 1 for an agent) and queue for two agents. This
 * program also plays the far ends (one caller, the phones) so it runs
 * alone, on the virtual clock: the engine needs no other glue.
 * Usage: small_centre [PROMPT_DIR]      (build/prompts)
 */
#include <stdio.h>
#include <string.h>
#include "cti/cti.h"

static const char flow_text[] =
	"state start\n  collect choice min=1 max=1 first=5000 prompt=en/menu\n"
	"  on 1 goto agent\n  hangup\nstate agent\n  queue hotline\n";

static cti_center_t *cc; /* the engine */
static cti_span_id_t pstn, trunk, station, phones;
static cti_call_id_t caller;

static void key_one(cti_ctx_t *ctx, void *u)
{
	(void)u;
	cti_call_send_dtmf(ctx, caller, "1");
}

static void phone_hangs_up(cti_ctx_t *ctx, void *u)
{
	cti_call_clear(ctx, (cti_call_id_t)(uintptr_t)u, 16);
}

static void phone_answers(cti_ctx_t *ctx, void *u)
{
	cti_call_answer(ctx, (cti_call_id_t)(uintptr_t)u);
	cti_timer_start(ctx, 5000, phone_hangs_up, u);
}

/* The far ends: the caller keys 1 when the centre answers; a phone that
 * rings answers after 2 s and talks for 5 s. */
static void far_end(cti_ctx_t *ctx, const struct cti_event *ev)
{
	const struct cti_call_event *c = &ev->u.call;

	if (ev->type == CTI_EVENT_CALL_ESTABLISHED && c->call_id == caller)
		cti_timer_start(ctx, 1500, key_one, NULL);
	if (ev->type == CTI_EVENT_CALL_OFFERED && c->span_id == phones)
		cti_timer_start(ctx, 2000, phone_answers,
				(void *)(uintptr_t)c->call_id);
	if (ev->type == CTI_EVENT_CALL_CLEARED && c->call_id == caller)
		cti_ctx_stop(ctx);
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	struct cti_center_event ce;

	(void)u;
	if (!cti_center_handle_event(cc, ev))
		far_end(ctx, ev);
	while (cti_center_next_event(cc, &ce) > 0) {
		printf("%7.3f s  %-11s call %u %s %s %s\n", ce.time_ms / 1e3,
		       cti_center_event_name((int)ce.type), ce.call, ce.queue,
		       ce.agent, ce.data);
		if (ce.type == CTI_CENTER_EV_CDR)
			printf("           CDR: %s answered by %s after %lld ms,"
			       " talk %lld ms\n",
			       ce.u.cdr.ani, ce.u.cdr.agent,
			       (long long)ce.u.cdr.wait_ms,
			       (long long)ce.u.cdr.talk_ms);
	}
}

int main(int argc, char **argv)
{
	struct cti_ctx_config cx = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti_span_config net = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_NET };
	struct cti_span_config cpe = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_CPE };
	struct cti_center_queue_config q = {
		.acd = { .name = "hotline", .wrap_up_ms = 3000 },
		.announce_position = true,
		.announce_wait = true,
	};
	struct cti_center_route_config r = { .dnis = "95500",
					     .target = "flow:main" };
	struct cti_call_params p = { .dnis = { "95500" },
				     .ani = { "13912345678" } };
	cti_prompts_t *ps = NULL;
	cti_flow_t *flow = NULL;
	cti_ctx_t *ctx = NULL;
	char why[256] = "";
	int rc;

	if (cti_prompts_new(&ps, NULL) ||
	    cti_prompts_load_dir(ps, argc > 1 ? argv[1] : "build/prompts", why,
				 sizeof(why)) < 0 ||
	    cti_flow_parse(&flow, flow_text, "main", ps, why, sizeof(why),
			   NULL)) {
		fprintf(stderr, "small_centre: prompts or flow: %s\n", why);
		return 1;
	}
	struct cti_center_config cfg = { .prompts = ps };
	struct cti_center_trunk_config tn = {
		"pstn", CTI_CENTER_TRUNK_NETWORK, &trunk, 1, { 0 }
	};
	struct cti_center_trunk_config ts = {
		"phones", CTI_CENTER_TRUNK_STATIONS, &station, 1, { 0 }
	};
	struct cti_center_extension_config x[2] = {
		{ .number = "2001", .trunk = "phones" },
		{ .number = "2002", .trunk = "phones" },
	};

	if ((rc = cti_ctx_new(&ctx, &cx)) ||
	    (rc = cti_span_open_loop(ctx, &pstn, &trunk, &net, &cpe, NULL)) ||
	    (rc = cti_span_open_loop(ctx, &station, &phones, &net, &cpe,
				     NULL)) ||
	    (rc = cti_center_new(&cc, ctx, &cfg)) ||
	    (rc = cti_clock_advance(ctx, 4000)) ||
	    (rc = cti_center_trunk_add(cc, &tn)) ||
	    (rc = cti_center_trunk_add(cc, &ts)) ||
	    (rc = cti_center_flow_add(cc, "main", flow)) ||
	    (rc = cti_center_queue_add(cc, &q)) ||
	    (rc = cti_center_route_add(cc, &r)) ||
	    (rc = cti_center_extension_add(cc, &x[0])) ||
	    (rc = cti_center_extension_add(cc, &x[1])) ||
	    (rc = cti_center_agent_login(cc, "alice", "2001", NULL, 0)) ||
	    (rc = cti_center_agent_login(cc, "bob", "2002", NULL, 0)) ||
	    (rc = cti_center_agent_ready(cc, "bob"))) {
		fprintf(stderr, "small_centre: %s\n", cti_strerror(rc));
		return 1;
	}
	cti_ctx_set_event_cb(ctx, on_event, NULL);
	p.span = pstn;
	if ((rc = cti_call_make(ctx, &caller, &p)) || (rc = cti_ctx_run(ctx))) {
		fprintf(stderr, "small_centre: %s\n", cti_strerror(rc));
		return 1;
	}
	cti_clock_advance(ctx, 4000); /* wrap-up ends: the CDR */
	cti_center_free(cc);
	cti_ctx_free(ctx);
	cti_flow_free(flow);
	cti_prompts_free(ps);
	return 0;
}
