// SPDX-License-Identifier: LGPL-2.1-or-later
/* The ACD object: creation, queues, the event queue, advancing time. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acd/acd.h"
#include "core/ctx.h"

/* (due, order of setting): ties fire in the order they were set */
static bool timer_less(const struct cti_heap_node *x,
		       const struct cti_heap_node *y, const void *ctx)
{
	const struct acd_timer *a = cti_container_of(x, struct acd_timer, hn);
	const struct acd_timer *b = cti_container_of(y, struct acd_timer, hn);

	(void)ctx;
	if (a->due != b->due)
		return a->due < b->due;
	return a->seq < b->seq;
}

_Static_assert(sizeof(struct cti_acd_config) ==
		       offsetof(struct cti_acd_config, ctx) + sizeof(void *) +
			       32,
	       "utc_offset_min and flags took reserved space: the size is "
	       "kept");

CTI_EXTERN int cti_acd_new(cti_acd_t **out, const struct cti_acd_config *cfg)
{
	struct cti_acd *acd;

	if (!out)
		return CTI_EINVAL;
	*out = NULL;
	acd = calloc(1, sizeof(*acd));
	if (!acd)
		return CTI_ENOMEM;
	if (cfg)
		acd->cfg = *cfg;
	if ((acd->cfg.flags & ~CTI_ACD_ALIGN_INTERVALS) ||
	    acd->cfg.utc_offset_min < -1440 || acd->cfg.utc_offset_min > 1440) {
		free(acd);
		return CTI_EINVAL;
	}
	if (!acd->cfg.interval_ms)
		acd->cfg.interval_ms = 15 * 60 * 1000;
	acd->iv_end = cti__acd_first_end(&acd->cfg);
	if (!acd->cfg.sl_threshold_ms)
		acd->cfg.sl_threshold_ms = 15000;
	if (!acd->cfg.short_abandon_ms)
		acd->cfg.short_abandon_ms = 5000;
	acd->rng = acd->cfg.seed ? acd->cfg.seed : 1;
	cti_heap_init(&acd->timers, timer_less, NULL);
	cti_ring_init_grow(&acd->events, sizeof(struct cti_acd_event));
	*out = acd;
	return 0;
}

static void free_slots(struct map *m, void (*fn)(void *))
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->s[i].val && m->s[i].val != MAP_GONE)
			fn(m->s[i].val);
	cti__map_free(m);
}

static void free_agent(void *p)
{
	struct acd_agent *a = p;

	free(a->mem);
	free(a);
}

void cti__acd_queue_free(void *p)
{
	struct acd_queue *q = p;

	cti_heap_free(&q->ready);
	cti_heap_free(&q->waiting);
	free(q->members);
	free(q);
}

CTI_EXTERN void cti_acd_free(cti_acd_t *acd)
{
	if (!acd)
		return;
	free_slots(&acd->calls, free);
	free_slots(&acd->agents, free_agent);
	free_slots(&acd->queues, cti__acd_queue_free);
	while (acd->timers.n)
		free(cti_container_of(cti_heap_pop(&acd->timers),
				      struct acd_timer, hn));
	cti_heap_free(&acd->timers);
	free(acd->qlist);
	cti_ring_free(&acd->events);
	free(acd);
}

static const char *const event_names[] = {
	[CTI_ACD_EV_OFFER] = "OFFER",
	[CTI_ACD_EV_OFFER_CANCEL] = "OFFER_CANCEL",
	[CTI_ACD_EV_RONA] = "RONA",
	[CTI_ACD_EV_EXIT] = "EXIT",
	[CTI_ACD_EV_BUSY] = "BUSY",
	[CTI_ACD_EV_OVERFLOW] = "OVERFLOW",
	[CTI_ACD_EV_AGENT_STATE] = "AGENT_STATE",
	[CTI_ACD_EV_SUPERVISOR] = "SUPERVISOR",
	[CTI_ACD_EV_CDR] = "CDR",
	[CTI_ACD_EV_INTERVAL] = "INTERVAL",
};

static const char *event_name(enum cti_acd_event_type t)
{
	return (size_t)t < ARRAY_SIZE(event_names) && event_names[t]
		       ? event_names[t]
		       : "?";
}

struct cti_acd_event *cti__acd_emit(struct cti_acd *acd,
				    enum cti_acd_event_type t, uint64_t now)
{
	struct cti_acd_event *e = cti_ring_push(&acd->events);

	if (!e) {
		acd_log(acd, CTI_LOG_ERROR,
			"event %s at %llu ms lost: out of memory",
			event_name(t), (unsigned long long)now);
		return NULL;
	}
	memset(e, 0, sizeof(*e));
	e->type = t;
	e->time_ms = now;
	return e;
}

void cti__acd_emit_offer(struct cti_acd *acd, enum cti_acd_event_type t,
			 const struct acd_call *c, const struct acd_agent *a,
			 uint64_t now)
{
	struct cti_acd_event *e = cti__acd_emit(acd, t, now);

	acd_log(acd, CTI_LOG_DEBUG, "%s: call %llu, agent %s, queue %s at %llu ms",
		event_name(t), (unsigned long long)c->id, a->name, c->q->name,
		(unsigned long long)now);
	if (!e)
		return;
	e->call_id = c->id;
	snprintf(e->agent, sizeof(e->agent), "%s", a->name);
	snprintf(e->queue, sizeof(e->queue), "%s", c->q->name);
}

CTI_EXTERN int cti_acd_next_event(cti_acd_t *acd, struct cti_acd_event *ev)
{
	if (!acd || !ev)
		return CTI_EINVAL;
	return cti_ring_pop(&acd->events, ev);
}

static int name_is(const void *val, const void *arg)
{
	return !strcmp(((const struct acd_queue *)val)->name, arg);
}

static bool name_ok(const char *s)
{
	return s && *s && strlen(s) < CTI_NAME_MAX;
}

bool cti__acd_skills_ok(const struct cti_acd_skill *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i].skill || s[i].level < 1 || s[i].level > 10)
			return false;
	return true;
}

static struct acd_queue *queue_by_name(struct cti_acd *acd, const char *name)
{
	return name ? cti__map_get(&acd->queues, cti__map_hash_str(name),
				   name_is, name)
		    : NULL;
}

/* A queue's configuration checked and its overflow targets resolved into
 * t[] (self: the queue it replaces, which may not be its own target).
 * 0, CTI_EINVAL or CTI_ENOENT. */
int cti__acd_queue_check(struct cti_acd *acd,
			 const struct cti_acd_queue_config *cfg,
			 const struct acd_queue *self,
			 struct acd_queue *t[CTI_ACD_MAX_OVERFLOW])
{
	if (!cfg || !name_ok(cfg->name) ||
	    cfg->n_skills > CTI_ACD_MAX_QUEUE_SKILLS ||
	    !cti__acd_skills_ok(cfg->skills, cfg->n_skills) ||
	    cfg->n_overflow > CTI_ACD_MAX_OVERFLOW ||
	    !cti__acd_strategy(cfg->strategy) ||
	    (cfg->exit_action && strlen(cfg->exit_action) >= CTI_NAME_MAX))
		return CTI_EINVAL;
	for (uint32_t i = 0; i < cfg->n_overflow; i++) {
		t[i] = queue_by_name(acd, cfg->overflow[i].target);
		if (!t[i])
			return CTI_ENOENT;
		if (t[i] == self)
			return CTI_EINVAL;
	}
	return 0;
}

/* cfg's settings into q (its name, heaps and statistics untouched) */
void cti__acd_queue_set(struct acd_queue *q,
			const struct cti_acd_queue_config *cfg,
			struct acd_queue *const t[CTI_ACD_MAX_OVERFLOW])
{
	snprintf(q->exit_action, sizeof(q->exit_action), "%s",
		 cfg->exit_action ? cfg->exit_action : "exit");
	q->cfg = *cfg;
	q->strategy = cti__acd_strategy(cfg->strategy);
	q->cfg.name = q->name;
	q->cfg.exit_action = q->exit_action;
	if (!q->cfg.ring_ms)
		q->cfg.ring_ms = 20000;
	memset(q->ovf, 0, sizeof(q->ovf));
	memcpy(q->ovf, t, cfg->n_overflow * sizeof(t[0]));
	/* the strings of overflow steps are not kept: their queues are */
	for (uint32_t i = 0; i < cfg->n_overflow; i++)
		q->cfg.overflow[i].target = q->ovf[i]->name;
}

CTI_EXTERN int cti_acd_queue_add(cti_acd_t *acd,
				 const struct cti_acd_queue_config *cfg)
{
	struct acd_queue *q, *t[CTI_ACD_MAX_OVERFLOW] = { NULL };
	struct map_slot *s;
	int rc;

	if (!acd || !cfg)
		return CTI_EINVAL;
	if (!name_ok(cfg->name))
		return CTI_EINVAL;
	if (queue_by_name(acd, cfg->name)) {
		rc = cti__acd_queue_check(acd, cfg, NULL, t);
		return rc == CTI_EINVAL ? rc : CTI_EEXIST;
	}
	if ((rc = cti__acd_queue_check(acd, cfg, NULL, t)))
		return rc;
	q = calloc(1, sizeof(*q));
	if (!q)
		return CTI_ENOMEM;
	snprintf(q->name, sizeof(q->name), "%s", cfg->name);
	cti__acd_queue_set(q, cfg, t);
	q->aht_ewma_ms = 180000; /* until calls are measured */
	cti_heap_init(&q->ready, cti__acd_member_less, q);
	cti_heap_init(&q->waiting, cti__acd_call_less, q);
	snprintf(q->iv.queue, sizeof(q->iv.queue), "%s", q->name);
	if (acd->n_queues == acd->cap_queues) {
		size_t cap = acd->cap_queues ? 2 * acd->cap_queues : 16;
		struct acd_queue **v = realloc(acd->qlist, cap * sizeof(*v));

		if (!v) {
			free(q);
			return CTI_ENOMEM;
		}
		acd->qlist = v;
		acd->cap_queues = cap;
	}
	if (cti__map_put(&acd->queues, cti__map_hash_str(q->name), q)) {
		free(q);
		return CTI_ENOMEM;
	}
	acd->qlist[acd->n_queues++] = q;
	/* agents already logged in may qualify */
	for (size_t i = 0; i < acd->agents.cap; i++) {
		struct acd_agent *a;

		s = &acd->agents.s[i];
		if (!s->val || s->val == MAP_GONE)
			continue;
		a = s->val;
		if (a->logged_in && cti__acd_member_add(a, q))
			return CTI_ENOMEM;
	}
	return 0;
}

struct acd_queue *cti__acd_queue(struct cti_acd *acd, const char *name)
{
	return queue_by_name(acd, name);
}

/* Everything due up to now, in time order: timers of each interval fire
 * before it closes, so every record lands in the interval it belongs to. */
void cti__acd_sync(struct cti_acd *acd, uint64_t now)
{
	if (now < acd->now)
		now = acd->now; /* the clock never runs backwards here */
	for (;;) {
		uint64_t end = acd->iv_end;

		if (now < end)
			break;
		cti__acd_timers_run(acd, end - 1);
		cti__acd_intervals_close(acd, end);
	}
	cti__acd_timers_run(acd, now);
	acd->now = now;
}

CTI_EXTERN int cti_acd_advance(cti_acd_t *acd, uint64_t now_ms)
{
	if (!acd)
		return CTI_EINVAL;
	cti__acd_sync(acd, now_ms);
	return (int)cti_ring_len(&acd->events);
}

CTI_EXTERN int cti_acd_next_due(cti_acd_t *acd, uint64_t *due_ms)
{
	const struct acd_timer *t;
	uint64_t due = UINT64_MAX;

	if (!acd || !due_ms)
		return CTI_EINVAL;
	t = cti__acd_timer_next(acd);
	if (t)
		due = t->due;
	if (acd->n_queues && acd->iv_end < due)
		due = acd->iv_end;
	*due_ms = due == UINT64_MAX ? 0 : due;
	return due != UINT64_MAX;
}

/* For tests: slots of the call table (bounded by the calls present). */
size_t cti__acd_calls_capacity(struct cti_acd *acd);
size_t cti__acd_calls_capacity(struct cti_acd *acd)
{
	return acd->calls.cap;
}
