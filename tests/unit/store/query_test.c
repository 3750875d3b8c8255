// SPDX-License-Identifier: LGPL-2.1-or-later
/* store: query filters, callback control, re-entry, per-queue summaries. */
#include <math.h>
#include <string.h>

#include "helpers.h"

#define BASE 1790000000000LL

static cti_store_t *st;

static void fill(void)
{
	struct cti_acd_cdr c[30];
	struct cti_acd_interval v[12];
	int i;

	th_setup();
	st = th_open(th_uri("q.db"));
	for (i = 0; i < 30; i++)
		th_cdr(&c[i], (uint64_t)i); /* queue q(i%3), BASE + i s */
	ck_assert_int_eq(cti_store_put_cdrs(st, c, 30), 0);
	for (i = 0; i < 12; i++)
		th_interval(&v[i], (uint64_t)i); /* BASE + i * 15 min */
	ck_assert_int_eq(cti_store_put_intervals(st, v, 12), 0);
}

static void fill_pg(void)
{
	th_backend = TH_PG;
	fill();
}

static void unfill(void)
{
	cti_store_close(st);
	st = NULL;
	th_teardown();
}

static size_t count_cdrs(int64_t from, int64_t to, const char *queue,
			 struct th_cdrs *out)
{
	struct cti_store_filter f = { .from_epoch_ms = from,
				      .to_epoch_ms = to,
				      .queue = queue };
	int rc;

	out->n = 0;
	rc = cti_store_query_cdrs(st, &f, th_collect_cdr, out);
	ck_assert_int_ge(rc, 0);
	ck_assert_uint_eq((size_t)rc, out->n);
	return out->n;
}

START_TEST(test_time_range_is_half_open)
{
	struct th_cdrs out;
	size_t i;

	ck_assert_uint_eq(count_cdrs(BASE + 10000, BASE + 20000, NULL, &out),
			  10);
	for (i = 0; i < 10; i++)
		ck_assert_uint_eq(out.r[i].call_id, 1010 + i);
	ck_assert_uint_eq(count_cdrs(BASE + 10000, 0, NULL, &out), 20);
	ck_assert_uint_eq(count_cdrs(0, BASE + 10000, NULL, &out), 10);
	ck_assert_uint_eq(count_cdrs(0, BASE + 10001, NULL, &out), 11);
	ck_assert_uint_eq(count_cdrs(BASE + 29000, 0, NULL, &out), 1);
	ck_assert_uint_eq(count_cdrs(BASE + 29001, 0, NULL, &out), 0);
	ck_assert_uint_eq(count_cdrs(BASE + 5000, BASE + 5000, NULL, &out), 0);
	ck_assert_uint_eq(count_cdrs(INT64_MIN, 0, NULL, &out), 30);
	ck_assert_uint_eq(count_cdrs(0, INT64_MIN, NULL, &out), 0);
	ck_assert_uint_eq(count_cdrs(0, 0, NULL, &out), 30);
}
END_TEST

START_TEST(test_queue_filter)
{
	struct th_cdrs out;
	size_t i;

	ck_assert_uint_eq(count_cdrs(0, 0, "q1", &out), 10);
	for (i = 0; i < 10; i++)
		ck_assert_str_eq(out.r[i].queue, "q1");
	ck_assert_uint_eq(count_cdrs(BASE + 10000, BASE + 20000, "q1", &out),
			  4); /* 10, 13, 16, 19 */
	ck_assert_uint_eq(out.r[0].call_id, 1010);
	ck_assert_uint_eq(out.r[3].call_id, 1019);
	ck_assert_uint_eq(count_cdrs(0, 0, "", &out), 30);
	ck_assert_uint_eq(count_cdrs(0, 0, "nope", &out), 0);
	ck_assert_uint_eq(count_cdrs(0, 0, "Q1", &out), 0); /* exact match */
}
END_TEST

START_TEST(test_interval_filters)
{
	struct cti_store_filter f = { .from_epoch_ms = BASE + 900000,
				      .to_epoch_ms = BASE + 4 * 900000,
				      .queue = "q2" };
	struct th_ivs out = { 0 };

	/* seeds 1..3, of which q2 is seed 2 */
	ck_assert_int_eq(cti_store_query_intervals(st, &f, th_collect_iv, &out),
			 1);
	ck_assert_str_eq(out.r[0].queue, "q2");
	ck_assert_int_eq(out.r[0].epoch_ms, BASE + 2 * 900000);
	f.queue = NULL;
	out.n = 0;
	ck_assert_int_eq(cti_store_query_intervals(st, &f, th_collect_iv, &out),
			 3);
}
END_TEST

static int stop_after_3(void *user, const struct cti_acd_cdr *c)
{
	int *n = user;

	(void)c;
	return ++*n == 3 ? 1 : 0;
}

static int fail_at_2(void *user, const struct cti_acd_cdr *c)
{
	int *n = user;

	(void)c;
	return ++*n == 2 ? -77 : 0;
}

static int reenter(void *user, const struct cti_acd_cdr *c)
{
	struct th_cdrs out = { 0 };

	(void)user;
	ck_assert_int_eq(cti_store_put_cdr(st, c), CTI_EBUSY);
	ck_assert_int_eq(cti_store_query_cdrs(st, NULL, th_collect_cdr, &out),
			 CTI_EBUSY);
	return 1;
}

START_TEST(test_callback_control)
{
	struct th_cdrs out;
	struct cti_acd_cdr c;
	int n = 0;

	ck_assert_int_eq(cti_store_query_cdrs(st, NULL, stop_after_3, &n), 3);
	ck_assert_int_eq(n, 3);
	n = 0;
	ck_assert_int_eq(cti_store_query_cdrs(st, NULL, fail_at_2, &n), -77);
	ck_assert_int_eq(cti_store_query_cdrs(st, NULL, reenter, NULL), 1);
	/* the store is usable again after each of those */
	th_cdr(&c, 99);
	ck_assert_int_eq(cti_store_put_cdr(st, &c), 0);
	ck_assert_uint_eq(count_cdrs(0, 0, NULL, &out), 31);
}
END_TEST

START_TEST(test_bad_filters)
{
	struct cti_store_filter f = { 0 };
	struct th_cdrs out = { 0 };
	char longq[CTI_NAME_MAX + 1];

	f.reserved[0] = 1;
	ck_assert_int_eq(cti_store_query_cdrs(st, &f, th_collect_cdr, &out),
			 CTI_EINVAL);
	memset(&f, 0, sizeof(f));
	memset(longq, 'q', sizeof(longq) - 1);
	longq[CTI_NAME_MAX] = '\0';
	f.queue = longq;
	ck_assert_int_eq(cti_store_query_cdrs(st, &f, th_collect_cdr, &out),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_store_query_cdrs(NULL, NULL, th_collect_cdr, &out),
			 CTI_EINVAL);
}
END_TEST

struct sums {
	size_t n;
	struct cti_store_summary s[4];
};

static int collect_sum(void *user, const struct cti_store_summary *s)
{
	struct sums *out = user;

	ck_assert_uint_lt(out->n, 4);
	out->s[out->n++] = *s;
	return 0;
}

/* Sums by hand: sales = A + B; desk has no calls. */
static void put_summary_intervals(cti_store_t *s2)
{
	struct cti_acd_interval v[3];

	memset(v, 0, sizeof(v));
	strcpy(v[0].queue, "sales");
	v[0].epoch_ms = BASE;
	v[0].offered = 100;
	v[0].answered = 90;
	v[0].answered_in_sl = 72;
	v[0].abandoned = 6;
	v[0].short_abandoned = 4;
	v[0].overflowed = 1;
	v[0].exited = 2;
	v[0].busy = 3;
	v[0].asa_ms = 10000;
	v[0].max_wait_ms = 95000;
	strcpy(v[1].queue, "sales");
	v[1].epoch_ms = BASE + 900000;
	v[1].offered = 50;
	v[1].answered = 40;
	v[1].answered_in_sl = 38;
	v[1].abandoned = 2;
	v[1].asa_ms = 20000;
	v[1].max_wait_ms = 120000;
	strcpy(v[2].queue, "desk");
	v[2].epoch_ms = BASE;
	ck_assert_int_eq(cti_store_put_intervals(s2, v, 3), 0);
}

START_TEST(test_summary_hand_computed)
{
	cti_store_t *s2 = th_open(th_uri("sum.db"));
	struct cti_store_filter f = { .to_epoch_ms = BASE + 900000 };
	struct sums out = { 0 };

	put_summary_intervals(s2);
	ck_assert_int_eq(cti_store_summarize(s2, NULL, collect_sum, &out), 2);
	ck_assert_str_eq(out.s[0].queue, "desk");
	ck_assert_uint_eq(out.s[0].intervals, 1);
	ck_assert_uint_eq(out.s[0].offered, 0);
	ck_assert(out.s[0].service_level == -1);
	ck_assert(out.s[0].abandon_rate == -1);
	ck_assert_int_eq(out.s[0].asa_ms, 0);
	ck_assert_str_eq(out.s[1].queue, "sales");
	ck_assert_uint_eq(out.s[1].intervals, 2);
	ck_assert_uint_eq(out.s[1].offered, 150);
	ck_assert_uint_eq(out.s[1].answered, 130);
	ck_assert_uint_eq(out.s[1].answered_in_sl, 110);
	ck_assert_uint_eq(out.s[1].abandoned, 8);
	ck_assert_uint_eq(out.s[1].short_abandoned, 4);
	ck_assert_uint_eq(out.s[1].overflowed, 1);
	ck_assert_uint_eq(out.s[1].exited, 2);
	ck_assert_uint_eq(out.s[1].busy, 3);
	/* 110 / (150 - 4), 8 / 146; ASA (10000*90 + 20000*40) / 130 */
	ck_assert_double_eq_tol(out.s[1].service_level, 75.34246575, 1e-6);
	ck_assert_double_eq_tol(out.s[1].abandon_rate, 5.47945205, 1e-6);
	ck_assert_int_eq(out.s[1].asa_ms, 13077);
	ck_assert_int_eq(out.s[1].max_wait_ms, 120000);
	/* the first interval only, one queue */
	out.n = 0;
	f.queue = "sales";
	ck_assert_int_eq(cti_store_summarize(s2, &f, collect_sum, &out), 1);
	ck_assert_uint_eq(out.s[0].offered, 100);
	ck_assert_double_eq_tol(out.s[0].service_level, 75.0, 1e-9);
	cti_store_close(s2);
}
END_TEST

/* Two writers (say, two ACD processes) and a reader on one file. */
START_TEST(test_two_writers_one_file)
{
	cti_store_t *a = th_open(th_uri("shared.db"));
	cti_store_t *b = th_open(th_uri("shared.db"));
	struct cti_acd_cdr c;
	struct th_cdrs out = { 0 };
	int i;

	for (i = 0; i < 20; i++) {
		th_cdr(&c, (uint64_t)i);
		ck_assert_int_eq(cti_store_put_cdr(i & 1 ? a : b, &c), 0);
	}
	/* each sees the other's commits at once */
	ck_assert_int_eq(cti_store_query_cdrs(a, NULL, th_collect_cdr, &out),
			 20);
	cti_store_close(a);
	cti_store_close(b);
	for (i = 0; i < 20; i++)
		ck_assert_uint_eq(out.r[i].call_id, 1000 + (uint64_t)i);
}
END_TEST

TCase *store_query_tcase(enum th_backend b);
TCase *store_query_tcase(enum th_backend b)
{
	TCase *tc = tcase_create(b == TH_PG ? "query-pg" : "query");

	tcase_add_checked_fixture(tc, b == TH_PG ? fill_pg : fill, unfill);
	tcase_add_test(tc, test_time_range_is_half_open);
	tcase_add_test(tc, test_queue_filter);
	tcase_add_test(tc, test_interval_filters);
	tcase_add_test(tc, test_callback_control);
	tcase_add_test(tc, test_bad_filters);
	tcase_add_test(tc, test_summary_hand_computed);
	tcase_add_test(tc, test_two_writers_one_file);
	return tc;
}
