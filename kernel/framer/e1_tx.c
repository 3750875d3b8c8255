// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * E1 transmit frame (ITU-T G.704 2.3): TS0 FAS/NFAS with the CRC-4
 * multiframe (C bits, MFAS, E bits), A bit RAI, TS16 CAS multiframe
 * (G.704 5.1.3), PRBS payload.
 */
#include "framer/internal.h"
#include "framer/tables.h"

/* G.704 table 5b: MFAS in Si of NFAS frames 1, 3, ..., 11 */
static const u8 e1_mfas[6] = { 0, 0, 1, 0, 1, 1 };

static u8 e1_ts0(struct cf_port *p, unsigned int f)
{
	struct cf_tx_state *tx = &p->tx;
	bool crc4 = p->cfg.crc4;
	u8 si = 1, ts0;

	if (!(f & 1)) {
		/* FAS frame: Si carries C1..C4 of the previous SMF */
		if (crc4)
			si = (tx->crc_send >> (3 - (f & 7) / 2)) & 1;
		ts0 = (u8)(si << 7) | 0x1b;
		if (tx->defects & CF_DEF(CF_DEFECT_FAS)) {
			tx->defects &= ~CF_DEF(CF_DEFECT_FAS);
			ts0 ^= 0x01;
		}
		return ts0;
	}
	if (crc4) {
		if (f <= 11) {
			si = e1_mfas[f / 2];
			if (f == 1 && (tx->defects & CF_DEF(CF_DEFECT_MFA))) {
				tx->defects &= ~CF_DEF(CF_DEFECT_MFA);
				si ^= 1;
			}
		} else if (tx->ebit_pending) {
			/* frames 13 and 15: E = 0 per received errored SMF */
			tx->ebit_pending--;
			si = 0;
		}
	}
	/* NFAS: Si, 1, A, Sa4..Sa8 = 1 */
	return (u8)(si << 7) | 0x40 | (tx->rai ? 0x20 : 0) | 0x1f;
}

static u8 e1_ts16(struct cf_port *p, unsigned int f)
{
	struct cf_tx_state *tx = &p->tx;
	u8 v;

	if (f) /* G.704 table 9: frame n carries channels n and n + 16 */
		return (u8)(tx->cas[f] << 4) | (tx->cas[f + 16] & 0xf);
	/* 0000 X Y X X: Y is the multiframe remote alarm */
	v = 0x0b | (p->rx.aligned && !p->rx.cmfa ? 0x04 : 0);
	if (tx->defects & CF_DEF(CF_DEFECT_CAS)) {
		tx->defects &= ~CF_DEF(CF_DEFECT_CAS);
		v ^= 0x80;
	}
	return v;
}

void cf_e1_tx_frame(struct cf_port *p, const u8 *in, u8 *out)
{
	struct cf_tx_state *tx = &p->tx;
	unsigned int f = tx->fn, i;

	if (in)
		memcpy(out, in, CF_MAX_TS);
	else
		memset(out, 0xff, CF_MAX_TS);
	if (p->cfg.crc4 && !(f & 7)) {
		/* G.704 2.3.3.5.2: CRC of SMF N-1 is sent in SMF N */
		tx->crc_send = tx->crc_last;
		if (tx->defects & CF_DEF(CF_DEFECT_CRC)) {
			tx->defects &= ~CF_DEF(CF_DEFECT_CRC);
			tx->crc_send ^= 0x8;
		}
	}
	if (p->prbs.on) {
		if (p->cfg.cas) {
			cf_prbs_tx(p, out + 1, 15);
			cf_prbs_tx(p, out + 17, 15);
		} else {
			cf_prbs_tx(p, out + 1, 31);
		}
	}
	out[0] = e1_ts0(p, f);
	if (p->cfg.cas)
		out[16] = e1_ts16(p, f);
	if (p->cfg.crc4) {
		/* the C bit positions count as 0 (G.704 2.3.3.5.2) */
		u8 reg = cf_tab.crc4[tx->crc_reg ^ (f & 1 ? out[0] :
						      out[0] & 0x7f)];

		for (i = 1; i < CF_MAX_TS; i++)
			reg = cf_tab.crc4[reg ^ out[i]];
		tx->crc_reg = reg;
		if ((f & 7) == 7) {
			tx->crc_last = reg >> 4;
			tx->crc_reg = 0;
		}
	}
	tx->fn = (f + 1) & 15;
}
