// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-sim --far-end: only the far ends, in real time, on DAHDI spans
 * cabled to a call centre running in another process: the exchange side
 * (NET) of its trunk spans and the PBX side (CPE) of its station spans.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "farend.h"
#include "sim.h"

static volatile sig_atomic_t stop_asked;

static void on_signal(int sig)
{
	(void)sig;
	stop_asked = 1;
}

struct far {
	farend_t *fe;
	uint32_t spans_up;
	bool verbose;
};

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	struct far *f = u;

	(void)ctx;
	if (ev->type == CTI_EVENT_SPAN_UP)
		f->spans_up++;
	else if (ev->type == CTI_EVENT_SPAN_DOWN && f->spans_up)
		f->spans_up--;
	if (f->verbose)
		printf("%10.3f %-16s span %u call %u cause %d %s %s\n",
		       ev->time_ms / 1000.0, cti_event_name((int)ev->type),
		       ev->u.call.span_id, ev->u.call.call_id, ev->u.call.cause,
		       ev->u.call.ani.digits, ev->u.call.dnis.digits);
	farend_handle_event(f->fe, ev);
}

static int open_spans(cti_ctx_t *ctx, const int32_t *no, uint32_t n,
		      uint32_t side, cti_span_id_t *ids, bool t1)
{
	struct cti_span_config sc = { .type = t1 ? CTI_SPAN_T1 : CTI_SPAN_E1,
				      .side = side };
	int rc;

	for (uint32_t i = 0; i < n; i++)
		if ((rc = cti_span_open_dahdi(ctx, &ids[i], no[i], &sc))) {
			fprintf(stderr, "cti-sim: DAHDI span %d: %s\n", no[i],
				cti_strerror(rc));
			return rc;
		}
	return 0;
}

/* Run until the far ends are done, a signal, or the deadline; then hang
 * up what is left and let the clearing messages go out. */
static void run(cti_ctx_t *ctx, struct far *f, uint64_t deadline)
{
	while (!stop_asked && !farend_done(f->fe) && !farend_error(f->fe) &&
	       cti_now_ms(ctx) < deadline)
		cti_ctx_run_until(ctx, cti_now_ms(ctx) + 200);
	if (!farend_done(f->fe)) {
		fprintf(stderr, "cti-sim: %s: hanging up %d calls\n",
			stop_asked ? "stopped" : "out of time",
			farend_hangup_all(f->fe));
	}
	cti_ctx_run_until(ctx, cti_now_ms(ctx) + 2000);
}

static const char *const outcome_names[] = {
	"waiting", "answered", "abandoned", "short", "cleared",
};

static void list_callers(const struct sim_config *c, farend_t *fe)
{
	struct farend_caller k;

	for (size_t i = 0; farend_caller_get(fe, i, &k) == 0; i++) {
		uint64_t end = k.answered_ms ? k.answered_ms : k.ended_ms;

		printf("caller 139%08u %s %s wait %llu ms agent %s heard %s "
		       "keyed %lld ms\n",
		       k.index, k.number ? "95501" : "95500",
		       outcome_names[k.outcome < 5 ? k.outcome : 0],
		       end ? (unsigned long long)(end - k.arrived_ms) : 0ull,
		       k.agent[0] ? k.agent : "-", k.heard[0] ? k.heard : "-",
		       k.keyed_ms ? (long long)(k.keyed_ms - k.answered_ms)
				  : -1ll);
	}
	(void)c;
}

int sim_far_end(const struct sim_config *c, const struct sim_far *o,
		struct sim_tally *t)
{
	struct cti_ctx_config cx = { .clock = CTI_CLOCK_REAL };
	cti_span_id_t trunks[FAREND_MAX_SPANS], stations[FAREND_MAX_SPANS];
	struct farend_config fc;
	struct far f = { .verbose = c->verbose };
	struct sigaction sa = { .sa_handler = on_signal };
	cti_ctx_t *ctx;
	uint64_t until;
	int rc;

	if (!o->n_trunks || o->n_trunks > FAREND_MAX_SPANS ||
	    o->n_stations > FAREND_MAX_SPANS)
		return CTI_EINVAL;
	if ((rc = cti_ctx_new(&ctx, &cx)))
		return rc;
	if ((rc = open_spans(ctx, o->trunks, o->n_trunks, CTI_SIDE_NET, trunks,
			     o->t1)) ||
	    (rc = open_spans(ctx, o->stations, o->n_stations, CTI_SIDE_CPE,
			     stations, o->t1)))
		goto out;
	sim_farend_config(c, &fc);
	fc.caller_spans = trunks;
	fc.n_caller_spans = o->n_trunks;
	fc.phone_spans = stations;
	fc.n_phone_spans = o->n_stations;
	fc.max_callers = o->max_callers;
	fc.arrivals_ms = o->arrivals_ms;
	fc.numbers[0].dtmf = o->dtmf;
	fc.numbers[1].dtmf = o->dtmf;
	fc.dtmf_delay_ms = o->dtmf_delay_ms;
	fc.phone_dtmf = o->phone_dtmf;
	fc.phone_dtmf_delay_ms = 500;
	if ((rc = farend_new(&f.fe, ctx, &fc)))
		goto out;
	cti_ctx_set_event_cb(ctx, on_event, &f);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* every D channel up and settled before the first caller */
	until = cti_now_ms(ctx) + o->settle_ms;
	while (f.spans_up < o->n_trunks + o->n_stations && !stop_asked &&
	       cti_now_ms(ctx) < until)
		cti_ctx_run_until(ctx, cti_now_ms(ctx) + 100);
	if (f.spans_up < o->n_trunks + o->n_stations) {
		fprintf(stderr, "cti-sim: %u of %u D channels up after %u ms\n",
			f.spans_up, o->n_trunks + o->n_stations, o->settle_ms);
		rc = CTI_ENETDOWN;
		goto out;
	}
	if ((rc = farend_start(f.fe, cti_now_ms(ctx))))
		goto out;
	run(ctx, &f, cti_now_ms(ctx) + o->timeout_ms);
	sim_tally_from(t, farend_tally(f.fe));
	t->calls_left = farend_tally(f.fe)->live;
	if (o->list)
		list_callers(c, f.fe);
	rc = farend_error(f.fe);
out:
	cti_ctx_set_event_cb(ctx, NULL, NULL);
	farend_free(f.fe);
	cti_ctx_free(ctx);
	return rc;
}
