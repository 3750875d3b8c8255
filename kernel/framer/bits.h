/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * Bit strings, MSB first, read and written eight bits at a time so that
 * unaligned frames cost per octet, not per bit. Readers may look one octet
 * past the end: buffers keep that slack.
 */
#ifndef CF_BITS_H
#define CF_BITS_H

#include "framer/cf_compat.h"

/* The 8 bits starting at bit pos. */
static inline u8 cf_get8(const u8 *s, unsigned int pos)
{
	unsigned int i = pos >> 3, o = pos & 7;

	if (!o)
		return s[i];
	return (u8)((s[i] << o) | (s[i + 1] >> (8 - o)));
}

/* Writes the top n (1..8) bits of v at bit pos; other bits are kept. */
static inline void cf_put_bits(u8 *d, unsigned int pos, u8 v, unsigned int n)
{
	unsigned int i = pos >> 3, o = pos & 7;
	u8 mask = 0xff ^ (0xff >> n);	/* the top n bits */

	v &= mask;
	d[i] = (u8)((d[i] & ~(mask >> o)) | (v >> o));
	if (o + n > 8)
		d[i + 1] = (u8)((d[i + 1] & ~(u8)(mask << (8 - o))) |
				(u8)(v << (8 - o)));
}

static inline void cf_copy_bits(u8 *d, unsigned int dpos, const u8 *s,
				unsigned int spos, unsigned int n)
{
	if (!(dpos & 7) && !(spos & 7)) {
		memcpy(d + (dpos >> 3), s + (spos >> 3), n >> 3);
		dpos += n & ~7u;
		spos += n & ~7u;
		n &= 7;
	}
	for (; n >= 8; n -= 8, dpos += 8, spos += 8)
		cf_put_bits(d, dpos, cf_get8(s, spos), 8);
	if (n)
		cf_put_bits(d, dpos, cf_get8(s, spos), n);
}

#endif
