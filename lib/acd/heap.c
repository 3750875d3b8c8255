// SPDX-License-Identifier: LGPL-2.1-or-later
/* Indexed binary heap (see heap.h). */
#include <stdlib.h>

#include "cti/common.h"
#include "acd/heap.h"

#define NOWHERE ((size_t)-1)

void cti__heap_init(struct heap *h,
		    bool (*before)(const void *, const void *, const void *),
		    size_t *(*pos)(void *), const void *ctx)
{
	h->v = NULL;
	h->n = h->cap = 0;
	h->before = before;
	h->pos = pos;
	h->ctx = ctx;
}

void cti__heap_free(struct heap *h)
{
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

static void put(struct heap *h, size_t i, void *x)
{
	h->v[i] = x;
	*h->pos(x) = i;
}

static void up(struct heap *h, size_t i)
{
	void *x = h->v[i];

	while (i) {
		size_t p = (i - 1) / 2;

		if (!h->before(x, h->v[p], h->ctx))
			break;
		put(h, i, h->v[p]);
		i = p;
	}
	put(h, i, x);
}

static void down(struct heap *h, size_t i)
{
	void *x = h->v[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->before(h->v[c + 1], h->v[c], h->ctx))
			c++;
		if (!h->before(h->v[c], x, h->ctx))
			break;
		put(h, i, h->v[c]);
		i = c;
	}
	put(h, i, x);
}

int cti__heap_push(struct heap *h, void *x)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 8;
		void **v = realloc(h->v, cap * sizeof(*v));

		if (!v)
			return CTI_ENOMEM;
		h->v = v;
		h->cap = cap;
	}
	h->v[h->n] = x;
	up(h, h->n++);
	return 0;
}

void *cti__heap_top(const struct heap *h)
{
	return h->n ? h->v[0] : NULL;
}

void cti__heap_remove(struct heap *h, void *x)
{
	size_t i = *h->pos(x);
	void *last;

	*h->pos(x) = NOWHERE;
	last = h->v[--h->n];
	if (i == h->n)
		return;
	put(h, i, last);
	if (i && h->before(last, h->v[(i - 1) / 2], h->ctx))
		up(h, i);
	else
		down(h, i);
}

void *cti__heap_pop(struct heap *h)
{
	void *x = cti__heap_top(h);

	if (x)
		cti__heap_remove(h, x);
	return x;
}
