// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Framer benchmark: CPU cost of one port-tick (transmit 8 frames, line
 * apply, receive the symbols, receive tick: what cticard's 1 ms hrtimer
 * does per port), for E1 (HDB3, CRC-4) and T1 (B8ZS, ESF), with a clean
 * line, with a 1e-3 bit error rate, and while hunting (AIS or LOS: out of
 * frame, every bit position examined). Eight ports are run in turn so
 * that caches see a card's load. Target: < 10 us per E1 port-tick.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "framer/framer.h"
#include "framer/line.h"

#define PORTS 8
#define TICKS 20000

struct port {
	struct cf_port p;
	struct cf_line l;
	struct cf_wire w;
	u8 tx[9][CF_MAX_TS], rx[8][CF_MAX_TS];
};

static struct port ports[PORTS];
static int idle = -1;	/* payload octet, or -1 for random */

static double cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void fill(struct port *q, unsigned int n)
{
	unsigned int i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < CF_MAX_TS; k++)
			q->tx[i][k] = (u8)(idle < 0 ? rand() : idle);
}

/* Each port loops back to itself through its line: one tx and one rx. */
static void tick(struct port *q)
{
	unsigned int n = cf_line_frames(&q->l);

	fill(q, n);
	q->w.nbits = 0;
	cf_tx_frames(&q->p, (const u8(*)[CF_MAX_TS])q->tx, n, &q->w);
	cf_line_apply(&q->l, &q->w);
	cf_rx_symbols(&q->p, &q->w);
	cf_rx_tick(&q->p, q->rx);
}

/* The payload generation is timed apart and taken off. */
static double payload_ns(void)
{
	double t0 = cpu_ns();
	unsigned int t;

	for (t = 0; t < TICKS / 4; t++)
		fill(&ports[t % PORTS], 8);
	return (cpu_ns() - t0) / (TICKS / 4);
}

static void run(const char *name, const struct cf_config *c, u32 ber_mant,
		int ber_exp, int fault)
{
	unsigned int t, i, bits = 8 * (c->mode == CF_E1 ? 256 : 193);
	double t0, ns, pay = payload_ns();
	struct cf_counters cnt;

	for (i = 0; i < PORTS; i++) {
		cf_port_init(&ports[i].p, c);
		cf_line_init(&ports[i].l, i + 1);
		for (t = 0; t < 50; t++)
			tick(&ports[i]);
		if (ber_mant)
			cf_line_set_ber(&ports[i].l, ber_mant, ber_exp);
		cf_line_set_ais(&ports[i].l, fault == 1);
		cf_line_set_unplugged(&ports[i].l, fault == 2);
	}
	t0 = cpu_ns();
	for (t = 0; t < TICKS; t++)
		for (i = 0; i < PORTS; i++)
			tick(&ports[i]);
	ns = (cpu_ns() - t0) / TICKS / PORTS - pay;
	cf_counters_get(&ports[0].p, &cnt);
	printf("%-28s %7.2f us/port-tick %6.2f ns/bit  (in frame %s, "
	       "crc %u, bpv %u)\n",
	       name, ns / 1000, ns / bits,
	       cf_rx_in_frame(&ports[0].p) ? "yes" : "no", cnt.crc4,
	       cnt.bpv);
}

int main(void)
{
	static const struct cf_config e1 = { CF_E1, CF_CODE_HDB3, true, false,
					     false };
	static const struct cf_config e1cas = { CF_E1, CF_CODE_HDB3, true,
						false, true };
	static const struct cf_config t1 = { CF_T1, CF_CODE_B8ZS, false, true,
					     false };
	static const struct cf_config d4 = { CF_T1, CF_CODE_AMI, false, false,
					     true };

	srand(1);
	printf("framer: %d ports x %d ticks, CPU time per port per 1 ms "
	       "tick (tx 8 frames + line + rx + tick)\n", PORTS, TICKS);
	run("E1 HDB3 CRC-4", &e1, 0, 0, 0);
	run("E1 HDB3 CRC-4 CAS", &e1cas, 0, 0, 0);
	run("E1 HDB3 CRC-4, BER 1e-3", &e1, 1, -3, 0);
	run("E1 hunting (AIS)", &e1, 0, 0, 1);
	run("E1 hunting (LOS)", &e1, 0, 0, 2);
	run("T1 B8ZS ESF", &t1, 0, 0, 0);
	run("T1 AMI D4 robbed bits", &d4, 0, 0, 0);
	run("T1 B8ZS ESF, BER 1e-3", &t1, 1, -3, 0);
	run("T1 hunting (AIS)", &t1, 0, 0, 1);
	run("T1 hunting (LOS)", &t1, 0, 0, 2);
	idle = 0;	/* all-zero payload: every octet a substitution */
	run("E1 HDB3 CRC-4, 0x00 payload", &e1, 0, 0, 0);
	run("T1 B8ZS ESF, 0x00 payload", &t1, 0, 0, 0);
	return 0;
}
