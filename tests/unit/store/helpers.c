// SPDX-License-Identifier: LGPL-2.1-or-later
/* store tests: shared fixtures and record helpers. */
#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "helpers.h"

enum th_backend th_backend = TH_SQLITE;
char th_dir[256];
static char pg_base[300], pg_dir[300], pg_error[2048];
static pid_t pg_owner;
cti_ctx_t *th_ctx;
char th_log[4096];

static void on_log(void *user, int level, const char *module, const char *msg)
{
	size_t len = strlen(th_log);

	(void)user;
	snprintf(th_log + len, sizeof(th_log) - len, "%d %s: %s\n", level,
		 module, msg);
}

void th_log_clear(void)
{
	th_log[0] = '\0';
}

void th_setup(void)
{
	const char *tmp = getenv("TMPDIR");
	struct cti_ctx_config cfg = {
		.clock = CTI_CLOCK_VIRTUAL,
		.log_level = CTI_LOG_WARNING,
		.log_fn = on_log,
	};

	snprintf(th_dir, sizeof(th_dir), "%s/cti-store-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(th_dir));
	ck_assert_int_eq(cti_ctx_new(&th_ctx, &cfg), 0);
	th_log_clear();
	/* no server is a failure, never a skip */
	if (th_backend == TH_PG)
		ck_assert_msg(pg_base[0],
			      "the PostgreSQL test server is not running: %s",
			      pg_error);
}

void th_setup_pg(void)
{
	th_backend = TH_PG;
	th_setup();
}

static void pg_stop(void)
{
	const char *script = getenv("CTI_PG_TEST_SERVER");
	char cmd[800];

	/* forked test processes exit through here too: only the suite's */
	if (getpid() != pg_owner || !pg_dir[0])
		return;
	if (!script || !*script)
		script = "scripts/pg-test-server.sh";
	snprintf(cmd, sizeof(cmd), "'%.400s' stop '%s'", script, pg_dir);
	if (system(cmd) != 0)
		fprintf(stderr,
			"store: stopping the PostgreSQL server failed\n");
	pg_dir[0] = '\0';
}

void th_pg_start(void)
{
	const char *script = getenv("CTI_PG_TEST_SERVER");
	char cmd[512], line[512];
	FILE *p;
	int rc;

	/* run from the source tree (make check-unit), or say where */
	if (!script || !*script)
		script = "scripts/pg-test-server.sh";
	snprintf(cmd, sizeof(cmd), "'%.400s' start %ld 2>&1", script,
		 (long)getpid());
	p = popen(cmd, "r");
	if (!p) {
		snprintf(pg_error, sizeof(pg_error), "popen: %s",
			 strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "PGTEST_URI=", 11))
			snprintf(pg_base, sizeof(pg_base), "%.250s", line + 11);
		else if (!strncmp(line, "PGTEST_DIR=", 11))
			snprintf(pg_dir, sizeof(pg_dir), "%.250s", line + 11);
		else
			snprintf(pg_error + strlen(pg_error),
				 sizeof(pg_error) - strlen(pg_error), "%s\n",
				 line);
	}
	rc = pclose(p);
	if (rc != 0) {
		pg_base[0] = '\0';
		snprintf(pg_error + strlen(pg_error),
			 sizeof(pg_error) - strlen(pg_error),
			 "(scripts/pg-test-server.sh exited %d)", rc);
		return;
	}
	pg_owner = getpid();
	atexit(pg_stop);
}

const char *th_pg_base(void)
{
	return pg_base[0] ? pg_base : NULL;
}

static void quiet(void *user, const char *msg)
{
	(void)user;
	(void)msg;
}

void th_pg_exec(const char *sql)
{
	PGconn *c;
	PGresult *r;

	ck_assert_msg(pg_base[0], "no PostgreSQL test server: %s", pg_error);
	c = PQconnectdb(pg_base);
	ck_assert_msg(PQstatus(c) == CONNECTION_OK, "connect: %s",
		      PQerrorMessage(c));
	PQsetNoticeProcessor(c, quiet, NULL);
	r = PQexec(c, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK ||
			      PQresultStatus(r) == PGRES_TUPLES_OK,
		      "%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

const char *th_uri(const char *name)
{
	static char buf[4][512];
	static int slot;
	char schema[80], sql[160], *p = buf[slot++ & 3];
	size_t i, n;

	if (th_backend == TH_SQLITE)
		return th_path(name);
	/* one schema per test process and store name */
	n = (size_t)snprintf(schema, sizeof(schema), "t%ld_", (long)getpid());
	for (i = 0; name[i] && n < sizeof(schema) - 1; i++)
		schema[n++] = isalnum((unsigned char)name[i]) ? name[i] : '_';
	schema[n] = '\0';
	snprintf(sql, sizeof(sql), "CREATE SCHEMA IF NOT EXISTS %s", schema);
	th_pg_exec(sql);
	snprintf(p, sizeof(buf[0]), "%.300s?options=-csearch_path%%3D%s",
		 pg_base, schema);
	return p;
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void th_teardown(void)
{
	cti_ctx_free(th_ctx);
	th_ctx = NULL;
	nftw(th_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *th_path(const char *name)
{
	static char buf[4][512];
	static int slot;
	char *p = buf[slot++ & 3];

	snprintf(p, sizeof(buf[0]), "%s/%s", th_dir, name);
	return p;
}

cti_store_t *th_open(const char *path)
{
	struct cti_store_config cfg = { .ctx = th_ctx };
	cti_store_t *st = NULL;
	int rc = cti_store_open(&st, path, &cfg);

	ck_assert_msg(rc == 0, "open %s: %s\n%s", path, cti_err_name(rc),
		      th_log);
	return st;
}

void th_cdr(struct cti_acd_cdr *c, uint64_t seed)
{
	memset(c, 0, sizeof(*c));
	c->call_id = 1000 + seed;
	snprintf(c->queue, sizeof(c->queue), "q%u", (unsigned)(seed % 3));
	snprintf(c->agent, sizeof(c->agent), "agent-%u", (unsigned)seed);
	snprintf(c->ani, sizeof(c->ani), "0215550%04u", (unsigned)seed);
	snprintf(c->dnis, sizeof(c->dnis), "400%u", (unsigned)seed);
	c->priority = (int)(seed % 10);
	c->outcome = (enum cti_acd_outcome)(1 + seed % 6);
	c->epoch_ms = 1790000000000LL + (int64_t)seed * 1000;
	c->offered_ms = (int64_t)seed * 100 + 1;
	c->answered_ms = (int64_t)seed * 100 + 2;
	c->ended_ms = (int64_t)seed * 100 + 3;
	c->wait_ms = (int64_t)seed + 4;
	c->talk_ms = (int64_t)seed + 5;
	c->hold_ms = (int64_t)seed + 6;
	c->wrap_ms = (int64_t)seed + 7;
	c->rona_count = (int)(seed % 4);
	snprintf(c->exit_action, sizeof(c->exit_action), "exit%u",
		 (unsigned)seed);
}

void th_interval(struct cti_acd_interval *v, uint64_t seed)
{
	memset(v, 0, sizeof(*v));
	snprintf(v->queue, sizeof(v->queue), "q%u", (unsigned)(seed % 3));
	v->epoch_ms = 1790000000000LL + (int64_t)seed * 900000;
	v->start_ms = (int64_t)seed * 900000;
	v->length_ms = 900000;
	v->offered = 100 + (uint32_t)seed;
	v->answered = 90;
	v->answered_in_sl = 72;
	v->abandoned = 6;
	v->short_abandoned = 4;
	v->overflowed = 1;
	v->exited = 2;
	v->busy = 3;
	v->sl_threshold_ms = 15000;
	v->service_level = 75.5 + (double)seed;
	v->erlang_c_sl = 81.25;
	v->asa_ms = 12000 + (int64_t)seed;
	v->avg_wait_ms = 11000;
	v->max_wait_ms = 95000;
	v->aht_ms = 240000;
	v->occupancy = 87.5;
}

#define EQ_I(f)                                                           \
	ck_assert_msg(a->f == b->f, #f ": %lld != %lld", (long long)a->f, \
		      (long long)b->f)
#define EQ_S(f) ck_assert_str_eq(a->f, b->f)
#define EQ_D(f)                                                     \
	ck_assert_msg((isnan(a->f) && isnan(b->f)) || a->f == b->f, \
		      #f ": %.17g != %.17g", a->f, b->f)

void th_assert_cdr_eq(const struct cti_acd_cdr *a, const struct cti_acd_cdr *b)
{
	ck_assert_msg(a->call_id == b->call_id, "call_id %llu != %llu",
		      (unsigned long long)a->call_id,
		      (unsigned long long)b->call_id);
	EQ_S(queue);
	EQ_S(agent);
	EQ_S(ani);
	EQ_S(dnis);
	EQ_I(priority);
	EQ_I(outcome);
	EQ_I(epoch_ms);
	EQ_I(offered_ms);
	EQ_I(answered_ms);
	EQ_I(ended_ms);
	EQ_I(wait_ms);
	EQ_I(talk_ms);
	EQ_I(hold_ms);
	EQ_I(wrap_ms);
	EQ_I(rona_count);
	EQ_S(exit_action);
}

void th_assert_interval_eq(const struct cti_acd_interval *a,
			   const struct cti_acd_interval *b)
{
	EQ_S(queue);
	EQ_I(epoch_ms);
	EQ_I(start_ms);
	EQ_I(length_ms);
	EQ_I(offered);
	EQ_I(answered);
	EQ_I(answered_in_sl);
	EQ_I(abandoned);
	EQ_I(short_abandoned);
	EQ_I(overflowed);
	EQ_I(exited);
	EQ_I(busy);
	EQ_I(sl_threshold_ms);
	EQ_D(service_level);
	EQ_D(erlang_c_sl);
	EQ_I(asa_ms);
	EQ_I(avg_wait_ms);
	EQ_I(max_wait_ms);
	EQ_I(aht_ms);
	EQ_D(occupancy);
}

int th_collect_cdr(void *user, const struct cti_acd_cdr *c)
{
	struct th_cdrs *out = user;

	ck_assert_uint_lt(out->n, 64);
	out->r[out->n++] = *c;
	return 0;
}

int th_collect_iv(void *user, const struct cti_acd_interval *v)
{
	struct th_ivs *out = user;

	ck_assert_uint_lt(out->n, 64);
	out->r[out->n++] = *v;
	return 0;
}

char *th_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_msg(f != NULL, "cannot read %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

void th_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}
