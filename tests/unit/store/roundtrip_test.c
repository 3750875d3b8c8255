// SPDX-License-Identifier: LGPL-2.1-or-later
/* store: every field of every record survives a put, a close, a reopen and
 * a query, extreme values and awkward text included; bad records are
 * refused whole. */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "helpers.h"

/* UTF-8 (CJK, accents, an emoji), quotes, commas, CR/LF, tab */
#define NASTY \
	"\xe8\xaf\x81\xe5\x88\xb8 \"desk\", Ren\xc3\xa9\r\n\t\xf0\x9f\x93\x9e"

static void extreme_cdr(struct cti_acd_cdr *c, int which)
{
	memset(c, 0, sizeof(*c));
	if (which == 0) {
		c->call_id = UINT64_MAX;
		c->priority = INT_MAX;
		c->outcome = CTI_ACD_CLEARED;
		c->epoch_ms = INT64_MAX;
		c->offered_ms = INT64_MAX;
		c->answered_ms = INT64_MAX;
		c->ended_ms = INT64_MAX;
		c->wait_ms = INT64_MAX;
		c->talk_ms = INT64_MAX;
		c->hold_ms = INT64_MAX;
		c->wrap_ms = INT64_MAX;
		c->rona_count = INT_MAX;
		c->wrap_code = INT32_MAX;
		/* names filling their arrays to the last byte */
		memset(c->queue, 'Q', sizeof(c->queue) - 1);
		memset(c->agent, 'A', sizeof(c->agent) - 1);
		memset(c->ani, '9', sizeof(c->ani) - 1);
		memset(c->dnis, '8', sizeof(c->dnis) - 1);
		memset(c->exit_action, 'X', sizeof(c->exit_action) - 1);
	} else if (which == 1) {
		c->call_id = 0;
		c->priority = INT_MIN;
		c->outcome = CTI_ACD_ANSWERED;
		c->epoch_ms = INT64_MIN;
		c->offered_ms = INT64_MIN;
		c->answered_ms = INT64_MIN;
		c->ended_ms = INT64_MIN;
		c->wait_ms = INT64_MIN;
		c->talk_ms = INT64_MIN;
		c->hold_ms = INT64_MIN;
		c->wrap_ms = INT64_MIN;
		c->rona_count = INT_MIN;
		c->wrap_code = INT32_MIN;
		/* every string empty */
	} else {
		th_cdr(c, 7);
		c->call_id = (uint64_t)INT64_MAX + 1; /* negative in SQL */
		c->epoch_ms = 1790000100000LL;	      /* after seeds 3..8 */
		strcpy(c->queue, NASTY);
		strcpy(c->agent, "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e");
		strcpy(c->ani, "+86,21\"5");
		strcpy(c->exit_action, "a\nb");
		c->outcome = CTI_ACD_ABANDONED;
	}
}

START_TEST(test_cdr_every_field_and_extremes)
{
	struct cti_acd_cdr in[9];
	struct th_cdrs out = { 0 };
	cti_store_t *st;
	int i, rc;

	for (i = 0; i < 3; i++)
		extreme_cdr(&in[i], i);
	for (i = 3; i < 9; i++)
		th_cdr(&in[i], (uint64_t)i); /* every outcome once */
	in[0].reserved[3] = 42; /* reserved fields are not stored */
	st = th_open(th_uri("rt.db"));
	for (i = 0; i < 9; i++)
		ck_assert_int_eq(cti_store_put_cdr(st, &in[i]), 0);
	cti_store_close(st);

	st = th_open(th_uri("rt.db"));
	rc = cti_store_query_cdrs(st, NULL, th_collect_cdr, &out);
	ck_assert_int_eq(rc, 9);
	ck_assert_uint_eq(out.n, 9);
	/* ordered by epoch_ms: INT64_MIN first, INT64_MAX last */
	th_assert_cdr_eq(&out.r[0], &in[1]);
	for (i = 3; i < 9; i++)
		th_assert_cdr_eq(&out.r[i - 2], &in[i]);
	th_assert_cdr_eq(&out.r[7], &in[2]);
	th_assert_cdr_eq(&out.r[8], &in[0]);
	ck_assert_uint_eq(out.r[8].reserved[3], 0);
	cti_store_close(st);
}
END_TEST

START_TEST(test_interval_every_field_and_extremes)
{
	struct cti_acd_interval in[4];
	struct th_ivs out = { 0 };
	cti_store_t *st;

	th_interval(&in[0], 1);
	memset(&in[1], 0, sizeof(in[1]));
	strcpy(in[1].queue, NASTY);
	in[1].epoch_ms = INT64_MIN;
	in[1].start_ms = INT64_MIN;
	in[1].length_ms = INT64_MAX;
	in[1].offered = UINT32_MAX;
	in[1].answered = UINT32_MAX;
	in[1].answered_in_sl = UINT32_MAX;
	in[1].abandoned = UINT32_MAX;
	in[1].short_abandoned = UINT32_MAX;
	in[1].overflowed = UINT32_MAX;
	in[1].exited = UINT32_MAX;
	in[1].busy = UINT32_MAX;
	in[1].sl_threshold_ms = INT64_MAX;
	in[1].service_level = -1;      /* "none" */
	in[1].erlang_c_sl = 1.0 / 3.0; /* needs all 17 digits */
	in[1].asa_ms = INT64_MIN;
	in[1].avg_wait_ms = INT64_MAX;
	in[1].max_wait_ms = INT64_MIN;
	in[1].aht_ms = INT64_MAX;
	in[1].occupancy = 5e-324; /* smallest subnormal */
	th_interval(&in[2], 2);
	in[2].service_level = NAN;
	in[2].erlang_c_sl = INFINITY;
	in[2].occupancy = -INFINITY;
	th_interval(&in[3], 3);
	in[3].epoch_ms = INT64_MAX;
	in[3].occupancy = 1.7976931348623157e308;

	st = th_open(th_uri("iv.db"));
	/* one transaction for all four */
	ck_assert_int_eq(cti_store_put_intervals(st, in, 4), 0);
	cti_store_close(st);
	st = th_open(th_uri("iv.db"));
	ck_assert_int_eq(
		cti_store_query_intervals(st, NULL, th_collect_iv, &out), 4);
	th_assert_interval_eq(&out.r[0], &in[1]);
	th_assert_interval_eq(&out.r[1], &in[0]);
	th_assert_interval_eq(&out.r[2], &in[2]);
	th_assert_interval_eq(&out.r[3], &in[3]);
	cti_store_close(st);
}
END_TEST

START_TEST(test_bad_records_refused_whole)
{
	struct cti_acd_cdr c[3];
	struct cti_acd_interval v;
	struct th_cdrs out = { 0 };
	cti_store_t *st = th_open(th_uri("bad.db"));

	th_cdr(&c[0], 1);
	th_cdr(&c[1], 2);
	th_cdr(&c[2], 3);
	/* a name without its NUL */
	memset(c[1].agent, 'a', sizeof(c[1].agent));
	ck_assert_int_eq(cti_store_put_cdrs(st, c, 3), CTI_EINVAL);
	ck_assert_ptr_nonnull(strstr(th_log, "record 1: agent is not "
					     "NUL-terminated"));
	th_cdr(&c[1], 2);
	/* invalid UTF-8: a lone continuation byte, an overlong '/' */
	strcpy(c[2].queue, "q\x80");
	ck_assert_int_eq(cti_store_put_cdrs(st, c, 3), CTI_EINVAL);
	strcpy(c[2].queue, "q\xc0\xaf");
	ck_assert_int_eq(cti_store_put_cdrs(st, c, 3), CTI_EINVAL);
	th_cdr(&c[2], 3);
	c[2].outcome = (enum cti_acd_outcome)0;
	ck_assert_int_eq(cti_store_put_cdrs(st, c, 3), CTI_EINVAL);
	c[2].outcome = (enum cti_acd_outcome)7;
	ck_assert_int_eq(cti_store_put_cdrs(st, c, 3), CTI_EINVAL);
	th_interval(&v, 1);
	memset(v.queue, 'x', sizeof(v.queue));
	ck_assert_int_eq(cti_store_put_interval(st, &v), CTI_EINVAL);
	/* nothing of the refused batches was stored */
	ck_assert_int_eq(cti_store_query_cdrs(st, NULL, th_collect_cdr, &out),
			 0);
	/* argument checks */
	ck_assert_int_eq(cti_store_put_cdr(st, NULL), CTI_EINVAL);
	ck_assert_int_eq(cti_store_put_cdrs(st, NULL, 1), CTI_EINVAL);
	ck_assert_int_eq(cti_store_put_cdrs(st, NULL, 0), 0);
	ck_assert_int_eq(cti_store_put_cdr(NULL, &c[0]), CTI_EINVAL);
	ck_assert_int_eq(cti_store_query_cdrs(st, NULL, NULL, NULL),
			 CTI_EINVAL);
	cti_store_close(st);
	cti_store_close(NULL);
}
END_TEST

START_TEST(test_reopen_appends)
{
	struct cti_acd_cdr c;
	struct th_cdrs out = { 0 };
	cti_store_t *st;
	int i;

	for (i = 0; i < 3; i++) {
		st = th_open(th_uri("re.db"));
		th_cdr(&c, (uint64_t)i);
		ck_assert_int_eq(cti_store_put_cdr(st, &c), 0);
		cti_store_close(st);
	}
	/* "sqlite:" and "file:" name the same file */
	st = th_open(th_uri("re.db"));
	cti_store_close(st);
	if (th_backend == TH_PG) {
		st = th_open(th_uri("re.db"));
		ck_assert_int_eq(
			cti_store_query_cdrs(st, NULL, th_collect_cdr, &out),
			3);
		cti_store_close(st);
	} else {
		char uri[600];

		snprintf(uri, sizeof(uri), "sqlite:%s", th_path("re.db"));
		st = th_open(uri);
		ck_assert_int_eq(
			cti_store_query_cdrs(st, NULL, th_collect_cdr, &out),
			3);
		cti_store_close(st);
		snprintf(uri, sizeof(uri), "file:%s?mode=ro", th_path("re.db"));
		st = th_open(uri);
		out.n = 0;
		ck_assert_int_eq(
			cti_store_query_cdrs(st, NULL, th_collect_cdr, &out),
			3);
		cti_store_close(st);
	}
	for (i = 0; i < 3; i++)
		ck_assert_uint_eq(out.r[i].call_id, 1000 + (uint64_t)i);
	ck_assert_str_eq(th_log, "");
}
END_TEST

START_TEST(test_readonly_flag)
{
	struct cti_store_config cfg = { .ctx = th_ctx,
					.flags = CTI_STORE_RDONLY };
	struct cti_acd_cdr c;
	struct th_cdrs out = { 0 };
	cti_store_t *st = th_open(th_uri("ro.db"));

	th_cdr(&c, 1);
	ck_assert_int_eq(cti_store_put_cdr(st, &c), 0);
	cti_store_close(st);
	ck_assert_int_eq(cti_store_open(&st, th_uri("ro.db"), &cfg), 0);
	ck_assert_int_eq(cti_store_put_cdr(st, &c), CTI_EPERM);
	ck_assert_int_eq(cti_store_query_cdrs(st, NULL, th_collect_cdr, &out),
			 1);
	cti_store_close(st);
}
END_TEST

TCase *store_roundtrip_tcase(enum th_backend b);
TCase *store_roundtrip_tcase(enum th_backend b)
{
	TCase *tc = tcase_create(b == TH_PG ? "roundtrip-pg" : "roundtrip");

	tcase_add_checked_fixture(tc, b == TH_PG ? th_setup_pg : th_setup,
				  th_teardown);
	tcase_add_test(tc, test_cdr_every_field_and_extremes);
	tcase_add_test(tc, test_interval_every_field_and_extremes);
	tcase_add_test(tc, test_bad_records_refused_whole);
	tcase_add_test(tc, test_reopen_appends);
	tcase_add_test(tc, test_readonly_flag);
	return tc;
}
