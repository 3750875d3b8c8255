// SPDX-License-Identifier: LGPL-2.1-or-later
/* Agents: login, states and their timestamps, membership in the queues
 * they qualify for, supervisor actions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acd/acd.h"
#include "core/ctx.h"

static int agent_is(const void *val, const void *arg)
{
	return !strcmp(((const struct acd_agent *)val)->name, arg);
}

static bool name_ok_agent(const char *s)
{
	return s && *s && strlen(s) < CTI_NAME_MAX;
}

static struct acd_agent *agent_by_name(struct cti_acd *acd, const char *name)
{
	return name ? cti__map_get(&acd->agents, cti__map_hash_str(name),
				   agent_is, name)
		    : NULL;
}

/* Every required skill at the required level; *level: the lowest of the
 * agent's levels in them (WEIGHTED ranks by it). */
bool cti__acd_qualifies(const struct acd_agent *a, const struct acd_queue *q,
			uint8_t *level)
{
	uint8_t low = 10;

	for (uint32_t i = 0; i < q->cfg.n_skills; i++) {
		const struct cti_acd_skill *need = &q->cfg.skills[i];
		uint8_t have = 0;

		for (size_t k = 0; k < a->n_skills; k++)
			if (a->skills[k].skill == need->skill)
				have = a->skills[k].level;
		if (have < need->level)
			return false;
		if (have < low)
			low = have;
	}
	*level = low;
	return true;
}

int cti__acd_member_add(struct acd_agent *a, struct acd_queue *q)
{
	struct acd_member *m;
	uint8_t level;

	if (!cti__acd_qualifies(a, q, &level))
		return 0;
	if (a->n_mem == a->cap_mem) {
		/* members are pointed at by heaps: grow only while none is
		 * in one (at login, or adding a queue to a non-ready agent) */
		size_t cap = a->cap_mem ? 2 * a->cap_mem : 8;
		struct acd_member *v;

		for (size_t i = 0; i < a->n_mem; i++)
			cti_heap_remove(&a->mem[i].q->ready, &a->mem[i].hn);
		v = realloc(a->mem, cap * sizeof(*v));
		if (!v)
			return CTI_ENOMEM;
		a->mem = v;
		a->cap_mem = cap;
		/* the queues' member lists point into the old array */
		for (size_t i = 0; i < a->n_mem; i++) {
			struct acd_queue *mq = a->mem[i].q;

			for (size_t k = 0; k < mq->n_members; k++)
				if (mq->members[k]->a == a)
					mq->members[k] = &a->mem[i];
		}
		if (a->state == CTI_AGENT_READY)
			for (size_t i = 0; i < a->n_mem; i++)
				cti_heap_insert(&a->mem[i].q->ready,
						&a->mem[i].hn);
	}
	if (q->n_members == q->cap_members) {
		size_t cap = q->cap_members ? 2 * q->cap_members : 8;
		struct acd_member **v =
			realloc(q->members, cap * sizeof(*v));

		if (!v)
			return CTI_ENOMEM;
		q->members = v;
		q->cap_members = cap;
	}
	m = &a->mem[a->n_mem++];
	*m = (struct acd_member){ .a = a, .q = q, .level = level };
	cti_heap_node_init(&m->hn);
	q->members[q->n_members++] = m;
	if (a->state == CTI_AGENT_READY)
		return cti_heap_insert(&q->ready, &m->hn);
	return 0;
}

/* Take the agent out of one queue; the other queues' lists are kept
 * pointing at its members, which move in its array. */
void cti__acd_member_remove(struct acd_agent *a, struct acd_queue *q)
{
	size_t i = 0;

	while (i < a->n_mem && a->mem[i].q != q)
		i++;
	if (i == a->n_mem)
		return;
	/* heaps point at the members: out of all of them while they move */
	cti__acd_agent_unready(a);
	for (size_t k = 0; k < q->n_members; k++)
		if (q->members[k] == &a->mem[i]) {
			q->members[k] = q->members[--q->n_members];
			break;
		}
	a->n_mem--;
	if (i != a->n_mem) {
		struct acd_queue *mq = a->mem[a->n_mem].q;

		a->mem[i] = a->mem[a->n_mem];
		cti_heap_node_init(&a->mem[i].hn);
		for (size_t k = 0; k < mq->n_members; k++)
			if (mq->members[k] == &a->mem[a->n_mem])
				mq->members[k] = &a->mem[i];
	}
	if (a->state == CTI_AGENT_READY)
		for (size_t k = 0; k < a->n_mem; k++)
			cti_heap_insert(&a->mem[k].q->ready, &a->mem[k].hn);
}

static void members_drop(struct acd_agent *a)
{
	for (size_t i = 0; i < a->n_mem; i++) {
		struct acd_member *m = &a->mem[i];
		struct acd_queue *q = m->q;

		cti_heap_remove(&q->ready, &m->hn);
		for (size_t k = 0; k < q->n_members; k++)
			if (q->members[k] == m) {
				q->members[k] = q->members[--q->n_members];
				break;
			}
	}
	a->n_mem = 0;
}

/* Out of every ready heap now (logout, realloc); leaving READY in the
 * routing path leaves stale entries instead (cti__acd_ready_top). */
void cti__acd_agent_unready(struct acd_agent *a)
{
	for (size_t i = 0; i < a->n_mem; i++)
		cti_heap_remove(&a->mem[i].q->ready, &a->mem[i].hn);
}

/* Occupancy counts handling time against handling plus available time. */
static void account(struct cti_acd *acd, enum cti_agent_state st,
		    uint64_t ms)
{
	switch (st) {
	case CTI_AGENT_TALKING:
	case CTI_AGENT_HOLD:
	case CTI_AGENT_WRAP_UP:
		acd->busy_ms += ms;
		break;
	case CTI_AGENT_READY:
	case CTI_AGENT_RESERVED:
		acd->avail_ms += ms;
		break;
	default:
		break;
	}
}

void cti__acd_agent_set(struct cti_acd *acd, struct acd_agent *a,
			enum cti_agent_state st, int reason, uint64_t now)
{
	struct cti_acd_event *e;
	uint64_t ms = now > a->since ? now - a->since : 0;

	a->state_ms[a->state] += ms;
	account(acd, a->state, ms);
	a->since = now;
	acd_log(acd, CTI_LOG_DEBUG,
		"agent %s: state %d -> %d (reason %d) at %llu ms", a->name,
		(int)a->state, (int)st, reason, (unsigned long long)now);
	a->state = st;
	a->reason = reason;
	e = cti__acd_emit(acd, CTI_ACD_EV_AGENT_STATE, now);
	if (e) {
		snprintf(e->agent, sizeof(e->agent), "%s", a->name);
		e->state = st;
		e->reason = reason;
		e->call_id = a->call ? a->call->id : 0;
	}
}

/* The best waiting call among the agent's queues: queue priority, then
 * caller priority, then arrival. */
struct acd_call *cti__acd_best_waiting(struct acd_agent *a)
{
	struct acd_call *best = NULL;
	const struct acd_queue *bq = NULL;

	for (size_t i = 0; i < a->n_mem; i++) {
		struct acd_queue *q = a->mem[i].q;
		struct acd_call *c = cti__acd_call_of(cti_heap_min(&q->waiting));

		if (!c)
			continue;
		if (!best || q->cfg.priority > bq->cfg.priority ||
		    (q->cfg.priority == bq->cfg.priority &&
		     cti__acd_call_before(c, best))) {
			best = c;
			bq = q;
		}
	}
	return best;
}

void cti__acd_agent_available(struct cti_acd *acd, struct acd_agent *a,
			      uint64_t now)
{
	struct acd_call *c;

	cti__acd_agent_set(acd, a, CTI_AGENT_READY, 0, now);
	a->call = NULL;
	a->ready_since = now;
	c = cti__acd_best_waiting(a);
	if (c) {
		cti__acd_offer(acd, c, a, now);
		return;
	}
	/* its entries left from before are stale (old key): renew them */
	for (size_t i = 0; i < a->n_mem; i++) {
		cti_heap_remove(&a->mem[i].q->ready, &a->mem[i].hn);
		cti_heap_insert(&a->mem[i].q->ready, &a->mem[i].hn);
	}
}

CTI_EXTERN int cti_acd_agent_login(cti_acd_t *acd, const char *agent,
				   const struct cti_acd_skill *skills,
				   size_t n, uint64_t now_ms)
{
	struct acd_agent *a;

	if (!acd || !name_ok_agent(agent) || n > ACD_MAX_AGENT_SKILLS ||
	    (n && !skills))
		return CTI_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!skills[i].skill || skills[i].level < 1 ||
		    skills[i].level > 10)
			return CTI_EINVAL;
	cti__acd_sync(acd, now_ms);
	a = agent_by_name(acd, agent);
	if (a && a->logged_in)
		return CTI_EALREADY;
	if (!a) {
		a = calloc(1, sizeof(*a));
		if (!a)
			return CTI_ENOMEM;
		snprintf(a->name, sizeof(a->name), "%s", agent);
		if (cti__map_put(&acd->agents, cti__map_hash_str(a->name), a)) {
			free(a);
			return CTI_ENOMEM;
		}
	}
	/* memcpy's arguments must be valid pointers even for 0 bytes
	 * (C11 7.24.1p2): an agent without skills passes NULL */
	if (n)
		memcpy(a->skills, skills, n * sizeof(*skills));
	a->n_skills = n;
	a->logged_in = true;
	a->login_seq = ++acd->login_seq;
	a->login_ms = a->since = now_ms;
	memset(a->state_ms, 0, sizeof(a->state_ms));
	a->calls = 0;
	a->call = NULL;
	a->state = CTI_AGENT_LOGGED_OUT;
	for (size_t i = 0; i < acd->n_queues; i++)
		if (cti__acd_member_add(a, acd->qlist[i])) {
			members_drop(a);
			a->logged_in = false;
			return CTI_ENOMEM;
		}
	cti__acd_agent_set(acd, a, CTI_AGENT_NOT_READY, 0, now_ms);
	return 0;
}

static struct acd_agent *logged_in(struct cti_acd *acd, const char *name,
				   uint64_t now)
{
	struct acd_agent *a;

	if (!acd)
		return NULL;
	cti__acd_sync(acd, now);
	a = agent_by_name(acd, name);

	return a && a->logged_in ? a : NULL;
}

CTI_EXTERN int cti_acd_agent_logout(cti_acd_t *acd, const char *agent,
				    uint64_t now_ms)
{
	struct acd_agent *a = logged_in(acd, agent, now_ms);

	if (!a)
		return CTI_ENOENT;
	if (a->state == CTI_AGENT_RESERVED || a->state == CTI_AGENT_TALKING ||
	    a->state == CTI_AGENT_HOLD)
		return CTI_ESTATE;
	if (a->state == CTI_AGENT_WRAP_UP && a->call)
		cti__acd_wrap_finish(acd, a, now_ms);
	a->gen = cti__acd_gen(acd);
	cti__acd_agent_set(acd, a, CTI_AGENT_LOGGED_OUT, 0, now_ms);
	members_drop(a);
	a->logged_in = false;
	return 0;
}

CTI_EXTERN int cti_acd_agent_ready(cti_acd_t *acd, const char *agent,
				   uint64_t now_ms)
{
	struct acd_agent *a = logged_in(acd, agent, now_ms);

	if (!a)
		return CTI_ENOENT;
	if (a->state == CTI_AGENT_WRAP_UP && a->call)
		cti__acd_wrap_finish(acd, a, now_ms);
	if (a->state != CTI_AGENT_NOT_READY && a->state != CTI_AGENT_WRAP_UP)
		return CTI_ESTATE;
	cti__acd_agent_available(acd, a, now_ms);
	return 0;
}

CTI_EXTERN int cti_acd_agent_not_ready(cti_acd_t *acd, const char *agent,
				       int32_t reason, uint64_t now_ms)
{
	struct acd_agent *a = logged_in(acd, agent, now_ms);

	if (!a)
		return CTI_ENOENT;
	if (a->state == CTI_AGENT_WRAP_UP && a->call) {
		/* the call's record closes now; the agent stays away */
		cti__acd_wrap_finish(acd, a, now_ms);
		cti__acd_agent_set(acd, a, CTI_AGENT_NOT_READY, reason,
				   now_ms);
		return 0;
	}
	if (a->state != CTI_AGENT_READY && a->state != CTI_AGENT_WRAP_UP &&
	    a->state != CTI_AGENT_NOT_READY)
		return CTI_ESTATE;
	cti__acd_agent_set(acd, a, CTI_AGENT_NOT_READY, reason, now_ms);
	return 0;
}

CTI_EXTERN int cti_acd_supervisor_force(cti_acd_t *acd, const char *agent,
					uint32_t state, int32_t reason,
					uint64_t now_ms)
{
	struct acd_agent *a = logged_in(acd, agent, now_ms);

	if (!a)
		return CTI_ENOENT;
	if (state != CTI_AGENT_READY && state != CTI_AGENT_NOT_READY &&
	    state != CTI_AGENT_LOGGED_OUT)
		return CTI_EINVAL;
	if (a->state == CTI_AGENT_TALKING || a->state == CTI_AGENT_HOLD)
		return CTI_ESTATE;
	if (a->state == CTI_AGENT_RESERVED) {
		/* the offer is withdrawn: the call goes back to its queue;
		 * NOT_READY once (below, when that is the state asked for) */
		cti__acd_withdraw(acd, a, true, now_ms);
		if (state != CTI_AGENT_NOT_READY)
			cti__acd_agent_set(acd, a, CTI_AGENT_NOT_READY, reason,
					   now_ms);
	}
	if (state == CTI_AGENT_LOGGED_OUT)
		return cti_acd_agent_logout(acd, agent, now_ms);
	if (state == CTI_AGENT_READY) {
		if (a->state == CTI_AGENT_READY)
			return 0;
		if (a->state == CTI_AGENT_WRAP_UP && a->call)
			cti__acd_wrap_finish(acd, a, now_ms);
		cti__acd_agent_available(acd, a, now_ms);
		return 0;
	}
	if (a->state == CTI_AGENT_WRAP_UP && a->call)
		cti__acd_wrap_finish(acd, a, now_ms);
	cti__acd_agent_set(acd, a, CTI_AGENT_NOT_READY, reason, now_ms);
	return 0;
}

CTI_EXTERN int cti_acd_supervisor_request(cti_acd_t *acd, const char *agent,
					  const char *action, uint64_t now_ms)
{
	struct acd_agent *a = logged_in(acd, agent, now_ms);
	struct cti_acd_event *e;

	if (!a)
		return CTI_ENOENT;
	if (!action || !*action || strlen(action) >= CTI_NAME_MAX)
		return CTI_EINVAL;
	if (a->state != CTI_AGENT_TALKING && a->state != CTI_AGENT_HOLD)
		return CTI_ESTATE;
	e = cti__acd_emit(acd, CTI_ACD_EV_SUPERVISOR, now_ms);
	if (!e)
		return CTI_ENOMEM;
	snprintf(e->agent, sizeof(e->agent), "%s", a->name);
	snprintf(e->action, sizeof(e->action), "%s", action);
	e->call_id = a->call ? a->call->id : 0;
	return 0;
}

CTI_EXTERN int cti_acd_agent_get(cti_acd_t *acd, const char *agent,
				 uint64_t now_ms, uint32_t *state,
				 int32_t *reason, uint64_t ms[CTI_AGENT_STATES])
{
	struct acd_agent *a = acd ? agent_by_name(acd, agent) : NULL;

	if (!a)
		return CTI_ENOENT;
	if (state)
		*state = (uint32_t)a->state;
	if (reason)
		*reason = a->reason;
	if (ms) {
		memcpy(ms, a->state_ms, sizeof(a->state_ms));
		if (a->logged_in && now_ms > a->since)
			ms[a->state] += now_ms - a->since;
	}
	return 0;
}
