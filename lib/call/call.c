// SPDX-License-Identifier: LGPL-2.1-or-later
/* Call objects: creation, channels, events, and ending them. */
#include <stdlib.h>
#include <string.h>

#include "call/call.h"
#include "call/fsm.h"
#include "core/util.h"

/* ABI: call events grow inside the union's reserved bytes, never the
 * event itself (cti/event.h) */
_Static_assert(sizeof(struct cti_call_event) <= 320 &&
		       sizeof(struct cti_event) == 336,
	       "struct cti_event changed size");

static void digit_timeout(struct cti__timer *t, void *user);

struct cti__call *cti__call_new(struct cti__cspan *cs, int direction)
{
	struct cti__mgr *m = cs->mgr;
	struct cti__call *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->mgr = m;
	c->cs = cs;
	c->id = m->next_call_id++;
	c->direction = direction;
	c->bchan = -1;
	c->start_us = cti__now_us(m->ctx);
	cti__timer_init(&c->digit_timer, digit_timeout, c);
	/* defaults: 80 ms tone, 80 ms pause, -7/-5 dBm0 */
	if (cti_dtmf_tx_init(&c->dtmf, &c->dtmf_mem, NULL)) {
		free(c);
		return NULL;
	}
	c->next = m->calls;
	m->calls = c;
	return c;
}

void cti__call_free(struct cti__call *c)
{
	struct cti__mgr *m = c->mgr;

	cti__call_detach(c);
	cti__call_drop_chan(c);
	c->cs->sig->release(c);
	cti__timer_cancel(m->ctx, &c->digit_timer);
	cti_dtmf_tx_free(c->dtmf);
	for (struct cti__call **pp = &m->calls; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	free(c);
}

int cti__call_take_chan(struct cti__call *c, int chan)
{
	struct cti__cspan *cs = c->cs;

	if (chan == c->bchan)
		return 0;
	if (!cti__span_is_bchan(cs->span->kind, chan) || cs->by_chan[chan])
		return CTI_ENOCHAN;
	cti__call_drop_chan(c);
	/* a channel both ends now use for a call is in a known state: a
	 * RESTART of it still waiting to be sent would only clear the call */
	cs->rs_want &= ~(1u << chan);
	cs->by_chan[chan] = c;
	cti__span_set_active(cs->span, chan, true);
	c->bchan = chan;
	return 0;
}

void cti__call_drop_chan(struct cti__call *c)
{
	struct cti__cspan *cs = c->cs;

	if (c->bchan <= 0)
		return;
	if (cs->by_chan[c->bchan] == c) {
		cs->by_chan[c->bchan] = NULL;
		cti__span_set_active(cs->span, c->bchan, false);
	}
	c->bchan = -1;
}

void cti__call_fill_event(struct cti__call *c, struct cti_event *ev, int type)
{
	struct cti_call_event *e = &ev->u.call;

	memset(ev, 0, sizeof(*ev));
	ev->type = (uint32_t)type;
	ev->time_ms = cti_now_ms(c->mgr->ctx);
	e->call_id = c->id;
	e->span_id = c->cs->id;
	e->bchan = (int16_t)c->bchan;
	e->direction = (uint8_t)c->direction;
	e->reason = (uint8_t)c->redirect_reason;
	e->ani = c->ani;
	e->dnis = c->dnis;
	e->redirecting = c->redirecting;
	memcpy(e->app_data, c->app_data, sizeof(e->app_data));
	e->user = c->user;
	e->flags = c->flags;
	e->category = c->category;
	if (type == CTI_EVENT_CALL_CLEARED || type == CTI_EVENT_CALL_FAILED)
		e->cause = (int16_t)c->cause;
}

void cti__call_emit_related(struct cti__call *c, int type, uint32_t rel,
			    uint32_t conf)
{
	struct cti_event ev;

	cti__call_fill_event(c, &ev, type);
	ev.u.call.related_id = rel;
	ev.u.call.conf_id = conf;
	cti__call_emit_ev(c, &ev);
}

void cti__call_emit_digits(struct cti__call *c, int type, const char *d,
			   uint32_t flags)
{
	struct cti_event ev;
	size_t n = strnlen(d, sizeof(ev.u.call.digits) - 1);

	cti__call_fill_event(c, &ev, type);
	memcpy(ev.u.call.digits, d, n);
	ev.u.call.flags |= flags;
	if (flags & ~c->flags)
		cti__log(c->mgr->ctx, CTI_LOG_WARNING, "call",
			 "call %u: %s digits longer than %zu, cut", c->id,
			 cti_event_name(type), sizeof(ev.u.call.digits) - 1);
	cti__call_emit_ev(c, &ev);
}

void cti__call_emit_ev(struct cti__call *c, struct cti_event *ev)
{
	cti__emit(c->mgr->ctx, ev);
	cti__log(c->mgr->ctx, CTI_LOG_INFO, "call", "call %u span %u ch %d %s",
		 c->id, c->cs->id, c->bchan, cti_event_name((int)ev->type));
}

void cti__call_emit(struct cti__call *c, int type)
{
	cti__call_emit_related(c, type, 0, 0);
}

void cti__call_report_end(struct cti__call *c, int cause)
{
	if (c->reported_end)
		return;
	c->reported_end = true;
	/* the application frees its audio state on this event: no block
	 * may reach it afterwards, whatever the clearing still exchanges */
	c->audio_fn = NULL;
	c->audio_user = NULL;
	/* applications only ever see Q.850 values: libpri reports -1 when a
	 * message carried no cause (e.g. RELEASE COMPLETE without one) */
	if (cause == 0)
		cause = CTI_CAUSE_NORMAL_CLEARING;
	else if (cause < 1 || cause > 127)
		cause = CTI_CAUSE_NORMAL_UNSPECIFIED;
	c->cause = cause;
	/* FAILED: our call never got through; an incoming call that ends
	 * unanswered (abandoned, rejected) was delivered, so it is CLEARED */
	cti__call_emit(c, c->answered || c->direction == CTI_CALL_INCOMING
				  ? CTI_EVENT_CALL_CLEARED
				  : CTI_EVENT_CALL_FAILED);
}

void cti__call_abandon(struct cti__call *c, int cause)
{
	cti__call_report_end(c, cause);
	cti__call_fsm(c, CTI__CE_ABANDON);
	c->cs->sig->forget(c);
	cti__call_free(c);
}

int cti__call_clear_local(struct cti__call *c, int ev, int cause)
{
	cti__call_report_end(c, cause);
	cti__call_detach(c);
	cti__call_fsm(c, ev);
	cti__call_drop_chan(c);
	if (!c->cs->sig->holds(c)) {
		cti__call_free(c);
		return 0;
	}
	return c->cs->sig->hangup(c, cause);
}

void cti__call_flag_truncated(struct cti__call *c, uint32_t flags)
{
	static const struct {
		uint32_t flag;
		const char *what;
	} names[] = {
		{ CTI_CALL_FLAG_ANI_TRUNCATED, "calling" },
		{ CTI_CALL_FLAG_DNIS_TRUNCATED, "called" },
		{ CTI_CALL_FLAG_REDIRECTING_TRUNCATED, "redirecting" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if ((flags & names[i].flag) && !(c->flags & names[i].flag))
			cti__log(c->mgr->ctx, CTI_LOG_WARNING, "call",
				 "call %u span %u: %s number longer than %zu "
				 "digits, kept its first %zu (flagged)",
				 c->id, c->cs->id, names[i].what,
				 sizeof(c->ani.digits) - 1,
				 sizeof(c->ani.digits) - 1);
	c->flags |= flags & (CTI_CALL_FLAG_ANI_TRUNCATED |
			     CTI_CALL_FLAG_DNIS_TRUNCATED |
			     CTI_CALL_FLAG_REDIRECTING_TRUNCATED);
}

/* A leg leaves: its bridge partner is released, its conference shrinks. */
void cti__call_detach(struct cti__call *c)
{
	struct cti__call *p = c->bridge;

	if (p) {
		c->bridge = NULL;
		p->bridge = NULL;
		if (cti__call_fsm(p, CTI__CE_CLEAR) == 0) {
			cti__call_report_end(p, CTI_CAUSE_NORMAL_CLEARING);
			if (p->cs->sig->holds(p))
				p->cs->sig->hangup(p, CTI_CAUSE_NORMAL_CLEARING);
		}
	}
	if (c->conf)
		cti__conf_remove(c);
}

/* Overlap receiving: no digit for a while means the number is complete
 * (Q.931 5.2.4: the network's inter-digit timer). */
static void digit_timeout(struct cti__timer *t, void *user)
{
	struct cti__call *c = user;

	(void)t;
	if (!cti__call_fsm_can(c, CTI__CE_NUMBER_COMPLETE))
		return;
	if (!c->dnis.digits[0]) {
		cti__call_clear_local(c, CTI__CE_CLEAR,
				      CTI_CAUSE_INVALID_NUMBER);
		return;
	}
	cti__call_fsm(c, CTI__CE_NUMBER_COMPLETE);
	cti__pri_proceeding(c->cs->pri, c->pcall, c->bchan);
	cti__call_emit(c, CTI_EVENT_CALL_OFFERED);
}

void cti__call_digit_timer(struct cti__call *c)
{
	cti__timer_arm(c->mgr->ctx, &c->digit_timer,
		       (uint64_t)c->cs->cfg.digit_timeout_ms * 1000u);
}
