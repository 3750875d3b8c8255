/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The binary min-heap of libcti, intrusive as libuv's heap-inl.h: each
 * element embeds a struct cti_heap_node, the heap orders nodes with its
 * `less` function (cti_container_of gives their elements), and any element
 * is removed in O(log n) without a search. One implementation for the
 * context's timers and the ACD's heaps (ready agents, waiting calls,
 * timers).
 *
 * Unlike libuv's pointer tree, the nodes sit in an array of pointers and
 * each node keeps its index: sifting touches one contiguous array instead
 * of chasing parent/child links, which keeps the ACD's routing figures
 * (tests/bench/acd: with libuv's linked tree the median decision took
 * about a third longer). The array grows by doubling, so
 * cti_heap_insert() can fail with CTI_ENOMEM; cti_heap_reserve() sizes it
 * up front where that must not happen later.
 *
 * Ties come out in no particular order: a user that needs one makes
 * `less` total.
 */
#ifndef CTI_CORE_HEAP_H
#define CTI_CORE_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/util.h"
#include "cti/common.h"

#define CTI__HEAP_UNLINKED SIZE_MAX

struct cti_heap_node {
	size_t idx; /* place in the heap's array, CTI__HEAP_UNLINKED if none */
};

/* true if a must come out before b */
typedef bool (*cti_heap_less_fn)(const struct cti_heap_node *a,
				 const struct cti_heap_node *b,
				 const void *ctx);

struct cti_heap {
	struct cti_heap_node **v;
	size_t n, cap;
	cti_heap_less_fn less;
	const void *ctx;
};

static inline void cti_heap_init(struct cti_heap *h, cti_heap_less_fn less,
				 const void *ctx)
{
	h->v = NULL;
	h->n = h->cap = 0;
	h->less = less;
	h->ctx = ctx;
}

/* Release the array (the elements are the caller's); the heap is empty
 * and usable again. */
static inline void cti_heap_free(struct cti_heap *h)
{
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

/* A node in no heap. */
static inline void cti_heap_node_init(struct cti_heap_node *x)
{
	x->idx = CTI__HEAP_UNLINKED;
}

/* Whether x is in a heap now (after cti_heap_node_init()). */
static inline bool cti_heap_node_linked(const struct cti_heap_node *x)
{
	return x->idx != CTI__HEAP_UNLINKED;
}

static inline struct cti_heap_node *cti_heap_min(const struct cti_heap *h)
{
	return h->n ? h->v[0] : NULL;
}

/* The element at index i (0 is the minimum; the others in no order), for
 * i < n: to visit every element, or pick one at random. */
static inline struct cti_heap_node *cti_heap_nth(const struct cti_heap *h,
						 size_t i)
{
	return h->v[i];
}

/* Room for n elements in all, so that many inserts cannot fail. 0 or
 * CTI_ENOMEM. */
static inline int cti_heap_reserve(struct cti_heap *h, size_t n)
{
	struct cti_heap_node **v;
	size_t cap = h->cap ? h->cap : 8;

	if (n <= h->cap)
		return 0;
	while (cap < n)
		cap *= 2;
	v = realloc(h->v, cap * sizeof(*v));
	if (!v)
		return CTI_ENOMEM;
	h->v = v;
	h->cap = cap;
	return 0;
}

static inline void cti__heap_put(struct cti_heap *h, size_t i,
				 struct cti_heap_node *x)
{
	h->v[i] = x;
	x->idx = i;
}

static inline void cti__heap_up(struct cti_heap *h, size_t i)
{
	struct cti_heap_node *x = h->v[i];

	while (i) {
		size_t p = (i - 1) / 2;

		if (!h->less(x, h->v[p], h->ctx))
			break;
		cti__heap_put(h, i, h->v[p]);
		i = p;
	}
	cti__heap_put(h, i, x);
}

static inline void cti__heap_down(struct cti_heap *h, size_t i)
{
	struct cti_heap_node *x = h->v[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->less(h->v[c + 1], h->v[c], h->ctx))
			c++;
		if (!h->less(h->v[c], x, h->ctx))
			break;
		cti__heap_put(h, i, h->v[c]);
		i = c;
	}
	cti__heap_put(h, i, x);
}

/* Add x (not in a heap). 0, or CTI_ENOMEM (x is then not added). */
static inline int cti_heap_insert(struct cti_heap *h, struct cti_heap_node *x)
{
	if (h->n == h->cap && cti_heap_reserve(h, h->n + 1))
		return CTI_ENOMEM;
	h->v[h->n] = x;
	cti__heap_up(h, h->n++);
	return 0;
}

/* Take x out of the heap; nothing if x is not in one. */
static inline void cti_heap_remove(struct cti_heap *h, struct cti_heap_node *x)
{
	size_t i = x->idx;
	struct cti_heap_node *last;

	if (i == CTI__HEAP_UNLINKED)
		return;
	x->idx = CTI__HEAP_UNLINKED;
	last = h->v[--h->n];
	if (i == h->n)
		return;
	/* the last element takes x's place, then moves up or down */
	cti__heap_put(h, i, last);
	if (i && h->less(last, h->v[(i - 1) / 2], h->ctx))
		cti__heap_up(h, i);
	else
		cti__heap_down(h, i);
}

/* Take the minimum out and return it, or NULL if the heap is empty. */
static inline struct cti_heap_node *cti_heap_pop(struct cti_heap *h)
{
	struct cti_heap_node *x = cti_heap_min(h);

	if (x)
		cti_heap_remove(h, x);
	return x;
}

#endif /* CTI_CORE_HEAP_H */
