// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * E1 receive: frame alignment (G.706 4.1), CRC-4 multiframe alignment and
 * checking (G.706 4.2, 4.3), E bits, RAI, TS16 CAS multiframe (G.732 5.1).
 */
#include "framer/internal.h"
#include "framer/tables.h"
#include "framer/bits.h"

#define E1_FAS 0x1b		/* bits 2..8 of TS0: 0011011 */
#define E1_MFAS 0x0b		/* 001011 */
#define E1_RING 512		/* bits of hunting history: two frames */

/* Hunting rings hold bit i of the stream at r[i / 8], MSB first, so that
 * a whole octet lands in one byte when the position is a multiple of 8. */
static inline bool ring_get(const u8 *r, unsigned int i)
{
	return (r[i >> 3] >> (7 - (i & 7))) & 1;
}

static inline void ring_set(u8 *r, unsigned int i, bool v)
{
	u8 bit = (u8)(0x80 >> (i & 7));

	if (v)
		r[i >> 3] |= bit;
	else
		r[i >> 3] &= (u8)~bit;
}

static void e1_found(struct cf_rx_state *rx, u8 w8)
{
	rx->aligned = true;
	rx->fbuf[0] = w8;
	rx->fpos = 8;
	rx->fn = 0;
}

/* Is bit n (its stream index mod E1_RING) the end of a third FAS? */
static inline bool e1_check(const struct cf_rx_state *rx, unsigned int n,
			    u32 seen)
{
	return seen >= E1_RING && ring_get(rx->fasflag, n) &&
	       ring_get(rx->hist, (n - 262) & (E1_RING - 1));
}

/*
 * G.706 4.1.2: alignment is recovered after a FAS, then bit 2 = 1 in the
 * next frame's TS0 (NFAS), then a FAS again. Checked looking back from
 * each bit that ends a FAS: NFAS bit 2 262 bits before, FAS ending 512
 * bits before. Eight bits at a time when the ring position allows.
 * Returns the position after the bit that aligned, or n.
 */
unsigned int cf_e1_hunt(struct cf_port *p, const u8 *data, unsigned int pos,
			unsigned int n)
{
	struct cf_rx_state *rx = &p->rx;

	while (pos < n) {
		unsigned int h = rx->hpos, j;

		if (!(h & 7) && n - pos >= 8) {
			u8 b = cf_get8(data, pos), fm = 0;
			u16 win = (u16)((rx->w8 << 8) | b);

			for (j = 0; j < 8; j++)
				if (((win >> (7 - j)) & 0x7f) == E1_FAS)
					fm |= (u8)(0x80 >> j);
			for (j = 0; fm && j < 8; j++) {
				if (((fm >> (7 - j)) & 1) &&
				    e1_check(rx, h + j, rx->hunt_bits + j)) {
					e1_found(rx, (u8)(win >> (7 - j)));
					return pos + j + 1;
				}
			}
			rx->hist[h >> 3] = b;
			rx->fasflag[h >> 3] = fm;
			rx->w8 = b;
			rx->hpos = (h + 8) & (E1_RING - 1);
			if (rx->hunt_bits < 2 * E1_RING)
				rx->hunt_bits += 8;
			pos += 8;
		} else {
			unsigned int b = (data[pos >> 3] >> (7 - (pos & 7)));
			bool fas;

			b &= 1;
			rx->w8 = (u8)((rx->w8 << 1) | b);
			fas = (rx->w8 & 0x7f) == E1_FAS;
			if (fas && e1_check(rx, h, rx->hunt_bits)) {
				e1_found(rx, rx->w8);
				return pos + 1;
			}
			ring_set(rx->hist, h, b);
			ring_set(rx->fasflag, h, fas);
			rx->hpos = (h + 1) & (E1_RING - 1);
			if (rx->hunt_bits < 2 * E1_RING)
				rx->hunt_bits++;
			pos++;
		}
	}
	return n;
}

static void e1_crc4(struct cf_port *p, const u8 *f, unsigned int fn)
{
	struct cf_rx_state *rx = &p->rx;
	u8 si = f[0] >> 7, reg;
	unsigned int i;

	if (!(fn & 7)) {
		rx->crc_reg = 0;
		rx->cbits = 0;
		rx->crc_started = true;
	}
	reg = cf_tab.crc4[rx->crc_reg ^ (fn & 1 ? f[0] : f[0] & 0x7f)];
	for (i = 1; i < CF_MAX_TS; i++)
		reg = cf_tab.crc4[reg ^ f[i]];
	rx->crc_reg = reg;

	if (!(fn & 1)) {
		rx->cbits = (u8)((rx->cbits << 1) | si);
		if ((fn & 7) == 6 && rx->crc_valid) {
			/* C1..C4 of this SMF check the previous one */
			rx->blk++;
			if (rx->cbits != rx->crc_last) {
				p->cnt.crc4++;
				rx->blk_err++;
				if (p->tx.ebit_pending < 16)
					p->tx.ebit_pending++;
			}
			if (rx->blk == 1000) {
				/* G.706 4.3.2: >= 915 errored of 1000 */
				bool lose = rx->blk_err >= 915;

				rx->blk = 0;
				rx->blk_err = 0;
				if (lose) {
					cf_rx_lose(p);
					return;
				}
			}
		}
	} else if (fn == 13 || fn == 15) {
		if (!si)
			p->cnt.ebit++;	/* far end saw an errored SMF */
	}
	if ((fn & 7) == 7) {
		rx->crc_last = reg >> 4;
		rx->crc_valid = rx->crc_started;
	}
}

/* G.706 4.2: two MFAS 2 ms apart within 8 ms of frame alignment. */
static void e1_mf_hunt(struct cf_port *p, const u8 *f)
{
	struct cf_rx_state *rx = &p->rx;
	unsigned int fn = rx->fn;

	if (rx->frames >= 64) {
		/* no multiframe in 8 ms: the FAS was spurious */
		cf_rx_lose(p);
		return;
	}
	if (!(fn & 1))
		return;
	rx->mfas_sr = (u8)(((rx->mfas_sr << 1) | (f[0] >> 7)) & 0x3f);
	if (rx->mfas_sr != E1_MFAS)
		return;
	/* this NFAS frame is frame 11 of the multiframe */
	if (rx->mf_phase == (s8)((fn - 11) & 15)) {
		rx->mfa = true;
		rx->fn = 11;
		rx->crc_valid = false;
		rx->crc_started = false;
		rx->blk = 0;
		rx->blk_err = 0;
	} else {
		rx->mf_phase = (s8)((fn - 11) & 15);
	}
}

/* G.732 5.1.3.1 / 5.2: CAS MFAS 0000 after a TS16 with a one in bits 1-4;
 * lost after two errored MFAS in a row. */
static void e1_cas(struct cf_port *p, u8 ts16)
{
	struct cf_rx_state *rx = &p->rx;

	if (!rx->cmfa) {
		if (!(ts16 & 0xf0) && (rx->cas_prev_ts16 & 0xf0)) {
			rx->cmfa = true;
			rx->cas_fn = 0;
			rx->cas_bad = 0;
		}
	} else {
		rx->cas_fn = (rx->cas_fn + 1) & 15;
		if (!rx->cas_fn) {
			if (ts16 & 0xf0) {
				if (++rx->cas_bad >= 2)
					rx->cmfa = false;
			} else {
				rx->cas_bad = 0;
			}
		} else {
			/* taken when seen in two multiframes in a row */
			unsigned int a = rx->cas_fn, b = a + 16;
			u8 va = ts16 >> 4, vb = ts16 & 0xf;

			if (va == rx->cas_new[a])
				rx->cas[a] = va;
			if (vb == rx->cas_new[b])
				rx->cas[b] = vb;
			rx->cas_new[a] = va;
			rx->cas_new[b] = vb;
		}
	}
	rx->cas_prev_ts16 = ts16;
}

void cf_e1_rx_frame(struct cf_port *p)
{
	struct cf_rx_state *rx = &p->rx;
	const u8 *f = rx->fbuf;
	unsigned int fn = rx->fn;
	u8 ts0 = f[0];

	if (!(fn & 1)) {
		if ((ts0 & 0x7f) != E1_FAS) {
			p->cnt.fas++;
			p->cnt.fe++;
			/* G.706 4.1.1: three consecutive errored FAS */
			if (++rx->badfas >= 3) {
				cf_rx_lose(p);
				return;
			}
		} else {
			rx->badfas = 0;
		}
	} else {
		rx->rai_of++;
		if (ts0 & 0x20)
			rx->rai_frames++;
	}
	if (p->cfg.crc4) {
		if (!rx->mfa) {
			e1_mf_hunt(p, f);
			if (!rx->aligned)
				return;
		} else {
			e1_crc4(p, f, fn);
			if (!rx->aligned)
				return;
		}
	}
	if (p->cfg.cas)
		e1_cas(p, f[16]);
	if (p->prbs.on) {
		if (p->cfg.cas) {
			cf_prbs_rx(p, f + 1, 15);
			cf_prbs_rx(p, f + 17, 15);
		} else {
			cf_prbs_rx(p, f + 1, 31);
		}
	}
	cf_es_put(p, f);
	rx->frames++;
	rx->fn = (rx->fn + 1) & 15;
}
