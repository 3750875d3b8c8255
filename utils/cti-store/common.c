// SPDX-License-Identifier: LGPL-2.1-or-later
/* cti-store: opening a store with operator-facing errors, and times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cti_store_tool.h"

static cti_ctx_t *ctx;

/* The library's messages already name the file and the reason. */
static void on_log(void *user, int level, const char *module, const char *msg)
{
	(void)user;
	(void)module;
	fprintf(stderr, "cti-store: %s%s\n",
		level <= CTI_LOG_ERROR ? "" : "warning: ", msg);
}

cti_store_t *open_store(const char *path, int *status)
{
	struct cti_ctx_config cc = { .log_fn = on_log };
	struct cti_store_config sc = { .flags = CTI_STORE_RDONLY };
	cti_store_t *st;
	int rc;

	rc = cti_ctx_new(&ctx, &cc);
	if (rc) {
		fprintf(stderr, "cti-store: %s\n", cti_strerror(rc));
		*status = EXIT_USAGE;
		return NULL;
	}
	sc.ctx = ctx;
	rc = cti_store_open(path, &sc, &st);
	if (!rc)
		return st;
	/* a database we cannot use is trouble found; the rest is the
	 * caller's or the system's */
	*status = rc == CTI_EFORMAT || rc == CTI_ENOTSUP ? EXIT_TROUBLE
							 : EXIT_USAGE;
	cti_ctx_free(ctx);
	ctx = NULL;
	return NULL;
}

void close_store(cti_store_t *st)
{
	cti_store_close(st);
	cti_ctx_free(ctx);
	ctx = NULL;
}

int parse_time(const char *s, int64_t *ms)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, n2 = 0;
	struct tm tm = { 0 };
	char *end;
	long long v;

	v = strtoll(s, &end, 10);
	if (end != s && !*end && !strchr(s, '-')) {
		*ms = v;
		return 0;
	}
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return -1;
	s += n;
	if (*s == 'T' || *s == ' ') {
		if (sscanf(s + 1, "%2d:%2d%n", &h, &mi, &n2) != 2)
			return -1;
		s += 1 + n2;
		if (*s == ':') {
			if (sscanf(s + 1, "%2d%n", &sec, &n2) != 1)
				return -1;
			s += 1 + n2;
		}
	}
	if (*s == 'Z')
		s++;
	if (*s || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60 || h < 0 || mi < 0 || sec < 0)
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
