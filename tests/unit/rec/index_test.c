// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The recorder keeps each recording's metadata in the store's index,
 * searchable by agent, account, numbers and time, its status moving from
 * recording to complete to purged.
 */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

struct got {
	struct cti_store_recording r[8];
	int n;
};

static int take(void *user, const struct cti_store_recording *r)
{
	struct got *g = user;

	ck_assert_int_lt(g->n, 8);
	g->r[g->n++] = *r;
	return 0;
}

START_TEST(indexed_and_searchable)
{
	const char *rc[] = { tr.alice_pub };
	char db[300];
	cti_store_t *st;
	struct cti_rec_config cfg = { .signing_key = tr.sign,
				      .recipients = rc,
				      .n_recipients = 1,
				      .sync = CTI_REC_SYNC_NONE,
				      .clock_epoch_ms = tr_clock };
	struct cti_store_rec_filter f = { 0 };
	struct cti_rec_meta m = { .call_id = 8, .retention_days = 1 };
	struct cti_rec_info info;
	cti_rec_call_t *c;
	cti_rec_t *r;
	struct got g = { 0 };

	snprintf(db, sizeof(db), "%s/cti.db", tr.dir);
	ck_assert_int_eq(cti_store_open(&st, db, NULL), 0);
	cfg.index = st;
	ck_assert_int_eq(cti_rec_open(&r, tr.rec, &cfg), 0);
	tr_record(r, 2.0, NULL, 0); /* agent-7, account A-1001 */
	strcpy(m.agent, "agent-9");
	strcpy(m.account, "A-2002");
	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0);
	f.agent = "agent-9";
	ck_assert_int_eq(cti_store_query_recordings(st, &f, take, &g), 1);
	ck_assert_uint_eq(g.r[0].status, CTI_STORE_REC_RECORDING);
	ck_assert_int_eq(cti_rec_call_stop(c, &info), 0);
	g.n = 0;
	f.agent = NULL;
	f.account = "A-1001";
	ck_assert_int_eq(cti_store_query_recordings(st, &f, take, &g), 1);
	ck_assert_str_eq(g.r[0].agent, "agent-7");
	ck_assert_str_eq(g.r[0].ani, "13800138000");
	ck_assert_uint_eq(g.r[0].status, CTI_STORE_REC_COMPLETE);
	ck_assert_uint_eq(g.r[0].duration_ms, 2000);
	ck_assert_int_eq(g.r[0].start_epoch_ms, TR_T0);
	ck_assert_uint_eq(strlen(g.r[0].file), 10 + 1 + 32 + 4);
	g.n = 0;
	f.account = NULL;
	f.from_epoch_ms = TR_T0 + 1;
	ck_assert_int_eq(cti_store_query_recordings(st, &f, take, &g), 1);
	ck_assert_str_eq(g.r[0].id, info.id);
	ck_assert_uint_eq(g.r[0].status, CTI_STORE_REC_COMPLETE);
	/* purged after its day of retention */
	ck_assert_int_eq(
		cti_rec_purge_expired(r, tr.now + 2 * 86400000LL, NULL, NULL),
		1);
	g.n = 0;
	f.from_epoch_ms = 0;
	ck_assert_int_eq(cti_store_query_recordings(st, NULL, take, &g), 2);
	ck_assert_uint_eq(g.r[1].status, CTI_STORE_REC_PURGED);
	ck_assert_uint_eq(g.r[0].status, CTI_STORE_REC_COMPLETE);
	cti_rec_close(r);
	/* bad rows are refused */
	struct cti_store_recording bad = { .status = 2 };
	strcpy(bad.id, "xyz");
	ck_assert_int_eq(cti_store_put_recording(st, &bad), CTI_EINVAL);
	cti_store_close(st);
}
END_TEST

TCase *rec_index_tcase(void)
{
	TCase *tc = tcase_create("index");

	tcase_add_checked_fixture(tc, tr_setup, tr_teardown);
	tcase_add_test(tc, indexed_and_searchable);
	return tc;
}
