// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * store: whole-call records and the journal of open calls, on both
 * backends. Every field round-trips; a put closes its call's open row in
 * the same transaction; after a "crash" the open rows left become records
 * with the given cause, last_state 0 and a length computed here by hand;
 * writers with different instance names never see each other's rows
 * unless they ask for every instance.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define BASE 1790000000000LL

static void rec_of(struct cti_center_record *r, uint32_t call)
{
	memset(r, 0, sizeof(*r));
	r->call = call;
	r->last_state = 6; /* CONNECTED */
	r->cause = 16;
	r->segments = call % 3;
	r->agents = 1 + call % 2;
	r->transfers = call % 4;
	r->epoch_ms = BASE + (int64_t)call * 1000;
	r->arrived_ms = 100000 + call;
	r->ended_ms = 200000 + call;
	r->ivr_ms = 11 + call;
	r->queue_ms = 12 + call;
	r->talk_ms = 13 + call;
	r->hold_ms = 14 + call;
	r->dial_ms = 15 + call;
	snprintf(r->ani, sizeof(r->ani), "021555%05u", call);
	snprintf(r->dnis, sizeof(r->dnis), "400%u", call % 10);
	snprintf(r->trunk, sizeof(r->trunk), "pstn-%u", call % 2);
	snprintf(r->first_queue, sizeof(r->first_queue), "q%u", call % 3);
	snprintf(r->first_agent, sizeof(r->first_agent), "agent-%u", call);
	snprintf(r->last_agent, sizeof(r->last_agent), "agent-%u", call + 1);
	snprintf(r->number, sizeof(r->number), "9%u", call);
}

#define EQ(f)                                                             \
	ck_assert_msg(a->f == b->f, #f ": %lld != %lld", (long long)a->f, \
		      (long long)b->f)
#define EQ_S(f) ck_assert_str_eq(a->f, b->f)

static void assert_rec_eq(const struct cti_center_record *a,
			  const struct cti_center_record *b)
{
	EQ(call);
	EQ(last_state);
	EQ(cause);
	EQ(segments);
	EQ(agents);
	EQ(transfers);
	EQ(epoch_ms);
	ck_assert_uint_eq(a->arrived_ms, b->arrived_ms);
	ck_assert_uint_eq(a->ended_ms, b->ended_ms);
	ck_assert_uint_eq(a->ivr_ms, b->ivr_ms);
	ck_assert_uint_eq(a->queue_ms, b->queue_ms);
	ck_assert_uint_eq(a->talk_ms, b->talk_ms);
	ck_assert_uint_eq(a->hold_ms, b->hold_ms);
	ck_assert_uint_eq(a->dial_ms, b->dial_ms);
	EQ_S(ani);
	EQ_S(dnis);
	EQ_S(trunk);
	EQ_S(first_queue);
	EQ_S(first_agent);
	EQ_S(last_agent);
	EQ_S(number);
}

struct recs {
	size_t n;
	struct cti_center_record r[64];
};

static int collect(void *user, const struct cti_center_record *r)
{
	struct recs *out = user;

	ck_assert_uint_lt(out->n, 64);
	out->r[out->n++] = *r;
	return 0;
}

static cti_store_t *open_as(const char *uri, const char *instance)
{
	struct cti_store_config cfg = { .ctx = th_ctx, .instance = instance };
	cti_store_t *st = NULL;
	int rc = cti_store_open(&st, uri, &cfg);

	ck_assert_msg(rc == 0, "open %s as %s: %s\n%s", uri, instance,
		      cti_err_name(rc), th_log);
	return st;
}

START_TEST(test_every_field_and_extremes)
{
	struct cti_center_record in[3];
	struct recs out = { 0 };
	cti_store_t *st;

	rec_of(&in[0], 7);
	memset(&in[1], 0, sizeof(in[1]));
	in[1].call = UINT32_MAX;
	in[1].last_state = UINT32_MAX;
	in[1].cause = INT32_MIN;
	in[1].segments = UINT32_MAX;
	in[1].agents = UINT32_MAX;
	in[1].transfers = UINT32_MAX;
	in[1].epoch_ms = INT64_MAX;
	in[1].arrived_ms = UINT64_MAX; /* negative bits in SQL */
	in[1].ended_ms = UINT64_MAX;
	in[1].ivr_ms = (uint64_t)INT64_MAX + 1;
	in[1].queue_ms = UINT64_MAX - 1;
	in[1].talk_ms = 1;
	in[1].hold_ms = 2;
	in[1].dial_ms = 3;
	memset(in[1].ani, '9', sizeof(in[1].ani) - 1);
	memset(in[1].trunk, 'T', sizeof(in[1].trunk) - 1);
	memset(in[1].number, '8', sizeof(in[1].number) - 1);
	strcpy(in[1].first_queue, "\xe8\xaf\x81\xe5\x88\xb8 \"desk\", a\r\nb");
	strcpy(in[1].last_agent, "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e");
	rec_of(&in[2], 3);
	in[2].epoch_ms = INT64_MIN;
	in[2].cause = INT32_MAX;
	in[0].reserved[2] = 5; /* not stored */

	st = th_open(th_uri("calls.db"));
	ck_assert_int_eq(cti_store_put_call_records(st, in, 3), 0);
	ck_assert_int_eq(cti_store_put_call_records(st, in, 0), 0);
	cti_store_close(st);
	st = th_open(th_uri("calls.db"));
	ck_assert_int_eq(cti_store_query_call_records(st, NULL, collect, &out),
			 3);
	/* by epoch_ms: INT64_MIN, BASE + 7 s, INT64_MAX */
	assert_rec_eq(&out.r[0], &in[2]);
	assert_rec_eq(&out.r[1], &in[0]);
	assert_rec_eq(&out.r[2], &in[1]);
	ck_assert_uint_eq(out.r[1].reserved[2], 0);
	cti_store_close(st);
	ck_assert_str_eq(th_log, "");
}
END_TEST

START_TEST(test_put_closes_open_row_and_cut_calls)
{
	struct cti_center_record a, b, cut;
	struct recs out = { 0 };
	int64_t now = BASE + 2000 + 90500; /* b arrived at BASE + 2 s */
	cti_store_t *st = th_open(th_uri("cut.db"));
	size_t n = 99;

	rec_of(&a, 1);
	rec_of(&b, 2);
	ck_assert_int_eq(cti_store_call_opened(st, &a), 0);
	ck_assert_int_eq(cti_store_call_opened(st, &b), 0);
	/* a ends normally: its record, its open row gone */
	ck_assert_int_eq(cti_store_put_call_records(st, &a, 1), 0);
	cti_store_close(st);

	/* "after the crash" */
	st = th_open(th_uri("cut.db"));
	ck_assert_int_eq(cti_store_close_cut_calls(st, 41, now, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(cti_store_query_call_records(st, NULL, collect, &out),
			 2);
	assert_rec_eq(&out.r[0], &a);
	/* by hand: the row kept call, epoch, arrival, ani, dnis, trunk */
	memset(&cut, 0, sizeof(cut));
	cut.call = 2;
	cut.cause = 41;
	cut.last_state = 0;
	cut.epoch_ms = BASE + 2000;
	cut.arrived_ms = 100002;
	cut.ended_ms = 100002 + 90500;
	strcpy(cut.ani, "02155500002");
	strcpy(cut.dnis, "4002");
	strcpy(cut.trunk, "pstn-0");
	assert_rec_eq(&out.r[1], &cut);
	/* nothing left open */
	ck_assert_int_eq(cti_store_close_cut_calls(st, 41, now, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(cti_store_close_cut_calls(st, 41, now, NULL), 0);
	/* a clock that went back: never ended before it arrived */
	ck_assert_int_eq(cti_store_call_opened(st, &b), 0);
	ck_assert_int_eq(cti_store_close_cut_calls(st, 38, BASE, &n), 0);
	ck_assert_uint_eq(n, 1);
	out.n = 0;
	ck_assert_int_eq(cti_store_query_call_records(st, NULL, collect, &out),
			 3);
	ck_assert_uint_eq(out.r[2].ended_ms, 100002);
	ck_assert_int_eq(out.r[2].cause, 38);
	cti_store_close(st);
}
END_TEST

START_TEST(test_reopened_call_number_replaces_row)
{
	struct cti_center_record r;
	struct recs out = { 0 };
	cti_store_t *st = th_open(th_uri("re.db"));
	size_t n;

	rec_of(&r, 5);
	ck_assert_int_eq(cti_store_call_opened(st, &r), 0);
	strcpy(r.ani, "999");
	r.epoch_ms = BASE + 60000;
	ck_assert_int_eq(cti_store_call_opened(st, &r), 0);
	ck_assert_int_eq(cti_store_close_cut_calls(st, 41, BASE + 61000, &n),
			 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(cti_store_query_call_records(st, NULL, collect, &out),
			 1);
	ck_assert_str_eq(out.r[0].ani, "999");
	ck_assert_uint_eq(out.r[0].ended_ms, r.arrived_ms + 1000);
	cti_store_close(st);
}
END_TEST

static int count_cdrs(cti_store_t *st, const char *instance)
{
	struct cti_store_filter f = { .instance = instance };
	struct th_cdrs out = { 0 };

	return cti_store_query_cdrs(st, &f, th_collect_cdr, &out);
}

static int count_ivs(cti_store_t *st, const char *instance)
{
	struct cti_store_filter f = { .instance = instance };
	struct th_ivs out = { 0 };

	return cti_store_query_intervals(st, &f, th_collect_iv, &out);
}

START_TEST(test_instances_kept_apart)
{
	const char *uri = th_uri("shared.db");
	cti_store_t *east = open_as(uri, "east"), *west = open_as(uri, "west");
	cti_store_t *anon = th_open(uri);
	struct cti_store_filter f = { .instance = "west" };
	struct cti_center_record r;
	struct cti_acd_cdr c;
	struct cti_acd_interval v;
	struct recs out = { 0 };
	size_t n;
	uint32_t i;

	/* both use the same call numbers, as two engines would */
	for (i = 1; i <= 3; i++) {
		rec_of(&r, i);
		ck_assert_int_eq(cti_store_call_opened(east, &r), 0);
		ck_assert_int_eq(cti_store_call_opened(west, &r), 0);
	}
	rec_of(&r, 1);
	ck_assert_int_eq(cti_store_put_call_records(west, &r, 1), 0);
	th_cdr(&c, 1);
	ck_assert_int_eq(cti_store_put_cdr(east, &c), 0);
	ck_assert_int_eq(cti_store_put_cdr(east, &c), 0);
	ck_assert_int_eq(cti_store_put_cdr(west, &c), 0);
	ck_assert_int_eq(cti_store_put_cdr(anon, &c), 0);
	th_interval(&v, 1);
	ck_assert_int_eq(cti_store_put_interval(west, &v), 0);

	/* east crashed: only its three calls are closed */
	ck_assert_int_eq(cti_store_close_cut_calls(east, 41, BASE + 9000, &n),
			 0);
	ck_assert_uint_eq(n, 3);
	/* west's calls 2 and 3 stay open, 1 was put */
	ck_assert_int_eq(cti_store_close_cut_calls(west, 41, BASE + 9000, &n),
			 0);
	ck_assert_uint_eq(n, 2);

	ck_assert_int_eq(cti_store_query_call_records(anon, &f, collect, &out),
			 3);
	ck_assert_int_eq(out.r[0].call, 1);
	ck_assert_int_eq(out.r[0].last_state, 6); /* the real record */
	ck_assert_int_eq(out.r[1].last_state, 0);
	f.instance = "east";
	out.n = 0;
	ck_assert_int_eq(cti_store_query_call_records(anon, &f, collect, &out),
			 3);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(out.r[i].last_state, 0);
	f.instance = NULL; /* every instance */
	out.n = 0;
	ck_assert_int_eq(cti_store_query_call_records(anon, &f, collect, &out),
			 6);
	ck_assert_int_eq(count_cdrs(anon, NULL), 4);
	ck_assert_int_eq(count_cdrs(anon, "east"), 2);
	ck_assert_int_eq(count_cdrs(anon, "west"), 1);
	ck_assert_int_eq(count_cdrs(anon, ""), 1);
	ck_assert_int_eq(count_cdrs(anon, "north"), 0);
	ck_assert_int_eq(count_ivs(anon, "west"), 1);
	ck_assert_int_eq(count_ivs(anon, "east"), 0);
	cti_store_close(east);
	cti_store_close(west);
	cti_store_close(anon);
}
END_TEST

START_TEST(test_queue_and_time_filters)
{
	cti_store_t *st = th_open(th_uri("f.db"));
	struct cti_center_record r[9];
	struct cti_store_filter f = { .queue = "q1" };
	struct recs out = { 0 };
	uint32_t i;

	for (i = 0; i < 9; i++)
		rec_of(&r[i], i);
	ck_assert_int_eq(cti_store_put_call_records(st, r, 9), 0);
	/* first_queue q1: calls 1, 4, 7 */
	ck_assert_int_eq(cti_store_query_call_records(st, &f, collect, &out),
			 3);
	ck_assert_int_eq(out.r[2].call, 7);
	f.queue = NULL;
	f.from_epoch_ms = BASE + 2000;
	f.to_epoch_ms = BASE + 5000; /* calls 2, 3, 4 */
	out.n = 0;
	ck_assert_int_eq(cti_store_query_call_records(st, &f, collect, &out),
			 3);
	ck_assert_int_eq(out.r[0].call, 2);
	ck_assert_int_eq(out.r[2].call, 4);
	cti_store_close(st);
}
END_TEST

START_TEST(test_bad_calls)
{
	struct cti_store_config cfg = { .ctx = th_ctx, .instance = "\xff\xfe" };
	char longname[CTI_NAME_MAX + 1];
	const char *uri = th_uri("bad.db");
	cti_store_t *st = NULL;
	struct cti_center_record r;
	struct recs out = { 0 };
	size_t n = 7;

	ck_assert_int_eq(cti_store_open(&st, uri, &cfg), CTI_EINVAL);
	memset(longname, 'x', CTI_NAME_MAX);
	longname[CTI_NAME_MAX] = '\0';
	cfg.instance = longname;
	ck_assert_int_eq(cti_store_open(&st, uri, &cfg), CTI_EINVAL);
	st = th_open(uri);
	rec_of(&r, 1);
	ck_assert_int_eq(cti_store_close_cut_calls(st, 0, BASE, &n),
			 CTI_EINVAL);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(cti_store_close_cut_calls(st, 128, BASE, NULL),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_store_close_cut_calls(NULL, 41, BASE, NULL),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_store_call_opened(st, NULL), CTI_EINVAL);
	ck_assert_int_eq(cti_store_put_call_records(st, NULL, 1), CTI_EINVAL);
	r.trunk[0] = '\xc3'; /* cut UTF-8 */
	r.trunk[1] = '\0';
	ck_assert_int_eq(cti_store_call_opened(st, &r), CTI_EINVAL);
	rec_of(&r, 1);
	memset(r.number, '1', sizeof(r.number)); /* no NUL */
	ck_assert_int_eq(cti_store_put_call_records(st, &r, 1), CTI_EINVAL);
	ck_assert_int_eq(cti_store_query_call_records(st, NULL, NULL, NULL),
			 CTI_EINVAL);
	cti_store_close(st);
	/* read-only: no writes */
	cfg.instance = NULL;
	cfg.flags = CTI_STORE_RDONLY;
	ck_assert_int_eq(cti_store_open(&st, uri, &cfg), 0);
	rec_of(&r, 1);
	ck_assert_int_eq(cti_store_call_opened(st, &r), CTI_EPERM);
	ck_assert_int_eq(cti_store_put_call_records(st, &r, 1), CTI_EPERM);
	ck_assert_int_eq(cti_store_close_cut_calls(st, 41, BASE, NULL),
			 CTI_EPERM);
	ck_assert_int_eq(cti_store_query_call_records(st, NULL, collect, &out),
			 0);
	cti_store_close(st);
}
END_TEST

static const char rec_csv[] =
	"time_utc,call,last_state,cause,segments,agents,transfers,epoch_ms,"
	"arrived_ms,ended_ms,ivr_ms,queue_ms,talk_ms,hold_ms,dial_ms,ani,"
	"dnis,trunk,first_queue,first_agent,last_agent,number\r\n"
	"2026-09-21T14:13:27.000Z,7,6,16,1,2,3,1790000007000,100007,200007,"
	"18,19,20,21,22,02155500007,4007,pstn-1,\"a,b\",agent-7,agent-8,97\r\n";

START_TEST(test_export_csv_and_json)
{
	cti_store_t *st = th_open(th_uri("x.db"));
	struct cti_center_record r;
	const char *p = th_path("out.csv");
	char *text;
	FILE *f;

	rec_of(&r, 7);
	strcpy(r.first_queue, "a,b");
	ck_assert_int_eq(cti_store_put_call_records(st, &r, 1), 0);
	f = fopen(p, "w");
	ck_assert_int_eq(
		cti_store_export_call_records(st, NULL, CTI_STORE_CSV, f), 1);
	fclose(f);
	text = th_slurp(p, NULL);
	ck_assert_str_eq(text, rec_csv);
	free(text);
	f = fopen(p, "w");
	ck_assert_int_eq(
		cti_store_export_call_records(st, NULL, CTI_STORE_JSON, f), 1);
	fclose(f);
	text = th_slurp(p, NULL);
	ck_assert_str_eq(
		text,
		"[\n{\"time_utc\":\"2026-09-21T14:13:27.000Z\",\"call\":7,"
		"\"last_state\":6,\"cause\":16,\"segments\":1,\"agents\":2,"
		"\"transfers\":3,\"epoch_ms\":1790000007000,"
		"\"arrived_ms\":100007,\"ended_ms\":200007,\"ivr_ms\":18,"
		"\"queue_ms\":19,\"talk_ms\":20,\"hold_ms\":21,\"dial_ms\":22,"
		"\"ani\":\"02155500007\",\"dnis\":\"4007\",\"trunk\":"
		"\"pstn-1\",\"first_queue\":\"a,b\",\"first_agent\":"
		"\"agent-7\",\"last_agent\":\"agent-8\",\"number\":\"97\"}\n"
		"]\n");
	free(text);
	cti_store_close(st);
}
END_TEST

struct recs_ix {
	int n;
	struct cti_store_recording r[8];
};

static int take_recording(void *user, const struct cti_store_recording *r)
{
	struct recs_ix *g = user;

	ck_assert_int_lt(g->n, 8);
	g->r[g->n++] = *r;
	return 0;
}

static void recording_of(struct cti_store_recording *r, int i)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%032x", i);
	snprintf(r->file, sizeof(r->file), "2026-11-03/%032x.ctr", i);
	r->call_id = (uint64_t)INT64_MAX + (uint64_t)i; /* top bit set */
	r->start_epoch_ms = BASE + i * 1000;
	r->duration_ms = 61000;
	snprintf(r->ani, sizeof(r->ani), "1380013800%d", i);
	strcpy(r->dnis, "4008");
	snprintf(r->agent, sizeof(r->agent), "agent-%d", i % 2);
	strcpy(r->queue, "trading");
	snprintf(r->account, sizeof(r->account), "A-%d", 1000 + i);
	r->retain_until_epoch_ms = BASE + 86400000;
	r->status = CTI_STORE_REC_RECORDING;
}

/* The index of recordings: replaced by id as the status moves on,
 * searched by each field. */
START_TEST(test_recording_index)
{
	cti_store_t *st = th_open(th_uri("ix.db"));
	struct cti_store_rec_filter f = { 0 };
	struct cti_store_recording r[3];
	struct recs_ix g = { 0 };
	int i;

	for (i = 0; i < 3; i++) {
		recording_of(&r[i], i + 1);
		ck_assert_int_eq(cti_store_put_recording(st, &r[i]), 0);
	}
	r[1].status = CTI_STORE_REC_COMPLETE;
	r[1].end_epoch_ms = BASE + 63000;
	ck_assert_int_eq(cti_store_put_recording(st, &r[1]), 0);
	ck_assert_int_eq(
		cti_store_query_recordings(st, NULL, take_recording, &g), 3);
	ck_assert_str_eq(g.r[1].id, r[1].id);
	ck_assert_uint_eq(g.r[1].status, CTI_STORE_REC_COMPLETE);
	ck_assert_int_eq(g.r[1].end_epoch_ms, BASE + 63000);
	ck_assert_uint_eq(g.r[1].call_id, r[1].call_id);
	ck_assert_str_eq(g.r[1].file, r[1].file);
	ck_assert_str_eq(g.r[1].account, "A-1002");
	ck_assert_uint_eq(g.r[1].duration_ms, 61000);
	g.n = 0;
	f.agent = "agent-1"; /* recordings 1 and 3 */
	ck_assert_int_eq(cti_store_query_recordings(st, &f, take_recording, &g),
			 2);
	ck_assert_str_eq(g.r[1].id, r[2].id);
	g.n = 0;
	f.agent = NULL;
	f.call_id = r[2].call_id;
	ck_assert_int_eq(cti_store_query_recordings(st, &f, take_recording, &g),
			 1);
	f.call_id = 0;
	f.from_epoch_ms = BASE + 2000;
	f.to_epoch_ms = BASE + 3000;
	g.n = 0;
	ck_assert_int_eq(cti_store_query_recordings(st, &f, take_recording, &g),
			 1);
	ck_assert_str_eq(g.r[0].ani, "13800138002");
	strcpy(r[0].id, "not hex");
	ck_assert_int_eq(cti_store_put_recording(st, &r[0]), CTI_EINVAL);
	cti_store_close(st);
}
END_TEST

TCase *store_calls_tcase(enum th_backend b);
TCase *store_calls_tcase(enum th_backend b)
{
	TCase *tc = tcase_create(b == TH_PG ? "calls-pg" : "calls");

	tcase_add_checked_fixture(tc, b == TH_PG ? th_setup_pg : th_setup,
				  th_teardown);
	tcase_add_test(tc, test_every_field_and_extremes);
	tcase_add_test(tc, test_put_closes_open_row_and_cut_calls);
	tcase_add_test(tc, test_reopened_call_number_replaces_row);
	tcase_add_test(tc, test_instances_kept_apart);
	tcase_add_test(tc, test_queue_and_time_filters);
	tcase_add_test(tc, test_bad_calls);
	tcase_add_test(tc, test_export_csv_and_json);
	tcase_add_test(tc, test_recording_index);
	return tc;
}
