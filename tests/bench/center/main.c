// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench/center: calls the engine carries at once on the loop backend;
 * CPU time per second of virtual time (the share of one core at real
 * time).
 *
 * One context holds at most 64 spans (32 loop pairs), so 1,920 calls (64
 * E1 trunks and their agents' phones) run as several contexts, one
 * engine each, served in turn by this one thread (1 s slices, as one
 * thread per context would each serve its own): 4 x 480 bridged calls
 * (16 trunk + 16 station pairs each), and 4 x 480 of the mix (a third in
 * a flow collecting digits with DTMF detection, a third queued with
 * music, a third bridged). The sum is the CPU the 1,920 calls need; a
 * thread per context spreads it over cores.
 *
 * The cost is split by running the same calls again without the engine:
 * the centre's side of each leg only answered (a bridged call: a trunk
 * leg and a phone leg), no audio callback. That baseline is the far ends,
 * the spans and the call layer; the difference is the engine's own (its
 * media graph on every leg, flows, music, mixer, the ACD).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cti/cti.h"

#define MAX_CTX	   4
#define SLICE_MS   1000
#define MEASURE_MS 10000

struct bench {
	cti_ctx_t *ctx;
	cti_center_t *cc; /* NULL: the baseline without the engine */
	cti_flow_t *flow;
	cti_span_id_t pstn[32], trunk[32], station[32], phones[32];
	unsigned trunks, stations, n_phone_calls;
	unsigned up_callers, up_phones; /* far ends connected */
};

static cti_prompts_t *prompts;

static bool on(const cti_span_id_t *v, unsigned n, cti_span_id_t id)
{
	for (unsigned i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

/* Without the engine: the centre's side answers a trunk call and, for a
 * call to "3", rings a phone, as the engine would; phones answer. */
static void baseline(struct bench *b, const struct cti_event *ev)
{
	const struct cti_call_event *c = &ev->u.call;
	struct cti_call_params p = { 0 };
	cti_call_id_t id;

	if (ev->type != CTI_EVENT_CALL_OFFERED)
		return;
	cti_call_answer(b->ctx, c->call_id);
	if (!on(b->trunk, b->trunks, c->span_id) || strcmp(c->dnis.digits, "3"))
		return;
	p.span = b->station[b->n_phone_calls / 30];
	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%u",
		 5000 + b->n_phone_calls++);
	cti_call_make(b->ctx, &id, &p);
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	struct bench *b = u;
	struct cti_center_event ce;

	if (ev->type == CTI_EVENT_CALL_ESTABLISHED &&
	    on(b->pstn, b->trunks, ev->u.call.span_id))
		b->up_callers++;
	if (ev->type == CTI_EVENT_CALL_ESTABLISHED &&
	    on(b->phones, b->stations, ev->u.call.span_id))
		b->up_phones++;
	if (!b->cc) {
		baseline(b, ev);
		return;
	}
	if (!cti_center_handle_event(b->cc, ev) &&
	    ev->type == CTI_EVENT_CALL_OFFERED &&
	    on(b->phones, b->stations, ev->u.call.span_id))
		cti_call_answer(ctx, ev->u.call.call_id);
	while (cti_center_next_event(b->cc, &ce) > 0)
		;
}

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int engine(struct bench *b, unsigned agents)
{
	struct cti_center_config cfg = { .prompts = prompts };
	struct cti_center_trunk_config tn = {
		"pstn", CTI_CENTER_TRUNK_NETWORK, b->trunk, b->trunks, { 0 }
	};
	struct cti_center_trunk_config ts = { "phones",
					      CTI_CENTER_TRUNK_STATIONS,
					      b->station,
					      b->stations,
					      { 0 } };
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

	if (cti_center_new(&b->cc, b->ctx, &cfg) ||
	    cti_center_trunk_add(b->cc, &tn) ||
	    (b->stations && cti_center_trunk_add(b->cc, &ts)) ||
	    cti_center_flow_add(b->cc, "f", b->flow) ||
	    cti_center_queue_add(b->cc, &hold) ||
	    cti_center_queue_add(b->cc, &talk) ||
	    cti_center_route_add(b->cc, &r1) ||
	    cti_center_route_add(b->cc, &r2) ||
	    cti_center_route_add(b->cc, &r3))
		return 1;
	for (unsigned i = 0; i < agents; i++) {
		char ext[16], name[16];
		struct cti_center_extension_config x = { .number = ext,
							 .trunk = "phones" };

		snprintf(ext, sizeof(ext), "%u", 5000 + i);
		snprintf(name, sizeof(name), "a%u", i);
		if (cti_center_extension_add(b->cc, &x) ||
		    cti_center_agent_login(b->cc, name, ext, NULL, 0) ||
		    cti_center_agent_ready(b->cc, name))
			return 1;
	}
	return 0;
}

/* One context: spans, the engine (or not), and the calls, set up. */
static int bench_open(struct bench *b, const unsigned kinds[3], bool with_cc)
{
	struct cti_ctx_config cx = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti_span_config net = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_NET };
	struct cti_span_config cpe = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_CPE };
	char why[128];
	unsigned calls = kinds[0] + kinds[1] + kinds[2];

	memset(b, 0, sizeof(*b));
	b->trunks = (calls + 29) / 30;
	b->stations = (kinds[2] + 29) / 30;
	if (b->trunks + b->stations > 32)
		return 1;
	if (cti_flow_parse(&b->flow,
			   "state s\n  collect x min=4 max=4 "
			   "first=600000\n  hangup\n",
			   "bench", prompts, why, sizeof(why), NULL) ||
	    cti_ctx_new(&b->ctx, &cx))
		return 1;
	for (unsigned i = 0; i < b->trunks; i++)
		if (cti_span_open_loop(b->ctx, &b->pstn[i], &b->trunk[i], &net,
				       &cpe, NULL))
			return 1;
	for (unsigned i = 0; i < b->stations; i++)
		if (cti_span_open_loop(b->ctx, &b->station[i], &b->phones[i],
				       &net, &cpe, NULL))
			return 1;
	if (cti_clock_advance(b->ctx, 4000) || (with_cc && engine(b, kinds[2])))
		return 1;
	cti_ctx_set_event_cb(b->ctx, on_event, b);
	for (unsigned k = 0, n = 0; k < 3; k++)
		for (unsigned i = 0; i < kinds[k]; i++, n++) {
			struct cti_call_params p = { 0 };
			cti_call_id_t id;

			p.span = b->pstn[n / 30];
			snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%u",
				 k + 1);
			if (cti_call_make(b->ctx, &id, &p))
				return 1;
		}
	return cti_clock_advance(b->ctx, 2000);
}

static void bench_close(struct bench *b)
{
	if (b->ctx)
		cti_ctx_set_event_cb(b->ctx, NULL, NULL);
	cti_center_free(b->cc);
	cti_ctx_free(b->ctx);
	cti_flow_free(b->flow);
}

/* n contexts of kinds[] each, served in turn: CPU s per virtual s */
static double measure(const unsigned kinds[3], unsigned n, bool with_cc,
		      size_t *calls)
{
	static struct bench b[MAX_CTX];
	double t0, dt = -1;

	*calls = 0;
	for (unsigned i = 0; i < n; i++)
		if (bench_open(&b[i], kinds, with_cc))
			goto out;
	t0 = cpu_s();
	for (unsigned ms = 0; ms < MEASURE_MS; ms += SLICE_MS)
		for (unsigned i = 0; i < n; i++)
			cti_clock_advance(b[i].ctx, SLICE_MS);
	dt = (cpu_s() - t0) / (MEASURE_MS / 1000.0);
	for (unsigned i = 0; i < n; i++)
		*calls += with_cc ? cti_center_calls(b[i].cc)
				  : (size_t)(kinds[0] + kinds[1] + kinds[2]);
out:
	for (unsigned i = 0; i < n; i++)
		bench_close(&b[i]);
	return dt;
}

/* The engine and everything, then the baseline, for n contexts. */
static int run(const char *what, const unsigned kinds[3], unsigned n)
{
	unsigned per = kinds[0] + kinds[1] + kinds[2];
	size_t calls, base_calls;
	double all = measure(kinds, n, true, &calls);
	double base = measure(kinds, n, false, &base_calls);

	if (all < 0 || base < 0 || calls != (size_t)per * n ||
	    base_calls != calls) {
		fprintf(stderr, "center: %s: set-up failed (%zu calls up)\n",
			what, calls);
		return 1;
	}
	printf("center: %4zu calls %-8s (%u x %u: %u flow, %u queued, %u "
	       "bridged): %.3f of one core (%.1f us per call-second); "
	       "engine %.3f, far ends + spans + call layer %.3f\n",
	       calls, what, n, per, kinds[0], kinds[1], kinds[2], all,
	       all / (double)calls * 1e6, all - base, base);
	return 0;
}

int main(void)
{
	static const unsigned k120[3] = { 40, 40, 40 },
			      k480[3] = { 160, 160, 160 },
			      k720[3] = { 240, 240, 240 },
			      k960[3] = { 480, 480, 0 },
			      b480[3] = { 0, 0, 480 };
	int rc;

	if (cti_prompts_new(&prompts, NULL) ||
	    cti_prompts_load_dir(prompts, "build/prompts", NULL, 0) < 0) {
		fprintf(stderr, "center: no prompts in build/prompts\n");
		return 1;
	}
	/* one context; 960 calls fill 32 trunk pairs: no room for phones */
	rc = run("mix", k120, 1) || run("mix", k480, 1) ||
	     run("mix", k720, 1) || run("no-agent", k960, 1) ||
	     run("bridged", b480, 1) ||
	     /* 1,920 calls: four contexts, one engine each */
	     run("mix", k480, 4) || run("bridged", b480, 4);
	cti_prompts_free(prompts);
	return rc;
}
