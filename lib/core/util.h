/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small helpers every module of libcti shares (one definition each). */
#ifndef CTI_CORE_UTIL_H
#define CTI_CORE_UTIL_H

#include <stddef.h>

/* 0 if a is an array, a compile error if it is a pointer (as the Linux
 * kernel's __must_be_array). */
#define CTI__MUST_BE_ARRAY(a)                                            \
	(sizeof(struct {                                                 \
		 int must_be_array                                       \
		     : __builtin_types_compatible_p(__typeof__(a),       \
						    __typeof__(&(a)[0])) \
		       ? -1                                              \
		       : 1;                                              \
	 }) *                                                            \
	 0)

/* Number of elements of an array (never of a pointer: that fails to
 * compile). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]) + CTI__MUST_BE_ARRAY(a))

/* The struct of type `type` whose member `member` is at ptr. */
#define cti_container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr)-offsetof(type, member)))

/* The house's failure detail (docs/HACKING.md): format into why[len]
 * when the caller gave a buffer; nothing otherwise. */
void cti__why(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* write(2) all n bytes, again after EINTR and short writes. Returns 0,
 * CTI_ENOSPC (disk full) or CTI_EIO. */
int cti__write_all(int fd, const void *p, size_t n);

#endif /* CTI_CORE_UTIL_H */
