// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Timers: a binary min-heap ordered by (deadline, start order), so timers
 * due at the same instant fire in the order they were started and a run
 * under the virtual clock is deterministic.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>

#include "core/ctx.h"

void cti__timer_init(struct cti__timer *t, cti__timer_fn fn, void *user)
{
	memset(t, 0, sizeof(*t));
	t->heap_idx = SIZE_MAX;
	t->fn = fn;
	t->user = user;
}

bool cti__timer_armed(const struct cti__timer *t)
{
	return t->heap_idx != SIZE_MAX;
}

static bool before(const struct cti__timer *a, const struct cti__timer *b)
{
	if (a->due_us != b->due_us)
		return a->due_us < b->due_us;
	return a->seq < b->seq;
}

static void place(cti_ctx_t *ctx, size_t i, struct cti__timer *t)
{
	ctx->heap[i] = t;
	t->heap_idx = i;
}

static void sift_up(cti_ctx_t *ctx, size_t i)
{
	struct cti__timer *t = ctx->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!before(t, ctx->heap[parent]))
			break;
		place(ctx, i, ctx->heap[parent]);
		i = parent;
	}
	place(ctx, i, t);
}

static void sift_down(cti_ctx_t *ctx, size_t i)
{
	struct cti__timer *t = ctx->heap[i];

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const struct cti__timer *best = t;

		if (l < ctx->heap_len && before(ctx->heap[l], best)) {
			m = l;
			best = ctx->heap[l];
		}
		if (r < ctx->heap_len && before(ctx->heap[r], best))
			m = r;
		if (m == i)
			break;
		place(ctx, i, ctx->heap[m]);
		i = m;
	}
	place(ctx, i, t);
}

static void heap_remove(cti_ctx_t *ctx, struct cti__timer *t)
{
	size_t i = t->heap_idx;
	struct cti__timer *last = ctx->heap[--ctx->heap_len];

	t->heap_idx = SIZE_MAX;
	if (last == t)
		return;
	place(ctx, i, last);
	sift_down(ctx, i);
	sift_up(ctx, last->heap_idx);
}

void cti__timer_cancel(cti_ctx_t *ctx, struct cti__timer *t)
{
	if (cti__timer_armed(t))
		heap_remove(ctx, t);
}

int cti__timer_arm_at(cti_ctx_t *ctx, struct cti__timer *t, uint64_t due_us)
{
	cti__timer_cancel(ctx, t);
	if (ctx->heap_len == ctx->heap_cap) {
		size_t cap = ctx->heap_cap ? ctx->heap_cap * 2 : 64;
		struct cti__timer **h = realloc(ctx->heap, cap * sizeof(*h));

		if (!h)
			return CTI_ENOMEM;
		ctx->heap = h;
		ctx->heap_cap = cap;
	}
	t->due_us = due_us;
	t->seq = ctx->timer_seq++;
	place(ctx, ctx->heap_len++, t);
	sift_up(ctx, t->heap_idx);
	cti__timerfd_sync(ctx);
	return 0;
}

int cti__timer_arm(cti_ctx_t *ctx, struct cti__timer *t, uint64_t delay_us)
{
	return cti__timer_arm_at(ctx, t, cti__now_us(ctx) + delay_us);
}

uint64_t cti__timer_next_due(const cti_ctx_t *ctx)
{
	return ctx->heap_len ? ctx->heap[0]->due_us : UINT64_MAX;
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
	while (ctx->heap_len && ctx->heap[0]->due_us <= now) {
		struct cti__timer *t = ctx->heap[0];

		heap_remove(ctx, t);
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
	for (size_t i = 0; id > 0 && i < ctx->heap_len; i++) {
		struct cti__timer *t = ctx->heap[i];

		if (t->public_id == id) {
			heap_remove(ctx, t);
			free(t->user);
			return 0;
		}
	}
	return CTI_ENOENT;
}

size_t cti__timers_public(const cti_ctx_t *ctx)
{
	size_t n = 0;

	for (size_t i = 0; i < ctx->heap_len; i++)
		n += ctx->heap[i]->public_id > 0;
	return n;
}

/* Called last by cti_ctx_free(): only public timers are ours to free. */
void cti__timers_free(cti_ctx_t *ctx)
{
	for (size_t i = 0; i < ctx->heap_len; i++)
		if (ctx->heap[i]->public_id > 0)
			free(ctx->heap[i]->user);
	free(ctx->heap);
	ctx->heap = NULL;
	ctx->heap_len = ctx->heap_cap = 0;
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
