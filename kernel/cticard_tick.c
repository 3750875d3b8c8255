// SPDX-License-Identifier: GPL-2.0
/*
 * cticard: the card's clock. Every 1 ms an hrtimer moves DAHDI_CHUNKSIZE
 * samples per channel through each running port: DAHDI's transmit chunks
 * become frames, the framer line-codes them onto the port's wire, the
 * software line carries (and impairs) the symbols to the port cabled
 * opposite, whose framer hunts, aligns and unpacks them into DAHDI's
 * receive chunks. Alarms and counters are read back from the framers.
 */
#include <linux/ktime.h>

#include "cticard.h"

#define TICK_NS (NSEC_PER_SEC / 1000)
/* Later than this and the ticks are dropped, not replayed: DAHDI cannot
 * use audio that old, and replaying it would only stall the machine. */
#define MAX_CATCH_UP 100


static int ts_of_chan(const struct cticard_port *p, int chan_index)
{
	/* E1: channel n is TS n; T1: channel n is octet n-1 of the frame */
	return cticard_is_e1(p) ? chan_index + 1 : chan_index;
}

static void apply_requests(struct cticard_port *p)
{
	struct cticard_requests r;
	unsigned long flags;
	int ch;

	spin_lock_irqsave(&p->req.lock, flags);
	r = p->req;
	p->req.maint = -1;
	p->req.defects = 0;
	p->req.reset_counters = false;
	p->req.txcas_dirty = 0;
	spin_unlock_irqrestore(&p->req.lock, flags);

	switch (r.maint) {
	case -1:
		break;
	case DAHDI_MAINT_NONE:
		p->loop = CTICARD_LOOP_NONE;
		p->loop_by_code = false;
		if (p->prbs)
			cf_prbs(&p->fr, false);
		p->prbs = false;
		cf_tx_loopcode(&p->fr, CF_LOOPCODE_NONE);
		p->sending_loopcode = false;
		break;
	case DAHDI_MAINT_LOCALLOOP:
		p->loop = CTICARD_LOOP_LOCAL;
		break;
	case DAHDI_MAINT_NETWORKLINELOOP:
		p->loop = CTICARD_LOOP_LINE;
		break;
	case DAHDI_MAINT_NETWORKPAYLOADLOOP:
		p->loop = CTICARD_LOOP_PAYLOAD;
		break;
	case DAHDI_MAINT_LOOPUP:
		cf_tx_loopcode(&p->fr, CF_LOOPCODE_UP);
		p->sending_loopcode = true;
		break;
	case DAHDI_MAINT_LOOPDOWN:
		cf_tx_loopcode(&p->fr, CF_LOOPCODE_DOWN);
		p->sending_loopcode = true;
		break;
	case DAHDI_MAINT_PRBS:
		p->prbs = true;
		cf_prbs(&p->fr, true);
		break;
	}
	for (ch = 0; ch <= CF_DEFECT_PRBS; ch++)
		if (r.defects & (1u << ch))
			cf_tx_insert(&p->fr, ch);
	if (r.reset_counters) {
		cf_counters_reset(&p->fr);
		memset(&p->span.count, 0, sizeof(p->span.count));
	}
	for (ch = 1; ch <= CTICARD_MAX_CHANS; ch++)
		if (r.txcas_dirty & (1ul << ch))
			p->txcas[ch] = r.txcas[ch];
}

/* The port the symbols we receive come from, or NULL for no signal. */
static struct cticard_port *far_end(struct cticard_port *p)
{
	struct cticard_port *f;

	if (p->peer == CTICARD_LOOP_PLUG)
		return p;
	if (p->peer < 0)
		return NULL;
	f = p->card->port[p->peer];
	return f && f->running ? f : NULL;
}

/* How many frames the far end sends us this tick: its clock may be off. */
static unsigned int frames_for(struct cticard_port *rx)
{
	return cf_line_frames(&rx->line);
}

static void transmit(struct cticard_port *p, struct cticard_port *to)
{
	unsigned int nframes = to ? frames_for(to) : 8;
	int i, f, ts;

	_dahdi_transmit(&p->span);
	/* DAHDI times a loop code (DAHDI_LOOPCODE_TIME, 10 s): its
	 * mainttimer running out ends the code */
	if (p->sending_loopcode && !p->span.mainttimer) {
		cf_tx_loopcode(&p->fr, CF_LOOPCODE_NONE);
		p->sending_loopcode = false;
	}
	if (p->loop == CTICARD_LOOP_PAYLOAD) {
		memcpy(p->txf, p->rxf, sizeof(p->rxf));
	} else {
		for (i = 0; i < p->span.channels; i++) {
			const u8 *w = p->chans[i]->writechunk;

			ts = ts_of_chan(p, i);
			for (f = 0; f < DAHDI_CHUNKSIZE; f++)
				p->txf[f][ts] = w[f];
		}
	}
	/* a fast clock sends one frame more (the last repeated), a slow
	 * one a frame fewer: our own, uncounted, transmit slip */
	if (nframes > 8)
		memcpy(p->txf[8], p->txf[7], CF_MAX_TS);
	if (p->cfg.cas) {
		for (i = 1; i <= p->span.channels; i++) {
			int sig = p->chans[i - 1]->sig;

			cf_tx_set_cas(&p->fr, i, p->txcas[i]);
			/* T1 PRI needs no "ccs" on its span line: channels
			 * configured clear (bchan, dchan) are never robbed */
			cf_tx_set_clear(&p->fr, i,
					!sig || (sig & DAHDI_SIG_CLEAR));
		}
	}
	p->txw.nbits = 0;
	cf_tx_frames(&p->fr, (const u8(*)[CF_MAX_TS])p->txf, nframes, &p->txw);
	if (p->loop == CTICARD_LOOP_LINE || p->loop_by_code)
		p->txw = p->prev_rxw;
}

static void deliver_cas(struct cticard_port *p)
{
	int i;
	u8 abcd;

	if (!p->cfg.cas)
		return;
	for (i = 1; i <= p->span.channels; i++) {
		struct dahdi_chan *c = p->chans[i - 1];

		if (!c->sig || (c->sig & DAHDI_SIG_CLEAR))
			continue;
		abcd = cf_rx_cas(&p->fr, i);
		if (abcd != p->rxcas[i]) {
			p->rxcas[i] = abcd;
			dahdi_rbsbits(c, abcd);
		}
	}
}

static void update_counters_and_alarms(struct cticard_port *p)
{
	struct cf_counters c;
	struct dahdi_count *d = &p->span.count;
	u32 a = cf_alarms(&p->fr);
	enum cf_loopcode code;

	cf_counters_get(&p->fr, &c);
	d->fe = c.fe;
	d->cv = c.cv;
	d->bpv = c.bpv;
	d->crc4 = c.crc4;
	d->ebit = c.ebit;
	d->fas = c.fas;
	d->be = c.be;
	d->prbs = c.prbs;
	d->errsec = c.errsec;
	d->timingslips = c.timingslips;

	/* T1 loop codes received for 5 s switch the line loop (T1.403) */
	code = cf_rx_loopcode(&p->fr);
	if ((code == CF_LOOPCODE_UP && !p->loop_by_code) ||
	    (code == CF_LOOPCODE_DOWN && p->loop_by_code)) {
		p->loop_by_code = code == CF_LOOPCODE_UP;
		/* DAHDI shows LOOPBACK from maintstat (dahdi_alarm_notify) */
		spin_lock(&p->span.lock);
		if (p->loop == CTICARD_LOOP_NONE)
			p->span.maintstat = p->loop_by_code ?
						    DAHDI_MAINT_NETWORKLINELOOP :
						    DAHDI_MAINT_NONE;
		spin_unlock(&p->span.lock);
		p->last_alarms = ~0u; /* notify below */
	}

	/* CF_ALARM_* carry DAHDI's bit values (framer.h) */
	if (p->loop != CTICARD_LOOP_NONE || p->loop_by_code)
		a |= DAHDI_ALARM_LOOPBACK;
	if (a != p->last_alarms) {
		p->last_alarms = a;
		p->span.alarms = a;
		dahdi_alarm_notify(&p->span);
		p->card->sync_dirty = true;
	}
}

/*
 * The card's timing source, as a hardware card picks its recovered
 * clock: the running port with the best (lowest non-zero) timing priority
 * from its span line whose receiver is not in RED; none → free run (0).
 */
void cticard_pick_sync(struct cticard *card)
{
	struct cticard_port *best = NULL, *p;
	int i;

	for (i = 0; i < card->nports; i++) {
		p = card->port[i];
		if (!p->running || p->timing_prio <= 0 ||
		    (p->last_alarms & (DAHDI_ALARM_RED | DAHDI_ALARM_BLUE)))
			continue;
		if (!best || p->timing_prio < best->timing_prio)
			best = p;
	}
	for (i = 0; i < card->nports; i++)
		card->port[i]->span.syncsrc = best ? best->span.spanno : 0;
	card->sync_dirty = false;
}

static void receive(struct cticard_port *p)
{
	struct cticard_port *from = far_end(p);
	int i, f, ts;

	if (p->loop == CTICARD_LOOP_LOCAL) {
		/* inside the framer: the line and its faults are bypassed */
		p->rxw = p->txw;
	} else {
		if (from) {
			p->rxw = from->txw;
		} else {
			/* no signal: a tick of line time with no pulses */
			p->rxw.nbits = 8 * cf_frame_bits(&p->fr);
			memset(p->rxw.mark, 0, sizeof(p->rxw.mark));
			memset(p->rxw.pol, 0, sizeof(p->rxw.pol));
		}
		cf_line_apply(&p->line, &p->rxw);
	}
	p->prev_rxw = p->rxw;
	cf_rx_symbols(&p->fr, &p->rxw);
	cf_rx_tick(&p->fr, p->rxf);

	for (i = 0; i < p->span.channels; i++) {
		u8 *r = p->chans[i]->readchunk;

		ts = ts_of_chan(p, i);
		for (f = 0; f < DAHDI_CHUNKSIZE; f++)
			r[f] = p->rxf[f][ts];
	}
	deliver_cas(p);
	update_counters_and_alarms(p);
	_dahdi_receive(&p->span);
}

static void cticard_tick(struct cticard *card)
{
	struct cticard_port *p;
	int i;

	for (i = 0; i < card->nports; i++) {
		p = card->port[i];
		if (!p->running)
			continue;
		apply_requests(p);
	}
	/* every port transmits before any receives: one tick of latency */
	for (i = 0; i < card->nports; i++) {
		p = card->port[i];
		if (!p->running)
			continue;
		transmit(p, p->peer >= 0 ? card->port[p->peer] :
			    p->peer == CTICARD_LOOP_PLUG ? p : NULL);
	}
	for (i = 0; i < card->nports; i++) {
		p = card->port[i];
		if (p->running)
			receive(p);
	}
	if (card->sync_dirty)
		cticard_pick_sync(card);
	card->ticks++;
}

static enum hrtimer_restart cticard_timer_fn(struct hrtimer *t)
{
	struct cticard *card = container_of(t, struct cticard, timer);
	u64 due = hrtimer_forward_now(t, ns_to_ktime(TICK_NS));
	u64 n;

	if (due > MAX_CATCH_UP) {
		card->lost_ticks += due - MAX_CATCH_UP;
		due = MAX_CATCH_UP;
	}
	if (due > 1)
		card->late_ticks += due - 1;
	/* late ticks are caught up, no audio lost; dropped ones are misses */
	card->ddev->irqmisses = (unsigned int)card->lost_ticks;
	spin_lock(&card->lock);
	for (n = 0; n < due; n++)
		cticard_tick(card);
	spin_unlock(&card->lock);
	return HRTIMER_RESTART;
}

void cticard_tick_start(struct cticard *card)
{
	hrtimer_init(&card->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	card->timer.function = cticard_timer_fn;
	hrtimer_start(&card->timer, ns_to_ktime(TICK_NS),
		      HRTIMER_MODE_REL_HARD);
}

void cticard_tick_stop(struct cticard *card)
{
	hrtimer_cancel(&card->timer);
}
