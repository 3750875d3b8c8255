// SPDX-License-Identifier: LGPL-2.1-or-later
/* cti-call answer: answer every call on the span (echo or test tone) until
 * Ctrl-C or --calls calls have ended. */
#include <stdio.h>

#include "cti_call.h"

static void on_event(struct tool *t, const struct cti_event *ev)
{
	struct answerer *a = t->cmd;

	if (ev->type >= CTI_EVENT_SPAN_ALARM) {
		if (ev->u.span.span_id == t->span)
			print_event(t, ev, "answer");
		return;
	}
	if (!answerer_event(t, a, ev))
		return;
	if (t->o->json && (ev->type == CTI_EVENT_CALL_CLEARED ||
			   ev->type == CTI_EVENT_CALL_FAILED))
		printf("{\"call\":%u,\"from\":\"%s\",\"to\":\"%s\","
		       "\"bchan\":%d,\"cause\":%d,\"dtmf_heard\":\"%s\"}\n",
		       ev->u.call.call_id, ev->u.call.ani.digits,
		       ev->u.call.dnis.digits, ev->u.call.bchan,
		       ev->u.call.cause, a->last_digits);
	if (a->max_calls && a->ended >= a->max_calls)
		cti_ctx_stop(t->ctx);
}

int cmd_answer(struct tool *t)
{
	struct answerer a;
	int rc;

	answerer_init(&a, t->span, t->o);
	a.max_calls = t->o->calls;
	a.dtmf = t->o->dtmf;
	a.hold_s = t->o->hold_set ? t->o->hold_s : 0;
	a.print = true;
	/* Lives as long as the run below; cleared before we return. */
	// cppcheck-suppress autoVariables
	t->cmd = &a;
	t->on_event = on_event;
	if (!t->o->json)
		printf("answering calls on span %s with %s (Ctrl-C to stop)\n",
		       t->o->loop ? "loop" : "DAHDI",
		       a.tone ? "a 1004 Hz tone" : "echo");
	rc = cti_ctx_run(t->ctx);
	if (rc) {
		fprintf(stderr, "cti-call: %s\n", cti_strerror(rc));
		return EXIT_USAGE;
	}
	if (!t->o->json)
		printf("%d call(s) answered, %d ended\n", a.answered, a.ended);
	answerer_release(t->ctx, &a);
	t->cmd = NULL;
	return EXIT_WELL;
}
