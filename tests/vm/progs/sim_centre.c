// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sim_centre: the centre side of tests/vm/guest/73-cti-sim-dahdi.sh. The
 * engine on two DAHDI spans, in real time (as examples/small_centre.c on
 * loop spans): a trunk span (user side, the exchange is cti-sim) and a
 * station span (network side, the phones are cti-sim). 95500 runs a
 * flow (press 1, then queue "trading"), 95501 queues "accounts"; agents
 * agent00.. at extensions 3000.. serve both.
 *
 * It prints one line per caller from the engine's records, waits from
 * the call's arrival (so they compare with what the caller saw):
 *   cdr ANI QUEUE answered|abandoned|exited wait MS agent NAME
 * the ACD's CDR of a call that reached a queue, or for a call that
 * ended before any queue (in the flow), from its whole-call record:
 *   cdr ANI - flow wait MS agent -
 * Usage: sim_centre [-t SECONDS] [-a AGENTS] [-w WRAP_MS] TRUNK STATION PROMPTS
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cti/cti.h"

#define MAX_CALLS 4096

static const char flow_text[] =
	"state start\n  collect choice min=1 max=1 first=10000\n"
	"  on 1 goto q\n  hangup\nstate q\n  queue trading\n";

static cti_center_t *cc;
static uint64_t arrived[MAX_CALLS];
static volatile sig_atomic_t stop_asked;

static void on_signal(int sig)
{
	(void)sig;
	stop_asked = 1;
}

static const char *outcome(uint32_t o)
{
	switch (o) {
	case CTI_ACD_ANSWERED:
		return "answered";
	case CTI_ACD_ABANDONED:
		return "abandoned";
	default:
		return "exited";
	}
}

static void print_event(const struct cti_center_event *ce)
{
	const struct cti_acd_cdr *r = &ce->u.cdr;
	uint64_t at = arrived[ce->call % MAX_CALLS];
	int64_t end;

	switch (ce->type) {
	case CTI_CENTER_EV_ARRIVED:
		arrived[ce->call % MAX_CALLS] = ce->time_ms;
		break;
	case CTI_CENTER_EV_CDR:
		end = r->answered_ms ? r->answered_ms : r->ended_ms;
		printf("cdr %s %s %s wait %lld ms agent %s\n", r->ani, r->queue,
		       outcome(r->outcome), (long long)(end - (int64_t)at),
		       r->agent[0] ? r->agent : "-");
		break;
	case CTI_CENTER_EV_RECORD:
		if (!ce->u.record.segments)
			printf("cdr %s - flow wait %lld ms agent -\n",
			       ce->u.record.ani,
			       (long long)(ce->u.record.ended_ms -
					   ce->u.record.arrived_ms));
		break;
	case CTI_CENTER_EV_ERROR:
		fprintf(stderr, "sim_centre: call %u: %s\n", ce->call,
			ce->name);
		break;
	default:
		break;
	}
	fflush(stdout);
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	struct cti_center_event ce;

	(void)ctx;
	(void)u;
	cti_center_handle_event(cc, ev);
	while (cti_center_next_event(cc, &ce) > 0)
		print_event(&ce);
}

static int build(cti_ctx_t *ctx, cti_span_id_t trunk, cti_span_id_t station,
		 cti_flow_t *flow, unsigned agents, unsigned wrap_ms)
{
	struct cti_center_trunk_config tn = {
		"pstn", CTI_CENTER_TRUNK_NETWORK, &trunk, 1, { 0 }
	};
	struct cti_center_trunk_config ts = {
		"phones", CTI_CENTER_TRUNK_STATIONS, &station, 1, { 0 }
	};
	struct cti_center_route_config r1 = { .dnis = "95500",
					      .target = "flow:menu" };
	struct cti_center_route_config r2 = { .dnis = "95501",
					      .target = "queue:accounts" };
	static const char *const queues[2] = { "trading", "accounts" };
	int rc;

	(void)ctx;
	if ((rc = cti_center_trunk_add(cc, &tn)) ||
	    (rc = cti_center_trunk_add(cc, &ts)) ||
	    (rc = cti_center_flow_add(cc, "menu", flow)))
		return rc;
	for (int q = 0; q < 2; q++) {
		struct cti_center_queue_config qc = {
			.acd = { .name = queues[q],
				 .strategy = CTI_ACD_LONGEST_IDLE,
				 .wrap_up_ms = wrap_ms,
				 .ring_ms = 12000 },
			.first_announce_ms = 20000,
			.announce_every_ms = 30000,
			.announce_position = true,
			.lang = q ? CTI_LANG_EN : CTI_LANG_ZH,
		};

		if ((rc = cti_center_queue_add(cc, &qc)))
			return rc;
	}
	if ((rc = cti_center_route_add(cc, &r1)) ||
	    (rc = cti_center_route_add(cc, &r2)))
		return rc;
	for (unsigned i = 0; i < agents; i++) {
		char ext[16], name[16];
		struct cti_center_extension_config x = { .number = ext,
							 .trunk = "phones" };

		snprintf(ext, sizeof(ext), "%u", 3000 + i);
		snprintf(name, sizeof(name), "agent%02u", i);
		if ((rc = cti_center_extension_add(cc, &x)) ||
		    (rc = cti_center_agent_login(cc, name, ext, NULL, 0)) ||
		    (rc = cti_center_agent_ready(cc, name)))
			return rc;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct cti_ctx_config cx = { .clock = CTI_CLOCK_REAL };
	struct cti_span_config net = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_NET };
	struct cti_span_config cpe = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_CPE };
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned seconds = 300, agents = 4, wrap_ms = 2000;
	cti_span_id_t trunk, station;
	cti_prompts_t *ps = NULL;
	cti_flow_t *flow = NULL;
	cti_ctx_t *ctx = NULL;
	char why[256] = "";
	uint64_t end;
	int o, rc;

	while ((o = getopt(argc, argv, "t:a:w:")) != -1) {
		if (o == 't')
			seconds = (unsigned)atoi(optarg);
		else if (o == 'a')
			agents = (unsigned)atoi(optarg);
		else if (o == 'w')
			wrap_ms = (unsigned)atoi(optarg);
		else
			return 2;
	}
	if (argc - optind != 3) {
		fprintf(stderr, "usage: sim_centre [-t S] [-a N] [-w MS] "
				"TRUNK STATION PROMPTS\n");
		return 2;
	}
	if (cti_prompts_new(&ps, NULL) ||
	    cti_prompts_load_dir(ps, argv[optind + 2], why, sizeof(why)) < 0 ||
	    cti_flow_parse(&flow, flow_text, "menu", ps, why, sizeof(why),
			   NULL)) {
		fprintf(stderr, "sim_centre: prompts or flow: %s\n", why);
		return 1;
	}
	struct cti_center_config cfg = { .prompts = ps };

	if ((rc = cti_ctx_new(&ctx, &cx)) ||
	    (rc = cti_span_open_dahdi(ctx, &trunk, atoi(argv[optind]), &cpe)) ||
	    (rc = cti_span_open_dahdi(ctx, &station, atoi(argv[optind + 1]),
				      &net)) ||
	    (rc = cti_center_new(&cc, ctx, &cfg)) ||
	    (rc = build(ctx, trunk, station, flow, agents, wrap_ms))) {
		fprintf(stderr, "sim_centre: %s\n", cti_strerror(rc));
		return 1;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	cti_ctx_set_event_cb(ctx, on_event, NULL);
	fprintf(stderr, "sim_centre: ready, %u agents\n", agents);
	end = cti_now_ms(ctx) + seconds * 1000ull;
	while (!stop_asked && cti_now_ms(ctx) < end)
		cti_ctx_run_until(ctx, cti_now_ms(ctx) + 200);
	fprintf(stderr, "sim_centre: %zu calls left\n", cti_center_calls(cc));
	cti_ctx_set_event_cb(ctx, NULL, NULL);
	cti_center_free(cc);
	cti_ctx_free(ctx);
	cti_flow_free(flow);
	cti_prompts_free(ps);
	return 0;
}
