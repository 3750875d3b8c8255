/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libpri's view of time (see clock.c: libpri's gettimeofday, renamed). */
#ifndef CTI_PRI_CLOCK_H
#define CTI_PRI_CLOCK_H

#include <sys/time.h>

#include "core/ctx.h"

/* Mark this thread as inside libpri for `ctx`; returns the previous mark
 * for cti__pri_clock_leave (calls nest). */
cti_ctx_t *cti__pri_clock_enter(cti_ctx_t *ctx);
void cti__pri_clock_leave(cti_ctx_t *saved);
/* The context this thread is inside libpri for, or NULL. */
cti_ctx_t *cti__pri_clock_ctx(void);
/* What libpri's calls to gettimeofday() reach (mk/pri.mk renames them):
 * the virtual time of the context this thread is inside libpri for, else
 * CLOCK_REALTIME. Always 0. */
int cti__pri_gettimeofday(struct timeval *restrict tv, void *restrict tz);
/* A libpri deadline (gettimeofday time) on the context's clock. */
uint64_t cti__pri_tv_to_ctx(cti_ctx_t *ctx, const struct timeval *tv);

#endif /* CTI_PRI_CLOCK_H */
