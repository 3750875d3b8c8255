// SPDX-License-Identifier: LGPL-2.1-or-later
/* Whole-call records in the store: an open-call row from arrival, the
 * record at the end (which closes the row); a store that refuses writes
 * costs the rows, never the call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"

static char db[64];

struct found {
	struct cti_center_record r[4];
	int n;
};

static int keep(void *u, const struct cti_center_record *r)
{
	struct found *f = u;

	ck_assert_int_lt(f->n, 4);
	f->r[f->n++] = *r;
	return 0;
}

/* Two callers queue (no agent); the first hangs up: its record is
 * stored, equal to its RECORD event. The second, still waiting, has an
 * open row: closing the cut calls (as after a crash) finds exactly it,
 * with its arrival, numbers and trunk. */
START_TEST(open_row_then_record)
{
	struct cti_center_route_config r = { .target = "queue:sales" };
	struct cti_center_record ev;
	struct found f = { .n = 0 };
	cti_store_t *st, *other;
	cti_call_id_t a, b;
	size_t cut = 99;
	int i;

	fx_db_make(db, sizeof(db), "center_records");
	ck_assert_int_eq(cti_store_open(&st, db, NULL), 0);
	fx_store = st;
	fx_open();
	fx_store = NULL;
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	a = fx_dial("95501", "1001");
	fx_run(1000);
	b = fx_dial("95501", "1002");
	fx_run(1000);
	ck_assert_int_eq(cti_call_clear(F.ctx, a, 16), 0);
	fx_run(500);
	i = fx_cfind(0, CTI_CENTER_EV_RECORD, 0);
	ck_assert_int_ge(i, 0);
	ev = F.cev[i].u.record;
	ck_assert_str_eq(ev.ani, "1001");
	ck_assert_int_lt(fx_cfind(i + 1, CTI_CENTER_EV_RECORD, 0), 0);
	ck_assert_int_lt(fx_cfind(0, CTI_CENTER_EV_ERROR, 0), 0);

	ck_assert_int_eq(cti_store_open(&other, db, NULL), 0);
	ck_assert_int_ge(cti_store_query_call_records(other, NULL, keep, &f),
			 0);
	ck_assert_int_eq(f.n, 1);
	ck_assert_uint_eq(f.r[0].call, ev.call);
	ck_assert_int_eq(f.r[0].epoch_ms, ev.epoch_ms);
	ck_assert_uint_eq(f.r[0].ended_ms, ev.ended_ms);
	ck_assert_uint_eq(f.r[0].queue_ms, ev.queue_ms);
	ck_assert_int_eq(f.r[0].cause, 16);
	ck_assert_str_eq(f.r[0].first_queue, "sales");
	ck_assert_str_eq(f.r[0].trunk, "pstn");
	/* caller 2 arrived at 5000 ms (after the fixture's 4 s settling and
	 * a's 1 s), 2.5 s ago */
	ck_assert_int_eq(cti_store_close_cut_calls(
				 other, 41, 1796086800000LL + 7500, &cut),
			 0);
	ck_assert_uint_eq(cut, 1);
	f.n = 0;
	ck_assert_int_ge(cti_store_query_call_records(other, NULL, keep, &f),
			 0);
	ck_assert_int_eq(f.n, 2);
	ck_assert_uint_eq(f.r[1].call, ev.call + 1);
	ck_assert_str_eq(f.r[1].ani, "1002");
	ck_assert_str_eq(f.r[1].dnis, "95501");
	ck_assert_str_eq(f.r[1].trunk, "pstn");
	ck_assert_uint_eq(f.r[1].last_state, 0);
	ck_assert_int_eq(f.r[1].cause, 41);
	ck_assert_int_eq(f.r[1].epoch_ms, 1796086800000LL + 5000);
	cti_store_close(other);
	ck_assert_int_eq(cti_call_clear(F.ctx, b, 16), 0);
	fx_run(500);
	fx_close();
	cti_store_close(st);
	fx_db_drop(db);
}
END_TEST

struct cdrs_seen {
	struct cti_acd_cdr c[4];
	int n;
};

static int keep_cdr(void *u, const struct cti_acd_cdr *c)
{
	struct cdrs_seen *s = u;

	ck_assert_int_lt(s->n, 4);
	s->c[s->n++] = *c;
	return 0;
}

/* The CDRs a second connection sees in the store now. */
static int stored_cdrs(struct cdrs_seen *s)
{
	cti_store_t *other;
	int n;

	s->n = 0;
	ck_assert_int_eq(cti_store_open(&other, db, NULL), 0);
	n = cti_store_query_cdrs(other, NULL, keep_cdr, s);
	cti_store_close(other);
	ck_assert_int_eq(n, s->n);
	return n;
}

/* A kill -9 loses at most 1 s of CDRs: a CDR emitted at t (a caller
 * hanging up in the queue) is batched, so not yet in the store at
 * t + 900 ms, and stored by t + 1 s; the next is on its own timer;
 * freeing the engine writes none twice. */
START_TEST(cdrs_stored_within_a_second)
{
	struct cti_center_route_config r = { .target = "queue:sales" };
	struct cdrs_seen s;
	cti_store_t *st;
	cti_call_id_t a, b;
	uint64_t id_a;
	int i;

	fx_db_make(db, sizeof(db), "center_records");
	ck_assert_int_eq(cti_store_open(&st, db, NULL), 0);
	fx_store = st;
	fx_open();
	fx_store = NULL;
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	a = fx_dial("95501", "1001");
	b = fx_dial("95501", "1002");
	fx_run(1000);
	ck_assert_int_eq(cti_call_clear(F.ctx, a, 16), 0);
	fx_run(20);
	i = fx_cfind(0, CTI_CENTER_EV_CDR, 0);
	ck_assert_int_ge(i, 0);
	id_a = F.cev[i].u.cdr.call_id;
	fx_run(880); /* 900 ms after the CDR at most */
	ck_assert_int_eq(stored_cdrs(&s), 0);
	fx_run(100);
	ck_assert_int_eq(stored_cdrs(&s), 1);
	ck_assert_uint_eq(s.c[0].call_id, id_a);

	ck_assert_int_eq(cti_call_clear(F.ctx, b, 16), 0);
	fx_run(500);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_CDR), 2);
	ck_assert_int_eq(stored_cdrs(&s), 1);
	fx_run(520);
	ck_assert_int_eq(stored_cdrs(&s), 2);
	ck_assert_uint_ne(s.c[1].call_id, id_a);
	fx_run(3000);
	fx_close();
	ck_assert_int_eq(stored_cdrs(&s), 2);
	cti_store_close(st);
	fx_db_drop(db);
}
END_TEST

struct sessions_seen {
	struct cti_agent_session s[3];
	int n;
};

static int keep_session(void *u, const struct cti_agent_session *x)
{
	struct sessions_seen *out = u;

	ck_assert_int_lt(out->n, 3);
	out->s[out->n++] = *x;
	return 0;
}

/* Agents' sessions in the store: alice logs in at 4 s (the fixture's
 * settling) and out 2 s later ("logout"); bob, still logged in when the
 * engine is freed 3 s after, gets "stop". */
START_TEST(agent_sessions_stored)
{
	struct sessions_seen seen = { .n = 0 };
	const struct cti_agent_session *got = seen.s;
	const int64_t t0 = 1796086800000LL + 4000;
	cti_store_t *st, *other;

	fx_db_make(db, sizeof(db), "center_records");
	ck_assert_int_eq(cti_store_open(&st, db, NULL), 0);
	fx_store = st;
	fx_open();
	fx_store = NULL;
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	fx_agent("alice", "2001", true);
	fx_agent("bob", "2002", true);
	fx_run(2000);
	ck_assert_int_eq(cti_center_agent_logout(F.cc, "alice"), 0);
	fx_run(3000);
	fx_close();
	ck_assert_int_eq(cti_store_open(&other, db, NULL), 0);
	ck_assert_int_eq(cti_store_query_sessions(other, NULL, keep_session,
						  &seen),
			 2);
	cti_store_close(other);
	ck_assert_str_eq(got[0].agent, "alice");
	ck_assert_str_eq(got[0].extension, "2001");
	ck_assert_int_eq(got[0].login_epoch_ms, t0);
	ck_assert_int_eq(got[0].logout_epoch_ms, t0 + 2000);
	ck_assert_str_eq(got[0].reason, "logout");
	ck_assert_str_eq(got[1].agent, "bob");
	ck_assert_str_eq(got[1].extension, "2002");
	ck_assert_int_eq(got[1].login_epoch_ms, t0);
	ck_assert_int_eq(got[1].logout_epoch_ms, t0 + 5000);
	ck_assert_str_eq(got[1].reason, "stop");
	cti_store_close(st);
	fx_db_drop(db);
}
END_TEST

/* A store that refuses every write: ERROR events name what was lost
 * and the call goes on (queued, answered, ended) as without a store. */
START_TEST(store_error_keeps_the_call)
{
	struct cti_store_config ro = { .flags = CTI_STORE_RDONLY };
	struct cti_center_route_config r = { .target = "queue:sales" };
	cti_store_t *st;
	cti_call_id_t caller, phone;
	int i;

	fx_db_make(db, sizeof(db), "center_records");
	ck_assert_int_eq(cti_store_open(&st, db, NULL), 0);
	cti_store_close(st);
	ck_assert_int_eq(cti_store_open(&st, db, &ro), 0);
	fx_store = st;
	fx_open();
	fx_store = NULL;
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	fx_agent("alice", "2001", true);
	caller = fx_dial("95501", "1001");
	fx_run(500);
	i = fx_cfind(0, CTI_CENTER_EV_ERROR, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.cev[i].cause, CTI_EPERM);
	ck_assert_str_eq(F.cev[i].name, "store: open-call row: CTI_EPERM");
	phone = fx_ringing(0, "2001");
	ck_assert_uint_gt(phone, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, phone), 0);
	fx_run(1000);
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_CONNECTED, 0), 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, caller, 16), 0);
	fx_run(500);
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_RECORD, 0), 0);
	i = fx_cfind(i + 1, CTI_CENTER_EV_ERROR, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].name, "store: call record: CTI_EPERM");
	fx_close();
	cti_store_close(st);
	fx_db_drop(db);
}
END_TEST

TCase *records_tcase(void)
{
	TCase *tc = tcase_create("records");

	tcase_add_test(tc, open_row_then_record);
	tcase_add_test(tc, cdrs_stored_within_a_second);
	tcase_add_test(tc, agent_sessions_stored);
	tcase_add_test(tc, store_error_keeps_the_call);
	return tc;
}
