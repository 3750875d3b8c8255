/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private side of the context for the other modules of libcti: embedded
 * timers (no allocation on the audio path), event emission, logging, and
 * the slots through which the context owns the higher modules.
 */
#ifndef CTI_CORE_CTX_H
#define CTI_CORE_CTX_H

#include <pthread.h>
#include <stdarg.h>

#include "core/heap.h"
#include "core/ring.h"
#include "cti/ctx.h"

struct cti__timer;
typedef void (*cti__timer_fn)(struct cti__timer *t, void *user);

/* A timer embedded in its owner; armed at most once at a time. */
struct cti__timer {
	uint64_t due_us;
	uint64_t seq;	   /* start order: ties fire in start order */
	struct cti_heap_node node; /* in ctx->timers while armed */
	int64_t public_id; /* > 0 for timers of the public API */
	cti__timer_fn fn;
	void *user;
};

struct cti__watch {
	int fd;
	uint32_t events;
	cti_io_fn fn;
	void *user;
	struct cti__watch *next;
};

struct cti__cmd {
	cti_cmd_fn fn;
	void *arg;
	struct cti__cmd *next;
};

/* Modules the context owns, freed in reverse order by cti_ctx_free(). */
enum cti__module {
	CTI__MOD_CALL = 0, /* call manager: spans, pri, calls */
	CTI__MOD_COUNT
};

struct cti_ctx {
	int epfd, evfd, tfd;
	bool virtual_clock;
	uint64_t vnow_us;      /* virtual clock */
	uint64_t mono_base_us; /* real clock: CLOCK_MONOTONIC at creation */

	struct cti_heap timers; /* struct cti__timer, by (due, seq) */
	uint64_t timer_seq;
	int64_t next_public_id;
	uint64_t tfd_armed_us; /* deadline the timerfd is armed for, or MAX */

	struct cti_ring events; /* struct cti_event; grows */
	cti_event_fn ev_fn;
	void *ev_user;
	int dispatching;

	struct cti__watch *watches;

	pthread_mutex_t cmd_lock;
	struct cti__cmd *cmd_head, *cmd_tail;

	cti_log_fn log_fn;
	void *log_user;
	int log_level;

	bool running, stop;

	void *modules[CTI__MOD_COUNT];
	void (*module_free[CTI__MOD_COUNT])(void *);
	/* true while the module has work in progress (cti_ctx_run_idle) */
	bool (*module_busy[CTI__MOD_COUNT])(const void *);
};

void cti__timer_init(struct cti__timer *t, cti__timer_fn fn, void *user);
/* Arm (or re-arm) for an absolute time on the context's clock. */
int cti__timer_arm_at(cti_ctx_t *ctx, struct cti__timer *t, uint64_t due_us);
int cti__timer_arm(cti_ctx_t *ctx, struct cti__timer *t, uint64_t delay_us);
void cti__timer_cancel(cti_ctx_t *ctx, struct cti__timer *t);
bool cti__timer_armed(const struct cti__timer *t);
/* Timers of the public API (cti_timer_start) still armed. */
size_t cti__timers_public(const cti_ctx_t *ctx);
/* Earliest deadline, or UINT64_MAX when no timer is armed. */
uint64_t cti__timer_next_due(const cti_ctx_t *ctx);
/* Run every timer due at or before `now`, in order. */
void cti__timers_run(cti_ctx_t *ctx, uint64_t now);
void cti__timers_free(cti_ctx_t *ctx);
/* Keep the timerfd armed for the earliest deadline (real clock). */
void cti__timerfd_sync(cti_ctx_t *ctx);

/* Queue a copy of *ev, stamped with the current time if time_ms is 0.
 * Returns 0 or CTI_ENOMEM (the event is then logged and lost). */
int cti__emit(cti_ctx_t *ctx, const struct cti_event *ev);
void cti__events_free(cti_ctx_t *ctx);
/* Hand queued events to the callback, if one is set. */
void cti__events_dispatch(cti_ctx_t *ctx);

void cti__cmds_run(cti_ctx_t *ctx);
void cti__cmds_free(cti_ctx_t *ctx);
void cti__watches_free(cti_ctx_t *ctx);
/* One non-blocking (timeout 0) or blocking pass over epoll. */
int cti__poll(cti_ctx_t *ctx, int timeout_ms);

uint64_t cti__mono_us(void);
/* The context's clock in microseconds (cti_now_ms() x 1000 + the rest):
 * the resolution the library keeps inside. */
uint64_t cti__now_us(const cti_ctx_t *ctx);

bool cti__log_enabled(const cti_ctx_t *ctx, int level);
void cti__log(cti_ctx_t *ctx, int level, const char *module, const char *fmt,
	      ...) __attribute__((format(printf, 4, 5)));
void cti__vlog(cti_ctx_t *ctx, int level, const char *module, const char *fmt,
	       va_list ap) __attribute__((format(printf, 4, 0)));

void cti__ctx_set_module(cti_ctx_t *ctx, enum cti__module m, void *p,
			 void (*free_fn)(void *));
void *cti__ctx_module(const cti_ctx_t *ctx, enum cti__module m);
void cti__ctx_set_module_busy(cti_ctx_t *ctx, enum cti__module m,
			      bool (*busy)(const void *));

#endif /* CTI_CORE_CTX_H */
