// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * store: bad files and places. Each gives a clear error naming the file
 * and the reason, in the log and as the return code, never a crash, and
 * leaves the file as it was. The store's own tests may craft databases
 * with SQLite directly.
 */
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "helpers.h"

static int try_open(const char *path, uint32_t flags)
{
	struct cti_store_config cfg = { .ctx = th_ctx, .flags = flags };
	cti_store_t *st = (cti_store_t *)&cfg; /* must be reset to NULL */
	int rc;

	th_log_clear();
	rc = cti_store_open(&st, path, &cfg);
	if (rc)
		ck_assert_ptr_null(st);
	else
		cti_store_close(st);
	return rc;
}

/* The log names the file and says `why`. */
static void assert_logged(const char *path, const char *why)
{
	ck_assert_msg(strstr(th_log, path) && strstr(th_log, why),
		      "log lacks '%s' / '%s':\n%s", path, why, th_log);
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Run SQL on a file directly, as another program would. */
static void raw_sql(const char *path, const char *sql)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK,
		      "%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

static void make_store(const char *path, int ncdrs)
{
	struct cti_acd_cdr c[100];
	cti_store_t *st = th_open(path);
	int i, j;

	for (i = 0; i < ncdrs; i += 100) {
		for (j = 0; j < 100; j++)
			th_cdr(&c[j], (uint64_t)(i + j));
		ck_assert_int_eq(cti_store_put_cdrs(st, c, 100), 0);
	}
	cti_store_close(st);
}

START_TEST(test_not_a_database)
{
	static const char text[] = "call_id,queue\r\n1,sales\r\n";
	char big[8192];
	const char *p = th_path("notes.db");
	char *after;
	size_t len;

	/* short text, then a file the size of several pages */
	th_write_file(p, text, sizeof(text) - 1);
	ck_assert_int_eq(try_open(p, 0), CTI_EFORMAT);
	assert_logged(p, "not an SQLite database");
	after = th_slurp(p, &len);
	ck_assert_uint_eq(len, sizeof(text) - 1);
	ck_assert(!memcmp(after, text, len));
	free(after);
	memset(big, 'x', sizeof(big));
	th_write_file(p, big, sizeof(big));
	ck_assert_int_eq(try_open(p, 0), CTI_EFORMAT);
	ck_assert_int_eq(try_open(p, CTI_STORE_RDONLY), CTI_EFORMAT);
	after = th_slurp(p, &len);
	ck_assert_uint_eq(len, sizeof(big));
	ck_assert(!memcmp(after, big, len));
	free(after);
	ck_assert(!exists(th_path("notes.db-wal")));
}
END_TEST

START_TEST(test_damaged_header)
{
	const char *p = th_path("hdr.db");
	char *before, *after;
	size_t len, len2;
	int fd;

	make_store(p, 100);
	fd = open(p, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, "SQLite format 2", 15, 0), 15);
	close(fd);
	before = th_slurp(p, &len);
	ck_assert_int_eq(try_open(p, 0), CTI_EFORMAT);
	assert_logged(p, "not an SQLite database");
	after = th_slurp(p, &len2);
	ck_assert_uint_eq(len, len2);
	ck_assert(!memcmp(before, after, len));
	free(before);
	free(after);
}
END_TEST

static int count_cb(void *user, const struct cti_acd_cdr *c)
{
	(void)c;
	++*(int *)user;
	return 0;
}

START_TEST(test_truncated)
{
	const char *p = th_path("cut.db");
	struct cti_store_config cfg = { .ctx = th_ctx };
	cti_store_t *st;
	struct stat sb;
	char uri[PATH_MAX + 8];
	off_t half;
	int rc, n = 0;

	make_store(p, 3000);
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_int_gt(sb.st_size, 100000);
	/* a byte appended, the last page torn, then half of them gone: the
	 * open says so, and the file keeps its length (a rolled-back write
	 * would pad or cut it to the header's size), read-write or not */
	for (int cut = 0; cut < 3; cut++) {
		static const char *const why[] = { "corrupt: too long at",
						   "corrupt: cut short at",
						   "corrupt" };

		half = cut == 0	  ? sb.st_size + 1
		       : cut == 1 ? sb.st_size - 101
				  : sb.st_size / 2;
		ck_assert_int_eq(truncate(p, half), 0);
		for (int ro = 0; ro < 2; ro++) {
			ck_assert_int_eq(try_open(p, ro ? CTI_STORE_RDONLY : 0),
					 CTI_EFORMAT);
			assert_logged(p, why[cut]);
			ck_assert_int_eq(stat(p, &sb), 0);
			ck_assert_int_eq(sb.st_size, half);
		}
	}
	/* a URI's file: the first full read finds it */
	snprintf(uri, sizeof(uri), "file:%s", p);
	th_log_clear();
	rc = cti_store_open(&st, uri, &cfg);
	if (!rc) {
		rc = cti_store_query_cdrs(st, NULL, count_cb, &n);
		cti_store_close(st);
	}
	ck_assert_int_eq(rc, CTI_EFORMAT);
	ck_assert_int_eq(stat(p, &sb), 0);
	/* then a header cut short */
	ck_assert_int_eq(truncate(p, 60), 0);
	ck_assert_int_eq(try_open(p, 0), CTI_EFORMAT);
	assert_logged(p, "corrupt");
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_int_eq(sb.st_size, 60);
}
END_TEST

START_TEST(test_foreign_database)
{
	const char *p = th_path("other.db");
	char *before, *after;
	size_t len, len2;

	raw_sql(p, "CREATE TABLE orders (id INTEGER PRIMARY KEY, qty INT);"
		   "INSERT INTO orders VALUES (1, 100);");
	before = th_slurp(p, &len);
	ck_assert_int_eq(try_open(p, 0), CTI_EFORMAT);
	assert_logged(p, "not a cti store");
	after = th_slurp(p, &len2);
	ck_assert_uint_eq(len, len2);
	ck_assert(!memcmp(before, after, len));
	free(before);
	free(after);
	/* another program's application_id, no tables yet */
	raw_sql(th_path("other2.db"), "PRAGMA application_id = 7;");
	ck_assert_int_eq(try_open(th_path("other2.db"), 0), CTI_EFORMAT);
}
END_TEST

START_TEST(test_future_schema_version)
{
	const char *p = th_path("future.db");
	char *before, *after;
	size_t len, len2;

	make_store(p, 100);
	raw_sql(p, "PRAGMA user_version = 99;");
	before = th_slurp(p, &len);
	ck_assert_int_eq(try_open(p, 0), CTI_ENOTSUP);
	assert_logged(p, "schema version 99 is newer");
	ck_assert_int_eq(try_open(p, CTI_STORE_RDONLY), CTI_ENOTSUP);
	after = th_slurp(p, &len2);
	ck_assert_uint_eq(len, len2);
	ck_assert(!memcmp(before, after, len));
	free(before);
	free(after);
	raw_sql(p, "PRAGMA user_version = -3;");
	ck_assert_int_eq(try_open(p, 0), CTI_EFORMAT);
}
END_TEST

START_TEST(test_schema_not_matching_version)
{
	const char *p = th_path("mangled.db");

	make_store(p, 100);
	raw_sql(p, "ALTER TABLE acd_cdr RENAME COLUMN wrap_ms TO wrapup;");
	ck_assert_int_eq(try_open(p, 0), CTI_EFORMAT);
	assert_logged(p, "schema does not match version");
}
END_TEST

/* The first 100 bytes of a file (SQLite's header). */
static void header_of(const char *p, unsigned char h[100])
{
	int fd = open(p, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, h, 100), 100);
	close(fd);
}

/* Found by tests/fuzz/store: files that claim to be ours but are not
 * (tables not as their version has them; a version older than their
 * tables, so the migration fails) were switched to WAL, their header
 * rewritten, before being refused. Refused now before anything is
 * written. */
START_TEST(test_refused_schema_left_untouched)
{
	static const char *const mangle[] = {
		"ALTER TABLE acd_cdr RENAME COLUMN wrap_ms TO wrapup;",
		"PRAGMA user_version = 0;",
	};
	static const char *const why[] = {
		"schema does not match version",
		"migrating the schema",
	};
	unsigned char before[100], after[100];

	for (size_t i = 0; i < sizeof(mangle) / sizeof(mangle[0]); i++) {
		char name[32];
		const char *p;

		snprintf(name, sizeof(name), "mangled-%zu.db", i);
		p = th_path(name);
		make_store(p, 1);
		raw_sql(p, "PRAGMA journal_mode = DELETE;");
		raw_sql(p, mangle[i]);
		header_of(p, before);
		ck_assert_int_eq(before[18], 1); /* rollback journal, no WAL */
		ck_assert_int_ne(try_open(p, 0), 0);
		assert_logged(p, why[i]);
		header_of(p, after);
		ck_assert_mem_eq(before, after, sizeof(before));
	}
}
END_TEST

START_TEST(test_empty_file_and_migration)
{
	const char *p = th_path("empty.db");
	cti_store_t *st;

	/* a 0-byte file is an empty database: it gets the schema */
	th_write_file(p, "", 0);
	ck_assert_int_eq(try_open(p, CTI_STORE_RDONLY), CTI_ENOTSUP);
	assert_logged(p, "open it once read-write");
	st = th_open(p);
	cti_store_close(st);
	raw_sql(p, "PRAGMA user_version;"); /* still a database */
	{
		sqlite3 *db;
		sqlite3_stmt *q;

		ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
		ck_assert_int_eq(
			sqlite3_prepare_v2(
				db,
				"SELECT (SELECT user_version FROM pragma_user_version),"
				" (SELECT application_id FROM pragma_application_id),"
				" (SELECT journal_mode FROM pragma_journal_mode)",
				-1, &q, NULL),
			SQLITE_OK);
		ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
		ck_assert_int_eq(sqlite3_column_int(q, 0),
				 cti_store_schema_version());
		ck_assert_int_eq(sqlite3_column_int(q, 1), 0x43544953);
		ck_assert_str_eq((const char *)sqlite3_column_text(q, 2),
				 "wal");
		sqlite3_finalize(q);
		sqlite3_close(db);
	}
}
END_TEST

START_TEST(test_missing_places)
{
	const char *p = th_path("no/such/dir/cdr.db");

	ck_assert_int_eq(try_open(p, 0), CTI_ENOENT);
	assert_logged(p, "dir does not exist");
	p = th_path("absent.db");
	ck_assert_int_eq(try_open(p, CTI_STORE_NOCREATE), CTI_ENOENT);
	assert_logged(p, "no such file");
	ck_assert_int_eq(try_open(p, CTI_STORE_RDONLY), CTI_ENOENT);
	ck_assert(!exists(p));
	/* a directory where the file should be */
	ck_assert_int_ne(try_open(th_dir, 0), 0);
	assert_logged(th_dir, "cannot open");
}
END_TEST

START_TEST(test_unusable_arguments)
{
	cti_store_t *st;
	struct cti_store_config cfg = { .flags = 0x80 };

	ck_assert_int_eq(try_open("mysql://db.example/cti", 0), CTI_ENOTSUP);
	assert_logged("mysql://db.example/cti", "no store backend");
	/* the password of a URI never reaches the log */
	ck_assert_int_eq(try_open("mysql://ann:s3cret@db.example/cti", 0),
			 CTI_ENOTSUP);
	assert_logged("mysql://ann@db.example/cti", "no store backend");
	ck_assert_ptr_null(strstr(th_log, "s3cret"));
	ck_assert_int_eq(cti_store_open(&st, th_path("a.db"), &cfg),
			 CTI_EINVAL);
	cfg.flags = 0;
	cfg.busy_timeout_ms = -1;
	ck_assert_int_eq(cti_store_open(&st, th_path("a.db"), &cfg),
			 CTI_EINVAL);
	cfg.busy_timeout_ms = 0;
	cfg.reserved[7] = 1;
	ck_assert_int_eq(cti_store_open(&st, th_path("a.db"), &cfg),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_store_open(&st, "", NULL), CTI_EINVAL);
	ck_assert_int_eq(cti_store_open(&st, NULL, NULL), CTI_EINVAL);
	ck_assert_int_eq(cti_store_open(NULL, th_path("a.db"), NULL),
			 CTI_EINVAL);
	ck_assert(!exists(th_path("a.db")));
}
END_TEST

/*
 * Read-only places. Root ignores permission bits, so the attempt runs in
 * a child that becomes "nobody" first.
 */
static int open_as_nobody(const char *path, uint32_t flags)
{
	struct passwd *pw = getpwnam("nobody");
	int status;
	pid_t pid;

	if (getuid() != 0 || !pw)
		return try_open(path, flags);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (setgid(pw->pw_gid) || setuid(pw->pw_uid))
			_exit(100);
		_exit(-try_open(path, flags) & 0xff);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_ne(WEXITSTATUS(status), 100);
	return -WEXITSTATUS(status);
}

START_TEST(test_read_only_directory)
{
	const char *dir = th_path("ro");
	char p[600];

	ck_assert_int_eq(mkdir(dir, 0555), 0);
	ck_assert_int_eq(chmod(th_dir, 0755), 0); /* nobody may enter */
	ck_assert_int_eq(chmod(dir, 0555), 0);
	snprintf(p, sizeof(p), "%s/cdr.db", dir);
	ck_assert_int_eq(open_as_nobody(p, 0), CTI_EACCES);
	ck_assert(!exists(p));
	/* an existing store nobody may not write */
	ck_assert_int_eq(chmod(dir, 0755), 0);
	make_store(p, 100);
	ck_assert_int_eq(chmod(p, 0444), 0);
	ck_assert_int_eq(chmod(dir, 0555), 0);
	ck_assert_int_eq(open_as_nobody(p, 0), CTI_EACCES);
	/* a writable file in a read-only directory: no room for the WAL */
	ck_assert_int_eq(chmod(p, 0666), 0);
	ck_assert_int_eq(open_as_nobody(p, 0), CTI_EACCES);
	ck_assert_int_eq(chmod(dir, 0755), 0);
}
END_TEST

START_TEST(test_locked_by_another_writer)
{
	const char *p = th_path("lock.db");
	struct cti_store_config cfg = { .ctx = th_ctx, .busy_timeout_ms = 50 };
	struct cti_acd_cdr c;
	cti_store_t *st;
	sqlite3 *db;

	make_store(p, 100);
	ck_assert_int_eq(cti_store_open(&st, p, &cfg), 0);
	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
			 SQLITE_OK);
	th_cdr(&c, 1);
	th_log_clear();
	ck_assert_int_eq(cti_store_put_cdr(st, &c), CTI_EBUSY);
	assert_logged(p, "locked");
	ck_assert_int_eq(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	ck_assert_int_eq(cti_store_put_cdr(st, &c), 0);
	cti_store_close(st);
}
END_TEST

TCase *store_corrupt_tcase(void);
TCase *store_corrupt_tcase(void)
{
	TCase *tc = tcase_create("corrupt");

	tcase_add_checked_fixture(tc, th_setup, th_teardown);
	tcase_add_test(tc, test_not_a_database);
	tcase_add_test(tc, test_damaged_header);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_foreign_database);
	tcase_add_test(tc, test_future_schema_version);
	tcase_add_test(tc, test_schema_not_matching_version);
	tcase_add_test(tc, test_refused_schema_left_untouched);
	tcase_add_test(tc, test_empty_file_and_migration);
	tcase_add_test(tc, test_missing_places);
	tcase_add_test(tc, test_unusable_arguments);
	tcase_add_test(tc, test_read_only_directory);
	tcase_add_test(tc, test_locked_by_another_writer);
	return tc;
}
