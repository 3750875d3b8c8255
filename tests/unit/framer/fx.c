// SPDX-License-Identifier: LGPL-2.1-or-later
/* Back-to-back fixture: payload frames carry a sequence number so that the
 * receiver can check that every frame arrives intact and in order. */
#include <stdlib.h>
#include "fx.h"

const struct cf_config fx_e1 = { CF_E1, CF_CODE_HDB3, false, false, false };
const struct cf_config fx_e1_crc4 = { CF_E1, CF_CODE_HDB3, true, false,
				      false };
const struct cf_config fx_e1_cas = { CF_E1, CF_CODE_HDB3, true, false, true };
const struct cf_config fx_t1_d4 = { CF_T1, CF_CODE_B8ZS, false, false,
				    false };
const struct cf_config fx_t1_esf = { CF_T1, CF_CODE_B8ZS, false, true,
				     false };

struct fx *fx_new(const struct cf_config *c, u32 seed)
{
	struct fx *x = calloc(1, sizeof(*x));

	ck_assert_ptr_nonnull(x);
	cf_port_init(&x->a, c);
	cf_port_init(&x->b, c);
	cf_line_init(&x->ab, seed);
	cf_line_init(&x->ba, seed * 7 + 1);
	return x;
}

void fx_free(struct fx *x)
{
	free(x);
}

/* Payload octets of a frame: first payload slot is the sequence. */
static bool fx_slot(const struct cf_port *p, unsigned int ts)
{
	if (p->cfg.mode == CF_T1)
		return ts < CF_T1_CHANS;
	return ts && !(ts == 16 && p->cfg.cas);
}

static void fx_fill(struct fx *x, const struct cf_port *p, u8 *seq,
		    unsigned int n)
{
	unsigned int i, ts;

	for (i = 0; i < n; i++, (*seq)++) {
		memset(x->tx[i], 0, CF_MAX_TS);
		for (ts = 0; ts < CF_MAX_TS; ts++)
			if (fx_slot(p, ts))
				x->tx[i][ts] = (u8)(*seq ^ (ts * 37));
	}
}

static void fx_check(struct fx *x)
{
	const struct cf_port *p = &x->b;
	unsigned int i, ts, first = p->cfg.mode == CF_T1 ? 0 : 1;

	for (i = 0; i < 8; i++) {
		const u8 *f = x->rxb[i];
		u8 s = (u8)(f[first] ^ (first * 37));
		bool ok = true;

		for (ts = 0; ts < CF_MAX_TS; ts++)
			if (fx_slot(p, ts) && f[ts] != (u8)(s ^ (ts * 37)))
				ok = false;
		if (ok && x->b_synced && s != x->exp_b)
			ok = false;
		if (ok) {
			x->good_b++;
			x->b_synced = true;
			x->exp_b = (u8)(s + 1);
		} else if (x->b_synced) {
			x->bad_b++;
			x->b_synced = false;
		}
	}
}

static void fx_dir(struct fx *x, struct cf_port *from, struct cf_line *l,
		   struct cf_port *to, u8 *seq)
{
	unsigned int n = cf_line_frames(l);

	fx_fill(x, from, seq, n);
	x->w.nbits = 0;
	cf_tx_frames(from, (const u8(*)[CF_MAX_TS])x->tx, n, &x->w);
	cf_line_apply(l, &x->w);
	cf_rx_symbols(to, &x->w);
}

void fx_tick(struct fx *x)
{
	fx_dir(x, &x->a, &x->ab, &x->b, &x->seq_a);
	fx_dir(x, &x->b, &x->ba, &x->a, &x->seq_b);
	cf_rx_tick(&x->a, x->rxa);
	cf_rx_tick(&x->b, x->rxb);
	if (x->check && !x->b.prbs.on)
		fx_check(x);
	x->ms++;
}

void fx_run(struct fx *x, unsigned int ms)
{
	while (ms--)
		fx_tick(x);
}

/* In frame and, where configured, in CRC-4 and CAS multiframe. */
static bool fx_in_service(const struct cf_port *p)
{
	bool e1 = p->cfg.mode == CF_E1;

	return cf_rx_in_frame(p) && (!e1 || !p->cfg.crc4 || p->rx.mfa) &&
	       (!e1 || !p->cfg.cas || p->rx.cmfa);
}

unsigned int fx_align(struct fx *x, unsigned int max_ms)
{
	unsigned int t;

	for (t = 0; t < max_ms; t++) {
		if (fx_in_service(&x->a) && fx_in_service(&x->b))
			return t;
		fx_tick(x);
	}
	return ~0u;
}

unsigned int fx_until_b(struct fx *x, unsigned int max_ms, u32 alarm_set,
			u32 alarm_clear)
{
	unsigned int t;

	for (t = 0; t < max_ms; t++) {
		u32 a = cf_alarms(&x->b);

		if ((a & alarm_set) == alarm_set && !(a & alarm_clear))
			return t;
		fx_tick(x);
	}
	return ~0u;
}
