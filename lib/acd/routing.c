// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Routing: each queue keeps its ready, qualified agents in a heap ordered
 * by the queue's strategy and its waiting calls in a heap ordered by
 * caller priority then arrival, so a decision is O(log n) in agents (a
 * call arriving takes the heap's top) and O(q log n) for an agent
 * becoming ready in q queues (it takes the best head of its queues).
 */
#include <stdio.h>

#include "acd/acd.h"

size_t *cti__acd_member_pos(void *m)
{
	return &((struct acd_member *)m)->pos;
}

size_t *cti__acd_call_pos(void *c)
{
	return &((struct acd_call *)c)->pos;
}

/* Strategy order; ties go to the earlier login, so every order is total
 * and the result repeatable. */
bool cti__acd_member_before(const void *x, const void *y, const void *ctx)
{
	const struct acd_member *m = x, *n = y;
	const struct acd_queue *q = ctx;
	const struct acd_agent *a = m->a, *b = n->a;

	switch (q->cfg.strategy) {
	case CTI_ACD_FEWEST_CALLS:
		if (a->calls != b->calls)
			return a->calls < b->calls;
		break;
	case CTI_ACD_ROUND_ROBIN:
		if (m->last_offer != n->last_offer)
			return m->last_offer < n->last_offer;
		break;
	case CTI_ACD_LINEAR:
		return a->login_seq < b->login_seq;
	case CTI_ACD_WEIGHTED:
		if (m->level != n->level)
			return m->level > n->level;
		break;
	default: /* LONGEST_IDLE, RING_ALL; RANDOM picks at random (pick()) */
		break;
	}
	if (a->ready_since != b->ready_since)
		return a->ready_since < b->ready_since;
	return a->login_seq < b->login_seq;
}

bool cti__acd_call_before(const void *x, const void *y, const void *ctx)
{
	const struct acd_call *c = x, *d = y;

	(void)ctx;
	if (c->priority != d->priority)
		return c->priority > d->priority;
	if (c->arrival != d->arrival)
		return c->arrival < d->arrival;
	return c->id < d->id;
}

static void offer_one(struct cti_acd *acd, struct acd_call *c,
		      struct acd_agent *a, uint64_t now)
{
	struct cti_acd_event *e;

	for (size_t i = 0; i < a->n_mem; i++)
		if (a->mem[i].q == c->q)
			a->mem[i].last_offer = ++c->q->offer_seq;
	a->call = c;
	c->ringing[c->n_ringing++] = a;
	cti__acd_agent_set(acd, a, CTI_AGENT_RESERVED, 0, now);
	e = cti__acd_emit(acd, CTI_ACD_EV_OFFER, now);
	if (e) {
		e->call_id = c->id;
		snprintf(e->agent, sizeof(e->agent), "%s", a->name);
		snprintf(e->queue, sizeof(e->queue), "%s", c->q->name);
	}
}

void cti__acd_offer(struct cti_acd *acd, struct acd_call *c,
		    struct acd_agent *a, uint64_t now)
{
	if (c->pos != NOT_IN_HEAP)
		cti__heap_remove(&c->q->waiting, c);
	c->st = CALL_RINGING;
	c->n_ringing = 0;
	c->ring_gen = cti__acd_gen(acd);
	offer_one(acd, c, a, now);
	cti__acd_timer_add(acd, now + c->q->cfg.ring_ms, T_RING, c->id,
			   c->ring_gen);
}

/*
 * An agent leaving READY is not taken out of every queue's heap at once
 * (that would cost O(q log n) on each offer); its entries go stale and
 * are dropped here when they reach the top. The best ready agent, or NULL.
 */
struct acd_member *cti__acd_ready_top(struct acd_queue *q)
{
	struct acd_member *m;

	while ((m = cti__heap_top(&q->ready)) &&
	       m->a->state != CTI_AGENT_READY)
		cti__heap_pop(&q->ready);
	return m;
}

/* RANDOM: uniform over the ready agents, whatever their heap order. */
static struct acd_member *pick(struct cti_acd *acd, struct acd_queue *q)
{
	struct acd_member *m;

	if (q->cfg.strategy != CTI_ACD_RANDOM)
		return cti__acd_ready_top(q);
	while (q->ready.n) {
		acd->rng ^= acd->rng << 13;
		acd->rng ^= acd->rng >> 17;
		acd->rng ^= acd->rng << 5;
		m = q->ready.v[acd->rng % q->ready.n];
		if (m->a->state == CTI_AGENT_READY)
			return m;
		cti__heap_remove(&q->ready, m);
	}
	return NULL;
}

void cti__acd_route(struct cti_acd *acd, struct acd_call *c, uint64_t now)
{
	struct acd_queue *q = c->q;
	struct acd_member *m = pick(acd, q);

	if (!m) {
		if (c->pos == NOT_IN_HEAP)
			cti__heap_push(&q->waiting, c);
		c->st = CALL_WAITING;
		return;
	}
	cti__acd_offer(acd, c, m->a, now);
	if (q->cfg.strategy != CTI_ACD_RING_ALL)
		return;
	while ((m = cti__acd_ready_top(q)) &&
	       c->n_ringing < CTI_ACD_RING_ALL_MAX)
		offer_one(acd, c, m->a, now);
}

void cti__acd_cancel_offers(struct cti_acd *acd, struct acd_call *c,
			    struct acd_agent *keep, uint64_t now)
{
	size_t n = c->n_ringing;
	struct acd_agent *ring[CTI_ACD_RING_ALL_MAX];

	for (size_t i = 0; i < n; i++)
		ring[i] = c->ringing[i];
	c->n_ringing = 0;
	if (keep)
		c->ringing[c->n_ringing++] = keep;
	c->ring_gen = cti__acd_gen(acd); /* the ring timer no longer applies */
	c->st = keep ? c->st : CALL_WAITING;
	for (size_t i = 0; i < n; i++) {
		struct acd_agent *a = ring[i];
		struct cti_acd_event *e;

		if (a == keep)
			continue;
		a->call = NULL;
		e = cti__acd_emit(acd, CTI_ACD_EV_OFFER_CANCEL, now);
		if (e) {
			e->call_id = c->id;
			snprintf(e->agent, sizeof(e->agent), "%s", a->name);
			snprintf(e->queue, sizeof(e->queue), "%s", c->q->name);
		}
		if (a->state == CTI_AGENT_RESERVED)
			cti__acd_agent_available(acd, a, now);
	}
}

void cti__acd_withdraw(struct cti_acd *acd, struct acd_agent *a, bool announce,
		       uint64_t now)
{
	struct acd_call *c = a->call;
	struct cti_acd_event *e;
	size_t k = 0;

	if (!c)
		return;
	for (size_t i = 0; i < c->n_ringing; i++)
		if (c->ringing[i] != a)
			c->ringing[k++] = c->ringing[i];
	c->n_ringing = k;
	a->call = NULL;
	e = announce ? cti__acd_emit(acd, CTI_ACD_EV_OFFER_CANCEL, now) : NULL;
	if (e) {
		e->call_id = c->id;
		snprintf(e->agent, sizeof(e->agent), "%s", a->name);
		snprintf(e->queue, sizeof(e->queue), "%s", c->q->name);
	}
	if (!c->n_ringing) {
		c->ring_gen = cti__acd_gen(acd);
		c->st = CALL_WAITING;
		cti__acd_route(acd, c, now);
	}
}
