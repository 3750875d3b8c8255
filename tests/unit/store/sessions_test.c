// SPDX-License-Identifier: LGPL-2.1-or-later
/* Agents' login sessions: opened at login, closed at logout, the open
 * ones of an instance closed "restart" at the next start; instances
 * apart; bad arguments refused. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define BASE 1790000000000LL

struct sessions {
	size_t n;
	struct cti_agent_session s[8];
};

static int collect(void *user, const struct cti_agent_session *s)
{
	struct sessions *out = user;

	ck_assert_uint_lt(out->n, 8);
	out->s[out->n++] = *s;
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

static struct cti_agent_session session(const char *agent, const char *ext,
					int64_t login)
{
	struct cti_agent_session s;

	memset(&s, 0, sizeof(s));
	strcpy(s.agent, agent);
	strcpy(s.extension, ext);
	s.login_epoch_ms = login;
	return s;
}

/* alice logs in and out, logs in again; bob logs in; the process dies.
 * At the restart bob's and alice's second session are closed "restart"
 * at the restart's time, alice's first keeps its "logout". */
START_TEST(test_login_logout_restart)
{
	cti_store_t *st = th_open(th_uri("s.db"));
	struct cti_agent_session a = session("alice", "2001", BASE);
	struct cti_agent_session b = session("bob", "2002", BASE + 500);
	struct sessions out = { 0 };
	size_t n = 99;

	ck_assert_int_eq(cti_store_session_opened(st, &a), 0);
	a.logout_epoch_ms = BASE + 60000;
	strcpy(a.reason, "logout");
	ck_assert_int_eq(cti_store_session_closed(st, &a), 0);
	/* no open session left to close */
	ck_assert_int_eq(cti_store_session_closed(st, &a), CTI_ENOENT);
	ck_assert_int_eq(cti_store_session_opened(st, &b), 0);
	a = session("alice", "2003", BASE + 70000);
	ck_assert_int_eq(cti_store_session_opened(st, &a), 0);
	cti_store_close(st);

	st = th_open(th_uri("s.db"));
	ck_assert_int_eq(cti_store_close_cut_sessions(st, BASE + 99000, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(cti_store_close_cut_sessions(st, BASE + 99001, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(cti_store_query_sessions(st, NULL, collect, &out), 3);
	ck_assert_str_eq(out.s[0].agent, "alice");
	ck_assert_str_eq(out.s[0].extension, "2001");
	ck_assert_int_eq(out.s[0].login_epoch_ms, BASE);
	ck_assert_int_eq(out.s[0].logout_epoch_ms, BASE + 60000);
	ck_assert_str_eq(out.s[0].reason, "logout");
	ck_assert_str_eq(out.s[1].agent, "bob");
	ck_assert_int_eq(out.s[1].login_epoch_ms, BASE + 500);
	ck_assert_int_eq(out.s[1].logout_epoch_ms, BASE + 99000);
	ck_assert_str_eq(out.s[1].reason, "restart");
	ck_assert_str_eq(out.s[2].extension, "2003");
	ck_assert_int_eq(out.s[2].logout_epoch_ms, BASE + 99000);
	ck_assert_str_eq(out.s[2].reason, "restart");
	cti_store_close(st);
}
END_TEST

/* Two instances in one database: a restart closes only its own; the
 * filter selects by instance and login time. */
START_TEST(test_instances_and_filters)
{
	const char *uri = th_uri("shared.db");
	cti_store_t *east = open_as(uri, "east"), *west = open_as(uri, "west");
	struct cti_agent_session s = session("carol", "3001", BASE + 1000);
	struct cti_store_filter f = { .instance = "west" };
	struct sessions out = { 0 };
	size_t n;

	ck_assert_int_eq(cti_store_session_opened(east, &s), 0);
	s.login_epoch_ms = BASE + 2000;
	ck_assert_int_eq(cti_store_session_opened(west, &s), 0);
	ck_assert_int_eq(cti_store_close_cut_sessions(east, BASE + 5000, &n),
			 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(cti_store_query_sessions(east, &f, collect, &out), 1);
	ck_assert_int_eq(out.s[0].login_epoch_ms, BASE + 2000);
	ck_assert_int_eq(out.s[0].logout_epoch_ms, 0);
	ck_assert_str_eq(out.s[0].reason, "");
	f.instance = NULL;
	f.from_epoch_ms = BASE + 1001;
	out.n = 0;
	ck_assert_int_eq(cti_store_query_sessions(east, &f, collect, &out), 1);
	f.from_epoch_ms = 0;
	f.to_epoch_ms = BASE + 1001;
	out.n = 0;
	ck_assert_int_eq(cti_store_query_sessions(east, &f, collect, &out), 1);
	ck_assert_str_eq(out.s[0].reason, "restart");
	cti_store_close(east);
	cti_store_close(west);
}
END_TEST

START_TEST(test_bad_arguments)
{
	cti_store_t *st = th_open(th_uri("bad.db"));
	struct cti_agent_session s = session("", "2001", BASE);
	struct cti_store_filter f = { .queue = "sales" };
	struct sessions out = { 0 };

	ck_assert_int_eq(cti_store_session_opened(st, NULL), CTI_EINVAL);
	ck_assert_int_eq(cti_store_session_opened(st, &s), CTI_EINVAL);
	s = session("dave", "2001", BASE);
	s.reserved[0] = 1;
	ck_assert_int_eq(cti_store_session_opened(st, &s), CTI_EINVAL);
	s.reserved[0] = 0;
	/* closing needs a reason and a logout time */
	ck_assert_int_eq(cti_store_session_closed(st, &s), CTI_EINVAL);
	ck_assert_int_eq(cti_store_close_cut_sessions(st, 0, NULL),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_store_query_sessions(st, &f, collect, &out),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_store_query_sessions(st, NULL, NULL, &out),
			 CTI_EINVAL);
	cti_store_close(st);
}
END_TEST

/* The export's columns and values, RFC 4180 CSV (CRLF) and JSON; an
 * open session has logout 0 and an empty reason. */
START_TEST(test_export)
{
	cti_store_t *st = th_open(th_uri("x.db"));
	struct cti_agent_session a = session("alice", "2001", BASE);
	struct cti_agent_session b = session("bob", "2002", BASE + 500);
	const char *p = th_path("out");
	char *text;
	FILE *f;

	ck_assert_int_eq(cti_store_session_opened(st, &a), 0);
	ck_assert_int_eq(cti_store_session_opened(st, &b), 0);
	a.logout_epoch_ms = BASE + 60000;
	strcpy(a.reason, "logout");
	ck_assert_int_eq(cti_store_session_closed(st, &a), 0);
	f = fopen(p, "w");
	ck_assert_int_eq(cti_store_export_sessions(st, NULL, CTI_STORE_CSV, f),
			 2);
	fclose(f);
	text = th_slurp(p, NULL);
	ck_assert_str_eq(
		text,
		"login_utc,agent,extension,login_epoch_ms,logout_epoch_ms,"
		"reason\r\n"
		"2026-09-21T14:13:20.000Z,alice,2001,1790000000000,"
		"1790000060000,logout\r\n"
		"2026-09-21T14:13:20.500Z,bob,2002,1790000000500,0,\r\n");
	free(text);
	f = fopen(p, "w");
	ck_assert_int_eq(
		cti_store_export_sessions(st, NULL, CTI_STORE_JSON, f), 2);
	fclose(f);
	text = th_slurp(p, NULL);
	ck_assert_ptr_nonnull(strstr(
		text, "{\"login_utc\":\"2026-09-21T14:13:20.500Z\","
		      "\"agent\":\"bob\",\"extension\":\"2002\","
		      "\"login_epoch_ms\":1790000000500,"
		      "\"logout_epoch_ms\":0,\"reason\":\"\"}"));
	free(text);
	cti_store_close(st);
}
END_TEST

TCase *store_sessions_tcase(enum th_backend b);
TCase *store_sessions_tcase(enum th_backend b)
{
	TCase *tc = tcase_create(b == TH_PG ? "sessions-pg" : "sessions");

	tcase_add_checked_fixture(tc, b == TH_PG ? th_setup_pg : th_setup,
				  th_teardown);
	tcase_add_test(tc, test_login_logout_restart);
	tcase_add_test(tc, test_instances_and_filters);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_export);
	return tc;
}
