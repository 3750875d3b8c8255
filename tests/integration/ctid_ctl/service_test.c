// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The service glue against a notify socket of the test's own, as systemd
 * would hold it (sd_notify(3)): READY=1 with its status, the watchdog's
 * keep-alive at half of WATCHDOG_USEC on the context's clock, RELOADING=1
 * with MONOTONIC_USEC, READY=1 again, STOPPING=1; nothing without
 * NOTIFY_SOCKET.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"

static int notify_fd;

static void notify_open(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char pid[16];

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/notify", F.dir);
	notify_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	ck_assert_int_ge(notify_fd, 0);
	ck_assert_int_eq(bind(notify_fd, (struct sockaddr *)&sa, sizeof(sa)),
			 0);
	setenv("NOTIFY_SOCKET", sa.sun_path, 1);
	setenv("WATCHDOG_USEC", "200000", 1);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	setenv("WATCHDOG_PID", pid, 1);
}

static void notify_close(void)
{
	char path[128];

	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	close(notify_fd);
	snprintf(path, sizeof(path), "%s/notify", F.dir);
	unlink(path);
}

/* the next message, "" if none waits */
static const char *msg(void)
{
	static char buf[512];
	ssize_t k = recv(notify_fd, buf, sizeof(buf) - 1, 0);

	buf[k > 0 ? k : 0] = '\0';
	return buf;
}

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

START_TEST(notify_ready_watchdog_reload_stop)
{
	unsigned long long us;
	uint64_t before, after;

	fx_open();
	notify_open();
	ck_assert_int_eq(ctid_service_ready(&F.d), 0);
	ck_assert_str_eq(msg(), "READY=1\nSTATUS=2 span(s), control socket "
				"open");
	ck_assert_str_eq(msg(), "");
	/* 200 ms asked: a keep-alive every 100 ms, from the loop */
	ck_assert_uint_eq(F.d.watchdog_ms, 100);
	fx_run(99);
	ck_assert_str_eq(msg(), "");
	fx_run(1);
	ck_assert_str_eq(msg(), "WATCHDOG=1");
	ck_assert_str_eq(msg(), "");
	fx_run(100);
	ck_assert_str_eq(msg(), "WATCHDOG=1");
	fx_run(250);
	ck_assert_str_eq(msg(), "WATCHDOG=1");
	ck_assert_str_eq(msg(), "WATCHDOG=1");
	ck_assert_str_eq(msg(), "");
	/* a second READY (after a reload) starts no second keep-alive */
	ck_assert_int_eq(ctid_service_ready(&F.d), 0);
	msg();
	fx_run(50);
	ck_assert_str_eq(msg(), "WATCHDOG=1");
	ck_assert_str_eq(msg(), "");

	before = mono_us();
	ctid_service_reloading(&F.d, true);
	after = mono_us();
	ck_assert_int_eq(sscanf(msg(), "RELOADING=1\nMONOTONIC_USEC=%llu", &us),
			 1);
	ck_assert_uint_ge(us, before);
	ck_assert_uint_le(us, after);
	F.d.reloads++; /* the daemon's count of reloads that took */
	ctid_service_reloading(&F.d, false);
	ck_assert_str_eq(msg(), "STATUS=reloaded");
	ck_assert_str_eq(msg(), "READY=1");
	/* a refused one: READY again, the status says so */
	ctid_service_reloading(&F.d, true);
	ck_assert(!strncmp(msg(), "RELOADING=1\nMONOTONIC_USEC=", 27));
	ctid_service_reloading(&F.d, false);
	ck_assert_str_eq(msg(), "STATUS=reload refused, running configuration "
				"kept");
	ck_assert_str_eq(msg(), "READY=1");
	ctid_service_status(&F.d, "draining: 2 calls\nREADY=1");
	ck_assert_str_eq(msg(), "STATUS=draining: 2 calls READY=1");
	ctid_service_stopping(&F.d);
	ck_assert_str_eq(msg(), "STOPPING=1");
	notify_close();
	fx_close();
}
END_TEST

START_TEST(nothing_without_systemd)
{
	fx_open();
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	ck_assert_int_eq(ctid_service_ready(&F.d), 0);
	ck_assert_int_eq(F.d.watchdog_timer, 0);
	ctid_service_reloading(&F.d, true);
	ctid_service_reloading(&F.d, false);
	ctid_service_stopping(&F.d);
	fx_close();
}
END_TEST

/* a watchdog meant for another process (WATCHDOG_PID) is not ours */
START_TEST(watchdog_of_another_pid)
{
	fx_open();
	notify_open();
	setenv("WATCHDOG_PID", "1", 1);
	ck_assert_int_eq(ctid_service_ready(&F.d), 0);
	ck_assert_int_eq(F.d.watchdog_timer, 0);
	notify_close();
	fx_close();
}
END_TEST

void add_service_tests(Suite *s);
void add_service_tests(Suite *s)
{
	TCase *tc = tcase_create("service");

	tcase_add_test(tc, notify_ready_watchdog_reload_stop);
	tcase_add_test(tc, nothing_without_systemd);
	tcase_add_test(tc, watchdog_of_another_pid);
	suite_add_tcase(s, tc);
}
