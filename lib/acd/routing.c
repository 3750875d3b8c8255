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


/* -1, 0 or 1 as x is below, equal to or above y */
#define CMP(x, y) (((x) > (y)) - ((x) < (y)))

static int fewest_calls(const struct acd_member *m, const struct acd_member *n)
{
	return CMP(m->a->calls, n->a->calls);
}

/* least recently offered a call of this queue */
static int round_robin(const struct acd_member *m, const struct acd_member *n)
{
	return CMP(m->last_offer, n->last_offer);
}

/* login order only: the first ready agent always wins */
static int linear(const struct acd_member *m, const struct acd_member *n)
{
	return CMP(m->a->login_seq, n->a->login_seq);
}

/* highest proficiency in the queue's skills first */
static int weighted(const struct acd_member *m, const struct acd_member *n)
{
	return CMP(n->level, m->level);
}

static struct acd_member *pick_random(struct cti_acd *acd,
				      struct acd_queue *q);

/* Indexed by enum cti_acd_strategy. */
static const struct acd_strategy strategies[] = {
	[CTI_ACD_LONGEST_IDLE] = { "longest-idle", NULL, NULL, false },
	[CTI_ACD_FEWEST_CALLS] = { "fewest-calls", fewest_calls, NULL, false },
	[CTI_ACD_ROUND_ROBIN] = { "round-robin", round_robin, NULL, false },
	[CTI_ACD_LINEAR] = { "linear", linear, NULL, false },
	[CTI_ACD_RANDOM] = { "random", NULL, pick_random, false },
	[CTI_ACD_WEIGHTED] = { "weighted", weighted, NULL, false },
	[CTI_ACD_RING_ALL] = { "ring-all", NULL, NULL, true },
};

_Static_assert(ARRAY_SIZE(strategies) == CTI_ACD_STRATEGIES,
	       "a strategy of enum cti_acd_strategy has no table entry");

const struct acd_strategy *cti__acd_strategy(uint32_t strategy)
{
	return strategy < ARRAY_SIZE(strategies) ? &strategies[strategy]
						 : NULL;
}

/* Strategy order; ties go to the longest idle, then the earlier login, so
 * every order is total and the result repeatable. */
bool cti__acd_member_less(const struct cti_heap_node *x,
			  const struct cti_heap_node *y, const void *ctx)
{
	const struct acd_member *m = cti_container_of(x, struct acd_member, hn);
	const struct acd_member *n = cti_container_of(y, struct acd_member, hn);
	const struct acd_queue *q = ctx;
	const struct acd_agent *a = m->a, *b = n->a;
	int c = q->strategy->cmp ? q->strategy->cmp(m, n) : 0;

	if (c)
		return c < 0;
	if (a->ready_since != b->ready_since)
		return a->ready_since < b->ready_since;
	return a->login_seq < b->login_seq;
}

bool cti__acd_call_before(const struct acd_call *c, const struct acd_call *d)
{
	if (c->priority != d->priority)
		return c->priority > d->priority;
	if (c->arrival != d->arrival)
		return c->arrival < d->arrival;
	return c->id < d->id;
}

bool cti__acd_call_less(const struct cti_heap_node *x,
			const struct cti_heap_node *y, const void *ctx)
{
	(void)ctx;
	return cti__acd_call_before(cti_container_of(x, struct acd_call, hn),
				    cti_container_of(y, struct acd_call, hn));
}

static void offer_one(struct cti_acd *acd, struct acd_call *c,
		      struct acd_agent *a, uint64_t now)
{
	for (size_t i = 0; i < a->n_mem; i++)
		if (a->mem[i].q == c->q)
			a->mem[i].last_offer = ++c->q->offer_seq;
	a->call = c;
	c->ringing[c->n_ringing++] = a;
	cti__acd_agent_set(acd, a, CTI_AGENT_RESERVED, 0, now);
	cti__acd_emit_offer(acd, CTI_ACD_EV_OFFER, c, a, now);
}

void cti__acd_offer(struct cti_acd *acd, struct acd_call *c,
		    struct acd_agent *a, uint64_t now)
{
	cti_heap_remove(&c->q->waiting, &c->hn);
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

	while ((m = cti__acd_member_of(cti_heap_min(&q->ready))) &&
	       m->a->state != CTI_AGENT_READY)
		cti_heap_remove(&q->ready, &m->hn);
	return m;
}

/* RANDOM: uniform over the ready agents, whatever their heap order. */
static struct acd_member *pick_random(struct cti_acd *acd,
				      struct acd_queue *q)
{
	struct acd_member *m;

	while (q->ready.n) {
		acd->rng ^= acd->rng << 13;
		acd->rng ^= acd->rng >> 17;
		acd->rng ^= acd->rng << 5;
		m = cti__acd_member_of(
			cti_heap_nth(&q->ready, acd->rng % q->ready.n));
		if (m->a->state == CTI_AGENT_READY)
			return m;
		cti_heap_remove(&q->ready, &m->hn);
	}
	return NULL;
}

void cti__acd_route(struct cti_acd *acd, struct acd_call *c, uint64_t now)
{
	struct acd_queue *q = c->q;
	struct acd_member *m = q->strategy->pick ? q->strategy->pick(acd, q)
						 : cti__acd_ready_top(q);

	if (!m) {
		if (!cti_heap_node_linked(&c->hn))
			cti_heap_insert(&q->waiting, &c->hn);
		c->st = CALL_WAITING;
		return;
	}
	cti__acd_offer(acd, c, m->a, now);
	if (!q->strategy->ring_all)
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

		if (a == keep)
			continue;
		a->call = NULL;
		cti__acd_emit_offer(acd, CTI_ACD_EV_OFFER_CANCEL, c, a, now);
		if (a->state == CTI_AGENT_RESERVED)
			cti__acd_agent_available(acd, a, now);
	}
}

void cti__acd_withdraw(struct cti_acd *acd, struct acd_agent *a, bool announce,
		       uint64_t now)
{
	struct acd_call *c = a->call;
	size_t k = 0;

	if (!c)
		return;
	for (size_t i = 0; i < c->n_ringing; i++)
		if (c->ringing[i] != a)
			c->ringing[k++] = c->ringing[i];
	c->n_ringing = k;
	a->call = NULL;
	if (announce)
		cti__acd_emit_offer(acd, CTI_ACD_EV_OFFER_CANCEL, c, a, now);
	if (!c->n_ringing) {
		c->ring_gen = cti__acd_gen(acd);
		c->st = CALL_WAITING;
		cti__acd_route(acd, c, now);
	}
}
