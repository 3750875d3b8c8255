// SPDX-License-Identifier: GPL-2.0
/*
 * cticard: the card's clock. Every 1 ms a SCHED_FIFO kthread moves
 * DAHDI_CHUNKSIZE samples per channel through each running port: DAHDI's
 * transmit chunks become frames, the framer line-codes them onto the
 * port's wire, the software line carries (and impairs) the symbols to the
 * port cabled opposite, whose framer hunts, aligns and unpacks them into
 * DAHDI's receive chunks. Alarms and counters are read back from the
 * framers.
 *
 * One tick is four steps, so that card->lock is never held while DAHDI
 * runs (cticard.h gives the lock order):
 *   1. card->lock: note the running ports, apply queued requests;
 *   2. no lock: _dahdi_transmit() on each (DAHDI fills writechunk);
 *   3. card->lock: every framer transmits, the line carries the symbols,
 *      every framer receives (readchunk filled); CAS and alarm changes are
 *      noted in port->out;
 *   4. no lock: dahdi_rbsbits(), dahdi_alarm_notify(), _dahdi_receive().
 *
 * Why a thread: an HRTIMER_MODE_*_HARD callback runs in hard-IRQ context
 * even on PREEMPT_RT, where spinlocks (DAHDI's chan->lock, any lock of
 * ours) sleep. A SCHED_FIFO thread sleeping on an absolute hrtimer
 * deadline is what RT-friendly drivers use; its wake-up comes straight
 * from the timer interrupt (an RT task's sleeper timer expires in hard
 * IRQ context on PREEMPT_RT too).
 *
 * Late wake-ups: the ticks whose time has come are run, at most
 * TICKS_PER_WAKE at once (the thread then sleeps on the next deadline,
 * already past, which lets the scheduler and interrupts in), up to
 * CATCH_UP_MAX ms behind: the depth of the card's buffer. Ticks later
 * than that are dropped, as a hardware card's DMA ring overruns: audio is
 * lost, so they count as missed ticks, DAHDI's irqmisses. Caught-up ticks
 * count as late ticks (no audio lost, the latency grew meanwhile).
 */
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/wait_bit.h>

#include "cticard.h"

#define TICK_NS NSEC_PER_MSEC
#define CATCH_UP_MAX 100
#define TICKS_PER_WAKE 8

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

/* The port at the other end of p's cable (p itself with a loopback plug),
 * or NULL when nothing is plugged in. */
static struct cticard_port *far_end(struct cticard_port *p)
{
	if (p->peer == CTICARD_LOOP_PLUG)
		return p;
	if (p->peer < 0)
		return NULL;
	return p->card->port[p->peer];
}

static void transmit(struct cticard_port *p)
{
	struct cticard_port *to = far_end(p);
	/* the receiving port's line says how fast our clock runs for it */
	unsigned int nframes = to ? cf_line_frames(&to->line) : DAHDI_CHUNKSIZE;
	int i, f, ts;

	/* DAHDI times a loop code (DAHDI_LOOPCODE_TIME, 10 s): its
	 * mainttimer running out ends the code */
	if (p->sending_loopcode && p->out.mainttimer_done) {
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
	if (nframes > DAHDI_CHUNKSIZE)
		memcpy(p->txf[DAHDI_CHUNKSIZE], p->txf[DAHDI_CHUNKSIZE - 1],
		       CF_MAX_TS);
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

/* Received ABCD changes, handed to dahdi_rbsbits() in step 4. */
static void collect_cas(struct cticard_port *p)
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
			p->out.rbs[i] = abcd;
			p->out.rbs_dirty |= 1ul << i;
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
		/* DAHDI shows LOOPBACK from maintstat (step 4) */
		if (p->loop == CTICARD_LOOP_NONE) {
			p->out.maintstat = true;
			p->out.loop_by_code = p->loop_by_code;
		}
		p->last_alarms = ~0u; /* notify below */
	}

	/* CF_ALARM_* carry DAHDI's bit values (BUILD_BUG_ON in probe) */
	if (p->loop != CTICARD_LOOP_NONE || p->loop_by_code)
		a |= DAHDI_ALARM_LOOPBACK;
	if (a != p->last_alarms) {
		p->last_alarms = a;
		p->out.alarms = a;
		p->out.notify = true;
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

	lockdep_assert_held(&card->lock);
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

	/* a far end switched off (or not yet on this tick) sends nothing */
	if (from && !from->out.active)
		from = NULL;
	if (p->loop == CTICARD_LOOP_LOCAL) {
		/* inside the framer: the line and its faults are bypassed */
		p->rxw = p->txw;
	} else {
		if (from) {
			p->rxw = from->txw;
		} else {
			/* no signal: a tick of line time with no pulses */
			p->rxw.nbits = DAHDI_CHUNKSIZE * cf_frame_bits(&p->fr);
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
	collect_cas(p);
	update_counters_and_alarms(p);
}

/* Step 1, under card->lock */
static void tick_begin(struct cticard *card)
{
	struct cticard_port *p;
	int i;

	mutex_lock(&card->lock);
	for (i = 0; i < card->nports; i++) {
		p = card->port[i];
		memset(&p->out, 0, sizeof(p->out));
		p->out.active = p->running;
		if (p->running)
			apply_requests(p);
	}
	mutex_unlock(&card->lock);
}

/* Step 2, no lock: DAHDI fills the transmit chunks */
static void tick_dahdi_transmit(struct cticard *card)
{
	unsigned long flags;
	int i;

	lockdep_assert_not_held(&card->lock);
	cticard_dahdi_irq_save(flags);
	for (i = 0; i < card->nports; i++) {
		struct cticard_port *p = card->port[i];

		if (!p->out.active)
			continue;
		_dahdi_transmit(&p->span);
		p->out.mainttimer_done = !p->span.mainttimer;
	}
	cticard_dahdi_irq_restore(flags);
}

/* Step 3, under card->lock: every port transmits before any receives
 * (one tick of latency across a cable) */
static void tick_line(struct cticard *card)
{
	struct cticard_port *p;
	int i;

	mutex_lock(&card->lock);
	for (i = 0; i < card->nports; i++) {
		p = card->port[i];
		/* stopped since step 1: no more DAHDI calls for it */
		if (!p->running)
			p->out.active = false;
		if (p->out.active)
			transmit(p);
	}
	for (i = 0; i < card->nports; i++) {
		p = card->port[i];
		if (p->out.active)
			receive(p);
	}
	if (card->sync_dirty)
		cticard_pick_sync(card);
	mutex_unlock(&card->lock);
}

/* Step 4, no lock: what the framers found, then DAHDI's receive */
static void tick_dahdi_receive(struct cticard *card)
{
	unsigned long flags;
	int i, ch;

	lockdep_assert_not_held(&card->lock);
	cticard_dahdi_irq_save(flags);
	for (i = 0; i < card->nports; i++) {
		struct cticard_port *p = card->port[i];
		struct dahdi_span *s = &p->span;

		if (!p->out.active)
			continue;
		for (ch = 1; p->out.rbs_dirty && ch <= CTICARD_MAX_CHANS; ch++)
			if (p->out.rbs_dirty & (1ul << ch))
				dahdi_rbsbits(p->chans[ch - 1], p->out.rbs[ch]);
		if (p->out.maintstat) {
			spin_lock(&s->lock);
			s->maintstat = p->out.loop_by_code ?
					       DAHDI_MAINT_NETWORKLINELOOP :
					       DAHDI_MAINT_NONE;
			spin_unlock(&s->lock);
		}
		if (p->out.notify) {
			s->alarms = p->out.alarms;
			dahdi_alarm_notify(s);
		}
		_dahdi_receive(s);
	}
	cticard_dahdi_irq_restore(flags);
}

static void cticard_tick(struct cticard *card)
{
	tick_begin(card);
	tick_dahdi_transmit(card);
	tick_line(card);
	tick_dahdi_receive(card);
	WRITE_ONCE(card->ticks, card->ticks + 1);
}

/* Runs n ticks; tick_seq is odd meanwhile (cticard_tick_sync). */
static void cticard_run_ticks(struct cticard *card, unsigned int n)
{
	WRITE_ONCE(card->tick_seq, card->tick_seq + 1);
	smp_mb(); /* the odd tick_seq before step 1's port->running reads */
	while (n--)
		cticard_tick(card);
	smp_mb(); /* the ticks' DAHDI calls before the even tick_seq */
	WRITE_ONCE(card->tick_seq, card->tick_seq + 1);
	wake_up_var(&card->tick_seq);
}

/*
 * Waits until no tick that may have seen a port running is still calling
 * DAHDI for it: called after clearing port->running under card->lock
 * (shutdown), as synchronize_irq() is after masking an interrupt.
 */
void cticard_tick_sync(struct cticard *card)
{
	unsigned long seq;

	smp_mb(); /* port->running = false before the tick_seq read */
	seq = READ_ONCE(card->tick_seq);
	if (!(seq & 1) || !card->clock)
		return;
	wait_var_event(&card->tick_seq, READ_ONCE(card->tick_seq) != seq);
}

static int cticard_clock_fn(void *data)
{
	struct cticard *card = data;
	ktime_t due = ktime_add_ns(ktime_get(), TICK_NS);

	sched_set_fifo(current);
	while (!kthread_should_stop()) {
		unsigned int n, behind;
		s64 late;

		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop()) {
			__set_current_state(TASK_RUNNING);
			break;
		}
		schedule_hrtimeout_range(&due, 0, HRTIMER_MODE_ABS);
		late = ktime_to_ns(ktime_sub(ktime_get(), due));
		if (late < 0)
			continue;	/* woken early: kthread_stop() */
		/* div_s64: 64-bit division is a call on 32-bit kernels */
		if (div_s64(late, NSEC_PER_USEC) > card->max_late_us)
			WRITE_ONCE(card->max_late_us,
				   (u32)div_s64(late, NSEC_PER_USEC));
		/* ticks whose time has come, the first one included */
		behind = (unsigned int)min_t(s64, div_s64(late, TICK_NS),
					     INT_MAX);
		n = behind + 1;
		if (n > CATCH_UP_MAX) {
			WRITE_ONCE(card->missed_ticks,
				   card->missed_ticks + n - CATCH_UP_MAX);
			card->ddev->irqmisses = (unsigned int)card->missed_ticks;
			due = ktime_add_ns(due, (u64)(n - CATCH_UP_MAX) * TICK_NS);
			behind -= n - CATCH_UP_MAX;
			n = CATCH_UP_MAX;
		}
		if (n > TICKS_PER_WAKE)
			n = TICKS_PER_WAKE;
		/* a tick run a whole period or more after its time is late */
		WRITE_ONCE(card->late_ticks,
			   card->late_ticks + min(n, behind));
		cticard_run_ticks(card, n);
		due = ktime_add_ns(due, (u64)n * TICK_NS);
	}
	return 0;
}

int cticard_tick_start(struct cticard *card)
{
	struct task_struct *t;

	t = kthread_run(cticard_clock_fn, card, "cticard-clock");
	if (IS_ERR(t))
		return PTR_ERR(t);
	card->clock = t;
	return 0;
}

void cticard_tick_stop(struct cticard *card)
{
	if (!card->clock)
		return;
	kthread_stop(card->clock);
	card->clock = NULL;
}
