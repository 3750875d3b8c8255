// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/* Port set-up and the transmit/receive entry points of framer.h. */
#include "framer/internal.h"
#include "framer/tables.h"
#include "framer/bits.h"

unsigned int cf_frame_bits(const struct cf_port *p)
{
	return p->cfg.mode == CF_T1 ? CF_T1_FRAME_BITS : CF_E1_FRAME_BITS;
}

static void rx_reset(struct cf_port *p)
{
	struct cf_rx_state *rx = &p->rx;

	memset(rx, 0, sizeof(*rx));
	cf_decoder_init(&rx->dec, p->cfg.code, p->cfg.mode == CF_T1);
	rx->mf_phase = -1;
	memset(rx->es_last, 0xff, sizeof(rx->es_last));
}

static void tx_reset(struct cf_port *p)
{
	struct cf_tx_state *tx = &p->tx;
	u8 cas[CF_MAX_TS];

	memcpy(cas, tx->cas, sizeof(cas));
	memset(tx, 0, sizeof(*tx));
	memcpy(tx->cas, cas, sizeof(cas));
	cf_encoder_init(&tx->enc, p->cfg.code);
}

void cf_port_init(struct cf_port *p, const struct cf_config *c)
{
	cf_tables_init();
	memset(p, 0, sizeof(*p));
	p->cfg = *c;
	/* idle signalling: G.704 forbids 0000 on E1 channels 1..15 */
	memset(p->tx.cas, c->mode == CF_E1 ? 0xd : 0, sizeof(p->tx.cas));
	tx_reset(p);
	rx_reset(p);
	p->prbs.tx = 0x7fff;
	p->prbs.rx = 0x7fff;
}

void cf_port_config(struct cf_port *p, const struct cf_config *c)
{
	p->cfg = *c;
	tx_reset(p);
	rx_reset(p);
}

void cf_rx_lose(struct cf_port *p)
{
	struct cf_rx_state *rx = &p->rx;

	rx->aligned = false;
	rx->lof = true;
	rx->hunt_bits = 0;
	rx->fpos = 0;
	rx->badfas = 0;
	rx->frames = 0;
	rx->mfa = false;
	rx->mf_phase = -1;
	rx->mfas_sr = 0;
	rx->crc_valid = false;
	rx->crc_started = false;
	rx->blk = 0;
	rx->blk_err = 0;
	rx->cmfa = false;
	rx->boc_count = 0;
	cf_es_reset(rx);
}

bool cf_rx_in_frame(const struct cf_port *p)
{
	return p->rx.aligned;
}

void cf_tx_frames(struct cf_port *p, const u8 (*frames)[CF_MAX_TS],
		  unsigned int nframes, struct cf_wire *w)
{
	struct cf_tx_state *tx = &p->tx;
	unsigned int i, bits = 0;

	if (nframes > 9)
		nframes = 9;
	for (i = 0; i < nframes; i++) {
		const u8 *in = frames ? frames[i] : NULL;

		if (p->cfg.mode == CF_E1) {
			cf_e1_tx_frame(p, in, tx->buf + i * CF_MAX_TS);
			bits += CF_E1_FRAME_BITS;
		} else {
			cf_t1_tx_frame(p, in, tx->buf, bits);
			bits += CF_T1_FRAME_BITS;
		}
	}
	if (tx->defects & CF_DEF(CF_DEFECT_BPV)) {
		tx->defects &= ~CF_DEF(CF_DEFECT_BPV);
		tx->enc.insert_bpv = 1;
	}
	cf_encode(&tx->enc, tx->buf, bits, w);
}

void cf_tx_set_cas(struct cf_port *p, unsigned int chan, u8 abcd)
{
	if (chan && chan < CF_MAX_TS)
		p->tx.cas[chan] = abcd & 0xf;
}

void cf_tx_set_clear(struct cf_port *p, unsigned int chan, bool clear)
{
	u32 bit;

	if (!chan || chan > CF_T1_CHANS)
		return;
	bit = 1u << (chan - 1);
	if (clear)
		p->tx.clear_chans |= bit;
	else
		p->tx.clear_chans &= ~bit;
}

void cf_tx_insert(struct cf_port *p, enum cf_defect d)
{
	if (d == CF_DEFECT_PRBS)
		p->prbs.insert = true;
	else if ((unsigned int)d <= CF_DEFECT_BPV)
		p->tx.defects |= (u8)CF_DEF(d);
}

void cf_tx_loopcode(struct cf_port *p, enum cf_loopcode c)
{
	if (p->tx.loopcode != CF_LOOPCODE_NONE && c == CF_LOOPCODE_NONE) {
		/* our own code, looped back by the far end, is still on its
		 * way: only repetitions counted from now on may act */
		p->rx.boc_count = 0;
		p->al.lc_seen = CF_LOOPCODE_NONE;
		p->al.lc_ticks = 0;
	}
	p->tx.loopcode = (u8)c;
}

/* G.775 AIS: at most two zeros in each of two consecutive 2-frame blocks;
 * gone after two blocks with three or more, or on frame alignment. Only
 * looked for out of frame: an all-ones signal cannot hold alignment. */
static void rx_ais(struct cf_port *p, const u8 *d, unsigned int n)
{
	struct cf_rx_state *rx = &p->rx;
	unsigned int block = 2 * cf_frame_bits(p), i;

	if (rx->aligned) {
		/* AIS takes frame alignment away before it can be seen */
		rx->ais = false;
		rx->ais_bits = 0;
		rx->ais_zeros = 0;
		rx->ais_low = 0;
		rx->ais_high = 0;
		return;
	}
	for (i = 0; i < n; i += 8) {
		unsigned int k = n - i < 8 ? n - i : 8;
		u8 v = d[i >> 3] | (u8)(0xff >> k);

		rx->ais_zeros += 8 - cf_tab.pop[v];
		rx->ais_bits += k;
		if (rx->ais_bits < block)
			continue;
		if (rx->ais_zeros < 3) {
			rx->ais_high = 0;
			if (rx->ais_low < 2)
				rx->ais_low++;
		} else {
			rx->ais_low = 0;
			if (rx->ais_high < 2)
				rx->ais_high++;
		}
		if (rx->ais_low == 2)
			rx->ais = true;
		else if (rx->ais_high == 2)
			rx->ais = false;
		rx->ais_bits = 0;
		rx->ais_zeros = 0;
	}
}

void cf_rx_symbols(struct cf_port *p, const struct cf_wire *w)
{
	struct cf_rx_state *rx = &p->rx;
	unsigned int n = w->nbits, pos = 0, fbits = cf_frame_bits(p);
	bool e1 = p->cfg.mode == CF_E1;

	rx->got_symbols = true;
	if (n > CF_WIRE_MAXBITS)
		n = CF_WIRE_MAXBITS;
	if (!n)
		return;
	cf_decode(&rx->dec, w, rx->data);
	if (rx->dec.los_seen)
		rx->los = true;
	p->cnt.bpv += rx->dec.bpv;
	p->cnt.cv += rx->dec.bpv + rx->dec.exz;
	rx->dec.bpv = 0;
	rx->dec.exz = 0;
	rx_ais(p, rx->data, n);

	while (pos < n) {
		unsigned int take;

		if (!rx->aligned) {
			pos = e1 ? cf_e1_hunt(p, rx->data, pos, n) :
				   cf_t1_hunt(p, rx->data, pos, n);
			continue;
		}
		take = fbits - rx->fpos;
		if (take > n - pos)
			take = n - pos;
		cf_copy_bits(rx->fbuf, rx->fpos, rx->data, pos, take);
		rx->fpos += take;
		pos += take;
		if (rx->fpos == fbits) {
			rx->fpos = 0;
			if (e1)
				cf_e1_rx_frame(p);
			else
				cf_t1_rx_frame(p);
		}
	}
}

u8 cf_rx_cas(const struct cf_port *p, unsigned int chan)
{
	return chan < CF_MAX_TS ? p->rx.cas[chan] : 0;
}

enum cf_loopcode cf_rx_loopcode(const struct cf_port *p)
{
	return (enum cf_loopcode)p->al.lc_now;
}

u32 cf_alarms(const struct cf_port *p)
{
	return p->al.alarms;
}

void cf_counters_get(const struct cf_port *p, struct cf_counters *c)
{
	*c = p->cnt;
	c->prbs = p->prbs.on && p->prbs.sync ? 15 : 0;
}

void cf_counters_reset(struct cf_port *p)
{
	memset(&p->cnt, 0, sizeof(p->cnt));
	p->al.sec_sum = 0;
}
