// SPDX-License-Identifier: LGPL-2.1-or-later
/* Open intervals' checkpoints (interval_open): upserted, invisible to
 * queries, deleted by the interval's close, made records as they were
 * last checkpointed after a crash; each instance keeps its own. */
#include <string.h>

#include "helpers.h"

static cti_store_t *open_as(const char *uri, const char *instance,
			    uint32_t flags)
{
	struct cti_store_config cfg = { .ctx = th_ctx,
					.instance = instance,
					.flags = flags };
	cti_store_t *st = NULL;
	int rc = cti_store_open(&st, uri, &cfg);

	ck_assert_msg(rc == 0, "open %s as %s: %s\n%s", uri, instance,
		      cti_err_name(rc), th_log);
	return st;
}

/* q0 checkpointed twice (the second replaces the first), q1 once; the
 * queries see neither; after the crash both become records with the last
 * checkpoint's values, and the rows are gone. */
START_TEST(test_checkpoint_then_cut)
{
	const char *uri = th_uri("c.db");
	cti_store_t *st = th_open(uri);
	struct cti_acd_interval v[2], q0_later;
	struct th_ivs out = { 0 };
	size_t n = 99;

	th_interval(&v[0], 0); /* q0 */
	th_interval(&v[1], 1); /* q1 */
	v[0].length_ms = v[1].length_ms = 10000;
	ck_assert_int_eq(cti_store_put_open_intervals(st, v, 2), 0);
	q0_later = v[0];
	q0_later.length_ms = 20000;
	q0_later.offered = 7;
	q0_later.service_level = 50;
	ck_assert_int_eq(cti_store_put_open_intervals(st, &q0_later, 1), 0);
	ck_assert_int_eq(
		cti_store_query_intervals(st, NULL, th_collect_iv, &out), 0);
	cti_store_close(st); /* the crash */

	st = th_open(uri);
	ck_assert_int_eq(cti_store_close_cut_intervals(st, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(
		cti_store_query_intervals(st, NULL, th_collect_iv, &out), 2);
	/* by epoch_ms: seed 0 (q0) before seed 1 (q1) */
	th_assert_interval_eq(&out.r[0], &q0_later);
	th_assert_interval_eq(&out.r[1], &v[1]);
	ck_assert_int_eq(cti_store_close_cut_intervals(st, &n), 0);
	ck_assert_uint_eq(n, 0);
	cti_store_close(st);
}
END_TEST

/* The close of an interval deletes its checkpoint (same queue and
 * epoch_ms) in its transaction; another interval's stays. */
START_TEST(test_close_deletes_its_row)
{
	cti_store_t *st = th_open(th_uri("d.db"));
	struct cti_acd_interval a, b;
	struct th_ivs out = { 0 };
	size_t n = 99;

	th_interval(&a, 0); /* q0 at BASE */
	th_interval(&b, 3); /* q0 three quarters later */
	ck_assert_int_eq(cti_store_put_open_intervals(st, &a, 1), 0);
	ck_assert_int_eq(cti_store_put_open_intervals(st, &b, 1), 0);
	a.offered = 200; /* the close has the final counts */
	ck_assert_int_eq(cti_store_put_intervals(st, &a, 1), 0);
	ck_assert_int_eq(cti_store_close_cut_intervals(st, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(
		cti_store_query_intervals(st, NULL, th_collect_iv, &out), 2);
	th_assert_interval_eq(&out.r[0], &a);
	th_assert_interval_eq(&out.r[1], &b);
	cti_store_close(st);
}
END_TEST

/* Two instances checkpoint the same queue and interval: rows apart; one's
 * close deletes only its own, one's restart cuts only its own. */
START_TEST(test_instances_apart)
{
	const char *uri = th_uri("shared.db");
	cti_store_t *east = open_as(uri, "east", 0);
	cti_store_t *west = open_as(uri, "west", 0);
	struct cti_store_filter f = { .instance = "west" };
	struct cti_acd_interval v;
	struct th_ivs out = { 0 };
	size_t n = 99;

	th_interval(&v, 2);
	ck_assert_int_eq(cti_store_put_open_intervals(east, &v, 1), 0);
	v.offered = 5;
	ck_assert_int_eq(cti_store_put_open_intervals(west, &v, 1), 0);
	v.offered = 6;
	ck_assert_int_eq(cti_store_put_intervals(east, &v, 1), 0);
	ck_assert_int_eq(cti_store_close_cut_intervals(east, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(cti_store_close_cut_intervals(west, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(
		cti_store_query_intervals(east, &f, th_collect_iv, &out), 1);
	ck_assert_uint_eq(out.r[0].offered, 5);
	f.instance = "east";
	out.n = 0;
	ck_assert_int_eq(
		cti_store_query_intervals(east, &f, th_collect_iv, &out), 1);
	ck_assert_uint_eq(out.r[0].offered, 6);
	cti_store_close(east);
	cti_store_close(west);
}
END_TEST

START_TEST(test_bad_arguments)
{
	const char *uri = th_uri("bad.db");
	cti_store_t *st = th_open(uri);
	struct cti_acd_interval v;
	size_t n = 99;

	th_interval(&v, 0);
	ck_assert_int_eq(cti_store_put_open_intervals(NULL, &v, 1), CTI_EINVAL);
	ck_assert_int_eq(cti_store_put_open_intervals(st, NULL, 1), CTI_EINVAL);
	ck_assert_int_eq(cti_store_put_open_intervals(st, NULL, 0), 0);
	v.queue[0] = '\xc3'; /* cut UTF-8 */
	v.queue[1] = '\0';
	ck_assert_int_eq(cti_store_put_open_intervals(st, &v, 1), CTI_EINVAL);
	ck_assert_int_eq(cti_store_close_cut_intervals(NULL, &n), CTI_EINVAL);
	ck_assert_uint_eq(n, 0);
	cti_store_close(st);
	st = open_as(uri, NULL, CTI_STORE_RDONLY);
	th_interval(&v, 0);
	ck_assert_int_eq(cti_store_put_open_intervals(st, &v, 1), CTI_EPERM);
	ck_assert_int_eq(cti_store_close_cut_intervals(st, NULL), CTI_EPERM);
	cti_store_close(st);
}
END_TEST

TCase *store_open_iv_tcase(enum th_backend b);
TCase *store_open_iv_tcase(enum th_backend b)
{
	TCase *tc = tcase_create(b == TH_PG ? "open-intervals-pg"
					    : "open-intervals");

	tcase_add_checked_fixture(tc, b == TH_PG ? th_setup_pg : th_setup,
				  th_teardown);
	tcase_add_test(tc, test_checkpoint_then_cut);
	tcase_add_test(tc, test_close_deletes_its_row);
	tcase_add_test(tc, test_instances_apart);
	tcase_add_test(tc, test_bad_arguments);
	return tc;
}
