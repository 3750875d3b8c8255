// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * trading_line: the whole of libcti on one telephone-trading call, from
 * the exchange to a dealer's phone.
 *
 * Two pairs of E1 spans back to back (loop backend): the "exchange"
 * (network side) places a call to the broker's trunk; the broker runs the
 * call-centre engine (docs/center.md), which answers it with the IVR flow
 * of examples/trading.flow (docs/ivr.md), playing the Mandarin prompts
 * espeak-ng rendered at build time. The caller keys an account number, a
 * trading password (collected as a secret: it never reaches a log or an
 * event), asks for the balance (read out as yuan) and then asks for a
 * dealer; the flow queues the call on "trading-desk", the engine rings
 * the dealer's phone on the station span, and the dealer talks to the
 * caller until they hang up. The application only answers the flow's
 * hooks; all audio, DTMF included, crosses the B-channels as G.711.
 *
 *   trading_line [PROMPT_DIR [FLOW_FILE]]   (build/prompts,
 * examples/trading.flow)
 *
 * Runs on the virtual clock: a minute of call takes a fraction of a
 * second, and every run prints the same thing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cti/cti.h"

#define ACCOUNT	 "88001234"
#define PASSWORD "246810" /* what the caller keys; checked, never printed */

struct line {
	cti_ctx_t *ctx;
	cti_center_t *cc;
	cti_span_id_t exchange, trunk, station, phones;
	cti_call_id_t caller_call, dealer_phone;
	bool done;
	int status;
};

static double secs(const struct line *l)
{
	return (double)cti_now_ms(l->ctx) / 1e3;
}

static void say(const struct line *l, const char *who, const char *what)
{
	printf("%8.3f s  %-8s %s\n", secs(l), who, what);
}

/* The caller: each time the IVR starts collecting, it hears the prompt
 * for a moment and keys its next answer. */
struct keying {
	const char *digits;
	const char *what;
};

static const struct keying keys[] = {
	{ ACCOUNT "#", "the account number " ACCOUNT "#" },
	{ PASSWORD, "the trading password (6 digits)" },
	{ "3", "3: account balance" },
	{ "0", "0: talk to a dealer" },
};

static unsigned int next_key;

static void key(cti_ctx_t *ctx, void *user)
{
	struct line *l = user;
	const struct keying *k = &keys[next_key++];
	char line[96];

	snprintf(line, sizeof(line), "keys %s", k->what);
	say(l, "caller", line);
	cti_call_send_dtmf(ctx, l->caller_call, k->digits);
}

/* The broker's business logic: the flow's hooks. */
static void on_hook(struct line *l, cti_center_call_t call, const char *name)
{
	if (!strcmp(name, "verify_login")) {
		char pw[33];
		const char *account =
			cti_center_flow_get(l->cc, call, "account");
		bool ok = cti_ivr_take_secret(cti_center_call_ivr(l->cc, call),
					      pw, sizeof(pw)) > 0 &&
			  !strcmp(pw, PASSWORD) && account &&
			  !strcmp(account, ACCOUNT);

		/* the password is compared and wiped, never logged */
		memset(pw, 0, sizeof(pw));
		say(l, "broker",
		    ok ? "hook verify_login: account and "
			 "password accepted"
		       : "hook verify_login: refused");
		cti_center_hook_done(l->cc, call, ok ? "ok" : "fail");
	} else if (!strcmp(name, "get_balance")) {
		say(l, "broker",
		    "hook get_balance: 1,234,567 fen "
		    "(12,345.67 yuan)");
		cti_center_flow_set(l->cc, call, "balance", "1234567");
		cti_center_hook_done(l->cc, call, "ok");
	} else {
		cti_center_hook_done(l->cc, call, "fail");
	}
}

/* The dealer's phone answers after 2 s; the caller hangs up 5 s later. */
static void caller_hangs_up(cti_ctx_t *ctx, void *user)
{
	struct line *l = user;

	say(l, "caller", "thanks the dealer and hangs up");
	cti_call_clear(ctx, l->caller_call, CTI_CAUSE_NORMAL_CLEARING);
}

static void dealer_answers(cti_ctx_t *ctx, void *user)
{
	struct line *l = user;

	say(l, "dealer", "picks up the phone");
	cti_call_answer(ctx, l->dealer_phone);
	cti_timer_start(ctx, 5000, caller_hangs_up, l);
}

/* What the IVR session does, as it tells the context's log (secrets are
 * masked); other modules' lines at warning or worse. */
static void ivr_log(void *user, int level, const char *module, const char *text)
{
	struct line *l = user;

	if (strcmp(module, "ivr")) {
		if (level <= CTI_LOG_WARNING)
			say(l, module, text);
		return;
	}
	say(l, "ivr", text);
	if (!strncmp(text, "collect ", 8) && !strstr(text, "attempt") &&
	    next_key < sizeof(keys) / sizeof(keys[0]))
		cti_timer_start(l->ctx, 1500, key, l);
}

static void place_call(struct line *l)
{
	struct cti_call_params p = { .span = l->exchange };
	int rc;

	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "95500");
	snprintf(p.ani.digits, sizeof(p.ani.digits), "13912345678");
	rc = cti_call_make(l->ctx, &l->caller_call, &p);
	if (rc) {
		fprintf(stderr, "trading_line: call: %s\n", cti_strerror(rc));
		l->status = 1;
		l->done = true;
		cti_ctx_stop(l->ctx);
	}
}

static void engine_event(struct line *l, const struct cti_center_event *e)
{
	char line[400];

	switch (e->type) {
	case CTI_CENTER_EV_HOOK:
		on_hook(l, e->call, e->name);
		return;
	case CTI_CENTER_EV_AGENT_STATE:
		return;
	case CTI_CENTER_EV_QUEUED:
		snprintf(line, sizeof(line), "QUEUED on %s, call data \"%s\"",
			 e->queue, e->data);
		break;
	case CTI_CENTER_EV_OFFERED:
		snprintf(line, sizeof(line),
			 "OFFERED to %s: extension %s rings", e->agent,
			 e->extension);
		break;
	case CTI_CENTER_EV_ENDED:
		snprintf(line, sizeof(line), "ENDED cause %d (%s)", e->cause,
			 cti_cause_text(e->cause));
		break;
	case CTI_CENTER_EV_REC_STARTED:
		snprintf(line, sizeof(line), "REC_STARTED recording %s",
			 e->u.rec.id);
		break;
	case CTI_CENTER_EV_REC_PAUSED:
	case CTI_CENTER_EV_REC_RESUMED:
		snprintf(line, sizeof(line), "%s at %llu ms of the recording",
			 cti_center_event_name((int)e->type),
			 (unsigned long long)e->u.rec.pos_ms);
		break;
	case CTI_CENTER_EV_REC_STOPPED:
		snprintf(line, sizeof(line),
			 "REC_STOPPED %llu chunks, %.2f s, %llu bytes, %u "
			 "pause(s)",
			 (unsigned long long)e->u.rec.chunks,
			 e->u.rec.end_pos / 8000.0,
			 (unsigned long long)e->u.rec.bytes, e->u.rec.pauses);
		break;
	case CTI_CENTER_EV_REC_FAILED:
		snprintf(line, sizeof(line), "REC_FAILED %s", e->name);
		l->status = 1;
		break;
	case CTI_CENTER_EV_CDR:
		snprintf(line, sizeof(line),
			 "CDR %s: answered by %s after %lld ms, talk %lld ms",
			 e->u.cdr.queue, e->u.cdr.agent,
			 (long long)e->u.cdr.wait_ms,
			 (long long)e->u.cdr.talk_ms);
		break;
	case CTI_CENTER_EV_ERROR:
		l->status = 1;
		/* fall through */
	default:
		snprintf(line, sizeof(line), "%s %s %s %s",
			 cti_center_event_name((int)e->type), e->target,
			 e->agent, e->name);
		break;
	}
	say(l, "centre", line);
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *user)
{
	struct line *l = user;
	const struct cti_call_event *c = &ev->u.call;
	struct cti_center_event ce;

	if (!cti_center_handle_event(l->cc, ev)) {
		/* the far ends: the exchange and the dealer's phone */
		if (ev->type == CTI_EVENT_SPAN_UP &&
		    ev->u.span.span_id == l->exchange)
			place_call(l);
		if (ev->type == CTI_EVENT_CALL_OFFERED &&
		    c->span_id == l->phones) {
			l->dealer_phone = c->call_id;
			say(l, "dealer",
			    "the phone rings: a caller from "
			    "13912345678");
			cti_timer_start(ctx, 2000, dealer_answers, l);
		}
		if (c->call_id == l->caller_call &&
		    (ev->type == CTI_EVENT_CALL_CLEARED ||
		     ev->type == CTI_EVENT_CALL_FAILED))
			l->done = true;
	}
	while (cti_center_next_event(l->cc, &ce) > 0)
		engine_event(l, &ce);
	if (l->done && !cti_center_calls(l->cc))
		cti_ctx_stop(ctx);
}

static int build(struct line *l, cti_prompts_t *ps, const cti_flow_t *flow,
		 cti_rec_t *rec)
{
	struct cti_center_config cfg = { .prompts = ps, .recorder = rec };
	struct cti_center_trunk_config tn = { .name = "exchange",
					      .kind = CTI_CENTER_TRUNK_NETWORK,
					      .spans = &l->trunk,
					      .n_spans = 1 };
	struct cti_center_trunk_config ts = { .name = "desk",
					      .kind = CTI_CENTER_TRUNK_STATIONS,
					      .spans = &l->station,
					      .n_spans = 1 };
	struct cti_center_queue_config q = {
		.acd = { .name = "trading-desk", .wrap_up_ms = 3000 },
		.lang = CTI_LANG_ZH,
		.announce_position = true,
	};
	struct cti_center_route_config r = { .dnis = "95500",
					     .target = "flow:trading" };
	struct cti_center_extension_config x = { .number = "8001",
						 .trunk = "desk" };
	int rc;

	if ((rc = cti_center_new(&l->cc, l->ctx, &cfg)) ||
	    (rc = cti_center_trunk_add(l->cc, &tn)) ||
	    (rc = cti_center_trunk_add(l->cc, &ts)) ||
	    (rc = cti_center_flow_add(l->cc, "trading", flow)) ||
	    (rc = cti_center_queue_add(l->cc, &q)) ||
	    (rc = cti_center_route_add(l->cc, &r)) ||
	    (rc = cti_center_extension_add(l->cc, &x)) ||
	    (rc = cti_center_agent_login(l->cc, "dealer-wang", "8001", NULL,
					 0)) ||
	    (rc = cti_center_agent_ready(l->cc, "dealer-wang")))
		return rc;
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "build/prompts";
	const char *flow_file = argc > 2 ? argv[2] : "examples/trading.flow";
	/* optional: record the call into RECDIR, signed with SIGNING.key,
	 * for the recipient RECIPIENT.pub (cti-rec keys makes them) */
	const char *rec_dir = argc > 5 ? argv[3] : NULL;
	const char *rcpt[1] = { argc > 5 ? argv[5] : NULL };
	struct cti_rec_config rcfg = { .signing_key = argc > 5 ? argv[4] : NULL,
				       .recipients = rcpt,
				       .n_recipients = 1 };
	cti_rec_t *rec = NULL;
	struct cti_ctx_config cc = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti_span_config net = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_NET };
	struct cti_span_config cpe = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_CPE };
	struct cti_loop_config lc = { .d_bitrate = 64000 };
	struct line l = { 0 };
	cti_prompts_t *ps = NULL;
	cti_flow_t *flow = NULL;
	char why[256] = "";
	int rc;

	rc = cti_prompts_new(&ps, NULL);
	if (!rc && cti_prompts_load_dir(ps, dir, why, sizeof(why)) < 0) {
		fprintf(stderr,
			"trading_line: prompts in %s: %s (make "
			"prompts)\n",
			dir, why);
		cti_prompts_free(ps);
		return 1;
	}
	if (!rc)
		rc = cti_flow_load(&flow, flow_file, ps, why, sizeof(why),
				   NULL);
	if (rc) {
		fprintf(stderr, "trading_line: %s\n",
			*why ? why : cti_strerror(rc));
		cti_prompts_free(ps);
		return 1;
	}
	if ((rc = cti_ctx_new(&l.ctx, &cc)) ||
	    (rc = cti_span_open_loop(l.ctx, &l.exchange, &l.trunk, &net, &cpe,
				     &lc)) ||
	    (rc = cti_span_open_loop(l.ctx, &l.station, &l.phones, &net, &cpe,
				     &lc)) ||
	    (rec_dir && (rc = cti_rec_open(&rec, rec_dir, &rcfg))) ||
	    (rc = build(&l, ps, flow, rec))) {
		fprintf(stderr, "trading_line: %s\n", cti_strerror(rc));
		return 1;
	}
	printf("A telephone-trading call: exchange -> broker's trunk (IVR "
	       "flow %s) -> a dealer's phone%s%s\n",
	       flow_file, rec_dir ? ", recorded into " : "",
	       rec_dir ? rec_dir : "");
	/* the IVR session's lines (module "ivr", at debug) drive the
	 * simulated caller's keys */
	cti_ctx_set_log(l.ctx, ivr_log, &l);
	cti_ctx_set_log_level(l.ctx, CTI_LOG_DEBUG);
	cti_ctx_set_event_cb(l.ctx, on_event, &l);
	rc = cti_ctx_run(l.ctx);
	/* the dealer's wrap-up ends, the record is written */
	cti_clock_advance(l.ctx, 4000);
	cti_ctx_set_event_cb(l.ctx, NULL, NULL);
	cti_center_free(l.cc);
	cti_rec_close(rec);
	cti_ctx_free(l.ctx);
	cti_flow_free(flow);
	cti_prompts_free(ps);
	return rc || l.status || !l.done;
}
