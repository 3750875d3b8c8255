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
	for (n = 0; n < 8; n++)
		energy += e[n];
	return energy;
}
