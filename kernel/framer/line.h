/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * The software line between a transmitting and a receiving port, with
 * impairments. They act on the symbols only and never touch a framer
 * counter or alarm: those emerge from the receiver reading the stream.
 */
#ifndef CF_LINE_H
#define CF_LINE_H

#include "framer/cf_compat.h"
#include "framer/linecode.h"

#define CF_LINE_ERANGE 34	/* returned negated, as -ERANGE */
#define CF_LINE_MAXSHIFT 256	/* per call of cf_line_shift */

struct cf_line {
	u32 rng;		/* xorshift32 state, never 0 */
	bool unplugged;
	bool ais;
	u8 ais_pol;		/* polarity of the next AIS pulse */
	u64 mean_gap_q16;	/* BER: mean bits between errors, Q16; 0 off */
	u32 ber_mant;
	int ber_exp10;
	u32 next_err;		/* symbols before the next error */
	s32 shift;		/* pending insert (+) / delete (-) */
	s32 ppm;
	s32 ppm_acc;		/* frames * 1e6 ahead (+) or behind (-) */
};

void cf_line_init(struct cf_line *l, u32 seed);
/* No pulses at all (LOS at the receiver). */
void cf_line_set_unplugged(struct cf_line *l, bool on);
/* Replace the stream by unframed all ones, AMI coded (AIS). */
void cf_line_set_ais(struct cf_line *l, bool on);
/*
 * Symbol error rate mant * 10^exp10, between 1e-9 and 1e-2; mant 0 turns
 * errors off. Returns 0, or -CF_LINE_ERANGE with the rate unchanged.
 * Errors come at geometric gaps: cost per error, not per bit.
 */
int cf_line_set_ber(struct cf_line *l, u32 mant, int exp10);
/* Insert (+) or delete (-) |bits| symbols once, in the next apply. */
void cf_line_shift(struct cf_line *l, int bits);
/* Clock offset of the transmitting end; 0 or -CF_LINE_ERANGE (> 1000). */
int cf_line_set_ppm(struct cf_line *l, s32 ppm);
/* Frames the transmitter sends this 1 ms tick: 8, or 9/7 with ppm. */
unsigned int cf_line_frames(struct cf_line *l);
/* Apply the impairments to w in place (a shift changes w->nbits). */
void cf_line_apply(struct cf_line *l, struct cf_wire *w);

#endif
