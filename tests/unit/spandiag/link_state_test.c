// SPDX-License-Identifier: LGPL-2.1-or-later
/* The published Q.921 state of a span's D channel (span/link_state.h). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cti/common.h"
#include "span/link_state.h"
#include "unit.h"

static char dir[64];

static void rundir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/cti-link-state-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("CTI_RUNDIR", dir, 1);
}

START_TEST(test_round_trip_and_remove)
{
	struct cti__link_state st = { .pid = getpid(), .up = true,
				      .net = true, .since = 1700000000 };
	struct cti__link_state got = { 0 };

	rundir();
	ck_assert_int_eq(cti__link_state_read(3, &got), CTI_ENOENT);
	ck_assert_int_eq(cti__link_state_write(3, &st), 0);
	ck_assert_int_eq(cti__link_state_read(3, &got), 0);
	ck_assert_int_eq(got.pid, getpid());
	ck_assert(got.up && got.net);
	ck_assert_int_eq(got.since, 1700000000);
	st.up = false;
	ck_assert_int_eq(cti__link_state_write(3, &st), 0);
	ck_assert_int_eq(cti__link_state_read(3, &got), 0);
	ck_assert(!got.up);
	cti__link_state_remove(3);
	ck_assert_int_eq(cti__link_state_read(3, &got), CTI_ENOENT);
	rmdir(dir);
}
END_TEST

/* A holder that died without cleaning up publishes nothing. */
START_TEST(test_dead_holder_ignored)
{
	struct cti__link_state st = { .up = true }, got;
	pid_t child = fork();

	rundir();
	ck_assert_int_ge(child, 0);
	if (!child)
		_exit(0);
	waitpid(child, NULL, 0);
	st.pid = child;
	ck_assert_int_eq(cti__link_state_write(5, &st), 0);
	ck_assert_int_eq(cti__link_state_read(5, &got), CTI_ENOENT);
	/* and another process's file is not ours to remove */
	st.pid = 1;
	ck_assert_int_eq(cti__link_state_write(5, &st), 0);
	cti__link_state_remove(5);
	ck_assert_int_eq(cti__link_state_read(5, &got), 0);
	ck_assert_int_eq(got.pid, 1);
	{
		char path[128];

		snprintf(path, sizeof(path), "%s/span-5.q921", dir);
		unlink(path);
	}
	rmdir(dir);
}
END_TEST

/* Which B-channels carry calls travels with the state; a file from an
 * older holder (no calls=) says nothing about them. */
START_TEST(test_calls_published)
{
	struct cti__link_state st = { .pid = getpid(), .up = true,
				      .calls = 1u << 1 | 1u << 17 };
	struct cti__link_state got = { 0 };
	char path[128];
	FILE *f;

	rundir();
	ck_assert_int_eq(cti__link_state_write(4, &st), 0);
	ck_assert_int_eq(cti__link_state_read(4, &got), 0);
	ck_assert(got.calls_known);
	ck_assert_uint_eq(got.calls, 0x20002);
	snprintf(path, sizeof(path), "%s/span-4.q921", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "pid=%d state=up side=cpe since=1\n", (int)getpid());
	fclose(f);
	ck_assert_int_eq(cti__link_state_read(4, &got), 0);
	ck_assert(got.up && !got.calls_known);
	ck_assert_uint_eq(got.calls, 0);
	unlink(path);
	rmdir(dir);
}
END_TEST

TCase *link_state_tcase(void);
TCase *link_state_tcase(void)
{
	TCase *tc = tcase_create("link_state");

	tcase_add_test(tc, test_round_trip_and_remove);
	tcase_add_test(tc, test_dead_holder_ignored);
	tcase_add_test(tc, test_calls_published);
	return tc;
}
