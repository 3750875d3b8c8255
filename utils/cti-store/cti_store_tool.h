/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cti-store: commands and shared helpers (tool-internal). */
#ifndef CTI_STORE_TOOL_H
#define CTI_STORE_TOOL_H

#include <stdbool.h>

#include "cti/ctx.h"
#include "cti/store.h"

/* Exit status: documented in cti-store(1). */
#include "../common/tool.h"

enum what { WHAT_NONE, WHAT_CDR, WHAT_INTERVALS, WHAT_CALLS, WHAT_SESSIONS };

struct opts {
	enum what what;
	enum cti_store_format format; /* 0: not given */
	struct cti_store_filter filter;
	const char *output;    /* -o FILE, NULL: stdout */
	double sl_target;      /* summary: % within threshold */
	double abandon_target; /* summary: % at most */
};

/* What messages call the database: `path`, or for a server's URI
 * "the database" (a URI may hold a password; the library names it). */
const char *shown_name(const char *path);

/*
 * Open `path` read-only, printing why not (the library's reason naming
 * the file). Returns the store, or NULL with *status set to EXIT_TROUBLE
 * (a bad database) or EXIT_USAGE (missing file, permissions).
 */
cti_store_t *open_store(const char *path, int *status);
void close_store(cti_store_t *st);

/* Hold the library's messages back while reading records, then print
 * them (print) or drop them: a write error is the output's, and
 * cti-store names the output itself. */
void defer_messages(void);
void release_messages(bool print);

int cmd_export(const char *db, const struct opts *o);
int cmd_summary(const char *db, const struct opts *o);
int cmd_chart(int argc, char **argv); /* chart_main.c */

#endif
