// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * T1 receive: frame alignment (D4 on the 12-bit Ft/Fs pattern, ESF on
 * FPS), framing bit errors and OOF (2 errors in 4 framing bits, T1.231),
 * CRC-6, FDL bit-oriented codes (yellow, loop codes), D4 yellow (bit 2),
 * in-band loop codes, robbed bits.
 */
#include "framer/internal.h"
#include "framer/tables.h"
#include "framer/bits.h"
#include "framer/t1.h"


static void t1_aligned(struct cf_port *p, unsigned int fn)
{
	struct cf_rx_state *rx = &p->rx;

	rx->aligned = true;
	rx->fbuf[0] = (u8)(rx->w8 << 7);
	rx->fpos = 1;
	rx->fn = fn;
}

/*
 * Every bit offset in the frame is a candidate with its own history of
 * the bits at that offset in successive frames (D4), or in every fourth
 * frame (ESF). A candidate matching the pattern over D4_HIST (ESF_HIST)
 * frames wins; the pattern's phase gives the superframe alignment too.
 */
unsigned int cf_t1_hunt(struct cf_port *p, const u8 *data, unsigned int pos,
			unsigned int n)
{
	struct cf_rx_state *rx = &p->rx;
	bool esf = p->cfg.esf;
	unsigned int ring = esf ? 4 * CF_T1_FRAME_BITS : CF_T1_FRAME_BITS;
	u32 need = (esf ? 4 * CF_ESF_HIST : CF_D4_HIST) * CF_T1_FRAME_BITS;
	unsigned int j;

	for (; pos < n; pos++) {
		unsigned int b = (data[pos >> 3] >> (7 - (pos & 7))) & 1;
		unsigned int h = rx->hpos;

		rx->w8 = (u8)((rx->w8 << 1) | b);
		rx->hpos = (u16)(h + 1 == ring ? 0 : h + 1);
		if (rx->hunt_bits < need)
			rx->hunt_bits++;
		if (esf) {
			u16 v = (u16)((rx->cand.esf[h] << 1) | b);

			rx->cand.esf[h] = v;
			if (rx->hunt_bits < need ||
			    !((cf_tab.esf_lo[(v & 0xff) >> 3] >> (v & 7)) & 1))
				continue;
			for (j = 0; j < 6; j++) {
				if (v == cf_tab.esf_hist[j]) {
					t1_aligned(p, 4 * j + 3);
					return pos + 1;
				}
			}
		} else {
			u32 v = ((rx->cand.d4[h] << 1) | b) & 0xffffff;

			rx->cand.d4[h] = v;
			if (rx->hunt_bits < need ||
			    !((cf_tab.d4_lo[(v & 0xff) >> 3] >> (v & 7)) & 1))
				continue;
			for (j = 0; j < 12; j++) {
				if (v == cf_tab.d4_hist[j]) {
					t1_aligned(p, j);
					return pos + 1;
				}
			}
		}
	}
	return n;
}

/* T1.231: OOF when 2 of the last 4 terminal framing bits are wrong. */
static void t1_fbit_check(struct cf_port *p, bool bad, bool terminal)
{
	struct cf_rx_state *rx = &p->rx;

	if (bad) {	/* fe and fas count the same, as for E1 */
		p->cnt.fe++;
		p->cnt.fas++;
	}
	if (!terminal)
		return;
	rx->badfas = (u8)(((rx->badfas << 1) | bad) & 0xf);
	if (cf_tab.pop[rx->badfas] >= 2)
		cf_rx_lose(p);
}

/* FDL: bit-oriented codes must repeat back to back to count. */
static void t1_fdl(struct cf_port *p, unsigned int b)
{
	struct cf_rx_state *rx = &p->rx;
	u16 sr = (u16)((rx->fdl_sr >> 1) | (b << 15));

	rx->fdl_sr = sr;
	if (rx->boc_gap < 255)
		rx->boc_gap++;
	if ((sr & 0x81ff) == 0x00ff) {
		u8 code = (sr >> 9) & 0x3f;

		if (code == rx->boc && rx->boc_gap == 16) {
			if (rx->boc_count < 255)
				rx->boc_count++;
		} else {
			rx->boc = code;
			rx->boc_count = 1;
		}
		rx->boc_gap = 0;
	} else if (rx->boc_gap > 16) {
		rx->boc_count = 0;
	}
}

/* In-band loop code: every payload octet follows the pattern. */
static u8 t1_inband(const u8 *ch)
{
	unsigned int k, i, ph;

	for (k = 0; k < 2; k++) {
		const u8 *tab = k ? cf_ib_down : cf_ib_up;
		unsigned int per = k ? 3 : 5;

		for (ph = 0; ph < per && tab[ph] != ch[0]; ph++)
			;
		if (ph == per)
			continue;
		for (i = 1; i < CF_T1_CHANS; i++) {
			ph = (ph + 8) % per;
			if (ch[i] != tab[ph])
				break;
		}
		if (i == CF_T1_CHANS)
			return k ? CF_LOOPCODE_DOWN : CF_LOOPCODE_UP;
	}
	return CF_LOOPCODE_NONE;
}

static void t1_count_inband(struct cf_rx_state *rx, u8 c)
{
	if (c == CF_LOOPCODE_NONE)
		return;
	if (c == rx->ib_code) {
		rx->ib_match++;
	} else {
		rx->ib_code = c;
		rx->ib_match = 1;
	}
}

static void t1_robbed(struct cf_port *p, const u8 *ch, unsigned int f)
{
	struct cf_rx_state *rx = &p->rx;
	bool esf = p->cfg.esf;
	unsigned int i, sh = esf ? 3 - f / 6 : (f == 5 ? 3 : 2);

	for (i = 0; i < CF_T1_CHANS; i++) {
		u8 *v = &rx->cas_new[i + 1];

		*v = (u8)((*v & ~(1u << sh)) | ((ch[i] & 1) << sh));
	}
	if (f != (esf ? 23u : 11u))
		return;
	for (i = 1; i <= CF_T1_CHANS; i++) {
		u8 v = rx->cas_new[i];

		if (!esf)	/* D4 carries A and B: C = A, D = B */
			v = (u8)((v & 0xc) | ((v >> 2) & 3));
		/* taken when seen in two superframes in a row */
		if (v == rx->cas_prev[i])
			rx->cas[i] = v;
		rx->cas_prev[i] = v;
	}
}

void cf_t1_rx_frame(struct cf_port *p)
{
	struct cf_rx_state *rx = &p->rx;
	unsigned int f = rx->fn, k = f + 1, i;
	bool esf = p->cfg.esf;
	u8 ch[CF_MAX_TS], fb = rx->fbuf[0] >> 7, yel = 0;

	for (i = 0; i < CF_T1_CHANS; i++) {
		ch[i] = cf_get8(rx->fbuf, 1 + 8 * i);
		yel |= ch[i];
	}
	memset(ch + CF_T1_CHANS, 0, CF_MAX_TS - CF_T1_CHANS);
	if (!esf) {
		t1_fbit_check(p, fb != cf_d4_f[f], !(f & 1));
		if (!rx->aligned)
			return;
		rx->rai_of++;
		if (!(yel & 0x40))
			rx->rai_frames++;
		t1_count_inband(rx, t1_inband(ch));
	} else if (!(k & 3)) {
		t1_fbit_check(p, fb != cf_esf_fps[k / 4 - 1], true);
		if (!rx->aligned)
			return;
	} else if (!(k & 1)) {
		rx->cbits = (u8)((rx->cbits << 1) | fb);
		if (k == 22 && rx->crc_valid) {
			rx->blk++;
			if (rx->cbits != rx->crc_last)
				p->cnt.crc4++;
		}
	} else {
		t1_fdl(p, fb);
	}
	if (esf) {
		u8 reg = rx->crc_reg;

		if (k == 1) {
			reg = 0;
			rx->cbits = 0;
			rx->crc_started = true;
		}
		reg = (reg & 0x80) ? (u8)(reg << 1) : (u8)((reg << 1) ^ 0x0c);
		for (i = 0; i < CF_T1_CHANS; i++)
			reg = cf_tab.crc6[reg ^ ch[i]];
		rx->crc_reg = reg;
		if (k == 24) {
			rx->crc_last = reg >> 2;
			rx->crc_valid = rx->crc_started;
		}
	}
	if (p->cfg.cas && (f % 6) == 5)
		t1_robbed(p, ch, f);
	if (p->prbs.on)
		cf_prbs_rx(p, ch, CF_T1_CHANS);
	cf_es_put(p, ch);
	rx->frames++;
	rx->fn = (f + 1) % (esf ? 24 : 12);
}
