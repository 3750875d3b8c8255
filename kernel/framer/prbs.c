// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * PRBS 2^15-1 (ITU-T O.151 2.1: x^15 + x^14 + 1, inverted), eight bits at
 * a time: with taps 14 and 15 the next eight bits depend only on the last
 * fifteen. The monitor locks on 32 bits predicted right from the received
 * bits, then runs its own generator and counts bit errors (be); it drops
 * out when more than 1 bit in 5 is wrong over 512 bits.
 */
#include "framer/internal.h"
#include "framer/tables.h"

static inline u8 prbs_step(const u16 *s)
{
	return (u8)((*s >> 6) ^ (*s >> 7));
}

static inline void prbs_push(u16 *s, u8 o)
{
	*s = (u16)(((*s << 8) | o) & 0x7fff);
}

void cf_prbs_tx(struct cf_port *p, u8 *ts, unsigned int n)
{
	struct cf_prbs_state *g = &p->prbs;
	unsigned int i;

	for (i = 0; i < n; i++) {
		u8 o = prbs_step(&g->tx);

		prbs_push(&g->tx, o);
		ts[i] = (u8)~o;
		if (g->insert) {
			g->insert = false;
			ts[i] ^= 0x01;
		}
	}
}

void cf_prbs_rx(struct cf_port *p, const u8 *ts, unsigned int n)
{
	struct cf_prbs_state *g = &p->prbs;
	unsigned int i;

	for (i = 0; i < n; i++) {
		u8 r = (u8)~ts[i], o = prbs_step(&g->rx);

		if (!g->sync) {
			g->good = o == r ? g->good + 1 : 0;
			prbs_push(&g->rx, r);
			if (g->good >= 4) {
				g->sync = true;
				g->win = 0;
				g->win_err = 0;
			}
			continue;
		}
		prbs_push(&g->rx, o);
		if (o != r) {
			unsigned int e = cf_tab.pop[o ^ r];

			p->cnt.be += e;
			g->win_err += e;
		}
		if (++g->win == 64) {
			if (g->win_err > 512 / 5) {
				g->sync = false;
				g->good = 0;
			}
			g->win = 0;
			g->win_err = 0;
		}
	}
}

void cf_prbs(struct cf_port *p, bool on)
{
	struct cf_prbs_state *g = &p->prbs;

	memset(g, 0, sizeof(*g));
	g->on = on;
	g->tx = 0x7fff;
	g->rx = 0x7fff;
	if (on)
		p->cnt.be = 0;
}
