// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Say builders: Mandarin readings per the standard rules (零 for runs of
 * zeros, 十 at the start, 两 before 百/千/万/亿, 元角分, 元整), English US
 * readings; every name produced must exist in prompts/<lang>.txt.
 */
#include <stdio.h>
#include <string.h>

#include "cti/ivr.h"
#include "unit.h"

/* Names as one string without the "zh/" or "en/" prefixes. */
static const char *join(int n, const char **names)
{
	static char buf[1024];

	buf[0] = 0;
	ck_assert_int_ge(n, 0);
	for (int i = 0; i < n; i++) {
		const char *slash = strchr(names[i], '/');

		ck_assert_ptr_nonnull(slash);
		if (i)
			strcat(buf, " ");
		strcat(buf, slash + 1);
	}
	return buf;
}

static bool in_vocabulary(const char *name)
{
	char path[64], line[512];
	const char *slash = strchr(name, '/');
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "prompts/%.*s.txt", (int)(slash - name),
		 name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s missing", path);
	while (!found && fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t');

		if (line[0] == '#' || !tab)
			continue;
		*tab = 0;
		found = !strcmp(line, slash + 1);
	}
	fclose(f);
	return found;
}

#define SAY(expect, call)                                                     \
	do {                                                                  \
		const char *names[64];                                        \
		int n_ = call;                                                \
		ck_assert_str_eq(join(n_, names), expect);                    \
		for (int i_ = 0; i_ < n_; i_++)                               \
			ck_assert_msg(in_vocabulary(names[i_]),               \
				      "%s not in the prompt set", names[i_]); \
	} while (0)

#define ZH(n) cti_say_number(CTI_LANG_ZH, n, names, 64)
#define EN(n) cti_say_number(CTI_LANG_EN, n, names, 64)

START_TEST(mandarin_numbers)
{
	SAY("0", ZH(0));
	SAY("10", ZH(10));
	SAY("10 2", ZH(12));
	SAY("2 10", ZH(20));
	SAY("2 10 2", ZH(22));
	SAY("2", ZH(2));
	SAY("1 100 0 5", ZH(105));
	SAY("1 100 1 10", ZH(110));
	SAY("liang 100", ZH(200));
	SAY("liang 1000", ZH(2000));
	SAY("1 1000 0 1", ZH(1001));
	SAY("1 10000 0 5 10", ZH(10050));
	SAY("liang 10000", ZH(20000));
	SAY("10 10000", ZH(100000));
	SAY("10 1 10000", ZH(110000));
	SAY("1 100 10000 0 1", ZH(1000001));
	SAY("1 1e8", ZH(100000000));
	SAY("1 1e8 0 1 10000", ZH(100010000));
	SAY("1 1e8 liang 1000 3 100 4 10 5 10000 6 1000 7 100 8 10 9",
	    ZH(123456789));
	SAY("1 1e8 0 1 1000", ZH(100001000));
	SAY("1 1e8 0 5", ZH(100000005));
	SAY("minus 5", ZH(-5));
	SAY("1 10000 1e8", ZH(1000000000000LL));
}
END_TEST

START_TEST(english_numbers)
{
	SAY("0", EN(0));
	SAY("15", EN(15));
	SAY("40 2", EN(42));
	SAY("1 hundred 15", EN(115));
	SAY("2 thousand 5 hundred", EN(2500));
	SAY("1 million 1", EN(1000001));
	SAY("1 million 2 hundred 30 4 thousand 5 hundred 60 7", EN(1234567));
	SAY("minus 90 9", EN(-99));
	SAY("1 thousand billion", EN(1000000000000LL));
}
END_TEST

START_TEST(money)
{
	const char *names[64];

	SAY("10 2 yuan 3 jiao 5 fen",
	    cti_say_money(CTI_LANG_ZH, CTI_CURRENCY_CNY, 1235, names, 64));
	SAY("10 2 yuan 0 5 fen",
	    cti_say_money(CTI_LANG_ZH, CTI_CURRENCY_CNY, 1205, names, 64));
	SAY("10 2 yuan zheng",
	    cti_say_money(CTI_LANG_ZH, CTI_CURRENCY_CNY, 1200, names, 64));
	SAY("5 jiao",
	    cti_say_money(CTI_LANG_ZH, CTI_CURRENCY_CNY, 50, names, 64));
	SAY("1 10000 8 1000 6 100 0 4 yuan 9 jiao",
	    cti_say_money(CTI_LANG_ZH, CTI_CURRENCY_CNY, 1860490, names, 64));
	SAY("10 9 dollar 9 10 9 cent",
	    cti_say_money(CTI_LANG_ZH, CTI_CURRENCY_USD, 1999, names, 64));
	SAY("12 dollars and 30 5 cents",
	    cti_say_money(CTI_LANG_EN, CTI_CURRENCY_USD, 1235, names, 64));
	SAY("1 dollar",
	    cti_say_money(CTI_LANG_EN, CTI_CURRENCY_USD, 100, names, 64));
	SAY("1 cent", cti_say_money(CTI_LANG_EN, CTI_CURRENCY_USD, 1, names, 64));
	SAY("18 thousand 6 hundred 4 yuan and 90 fen",
	    cti_say_money(CTI_LANG_EN, CTI_CURRENCY_CNY, 1860490, names, 64));
	ck_assert_int_eq(cti_say_money(CTI_LANG_EN, 7, 1, names, 64),
			 CTI_EINVAL);
}
END_TEST

START_TEST(dates_times_codes)
{
	const char *names[64];

	SAY("2 0 2 4 year 3 month 2 10 1 day",
	    cti_say_date(CTI_LANG_ZH, 2024, 3, 21, names, 64));
	SAY("march 21st 20 20 4",
	    cti_say_date(CTI_LANG_EN, 2024, 3, 21, names, 64));
	SAY("may 5th 19 oh 5", cti_say_date(CTI_LANG_EN, 1905, 5, 5, names, 64));
	SAY("january 1st 2 thousand 5",
	    cti_say_date(CTI_LANG_EN, 2005, 1, 1, names, 64));
	SAY("december 31st 19 hundred",
	    cti_say_date(CTI_LANG_EN, 1900, 12, 31, names, 64));
	ck_assert_int_eq(cti_say_date(CTI_LANG_ZH, 2023, 2, 29, names, 64),
			 CTI_EINVAL);
	SAY("february 29th 20 20 4",
	    cti_say_date(CTI_LANG_EN, 2024, 2, 29, names, 64));
	SAY("9 oclock 4 10 2 minute",
	    cti_say_time(CTI_LANG_ZH, 9, 42, names, 64));
	SAY("9 oclock 0 5 minute", cti_say_time(CTI_LANG_ZH, 9, 5, names, 64));
	SAY("10 4 oclock zheng", cti_say_time(CTI_LANG_ZH, 14, 0, names, 64));
	SAY("liang oclock 3 10 minute",
	    cti_say_time(CTI_LANG_ZH, 2, 30, names, 64));
	SAY("9 40 2 am", cti_say_time(CTI_LANG_EN, 9, 42, names, 64));
	SAY("9 oh 5 pm", cti_say_time(CTI_LANG_EN, 21, 5, names, 64));
	SAY("12 oclock am", cti_say_time(CTI_LANG_EN, 0, 0, names, 64));
	ck_assert_int_eq(cti_say_time(CTI_LANG_EN, 24, 0, names, 64),
			 CTI_EINVAL);
	SAY("6 0 0 5 yao 9", cti_say_stock(CTI_LANG_ZH, "600519", names, 64));
	SAY("6 0 0 5 1 9", cti_say_stock(CTI_LANG_EN, "600519", names, 64));
	SAY("1 3 8 0", cti_say_digits(CTI_LANG_ZH, "1380", names, 64));
	ck_assert_int_eq(cti_say_digits(CTI_LANG_ZH, "12a", names, 64),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_say_number(CTI_LANG_ZH, 123456789, names, 3),
			 CTI_ENOSPC);
	ck_assert_int_eq(cti_say_number(CTI_LANG_ZH, 1000000000000000LL, names,
					64),
			 CTI_ERANGE);
	ck_assert_int_eq(cti_say_number(9, 1, names, 64), CTI_EINVAL);
}
END_TEST

TCase *ivr_say_tcase(void);
TCase *ivr_say_tcase(void)
{
	TCase *tc = tcase_create("say");

	tcase_add_test(tc, mandarin_numbers);
	tcase_add_test(tc, english_numbers);
	tcase_add_test(tc, money);
	tcase_add_test(tc, dates_times_codes);
	return tc;
}
