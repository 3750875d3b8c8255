// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The receiver's inner loop: 16 multiply-accumulates per sample against a
 * shared table, with independent accumulators so it runs at the machine's
 * multiply-add throughput (a Goertzel recursion is bound by its own
 * latency instead). GCC vector extensions keep it portable; on x86-64 an
 * AVX2+FMA clone is chosen at load time where the CPU has them.
 */
#include <string.h>

#include "dsp/dtmf_rx.h"

typedef float v8sf __attribute__((vector_size(32)));
typedef short v8hi __attribute__((vector_size(16)));

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&        \
	!defined(__SANITIZE_ADDRESS__)
#define CTI_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define CTI_CLONES
#endif

/* a macro, not a function: 32-byte vectors must not cross a call
 * boundary in the default (SSE) clone */
#define load8(p)                                                             \
	({                                                                   \
		v8sf v_;                                                     \
		memcpy(&v_, (p), sizeof(v_));                                \
		v_;                                                          \
	})

CTI_CLONES
void cti__dtmf_sub_dft(const float *x, float out[16])
{
	v8sf re0 = { 0 }, im0 = { 0 }, re1 = { 0 }, im1 = { 0 };

	for (int n = 0; n + 1 < CTI__DTMF_SUB; n += 2) {
		re0 += x[n] * load8(cti__dtmf_dft[n]);
		im0 += x[n] * load8(cti__dtmf_dft[n] + 8);
		re1 += x[n + 1] * load8(cti__dtmf_dft[n + 1]);
		im1 += x[n + 1] * load8(cti__dtmf_dft[n + 1] + 8);
	}
	re0 += re1;
	im0 += im1;
	memcpy(out, &re0, sizeof(re0));
	memcpy(out + 8, &im0, sizeof(im0));
}

/* Sum of squares, 8 lanes at a time (a scalar sum is latency-bound). */
CTI_CLONES
float cti__dtmf_sub_energy(const float *x)
{
	v8sf e = { 0 };
	float energy = 0;
	int n;

	for (n = 0; n + 8 <= CTI__DTMF_SUB; n += 8) {
		v8sf v = load8(x + n);

		e += v * v;
	}
	for (; n < CTI__DTMF_SUB; n++)
		energy += x[n] * x[n];
	/* pairwise, not a chain of 8 dependent adds */
	return energy + ((e[0] + e[4]) + (e[1] + e[5])) +
	       ((e[2] + e[6]) + (e[3] + e[7]));
}

/* The window's coherent sums at the 8 nominal frequencies, all 8 at once:
 * X = S0 + q S1 + q^2 S2 with q = e^{-jwH}; out: re[8], im[8], |X|^2[8]. */
CTI_CLONES
void cti__dtmf_window_sums(const float *s0, const float *s1, const float *s2,
			   const float q[32], float out[24])
{
	v8sf qr = load8(q), qi = load8(q + 8), q2r = load8(q + 16),
	     q2i = load8(q + 24);
	v8sf ar = load8(s0), ai = load8(s0 + 8);
	v8sf br = load8(s1), bi = load8(s1 + 8);
	v8sf cr = load8(s2), ci = load8(s2 + 8);
	v8sf re = ar + qr * br - qi * bi + q2r * cr - q2i * ci;
	v8sf im = ai + qr * bi + qi * br + q2r * ci + q2i * cr;
	v8sf e = re * re + im * im;

	memcpy(out, &re, sizeof(re));
	memcpy(out + 8, &im, sizeof(im));
	memcpy(out + 16, &e, sizeof(e));
}

/* int16 to float, 8 at a time (the scalar loop was a fifth of the cost). */
CTI_CLONES
void cti__dtmf_s16_to_float(const int16_t *src, float *dst, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		v8hi h;
		v8sf f;

		memcpy(&h, src + i, sizeof(h));
		f = __builtin_convertvector(h, v8sf);
		memcpy(dst + i, &f, sizeof(f));
	}
	for (; i < n; i++)
		dst[i] = src[i];
}

/* Goertzel filters at 8 frequencies (coefficients c = 2 cos w) over the
 * three sub-blocks x0, x1, x2, weighted by win (102 values, or NULL for
 * none): the 8
 * recursions run as one vector, so their latencies overlap. out gets
 * |X|^2 per frequency. */
CTI_CLONES
void cti__dtmf_goertzel8(const float *x0, const float *x1, const float *x2,
			 const float *win, const float c[8], float out[8])
{
	const float *x[3] = { x0, x1, x2 };
	v8sf cv = load8(c), s1 = { 0 }, s2 = { 0 }, p;

	for (int j = 0; j < 3; j++)
		for (int i = 0; i < CTI__DTMF_SUB; i++) {
			float v = win ? x[j][i] * win[j * CTI__DTMF_SUB + i]
				      : x[j][i];
			v8sf s0 = v - s2 + cv * s1;

			s2 = s1;
			s1 = s0;
		}
	p = s1 * s1 + s2 * s2 - cv * s1 * s2;
	memcpy(out, &p, sizeof(p));
}
