// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * auto_answer_echo: answer every incoming call and send its audio back
 * (an echo test line), until interrupted.
 *
 *   auto_answer_echo --dahdi SPANNO [--t1] [--net]
 *       serve a DAHDI span (configured with dahdi_cfg; E1 user side by
 *       default)
 *   auto_answer_echo --loop [SECONDS]
 *       self-test: two loop spans in this process, one calls the other
 *       every second and checks it hears its own tone back
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cti/call.h"
#include "cti/ctx.h"
#include "cti/span.h"

static cti_ctx_t *ctx;
static cti_span_id_t served, caller_span;
static unsigned answered, echoed_blocks, loud_blocks;
static cti_call_id_t live[64]; /* calls seen, to hang up at the end */
static size_t nlive;

static void echo(cti_ctx_t *c, cti_call_id_t id, const void *rx, void *tx,
		 size_t n, void *user)
{
	(void)c;
	(void)id;
	(void)user;
	memcpy(tx, rx, n * sizeof(int16_t));
	echoed_blocks++;
}

/* the loop self-test's caller: a 1 kHz tone out, energy measured in */
static void tone_and_listen(cti_ctx_t *c, cti_call_id_t id, const void *rx,
			    void *tx, size_t n, void *user)
{
	static unsigned phase;
	const int16_t *in = rx;
	int16_t *out = tx;
	double energy = 0;

	(void)c;
	(void)id;
	(void)user;
	for (size_t i = 0; i < n; i++) {
		out[i] = (int16_t)(8000 *
				   sin(2 * M_PI * 1000 * phase++ / 8000.0));
		energy += (double)in[i] * in[i];
	}
	if (energy / (double)n > 1e6) /* well above idle noise */
		loud_blocks++;
}

static void place_test_call(cti_ctx_t *c, void *u);

static void on_event(cti_ctx_t *c, const struct cti_event *ev, void *u)
{
	const struct cti_call_event *e = &ev->u.call;

	(void)u;
	if (ev->type >= CTI_EVENT_SPAN_ALARM && ev->type < CTI_EVENT_USER) {
		printf("span %u: %s\n", ev->u.span.span_id,
		       cti_event_name((int)ev->type));
		/* loop self-test: call once the caller's link has settled */
		if (ev->type == CTI_EVENT_SPAN_UP && caller_span &&
		    ev->u.span.span_id == caller_span)
			place_test_call(c, NULL);
		return;
	}
	printf("call %u on span %u: %s", e->call_id, e->span_id,
	       cti_event_name((int)ev->type));
	if (ev->type == CTI_EVENT_CALL_CLEARED ||
	    ev->type == CTI_EVENT_CALL_FAILED)
		printf(" (%s)", cti_cause_text(e->cause));
	printf("\n");
	if ((ev->type == CTI_EVENT_CALL_OFFERED ||
	     ev->type == CTI_EVENT_CALL_ORIGINATED) &&
	    nlive < sizeof(live) / sizeof(*live))
		live[nlive++] = e->call_id;
	if (ev->type == CTI_EVENT_CALL_OFFERED && e->span_id == served) {
		cti_call_set_audio(c, e->call_id, CTI_AUDIO_LINEAR16, echo,
				   NULL);
		if (cti_call_answer(c, e->call_id) == 0)
			answered++;
	}
	if (ev->type == CTI_EVENT_CALL_ESTABLISHED &&
	    e->span_id == caller_span && caller_span)
		cti_call_set_audio(c, e->call_id, CTI_AUDIO_LINEAR16,
				   tone_and_listen, NULL);
}

static void on_signal(int sig)
{
	(void)sig;
	cti_ctx_stop(ctx);
}

static void hang_up_all(cti_ctx_t *c, void *u);
static void stop(cti_ctx_t *c, void *u);
static int seconds = 3;

static void place_test_call(cti_ctx_t *c, void *u)
{
	struct cti_call_params p = { .span = caller_span };
	cti_call_id_t id;

	(void)u;
	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "1234");
	if (cti_call_make(c, &id, &p))
		fprintf(stderr, "test call not placed\n");
	cti_timer_start(c, (uint64_t)seconds * 1000, hang_up_all, NULL);
	cti_timer_start(c, (uint64_t)seconds * 1000 + 300, stop, NULL);
}

static void hang_up_all(cti_ctx_t *c, void *u)
{
	(void)u;
	/* calls already gone answer CTI_ENOENT: harmless */
	for (size_t i = 0; i < nlive; i++)
		cti_call_clear(c, live[i], CTI_CAUSE_NORMAL_CLEARING);
}

static void stop(cti_ctx_t *c, void *u)
{
	(void)u;
	cti_ctx_stop(c);
}

int main(int argc, char **argv)
{
	struct cti_span_config cfg = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_CPE };
	int rc, spanno = 0;
	bool loop = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dahdi") && i + 1 < argc)
			spanno = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--t1"))
			cfg.type = CTI_SPAN_T1;
		else if (!strcmp(argv[i], "--net"))
			cfg.side = CTI_SIDE_NET;
		else if (!strcmp(argv[i], "--loop"))
			loop = true;
		else if (loop && atoi(argv[i]) > 0)
			seconds = atoi(argv[i]);
		else {
			fprintf(stderr,
				"usage: %s --dahdi SPANNO [--t1] "
				"[--net] | --loop [SECONDS]\n",
				argv[0]);
			return 2;
		}
	}
	if (!loop && spanno <= 0) {
		fprintf(stderr, "%s: give --dahdi SPANNO or --loop\n", argv[0]);
		return 2;
	}
	rc = cti_ctx_new(&ctx, NULL);
	if (rc) {
		fprintf(stderr, "context: %s\n", cti_strerror(rc));
		return 1;
	}
	cti_ctx_set_event_cb(ctx, on_event, NULL);
	if (loop) {
		struct cti_span_config net = cfg;

		net.side = CTI_SIDE_NET;
		rc = cti_span_open_loop(ctx, &caller_span, &served, &net, &cfg,
					NULL);
	} else {
		rc = cti_span_open_dahdi(ctx, &served, spanno, &cfg);
	}
	if (rc) {
		fprintf(stderr, "open span: %s\n", cti_strerror(rc));
		cti_ctx_free(ctx);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	rc = cti_ctx_run(ctx);
	printf("answered %u call(s), echoed %u blocks of 20 ms\n", answered,
	       echoed_blocks);
	cti_ctx_free(ctx);
	if (loop && (!answered || loud_blocks < 10)) {
		fprintf(stderr, "loop self-test: the echo was not heard\n");
		return 1;
	}
	if (loop)
		printf("loop self-test: the caller heard its tone back in %u "
		       "blocks\n",
		       loud_blocks);
	return rc ? 1 : 0;
}
