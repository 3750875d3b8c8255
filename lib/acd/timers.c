// SPDX-License-Identifier: LGPL-2.1-or-later
/* Timers: ring timeout (RONA), maximum wait, overflow steps, end of
 * wrap-up. A timer carries the generation of its call or agent when it
 * was set; a state change bumps the generation, so stale timers are
 * dropped when they come due instead of being searched for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acd/acd.h"

int cti__acd_timer_add(struct cti_acd *acd, uint64_t due, enum timer_kind k,
		       uint64_t id, uint64_t gen)
{
	struct acd_timer *t = malloc(sizeof(*t));

	if (!t)
		return CTI_ENOMEM;
	*t = (struct acd_timer){ .due = due, .kind = k, .id = id, .gen = gen };
	if (cti__heap_push(&acd->timers, t)) {
		free(t);
		return CTI_ENOMEM;
	}
	return 0;
}

/* Ring, no answer: every ringing agent to NOT_READY, the call back to
 * the head of its queue (it keeps its arrival time). */
static void rona(struct cti_acd *acd, struct acd_call *c, uint64_t now)
{
	/* the agents ringing now: the last withdraw offers the call again,
	 * and the next agent's phone must not be counted as ringing out */
	struct acd_agent *ringing[CTI_ACD_RING_ALL_MAX];
	size_t n = c->n_ringing;

	memcpy(ringing, c->ringing, n * sizeof(ringing[0]));
	for (size_t i = 0; i < n; i++) {
		struct acd_agent *a = ringing[i];

		cti__acd_emit_offer(acd, CTI_ACD_EV_RONA, c, a, now);
		c->rona++;
		/* the last withdraw routes the call again: the agent must
		 * be away first so it is not offered the same call */
		cti__acd_agent_set(acd, a, CTI_AGENT_NOT_READY,
				   CTI_ACD_REASON_RONA, now);
		cti__acd_withdraw(acd, a, false, now);
	}
}

static void max_wait(struct cti_acd *acd, struct acd_call *c, uint64_t now)
{
	struct cti_acd_event *e = cti__acd_emit(acd, CTI_ACD_EV_EXIT, now);
	struct acd_queue *q = c->q;

	if (c->st == CALL_RINGING)
		cti__acd_cancel_offers(acd, c, NULL, now);
	if (e) {
		e->call_id = c->id;
		snprintf(e->queue, sizeof(e->queue), "%s", q->name);
		snprintf(e->action, sizeof(e->action), "%s", q->exit_action);
	}
	q->iv.exited++;
	q->sum_wait += now - c->entered;
	q->n_wait++;
	if ((int64_t)(now - c->entered) > q->iv.max_wait_ms)
		q->iv.max_wait_ms = (int64_t)(now - c->entered);
	cti__acd_cdr(acd, c, CTI_ACD_EXITED, q->exit_action, now);
	if (c->pos != NOT_IN_HEAP)
		cti__heap_remove(&q->waiting, c);
	cti__map_del(&acd->calls, c->id, c);
	free(c);
}

static void overflow(struct cti_acd *acd, struct acd_call *c, uint64_t now)
{
	struct acd_queue *from = c->q, *to = from->ovf[c->ovf_step];
	struct cti_acd_event *e;

	if (c->st != CALL_WAITING) /* ringing: let the offer play out */
		return;
	e = cti__acd_emit(acd, CTI_ACD_EV_OVERFLOW, now);
	if (e) {
		e->call_id = c->id;
		snprintf(e->queue, sizeof(e->queue), "%s", from->name);
		snprintf(e->target, sizeof(e->target), "%s", to->name);
	}
	from->iv.overflowed++;
	cti__acd_cdr(acd, c, CTI_ACD_OVERFLOWED, to->name, now);
	if (c->pos != NOT_IN_HEAP)
		cti__heap_remove(&from->waiting, c);
	c->q = to;
	c->entered = now;
	c->ovf_step = 0;
	c->gen = cti__acd_gen(acd);
	to->iv.offered++;
	if (to->cfg.max_wait_ms)
		cti__acd_timer_add(acd, now + to->cfg.max_wait_ms, T_MAX_WAIT,
				   c->id, c->gen);
	if (to->cfg.n_overflow)
		cti__acd_timer_add(acd, now + to->cfg.overflow[0].after_ms,
				   T_OVERFLOW, c->id, c->gen);
	cti__acd_route(acd, c, now);
}

static void next_overflow(struct cti_acd *acd, struct acd_call *c)
{
	struct acd_queue *q = c->q;

	/* several steps of one queue: each after its own delay */
	if (++c->ovf_step < q->cfg.n_overflow)
		cti__acd_timer_add(acd,
				   c->entered +
					   q->cfg.overflow[c->ovf_step].after_ms,
				   T_OVERFLOW, c->id, c->gen);
}

/* A timer still applies while its call or agent is in the state, and at
 * the generation, it was set for; any other is stale and dropped. */
static bool timer_live(struct cti_acd *acd, const struct acd_timer *t)
{
	const struct acd_call *c;

	if (t->kind == T_WRAP) {
		const struct acd_agent *a =
			(const struct acd_agent *)(uintptr_t)t->id;

		return a->gen == t->gen && a->state == CTI_AGENT_WRAP_UP;
	}
	c = cti__map_get(&acd->calls, t->id, NULL, NULL);
	if (!c)
		return false;
	switch (t->kind) {
	case T_RING:
		return c->st == CALL_RINGING && c->ring_gen == t->gen;
	case T_MAX_WAIT:
		return c->gen == t->gen &&
		       (c->st == CALL_WAITING || c->st == CALL_RINGING);
	case T_OVERFLOW:
		return c->gen == t->gen;
	default:
		return false;
	}
}

static void fire(struct cti_acd *acd, struct acd_timer *t, uint64_t now)
{
	struct acd_call *c;

	if (!timer_live(acd, t))
		return;
	if (t->kind == T_WRAP) {
		struct acd_agent *a = (struct acd_agent *)(uintptr_t)t->id;

		cti__acd_wrap_finish(acd, a, now);
		cti__acd_agent_available(acd, a, now);
		return;
	}
	c = cti__map_get(&acd->calls, t->id, NULL, NULL);
	switch (t->kind) {
	case T_RING:
		rona(acd, c, now);
		break;
	case T_MAX_WAIT:
		max_wait(acd, c, now);
		break;
	case T_OVERFLOW: {
		unsigned step = c->ovf_step;

		if (c->st != CALL_WAITING) {
			/* retry when the offer is over */
			cti__acd_timer_add(acd, now + 1000, T_OVERFLOW, c->id,
					   c->gen);
			break;
		}
		/* a step moves the call only where an agent is ready to
		 * take it; the last step moves it regardless */
		if (step + 1 < c->q->cfg.n_overflow &&
		    !cti__acd_ready_top(c->q->ovf[step]))
			next_overflow(acd, c);
		else
			overflow(acd, c, now);
		break;
	}
	default:
		break;
	}
}

void cti__acd_timers_run(struct cti_acd *acd, uint64_t now)
{
	struct acd_timer *t;

	while ((t = cti__heap_top(&acd->timers)) && t->due <= now) {
		cti__heap_pop(&acd->timers);
		/* run at its own time, so records are exact under any step */
		fire(acd, t, t->due);
		free(t);
	}
}

/* The earliest live timer, after dropping the stale ones in front. */
const struct acd_timer *cti__acd_timer_next(struct cti_acd *acd)
{
	struct acd_timer *t;

	while ((t = cti__heap_top(&acd->timers)) && !timer_live(acd, t)) {
		cti__heap_pop(&acd->timers);
		free(t);
	}
	return t;
}
