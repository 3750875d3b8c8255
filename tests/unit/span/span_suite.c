// SPDX-License-Identifier: LGPL-2.1-or-later
/* span: the loop backend (the dahdi backend is tested in the VM). */
#include <string.h>

#include "cti/spandiag.h"
#include "span/span.h"
#include "unit.h"

struct obs {
	int d_ready, audio[CTI__MAX_CHAN], alarm_calls;
	uint32_t alarms;
	uint64_t first_ready_us;
	struct cti__span *s;
};

static void on_d_ready(void *u)
{
	struct obs *o = u;

	if (!o->d_ready++)
		o->first_ready_us = cti__now_us(o->s->ctx);
}

static void on_audio(void *u, int ch)
{
	struct obs *o = u;

	o->audio[ch]++;
	/* send our channel number as the pattern on the next block */
	memset(o->s->tx[ch], ch, CTI__BLOCK);
}

static void on_alarm(void *u, uint32_t alarms)
{
	struct obs *o = u;

	o->alarm_calls++;
	o->alarms = alarms;
}

static const struct cti__span_up up = { on_d_ready, on_audio, on_alarm };

struct fix {
	cti_ctx_t *ctx;
	struct cti__span *a, *b;
	struct obs oa, ob;
};

static void setup_pair(struct fix *f, int kind, uint32_t bitrate)
{
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti__loop_opts lo = { .d_bitrate = bitrate, .seed = 7 };

	memset(f, 0, sizeof(*f));
	ck_assert_int_eq(cti_ctx_new(&f->ctx, &cfg), 0);
	ck_assert_int_eq(cti__span_loop_pair(f->ctx, kind, CTI__LAW_ALAW, &lo,
					     &f->a, &f->b),
			 0);
	f->oa.s = f->a;
	f->ob.s = f->b;
	cti__span_set_up(f->a, &up, &f->oa);
	cti__span_set_up(f->b, &up, &f->ob);
}

static void teardown_pair(struct fix *f)
{
	cti__span_free(f->a);
	cti__span_free(f->b);
	cti_ctx_free(f->ctx);
}

START_TEST(test_channel_maps)
{
	/* G.704 clause 5.1.3.2: TS16 carries signalling on E1 */
	ck_assert(!cti__span_is_bchan(CTI__SPAN_E1, 16));
	ck_assert(cti__span_is_bchan(CTI__SPAN_E1, 15));
	ck_assert(cti__span_is_bchan(CTI__SPAN_E1, 31));
	ck_assert(!cti__span_is_bchan(CTI__SPAN_E1, 0));
	ck_assert(!cti__span_is_bchan(CTI__SPAN_T1, 24));
	ck_assert(cti__span_is_bchan(CTI__SPAN_T1, 23));
	ck_assert_int_eq(cti__span_nbchans(CTI__SPAN_E1), 30);
	ck_assert_int_eq(cti__span_nbchans(CTI__SPAN_T1), 23);
	/* G.711 Table 1/2: the code of +0 */
	ck_assert_uint_eq(cti__law_idle(CTI__LAW_ALAW), 0xD5);
	ck_assert_uint_eq(cti__law_idle(CTI__LAW_ULAW), 0xFF);
}
END_TEST

START_TEST(test_frames_cross_serialised)
{
	struct fix f;
	uint8_t buf[600], frame[64];

	setup_pair(&f, CTI__SPAN_E1, 64000);
	memset(frame, 0x42, sizeof(frame));
	ck_assert_int_eq(f.a->ops->d_write(f.a, frame, 62), 62);
	ck_assert_int_eq(f.a->ops->d_write(f.a, frame, 30), 30);
	ck_assert_int_eq(f.a->ops->d_write(f.a, frame, 0), CTI_EINVAL);
	ck_assert_int_eq(f.b->ops->d_read(f.b, buf, sizeof(buf)), CTI_EAGAIN);
	cti_clock_advance(f.ctx, 100);
	/* 64 octets (frame + 2 flags) at 64 kbit/s take 8 ms */
	ck_assert_uint_eq(f.ob.first_ready_us, 8000);
	ck_assert_int_eq(f.b->ops->d_read(f.b, buf, sizeof(buf)), 62);
	ck_assert_int_eq(f.b->ops->d_read(f.b, buf, sizeof(buf)), 30);
	ck_assert_int_eq(f.b->ops->d_read(f.b, buf, sizeof(buf)), CTI_EAGAIN);
	ck_assert_uint_eq(f.a->stats.d_tx_bytes, 92);
	ck_assert_uint_eq(f.b->stats.d_rx_frames, 2);
	ck_assert_int_eq(f.oa.d_ready, 0);
	teardown_pair(&f);
}
END_TEST

START_TEST(test_drop_rate)
{
	struct fix f;
	uint8_t buf[16] = { 1 };
	int got = 0;

	setup_pair(&f, CTI__SPAN_T1, 0);
	ck_assert_int_eq(cti__span_loop_set_drop(f.a, 1000001), CTI_EINVAL);
	ck_assert_int_eq(cti__span_loop_set_drop(f.a, 250000), 0);
	for (int i = 0; i < 4000; i++)
		f.a->ops->d_write(f.a, buf, sizeof(buf));
	cti_clock_advance(f.ctx, 1);
	while (f.b->ops->d_read(f.b, buf, sizeof(buf)) > 0)
		got++;
	/* 25 % loss: 3000 expected, binomial sd ~27 */
	ck_assert_int_gt(got, 2850);
	ck_assert_int_lt(got, 3150);
	ck_assert_uint_eq(f.a->stats.d_dropped, 4000u - (unsigned)got);
	teardown_pair(&f);
}
END_TEST

START_TEST(test_link_down_alarms_and_silence)
{
	struct fix f;
	uint8_t buf[16] = { 1 };

	setup_pair(&f, CTI__SPAN_E1, 0);
	/* idle pair: no ticks at all */
	cti_clock_advance(f.ctx, 100);
	ck_assert_uint_eq(f.a->stats.blocks, 0);
	/* a call starts at 100 ms: ticks at 120 and 140 ms */
	cti__span_set_active(f.a, 1, true);
	cti__span_set_active(f.b, 1, true);
	cti_clock_advance(f.ctx, 40);
	ck_assert_int_eq(f.oa.audio[1], 2);
	/* B sent "1" after its first block: A hears it on the second */
	ck_assert_uint_eq(f.a->rx[1][0], 1);
	ck_assert_uint_eq(f.a->rx[1][159], 1);
	ck_assert_int_eq(f.oa.audio[2], 0); /* inactive: not reported */

	f.b->ops->d_write(f.b, buf, sizeof(buf)); /* in flight... */
	ck_assert_int_eq(cti__span_loop_set_link(f.a, false), 0);
	ck_assert_uint_eq(f.oa.alarms, CTI_SPAN_ALARM_RED | CTI_SPAN_ALARM_LOS);
	ck_assert_uint_eq(f.ob.alarms, CTI_SPAN_ALARM_RED | CTI_SPAN_ALARM_LOS);
	ck_assert_int_eq(f.b->ops->d_write(f.b, buf, sizeof(buf)), 16);
	cti_clock_advance(f.ctx, 20);
	ck_assert_int_eq(f.a->ops->d_read(f.a, buf, sizeof(buf)), CTI_EAGAIN);
	ck_assert_uint_eq(f.a->rx[1][0], 0xD5);

	ck_assert_int_eq(cti__span_loop_set_link(f.b, true), 0);
	ck_assert_uint_eq(f.oa.alarms, 0);
	ck_assert_int_eq(f.oa.alarm_calls, 2);
	f.b->ops->d_write(f.b, buf, sizeof(buf));
	cti_clock_advance(f.ctx, 20);
	ck_assert_int_eq(f.a->ops->d_read(f.a, buf, sizeof(buf)), 16);
	/* the call ends: the ticks stop after the one in progress */
	cti__span_set_active(f.a, 1, false);
	cti__span_set_active(f.b, 1, false);
	uint64_t blocks = f.a->stats.blocks;
	cti_clock_advance(f.ctx, 200);
	ck_assert_uint_le(f.a->stats.blocks, blocks + 1);
	teardown_pair(&f);
}
END_TEST

START_TEST(test_bad_arguments)
{
	cti_ctx_t *ctx;
	struct cti__span *a, *b;

	ck_assert_int_eq(cti_ctx_new(&ctx, NULL), 0);
	ck_assert_int_eq(
		cti__span_loop_pair(ctx, 3, CTI__LAW_ALAW, NULL, &a, &b),
		CTI_EINVAL);
	ck_assert_int_eq(
		cti__span_loop_pair(ctx, CTI__SPAN_E1, 9, NULL, &a, &b),
		CTI_EINVAL);
	ck_assert_int_eq(
		cti__span_dahdi_open(ctx, 0, CTI__SPAN_E1, CTI__LAW_ALAW, &a),
		CTI_EINVAL);
	/* no DAHDI on the build host: a clear error, no crash */
	ck_assert_int_lt(
		cti__span_dahdi_open(ctx, 1, CTI__SPAN_E1, CTI__LAW_ALAW, &a),
		0);
	cti_ctx_free(ctx);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("span");
	TCase *tc = tcase_create("loop");

	tcase_add_test(tc, test_channel_maps);
	tcase_add_test(tc, test_frames_cross_serialised);
	tcase_add_test(tc, test_drop_rate);
	tcase_add_test(tc, test_link_down_alarms_and_silence);
	tcase_add_test(tc, test_bad_arguments);
	suite_add_tcase(s, tc);
	return s;
}
