// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * trading_line: the whole of libcti on one telephone-trading call.
 *
 * Two E1 spans back to back (loop backend): the "exchange" (network side)
 * places a call to the broker's line; the "broker" (user side) answers it
 * with the IVR flow of examples/trading.flow (docs/ivr.md), playing the
 * Mandarin prompts espeak-ng rendered at build time. The caller keys an
 * account number, a trading password (collected as a secret: it never
 * reaches a log or an event), asks for the balance (read out as yuan) and
 * then asks for an agent; the flow hands the call to queue "trading-desk".
 * All audio, DTMF included, crosses the B-channel as G.711 A-law.
 *
 *   trading_line [PROMPT_DIR [FLOW_FILE]]   (build/prompts, examples/trading.flow)
 *
 * Runs on the virtual clock: a minute of call takes a fraction of a
 * second, and every run prints the same thing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cti/cti.h"

#define ACCOUNT "88001234"
#define PASSWORD "246810" /* what the caller keys; checked, never printed */

struct line {
	cti_ctx_t *ctx;
	cti_span_id_t exchange, broker;
	cti_prompts_t *prompts;
	cti_flow_t *flow;
	cti_ivr_t *ivr;
	cti_flow_run_t *run;
	cti_call_id_t caller_call, broker_call;
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

static void on_hook(struct line *l, const char *name)
{
	uint64_t now = cti_now_ms(l->ctx);

	if (!strcmp(name, "verify_login")) {
		char pw[33];
		bool ok;
		const char *account = cti_flow_get(l->run, "account");

		ok = cti_ivr_take_secret(l->ivr, pw, sizeof(pw)) > 0 &&
		     !strcmp(pw, PASSWORD) && account &&
		     !strcmp(account, ACCOUNT);
		/* the password is compared and wiped, never logged */
		memset(pw, 0, sizeof(pw));
		say(l, "broker", ok ? "hook verify_login: account and "
				      "password accepted" :
				      "hook verify_login: refused");
		cti_flow_hook_done(l->run, ok ? "ok" : "fail", now);
	} else if (!strcmp(name, "get_balance")) {
		say(l, "broker", "hook get_balance: 1,234,567 fen "
				 "(12,345.67 yuan)");
		cti_flow_set(l->run, "balance", "1234567");
		cti_flow_hook_done(l->run, "ok", now);
	} else {
		cti_flow_hook_done(l->run, "fail", now);
	}
}

/* Every 20 ms of the broker's call: the caller's audio in, the IVR's out. */
static void broker_audio(cti_ctx_t *ctx, cti_call_id_t id, const void *rx,
			 void *tx, size_t samples, void *user)
{
	struct line *l = user;
	cti_flow_event_t ev;
	char line[128];

	(void)id;
	cti_flow_process(l->run, cti_now_ms(ctx), rx, tx, samples);
	while (cti_flow_next_event(l->run, &ev) > 0) {
		switch (ev.type) {
		case CTI_FLOW_HOOK:
			on_hook(l, ev.name);
			break;
		case CTI_FLOW_QUEUE:
			snprintf(line, sizeof(line),
				 "flow: to queue '%s' (an agent takes over)",
				 ev.name);
			say(l, "broker", line);
			cti_call_clear(ctx, l->broker_call,
				       CTI_CAUSE_NORMAL_CLEARING);
			break;
		case CTI_FLOW_HANGUP:
			say(l, "broker", "flow: hang up");
			cti_call_clear(ctx, l->broker_call,
				       CTI_CAUSE_NORMAL_CLEARING);
			break;
		case CTI_FLOW_ERROR:
			snprintf(line, sizeof(line), "flow error: %s", ev.name);
			say(l, "broker", line);
			l->status = 1;
			cti_call_clear(ctx, l->broker_call,
				       CTI_CAUSE_TEMPORARY_FAILURE);
			break;
		}
	}
}

/* What the IVR session does, as it tells the context's log (secrets are
 * masked); other modules' lines at warning or worse. */
static void ivr_log(void *user, int level, const char *module,
		    const char *text)
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
	struct cti_call_params p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.span = l->exchange;
	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "95500");
	snprintf(p.ani.digits, sizeof(p.ani.digits), "13912345678");
	rc = cti_call_make(l->ctx, &l->caller_call, &p);
	if (rc) {
		fprintf(stderr, "trading_line: call: %s\n", cti_strerror(rc));
		l->status = 1;
		l->done = true;
	}
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *user)
{
	struct line *l = user;
	const struct cti_call_event *c = &ev->u.call;
	char line[160];
	int err;

	if (ev->type == CTI_EVENT_SPAN_UP) {
		if (ev->u.span.span_id == l->broker)
			place_call(l);
		return;
	}
	if (ev->type >= CTI_EVENT_SPAN_ALARM)
		return;
	snprintf(line, sizeof(line), "%s B%d", cti_event_name((int)ev->type),
		 c->bchan);
	if (ev->type == CTI_EVENT_CALL_OFFERED)
		snprintf(line, sizeof(line), "CALL_OFFERED B%d from %s to %s",
			 c->bchan, c->ani.digits, c->dnis.digits);
	if (ev->type == CTI_EVENT_CALL_CLEARED ||
	    ev->type == CTI_EVENT_CALL_FAILED)
		snprintf(line, sizeof(line), "%s cause %d (%s)",
			 cti_event_name((int)ev->type), c->cause,
			 cti_cause_text(c->cause));
	say(l, c->span_id == l->broker ? "broker" : "caller", line);

	if (c->span_id == l->broker && ev->type == CTI_EVENT_CALL_OFFERED) {
		cti_ivr_config_t ic = { .prompts = l->prompts, .ctx = ctx };

		l->broker_call = c->call_id;
		err = cti_ivr_new(&l->ivr, &ic);
		if (!err)
			err = cti_flow_start(&l->run, l->flow, l->ivr,
					     cti_now_ms(ctx));
		if (err) {
			fprintf(stderr, "trading_line: IVR: %s\n",
				cti_strerror(err));
			cti_call_clear(ctx, c->call_id,
				       CTI_CAUSE_TEMPORARY_FAILURE);
			l->status = 1;
			return;
		}
		cti_call_set_audio(ctx, c->call_id, CTI_AUDIO_LINEAR16,
				   broker_audio, l);
		cti_call_answer(ctx, c->call_id);
	}
	if (c->span_id == l->exchange &&
	    (ev->type == CTI_EVENT_CALL_CLEARED ||
	     ev->type == CTI_EVENT_CALL_FAILED)) {
		l->done = true;
		cti_ctx_stop(ctx);
	}
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "build/prompts";
	const char *flow_file = argc > 2 ? argv[2] : "examples/trading.flow";
	struct cti_ctx_config cc = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti_span_config net = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_NET };
	struct cti_span_config cpe = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_CPE };
	struct cti_loop_config lc = { .d_bitrate = 64000 };
	struct line l = { 0 };
	char why[256];
	int rc;

	rc = cti_prompts_new(&l.prompts, NULL);
	if (rc) {
		fprintf(stderr, "trading_line: %s\n", cti_strerror(rc));
		return 1;
	}
	rc = cti_prompts_load_dir(l.prompts, dir, why, sizeof(why));
	if (rc < 0) {
		fprintf(stderr, "trading_line: prompts in %s: %s (make "
				"prompts)\n", dir, why);
		cti_prompts_free(l.prompts);
		return 1;
	}
	rc = cti_flow_load(&l.flow, flow_file, l.prompts, why, sizeof(why),
			   NULL);
	if (rc) {
		fprintf(stderr, "trading_line: %s\n", why);
		cti_prompts_free(l.prompts);
		return 1;
	}
	if ((rc = cti_ctx_new(&l.ctx, &cc)) ||
	    (rc = cti_span_open_loop(l.ctx, &l.exchange, &l.broker, &net, &cpe,
				     &lc))) {
		fprintf(stderr, "trading_line: %s\n", cti_strerror(rc));
		return 1;
	}
	printf("A telephone-trading call: exchange (network) -> broker (user "
	       "side, IVR flow %s)\n", flow_file);
	/* the IVR session's lines (module "ivr", at debug) drive the
	 * simulated caller's keys */
	cti_ctx_set_log(l.ctx, ivr_log, &l);
	cti_ctx_set_log_level(l.ctx, CTI_LOG_DEBUG);
	cti_ctx_set_event_cb(l.ctx, on_event, &l);
	rc = cti_ctx_run(l.ctx);
	cti_ctx_set_event_cb(l.ctx, NULL, NULL);
	cti_ctx_free(l.ctx);
	cti_flow_run_free(l.run);
	cti_ivr_free(l.ivr);
	cti_flow_free(l.flow);
	cti_prompts_free(l.prompts);
	return rc || l.status || !l.done;
}
