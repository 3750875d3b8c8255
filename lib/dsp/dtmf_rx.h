/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * DTMF receiver internals (design in docs/dsp.md).
 *
 * The input is cut into sub-blocks of 34 samples; each gets the complex
 * DFT at the 8 Q.23 frequencies. Every sub-block a window of the last
 * three (102 samples, 12.75 ms: 78 Hz resolution separates 697 from
 * 770 Hz) is judged, so decisions come every 4.25 ms, fine enough for the
 * 20/40 ms duration limits. The phase advance of each tone from one
 * sub-block to the next measures its frequency to a few Hz, which is what
 * separates +-1.5% (operate) from +-3.5% (never operate).
 */
#ifndef CTI_DSP_DTMF_RX_H
#define CTI_DSP_DTMF_RX_H

#include "cti/dsp.h"
#include "core/ring.h"

#define CTI__DTMF_SUB 34 /* samples per sub-block */
#define CTI__DTMF_NSUB 3 /* sub-blocks per analysis window */
#define CTI__DTMF_WIN (CTI__DTMF_SUB * CTI__DTMF_NSUB)
#define CTI__DTMF_QLEN 32

extern const float cti__dtmf_dft[CTI__DTMF_SUB][16];
extern const double cti__dtmf_hz[8];

/* Complex DFT (re[0..7], im[8..15]) of one sub-block at the 8 tones. */
void cti__dtmf_sub_dft(const float *x, float out[16]);
/* Coherent sums of a window's three sub-blocks at the nominal
 * frequencies: q holds Re q, Im q, Re q^2, Im q^2 (8 each); out gets
 * re[8], im[8] and |X|^2[8]. */
void cti__dtmf_window_sums(const float *s0, const float *s1, const float *s2,
			   const float q[32], float out[24]);
/* Convert n linear samples to float. */
void cti__dtmf_s16_to_float(const int16_t *src, float *dst, size_t n);
/* |X|^2 at 8 frequencies (c[k] = 2 cos w_k) of the window x0|x1|x2
 * weighted by win (NULL: rectangular). */
void cti__dtmf_goertzel8(const float *x0, const float *x1, const float *x2,
			 const float *win, const float c[8], float out[8]);
/* Sum of squares of one sub-block. */
float cti__dtmf_sub_energy(const float *x);

/* What one window looks like, for tests and tuning. */
struct cti__dtmf_window {
	char digit;           /* accepted digit, or 0 */
	int row, col;         /* strongest tone of each group */
	float row_ms, col_ms; /* tone mean squares at measured frequency */
	float row_p[2], col_p[2]; /* unit phase step per sub-block */
	float ratio;          /* tone energy / window energy */
	int fail;             /* which check failed (enum in dtmf_rx.c) */
};

struct cti_dtmf_rx {
	float raw[CTI__DTMF_NSUB][CTI__DTMF_SUB]; /* samples of the window */
	float dft[CTI__DTMF_NSUB][16];
	float energy[CTI__DTMF_NSUB];
	bool quiet[CTI__DTMF_NSUB];
	unsigned slot;  /* sub-block being filled */
	unsigned fill;  /* samples in it */
	unsigned nsub;  /* complete sub-blocks seen, saturating at NSUB */
	uint64_t samples;

	/* per-frequency constants: rotation over one sub-block, cos^2 of
	 * the largest accepted phase error per sub-block */
	float rot_re[8], rot_im[8], cos2_max[8], cos2_loose[8];
	float hann[CTI__DTMF_WIN]; /* for the lazily computed checks */
	float dial_cf[8]; /* Goertzel coefficients at 350 and 440 Hz */
	float wq[32]; /* rot and rot^2 as cti__dtmf_window_sums wants them */
	float prev[8][2]; /* the previous window's sums (re, im) */
	bool prev_ok;
	float quiet_energy;  /* below this a sub-block cannot hold DTMF */
	float min_tone_ms;   /* per-tone mean square */
	float twist_normal, twist_reverse; /* power ratios */

	/* duration state machine (in windows) */
	char cand;
	unsigned run;
	uint64_t cand_start;
	float cand_pr[2], cand_pc[2]; /* phase steps summed over the run */
	char cur;
	unsigned miss;
	uint64_t cur_start, last_end;

	cti_dtmf_event_t q[CTI__DTMF_QLEN];
	struct cti_ring events; /* over q: drops the oldest (audio path) */
	bool allocated;
	struct cti__dtmf_window last; /* the latest window's analysis */
};

/* Frequency error (Hz) of the window's row (col = false) or column tone
 * from its measured phase step. */
double cti__dtmf_hz_err(const struct cti__dtmf_window *w, bool col);

#endif
