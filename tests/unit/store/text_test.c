// SPDX-License-Identifier: LGPL-2.1-or-later
/* store: text helpers (private): UTF-8 (RFC 3629), cuts, numbers, times. */
#include <math.h>
#include <string.h>

#include "helpers.h"
#include "store/store.h"

START_TEST(test_utf8)
{
	static const struct {
		const char *s;
		bool ok;
	} v[] = {
		{ "", true },
		{ "plain", true },
		{ "\xc3\xa9", true },	       /* U+00E9 */
		{ "\xe8\xaf\x81", true },      /* U+8BC1 */
		{ "\xf0\x9f\x93\x9e", true },  /* U+1F4DE */
		{ "\xf4\x8f\xbf\xbf", true },  /* U+10FFFF */
		{ "\x80", false },	       /* lone continuation */
		{ "\xc0\xaf", false },	       /* overlong '/' */
		{ "\xe0\x80\xaf", false },     /* overlong */
		{ "\xed\xa0\x80", false },     /* surrogate D800 */
		{ "\xf4\x90\x80\x80", false }, /* > U+10FFFF */
		{ "\xe8\xaf", false },	       /* cut short */
		{ "\xff", false },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ck_assert_msg(cti__utf8_valid(v[i].s, strlen(v[i].s)) ==
				      v[i].ok,
			      "vector %zu", i);
}
END_TEST

START_TEST(test_copy_cuts_at_characters)
{
	char dst[5];

	/* 2 + 3 bytes do not fit in 4: the CJK character goes whole */
	cti__store_copy_text(dst, sizeof(dst), "\xc3\xa9\xe8\xaf\x81", 5);
	ck_assert_str_eq(dst, "\xc3\xa9");
	cti__store_copy_text(dst, sizeof(dst), "abcdef", 6);
	ck_assert_str_eq(dst, "abcd");
	cti__store_copy_text(dst, sizeof(dst), "ab", 2);
	ck_assert_str_eq(dst, "ab");
}
END_TEST

START_TEST(test_doubles)
{
	static const struct {
		double v;
		const char *s;
	} v[] = {
		{ 90, "90" },
		{ 75, "75" },
		{ 0.1, "0.1" },
		{ -1, "-1" },
		{ 6.25, "6.25" },
		{ 100, "100" },
		{ 1e16, "10000000000000000" },
		{ 1e17, "1e+17" },
		{ 1.0 / 3.0, "0.3333333333333333" },
		{ 5e-324, "5e-324" },
		{ 0, "0" },
	};
	char buf[48];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		cti__fmt_double(buf, sizeof(buf), v[i].v);
		ck_assert_str_eq(buf, v[i].s);
	}
}
END_TEST

START_TEST(test_times)
{
	char buf[40];

	cti__fmt_time_utc(buf, sizeof(buf), 0);
	ck_assert_str_eq(buf, "1970-01-01T00:00:00.000Z");
	cti__fmt_time_utc(buf, sizeof(buf), -1);
	ck_assert_str_eq(buf, "1969-12-31T23:59:59.999Z");
	cti__fmt_time_utc(buf, sizeof(buf), 1793696400123LL);
	ck_assert_str_eq(buf, "2026-11-03T09:00:00.123Z");
	cti__fmt_time_utc(buf, sizeof(buf), INT64_MAX);
	ck_assert_str_eq(buf, "");
	cti__fmt_time_utc(buf, sizeof(buf), INT64_MIN);
	ck_assert_str_eq(buf, "");
}
END_TEST

TCase *store_text_tcase(void);
TCase *store_text_tcase(void)
{
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_copy_cuts_at_characters);
	tcase_add_test(tc, test_doubles);
	tcase_add_test(tc, test_times);
	return tc;
}
