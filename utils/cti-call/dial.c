// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-call dial: one test call. Wait for the D channel, place the call,
 * print its events, send DTMF once connected, stay up for --hold seconds,
 * clear it, and report the setup time and the cause.
 */
#include <stdio.h>
#include <string.h>

#include "cti_call.h"

struct dial {
	cti_call_id_t id;
	bool placed, established, done;
	double t_make, t_established;
	int cause;
	int peer_waits;
	bool we_cleared;
	bool interrupted; /* Ctrl-C: we cleared the call early */
	double t_cleared;
	const char *outcome;
	cti_dtmf_rx_t *rx; /* what the far end keys (or echoes) to us */
	char heard[64];
};

/* Listen to the call: DTMF the far end keys is reported at the end (not
 * while we send our own: libcti sends instead of calling us then). */
static void hear(cti_ctx_t *ctx, cti_call_id_t id, const void *rx, void *tx,
		 size_t samples, void *user)
{
	struct dial *d = user;
	cti_dtmf_event_t ev;
	size_t n;

	(void)ctx;
	(void)id;
	(void)tx;
	cti_dtmf_rx_linear(d->rx, rx, samples);
	while (cti_dtmf_rx_next_event(d->rx, &ev) > 0) {
		n = strlen(d->heard);
		if (ev.type == CTI_DTMF_END && n + 1 < sizeof(d->heard)) {
			d->heard[n] = ev.digit;
			d->heard[n + 1] = '\0';
		}
	}
}

static void copy_digits(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

static void send_dtmf(cti_ctx_t *ctx, void *user)
{
	struct tool *t = user;
	struct dial *d = t->cmd;
	int rc;

	if (d->done)
		return;
	rc = cti_call_send_dtmf(ctx, d->id, t->o->dtmf);
	if (rc)
		fprintf(stderr, "cti-call: DTMF: %s\n", cti_strerror(rc));
}

static void hangup(cti_ctx_t *ctx, void *user)
{
	struct tool *t = user;
	struct dial *d = t->cmd;

	if (!d->done) {
		d->we_cleared = true;
		cti_call_clear(ctx, d->id, CTI_CAUSE_NORMAL_CLEARING);
	}
}

/* On a loop, wait (3 s at most) for our own far end to see the call end,
 * so that what it heard can be reported. */
static void stop_when_peer_done(cti_ctx_t *ctx, void *user)
{
	struct tool *t = user;
	struct dial *d = t->cmd;

	if (!t->o->loop || t->peer.ended >= t->peer.answered ||
	    ++d->peer_waits > 300) {
		cti_ctx_stop(ctx);
		return;
	}
	cti_timer_start(ctx, 10, stop_when_peer_done, t);
}

static void finish(struct tool *t, const char *outcome, int code)
{
	struct dial *d = t->cmd;

	d->done = true;
	d->outcome = outcome;
	t->exit_code = code;
	stop_when_peer_done(t->ctx, t);
}

static void place(struct tool *t)
{
	struct dial *d = t->cmd;
	struct cti_call_params p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.span = t->span;
	copy_digits(p.dnis.digits, sizeof(p.dnis.digits), t->o->number);
	copy_digits(p.ani.digits, sizeof(p.ani.digits), t->o->from);
	snprintf(p.app_data, sizeof(p.app_data), "cti-call dial");
	d->placed = true;
	d->t_make = tool_now_s(t);
	rc = cti_call_make(t->ctx, &d->id, &p);
	if (rc) {
		fprintf(stderr, "cti-call: cannot place the call: %s\n",
			cti_strerror(rc));
		finish(t, "not placed", rc == CTI_EFORMAT ? EXIT_USAGE :
							    EXIT_TROUBLE);
	}
}

static void on_event(struct tool *t, const struct cti_event *ev)
{
	struct dial *d = t->cmd;
	const struct cti_call_event *c = &ev->u.call;

	/* SPAN_UP comes once the data link has settled (libcti waits for
	 * the far end's late SABME): dial at once */
	if (ev->type == CTI_EVENT_SPAN_UP && ev->u.span.span_id == t->span &&
	    !d->placed) {
		print_event(t, ev, "dial");
		if (!d->done)
			place(t);
		return;
	}
	if (ev->type == CTI_EVENT_SPAN_DOWN && ev->u.span.span_id == t->span &&
	    d->placed && !d->done) {
		print_event(t, ev, "dial");
		return; /* the call's own CLEARED/FAILED follows */
	}
	if (ev->type >= CTI_EVENT_SPAN_ALARM) {
		if (ev->u.span.span_id == t->span)
			print_event(t, ev, "dial");
		return;
	}
	if (c->call_id != d->id || c->span_id != t->span)
		return;
	print_event(t, ev, "dial");
	switch (ev->type) {
	case CTI_EVENT_CALL_ESTABLISHED:
		d->established = true;
		d->t_established = tool_now_s(t);
		if (!d->rx && !cti_dtmf_rx_init(&d->rx, NULL, NULL))
			cti_call_set_audio(t->ctx, d->id, CTI_AUDIO_LINEAR16,
					   hear, d);
		/* --dtmf-delay: the answer may be an exchange's or an IVR's,
		 * the person to hear the digits joining later */
		if (t->o->dtmf && *t->o->dtmf && t->o->dtmf_delay_s > 0)
			cti_timer_start(t->ctx,
					(uint64_t)(t->o->dtmf_delay_s * 1e3),
					send_dtmf, t);
		else if (t->o->dtmf && *t->o->dtmf)
			send_dtmf(t->ctx, t);
		cti_timer_start(t->ctx, (uint64_t)(t->o->hold_s * 1e3), hangup,
				t);
		break;
	case CTI_EVENT_CALL_FAILED:
		d->cause = c->cause;
		d->t_cleared = tool_now_s(t);
		finish(t, d->interrupted ? "interrupted before answer" :
					   "failed",
		       EXIT_TROUBLE);
		break;
	case CTI_EVENT_CALL_CLEARED:
		d->cause = c->cause;
		d->t_cleared = tool_now_s(t);
		/* a call the far end drops before our hold time is a fault;
		 * one we cleared early on Ctrl-C was still answered */
		finish(t,
		       d->interrupted ? (d->established ?
					 "interrupted" :
					 "interrupted before answer") :
		       d->established ? "completed" :
					"not answered",
		       d->established && d->we_cleared &&
				       c->cause == CTI_CAUSE_NORMAL_CLEARING ?
			       EXIT_WELL :
			       EXIT_TROUBLE);
		break;
	default:
		break;
	}
}

static void give_up(cti_ctx_t *ctx, void *user)
{
	struct tool *t = user;
	struct dial *d = t->cmd;

	(void)ctx;
	if (d->placed)
		return;
	fprintf(stderr, "cti-call: the D channel did not come up within "
			"%.0f s (is the far end running? cti-span show)\n",
		t->o->timeout_s);
	finish(t, "no D channel", EXIT_TROUBLE);
}

/* Ctrl-C: clear our call (its CLEARED ends the run), or stop if there
 * is none yet. */
static void interrupt(struct tool *t)
{
	struct dial *d = t->cmd;

	d->interrupted = true;
	if (d->placed && !d->done) {
		hangup(t->ctx, t);
		return;
	}
	if (!d->done)
		finish(t, "interrupted", EXIT_TROUBLE);
}

int cmd_dial(struct tool *t)
{
	struct dial d = { 0 };
	int rc;

	/* Lives as long as the run below; cleared before we return. */
	// cppcheck-suppress autoVariables
	t->cmd = &d;
	t->on_event = on_event;
	t->on_interrupt = interrupt;
	cti_timer_start(t->ctx, (uint64_t)(t->o->timeout_s * 1e3), give_up, t);
	rc = cti_ctx_run(t->ctx);
	if (rc) {
		fprintf(stderr, "cti-call: %s\n", cti_strerror(rc));
		return EXIT_USAGE;
	}
	if (!d.outcome) { /* a second signal: stopped with the call up */
		d.outcome = "interrupted";
		t->exit_code = EXIT_TROUBLE;
	}
	if (d.established && !d.t_cleared)
		d.t_cleared = tool_now_s(t);
	if (t->o->json) {
		printf("{\"number\":\"%s\",\"outcome\":\"%s\",\"answered\":%s,"
		       "\"setup_ms\":",
		       t->o->number, d.outcome, d.established ? "true" : "false");
		if (d.established)
			printf("%.1f", (d.t_established - d.t_make) * 1e3);
		else
			printf("null");
		printf(",\"cause\":%d,\"cause_text\":\"%s\"", d.cause,
		       cti_cause_text(d.cause));
		if (d.established)
			printf(",\"connected_s\":%.3f,\"cleared_by\":\"%s\"",
			       d.t_cleared - d.t_established,
			       d.we_cleared ? "us" :
			       d.done	    ? "far end" :
					      "nobody");
		if (t->o->loop) /* our own far end: what it heard */
			printf(",\"far_end_heard_dtmf\":\"%s\"",
			       t->peer.last_digits);
		printf("}\n");
	} else {
		printf("call to %s: %s", t->o->number, d.outcome);
		if (d.established)
			printf(", answered %.1f ms after SETUP",
			       (d.t_established - d.t_make) * 1e3);
		if (d.cause)
			printf(", cause %d (%s)", d.cause,
			       cti_cause_text(d.cause));
		if (d.established && d.done)
			printf(", cleared by %s after %.1f s connected",
			       d.we_cleared ? "us" : "the far end",
			       d.t_cleared - d.t_established);
		else if (d.established)
			printf(", still up after %.1f s connected",
			       d.t_cleared - d.t_established);
		printf("\n");
		if (t->o->loop && t->o->dtmf)
			printf("the far end heard DTMF '%s'\n",
			       t->peer.last_digits);
		if (d.heard[0])
			printf("heard DTMF '%s'\n", d.heard);
	}
	if (d.rx) {
		cti_call_set_audio(t->ctx, d.id, CTI_AUDIO_LINEAR16, NULL, NULL);
		cti_dtmf_rx_free(d.rx);
	}
	t->cmd = NULL;
	return t->exit_code;
}
