// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What libpri reports, one small handler per event: the span's (data link
 * up/down, SETUP, RESTART) and the call's, which feed the state machine
 * (fsm.c) and emit the application's events.
 */
#include <string.h>

#include "call/call.h"
#include "call/fsm.h"
#include "core/util.h"

static struct cti__call *by_pcall(struct cti__cspan *cs, void *pcall)
{
	if (!pcall)
		return NULL;
	for (struct cti__call *c = cs->mgr->calls; c; c = c->next)
		if (c->cs == cs && c->pcall == pcall)
			return c;
	return NULL;
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
	if (cti__cspan_chan_usable(cs, want))
		return want;
	if (!owner) /* our RESTART of it is unanswered */
		goto other;
	if (cs->cfg.side == CTI_SIDE_CPE &&
	    owner->direction == CTI_CALL_OUTGOING &&
	    owner->state == CTI_CALL_DIALING) {
		cti__log(cs->mgr->ctx, CTI_LOG_INFO, "call",
			 "span %u ch %d: glare, the network's call wins",
			 cs->id, want);
		cti__call_drop_chan(owner);
		return want;
	}
other:
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
	bool partial = !ev->complete && cs->cfg.overlap;

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
	cti__call_flag_truncated(c, ev->truncated);
	cti__call_take_chan(c, chan);
	cti__call_fsm(c, partial ? CTI__CE_SETUP_IN_PARTIAL : CTI__CE_SETUP_IN);
	if (partial) {
		cti__pri_need_more(cs->pri, c->pcall, chan);
		cti__call_digit_timer(c);
		return;
	}
	cti__pri_proceeding(cs->pri, c->pcall, chan);
	cti__call_emit(c, CTI_EVENT_CALL_OFFERED);
}

static void on_up(struct cti__cspan *cs, const struct cti__pri_ev *ev)
{
	(void)ev;
	cti__link_on_up(cs);
}

static void on_down(struct cti__cspan *cs, const struct cti__pri_ev *ev)
{
	(void)ev;
	cti__link_on_down(cs);
}

static void on_restart(struct cti__cspan *cs, const struct cti__pri_ev *ev)
{
	/* Q.931 5.5.2: the far end restarted the channel (all if -1) */
	cti__cspan_abandon(cs, ev->chan, CTI_CAUSE_TEMPORARY_FAILURE);
}

static void on_restart_ack(struct cti__cspan *cs, const struct cti__pri_ev *ev)
{
	cti__link_on_restart_ack(cs, ev->chan);
}

static void follow_chan(struct cti__call *c, int chan)
{
	/* the network may assign another channel than we proposed */
	if (chan > 0 && chan != c->bchan && cti__call_take_chan(c, chan) != 0)
		cti__log(c->mgr->ctx, CTI_LOG_WARNING, "call",
			 "call %u: far end assigned busy channel %d", c->id,
			 chan);
}

static void on_setup_ack(struct cti__call *c, const struct cti__pri_ev *ev)
{
	follow_chan(c, ev->chan);
	cti__call_fsm(c, CTI__CE_SETUP_ACK_IN);
}

static void on_proceeding(struct cti__call *c, const struct cti__pri_ev *ev)
{
	follow_chan(c, ev->chan);
	cti__call_fsm(c, CTI__CE_PROCEEDING_IN);
}

static void on_alerting(struct cti__call *c, const struct cti__pri_ev *ev)
{
	follow_chan(c, ev->chan);
	if (cti__call_fsm(c, CTI__CE_ALERTING_IN) == 0)
		cti__call_emit(c, CTI_EVENT_CALL_DELIVERED);
}

static void on_connect(struct cti__call *c, const struct cti__pri_ev *ev)
{
	follow_chan(c, ev->chan);
	if (cti__call_fsm(c, CTI__CE_CONNECT_IN) != 0)
		return;
	c->answered = true;
	c->answer_us = cti__now_us(c->mgr->ctx);
	cti__call_emit(c, CTI_EVENT_CALL_ESTABLISHED);
}

/* Overlap receiving: the number is complete, offer the call. */
static void number_complete(struct cti__call *c)
{
	cti__timer_cancel(c->mgr->ctx, &c->digit_timer);
	cti__call_fsm(c, CTI__CE_NUMBER_COMPLETE);
	cti__pri_proceeding(c->cs->pri, c->pcall, c->bchan);
	cti__call_emit(c, CTI_EVENT_CALL_OFFERED);
}

static void on_info(struct cti__call *c, const struct cti__pri_ev *ev)
{
	size_t have = strlen(c->dnis.digits), add = strlen(ev->digits);

	if (!cti__call_fsm_can(c, CTI__CE_INFO_IN)) {
		/* keypad digits on an established call: report them */
		if (cti__call_fsm(c, CTI__CE_KEYPAD_IN) == 0)
			cti__call_emit_digits(c, CTI_EVENT_CALL_DIGITS,
					      ev->digits, ev->truncated);
		return;
	}
	cti__call_fsm(c, CTI__CE_INFO_IN);
	/* libpri reports the digits of this INFORMATION message */
	if (have + add < sizeof(c->dnis.digits)) {
		memcpy(c->dnis.digits + have, ev->digits, add + 1);
	} else {
		memcpy(c->dnis.digits + have, ev->digits,
		       sizeof(c->dnis.digits) - 1 - have);
		c->dnis.digits[sizeof(c->dnis.digits) - 1] = '\0';
		cti__call_flag_truncated(c, CTI_CALL_FLAG_DNIS_TRUNCATED);
	}
	cti__call_flag_truncated(c, ev->truncated);
	if (ev->complete)
		number_complete(c);
	else
		cti__call_digit_timer(c);
}

static void on_disconnect(struct cti__call *c, const struct cti__pri_ev *ev)
{
	if (cti__call_fsm_can(c, CTI__CE_DISCONNECT_IN))
		cti__call_clear_local(c, CTI__CE_DISCONNECT_IN, ev->cause);
}

static void on_released(struct cti__call *c, const struct cti__pri_ev *ev)
{
	/* libpri is done with it */
	c->pcall = NULL;
	cti__call_report_end(c, ev->cause);
	cti__call_fsm(c, CTI__CE_RELEASED);
	cti__call_free(c);
}

static void on_deflect(struct cti__call *c, const struct cti__pri_ev *ev)
{
	if (!cti__call_fsm_can(c, CTI__CE_DEFLECT_IN))
		return;
	/* we are the network: accept, tell the application where the user
	 * wants the call (digits), and clear it towards the user */
	cti__pri_deflect_rsp(c->cs->pri, c->pcall, ev->invoke_id, true);
	cti__call_emit_digits(c, CTI_EVENT_CALL_DEFLECTED, ev->dnis.digits,
			      ev->truncated);
	cti__call_clear_local(c, CTI__CE_DEFLECT_IN, CTI_CAUSE_NORMAL_CLEARING);
}

typedef void (*span_fn)(struct cti__cspan *cs, const struct cti__pri_ev *ev);
typedef void (*call_fn)(struct cti__call *c, const struct cti__pri_ev *ev);

/* By libpri event (pri.h): those of the span, those of one call. */
static const span_fn span_handlers[] = {
	[CTI__PRI_UP] = on_up,
	[CTI__PRI_DOWN] = on_down,
	[CTI__PRI_RING] = on_ring,
	[CTI__PRI_RESTART] = on_restart,
	[CTI__PRI_RESTART_ACK] = on_restart_ack,
};

static const call_fn call_handlers[] = {
	[CTI__PRI_SETUP_ACK] = on_setup_ack,
	[CTI__PRI_PROCEEDING] = on_proceeding,
	[CTI__PRI_ALERTING] = on_alerting,
	[CTI__PRI_ANSWER] = on_connect,
	[CTI__PRI_INFO] = on_info,
	[CTI__PRI_KEYPAD] = on_info,
	[CTI__PRI_HANGUP_REQ] = on_disconnect,
	[CTI__PRI_HANGUP] = on_released,
	[CTI__PRI_DEFLECT] = on_deflect,
	/* CONNECT ACKNOWLEDGE: libpri's business (pri.c) */
};

void cti__call_on_pri(void *user, const struct cti__pri_ev *ev)
{
	struct cti__cspan *cs = user;
	struct cti__call *c;
	size_t t = (size_t)ev->type;

	if (t < ARRAY_SIZE(span_handlers) && span_handlers[t]) {
		span_handlers[t](cs, ev);
		return;
	}
	if (t >= ARRAY_SIZE(call_handlers) || !call_handlers[t])
		return;
	c = by_pcall(cs, ev->pcall);
	if (c) /* else e.g. the release of a call we rejected */
		call_handlers[t](c, ev);
}
