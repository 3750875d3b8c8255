// SPDX-License-Identifier: LGPL-2.1-or-later
/* core: context, virtual clock, timers, event queue, log, commands, fds. */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "core/ctx.h" /* cti__log: core has no public path that logs */
#include "cti/ctx.h"
#include "unit.h"

static cti_ctx_t *vctx(void)
{
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL };
	cti_ctx_t *ctx = NULL;

	ck_assert_int_eq(cti_ctx_new(&ctx, &cfg), 0);
	return ctx;
}

struct rec {
	int order[16];
	uint64_t at[16];
	int n;
};

static struct rec g_rec;

static void fire(cti_ctx_t *ctx, void *user)
{
	g_rec.at[g_rec.n] = cti_now_ms(ctx);
	g_rec.order[g_rec.n++] = (int)(intptr_t)user;
}

START_TEST(test_new_rejects_bad_config)
{
	struct cti_ctx_config cfg = { .clock = 7 };
	cti_ctx_t *ctx = (cti_ctx_t *)1;

	ck_assert_int_eq(cti_ctx_new(&ctx, &cfg), CTI_EINVAL);
	ck_assert_ptr_null(ctx);
	cfg.clock = 0;
	cfg.log_level = 99;
	ck_assert_int_eq(cti_ctx_new(&ctx, &cfg), CTI_EINVAL);
	ck_assert_int_eq(cti_ctx_new(NULL, NULL), CTI_EINVAL);
	cti_ctx_free(NULL);
}
END_TEST

START_TEST(test_virtual_timers_in_order)
{
	cti_ctx_t *ctx = vctx();

	memset(&g_rec, 0, sizeof(g_rec));
	ck_assert(cti_ctx_is_virtual(ctx));
	ck_assert_uint_eq(cti_now_ms(ctx), 0);
	ck_assert_int_gt(cti_timer_start(ctx, 3000, fire, (void *)3), 0);
	ck_assert_int_gt(cti_timer_start(ctx, 1000, fire, (void *)1), 0);
	/* same instant as the previous one: runs after it (start order) */
	ck_assert_int_gt(cti_timer_start(ctx, 1000, fire, (void *)2), 0);
	int64_t id = cti_timer_start(ctx, 2000, fire, (void *)9);
	ck_assert_int_eq(cti_timer_cancel(ctx, id), 0);
	ck_assert_int_eq(cti_timer_cancel(ctx, id), CTI_ENOENT);
	ck_assert_int_eq(cti_timer_start(ctx, 1, NULL, NULL), CTI_EINVAL);

	ck_assert_int_eq(cti_ctx_timeout_ms(ctx), -1);
	ck_assert_int_eq(cti_clock_advance(ctx, 999), 0);
	ck_assert_int_eq(g_rec.n, 0);
	ck_assert_int_eq(cti_clock_advance(ctx, 10000), 0);
	ck_assert_int_eq(g_rec.n, 3);
	ck_assert_int_eq(g_rec.order[0], 1);
	ck_assert_int_eq(g_rec.order[1], 2);
	ck_assert_int_eq(g_rec.order[2], 3);
	/* each timer ran at its own instant, not at the end of the advance */
	ck_assert_uint_eq(g_rec.at[0], 1000);
	ck_assert_uint_eq(g_rec.at[2], 3000);
	ck_assert_uint_eq(cti_now_ms(ctx), 10999);
	/* a pending timer is freed with the context (ASan checks) */
	cti_timer_start(ctx, 5000, fire, NULL);
	cti_ctx_free(ctx);
}
END_TEST

static void chain(cti_ctx_t *ctx, void *user)
{
	fire(ctx, user);
	if ((intptr_t)user < 5)
		cti_timer_start(ctx, 100, chain, (char *)user + 1);
}

START_TEST(test_timer_started_from_timer)
{
	cti_ctx_t *ctx = vctx();

	memset(&g_rec, 0, sizeof(g_rec));
	cti_timer_start(ctx, 100, chain, (void *)1);
	cti_clock_advance(ctx, 1000);
	ck_assert_int_eq(g_rec.n, 5);
	ck_assert_uint_eq(g_rec.at[4], 500);
	cti_ctx_free(ctx);
}
END_TEST

START_TEST(test_real_clock_advance_refused)
{
	cti_ctx_t *ctx = NULL;
	uint64_t t0;

	ck_assert_int_eq(cti_ctx_new(&ctx, NULL), 0);
	ck_assert(!cti_ctx_is_virtual(ctx));
	ck_assert_int_eq(cti_clock_advance(ctx, 1), CTI_ENOTSUP);
	t0 = cti_now_ms(ctx);
	memset(&g_rec, 0, sizeof(g_rec));
	cti_timer_start(ctx, 20, fire, (void *)1);
	int to = cti_ctx_timeout_ms(ctx);
	ck_assert_int_ge(to, 19);
	ck_assert_int_le(to, 20);
	/* the epoll fd wakes when the timer is due */
	struct pollfd p = { .fd = cti_ctx_fd(ctx), .events = POLLIN };
	ck_assert_int_eq(poll(&p, 1, 2000), 1);
	cti_ctx_process(ctx);
	ck_assert_int_eq(g_rec.n, 1);
	ck_assert_uint_ge(cti_now_ms(ctx) - t0, 20);
	cti_ctx_free(ctx);
}
END_TEST

static void stop_now(cti_ctx_t *ctx, void *user)
{
	fire(ctx, user);
	cti_ctx_stop(ctx);
}

START_TEST(test_run_until_virtual)
{
	cti_ctx_t *ctx = vctx();

	memset(&g_rec, 0, sizeof(g_rec));
	cti_timer_start(ctx, 100, fire, (void *)1);
	cti_timer_start(ctx, 250, fire, (void *)2);
	ck_assert_int_eq(cti_ctx_run_until(ctx, 200), 0);
	ck_assert_int_eq(g_rec.n, 1);
	ck_assert_uint_eq(g_rec.at[0], 100);
	ck_assert_uint_eq(cti_now_ms(ctx), 200);
	/* an instant already past: nothing moves */
	ck_assert_int_eq(cti_ctx_run_until(ctx, 150), 0);
	ck_assert_uint_eq(cti_now_ms(ctx), 200);
	ck_assert_int_eq(g_rec.n, 1);
	ck_assert_int_eq(cti_ctx_run_until(ctx, 1000), 0);
	ck_assert_int_eq(g_rec.n, 2);
	ck_assert_uint_eq(g_rec.at[1], 250);
	ck_assert_uint_eq(cti_now_ms(ctx), 1000);
	/* cti_ctx_stop() from a timer ends it at that timer's instant */
	cti_timer_start(ctx, 500, stop_now, (void *)3);
	cti_timer_start(ctx, 700, fire, (void *)4);
	ck_assert_int_eq(cti_ctx_run_until(ctx, 5000), CTI_ECANCELED);
	ck_assert_uint_eq(cti_now_ms(ctx), 1500);
	ck_assert_int_eq(g_rec.n, 3);
	/* and the next run goes on from there */
	ck_assert_int_eq(cti_ctx_run_until(ctx, 5000), 0);
	ck_assert_int_eq(g_rec.n, 4);
	ck_assert_uint_eq(g_rec.at[3], 1700);
	cti_ctx_free(ctx);
}
END_TEST

START_TEST(test_run_until_real)
{
	cti_ctx_t *ctx = NULL;
	uint64_t t0;

	ck_assert_int_eq(cti_ctx_new(&ctx, NULL), 0);
	memset(&g_rec, 0, sizeof(g_rec));
	t0 = cti_now_ms(ctx);
	cti_timer_start(ctx, 10, fire, (void *)1);
	ck_assert_int_eq(cti_ctx_run_until(ctx, t0 + 40), 0);
	ck_assert_int_eq(g_rec.n, 1);
	ck_assert_uint_ge(g_rec.at[0], t0 + 10);
	ck_assert_uint_ge(cti_now_ms(ctx), t0 + 40);
	ck_assert_uint_lt(cti_now_ms(ctx), t0 + 1000);
	cti_ctx_free(ctx);
}
END_TEST

static void reenter(cti_ctx_t *ctx, void *user)
{
	int *rc = user;

	rc[0] = cti_ctx_run_until(ctx, 10000);
	rc[1] = cti_ctx_run_idle(ctx, 0);
}

START_TEST(test_run_idle_virtual)
{
	cti_ctx_t *ctx = vctx();
	int rc[2] = { 1, 1 };

	memset(&g_rec, 0, sizeof(g_rec));
	/* nothing to do: idle at once, the clock stays */
	ck_assert_int_eq(cti_ctx_run_idle(ctx, 0), 0);
	ck_assert_uint_eq(cti_now_ms(ctx), 0);
	/* application timers are work: idle after the last one */
	cti_timer_start(ctx, 500, fire, (void *)1);
	cti_timer_start(ctx, 1500, fire, (void *)2);
	ck_assert_int_eq(cti_ctx_run_idle(ctx, 0), 0);
	ck_assert_int_eq(g_rec.n, 2);
	ck_assert_uint_eq(cti_now_ms(ctx), 1500);
	/* not within the limit: the clock stops at the limit */
	cti_timer_start(ctx, 5000, fire, (void *)3);
	ck_assert_int_eq(cti_ctx_run_idle(ctx, 1000), CTI_ETIMEDOUT);
	ck_assert_uint_eq(cti_now_ms(ctx), 2500);
	ck_assert_int_eq(g_rec.n, 2);
	ck_assert_int_eq(cti_ctx_run_idle(ctx, 10000), 0);
	ck_assert_uint_eq(cti_now_ms(ctx), 6500);
	ck_assert_int_eq(g_rec.n, 3);
	/* not from inside a running loop */
	cti_timer_start(ctx, 1, reenter, rc);
	ck_assert_int_eq(cti_ctx_run_idle(ctx, 0), 0);
	ck_assert_int_eq(rc[0], CTI_EALREADY);
	ck_assert_int_eq(rc[1], CTI_EALREADY);
	cti_ctx_free(ctx);
}
END_TEST

START_TEST(test_run_idle_real)
{
	cti_ctx_t *ctx = NULL;
	uint64_t t0;

	ck_assert_int_eq(cti_ctx_new(&ctx, NULL), 0);
	memset(&g_rec, 0, sizeof(g_rec));
	t0 = cti_now_ms(ctx);
	cti_timer_start(ctx, 20, fire, (void *)1);
	ck_assert_int_eq(cti_ctx_run_idle(ctx, 0), 0);
	ck_assert_int_eq(g_rec.n, 1);
	ck_assert_uint_ge(cti_now_ms(ctx), t0 + 20);
	ck_assert_uint_lt(cti_now_ms(ctx), t0 + 1000);
	cti_timer_start(ctx, 5000, fire, (void *)2);
	t0 = cti_now_ms(ctx);
	ck_assert_int_eq(cti_ctx_run_idle(ctx, 30), CTI_ETIMEDOUT);
	ck_assert_uint_ge(cti_now_ms(ctx), t0 + 30);
	ck_assert_uint_lt(cti_now_ms(ctx), t0 + 1000);
	ck_assert_int_eq(g_rec.n, 1);
	cti_ctx_free(ctx);
}
END_TEST

START_TEST(test_events_by_value_fifo)
{
	cti_ctx_t *ctx = vctx();
	struct cti_event ev;
	int x;

	ck_assert_int_eq(cti_ctx_next_event(ctx, &ev), 0);
	ck_assert_int_eq(cti_ctx_next_event(ctx, NULL), CTI_EINVAL);
	/* more than the initial ring size, to cross a growth */
	for (int i = 0; i < 200; i++)
		ck_assert_int_eq(cti_ctx_post_event(ctx, (uint64_t)i, &x), 0);
	ck_assert_uint_eq(cti_ctx_pending_events(ctx), 200);
	ck_assert_int_eq(cti_ctx_timeout_ms(ctx), 0);
	for (int i = 0; i < 200; i++) {
		ck_assert_int_eq(cti_ctx_next_event(ctx, &ev), 1);
		ck_assert_uint_eq(ev.type, CTI_EVENT_USER);
		ck_assert_uint_eq(ev.u.user.value, (uint64_t)i);
		ck_assert_ptr_eq(ev.u.user.ptr, &x);
	}
	ck_assert_int_eq(cti_ctx_next_event(ctx, &ev), 0);
	ck_assert_str_eq(cti_event_name(CTI_EVENT_CALL_CLEARED),
			 "CALL_CLEARED");
	ck_assert_str_eq(cti_event_name(12345), "?");
	cti_ctx_free(ctx);
}
END_TEST

static int g_cb_count;
static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *user)
{
	(void)user;
	g_cb_count++;
	if (ev->u.user.value == 3)
		cti_ctx_stop(ctx);
}

static void post_three(cti_ctx_t *ctx, void *user)
{
	(void)user;
	cti_ctx_post_event(ctx, 3, NULL);
}

START_TEST(test_callback_and_run)
{
	cti_ctx_t *ctx = vctx();

	ck_assert_int_eq(cti_ctx_run(ctx), CTI_EINVAL);
	cti_ctx_set_event_cb(ctx, on_event, NULL);
	g_cb_count = 0;
	cti_ctx_post_event(ctx, 1, NULL);
	ck_assert_int_eq(cti_ctx_process(ctx), 0);
	ck_assert_int_eq(g_cb_count, 1);
	/* virtual run skips idle time to the timer, then stops */
	cti_timer_start(ctx, 60 * 1000ull, post_three, NULL);
	ck_assert_int_eq(cti_ctx_run(ctx), 0);
	ck_assert_int_eq(g_cb_count, 2);
	ck_assert_uint_eq(cti_now_ms(ctx), 60 * 1000ull);
	cti_ctx_free(ctx);
}
END_TEST

struct logrec {
	int n, level;
	char module[16], msg[64];
};

static void logsink(void *user, int level, const char *module, const char *msg)
{
	struct logrec *r = user;

	r->n++;
	r->level = level;
	snprintf(r->module, sizeof(r->module), "%s", module);
	snprintf(r->msg, sizeof(r->msg), "%s", msg);
}

START_TEST(test_log_per_context)
{
	struct logrec a = { 0 }, b = { 0 };
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL,
				      .log_fn = logsink,
				      .log_user = &a };
	cti_ctx_t *c1, *c2;

	ck_assert_int_eq(cti_ctx_new(&c1, &cfg), 0);
	cfg.log_user = &b;
	ck_assert_int_eq(cti_ctx_new(&c2, &cfg), 0);
	ck_assert_int_eq(cti_ctx_set_log_level(c1, 0), CTI_EINVAL);
	ck_assert_int_eq(cti_ctx_set_log_level(c1, CTI_LOG_DEBUG), 0);
	ck_assert_str_eq(cti_log_level_name(CTI_LOG_NOTICE), "notice");
	cti__log(c1, CTI_LOG_DEBUG, "core", "hello %d\n", 1);
	cti__log(c2, CTI_LOG_DEBUG, "core", "filtered");
	ck_assert_int_eq(a.n, 1);
	ck_assert_int_eq(b.n, 0);
	ck_assert_str_eq(a.msg, "hello 1");
	ck_assert_str_eq(a.module, "core");
	ck_assert_int_eq(a.level, CTI_LOG_DEBUG);
	cti_ctx_free(c1);
	cti_ctx_free(c2);
}
END_TEST

static void cmd_add(cti_ctx_t *ctx, void *arg)
{
	if (ctx)
		cti_ctx_post_event(ctx, (uint64_t)(intptr_t)arg, NULL);
}

static void *poster(void *arg)
{
	for (int i = 0; i < 100; i++)
		cti_ctx_post(arg, cmd_add, (void *)(intptr_t)i);
	return NULL;
}

static int g_freed;
static void cmd_count_free(cti_ctx_t *ctx, void *arg)
{
	(void)arg;
	if (!ctx)
		g_freed++;
}

START_TEST(test_commands_from_threads)
{
	cti_ctx_t *ctx = vctx();
	pthread_t th[2];
	struct cti_event ev;
	int n = 0;

	ck_assert_int_eq(cti_ctx_post(ctx, NULL, NULL), CTI_EINVAL);
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, poster, ctx);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	struct pollfd p = { .fd = cti_ctx_fd(ctx), .events = POLLIN };
	ck_assert_int_eq(poll(&p, 1, 1000), 1);
	cti_ctx_process(ctx);
	while (cti_ctx_next_event(ctx, &ev) > 0)
		n++;
	ck_assert_int_eq(n, 200);
	/* still queued at free: called with NULL to release the argument */
	g_freed = 0;
	cti_ctx_post(ctx, cmd_count_free, NULL);
	cti_ctx_free(ctx);
	ck_assert_int_eq(g_freed, 1);
}
END_TEST

static int g_io;
static void on_io(cti_ctx_t *ctx, int fd, uint32_t revents, void *user)
{
	char c;

	(void)ctx;
	(void)user;
	ck_assert(revents & EPOLLIN);
	ck_assert_int_eq(read(fd, &c, 1), 1);
	g_io += c;
}

START_TEST(test_fd_watch)
{
	cti_ctx_t *ctx = vctx();
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(cti_ctx_watch_fd(ctx, p[0], EPOLLIN, on_io, NULL), 0);
	ck_assert_int_eq(cti_ctx_watch_fd(ctx, p[0], EPOLLIN, on_io, NULL),
			 CTI_EEXIST);
	ck_assert_int_eq(cti_ctx_watch_fd(ctx, -1, EPOLLIN, on_io, NULL),
			 CTI_EINVAL);
	g_io = 0;
	ck_assert_int_eq(write(p[1], "\x05", 1), 1);
	cti_ctx_process(ctx);
	ck_assert_int_eq(g_io, 5);
	ck_assert_int_eq(cti_ctx_modify_fd(ctx, p[0], EPOLLIN), 0);
	ck_assert_int_eq(cti_ctx_unwatch_fd(ctx, p[0]), 0);
	ck_assert_int_eq(cti_ctx_unwatch_fd(ctx, p[0]), CTI_ENOENT);
	ck_assert_int_eq(cti_ctx_modify_fd(ctx, p[0], EPOLLIN), CTI_ENOENT);
	ck_assert_int_eq(write(p[1], "\x05", 1), 1);
	cti_ctx_process(ctx);
	ck_assert_int_eq(g_io, 5);
	close(p[0]);
	close(p[1]);
	cti_ctx_free(ctx);
}
END_TEST

TCase *core_ctx_tcase(void);
TCase *core_ctx_tcase(void)
{
	TCase *tc = tcase_create("ctx");

	tcase_add_test(tc, test_new_rejects_bad_config);
	tcase_add_test(tc, test_virtual_timers_in_order);
	tcase_add_test(tc, test_timer_started_from_timer);
	tcase_add_test(tc, test_real_clock_advance_refused);
	tcase_add_test(tc, test_run_until_virtual);
	tcase_add_test(tc, test_run_until_real);
	tcase_add_test(tc, test_run_idle_virtual);
	tcase_add_test(tc, test_run_idle_real);
	tcase_add_test(tc, test_events_by_value_fifo);
	tcase_add_test(tc, test_callback_and_run);
	tcase_add_test(tc, test_log_per_context);
	tcase_add_test(tc, test_commands_from_threads);
	tcase_add_test(tc, test_fd_watch);
	return tc;
}
