// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reconfiguration while calls are in progress (ctid's reload) and
 * stopping (its SIGTERM drain). Nothing in progress is dropped: a call
 * keeps the flow object it started; a queue changes in place in the ACD
 * so its waiting calls keep their order; what something still points at
 * is refused with CTI_EBUSY. Removed flows, queues, schedules and
 * extensions keep their slot (name "") so the indices that routes,
 * targets and calls hold never move.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center/center.h"
#include "core/ctx.h"

void cc__agent_skills_keep(struct cc_agent *a,
			   const struct cti_acd_skill *skills, size_t n)
{
	a->n_skills = (uint32_t)n;
	if (n)
		memcpy(a->skills, skills, n * sizeof(a->skills[0]));
}

size_t cc__agent_skills_all(int i, const struct cti_acd_skill *skills, size_t n,
			    struct cti_acd_skill *all)
{
	size_t k = n;

	if (n)
		memcpy(all, skills, n * sizeof(all[0]));
	if (CC_OWN_SKILL(i) <= CTI_ACD_MAX_SKILL)
		all[k++] = (struct cti_acd_skill){
			.skill = (uint16_t)CC_OWN_SKILL(i), .level = 1
		};
	return k;
}

static bool target_is(const struct cc_target *t, int kind, int index)
{
	return t->kind == kind && t->index == index;
}

/* A route, or a queue's exit or escape, targets (kind, index). */
static bool targeted(const cti_center_t *cc, int kind, int index)
{
	for (size_t i = 0; i < cc->n_routes; i++)
		if (target_is(&cc->routes[i].open, kind, index) ||
		    (cc->routes[i].sched >= 0 &&
		     target_is(&cc->routes[i].closed, kind, index)))
			return true;
	for (size_t i = 0; i < cc->n_queues; i++) {
		const struct cc_queue *q = &cc->queues[i];

		if (q->removed)
			continue;
		if ((q->has_exit && target_is(&q->exit, kind, index)) ||
		    (q->escape_digit && target_is(&q->escape, kind, index)))
			return true;
	}
	return false;
}

/* ---- flows -------------------------------------------------------------- */

CTI_EXTERN int cti_center_flow_replace(cti_center_t *cc, const char *name,
				       const cti_flow_t *flow)
{
	int f;

	if (!cc || !name || !flow)
		return CTI_EINVAL;
	if ((f = cc__flow_find(cc, name)) < 0)
		return CTI_ENOENT;
	cc->flows[f].flow = flow;
	cti__log(cc->ctx, CTI_LOG_INFO, "center", "flow %s replaced", name);
	return 0;
}

CTI_EXTERN int cti_center_flow_remove(cti_center_t *cc, const char *name)
{
	int f;

	if (!cc || !name)
		return CTI_EINVAL;
	if ((f = cc__flow_find(cc, name)) < 0)
		return CTI_ENOENT;
	if (targeted(cc, CC_TO_FLOW, f))
		return CTI_EBUSY;
	cc->flows[f].name[0] = 0;
	cc->flows[f].flow = NULL;
	cti__log(cc->ctx, CTI_LOG_INFO, "center", "flow %s removed", name);
	return 0;
}

CTI_EXTERN bool cti_center_flow_in_use(cti_center_t *cc, const cti_flow_t *flow)
{
	if (!cc || !flow)
		return false;
	for (size_t b = 0; b < CC_HASH; b++)
		for (const struct cc_call *c = cc->calls[b]; c; c = c->hnext)
			if (c->run && c->flow == flow)
				return true;
	return false;
}

/* ---- queues ------------------------------------------------------------- */

static int visible_queue(const cti_center_t *cc, const char *name)
{
	int q = name ? cc__queue_find(cc, name) : CTI_EINVAL;

	if (q == -1)
		return CTI_ENOENT;
	return q >= 0 && cc->queues[q].hidden ? CTI_EINVAL : q;
}

CTI_EXTERN int cti_center_queue_update(cti_center_t *cc,
				       const struct cti_center_queue_config *q)
{
	struct cc_queue tmp;
	int i, rc;

	if (!cc || !q)
		return CTI_EINVAL;
	if ((i = visible_queue(cc, q->acd.name)) < 0)
		return i;
	if ((rc = cc__queue_make(cc, q, &tmp)))
		return rc;
	if ((rc = cti_acd_queue_update(cc->acd, &q->acd, cti_now_ms(cc->ctx))))
		return rc;
	/* calls in treatment read these as they go: the next announcement
	 * follows the new settings, the music continues where it was */
	cc->queues[i] = tmp;
	cti__log(cc->ctx, CTI_LOG_INFO, "center", "queue %s updated", tmp.name);
	cc__acd_drain(cc); /* offers to agents who now qualify */
	return 0;
}

CTI_EXTERN int cti_center_queue_remove(cti_center_t *cc, const char *name)
{
	int i, rc;

	if (!cc)
		return CTI_EINVAL;
	if ((i = visible_queue(cc, name)) < 0)
		return i;
	if (targeted(cc, CC_TO_QUEUE, i))
		return CTI_EBUSY;
	/* the ACD knows what is in it, wrap-up included, and its overflow */
	if ((rc = cti_acd_queue_remove(cc->acd, name, cti_now_ms(cc->ctx))))
		return rc;
	cti__log(cc->ctx, CTI_LOG_INFO, "center", "queue %s removed", name);
	cc->queues[i].removed = true;
	cc->queues[i].name[0] = 0;
	cc->queues[i].n_skills = 0;
	cc__acd_drain(cc); /* its interval so far */
	return 0;
}

/* ---- schedules, routes, extensions, agents ------------------------------ */

CTI_EXTERN int
cti_center_schedule_replace(cti_center_t *cc,
			    const struct cti_center_schedule_config *s)
{
	struct cc_sched tmp;
	int i, rc;

	if (!cc || !s || !s->name)
		return CTI_EINVAL;
	if ((i = cc__sched_find(cc, s->name)) < 0)
		return CTI_ENOENT;
	if ((rc = cc__sched_make(s, &tmp)))
		return rc;
	cc->scheds[i] = tmp;
	return 0;
}

CTI_EXTERN int cti_center_schedule_remove(cti_center_t *cc, const char *name)
{
	int i;

	if (!cc || !name)
		return CTI_EINVAL;
	if ((i = cc__sched_find(cc, name)) < 0)
		return CTI_ENOENT;
	for (size_t r = 0; r < cc->n_routes; r++)
		if (cc->routes[r].sched == i)
			return CTI_EBUSY;
	cc->scheds[i].name[0] = 0;
	return 0;
}

CTI_EXTERN int cti_center_routes_clear(cti_center_t *cc)
{
	if (!cc)
		return CTI_EINVAL;
	/* a routed call holds its target, not the route */
	free(cc->routes);
	cc->routes = NULL;
	cc->n_routes = 0;
	return 0;
}

CTI_EXTERN int cti_center_extension_remove(cti_center_t *cc, const char *number)
{
	int e;

	if (!cc || !number)
		return CTI_EINVAL;
	if (!*number || (e = cc__ext_find(cc, number)) < 0)
		return CTI_ENOENT;
	if (cc->exts[e].agent >= 0)
		return CTI_EBUSY;
	cc->exts[e].number[0] = 0;
	return 0;
}

CTI_EXTERN int cti_center_agent_set_skills(cti_center_t *cc, const char *agent,
					   const struct cti_acd_skill *skills,
					   size_t n)
{
	struct cti_acd_skill all[CC_AGENT_SKILLS + 1];
	int i, rc;

	if (!cc || !agent || n > CC_AGENT_SKILLS || (n && !skills))
		return CTI_EINVAL;
	i = cc__agent_find(cc, agent);
	if (i < 0 || !cc->agents[i].logged_in)
		return CTI_ENOENT;
	rc = cti_acd_agent_set_skills(cc->acd, agent, all,
				      cc__agent_skills_all(i, skills, n, all),
				      cti_now_ms(cc->ctx));
	if (rc)
		return rc;
	cc__agent_skills_keep(&cc->agents[i], skills, n);
	cc__acd_drain(cc); /* an offer it now qualifies for */
	return 0;
}

CTI_EXTERN int cti_center_agent_wrap_code(cti_center_t *cc, const char *agent,
					  int32_t code)
{
	if (!cc || !agent)
		return CTI_EINVAL;
	return cti_acd_agent_wrap_code(cc->acd, agent, code,
				       cti_now_ms(cc->ctx));
}

/* ---- stopping ------------------------------------------------------------ */

CTI_EXTERN int cti_center_refuse_new(cti_center_t *cc, int cause)
{
	if (!cc || cause < 0 || cause > 127)
		return CTI_EINVAL;
	cc->refuse_cause = cause;
	cti__log(cc->ctx, CTI_LOG_NOTICE, "center",
		 cause ? "new calls refused (cause %d)" : "new calls accepted",
		 cause);
	return 0;
}

static int by_id(const void *x, const void *y)
{
	cti_center_call_t a = *(const cti_center_call_t *)x;
	cti_center_call_t b = *(const cti_center_call_t *)y;

	return (a > b) - (a < b);
}

/* The ids of the calls not ENDED, in order, in a new array (*n of them);
 * NULL with *n 0 when there are none or memory is short. */
cti_center_call_t *cc__call_ids(cti_center_t *cc, size_t *n)
{
	cti_center_call_t *ids =
		cc->n_calls ? malloc(cc->n_calls * sizeof(*ids)) : NULL;

	*n = 0;
	if (!ids)
		return NULL;
	for (size_t b = 0; b < CC_HASH; b++)
		for (const struct cc_call *c = cc->calls[b]; c; c = c->hnext)
			if (c->state != CTI_CENTER_CALL_ENDED)
				ids[(*n)++] = c->id;
	qsort(ids, *n, sizeof(*ids), by_id);
	return ids;
}

CTI_EXTERN int cti_center_hangup_all(cti_center_t *cc, int cause)
{
	cti_center_call_t *ids;
	size_t n;
	int done = 0;

	if (!cc || cause < 0 || cause > 127)
		return CTI_EINVAL;
	if (!cause)
		cause = CTI_CAUSE_NORMAL_CLEARING;
	ids = cc__call_ids(cc, &n);
	if (!ids && cc->n_calls)
		return CTI_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		/* ending one call may end another (a consultation) */
		struct cc_call *c = cc__call_find(cc, ids[i]);

		if (!c || c->state == CTI_CENTER_CALL_ENDED)
			continue;
		cc__end_call(cc, c, cause);
		done++;
	}
	free(ids);
	/* wrap-up of what was cleared, and of earlier calls: their CDRs now */
	for (size_t a = 0; a < cc->n_agents; a++) {
		uint32_t st;
		int32_t reason;

		if (cc->agents[a].logged_in &&
		    !cti_acd_agent_get(cc->acd, cc->agents[a].name,
				       cti_now_ms(cc->ctx), &st, &reason,
				       NULL) &&
		    st == CTI_AGENT_WRAP_UP)
			cti_acd_agent_ready(cc->acd, cc->agents[a].name,
					    cti_now_ms(cc->ctx));
	}
	cc__acd_drain(cc);
	cti__log(cc->ctx, CTI_LOG_NOTICE, "center",
		 "%d calls cleared (cause %d)", done, cause);
	return done;
}
