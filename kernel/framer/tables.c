// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/* Octet tables (see tables.h). */
#include "framer/tables.h"
#include "framer/t1.h"

struct cf_tables cf_tab;
static bool cf_tab_ready;

static u8 crc_step_octet(u8 reg, u8 poly8)
{
	int i;

	for (i = 0; i < 8; i++)
		reg = (reg & 0x80) ? (u8)((reg << 1) ^ poly8) : (u8)(reg << 1);
	return reg;
}

void cf_tables_init(void)
{
	unsigned int b;
	int i;

	if (cf_tab_ready)
		return;
	for (b = 0; b < 256; b++) {
		unsigned int run = 0, best = 0, pol = 1, lead = 8, last = 8;
		u8 alt = 0, pop = 0;

		for (i = 7; i >= 0; i--) {
			if (b & (1u << i)) {
				pop++;
				if (lead == 8)
					lead = 7 - i;
				last = i;
				if (pol)
					alt |= 1u << i;
				pol ^= 1;
				run = 0;
			} else if (++run > best) {
				best = run;
			}
		}
		cf_tab.pop[b] = pop;
		cf_tab.lead0[b] = lead;
		cf_tab.trail0[b] = b ? last : 8;
		cf_tab.maxrun0[b] = best;
		cf_tab.alt[b] = alt;
		/* CRC-n with n < 8 runs left-justified in an 8-bit register */
		cf_tab.crc4[b] = crc_step_octet(b, 0x3 << 4);
		cf_tab.crc6[b] = crc_step_octet(b, 0x3 << 2);
	}
	for (b = 0; b < 12; b++) {
		u32 v = 0;

		for (i = 0; i < CF_D4_HIST; i++)
			v |= (u32)cf_d4_f[(b + 12 * CF_D4_HIST - i) % 12] << i;
		cf_tab.d4_hist[b] = v;
		cf_tab.d4_lo[(v & 0xff) >> 3] |= (u8)(1u << (v & 7));
	}
	for (b = 0; b < 6; b++) {
		u32 v = 0;

		for (i = 0; i < CF_ESF_HIST; i++)
			v |= (u32)cf_esf_fps[(b + 6 * CF_ESF_HIST - i) % 6]
			     << i;
		cf_tab.esf_hist[b] = (u16)v;
		cf_tab.esf_lo[(v & 0xff) >> 3] |= (u8)(1u << (v & 7));
	}
	cf_tab_ready = true;
}

u8 cf_crc_bits(const u8 *data, unsigned int nbits, u8 poly, unsigned int n)
{
	u8 reg = 0, top = 1u << (n - 1), mask = (1u << n) - 1;
	unsigned int i;

	/* bit-serial division of data * x^n by x^n + poly */
	for (i = 0; i < nbits; i++) {
		u8 in = (data[i >> 3] >> (7 - (i & 7))) & 1;
		u8 fb = ((reg & top) ? 1 : 0) ^ in;

		reg = (u8)((reg << 1) & mask);
		if (fb)
			reg ^= poly;
	}
	return reg;
}
