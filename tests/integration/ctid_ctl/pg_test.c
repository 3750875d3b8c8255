// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Two real ctid daemons on one PostgreSQL database (docs/ctid.md, "Two
 * instances on one database"): a throwaway server on loopback
 * (scripts/pg-test-server.sh, started once for the TCase), two ctid
 * processes with trial configurations (loop spans, cti-sim's callers and
 * phones), distinct `instance` names, one store URI, running at the same
 * time with calls.
 *
 * Expected values never come from the store's code: the far end's own
 * tally (logged by each ctid at its drain), the callers' numbers (the far
 * end numbers them "139" + its caller index, farend.c), the number each
 * instance's callers dial (its own DNIS), the agents of the file, and
 * the journal's rows read with plain SQL.
 */
#include <fcntl.h>
#include <limits.h>
#include <libpq-fe.h>
#include <signal.h>
#include <netinet/in.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cti/cti.h"
#include "unit.h"

/* ---- the server: one for the TCase ------------------------------------- */

static char pg_uri[300], pg_dir[300], pg_port[16], pg_error[2048];

static const char *pg_script(void)
{
	const char *s = getenv("CTI_PG_TEST_SERVER");

	return s && *s ? s : "scripts/pg-test-server.sh";
}

/* An unchecked fixture (the suite's process, before the first test):
 * no assertion here, a failure is named by each test instead. */
static void pg_up(void)
{
	char cmd[512], line[512];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "'%.400s' start %ld 2>&1", pg_script(),
		 (long)getpid());
	p = popen(cmd, "r");
	if (!p) {
		snprintf(pg_error, sizeof(pg_error), "popen failed");
		return;
	}
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "PGTEST_URI=", 11))
			snprintf(pg_uri, sizeof(pg_uri), "%.250s", line + 11);
		else if (!strncmp(line, "PGTEST_DIR=", 11))
			snprintf(pg_dir, sizeof(pg_dir), "%.250s", line + 11);
		else if (!strncmp(line, "PGTEST_PORT=", 12))
			snprintf(pg_port, sizeof(pg_port), "%.10s", line + 12);
		else
			snprintf(pg_error + strlen(pg_error),
				 sizeof(pg_error) - strlen(pg_error), "%s\n",
				 line);
	}
	if (pclose(p) != 0)
		pg_uri[0] = '\0';
}

static void pg_down(void)
{
	char cmd[800];

	if (!pg_dir[0])
		return;
	snprintf(cmd, sizeof(cmd), "'%.400s' stop '%s'", pg_script(), pg_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "ctid_ctl: stopping the PostgreSQL server "
				"failed\n");
	pg_dir[0] = '\0';
}

static PGconn *pg_connect(void)
{
	PGconn *c;

	ck_assert_msg(pg_uri[0], "no PostgreSQL test server: %s", pg_error);
	c = PQconnectdb(pg_uri);
	ck_assert_msg(PQstatus(c) == CONNECTION_OK, "connect: %s",
		      PQerrorMessage(c));
	return c;
}

static void pg_exec(const char *sql)
{
	PGconn *c = pg_connect();
	PGresult *r = PQexec(c, sql);

	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s: %s", sql,
		      PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

/* The call numbers of `instance`'s open-call rows (the journal), in
 * order, in calls[] (up to cap); returns how many. */
static size_t open_calls(const char *schema, const char *instance,
			 uint32_t *calls, size_t cap)
{
	const char *params[] = { instance };
	char sql[200];
	PGconn *c = pg_connect();
	PGresult *r;
	size_t n;

	snprintf(sql, sizeof(sql),
		 "SELECT call FROM %s.call_open WHERE instance = $1 "
		 "ORDER BY call",
		 schema);
	r = PQexecParams(c, sql, 1, NULL, params, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql,
		      PQerrorMessage(c));
	n = (size_t)PQntuples(r);
	ck_assert_uint_le(n, cap);
	for (size_t i = 0; i < n; i++)
		calls[i] = (uint32_t)strtoul(PQgetvalue(r, (int)i, 0), NULL, 10);
	PQclear(r);
	PQfinish(c);
	return n;
}

/* ---- the daemons --------------------------------------------------------- */

struct inst {
	const char *name; /* its `instance` */
	const char *dnis; /* what its callers dial: its records' DNIS */
	char dir[64];
	pid_t pid;
};

static const char conf_fmt[] =
	"prompts = \"%s\";\n"
	"store = \"%s\";\n"
	"instance = \"%s\";\n"
	"control = \"ctl.sock\";\n"
	"drain_timeout_ms = 5000;\n"
	"log = { level = \"notice\"; };\n"
	"trunks = ( { name = \"pstn\"; kind = \"network\"; },\n"
	"           { name = \"phones\"; kind = \"stations\"; } );\n"
	"spans = ( { name = \"exchange\"; trunk = \"pstn\"; loop = true; },\n"
	"          { name = \"pbx\"; trunk = \"phones\"; loop = true;\n"
	"            side = \"net\"; } );\n"
	"queues = ( { name = \"desk\"; ring_ms = 15000; } );\n"
	"routes = ( { dnis = \"%s\"; target = \"queue:desk\"; },\n"
	"           { target = \"reject:1\"; } );\n"
	"extensions = ( { number = \"2001\"; trunk = \"phones\"; },\n"
	"               { number = \"2002\"; trunk = \"phones\"; },\n"
	"               { number = \"2003\"; trunk = \"phones\"; },\n"
	"               { number = \"2004\"; trunk = \"phones\"; } );\n"
	"agents = ( { name = \"agent1\"; extension = \"2001\"; },\n"
	"           { name = \"agent2\"; extension = \"2002\"; },\n"
	"           { name = \"agent3\"; extension = \"2003\"; },\n"
	"           { name = \"agent4\"; extension = \"2004\"; } );\n"
	"%s";

#define N_AGENTS 4

/* Its configuration on `store`, with a trial of `trial` (a group's
 * inside; NULL: no trial, so no caller and no agent logged in). */
static void write_conf(struct inst *x, const char *store, const char *trial)
{
	char prompts[PATH_MAX], path[128], tr[512] = "";
	FILE *f;

	ck_assert_ptr_nonnull(realpath(
		getenv("CTI_PROMPTS") ? getenv("CTI_PROMPTS") : "build/prompts",
		prompts));
	if (trial)
		snprintf(tr, sizeof(tr), "trial = { dnis = \"%s\"; %s };\n",
			 x->dnis, trial);
	snprintf(path, sizeof(path), "%s/ctid.conf", x->dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, conf_fmt, prompts, store, x->name, x->dnis, tr);
	fclose(f);
}

static void inst_make(struct inst *x, const char *name, const char *dnis)
{
	x->name = name;
	x->dnis = dnis;
	snprintf(x->dir, sizeof(x->dir), "/tmp/ctid-pg-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(x->dir));
	x->pid = 0;
}

static void inst_remove(struct inst *x)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", x->dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void inst_start(struct inst *x)
{
	const char *bin = getenv("CTI_BIN") ? getenv("CTI_BIN") : "build/bin";
	char exe[PATH_MAX], conf[128], log[128], rel[256];
	char *argv[] = { (char *)"ctid", (char *)"-c", conf,
			 (char *)"--foreground", NULL };
	posix_spawn_file_actions_t fa;

	snprintf(rel, sizeof(rel), "%s/ctid", bin);
	ck_assert_ptr_nonnull(realpath(rel, exe));
	snprintf(conf, sizeof(conf), "%s/ctid.conf", x->dir);
	snprintf(log, sizeof(log), "%s/log", x->dir);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, log,
					 O_WRONLY | O_CREAT | O_APPEND, 0600);
	ck_assert_int_eq(posix_spawn(&x->pid, exe, &fa, NULL, argv, NULL), 0);
	posix_spawn_file_actions_destroy(&fa);
}

static void inst_truncate_log(const struct inst *x)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/log", x->dir);
	ck_assert_int_eq(truncate(path, 0), 0);
}

/* Its log so far (malloc'd). */
static char *inst_log(const struct inst *x)
{
	char path[128], *t = NULL;
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/log", x->dir);
	f = fopen(path, "r");
	if (!f || getdelim(&t, &len, '\0', f) < 0) {
		free(t);
		t = strdup("");
	}
	if (f)
		fclose(f);
	return t;
}

/* Wait up to 20 s for `line` in its log; fails with the log if it never
 * comes or the daemon exits first. */
static void wait_log(const struct inst *x, const char *line)
{
	for (int i = 0; i < 2000; i++) {
		char *t = inst_log(x);
		bool found = strstr(t, line) != NULL;

		if (found) {
			free(t);
			return;
		}
		if (i == 1999 || waitpid(x->pid, NULL, WNOHANG) == x->pid)
			ck_abort_msg("%s: no '%s' in its log:\n%s", x->name,
				     line, t);
		free(t);
		usleep(10000);
	}
}

/* SIGTERM: the drain, then exit 0. */
static void inst_stop(struct inst *x)
{
	int st;

	ck_assert_int_eq(kill(x->pid, SIGTERM), 0);
	ck_assert_int_eq(waitpid(x->pid, &st, 0), x->pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "%s did not stop cleanly (status %d)", x->name, st);
	wait_log(x, "ctid[ctid] notice: stopped");
}

static void inst_kill9(struct inst *x)
{
	int st;

	ck_assert_int_eq(kill(x->pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(x->pid, &st, 0), x->pid);
	ck_assert(WIFSIGNALED(st));
}

/* The far end's tally at the drain: callers that got a channel (each one
 * a call the engine saw: arrived minus blocked). */
static unsigned drain_callers(const struct inst *x)
{
	unsigned arrived, answered, abandoned, blocked;
	char *t = inst_log(x), *at = strstr(t, "trial at the drain: ");

	ck_assert_msg(at != NULL, "%s: no tally in its log:\n%s", x->name, t);
	ck_assert_int_eq(sscanf(at,
				"trial at the drain: %u callers, %u answered, "
				"%u abandoned, %u blocked",
				&arrived, &answered, &abandoned, &blocked),
			 4);
	free(t);
	ck_assert_uint_ge(arrived, blocked);
	return arrived - blocked;
}

/* ---- what the store holds ----------------------------------------------- */

#define MAX_RECS 512

struct recs {
	size_t n;
	struct cti_center_record r[MAX_RECS];
};

struct sessions {
	size_t n;
	struct cti_agent_session s[32];
};

static int keep_rec(void *user, const struct cti_center_record *r)
{
	struct recs *g = user;

	ck_assert_uint_lt(g->n, MAX_RECS);
	g->r[g->n++] = *r;
	return 0;
}

static int keep_session(void *user, const struct cti_agent_session *s)
{
	struct sessions *g = user;

	ck_assert_uint_lt(g->n, 32);
	g->s[g->n++] = *s;
	return 0;
}

/* The whole-call records / sessions of `instance` (NULL: every one). */
static void query(const char *uri, const char *instance, struct recs *r,
		  struct sessions *s)
{
	struct cti_store_filter f = { .instance = instance };
	struct cti_store_config sc = { .flags = CTI_STORE_RDONLY };
	cti_store_t *st;

	ck_assert_int_eq(cti_store_open(&st, uri, &sc), 0);
	if (r) {
		r->n = 0;
		ck_assert_int_ge(cti_store_query_call_records(st, &f, keep_rec,
							      r),
				 0);
	}
	if (s) {
		s->n = 0;
		ck_assert_int_ge(
			cti_store_query_sessions(st, &f, keep_session, s), 0);
	}
	cti_store_close(st);
}

/* The far end numbers its callers "139" + 8 digits of their index, from
 * 0 (farend.c): the records of n callers carry each of 0..n-1 once. */
static void assert_callers_once(const struct inst *x, const struct recs *g)
{
	static bool seen[MAX_RECS];

	memset(seen, 0, sizeof(seen));
	for (size_t i = 0; i < g->n; i++) {
		const struct cti_center_record *r = &g->r[i];
		char *end;
		unsigned long k;

		ck_assert_msg(strlen(r->ani) == 11 && !strncmp(r->ani, "139", 3),
			      "%s: record of call %u: ANI '%s'", x->name,
			      r->call, r->ani);
		k = strtoul(r->ani + 3, &end, 10);
		ck_assert_msg(!*end && k < g->n && !seen[k],
			      "%s: caller %s twice or out of 0..%zu", x->name,
			      r->ani, g->n - 1);
		seen[k] = true;
		/* its own callers only: they dial its own number */
		ck_assert_str_eq(r->dnis, x->dnis);
		ck_assert_str_eq(r->trunk, "pstn");
	}
}

/* Call numbers are the engine's, per process: distinct within one
 * instance's records. */
static void assert_calls_distinct(const struct recs *g)
{
	for (size_t i = 0; i < g->n; i++)
		for (size_t j = i + 1; j < g->n; j++)
			ck_assert_uint_ne(g->r[i].call, g->r[j].call);
}

static bool has_call(const struct recs *g, uint32_t call)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->r[i].call == call)
			return true;
	return false;
}

static size_t cut_records(const struct recs *g)
{
	size_t n = 0;

	for (size_t i = 0; i < g->n; i++)
		n += g->r[i].cause == 41 && g->r[i].last_state == 0;
	return n;
}

/* Each of the file's agents logged in once and out with `reason`. */
static void assert_sessions(const struct inst *x, const struct sessions *g,
			    const char *reason)
{
	ck_assert_uint_eq(g->n, N_AGENTS);
	for (int a = 1; a <= N_AGENTS; a++) {
		char name[32], ext[32];
		size_t found = 0;

		snprintf(name, sizeof(name), "agent%d", a);
		snprintf(ext, sizeof(ext), "200%d", a);
		for (size_t i = 0; i < g->n; i++) {
			const struct cti_agent_session *s = &g->s[i];

			if (strcmp(s->agent, name))
				continue;
			found++;
			ck_assert_str_eq(s->extension, ext);
			ck_assert_str_eq(s->reason, reason);
			ck_assert_int_gt(s->login_epoch_ms, 0);
			ck_assert_int_ge(s->logout_epoch_ms, s->login_epoch_ms);
		}
		ck_assert_msg(found == 1, "%s: %s has %zu sessions", x->name,
			      name, found);
	}
}

/* ---- the tests ------------------------------------------------------------ */

/* Short calls (talk ~1.5 s, four agents each), two callers a second into
 * each instance. */
static const char busy_trial[] =
	"callers_per_hour = 7200; talk_mean_ms = 1500; "
	"answer_min_ms = 0; answer_max_ms = 300; patience_mean_ms = 60000;";

/* Two instances at once, the libpq URI form; both drained and stopped:
 * each one's records are exactly its callers, under its name only, its
 * agents' sessions whole. */
START_TEST(two_instances_keep_their_records_apart)
{
	struct inst a, b;
	static struct recs ra, rb, all;
	struct sessions sa, sb, sall;
	char uri[512], trial[300];
	unsigned na, nb;
	uint32_t open[8];
	bool overlap = false;

	ck_assert_msg(pg_uri[0], "no PostgreSQL test server: %s", pg_error);
	pg_exec("CREATE SCHEMA two_clean");
	snprintf(uri, sizeof(uri), "%s?options=-csearch_path%%3Dtwo_clean",
		 pg_uri);
	inst_make(&a, "desk-a", "95501");
	inst_make(&b, "desk-b", "95502");
	snprintf(trial, sizeof(trial), "%s seed = 11;", busy_trial);
	write_conf(&a, uri, trial);
	snprintf(trial, sizeof(trial), "%s seed = 12;", busy_trial);
	write_conf(&b, uri, trial);
	inst_start(&a);
	inst_start(&b);
	wait_log(&a, "ctid[ctid] notice: ready:");
	wait_log(&b, "ctid[ctid] notice: ready:");
	sleep(14); /* callers from 4 s on: ~20 each */
	inst_stop(&a);
	inst_stop(&b);
	na = drain_callers(&a);
	nb = drain_callers(&b);
	ck_assert_uint_ge(na, 8);
	ck_assert_uint_ge(nb, 8);

	query(uri, "desk-a", &ra, &sa);
	query(uri, "desk-b", &rb, &sb);
	query(uri, NULL, &all, &sall);
	ck_assert_uint_eq(ra.n, na);
	ck_assert_uint_eq(rb.n, nb);
	ck_assert_uint_eq(all.n, na + nb); /* no row under another name */
	ck_assert_uint_eq(sall.n, 2 * N_AGENTS);
	assert_callers_once(&a, &ra);
	assert_callers_once(&b, &rb);
	assert_calls_distinct(&ra);
	assert_calls_distinct(&rb);
	ck_assert_uint_eq(cut_records(&ra), 0);
	ck_assert_uint_eq(cut_records(&rb), 0);
	/* both engines number their calls alike: the same numbers are in
	 * both instances' records, each kept under its own name */
	for (size_t i = 0; i < ra.n; i++)
		overlap |= has_call(&rb, ra.r[i].call);
	ck_assert(overlap);
	/* nothing left open, both journals closed */
	ck_assert_uint_eq(open_calls("two_clean", "desk-a", open, 8), 0);
	ck_assert_uint_eq(open_calls("two_clean", "desk-b", open, 8), 0);
	assert_sessions(&a, &sa, "stop");
	assert_sessions(&b, &sb, "stop");
	inst_remove(&a);
	inst_remove(&b);
}
END_TEST

/* Calls that last (an hour's talk and patience), the conninfo form:
 * kill -9 of one instance while the other runs on; its restart closes
 * its own cut calls (cause 41) and sessions ("restart"), never the other
 * one's, whose open calls stay open until its own clean stop. */
START_TEST(kill_9_of_one_leaves_the_other_alone)
{
	struct inst a, b;
	static struct recs ra, rb;
	struct sessions sa, sb;
	char uri[512], trial[300], *t, *at;
	uint32_t open_a[64], open_b[64], open_b2[64];
	size_t n_open_a, n_open_b, n_open_b2, k;
	unsigned cut = 0, nb;

	ck_assert_msg(pg_uri[0], "no PostgreSQL test server: %s", pg_error);
	pg_exec("CREATE SCHEMA two_kill");
	snprintf(uri, sizeof(uri),
		 "pg:host=127.0.0.1 port=%s dbname=cti_test user=cti "
		 "password=cti-test-pw options=-csearch_path=two_kill",
		 pg_port);
	inst_make(&a, "desk-a", "95501");
	inst_make(&b, "desk-b", "95502");
	snprintf(trial, sizeof(trial),
		 "callers_per_hour = 3600; talk_mean_ms = 3600000; "
		 "patience_mean_ms = 3600000; seed = %d;",
		 21);
	write_conf(&a, uri, trial);
	snprintf(trial, sizeof(trial),
		 "callers_per_hour = 3600; talk_mean_ms = 3600000; "
		 "patience_mean_ms = 3600000; seed = %d;",
		 22);
	write_conf(&b, uri, trial);
	inst_start(&a);
	inst_start(&b);
	wait_log(&a, "ctid[ctid] notice: ready:");
	wait_log(&b, "ctid[ctid] notice: ready:");
	sleep(8); /* callers from 4 s on, one a second: none ends */
	inst_kill9(&a);
	n_open_a = open_calls("two_kill", "desk-a", open_a, 64);
	n_open_b = open_calls("two_kill", "desk-b", open_b, 64);
	ck_assert_uint_ge(n_open_a, 2);
	ck_assert_uint_ge(n_open_b, 2);

	/* the restart, without a trial: nothing new comes in */
	inst_truncate_log(&a);
	write_conf(&a, uri, NULL);
	inst_start(&a);
	wait_log(&a, "ctid[ctid] notice: ready:");
	wait_log(&a, "ctid[ctid] notice: store: 4 agents logged out by the "
		     "restart");
	t = inst_log(&a);
	at = strstr(t, "ctid[ctid] notice: store: ");
	ck_assert_ptr_nonnull(at);
	ck_assert_int_eq(sscanf(at, "ctid[ctid] notice: store: %u call",
				&cut),
			 1);
	free(t);
	ck_assert_uint_eq(cut, n_open_a); /* every row of its journal */
	ck_assert_uint_eq(open_calls("two_kill", "desk-a", open_a, 64), 0);
	/* desk-b, still running: every call it had open still is (it may
	 * have more), none of them closed, its agents still logged in */
	n_open_b2 = open_calls("two_kill", "desk-b", open_b2, 64);
	for (k = 0; k < n_open_b; k++) {
		bool still = false;

		for (size_t j = 0; j < n_open_b2; j++)
			still |= open_b2[j] == open_b[k];
		ck_assert_msg(still, "desk-b's call %u closed by desk-a",
			      open_b[k]);
	}
	query(uri, "desk-b", &rb, &sb);
	ck_assert_uint_eq(rb.n, 0); /* no call of its has ended yet */
	ck_assert_uint_eq(sb.n, N_AGENTS);
	for (size_t i = 0; i < sb.n; i++)
		ck_assert_int_eq(sb.s[i].logout_epoch_ms, 0);

	inst_stop(&a);
	inst_stop(&b);
	nb = drain_callers(&b);
	query(uri, "desk-a", &ra, &sa);
	query(uri, "desk-b", &rb, &sb);
	/* desk-a: its cut calls only, each cause 41, state unknown */
	ck_assert_uint_eq(ra.n, cut);
	ck_assert_uint_eq(cut_records(&ra), cut);
	for (size_t i = 0; i < ra.n; i++) {
		ck_assert_str_eq(ra.r[i].dnis, "95501");
		ck_assert_int_eq(memcmp(ra.r[i].ani, "139", 3), 0);
	}
	assert_calls_distinct(&ra);
	assert_sessions(&a, &sa, "restart");
	/* desk-b: its callers, each once, ended by its own drain */
	ck_assert_uint_eq(rb.n, nb);
	ck_assert_uint_ge(nb, n_open_b);
	ck_assert_uint_eq(cut_records(&rb), 0);
	assert_callers_once(&b, &rb);
	assert_calls_distinct(&rb);
	assert_sessions(&b, &sb, "stop");
	ck_assert_uint_eq(open_calls("two_kill", "desk-b", open_b2, 64), 0);
	inst_remove(&a);
	inst_remove(&b);
}
END_TEST

/* ---- the store's connection errors, as a ctid sees them ----------------- */

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_log(void *user, int level, const char *module, const char *msg)
{
	char *log = user;
	size_t len = strlen(log);

	(void)level;
	snprintf(log + len, 2048 - len, "%s: %s\n", module, msg);
}

/* A "server" that takes the TCP connection and never says a word: the
 * open gives up after connect_timeout (2 s here, not the default 10),
 * CTI_EIO, saying so. */
START_TEST(store_server_silent_times_out)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	char uri[200], log[2048] = "";
	struct cti_ctx_config cc = { .clock = CTI_CLOCK_VIRTUAL,
				     .log_fn = on_log,
				     .log_user = log };
	struct cti_store_config sc = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	cti_store_t *st = NULL;
	cti_ctx_t *ctx;
	int64_t t0, took;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(fd, 4), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	ck_assert_int_eq(cti_ctx_new(&ctx, &cc), 0);
	sc.ctx = ctx;
	snprintf(uri, sizeof(uri),
		 "postgresql://cti:pw@127.0.0.1:%u/cti_test?connect_timeout=2",
		 (unsigned)ntohs(sa.sin_port));
	t0 = mono_ms();
	ck_assert_int_eq(cti_store_open(&st, uri, &sc), CTI_EIO);
	took = mono_ms() - t0;
	ck_assert_ptr_null(st);
	ck_assert_int_ge(took, 1900);
	ck_assert_int_lt(took, 5000);
	ck_assert_msg(strstr(log, "no answer within connect_timeout"), "%s",
		      log);
	ck_assert_ptr_null(strstr(log, ":pw@"));
	cti_ctx_free(ctx);
	close(fd);
}
END_TEST

/* The server stopped under a running writer (this TCase's last test: it
 * stops the shared server): the next write fails CTI_EIO, the lost
 * connection logged, and so does the one after (the server is gone, the
 * reconnection fails). */
START_TEST(store_server_stopped_mid_session)
{
	char log[2048] = "", cmd[800];
	struct cti_ctx_config cc = { .clock = CTI_CLOCK_VIRTUAL,
				     .log_fn = on_log,
				     .log_user = log };
	struct cti_store_config sc = { .instance = "desk-a" };
	struct cti_agent_session x = { .agent = "agent1",
				       .extension = "2001",
				       .login_epoch_ms = 1796086800000LL };
	cti_store_t *st;
	cti_ctx_t *ctx;

	ck_assert_msg(pg_uri[0], "no PostgreSQL test server: %s", pg_error);
	ck_assert_int_eq(cti_ctx_new(&ctx, &cc), 0);
	sc.ctx = ctx;
	pg_exec("CREATE SCHEMA stopped");
	snprintf(cmd, sizeof(cmd), "%s?options=-csearch_path%%3Dstopped",
		 pg_uri);
	ck_assert_int_eq(cti_store_open(&st, cmd, &sc), 0);
	ck_assert_int_eq(cti_store_session_opened(st, &x), 0);
	snprintf(cmd, sizeof(cmd), "'%.400s' stop '%s'", pg_script(), pg_dir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(cti_store_session_opened(st, &x), CTI_EIO);
	ck_assert_msg(strstr(log, "the connection to the server is lost"),
		      "%s", log);
	ck_assert_int_eq(cti_store_session_opened(st, &x), CTI_EIO);
	ck_assert_msg(strstr(log, "reconnecting: "), "%s", log);
	cti_store_close(st);
	cti_ctx_free(ctx);
}
END_TEST

void add_pg_tests(Suite *s);
void add_pg_tests(Suite *s)
{
	TCase *tc = tcase_create("pg");

	/* one server for both tests: its start is ~2 s */
	tcase_add_unchecked_fixture(tc, pg_up, pg_down);
	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, two_instances_keep_their_records_apart);
	tcase_add_test(tc, kill_9_of_one_leaves_the_other_alone);
	tcase_add_test(tc, store_server_silent_times_out);
	/* last: it stops the server */
	tcase_add_test(tc, store_server_stopped_mid_session);
	suite_add_tcase(s, tc);
}
