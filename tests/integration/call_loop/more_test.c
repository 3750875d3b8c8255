// SPDX-License-Identifier: LGPL-2.1-or-later
/* Signalled transfer (Q.SIG), span close, garbage on the D channel, and
 * the real clock. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call/call.h" /* private: to inject frames on the D channel */
#include "fixture.h"

START_TEST(test_qsig_transfer_signalled)
{
	cti_call_id_t o1, i1, o2, i2;
	int i;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_QSIG, false);
	/* two calls from the far PBX (CPE side) to us (NET side) */
	fx_connect(F.cpe, "100", &o1, &i1);
	fx_connect(F.cpe, "101", &o2, &i2);
	int mark = F.n;
	ck_assert_int_eq(cti_call_hold(F.ctx, i1, CTI_HOLD_SILENCE), 0);
	ck_assert_int_eq(cti_call_transfer(F.ctx, i1, i2), 0);
	i = fx_find(mark, CTI_EVENT_CALL_TRANSFERRED, i1);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.ev[i].u.call.related_id, i2);
	fx_run_ms(2000);
	/* whichever way libpri carried it out, clearing one far end ends
	 * the transferred pair on our side */
	ck_assert_int_eq(cti_call_clear(F.ctx, o1, 16), 0);
	fx_run_ms(2000);
	ck_assert_int_ge(fx_find(mark, CTI_EVENT_CALL_CLEARED, i1), 0);
	fx_close();
}
END_TEST

START_TEST(test_span_close_clears_calls)
{
	cti_call_id_t out, in;
	int i;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	fx_connect(F.cpe, "100", &out, &in);
	ck_assert_int_eq(cti_span_close(F.ctx, F.net), 0);
	ck_assert_int_eq(cti_span_close(F.ctx, F.net), CTI_ENOENT);
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, in);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, CTI_CAUSE_TEMPORARY_FAILURE);
	/* the other span loses its peer: Q.921 gives up, calls cleared */
	fx_run_ms(20000);
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, out);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, CTI_CAUSE_NETWORK_OUT_OF_ORDER);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_DOWN, F.cpe), 1);
	struct cti_call_params p = { .span = F.cpe };
	cti_call_id_t id;
	strcpy(p.dnis.digits, "1");
	ck_assert_int_eq(cti_call_make(F.ctx, &id, &p), CTI_ENETDOWN);
	fx_close();
}
END_TEST

START_TEST(test_garbage_frames_ignored)
{
	cti_call_id_t out, in;
	struct cti__cspan *cs;
	uint8_t frame[260];
	unsigned seed = 12345;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	fx_connect(F.cpe, "100", &out, &in);
	cs = cti__cspan_find(F.ctx, F.cpe);
	ck_assert_ptr_nonnull(cs);
	/* 2000 random frames from the "user side" into the network side:
	 * short, long, valid-looking Q.921 headers with junk Q.931 */
	for (int k = 0; k < 2000; k++) {
		int len = 1 + (int)(rand_r(&seed) % sizeof(frame));

		for (int j = 0; j < len; j++)
			frame[j] = (uint8_t)rand_r(&seed);
		if (k % 2) {
			frame[0] = 0x00; /* SAPI 0, C/R from the user */
			frame[1] = 0x01; /* TEI 0 */
		}
		cs->span->ops->d_write(cs->span, frame, len);
		if (k % 100 == 0)
			fx_run_ms(10);
	}
	/* junk SABME/DISC/FRMR knock the link over; Q.921 brings it back
	 * (the side that still believes it is up notices at T203) */
	struct cti_span_status a, b;
	int waited = 0;

	do {
		fx_run_ms(1000);
		cti_span_get_status(F.ctx, F.net, &a);
		cti_span_get_status(F.ctx, F.cpe, &b);
	} while (!(a.d_up && b.d_up) && ++waited < 120);
	ck_assert(a.d_up && b.d_up);
	/* the link settles before calls are made again (docs/call.md) */
	fx_run_ms(CTI__SETTLE_MS + 100);
	/* whatever libpri made of it, the context works: a new call */
	int mark = F.n;
	cti_call_id_t o2, i2;
	fx_connect(F.net, "200", &o2, &i2);
	ck_assert_int_ge(fx_find(mark, CTI_EVENT_CALL_ESTABLISHED, o2), 0);
	fx_close();
}
END_TEST

/* The same call on the real clock, driven by cti_ctx_run(). */
static cti_call_id_t rt_out;
static int rt_state;

static void rt_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	cti_span_id_t *spans = u;

	if (ev->type == CTI_EVENT_SPAN_UP && ev->u.span.span_id == spans[1] &&
	    !rt_state) {
		struct cti_call_params p = { .span = spans[1] };

		strcpy(p.dnis.digits, "100");
		ck_assert_int_eq(cti_call_make(ctx, &rt_out, &p), 0);
		rt_state = 1;
	}
	if (ev->type == CTI_EVENT_CALL_OFFERED)
		ck_assert_int_eq(cti_call_answer(ctx, ev->u.call.call_id), 0);
	if (ev->type == CTI_EVENT_CALL_ESTABLISHED &&
	    ev->u.call.call_id == rt_out) {
		rt_state = 2;
		cti_call_clear(ctx, rt_out, 16);
	}
	if (ev->type == CTI_EVENT_CALL_CLEARED &&
	    ev->u.call.span_id == spans[0]) {
		rt_state = 3;
		cti_ctx_stop(ctx);
	}
}

static void rt_timeout(cti_ctx_t *ctx, void *u)
{
	(void)u;
	cti_ctx_stop(ctx);
}

START_TEST(test_real_clock_run)
{
	struct cti_span_config n = { .type = CTI_SPAN_T1,
				     .side = CTI_SIDE_NET };
	struct cti_span_config c = { .type = CTI_SPAN_T1,
				     .side = CTI_SIDE_CPE };
	struct cti_loop_config lc = { .d_bitrate = 64000 };
	cti_span_id_t spans[2];
	cti_ctx_t *ctx;

	rt_state = 0;
	ck_assert_int_eq(cti_ctx_new(&ctx, NULL), 0);
	ck_assert_int_eq(
		cti_span_open_loop(ctx, &spans[0], &spans[1], &n, &c, &lc), 0);
	cti_ctx_set_event_cb(ctx, rt_event, spans);
	cti_timer_start(ctx, CTI__SETTLE_MS + 5000, rt_timeout, NULL);
	uint64_t t0 = cti_now_ms(ctx);
	ck_assert_int_eq(cti_ctx_run(ctx), 0);
	ck_assert_int_eq(rt_state, 3);
	/* it took real time: the data link's settle time (SPAN_UP comes
	 * CTI__SETTLE_MS after Q.921 is up), then far less than the
	 * watchdog */
	ck_assert_uint_ge(cti_now_ms(ctx) - t0, CTI__SETTLE_MS);
	ck_assert_uint_lt(cti_now_ms(ctx) - t0, CTI__SETTLE_MS + 2000);
	cti_ctx_free(ctx);
}
END_TEST

START_TEST(test_preferred_channel_moved)
{
	struct cti_call_params p = { .bchan = 5 };
	cti_call_id_t o1, i1, o2, in;
	int i;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	/* the network takes channel 5 for a call of its own */
	p.span = F.net;
	p.exclusive = true;
	strcpy(p.dnis.digits, "100");
	ck_assert_int_eq(cti_call_make(F.ctx, &o1, &p), 0);
	fx_run_ms(100);
	i1 = fx_offered(0, F.cpe);
	ck_assert_int_eq(cti_call_answer(F.ctx, i1), 0);
	fx_run_ms(100);
	/* the user then asks for 5 as *preferred*: it is busy on our side
	 * already, so libcti proposes another one itself ... */
	p.span = F.cpe;
	p.exclusive = false;
	int mark = F.n;
	ck_assert_int_eq(cti_call_make(F.ctx, &o2, &p), 0);
	i = fx_find(mark, CTI_EVENT_CALL_ORIGINATED, o2);
	ck_assert_int_ge(i, 0);
	ck_assert_int_ne(F.ev[i].u.call.bchan, 5);
	/* ... and an exclusive request for a busy channel is refused */
	p.exclusive = true;
	cti_call_id_t x;
	ck_assert_int_eq(cti_call_make(F.ctx, &x, &p), CTI_ENOCHAN);
	fx_run_ms(100);
	in = fx_offered(mark, F.net);
	ck_assert_uint_gt(in, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, in), 0);
	fx_run_ms(100);
	/* both ends agree on the channel */
	int a = fx_find(mark, CTI_EVENT_CALL_ESTABLISHED, o2);
	int b = fx_find(mark, CTI_EVENT_CALL_ESTABLISHED, in);
	ck_assert_int_ge(a, 0);
	ck_assert_int_ge(b, 0);
	ck_assert_int_eq(F.ev[a].u.call.bchan, F.ev[b].u.call.bchan);
	fx_close();
}
END_TEST

/* The network moves a preferred channel it cannot give (Q.931 5.1.2):
 * the user follows the channel of CALL PROCEEDING. */
START_TEST(test_network_assigns_other_channel)
{
	struct cti_call_params p = { .bchan = 9 };
	cti_call_id_t out, o1, i1, in;
	int i;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	/* a call from the user holds channel 9 at both ends */
	p.span = F.cpe;
	p.exclusive = true;
	strcpy(p.dnis.digits, "100");
	ck_assert_int_eq(cti_call_make(F.ctx, &o1, &p), 0);
	fx_run_ms(100);
	i1 = fx_offered(0, F.net);
	cti_call_answer(F.ctx, i1);
	fx_run_ms(100);
	/* the user clears it and at once asks for 9 again, preferred: the
	 * user's side is free, but the DISCONNECT has not reached the
	 * network yet, where 9 is still busy: the network assigns another
	 * channel in CALL PROCEEDING and the user must follow it */
	int mark = F.n;
	ck_assert_int_eq(cti_call_clear(F.ctx, o1, 16), 0);
	p.exclusive = false;
	ck_assert_int_eq(cti_call_make(F.ctx, &out, &p), 0);
	fx_run_ms(200);
	in = fx_offered(mark, F.net);
	ck_assert_uint_gt(in, 0);
	i = fx_find(mark, CTI_EVENT_CALL_OFFERED, in);
	ck_assert_int_ge(i, 0);
	int chan = F.ev[i].u.call.bchan;
	cti_call_answer(F.ctx, in);
	fx_run_ms(100);
	i = fx_find(mark, CTI_EVENT_CALL_ESTABLISHED, out);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.bchan, chan);
	fx_close();
}
END_TEST

/* One busy minute on a lossy D channel, recorded. */
static int scenario(struct cti_event *out, int max)
{
	cti_call_id_t ids[40];
	int n = 0, k = 0;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	cti_span_loop_set_drop(F.ctx, F.net, 100000); /* 10 % lost */
	for (int round = 0; round < 20; round++) {
		ids[k++ % 40] = fx_dial(round % 2 ? F.net : F.cpe, "100");
		fx_run_ms(700);
		for (int i = 0; i < F.n; i++)
			if (F.ev[i].type == CTI_EVENT_CALL_OFFERED)
				cti_call_answer(F.ctx, F.ev[i].u.call.call_id);
		if (round % 3 == 2)
			cti_call_clear(F.ctx, ids[(k - 2) % 40], 16);
		fx_run_ms(2300);
	}
	fx_run_ms(20000);
	n = F.n < max ? F.n : max;
	memcpy(out, F.ev, (size_t)n * sizeof(*out));
	fx_close();
	return n;
}

START_TEST(test_virtual_time_is_deterministic)
{
	static struct cti_event a[MAX_EVENTS], b[MAX_EVENTS];
	int na = scenario(a, MAX_EVENTS), nb = scenario(b, MAX_EVENTS);

	ck_assert_int_gt(na, 60);
	ck_assert_int_eq(na, nb);
	/* the same events at the same microsecond, byte for byte */
	for (int i = 0; i < na; i++)
		ck_assert_mem_eq(&a[i], &b[i], sizeof(a[i]));
}
END_TEST

/* Another thread asks the context's thread to place calls. */
struct order {
	cti_span_id_t span;
	char number[16];
};

static void place_order(cti_ctx_t *ctx, void *arg)
{
	struct order *o = arg;

	if (ctx) {
		struct cti_call_params p = { .span = o->span };
		cti_call_id_t id;

		strcpy(p.dnis.digits, o->number);
		ck_assert_int_eq(cti_call_make(ctx, &id, &p), 0);
	}
	free(o);
}

static void *order_thread(void *arg)
{
	for (int i = 0; i < 5; i++) {
		struct order *o = malloc(sizeof(*o));

		o->span = *(cti_span_id_t *)arg;
		snprintf(o->number, sizeof(o->number), "70%d", i);
		ck_assert_int_eq(cti_ctx_post(F.ctx, place_order, o), 0);
	}
	return NULL;
}

START_TEST(test_calls_ordered_from_another_thread)
{
	pthread_t th;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	ck_assert_int_eq(pthread_create(&th, NULL, order_thread, &F.cpe), 0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	/* the eventfd woke the context; the commands run on its thread */
	fx_run_ms(200);
	ck_assert_int_eq(fx_count(CTI_EVENT_CALL_ORIGINATED, F.cpe), 5);
	ck_assert_int_eq(fx_count(CTI_EVENT_CALL_OFFERED, F.net), 5);
	fx_close();
}
END_TEST

/* An application frees its per-call audio state when it reads the call's
 * CLEARED event: libcti must never call the audio callback after queueing
 * that event, even while the clearing messages are still exchanged. */
struct audio_log {
	uint64_t last_ms;
	int calls;
};

static void log_audio(cti_ctx_t *ctx, cti_call_id_t id, const void *rx,
		      void *tx, size_t samples, void *user)
{
	struct audio_log *l = user;

	(void)id;
	(void)rx;
	(void)tx;
	(void)samples;
	l->last_ms = cti_now_ms(ctx);
	l->calls++;
}

START_TEST(test_no_audio_after_end_event)
{
	static struct audio_log lo, li;
	cti_call_id_t out, in;
	int e;

	memset(&lo, 0, sizeof(lo));
	memset(&li, 0, sizeof(li));
	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	fx_connect(F.cpe, "100", &out, &in);
	ck_assert_int_eq(cti_call_set_audio(F.ctx, out, CTI_AUDIO_LINEAR16,
					    log_audio, &lo),
			 0);
	ck_assert_int_eq(cti_call_set_audio(F.ctx, in, CTI_AUDIO_LINEAR16,
					    log_audio, &li),
			 0);
	fx_run_ms(100);
	ck_assert_int_gt(lo.calls, 0);
	ck_assert_int_gt(li.calls, 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, in, CTI_CAUSE_NORMAL_CLEARING),
			 0);
	fx_run_ms(2000);
	e = fx_find(0, CTI_EVENT_CALL_CLEARED, out);
	ck_assert_int_ge(e, 0);
	ck_assert_uint_le(lo.last_ms, F.ev[e].time_ms);
	e = fx_find(0, CTI_EVENT_CALL_CLEARED, in);
	ck_assert_int_ge(e, 0);
	ck_assert_uint_le(li.last_ms, F.ev[e].time_ms);
	fx_close();
}
END_TEST

TCase *more_tcase(void);
TCase *more_tcase(void)
{
	TCase *tc = tcase_create("more");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_qsig_transfer_signalled);
	tcase_add_test(tc, test_span_close_clears_calls);
	tcase_add_test(tc, test_garbage_frames_ignored);
	tcase_add_test(tc, test_real_clock_run);
	tcase_add_test(tc, test_preferred_channel_moved);
	tcase_add_test(tc, test_network_assigns_other_channel);
	tcase_add_test(tc, test_virtual_time_is_deterministic);
	tcase_add_test(tc, test_no_audio_after_end_event);
	tcase_add_test(tc, test_calls_ordered_from_another_thread);
	return tc;
}
