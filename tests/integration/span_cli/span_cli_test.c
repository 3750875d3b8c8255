// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-span, the tool, where no DAHDI is needed: its arguments. Every bad
 * one exits 2 with a message naming it, before any span is read (what it
 * shows of real spans is checked in tests/vm/guest/50-cti-span-dahdi.sh).
 */
#include "../tool_run.h"

START_TEST(test_bad_numbers_say_why)
{
	static const char *const bad[][6] = {
		{ "watch", "1", "--count", "0" },
		{ "watch", "1", "--count", "2.5" },
		{ "watch", "1", "-c", "-1" },
		{ "bert", "1", "--seconds", "0" },
		{ "bert", "1", "--seconds", "1.5" },
		{ "bert", "1", "-s", "86401" },
		{ "show", "1", "--interval", "x" },
		{ "show", "0" },
	};
	static const char *const why[] = {
		"cti-span: --count: '0' is not a number of refreshes (a whole "
		"number, 1 to 100000000)\n",
		"cti-span: --count: '2.5' is not a number of refreshes (a "
		"whole number, 1 to 100000000)\n",
		"cti-span: --count: '-1' is not a number of refreshes (a "
		"whole number, 1 to 100000000)\n",
		"cti-span: --seconds: '0' is not a test duration in seconds "
		"(a whole number, 1 to 86400)\n",
		"cti-span: --seconds: '1.5' is not a test duration in seconds "
		"(a whole number, 1 to 86400)\n",
		"cti-span: --seconds: '86401' is not a test duration in "
		"seconds (a whole number, 1 to 86400)\n",
		"cti-span: --interval: 'x' is not a number of seconds\n",
		"cti-span: '0' is not a span number\n",
	};
	struct tool_run r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tool_run(&r, "cti-span", bad[i]);
		ck_assert_msg(r.status == 2, "case %zu exited %d", i, r.status);
		ck_assert_str_eq(r.err, why[i]);
		ck_assert_str_eq(r.out, "");
	}
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("span_cli");
	TCase *tc = tcase_create("tool");

	tcase_add_test(tc, test_bad_numbers_say_why);
	suite_add_tcase(s, tc);
	return s;
}
