// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench/center: calls the engine carries at once on the loop backend, a
 * third in a flow (DTMF detection while collecting), a third queued
 * (music on hold), a third bridged to an agent's phone; CPU time per
 * second of virtual time (the share of one core), for the engine and
 * both far ends together (the loop spans and the test's players are
 * counted too). A context holds at most 64 spans, so the largest run is
 * 240 calls per kind on 16 trunk pairs and 8 station pairs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cti/cti.h"

static cti_center_t *cc;
static cti_span_id_t phones[16];
static unsigned n_phones;

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	struct cti_center_event ce;

	(void)u;
	if (!cti_center_handle_event(cc, ev) &&
	    ev->type == CTI_EVENT_CALL_OFFERED)
		for (unsigned i = 0; i < n_phones; i++)
			if (ev->u.call.span_id == phones[i])
				cti_call_answer(ctx, ev->u.call.call_id);
	while (cti_center_next_event(cc, &ce) > 0)
		;
}

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(const unsigned kinds[3], unsigned trunks, unsigned stations)
{
	struct cti_ctx_config cx = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti_span_config net = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_NET };
	struct cti_span_config cpe = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_CPE };
	cti_span_id_t pstn[32], trunk[32], station[16];

	cti_prompts_t *ps = NULL;
	cti_ctx_t *ctx;
	char why[128];
	int err;
	cti_flow_t *flow;

	if (cti_prompts_new(&ps, NULL) ||
	    cti_prompts_load_dir(ps, "build/prompts", NULL, 0) < 0)
		return 1;
	err = cti_flow_parse(&flow,
			     "state s\n  collect x min=4 max=4 "
			     "first=600000\n  hangup\n",
			     "bench", ps, why, sizeof(why), NULL);
	if (err || cti_ctx_new(&ctx, &cx))
		return 1;
	for (unsigned i = 0; i < trunks; i++)
		if (cti_span_open_loop(ctx, &pstn[i], &trunk[i], &net, &cpe,
				       NULL))
			return 1;
	for (unsigned i = 0; i < stations; i++)
		if (cti_span_open_loop(ctx, &station[i], &phones[i], &net, &cpe,
				       NULL))
			return 1;
	n_phones = stations;
	struct cti_center_config cfg = { .prompts = ps };
	struct cti_center_trunk_config tn = {
		"pstn", CTI_CENTER_TRUNK_NETWORK, trunk, trunks, { 0 }
	};
	struct cti_center_trunk_config ts = {
		"phones", CTI_CENTER_TRUNK_STATIONS, station, stations, { 0 }
	};
	struct cti_center_queue_config hold = {
		.acd = { .name = "hold",
			 .skills = { { 9, 1 } },
			 .n_skills = 1 },
	};
	struct cti_center_queue_config talk = { .acd = { .name = "talk" } };
	struct cti_center_route_config r1 = { .dnis = "1", .target = "flow:f" };
	struct cti_center_route_config r2 = { .dnis = "2",
					      .target = "queue:hold" };
	struct cti_center_route_config r3 = { .dnis = "3",
					      .target = "queue:talk" };

	if (cti_center_new(&cc, ctx, &cfg) || cti_clock_advance(ctx, 4000) ||
	    cti_center_trunk_add(cc, &tn) ||
	    (stations && cti_center_trunk_add(cc, &ts)) ||
	    cti_center_flow_add(cc, "f", flow) ||
	    cti_center_queue_add(cc, &hold) ||
	    cti_center_queue_add(cc, &talk) || cti_center_route_add(cc, &r1) ||
	    cti_center_route_add(cc, &r2) || cti_center_route_add(cc, &r3))
		return 1;
	for (unsigned i = 0; i < kinds[2]; i++) {
		char ext[16], name[16];
		struct cti_center_extension_config x = { .number = ext,
							 .trunk = "phones" };

		snprintf(ext, sizeof(ext), "%u", 5000 + i);
		snprintf(name, sizeof(name), "a%u", i);
		if (cti_center_extension_add(cc, &x) ||
		    cti_center_agent_login(cc, name, ext, NULL, 0) ||
		    cti_center_agent_ready(cc, name))
			return 1;
	}
	cti_ctx_set_event_cb(ctx, on_event, NULL);
	for (unsigned k = 0, n = 0; k < 3; k++)
		for (unsigned i = 0; i < kinds[k]; i++, n++) {
			struct cti_call_params p = { 0 };
			cti_call_id_t id;

			p.span = pstn[n / 30];
			snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%u",
				 k + 1);
			if (cti_call_make(ctx, &id, &p))
				return 1;
		}
	cti_clock_advance(ctx, 2000);
	double t0 = cpu_s();

	cti_clock_advance(ctx, 10 * 1000);
	double dt = cpu_s() - t0;
	size_t calls = cti_center_calls(cc);

	printf("center: %4zu calls (%u flow, %u queued, %u bridged) on %u+%u "
	       "E1 pairs: %.3f CPU s per s, %.1f us per call-second\n",
	       calls, kinds[0], kinds[1], kinds[2], trunks, stations, dt / 10.0,
	       dt / 10.0 / (double)calls * 1e6);
	cti_ctx_set_event_cb(ctx, NULL, NULL);
	cti_center_free(cc);
	cti_ctx_free(ctx);
	cti_flow_free(flow);
	cti_prompts_free(ps);
	return calls == kinds[0] + kinds[1] + kinds[2] ? 0 : 1;
}

int main(void)
{
	static const unsigned k120[3] = { 40, 40, 40 },
			      k480[3] = { 160, 160, 160 },
			      k720[3] = { 240, 240, 240 },
			      k960[3] = { 480, 480, 0 };

	/* 960 calls fill 32 trunk pairs, all 64 spans: no room for phones */
	return run(k120, 4, 2) || run(k480, 16, 6) || run(k720, 24, 8) ||
	       run(k960, 32, 0);
}
