// SPDX-License-Identifier: LGPL-2.1-or-later
/* Hash map with linear probing (see map.h). */
#include <stdlib.h>

#include "cti/common.h"
#include "acd/map.h"

uint64_t cti__map_hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 0x100000001b3ull;
	return h;
}

static size_t slot_of(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

void cti__map_free(struct map *m)
{
	free(m->s);
	m->s = NULL;
	m->cap = m->n = m->used = 0;
}

static int grow(struct map *m)
{
	struct map old = *m;
	size_t cap = 64;

	/* sized by the live entries: when deleted ones filled the table,
	 * rehashing at the same size clears them (calls come and go all day
	 * long; doubling each time would grow without bound) */
	while (cap < 4 * (m->n + 1))
		cap *= 2;
	if (cap < m->cap)
		cap = m->cap;
	m->s = calloc(cap, sizeof(*m->s));
	if (!m->s) {
		*m = old;
		return CTI_ENOMEM;
	}
	m->cap = cap;
	m->n = m->used = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.s[i].val && old.s[i].val != MAP_GONE)
			cti__map_put(m, old.s[i].key, old.s[i].val);
	free(old.s);
	return 0;
}

int cti__map_put(struct map *m, uint64_t key, void *val)
{
	size_t i;

	if (2 * (m->used + 1) > m->cap && grow(m))
		return CTI_ENOMEM;
	for (i = slot_of(key, m->cap); m->s[i].val && m->s[i].val != MAP_GONE;
	     i = (i + 1) & (m->cap - 1))
		;
	if (!m->s[i].val)
		m->used++;
	m->s[i].key = key;
	m->s[i].val = val;
	m->n++;
	return 0;
}

static size_t find(const struct map *m, uint64_t key,
		   int (*match)(const void *, const void *), const void *arg)
{
	if (!m->cap)
		return (size_t)-1;
	for (size_t i = slot_of(key, m->cap); m->s[i].val;
	     i = (i + 1) & (m->cap - 1)) {
		if (m->s[i].val == MAP_GONE || m->s[i].key != key)
			continue;
		if (!match || match(m->s[i].val, arg))
			return i;
	}
	return (size_t)-1;
}

void *cti__map_get(const struct map *m, uint64_t key,
		   int (*match)(const void *, const void *), const void *arg)
{
	size_t i = find(m, key, match, arg);

	return i == (size_t)-1 ? NULL : m->s[i].val;
}

static int same(const void *val, const void *arg)
{
	return val == arg;
}

void cti__map_del(struct map *m, uint64_t key, const void *val)
{
	size_t i = find(m, key, same, val);

	if (i == (size_t)-1)
		return;
	m->s[i].val = MAP_GONE;
	m->n--;
}
