// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * T1 transmit frame (ANSI T1.403, ITU-T G.704 2.1): D4 superframe Ft/Fs,
 * ESF FPS/CRC-6/FDL, robbed-bit signalling, yellow alarm (D4 bit 2, ESF
 * FDL pattern), loop codes (in-band for D4, FDL bit-oriented for ESF).
 */
#include "framer/internal.h"
#include "framer/tables.h"
#include "framer/bits.h"
#include "framer/t1.h"

/* In-band loop code octets: pattern period and octet per phase (T1.403
 * 9.3.1.3: 10000 repeated = loop up, 100 repeated = loop down). */
const u8 cf_ib_up[5] = { 0x84, 0x08, 0x10, 0x21, 0x42 };
const u8 cf_ib_down[3] = { 0x92, 0x24, 0x49 };

static u8 t1_fbit(struct cf_port *p, unsigned int f)
{
	struct cf_tx_state *tx = &p->tx;
	unsigned int k = f + 1;	/* frame number as in the standard */
	u8 b;

	if (!p->cfg.esf) {
		/* Ft in odd frames (f even), Fs in even frames */
		u8 def = CF_DEF(f & 1 ? CF_DEFECT_MFA : CF_DEFECT_FAS);

		b = cf_d4_f[f];
		if (tx->defects & def) {
			tx->defects &= (u8)~def;
			b ^= 1;
		}
		return b;
	}
	if (!(k & 3)) {
		b = cf_esf_fps[k / 4 - 1];
		if (tx->defects & CF_DEF(CF_DEFECT_FAS)) {
			tx->defects &= ~CF_DEF(CF_DEFECT_FAS);
			b ^= 1;
		}
		return b;
	}
	if (!(k & 1))	/* frames 2, 6, ..., 22: C1..C6 */
		return (tx->crc_send >> (5 - (k - 2) / 4)) & 1;
	/* odd frames: FDL, one 16-bit word after the other */
	if (!tx->fdl_bit) {
		if (tx->rai)
			tx->fdl_word = CF_BOC_WORD(CF_BOC_YELLOW);
		else if (tx->loopcode == CF_LOOPCODE_UP)
			tx->fdl_word = CF_BOC_WORD(CF_BOC_LOOP_UP);
		else if (tx->loopcode == CF_LOOPCODE_DOWN)
			tx->fdl_word = CF_BOC_WORD(CF_BOC_LOOP_DOWN);
		else
			tx->fdl_word = 0x7e7e;	/* HDLC flags: idle */
	}
	b = (tx->fdl_word >> tx->fdl_bit) & 1;	/* rightmost bit first */
	tx->fdl_bit = (tx->fdl_bit + 1) & 15;
	return b;
}

static void t1_inband(struct cf_port *p, u8 *ch)
{
	struct cf_tx_state *tx = &p->tx;
	bool up = tx->loopcode == CF_LOOPCODE_UP;
	unsigned int per = up ? 5 : 3, i;
	const u8 *tab = up ? cf_ib_up : cf_ib_down;

	if (tx->ib_phase >= per)
		tx->ib_phase = 0;
	for (i = 0; i < CF_T1_CHANS; i++) {
		ch[i] = tab[tx->ib_phase];
		tx->ib_phase = (u8)((tx->ib_phase + 8) % per);
	}
}

void cf_t1_tx_frame(struct cf_port *p, const u8 *in, u8 *out,
		    unsigned int bitpos)
{
	struct cf_tx_state *tx = &p->tx;
	unsigned int f = tx->fn, nf = p->cfg.esf ? 24 : 12, i;
	bool esf = p->cfg.esf, special = false;
	u8 ch[CF_T1_CHANS], fb;

	if (in)
		memcpy(ch, in, CF_T1_CHANS);
	else
		memset(ch, 0xff, CF_T1_CHANS);
	if (esf && !f) {
		/* CRC-6 of ESF N-1 is sent in ESF N (G.704 2.1.3.1.3) */
		tx->crc_send = tx->crc_last;
		if (tx->defects & CF_DEF(CF_DEFECT_CRC)) {
			tx->defects &= ~CF_DEF(CF_DEFECT_CRC);
			tx->crc_send ^= 0x20;
		}
	}
	if (p->prbs.on) {
		cf_prbs_tx(p, ch, CF_T1_CHANS);
		special = true;
	} else if (!esf && tx->loopcode != CF_LOOPCODE_NONE) {
		t1_inband(p, ch);
		special = true;
	}
	if (p->cfg.cas && !special && (f % 6) == 5) {
		/* robbed bits: bit 8 of frames 6 (A), 12 (B), 18 (C), 24 (D) */
		unsigned int sh = 3 - f / 6;
		u8 flip = 0;

		if (tx->defects & CF_DEF(CF_DEFECT_CAS)) {
			tx->defects &= ~CF_DEF(CF_DEFECT_CAS);
			flip = 1;
		}
		for (i = 0; i < CF_T1_CHANS; i++) {
			u8 abcd = tx->cas[i + 1];
			u8 bit = esf ? (abcd >> sh) & 1 :
				       (abcd >> (f == 5 ? 3 : 2)) & 1;

			if (tx->clear_chans & (1u << i))
				continue;
			ch[i] = (u8)((ch[i] & 0xfe) | (bit ^ flip));
			flip = 0;
		}
	}
	if (tx->rai && !esf)
		for (i = 0; i < CF_T1_CHANS; i++)
			ch[i] &= 0xbf;	/* D4 yellow: bit 2 = 0 everywhere */
	fb = t1_fbit(p, f);
	cf_put_bits(out, bitpos, (u8)(fb << 7), 1);
	for (i = 0; i < CF_T1_CHANS; i++)
		cf_put_bits(out, bitpos + 1 + 8 * i, ch[i], 8);
	if (esf) {
		/* the F bits count as 1 in the CRC-6 (G.704 2.1.3.1.3) */
		u8 reg = tx->crc_reg;

		reg = (reg & 0x80) ? (u8)(reg << 1) : (u8)((reg << 1) ^ 0x0c);
		for (i = 0; i < CF_T1_CHANS; i++)
			reg = cf_tab.crc6[reg ^ ch[i]];
		tx->crc_reg = reg;
		if (f == 23) {
			tx->crc_last = reg >> 2;
			tx->crc_reg = 0;
		}
	}
	tx->fn = (f + 1) % nf;
}
