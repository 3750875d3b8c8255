// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * store, PostgreSQL only: connection failures map to CTI_E* codes with
 * the reason logged and never the password; another program's schema is
 * never written; schemas 1, 2 and 3 migrate; a dropped connection fails the
 * put in flight and is made again for the next; two processes writing one
 * database at once keep every record, each under its instance.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "helpers.h"
#include "store/store.h"

static int try_open(const char *uri, uint32_t flags)
{
	struct cti_store_config cfg = { .ctx = th_ctx, .flags = flags };
	cti_store_t *st = NULL;
	int rc = cti_store_open(&st, uri, &cfg);

	cti_store_close(st);
	return rc;
}

/* The test server's URI with one part changed (printf-style). */
static const char *base_port(void)
{
	static char port[16];
	const char *p = strrchr(th_pg_base(), ':');

	snprintf(port, sizeof(port), "%.*s", (int)strcspn(p + 1, "/"), p + 1);
	return port;
}

static void assert_log_has(const char *what)
{
	ck_assert_msg(strstr(th_log, what), "log lacks \"%s\":\n%s", what,
		      th_log);
}

static void assert_no_password(const char *pw)
{
	ck_assert_msg(!strstr(th_log, pw), "the password is in the log:\n%s",
		      th_log);
}

START_TEST(test_connection_errors)
{
	char uri[300];

	/* nothing listens on port 1 */
	ck_assert_int_eq(try_open("postgresql://cti:cti-test-pw@127.0.0.1:1/"
				  "cti_test",
				  0),
			 CTI_EIO);
	assert_log_has("onnection refused");
	assert_no_password("cti-test-pw");
	th_log_clear();
	snprintf(uri, sizeof(uri),
		 "postgresql://cti:wrong-secret@127.0.0.1:%s/cti_test",
		 base_port());
	ck_assert_int_eq(try_open(uri, 0), CTI_EACCES);
	assert_log_has("password authentication failed");
	assert_no_password("wrong-secret");
	th_log_clear();
	snprintf(uri, sizeof(uri),
		 "postgres://cti:cti-test-pw@127.0.0.1:%s/no_such_db",
		 base_port());
	ck_assert_int_eq(try_open(uri, 0), CTI_ENOENT);
	assert_log_has("no_such_db");
	assert_no_password("cti-test-pw");
	th_log_clear();
	snprintf(uri, sizeof(uri),
		 "pg:host=127.0.0.1 port=%s user=nobody_here "
		 "password=s3cret-x dbname=cti_test",
		 base_port());
	ck_assert_int_eq(try_open(uri, 0), CTI_EACCES);
	assert_no_password("s3cret-x");
	th_log_clear();
	/* libpq cannot parse it: nothing of it is logged */
	ck_assert_int_eq(try_open("pg:password=s3cret-y host", 0), CTI_EINVAL);
	assert_no_password("s3cret-y");
	ck_assert_int_eq(try_open("postgresql://[bad", 0), CTI_EINVAL);
	ck_assert_int_eq(try_open("postgresql://cti:s3cret-z@[bad/x?"
				  "password=s3cret-w",
				  0),
			 CTI_EINVAL);
	assert_log_has("postgresql://cti@[bad/x:");
	assert_no_password("s3cret-z");
	assert_no_password("s3cret-w");
}
END_TEST

START_TEST(test_conninfo_form)
{
	char uri[400];
	cti_store_t *st;
	struct th_cdrs out = { 0 };
	struct cti_acd_cdr c;

	th_uri("ci"); /* makes the schema */
	snprintf(uri, sizeof(uri),
		 "pg:host=127.0.0.1 port=%s dbname=cti_test user=cti "
		 "password=cti-test-pw options=-csearch_path=t%ld_ci",
		 base_port(), (long)getpid());
	st = th_open(uri);
	th_cdr(&c, 3);
	ck_assert_int_eq(cti_store_put_cdr(st, &c), 0);
	cti_store_close(st);
	st = th_open(th_uri("ci"));
	ck_assert_int_eq(cti_store_query_cdrs(st, NULL, th_collect_cdr, &out),
			 1);
	th_assert_cdr_eq(&out.r[0], &c);
	cti_store_close(st);
}
END_TEST

static int count_rows(const char *sql)
{
	PGconn *c = PQconnectdb(th_pg_base());
	PGresult *r;
	int n;

	ck_assert_int_eq(PQstatus(c), CONNECTION_OK);
	r = PQexec(c, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql,
		      PQerrorMessage(c));
	n = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	return n;
}

START_TEST(test_foreign_and_newer_schemas)
{
	const char *uri = th_uri("foreign");
	char sql[300];
	cti_store_t *st;

	snprintf(sql, sizeof(sql),
		 "CREATE TABLE t%ld_foreign.accounts (id int); INSERT INTO "
		 "t%ld_foreign.accounts VALUES (1)",
		 (long)getpid(), (long)getpid());
	th_pg_exec(sql);
	ck_assert_int_eq(try_open(uri, 0), CTI_EFORMAT);
	assert_log_has("not a cti store");
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM pg_tables WHERE schemaname = "
		 "'t%ld_foreign'",
		 (long)getpid());
	ck_assert_int_eq(count_rows(sql), 1); /* nothing created */

	/* a newer schema: refused, left as it is */
	uri = th_uri("newer");
	st = th_open(uri);
	cti_store_close(st);
	snprintf(sql, sizeof(sql),
		 "UPDATE t%ld_newer.cti_store_schema SET version = 99",
		 (long)getpid());
	th_pg_exec(sql);
	th_log_clear();
	ck_assert_int_eq(try_open(uri, 0), CTI_ENOTSUP);
	assert_log_has("upgrade libcti");

	/* read-only or no-create on an empty schema: no store there */
	ck_assert_int_eq(try_open(th_uri("empty"), CTI_STORE_RDONLY),
			 CTI_ENOENT);
	ck_assert_int_eq(try_open(th_uri("empty"), CTI_STORE_NOCREATE),
			 CTI_ENOENT);
}
END_TEST

static void migrate_from(int version)
{
	char name[24], sql[4096];
	const char *uri;
	struct th_cdrs out = { 0 };
	struct cti_center_record r;
	struct cti_acd_interval iv;
	cti_store_t *st;
	size_t cut = 0;
	int i;

	snprintf(name, sizeof(name), "v%d", version);
	uri = th_uri(name);
	snprintf(sql, sizeof(sql),
		 "SET search_path = t%ld_%s; CREATE TABLE cti_store_schema "
		 "(application TEXT NOT NULL, version INTEGER NOT NULL); "
		 "INSERT INTO cti_store_schema VALUES ('cti store', %d)",
		 (long)getpid(), name, version);
	th_pg_exec(sql);
	for (i = 0; i < version; i++) {
		snprintf(sql, sizeof(sql), "SET search_path = t%ld_%s; %s",
			 (long)getpid(), name, cti__store_pg_migrations[i]);
		th_pg_exec(sql);
	}
	snprintf(sql, sizeof(sql),
		 "INSERT INTO t%ld_%s.acd_cdr (call_id, queue, agent, ani, "
		 "dnis, priority, outcome, epoch_ms, offered_ms, answered_ms, "
		 "ended_ms, wait_ms, talk_ms, hold_ms, wrap_ms, rona_count, "
		 "exit_action) VALUES (77, 'sales', 'ann', '021', '400', 1, 1,"
		 " 1790000000000, 1, 2, 3, 4, 5, 6, 7, 0, '')",
		 (long)getpid(), name);
	th_pg_exec(sql);
	ck_assert_int_eq(try_open(uri, CTI_STORE_RDONLY), CTI_ENOTSUP);
	st = th_open(uri);
	ck_assert_int_eq(cti_store_query_cdrs(st, NULL, th_collect_cdr, &out),
			 1);
	ck_assert_uint_eq(out.r[0].call_id, 77);
	memset(&r, 0, sizeof(r));
	r.call = 9;
	ck_assert_int_eq(cti_store_call_opened(st, &r), 0);
	ck_assert_int_eq(cti_store_put_call_records(st, &r, 1), 0);
	th_interval(&iv, 1); /* schema 4's open intervals */
	ck_assert_int_eq(cti_store_put_open_intervals(st, &iv, 1), 0);
	ck_assert_int_eq(cti_store_close_cut_intervals(st, &cut), 0);
	ck_assert_uint_eq(cut, 1);
	cti_store_close(st);
	snprintf(sql, sizeof(sql),
		 "SELECT version FROM t%ld_%s.cti_store_schema", (long)getpid(),
		 name);
	ck_assert_int_eq(count_rows(sql), cti_store_schema_version());
}

START_TEST(test_migrations)
{
	migrate_from(1);
	migrate_from(2);
	migrate_from(3);
}
END_TEST

START_TEST(test_connection_lost_and_made_again)
{
	cti_store_t *st = th_open(th_uri("lost"));
	struct th_cdrs out = { 0 };
	struct cti_acd_cdr c;

	th_cdr(&c, 1);
	ck_assert_int_eq(cti_store_put_cdr(st, &c), 0);
	th_pg_exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
		   "WHERE application_name = 'libcti'");
	th_cdr(&c, 2);
	/* the put in flight fails; the next connects again */
	ck_assert_int_eq(cti_store_put_cdr(st, &c), CTI_EIO);
	assert_log_has("connection");
	ck_assert_int_eq(cti_store_put_cdr(st, &c), 0);
	ck_assert_int_eq(cti_store_query_cdrs(st, NULL, th_collect_cdr, &out),
			 2);
	cti_store_close(st);
}
END_TEST

/* Another session holds the table: a put waits busy_timeout_ms, then
 * fails with CTI_EBUSY, nothing stored; once the lock is gone it works. */
START_TEST(test_locked_beyond_busy_timeout)
{
	struct cti_store_config cfg = { .ctx = th_ctx, .busy_timeout_ms = 200 };
	const char *uri = th_uri("locked");
	struct th_cdrs out = { 0 };
	struct cti_acd_cdr c;
	cti_store_t *st = NULL;
	char sql[200];
	PGconn *holder;
	PGresult *r;

	ck_assert_int_eq(cti_store_open(&st, uri, &cfg), 0);
	holder = PQconnectdb(th_pg_base());
	ck_assert_int_eq(PQstatus(holder), CONNECTION_OK);
	snprintf(sql, sizeof(sql),
		 "BEGIN; LOCK TABLE t%ld_locked.acd_cdr IN ACCESS EXCLUSIVE "
		 "MODE",
		 (long)getpid());
	r = PQexec(holder, sql);
	ck_assert_int_eq(PQresultStatus(r), PGRES_COMMAND_OK);
	PQclear(r);
	th_cdr(&c, 1);
	ck_assert_int_eq(cti_store_put_cdr(st, &c), CTI_EBUSY);
	assert_log_has("200 ms");
	PQclear(PQexec(holder, "ROLLBACK"));
	PQfinish(holder);
	ck_assert_int_eq(cti_store_put_cdr(st, &c), 0);
	ck_assert_int_eq(cti_store_query_cdrs(st, NULL, th_collect_cdr, &out),
			 1);
	cti_store_close(st);
}
END_TEST

static int count_ids(void *user, const struct cti_acd_cdr *c)
{
	struct th_cdrs *t = user;

	ck_assert_uint_ge(c->call_id, 1010);
	ck_assert_uint_lt(c->call_id, 1290);
	t->n++;
	return 0;
}

/* A batch the server refuses half-way (a trigger raises on its sixth
 * record): nothing of it is stored, and the store goes on. */
START_TEST(test_batch_refused_whole)
{
	cti_store_t *st = th_open(th_uri("half"));
	struct th_cdrs out = { 0 };
	struct cti_acd_cdr c[300];
	char sql[600];
	int i;

	snprintf(sql, sizeof(sql),
		 "CREATE FUNCTION t%ld_half.refuse() RETURNS trigger "
		 "LANGUAGE plpgsql AS $$ BEGIN IF NEW.call_id = 1005 OR "
		 "NEW.call_id = 1290 THEN RAISE EXCEPTION 'refused'; END IF; "
		 "RETURN NEW; END $$; CREATE TRIGGER refuse BEFORE INSERT ON "
		 "t%ld_half.acd_cdr FOR EACH ROW EXECUTE FUNCTION "
		 "t%ld_half.refuse()",
		 (long)getpid(), (long)getpid(), (long)getpid());
	th_pg_exec(sql);
	for (i = 0; i < 300; i++)
		th_cdr(&c[i], (uint64_t)i);
	/* in the first chunk of the pipeline, and past it */
	ck_assert_int_eq(cti_store_put_cdrs(st, c, 10), CTI_EIO);
	assert_log_has("refused");
	ck_assert_int_eq(cti_store_put_cdrs(st, c + 10, 290), CTI_EIO);
	ck_assert_int_eq(cti_store_put_cdrs(st, c + 10, 280), 0);
	/* exactly the 280 of the last batch: call_ids 1010..1289 */
	ck_assert_int_eq(cti_store_query_cdrs(st, NULL, count_ids, &out), 280);
	ck_assert_uint_eq(out.n, 280);
	cti_store_close(st);
}
END_TEST

#define WRITERS 2
#define RECORDS 600 /* per writer, in batches of BATCH */
#define BATCH	20
#define SINGLES 100 /* CDRs per writer, one transaction each */
#define OPEN	10  /* calls left open per writer, closed as cut */

static void fill_rec(struct cti_center_record *r, int writer, uint32_t call)
{
	memset(r, 0, sizeof(*r));
	r->call = call;
	r->last_state = 6;
	r->cause = 16;
	r->epoch_ms = 1790000000000LL + call;
	r->talk_ms = (uint64_t)writer * 1000000 + call;
	snprintf(r->ani, sizeof(r->ani), "w%d-%u", writer, call);
}

static void writer(const char *uri, int w)
{
	struct cti_store_config cfg = { 0 };
	struct cti_center_record r[BATCH];
	struct cti_acd_cdr c;
	char name[24];
	cti_store_t *st;
	uint32_t call = 1;
	size_t n;
	int i, j;

	snprintf(name, sizeof(name), "ctid-%d", w);
	cfg.instance = name;
	if (cti_store_open(&st, uri, &cfg))
		_exit(3);
	for (i = 0; i < RECORDS / BATCH; i++) {
		for (j = 0; j < BATCH; j++)
			fill_rec(&r[j], w, call++);
		if (cti_store_put_call_records(st, r, BATCH))
			_exit(4);
		if (i < SINGLES) {
			th_cdr(&c, (uint64_t)(w * 10000 + i));
			if (cti_store_put_cdr(st, &c))
				_exit(5);
		}
	}
	for (i = RECORDS / BATCH; i < SINGLES; i++) {
		th_cdr(&c, (uint64_t)(w * 10000 + i));
		if (cti_store_put_cdr(st, &c))
			_exit(5);
	}
	for (i = 0; i < OPEN; i++) {
		fill_rec(&r[0], w, call++);
		if (cti_store_call_opened(st, &r[0]))
			_exit(6);
	}
	if (cti_store_close_cut_calls(st, 41, 1790000009999LL, &n) || n != OPEN)
		_exit(7);
	cti_store_close(st);
	_exit(0);
}

struct tally {
	int writer;
	uint8_t seen[RECORDS + OPEN + 1];
	int n;
};

static int check_one(void *user, const struct cti_center_record *r)
{
	struct tally *t = user;
	char ani[CTI_NUMBER_MAX];

	ck_assert_uint_ge(r->call, 1);
	ck_assert_uint_le(r->call, RECORDS + OPEN);
	ck_assert_msg(!t->seen[r->call], "call %u twice", r->call);
	t->seen[r->call] = 1;
	snprintf(ani, sizeof(ani), "w%d-%u", t->writer, r->call);
	ck_assert_str_eq(r->ani, ani);
	ck_assert_int_eq(r->epoch_ms, 1790000000000LL + r->call);
	if (r->call <= RECORDS) {
		ck_assert_int_eq(r->cause, 16);
		ck_assert_uint_eq(r->talk_ms,
				  (uint64_t)t->writer * 1000000 + r->call);
	} else {
		ck_assert_int_eq(r->cause, 41); /* cut */
		ck_assert_uint_eq(r->last_state, 0);
	}
	t->n++;
	return 0;
}

static int count_cdr(void *user, const struct cti_acd_cdr *c)
{
	(void)c;
	++*(int *)user;
	return 0;
}

START_TEST(test_two_writers_concurrently)
{
	const char *uri = th_uri("two");
	pid_t pid[WRITERS];
	cti_store_t *st;
	int w, status;

	/* the schema exists before both race to create the tables? no:
	 * they race for it too (the advisory lock decides) */
	for (w = 0; w < WRITERS; w++) {
		pid[w] = fork();
		ck_assert_int_ge(pid[w], 0);
		if (!pid[w])
			writer(uri, w);
	}
	for (w = 0; w < WRITERS; w++) {
		ck_assert_int_eq(waitpid(pid[w], &status, 0), pid[w]);
		ck_assert_msg(WIFEXITED(status) && !WEXITSTATUS(status),
			      "writer %d failed: status %d", w, status);
	}
	st = th_open(uri);
	for (w = 0; w < WRITERS; w++) {
		struct tally *t = calloc(1, sizeof(*t));
		struct cti_store_filter f = { 0 };
		char name[24];
		int n = 0;

		snprintf(name, sizeof(name), "ctid-%d", w);
		f.instance = name;
		t->writer = w;
		ck_assert_int_eq(
			cti_store_query_call_records(st, &f, check_one, t),
			RECORDS + OPEN);
		ck_assert_int_eq(t->n, RECORDS + OPEN);
		ck_assert_int_eq(cti_store_query_cdrs(st, &f, count_cdr, &n),
				 SINGLES);
		free(t);
	}
	{
		int n = 0;

		ck_assert_int_eq(cti_store_query_cdrs(st, NULL, count_cdr, &n),
				 WRITERS * SINGLES);
	}
	cti_store_close(st);
}
END_TEST

TCase *store_pg_tcase(void);
TCase *store_pg_tcase(void)
{
	TCase *tc = tcase_create("pg");

	tcase_add_checked_fixture(tc, th_setup_pg, th_teardown);
	tcase_add_test(tc, test_connection_errors);
	tcase_add_test(tc, test_conninfo_form);
	tcase_add_test(tc, test_foreign_and_newer_schemas);
	tcase_add_test(tc, test_migrations);
	tcase_add_test(tc, test_connection_lost_and_made_again);
	tcase_add_test(tc, test_batch_refused_whole);
	tcase_add_test(tc, test_locked_beyond_busy_timeout);
	tcase_add_test(tc, test_two_writers_concurrently);
	return tc;
}
