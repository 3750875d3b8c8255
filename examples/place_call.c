// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * place_call: place one call and print its events until it ends.
 *
 *   place_call --dahdi SPANNO [--t1] [--net] NUMBER [SECONDS]
 *       call NUMBER on a DAHDI span; clear after SECONDS once answered
 *   place_call --loop NUMBER [SECONDS]
 *       the far end is a loop span in this process that answers at once
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cti/call.h"
#include "cti/ctx.h"
#include "cti/span.h"

static cti_span_id_t far_span, our_span;
static cti_call_id_t our_call;
static int seconds = 3;

static void hang_up(cti_ctx_t *ctx, void *u)
{
	(void)u;
	cti_call_clear(ctx, our_call, CTI_CAUSE_NORMAL_CLEARING);
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	const struct cti_call_event *e = &ev->u.call;

	(void)u;
	if (ev->type >= CTI_EVENT_SPAN_ALARM && ev->type < CTI_EVENT_USER) {
		printf("%9.3f span %u %s (alarms 0x%x)\n", ev->time_ms / 1e3,
		       ev->u.span.span_id, cti_event_name((int)ev->type),
		       ev->u.span.alarms);
		return;
	}
	if (far_span && e->span_id == far_span) {
		/* the loop's far end: answer whatever arrives */
		if (ev->type == CTI_EVENT_CALL_OFFERED)
			cti_call_answer(ctx, e->call_id);
		return;
	}
	printf("%9.3f call %u %s B%d", ev->time_ms / 1e3, e->call_id,
	       cti_event_name((int)ev->type), e->bchan);
	switch (ev->type) {
	case CTI_EVENT_CALL_ORIGINATED:
		printf(" to %s", e->dnis.digits);
		break;
	case CTI_EVENT_CALL_ESTABLISHED:
		cti_timer_start(ctx, (uint64_t)seconds * 1000, hang_up, NULL);
		break;
	case CTI_EVENT_CALL_CLEARED:
	case CTI_EVENT_CALL_FAILED:
		printf(" cause %d: %s", e->cause, cti_cause_text(e->cause));
		cti_ctx_stop(ctx);
		break;
	default:
		break;
	}
	printf("\n");
}

static void dial(cti_ctx_t *ctx, void *number)
{
	struct cti_call_params p = { .span = our_span };
	int rc;

	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%s",
		 (const char *)number);
	rc = cti_call_make(ctx, &our_call, &p);
	if (rc) {
		fprintf(stderr, "make call: %s\n", cti_strerror(rc));
		cti_ctx_stop(ctx);
	}
}

static void on_span(cti_ctx_t *ctx, const struct cti_event *ev, void *num)
{
	/* SPAN_UP comes once the data link is up and settled: dial */
	if (ev->type == CTI_EVENT_SPAN_UP && ev->u.span.span_id == our_span)
		dial(ctx, num);
	on_event(ctx, ev, NULL);
}

int main(int argc, char **argv)
{
	struct cti_span_config cfg = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_CPE };
	const char *number = NULL;
	int rc, spanno = 0;
	bool loop = false;
	cti_ctx_t *ctx;
	cti_span_id_t id;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dahdi") && i + 1 < argc)
			spanno = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--t1"))
			cfg.type = CTI_SPAN_T1;
		else if (!strcmp(argv[i], "--net"))
			cfg.side = CTI_SIDE_NET;
		else if (!strcmp(argv[i], "--loop"))
			loop = true;
		else if (!number)
			number = argv[i];
		else
			seconds = atoi(argv[i]);
	}
	if (!number || (!loop && spanno <= 0) || seconds <= 0) {
		fprintf(stderr,
			"usage: %s --dahdi SPANNO [--t1] [--net] NUMBER "
			"[SECONDS] | --loop NUMBER [SECONDS]\n",
			argv[0]);
		return 2;
	}
	rc = cti_ctx_new(&ctx, NULL);
	if (rc) {
		fprintf(stderr, "context: %s\n", cti_strerror(rc));
		return 1;
	}
	cti_ctx_set_event_cb(ctx, on_span, (void *)number);
	if (loop) {
		struct cti_span_config net = cfg;

		net.side = CTI_SIDE_NET;
		rc = cti_span_open_loop(ctx, &id, &far_span, &cfg, &net, NULL);
	} else {
		rc = cti_span_open_dahdi(ctx, &id, spanno, &cfg);
	}
	if (rc) {
		fprintf(stderr, "open span: %s\n", cti_strerror(rc));
		cti_ctx_free(ctx);
		return 1;
	}
	our_span = id;
	rc = cti_ctx_run(ctx);
	cti_ctx_free(ctx);
	return rc ? 1 : 0;
}
