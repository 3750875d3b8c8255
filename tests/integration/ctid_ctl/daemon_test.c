// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The real thing: build/bin/ctid started on a configuration of loop
 * spans as systemd would start it (NOTIFY_SOCKET and WATCHDOG_USEC of the
 * test's own), then operated with the real cti-ctl: readiness and the
 * keep-alive, status, spans, agents through login/ready/pause/logout,
 * queues, a reload that adds a queue, a reload of a broken file refused
 * with its file:line while the running configuration stays, and
 * stop --drain: STOPPING=1, exit 0, the socket gone.
 */
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cti/cti.h"

#include "../tool_run.h"

static char dir[64], conf[100], sock[100], nsock[100];
static int nfd;
static pid_t ctid;

static const char conf_head[] =
	"control = \"%s\";\n"
	"prompts = \"%s\";\n"
	"drain_timeout_ms = 5000;\n"
	"log = { level = \"warning\"; target = \"stderr\"; };\n"
	"trunks = ( { name = \"pstn\"; kind = \"network\"; },\n"
	"           { name = \"phones\"; kind = \"stations\"; } );\n"
	"spans = ( { name = \"trunk1\"; trunk = \"pstn\"; loop = true;\n"
	"            type = \"e1\"; side = \"cpe\"; },\n"
	"          { name = \"station1\"; trunk = \"phones\"; loop = true;\n"
	"            type = \"e1\"; side = \"net\"; } );\n"
	"routes = ( { target = \"queue:sales\"; } );\n"
	"extensions = ( { number = \"2001\"; trunk = \"phones\"; },\n"
	"               { number = \"2002\"; trunk = \"phones\"; } );\n"
	"agents = ( { name = \"alice\"; extension = \"2001\"; },\n"
	"           { name = \"bob\"; extension = \"2002\"; } );\n";

static void write_conf(const char *queues)
{
	char prompts[512];
	FILE *f = fopen(conf, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(realpath(
		getenv("CTI_PROMPTS") ? getenv("CTI_PROMPTS") : "build/prompts",
		prompts));
	fprintf(f, conf_head, sock, prompts);
	fputs(queues, f);
	fclose(f);
}

/* the next sd_notify message within ms, "" if none came */
static const char *notified(int ms)
{
	static char buf[512];
	struct pollfd p = { .fd = nfd, .events = POLLIN };
	ssize_t k = 0;

	if (poll(&p, 1, ms) == 1)
		k = recv(nfd, buf, sizeof(buf) - 1, 0);
	buf[k > 0 ? k : 0] = '\0';
	return buf;
}

/* the next message that is not the keep-alive */
static const char *notified_not_watchdog(int ms)
{
	const char *m;

	while (*(m = notified(ms)) && !strcmp(m, "WATCHDOG=1"))
		;
	return m;
}

/* wait for `want`, whatever comes before it */
static bool notified_at_last(const char *want, int ms)
{
	const char *m;

	while (*(m = notified(ms)))
		if (!strcmp(m, want))
			return true;
	return false;
}

static void start_ctid(void)
{
	const char *bin = getenv("CTI_BIN") ? getenv("CTI_BIN") : "build/bin";
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char path[256], *argv[6];
	const char *m;

	snprintf(dir, sizeof(dir), "/tmp/ctid-d-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(conf, sizeof(conf), "%s/ctid.conf", dir);
	snprintf(sock, sizeof(sock), "%s/ctl.sock", dir);
	snprintf(nsock, sizeof(nsock), "%s/notify", dir);
	write_conf("queues = ( { name = \"sales\"; } );\n");
	nfd = socket(AF_UNIX, SOCK_DGRAM, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", nsock);
	ck_assert_int_eq(bind(nfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	setenv("NOTIFY_SOCKET", nsock, 1);
	setenv("WATCHDOG_USEC", "400000", 1);
	snprintf(path, sizeof(path), "%s/ctid", bin);
	argv[0] = path;
	argv[1] = "--config";
	argv[2] = conf;
	argv[3] = "--foreground";
	argv[4] = NULL;
	ck_assert_int_eq(posix_spawn(&ctid, path, NULL, NULL, argv, environ),
			 0);
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	/* ready once its spans are open and the socket listens */
	m = notified(20000);
	ck_assert_msg(!strncmp(m, "READY=1\nSTATUS=", 15), "got '%s'", m);
	/* then a keep-alive every 200 ms */
	ck_assert_str_eq(notified(1000), "WATCHDOG=1");
}

static void ctl(struct tool_run *r, const char *const *args)
{
	const char *a[24] = { "-s", sock };
	int n = 2;

	for (; *args && n < 23; args++)
		a[n++] = *args;
	a[n] = NULL;
	tool_run(r, "cti-ctl", a);
}
#define CTL(r, ...)                                             \
	do {                                                    \
		const char *const a_[] = { __VA_ARGS__, NULL }; \
		ctl(r, a_);                                     \
	} while (0)

START_TEST(real_ctid_operated_with_cti_ctl)
{
	struct tool_run r;
	char want[512];
	int st;

	start_ctid();
	CTL(&r, "status");
	ck_assert_int_eq(r.status, 0);
	snprintf(want, sizeof(want), "version   %s\nuptime    ",
		 cti_version_string());
	ck_assert_msg(!strncmp(r.out, want, strlen(want)), "%s", r.out);
	ck_assert_str_eq(strstr(r.out, "calls"),
			 "calls     0\n"
			 "agents    0 logged in, 0 ready\n"
			 "spans     2 of 2 up\n"
			 "reloads   0\n"
			 "draining  no\n");
	CTL(&r, "spans");
	ck_assert_str_eq(r.out,
			 "SPAN      TRUNK   SIG  DAHDI  UP   ALARMS  CHANNELS  "
			 "IN USE  CAPTURE\n"
			 "trunk1    pstn    pri  0      yes  -       30        "
			 "0       -\n"
			 "station1  phones  pri  0      yes  -       30        "
			 "0       -\n");
	/* alice at her configured extension, bob at the one given */
	CTL(&r, "agent", "login", "alice");
	ck_assert_str_eq(r.out, "alice: NOT_READY (reason 0)\n");
	CTL(&r, "agent", "login", "bob", "2002");
	ck_assert_str_eq(r.out, "bob: NOT_READY (reason 0)\n");
	CTL(&r, "agent", "login", "zed");
	ck_assert_int_eq(r.status, 1);
	CTL(&r, "agent", "ready", "alice");
	ck_assert_str_eq(r.out, "alice: READY\n");
	CTL(&r, "agent", "pause", "bob", "4");
	ck_assert_str_eq(r.out, "bob: NOT_READY (reason 4)\n");
	CTL(&r, "agents");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "AGENT  EXT   STATE      REASON  SINCE  "
				"ANSWERED\n"
				"alice  2001  READY      0       0s     0\n"
				"bob    2002  NOT_READY  4       0s     0\n");
	CTL(&r, "queues");
	ck_assert_str_eq(r.out, "QUEUE  WAITING  OLDEST  STAFFED  READY  "
				"OFFERED  ANSWERED  ABANDONED  SL  ASA\n"
				"sales  0        0s      2        1      0    "
				"    0         0          -   0s\n");
	/* a reload that adds a queue */
	write_conf(
		"queues = ( { name = \"sales\"; }, { name = \"support\"; } );\n");
	CTL(&r, "reload");
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(r.out, "reloaded (1 since start)\n");
	ck_assert_msg(!strncmp(notified_not_watchdog(1000),
			       "RELOADING=1\nMONOTONIC_USEC=", 27),
		      "no RELOADING=1");
	ck_assert_str_eq(notified_not_watchdog(1000), "STATUS=reloaded");
	ck_assert_str_eq(notified_not_watchdog(1000), "READY=1");
	CTL(&r, "--json", "queues");
	ck_assert_ptr_nonnull(strstr(r.out, "\"name\":\"support\""));
	/* a broken one: refused whole, its line named, the running one
	 * stays (the file's line 16 is the queues line) */
	write_conf(
		"queues = ( { name = \"sales\"; strategy = \"fastest\"; } );\n");
	CTL(&r, "reload");
	ck_assert_int_eq(r.status, 1);
	snprintf(want, sizeof(want), "cti-ctl: %s:16: ", conf);
	ck_assert_msg(!strncmp(r.err, want, strlen(want)), "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.err, "strategy"));
	ck_assert(notified_at_last("STATUS=reload refused, running "
				   "configuration kept",
				   1000));
	ck_assert_str_eq(notified_not_watchdog(1000), "READY=1");
	CTL(&r, "--json", "status");
	ck_assert_ptr_nonnull(strstr(r.out, "\"reloads\":1,"));
	CTL(&r, "--json", "queues");
	ck_assert_ptr_nonnull(strstr(r.out, "\"name\":\"support\""));
	/* stop with a drain: no call, so at once */
	CTL(&r, "stop", "--drain", "2");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "stopping: no new calls; 0 call(s) in "
				"progress have 2s to end\n");
	ck_assert(notified_at_last("STOPPING=1", 5000));
	ck_assert_int_eq(waitpid(ctid, &st, 0), ctid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	ck_assert_int_ne(access(sock, F_OK), 0);
	CTL(&r, "status");
	ck_assert_int_eq(r.status, 2);
	close(nfd);
	unlink(nsock);
	unlink(conf);
	rmdir(dir);
}
END_TEST

void add_daemon_tests(Suite *s);
void add_daemon_tests(Suite *s)
{
	TCase *tc = tcase_create("daemon");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, real_ctid_operated_with_cti_ctl);
	suite_add_tcase(s, tc);
}
