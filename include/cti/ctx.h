/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti context: owns every span and call, one epoll event loop, timers,
 * a clock (CLOCK_MONOTONIC, or a virtual clock that only advances when told
 * to, so simulations run fast and deterministically), the event queue, the
 * log sink, and a command queue through which other threads talk to it.
 *
 * One context per thread. Every function except cti_ctx_post() must be
 * called from the thread that runs the context.
 *
 * Driving it from your own main loop:
 *
 *	poll cti_ctx_fd(ctx) for POLLIN, timeout cti_ctx_timeout_ms(ctx);
 *	cti_ctx_process(ctx);
 *	while (cti_ctx_next_event(ctx, &ev) > 0) handle(&ev);
 *
 * or set a callback and call cti_ctx_run().
 */
#ifndef CTI_CTX_H
#define CTI_CTX_H

#include "cti/common.h"
#include "cti/event.h"
#include "cti/log.h"

CTI_BEGIN_DECLS

/* The context (cti/ctx.h); declared once for C99 users. */
#ifndef CTI_CTX_T_DEFINED
#define CTI_CTX_T_DEFINED
typedef struct cti_ctx cti_ctx_t;
#endif

enum cti_clock_kind {
	CTI_CLOCK_REAL = 0,    /* CLOCK_MONOTONIC */
	CTI_CLOCK_VIRTUAL = 1, /* starts at 0, moved by cti_clock_advance() */
};

struct cti_ctx_config {
	uint32_t clock;	   /* enum cti_clock_kind */
	int32_t log_level; /* 0: CTI_LOG_WARNING */
	cti_log_fn log_fn; /* NULL: stderr */
	void *log_user;
	uint32_t reserved[8]; /* zero */
};

/*
 * Create a context. `cfg` may be NULL (real clock, warnings to stderr).
 * Returns 0 and sets *out, or CTI_EINVAL (bad config), CTI_ENOMEM, or the
 * negated errno of epoll/eventfd/timerfd creation.
 */
CTI_EXTERN int cti_ctx_new(cti_ctx_t **out, const struct cti_ctx_config *cfg);

/* Close every span and call of the context, then free it. Commands still
 * queued by other threads are called with ctx == NULL so they can free
 * their argument. NULL is ignored. */
CTI_EXTERN void cti_ctx_free(cti_ctx_t *ctx);

/* The fd to poll for POLLIN (an epoll fd). Never fails. */
CTI_EXTERN int cti_ctx_fd(const cti_ctx_t *ctx);

/*
 * Milliseconds until cti_ctx_process() has timer work: 0 when events are
 * queued or work is due now, -1 when nothing is scheduled. Under the
 * virtual clock time never passes by itself, so only due-now work gives 0
 * and the rest gives -1. Never fails.
 */
CTI_EXTERN int cti_ctx_timeout_ms(cti_ctx_t *ctx);

/*
 * Do everything that is ready without blocking: commands from other
 * threads, fd activity, due timers. With an event callback set, queued
 * events are then handed to it. Returns the number of events waiting in
 * the queue afterwards (>= 0), or a negative CTI_E* code if epoll failed.
 */
CTI_EXTERN int cti_ctx_process(cti_ctx_t *ctx);

/*
 * Copy the oldest queued event into *ev and remove it. Returns 1 with an
 * event, 0 when the queue is empty, CTI_EINVAL if ctx or ev is NULL.
 */
CTI_EXTERN int cti_ctx_next_event(cti_ctx_t *ctx, struct cti_event *ev);

/* Events waiting in the queue. */
CTI_EXTERN size_t cti_ctx_pending_events(const cti_ctx_t *ctx);

/* Called for each event (a copy valid during the call) by
 * cti_ctx_process()/cti_ctx_run(); NULL to queue them for
 * cti_ctx_next_event()
 * instead. */
typedef void (*cti_event_fn)(cti_ctx_t *ctx, const struct cti_event *ev,
			     void *user);
CTI_EXTERN void cti_ctx_set_event_cb(cti_ctx_t *ctx, cti_event_fn fn,
				     void *user);

/*
 * Loop: wait for work, process it, hand events to the callback, until
 * cti_ctx_stop(). Under the virtual clock, idle time is skipped: the clock
 * jumps to the next timer -- and once a span is open its data link's
 * timers never stop, so only cti_ctx_stop() ends it: cti_ctx_run_until()
 * and cti_ctx_run_idle() are the virtual clock's ways to run. Returns 0 after
 * cti_ctx_stop(), CTI_EINVAL if no event callback is set, CTI_EALREADY if
 * called from inside the callback of a running loop, or a negative code if
 * epoll failed.
 */
CTI_EXTERN int cti_ctx_run(cti_ctx_t *ctx);

/*
 * Run until the context's clock reads `t_ms` (cti_now_ms()). Virtual
 * clock: time advances to t_ms, every timer running at its own instant and
 * fds and commands processed as it goes (as cti_clock_advance()); real
 * clock: wait for work and process it until that instant. Events go to the
 * callback if one is set, else stay queued for cti_ctx_next_event(). A t_ms
 * already past processes what is ready and returns. Returns 0,
 * CTI_ECANCELED (cti_ctx_stop() was called), CTI_EALREADY (from inside a
 * running loop's callback), or a negative code if epoll failed.
 */
CTI_EXTERN int cti_ctx_run_until(cti_ctx_t *ctx, uint64_t t_ms);

/*
 * Run until the context is idle, for at most `max_ms` (0: no limit).
 * Idle means nothing is left to do but the protocol's own upkeep: no
 * application timer (cti_timer_start) armed, no command from another
 * thread waiting, and nothing in progress on any span -- no call (in any
 * state), no RESTART queued or unanswered, no data link settling before
 * its SPAN_UP, no D-channel frame crossing a loop pair. What remains then,
 * libpri's link maintenance (the T203 polls of an idle link, the SABME retries
 * of a link that is down), runs forever by design and does not count; neither
 * do events waiting in the queue (they are the application's to read). Virtual
 * clock: time jumps from timer to timer; real clock: it waits. Returns 0 once
 * idle, CTI_ETIMEDOUT if max_ms passed first (the clock then reads its start +
 * max_ms), CTI_ECANCELED (cti_ctx_stop()), CTI_EALREADY (inside a running
 * loop's callback), or a negative code if epoll failed.
 */
CTI_EXTERN int cti_ctx_run_idle(cti_ctx_t *ctx, uint64_t max_ms);

/* Make cti_ctx_run(), cti_ctx_run_until() and cti_ctx_run_idle() return
 * after the current event. Never fails. */
CTI_EXTERN void cti_ctx_stop(cti_ctx_t *ctx);

/* The context's clock in milliseconds (monotonic: 0 at the context's
 * creation on either clock). Never fails. */
CTI_EXTERN uint64_t cti_now_ms(const cti_ctx_t *ctx);

/* True if the context runs on the virtual clock. */
CTI_EXTERN bool cti_ctx_is_virtual(const cti_ctx_t *ctx);

/*
 * Virtual clock only: move time forward by `ms`, running every timer in
 * order at its own instant and processing fds and commands as it goes
 * (events go to the callback if one is set, else to the queue). Returns 0,
 * or CTI_ENOTSUP on the real clock.
 */
CTI_EXTERN int cti_clock_advance(cti_ctx_t *ctx, uint64_t ms);

/* ---- timers ------------------------------------------------------------ */

typedef void (*cti_timer_fn)(cti_ctx_t *ctx, void *user);

/*
 * Call fn(ctx, user) once, `delay_ms` from now on the context's clock.
 * Returns a timer id (> 0) for cti_timer_cancel(), or CTI_ENOMEM, or
 * CTI_EINVAL if fn is NULL. Timers due at the same instant run in the
 * order they were started.
 */
CTI_EXTERN int64_t cti_timer_start(cti_ctx_t *ctx, uint64_t delay_ms,
				   cti_timer_fn fn, void *user);

/* Cancel a timer that has not fired. Returns 0, or CTI_ENOENT if the id is
 * unknown or the timer already fired. */
CTI_EXTERN int cti_timer_cancel(cti_ctx_t *ctx, int64_t id);

/* ---- other threads ----------------------------------------------------- */

typedef void (*cti_cmd_fn)(cti_ctx_t *ctx, void *arg);

/*
 * Thread-safe: queue fn(ctx, arg) to run on the context's thread inside
 * cti_ctx_process(), and wake its fd. Returns 0, CTI_ENOMEM, or CTI_EINVAL
 * if fn is NULL.
 */
CTI_EXTERN int cti_ctx_post(cti_ctx_t *ctx, cti_cmd_fn fn, void *arg);

/* Queue a CTI_EVENT_USER event carrying `value` and `ptr` (context thread
 * only). Returns 0 or CTI_ENOMEM. */
CTI_EXTERN int cti_ctx_post_event(cti_ctx_t *ctx, uint64_t value, void *ptr);

/* ---- application fds --------------------------------------------------- */

typedef void (*cti_io_fn)(cti_ctx_t *ctx, int fd, uint32_t revents, void *user);

/*
 * Watch `fd` for `events` (EPOLLIN/EPOLLOUT bits); fn runs from
 * cti_ctx_process() when it is ready. Returns 0, CTI_EEXIST if already
 * watched, CTI_ENOMEM, or the negated errno of epoll_ctl.
 */
CTI_EXTERN int cti_ctx_watch_fd(cti_ctx_t *ctx, int fd, uint32_t events,
				cti_io_fn fn, void *user);

/* Change the events of a watched fd. Returns 0, CTI_ENOENT if not
 * watched, or the negated errno of epoll_ctl. */
CTI_EXTERN int cti_ctx_modify_fd(cti_ctx_t *ctx, int fd, uint32_t events);

/* Stop watching `fd` (the fd is not closed). Returns 0 or CTI_ENOENT. */
CTI_EXTERN int cti_ctx_unwatch_fd(cti_ctx_t *ctx, int fd);

CTI_END_DECLS

#endif /* CTI_CTX_H */
