// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-sim as a user runs it: the default day, 8 hours of a 50-seat
 * securities hotline (28 trading, 10 accounts, 12 shared agents, about
 * 6,000 callers, ring-outs and abandons), through the engine into a
 * store, then --check compares what the engine stored with the
 * simulator's own tally.
 */
#include "../tool_run.h"

START_TEST(eight_hour_day_matches_the_tally)
{
	char db[] = "/tmp/cti-sim-dayXXXXXX";
	char path[64], side[80];
	const char *args[] = { "--store", path, "--check", NULL };
	struct tool_run r;
	int fd = mkstemp(db);
	unsigned callers = 0;
	const char *p;

	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(db);
	snprintf(path, sizeof(path), "%s.db", db);
	tool_run(&r, "cti-sim", args);
	ck_assert_msg(r.status == 0, "cti-sim: %s%s", r.out, r.err);
	p = strstr(r.out, "callers ");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(sscanf(p, "callers %u", &callers), 1);
	ck_assert_uint_gt(callers, 5500);
	ck_assert_ptr_nonnull(strstr(r.out, "(blocked 0)"));
	ck_assert_ptr_nonnull(strstr(r.out, "agents stuck 0, calls left 0"));
	ck_assert_ptr_nonnull(
		strstr(r.out, "every caller accounted once: yes"));
	ck_assert_ptr_nonnull(
		strstr(r.out, "stored intervals equal the tally"));
	ck_assert_str_eq(r.err, "");
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("center_sim_cli");
	TCase *tc = tcase_create("day");

	tcase_set_timeout(tc, 900);
	tcase_add_test(tc, eight_hour_day_matches_the_tally);
	suite_add_tcase(s, tc);
	return s;
}
