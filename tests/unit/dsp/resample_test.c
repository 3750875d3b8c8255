// SPDX-License-Identifier: LGPL-2.1-or-later
/* Resampling to 8 kHz: passband level, stopband (aliasing), DTMF intact. */
#include <math.h>
#include <stdlib.h>

#include "dtmf_util.h"
#include "unit.h"

static double level_after(unsigned rate, double hz, size_t secs)
{
	size_t n = rate * secs, m = cti_resample_out_len(n, rate);
	float *in = malloc(n * sizeof(*in));
	int16_t *out = malloc(m * sizeof(*out));
	double db;

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	for (size_t i = 0; i < n; i++)
		in[i] = (float)(0.5 * sin(2 * M_PI * hz * (double)i / rate));
	ck_assert_int_eq(cti_resample_to_8k(in, n, rate, 32767, out, m),
			 (long)m);
	/* skip the filter's edges */
	db = cti_power_dbm0(out + 400, m - 800);
	free(in);
	free(out);
	return db;
}

START_TEST(passband_and_stopband)
{
	static const unsigned rates[] = { 8000, 11025, 16000, 22050, 44100,
					  48000 };
	double ref = 10 * log10(0.5 * 0.5 * 32767 * 32767 / 2 /
				(CTI_DBM0_PEAK * CTI_DBM0_PEAK / 2));

	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		for (double hz = 300; hz <= 3400; hz += 775)
			ck_assert_double_eq_tol(level_after(rates[i], hz, 1),
						ref, 0.1);
		/* a tone above 4 kHz must not alias into the band */
		if (rates[i] >= 16000)
			ck_assert_double_lt(level_after(rates[i], 5500, 1),
					    ref - 50);
	}
}
END_TEST

START_TEST(dtmf_survives_resampling)
{
	unsigned rate = 44100;
	size_t n = rate * 2, m = cti_resample_out_len(n, rate);
	float *in = calloc(n, sizeof(*in));
	int16_t *out = malloc(m * sizeof(*out));
	static struct found f;
	const char *keys = "159#";

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	for (int d = 0; d < 4; d++) {
		double lo, hi;
		size_t at = (size_t)d * rate / 2;

		cti_dtmf_freqs(keys[d], &lo, &hi);
		for (size_t i = 0; i < rate / 10; i++)
			in[at + i] = (float)(0.2 * sin(2 * M_PI * lo * i / rate) +
					     0.2 * sin(2 * M_PI * hi * i / rate));
	}
	ck_assert_int_eq(cti_resample_to_8k(in, n, rate, 32767, out, m),
			 (long)m);
	detect(out, m, CTI_PCM_S16, 160, NULL, &f);
	ck_assert_uint_eq(f.n, 4);
	ck_assert_mem_eq(f.digits, keys, 4);
	ck_assert_int_eq(cti_resample_to_8k(in, n, rate, 1, out, m - 1),
			 CTI_ENOSPC);
	ck_assert_int_eq(cti_resample_to_8k(in, n, 500, 1, out, m),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_resample_to_8k(NULL, n, rate, 1, out, m),
			 CTI_EINVAL);
	free(in);
	free(out);
}
END_TEST

TCase *dsp_resample_tcase(void);
TCase *dsp_resample_tcase(void)
{
	TCase *tc = tcase_create("resample");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, passband_and_stopband);
	tcase_add_test(tc, dtmf_survives_resampling);
	return tc;
}
