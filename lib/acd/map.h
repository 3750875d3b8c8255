/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Open-addressing hash map from a 64-bit key to a pointer: agents and
 * queues by name (FNV-1a of the name, the name checked by the caller),
 * calls by id. O(1) on average. */
#ifndef CTI_ACD_MAP_H
#define CTI_ACD_MAP_H

#include <stddef.h>
#include <stdint.h>

struct map_slot {
	uint64_t key;
	void *val; /* NULL: empty; MAP_GONE: deleted */
};

struct map {
	struct map_slot *s;
	size_t cap, n, used; /* used counts tombstones too */
};

#define MAP_GONE ((void *)1)

uint64_t cti__map_hash_str(const char *s);
void cti__map_free(struct map *m);
/* 0 or CTI_ENOMEM; duplicates are the caller's business */
int cti__map_put(struct map *m, uint64_t key, void *val);
/* Calls match(val, arg) for each value under key until it returns true;
 * returns that value or NULL. match NULL: first value. */
void *cti__map_get(const struct map *m, uint64_t key,
		   int (*match)(const void *val, const void *arg),
		   const void *arg);
void cti__map_del(struct map *m, uint64_t key, const void *val);

#endif
