// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call/call.h"
#include "fixture.h"

struct fx F;

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	(void)ctx;
	(void)u;
	ck_assert_int_lt(F.n, MAX_EVENTS);
	/* the clock never goes back */
	if (F.n)
		ck_assert_uint_ge(ev->time_ms, F.ev[F.n - 1].time_ms);
	F.ev[F.n++] = *ev;
	if (getenv("CTI_TEST_LOG"))
		fprintf(stderr, "EVENT %s call %u span %u\n",
			cti_event_name((int)ev->type), ev->u.call.call_id,
			ev->u.call.span_id);
}

/* CTI_TEST_LOG=1 shows the library's log (with libpri's) on stderr */
static void quiet(void *u, int level, const char *m, const char *msg)
{
	(void)u;
	if (getenv("CTI_TEST_LOG"))
		fprintf(stderr, "%d %s: %s\n", level, m, msg);
}

void fx_open_raw(const struct cti_span_config *n,
		 const struct cti_span_config *c)
{
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL,
				      .log_fn = quiet };
	struct cti_loop_config lc = { .d_bitrate = 64000 };

	if (getenv("CTI_TEST_LOG"))
		cfg.log_level = CTI_LOG_DEBUG;
	memset(&F, 0, sizeof(F));
	ck_assert_int_eq(cti_ctx_new(&F.ctx, &cfg), 0);
	cti_ctx_set_event_cb(F.ctx, on_event, NULL);
	ck_assert_int_eq(cti_span_open_loop(F.ctx, &F.net, &F.cpe, n, c, &lc),
			 0);
}

void fx_open(int type, int sw, bool overlap)
{
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL,
				      .log_fn = quiet };
	struct cti_span_config n = { .type = (uint32_t)type,
				     .side = CTI_SIDE_NET,
				     .switchtype = (uint32_t)sw,
				     .overlap = overlap };
	struct cti_span_config c = n;

	if (getenv("CTI_TEST_LOG"))
		cfg.log_level = CTI_LOG_DEBUG;
	struct cti_loop_config lc = { .d_bitrate = 64000 };

	c.side = CTI_SIDE_CPE;
	memset(&F, 0, sizeof(F));
	ck_assert_int_eq(cti_ctx_new(&F.ctx, &cfg), 0);
	cti_ctx_set_event_cb(F.ctx, on_event, NULL);
	ck_assert_int_eq(cti_span_open_loop(F.ctx, &F.net, &F.cpe, &n, &c, &lc),
			 0);
	/* Q.921 comes up at once; SPAN_UP follows once it has settled */
	fx_run_ms(200);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.net), 0);
	fx_run_ms(CTI__SETTLE_MS);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.net), 1);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.cpe), 1);
}

void fx_close(void)
{
	cti_ctx_free(F.ctx);
}

void fx_run_ms(uint64_t ms)
{
	ck_assert_int_eq(cti_clock_advance(F.ctx, ms), 0);
}

int fx_find(int from, int type, cti_call_id_t call)
{
	/* events of calls just made are queued: deliver them first */
	cti_ctx_process(F.ctx);
	for (int i = from; i < F.n; i++)
		if ((int)F.ev[i].type == type &&
		    (!call || F.ev[i].u.call.call_id == call))
			return i;
	return -1;
}

int fx_count(int type, cti_span_id_t span)
{
	int n = 0;

	cti_ctx_process(F.ctx);
	for (int i = 0; i < F.n; i++) {
		if ((int)F.ev[i].type != type)
			continue;
		if (type >= CTI_EVENT_SPAN_ALARM && type < CTI_EVENT_USER
			    ? F.ev[i].u.span.span_id == span
			    : F.ev[i].u.call.span_id == span)
			n++;
	}
	return n;
}

cti_call_id_t fx_offered(int from, cti_span_id_t span)
{
	for (int i = from; i < F.n; i++)
		if (F.ev[i].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[i].u.call.span_id == span)
			return F.ev[i].u.call.call_id;
	return 0;
}

cti_call_id_t fx_dial(cti_span_id_t span, const char *dnis)
{
	struct cti_call_params p = { .span = span };
	cti_call_id_t id = 0;

	strcpy(p.dnis.digits, dnis);
	ck_assert_int_eq(cti_call_make(F.ctx, &id, &p), 0);
	ck_assert_uint_gt(id, 0);
	return id;
}

void fx_connect(cti_span_id_t from, const char *dnis, cti_call_id_t *out,
		cti_call_id_t *in)
{
	cti_span_id_t to = from == F.net ? F.cpe : F.net;
	int mark = F.n;

	*out = fx_dial(from, dnis);
	fx_run_ms(100);
	*in = fx_offered(mark, to);
	ck_assert_uint_gt(*in, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, *in), 0);
	fx_run_ms(100);
	ck_assert_int_ge(fx_find(mark, CTI_EVENT_CALL_ESTABLISHED, *out), 0);
	ck_assert_int_ge(fx_find(mark, CTI_EVENT_CALL_ESTABLISHED, *in), 0);
}
