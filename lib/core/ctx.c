// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The context: epoll fd with an eventfd (commands from other threads) and a
 * timerfd (real-clock timers) inside, the clock, and the loop drivers.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "core/ctx.h"

uint64_t cti__mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t cti__now_us(const cti_ctx_t *ctx)
{
	if (ctx->virtual_clock)
		return ctx->vnow_us;
	return cti__mono_us() - ctx->mono_base_us;
}

/* Milliseconds at the API (docs/HACKING.md); microseconds inside, so the
 * D channel's serialisation times and libpri's timers keep their
 * resolution. */
CTI_EXTERN uint64_t cti_now_ms(const cti_ctx_t *ctx)
{
	return cti__now_us(ctx) / 1000u;
}

CTI_EXTERN bool cti_ctx_is_virtual(const cti_ctx_t *ctx)
{
	return ctx->virtual_clock;
}

static int add_internal_fd(cti_ctx_t *ctx, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };

	ev.data.fd = fd;
	if (epoll_ctl(ctx->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	return 0;
}

CTI_EXTERN int cti_ctx_new(cti_ctx_t **out, const struct cti_ctx_config *cfg)
{
	struct cti_ctx_config defaults = { 0 };
	cti_ctx_t *ctx;
	int rc;

	if (!out)
		return CTI_EINVAL;
	*out = NULL;
	if (!cfg)
		cfg = &defaults;
	if (cfg->clock > CTI_CLOCK_VIRTUAL ||
	    (cfg->log_level && (cfg->log_level < CTI_LOG_ERROR ||
				cfg->log_level > CTI_LOG_DEBUG)))
		return CTI_EINVAL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return CTI_ENOMEM;
	ctx->epfd = ctx->evfd = ctx->tfd = -1;
	ctx->virtual_clock = cfg->clock == CTI_CLOCK_VIRTUAL;
	ctx->mono_base_us = cti__mono_us();
	ctx->tfd_armed_us = UINT64_MAX;
	ctx->log_fn = cfg->log_fn;
	ctx->log_user = cfg->log_user;
	ctx->log_level = cfg->log_level ? cfg->log_level : CTI_LOG_WARNING;
	pthread_mutex_init(&ctx->cmd_lock, NULL);

	ctx->epfd = epoll_create1(EPOLL_CLOEXEC);
	ctx->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	ctx->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (ctx->epfd < 0 || ctx->evfd < 0 || ctx->tfd < 0) {
		rc = -errno;
		goto fail;
	}
	rc = add_internal_fd(ctx, ctx->evfd);
	if (!rc)
		rc = add_internal_fd(ctx, ctx->tfd);
	if (rc)
		goto fail;
	*out = ctx;
	return 0;
fail:
	cti_ctx_free(ctx);
	return rc;
}

void cti__ctx_set_module(cti_ctx_t *ctx, enum cti__module m, void *p,
			 void (*free_fn)(void *))
{
	ctx->modules[m] = p;
	ctx->module_free[m] = free_fn;
}

void cti__ctx_set_module_busy(cti_ctx_t *ctx, enum cti__module m,
			      bool (*busy)(const void *))
{
	ctx->module_busy[m] = busy;
}

void *cti__ctx_module(const cti_ctx_t *ctx, enum cti__module m)
{
	return ctx->modules[m];
}

CTI_EXTERN void cti_ctx_free(cti_ctx_t *ctx)
{
	if (!ctx)
		return;
	for (int m = CTI__MOD_COUNT - 1; m >= 0; m--)
		if (ctx->modules[m] && ctx->module_free[m])
			ctx->module_free[m](ctx->modules[m]);
	cti__cmds_free(ctx);
	cti__watches_free(ctx);
	cti__timers_free(ctx);
	cti__events_free(ctx);
	if (ctx->tfd >= 0)
		close(ctx->tfd);
	if (ctx->evfd >= 0)
		close(ctx->evfd);
	if (ctx->epfd >= 0)
		close(ctx->epfd);
	pthread_mutex_destroy(&ctx->cmd_lock);
	free(ctx);
}

CTI_EXTERN int cti_ctx_fd(const cti_ctx_t *ctx)
{
	return ctx->epfd;
}

CTI_EXTERN int cti_ctx_timeout_ms(cti_ctx_t *ctx)
{
	uint64_t due = cti__timer_next_due(ctx), now = cti__now_us(ctx);

	if (cti_ring_len(&ctx->events) || due <= now)
		return 0;
	if (ctx->virtual_clock || due == UINT64_MAX)
		return -1;
	due = (due - now + 999) / 1000; /* round up: never wake early */
	return due > INT32_MAX ? INT32_MAX : (int)due;
}

CTI_EXTERN int cti_ctx_process(cti_ctx_t *ctx)
{
	int rc = cti__poll(ctx, 0);

	cti__timers_run(ctx, cti__now_us(ctx));
	cti__timerfd_sync(ctx);
	cti__events_dispatch(ctx);
	return rc < 0 ? rc : (int)cti_ring_len(&ctx->events);
}

CTI_EXTERN void cti_ctx_stop(cti_ctx_t *ctx)
{
	ctx->stop = true;
}

CTI_EXTERN int cti_ctx_run(cti_ctx_t *ctx)
{
	int rc = 0;

	if (!ctx->ev_fn)
		return CTI_EINVAL;
	if (ctx->running)
		return CTI_EALREADY;
	ctx->running = true;
	ctx->stop = false;
	while (!ctx->stop) {
		rc = cti_ctx_process(ctx);
		if (rc < 0 || ctx->stop)
			break;
		if (ctx->virtual_clock) {
			uint64_t due = cti__timer_next_due(ctx);

			if (due != UINT64_MAX) {
				if (due > ctx->vnow_us)
					ctx->vnow_us = due;
				continue;
			}
			/* nothing scheduled: only another thread can help */
			rc = cti__poll(ctx, -1);
		} else {
			rc = cti__poll(ctx, cti_ctx_timeout_ms(ctx));
		}
		if (rc < 0)
			break;
	}
	ctx->running = false;
	return rc < 0 ? rc : 0;
}

/* Everything ready at this instant: fds, commands, due timers, events. */
static int process_now(cti_ctx_t *ctx)
{
	int rc = cti__poll(ctx, 0);

	cti__timers_run(ctx, cti__now_us(ctx));
	cti__timerfd_sync(ctx);
	cti__events_dispatch(ctx);
	return rc < 0 ? rc : 0;
}

/* Virtual clock: to `target`, each timer at its own instant; stops early
 * (returning 1) when `done` says so after an instant is processed. */
static int advance_to(cti_ctx_t *ctx, uint64_t target,
		      bool (*done)(const cti_ctx_t *))
{
	for (;;) {
		uint64_t due;
		int rc = process_now(ctx);

		if (rc < 0)
			return rc;
		if (done && done(ctx))
			return 1;
		due = cti__timer_next_due(ctx);
		if (due == UINT64_MAX || due > target)
			break;
		ctx->vnow_us = due;
	}
	if (target != UINT64_MAX && target > ctx->vnow_us)
		ctx->vnow_us = target;
	return 0;
}

CTI_EXTERN int cti_clock_advance(cti_ctx_t *ctx, uint64_t ms)
{
	int rc;

	if (!ctx->virtual_clock)
		return CTI_ENOTSUP;
	rc = advance_to(ctx, ctx->vnow_us + ms * 1000u, NULL);
	return rc < 0 ? rc : 0;
}

static bool stopped(const cti_ctx_t *ctx)
{
	return ctx->stop;
}

/* Real clock: wait and process until `done` or the instant `until_us`
 * (UINT64_MAX: none). Returns 1 (done), 0 (reached) or an epoll error. */
static int wait_real(cti_ctx_t *ctx, uint64_t until_us,
		     bool (*done)(const cti_ctx_t *))
{
	for (;;) {
		uint64_t now;
		int rc = process_now(ctx), to;

		if (rc < 0)
			return rc;
		if (done && done(ctx))
			return 1;
		now = cti__now_us(ctx);
		if (now >= until_us)
			return 0;
		to = cti_ctx_timeout_ms(ctx);
		if (until_us != UINT64_MAX) {
			uint64_t left = (until_us - now + 999) / 1000;

			if (to < 0 || (uint64_t)to > left)
				to = left > INT32_MAX ? INT32_MAX : (int)left;
		}
		rc = cti__poll(ctx, to);
		if (rc < 0)
			return rc;
	}
}

CTI_EXTERN int cti_ctx_run_until(cti_ctx_t *ctx, uint64_t t_ms)
{
	uint64_t target = t_ms * 1000u;
	int rc;

	if (ctx->running)
		return CTI_EALREADY;
	ctx->running = true;
	ctx->stop = false;
	if (ctx->virtual_clock)
		rc = advance_to(ctx, target, stopped);
	else
		rc = wait_real(ctx, target, stopped);
	ctx->running = false;
	return rc == 1 ? CTI_ECANCELED : rc;
}

/*
 * Idle (docs/core.md): nothing waits to be done at all but the protocol's
 * own upkeep. Queued events are the application's to read and do not
 * count; application timers, commands from other threads and whatever the
 * modules have in progress (calls, RESTARTs, a link settling) do.
 */
static bool idle(const cti_ctx_t *ctx)
{
	bool cmds;

	if (cti__timers_public(ctx))
		return false;
	pthread_mutex_lock((pthread_mutex_t *)&ctx->cmd_lock);
	cmds = ctx->cmd_head != NULL;
	pthread_mutex_unlock((pthread_mutex_t *)&ctx->cmd_lock);
	if (cmds)
		return false;
	for (int m = 0; m < CTI__MOD_COUNT; m++)
		if (ctx->modules[m] && ctx->module_busy[m] &&
		    ctx->module_busy[m](ctx->modules[m]))
			return false;
	return true;
}

static bool idle_or_stopped(const cti_ctx_t *ctx)
{
	return ctx->stop || idle(ctx);
}

CTI_EXTERN int cti_ctx_run_idle(cti_ctx_t *ctx, uint64_t max_ms)
{
	uint64_t limit =
		max_ms ? cti__now_us(ctx) + max_ms * 1000u : UINT64_MAX;
	int rc;

	if (ctx->running)
		return CTI_EALREADY;
	ctx->running = true;
	ctx->stop = false;
	if (!ctx->virtual_clock) {
		rc = wait_real(ctx, limit, idle_or_stopped);
	} else {
		for (;;) {
			rc = advance_to(ctx, limit, idle_or_stopped);
			if (rc != 0 || cti__timer_next_due(ctx) != UINT64_MAX ||
			    limit != UINT64_MAX)
				break;
			/* busy, nothing scheduled, no limit: only an fd or
			 * another thread can move it on */
			rc = cti__poll(ctx, -1);
			if (rc < 0)
				break;
		}
	}
	ctx->running = false;
	if (rc < 0)
		return rc;
	if (rc == 0)
		return CTI_ETIMEDOUT;
	return ctx->stop ? CTI_ECANCELED : 0;
}
