// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * The 1 ms receive tick: elastic store read, alarm integration (ANSI
 * T1.231 failures: LOS/LOF/AIS declared after 2.5 s, cleared after 10 s;
 * RAI integrated 0.5 s), RAI sent back, errored seconds, loop codes.
 */
#include "framer/internal.h"
#include "framer/t1.h"

#define RED_ON_MS 2500
#define RED_OFF_MS 10000
#define YELLOW_MS 500
/* In-band (D4) loop codes act after 4 s present: the sender keeps them 5 s
 * (AT&T TR 54016; DAHDI's dahdi_maint sends exactly 5 s), so a receiver
 * waiting the full 5 s would miss codes cut a tick early. ESF
 * bit-oriented codes act after 10 repetitions (ANSI T1.403 9.4.2). */
#define LOOPCODE_MS 4000
#define BOC_REPEATS 10

static void integ(struct cf_integ *g, bool cond, u32 on_ms, u32 off_ms)
{
	if (cond) {
		g->off = 0;
		if (g->on < on_ms && ++g->on == on_ms)
			g->state = true;
		return;
	}
	g->on = 0;
	if (g->state && ++g->off >= off_ms) {
		g->state = false;
		g->off = 0;
	}
}

static u8 rx_loopcode(struct cf_port *p)
{
	struct cf_rx_state *rx = &p->rx;
	u8 c = CF_LOOPCODE_NONE;

	/* a port sending a code does not act on it coming back looped */
	if (p->cfg.mode != CF_T1 || !rx->aligned ||
	    p->tx.loopcode != CF_LOOPCODE_NONE)
		return c;
	if (!p->cfg.esf) {
		if (rx->ib_match >= 4)	/* half the frames of the tick */
			c = rx->ib_code;
	} else if (rx->boc_count >= BOC_REPEATS) {
		if (rx->boc == CF_BOC_LOOP_UP)
			c = CF_LOOPCODE_UP;
		else if (rx->boc == CF_BOC_LOOP_DOWN)
			c = CF_LOOPCODE_DOWN;
	}
	return c;
}

static bool rx_rai(struct cf_port *p)
{
	struct cf_rx_state *rx = &p->rx;

	if (!rx->aligned)
		return false;
	if (p->cfg.mode == CF_T1 && p->cfg.esf)
		return rx->boc_count >= 4 && rx->boc == CF_BOC_YELLOW;
	/* E1 A bit in NFAS frames, D4 bit 2 of every channel */
	return rx->rai_of && rx->rai_frames * 2 > rx->rai_of;
}

void cf_alarm_tick(struct cf_port *p)
{
	struct cf_rx_state *rx = &p->rx;
	struct cf_alarm_state *al = &p->al;
	struct cf_counters *c = &p->cnt;
	bool los = rx->los;
	bool e1 = p->cfg.mode == CF_E1, ais = rx->ais, lmfa = false;
	/* with CRC-4, frame alignment stands once the multiframe is found
	 * (G.706 4.2); a rehunt within the tick counts too */
	bool lof = !rx->aligned || rx->lof || (e1 && p->cfg.crc4 && !rx->mfa);
	u32 a = 0, sum;
	u8 lc;

	if (rx->aligned && e1)
		lmfa = (p->cfg.crc4 && !rx->mfa) || (p->cfg.cas && !rx->cmfa);
	/* LOF caused by AIS is reported as AIS only (G.775 / T1.231) */
	integ(&al->red, los || (lof && !ais), RED_ON_MS, RED_OFF_MS);
	integ(&al->blue, ais && !los, RED_ON_MS, RED_OFF_MS);
	integ(&al->yellow, rx_rai(p), YELLOW_MS, YELLOW_MS);
	/* Once the defect is gone the failure is cleared only after 10 s
	 * clean; meanwhile the span shows RECOVER instead of RED or BLUE,
	 * as hardware drivers do (DAHDI_ALARMSETTLE_TIME) */
	if (al->red.state && !al->red.off)
		a |= CF_ALARM_RED;
	if (al->blue.state && !al->blue.off)
		a |= CF_ALARM_BLUE;
	if (al->yellow.state)
		a |= CF_ALARM_YELLOW;
	if ((al->red.state && al->red.off) || (al->blue.state && al->blue.off))
		a |= CF_ALARM_RECOVER;
	/* details of a red alarm only, as DAHDI's drivers give them (no
	 * flapping while a frame search comes and goes) */
	if (a & CF_ALARM_RED) {
		if (los)
			a |= CF_ALARM_LOS;
		if (lof)
			a |= CF_ALARM_LFA;
		if (lmfa)
			a |= CF_ALARM_LMFA;
	}
	al->alarms = a;
	/* consequent action (G.704 / T1.403): RAI towards the far end
	 * while a defect is present, i.e. while RED is on its way or on */
	p->tx.rai = los || lof || (al->red.state && !al->red.off);

	lc = rx_loopcode(p);
	if (lc != al->lc_seen) {
		al->lc_seen = lc;
		al->lc_ticks = 0;
	}
	if (al->lc_ticks < LOOPCODE_MS)
		al->lc_ticks++;
	al->lc_now = p->cfg.esf || al->lc_ticks >= LOOPCODE_MS ?
			     al->lc_seen :
			     CF_LOOPCODE_NONE;

	/* errored second: any error counted or defect present (T1.231) */
	sum = c->fe + c->fas + c->crc4 + c->cv;
	if (sum != al->sec_sum || los || lof || ais)
		al->sec_err = true;
	al->sec_sum = sum;
	if (++al->sec_ticks == 1000) {
		if (al->sec_err)
			c->errsec++;
		al->sec_err = false;
		al->sec_ticks = 0;
	}

	rx->los = false;
	rx->lof = false;
	rx->got_symbols = false;
	rx->rai_frames = 0;
	rx->rai_of = 0;
	rx->ib_match = 0;
}

/* A tick of line time with no pulses at all (all marks 0) */
static const struct cf_wire no_pulses_e1 = {
	.nbits = CF_TICK_FRAMES * CF_E1_FRAME_BITS,
};
static const struct cf_wire no_pulses_t1 = {
	.nbits = CF_TICK_FRAMES * CF_T1_FRAME_BITS,
};

void cf_rx_tick(struct cf_port *p, u8 (*frames)[CF_MAX_TS])
{
	/* No symbols this tick is no signal: the receiver sees a tick of
	 * zeros, so it counts LOS and loses alignment as on a dead line,
	 * instead of staying in frame and slipping its elastic store. */
	if (!p->rx.got_symbols)
		cf_rx_symbols(p, p->cfg.mode == CF_T1 ? &no_pulses_t1 :
							&no_pulses_e1);
	cf_es_read(p, frames);
	cf_alarm_tick(p);
}
