// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The call state machine driven by Q.931 events from the pri layer, and
 * the span events (D channel up/down, alarms, RESTART).
 */
#include <string.h>

#include "call/call.h"

static struct cti__call *by_pcall(struct cti__cspan *cs, void *pcall)
{
	if (!pcall)
		return NULL;
	for (struct cti__call *c = cs->mgr->calls; c; c = c->next)
		if (c->cs == cs && c->pcall == pcall)
			return c;
	return NULL;
}

static void emit_span(struct cti__cspan *cs, int type, uint32_t cleared,
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

/* Every call of the span ends locally with `cause`; returns how many. */
uint32_t cti__cspan_abandon(struct cti__cspan *cs, int chan, int cause)
{
	uint32_t n = 0;
	struct cti__call *c, *next;

	/* restart the walk after each abandon: detaching a bridge may
	 * change other calls' state, never free them */
	for (c = cs->mgr->calls; c; c = next) {
		next = c->next;
		if (c->cs != cs || (chan > 0 && c->bchan != chan))
			continue;
		cti__call_abandon(c, cause);
		n++;
		next = cs->mgr->calls;
	}
	return n;
}

void cti__cspan_link_changed(struct cti__cspan *cs)
{
	const struct cti__span_ops *ops = cs->span->ops;

	if (ops->link_changed)
		ops->link_changed(cs->span, cs->d_up,
				  cs->cfg.side == CTI_SIDE_NET);
}

static void on_up(struct cti__cspan *cs)
{
	cs->d_up = true;
	cti__cspan_link_changed(cs);
	cs->ever_up = true;
	emit_span(cs, CTI_EVENT_SPAN_UP, 0, 0);
	if (cs->cfg.restart_on_up)
		cti__pri_restart(cs->pri);
}

static void on_down(struct cti__cspan *cs)
{
	uint32_t n;

	if (!cs->d_up)
		return;
	cs->d_up = false;
	cti__cspan_link_changed(cs);
	/* Q.931 5.8.8 (data link failure) lets active calls wait for T309
	 * to see whether the link comes back; libcti ends every call at once
	 * with cause 38 (docs/call.md), so the application knows where it
	 * stands and no call lingers without a D channel to clear it by */
	n = cti__cspan_abandon(cs, -1, CTI_CAUSE_NETWORK_OUT_OF_ORDER);
	emit_span(cs, CTI_EVENT_SPAN_DOWN, n, CTI_CAUSE_NETWORK_OUT_OF_ORDER);
}

static void reject(struct cti__cspan *cs, void *pcall, int cause)
{
	cti__log(cs->mgr->ctx, CTI_LOG_INFO, "call",
		 "span %u: incoming call rejected: %s", cs->id,
		 cti_cause_text(cause));
	cti__pri_hangup(cs->pri, pcall, cause);
}

/*
 * Channel for an incoming SETUP. Glare (both sides seized the same
 * channel): the network's call wins (Q.931 5.2.3.1 / 5.7.1: the user's
 * SETUP is cleared with cause 44 by the network, the network's SETUP is
 * served by the user). Returns the channel or -cause.
 */
static int incoming_chan(struct cti__cspan *cs, const struct cti__pri_ev *ev)
{
	int want = ev->chan;
	struct cti__call *owner;

	if (want <= 0)
		goto any;
	if (!cti__span_is_bchan(cs->span->kind, want))
		return ev->exclusive ? -CTI_CAUSE_CHANNEL_UNAVAILABLE
				     : cti__cspan_pick_chan(cs, 0);
	owner = cs->by_chan[want];
	if (!owner)
		return want;
	if (cs->cfg.side == CTI_SIDE_CPE &&
	    owner->direction == CTI_CALL_OUTGOING &&
	    owner->state == CTI_CALL_DIALING) {
		cti__log(cs->mgr->ctx, CTI_LOG_INFO, "call",
			 "span %u ch %d: glare, the network's call wins",
			 cs->id, want);
		cti__call_drop_chan(owner);
		return want;
	}
	if (ev->exclusive)
		return -CTI_CAUSE_CHANNEL_UNAVAILABLE;
any:
	want = cti__cspan_pick_chan(cs, 0);
	return want > 0 ? want : -CTI_CAUSE_NO_CIRCUIT;
}

static void on_ring(struct cti__cspan *cs, const struct cti__pri_ev *ev)
{
	struct cti__call *c;
	int chan = incoming_chan(cs, ev);

	if (chan < 0) {
		reject(cs, ev->pcall, -chan);
		return;
	}
	c = cti__call_new(cs, CTI_CALL_INCOMING);
	if (!c) {
		reject(cs, ev->pcall, CTI_CAUSE_TEMPORARY_FAILURE);
		return;
	}
	c->pcall = ev->pcall;
	c->ani = ev->ani;
	c->dnis = ev->dnis;
	c->redirecting = ev->redirecting;
	c->redirect_reason = ev->redirect_reason;
	cti__call_take_chan(c, chan);
	if (!ev->complete && cs->cfg.overlap) {
		c->state = CTI_CALL_COLLECTING;
		cti__pri_need_more(cs->pri, c->pcall, chan);
		cti__call_digit_timer(c);
		return;
	}
	c->state = CTI_CALL_OFFERED;
	cti__pri_proceeding(cs->pri, c->pcall, chan);
	cti__call_emit(c, CTI_EVENT_CALL_OFFERED);
}

static void on_info(struct cti__call *c, const struct cti__pri_ev *ev)
{
	size_t have = strlen(c->dnis.digits);

	if (c->state != CTI_CALL_COLLECTING) {
		/* keypad digits on an established call: report them */
		cti__call_emit_digits(c, CTI_EVENT_CALL_DIGITS, ev->digits);
		return;
	}
	/* libpri reports the digits of this INFORMATION message */
	if (have + strlen(ev->digits) < sizeof(c->dnis.digits))
		memcpy(c->dnis.digits + have, ev->digits,
		       strlen(ev->digits) + 1);
	if (ev->complete) {
		cti__timer_cancel(c->mgr->ctx, &c->digit_timer);
		c->state = CTI_CALL_OFFERED;
		cti__pri_proceeding(c->cs->pri, c->pcall, c->bchan);
		cti__call_emit(c, CTI_EVENT_CALL_OFFERED);
		return;
	}
	cti__call_digit_timer(c);
}

static void follow_chan(struct cti__call *c, int chan)
{
	/* the network may assign another channel than we proposed */
	if (chan > 0 && chan != c->bchan && cti__call_take_chan(c, chan) != 0)
		cti__log(c->mgr->ctx, CTI_LOG_WARNING, "call",
			 "call %u: far end assigned busy channel %d", c->id,
			 chan);
}

static void on_hangup_req(struct cti__call *c, int cause)
{
	cti__call_report_end(c, cause);
	cti__call_detach(c);
	c->state = CTI_CALL_CLEARING;
	cti__call_drop_chan(c);
	cti__pri_hangup(c->cs->pri, c->pcall, cause);
}

static void on_deflect(struct cti__call *c, const struct cti__pri_ev *ev)
{
	/* we are the network: accept, tell the application where the user
	 * wants the call (digits), and clear it towards the user */
	cti__pri_deflect_rsp(c->cs->pri, c->pcall, ev->invoke_id, true);
	cti__call_emit_digits(c, CTI_EVENT_CALL_DEFLECTED, ev->dnis.digits);
	on_hangup_req(c, CTI_CAUSE_NORMAL_CLEARING);
}

void cti__call_on_pri(void *user, const struct cti__pri_ev *ev)
{
	struct cti__cspan *cs = user;
	struct cti__call *c;

	switch (ev->type) {
	case CTI__PRI_UP:
		on_up(cs);
		return;
	case CTI__PRI_DOWN:
		on_down(cs);
		return;
	case CTI__PRI_RING:
		on_ring(cs, ev);
		return;
	case CTI__PRI_RESTART:
		cti__cspan_abandon(cs, ev->chan, CTI_CAUSE_TEMPORARY_FAILURE);
		return;
	case CTI__PRI_RESTART_ACK:
		cti__log(cs->mgr->ctx, CTI_LOG_INFO, "call",
			 "span %u: RESTART acknowledged", cs->id);
		return;
	default:
		break;
	}
	c = by_pcall(cs, ev->pcall);
	if (!c)
		return; /* e.g. the release of a call we rejected */
	switch (ev->type) {
	case CTI__PRI_SETUP_ACK:
	case CTI__PRI_PROCEEDING:
		follow_chan(c, ev->chan);
		if (c->state == CTI_CALL_DIALING &&
		    ev->type == CTI__PRI_PROCEEDING)
			c->state = CTI_CALL_PROCEEDING;
		break;
	case CTI__PRI_ALERTING:
		follow_chan(c, ev->chan);
		if (c->state == CTI_CALL_DIALING ||
		    c->state == CTI_CALL_PROCEEDING) {
			c->state = CTI_CALL_ALERTING;
			cti__call_emit(c, CTI_EVENT_CALL_DELIVERED);
		}
		break;
	case CTI__PRI_ANSWER:
		follow_chan(c, ev->chan);
		if (c->state == CTI_CALL_CLEARING)
			break;
		c->answered = true;
		c->answer_us = cti__now_us(c->mgr->ctx);
		c->state = CTI_CALL_ACTIVE;
		cti__call_emit(c, CTI_EVENT_CALL_ESTABLISHED);
		break;
	case CTI__PRI_INFO:
	case CTI__PRI_KEYPAD:
		on_info(c, ev);
		break;
	case CTI__PRI_HANGUP_REQ:
		if (c->state != CTI_CALL_CLEARING)
			on_hangup_req(c, ev->cause);
		break;
	case CTI__PRI_HANGUP:
		/* libpri is done with it */
		c->pcall = NULL;
		cti__call_report_end(c, ev->cause);
		cti__call_free(c);
		break;
	case CTI__PRI_DEFLECT:
		on_deflect(c, ev);
		break;
	default:
		break;
	}
}
