// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * store, SQLite: a new store and its -wal and -shm files are 0600
 * whatever the umask (they hold callers' numbers); an existing file keeps
 * the mode its administrator gave it. Stores of schema 1, 2 and 3 are
 * migrated to 4 with their rows kept (instance "", no call records).
 */
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "store/store.h"

static mode_t mode_of(const char *path)
{
	struct stat sb;

	ck_assert_msg(!stat(path, &sb), "stat %s", path);
	return sb.st_mode & 07777;
}

static void put_one(cti_store_t *st)
{
	struct cti_acd_cdr c;

	th_cdr(&c, 1);
	ck_assert_int_eq(cti_store_put_cdr(st, &c), 0);
}

START_TEST(test_new_store_is_private)
{
	const char *p = th_path("new.db");
	char wal[600], shm[600], uri[600];
	mode_t old = umask(022);
	cti_store_t *st, *st2;

	st = th_open(p);
	put_one(st);
	/* while open, WAL mode keeps both companions */
	snprintf(wal, sizeof(wal), "%s-wal", p);
	snprintf(shm, sizeof(shm), "%s-shm", p);
	ck_assert_int_eq(mode_of(p), 0600);
	ck_assert_int_eq(mode_of(wal), 0600);
	ck_assert_int_eq(mode_of(shm), 0600);
	cti_store_close(st);

	/* a "file:" URI as well */
	snprintf(uri, sizeof(uri), "file:%s", th_path("uri.db"));
	st2 = th_open(uri);
	put_one(st2);
	ck_assert_int_eq(mode_of(th_path("uri.db")), 0600);
	snprintf(wal, sizeof(wal), "%s-wal", th_path("uri.db"));
	ck_assert_int_eq(mode_of(wal), 0600);
	cti_store_close(st2);
	umask(old);
}
END_TEST

START_TEST(test_existing_mode_kept)
{
	const char *p = th_path("kept.db");
	mode_t old = umask(022);
	cti_store_t *st;

	st = th_open(p);
	cti_store_close(st);
	ck_assert_int_eq(chmod(p, 0640), 0);
	st = th_open(p);
	put_one(st);
	cti_store_close(st);
	ck_assert_int_eq(mode_of(p), 0640);
	umask(old);
}
END_TEST

static void exec_raw(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK,
		      "%s: %s", sql, err ? err : "?");
}

/* A store as libcti of schema `version` left it, with one CDR. */
static void make_old_store(const char *p, int version)
{
	char sql[128];
	sqlite3 *db;
	int i;

	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	for (i = 0; i < version; i++)
		exec_raw(db, cti__store_migrations[i]);
	snprintf(sql, sizeof(sql),
		 "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 CTI__STORE_APP_ID, version);
	exec_raw(db, sql);
	exec_raw(db, "INSERT INTO acd_cdr (call_id, queue, agent, ani, dnis, "
		     "priority, outcome, epoch_ms, offered_ms, answered_ms, "
		     "ended_ms, wait_ms, talk_ms, hold_ms, wrap_ms, rona_count,"
		     " exit_action) VALUES (77, 'sales', 'ann', '021', '400', "
		     "1, 1, 1790000000000, 1, 2, 3, 4, 5, 6, 7, 0, '')");
	sqlite3_close(db);
}

static int count_rec(void *user, const struct cti_center_record *r)
{
	(void)r;
	++*(int *)user;
	return 0;
}

static void check_migrated(int version)
{
	const char *p = th_path("old.db");
	struct cti_store_filter f = { .instance = "" };
	struct th_cdrs out = { 0 };
	struct cti_center_record r;
	struct cti_acd_interval iv;
	cti_store_t *st;
	size_t cut = 0;
	int n = 0;

	make_old_store(p, version);
	st = th_open(p);
	ck_assert_int_eq(cti_store_query_cdrs(st, &f, th_collect_cdr, &out), 1);
	ck_assert_uint_eq(out.r[0].call_id, 77);
	memset(&r, 0, sizeof(r));
	r.call = 1;
	ck_assert_int_eq(cti_store_call_opened(st, &r), 0);
	ck_assert_int_eq(cti_store_put_call_records(st, &r, 1), 0);
	ck_assert_int_eq(cti_store_query_call_records(st, NULL, count_rec, &n),
			 1);
	/* schema 4's open intervals */
	th_interval(&iv, 1);
	ck_assert_int_eq(cti_store_put_open_intervals(st, &iv, 1), 0);
	ck_assert_int_eq(cti_store_close_cut_intervals(st, &cut), 0);
	ck_assert_uint_eq(cut, 1);
	cti_store_close(st);
}

START_TEST(test_migrate_from_1)
{
	check_migrated(1);
}
END_TEST

START_TEST(test_migrate_from_2)
{
	check_migrated(2);
}
END_TEST

START_TEST(test_migrate_from_3)
{
	check_migrated(3);
}
END_TEST

TCase *store_files_tcase(void);
TCase *store_files_tcase(void)
{
	TCase *tc = tcase_create("files");

	tcase_add_checked_fixture(tc, th_setup, th_teardown);
	tcase_add_test(tc, test_new_store_is_private);
	tcase_add_test(tc, test_existing_mode_kept);
	tcase_add_test(tc, test_migrate_from_1);
	tcase_add_test(tc, test_migrate_from_2);
	tcase_add_test(tc, test_migrate_from_3);
	return tc;
}
