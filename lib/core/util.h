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

#endif /* CTI_CORE_UTIL_H */
