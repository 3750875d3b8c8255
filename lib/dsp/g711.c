// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ITU-T G.711 A-law and mu-law by the segment rules of Tables 1 and 2:
 * a sign, a 3-bit segment (the position of the leading one of the
 * magnitude) and 4 bits of mantissa below it. Encoding truncates towards
 * the decision value below; decoding (13-bit midpoints 2m+1 in A-law
 * segment 0 and (2m+33) << (seg-1) above; mu-law ((2m+33) << seg) - 33 in
 * 14 bits) returns the interval's midpoint. The arithmetic fills
 * dsp/g711_inline.h's tables once; every coder in libcti reads those.
 */
#include "cti/dsp.h"
#include "dsp/g711_inline.h"

/*
 * 16-bit samples take G.711's magnitudes as the ITU-T G.191 reference
 * (STL g711.c) does: negative values by one's complement, so s and -s-1
 * share a magnitude and the characteristic is symmetric about -1/2 LSB.
 */
static unsigned magnitude(int16_t s)
{
	return s >= 0 ? (unsigned)s : (unsigned)~s;
}

/* A-law works on a 13-bit magnitude (the 16-bit magnitude >> 3). */
static uint8_t alaw_of(int16_t s)
{
	unsigned mag = magnitude(s) >> 3;
	unsigned code = s >= 0 ? 0x80 : 0x00;
	unsigned seg = 0;

	while (seg < 7 && mag >= (32u << seg))
		seg++;
	code |= seg << 4;
	code |= seg ? (mag >> seg) & 0xF : (mag >> 1) & 0xF;
	return (uint8_t)(code ^ 0x55);
}

static int16_t lin_of_alaw(uint8_t a)
{
	unsigned v = a ^ 0x55u;
	unsigned seg = (v >> 4) & 7, mant = v & 0xF;
	int mag =
		seg ? (int)((2 * mant + 33) << (seg - 1)) : (int)(2 * mant + 1);

	return (int16_t)((v & 0x80) ? mag << 3 : -(mag << 3));
}

/* mu-law works on a 14-bit magnitude (>> 2) biased by 33, which makes
 * every segment start at a power of two (64 << seg). */
static uint8_t ulaw_of(int16_t s)
{
	unsigned mag = (magnitude(s) >> 2) + 33;
	unsigned sign = s >= 0 ? 0x00 : 0x80;
	unsigned seg = 0;

	if (mag > 0x1FFF) /* overload: the last interval */
		mag = 0x1FFF;
	while (seg < 7 && mag >= (64u << seg))
		seg++;
	return (uint8_t) ~(sign | (seg << 4) | ((mag >> (seg + 1)) & 0xF));
}

static int16_t lin_of_ulaw(uint8_t u)
{
	unsigned v = (uint8_t)~u;
	unsigned seg = (v >> 4) & 7, mant = v & 0xF;
	int mag = (int)(((2 * mant + 33) << seg) - 33);

	return (int16_t)((v & 0x80) ? -(mag << 2) : mag << 2);
}

/* dsp/g711_inline.h's tables: entry k of an encoding table is the code of
 * the samples whose top bits are k - 4096 (A-law) or k - 8192 (mu-law);
 * the lowest such sample stands for them all. */
int16_t cti__alaw_dec_tab[256], cti__ulaw_dec_tab[256];
uint8_t cti__alaw_enc_tab[8192], cti__ulaw_enc_tab[16384];

__attribute__((constructor)) static void g711_tables(void)
{
	for (int c = 0; c < 256; c++) {
		cti__alaw_dec_tab[c] = lin_of_alaw((uint8_t)c);
		cti__ulaw_dec_tab[c] = lin_of_ulaw((uint8_t)c);
	}
	for (int k = 0; k < 8192; k++)
		cti__alaw_enc_tab[k] = alaw_of((int16_t)((k - 4096) * 8));
	for (int k = 0; k < 16384; k++)
		cti__ulaw_enc_tab[k] = ulaw_of((int16_t)((k - 8192) * 4));
}

uint8_t cti_alaw_encode(int16_t s)
{
	return cti__lin_to_alaw(s);
}

int16_t cti_alaw_decode(uint8_t a)
{
	return (int16_t)cti__alaw_to_lin(a);
}

uint8_t cti_ulaw_encode(int16_t s)
{
	return cti__lin_to_ulaw(s);
}

int16_t cti_ulaw_decode(uint8_t u)
{
	return (int16_t)cti__ulaw_to_lin(u);
}

int cti_g711_encode(int law, uint8_t *dst, const int16_t *src, size_t n)
{
	size_t i;

	if (n && (!dst || !src))
		return CTI_EINVAL;
	if (law == CTI_PCM_ALAW) {
		for (i = 0; i < n; i++)
			dst[i] = cti__lin_to_alaw(src[i]);
	} else if (law == CTI_PCM_ULAW) {
		for (i = 0; i < n; i++)
			dst[i] = cti__lin_to_ulaw(src[i]);
	} else {
		return CTI_EINVAL;
	}
	return 0;
}

int cti_g711_decode(int law, int16_t *dst, const uint8_t *src, size_t n)
{
	size_t i;

	if (n && (!dst || !src))
		return CTI_EINVAL;
	if (law == CTI_PCM_ALAW) {
		for (i = 0; i < n; i++)
			dst[i] = (int16_t)cti__alaw_to_lin(src[i]);
	} else if (law == CTI_PCM_ULAW) {
		for (i = 0; i < n; i++)
			dst[i] = (int16_t)cti__ulaw_to_lin(src[i]);
	} else {
		return CTI_EINVAL;
	}
	return 0;
}
