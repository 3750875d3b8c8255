// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ITU-T G.711 A-law and mu-law by the segment rules of Tables 1 and 2:
 * a sign, a 3-bit segment (the position of the leading one of the
 * magnitude) and 4 bits of mantissa below it. Encoding truncates towards
 * the decision value below; decoding (dsp/g711_inline.h: 13-bit midpoints
 * 2m+1 in A-law segment 0 and (2m+33) << (seg-1) above; mu-law
 * ((2m+33) << seg) - 33 in 14 bits) returns the interval's midpoint.
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
uint8_t cti_alaw_encode(int16_t s)
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

int16_t cti_alaw_decode(uint8_t a)
{
	return (int16_t)cti__alaw_to_lin(a);
}

/* mu-law works on a 14-bit magnitude (>> 2) biased by 33, which makes
 * every segment start at a power of two (64 << seg). */
uint8_t cti_ulaw_encode(int16_t s)
{
	unsigned mag = (magnitude(s) >> 2) + 33;
	unsigned sign = s >= 0 ? 0x00 : 0x80;
	unsigned seg = 0;

	if (mag > 0x1FFF) /* overload: the last interval */
		mag = 0x1FFF;
	while (seg < 7 && mag >= (64u << seg))
		seg++;
	return (uint8_t)~(sign | (seg << 4) | ((mag >> (seg + 1)) & 0xF));
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
			dst[i] = cti_alaw_encode(src[i]);
	} else if (law == CTI_PCM_ULAW) {
		for (i = 0; i < n; i++)
			dst[i] = cti_ulaw_encode(src[i]);
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
			dst[i] = cti_alaw_decode(src[i]);
	} else if (law == CTI_PCM_ULAW) {
		for (i = 0; i < n; i++)
			dst[i] = cti_ulaw_decode(src[i]);
	} else {
		return CTI_EINVAL;
	}
	return 0;
}
