// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-sim as a user runs it, through the engine into a store, then
 * --check compares what the engine stored with the simulator's own
 * tally. Two cases:
 *  - "busy_hour" (about 6 s): one hour of 700 calls on 33 seats (18
 *    trading, 7 accounts, 8 shared): queueing, abandons, short abandons
 *    and ring-outs; for the edit loop:
 *      CK_RUN_CASE=busy_hour make check-unit T=center_sim_cli
 *  - "day" (about 60 s): the default day, 8 hours of a 50-seat hotline
 *    (28 trading, 10 accounts, 12 shared, about 6,000 callers).
 */
#include "../tool_run.h"

/* Run cti-sim with args + --store --check; the day's callers. */
static unsigned sim_checked(const char *const *extra)
{
	char db[] = "/tmp/cti-sim-dayXXXXXX";
	char path[64], side[80];
	const char *args[16];
	struct tool_run r;
	int fd = mkstemp(db), n = 0;
	unsigned callers = 0;
	const char *p;

	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(db);
	snprintf(path, sizeof(path), "%s.db", db);
	for (; *extra && n < 12; extra++)
		args[n++] = *extra;
	args[n++] = "--store";
	args[n++] = path;
	args[n++] = "--check";
	args[n] = NULL;
	tool_run(&r, "cti-sim", args);
	ck_assert_msg(r.status == 0, "cti-sim: %s%s", r.out, r.err);
	p = strstr(r.out, "callers ");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(sscanf(p, "callers %u", &callers), 1);
	ck_assert_ptr_nonnull(strstr(r.out, "(blocked 0)"));
	ck_assert_ptr_nonnull(strstr(r.out, "cleared by the centre 0"));
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
	return callers;
}

START_TEST(busy_hour_matches_the_tally)
{
	static const char *const args[] = { "--hours", "1",	   "--rate",
					    "700",     "--agents", "18,7,8",
					    NULL };

	/* Poisson at 700 an hour: 689 for seed 1, far from these bounds */
	unsigned callers = sim_checked(args);

	ck_assert_uint_gt(callers, 600);
	ck_assert_uint_lt(callers, 800);
}
END_TEST

START_TEST(eight_hour_day_matches_the_tally)
{
	static const char *const args[] = { NULL };

	ck_assert_uint_gt(sim_checked(args), 5500);
}
END_TEST

/* --far-end's usage errors: exit 2 before any span is opened */
START_TEST(far_end_usage_errors)
{
	static const char *const no_spans[] = { "--far-end", NULL };
	static const char *const bad_span[] = { "--far-end", "--dahdi", "0",
						NULL };
	static const char *const bad_list[] = { "--far-end", "--dahdi", "3,x",
						NULL };
	static const char *const not_far[] = { "--dahdi", "3", NULL };
	static const char *const store[] = { "--far-end", "--dahdi",   "3",
					     "--store",	  "/tmp/x.db", NULL };
	const char *const *bad[] = { no_spans, bad_span, bad_list, not_far,
				     store };
	struct tool_run r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tool_run(&r, "cti-sim", bad[i]);
		ck_assert_msg(r.status == 2, "case %zu: exit %d: %s", i,
			      r.status, r.err);
		ck_assert_ptr_nonnull(strstr(r.err, "usage")
					      ? strstr(r.err, "usage")
					      : strstr(r.err, "DAHDI spans"));
	}
	tool_run(&r, "cti-sim", bad_span);
	ck_assert_ptr_nonnull(strstr(r.err, "'0': DAHDI spans as 1,2 or 1-4"));
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("center_sim_cli");
	TCase *quick = tcase_create("busy_hour");
	TCase *day = tcase_create("day");

	tcase_set_timeout(quick, 300);
	tcase_add_test(quick, busy_hour_matches_the_tally);
	tcase_add_test(quick, far_end_usage_errors);
	suite_add_tcase(s, quick);
	tcase_set_timeout(day, 900);
	tcase_add_test(day, eight_hour_day_matches_the_tally);
	suite_add_tcase(s, day);
	return s;
}
