// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Any rate to 8 kHz: a Blackman-windowed sinc low-pass (cut-off 3.8 kHz,
 * or 0.475 of the input rate when that is lower; 96 output samples long,
 * so flat to 0.1 dB up to 3.4 kHz and over 50 dB down at 5.5 kHz, as the
 * unit suite checks), evaluated from a table
 * of 256 phases per input sample with linear interpolation between them.
 * For loading files (prompts, test audio), not for a per-sample path.
 */
#include <math.h>
#include <stdlib.h>

#include "cti/dsp.h"

#define PHASES 256

size_t cti_resample_out_len(size_t n, unsigned in_rate)
{
	if (!in_rate)
		return 0;
	return (size_t)((double)n * CTI_DSP_RATE / in_rate);
}

static double kernel(double x, double fc, double half)
{
	double s = fabs(x) < 1e-12 ? 2 * fc : sin(2 * M_PI * fc * x) / (M_PI * x);
	double b = 0.42 + 0.5 * cos(M_PI * x / half) +
		   0.08 * cos(2 * M_PI * x / half);

	return fabs(x) >= half ? 0 : s * b;
}

long cti_resample_to_8k(const float *in, size_t n, unsigned in_rate,
			double scale, int16_t *out, size_t out_cap)
{
	size_t m = cti_resample_out_len(n, in_rate), taps;
	double step, fc, half, *tab;

	if ((n && !in) || (m && !out) || in_rate < 1000 || in_rate > 384000)
		return CTI_EINVAL;
	if (m > out_cap)
		return CTI_ENOSPC;
	if (in_rate == CTI_DSP_RATE) {
		for (size_t j = 0; j < m; j++) {
			double v = in[j] * scale;

			out[j] = (int16_t)lrint(v > 32767 ? 32767 :
						v < -32768 ? -32768 : v);
		}
		return (long)m;
	}
	step = (double)in_rate / CTI_DSP_RATE;
	/* cut-off in cycles per input sample */
	fc = fmin(3800.0, 0.475 * in_rate) / in_rate;
	half = 48 * fmax(1.0, step); /* transition band about 400 Hz */
	taps = (size_t)ceil(half) * 2 + 2;
	tab = malloc(sizeof(*tab) * (PHASES + 1) * taps);
	if (!tab)
		return CTI_ENOMEM;
	/* tab[p][k]: weight of input sample (floor(t) - taps/2 + 1 + k) for
	 * an output at t = floor(t) + p / PHASES */
	for (size_t p = 0; p <= PHASES; p++)
		for (size_t k = 0; k < taps; k++) {
			double x = (double)k - (double)(taps / 2 - 1) -
				   (double)p / PHASES;

			tab[p * taps + k] = kernel(x, fc, half);
		}
	for (size_t j = 0; j < m; j++) {
		double t = (double)j * step, fr = (t - floor(t)) * PHASES;
		long base = (long)floor(t) - (long)(taps / 2 - 1);
		size_t p = (size_t)fr;
		double a = fr - (double)p, acc = 0;

		for (size_t k = 0; k < taps; k++) {
			long i = base + (long)k;
			double w;

			if (i < 0 || i >= (long)n)
				continue;
			w = tab[p * taps + k] * (1 - a) +
			    tab[(p + 1) * taps + k] * a;
			acc += w * in[i];
		}
		acc *= scale;
		out[j] = (int16_t)lrint(acc > 32767 ? 32767 :
					acc < -32768 ? -32768 : acc);
	}
	free(tab);
	return (long)m;
}
