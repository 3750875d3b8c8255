// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Enumeration: every call, logged-in agent and queue with its figures,
 * for an operator's view (ctid's control socket). Each walk takes a
 * snapshot of what to visit first, so a callback may hang a call up or
 * log an agent out: what it removes is skipped, never touched freed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center/center.h"
#include "core/ctx.h"

CTI_EXTERN int cti_center_foreach_call(cti_center_t *cc, cti_center_call_fn fn,
				       void *user)
{
	struct cti_center_call_info info;
	cti_center_call_t *ids;
	size_t n;
	int visited = 0, rc = 0;

	if (!cc || !fn)
		return CTI_EINVAL;
	ids = cc__call_ids(cc, &n);
	if (!ids && cc->n_calls)
		return CTI_ENOMEM;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct cc_call *c = cc__call_find(cc, ids[i]);

		if (!c || c->state == CTI_CENTER_CALL_ENDED ||
		    cti_center_call_get(cc, ids[i], &info))
			continue;
		rc = fn(user, ids[i], &info);
		visited++;
	}
	free(ids);
	return rc ? rc : visited;
}

/* The engine call agent a's phone is on (ringing, talking, held, its
 * own outbound call), or 0. */
static cti_center_call_t agent_call_of(cti_center_t *cc, int a)
{
	for (size_t b = 0; b < CC_HASH; b++)
		for (const struct cc_call *c = cc->calls[b]; c; c = c->hnext) {
			if (c->state == CTI_CENTER_CALL_ENDED)
				continue;
			if (c->peer && c->peer->kind == LEG_AGENT &&
			    c->peer->agent == a)
				return c->id;
			for (uint32_t i = 0; i < c->n_ring; i++)
				if (c->ring[i]->agent == a)
					return c->id;
		}
	return 0;
}

/* a name kept across a callback that may move the agent table */
struct agent_name {
	char s[CTI_NAME_MAX];
};

static int by_login(const void *x, const void *y)
{
	const struct cc_agent *a = *(const struct cc_agent *const *)x;
	const struct cc_agent *b = *(const struct cc_agent *const *)y;

	return (a->login_seq > b->login_seq) - (a->login_seq < b->login_seq);
}

static void agent_info(cti_center_t *cc, const struct cc_agent *a,
		       cti_center_call_t call, struct cti_center_agent_info *o)
{
	memset(o, 0, sizeof(*o));
	snprintf(o->agent, sizeof(o->agent), "%s", a->name);
	if (a->ext >= 0)
		snprintf(o->extension, sizeof(o->extension), "%s",
			 cc->exts[a->ext].number);
	cti_acd_agent_get(cc->acd, a->name, cti_now_ms(cc->ctx), &o->state,
			  &o->reason, NULL);
	o->call = call;
	o->state_since_ms = a->state_since;
	o->answered = a->answered;
}

CTI_EXTERN int cti_center_foreach_agent(cti_center_t *cc,
					cti_center_agent_fn fn, void *user)
{
	struct cti_center_agent_info info;
	struct cc_agent **v;
	struct agent_name *names;
	size_t n = 0;
	int visited = 0, rc = 0;

	if (!cc || !fn)
		return CTI_EINVAL;
	if (!cc->n_agents)
		return 0;
	v = malloc(cc->n_agents * sizeof(*v));
	names = malloc(cc->n_agents * sizeof(*names));
	if (!v || !names) {
		free(v);
		free(names);
		return CTI_ENOMEM;
	}
	for (size_t i = 0; i < cc->n_agents; i++)
		if (cc->agents[i].logged_in)
			v[n++] = &cc->agents[i];
	qsort(v, n, sizeof(*v), by_login);
	/* names, not pointers: a callback's login may move the table */
	for (size_t i = 0; i < n; i++)
		memcpy(names[i].s, v[i]->name, CTI_NAME_MAX);
	for (size_t i = 0; i < n && !rc; i++) {
		int a = cc__agent_find(cc, names[i].s);

		if (a < 0 || !cc->agents[a].logged_in)
			continue;
		agent_info(cc, &cc->agents[a], agent_call_of(cc, a), &info);
		rc = fn(user, &info);
		visited++;
	}
	free(v);
	free(names);
	return rc ? rc : visited;
}

static void queue_info(cti_center_t *cc, int qi,
		       struct cti_center_queue_info *o)
{
	const struct cc_queue *q = &cc->queues[qi];
	uint64_t now = cti_now_ms(cc->ctx);

	memset(o, 0, sizeof(*o));
	snprintf(o->name, sizeof(o->name), "%s", q->name);
	for (size_t b = 0; b < CC_HASH; b++)
		for (const struct cc_call *c = cc->calls[b]; c; c = c->hnext)
			if (c->in_acd && c->queue == qi &&
			    (c->state == CTI_CENTER_CALL_QUEUED ||
			     c->state == CTI_CENTER_CALL_RINGING)) {
				o->waiting++;
				if (now - c->queued_ms > o->oldest_wait_ms)
					o->oldest_wait_ms = now - c->queued_ms;
			}
	for (size_t a = 0; a < cc->n_agents; a++) {
		uint32_t st;
		int32_t reason;

		if (!cc->agents[a].logged_in || !cc__qualifies(cc, (int)a, q))
			continue;
		o->staffed++;
		if (!cti_acd_agent_get(cc->acd, cc->agents[a].name, now, &st,
				       &reason, NULL) &&
		    st == CTI_AGENT_READY)
			o->ready++;
	}
	cti_acd_queue_stats(cc->acd, q->name, now, &o->current);
}

CTI_EXTERN int cti_center_foreach_queue(cti_center_t *cc,
					cti_center_queue_fn fn, void *user)
{
	struct cti_center_queue_info info;
	int visited = 0, rc = 0;

	if (!cc || !fn)
		return CTI_EINVAL;
	/* by index: the table only grows, a removed queue keeps its slot */
	for (size_t i = 0; i < cc->n_queues && !rc; i++) {
		if (cc->queues[i].removed || cc->queues[i].hidden)
			continue;
		queue_info(cc, (int)i, &info);
		rc = fn(user, &info);
		visited++;
	}
	return rc ? rc : visited;
}

CTI_EXTERN int cti_center_queue_get(cti_center_t *cc, const char *queue,
				    struct cti_center_queue_info *out)
{
	int i;

	if (!cc || !queue || !out)
		return CTI_EINVAL;
	if ((i = cc__queue_find(cc, queue)) < 0)
		return CTI_ENOENT;
	queue_info(cc, i, out);
	return 0;
}
