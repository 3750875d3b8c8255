/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The ring queue of libcti: a FIFO of fixed-size elements copied in and
 * out by value. One implementation for every queue of the library (the
 * context's and the ACD's events, the DSP receivers', the DTMF
 * generator's digits, the IVR session's and the flow runs' events).
 *
 * Each user states what a full ring does, once, when it sets it up:
 *  - CTI_RING_DROP_OLDEST: the oldest element makes room (counted in
 *    `dropped`); for the audio path, which never blocks or allocates;
 *  - CTI_RING_REFUSE: the push fails and the ring is unchanged;
 *  - CTI_RING_GROW: the storage doubles (malloc); only off the audio path.
 *
 * Fixed rings use storage of the owner's (an array member: no allocation
 * at all); the ring keeps a pointer to it, so an object holding a fixed
 * ring must not be copied. CTI_RING_INIT() takes the array itself, so its
 * element size and capacity cannot disagree with it.
 */
#ifndef CTI_CORE_RING_H
#define CTI_CORE_RING_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

enum cti_ring_policy {
	CTI_RING_DROP_OLDEST = 1,
	CTI_RING_REFUSE = 2,
	CTI_RING_GROW = 3,
};

struct cti_ring {
	unsigned char *buf;
	uint32_t esize;	  /* bytes per element */
	uint32_t cap;	  /* elements buf holds */
	uint32_t head;	  /* index of the oldest */
	uint32_t len;	  /* elements queued */
	uint32_t dropped; /* DROP_OLDEST: elements lost since init */
	uint8_t policy;	  /* enum cti_ring_policy */
};

/* A fixed ring over cap elements of esize bytes at buf (DROP_OLDEST or
 * REFUSE). */
static inline void cti_ring_init(struct cti_ring *r, void *buf, uint32_t esize,
				 uint32_t cap, enum cti_ring_policy policy)
{
	r->buf = buf;
	r->esize = esize;
	r->cap = cap;
	r->head = r->len = r->dropped = 0;
	r->policy = (uint8_t)policy;
}

/* A fixed ring over the array `arr` (not a pointer: that fails to
 * compile). */
#define CTI_RING_INIT(r, arr, policy)                         \
	cti_ring_init((r), (arr), (uint32_t)sizeof((arr)[0]), \
		      (uint32_t)ARRAY_SIZE(arr), (policy))

/* A growing ring of esize-byte elements; empty, nothing allocated yet. */
static inline void cti_ring_init_grow(struct cti_ring *r, uint32_t esize)
{
	cti_ring_init(r, NULL, esize, 0, CTI_RING_GROW);
}

/* Release what a growing ring allocated (a fixed ring has nothing). */
static inline void cti_ring_free(struct cti_ring *r)
{
	if (r->policy == CTI_RING_GROW) {
		free(r->buf);
		r->buf = NULL;
		r->cap = 0;
	}
	r->head = r->len = 0;
}

static inline uint32_t cti_ring_len(const struct cti_ring *r)
{
	return r->len;
}

static inline bool cti_ring_empty(const struct cti_ring *r)
{
	return r->len == 0;
}

/* Elements a fixed ring can take before it is full. */
static inline uint32_t cti_ring_space(const struct cti_ring *r)
{
	return r->cap - r->len;
}

/* The i-th oldest element (0: the oldest); i must be below the length. */
static inline void *cti_ring_at(const struct cti_ring *r, uint32_t i)
{
	uint32_t k = r->head + i;

	if (k >= r->cap)
		k -= r->cap;
	return r->buf + (size_t)k * r->esize;
}

/* Doubles a growing ring's storage, keeping the order. 0 or -1. */
static inline int cti__ring_grow(struct cti_ring *r)
{
	uint32_t cap = r->cap ? 2 * r->cap : 64;
	unsigned char *nb;

	if (cap <= r->cap) /* 2^32 elements: no more */
		return -1;
	nb = malloc((size_t)cap * r->esize);
	if (!nb)
		return -1;
	for (uint32_t i = 0; i < r->len; i++)
		memcpy(nb + (size_t)i * r->esize, cti_ring_at(r, i), r->esize);
	free(r->buf);
	r->buf = nb;
	r->cap = cap;
	r->head = 0;
	return 0;
}

/* A new slot at the tail of a DROP_OLDEST ring (capacity above 0),
 * dropping the oldest if full: never NULL. */
static inline __attribute__((returns_nonnull)) void *
cti_ring_push_drop(struct cti_ring *r)
{
	if (r->len == r->cap) {
		r->head = r->head + 1 == r->cap ? 0 : r->head + 1;
		r->len--;
		r->dropped++;
	}
	r->len++;
	return cti_ring_at(r, r->len - 1);
}

/*
 * A new slot at the tail for the caller to fill (its old contents are
 * unspecified), or NULL: the ring is full and REFUSEs, or a growing ring
 * is out of memory. A full DROP_OLDEST ring drops its oldest first.
 */
static inline void *cti_ring_push(struct cti_ring *r)
{
	if (r->policy == CTI_RING_DROP_OLDEST && r->cap)
		return cti_ring_push_drop(r);
	if (r->len == r->cap &&
	    (r->policy != CTI_RING_GROW || cti__ring_grow(r)))
		return NULL;
	r->len++;
	return cti_ring_at(r, r->len - 1);
}

/* The oldest element, or NULL if the ring is empty. */
static inline void *cti_ring_peek(const struct cti_ring *r)
{
	return r->len ? cti_ring_at(r, 0) : NULL;
}

/* Take the oldest element out, copied to out (if not NULL). false if
 * the ring is empty. */
static inline bool cti_ring_pop(struct cti_ring *r, void *out)
{
	void *e = cti_ring_peek(r);

	if (!e)
		return false;
	if (out)
		memcpy(out, e, r->esize);
	r->head = r->head + 1 == r->cap ? 0 : r->head + 1;
	r->len--;
	return true;
}

/* cti_ring_pop(), and the slot zeroed (explicit_bzero: not optimised
 * away) so that a secret it held does not linger. */
static inline bool cti_ring_pop_wipe(struct cti_ring *r, void *out)
{
	void *e = cti_ring_peek(r);

	if (!cti_ring_pop(r, out))
		return false;
	explicit_bzero(e, r->esize);
	return true;
}

/* Empty the ring, zeroing what it held; the storage stays. */
static inline void cti_ring_clear(struct cti_ring *r)
{
	while (cti_ring_pop_wipe(r, NULL))
		;
}

#endif /* CTI_CORE_RING_H */
