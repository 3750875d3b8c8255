// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Calls through the engine: the context's call events of its legs, the
 * ACD's decisions carried out with call control, and the ACD told of
 * every outcome from the call events themselves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center/center.h"
#include "core/ctx.h"

/* Q.850 cause 26: the phone of a ring-all offer another agent took. */
#define CAUSE_NON_SELECTED 26

static const char *agent_name(const cti_center_t *cc, const struct cc_leg *l)
{
	return l->agent >= 0 ? cc->agents[l->agent].name : "";
}

void cc__clear_leg(cti_center_t *cc, struct cc_leg *l, int cause)
{
	struct cc_call *c = l->call;

	if (l->nailed && c) {
		/* the agent's line stays up: only the call lets go of it */
		if (c->peer == l)
			c->peer = NULL;
		l->call = NULL;
		l->zip = 0;
		c->n_legs--;
		if (!c->n_ring && c->state == CTI_CENTER_CALL_RINGING)
			cc__fsm(cc, c, IN_NO_OFFER);
		return;
	}
	if (!l->clearing) {
		l->clearing = true;
		cti_call_set_audio(cc->ctx, l->id, CTI_AUDIO_LINEAR16, NULL,
				   NULL);
		cti_call_clear(cc->ctx, l->id, cause);
	}
	if (!c)
		return;
	for (uint32_t i = 0; i < c->n_ring; i++)
		if (c->ring[i] == l)
			c->ring[i--] = c->ring[--c->n_ring];
	if (c->peer == l)
		c->peer = NULL;
	if (c->third == l)
		c->third = NULL;
	if (c->sup == l)
		c->sup = NULL;
	if (!c->n_ring && c->state == CTI_CENTER_CALL_RINGING)
		cc__fsm(cc, c, IN_NO_OFFER);
}

/* Take the call out of the ACD with the outcome its state implies. */
void cc__acd_leave(cti_center_t *cc, struct cc_call *c, bool by_caller)
{
	uint64_t now = cti_now_ms(cc->ctx);
	int rc;

	if (!c->in_acd)
		return;
	c->in_acd = false;
	if (c->state == CTI_CENTER_CALL_CONNECTED ||
	    c->state == CTI_CENTER_CALL_HELD)
		rc = cti_acd_call_end(cc->acd, cc__acd_id(c), now);
	else if (by_caller)
		rc = cti_acd_call_abandon(cc->acd, cc__acd_id(c), now);
	else
		rc = cti_acd_call_remove(cc->acd, cc__acd_id(c), now);
	if (rc)
		cti__log(cc->ctx, CTI_LOG_ERROR, "center",
			 "call %u: the ACD refused its end: %s", c->id,
			 cti_strerror(rc));
	cc__acd_drain(cc); /* its record, the agent's next call */
}

void cc__end_call(cti_center_t *cc, struct cc_call *c, int cause)
{
	struct cti_center_event *e;
	int was = c->state;

	if (was == CTI_CENTER_CALL_ENDED)
		return;
	cc__treatment_stop(cc, c);
	cc__acd_leave(cc, c, false);
	while (c->n_ring)
		cc__clear_leg(cc, c->ring[0], CTI_CAUSE_NORMAL_CLEARING);
	if (c->peer)
		cc__clear_leg(cc, c->peer, CTI_CAUSE_NORMAL_CLEARING);
	if (c->third)
		cc__clear_leg(cc, c->third, CTI_CAUSE_NORMAL_CLEARING);
	if (c->sup)
		cc__clear_leg(cc, c->sup, CTI_CAUSE_NORMAL_CLEARING);
	if (c->cust)
		cc__clear_leg(cc, c->cust, cause);
	c->app_ivr = NULL;
	cc__fsm(cc, c, IN_END);
	e = cc__emit(cc, CTI_CENTER_EV_ENDED, c);
	if (e) {
		e->cause = cause;
		e->state = (uint32_t)was;
	}
	cc__rec_stop(cc, c, false);
	c->rec.last_state = (uint32_t)was;
	c->rec.cause = cause;
	c->rec.ended_ms = cti_now_ms(cc->ctx);
	cc__record_close(cc, c);
	cc__acd_drain(cc);
	cc__call_reap(cc, c);
}

/* ---- to a target --------------------------------------------------------- */

static int answer_customer(cti_center_t *cc, struct cc_call *c)
{
	int rc;

	if (!c->cust || c->cust->answered)
		return 0;
	rc = cti_call_answer(cc->ctx, c->cust->id);
	if (!rc)
		c->cust->answered = true;
	return rc;
}

/* The flow's variables as "k=v;k=v" (none of them secret). */
static void take_call_data(struct cc_call *c)
{
	const char *k, *v;
	size_t len = strlen(c->data);

	for (size_t i = 0; c->run && cti_flow_var_at(c->run, i, &k, &v) > 0;
	     i++) {
		int n;

		if (!*v)
			continue; /* unset, or a secret collection's */
		n = snprintf(c->data + len, sizeof(c->data) - len, "%s%s=%s",
			     len ? ";" : "", k, v);

		if (n < 0 || (size_t)n >= sizeof(c->data) - len) {
			c->data[len] = 0; /* whole pairs only */
			break;
		}
		len += (size_t)n;
	}
}

int cc__enqueue(cti_center_t *cc, struct cc_call *c, int q)
{
	uint64_t now = cti_now_ms(cc->ctx);
	int rc;

	if ((rc = answer_customer(cc, c)))
		return rc;
	if (c->state == CTI_CENTER_CALL_QUEUED ||
	    c->state == CTI_CENTER_CALL_RINGING)
		return CTI_ESTATE; /* queue to queue: the ACD's overflow */
	take_call_data(c);
	cti_flow_run_free(c->run);
	c->run = NULL;
	c->hook_pending = false;
	c->app_ivr = NULL;
	rc = cti_acd_call_enter(cc->acd, cc__acd_id(c), cc->queues[q].name, 0,
				c->ani, c->dnis, now);
	if (rc)
		return rc;
	cc__fsm(cc, c, IN_QUEUE);
	c->in_acd = true;
	c->queue = q;
	if (!*c->rec.first_queue)
		snprintf(c->rec.first_queue, sizeof(c->rec.first_queue), "%s",
			 cc->queues[q].name);
	c->queued_ms = now;
	cc__emit(cc, CTI_CENTER_EV_QUEUED, c);
	cc__rec_consider(cc, c, q);
	cc__treatment_start(cc, c);
	cc__acd_drain(cc);
	return 0;
}

int cc__start_flow(cti_center_t *cc, struct cc_call *c, int f)
{
	int rc;

	if ((rc = answer_customer(cc, c)) || (rc = cc__ivr_for(cc, c)))
		return rc;
	cc__treatment_stop(cc, c);
	cc__acd_leave(cc, c, false);
	take_call_data(c);
	cti_flow_run_free(c->run);
	c->run = NULL;
	c->hook_pending = false;
	c->app_ivr = NULL;
	/* the flow's prompts were checked against the engine's set */
	cc__prompts_bind(cc, c);
	if ((rc = cti_flow_start(&c->run, cc->flows[f].flow, c->ivr,
				 cti_now_ms(cc->ctx))))
		return rc;
	/* a replaced flow stays the call's until it leaves it */
	c->flow = cc->flows[f].flow;
	rc = cc__fsm(cc, c, IN_FLOW);
	cc__rec_consider(cc, c, -1);
	return rc;
}

/* Place a leg of `kind` to `number` on `trunk` (or the first network
 * trunk with a free channel, -1), its audio the engine's. */
int cc__place(cti_center_t *cc, struct cc_call *c, int kind, const char *number,
	      int trunk, struct cc_leg **out)
{
	struct cti_call_params p = { 0 };
	struct cc_leg *l;
	cti_call_id_t id = 0;
	int rc = CTI_ENOENT;

	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%s", number);
	snprintf(p.ani.digits, sizeof(p.ani.digits), "%s", c->ani);
	for (size_t t = 0; t < cc->n_trunks && rc; t++) {
		if (trunk >= 0 ? (int)t != trunk
			       : cc->trunks[t].kind != CTI_CENTER_TRUNK_NETWORK)
			continue;
		for (uint32_t s = 0; s < cc->trunks[t].n_spans && rc; s++) {
			p.span = cc->trunks[t].spans[s];
			rc = cti_call_make(cc->ctx, &id, &p);
		}
	}
	if (rc)
		return rc;
	l = cc__leg_new(cc, c, id, kind);
	if (!l) {
		cti_call_clear(cc->ctx, id, CTI_CAUSE_TEMPORARY_FAILURE);
		return CTI_ENOMEM;
	}
	cti_call_set_audio(cc->ctx, id, CTI_AUDIO_LINEAR16, cc__audio, l);
	*out = l;
	return 0;
}

int cc__dial_number(cti_center_t *cc, struct cc_call *c, const char *number)
{
	struct cc_leg *l;
	int rc;

	if ((rc = answer_customer(cc, c)) ||
	    (rc = cc__place(cc, c, LEG_EXTERNAL, number, -1, &l)))
		return rc;
	snprintf(c->dialled, sizeof(c->dialled), "%s", number);
	cc__treatment_stop(cc, c);
	cc__acd_leave(cc, c, false);
	cti_flow_run_free(c->run);
	c->run = NULL;
	c->app_ivr = NULL;
	c->peer = l;
	rc = cc__fsm(cc, c, IN_DIAL);
	cc__rec_consider(cc, c, -1);
	return rc;
}

/* ---- the ACD's decisions --------------------------------------------------
 */

static struct cc_leg *ring_leg(struct cc_call *c, int agent)
{
	for (uint32_t i = 0; i < c->n_ring; i++)
		if (c->ring[i]->agent == agent)
			return c->ring[i];
	return NULL;
}

static void offer(cti_center_t *cc, struct cc_call *c, int a)
{
	struct cti_call_params p = { 0 };
	const struct cc_ext *x;
	struct cti_center_event *e;
	struct cc_leg *l = NULL;
	cti_call_id_t id = 0;
	int rc = CTI_ENOENT;

	if (a >= 0 && cc->agents[a].ext >= 0 &&
	    cc->exts[cc->agents[a].ext].nailed) {
		if (cc__line_offer(cc, c, a))
			return;
		rc = CTI_ENETDOWN; /* the line is down */
	} else if (a >= 0 && cc->agents[a].ext >= 0 &&
		   c->n_ring < CC_MAX_RING) {
		x = &cc->exts[cc->agents[a].ext];
		snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%s", x->number);
		snprintf(p.ani.digits, sizeof(p.ani.digits), "%s", c->ani);
		for (uint32_t s = 0; s < cc->trunks[x->trunk].n_spans && rc;
		     s++) {
			p.span = cc->trunks[x->trunk].spans[s];
			rc = cti_call_make(cc->ctx, &id, &p);
		}
		if (!rc && !(l = cc__leg_new(cc, c, id, LEG_AGENT))) {
			cti_call_clear(cc->ctx, id,
				       CTI_CAUSE_TEMPORARY_FAILURE);
			rc = CTI_ENOMEM;
		}
	}
	if (rc) {
		const char *name = a >= 0 ? cc->agents[a].name : "?";

		cti__log(cc->ctx, CTI_LOG_WARNING, "center",
			 "call %u: agent %s's phone cannot be rung: %s", c->id,
			 name, cti_strerror(rc));
		e = cc__emit(cc, CTI_CENTER_EV_ERROR, c);
		if (e) {
			e->cause = rc;
			snprintf(e->agent, sizeof(e->agent), "%s", name);
			snprintf(e->name, sizeof(e->name), "ring: %s",
				 cti_err_name(rc));
		}
		/* the offer goes back to the queue, the agent away */
		cc__phone_failed(cc, a);
		return;
	}
	l->agent = a;
	cti_call_set_audio(cc->ctx, id, CTI_AUDIO_LINEAR16, cc__audio, l);
	c->ring[c->n_ring++] = l;
	cc__fsm(cc, c, IN_OFFER);
	e = cc__emit(cc, CTI_CENTER_EV_OFFERED, c);
	if (e) {
		e->leg = id;
		snprintf(e->agent, sizeof(e->agent), "%s", cc->agents[a].name);
		snprintf(e->extension, sizeof(e->extension), "%s",
			 cc->exts[cc->agents[a].ext].number);
	}
}

static void exit_queue(cti_center_t *cc, struct cc_call *c, int cause)
{
	const struct cc_queue *q = c->queue >= 0 ? &cc->queues[c->queue] : NULL;

	c->in_acd = false; /* the ACD has let it go */
	cc__treatment_stop(cc, c);
	while (c->n_ring)
		cc__clear_leg(cc, c->ring[0], CTI_CAUSE_NORMAL_CLEARING);
	if (cause || !q || !q->has_exit)
		cc__end_call(cc, c, cause ? cause : CTI_CAUSE_NORMAL_CLEARING);
	else
		cc__target_apply(cc, c, &q->exit);
}

static void cdr_timer_fn(cti_ctx_t *ctx, void *user)
{
	cti_center_t *cc = user;

	(void)ctx;
	cc->cdr_timer = -1;
	cc__flush_records(cc);
}

/* CDRs wait for one store transaction, so the store's fsyncs stay few,
 * but never longer than CC_CDR_FLUSH_MS (the most a kill -9 can lose):
 * flushed by the timer the batch's first record arms, when the batch
 * is full, before each interval is stored and when the engine is freed. */
static void store_record(cti_center_t *cc, const struct cti_acd_event *a)
{
	if (!cc->cfg.store)
		return;
	if (cc->n_cdrs == cc->cap_cdrs) {
		size_t cap = cc->cap_cdrs ? cc->cap_cdrs * 2 : 64;
		struct cti_acd_cdr *n = realloc(cc->cdrs, cap * sizeof(*n));

		if (!n) {
			cti__log(cc->ctx, CTI_LOG_ERROR, "center",
				 "out of memory: CDR of call %llu not stored",
				 (unsigned long long)a->call_id);
			return;
		}
		cc->cdrs = n;
		cc->cap_cdrs = cap;
	}
	cc->cdrs[cc->n_cdrs++] = a->u.cdr;
	if (cc->n_cdrs >= CC_CDR_BATCH) {
		cc__flush_records(cc);
		return;
	}
	if (cc->cdr_timer < 0) {
		cc->cdr_timer = cti_timer_start(cc->ctx, CC_CDR_FLUSH_MS,
						cdr_timer_fn, cc);
		if (cc->cdr_timer < 0) /* no timer: no wait */
			cc__flush_records(cc);
	}
}

static void acd_event(cti_center_t *cc, const struct cti_acd_event *a)
{
	struct cc_call *c =
		a->call_id ? cc__call_find(cc, (uint32_t)a->call_id) : NULL;
	int agent = *a->agent ? cc__agent_find(cc, a->agent) : -1;
	struct cti_center_event *e;
	struct cc_leg *l;

	if (c && (uint32_t)(a->call_id >> 32) != c->seg)
		c = NULL; /* an earlier segment's: only records remain */

	switch (a->type) {
	case CTI_ACD_EV_OFFER:
		if (c && c->state != CTI_CENTER_CALL_ENDED)
			offer(cc, c, agent);
		break;
	case CTI_ACD_EV_OFFER_CANCEL:
	case CTI_ACD_EV_RONA:
		if (c && (l = ring_leg(c, agent)))
			cc__clear_leg(cc, l,
				      a->type == CTI_ACD_EV_RONA
					      ? CTI_CAUSE_NO_ANSWER
				      : c->state == CTI_CENTER_CALL_CONNECTED
					      ? CAUSE_NON_SELECTED
					      : CTI_CAUSE_NORMAL_CLEARING);
		break;
	case CTI_ACD_EV_EXIT:
		if (c)
			exit_queue(cc, c, 0);
		break;
	case CTI_ACD_EV_BUSY:
		if (c)
			exit_queue(cc, c, CTI_CAUSE_USER_BUSY);
		break;
	case CTI_ACD_EV_OVERFLOW:
		if (c && (c->queue = cc__queue_find(cc, a->target)) >= 0)
			cc__fsm(cc, c, IN_QUEUE);
		break;
	case CTI_ACD_EV_AGENT_STATE:
		if (agent >= 0)
			cc->agents[agent].state_since = a->time_ms;
		e = cc__emit(cc, CTI_CENTER_EV_AGENT_STATE, NULL);
		if (e) {
			e->time_ms = a->time_ms;
			e->state = (uint32_t)a->state;
			e->reason = a->reason;
			snprintf(e->agent, sizeof(e->agent), "%s", a->agent);
			if (agent >= 0 && cc->agents[agent].ext >= 0)
				snprintf(
					e->extension, sizeof(e->extension),
					"%s",
					cc->exts[cc->agents[agent].ext].number);
		}
		break;
	case CTI_ACD_EV_SUPERVISOR:
		/* cti_center_supervise() asked; it rings the supervisor */
		cti__log(cc->ctx, CTI_LOG_INFO, "center", "supervisor %s on %s",
			 a->action, a->agent);
		break;
	case CTI_ACD_EV_INTERVAL:
		cc__interval_keep(cc, &a->u.interval); /* pooled, then out */
		break;
	case CTI_ACD_EV_CDR:
		store_record(cc, a);
		e = cc__emit(cc, CTI_CENTER_EV_CDR, NULL);
		if (e) {
			e->time_ms = a->time_ms;
			e->call = (uint32_t)a->call_id; /* low 32 bits */
			snprintf(e->queue, sizeof(e->queue), "%s", a->queue);
			e->u.cdr = a->u.cdr;
		}
		break;
	}
}

static void acd_timer_fn(cti_ctx_t *ctx, void *user)
{
	cti_center_t *cc = user;

	cc->acd_timer = -1;
	cti_acd_advance(cc->acd, cti_now_ms(ctx));
	cc__acd_drain(cc);
}

/* Carry out everything the ACD decided, then wake up when it next has
 * work. Re-entered from the handlers (they tell the ACD more): the outer
 * loop takes what they add. */
void cc__acd_drain(cti_center_t *cc)
{
	struct cti_acd_event a;
	uint64_t now, due;

	if (cc->draining)
		return;
	cc->draining = true;
	for (int round = 0;; round++) {
		while (cti_acd_next_event(cc->acd, &a) > 0)
			acd_event(cc, &a);
		cc__intervals_flush(cc);
		now = cti_now_ms(cc->ctx);
		if (cti_acd_next_due(cc->acd, &due) <= 0)
			due = UINT64_MAX; /* nothing scheduled */
		if (due > now)
			break;
		if (round == 8) { /* never spin: look again in 1 ms */
			due = now + 1;
			break;
		}
		cti_acd_advance(cc->acd, now);
	}
	if (cc->acd_timer < 0 || due != cc->acd_due) {
		if (cc->acd_timer > 0)
			cti_timer_cancel(cc->ctx, cc->acd_timer);
		cc->acd_due = due;
		cc->acd_timer = due > now && due != UINT64_MAX
					? cti_timer_start(cc->ctx, due - now,
							  acd_timer_fn, cc)
					: -1;
	}
	cc__iv_checkpoint_arm(cc);
	cc->draining = false;
}

/* ---- the context's events -------------------------------------------------
 */

static void incoming(cti_center_t *cc, const struct cti_event *ev, int trunk)
{
	const struct cti_call_event *ce = &ev->u.call;
	const struct cc_target *t;
	struct cti_center_event *e;
	struct cc_call *c = cc__call_new(cc);
	struct cc_leg *l =
		c ? cc__leg_new(cc, c, ce->call_id, LEG_CUSTOMER) : NULL;

	if (!l) {
		cti__log(cc->ctx, CTI_LOG_ERROR, "center",
			 "out of memory: call %u rejected", ce->call_id);
		cti_call_clear(cc->ctx, ce->call_id,
			       CTI_CAUSE_TEMPORARY_FAILURE);
		if (c) {
			c->state = CTI_CENTER_CALL_ENDED;
			cc__call_reap(cc, c);
		}
		return;
	}
	c->cust = l;
	c->trunk = trunk;
	snprintf(c->ani, sizeof(c->ani), "%s", ce->ani.digits);
	snprintf(c->dnis, sizeof(c->dnis), "%s", ce->dnis.digits);
	cti_call_set_audio(cc->ctx, l->id, CTI_AUDIO_LINEAR16, cc__audio, l);
	cc__emit(cc, CTI_CENTER_EV_ARRIVED, c);
	cc__record_open(cc, c);
	if (cc->refuse_cause) { /* stopping: calls in progress go on */
		cti__log(cc->ctx, CTI_LOG_INFO, "center",
			 "call %u from %s to %s refused (cause %d)", c->id,
			 c->ani, c->dnis, cc->refuse_cause);
		e = cc__emit(cc, CTI_CENTER_EV_REJECTED, c);
		if (e)
			e->cause = cc->refuse_cause;
		cc__end_call(cc, c, cc->refuse_cause);
		return;
	}
	t = cc__route(cc, trunk, c->dnis, c->ani);
	if (!t) {
		cti__log(cc->ctx, CTI_LOG_NOTICE, "center",
			 "call %u from %s to %s on %s: no route", c->id, c->ani,
			 c->dnis, cc->trunks[trunk].name);
		e = cc__emit(cc, CTI_CENTER_EV_REJECTED, c);
		if (e)
			e->cause = CTI_CAUSE_UNALLOCATED;
		cc__end_call(cc, c, CTI_CAUSE_UNALLOCATED);
		return;
	}
	e = cc__emit(cc, CTI_CENTER_EV_ROUTED, c);
	if (e)
		snprintf(e->target, sizeof(e->target), "%s", t->text);
	cc__target_apply(cc, c, t);
}

static bool gone(int type)
{
	return type == CTI_EVENT_CALL_CLEARED || type == CTI_EVENT_CALL_FAILED;
}

static void customer_event(cti_center_t *cc, struct cc_leg *l, int type,
			   int cause)
{
	struct cc_call *c = l->call;

	if (type == CTI_EVENT_CALL_ESTABLISHED)
		l->up = true;
	if (!gone(type))
		return;
	l->clearing = true; /* nothing more to clear */
	if (c->state != CTI_CENTER_CALL_ENDED) {
		cti__log(cc->ctx, CTI_LOG_INFO, "center",
			 "call %u: the caller hung up in %s (cause %d)", c->id,
			 cti_center_call_state_name(c->state), cause);
		/* a network failure is not the caller giving up */
		cc__acd_leave(cc, c, cause != CTI_CAUSE_NETWORK_OUT_OF_ORDER);
		cc__end_call(cc, c, cause ? cause : CTI_CAUSE_NORMAL_CLEARING);
	}
	cc__leg_free(cc, l);
}

static void agent_answered(cti_center_t *cc, struct cc_leg *l)
{
	struct cc_call *c = l->call;
	struct cti_center_event *e;
	int rc = CTI_ESTATE;

	if (c->state == CTI_CENTER_CALL_RINGING && ring_leg(c, l->agent) == l)
		rc = cti_acd_call_answered(cc->acd, cc__acd_id(c),
					   agent_name(cc, l),
					   cti_now_ms(cc->ctx));
	if (rc) {
		/* another phone of a ring-all offer won, or the offer was
		 * withdrawn as this one answered: never two agents */
		cti__log(cc->ctx, CTI_LOG_INFO, "center",
			 "call %u: %s answered too late (%s)", c->id,
			 agent_name(cc, l),
			 cti_center_call_state_name(c->state));
		cc__clear_leg(cc, l, CAUSE_NON_SELECTED);
		return;
	}
	for (uint32_t i = 0; i < c->n_ring; i++)
		if (c->ring[i] == l)
			c->ring[i--] = c->ring[--c->n_ring];
	cc__treatment_stop(cc, c); /* the instant the agent answers */
	cc->agents[l->agent].answered++;
	c->peer = l;
	c->hears[SLOT_CUST] = BIT(SLOT_AGENT);
	c->hears[SLOT_AGENT] = BIT(SLOT_CUST);
	c->connected_ms = cti_now_ms(cc->ctx);
	snprintf(c->agent, sizeof(c->agent), "%s", agent_name(cc, l));
	if (!*c->rec.first_agent)
		snprintf(c->rec.first_agent, sizeof(c->rec.first_agent), "%s",
			 c->agent);
	snprintf(c->rec.last_agent, sizeof(c->rec.last_agent), "%s", c->agent);
	cc__fsm(cc, c, IN_ANSWER);
	e = cc__emit(cc, CTI_CENTER_EV_CONNECTED, c);
	if (e)
		e->leg = l->id;
	cc__acd_drain(cc); /* cancels the other phones of a ring-all */
}

static void agent_event(cti_center_t *cc, struct cc_leg *l, int type, int cause)
{
	struct cc_call *c = l->call;

	if (type == CTI_EVENT_CALL_ESTABLISHED) {
		l->up = true;
		if (c->outbound && c->peer == l)
			cc__outbound_agent_up(cc, c);
		else if (!l->clearing)
			agent_answered(cc, l);
		return;
	}
	if (!gone(type))
		return;
	if (!l->clearing) {
		l->clearing = true;
		if (c->peer == l && c->conf && c->third && c->third->up &&
		    c->state == CTI_CENTER_CALL_CONNECTED) {
			/* the agent leaves a conference: the other two stay */
			cc__acd_leave(cc, c, false);
			c->agent[0] = 0;
			c->peer = c->third;
			c->third = NULL;
			c->conf = false;
			cc__fsm(cc, c, IN_TRANSFER);
			cc__matrix(c);
			cc__acd_drain(cc);
		} else if (c->peer == l) {
			cti__log(cc->ctx, CTI_LOG_INFO, "center",
				 "call %u: agent %s hung up", c->id,
				 agent_name(cc, l));
			c->peer = NULL;
			cc__acd_leave(cc, c, false);
			cc__end_call(cc, c, CTI_CAUSE_NORMAL_CLEARING);
		} else if (ring_leg(c, l->agent) == l) {
			/* the phone refused the call (busy, out of order):
			 * the offer goes back to the queue, the agent away */
			cti__log(cc->ctx, CTI_LOG_WARNING, "center",
				 "call %u: agent %s's phone refused it "
				 "(cause %d)",
				 c->id, agent_name(cc, l), cause);
			cc__clear_leg(cc, l, cause);
			cc__phone_failed(cc, l->agent);
			cc__acd_drain(cc);
		}
	}
	cc__leg_free(cc, l);
}

static void external_event(cti_center_t *cc, struct cc_leg *l, int type,
			   int cause)
{
	struct cc_call *c = l->call;
	struct cti_center_event *e;

	if (type == CTI_EVENT_CALL_ESTABLISHED) {
		l->up = true;
		if (c->state == CTI_CENTER_CALL_OUTBOUND &&
		    (c->peer == l || (c->outbound && c->cust == l))) {
			c->hears[SLOT_CUST] = BIT(SLOT_AGENT);
			c->hears[SLOT_AGENT] = BIT(SLOT_CUST);
			c->connected_ms = cti_now_ms(cc->ctx);
			cc__fsm(cc, c, IN_EXTERNAL);
			e = cc__emit(cc, CTI_CENTER_EV_CONNECTED, c);
			if (e) {
				e->leg = l->id;
				snprintf(e->target, sizeof(e->target),
					 "number:%s", c->dialled);
			}
			cc__rec_consider(cc, c, -1); /* the agent's own */
		}
		return;
	}
	if (!gone(type))
		return;
	if (!l->clearing) {
		l->clearing = true;
		if (c->peer == l || c->cust == l) {
			if (c->peer == l)
				c->peer = NULL;
			cc__end_call(cc, c,
				     type == CTI_EVENT_CALL_FAILED && cause
					     ? cause
					     : CTI_CAUSE_NORMAL_CLEARING);
		}
	}
	cc__leg_free(cc, l);
}

CTI_EXTERN int cti_center_handle_event(cti_center_t *cc,
				       const struct cti_event *ev)
{
	const struct cti_call_event *ce;
	struct cc_leg *l;
	int trunk;

	if (!cc || !ev)
		return CTI_EINVAL;
	if (ev->type == CTI_EVENT_USER)
		return ev->u.user.ptr == cc && ev->u.user.value == CC_WAKE_VALUE
			       ? (cc->wake_posted = false, 1)
			       : 0;
	if (ev->type >= CTI_EVENT_SPAN_ALARM)
		return cc__trunk_of_span(cc, ev->u.span.span_id) >= 0;
	ce = &ev->u.call;
	l = cc__leg_find(cc, ce->call_id);
	if (!l) {
		trunk = cc__trunk_of_span(cc, ce->span_id);
		if (trunk < 0)
			return 0;
		if (ev->type == CTI_EVENT_CALL_OFFERED) {
			if (cc->trunks[trunk].kind ==
			    CTI_CENTER_TRUNK_NETWORK) {
				incoming(cc, ev, trunk);
			} else {
				cc__agent_originated(cc, ce, trunk);
			}
		}
		return 1;
	}
	switch (l->kind) {
	case LEG_CUSTOMER:
		customer_event(cc, l, (int)ev->type, ce->cause);
		break;
	case LEG_AGENT:
		if (l->nailed)
			cc__line_event(cc, l, (int)ev->type, ce->cause);
		else
			agent_event(cc, l, (int)ev->type, ce->cause);
		break;
	case LEG_EXTERNAL:
		external_event(cc, l, (int)ev->type, ce->cause);
		break;
	default:
		cc__third_event(cc, l, (int)ev->type, ce->cause);
		break;
	}
	return 1;
}

/* ---- the application's calls --------------------------------------------- */

static struct cc_call *live_call(cti_center_t *cc, cti_center_call_t id)
{
	struct cc_call *c = cc ? cc__call_find(cc, id) : NULL;

	return c && c->state != CTI_CENTER_CALL_ENDED ? c : NULL;
}

CTI_EXTERN int cti_center_hook_done(cti_center_t *cc, cti_center_call_t call,
				    const char *result)
{
	struct cc_call *c = live_call(cc, call);

	if (!c)
		return CTI_ENOENT;
	if (!c->run || !c->hook_pending)
		return CTI_ESTATE;
	c->hook_pending = false;
	return cti_flow_hook_done(c->run, result ? result : "",
				  cti_now_ms(cc->ctx));
}

CTI_EXTERN const char *
cti_center_flow_get(cti_center_t *cc, cti_center_call_t call, const char *name)
{
	struct cc_call *c = live_call(cc, call);

	return c && c->run && name ? cti_flow_get(c->run, name) : NULL;
}

CTI_EXTERN int cti_center_flow_set(cti_center_t *cc, cti_center_call_t call,
				   const char *name, const char *value)
{
	struct cc_call *c = live_call(cc, call);

	if (!c)
		return CTI_ENOENT;
	if (!c->run)
		return CTI_ESTATE;
	return cti_flow_set(c->run, name, value);
}

CTI_EXTERN cti_ivr_t *cti_center_call_ivr(cti_center_t *cc,
					  cti_center_call_t call)
{
	struct cc_call *c = live_call(cc, call);

	return c && c->run ? c->ivr : NULL;
}

CTI_EXTERN int cti_center_call_attach_ivr(cti_center_t *cc,
					  cti_center_call_t call,
					  cti_ivr_t *ivr)
{
	struct cc_call *c = live_call(cc, call);

	if (!c)
		return CTI_ENOENT;
	if (c->state != CTI_CENTER_CALL_APP)
		return CTI_ESTATE;
	c->app_ivr = ivr;
	return 0;
}

CTI_EXTERN int cti_center_call_route(cti_center_t *cc, cti_center_call_t call,
				     const char *target)
{
	struct cc_call *c = live_call(cc, call);
	struct cc_target t;
	int rc;

	if (!c)
		return CTI_ENOENT;
	if (c->state != CTI_CENTER_CALL_APP && c->state != CTI_CENTER_CALL_FLOW)
		return CTI_ESTATE;
	if ((rc = cc__target_parse(cc, target, &t)))
		return rc;
	c->app_ivr = NULL;
	return cc__target_apply(cc, c, &t);
}

CTI_EXTERN int cti_center_call_hangup(cti_center_t *cc, cti_center_call_t call,
				      int cause)
{
	struct cc_call *c = live_call(cc, call);

	if (!c)
		return CTI_ENOENT;
	if (cause < 0 || cause > 127)
		return CTI_EINVAL;
	cc__end_call(cc, c, cause ? cause : CTI_CAUSE_NORMAL_CLEARING);
	return 0;
}
