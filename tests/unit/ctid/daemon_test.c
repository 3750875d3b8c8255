// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The real ctid binary on loop spans (the trial mode): start-up and its
 * readiness line and control socket, the store created 0600 under umask
 * 0, SIGHUP with a changed queue (applied), SIGHUP with a broken file
 * (refused, the old one kept, the error with file:line), SIGTERM's drain
 * and exit 0.
 */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"

static const char conf_fmt[] =
	"prompts = \"%s\";\n"
	"store = \"cdr.db\";\n"
	"control = \"ctl.sock\";\n"
	"drain_timeout_ms = 2000;\n"
	"trunks = ( { name = \"pstn\"; kind = \"network\"; },\n"
	"           { name = \"phones\"; kind = \"stations\"; } );\n"
	"spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; },\n"
	"          { name = \"p\"; trunk = \"phones\"; loop = true; side = \"net\"; } );\n"
	"flows = ( { name = \"main\"; file = \"main.flow\"; } );\n"
	"queues = ( { name = \"sales\"; wrap_up_ms = %d; } );\n"
	"routes = ( { target = \"flow:main\"; } );\n"
	"extensions = ( { number = \"2001\"; trunk = \"phones\"; } );\n"
	"agents = ( { name = \"a1\"; extension = \"2001\"; } );\n"
	"%s";

static void write_conf(int wrap_ms, const char *extra)
{
	char text[3 * PATH_MAX];

	snprintf(text, sizeof(text), conf_fmt, prompts_dir, wrap_ms, extra);
	write_file("t.conf", text);
}

static char *log_text(void)
{
	char path[PATH_MAX], *t = NULL;
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/log", tdir);
	f = fopen(path, "r");
	if (!f)
		return strdup("");
	if (getdelim(&t, &len, '\0', f) < 0) {
		free(t);
		t = strdup("");
	}
	fclose(f);
	return t;
}

/* Wait up to 10 s for `line` in the log. */
static bool wait_log(const char *line)
{
	for (int i = 0; i < 1000; i++) {
		char *t = log_text();
		bool found = strstr(t, line) != NULL;

		free(t);
		if (found)
			return true;
		usleep(10000);
	}
	return false;
}

START_TEST(life_on_loop_spans)
{
	char *argv[] = { (char *)"ctid",
			 (char *)"-c",
			 (char *)"t.conf",
			 (char *)"--foreground",
			 (char *)"--log-level",
			 (char *)"info",
			 NULL };
	char exe[PATH_MAX], want[PATH_MAX + 200], cwd[PATH_MAX];
	posix_spawn_file_actions_t fa;
	struct stat st;
	mode_t old;
	pid_t pid;
	int status;

	tdir_make();
	write_file("main.flow",
		   "state start\n  play en/welcome\n  queue sales\n");
	write_conf(1000, "");
	ck_assert_ptr_nonnull(realpath("build/bin/ctid", exe));
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, "log", O_WRONLY | O_CREAT,
					 0600);
	ck_assert_int_eq(chdir(tdir), 0);
	old = umask(0); /* the store is 0600 whatever the umask */
	ck_assert_int_eq(posix_spawn(&pid, exe, &fa, NULL, argv, NULL), 0);
	umask(old);
	ck_assert_int_eq(chdir(cwd), 0);
	posix_spawn_file_actions_destroy(&fa);

	ck_assert(wait_log("ctid[ctid] notice: ready: 2 span(s), 1 queue(s), "
			   "1 flow(s), control socket"));
	snprintf(want, sizeof(want), "%s/cdr.db", tdir);
	ck_assert_int_eq(stat(want, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	snprintf(want, sizeof(want), "%s/ctl.sock", tdir);
	ck_assert_int_eq(stat(want, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));

	write_conf(5000, "");
	ck_assert_int_eq(kill(pid, SIGHUP), 0);
	ck_assert(wait_log("ctid[ctid] notice: reloaded t.conf (1)"));
	ck_assert(wait_log("queue sales updated"));

	write_conf(5000, "queues = 4;\n");
	ck_assert_int_eq(kill(pid, SIGHUP), 0);
	ck_assert(wait_log("ctid[ctid] error: reload refused, running "
			   "configuration kept: t.conf:14: syntax: duplicate "
			   "setting name"));
	write_conf(
		5000,
		"spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; } );\n");
	/* a span changed: restart needed (a duplicate key is a syntax
	 * error, so change the first spans entry instead) */
	{
		char text[3 * PATH_MAX];

		snprintf(text, sizeof(text), conf_fmt, prompts_dir, 5000, "");
		char *p = strstr(text, "loop = true; },");
		memcpy(p, "dahdi = 7;  ", 12);
		write_file("t.conf", text);
	}
	ck_assert_int_eq(kill(pid, SIGHUP), 0);
	ck_assert(wait_log("ctid[ctid] error: reload refused, running "
			   "configuration kept: t.conf:7: spans[0]: changed "
			   "(restart needed)"));

	ck_assert_int_eq(kill(pid, SIGTERM), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert(
		wait_log("ctid[center] notice: new calls refused (cause 42)"));
	ck_assert(
		wait_log("ctid[ctid] notice: drained: no call left, stopping"));
	ck_assert(wait_log("ctid[ctid] notice: stopped"));
	snprintf(want, sizeof(want), "%s/ctl.sock", tdir);
	tdir_remove();
}
END_TEST

static pid_t spawn_ctid(void)
{
	char *argv[] = { (char *)"ctid", (char *)"-c", (char *)"t.conf",
			 (char *)"--foreground", NULL };
	char exe[PATH_MAX], cwd[PATH_MAX];
	posix_spawn_file_actions_t fa;
	pid_t pid;

	ck_assert_ptr_nonnull(realpath("build/bin/ctid", exe));
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, "log",
					 O_WRONLY | O_CREAT | O_APPEND, 0600);
	ck_assert_int_eq(chdir(tdir), 0);
	ck_assert_int_eq(posix_spawn(&pid, exe, &fa, NULL, argv, NULL), 0);
	ck_assert_int_eq(chdir(cwd), 0);
	posix_spawn_file_actions_destroy(&fa);
	return pid;
}

/* kill -9, then a restart on the same store and socket path comes up
 * (the stale socket file replaced, the store opened again). */
START_TEST(restart_after_kill_9)
{
	char path[PATH_MAX];
	struct stat st;
	pid_t pid;
	int status;

	tdir_make();
	write_file("main.flow",
		   "state start\n  play en/welcome\n  queue sales\n");
	write_conf(1000, "");
	pid = spawn_ctid();
	ck_assert(wait_log("ctid[ctid] notice: ready:"));
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	snprintf(path, sizeof(path), "%s/log", tdir);
	ck_assert_int_eq(truncate(path, 0), 0);
	pid = spawn_ctid();
	ck_assert(wait_log("ctid[ctid] notice: ready:"));
	snprintf(path, sizeof(path), "%s/ctl.sock", tdir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(kill(pid, SIGTERM), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	tdir_remove();
}
END_TEST

/* An open-call row as the engine's journal leaves it when ctid dies
 * mid-call (cti_store_call_opened), written while no ctid runs. */
static void journal_open_call(const char *instance, uint32_t call,
			      int64_t epoch_ms)
{
	struct cti_store_config sc = { .instance = instance };
	struct cti_center_record r = { .call = call,
				       .epoch_ms = epoch_ms,
				       .arrived_ms = 5000 };
	char path[PATH_MAX];
	cti_store_t *st;

	snprintf(r.ani, sizeof(r.ani), "13800138000");
	snprintf(r.dnis, sizeof(r.dnis), "95500");
	snprintf(r.trunk, sizeof(r.trunk), "pstn");
	snprintf(path, sizeof(path), "%s/cdr.db", tdir);
	ck_assert_int_eq(cti_store_open(&st, path, &sc), 0);
	ck_assert_int_eq(cti_store_call_opened(st, &r), 0);
	cti_store_close(st);
}

struct got_records {
	size_t n;
	struct cti_center_record last;
};

static int keep_record(void *user, const struct cti_center_record *r)
{
	struct got_records *g = user;

	g->n++;
	g->last = *r;
	return 0;
}

static struct got_records records_of(const char *instance)
{
	struct cti_store_filter f = { .instance = instance };
	struct got_records g = { 0 };
	char path[PATH_MAX];
	cti_store_t *st;

	snprintf(path, sizeof(path), "%s/cdr.db", tdir);
	ck_assert_int_eq(cti_store_open(&st, path, NULL), 0);
	ck_assert_int_ge(cti_store_query_call_records(st, &f, keep_record, &g),
			 0);
	cti_store_close(st);
	return g;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A call open when ctid was killed -9 is a record with cause 41 after the
 * restart, its length bounded by the wall time since its arrival; the
 * open calls of another instance sharing the store are left to it. */
START_TEST(restart_closes_cut_calls)
{
	int64_t arrived = now_ms() - 60000; /* a minute before the kill */
	struct got_records g;
	pid_t pid;
	int status;
	char path[PATH_MAX];

	tdir_make();
	write_file("main.flow",
		   "state start\n  play en/welcome\n  queue sales\n");
	write_conf(1000, "instance = \"desk-1\";\n");
	pid = spawn_ctid();
	ck_assert(wait_log("ctid[ctid] notice: ready:"));
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	journal_open_call("desk-1", 7, arrived);
	journal_open_call("desk-2", 7, arrived);
	snprintf(path, sizeof(path), "%s/log", tdir);
	ck_assert_int_eq(truncate(path, 0), 0);
	pid = spawn_ctid();
	ck_assert(wait_log("ctid[ctid] notice: store: 1 call cut by the last "
			   "stop closed (cause 41)"));
	ck_assert(wait_log("ctid[ctid] notice: ready:"));
	ck_assert_int_eq(kill(pid, SIGTERM), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);

	g = records_of("desk-1");
	ck_assert_uint_eq(g.n, 1);
	ck_assert_uint_eq(g.last.call, 7);
	ck_assert_int_eq(g.last.cause, 41);
	ck_assert_uint_eq(g.last.last_state, 0); /* cut: state unknown */
	ck_assert_int_eq(g.last.epoch_ms, arrived);
	ck_assert_str_eq(g.last.ani, "13800138000");
	ck_assert_str_eq(g.last.dnis, "95500");
	/* ended - arrived = the wall time from arrival to the restart: a
	 * minute and the few seconds this test took */
	ck_assert_uint_ge(g.last.ended_ms - g.last.arrived_ms, 60000);
	ck_assert_uint_lt(g.last.ended_ms - g.last.arrived_ms, 60000 + 30000);
	ck_assert_uint_eq(records_of("desk-2").n, 0); /* not ctid's */
	tdir_remove();
}
END_TEST

/* The trial: cti-sim's far ends on the loop spans' far sides dial in and
 * answer with no operator; after 4 s of real time the far end's own tally
 * (logged at the drain) has callers answered, the engine logged the
 * agent's leg connected, and the drain ends the calls and ctid (exit 0). */
START_TEST(trial_answers_calls)
{
	unsigned arrived = 0, answered = 0, abandoned = 0, blocked = 0;
	char *t, *at;
	pid_t pid;
	int status;

	tdir_make();
	/* straight to the queue: no prompt's length in the way */
	write_file("main.flow", "state start\n  queue sales\n");
	write_conf(100, "log = { level = \"info\"; };\n"
			"trial = { callers_per_hour = 36000; seed = 7;\n"
			"  talk_mean_ms = 1000; answer_min_ms = 0;\n"
			"  answer_max_ms = 200; };\n");
	pid = spawn_ctid();
	ck_assert(wait_log("ctid[ctid] notice: trial: 1 agent(s) logged in, "
			   "ready"));
	ck_assert(wait_log(
		"ctid[ctid] notice: trial: 36000 caller/h dialling "
		"95500 on 1 span(s), phones on 1 (seed 7), from 4000 ms"));
	ck_assert(wait_log("ctid[ctid] notice: ready:"));
	sleep(7); /* the first caller dials 4 s in, once the spans are up */
	ck_assert_int_eq(kill(pid, SIGTERM), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	t = log_text();
	at = strstr(t, "trial at the drain: ");
	ck_assert_ptr_nonnull(at);
	ck_assert_int_eq(sscanf(at,
				"trial at the drain: %u callers, %u answered, "
				"%u abandoned, %u blocked",
				&arrived, &answered, &abandoned, &blocked),
			 4);
	/* 10 callers a second for 3 s: some 30 arrive; one agent with a
	 * talk of ~1 s answers some of them */
	ck_assert_uint_ge(arrived, 10);
	ck_assert_uint_ge(answered, 1);
	ck_assert_uint_le(answered + abandoned + blocked, arrived);
	ck_assert_ptr_nonnull(strstr(t, ": CONNECTED sales a1"));
	ck_assert_ptr_nonnull(
		strstr(t, "ctid[ctid] notice: trial at the stop: "));
	free(t);
	tdir_remove();
}
END_TEST

static int count_cut(void *user, const struct cti_center_record *r)
{
	size_t *n = user;

	/* the far end's callers dial from "139" + 8 digits (farend.h) */
	ck_assert_uint_eq(strlen(r->ani), 11);
	ck_assert_int_eq(strncmp(r->ani, "139", 3), 0);
	if (r->cause == 41 && r->last_state == 0)
		n[0]++;
	else
		n[1]++;
	return 0;
}

/* Sessions by how they ended: [0] "restart", [1] still open, [2] other. */
static int count_sessions(void *user, const struct cti_agent_session *x)
{
	size_t *n = user;

	if (!strcmp(x->reason, "restart"))
		n[0]++;
	else if (!x->logout_epoch_ms)
		n[1]++;
	else
		n[2]++;
	return 0;
}

/* Real calls journalled by ctid itself: the trial's calls, talking for
 * minutes, are cut by kill -9; the restart closes each with cause 41, as
 * many as it logs, and no other record is there (none ended). */
START_TEST(kill_9_mid_call_closes_journalled_calls)
{
	struct cti_store_filter f = { 0 };
	size_t n[2] = { 0, 0 }, sn[3] = { 0, 0, 0 };
	unsigned logged = 0, agents = 0;
	char path[PATH_MAX], *t, *at;
	cti_store_t *st;
	pid_t pid;
	int status;

	tdir_make();
	write_file("main.flow", "state start\n  queue sales\n");
	write_conf(
		100,
		"trial = { callers_per_hour = 36000; seed = 3;\n"
		"  talk_mean_ms = 3600000; patience_mean_ms = 3600000; };\n");
	pid = spawn_ctid();
	ck_assert(wait_log("ctid[ctid] notice: ready:"));
	sleep(6); /* calls from 4 s on */
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	snprintf(path, sizeof(path), "%s/log", tdir);
	ck_assert_int_eq(truncate(path, 0), 0);
	write_conf(100, ""); /* no trial: nothing new */
	pid = spawn_ctid();
	ck_assert(wait_log("ctid[ctid] notice: ready:"));
	ck_assert_int_eq(kill(pid, SIGTERM), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	t = log_text();
	at = strstr(t, "ctid[ctid] notice: store: ");
	ck_assert_ptr_nonnull(at);
	ck_assert_int_eq(
		sscanf(at, "ctid[ctid] notice: store: %u call", &logged), 1);
	/* the trial's agents, logged in when it died, are logged out:
	 * "store: N agents logged out by the restart" */
	at = strstr(t, " logged out by the restart");
	ck_assert_ptr_nonnull(at);
	while (at > t && strncmp(at, "store: ", 7))
		at--;
	ck_assert_int_eq(sscanf(at, "store: %u agent", &agents), 1);
	free(t);
	snprintf(path, sizeof(path), "%s/cdr.db", tdir);
	ck_assert_int_eq(cti_store_open(&st, path, NULL), 0);
	ck_assert_int_ge(cti_store_query_call_records(st, &f, count_cut, n), 0);
	ck_assert_int_ge(cti_store_query_sessions(st, &f, count_sessions, sn),
			 0);
	cti_store_close(st);
	ck_assert_uint_ge(agents, 1);
	ck_assert_uint_eq(sn[0], agents);
	ck_assert_uint_eq(sn[1], 0);
	ck_assert_uint_eq(sn[2], 0);
	ck_assert_uint_ge(logged, 2); /* ~20 callers, one agent */
	ck_assert_uint_eq(n[0], logged);
	ck_assert_uint_eq(n[1], 0);
	tdir_remove();
}
END_TEST


/* What the store holds of queue sales: its interval records and CDRs. */
struct sales {
	size_t n_iv;
	struct cti_acd_interval iv[4];
	unsigned cdrs, cdrs_answered;
};

static int sales_iv(void *user, const struct cti_acd_interval *v)
{
	struct sales *g = user;

	ck_assert_uint_lt(g->n_iv, 4);
	g->iv[g->n_iv++] = *v;
	return 0;
}

static int sales_cdr(void *user, const struct cti_acd_cdr *c)
{
	struct sales *g = user;

	g->cdrs++;
	g->cdrs_answered += c->outcome == CTI_ACD_ANSWERED;
	return 0;
}

static struct sales sales_stored(void)
{
	struct cti_store_filter f = { .queue = "sales" };
	struct sales g;
	char path[PATH_MAX];
	cti_store_t *st;

	memset(&g, 0, sizeof(g));
	snprintf(path, sizeof(path), "%s/cdr.db", tdir);
	ck_assert_int_eq(cti_store_open(&st, path, NULL), 0);
	ck_assert_int_ge(cti_store_query_intervals(st, &f, sales_iv, &g), 0);
	ck_assert_int_ge(cti_store_query_cdrs(st, &f, sales_cdr, &g), 0);
	cti_store_close(st);
	return g;
}

struct arrivals {
	int64_t until;
	unsigned *n;
};

static int count_arrival(void *user, const struct cti_center_record *r)
{
	struct arrivals *a = user;

	a->n[0] += r->epoch_ms < a->until;
	a->n[1] += r->epoch_ms < a->until - 2000;
	return 0;
}

/* n[0]: whole-call records of calls that arrived before `until`, n[1]:
 * 2 s before it */
static void calls_before(int64_t until, unsigned n[2])
{
	struct arrivals a = { until, n };
	char path[PATH_MAX];
	cti_store_t *st;

	n[0] = n[1] = 0;
	snprintf(path, sizeof(path), "%s/cdr.db", tdir);
	ck_assert_int_eq(cti_store_open(&st, path, NULL), 0);
	ck_assert_int_ge(
		cti_store_query_call_records(st, NULL, count_arrival, &a), 0);
	cti_store_close(st);
}

/* An interval lies within one wall-clock quarter hour (UTC: the file
 * sets no offset): ctid's intervals are aligned. */
static void assert_in_one_quarter(const struct cti_acd_interval *v)
{
	ck_assert_int_gt(v->length_ms, 0);
	ck_assert_int_eq(v->epoch_ms / 900000,
			 (v->epoch_ms + v->length_ms - 1) / 900000);
}

static const char quick_trial[] =
	"trial = { callers_per_hour = 7200; seed = 5;\n"
	"  talk_mean_ms = 1000; answer_min_ms = 0; answer_max_ms = 100;\n"
	"  patience_mean_ms = 600000; };\n";

/* A short trial, then SIGTERM: the open interval is not lost. The store
 * holds sales's interval (two if the run crossed a quarter hour), shorter
 * than 15 min and within its quarter, its offered and answered the
 * queue's CDRs (one per call through it, every call ended by the
 * drain). */
START_TEST(clean_stop_stores_the_open_interval)
{
	struct timespec t0, t1;
	unsigned offered = 0, answered = 0;
	struct sales g;
	pid_t pid;
	int status;

	tdir_make();
	write_file("main.flow", "state start\n  queue sales\n");
	write_conf(100, quick_trial);
	clock_gettime(CLOCK_REALTIME, &t0);
	pid = spawn_ctid();
	ck_assert(wait_log("ctid[ctid] notice: ready:"));
	sleep(7); /* callers from 4 s on */
	ck_assert_int_eq(kill(pid, SIGTERM), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	clock_gettime(CLOCK_REALTIME, &t1);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	g = sales_stored();
	ck_assert_uint_ge(g.n_iv, 1);
	ck_assert_uint_le(g.n_iv, 2);
	for (size_t i = 0; i < g.n_iv; i++) {
		assert_in_one_quarter(&g.iv[i]);
		ck_assert_int_lt(g.iv[i].length_ms, 900000);
		/* within the run, by the test's own clock */
		ck_assert_int_ge(g.iv[i].epoch_ms,
				 (int64_t)t0.tv_sec * 1000 - 1000);
		ck_assert_int_le(g.iv[i].epoch_ms + g.iv[i].length_ms,
				 (int64_t)t1.tv_sec * 1000 + 1000);
		offered += g.iv[i].offered;
		answered += g.iv[i].answered;
	}
	ck_assert_uint_ge(g.cdrs, 2); /* ~6 callers in 3 s */
	ck_assert_uint_ge(g.cdrs_answered, 1);
	ck_assert_uint_eq(offered, g.cdrs);
	ck_assert_uint_eq(answered, g.cdrs_answered);
	tdir_remove();
}
END_TEST

/* kill -9 after more than one checkpoint (10 s) with calls done: the
 * restart logs the cut interval and stores it as checkpointed: from the
 * first run's start, 10 s long or a multiple (the checkpoints run every
 * 10 s of its clock), with the calls it had counted by then; the
 * restart's own interval, closed at its stop, is apart and empty. */
START_TEST(kill_9_keeps_the_checkpointed_interval)
{
	struct timespec t0;
	unsigned logged = 0;
	struct sales g;
	char path[PATH_MAX], *t, *at;
	const struct cti_acd_interval *cut = NULL, *own = NULL;
	unsigned n[2];
	pid_t pid;
	int status;

	tdir_make();
	write_file("main.flow", "state start\n  queue sales\n");
	write_conf(100, quick_trial);
	clock_gettime(CLOCK_REALTIME, &t0);
	pid = spawn_ctid();
	ck_assert(wait_log("ctid[ctid] notice: ready:"));
	sleep(12); /* calls from 4 s, the checkpoint at 10 s */
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	g = sales_stored();
	ck_assert_uint_ge(g.cdrs_answered, 1); /* calls were done */
	snprintf(path, sizeof(path), "%s/log", tdir);
	ck_assert_int_eq(truncate(path, 0), 0);
	write_conf(100, ""); /* no trial: nothing new */
	pid = spawn_ctid();
	ck_assert(wait_log("ctid[ctid] notice: ready:"));
	ck_assert_int_eq(kill(pid, SIGTERM), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	t = log_text();
	at = strstr(t, " cut by the last stop stored as checkpointed");
	ck_assert_ptr_nonnull(at);
	while (at > t && strncmp(at, "store: ", 7))
		at--;
	ck_assert_int_eq(sscanf(at, "store: %u interval", &logged), 1);
	free(t);
	ck_assert_uint_ge(logged, 1); /* sales's (and any other queue's) */
	g = sales_stored();
	for (size_t i = 0; i < g.n_iv; i++) {
		assert_in_one_quarter(&g.iv[i]);
		if (g.iv[i].offered)
			cut = &g.iv[i];
		else
			own = &g.iv[i];
	}
	ck_assert_ptr_nonnull(cut);
	ck_assert_ptr_nonnull(own);
	ck_assert_int_ge(cut->epoch_ms, (int64_t)t0.tv_sec * 1000 - 1000);
	ck_assert_int_lt(cut->epoch_ms, own->epoch_ms);
	/* a checkpoint at 10 s of the first run's clock (from its engine's
	 * first work, a few ms after its start) */
	ck_assert_int_ge(cut->length_ms, 10000);
	ck_assert_int_lt(cut->length_ms, 12000);
	ck_assert_uint_ge(cut->answered, 1);
	ck_assert_uint_ge(cut->offered, cut->answered);
	/* every call has a whole-call record, ended or cut by the kill:
	 * the checkpoint counted no more calls than arrived before it, and
	 * every one that arrived 2 s before it (queued by then) */
	calls_before(cut->epoch_ms + cut->length_ms, n);
	ck_assert_uint_le(cut->offered, n[0]);
	ck_assert_uint_ge(cut->offered, n[1]);
	tdir_remove();
}
END_TEST

void add_reload_tests(Suite *s);

void add_daemon_tests(Suite *s)
{
	TCase *tc = tcase_create("daemon");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, life_on_loop_spans);
	tcase_add_test(tc, restart_after_kill_9);
	tcase_add_test(tc, restart_closes_cut_calls);
	tcase_add_test(tc, trial_answers_calls);
	tcase_add_test(tc, kill_9_mid_call_closes_journalled_calls);
	tcase_add_test(tc, clean_stop_stores_the_open_interval);
	tcase_add_test(tc, kill_9_keeps_the_checkpointed_interval);
	suite_add_tcase(s, tc);
	add_reload_tests(s);
}
