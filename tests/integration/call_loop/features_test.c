// SPDX-License-Identifier: LGPL-2.1-or-later
/* Hold, transfer, conference (sample by sample), DTMF, D-channel loss. */
#include <stdint.h>
#include <string.h>

#include <spandsp/telephony.h>
#include <spandsp/bit_operations.h>
#include <spandsp/g711.h> /* reference G.711 (header-only functions) */

#include "cti/dsp.h"
#include "fixture.h"

#define BLK    160
#define MAXBLK 64

/* A far-end phone: sends a known sequence of G.711 blocks, records what
 * it hears. */
struct phone {
	int seed;
	int nsent, nheard;
	uint8_t sent[MAXBLK][BLK];
	uint8_t heard[MAXBLK][BLK];
};

static uint8_t pattern(int seed, int blk, int i)
{
	/* a speech-level signal, different per phone and block, kept well
	 * below clipping so that the sum of two stays exact */
	int16_t x = (int16_t)(((seed * 7919 + blk * 104729 + i * 31) % 8001) -
			      4000);
	return linear_to_alaw(x);
}

static void phone_audio(cti_ctx_t *ctx, cti_call_id_t id, const void *rx,
			void *tx, size_t n, void *user)
{
	struct phone *ph = user;
	uint8_t *out = tx;

	(void)ctx;
	(void)id;
	ck_assert_uint_eq(n, BLK);
	if (ph->nheard < MAXBLK)
		memcpy(ph->heard[ph->nheard++], rx, BLK);
	if (ph->nsent < MAXBLK) {
		for (int i = 0; i < BLK; i++)
			out[i] = pattern(ph->seed, ph->nsent, i);
		memcpy(ph->sent[ph->nsent++], out, BLK);
	}
}

static bool all_idle(const uint8_t *b)
{
	for (int i = 0; i < BLK; i++)
		if (b[i] != 0xD5)
			return false;
	return true;
}

START_TEST(test_hold_retrieve_audio)
{
	static struct phone far;
	cti_call_id_t out, in;

	memset(&far, 0, sizeof(far));
	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	fx_connect(F.cpe, "100", &out, &in);
	/* the far end (CPE side) listens; we (NET) hold with a tone */
	ck_assert_int_eq(cti_call_set_audio(F.ctx, out, CTI_AUDIO_G711,
					    phone_audio, &far),
			 0);
	ck_assert_int_eq(cti_call_hold(F.ctx, in, CTI_HOLD_TONE), 0);
	ck_assert_int_eq(cti_call_hold(F.ctx, in, CTI_HOLD_TONE), CTI_ESTATE);
	fx_run_ms(200);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_HELD, in), 0);
	/* 250 ms of 425 Hz: the far end hears tone, not idle code */
	ck_assert(!all_idle(far.heard[3]));
	fx_run_ms(400); /* now in the tone's pause */
	ck_assert(all_idle(far.heard[far.nheard - 1]));
	ck_assert_int_eq(cti_call_retrieve(F.ctx, in), 0);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_RETRIEVED, in), 0);
	ck_assert_int_eq(cti_call_hold(F.ctx, in, CTI_HOLD_SILENCE), 0);
	int before = far.nheard;
	fx_run_ms(200);
	for (int b = before + 1; b < far.nheard; b++)
		ck_assert(all_idle(far.heard[b]));
	fx_close();
}
END_TEST

START_TEST(test_consult_and_bridged_transfer)
{
	static struct phone p1, p2;
	cti_call_id_t out1, in1, out2, in2;
	struct cti_call_params p = { .span = 0 };
	int i;

	memset(&p1, 0, sizeof(p1));
	memset(&p2, 0, sizeof(p2));
	p1.seed = 1;
	p2.seed = 2;
	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	/* caller 1 (CPE) calls us (NET) */
	fx_connect(F.cpe, "100", &out1, &in1);
	/* we consult caller 2 */
	p.span = F.net;
	strcpy(p.dnis.digits, "200");
	int mark = F.n;
	ck_assert_int_eq(cti_call_consult(F.ctx, &out2, in1, &p), 0);
	ck_assert_int_ge(fx_find(mark, CTI_EVENT_CALL_HELD, in1), 0);
	fx_run_ms(100);
	in2 = fx_offered(mark, F.cpe);
	ck_assert_uint_gt(in2, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, in2), 0);
	fx_run_ms(100);
	ck_assert_int_ge(fx_find(mark, CTI_EVENT_CALL_ESTABLISHED, out2), 0);
	cti_call_set_audio(F.ctx, out1, CTI_AUDIO_G711, phone_audio, &p1);
	cti_call_set_audio(F.ctx, in2, CTI_AUDIO_G711, phone_audio, &p2);
	ck_assert_int_eq(cti_call_transfer(F.ctx, in1, out2), 0);
	i = fx_find(mark, CTI_EVENT_CALL_TRANSFERRED, in1);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.ev[i].u.call.related_id, out2);
	fx_run_ms(600);
	/* the bridge copies octets: what 1 sent, 2 hears, exactly, 2 blocks
	 * later (one block across each loop crossing) */
	int checked = 0;
	for (int b = 0; b + 2 < p2.nheard && b < p1.nsent; b++) {
		if (all_idle(p2.heard[b + 2]))
			continue;
		ck_assert_mem_eq(p2.heard[b + 2], p1.sent[b], BLK);
		ck_assert_mem_eq(p1.heard[b + 2], p2.sent[b], BLK);
		checked++;
	}
	ck_assert_int_gt(checked, 20);
	/* one side hangs up: libcti releases the other leg */
	ck_assert_int_eq(cti_call_clear(F.ctx, out1, 16), 0);
	fx_run_ms(300);
	ck_assert_int_ge(fx_find(mark, CTI_EVENT_CALL_CLEARED, in2), 0);
	struct cti_span_status st;
	cti_span_get_status(F.ctx, F.net, &st);
	ck_assert_uint_eq(st.calls, 0);
	fx_close();
}
END_TEST

START_TEST(test_three_party_conference_exact)
{
	static struct phone ph[3];
	cti_call_id_t far[3], near[3];
	uint32_t conf = 0;
	int i;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	for (int k = 0; k < 3; k++) {
		memset(&ph[k], 0, sizeof(ph[k]));
		ph[k].seed = k + 10;
		fx_connect(F.cpe, "100", &far[k], &near[k]);
	}
	ck_assert_int_eq(cti_call_conference(F.ctx, near, 1, &conf),
			 CTI_EINVAL);
	cti_call_id_t dup[2] = { near[0], near[0] };
	ck_assert_int_eq(cti_call_conference(F.ctx, dup, 2, &conf), CTI_EINVAL);
	ck_assert_int_eq(cti_call_hold(F.ctx, near[2], CTI_HOLD_SILENCE), 0);
	ck_assert_int_eq(cti_call_conference(F.ctx, near, 3, &conf), 0);
	ck_assert_uint_gt(conf, 0);
	i = fx_find(0, CTI_EVENT_CALL_CONFERENCED, near[2]);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.ev[i].u.call.conf_id, conf);
	/* the phones start talking at the same tick */
	for (int k = 0; k < 3; k++)
		cti_call_set_audio(F.ctx, far[k], CTI_AUDIO_G711, phone_audio,
				   &ph[k]);
	fx_run_ms(800);
	/* each hears enc(dec(a) + dec(b)) of the other two, sample by
	 * sample, two blocks after they were sent (G.711 mixing in the
	 * linear domain; reference codec: spandsp) */
	int checked = 0;
	for (int k = 0; k < 3; k++) {
		const struct phone *a = &ph[(k + 1) % 3], *b = &ph[(k + 2) % 3];

		for (int blk = 0; blk + 2 < ph[k].nheard && blk < a->nsent;
		     blk++) {
			for (int s = 0; s < BLK; s++) {
				int sum = alaw_to_linear(a->sent[blk][s]) +
					  alaw_to_linear(b->sent[blk][s]);
				uint8_t want = linear_to_alaw(sum);

				ck_assert_uint_eq(ph[k].heard[blk + 2][s],
						  want);
				checked++;
			}
		}
	}
	ck_assert_int_gt(checked, 3 * 30 * BLK);
	/* one party leaves: the other two stay conferenced */
	ck_assert_int_eq(cti_call_clear(F.ctx, far[0], 16), 0);
	fx_run_ms(200);
	struct cti_call_info info;
	ck_assert_int_eq(cti_call_get_info(F.ctx, near[1], &info), 0);
	ck_assert_uint_eq(info.state, CTI_CALL_CONFERENCED);
	ck_assert_int_eq(cti_call_unconference(F.ctx, near[1]), 0);
	ck_assert_int_eq(cti_call_get_info(F.ctx, near[2], &info), 0);
	ck_assert_uint_eq(info.state, CTI_CALL_ACTIVE);
	fx_close();
}
END_TEST

/* The far end runs lib/dsp's Q.24 receiver on what it hears. */
struct listener {
	cti_dtmf_rx_storage_t mem;
	cti_dtmf_rx_t *rx;
	char got[32];
	int n, quiet_blocks, tone_blocks;
};

static void listen_dtmf(cti_ctx_t *ctx, cti_call_id_t id, const void *rx,
			void *tx, size_t n, void *user)
{
	struct listener *l = user;
	cti_dtmf_event_t ev;

	(void)ctx;
	(void)id;
	(void)tx;
	all_idle(rx) ? l->quiet_blocks++ : l->tone_blocks++;
	cti_dtmf_rx_feed(l->rx, CTI_PCM_ALAW, rx, n);
	while (cti_dtmf_rx_next_event(l->rx, &ev) > 0)
		if (ev.type == CTI_DTMF_END && l->n < 31)
			l->got[l->n++] = ev.digit;
}

START_TEST(test_dtmf_sent_inband)
{
	static struct listener far;
	cti_call_id_t out, in;

	memset(&far, 0, sizeof(far));
	ck_assert_int_eq(cti_dtmf_rx_init(&far.rx, &far.mem, NULL), 0);
	ck_assert_ptr_nonnull(far.rx);
	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	fx_connect(F.cpe, "100", &out, &in);
	cti_call_set_audio(F.ctx, out, CTI_AUDIO_G711, listen_dtmf, &far);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, in, "1#"), 0);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, in, "90*D"), 0);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, in, "12x"), CTI_EFORMAT);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, in, ""), CTI_EFORMAT);
	fx_run_ms(1500);
	/* six digits of 80 ms tone (4 blocks each), pauses between */
	ck_assert_str_eq(far.got, "1#90*D");
	ck_assert_int_ge(far.tone_blocks, 24);
	ck_assert_int_le(far.tone_blocks, 30);
	ck_assert_int_gt(far.quiet_blocks, 24);
	cti_dtmf_rx_free(far.rx);
	fx_close();
}
END_TEST

START_TEST(test_dchannel_loss_and_recovery)
{
	cti_call_id_t out, in, out2;
	int i;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	fx_connect(F.cpe, "100", &out, &in);
	fx_connect(F.net, "200", &out2, &in);
	int mark = F.n;
	ck_assert_int_eq(cti_span_loop_set_link(F.ctx, F.net, false), 0);
	i = fx_find(mark, CTI_EVENT_SPAN_ALARM, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.ev[i].u.span.alarms & CTI_SPAN_ALARM_RED,
			  CTI_SPAN_ALARM_RED);
	/* Q.921: T203 10 s idle, then T200 1 s x N200 3 retries */
	fx_run_ms(20000);
	i = fx_find(mark, CTI_EVENT_SPAN_DOWN, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.ev[i].u.span.calls_cleared, 2);
	i = fx_find(mark, CTI_EVENT_CALL_CLEARED, out);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, CTI_CAUSE_NETWORK_OUT_OF_ORDER);
	ck_assert_str_eq(cti_cause_text(38), "Network out of order");
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_DOWN, F.cpe), 1);
	struct cti_span_status st;
	cti_span_get_status(F.ctx, F.cpe, &st);
	ck_assert_uint_eq(st.calls, 0);
	ck_assert(!st.d_up);

	mark = F.n;
	ck_assert_int_eq(cti_span_loop_set_link(F.ctx, F.net, true), 0);
	fx_run_ms(30000);
	ck_assert_int_ge(fx_find(mark, CTI_EVENT_SPAN_UP, 0), 0);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.net), 2);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.cpe), 2);
	/* a new call succeeds */
	fx_connect(F.cpe, "100", &out, &in);
	fx_close();
}
END_TEST

START_TEST(test_lossy_dchannel_still_connects)
{
	cti_call_id_t out, in;
	int ok = 0;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	/* 5 % of frames lost: Q.921 retransmits (T200), calls go through */
	ck_assert_int_eq(cti_span_loop_set_drop(F.ctx, F.net, 50000), 0);
	for (int k = 0; k < 10; k++) {
		int mark = F.n;

		out = fx_dial(F.cpe, "100");
		fx_run_ms(5000);
		in = fx_offered(mark, F.net);
		if (!in)
			continue;
		cti_call_answer(F.ctx, in);
		fx_run_ms(5000);
		if (fx_find(mark, CTI_EVENT_CALL_ESTABLISHED, out) >= 0)
			ok++;
		cti_call_clear(F.ctx, out, 16);
		fx_run_ms(5000);
	}
	ck_assert_int_ge(ok, 8);
	struct cti_span_status sn, sc;
	cti_span_get_status(F.ctx, F.net, &sn);
	cti_span_get_status(F.ctx, F.cpe, &sc);
	ck_assert_uint_gt(sn.d_dropped + sc.d_dropped, 0);
	fx_close();
}
END_TEST

TCase *features_tcase(void);
TCase *features_tcase(void)
{
	TCase *tc = tcase_create("features");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hold_retrieve_audio);
	tcase_add_test(tc, test_consult_and_bridged_transfer);
	tcase_add_test(tc, test_three_party_conference_exact);
	tcase_add_test(tc, test_dtmf_sent_inband);
	tcase_add_test(tc, test_dchannel_loss_and_recovery);
	tcase_add_test(tc, test_lossy_dchannel_still_connects);
	return tc;
}
