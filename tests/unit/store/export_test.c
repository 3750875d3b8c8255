// SPDX-License-Identifier: LGPL-2.1-or-later
/* store: CSV (RFC 4180) and JSON (RFC 8259) exports, byte for byte. */
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

static cti_store_t *st;

static void put_two_cdrs(void)
{
	struct cti_acd_cdr c[2];

	memset(c, 0, sizeof(c));
	c[0].call_id = 7;
	strcpy(c[0].queue, "sales, \"VIP\"");
	strcpy(c[0].agent, "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e");
	strcpy(c[0].ani, "02155501234");
	strcpy(c[0].dnis, "4001");
	c[0].priority = 2;
	c[0].outcome = CTI_ACD_ANSWERED;
	c[0].epoch_ms = 1790000000123LL;
	c[0].offered_ms = 1000;
	c[0].answered_ms = 4000;
	c[0].ended_ms = 64000;
	c[0].wait_ms = 3000;
	c[0].talk_ms = 60000;
	c[0].wrap_ms = 15000;
	c[0].rona_count = 1;
	strcpy(c[0].exit_action, "line1\r\nline2");
	c[0].wrap_code = 31;
	c[1].call_id = UINT64_MAX;
	strcpy(c[1].queue, "q");
	strcpy(c[1].agent, "a\\b\x01\t/");
	c[1].outcome = CTI_ACD_ABANDONED;
	c[1].epoch_ms = -1;
	c[1].priority = -5;
	ck_assert_int_eq(cti_store_put_cdrs(st, c, 2), 0);
}

static const char cdr_csv[] =
	"time_utc,call_id,queue,agent,ani,dnis,priority,outcome,epoch_ms,"
	"offered_ms,answered_ms,ended_ms,wait_ms,talk_ms,hold_ms,wrap_ms,"
	"rona_count,exit_action,wrap_code\r\n"
	"1969-12-31T23:59:59.999Z,18446744073709551615,q,a\\b\x01\t/,,,-5,"
	"abandoned,-1,0,0,0,0,0,0,0,0,,0\r\n"
	"2026-09-21T14:13:20.123Z,7,\"sales, \"\"VIP\"\"\","
	"\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e,02155501234,4001,2,answered,"
	"1790000000123,1000,4000,64000,3000,60000,0,15000,1,"
	"\"line1\r\nline2\",31\r\n";

static const char cdr_json[] =
	"[\n"
	"{\"time_utc\":\"1969-12-31T23:59:59.999Z\","
	"\"call_id\":18446744073709551615,\"queue\":\"q\","
	"\"agent\":\"a\\\\b\\u0001\\t/\",\"ani\":\"\",\"dnis\":\"\","
	"\"priority\":-5,\"outcome\":\"abandoned\",\"epoch_ms\":-1,"
	"\"offered_ms\":0,\"answered_ms\":0,\"ended_ms\":0,\"wait_ms\":0,"
	"\"talk_ms\":0,\"hold_ms\":0,\"wrap_ms\":0,\"rona_count\":0,"
	"\"exit_action\":\"\",\"wrap_code\":0},\n"
	"{\"time_utc\":\"2026-09-21T14:13:20.123Z\",\"call_id\":7,"
	"\"queue\":\"sales, \\\"VIP\\\"\","
	"\"agent\":\"\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\","
	"\"ani\":\"02155501234\",\"dnis\":\"4001\",\"priority\":2,"
	"\"outcome\":\"answered\",\"epoch_ms\":1790000000123,"
	"\"offered_ms\":1000,\"answered_ms\":4000,\"ended_ms\":64000,"
	"\"wait_ms\":3000,\"talk_ms\":60000,\"hold_ms\":0,\"wrap_ms\":15000,"
	"\"rona_count\":1,\"exit_action\":\"line1\\r\\nline2\",\"wrap_code\":31}\n"
	"]\n";

static void setup(void)
{
	th_setup();
	st = th_open(th_uri("x.db"));
}

static void setup_pg(void)
{
	th_backend = TH_PG;
	setup();
}

static void teardown(void)
{
	cti_store_close(st);
	th_teardown();
}

/* Export into memory; returns the text (malloc'ed) and sets *rc. */
static char *
export_mem(int (*fn)(cti_store_t *, const struct cti_store_filter *,
		     enum cti_store_format, FILE *),
	   const struct cti_store_filter *f, enum cti_store_format fmt, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(out);
	*rc = fn(st, f, fmt, out);
	fclose(out);
	return buf;
}

/* Show where two texts part, for a readable failure. */
static void assert_text_eq(const char *got, const char *want)
{
	size_t i = 0;

	while (got[i] && got[i] == want[i])
		i++;
	ck_assert_msg(!got[i] && !want[i],
		      "texts differ at byte %zu:\n got: %.60s\nwant: %.60s", i,
		      got + i, want + i);
}

START_TEST(test_cdr_csv_exact)
{
	char *got;
	int rc;

	put_two_cdrs();
	got = export_mem(cti_store_export_cdrs, NULL, CTI_STORE_CSV, &rc);
	ck_assert_int_eq(rc, 2);
	assert_text_eq(got, cdr_csv);
	free(got);
}
END_TEST

START_TEST(test_cdr_json_exact)
{
	char *got;
	int rc;

	put_two_cdrs();
	got = export_mem(cti_store_export_cdrs, NULL, CTI_STORE_JSON, &rc);
	ck_assert_int_eq(rc, 2);
	assert_text_eq(got, cdr_json);
	free(got);
}
END_TEST

START_TEST(test_empty_exports)
{
	char *got;
	int rc;

	got = export_mem(cti_store_export_cdrs, NULL, CTI_STORE_JSON, &rc);
	ck_assert_int_eq(rc, 0);
	assert_text_eq(got, "[]\n");
	free(got);
	got = export_mem(cti_store_export_intervals, NULL, CTI_STORE_CSV, &rc);
	ck_assert_int_eq(rc, 0);
	assert_text_eq(got,
		       "time_utc,queue,epoch_ms,start_ms,length_ms,offered,"
		       "answered,answered_in_sl,abandoned,short_abandoned,"
		       "overflowed,exited,busy,sl_threshold_ms,service_level,"
		       "erlang_c_sl,asa_ms,avg_wait_ms,max_wait_ms,aht_ms,"
		       "occupancy\r\n");
	free(got);
	got = export_mem(cti_store_export_cdrs, NULL, (enum cti_store_format)3,
			 &rc);
	ck_assert_int_eq(rc, CTI_EINVAL);
	free(got);
}
END_TEST

static void put_intervals(void)
{
	struct cti_acd_interval v[2];

	th_interval(&v[0], 0);
	strcpy(v[0].queue, "desk");
	v[0].service_level = NAN;
	v[0].erlang_c_sl = -1;
	v[0].occupancy = 1.0 / 3.0;
	th_interval(&v[1], 1);
	v[1].erlang_c_sl = INFINITY;
	ck_assert_int_eq(cti_store_put_intervals(st, v, 2), 0);
}

START_TEST(test_interval_csv_and_json_exact)
{
	struct cti_store_filter f = { .queue = "desk" };
	char *got;
	int rc;

	put_intervals();
	got = export_mem(cti_store_export_intervals, &f, CTI_STORE_CSV, &rc);
	ck_assert_int_eq(rc, 1);
	assert_text_eq(got,
		       "time_utc,queue,epoch_ms,start_ms,length_ms,offered,"
		       "answered,answered_in_sl,abandoned,short_abandoned,"
		       "overflowed,exited,busy,sl_threshold_ms,service_level,"
		       "erlang_c_sl,asa_ms,avg_wait_ms,max_wait_ms,aht_ms,"
		       "occupancy\r\n"
		       "2026-09-21T14:13:20.000Z,desk,1790000000000,0,900000,"
		       "100,90,72,6,4,1,2,3,15000,,-1,12000,11000,95000,"
		       "240000,0.3333333333333333\r\n");
	free(got);
	f.queue = "q1";
	got = export_mem(cti_store_export_intervals, &f, CTI_STORE_JSON, &rc);
	ck_assert_int_eq(rc, 1);
	/* infinity has no JSON form */
	assert_text_eq(got,
		       "[\n{\"time_utc\":\"2026-09-21T14:28:20.000Z\","
		       "\"queue\":\"q1\",\"epoch_ms\":1790000900000,"
		       "\"start_ms\":900000,\"length_ms\":900000,"
		       "\"offered\":101,\"answered\":90,\"answered_in_sl\":72,"
		       "\"abandoned\":6,\"short_abandoned\":4,"
		       "\"overflowed\":1,\"exited\":2,\"busy\":3,"
		       "\"sl_threshold_ms\":15000,\"service_level\":76.5,"
		       "\"erlang_c_sl\":null,\"asa_ms\":12001,"
		       "\"avg_wait_ms\":11000,\"max_wait_ms\":95000,"
		       "\"aht_ms\":240000,\"occupancy\":87.5}\n]\n");
	free(got);
}
END_TEST

START_TEST(test_summary_export)
{
	char *got;
	int rc;

	put_intervals();
	got = export_mem(cti_store_export_summary, NULL, CTI_STORE_CSV, &rc);
	ck_assert_int_eq(rc, 2);
	/* desk: 72 / (100 - 4) = 75 %, 6 / 96 = 6.25 % */
	assert_text_eq(got, "queue,intervals,offered,answered,answered_in_sl,"
			    "abandoned,short_abandoned,overflowed,exited,busy,"
			    "service_level,abandon_rate,asa_ms,max_wait_ms\r\n"
			    "desk,1,100,90,72,6,4,1,2,3,75,6.25,12000,95000\r\n"
			    "q1,1,101,90,72,6,4,1,2,3,74.22680412371135,"
			    "6.185567010309279,12001,95000\r\n");
	free(got);
}
END_TEST

START_TEST(test_export_to_fd)
{
	const char *p = th_path("out.json");
	char *got;
	int fd, rc;

	put_two_cdrs();
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	rc = cti_store_export_cdrs_fd(st, NULL, CTI_STORE_JSON, fd);
	ck_assert_int_eq(rc, 2);
	/* the caller's fd is still open and usable */
	ck_assert_int_eq(write(fd, "", 0), 0);
	ck_assert_int_eq(close(fd), 0);
	got = th_slurp(p, NULL);
	assert_text_eq(got, cdr_json);
	free(got);
	ck_assert_int_eq(cti_store_export_cdrs_fd(st, NULL, CTI_STORE_CSV, -1),
			 CTI_EBADF);
	ck_assert_int_eq(
		cti_store_export_intervals_fd(st, NULL, CTI_STORE_CSV, fd),
		CTI_EBADF);
}
END_TEST

START_TEST(test_write_error)
{
	FILE *full = fopen("/dev/full", "w");
	struct cti_acd_cdr c[50];
	int i;

	if (!full)
		return; /* no /dev/full here */
	for (i = 0; i < 50; i++)
		th_cdr(&c[i], (uint64_t)i);
	ck_assert_int_eq(cti_store_put_cdrs(st, c, 50), 0);
	ck_assert_int_eq(cti_store_export_cdrs(st, NULL, CTI_STORE_CSV, full),
			 CTI_EIO);
	fclose(full);
}
END_TEST

TCase *store_export_tcase(enum th_backend b);
TCase *store_export_tcase(enum th_backend b)
{
	TCase *tc = tcase_create(b == TH_PG ? "export-pg" : "export");

	tcase_add_checked_fixture(tc, b == TH_PG ? setup_pg : setup, teardown);
	tcase_add_test(tc, test_cdr_csv_exact);
	tcase_add_test(tc, test_cdr_json_exact);
	tcase_add_test(tc, test_empty_exports);
	tcase_add_test(tc, test_interval_csv_and_json_exact);
	tcase_add_test(tc, test_summary_export);
	tcase_add_test(tc, test_export_to_fd);
	tcase_add_test(tc, test_write_error);
	return tc;
}
