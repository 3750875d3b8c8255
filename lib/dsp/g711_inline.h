/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* G.711 decoding inlined into the DSP hot paths (same rules as g711.c). */
#ifndef CTI_DSP_G711_INLINE_H
#define CTI_DSP_G711_INLINE_H

#include <stdint.h>

static inline int cti__alaw_to_lin(uint8_t a)
{
	unsigned v = a ^ 0x55u;
	unsigned seg = (v >> 4) & 7, mant = v & 0xF;
	int mag = seg ? (int)((2 * mant + 33) << (seg - 1)) : (int)(2 * mant + 1);

	return (v & 0x80) ? mag << 3 : -(mag << 3);
}

static inline int cti__ulaw_to_lin(uint8_t u)
{
	unsigned v = (uint8_t)~u;
	unsigned seg = (v >> 4) & 7, mant = v & 0xF;
	int mag = (int)(((2 * mant + 33) << seg) - 33);

	return (v & 0x80) ? -(mag << 2) : mag << 2;
}

#endif
