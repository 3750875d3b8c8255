// SPDX-License-Identifier: LGPL-2.1-or-later
/* Calls through a queue: enter, offer, answer, hold, abandon, end,
 * wrap-up; the CDR each one leaves; position and estimated wait. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acd/acd.h"

/* wrap_code took the first of the eight reserved words: every field
 * stays where it was and the size is kept */
_Static_assert(offsetof(struct cti_acd_cdr, wrap_code) ==
			       offsetof(struct cti_acd_cdr, exit_action) +
				       CTI_NAME_MAX &&
		       offsetof(struct cti_acd_cdr, reserved) ==
			       offsetof(struct cti_acd_cdr, wrap_code) +
				       sizeof(int32_t) &&
		       sizeof(((struct cti_acd_cdr *)0)->reserved) ==
			       7 * sizeof(uint32_t),
	       "the CDR's layout changed");

static struct acd_call *call_by_id(struct cti_acd *acd, uint64_t id)
{
	return cti__map_get(&acd->calls, id, NULL, NULL);
}

static struct acd_call *find_call(struct cti_acd *acd, uint64_t id,
				  uint64_t now)
{
	if (!acd)
		return NULL;
	cti__acd_sync(acd, now);
	return call_by_id(acd, id);
}

void cti__acd_cdr(struct cti_acd *acd, struct acd_call *c,
		  enum cti_acd_outcome o, const char *action, uint64_t now)
{
	struct cti_acd_event *e = cti__acd_emit(acd, CTI_ACD_EV_CDR, now);
	struct cti_acd_cdr *r;

	if (!e)
		return;
	e->call_id = c->id;
	snprintf(e->queue, sizeof(e->queue), "%s", c->q->name);
	r = &e->u.cdr;
	r->call_id = c->id;
	snprintf(r->queue, sizeof(r->queue), "%s", c->q->name);
	if (c->agent && o == CTI_ACD_ANSWERED)
		snprintf(r->agent, sizeof(r->agent), "%s", c->agent->name);
	snprintf(r->ani, sizeof(r->ani), "%s", c->ani);
	snprintf(r->dnis, sizeof(r->dnis), "%s", c->dnis);
	r->priority = c->priority;
	r->outcome = (uint32_t)o;
	r->offered_ms = (int64_t)c->entered;
	r->epoch_ms = acd->cfg.epoch_ms_at_zero + (int64_t)c->entered;
	r->answered_ms = (int64_t)c->answered;
	r->ended_ms = (int64_t)now;
	r->wait_ms = (int64_t)((c->answered ? c->answered : now) - c->entered);
	if (c->answered) {
		r->talk_ms = (int64_t)(c->talk_end - c->answered - c->hold_ms);
		r->hold_ms = (int64_t)c->hold_ms;
		r->wrap_ms = (int64_t)(now - c->talk_end);
	}
	r->rona_count = (uint32_t)c->rona;
	r->wrap_code = c->wrap_code;
	if (action)
		snprintf(r->exit_action, sizeof(r->exit_action), "%s", action);
}

static void drop(struct cti_acd *acd, struct acd_call *c)
{
	cti_heap_remove(&c->q->waiting, &c->hn);
	cti__map_del(&acd->calls, c->id, c);
	free(c);
}

/* A call that waited and left without an agent: wait statistics. */
static void count_wait(struct acd_queue *q, uint64_t wait)
{
	q->sum_wait += wait;
	q->n_wait++;
	if ((int64_t)wait > q->iv.max_wait_ms)
		q->iv.max_wait_ms = (int64_t)wait;
}

void cti__acd_arm_queue_timers(struct cti_acd *acd, struct acd_call *c)
{
	struct acd_queue *q = c->q;

	if (q->cfg.max_wait_ms)
		cti__acd_timer_add(acd, c->entered + q->cfg.max_wait_ms,
				   T_MAX_WAIT, c->id, c->gen);
	if (c->ovf_step < q->cfg.n_overflow)
		cti__acd_timer_add(acd,
				   c->entered +
					   q->cfg.overflow[c->ovf_step].after_ms,
				   T_OVERFLOW, c->id, c->gen);
}

CTI_EXTERN int cti_acd_call_enter(cti_acd_t *acd, uint64_t call_id,
				  const char *queue, int32_t priority,
				  const char *ani, const char *dnis,
				  uint64_t now_ms)
{
	struct acd_queue *q;
	struct acd_call *c;

	if (!acd || !queue)
		return CTI_EINVAL;
	cti__acd_sync(acd, now_ms);
	q = cti__acd_queue(acd, queue);
	if (!q)
		return CTI_ENOENT;
	if (call_by_id(acd, call_id))
		return CTI_EEXIST;
	c = calloc(1, sizeof(*c));
	if (!c)
		return CTI_ENOMEM;
	c->id = call_id;
	c->q = q;
	c->priority = priority;
	c->arrival = c->entered = now_ms;
	c->gen = cti__acd_gen(acd);
	c->ring_gen = cti__acd_gen(acd);
	cti_heap_node_init(&c->hn);
	snprintf(c->ani, sizeof(c->ani), "%s", ani ? ani : "");
	snprintf(c->dnis, sizeof(c->dnis), "%s", dnis ? dnis : "");
	if (cti__map_put(&acd->calls, call_id, c)) {
		free(c);
		return CTI_ENOMEM;
	}
	q->iv.offered++;
	if (q->cfg.max_length && q->waiting.n >= q->cfg.max_length &&
	    !cti__acd_ready_top(q)) {
		struct cti_acd_event *e =
			cti__acd_emit(acd, CTI_ACD_EV_BUSY, now_ms);

		if (e) {
			e->call_id = call_id;
			snprintf(e->queue, sizeof(e->queue), "%s", q->name);
		}
		q->iv.busy++;
		cti__acd_cdr(acd, c, CTI_ACD_BUSY, "busy", now_ms);
		drop(acd, c);
		return 0;
	}
	cti__acd_arm_queue_timers(acd, c);
	cti__acd_route(acd, c, now_ms);
	return 0;
}

CTI_EXTERN int cti_acd_call_answered(cti_acd_t *acd, uint64_t call_id,
				     const char *agent, uint64_t now_ms)
{
	struct acd_call *c = find_call(acd, call_id, now_ms);
	struct acd_agent *a = NULL;
	struct acd_queue *q;
	uint64_t wait;

	if (!c)
		return CTI_ENOENT;
	if (c->st != CALL_RINGING || !agent)
		return CTI_ESTATE;
	for (size_t i = 0; i < c->n_ringing; i++)
		if (!strcmp(c->ringing[i]->name, agent))
			a = c->ringing[i];
	if (!a)
		return CTI_ESTATE;
	cti__acd_cancel_offers(acd, c, a, now_ms);
	q = c->q;
	c->st = CALL_TALKING;
	c->agent = a;
	c->answered = now_ms;
	c->gen = cti__acd_gen(acd); /* no RONA, max wait or overflow any more */
	a->calls++;
	wait = now_ms - c->entered;
	q->iv.answered++;
	if (wait <= acd->cfg.sl_threshold_ms)
		q->iv.answered_in_sl++;
	q->sum_answer_wait += wait;
	count_wait(q, wait);
	cti__acd_agent_set(acd, a, CTI_AGENT_TALKING, 0, now_ms);
	return 0;
}

CTI_EXTERN int cti_acd_call_hold(cti_acd_t *acd, uint64_t call_id, bool hold,
				 uint64_t now_ms)
{
	struct acd_call *c = find_call(acd, call_id, now_ms);

	if (!c)
		return CTI_ENOENT;
	if (c->st != CALL_TALKING || hold == !!c->hold_since)
		return CTI_ESTATE;
	if (hold) {
		c->hold_since = now_ms ? now_ms : 1;
	} else {
		c->hold_ms += now_ms - c->hold_since;
		c->hold_since = 0;
	}
	cti__acd_agent_set(acd, c->agent,
			   hold ? CTI_AGENT_HOLD : CTI_AGENT_TALKING, 0, now_ms);
	return 0;
}

CTI_EXTERN int cti_acd_call_abandon(cti_acd_t *acd, uint64_t call_id,
				    uint64_t now_ms)
{
	struct acd_call *c = find_call(acd, call_id, now_ms);
	uint64_t wait;

	if (!c)
		return CTI_ENOENT;
	if (c->st != CALL_WAITING && c->st != CALL_RINGING)
		return CTI_ESTATE;
	if (c->st == CALL_RINGING)
		cti__acd_cancel_offers(acd, c, NULL, now_ms);
	wait = now_ms - c->entered;
	if (wait < acd->cfg.short_abandon_ms) {
		c->q->iv.short_abandoned++;
	} else {
		c->q->iv.abandoned++;
		count_wait(c->q, wait);
	}
	cti__acd_cdr(acd, c, CTI_ACD_ABANDONED, NULL, now_ms);
	drop(acd, c);
	return 0;
}

CTI_EXTERN int cti_acd_call_end(cti_acd_t *acd, uint64_t call_id,
				uint64_t now_ms)
{
	struct acd_call *c = find_call(acd, call_id, now_ms);
	struct acd_agent *a;

	if (!c)
		return CTI_ENOENT;
	if (c->st != CALL_TALKING)
		return CTI_ESTATE;
	if (c->hold_since)
		cti_acd_call_hold(acd, call_id, false, now_ms);
	a = c->agent;
	c->talk_end = now_ms;
	c->st = CALL_WRAP;
	if (!c->q->cfg.wrap_up_ms) {
		cti__acd_wrap_finish(acd, a, now_ms);
		cti__acd_agent_available(acd, a, now_ms);
		return 0;
	}
	a->gen = cti__acd_gen(acd);
	cti__acd_agent_set(acd, a, CTI_AGENT_WRAP_UP, 0, now_ms);
	cti__acd_timer_add(acd, now_ms + c->q->cfg.wrap_up_ms, T_WRAP,
			   (uint64_t)(uintptr_t)a, a->gen);
	return 0;
}

void cti__acd_wrap_finish(struct cti_acd *acd, struct acd_agent *a,
			  uint64_t now)
{
	struct acd_call *c = a->call;
	struct acd_queue *q;
	uint64_t handle;

	if (!c)
		return;
	q = c->q;
	handle = now - c->answered; /* talk + hold + wrap-up */
	q->sum_handle += handle;
	q->n_handled++;
	q->aht_ewma_ms = 0.9 * q->aht_ewma_ms + 0.1 * (double)handle;
	a->gen = cti__acd_gen(acd);
	a->call = NULL;
	cti__acd_cdr(acd, c, CTI_ACD_ANSWERED, NULL, now);
	drop(acd, c);
}

CTI_EXTERN int cti_acd_call_remove(cti_acd_t *acd, uint64_t call_id,
				   uint64_t now_ms)
{
	struct acd_call *c = find_call(acd, call_id, now_ms);
	struct acd_agent *a;

	if (!c)
		return CTI_ENOENT;
	switch (c->st) {
	case CALL_RINGING:
		cti__acd_cancel_offers(acd, c, NULL, now_ms);
		break;
	case CALL_TALKING:
	case CALL_WRAP:
		/* an answered call keeps its record as answered */
		if (c->st == CALL_TALKING)
			cti_acd_call_end(acd, call_id, now_ms);
		c = call_by_id(acd, call_id);
		if (c && c->agent) {
			a = c->agent;
			cti__acd_wrap_finish(acd, a, now_ms);
			cti__acd_agent_available(acd, a, now_ms);
		}
		return 0;
	default:
		break;
	}
	cti__acd_cdr(acd, c, CTI_ACD_CLEARED, NULL, now_ms);
	drop(acd, c);
	return 0;
}

/* Estimated wait: calls ahead (and this one) served by the agents of the
 * queue at the queue's recent average handle time each. */
CTI_EXTERN int cti_acd_call_position(cti_acd_t *acd, uint64_t call_id,
				     uint32_t *position, uint32_t *ewt_ms)
{
	struct acd_call *c = acd ? call_by_id(acd, call_id) : NULL;
	struct acd_queue *q;
	uint32_t ahead = 0, staffed = 0;

	if (!c)
		return CTI_ENOENT;
	if (c->st != CALL_WAITING || !cti_heap_node_linked(&c->hn))
		return CTI_ESTATE;
	q = c->q;
	for (size_t i = 0; i < q->waiting.n; i++)
		if (cti__acd_call_before(
			    cti__acd_call_of(cti_heap_nth(&q->waiting, i)), c))
			ahead++;
	for (size_t i = 0; i < q->n_members; i++) {
		enum cti_agent_state s = q->members[i]->a->state;

		if (s != CTI_AGENT_NOT_READY && s != CTI_AGENT_LOGGED_OUT)
			staffed++;
	}
	if (position)
		*position = ahead + 1;
	if (ewt_ms) {
		double w = staffed ? (double)(ahead + 1) * q->aht_ewma_ms /
					     staffed
				   : -1;

		*ewt_ms = w < 0 || w > 4e9 ? UINT32_MAX : (uint32_t)w;
	}
	return 0;
}
