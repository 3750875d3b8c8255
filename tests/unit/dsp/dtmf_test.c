// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * DTMF receiver against ITU-T Q.24 (and the stricter Telcordia GR-506 /
 * ETSI ES 201 235-3 figures the issue asks for), generator against Q.23.
 * Every condition runs on linear input and through A-law and mu-law.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/dtmf_rx.h"
#include "dtmf_util.h"
#include "unit.h"

static const char all_keys[] = "123A456B789C*0#D";
static const int fmts[3] = { CTI_PCM_S16, CTI_PCM_ALAW, CTI_PCM_ULAW };
static const char *fmt_name[3] = { "linear", "A-law", "mu-law" };

/* One digit between 100 ms silences; returns the digits detected. */
static const char *one(char d, size_t ms, double lo_dbm0, double hi_dbm0,
		       double lo_off, double hi_off, int fmt)
{
	static char out[64];
	static struct found f;
	struct sig s = { 0 };
	int16_t *p;

	sig_silence(&s, 800 + (size_t)(d * 7) % 34); /* vary alignment */
	sig_digit(&s, d, ms * 8, lo_dbm0, hi_dbm0, lo_off, hi_off);
	sig_silence(&s, 800);
	p = sig_pcm(&s);
	detect(p, s.n, fmt, 160, NULL, &f);
	snprintf(out, sizeof(out), "%.*s", (int)f.n, f.digits);
	free(p);
	sig_free(&s);
	return out;
}

static bool hit(char d, size_t ms, double lo_dbm0, double hi_dbm0,
		double lo_off, double hi_off, int fmt)
{
	const char *got = one(d, ms, lo_dbm0, hi_dbm0, lo_off, hi_off, fmt);

	return got[0] == d && got[1] == 0;
}

START_TEST(table_matches_libm)
{
	for (int n = 0; n < CTI__DTMF_SUB; n++)
		for (int k = 0; k < 8; k++) {
			double w = 2 * M_PI * cti__dtmf_hz[k] / 8000 * n;

			ck_assert_double_eq_tol(cti__dtmf_dft[n][k], cos(w),
						1e-7);
			ck_assert_double_eq_tol(cti__dtmf_dft[n][k + 8],
						-sin(w), 1e-7);
		}
}
END_TEST

/* Q.23 Table 1 frequencies per key. */
START_TEST(keypad_frequencies)
{
	double lo, hi;

	ck_assert_int_eq(cti_dtmf_freqs('1', &lo, &hi), 0);
	ck_assert(lo == 697 && hi == 1209);
	ck_assert_int_eq(cti_dtmf_freqs('#', &lo, &hi), 0);
	ck_assert(lo == 941 && hi == 1477);
	ck_assert_int_eq(cti_dtmf_freqs('d', &lo, &hi), 0);
	ck_assert(lo == 941 && hi == 1633);
	ck_assert_int_eq(cti_dtmf_freqs('x', &lo, &hi), CTI_EINVAL);
	ck_assert_int_eq(cti_dtmf_freqs(0, &lo, &hi), CTI_EINVAL);
}
END_TEST

START_TEST(every_digit_nominal)
{
	for (int f = 0; f < 3; f++)
		for (const char *d = all_keys; *d; d++)
			ck_assert_msg(hit(*d, 50, -10, -8, 0, 0, fmts[f]),
				      "%s digit %c: got '%s'", fmt_name[f], *d,
				      one(*d, 50, -10, -8, 0, 0, fmts[f]));
}
END_TEST

/* Q.24 clause 2 (and GR-506): operate within +-(1.5% + 2 Hz), never at
 * +-3.5% or more. Each of the 8 frequencies is swept in 0.1% steps with
 * its partner nominal; the limits found are printed. */
START_TEST(frequency_sweep)
{
	static const char row_digit[4] = { '1', '4', '7', '*' };
	static const char col_digit[4] = { '1', '2', '3', 'A' };

	for (int f = 0; f < 3; f++)
		for (int k = 0; k < 8; k++) {
			char d = k < 4 ? row_digit[k] : col_digit[k - 4];
			double hz = cti__dtmf_hz[k], lim[2] = { 0, 0 };

			for (int side = 0; side < 2; side++) {
				double sign = side ? 1 : -1;

				/* innermost failing offset, 0.1% steps */
				for (int t = 0; t <= 60; t++) {
					double off = sign * t / 1000.0;
					bool ok = hit(d, 50, -10, -8,
						      k < 4 ? off : 0,
						      k < 4 ? 0 : off, fmts[f]);
					double acc = 0.015 + 2 / hz;

					if (fabs(off) <= acc)
						ck_assert_msg(ok,
							      "%s %.0f Hz %+.1f%% must operate",
							      fmt_name[f], hz,
							      off * 100);
					if (fabs(off) >= 0.035 - 1e-9)
						ck_assert_msg(!ok,
							      "%s %.0f Hz %+.1f%% must not operate",
							      fmt_name[f], hz,
							      off * 100);
					if (!ok && !lim[side]) {
						lim[side] = off;
						break;
					}
				}
			}
			if (f == 0)
				printf("dtmf sweep %4.0f Hz: operates from %+.1f%% to %+.1f%% (required +-%.2f%%, never beyond +-3.5%%)\n",
				       hz, lim[0] * 100 + 0.1,
				       lim[1] * 100 - 0.1,
				       (0.015 + 2 / hz) * 100);
		}
}
END_TEST

/* GR-506 / Q.24: twist up to 8 dB normal (low group louder) and 4 dB
 * reverse must operate; 35 dB of dynamic range. */
START_TEST(twist_and_level)
{
	for (int f = 0; f < 3; f++) {
		double found_n = 0, found_r = 0;

		for (const char *d = all_keys; *d; d++) {
			/* normal twist 8 dB, weaker tone at -30 dBm0 and at
			 * -5 dBm0 */
			ck_assert(hit(*d, 50, -22, -30, 0, 0, fmts[f]));
			ck_assert(hit(*d, 50, 3, -5, 0, 0, fmts[f]));
			/* reverse twist 4 dB */
			ck_assert(hit(*d, 50, -30, -26, 0, 0, fmts[f]));
			ck_assert(hit(*d, 50, -7, -3, 0, 0, fmts[f]));
		}
		for (double t = 0; t < 20; t += 0.5) {
			if (!found_n && !hit('5', 50, -10, -10 - t, 0, 0,
					     fmts[f]))
				found_n = t;
			if (!found_r && !hit('5', 50, -10 - t, -10, 0, 0,
					     fmts[f]))
				found_r = t;
		}
		printf("dtmf twist (%s): normal accepted to %.1f dB, reverse to %.1f dB\n",
		       fmt_name[f], found_n - 0.5, found_r - 0.5);
		ck_assert(found_n >= 8.5 && found_n <= 12);
		ck_assert(found_r >= 4.5 && found_r <= 8);
	}
}
END_TEST

START_TEST(dynamic_range)
{
	for (int f = 0; f < 3; f++) {
		double lowest = 0;

		/* -36 .. 0 dBm0 per tone: 36 dB */
		for (double l = 0; l >= -36; l -= 2)
			for (int k = 0; k < 16; k += 5)
				ck_assert_msg(hit(all_keys[k], 50, l, l, 0, 0,
						  fmts[f]),
					      "%s %c at %.0f dBm0", fmt_name[f],
					      all_keys[k], l);
		for (double l = -30; l > -60; l -= 1)
			if (hit('8', 50, l, l, 0, 0, fmts[f]))
				lowest = l;
		printf("dtmf level (%s): weakest accepted %.0f dBm0 per tone\n",
		       fmt_name[f], lowest);
		/* well below the minimum is not a digit */
		ck_assert(!hit('8', 50, -46, -46, 0, 0, fmts[f]));
	}
}
END_TEST

/* Q.24: accept 40 ms, reject under 20 ms (at every alignment). */
START_TEST(durations)
{
	for (int f = 0; f < 3; f++) {
		int min_ok = 0;

		for (int a = 0; a < 34; a += 7) {
			for (const char *d = all_keys; *d; d++) {
				struct sig s = { 0 };
				struct found fd;
				int16_t *p;

				sig_silence(&s, 400 + a);
				sig_digit(&s, *d, 320, -10, -8, 0, 0);
				sig_silence(&s, 400);
				sig_digit(&s, *d, 160, -10, -8, 0, 0);
				sig_silence(&s, 400);
				sig_digit(&s, *d, 159, -4, -2, 0, 0);
				sig_silence(&s, 400);
				p = sig_pcm(&s);
				detect(p, s.n, fmts[f], 80, NULL, &fd);
				ck_assert_msg(fd.n == 1 && fd.digits[0] == *d,
					      "%s: 40 ms accepted, 20 ms not: got %zu",
					      fmt_name[f], fd.n);
				free(p);
				sig_free(&s);
			}
		}
		for (int ms = 20; ms <= 40 && !min_ok; ms++) {
			bool all = true;

			for (const char *d = all_keys; *d; d++)
				all = all && hit(*d, (size_t)ms, -10, -8, 0, 0,
						 fmts[f]);
			if (all)
				min_ok = ms;
		}
		printf("dtmf duration (%s): every digit accepted from %d ms\n",
		       fmt_name[f], min_ok);
	}
}
END_TEST

/* 40 ms tone / 40 ms pause: 12.5 digits a second, repeats included. */
START_TEST(fast_dialling)
{
	static const char seq[] = "1234567890*#ABCD11223300##DD";

	for (int f = 0; f < 3; f++) {
		struct sig s = { 0 };
		struct found fd;
		int16_t *p;

		sig_silence(&s, 333);
		for (const char *d = seq; *d; d++) {
			sig_digit(&s, *d, 320, -12, -10, 0, 0);
			sig_silence(&s, 320);
		}
		p = sig_pcm(&s);
		detect(p, s.n, fmts[f], 0, NULL, &fd);
		fd.digits[fd.n] = 0;
		ck_assert_str_eq(fd.digits, seq);
		free(p);
		sig_free(&s);
	}
}
END_TEST

/* Q.24: an interruption of up to 10 ms must not make a double digit,
 * whether the tone resumes in phase or not. */
START_TEST(interruption)
{
	for (int f = 0; f < 3; f++)
		for (int a = 0; a < 34; a += 5)
			for (int jump = 0; jump < 2; jump++) {
				struct sig s = { 0 };
				struct found fd;
				size_t at;
				int16_t *p;

				sig_silence(&s, 400 + a);
				at = sig_digit(&s, '6', 800, -10, -8, 0, 0);
				/* cut 10 ms out of the middle */
				for (size_t i = 0; i < 80; i++)
					s.x[at + 360 + i] = 0;
				if (jump) /* and shift the phase after it */
					for (size_t i = at + 440; i < at + 800;
					     i++)
						s.x[i] = -s.x[i];
				sig_silence(&s, 400);
				p = sig_pcm(&s);
				detect(p, s.n, fmts[f], 0, NULL, &fd);
				ck_assert_msg(fd.n == 1,
					      "%s align %d jump %d: %zu digits",
					      fmt_name[f], a, jump, fd.n);
				free(p);
				sig_free(&s);
			}
}
END_TEST

/* The issue: 1000 digits at 15 dB signal-to-noise (white noise), all
 * detected, none invented; start and end within 5 ms. */
START_TEST(snr_15db_1000_digits)
{
	for (int f = 0; f < 3; f++) {
		struct sig s = { 0 };
		static struct found fd;
		static char sent[1001];
		static size_t at[1000];
		uint64_t st = 99 + (uint64_t)f;
		int16_t *p;
		unsigned late = 0;

		sig_silence(&s, 400);
		for (int i = 0; i < 1000; i++) {
			sent[i] = all_keys[rnd_next(&st) % 16];
			/* 50 ms tones, 50 ms pauses; -10/-8 dBm0 is -6 dBm0
			 * of signal power, noise 15 dB below that */
			at[i] = sig_digit(&s, sent[i], 400, -10, -8, 0, 0);
			sig_silence(&s, 400);
		}
		sent[1000] = 0;
		sig_noise(&s, 10 * log10(pow(10, -1.0) + pow(10, -0.8)) - 15,
			  7 + (uint64_t)f);
		p = sig_pcm(&s);
		detect(p, s.n, fmts[f], 0, NULL, &fd);
		fd.digits[fd.n] = 0;
		ck_assert_str_eq(fd.digits, sent);
		for (int i = 0; i < 1000; i++) {
			long ds = (long)fd.start[i] - (long)at[i];
			long de = (long)fd.end[i] - (long)(at[i] + 400);

			late += labs(ds) > 40 || labs(de) > 40;
		}
		ck_assert_uint_eq(late, 0);
		free(p);
		sig_free(&s);
	}
}
END_TEST

/* Dial tone under the digits: North America 350+440 Hz at -13 dBm0 each
 * (Telcordia), China 450 Hz at -10 dBm0 (GB), Europe 425 Hz at -10. */
START_TEST(dial_tone_underneath)
{
	for (int f = 0; f < 3; f++)
		for (int dt = 0; dt < 3; dt++) {
			struct sig s = { 0 };
			struct found fd;
			int16_t *p;

			sig_silence(&s, 800);
			for (const char *d = all_keys; *d; d++) {
				sig_digit(&s, *d, 400, -10, -8, 0, 0);
				sig_silence(&s, 400);
			}
			sig_silence(&s, 8000); /* dial tone alone */
			if (dt == 0) {
				sig_tone(&s, 0, s.n, 350, -13, 0);
				sig_tone(&s, 0, s.n, 440, -13, 0);
			} else {
				sig_tone(&s, 0, s.n, dt == 1 ? 450 : 425, -10,
					 0);
			}
			p = sig_pcm(&s);
			detect(p, s.n, fmts[f], 0, NULL, &fd);
			fd.digits[fd.n] = 0;
			ck_assert_msg(!strcmp(fd.digits, all_keys),
				      "%s dial tone %d: '%s'", fmt_name[f], dt,
				      fd.digits);
			free(p);
			sig_free(&s);
		}
}
END_TEST

/* Start and end estimates, and independence from the block size. */
START_TEST(times_and_block_sizes)
{
	struct sig s = { 0 };
	static struct found a, b, c;
	size_t at[16];
	long maxs = 0, maxe = 0;
	int16_t *p;

	sig_silence(&s, 123);
	for (int i = 0; i < 16; i++) {
		at[i] = sig_digit(&s, all_keys[i], 400 + 40 * i, -9, -7, 0, 0);
		sig_silence(&s, 480);
	}
	p = sig_pcm(&s);
	detect(p, s.n, CTI_PCM_S16, 1, NULL, &a);
	detect(p, s.n, CTI_PCM_S16, 0, NULL, &b);
	detect(p, s.n, CTI_PCM_S16, s.n, NULL, &c);
	ck_assert_uint_eq(a.n, 16);
	ck_assert_uint_eq(a.starts, 16);
	ck_assert_mem_eq(a.digits, all_keys, 16);
	ck_assert_mem_eq(&a, &b, sizeof(a));
	ck_assert_mem_eq(&a, &c, sizeof(a));
	for (int i = 0; i < 16; i++) {
		long ds = (long)a.start[i] - (long)at[i];
		long de = (long)a.end[i] - (long)(at[i] + 400 + 40 * i);

		maxs = labs(ds) > maxs ? labs(ds) : maxs;
		maxe = labs(de) > maxe ? labs(de) : maxe;
	}
	printf("dtmf timing: start within %ld, end within %ld samples\n", maxs,
	       maxe);
	ck_assert_int_le(maxs, 24);
	ck_assert_int_le(maxe, 24);
	free(p);
	sig_free(&s);
}
END_TEST

START_TEST(receiver_api)
{
	cti_dtmf_rx_config_t cfg = { .min_level_dbm0 = -70 };
	cti_dtmf_rx_t *rx;
	cti_dtmf_event_t ev;
	struct sig s = { 0 };
	int16_t *p;

	rx = (cti_dtmf_rx_t *)1;
	ck_assert_int_eq(cti_dtmf_rx_init(&rx, NULL, &cfg), CTI_EINVAL);
	ck_assert_ptr_null(rx);
	cfg.min_level_dbm0 = -30;
	cfg.normal_twist_db = 25;
	ck_assert_int_eq(cti_dtmf_rx_init(&rx, NULL, &cfg), CTI_EINVAL);
	/* NaN compares false with every limit: refused all the same */
	cfg.normal_twist_db = NAN;
	ck_assert_int_eq(cti_dtmf_rx_init(&rx, NULL, &cfg), CTI_EINVAL);
	cfg.normal_twist_db = 0;
	cfg.min_level_dbm0 = NAN;
	ck_assert_int_eq(cti_dtmf_rx_init(&rx, NULL, &cfg), CTI_EINVAL);
	cfg.min_level_dbm0 = -INFINITY;
	ck_assert_int_eq(cti_dtmf_rx_init(&rx, NULL, &cfg), CTI_EINVAL);
	cfg.min_level_dbm0 = 0;
	cfg.reverse_twist_db = NAN;
	ck_assert_int_eq(cti_dtmf_rx_init(&rx, NULL, &cfg), CTI_EINVAL);
	ck_assert_int_eq(cti_dtmf_rx_init(NULL, NULL, NULL), CTI_EINVAL);
	ck_assert_int_eq(cti_dtmf_rx_init(&rx, NULL, NULL), 0);
	ck_assert_ptr_nonnull(rx);
	ck_assert_int_eq(cti_dtmf_rx_feed(rx, 9, "", 0), CTI_EINVAL);
	ck_assert_int_eq(cti_dtmf_rx_feed(rx, CTI_PCM_S16, NULL, 5),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_dtmf_rx_feed(NULL, CTI_PCM_S16, NULL, 0),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_dtmf_rx_next_event(rx, &ev), 0);
	ck_assert_int_eq(cti_dtmf_rx_next_event(rx, NULL), CTI_EINVAL);
	ck_assert_int_eq(cti_dtmf_rx_next_event(NULL, &ev), CTI_EINVAL);
	/* 40 digits overflow the 32-event queue when nobody reads */
	for (int i = 0; i < 40; i++) {
		sig_digit(&s, '9', 400, -10, -10, 0, 0);
		sig_silence(&s, 400);
	}
	p = sig_pcm(&s);
	ck_assert_int_eq(cti_dtmf_rx_linear(rx, p, s.n), 32);
	ck_assert_uint_eq(cti_dtmf_rx_dropped(rx), 48);
	ck_assert_uint_eq(cti_dtmf_rx_samples(rx), s.n);
	/* held digit: START now, END at flush */
	ck_assert_int_ge(cti_dtmf_rx_linear(rx, p, 400), 0);
	ck_assert_int_eq(cti_dtmf_rx_current(rx), '9');
	ck_assert_int_eq(cti_dtmf_rx_flush(rx), 32);
	while (cti_dtmf_rx_next_event(rx, &ev) > 0)
		if (ev.type == CTI_DTMF_END)
			ck_assert_uint_gt(ev.end, ev.start);
	ck_assert_int_eq(ev.type, CTI_DTMF_END);
	ck_assert_uint_eq(ev.end, s.n + 400);
	ck_assert_int_eq(cti_dtmf_rx_current(rx), 0);
	cti_dtmf_rx_free(rx);
	cti_dtmf_rx_free(NULL);
	free(p);
	sig_free(&s);
}
END_TEST

/* Generator: Q.23 pairs at the set level, timing and offset, decoded by
 * our receiver, and its arguments checked. */
START_TEST(generator)
{
	cti_dtmf_tx_config_t cfg = { .level_dbm0 = -12, .twist_db = 3,
				     .on_ms = 45, .off_ms = 45 };
	cti_dtmf_tx_storage_t mem;
	cti_dtmf_tx_t *tx;
	static int16_t buf[8000 * 5];
	static struct found fd;
	int n;

	ck_assert_int_eq(cti_dtmf_tx_init(&tx, &mem, &cfg), 0);
	ck_assert_ptr_nonnull(tx);
	ck_assert_int_eq(cti_dtmf_tx_put(tx, "12x"), CTI_EINVAL);
	ck_assert(!cti_dtmf_tx_busy(tx));
	ck_assert_int_eq(cti_dtmf_tx_put(tx, "0123456789*#abcd,5"), 18);
	ck_assert(cti_dtmf_tx_busy(tx));
	n = cti_dtmf_tx_linear(tx, buf, sizeof(buf) / sizeof(buf[0]));
	ck_assert_int_eq(n, 18 * 90 * 8);
	ck_assert(!cti_dtmf_tx_busy(tx));
	ck_assert_int_eq(cti_dtmf_tx_linear(tx, buf, 100), 0);
	/* the level of one tone pair: -12 and -9 dBm0 sum to -7.24 dBm0 */
	ck_assert_double_eq_tol(cti_power_dbm0(buf, 360),
				10 * log10(pow(10, -1.2) + pow(10, -0.9)),
				0.1);
	ck_assert_double_eq_tol(cti_power_dbm0(buf + 360, 360), -100, 0.01);
	detect(buf, (size_t)n, CTI_PCM_S16, 0, NULL, &fd);
	fd.digits[fd.n] = 0;
	ck_assert_str_eq(fd.digits, "0123456789*#ABCD5");
	for (int i = 0; i < (int)fd.n; i++)
		ck_assert_int_le(labs((long)(fd.end[i] - fd.start[i]) - 360),
				 24);
	ck_assert_int_eq(cti_dtmf_tx_put(tx, NULL), CTI_EINVAL);
	/* the queue holds 128 digits */
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(cti_dtmf_tx_put(tx, "0123456789012345678901"),
				 22);
	ck_assert_int_eq(cti_dtmf_tx_put(tx, "0123456789012345678"),
			 CTI_ENOSPC);
	ck_assert_int_eq(cti_dtmf_tx_put(tx, "012345678901234567"), 18);
	cti_dtmf_tx_free(tx);
	cfg.level_dbm0 = 2;
	ck_assert_int_eq(cti_dtmf_tx_init(&tx, NULL, &cfg), CTI_EINVAL);
	ck_assert_ptr_null(tx);
	cfg.level_dbm0 = -10;
	cfg.freq_offset = 0.3;
	ck_assert_int_eq(cti_dtmf_tx_init(&tx, NULL, &cfg), CTI_EINVAL);
	cfg.freq_offset = 0;
	cfg.on_ms = 0;
	ck_assert_int_eq(cti_dtmf_tx_init(&tx, NULL, &cfg), CTI_EINVAL);
	cfg.on_ms = 50;
	/* NaN compares false with every limit: refused all the same */
	cfg.level_dbm0 = NAN;
	ck_assert_int_eq(cti_dtmf_tx_init(&tx, NULL, &cfg), CTI_EINVAL);
	cfg.level_dbm0 = -10;
	cfg.twist_db = NAN;
	ck_assert_int_eq(cti_dtmf_tx_init(&tx, NULL, &cfg), CTI_EINVAL);
	cfg.twist_db = 2;
	cfg.freq_offset = NAN;
	ck_assert_int_eq(cti_dtmf_tx_init(&tx, NULL, &cfg), CTI_EINVAL);
	cfg.freq_offset = INFINITY;
	ck_assert_int_eq(cti_dtmf_tx_init(&tx, NULL, &cfg), CTI_EINVAL);
	ck_assert_ptr_null(tx);
	cfg.freq_offset = 0;
	ck_assert_int_eq(cti_dtmf_tx_init(NULL, NULL, &cfg), CTI_EINVAL);
	/* the defaults, and NULL meaning them */
	cti_dtmf_tx_defaults(&cfg);
	ck_assert(cfg.level_dbm0 == -7 && cfg.twist_db == 2 &&
		  cfg.on_ms == 80 && cfg.off_ms == 80);
	ck_assert_int_eq(cti_dtmf_tx_init(&tx, NULL, NULL), 0);
	ck_assert_ptr_nonnull(tx);
	cti_dtmf_tx_free(tx);
	cfg.freq_offset = 0.02;
	ck_assert_int_eq(cti_dtmf_tx_init(&tx, NULL, &cfg), 0);
	ck_assert_ptr_nonnull(tx);
	cti_dtmf_tx_free(tx);
}
END_TEST

TCase *dsp_dtmf_tcase(void);
TCase *dsp_dtmf_tcase(void)
{
	TCase *tc = tcase_create("dtmf");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, table_matches_libm);
	tcase_add_test(tc, keypad_frequencies);
	tcase_add_test(tc, every_digit_nominal);
	tcase_add_test(tc, frequency_sweep);
	tcase_add_test(tc, twist_and_level);
	tcase_add_test(tc, dynamic_range);
	tcase_add_test(tc, durations);
	tcase_add_test(tc, fast_dialling);
	tcase_add_test(tc, interruption);
	tcase_add_test(tc, snr_15db_1000_digits);
	tcase_add_test(tc, dial_tone_underneath);
	tcase_add_test(tc, times_and_block_sizes);
	tcase_add_test(tc, receiver_api);
	tcase_add_test(tc, generator);
	return tc;
}
