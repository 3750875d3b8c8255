// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reconfiguration while calls are in progress: a queue changed in place
 * (its waiting calls keep their order and arrival times), a queue
 * removed once nothing is in it or points at it, an agent's skills
 * changed for its next offer, and the wrap-up code of an agent's last
 * call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acd/acd.h"

/* Slot i of the agent table: a logged-in agent, or NULL. */
static struct acd_agent *agent_at(const struct cti_acd *acd, size_t i)
{
	struct acd_agent *a = acd->agents.s[i].val;

	return a && a != MAP_GONE && a->logged_in ? a : NULL;
}

/* Slot i of the call table: a call, or NULL. */
static struct acd_call *call_at(const struct cti_acd *acd, size_t i)
{
	struct acd_call *c = acd->calls.s[i].val;

	return c && c != MAP_GONE ? c : NULL;
}

/* The agent's membership of q as its skills now say: in, out, or in at
 * another level (WEIGHTED's order). */
static int membership_renew(struct acd_agent *a, struct acd_queue *q)
{
	cti__acd_member_remove(a, q);
	return cti__acd_member_add(a, q);
}

/* Calls that wait while a ready agent now qualifies are offered. */
static void route_waiting(struct cti_acd *acd, struct acd_queue *q,
			  uint64_t now)
{
	struct acd_call *c;

	while ((c = cti__acd_call_of(cti_heap_min(&q->waiting))) &&
	       cti__acd_ready_top(q)) {
		cti__acd_route(acd, c, now);
		if (c->st == CALL_WAITING)
			break; /* RANDOM found nobody after all */
	}
}

CTI_EXTERN int cti_acd_queue_update(cti_acd_t *acd,
				    const struct cti_acd_queue_config *cfg,
				    uint64_t now_ms)
{
	struct acd_queue *q, *t[CTI_ACD_MAX_OVERFLOW] = { NULL };
	struct acd_agent *a;
	struct acd_call *c;
	int rc;

	if (!acd || !cfg)
		return CTI_EINVAL;
	cti__acd_sync(acd, now_ms);
	q = cti__acd_queue(acd, cfg->name);
	if (!q)
		return cfg->name ? CTI_ENOENT : CTI_EINVAL;
	if ((rc = cti__acd_queue_check(acd, cfg, q, t)))
		return rc;
	cti__acd_queue_set(q, cfg, t);
	/* the skills decide who is a member, the strategy the ready order */
	for (size_t i = 0; i < acd->agents.cap; i++)
		if ((a = agent_at(acd, i)) && (rc = membership_renew(a, q)))
			return rc;
	/* waiting calls keep their heap (priority, then arrival); their
	 * max-wait and overflow timers start again from their entry under
	 * the new settings. An offer in progress and a call being handled
	 * keep theirs. */
	for (size_t i = 0; i < acd->calls.cap; i++) {
		c = call_at(acd, i);
		if (!c || c->q != q ||
		    (c->st != CALL_WAITING && c->st != CALL_RINGING))
			continue;
		c->gen = cti__acd_gen(acd);
		if (c->ovf_step > q->cfg.n_overflow)
			c->ovf_step = q->cfg.n_overflow;
		cti__acd_arm_queue_timers(acd, c);
	}
	route_waiting(acd, q, now_ms);
	acd_log(acd, CTI_LOG_INFO, "queue %s updated at %llu ms", q->name,
		(unsigned long long)now_ms);
	return 0;
}

/* Something still needs q: a call in it (waiting, ringing, handled or in
 * wrap-up) or another queue's overflow step. */
static bool queue_busy(struct cti_acd *acd, const struct acd_queue *q)
{
	for (size_t i = 0; i < acd->calls.cap; i++) {
		const struct acd_call *c = call_at(acd, i);

		if (c && c->q == q)
			return true;
	}
	for (size_t i = 0; i < acd->n_queues; i++)
		for (uint32_t k = 0; k < acd->qlist[i]->cfg.n_overflow; k++)
			if (acd->qlist[i]->ovf[k] == q)
				return true;
	return false;
}

CTI_EXTERN int cti_acd_queue_remove(cti_acd_t *acd, const char *queue,
				    uint64_t now_ms)
{
	struct acd_queue *q;
	struct acd_agent *a;
	struct cti_acd_event *e;
	size_t i = 0;

	if (!acd || !queue)
		return CTI_EINVAL;
	cti__acd_sync(acd, now_ms);
	q = cti__acd_queue(acd, queue);
	if (!q)
		return CTI_ENOENT;
	if (queue_busy(acd, q))
		return CTI_EBUSY;
	/* its statistics so far are reported, not lost */
	e = cti__acd_emit(acd, CTI_ACD_EV_INTERVAL, now_ms);
	if (e) {
		cti__acd_interval_fill(acd, q, now_ms, &e->u.interval);
		memcpy(e->queue, q->name, sizeof(e->queue));
	}
	for (size_t k = 0; k < acd->agents.cap; k++)
		if ((a = agent_at(acd, k)))
			cti__acd_member_remove(a, q);
	while (acd->qlist[i] != q)
		i++;
	memmove(&acd->qlist[i], &acd->qlist[i + 1],
		(acd->n_queues - i - 1) * sizeof(acd->qlist[0]));
	acd->n_queues--;
	cti__map_del(&acd->queues, cti__map_hash_str(q->name), q);
	acd_log(acd, CTI_LOG_INFO, "queue %s removed at %llu ms", q->name,
		(unsigned long long)now_ms);
	cti__acd_queue_free(q);
	return 0;
}

static struct acd_agent *agent_in(struct cti_acd *acd, const char *name)
{
	for (size_t i = 0; i < acd->agents.cap; i++) {
		struct acd_agent *a = agent_at(acd, i);

		if (a && !strcmp(a->name, name))
			return a;
	}
	return NULL;
}

CTI_EXTERN int cti_acd_agent_set_skills(cti_acd_t *acd, const char *agent,
					const struct cti_acd_skill *skills,
					size_t n, uint64_t now_ms)
{
	struct acd_agent *a;
	struct acd_call *c;
	int rc;

	if (!acd || !agent || n > ACD_MAX_AGENT_SKILLS || (n && !skills) ||
	    !cti__acd_skills_ok(skills, n))
		return CTI_EINVAL;
	cti__acd_sync(acd, now_ms);
	a = agent_in(acd, agent);
	if (!a)
		return CTI_ENOENT;
	if (n)
		memcpy(a->skills, skills, n * sizeof(*skills));
	a->n_skills = n;
	for (size_t i = 0; i < acd->n_queues; i++)
		if ((rc = membership_renew(a, acd->qlist[i])))
			return rc;
	/* a ready agent may now qualify for a call that waits */
	if (a->state == CTI_AGENT_READY && (c = cti__acd_best_waiting(a)))
		cti__acd_offer(acd, c, a, now_ms);
	return 0;
}

CTI_EXTERN int cti_acd_agent_wrap_code(cti_acd_t *acd, const char *agent,
				       int32_t code, uint64_t now_ms)
{
	struct acd_agent *a;

	if (!acd || !agent)
		return CTI_EINVAL;
	cti__acd_sync(acd, now_ms);
	a = agent_in(acd, agent);
	if (!a)
		return CTI_ENOENT;
	if (a->state != CTI_AGENT_WRAP_UP || !a->call)
		return CTI_ESTATE;
	a->call->wrap_code = code;
	return 0;
}
