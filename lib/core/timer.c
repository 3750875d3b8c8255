// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Timers: the core heap (core/heap.h) ordered by (deadline, start order),
 * so timers due at the same instant fire in the order they were started
 * and a run under the virtual clock is deterministic. The node is
 * embedded in the timer; only the heap's array grows (by doubling).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>

#include "core/ctx.h"

static bool before(const struct cti_heap_node *x, const struct cti_heap_node *y,
		   const void *ctx)
{
	const struct cti__timer *a =
		cti_container_of(x, struct cti__timer, node);
	const struct cti__timer *b =
		cti_container_of(y, struct cti__timer, node);

	(void)ctx;
	if (a->due_us != b->due_us)
		return a->due_us < b->due_us;
	return a->seq < b->seq;
}

/* The context's heap, set up on first use (the context is zeroed). */
static struct cti_heap *timers(cti_ctx_t *ctx)
{
	if (!ctx->timers.less)
		cti_heap_init(&ctx->timers, before, NULL);
	return &ctx->timers;
}

static struct cti__timer *timer_of(struct cti_heap_node *x)
{
	return x ? cti_container_of(x, struct cti__timer, node) : NULL;
}

void cti__timer_init(struct cti__timer *t, cti__timer_fn fn, void *user)
{
	memset(t, 0, sizeof(*t));
	cti_heap_node_init(&t->node);
	t->fn = fn;
	t->user = user;
}

bool cti__timer_armed(const struct cti__timer *t)
{
	return cti_heap_node_linked(&t->node);
}

void cti__timer_cancel(cti_ctx_t *ctx, struct cti__timer *t)
{
	cti_heap_remove(timers(ctx), &t->node);
}

int cti__timer_arm_at(cti_ctx_t *ctx, struct cti__timer *t, uint64_t due_us)
{
	cti__timer_cancel(ctx, t);
	t->due_us = due_us;
	t->seq = ctx->timer_seq++;
	if (cti_heap_insert(timers(ctx), &t->node))
		return CTI_ENOMEM;
	cti__timerfd_sync(ctx);
	return 0;
}

int cti__timer_arm(cti_ctx_t *ctx, struct cti__timer *t, uint64_t delay_us)
{
	return cti__timer_arm_at(ctx, t, cti__now_us(ctx) + delay_us);
}

uint64_t cti__timer_next_due(const cti_ctx_t *ctx)
{
	const struct cti_heap_node *m = cti_heap_min(&ctx->timers);

	return m ? cti_container_of(m, struct cti__timer, node)->due_us
		 : UINT64_MAX;
}

/* Public timers are allocated wrappers around the embedded kind. */
struct public_timer {
	struct cti__timer t;
	cti_timer_fn fn;
	void *user;
	cti_ctx_t *ctx;
};

void cti__timers_run(cti_ctx_t *ctx, uint64_t now)
{
	struct cti__timer *t;

	while ((t = timer_of(cti_heap_min(timers(ctx)))) && t->due_us <= now) {
		cti_heap_remove(&ctx->timers, &t->node);
		t->fn(t, t->user);
	}
}

static void public_fire(struct cti__timer *t, void *user)
{
	struct public_timer *pt = user;

	(void)t;
	pt->fn(pt->ctx, pt->user);
	free(pt);
}

CTI_EXTERN int64_t cti_timer_start(cti_ctx_t *ctx, uint64_t delay_ms,
				   cti_timer_fn fn, void *user)
{
	struct public_timer *pt;
	int rc;

	if (!fn)
		return CTI_EINVAL;
	pt = malloc(sizeof(*pt));
	if (!pt)
		return CTI_ENOMEM;
	cti__timer_init(&pt->t, public_fire, pt);
	pt->fn = fn;
	pt->user = user;
	pt->ctx = ctx;
	pt->t.public_id = ++ctx->next_public_id;
	rc = cti__timer_arm(ctx, &pt->t, delay_ms * 1000u);
	if (rc) {
		free(pt);
		return rc;
	}
	return pt->t.public_id;
}

CTI_EXTERN int cti_timer_cancel(cti_ctx_t *ctx, int64_t id)
{
	for (size_t i = 0; id > 0 && i < timers(ctx)->n; i++) {
		struct cti__timer *t = timer_of(cti_heap_nth(&ctx->timers, i));

		if (t->public_id == id) {
			cti_heap_remove(&ctx->timers, &t->node);
			free(t->user);
			return 0;
		}
	}
	return CTI_ENOENT;
}

size_t cti__timers_public(const cti_ctx_t *ctx)
{
	size_t n = 0;

	for (size_t i = 0; i < ctx->timers.n; i++)
		n += timer_of(cti_heap_nth(&ctx->timers, i))->public_id > 0;
	return n;
}

/* Called last by cti_ctx_free(): only public timers are ours to free. */
void cti__timers_free(cti_ctx_t *ctx)
{
	struct cti__timer *t;

	while ((t = timer_of(cti_heap_pop(timers(ctx)))))
		if (t->public_id > 0)
			free(t->user);
	cti_heap_free(&ctx->timers);
}

void cti__timerfd_sync(cti_ctx_t *ctx)
{
	uint64_t due = cti__timer_next_due(ctx);
	struct itimerspec its = { 0 };

	if (ctx->virtual_clock || due == ctx->tfd_armed_us)
		return;
	if (due != UINT64_MAX) {
		uint64_t abs = due + ctx->mono_base_us;

		/* 0 would disarm: the earliest representable time instead */
		if (abs == 0)
			abs = 1;
		its.it_value.tv_sec = abs / 1000000;
		its.it_value.tv_nsec = (abs % 1000000) * 1000;
	}
	if (timerfd_settime(ctx->tfd, TFD_TIMER_ABSTIME, &its, NULL) == 0)
		ctx->tfd_armed_us = due;
}
