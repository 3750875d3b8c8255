// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * The software line: impairments on the symbols (see line.h). Bit errors
 * come at geometric gaps drawn as floor(E / -ln(1 - p)) with E ~ Exp(1)
 * in fixed point, so their cost is per error, not per bit.
 */
#include "framer/line.h"
#include "framer/bits.h"

#define Q62 (1ull << 62)
#define LN2_Q16 45426u		/* ln 2 * 2^16 */

static u32 rnd(struct cf_line *l)
{
	u32 x = l->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	l->rng = x;
	return x;
}

/* -log2(x / 2^32) in Q16, x > 0, by the squaring method. */
static u32 neg_log2_q16(u32 x)
{
	unsigned int ip = 31 - (unsigned int)__builtin_clz(x), i;
	u64 m = (u64)x << (31 - ip);	/* Q31, in [1, 2) */
	u32 frac = 0;

	for (i = 1; i <= 16; i++) {
		m = (m * m) >> 31;
		if (m >= (2ull << 31)) {
			frac |= 1u << (16 - i);
			m >>= 1;
		}
	}
	return (32u << 16) - ((ip << 16) | frac);
}

static u32 next_gap(struct cf_line *l)
{
	u32 x = rnd(l);
	u64 e_q12, g;

	if (!x)
		x = 1;
	e_q12 = ((u64)neg_log2_q16(x) * LN2_Q16) >> 20;
	g = (e_q12 * l->mean_gap_q16) >> 28;
	return g > 0xffffffffull ? 0xffffffffu : (u32)g;
}

void cf_line_init(struct cf_line *l, u32 seed)
{
	memset(l, 0, sizeof(*l));
	l->rng = seed ? seed : 0x9e3779b9u;
	l->ais_pol = 1;
}

void cf_line_set_unplugged(struct cf_line *l, bool on)
{
	l->unplugged = on;
}

void cf_line_set_ais(struct cf_line *l, bool on)
{
	l->ais = on;
}

int cf_line_set_ber(struct cf_line *l, u32 mant, int exp10)
{
	u64 pow = 1, base, p, p1, p2, p3, ln;
	int k;

	if (!mant) {
		l->mean_gap_q16 = 0;
		l->ber_mant = 0;
		return 0;
	}
	if (exp10 >= 0 || exp10 < -18)
		return -CF_LINE_ERANGE;
	for (k = 0; k < -exp10; k++)
		pow *= 10;
	base = Q62 / pow;
	if (mant > ~0ull / (base ? base : 1) || !base)
		return -CF_LINE_ERANGE;
	p = mant * base;	/* p in Q62 */
	if (p < Q62 / 1000000000ull || p > Q62 / 100)
		return -CF_LINE_ERANGE;
	/* -ln(1 - p) = p + p^2/2 + p^3/3 + ..., p <= 1e-2 */
	p1 = p >> 31;
	p2 = p1 * p1;
	p3 = (p2 >> 31) * p1;
	ln = p + p2 / 2 + p3 / 3;
	l->mean_gap_q16 = Q62 / (ln >> 16);
	l->ber_mant = mant;
	l->ber_exp10 = exp10;
	l->next_err = next_gap(l);
	return 0;
}

void cf_line_shift(struct cf_line *l, int bits)
{
	l->shift += bits;
}

int cf_line_set_ppm(struct cf_line *l, s32 ppm)
{
	if (ppm > 1000 || ppm < -1000)
		return -CF_LINE_ERANGE;
	l->ppm = ppm;
	return 0;
}

unsigned int cf_line_frames(struct cf_line *l)
{
	l->ppm_acc += 8 * l->ppm;
	if (l->ppm_acc >= 1000000) {
		l->ppm_acc -= 1000000;
		return 9;
	}
	if (l->ppm_acc <= -1000000) {
		l->ppm_acc += 1000000;
		return 7;
	}
	return 8;
}

static void line_ais(struct cf_line *l, struct cf_wire *w)
{
	unsigned int i, n = (w->nbits + 7) / 8;
	u8 pol = l->ais_pol ? 0xaa : 0x55;

	memset(w->mark, 0xff, n);
	memset(w->pol, pol, n);
	if (w->nbits & 1)
		l->ais_pol ^= 1;
	for (i = w->nbits; i < n * 8; i++) {
		w->mark[i >> 3] &= (u8)~(0x80 >> (i & 7));
		w->pol[i >> 3] &= (u8)~(0x80 >> (i & 7));
	}
}

static void line_errors(struct cf_line *l, struct cf_wire *w)
{
	u64 pos = l->next_err;

	while (pos < w->nbits) {
		unsigned int i = (unsigned int)pos >> 3;
		u8 bit = (u8)(0x80 >> (pos & 7));

		/* a pulse lost, or one appears with a random polarity */
		w->mark[i] ^= bit;
		if ((w->mark[i] & bit) && (rnd(l) & 1))
			w->pol[i] |= bit;
		else
			w->pol[i] &= (u8)~bit;
		pos += 1 + (u64)next_gap(l);
	}
	pos -= w->nbits;
	l->next_err = pos > 0xffffffffull ? 0xffffffffu : (u32)pos;
}

/* Moves the symbols by s bits (s > 0 inserts s no-pulse symbols at the
 * start, s < 0 drops -s symbols) within the wire's capacity. */
static void line_shift(struct cf_line *l, struct cf_wire *w)
{
	unsigned int n = w->nbits, s, i;
	u8 m[CF_WIRE_MAXBITS / 8 + 2], p[CF_WIRE_MAXBITS / 8 + 2];

	if (l->shift > 0) {
		s = (unsigned int)l->shift;
		if (s > CF_WIRE_MAXBITS - n)
			s = CF_WIRE_MAXBITS - n;
		memset(m, 0, sizeof(m));
		memset(p, 0, sizeof(p));
		cf_copy_bits(m, s, w->mark, 0, n);
		cf_copy_bits(p, s, w->pol, 0, n);
		n += s;
		l->shift -= (s32)s;
	} else {
		s = (unsigned int)-l->shift;
		if (s > n)
			s = n;
		cf_copy_bits(m, 0, w->mark, s, n - s);
		cf_copy_bits(p, 0, w->pol, s, n - s);
		n -= s;
		l->shift += (s32)s;
	}
	for (i = 0; i < (n + 7) / 8; i++) {
		w->mark[i] = m[i];
		w->pol[i] = p[i];
	}
	w->nbits = n;
}

void cf_line_apply(struct cf_line *l, struct cf_wire *w)
{
	if (w->nbits > CF_WIRE_MAXBITS)
		w->nbits = CF_WIRE_MAXBITS;
	if (l->ais)
		line_ais(l, w);
	if (l->mean_gap_q16)
		line_errors(l, w);
	if (l->shift)
		line_shift(l, w);
	if (l->unplugged) {
		memset(w->mark, 0, sizeof(w->mark));
		memset(w->pol, 0, sizeof(w->pol));
	}
}
