// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-call --pcap FILE on the loop backend (--virtual): the capture of a
 * dialled call decoded by tshark, frame by frame; load and answer accept
 * it too; a file that cannot be made is a usage error before any call.
 */
#include <sys/stat.h>

#include "../tool_run.h"

static char dir[64];

static void make_dir(void)
{
	strcpy(dir, "/tmp/cti-call-pcap-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Q.931 Table 4-2 */
static const char *q931(unsigned long mt)
{
	return mt == 0x05   ? "SETUP"
	       : mt == 0x02 ? "CALL PROCEEDING"
	       : mt == 0x01 ? "ALERTING"
	       : mt == 0x07 ? "CONNECT"
	       : mt == 0x0f ? "CONNECT ACKNOWLEDGE"
	       : mt == 0x45 ? "DISCONNECT"
	       : mt == 0x4d ? "RELEASE"
	       : mt == 0x5a ? "RELEASE COMPLETE"
			    : "?";
}

/* "out SETUP", "in RR", "out SABME", "in UA": the frames of a file, one
 * a line into buf; tshark must read it cleanly and find nothing
 * malformed. Returns the number of frames. */
static int frames(const char *path, char *buf, size_t cap)
{
	char cmd[512], line[256];
	FILE *p;
	int n = 0;

	buf[0] = '\0';
	snprintf(cmd, sizeof(cmd),
		 "tshark -r '%s' -T fields -E separator=, -e frame.p2p_dir "
		 "-e lapd.control.ftype -e lapd.control.s_ftype "
		 "-e lapd.control.u_modifier_cmd -e q931.message_type "
		 "2>/dev/null",
		 path);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while (fgets(line, sizeof(line), p)) {
		char *f[5], *s = line, out[64];
		unsigned long ft;

		line[strcspn(line, "\n")] = '\0';
		for (int i = 0; i < 5; i++) {
			f[i] = strsep(&s, ",");
			ck_assert_ptr_nonnull(f[i]);
		}
		ft = strtoul(f[1], NULL, 16);
		snprintf(out, sizeof(out), "%s %s\n",
			 !strcmp(f[0], "0") ? "out" : "in",
			 (ft & 1) == 0 ? q931(strtoul(f[4], NULL, 16))
			 : ft == 1     ? (strtoul(f[2], NULL, 16) ? "S?" : "RR")
			 : f[3][0]     ? "SABME"
				       : "UA");
		ck_assert_uint_lt(strlen(buf) + strlen(out), cap);
		strcat(buf, out);
		n++;
	}
	ck_assert_int_eq(pclose(p), 0);
	snprintf(cmd, sizeof(cmd),
		 "test -z \"$(tshark -r '%s' -Y _ws.malformed 2>/dev/null)\"",
		 path);
	ck_assert_msg(system(cmd) == 0, "%s: malformed frames", path);
	return n;
}

/*
 * The user side dials, the loop's network side answers after 0.1 s of
 * ringing, we clear after --hold 1. Q.921 5.5.1 (both ends establish,
 * each answers the other's SABME with UA); Q.931 5.1 at the calling
 * user's interface: SETUP, CALL PROCEEDING (5.1.5.2), ALERTING (5.1.7),
 * CONNECT and CONNECT ACKNOWLEDGE (5.1.8); the user clears (5.3.3):
 * DISCONNECT, RELEASE, RELEASE COMPLETE. Each I frame acknowledged by an
 * RR (Q.921 5.6.2.1) unless an I frame going out carries it (libpri: our
 * CONNECT ACKNOWLEDGE).
 */
static const char dialled_call[] = "out SABME\n"
				   "in SABME\n"
				   "out UA\n"
				   "in UA\n"
				   "out SETUP\n"
				   "in RR\n"
				   "in CALL PROCEEDING\n"
				   "out RR\n"
				   "in ALERTING\n"
				   "out RR\n"
				   "in CONNECT\n"
				   "out CONNECT ACKNOWLEDGE\n"
				   "in RR\n"
				   "out DISCONNECT\n"
				   "in RR\n"
				   "in RELEASE\n"
				   "out RR\n"
				   "out RELEASE COMPLETE\n"
				   "in RR\n";

START_TEST(test_dial_captured)
{
	struct tool_run r;
	char path[128], got[2048];
	struct stat st;
	mode_t old = umask(022);

	make_dir();
	snprintf(path, sizeof(path), "%s/dial.pcap", dir);
	TOOL_RUN(&r, "cti-call", "--virtual", "--json", "--pcap", path,
		 "--hold", "1", "dial", "loop", "5551000");
	umask(old);
	ck_assert_msg(r.status == 0, "%s%s", r.out, r.err);
	OUT_HAS(&r, "\"outcome\":\"completed\"");
	ck_assert_int_eq(frames(path, got, sizeof(got)), 19);
	ck_assert_str_eq(got, dialled_call);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	remove_dir();
}
END_TEST

/* Three calls of a load run: three SETUPs, three RELEASE COMPLETEs. */
START_TEST(test_load_captured)
{
	struct tool_run r;
	char path[128], got[8192];
	int setups = 0, completes = 0;

	make_dir();
	snprintf(path, sizeof(path), "%s/load.pcap", dir);
	TOOL_RUN(&r, "cti-call", "--virtual", "--json", "--pcap", path,
		 "--rate", "10", "--calls", "3", "--duration", "1", "load",
		 "loop");
	ck_assert_msg(r.status == 0, "%s%s", r.out, r.err);
	frames(path, got, sizeof(got));
	for (const char *p = got; (p = strstr(p, "out SETUP\n")); p++)
		setups++;
	for (const char *p = got; (p = strstr(p, " RELEASE COMPLETE\n")); p++)
		completes++;
	ck_assert_int_eq(setups, 3);
	ck_assert_int_eq(completes, 3);
	remove_dir();
}
END_TEST

START_TEST(test_pcap_path_refused_before_any_call)
{
	struct tool_run r;
	char path[128];

	make_dir();
	snprintf(path, sizeof(path), "%s/missing/x.pcap", dir);
	TOOL_RUN(&r, "cti-call", "--virtual", "--pcap", path, "dial", "loop",
		 "5551000");
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "--pcap");
	ERR_HAS(&r, "No such file or directory");
	ck_assert_ptr_null(strstr(r.out, "ORIGINATED"));
	/* answer takes it too (a DAHDI span: none here, so exit 2 for the
	 * span, named) */
	TOOL_RUN(&r, "cti-call", "--pcap", path, "answer", "9");
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "cannot open span");
	remove_dir();
}
END_TEST

TCase *pcap_tcase(void)
{
	TCase *tc = tcase_create("pcap");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_dial_captured);
	tcase_add_test(tc, test_load_captured);
	tcase_add_test(tc, test_pcap_path_refused_before_any_call);
	return tc;
}
