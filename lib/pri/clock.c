// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libpri's clock. libpri schedules its Q.921/Q.931 timers from
 * gettimeofday() and offers no hook, so under a virtual clock its timers
 * would run on wall time and simulations would be neither fast nor
 * deterministic. libcti links its own copy of libpri (Debian's PIC
 * libpri.a, mk/pri.mk) whose references to gettimeofday are renamed to
 * cti__pri_gettimeofday (objcopy --redefine-sym): only libpri's calls come
 * here, libc's gettimeofday stays untouched for everyone else, and
 * libcti.so exports nothing of it. While a thread is inside libpri on
 * behalf of a virtual-clock context (between cti__pri_clock_enter and
 * _leave) it returns that context's virtual time on a fixed epoch; at
 * every other moment it is CLOCK_REALTIME. The scope is one thread-local
 * pointer: no context affects another.
 */
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "pri/clock.h"

/* virtual time 0 is 2001-09-09T01:46:40Z: far from any wrap-around */
#define VIRTUAL_EPOCH_S 1000000000ull

static __thread cti_ctx_t *tl_ctx;

cti_ctx_t *cti__pri_clock_enter(cti_ctx_t *ctx)
{
	cti_ctx_t *saved = tl_ctx;

	tl_ctx = ctx;
	return saved;
}

void cti__pri_clock_leave(cti_ctx_t *saved)
{
	tl_ctx = saved;
}

cti_ctx_t *cti__pri_clock_ctx(void)
{
	return tl_ctx;
}

uint64_t cti__pri_tv_to_ctx(cti_ctx_t *ctx, const struct timeval *tv)
{
	uint64_t at = (uint64_t)tv->tv_sec * 1000000u + (uint64_t)tv->tv_usec;
	struct timespec ts;
	uint64_t wall, now = cti__now_us(ctx);

	if (cti_ctx_is_virtual(ctx)) {
		uint64_t base = VIRTUAL_EPOCH_S * 1000000u;

		return at > base ? at - base : 0;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	wall = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
	return at > wall ? now + (at - wall) : now;
}

int cti__pri_gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	cti_ctx_t *ctx = tl_ctx;

	if (ctx && cti_ctx_is_virtual(ctx)) {
		uint64_t us = cti__now_us(ctx);

		tv->tv_sec = (time_t)(VIRTUAL_EPOCH_S + us / 1000000u);
		tv->tv_usec = (suseconds_t)(us % 1000000u);
	} else {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	}
	if (tz)
		memset(tz, 0, sizeof(struct timezone));
	return 0;
}
