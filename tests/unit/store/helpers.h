/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* store tests: scratch directories, sample records, captured logs. */
#ifndef CTI_TESTS_STORE_HELPERS_H
#define CTI_TESTS_STORE_HELPERS_H

#include "cti/ctx.h"
#include "cti/store.h"
#include "unit.h"

/* The backend a test runs on: its TCase's fixture sets it. */
enum th_backend { TH_SQLITE, TH_PG };
extern enum th_backend th_backend;

/* A fresh directory under $TMPDIR (or /tmp), removed by th_teardown().
 * th_setup_pg() is th_setup() on PostgreSQL: it fails the test when the
 * suite's server (th_pg_start()) is not running. */
extern char th_dir[256];
void th_setup(void);
void th_setup_pg(void);
void th_teardown(void);

/* The store called `name` on the test's backend: th_path(name) on
 * SQLite; on PostgreSQL the test database with a schema of its own (made
 * on first use) first in the search_path. Static, 4 rotating slots. */
const char *th_uri(const char *name);

/* Start the suite's PostgreSQL server (scripts/pg-test-server.sh) once,
 * from unit_suite(); stopped when the suite's process exits (or dies). */
void th_pg_start(void);
/* The test database's URI (with the password), or NULL if no server. */
const char *th_pg_base(void);
/* Run SQL on the test database as its owner; fails the test on error. */
void th_pg_exec(const char *sql);
/* th_dir + "/" + name, in a static buffer of 4 rotating slots. */
const char *th_path(const char *name);

/* A context whose log lines (level <= warning) land in th_log. */
extern cti_ctx_t *th_ctx;
extern char th_log[4096];
void th_log_clear(void);

/* Open `path` read-write with th_ctx as log sink; fails the test unless
 * it returns 0. */
cti_store_t *th_open(const char *path);

/* A CDR / interval filled from `seed` with every field distinct. */
void th_cdr(struct cti_acd_cdr *c, uint64_t seed);
void th_interval(struct cti_acd_interval *v, uint64_t seed);

/* Field-by-field equality (reserved fields ignored; NaN equals NaN). */
void th_assert_cdr_eq(const struct cti_acd_cdr *a, const struct cti_acd_cdr *b);
void th_assert_interval_eq(const struct cti_acd_interval *a,
			   const struct cti_acd_interval *b);

/* Collect every CDR / interval a query returns (up to 64). */
struct th_cdrs {
	size_t n;
	struct cti_acd_cdr r[64];
};
struct th_ivs {
	size_t n;
	struct cti_acd_interval r[64];
};
int th_collect_cdr(void *user, const struct cti_acd_cdr *c);
int th_collect_iv(void *user, const struct cti_acd_interval *v);

/* The whole content of a file (malloc'ed, NUL-terminated), *len set. */
char *th_slurp(const char *path, size_t *len);
/* Write `len` bytes to a new file. */
void th_write_file(const char *path, const void *data, size_t len);

#endif
