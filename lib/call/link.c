// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A span's data link as the application sees it: SPAN_UP once Q.921 has
 * been established and stayed so for a settle time, SPAN_DOWN when it is
 * lost, and the RESTART procedure of Q.931 clause 5.5 made robust.
 *
 * Settle. When both ends start at once, one may take the link up on the
 * far end's UA while the far end, whose own SABME we never saw, is still
 * awaiting establishment: one far-end T200 later its SABME arrives again,
 * and libpri re-establishes the link (Q.921 5.7.1, MDL error F), discards
 * the I-frames not yet acknowledged and makes Q.931 clear calls being set
 * up with cause 41 -- without any event to us (q921.c, SABME in state 7).
 * So SPAN_UP (and with it cti_call_make() and our RESTARTs) waits until
 * the link has been up for CTI__SETTLE_MS (3 x T200) without a new
 * establishment; calls the far end offers meanwhile are served.
 *
 * RESTART. One RESTART per B-channel (libpri's pri_restart() sends
 * nothing point-to-point), at most CTI__RESTART_BURST unanswered at a
 * time (30 back to back can fill a peer's Q.921 window, k = 7, and a peer
 * that drops its RESTART ACKNOWLEDGEs then never answers them), each sent
 * again when no ACKNOWLEDGE came within CTI__T316_MS (Q.931's T316; its
 * default of 2 minutes leaves channels unusable far too long, and a lost
 * RESTART is the only way a peer's link reset shows), up to
 * CTI__RESTART_TRIES times. A data link failure puts every unanswered
 * RESTART back in the queue, sent again once the link has settled. A
 * channel that carries a call we know when its turn comes is left alone:
 * the far end may settle first and place calls before our SPAN_UP, and a
 * RESTART is for channels whose state is unknown (Q.931 5.5.1).
 */
#include <string.h>

#include "call/call.h"

static uint32_t bit(int chan)
{
	return 1u << chan;
}

static uint32_t busy_bchans(const struct cti__cspan *cs)
{
	uint32_t m = 0;

	for (int ch = 1; ch < CTI__MAX_CHAN; ch++)
		if (cs->by_chan[ch])
			m |= bit(ch);
	return m;
}

static uint32_t all_bchans(const struct cti__cspan *cs)
{
	uint32_t m = 0;

	for (int ch = 1; ch < CTI__MAX_CHAN; ch++)
		if (cti__span_is_bchan(cs->span->kind, ch))
			m |= bit(ch);
	return m;
}

static void span_event(struct cti__cspan *cs, int type, uint32_t cleared,
		       int cause)
{
	struct cti_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = (uint32_t)type;
	ev.time_ms = cti_now_ms(cs->mgr->ctx);
	ev.u.span.span_id = cs->id;
	ev.u.span.alarms = cs->span->alarms;
	ev.u.span.calls_cleared = cleared;
	ev.u.span.cause = (int16_t)cause;
	cti__emit(cs->mgr->ctx, &ev);
	cti__log(cs->mgr->ctx, CTI_LOG_NOTICE, "call", "span %u %s", cs->id,
		 cti_event_name(type));
}

static void arm_t316(struct cti__cspan *cs)
{
	uint64_t first = UINT64_MAX;

	for (int ch = 1; ch < CTI__MAX_CHAN; ch++)
		if ((cs->rs_out & bit(ch)) && cs->rs_due_us[ch] < first)
			first = cs->rs_due_us[ch];
	if (first == UINT64_MAX)
		cti__timer_cancel(cs->mgr->ctx, &cs->t316);
	else
		cti__timer_arm_at(cs->mgr->ctx, &cs->t316, first);
}

/* Send queued RESTARTs while fewer than a burst are unanswered. */
static void pump(struct cti__cspan *cs)
{
	cti_ctx_t *ctx = cs->mgr->ctx;
	int rc;

	if (!cs->up || !cs->d_up || cti__timer_armed(&cs->settle))
		return;
	/* in our own hunting order: the far end hunts from the other end,
	 * so its first calls meet our last RESTARTs, if any */
	for (int i = 1; i < CTI__MAX_CHAN && cs->rs_want; i++) {
		int ch = cti__cspan_hunt_order(cs, i);

		if (!(cs->rs_want & bit(ch)))
			continue;
		if (cs->by_chan[ch]) {
			/* a call we know holds it (the far end placed it after
			 * its own SPAN_UP, before ours): its state is known,
			 * and a RESTART would clear that call */
			cs->rs_want &= ~bit(ch);
			cs->rs_tries[ch] = 0;
			cti__log(ctx, CTI_LOG_INFO, "call",
				 "span %u ch %d: carries a call, not restarted",
				 cs->id, ch);
			continue;
		}
		if (__builtin_popcount(cs->rs_out) >= CTI__RESTART_BURST)
			break;
		rc = cti__pri_restart_chan(cs->pri, ch);
		if (rc == CTI_ENETDOWN)
			break; /* link gone: on_down requeues */
		cs->rs_want &= ~bit(ch);
		if (rc) {
			/* libpri refused it: nothing would ever answer */
			cti__log(ctx, CTI_LOG_WARNING, "call",
				 "span %u ch %d: RESTART not sent: %s", cs->id,
				 ch, cti_strerror(rc));
			continue;
		}
		cs->rs_out |= bit(ch);
		cs->rs_tries[ch]++;
		cs->rs_due_us[ch] = cti__now_us(ctx) + CTI__T316_MS * 1000ull;
		cti__log(ctx, CTI_LOG_INFO, "call",
			 "span %u ch %d: RESTART (%u)", cs->id, ch,
			 cs->rs_tries[ch]);
	}
	arm_t316(cs);
}

static void t316_expired(struct cti__timer *t, void *user)
{
	struct cti__cspan *cs = user;
	uint64_t now = cti__now_us(cs->mgr->ctx);

	(void)t;
	for (int ch = 1; ch < CTI__MAX_CHAN; ch++) {
		if (!(cs->rs_out & bit(ch)) || cs->rs_due_us[ch] > now)
			continue;
		cs->rs_out &= ~bit(ch);
		if (cs->rs_tries[ch] >= CTI__RESTART_TRIES) {
			cti__log(cs->mgr->ctx, CTI_LOG_WARNING, "call",
				 "span %u ch %d: no RESTART ACKNOWLEDGE to %u "
				 "RESTARTs: given up",
				 cs->id, ch, cs->rs_tries[ch]);
			cs->rs_tries[ch] = 0;
			continue;
		}
		cti__log(cs->mgr->ctx, CTI_LOG_NOTICE, "call",
			 "span %u ch %d: RESTART unanswered after T316, again",
			 cs->id, ch);
		cs->rs_want |= bit(ch);
	}
	pump(cs);
}

static void settled(struct cti__timer *t, void *user)
{
	struct cti__cspan *cs = user;

	(void)t;
	if (!cs->up) {
		cs->up = true;
		/* not the channels of calls the far end placed while we
		 * settled: both ends agree on their state already */
		if (cs->cfg.restart_on_up)
			cs->rs_want |= all_bchans(cs) & ~busy_bchans(cs);
		span_event(cs, CTI_EVENT_SPAN_UP, 0, 0);
	}
	pump(cs);
}

void cti__link_init(struct cti__cspan *cs)
{
	cti__timer_init(&cs->settle, settled, cs);
	cti__timer_init(&cs->t316, t316_expired, cs);
}

void cti__link_fini(struct cti__cspan *cs)
{
	cti__timer_cancel(cs->mgr->ctx, &cs->settle);
	cti__timer_cancel(cs->mgr->ctx, &cs->t316);
}

/* Unanswered RESTARTs go back to the queue: a new link starts afresh. */
static void requeue(struct cti__cspan *cs)
{
	cs->rs_want |= cs->rs_out;
	cs->rs_out = 0;
	memset(cs->rs_tries, 0, sizeof(cs->rs_tries));
	cti__timer_cancel(cs->mgr->ctx, &cs->t316);
}

void cti__link_on_up(struct cti__cspan *cs)
{
	cs->d_up = true;
	cti__cspan_link_changed(cs);
	requeue(cs);
	/* (re)start the settle time: SPAN_UP, our calls and RESTARTs wait */
	cti__timer_arm(cs->mgr->ctx, &cs->settle, CTI__SETTLE_MS * 1000ull);
	cti__log(cs->mgr->ctx, CTI_LOG_INFO, "call",
		 "span %u: data link established, settling %u ms", cs->id,
		 CTI__SETTLE_MS);
}

void cti__link_on_down(struct cti__cspan *cs)
{
	uint32_t n;
	bool was_up = cs->up;

	if (!cs->d_up)
		return;
	cs->d_up = false;
	cs->up = false;
	cti__timer_cancel(cs->mgr->ctx, &cs->settle);
	requeue(cs);
	cti__cspan_link_changed(cs);
	/* Q.931 5.8.8 (data link failure) lets active calls wait for T309
	 * to see whether the link comes back; libcti ends every call at once
	 * with cause 38 (docs/call.md), so the application knows where it
	 * stands and no call lingers without a D channel to clear it by */
	n = cti__cspan_abandon(cs, -1, CTI_CAUSE_NETWORK_OUT_OF_ORDER);
	if (was_up)
		span_event(cs, CTI_EVENT_SPAN_DOWN, n,
			   CTI_CAUSE_NETWORK_OUT_OF_ORDER);
}

void cti__link_on_restart_ack(struct cti__cspan *cs, int chan)
{
	/* a whole-interface ACKNOWLEDGE (no channel) answers them all */
	uint32_t done =
		chan > 0 && chan < CTI__MAX_CHAN ? bit(chan) : cs->rs_out;

	for (int ch = 1; ch < CTI__MAX_CHAN; ch++)
		if (done & cs->rs_out & bit(ch)) {
			cs->rs_tries[ch] = 0;
			cti__log(cs->mgr->ctx, CTI_LOG_INFO, "call",
				 "span %u ch %d: RESTART acknowledged", cs->id,
				 ch);
		}
	cs->rs_out &= ~done;
	pump(cs);
}

int cti__link_restart_all(struct cti__cspan *cs)
{
	if (!cs->d_up)
		return CTI_ENETDOWN;
	cs->rs_want |= all_bchans(cs) & ~cs->rs_out;
	pump(cs);
	return 0;
}

uint32_t cti__link_restarting(const struct cti__cspan *cs)
{
	return (uint32_t)__builtin_popcount(cs->rs_want | cs->rs_out);
}
