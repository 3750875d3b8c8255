/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A binary heap of pointers that tells each element its index, so any
 * element can be removed in O(log n): the ready agents of a queue, its
 * waiting calls, the timers. */
#ifndef CTI_ACD_HEAP_H
#define CTI_ACD_HEAP_H

#include <stdbool.h>
#include <stddef.h>

struct heap {
	void **v;
	size_t n, cap;
	/* true if x must come out before y */
	bool (*before)(const void *x, const void *y, const void *ctx);
	size_t *(*pos)(void *x); /* where x keeps its index */
	const void *ctx;
};

void cti__heap_init(struct heap *h,
		    bool (*before)(const void *, const void *, const void *),
		    size_t *(*pos)(void *), const void *ctx);
void cti__heap_free(struct heap *h);
/* 0 or CTI_ENOMEM */
int cti__heap_push(struct heap *h, void *x);
void *cti__heap_top(const struct heap *h);
void *cti__heap_pop(struct heap *h);
/* x must be in h */
void cti__heap_remove(struct heap *h, void *x);

#endif
