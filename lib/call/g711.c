// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ITU-T G.711 A-law and mu-law, computed from the segment definitions of
 * G.711 Tables 1 and 2 (not table-driven, so the code shows the rule).
 * lib/dsp will own G.711 once it lands; this copy serves the call audio.
 */
#include "call/call.h"

int16_t cti__alaw_dec(uint8_t a)
{
	int v = a ^ 0x55; /* even bits are inverted on the line */
	int seg = (v >> 4) & 7, mant = v & 15;
	int mag = seg ? ((mant << 4) + 0x108) << (seg - 1) : (mant << 4) + 8;

	return (int16_t)((v & 0x80) ? mag : -mag);
}

uint8_t cti__alaw_enc(int16_t x)
{
	int mag = x >= 0 ? x : -(int)x - 1;
	int sign = x >= 0 ? 0x80 : 0;
	int seg = 0;

	if (mag > 0x7FFF)
		mag = 0x7FFF;
	mag >>= 3; /* 13-bit magnitude */
	while (seg < 7 && mag >= (32 << seg))
		seg++;
	mag = seg ? (mag >> (seg)) & 15 : (mag >> 1) & 15;
	return (uint8_t)((sign | (seg << 4) | mag) ^ 0x55);
}

int16_t cti__ulaw_dec(uint8_t u)
{
	int v = ~u & 0xFF;
	int seg = (v >> 4) & 7, mant = v & 15;
	int mag = (((mant << 3) + 0x84) << seg) - 0x84;

	return (int16_t)((v & 0x80) ? -mag : mag);
}

uint8_t cti__ulaw_enc(int16_t x)
{
	int mag = x >= 0 ? x : -(int)x;
	int sign = x >= 0 ? 0 : 0x80;
	int seg = 0;

	if (mag > 32635)
		mag = 32635;
	mag += 0x84; /* bias: segment ends become powers of two */
	while (seg < 7 && mag >= (0x100 << seg))
		seg++;
	return (uint8_t) ~(sign | (seg << 4) | ((mag >> (seg + 3)) & 15));
}

int16_t cti__g711_dec(int law, uint8_t v)
{
	return law == CTI__LAW_ULAW ? cti__ulaw_dec(v) : cti__alaw_dec(v);
}

uint8_t cti__g711_enc(int law, int16_t x)
{
	return law == CTI__LAW_ULAW ? cti__ulaw_enc(x) : cti__alaw_enc(x);
}
