// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Call-progress tones: every tone of the Chinese (YD/T 1277), North
 * American (Telcordia GR-506) and ITU-T E.180 plans, generated and
 * recognised, clean and in noise; speech is no tone; silence detection.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cti/tone.h"
#include "dtmf_util.h"
#include "unit.h"

static const int plans[3] = { CTI_TONES_CN, CTI_TONES_NA, CTI_TONES_ITU };
static const char *plan_name[3] = { "CN", "NA", "ITU" };

/* Play `tone` for secs seconds (plus noise at noise_dbm0 unless 0) into a
 * detector; returns the events' tones as letters (N for none). */
static const char *recognise(int plan, int tone, int secs, double noise_dbm0,
			     uint64_t *first_start)
{
	static char out[32];
	cti_tone_tx_storage_t tmem;
	cti_tone_rx_storage_t rmem;
	cti_tone_tx_t *tx = NULL;
	cti_tone_rx_t *rx = NULL;
	cti_tone_event_t ev;
	size_t n = (size_t)secs * 8000, k = 0, i = 0;
	int16_t *s = malloc(n * sizeof(*s));
	uint64_t st = 5;

	ck_assert_int_eq(cti_tone_tx_init(&tx, &tmem, plan, tone), 0);
	ck_assert_int_eq(cti_tone_rx_init(&rx, &rmem, plan), 0);

	ck_assert_ptr_nonnull(tx);
	ck_assert_ptr_nonnull(rx);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(cti_tone_tx_linear(tx, s, n), (int)n);
	if (noise_dbm0 != 0) {
		struct sig g = { 0 };

		sig_silence(&g, n);
		sig_noise(&g, noise_dbm0, 77);
		for (size_t j = 0; j < n; j++)
			s[j] = (int16_t)fmax(-32768,
					     fmin(32767, s[j] + g.x[j]));
		sig_free(&g);
	}
	while (i < n) {
		size_t take = 1 + rnd_next(&st) % 500;

		take = take > n - i ? n - i : take;
		ck_assert_int_ge(cti_tone_rx_linear(rx, s + i, take), 0);
		i += take;
		while (k < sizeof(out) - 1 && cti_tone_rx_next_event(rx, &ev) > 0) {
			if (!k)
				*first_start = ev.start;
			out[k++] = "NDRBCS"[ev.tone];
		}
	}
	out[k] = 0;
	free(s);
	cti_tone_tx_free(tx);
	cti_tone_rx_free(rx);
	return out;
}

START_TEST(every_tone_of_every_plan)
{
	for (int p = 0; p < 3; p++)
		for (int t = CTI_TONE_DIAL; t <= CTI_TONE_SIT; t++)
			for (int noisy = 0; noisy < 2; noisy++) {
				uint64_t start = 0;
				const char *got = recognise(
					plans[p], t, 14, noisy ? -40 : 0,
					&start);
				char want[2] = { "NDRBCS"[t], 0 };

				ck_assert_msg(!strcmp(got, want),
					      "%s %s%s: got '%s'", plan_name[p],
					      cti_tone_name(t),
					      noisy ? " in noise" : "", got);
				/* the tone began at the start of the audio */
				/* the tone began at the start of the audio:
				 * the first or second burst is reported */
				ck_assert_msg(start <= 8 * 1000 + 400,
					      "%s %s: starts at %llu",
					      plan_name[p], cti_tone_name(t),
					      (unsigned long long)start);
			}
}
END_TEST

START_TEST(speech_is_not_a_tone)
{
	/* the talk-off speech: a voice answering is no call-progress tone */
	FILE *f = popen("espeak-ng -v en-us -f tests/unit/dsp/talkoff-en.txt "
			"--stdout 2>/dev/null | sox -q -t wav - -t raw -r 8000 "
			"-e signed -b 16 -c 1 - vol 0.5 2>/dev/null",
			"r");
	static int16_t s[8000 * 60];
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(s, sizeof(s[0]), sizeof(s) / sizeof(s[0]), f);
	pclose(f);
	ck_assert_uint_gt(n, 8000 * 30);
	for (int p = 0; p < 3; p++) {
		cti_tone_rx_t *rx = NULL;
		cti_tone_event_t ev;

		ck_assert_int_eq(cti_tone_rx_init(&rx, NULL, plans[p]), 0);
		ck_assert_ptr_nonnull(rx);
		cti_tone_rx_linear(rx, s, n);
		while (cti_tone_rx_next_event(rx, &ev) > 0)
			ck_assert_msg(ev.tone == CTI_TONE_NONE,
				      "%s: speech taken for %s", plan_name[p],
				      cti_tone_name((int)ev.tone));
		cti_tone_rx_free(rx);
	}
}
END_TEST

/* Ringback, then the call is answered (speech-like sound): NONE. */
START_TEST(tone_ends_when_answered)
{
	cti_tone_tx_t *tx = NULL;
	cti_tone_rx_t *rx = NULL;
	struct sig g = { 0 };
	int16_t *s, buf[8000];
	cti_tone_event_t ev;
	int seen = 0;

	ck_assert_int_eq(
		cti_tone_tx_init(&tx, NULL, CTI_TONES_CN, CTI_TONE_RINGBACK), 0);
	ck_assert_int_eq(cti_tone_rx_init(&rx, NULL, CTI_TONES_CN), 0);
	ck_assert_ptr_nonnull(tx);
	for (int i = 0; i < 12; i++) {
		cti_tone_tx_linear(tx, buf, 8000);
		cti_tone_rx_linear(rx, buf, 8000);
	}
	ck_assert_int_eq(cti_tone_rx_current(rx), CTI_TONE_RINGBACK);
	sig_silence(&g, 8000);
	sig_noise(&g, -20, 3);
	s = sig_pcm(&g);
	cti_tone_rx_linear(rx, s, 8000);
	while (cti_tone_rx_next_event(rx, &ev) > 0)
		seen = seen * 10 + (int)ev.tone;
	ck_assert_int_eq(cti_tone_rx_next_event(rx, NULL), CTI_EINVAL);
	ck_assert_int_eq(seen, CTI_TONE_RINGBACK * 10 + CTI_TONE_NONE);
	ck_assert_int_eq(cti_tone_rx_current(rx), CTI_TONE_NONE);
	free(s);
	sig_free(&g);
	cti_tone_tx_free(tx);
	cti_tone_rx_free(rx);
}
END_TEST

START_TEST(generator_levels_and_api)
{
	cti_tone_tx_t *tx;
	cti_tone_rx_t *rx;
	int16_t s[8000];

	/* NA dial tone: 350 + 440 Hz at -13 dBm0 each is -10 dBm0 */
	ck_assert_int_eq(cti_tone_tx_init(&tx, NULL, CTI_TONES_NA, CTI_TONE_DIAL),
			 0);
	ck_assert_ptr_nonnull(tx);
	cti_tone_tx_linear(tx, s, 8000);
	ck_assert_double_eq_tol(cti_power_dbm0(s, 8000), -9.99, 0.1);
	cti_tone_tx_free(tx);
	/* CN busy: 350 ms on, 350 ms off */
	ck_assert_int_eq(cti_tone_tx_init(&tx, NULL, CTI_TONES_CN, CTI_TONE_BUSY),
			 0);
	cti_tone_tx_linear(tx, s, 8000);
	ck_assert_double_eq_tol(cti_power_dbm0(s, 2800), -10, 0.1);
	ck_assert_double_eq_tol(cti_power_dbm0(s + 2800, 2800), -100, 0.1);
	cti_tone_tx_free(tx);
	ck_assert_int_eq(cti_tone_tx_init(&tx, NULL, 9, CTI_TONE_BUSY),
			 CTI_EINVAL);
	ck_assert_ptr_null(tx);
	ck_assert_int_eq(cti_tone_tx_init(&tx, NULL, CTI_TONES_CN, 42),
			 CTI_EINVAL);
	rx = (cti_tone_rx_t *)1;
	ck_assert_int_eq(cti_tone_rx_init(&rx, NULL, 0), CTI_EINVAL);
	ck_assert_ptr_null(rx);
	ck_assert_int_eq(cti_tone_rx_init(NULL, NULL, CTI_TONES_CN), CTI_EINVAL);
	ck_assert_int_eq(cti_tone_tx_init(NULL, NULL, CTI_TONES_CN,
					  CTI_TONE_BUSY),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_tone_tx_linear(NULL, s, 1), CTI_EINVAL);
	ck_assert_str_eq(cti_tone_name(CTI_TONE_SIT), "sit");
	ck_assert_str_eq(cti_tone_name(99), "?");
}
END_TEST

START_TEST(silence_detection)
{
	cti_silence_t sd;
	struct sig g = { 0 };
	int16_t *s;

	ck_assert_int_eq(cti_silence_init(&sd, 5, 300), CTI_EINVAL);
	ck_assert_int_eq(cti_silence_init(NULL, -45, 300), CTI_EINVAL);
	/* NaN compares false with both limits: refused all the same */
	ck_assert_int_eq(cti_silence_init(&sd, NAN, 300), CTI_EINVAL);
	ck_assert_int_eq(cti_silence_init(&sd, -INFINITY, 300), CTI_EINVAL);
	ck_assert_int_eq(cti_silence_init(&sd, -45, 300), 0);
	ck_assert(sd.silent);
	sig_silence(&g, 8000);             /* 1 s silence */
	sig_tone(&g, 8000, 8000, 1000, -30, 0); /* 1 s of sound */
	sig_silence(&g, 1600);             /* a 200 ms gap: bridged */
	sig_tone(&g, 17600, 4000, 700, -30, 0);
	sig_silence(&g, 16000);            /* 2 s silence */
	sig_noise(&g, -60, 9);
	s = sig_pcm(&g);
	ck_assert_int_eq(cti_silence_feed(&sd, s, 8000), 0);
	ck_assert_uint_eq(cti_silence_ms(&sd), 1000);
	ck_assert_int_eq(cti_silence_feed(&sd, s + 8000, 8000), 1);
	ck_assert(!sd.silent);
	ck_assert_uint_eq(sd.since, 8000);
	ck_assert_uint_eq(cti_silence_ms(&sd), 0);
	ck_assert_int_eq(cti_silence_feed(&sd, s + 16000, 5600), 0);
	ck_assert(!sd.silent);
	ck_assert_int_eq(cti_silence_feed(&sd, s + 21600, 16000), 1);
	ck_assert(sd.silent);
	ck_assert_uint_eq(sd.since, 21600);
	ck_assert_uint_eq(cti_silence_ms(&sd), 2000);
	free(s);
	sig_free(&g);
}
END_TEST

TCase *dsp_tone_tcase(void);
TCase *dsp_tone_tcase(void)
{
	TCase *tc = tcase_create("tone");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, every_tone_of_every_plan);
	tcase_add_test(tc, speech_is_not_a_tone);
	tcase_add_test(tc, tone_ends_when_answered);
	tcase_add_test(tc, generator_levels_and_api);
	tcase_add_test(tc, silence_detection);
	return tc;
}
