// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-call, the tool, against the loop backend: run the built binary as a
 * user would (build/bin/cti-call, or $CTI_BIN/cti-call) and check its exit
 * status and --json results. Loop runs use --virtual, so they are instant
 * and deterministic.
 */
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tool_run.h"
#include "unit.h"

#define RUN(r, ...) TOOL_RUN_MERGED(r, "cti-call", __VA_ARGS__)

#define HAS(r, s) ck_assert_msg(strstr((r)->out, s), "no '%s' in:\n%s", s, \
				(r)->out)

START_TEST(test_dial_completes)
{
	struct tool_run r;

	RUN(&r, "--virtual", "--json", "--dtmf", "1234#", "--hold", "2",
	    "dial", "loop", "5551000");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, "\"outcome\":\"completed\"");
	HAS(&r, "\"answered\":true");
	HAS(&r, "\"cause\":16");
	/* the loop's far end decoded our in-band DTMF (lib/dsp, Q.24) */
	HAS(&r, "\"far_end_heard_dtmf\":\"1234#\"");
}
END_TEST

/* --dtmf-delay: the digits go S seconds after the answer. Tones are
 * 80 ms with 80 ms pauses: sent 1 s on, 1234 has ended at 1.64 s, all
 * heard within a 2 s hold; sent 1.7 s on, 1 and 2 have ended at 1.94 s
 * and 3 would start at 2.02 s, after the clearing: 12 (sent at once, all
 * four would be heard). */
START_TEST(test_dial_dtmf_delay)
{
	struct tool_run r;

	RUN(&r, "--virtual", "--json", "--dtmf", "1234", "--dtmf-delay", "1",
	    "--hold", "2", "dial", "loop", "5551000");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, "\"far_end_heard_dtmf\":\"1234\"");
	RUN(&r, "--virtual", "--json", "--dtmf", "1234", "--dtmf-delay",
	    "1.7", "--hold", "2", "dial", "loop", "5551000");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, "\"far_end_heard_dtmf\":\"12\"");
}
END_TEST

/* The network side places the call and holds it past T313 (4 s): the
 * user side must have had its CONNECT acknowledged (Q.931 5.1.8, 5.2.8),
 * so the call lasts until we clear it. */
START_TEST(test_dial_from_network_side_outlasts_t313)
{
	struct tool_run r;

	RUN(&r, "--virtual", "--json", "--side", "net", "--hold", "8", "dial",
	    "loop", "5551000");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, "\"cleared_by\":\"us\"");
	HAS(&r, "\"connected_s\":8.0");
}
END_TEST

START_TEST(test_dial_prints_events)
{
	struct tool_run r;

	RUN(&r, "--virtual", "dial", "loop", "5551000", "--from", "2000");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, "ORIGINATED");
	HAS(&r, "from 2000 to 5551000");
	HAS(&r, "ESTABLISHED");
	HAS(&r, "CLEARED");
	HAS(&r, "call to 5551000: completed");
}
END_TEST

START_TEST(test_dial_bad_number_is_usage_error)
{
	struct tool_run r;

	RUN(&r, "--virtual", "dial", "loop", "55x1");
	ck_assert_int_eq(r.status, 2);
	HAS(&r, "cannot place the call");
}
END_TEST

/* Offered load under the channel count: every call answered. */
START_TEST(test_load_all_answered)
{
	struct tool_run r;

	RUN(&r, "--virtual", "--json", "load", "loop", "--rate", "10",
	    "--calls", "50", "--duration", "1");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, "\"attempted\":50,\"seized\":50,\"answered\":50");
	HAS(&r, "\"asr_percent\":100.00");
	HAS(&r, "\"no_free_bchannel\":0");
	HAS(&r, "\"setup_ms\":{\"p50\":");
}
END_TEST

/* 20 calls/s held 5 s is 100 Erlang on 30 B-channels (E1) or 23 (T1):
 * concurrency stops at the channel count, the rest is blocked. */
START_TEST(test_load_saturates_e1_and_t1)
{
	struct tool_run r;

	RUN(&r, "--virtual", "--json", "load", "loop", "--rate", "20",
	    "--calls", "100", "--duration", "5");
	ck_assert_int_eq(r.status, 1);
	HAS(&r, "\"max_concurrent\":30");
	RUN(&r, "--virtual", "--json", "--type", "t1", "load", "loop",
	    "--rate", "20", "--calls", "100", "--duration", "5");
	ck_assert_int_eq(r.status, 1);
	HAS(&r, "\"max_concurrent\":23");
}
END_TEST

START_TEST(test_usage_errors)
{
	static const char *const bad[][6] = {
		{ "dial", "loop", NULL },
		{ "answer", "loop", NULL },
		{ "load", "loop", "--calls", "5", NULL },
		{ "load", "loop", "--rate", "x", "--calls", "5" },
		{ "--virtual", "dial", "1", "100", NULL },
		{ "frob", "loop", NULL },
		{ "dial", "0", "100", NULL },
		{ "--type", "j1", "dial", "loop", "1", NULL },
	};
	struct tool_run r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tool_spawn(&r, "cti-call", bad[i], true);
		ck_assert_msg(r.status == 2, "case %zu exited %d:\n%s", i,
			      r.status, r.out);
	}
	RUN(&r, "--help");
	ck_assert_int_eq(r.status, 0);
	HAS(&r, "Usage: cti-call");
}
END_TEST

/* No DAHDI on the machine running unit tests: a clear system error. */
START_TEST(test_dahdi_span_missing)
{
	struct tool_run r;

	if (!access("/dev/dahdi/ctl", F_OK))
		return; /* a machine with DAHDI: covered by the VM tests */
	RUN(&r, "--wait", "1", "dial", "1", "100");
	ck_assert_int_eq(r.status, 2);
	HAS(&r, "cannot open span");
}
END_TEST

/* Bad DTMF, numbers longer than a call carries (31 digits) and a load
 * without --duration are usage errors before any call is placed. */
START_TEST(test_arguments_checked_before_the_call)
{
	static const char *const bad[][9] = {
		{ "--virtual", "--dtmf", "12X", "dial", "loop", "5551000" },
		{ "--virtual", "dial", "loop",
		  "123456789012345678901234567890123456789" },
		{ "--virtual", "--from", "1234567890123456789012345678901234",
		  "dial", "loop", "100" },
		{ "--virtual", "--from", "12a", "dial", "loop", "100" },
		{ "--virtual", "--number", "", "load", "loop", "--rate", "1" },
		{ "--virtual", "load", "loop", "--rate", "10", "--calls", "5" },
		{ "--virtual", "--dtmf-delay", "1", "dial", "loop", "100" },
		{ "--virtual", "--dtmf", "1", "--dtmf-delay", "3", "dial",
		  "loop", "100" },
	};
	static const char *const why[] = {
		"cti-call: --dtmf '12X': DTMF digits 0-9, *, # and A-D only\n",
		"cti-call: cannot place the call: NUMBER "
		"'123456789012345678901234567890123456789' has 39 digits; "
		"at most 31\n",
		"cti-call: --from '1234567890123456789012345678901234' has 34 "
		"digits; at most 31\n",
		"cti-call: --from '12a': digits 0-9, * and # only\n",
		"cti-call: --number is empty\n",
		"cti-call: load SPAN --rate R --calls N --duration D: "
		"--duration is required\n",
		"cti-call: --dtmf-delay needs --dtmf\n",
		"cti-call: --dtmf-delay must be shorter than --hold\n",
	};
	struct tool_run r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tool_spawn(&r, "cti-call", bad[i], true);
		ck_assert_msg(r.status == 2, "case %zu exited %d:\n%s", i,
			      r.status, r.out);
		ck_assert_str_eq(r.out, why[i]); /* and no call events */
	}
}
END_TEST

/* Ctrl-C with a call up (real time): we clear it, and say so. */
START_TEST(test_interrupt_clears_the_call)
{
	const char *bin_dir = getenv("CTI_BIN") ? getenv("CTI_BIN") :
						  "build/bin";
	char path[512], out[8192] = "", tmp[] = "/tmp/cti-call-intXXXXXX";
	char *argv[] = { path, "dial", "loop", "5551000", "--hold", "60",
			 NULL };
	posix_spawn_file_actions_t fa;
	int fd = mkstemp(tmp), st;
	ssize_t k = 0;
	pid_t pid;

	ck_assert_int_ge(fd, 0);
	unlink(tmp);
	snprintf(path, sizeof(path), "%s/cti-call", bin_dir);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd, 1);
	posix_spawn_file_actions_adddup2(&fa, fd, 2);
	ck_assert_int_eq(posix_spawn(&pid, path, &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	for (int i = 0; i < 300 && !strstr(out, "ESTABLISHED"); i++) {
		usleep(50000);
		k = pread(fd, out, sizeof(out) - 1, 0);
		out[k > 0 ? k : 0] = '\0';
	}
	ck_assert_msg(strstr(out, "ESTABLISHED"), "no call up:\n%s", out);
	usleep(300000);
	ck_assert_int_eq(kill(pid, SIGINT), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	k = pread(fd, out, sizeof(out) - 1, 0);
	out[k > 0 ? k : 0] = '\0';
	close(fd);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s", out);
	ck_assert_msg(strstr(out, "CLEARED") &&
		      strstr(out, "call to 5551000: interrupted, answered") &&
		      strstr(out, "cause 16 (Normal call clearing), cleared "
				  "by us after 0.") &&
		      !strstr(out, "far end") && !strstr(out, "after -"),
		      "%s", out);
}
END_TEST

TCase *pcap_tcase(void); /* pcap_test.c */

Suite *unit_suite(void)
{
	Suite *s = suite_create("cti_call");
	TCase *tc = tcase_create("tool");

	tcase_add_test(tc, test_dial_completes);
	tcase_add_test(tc, test_dial_dtmf_delay);
	tcase_add_test(tc, test_dial_from_network_side_outlasts_t313);
	tcase_add_test(tc, test_dial_prints_events);
	tcase_add_test(tc, test_dial_bad_number_is_usage_error);
	tcase_add_test(tc, test_load_all_answered);
	tcase_add_test(tc, test_load_saturates_e1_and_t1);
	tcase_add_test(tc, test_usage_errors);
	tcase_add_test(tc, test_dahdi_span_missing);
	tcase_add_test(tc, test_arguments_checked_before_the_call);
	tcase_add_test(tc, test_interrupt_clears_the_call);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, pcap_tcase());
	return s;
}
