/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers shared by the libFuzzer targets (docs/fuzzing.md): a reader
 * that takes bytes off the front of the fuzzer's input, and a check that
 * aborts (so libFuzzer reports it with the input) when an invariant the
 * library promises does not hold.
 */
#ifndef CTI_FUZZ_H
#define CTI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fz_u8(struct fz *f)
{
	uint8_t v = 0;

	if (f->n) {
		v = *f->p++;
		f->n--;
	}
	return v;
}

static inline uint16_t fz_u16(struct fz *f)
{
	uint16_t lo = fz_u8(f);

	return (uint16_t)(lo | fz_u8(f) << 8);
}

static inline uint32_t fz_u32(struct fz *f)
{
	uint32_t lo = fz_u16(f);

	return lo | (uint32_t)fz_u16(f) << 16;
}

/* Up to want bytes off the front; returns how many *out points to. */
static inline size_t fz_take(struct fz *f, size_t want, const uint8_t **out)
{
	size_t k = want < f->n ? want : f->n;

	*out = f->p;
	f->p += k;
	f->n -= k;
	return k;
}

#define FZ_CHECK(cond)                                                    \
	do {                                                              \
		if (!(cond)) {                                            \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",  \
				__FILE__, __LINE__, #cond);               \
			abort();                                          \
		}                                                         \
	} while (0)

#endif
