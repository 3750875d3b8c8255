// SPDX-License-Identifier: LGPL-2.1-or-later
/* What the tools do alike (tool.h). */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tool.h"

int tool_bad_option(const char *prog, const char *cmd, int c, char **argv)
{
	const char *arg = argv[optind - 1];
	const char *sep = cmd ? ": " : "";

	cmd = cmd ? cmd : "";
	if (c == ':')
		fprintf(stderr, "%s%s%s: option '%s' needs a value\n", prog,
			sep, cmd, arg);
	else if (optopt && !(arg[0] == '-' && arg[1] == '-'))
		fprintf(stderr, "%s%s%s: unknown option '-%c'\n", prog, sep,
			cmd, optopt);
	else
		fprintf(stderr, "%s%s%s: unknown option '%s'\n", prog, sep, cmd,
			arg);
	fprintf(stderr, "Try '%s --help'.\n", prog);
	return EXIT_USAGE;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int mo)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
				      31, 31, 30, 31, 30, 31 };

	return mo == 2 && leap(y) ? 29 : days[mo - 1];
}

/* Exactly n digits at s (sscanf alone would take signs and spaces). */
static bool digits(const char *s, size_t n)
{
	return strspn(s, "0123456789") == n;
}

static int parse_epoch_ms(const char *s, int64_t *ms)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno) /* beyond int64: no time at all */
		return -1;
	*ms = v;
	return 0;
}

/* "THH:MM[:SS]" (or " HH:MM[:SS]") at *s, advancing *s past it. */
static int parse_clock(const char **s, int *h, int *mi, int *sec)
{
	const char *p = *s + 1;
	int n = 0;

	if (!digits(p, 2) || p[2] != ':' || !digits(p + 3, 2) ||
	    sscanf(p, "%2d:%2d%n", h, mi, &n) != 2)
		return -1;
	p += n;
	if (*p == ':') {
		if (!digits(p + 1, 2) || sscanf(p + 1, "%2d%n", sec, &n) != 1)
			return -1;
		p += 1 + n;
	}
	*s = p;
	return 0;
}

int tool_parse_time(const char *s, int64_t *ms)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	struct tm tm = { 0 };

	if (*s && digits(s, strlen(s)))
		return parse_epoch_ms(s, ms);
	/* four-digit year, two-digit month and day, exactly */
	if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2) ||
	    sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return -1;
	s += n;
	if ((*s == 'T' || *s == ' ') && parse_clock(&s, &h, &mi, &sec))
		return -1;
	if (*s == 'Z')
		s++;
	/* 60: a leap second, as UTC clocks may show one */
	if (*s || mo < 1 || mo > 12 || d < 1 || d > days_in(y, mo) || h > 23 ||
	    mi > 59 || sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*ms = (int64_t)timegm(&tm) * 1000;
	return 0;
}
