// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * "Say" builders: turn numbers, digit strings, money, dates, times and
 * stock codes into lists of prompt names of the default prompt set
 * (prompts/zh.txt and prompts/en.txt list them), in Mandarin and English.
 *
 * Mandarin follows the standard reading: groups of four digits under
 * 万 and 亿, one 零 for each run of zeros inside the number, 十 rather
 * than 一十 at the start, 两 for a 2 before 百, 千, 万 and 亿; money as
 * 元/角/分 (元整 when whole); dates with the year read digit by digit;
 * stock codes digit by digit with 幺 for 1, as trading lines say them.
 * English reads numbers US style (no "and"), years in pairs ("nineteen
 * oh five"), times on a 12-hour clock.
 */
#include <string.h>

#include "cti/ivr.h"

struct out {
	const char **names;
	size_t n, cap;
	bool full;
};

static void put(struct out *o, const char *name)
{
	if (o->n < o->cap)
		o->names[o->n] = name;
	else
		o->full = true;
	o->n++;
}

static int done(struct out *o)
{
	return o->full ? CTI_ENOSPC : (int)o->n;
}

static const char *const zh_digit[10] = {
	"zh/0", "zh/1", "zh/2", "zh/3", "zh/4",
	"zh/5", "zh/6", "zh/7", "zh/8", "zh/9",
};

static const char *const en_small[20] = {
	"en/0",  "en/1",  "en/2",  "en/3",  "en/4",  "en/5",  "en/6",
	"en/7",  "en/8",  "en/9",  "en/10", "en/11", "en/12", "en/13",
	"en/14", "en/15", "en/16", "en/17", "en/18", "en/19",
};

static const char *const en_tens[10] = {
	NULL,    NULL,    "en/20", "en/30", "en/40",
	"en/50", "en/60", "en/70", "en/80", "en/90",
};

/* One group of four digits (1..9999); lead: nothing said before it. */
static void zh_group(struct out *o, int g, bool lead, bool before_unit)
{
	static const char *const unit[4] = { "zh/1000", "zh/100", "zh/10",
					     NULL };
	static const int div[4] = { 1000, 100, 10, 1 };
	bool zero = false, said = false;

	for (int i = 0; i < 4; i++) {
		int d = g / div[i] % 10;

		if (!d) {
			zero = said || !lead;
			continue;
		}
		if (zero && (said || !lead))
			put(o, "zh/0");
		zero = false;
		if (i == 2 && d == 1 && lead && !said)
			; /* 十二, not 一十二 */
		else if (d == 2 && (i < 2 || (i == 3 && g == 2 && before_unit &&
					      !said)))
			put(o, "zh/liang");
		else
			put(o, zh_digit[d]);
		if (unit[i])
			put(o, unit[i]);
		said = true;
	}
}

static void zh_number(struct out *o, long long n)
{
	static const char *const big[3] = { "zh/1e8", "zh/10000", NULL };
	long long div[3] = { 100000000LL, 10000LL, 1LL };
	bool said = false, gap = false;

	if (n < 0) {
		put(o, "zh/minus");
		n = -n;
	}
	if (n == 0) {
		put(o, "zh/0");
		return;
	}
	/* above 亿: the 亿 count is itself read as a number */
	if (n >= 1000000000000LL) {
		zh_number(o, n / 100000000LL);
		put(o, "zh/1e8");
		n %= 100000000LL;
		said = true;
		gap = n && n < 10000000LL;
		div[0] = 0;
	}
	for (int i = 0; i < 3; i++) {
		int g;

		if (!div[i])
			continue;
		g = (int)(n / div[i] % 10000);
		if (!g) {
			gap = said;
			continue;
		}
		/* a group's own leading zeros say 零 (zh_group); a whole
		 * silent group before a full one needs it said here */
		if (said && gap && g >= 1000)
			put(o, "zh/0");
		zh_group(o, g, !said, big[i] != NULL);
		if (big[i])
			put(o, big[i]);
		said = true;
		gap = false;
	}
}

static void en_below_1000(struct out *o, int n)
{
	if (n >= 100) {
		put(o, en_small[n / 100]);
		put(o, "en/hundred");
		n %= 100;
		if (!n)
			return;
	}
	if (n < 20) {
		put(o, en_small[n]);
	} else {
		put(o, en_tens[n / 10]);
		if (n % 10)
			put(o, en_small[n % 10]);
	}
}

static void en_number(struct out *o, long long n)
{
	static const char *const scale[4] = { "en/billion", "en/million",
					      "en/thousand", NULL };
	static const long long div[4] = { 1000000000LL, 1000000LL, 1000LL,
					  1LL };

	if (n < 0) {
		put(o, "en/minus");
		n = -n;
	}
	if (n == 0) {
		put(o, "en/0");
		return;
	}
	if (n >= 1000000000000LL) {
		en_number(o, n / 1000000000LL);
		put(o, "en/billion");
		n %= 1000000000LL;
		if (!n)
			return;
	}
	for (int i = 0; i < 4; i++) {
		int g = (int)(n / div[i] % 1000);

		if (!g)
			continue;
		en_below_1000(o, g);
		if (scale[i])
			put(o, scale[i]);
	}
}

#define MAX_SAY 999999999999999LL /* 15 digits */

int cti_say_number(int lang, long long n, const char **names, size_t cap)
{
	struct out o = { names, 0, cap, false };

	if ((cap && !names) || n > MAX_SAY || n < -MAX_SAY)
		return (cap && !names) ? CTI_EINVAL : CTI_ERANGE;
	if (lang == CTI_LANG_ZH)
		zh_number(&o, n);
	else if (lang == CTI_LANG_EN)
		en_number(&o, n);
	else
		return CTI_EINVAL;
	return done(&o);
}

static int say_chars(int lang, const char *digits, const char **names,
		     size_t cap, bool yao)
{
	struct out o = { names, 0, cap, false };

	if (!digits || (cap && !names) ||
	    (lang != CTI_LANG_ZH && lang != CTI_LANG_EN))
		return CTI_EINVAL;
	for (const char *p = digits; *p; p++) {
		int d = *p - '0';

		if (*p < '0' || *p > '9')
			return CTI_EINVAL;
		if (lang == CTI_LANG_EN)
			put(&o, en_small[d]);
		else
			put(&o, yao && d == 1 ? "zh/yao" : zh_digit[d]);
	}
	return done(&o);
}

int cti_say_digits(int lang, const char *digits, const char **names,
		   size_t cap)
{
	return say_chars(lang, digits, names, cap, false);
}

int cti_say_stock(int lang, const char *code, const char **names, size_t cap)
{
	if (lang == CTI_LANG_EN && code) {
		int n = say_chars(lang, code, names, cap, false);

		return n;
	}
	return say_chars(lang, code, names, cap, true);
}

int cti_say_money(int lang, int currency, long long cents, const char **names,
		  size_t cap)
{
	struct out o = { names, 0, cap, false };
	long long whole;
	int frac;

	if ((cap && !names) || (currency != CTI_CURRENCY_CNY &&
				currency != CTI_CURRENCY_USD))
		return CTI_EINVAL;
	if (cents > MAX_SAY || cents < -MAX_SAY)
		return CTI_ERANGE;
	if (cents < 0) {
		put(&o, lang == CTI_LANG_ZH ? "zh/minus" : "en/minus");
		cents = -cents;
	}
	whole = cents / 100;
	frac = (int)(cents % 100);
	if (lang == CTI_LANG_ZH && currency == CTI_CURRENCY_CNY) {
		if (whole || !frac) {
			zh_number(&o, whole);
			put(&o, "zh/yuan");
		}
		if (!frac) {
			put(&o, "zh/zheng");
		} else {
			if (frac / 10) {
				zh_number(&o, frac / 10);
				put(&o, "zh/jiao");
			} else if (whole) {
				put(&o, "zh/0");
			}
			if (frac % 10) {
				zh_number(&o, frac % 10);
				put(&o, "zh/fen");
			}
		}
	} else if (lang == CTI_LANG_ZH) {
		if (whole || !frac) {
			zh_number(&o, whole);
			put(&o, "zh/dollar");
		}
		if (frac) {
			zh_number(&o, frac);
			put(&o, "zh/cent");
		}
	} else if (lang == CTI_LANG_EN) {
		const bool usd = currency == CTI_CURRENCY_USD;

		if (whole || !frac) {
			en_number(&o, whole);
			put(&o, usd ? (whole == 1 ? "en/dollar" : "en/dollars")
				    : "en/yuan");
		}
		if (frac) {
			if (whole || !frac)
				put(&o, "en/and");
			en_number(&o, frac);
			put(&o, usd ? (frac == 1 ? "en/cent" : "en/cents")
				    : "en/fen");
		}
	} else {
		return CTI_EINVAL;
	}
	return done(&o);
}

static bool valid_date(int y, int m, int d)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30,
				       31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100) || y % 400 == 0;

	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= mdays[m - 1] && !(m == 2 && d == 29 && !leap);
}

static const char *const en_month[12] = {
	"en/january", "en/february", "en/march",     "en/april",
	"en/may",     "en/june",     "en/july",      "en/august",
	"en/september", "en/october", "en/november", "en/december",
};

/* "en/1st" .. "en/31st" */
static const char *const en_ord[31] = {
	"en/1st",  "en/2nd",  "en/3rd",  "en/4th",  "en/5th",  "en/6th",
	"en/7th",  "en/8th",  "en/9th",  "en/10th", "en/11th", "en/12th",
	"en/13th", "en/14th", "en/15th", "en/16th", "en/17th", "en/18th",
	"en/19th", "en/20th", "en/21st", "en/22nd", "en/23rd", "en/24th",
	"en/25th", "en/26th", "en/27th", "en/28th", "en/29th", "en/30th",
	"en/31st",
};

static void en_year(struct out *o, int y)
{
	int hi = y / 100, lo = y % 100;

	if (y >= 2000 && y <= 2009) {
		en_number(o, y);
		return;
	}
	en_below_1000(o, hi);
	if (!lo) {
		put(o, "en/hundred");
	} else if (lo < 10) {
		put(o, "en/oh");
		put(o, en_small[lo]);
	} else {
		en_below_1000(o, lo);
	}
}

int cti_say_date(int lang, int y, int m, int d, const char **names,
		 size_t cap)
{
	struct out o = { names, 0, cap, false };
	char year[8];

	if ((cap && !names) || !valid_date(y, m, d))
		return CTI_EINVAL;
	if (lang == CTI_LANG_ZH) {
		year[0] = (char)('0' + y / 1000);
		year[1] = (char)('0' + y / 100 % 10);
		year[2] = (char)('0' + y / 10 % 10);
		year[3] = (char)('0' + y % 10);
		for (int i = 0; i < 4; i++)
			put(&o, zh_digit[year[i] - '0']);
		put(&o, "zh/year");
		zh_number(&o, m);
		put(&o, "zh/month");
		zh_number(&o, d);
		put(&o, "zh/day");
	} else if (lang == CTI_LANG_EN) {
		put(&o, en_month[m - 1]);
		put(&o, en_ord[d - 1]);
		en_year(&o, y);
	} else {
		return CTI_EINVAL;
	}
	return done(&o);
}

int cti_say_time(int lang, int h, int min, const char **names, size_t cap)
{
	struct out o = { names, 0, cap, false };

	if ((cap && !names) || h < 0 || h > 23 || min < 0 || min > 59)
		return CTI_EINVAL;
	if (lang == CTI_LANG_ZH) {
		/* 24-hour, as announcements say it: 两点 for 2 o'clock */
		if (h == 2)
			put(&o, "zh/liang");
		else
			zh_number(&o, h);
		put(&o, "zh/oclock");
		if (!min) {
			put(&o, "zh/zheng");
		} else {
			if (min < 10)
				put(&o, "zh/0");
			zh_number(&o, min);
			put(&o, "zh/minute");
		}
	} else if (lang == CTI_LANG_EN) {
		en_below_1000(&o, h % 12 ? h % 12 : 12);
		if (!min) {
			put(&o, "en/oclock");
		} else {
			if (min < 10)
				put(&o, "en/oh");
			en_below_1000(&o, min);
		}
		put(&o, h < 12 ? "en/am" : "en/pm");
	} else {
		return CTI_EINVAL;
	}
	return done(&o);
}
