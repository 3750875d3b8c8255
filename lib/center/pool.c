// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The pooled Erlang C. The ACD's per-queue expectation counts an agent
 * who serves several queues as if it served each one alone, and
 * promises too much (issue 12 measured 93 % expected against 54-62 %
 * real). The engine knows which staffed agents can take which queue, so
 * when a KPI interval closes it joins the queues that share staffed
 * agents into pools and gives every queue of a pool of two or more the
 * expectation of the pool: Erlang C (cti_erlang_c_sl) with the pool's
 * distinct staffed agents, its total offered rate and its mean handle
 * time (the queues' AHT weighted by their answered calls). Single
 * queues keep the ACD's figure. Then the intervals are stored and
 * emitted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center/center.h"
#include "core/ctx.h"

void cc__interval_keep(cti_center_t *cc, const struct cti_acd_interval *iv)
{
	if (cc->n_ivs == cc->cap_ivs) {
		size_t cap = cc->cap_ivs ? cc->cap_ivs * 2 : 16;
		struct cti_acd_interval *n = realloc(cc->ivs, cap * sizeof(*n));

		if (!n) {
			cti__log(cc->ctx, CTI_LOG_ERROR, "center",
				 "out of memory: interval of %s lost",
				 iv->queue);
			return;
		}
		cc->ivs = n;
		cc->cap_ivs = cap;
	}
	cc->ivs[cc->n_ivs++] = *iv;
}

static bool qualifies(const struct cc_agent *a, const struct cc_queue *q)
{
	for (uint32_t i = 0; i < q->n_skills; i++) {
		bool ok = false;

		for (uint32_t k = 0; k < a->n_skills && !ok; k++)
			ok = a->skills[k].skill == q->skills[i].skill &&
			     a->skills[k].level >= q->skills[i].level;
		if (!ok)
			return false;
	}
	return true;
}

bool cc__qualifies(const cti_center_t *cc, int a, const struct cc_queue *q)
{
	if (q->removed)
		return false;
	if (q->hidden) /* only the agent whose own skill it requires */
		return q->n_skills && q->skills[0].skill == CC_OWN_SKILL(a);
	return qualifies(&cc->agents[a], q);
}

static bool staffed(cti_center_t *cc, const struct cc_agent *a)
{
	enum cti_agent_state st;
	int reason;

	return a->logged_in &&
	       !cti_acd_agent_get(cc->acd, a->name, cti_now_ms(cc->ctx), &st,
				  &reason, NULL) &&
	       st != CTI_AGENT_NOT_READY && st != CTI_AGENT_LOGGED_OUT;
}

static int root(int *up, int i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

/* The queue index of each kept interval (-1: not the engine's). */
static void pool(cti_center_t *cc, int *qi, int *up)
{
	for (size_t i = 0; i < cc->n_ivs; i++) {
		qi[i] = cc__queue_find(cc, cc->ivs[i].queue);
		up[i] = (int)i;
	}
	for (size_t a = 0; a < cc->n_agents; a++) {
		int first = -1;

		if (!staffed(cc, &cc->agents[a]))
			continue;
		for (size_t i = 0; i < cc->n_ivs; i++) {
			if (qi[i] < 0 ||
			    !qualifies(&cc->agents[a], &cc->queues[qi[i]]))
				continue;
			if (first < 0)
				first = (int)i;
			else
				up[root(up, (int)i)] = root(up, first);
		}
	}
}

static void expect(cti_center_t *cc, const int *qi, int *up, size_t i)
{
	int r = root(up, (int)i);
	uint32_t members = 0, agents = 0;
	double offered = 0, answered = 0, handle = 0;
	struct cti_acd_interval *iv = &cc->ivs[i];
	double sl;

	for (size_t k = 0; k < cc->n_ivs; k++) {
		if (root(up, (int)k) != r)
			continue;
		members++;
		offered += cc->ivs[k].offered;
		answered += cc->ivs[k].answered;
		handle += (double)cc->ivs[k].aht_ms * cc->ivs[k].answered;
	}
	if (members < 2 || qi[i] < 0)
		return; /* a queue on its own: the ACD's figure stands */
	for (size_t a = 0; a < cc->n_agents; a++) {
		bool in = false;

		if (!staffed(cc, &cc->agents[a]))
			continue;
		for (size_t k = 0; k < cc->n_ivs && !in; k++)
			in = root(up, (int)k) == r && qi[k] >= 0 &&
			     qualifies(&cc->agents[a], &cc->queues[qi[k]]);
		agents += in;
	}
	/* a queue nobody called has no service level to measure against
	 * an expectation, even when its pool had calls (its own SL is -1) */
	if (!answered || iv->length_ms <= 0 || !agents || !iv->offered) {
		iv->erlang_c_sl = -1;
		return;
	}
	sl = cti_erlang_c_sl(offered * 1000.0 / (double)iv->length_ms,
			     handle / answered / 1000.0, agents,
			     (double)iv->sl_threshold_ms / 1000.0);
	iv->erlang_c_sl = sl < 0 ? -1 : 100.0 * sl;
}

void cc__intervals_flush(cti_center_t *cc)
{
	int *qi, *up;
	int rc;

	if (!cc->n_ivs)
		return;
	qi = malloc(cc->n_ivs * sizeof(*qi));
	up = malloc(cc->n_ivs * sizeof(*up));
	if (qi && up) {
		pool(cc, qi, up);
		for (size_t i = 0; i < cc->n_ivs; i++)
			expect(cc, qi, up, i);
	}
	free(qi);
	free(up);
	cc__flush_records(cc);
	for (size_t i = 0; i < cc->n_ivs; i++) {
		struct cti_center_event *e;

		if (cc->cfg.store &&
		    (rc = cti_store_put_interval(cc->cfg.store, &cc->ivs[i])))
			cti__log(cc->ctx, CTI_LOG_ERROR, "center",
				 "store: interval of %s not stored: %s",
				 cc->ivs[i].queue, cti_strerror(rc));
		e = cc__emit(cc, CTI_CENTER_EV_INTERVAL, NULL);
		if (e) {
			snprintf(e->queue, sizeof(e->queue), "%s",
				 cc->ivs[i].queue);
			e->u.interval = cc->ivs[i];
		}
	}
	cc->n_ivs = 0;
}
