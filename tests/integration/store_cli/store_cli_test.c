// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-store, the tool: run the built binary as a user would
 * (build/bin/cti-store, or $CTI_BIN/cti-store) on stores written through
 * the library, and check its output and exit status.
 */
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cti/store.h"
#include "../tool_run.h"
#include "unit.h"

static char dir[256], db[300];

#define RUN(r, ...) TOOL_RUN_MERGED(r, "cti-store", __VA_ARGS__)

#define HAS(r, s) \
	ck_assert_msg(strstr((r)->out, s), "no '%s' in:\n%s", s, (r)->out)

/* 2026-11-03T09:00:00Z */
#define T0 1793696400000LL

static void setup(void)
{
	struct cti_acd_cdr c[3];
	struct cti_acd_interval v[3];
	cti_store_t *st;
	int i;

	snprintf(dir, sizeof(dir), "/tmp/cti-store-cli-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(db, sizeof(db), "%s/cdr.db", dir);
	ck_assert_int_eq(cti_store_open(&st, db, NULL), 0);
	memset(c, 0, sizeof(c));
	memset(v, 0, sizeof(v));
	for (i = 0; i < 3; i++) {
		c[i].call_id = 100 + (uint64_t)i;
		strcpy(c[i].queue, i == 1 ? "desk, 2" : "sales");
		strcpy(c[i].agent, i ? "" : "alice");
		strcpy(c[i].ani, "021555");
		c[i].outcome = i ? CTI_ACD_ABANDONED : CTI_ACD_ANSWERED;
		c[i].epoch_ms = T0 + i * 900000;
		c[i].wait_ms = 1000 * (i + 1);
		strcpy(v[i].queue, i == 1 ? "desk, 2" : "sales");
		v[i].epoch_ms = T0 + i * 900000;
		v[i].length_ms = 900000;
		v[i].offered = 100;
		v[i].answered = 95;
		v[i].answered_in_sl = i == 1 ? 90 : 70;
		v[i].abandoned = i == 1 ? 1 : 5;
		v[i].sl_threshold_ms = 15000;
		v[i].service_level = -1;
		v[i].erlang_c_sl = -1;
		v[i].asa_ms = 9000;
	}
	ck_assert_int_eq(cti_store_put_cdrs(st, c, 3), 0);
	ck_assert_int_eq(cti_store_put_intervals(st, v, 3), 0);
	cti_store_close(st);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void teardown(void)
{
	nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

START_TEST(test_usage)
{
	struct tool_run r;

	RUN(&r, "--help");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, "Usage: cti-store");
	RUN(&r, "export", db);
	ck_assert_int_eq(r.status, 2);
	HAS(&r, "needs --cdr, --calls, --sessions or --intervals");
	RUN(&r, "export", db, "--cdr", "--intervals", "--csv");
	ck_assert_int_eq(r.status, 2);
	RUN(&r, "export", db, "--cdr", "--csv", "--from", "yesterday");
	ck_assert_int_eq(r.status, 2);
	HAS(&r, "'yesterday' is not a time");
	RUN(&r, "frobnicate", db);
	ck_assert_int_eq(r.status, 2);
	RUN(&r, "summary");
	ck_assert_int_eq(r.status, 2);
}
END_TEST

START_TEST(test_export_cdr_csv)
{
	struct tool_run r;

	RUN(&r, "export", db, "--cdr", "--csv", "--to", "2026-11-03T09:15Z");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(
		r.out,
		"time_utc,call_id,queue,agent,ani,dnis,priority,outcome,"
		"epoch_ms,offered_ms,answered_ms,ended_ms,wait_ms,talk_ms,"
		"hold_ms,wrap_ms,rona_count,exit_action,wrap_code\r\n"
		"2026-11-03T09:00:00.000Z,100,sales,alice,021555,,0,answered,"
		"1793696400000,0,0,0,1000,0,0,0,0,,0\r\n");
}
END_TEST

START_TEST(test_export_filters_json)
{
	struct tool_run r;
	char out[400], *p;
	FILE *f;
	size_t n;

	RUN(&r, "export", db, "--cdr", "--json", "--queue", "desk, 2");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, "[\n{\"time_utc\":\"2026-11-03T09:15:00.000Z\",\"call_id\":101,"
		"\"queue\":\"desk, 2\"");
	ck_assert_ptr_null(strstr(r.out, "sales"));
	RUN(&r, "export", db, "-i", "-j", "--from", "2026-11-03 09:30", "--to",
	    "1893456000000");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, "\"epoch_ms\":1793698200000");
	ck_assert_ptr_null(strstr(r.out, "1793696400000"));
	/* -o: the same text into a file, nothing on stdout */
	snprintf(out, sizeof(out), "%s/out.csv", dir);
	RUN(&r, "export", db, "--intervals", "--csv", "-o", out);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	f = fopen(out, "r");
	ck_assert_ptr_nonnull(f);
	p = calloc(1, 4096);
	n = fread(p, 1, 4095, f);
	fclose(f);
	ck_assert_uint_gt(n, 0);
	ck_assert_ptr_nonnull(strstr(p, "\r\n2026-11-03T09:15:00.000Z,"
					"\"desk, 2\",1793697300000,"));
	free(p);
}
END_TEST

/* Whole-call records, and one writer's rows of two. */
START_TEST(test_export_calls_and_instances)
{
	struct cti_store_config cfg = { .instance = "east" };
	struct cti_center_record rec;
	struct cti_acd_cdr c;
	cti_store_t *st;
	struct tool_run r;

	ck_assert_int_eq(cti_store_open(&st, db, &cfg), 0);
	memset(&rec, 0, sizeof(rec));
	rec.call = 5;
	rec.last_state = 6;
	rec.cause = 16;
	rec.epoch_ms = T0;
	rec.talk_ms = 61000;
	strcpy(rec.ani, "021555");
	strcpy(rec.first_queue, "sales");
	ck_assert_int_eq(cti_store_put_call_records(st, &rec, 1), 0);
	memset(&c, 0, sizeof(c));
	c.call_id = 999;
	c.outcome = CTI_ACD_ANSWERED;
	c.epoch_ms = T0;
	ck_assert_int_eq(cti_store_put_cdr(st, &c), 0);
	cti_store_close(st);

	RUN(&r, "export", db, "--calls", "--csv");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(
		r.out,
		"time_utc,call,last_state,cause,segments,agents,transfers,"
		"epoch_ms,arrived_ms,ended_ms,ivr_ms,queue_ms,talk_ms,hold_ms,"
		"dial_ms,ani,dnis,trunk,first_queue,first_agent,last_agent,"
		"number\r\n"
		"2026-11-03T09:00:00.000Z,5,6,16,0,0,0,1793696400000,0,0,0,0,"
		"61000,0,0,021555,,,sales,,,\r\n");
	RUN(&r, "export", db, "-r", "-j", "--instance", "west");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "[]\n");
	/* CDRs: 3 unnamed + 1 of east */
	RUN(&r, "export", db, "--cdr", "--csv", "-I", "east");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, ",999,");
	ck_assert_ptr_null(strstr(r.out, ",100,"));
	RUN(&r, "export", db, "--cdr", "--csv", "-I", "");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, ",100,");
	ck_assert_ptr_null(strstr(r.out, ",999,"));
	RUN(&r, "export", db, "--cdr", "--calls", "--csv");
	ck_assert_int_eq(r.status, 2);
}
END_TEST

START_TEST(test_summary)
{
	struct tool_run r;

	/* sales: 140 / 200 = 70 % in SL, 10 / 200 = 5 % abandoned */
	RUN(&r, "summary", db);
	ck_assert_int_eq(r.status, 1);
	HAS(&r, "QUEUE");
	HAS(&r, "desk, 2");
	HAS(&r, "     200      190       10    70.0     5.0     9.0         2"
		"  below target");
	RUN(&r, "summary", db, "--sl-target", "60", "--abandon-target", "5");
	ck_assert_int_eq(r.status, 0);
	RUN(&r, "summary", db, "--json", "--queue", "desk, 2");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(
		r.out,
		"[\n{\"queue\":\"desk, 2\",\"intervals\":1,\"offered\":100,"
		"\"answered\":95,\"answered_in_sl\":90,\"abandoned\":1,"
		"\"short_abandoned\":0,\"overflowed\":0,\"exited\":0,"
		"\"busy\":0,\"service_level\":90,\"abandon_rate\":1,"
		"\"asa_ms\":9000,\"max_wait_ms\":0}\n]\n");
	RUN(&r, "summary", db, "--queue", "nope");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, "no interval statistics for queue nope");
}
END_TEST

START_TEST(test_bad_databases)
{
	struct tool_run r;
	char p[400];
	FILE *f;

	snprintf(p, sizeof(p), "%s/absent.db", dir);
	RUN(&r, "summary", p);
	ck_assert_int_eq(r.status, 2);
	HAS(&r, "absent.db: no such file");
	snprintf(p, sizeof(p), "%s/notes.txt", dir);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < 200; i++)
		fputs("not a database at all\n", f);
	fclose(f);
	RUN(&r, "export", p, "--cdr", "--csv");
	ck_assert_int_eq(r.status, 1);
	HAS(&r, "notes.txt: reading the database header: not an SQLite "
		"database");
}
END_TEST

/* Times that do not exist are refused, naming the option and value. */
START_TEST(test_bad_times)
{
	static const char *const bad[] = {
		"2026-02-30",
		"2025-02-29",
		"2026-04-31",
		"2026-13-01",
		"12345678901234567890123",
		"99999999999999999999",
		"2026-1-05",
		"20261-01-05",
		"2026-01-05T9:00",
	};
	struct tool_run r;
	char want[160];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *const args[] = { "export", db,     "--cdr", "--csv",
					     "--from", bad[i], NULL };

		tool_spawn(&r, "cti-store", args, true);
		ck_assert_msg(r.status == 2, "%s: exit %d:\n%s", bad[i],
			      r.status, r.out);
		snprintf(want, sizeof(want),
			 "cti-store: --from: '%s' is not "
			 "a time",
			 bad[i]);
		HAS(&r, want);
	}
	/* real ones still pass: a leap day, the largest epoch ms */
	RUN(&r, "export", db, "--cdr", "--csv", "--from", "2024-02-29", "--to",
	    "9223372036854775807");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, "1793696400000");
}
END_TEST

/* An empty file is no store: said plainly, without advice the tool
 * cannot follow (it opens read-only). */
START_TEST(test_empty_file)
{
	struct tool_run r;
	char p[400], want[500];
	FILE *f;

	snprintf(p, sizeof(p), "%s/empty.db", dir);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	RUN(&r, "export", p, "--cdr", "--csv");
	ck_assert_int_eq(r.status, 1);
	snprintf(want, sizeof(want),
		 "cti-store: %s is an empty file, not a "
		 "cti store: it holds no records\n",
		 p);
	ck_assert_str_eq(r.out, want);
	RUN(&r, "summary", p);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, want);
}
END_TEST

/* A full output device is the output's fault, not the database's. */
START_TEST(test_output_write_error)
{
	struct tool_run r;

	if (access("/dev/full", W_OK))
		return;
	RUN(&r, "export", db, "--cdr", "--csv", "-o", "/dev/full");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "cti-store: writing /dev/full: No space left "
				"on device\n");
	RUN(&r, "summary", db, "--json", "-o", "/dev/full");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "cti-store: writing /dev/full: No space left "
				"on device\n");
	RUN(&r, "summary", db, "-o", "/dev/full");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.out, "cti-store: writing /dev/full: No space left "
				"on device\n");
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("store_cli");
	TCase *tc = tcase_create("cli");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_usage);
	tcase_add_test(tc, test_export_cdr_csv);
	tcase_add_test(tc, test_export_filters_json);
	tcase_add_test(tc, test_export_calls_and_instances);
	tcase_add_test(tc, test_summary);
	tcase_add_test(tc, test_bad_databases);
	tcase_add_test(tc, test_bad_times);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_output_write_error);
	suite_add_tcase(s, tc);
	return s;
}
