// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * D-channel captures (cti_span_set_capture): a call on a loop pair under
 * virtual time captured on both spans and decoded by tshark (Debian's
 * Wireshark), checked frame by frame against the call written out from
 * Q.931 clause 5 and Q.921 clause 5; the file's bytes against
 * pcap-savefile(5) and LINKTYPE_LINUX_LAPD; switching, stopping, errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cti/call.h"
#include "cti/span.h"
#include "unit.h"

#include "capture_test.h"

/* ---- a loop pair with a call driven step by step ---------------------- */

static struct {
	cti_ctx_t *ctx;
	cti_span_id_t net, cpe;
	cti_call_id_t offered; /* the last OFFERED on cpe */
	int established, cleared;
	int errors; /* CTI_LOG_ERROR lines of module "capture" */
	char last_error[256];
	char dir[64];
} T;

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	(void)ctx;
	(void)u;
	/* no ck_assert here: the disk-full test runs with a file size limit
	 * that Check's own message file would hit */
	if (ev->type == CTI_EVENT_CALL_OFFERED)
		T.offered = ev->u.call.call_id;
	else if (ev->type == CTI_EVENT_CALL_ESTABLISHED)
		T.established++;
	else if (ev->type == CTI_EVENT_CALL_CLEARED)
		T.cleared++;
}

static void on_log(void *u, int level, const char *module, const char *msg)
{
	(void)u;
	if (getenv("CTI_TEST_LOG"))
		fprintf(stderr, "%d %s: %s\n", level, module, msg);
	if (level == CTI_LOG_ERROR && !strcmp(module, "capture")) {
		T.errors++;
		snprintf(T.last_error, sizeof(T.last_error), "%s", msg);
	}
}

static void open_pair(void)
{
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL,
				      .log_level = CTI_LOG_NOTICE,
				      .log_fn = on_log };
	struct cti_span_config n = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_NET };
	struct cti_span_config c = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_CPE };
	/* 64 kbit/s: each frame arrives after its serialisation time */
	struct cti_loop_config lc = { .d_bitrate = 64000 };

	memset(&T, 0, sizeof(T));
	strcpy(T.dir, "/tmp/cti-capture-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(T.dir));
	ck_assert_int_eq(cti_ctx_new(&T.ctx, &cfg), 0);
	cti_ctx_set_event_cb(T.ctx, on_event, NULL);
	ck_assert_int_eq(cti_span_open_loop(T.ctx, &T.net, &T.cpe, &n, &c, &lc),
			 0);
}

static void close_pair(void)
{
	char cmd[128];

	cti_ctx_free(T.ctx);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", T.dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *path_in(const char *name)
{
	static char p[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", T.dir, name);
	return p[i];
}

static void run_ms(uint64_t ms)
{
	ck_assert_int_eq(cti_clock_advance(T.ctx, ms), 0);
}

#define DIAL_MS 3500 /* after SPAN_UP (settle time 3 s) */

static cti_call_id_t dial(void)
{
	struct cti_call_params p = { .span = T.net };
	cti_call_id_t id = 0;

	strcpy(p.dnis.digits, "2001");
	ck_assert_int_eq(cti_call_make(T.ctx, &id, &p), 0);
	return id;
}

/* The call of the tests: the network side offers a call to the user
 * side, which alerts, answers, and the network clears it (cause 16). Each
 * step 100 ms apart, so every frame of one step is out before the next.
 * `between(step)` runs after each step (0 after SETUP .. 3 after
 * DISCONNECT). */
static void the_call(void (*between)(int step))
{
	cti_call_id_t out;

	run_ms(DIAL_MS - cti_now_ms(T.ctx));
	out = dial();
	run_ms(100);
	ck_assert_uint_gt(T.offered, 0);
	if (between)
		between(0);
	ck_assert_int_eq(cti_call_alert(T.ctx, T.offered), 0);
	run_ms(100);
	if (between)
		between(1);
	ck_assert_int_eq(cti_call_answer(T.ctx, T.offered), 0);
	run_ms(100);
	ck_assert_int_eq(T.established, 2);
	if (between)
		between(2);
	ck_assert_int_eq(cti_call_clear(T.ctx, out, 16), 0);
	run_ms(200);
	ck_assert_int_eq(T.cleared, 2);
	if (between)
		between(3);
}

/* ---- what tshark makes of a file -------------------------------------- */

/* Q.931 Table 4-2: message type codes */
static const char *q931_name(unsigned long mt)
{
	switch (mt) {
	case 0x01:
		return "ALERTING";
	case 0x02:
		return "CALL PROCEEDING";
	case 0x05:
		return "SETUP";
	case 0x07:
		return "CONNECT";
	case 0x0f:
		return "CONNECT ACKNOWLEDGE";
	case 0x45:
		return "DISCONNECT";
	case 0x4d:
		return "RELEASE";
	case 0x5a:
		return "RELEASE COMPLETE";
	default:
		return "?";
	}
}

/* One frame as a line: "out I 0 0 SETUP" (N(S) N(R)), "in RR 1" (N(R)),
 * "out SABME"; direction from the pseudo-header's packet type as tshark
 * read it (frame.p2p_dir: 0 sent, 1 received). */
static void describe(char *out, size_t n, char **f)
{
	const char *dir = !strcmp(f[0], "0")   ? "out"
			  : !strcmp(f[0], "1") ? "in"
					       : "dir?";
	unsigned long ftype = strtoul(f[1], NULL, 16);

	if ((ftype & 1) == 0) { /* Q.921 3.6.2: I format */
		snprintf(out, n, "%s I %s %s %s", dir, f[5], f[6],
			 q931_name(strtoul(f[7], NULL, 16)));
	} else if (ftype == 1) { /* S format: RR 00, RNR 01, REJ 10 */
		unsigned long s = strtoul(f[2], NULL, 16);

		snprintf(out, n, "%s %s %s", dir,
			 s == 0	  ? "RR"
			 : s == 1 ? "RNR"
				  : "REJ",
			 f[6]);
	} else if (f[3][0]) { /* U commands */
		snprintf(out, n, "%s %s", dir,
			 strtoul(f[3], NULL, 16) == 0x1b ? "SABME" : f[3]);
	} else {
		snprintf(out, n, "%s %s", dir,
			 strtoul(f[4], NULL, 16) == 0x18 ? "UA" : f[4]);
	}
}

#define FIELDS                                                            \
	"-e frame.p2p_dir -e lapd.control.ftype -e lapd.control.s_ftype " \
	"-e lapd.control.u_modifier_cmd -e lapd.control.u_modifier_resp " \
	"-e lapd.control.n_s -e lapd.control.n_r -e q931.message_type "   \
	"-e frame.time_epoch"

/* The frames of `path` as lines (at most max), their epoch times in
 * times[] if not NULL; checks tshark read the file without complaint. */
static int decode(const char *path, char lines[][48], int max, char times[][24])
{
	char cmd[512], buf[512];
	FILE *p;
	int n = 0;

	snprintf(cmd, sizeof(cmd),
		 "tshark -r '%s' -T fields -E separator=, " FIELDS
		 " 2>/dev/null",
		 path);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while (fgets(buf, sizeof(buf), p)) {
		char *f[9], *s = buf;

		buf[strcspn(buf, "\n")] = '\0';
		for (int i = 0; i < 9; i++) {
			f[i] = strsep(&s, ",");
			ck_assert_msg(f[i], "%s: short line '%s'", path, buf);
		}
		ck_assert_int_lt(n, max);
		describe(lines[n], sizeof(lines[n]), f);
		if (times)
			snprintf(times[n], sizeof(times[n]), "%s", f[8]);
		n++;
	}
	ck_assert_msg(pclose(p) == 0, "tshark could not read %s", path);
	return n;
}

/* Nothing Wireshark calls malformed or worth a warning. */
static void assert_clean(const char *path)
{
	char cmd[512], buf[256];
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 "tshark -r '%s' -Y '_ws.malformed || _ws.expert.severity >= "
		 "\"Warning\"' 2>/dev/null",
		 path);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_msg(!fgets(buf, sizeof(buf), p), "%s: %s", path, buf);
	ck_assert_int_eq(pclose(p), 0);
}

static void assert_frames(const char *path, const char *const *want, int n)
{
	char got[64][48];
	int k = decode(path, got, 64, NULL);

	for (int i = 0; i < n && i < k; i++)
		ck_assert_msg(!strcmp(got[i], want[i]),
			      "%s frame %d: '%s', want '%s'", path, i + 1,
			      got[i], want[i]);
	ck_assert_msg(k == n, "%s: %d frames, want %d", path, k, n);
	assert_clean(path);
}

/*
 * The call on the network side's D channel, written out by hand.
 * Q.921 5.5.1: both ends establish multiple-frame operation with SABME
 * (P=1) and answer the other's with UA (F=1): libpri starts on both sides
 * at once. Q.931 5.2 (the network offers a call at the user's interface):
 * SETUP; CALL PROCEEDING (5.2.5.2), ALERTING (5.2.5.3), CONNECT (5.2.7)
 * from the user; CONNECT ACKNOWLEDGE (5.2.8). Q.931 5.3.4 (the network
 * clears): DISCONNECT, the user's RELEASE (5.3.3), RELEASE COMPLETE.
 * Q.921 5.6.2: each I frame has N(S) = I frames sent before it and
 * N(R) = I frames received; every I frame is acknowledged, by an RR (5.6.2.1
 * "no I frame available") or by the N(R) of an I frame going out. Where
 * both are allowed, libpri's choice is written: an RR as soon as the I
 * frame arrives, except for CONNECT, whose CONNECT ACKNOWLEDGE libpri
 * sends before it would, carrying the acknowledgement.
 */
static const char *const net_call[] = {
	"out SABME", /* at open */
	"in SABME",
	"out UA",
	"in UA",
	"out I 0 0 SETUP",
	"in RR 1",
	"in I 0 1 CALL PROCEEDING",
	"out RR 1",
	"in I 1 1 ALERTING", /* step 1 */
	"out RR 2",
	"in I 2 1 CONNECT", /* step 2 */
	"out I 1 3 CONNECT ACKNOWLEDGE",
	"in RR 2",
	"out I 2 3 DISCONNECT", /* step 3 */
	"in RR 3",
	"in I 3 3 RELEASE",
	"out RR 4",
	"out I 3 4 RELEASE COMPLETE",
	"in RR 4",
};

/* The same call on the user side: its own frames go out at once, the
 * network's arrive after their serialisation (so the order within a step
 * is the user's view). */
static const char *const cpe_call[] = {
	"out SABME",
	"in SABME",
	"out UA",
	"in UA",
	"in I 0 0 SETUP",
	"out RR 1",
	"out I 0 1 CALL PROCEEDING",
	"in RR 1",
	"out I 1 1 ALERTING",
	"in RR 2",
	"out I 2 1 CONNECT",
	"in I 1 3 CONNECT ACKNOWLEDGE",
	"out RR 2",
	"in I 2 3 DISCONNECT",
	"out RR 3",
	"out I 3 3 RELEASE",
	"in RR 4",
	"in I 3 4 RELEASE COMPLETE",
	"out RR 4",
};

#define N_CALL ((int)(sizeof(net_call) / sizeof(net_call[0])))

/* ---- the tests --------------------------------------------------------- */

START_TEST(test_call_captured_on_both_spans)
{
	const char *a, *b;
	char lines[64][48], times[64][24];
	struct stat st;
	mode_t old = umask(022);

	open_pair();
	a = path_in("net.pcap");
	b = path_in("cpe.pcap");
	/* before the context runs: the captures begin with the SABMEs */
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, a), 0);
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.cpe, b), 0);
	the_call(NULL);
	/* written as they pass: readable complete before any stop */
	assert_frames(a, net_call, N_CALL);
	assert_frames(b, cpe_call, N_CALL);
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, NULL), 0);
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.cpe, NULL), 0);
	ck_assert_int_eq(stat(a, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(stat(b, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	/* the virtual clock from 1970: SETUP went out at DIAL_MS exactly */
	ck_assert_int_eq(decode(a, lines, 64, times), N_CALL);
	ck_assert_str_eq(lines[4], "out I 0 0 SETUP");
	ck_assert_str_eq(times[4], "3.500000000");
	ck_assert_str_eq(times[0], "0.000000000");
	ck_assert_int_eq(T.errors, 0);
	close_pair();
	umask(old);
}
END_TEST

/*
 * An idle link, captured on the network side: after the establishment,
 * T203 (10 s, Q.921 5.9.8) runs out on both ends at once (each took the
 * link up on the other's UA) and each polls with an RR command, P=1
 * (5.7.3), answered by an RR response, F=1. The C/R bit per Q.921 3.3.2:
 * 1 in the network's commands and the user's responses, 0 in the user's
 * commands and the network's responses; Wireshark's reading of P (a
 * command) or F (a response) follows from it and the pseudo-header's side.
 */
START_TEST(test_idle_link_polls)
{
	static const char *const want[] = {
		"0 1 1 - 0.000000000",	/* our SABME, P */
		"1 0 1 - 0.000875000",	/* the user's SABME */
		"0 0 - 1 0.000875000",	/* our UA, F */
		"1 1 - 1 0.001750000",	/* the user's UA: T203 starts */
		"0 1 1 - 10.001750000", /* our RR command, P */
		"1 0 1 - 10.002750000", /* the user's: 1 ms, its 8 octets at 64k
					 */
		"0 0 - 1 10.002750000", /* our RR response, F */
		"1 1 - 1 10.003750000",
	};
	char cmd[512], buf[256];
	const char *a;
	FILE *p;
	int n = 0;

	open_pair();
	a = path_in("idle.pcap");
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, a), 0);
	run_ms(14000);
	snprintf(cmd, sizeof(cmd),
		 "tshark -r '%s' -T fields -E separator=' ' -E occurrence=f "
		 "-e frame.p2p_dir -e lapd.cr -e lapd.control.p "
		 "-e lapd.control.f -e frame.time_epoch 2>/dev/null",
		 a);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while (fgets(buf, sizeof(buf), p)) {
		char f[5][24] = { "", "", "", "", "" }, line[128];
		char *s = buf, *tok;

		buf[strcspn(buf, "\n")] = '\0';
		/* tshark leaves an absent field empty: "0 0  1 t" */
		for (int i = 0; i < 5 && (tok = strsep(&s, " ")); i++)
			snprintf(f[i], sizeof(f[i]), "%s", tok[0] ? tok : "-");
		snprintf(line, sizeof(line), "%s %s %s %s %s", f[0], f[1],
			 f[2][0] == '1' ? "1" : "-", f[3][0] == '1' ? "1" : "-",
			 f[4]);
		ck_assert_int_lt(n, (int)(sizeof(want) / sizeof(want[0])));
		ck_assert_msg(!strcmp(line, want[n]),
			      "frame %d: '%s', want '%s'", n + 1, line,
			      want[n]);
		n++;
	}
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_int_eq(n, (int)(sizeof(want) / sizeof(want[0])));
	assert_clean(a);
	close_pair();
}
END_TEST

/* A file's first octets against pcap-savefile(5) and
 * LINKTYPE_LINUX_LAPD, computed by hand. */
START_TEST(test_file_bytes)
{
	static const uint8_t want[] = {
		/* global header, little-endian: magic a1b2c3d4 (microsecond
		 * timestamps), version 2.4, thiszone 0, sigfigs 0, snaplen
		 * 65535, network 177 */
		0xd4,
		0xc3,
		0xb2,
		0xa1,
		0x02,
		0x00,
		0x04,
		0x00,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0xff,
		0xff,
		0x00,
		0x00,
		177,
		0,
		0,
		0,
		/* record: ts 0 s 0 us, 16 + 3 octets captured, on the wire */
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		19,
		0,
		0,
		0,
		19,
		0,
		0,
		0,
		/* LAPD pseudo-header, big-endian: packet type 4 (sent by
		 * us), ARPHRD 0, address length 0, address 01 (we are the
		 * network) + 7 zeros, protocol 0x0030 */
		0,
		4,
		0,
		0,
		0,
		0,
		1,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0x00,
		0x30,
		/* Q.921 2.1/3.3: SAPI 0 with C/R 1 (a network's command),
		 * EA 0; TEI 0, EA 1; SABME with P=1 (011P1111, 3.6.8) */
		0x02,
		0x01,
		0x7f,
	};
	uint8_t got[sizeof(want) + 1];
	const char *a;
	int fd;

	open_pair();
	a = path_in("bytes.pcap");
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, a), 0);
	fd = open(a, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, got, sizeof(got)), (ssize_t)sizeof(want));
	close(fd);
	for (size_t i = 0; i < sizeof(want); i++)
		ck_assert_msg(got[i] == want[i], "octet %zu: %02x, want %02x",
			      i, got[i], want[i]);
	close_pair();
}
END_TEST

static void switch_after_answer(int step)
{
	if (step == 2)
		ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net,
						      path_in("second.pcap")),
				 0);
}

START_TEST(test_switch_files_mid_call)
{
	open_pair();
	ck_assert_int_eq(
		cti_span_set_capture(T.ctx, T.net, path_in("first.pcap")), 0);
	the_call(switch_after_answer);
	/* the first file ends complete where the second begins: together
	 * they are the whole call, nothing lost or doubled */
	assert_frames(path_in("first.pcap"), net_call, 13);
	assert_frames(path_in("second.pcap"), net_call + 13, N_CALL - 13);
	close_pair();
}
END_TEST

static void stop_after_answer(int step)
{
	if (step == 2)
		ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, NULL), 0);
}

START_TEST(test_stop_and_late_start)
{
	open_pair();
	/* started once frames have passed: no stale SABME, from now on */
	run_ms(1000);
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, path_in("n.pcap")),
			 0);
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.cpe, path_in("c.pcap")),
			 0);
	/* a second stop, or a stop without a capture, is harmless */
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.cpe, NULL), 0);
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.cpe, NULL), 0);
	the_call(stop_after_answer);
	assert_frames(path_in("n.pcap"), net_call + 4, 9);
	assert_frames(path_in("c.pcap"), NULL, 0);
	close_pair();
}
END_TEST

/* An existing file is truncated and made private. */
START_TEST(test_existing_file_made_private)
{
	const char *a;
	struct stat st;
	int fd;

	open_pair();
	a = path_in("old.pcap");
	fd = open(a, O_WRONLY | O_CREAT, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fchmod(fd, 0644), 0);
	ck_assert_int_eq(
		write(fd, "older content, longer than a header...", 38), 38);
	close(fd);
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, a), 0);
	ck_assert_int_eq(stat(a, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	/* the header and the first SABME: 24 + 16 + 16 + 3 octets */
	ck_assert_int_eq(st.st_size, 59);
	close_pair();
}
END_TEST

START_TEST(test_bad_paths_leave_calls_alone)
{
	char link[128];

	open_pair();
	/* a directory of the path is missing */
	ck_assert_int_eq(
		cti_span_set_capture(T.ctx, T.net, path_in("no/such/dir.pcap")),
		CTI_ENOENT);
	ck_assert_int_eq(cti_span_set_capture(T.ctx, 99, path_in("x.pcap")),
			 CTI_ENOENT);
	ck_assert_int_eq(cti_span_set_capture(NULL, T.net, path_in("x.pcap")),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, ""), CTI_EINVAL);
	/* a directory, a device, a symbolic link: not files we write */
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, T.dir), CTI_EINVAL);
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, "/dev/null"),
			 CTI_EINVAL);
	snprintf(link, sizeof(link), "%s", path_in("link.pcap"));
	ck_assert_int_eq(symlink(path_in("target.pcap"), link), 0);
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, link), CTI_EINVAL);
	ck_assert_int_eq(access(path_in("target.pcap"), F_OK), -1);
	/* a capture that works, then a bad switch: the old one goes on */
	ck_assert_int_eq(
		cti_span_set_capture(T.ctx, T.net, path_in("good.pcap")), 0);
	ck_assert_int_eq(
		cti_span_set_capture(T.ctx, T.net, path_in("gone/bad.pcap")),
		CTI_ENOENT);
	the_call(NULL);
	assert_frames(path_in("good.pcap"), net_call, N_CALL);
	ck_assert_int_eq(T.errors, 0);
	close_pair();
}
END_TEST

/* A directory only root may write, tried as another user: CTI_EACCES.
 * As root this needs a child that gives root up. */
START_TEST(test_permission_denied)
{
	char dir[128], path[160];
	pid_t pid;
	int status;

	open_pair();
	snprintf(dir, sizeof(dir), "%s/private", T.dir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/x.pcap", dir);
	if (geteuid() != 0) {
		ck_assert_int_eq(chmod(dir, 0500), 0);
		ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, path),
				 CTI_EACCES);
		close_pair();
		return;
	}
	ck_assert_int_eq(chmod(T.dir, 0755), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int rc = 99;

		if (setgid(65534) == 0 && setuid(65534) == 0)
			rc = cti_span_set_capture(T.ctx, T.net, path);
		_exit(rc == CTI_EACCES ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	close_pair();
}
END_TEST

/*
 * Disk full, as a file size limit (RLIMIT_FSIZE, which fails write(2)
 * with EFBIG the way a full disk fails it with ENOSPC): the capture stops
 * with one error logged, the file keeps its whole records, the call goes
 * on. No ck_assert while the limit holds (Check writes its own file).
 */
START_TEST(test_disk_full_stops_capture_not_call)
{
	const char *a;
	struct rlimit old, lim;
	void (*old_sig)(int);
	cti_call_id_t out = 0;
	int make_rc;

	open_pair();
	a = path_in("full.pcap");
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, a), 0);
	run_ms(DIAL_MS); /* the link is up: 24 + 4 x (16 + 19) = 164 */
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	old_sig = signal(SIGXFSZ, SIG_IGN);
	lim = old;
	lim.rlim_cur = 200; /* SETUP's record (57 octets) does not fit */
	setrlimit(RLIMIT_FSIZE, &lim);
	{
		struct cti_call_params p = { .span = T.net };

		strcpy(p.dnis.digits, "2001");
		make_rc = cti_call_make(T.ctx, &out, &p);
		cti_clock_advance(T.ctx, 100);
	}
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, old_sig);
	ck_assert_int_eq(make_rc, 0);
	ck_assert_int_eq(T.errors, 1);
	ck_assert_msg(strstr(T.last_error, "capture stopped") &&
			      strstr(T.last_error, "after 4 frames"),
		      "%s", T.last_error);
	/* the call goes on; nothing more is written, nothing logged again */
	ck_assert_int_eq(cti_call_answer(T.ctx, T.offered), 0);
	run_ms(100);
	ck_assert_int_eq(T.established, 2);
	ck_assert_int_eq(cti_call_clear(T.ctx, out, 16), 0);
	run_ms(200);
	ck_assert_int_eq(T.cleared, 2);
	ck_assert_int_eq(T.errors, 1);
	/* the partial SETUP record was cut off: 4 whole frames remain */
	assert_frames(a, net_call, 4);
	/* a new capture afterwards works */
	ck_assert_int_eq(cti_span_set_capture(T.ctx, T.net, path_in("b.pcap")),
			 0);
	close_pair();
}
END_TEST

TCase *capture_tcase(void)
{
	TCase *tc = tcase_create("capture");

	/* tshark takes about a second per file */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_call_captured_on_both_spans);
	tcase_add_test(tc, test_idle_link_polls);
	tcase_add_test(tc, test_file_bytes);
	tcase_add_test(tc, test_switch_files_mid_call);
	tcase_add_test(tc, test_stop_and_late_start);
	tcase_add_test(tc, test_existing_file_made_private);
	tcase_add_test(tc, test_bad_paths_leave_calls_alone);
	tcase_add_test(tc, test_permission_denied);
	tcase_add_test(tc, test_disk_full_stops_capture_not_call);
	return tc;
}
