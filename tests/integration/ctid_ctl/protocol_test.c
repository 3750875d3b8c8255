// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The control protocol at the byte level: every bad request gets its
 * exact error line and the connection goes on; lines split, joined,
 * too long, CRLF; a client that does not read its replies holds up no
 * one else; too many clients; the socket file's mode and the cases of a
 * path already taken. And cti-ctl's exit statuses where ctid is not
 * reached or the command line is wrong.
 */
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <unistd.h>

#include "fixture.h"

static void ask(int fd, const char *req, char *reply, size_t cap)
{
	fx_send(fd, req, strlen(req));
	fx_line(fd, reply, cap);
}

#define ERR(code, why) \
	"{\"ok\":false,\"error\":\"" code "\",\"why\":\"" why "\"}"

START_TEST(bad_requests_exact_errors)
{
	static const char *const cases[][2] = {
		/* jansson's own words, with the column it stopped at */
		{ "hello\n", ERR("CTI_EFORMAT", "not JSON: invalid token "
						"near 'hello' at column 5") },
		{ "[1,2]\n", ERR("CTI_EFORMAT", "a request is a JSON object") },
		{ "42\n", ERR("CTI_EFORMAT", "a request is a JSON object") },
		{ "{}\n",
		  ERR("CTI_EINVAL", "cmd: missing (a string: the command)") },
		{ "{\"cmd\":7}\n", ERR("CTI_EINVAL", "cmd: missing (a string: "
						     "the command)") },
		{ "{\"cmd\":\"frobnicate\"}\n",
		  ERR("CTI_ENOTSUP",
		      "cmd: no such command (cti-ctl --help lists them)") },
		{ "{\"cmd\":\"agent-ready\"}\n",
		  ERR("CTI_EINVAL", "agent-ready: 'agent' missing (agent)") },
		{ "{\"cmd\":\"agent-pause\",\"agent\":\"bob\",\"reason\":\"x\"}"
		  "\n",
		  ERR("CTI_EINVAL", "reason: must be a whole number") },
		{ "{\"cmd\":\"agent-pause\",\"agent\":\"bob\",\"reason\":-1}\n",
		  ERR("CTI_EINVAL", "reason: must be 0 to 2147483647") },
		{ "{\"cmd\":\"agent-pause\",\"agent\":\"bob\",\"reason\":1.5}\n",
		  ERR("CTI_EINVAL", "reason: must be a whole number") },
		{ "{\"cmd\":\"agent-ready\",\"agent\":\"\"}\n",
		  ERR("CTI_EINVAL", "agent: must be 1 to 63 characters") },
		{ "{\"cmd\":\"agent-ready\",\"agent\":\"a\\nb\"}\n",
		  ERR("CTI_EINVAL",
		      "agent: must not hold control characters") },
		{ "{\"cmd\":\"status\",\"agent\":\"x\"}\n",
		  ERR("CTI_EINVAL",
		      "status: unknown argument 'agent' (no arguments)") },
		{ "{\"cmd\":\"stop\",\"seconds\":86401}\n",
		  ERR("CTI_EINVAL", "seconds: must be 0 to 86400") },
		{ "{\"cmd\":\"stop\",\"seconds\":5}\n",
		  ERR("CTI_EINVAL", "stop: seconds only with drain") },
		{ "{\"cmd\":\"stop\",\"drain\":1}\n",
		  ERR("CTI_EINVAL", "drain: must be true or false") },
		{ "{\"cmd\":\"capture\",\"span\":\"trunk1\"}\n",
		  ERR("CTI_EINVAL", "capture: 'file' missing (span, and file: "
				    "a path or null)") },
		{ "{\"cmd\":\"capture\",\"span\":\"trunk1\",\"file\":\"x.pcap\"}"
		  "\n",
		  ERR("CTI_EINVAL",
		      "file: must be an absolute path (under 4096 bytes)") },
		{ "{\"cmd\":\"agent-ready\",\"agent\":\"nobody\"}\n",
		  ERR("CTI_ENOENT", "agent-ready: nobody: not logged in") },
	};
	char reply[1024];
	int fd;

	ck_assert_int_eq(CTI_NAME_MAX, 64); /* "1 to 63 characters" */
	fx_open();
	fd = fx_connect();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ask(fd, cases[i][0], reply, sizeof(reply));
		ck_assert_msg(!strcmp(reply, cases[i][1]),
			      "case %zu: %s\n got %s\nwant %s", i, cases[i][0],
			      reply, cases[i][1]);
	}
	/* a duplicate key is refused by the parser itself */
	ask(fd, "{\"cmd\":\"status\",\"cmd\":\"spans\"}\n", reply,
	    sizeof(reply));
	ck_assert_msg(!strncmp(reply, ERR("CTI_EFORMAT", "not JSON: "),
			       strlen(ERR("CTI_EFORMAT", "not JSON: ")) - 2),
		      "%s", reply);
	ck_assert_ptr_nonnull(strstr(reply, "duplicate"));
	/* bytes that are no UTF-8, quoted back by the parser's message,
	 * still make a JSON reply (found by the fuzzer) */
	ask(fd, "{\"cmd\":\"\\u000\xd5\x8f\"}\n", reply, sizeof(reply));
	{
		json_t *o = json_loads(reply, 0, NULL);

		ck_assert_msg(json_is_object(o), "%s", reply);
		ck_assert_str_eq(json_string_value(json_object_get(o, "error")),
				 "CTI_EFORMAT");
		json_decref(o);
	}
	/* and after all of them the connection still serves */
	ask(fd, "{\"cmd\":\"status\"}\n", reply, sizeof(reply));
	ck_assert_ptr_nonnull(strstr(reply, "{\"ok\":true,\"version\":"));
	close(fd);
	fx_close();
}
END_TEST

START_TEST(lines_split_joined_long)
{
	char reply[1024], big[10000];
	int fd;

	fx_open();
	fd = fx_connect();
	/* one request in three pieces, the loop turning between them */
	fx_send(fd, "{\"cmd\":", 7);
	fx_send(fd, "\"reloa", 6);
	fx_send(fd, "d\"}\r\n", 5);
	fx_line(fd, reply, sizeof(reply));
	ck_assert_str_eq(reply, "{\"ok\":true,\"reloads\":1}");
	/* two in one write, an empty line between: two replies, in order */
	ask(fd, "{\"cmd\":\"reload\"}\n\n{\"cmd\":\"reload\"}\n", reply,
	    sizeof(reply));
	ck_assert_str_eq(reply, "{\"ok\":true,\"reloads\":2}");
	fx_line(fd, reply, sizeof(reply));
	ck_assert_str_eq(reply, "{\"ok\":true,\"reloads\":3}");
	/* 9999 bytes in one line: refused once, skipped to its newline */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\n';
	fx_send(fd, big, sizeof(big));
	fx_send(fd, "{\"cmd\":\"reload\"}\n", 17);
	fx_line(fd, reply, sizeof(reply));
	ck_assert_str_eq(reply,
			 ERR("CTI_E2BIG", "request longer than 4095 bytes"));
	fx_line(fd, reply, sizeof(reply));
	ck_assert_str_eq(reply, "{\"ok\":true,\"reloads\":4}");
	/* 4095 bytes and its newline is the longest taken (JSON padded
	 * with spaces) */
	memset(big, ' ', 4095);
	memcpy(big, "{\"cmd\":\"reload\"}", 16);
	big[4095] = '\n';
	fx_send(fd, big, 4096);
	fx_line(fd, reply, sizeof(reply));
	ck_assert_str_eq(reply, "{\"ok\":true,\"reloads\":5}");
	/* the last request without a newline, then the client's EOF: it is
	 * answered and the connection closed */
	fx_send(fd, "{\"cmd\":\"reload\"}", 16);
	shutdown(fd, SHUT_WR);
	fx_line(fd, reply, sizeof(reply));
	ck_assert_str_eq(reply, "{\"ok\":true,\"reloads\":6}");
	fx_line(fd, reply, sizeof(reply));
	ck_assert_str_eq(reply, "");
	close(fd);
	fx_close();
}
END_TEST

/* A client that sends and never reads: its replies pile up in its
 * socket, then the daemon stops reading it; another client is served
 * all the while; the first then gets every reply, in order. */
START_TEST(slow_reader_holds_up_no_one)
{
	enum { N = 3000 };
	static char reqs[N * 17 + 1];
	char reply[1024];
	int slow, fast, n = 0;
	size_t off = 0;

	fx_open();
	slow = fx_connect();
	fast = fx_connect();
	for (int i = 0; i < N; i++)
		off += (size_t)sprintf(reqs + off, "{\"cmd\":\"reload\"}\n");
	/* no more than the socket takes, without pumping past it */
	while (off) {
		ssize_t k = send(slow, reqs + (N * 17 - off), off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (k > 0)
			off -= (size_t)k;
		ask(fast, "{\"cmd\":\"status\"}\n", reply, sizeof(reply));
		ck_assert_ptr_nonnull(strstr(reply, "{\"ok\":true,"));
		if (++n > 10000)
			break;
	}
	ck_assert_uint_eq(off, 0);
	/* the daemon answered only what the slow client's socket holds:
	 * each reply is one send, charged to the daemon's send buffer (212
	 * KiB by default) at its buffer's true size (over 512 bytes each),
	 * so a few hundred, never 3000 */
	ck_assert_uint_lt(F.d.reloads, N);
	for (int i = 1; i <= N; i++) {
		char want[64];

		fx_line(slow, reply, sizeof(reply));
		snprintf(want, sizeof(want), "{\"ok\":true,\"reloads\":%d}", i);
		ck_assert_str_eq(reply, want);
	}
	close(slow);
	close(fast);
	fx_close();
}
END_TEST

START_TEST(too_many_clients)
{
	int fds[CTID_CTL_MAX_CLIENTS + 1];
	char reply[256];

	fx_open();
	for (int i = 0; i < CTID_CTL_MAX_CLIENTS; i++)
		fds[i] = fx_connect();
	fds[CTID_CTL_MAX_CLIENTS] = fx_connect();
	fx_line(fds[CTID_CTL_MAX_CLIENTS], reply, sizeof(reply));
	ck_assert_str_eq(reply, ERR("CTI_EBUSY", "too many control clients"));
	fx_line(fds[CTID_CTL_MAX_CLIENTS], reply, sizeof(reply));
	ck_assert_str_eq(reply, ""); /* closed */
	/* one leaves: a place again, once the daemon has seen it go */
	close(fds[0]);
	fx_pump(10);
	fds[0] = fx_connect();
	ask(fds[0], "{\"cmd\":\"reload\"}\n", reply, sizeof(reply));
	ck_assert_str_eq(reply, "{\"ok\":true,\"reloads\":1}");
	for (int i = 0; i <= CTID_CTL_MAX_CLIENTS; i++)
		close(fds[i]);
	fx_close();
}
END_TEST

START_TEST(socket_file)
{
	struct ctid other = { 0 };
	char why[256], path[256];
	struct stat st;
	int fd;

	fx_open();
	ck_assert_int_eq(stat(F.sock, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_int_eq(st.st_mode & 07777, 0660);
	/* a live ctid's socket is not taken over */
	other.ctx = F.d.ctx;
	ck_assert_int_eq(ctid_ctl_open(&other, F.sock, why, sizeof(why)),
			 CTI_EBUSY);
	snprintf(path, sizeof(path), "%s: another ctid is listening there",
		 F.sock);
	ck_assert_str_eq(why, path);
	/* nor is a file that is not a socket */
	snprintf(path, sizeof(path), "%s/plain", F.dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	close(fd);
	ck_assert_int_eq(ctid_ctl_open(&other, path, why, sizeof(why)),
			 CTI_EEXIST);
	ck_assert_ptr_nonnull(strstr(why, "exists and is not a socket"));
	unlink(path);
	/* one left by a ctid that died is replaced */
	ctid_ctl_close(&F.d);
	ck_assert_int_ne(access(F.sock, F_OK), 0); /* close removes it */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	{
		struct sockaddr_un sa = { .sun_family = AF_UNIX };

		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", F.sock);
		ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)),
				 0);
	}
	close(fd); /* bound, never listening: stale */
	ck_assert_int_eq(ctid_ctl_open(&F.d, F.sock, why, sizeof(why)), 0);
	fd = fx_connect();
	close(fd);
	/* a path too long for a UNIX socket */
	memset(path, 'a', 108);
	path[0] = '/';
	path[108] = '\0';
	ck_assert_int_eq(ctid_ctl_open(&other, path, why, sizeof(why)),
			 CTI_EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "a socket path is 1 to 107 bytes"));
	fx_close();
}
END_TEST

START_TEST(exit_statuses)
{
	struct ctl_run r;
	char want[256];

	fx_open();
	FX_CTL(&r, "status");
	ck_assert_int_eq(r.status, 0);
	FX_CTL(&r, "agent", "ready", "nobody");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	/* --json: the error object on stdout, the reason on stderr too */
	FX_CTL(&r, "--json", "agent", "ready", "nobody");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, ERR("CTI_ENOENT",
				    "agent-ready: nobody: not logged in") "\n");
	FX_CTL(&r, "agent", "pause", "bob", "x");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "cti-ctl: 'x' is not a reason code (a whole "
				"number, 0 to 2147483647)\n");
	FX_CTL(&r, "agent", "nap", "bob");
	ck_assert_int_eq(r.status, 2);
	FX_CTL(&r, "status", "now");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "cti-ctl: status takes no arguments\n");
	FX_CTL(&r, "--drain", "reload");
	ck_assert_int_eq(r.status, 2);
	FX_CTL(&r, "capture", "trunk1", "maybe");
	ck_assert_int_eq(r.status, 2);
	ck_assert_int_eq(F.d.reloads, 0); /* none of them reached ctid */
	fx_close();
	/* ctid gone: its socket removed */
	FX_CTL(&r, "status");
	ck_assert_int_eq(r.status, 2);
	snprintf(want, sizeof(want),
		 "cti-ctl: %s: No such file or directory (is ctid running?)\n",
		 F.sock);
	ck_assert_str_eq(r.err, want);
}
END_TEST

/* Access is the file system's: a user who is neither the socket's owner
 * nor in its group cannot connect, and cti-ctl says what to check. */
START_TEST(others_cannot_connect)
{
	const char *bin = getenv("CTI_BIN") ? getenv("CTI_BIN") : "build/bin";
	char path[256], err[512] = "", want[256];
	int pfd[2], st;
	ssize_t k;
	pid_t pid;

	if (getuid() != 0) {
		/* only root can become another user to try */
		fprintf(stderr, "others_cannot_connect: not root, skipped\n");
		return;
	}
	fx_open();
	/* the directory may be entered by all: only the socket's mode
	 * keeps them out */
	ck_assert_int_eq(chmod(F.dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/cti-ctl", bin);
	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	if (pid == 0) {
		dup2(pfd[1], 2);
		if (setgid(65534) || setuid(65534))
			_exit(99);
		execl(path, path, "-s", F.sock, "status", (char *)NULL);
		_exit(98);
	}
	close(pfd[1]);
	while (waitpid(pid, &st, WNOHANG) == 0)
		fx_pump(1);
	k = read(pfd[0], err, sizeof(err) - 1);
	err[k > 0 ? k : 0] = '\0';
	close(pfd[0]);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 2);
	snprintf(want, sizeof(want),
		 "cti-ctl: %s: Permission denied (are you in ctid's group?)\n",
		 F.sock);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(F.d.reloads, 0);
	fx_close();
}
END_TEST

void add_protocol_tests(Suite *s);
void add_protocol_tests(Suite *s)
{
	TCase *tc = tcase_create("protocol");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, bad_requests_exact_errors);
	tcase_add_test(tc, lines_split_joined_long);
	tcase_add_test(tc, slow_reader_holds_up_no_one);
	tcase_add_test(tc, too_many_clients);
	tcase_add_test(tc, socket_file);
	tcase_add_test(tc, exit_statuses);
	tcase_add_test(tc, others_cannot_connect);
	suite_add_tcase(s, tc);
}
