// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The call services' R2 signalling (MFC/R2 through lib/r2 and openr2) and
 * what the R2 line reports, fed through the one state machine (fsm.c) as
 * the Q.931 handlers feed it:
 *
 *   R2 (openr2)                        machine event     application
 *   seizure, register signals sent     MAKE              CALL_ORIGINATED
 *   group B "free" received (B-1/B-6)  ALERTING_IN       CALL_DELIVERED
 *   answer (line signal)               CONNECT_IN        CALL_ESTABLISHED
 *   offered (DNIS, ANI, category)      SETUP_IN          CALL_OFFERED
 *   cti_call_alert: group B "free"     ALERT             CALL_DELIVERED
 *   cti_call_answer: answer            ANSWER            CALL_ESTABLISHED
 *   clear back/forward, group B refusal DISCONNECT_IN    CLEARED/FAILED
 *   line idle again                    RELEASED          (call freed)
 *   protocol error, channel failure    ABANDON           CLEARED/FAILED
 *
 * A call is named on the line by its channel position (bchan), held in
 * r2_line[] until the line is idle again, so the end of the clearing
 * finds its call after the B-channel was released.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call/call.h"
#include "call/fsm.h"
#include "core/util.h"
#include "r2/r2.h"

_Static_assert(CTI_R2_CAT_NATIONAL - 1 == CTI__R2_CAT_NATIONAL &&
		       CTI_R2_CAT_NATIONAL_PRIORITY - 1 ==
			       CTI__R2_CAT_NATIONAL_PRIORITY &&
		       CTI_R2_CAT_INTERNATIONAL - 1 ==
			       CTI__R2_CAT_INTERNATIONAL &&
		       CTI_R2_CAT_INTERNATIONAL_PRIORITY - 1 ==
			       CTI__R2_CAT_INTERNATIONAL_PRIORITY &&
		       CTI_R2_CAT_COLLECT - 1 == CTI__R2_CAT_COLLECT_CALL &&
		       CTI_R2_CAT_UNKNOWN - 1 == CTI__R2_CAT_UNKNOWN &&
		       CTI_R2_CAT_TEST - 1 == CTI__R2_CAT_TEST_EQUIPMENT,
	       "public R2 categories are lib/r2's plus one");
_Static_assert(CTI__R2_DIGITS == CTI__R2_DIGITS_MAX, "R2 digit fields");

static int dahdi_chan(const struct cti__cspan *cs, int pos)
{
	return cs->r2_base + pos - 1;
}

static int pos_of(const struct cti__cspan *cs, int chan)
{
	int pos = chan - cs->r2_base + 1;

	return pos > 0 && pos < CTI__MAX_CHAN && (cs->r2_chans >> pos & 1) ? pos
									   : -1;
}

static void span_event(struct cti__cspan *cs, int type)
{
	struct cti_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = (uint32_t)type;
	ev.time_ms = cti_now_ms(cs->mgr->ctx);
	ev.u.span.span_id = cs->id;
	ev.u.span.alarms = cs->span->alarms;
	cti__emit(cs->mgr->ctx, &ev);
	cti__log(cs->mgr->ctx, CTI_LOG_NOTICE, "call", "span %u (R2) %s",
		 cs->id, cti_event_name(type));
}

/* The span is up while the far end leaves a channel idle (unblocked):
 * R2 has no data link, its line signals say what may be seized. */
static void update_up(struct cti__cspan *cs)
{
	bool up = (cs->r2_chans & ~cs->r2_far_blocked) != 0;

	if (up == cs->up)
		return;
	cs->up = cs->d_up = up;
	span_event(cs, up ? CTI_EVENT_SPAN_UP : CTI_EVENT_SPAN_DOWN);
}

/* ---- the services -------------------------------------------------------- */

static int category_of(const struct cti__call *c)
{
	int cat = c->category ? c->category : c->cs->cfg.r2_category;

	return (cat ? cat : CTI_R2_CAT_NATIONAL) - 1;
}

static int r2_make(struct cti__call *c, const struct cti_call_params *p,
		   int chan)
{
	struct cti__cspan *cs = c->cs;
	int rc;

	(void)p;
	if (cs->r2_line[chan])
		return CTI_ENOCHAN;
	rc = cti__r2_make_call(cs->r2, dahdi_chan(cs, chan), c->ani.digits,
			       c->dnis.digits, category_of(c));
	if (rc < 0)
		return rc == CTI_EBUSY ? CTI_ENOCHAN : rc;
	if (!c->category)
		c->category = (uint8_t)(category_of(c) + 1);
	c->line = chan;
	cs->r2_line[chan] = c;
	return 0;
}

static int r2_dial_more(struct cti__call *c, const char *digits)
{
	(void)c;
	(void)digits;
	return CTI_ENOTSUP; /* the DNIS goes out whole in the register phase */
}

/* Group B "free" (China B-1, ITU B-6): the R2 counterpart of ALERTING. */
static int r2_accept(struct cti__call *c)
{
	int rc;

	if (c->r2_accept_sent)
		return 0;
	rc = cti__r2_accept(c->cs->r2, dahdi_chan(c->cs, c->line));
	if (!rc)
		c->r2_accept_sent = true;
	return rc;
}

static int r2_alert(struct cti__call *c)
{
	return r2_accept(c);
}

/* Two blocks of silence ahead: a late wake-up of ours must not starve
 * the channel's transmit buffers once audio flows. */
static void prime_audio(struct cti__call *c)
{
	uint8_t idle[CTI__BLOCK];
	int chan = dahdi_chan(c->cs, c->line);

	memset(idle, cti__law_idle(c->cs->span->law), sizeof(idle));
	cti__span_r2_reset(c->cs->span, c->line);
	cti__r2_write(c->cs->r2, chan, idle, sizeof(idle));
	cti__r2_write(c->cs->r2, chan, idle, sizeof(idle));
}

static int answer_now(struct cti__call *c)
{
	int rc = cti__r2_answer(c->cs->r2, dahdi_chan(c->cs, c->line));

	if (!rc)
		prime_audio(c);
	return rc;
}

/* openr2 answers only an accepted call: accept first, answer once the
 * far end has taken the group B signal (ACCEPTED). */
static int r2_answer(struct cti__call *c)
{
	int rc;

	if (c->r2_accepted)
		return answer_now(c);
	rc = r2_accept(c);
	if (!rc)
		c->r2_answer_due = true;
	return rc;
}

static int r2_hangup(struct cti__call *c, int cause)
{
	if (c->line <= 0)
		return 0;
	/* before acceptance the cause picks the group B refusal (busy,
	 * congestion, unallocated...); after it, the clearing line signal */
	return cti__r2_hangup(c->cs->r2, dahdi_chan(c->cs, c->line), cause);
}

static bool r2_holds(const struct cti__call *c)
{
	struct cti__r2_chan_info ci;

	return c->line > 0 &&
	       cti__r2_chan_info(c->cs->r2, dahdi_chan(c->cs, c->line), &ci) ==
		       0 &&
	       ci.in_call;
}

static void r2_forget(struct cti__call *c)
{
	/* a line still seized is cleared; its end finds no call */
	if (r2_holds(c) && c->cs->r2)
		cti__r2_hangup(c->cs->r2, dahdi_chan(c->cs, c->line),
			       CTI_CAUSE_TEMPORARY_FAILURE);
}

static int r2_transfer(struct cti__call *a, struct cti__call *b)
{
	(void)a;
	(void)b;
	return CTI_ENOTSUP; /* joined in libcti's media path */
}

static int r2_deflect(struct cti__call *c, const struct cti_number *to)
{
	(void)c;
	(void)to;
	return CTI_ENOTSUP;
}

static void r2_release(struct cti__call *c)
{
	if (c->line > 0 && c->cs->r2_line[c->line] == c)
		c->cs->r2_line[c->line] = NULL;
	c->line = 0;
}

const struct cti__sig cti__sig_r2 = {
	.name = "r2",
	.make = r2_make,
	.dial_more = r2_dial_more,
	.alert = r2_alert,
	.answer = r2_answer,
	.hangup = r2_hangup,
	.holds = r2_holds,
	.forget = r2_forget,
	.transfer = r2_transfer,
	.deflect = r2_deflect,
	.release = r2_release,
};

/* ---- what the line reports ---------------------------------------------- */

typedef void (*r2_ev_fn)(struct cti__cspan *cs, int pos,
			 const struct cti__r2_ev *ev);

static void on_idle(struct cti__cspan *cs, int pos, const struct cti__r2_ev *ev)
{
	(void)ev;
	cs->r2_far_blocked &= ~(1u << pos);
	update_up(cs);
}

static void on_blocked(struct cti__cspan *cs, int pos,
		       const struct cti__r2_ev *ev)
{
	(void)ev;
	cs->r2_far_blocked |= 1u << pos;
	update_up(cs);
}

static void on_offered(struct cti__cspan *cs, int pos,
		       const struct cti__r2_ev *ev)
{
	struct cti__call *c;

	c = cs->r2_line[pos];
	if (c) { /* glare lost on our side: openr2 now runs the far end's
		  * call on the line, ours is only to be reported */
		c->line = 0;
		cs->r2_line[pos] = NULL;
		cti__call_abandon(c, CTI_CAUSE_CHANNEL_UNAVAILABLE);
	}
	c = cti__call_new(cs, CTI_CALL_INCOMING);
	if (!c) {
		cti__r2_hangup(cs->r2, ev->chan, CTI_CAUSE_TEMPORARY_FAILURE);
		return;
	}
	snprintf(c->ani.digits, sizeof(c->ani.digits), "%s", ev->ani);
	snprintf(c->dnis.digits, sizeof(c->dnis.digits), "%s", ev->dnis);
	if (ev->ani_restricted)
		c->ani.presentation = CTI_PRES_RESTRICTED;
	c->category = (uint8_t)(ev->category + 1);
	c->line = pos;
	cs->r2_line[pos] = c;
	cti__call_take_chan(c, pos);
	cti__call_fsm(c, CTI__CE_SETUP_IN);
	cti__call_emit(c, CTI_EVENT_CALL_OFFERED);
}

static void on_accepted(struct cti__call *c, const struct cti__r2_ev *ev)
{
	(void)ev;
	if (c->direction == CTI_CALL_OUTGOING) {
		if (cti__call_fsm(c, CTI__CE_ALERTING_IN) == 0)
			cti__call_emit(c, CTI_EVENT_CALL_DELIVERED);
		return;
	}
	c->r2_accepted = true;
	if (c->r2_answer_due) {
		c->r2_answer_due = false;
		if (answer_now(c))
			cti__call_clear_local(c, CTI__CE_CLEAR,
					      CTI_CAUSE_TEMPORARY_FAILURE);
	}
}

static void on_answered(struct cti__call *c, const struct cti__r2_ev *ev)
{
	(void)ev;
	if (cti__call_fsm(c, CTI__CE_CONNECT_IN) != 0)
		return;
	c->answered = true;
	c->answer_us = cti__now_us(c->mgr->ctx);
	prime_audio(c);
	cti__call_emit(c, CTI_EVENT_CALL_ESTABLISHED);
}

static void on_disconnect(struct cti__call *c, const struct cti__r2_ev *ev)
{
	cti__log(c->mgr->ctx, CTI_LOG_INFO, "call",
		 "call %u: R2 far end cleared: %s (cause %d)", c->id,
		 ev->detail, ev->cause);
	if (cti__call_fsm_can(c, CTI__CE_DISCONNECT_IN))
		cti__call_clear_local(c, CTI__CE_DISCONNECT_IN, ev->cause);
	else /* both ends cleared at once: complete openr2's clearing */
		r2_hangup(c, ev->cause);
}

static void on_end(struct cti__call *c, const struct cti__r2_ev *ev)
{
	(void)ev;
	cti__call_report_end(c, CTI_CAUSE_NORMAL_CLEARING);
	cti__call_fsm(c, CTI__CE_RELEASED);
	cti__call_free(c);
}

/* openr2 gave up on the call (protocol error: the line is idle already)
 * or the channel failed: the call ends with the cause given. */
static void on_failure(struct cti__call *c, const struct cti__r2_ev *ev)
{
	cti__log(c->mgr->ctx, CTI_LOG_WARNING, "call",
		 "call %u span %u ch %d: R2 %s: %s (cause %d)", c->id,
		 c->cs->id, c->line,
		 ev->type == CTI__R2_EV_OS_ERROR ? "channel error"
						 : "protocol error",
		 ev->detail, ev->cause);
	c->line = 0; /* openr2 is done with the line */
	c->cs->r2_line[pos_of(c->cs, ev->chan)] = NULL;
	cti__call_abandon(c, ev->type == CTI__R2_EV_OS_ERROR
				     ? CTI_CAUSE_TEMPORARY_FAILURE
				     : ev->cause);
}

static void on_alarm(struct cti__cspan *cs, int pos,
		     const struct cti__r2_ev *ev)
{
	(void)pos;
	cti__span_set_alarms(cs->span, ev->cause ? CTI_SPAN_ALARM_RED : 0);
}

typedef void (*r2_call_fn)(struct cti__call *c, const struct cti__r2_ev *ev);

static const r2_ev_fn line_handlers[] = {
	[CTI__R2_EV_IDLE] = on_idle,
	[CTI__R2_EV_BLOCKED] = on_blocked,
	[CTI__R2_EV_OFFERED] = on_offered,
	[CTI__R2_EV_ALARM] = on_alarm,
};

static const r2_call_fn call_handlers[] = {
	[CTI__R2_EV_ACCEPTED] = on_accepted,
	[CTI__R2_EV_ANSWERED] = on_answered,
	[CTI__R2_EV_DISCONNECT] = on_disconnect,
	[CTI__R2_EV_END] = on_end,
	[CTI__R2_EV_PROTO_ERROR] = on_failure,
	[CTI__R2_EV_OS_ERROR] = on_failure,
};

static void on_r2(void *user, const struct cti__r2_ev *ev)
{
	struct cti__cspan *cs = user;
	size_t t = (size_t)ev->type;
	int pos = pos_of(cs, ev->chan);
	struct cti__call *c;

	if (pos < 0)
		return;
	if (t < ARRAY_SIZE(line_handlers) && line_handlers[t]) {
		line_handlers[t](cs, pos, ev);
		return;
	}
	if (t == CTI__R2_EV_PROTO_ERROR && !cs->r2_line[pos])
		cti__log(cs->mgr->ctx, CTI_LOG_WARNING, "call",
			 "span %u ch %d: R2 protocol error with no call: %s",
			 cs->id, pos, ev->detail);
	if (t == CTI__R2_EV_END || t == CTI__R2_EV_PROTO_ERROR)
		cti__span_r2_reset(cs->span, pos);
	c = cs->r2_line[pos];
	if (c && t < ARRAY_SIZE(call_handlers) && call_handlers[t])
		call_handlers[t](c, ev);
}

/* ---- audio: openr2 reads, the span gathers blocks, lib/call fills them -- */

static void r2_rx(void *user, int chan, const uint8_t *rx, size_t n)
{
	struct cti__cspan *cs = user;
	int pos = pos_of(cs, chan);

	if (pos > 0)
		cti__span_r2_rx(cs->span, pos, rx, n);
}

static void r2_tx(void *user, int pos, const uint8_t *tx, size_t n)
{
	struct cti__cspan *cs = user;

	cti__r2_write(cs->r2, dahdi_chan(cs, pos), tx, n);
}

/* ---- the span ------------------------------------------------------------ */

static int free_id(struct cti__mgr *m)
{
	for (int i = 1; i <= CTI__MAX_SPANS; i++)
		if (!m->spans[i])
			return i;
	return -1;
}

static void fill_r2_cfg(const struct cti__dahdi_layout *l,
			const struct cti_span_config *cfg,
			struct cti__r2_cfg *rc, uint32_t *chans)
{
	memset(rc, 0, sizeof(*rc));
	rc->variant = cti_r2_variant_name((int)cfg->r2_variant);
	*chans = 0;
	for (int pos = 1; pos <= l->total && pos < CTI__MAX_CHAN; pos++)
		if (l->sig[pos] == CTI__CHAN_CAS &&
		    rc->nchans < CTI__R2_MAX_CHAN) {
			rc->chans[rc->nchans++] = l->basechan + pos - 1;
			*chans |= 1u << pos;
		}
	rc->max_dnis = cfg->r2_max_dnis;
	rc->max_ani = cfg->r2_flags & CTI_R2_NO_ANI ? -1 : cfg->r2_max_ani;
	rc->ani_first = cfg->r2_flags & CTI_R2_ANI_FIRST;
	rc->charge = !(cfg->r2_flags & CTI_R2_NO_CHARGE);
	rc->double_answer = cfg->r2_flags & CTI_R2_DOUBLE_ANSWER;
	rc->log_level = CTI_LOG_WARNING;
}

int cti__r2sig_attach(struct cti__mgr *m, const struct cti__dahdi_layout *l,
		      const struct cti_span_config *cfg,
		      struct cti__cspan **out)
{
	struct cti__r2_cfg rc2;
	struct cti__cspan *cs;
	char why[256];
	int id = free_id(m), rc;

	if (id < 0)
		return CTI_ENOSPC;
	cs = calloc(1, sizeof(*cs));
	if (!cs)
		return CTI_ENOMEM;
	rc = cti__span_r2_new(m->ctx, &cs->span);
	if (rc) {
		free(cs);
		return rc;
	}
	cs->mgr = m;
	cs->id = (cti_span_id_t)id;
	cs->cfg = *cfg;
	cs->sig = &cti__sig_r2;
	cs->r2_base = l->basechan;
	cti__link_init(cs);
	fill_r2_cfg(l, cfg, &rc2, &cs->r2_chans);
	/* every channel counts as blocked until the far end's idle says */
	cs->r2_far_blocked = cs->r2_chans;
	m->spans[id] = cs;
	cti__span_set_up(cs->span, &cti__call_span_hooks, cs);
	cti__span_r2_set_tx(cs->span, r2_tx, cs);
	rc = cti__r2_new(m->ctx, &rc2, on_r2, cs, &cs->r2, why, sizeof(why));
	if (rc) {
		cti__log(m->ctx, CTI_LOG_ERROR, "span",
			 "DAHDI span %d (R2): %s", l->spanno, why);
		m->spans[id] = NULL;
		cti__link_fini(cs);
		cti__span_free(cs->span);
		free(cs);
		return rc;
	}
	cti__r2_set_audio(cs->r2, r2_rx, cs);
	cti__log(m->ctx, CTI_LOG_INFO, "span",
		 "DAHDI span %d: R2 (%s), %d channels from %d", l->spanno,
		 rc2.variant, rc2.nchans, l->basechan);
	*out = cs;
	return 0;
}

void cti__r2sig_detach(struct cti__cspan *cs)
{
	cti__link_fini(cs);
	cti__r2_free(cs->r2);
	cs->r2 = NULL;
	cti__span_free(cs->span);
	cs->mgr->spans[cs->id] = NULL;
	free(cs);
}

int cti__r2sig_block(struct cti__cspan *cs, int pos, bool blocked)
{
	if (pos <= 0 || pos >= CTI__MAX_CHAN || !(cs->r2_chans >> pos & 1))
		return CTI_EINVAL;
	return cti__r2_block(cs->r2, dahdi_chan(cs, pos), blocked);
}
