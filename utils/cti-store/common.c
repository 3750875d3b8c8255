// SPDX-License-Identifier: LGPL-2.1-or-later
/* cti-store: opening a store with operator-facing errors, and times. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cti_store_tool.h"

static cti_ctx_t *ctx;
static bool ctx_older_schema; /* the library asked for a migration */
static bool ctx_schema0;      /* ... of a database with no store in it */
static bool deferring;        /* hold the library's messages back */
static char deferred[2048];

/* The library's messages already name the file and the reason, except
 * that an empty file is "schema version 0" to it: cti-store says that
 * itself (open_store). */
static void on_log(void *user, int level, const char *module, const char *msg)
{
	(void)user;
	(void)module;
	if (strstr(msg, "schema version 0 is older")) {
		ctx_schema0 = true;
		return;
	}
	if (strstr(msg, "to migrate it"))
		ctx_older_schema = true;
	if (deferring) {
		size_t len = strlen(deferred);

		snprintf(deferred + len, sizeof(deferred) - len,
			 "cti-store: %s%s\n",
			 level <= CTI_LOG_ERROR ? "" : "warning: ", msg);
		return;
	}
	fprintf(stderr, "cti-store: %s%s\n",
		level <= CTI_LOG_ERROR ? "" : "warning: ", msg);
}

void defer_messages(void)
{
	deferring = true;
	deferred[0] = '\0';
}

void release_messages(bool print)
{
	if (print)
		fputs(deferred, stderr);
	deferring = false;
	deferred[0] = '\0';
}

const char *shown_name(const char *path)
{
	if (strstr(path, "://") || !strncmp(path, "pg:", 3))
		return "the database";
	return path;
}

cti_store_t *open_store(const char *path, int *status)
{
	struct cti_ctx_config cc = { .log_fn = on_log };
	struct cti_store_config sc = { .flags = CTI_STORE_RDONLY };
	cti_store_t *st;
	struct stat sb;
	int rc;

	rc = cti_ctx_new(&ctx, &cc);
	if (rc) {
		fprintf(stderr, "cti-store: %s\n", cti_strerror(rc));
		*status = EXIT_USAGE;
		return NULL;
	}
	sc.ctx = ctx;
	rc = cti_store_open(&st, path, &sc);
	if (!rc)
		return st;
	if (rc == CTI_ENOTSUP && ctx_schema0)
		fprintf(stderr, "cti-store: %s is %s, not a cti store: it "
				"holds no records\n",
			shown_name(path),
			!stat(path, &sb) && S_ISREG(sb.st_mode) && !sb.st_size ?
				"an empty file" :
				"an empty SQLite database");
	else if (rc == CTI_ENOTSUP && ctx_older_schema)
		fprintf(stderr, "cti-store: %s: cti-store only reads; the "
				"next program to open it read-write (the one "
				"that writes its records) migrates it\n",
			shown_name(path));
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

