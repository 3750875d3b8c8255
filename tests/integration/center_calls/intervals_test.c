// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The engine's KPI intervals on the wall clock: aligned on quarter hours
 * (the first one shorter), checkpointed into the store's interval_open
 * every 10 s while they change, the checkpoint replaced by the record at
 * the close, and closed early by cti_center_close_intervals().
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"

/* 2026-12-01 09:07:30 in UTC+8 (the fixture's offset) at time 0: the
 * fixture's 09:00 plus 450 s */
#define E0 (1796086800000LL + 450000)

static char db[64];

/* The open rows as a second reader sees them: how many, and the first
 * one's epoch_ms, offered and abandoned. */
struct open_row {
	int n;
	int64_t epoch_ms;
	int offered, abandoned;
};

static struct open_row open_rows(void)
{
	struct open_row o = { 0 };
	sqlite3_stmt *q;
	sqlite3 *h;

	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h,
					    "SELECT epoch_ms, offered, "
					    "abandoned FROM interval_open "
					    "WHERE queue = 'sales'",
					    -1, &q, NULL),
			 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (!o.n++) {
			o.epoch_ms = sqlite3_column_int64(q, 0);
			o.offered = sqlite3_column_int(q, 1);
			o.abandoned = sqlite3_column_int(q, 2);
		}
	}
	sqlite3_finalize(q);
	sqlite3_close(h);
	return o;
}

static int keep_iv(void *u, const struct cti_acd_interval *iv)
{
	struct cti_acd_interval *out = u;

	if (!strcmp(iv->queue, "sales")) {
		ck_assert_int_eq(out[0].queue[0] && out[1].queue[0], 0);
		out[out[0].queue[0] ? 1 : 0] = *iv;
	}
	return 0;
}

/* The records of queue sales a second connection sees (up to 2). */
static int records(struct cti_acd_interval out[2])
{
	struct cti_store_filter f = { .queue = "sales" };
	cti_store_t *other;
	int n;

	memset(out, 0, 2 * sizeof(*out));
	ck_assert_int_eq(cti_store_open(&other, db, NULL), 0);
	n = cti_store_query_intervals(other, &f, keep_iv, out);
	cti_store_close(other);
	return n;
}

/* One caller waits 20 s and hangs up (abandoned, not short): the next
 * checkpoint stores offered 1, abandoned 1 for the interval that began
 * at time 0 (09:07:30); at 450 s (09:15) the record replaces it, 450 s
 * long; nothing happens in the next interval, so no checkpoint of it;
 * a second caller, then the close at 500 s: a record from 09:15 (start
 * 450 s), 50 s long, its open row gone. */
START_TEST(aligned_checkpointed_closed)
{
	struct cti_center_route_config r = { .target = "queue:sales" };
	struct cti_acd_interval iv[2];
	struct open_row o;
	cti_store_t *st;
	cti_call_id_t a;

	fx_db_make(db, sizeof(db), "center_iv");
	ck_assert_int_eq(cti_store_open(&st, db, NULL), 0);
	fx_store = st;
	fx_center_flags = CTI_CENTER_ALIGN_INTERVALS;
	fx_epoch_ms = E0;
	fx_open();
	fx_store = NULL;
	fx_center_flags = 0;
	fx_epoch_ms = 0;
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	a = fx_dial("95501", "1001");
	fx_run(20000);
	ck_assert_int_eq(cti_call_clear(F.ctx, a, 16), 0);
	fx_run(1000);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_CDR), 1);
	fx_run(10000); /* a checkpoint since the hang-up */
	o = open_rows();
	ck_assert_int_eq(o.n, 1);
	ck_assert_int_eq(o.epoch_ms, E0);
	ck_assert_int_eq(o.offered, 1);
	ck_assert_int_eq(o.abandoned, 1);
	ck_assert_int_eq(records(iv), 0);

	ck_assert_uint_lt(cti_now_ms(F.ctx), 450000);
	fx_run(450000 - cti_now_ms(F.ctx)); /* 09:15:00 */
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_INTERVAL), 1);
	ck_assert_int_eq(records(iv), 1);
	ck_assert_int_eq(iv[0].epoch_ms, E0);
	ck_assert_int_eq(iv[0].start_ms, 0);
	ck_assert_int_eq(iv[0].length_ms, 450000);
	ck_assert_uint_eq(iv[0].offered, 1);
	ck_assert_uint_eq(iv[0].abandoned, 1);
	ck_assert_int_eq(open_rows().n, 0);
	fx_run(30000); /* nothing changed: nothing checkpointed */
	ck_assert_int_eq(open_rows().n, 0);

	a = fx_dial("95501", "1002");
	fx_run(500000 - cti_now_ms(F.ctx));
	ck_assert_int_eq(cti_center_close_intervals(F.cc), 0);
	fx_run(0);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_INTERVAL), 2);
	ck_assert_int_eq(records(iv), 2);
	/* 09:15:00 local is E0 + 450 s */
	ck_assert_int_eq(iv[1].epoch_ms, E0 + 450000);
	ck_assert_int_eq(iv[1].start_ms, 450000);
	ck_assert_int_eq(iv[1].length_ms, 50000);
	ck_assert_uint_eq(iv[1].offered, 1);
	ck_assert_int_eq(open_rows().n, 0);
	/* closing again at once: nothing more */
	ck_assert_int_eq(cti_center_close_intervals(F.cc), 0);
	fx_run(0);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_INTERVAL), 2);
	ck_assert_int_eq(cti_center_close_intervals(NULL), CTI_EINVAL);
	ck_assert_int_eq(cti_call_clear(F.ctx, a, 16), 0);
	fx_run(1000);
	fx_close();
	cti_store_close(st);
	fx_db_drop(db);
}
END_TEST

TCase *intervals_tcase(void);
TCase *intervals_tcase(void)
{
	TCase *tc = tcase_create("intervals");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, aligned_checkpointed_closed);
	return tc;
}
