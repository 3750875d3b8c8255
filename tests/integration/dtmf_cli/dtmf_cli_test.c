// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-dtmf, the tool: run the built binary as a user would and check its
 * output, exit status and messages (cti-dtmf(1)).
 */
#include <sys/stat.h>

#include "cti/cti.h"
#include "../tool_run.h"

static char dir[] = "/tmp/cti-dtmf-testXXXXXX";

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *in_dir(const char *name)
{
	static char path[4][300];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", dir, name);
	return path[k];
}

/* Append n zero bytes to path, or cut it to n bytes if cut. */
static void pad_or_cut(const char *path, long n, bool cut)
{
	FILE *f;

	if (cut) {
		ck_assert_int_eq(truncate(path, n), 0);
		return;
	}
	f = fopen(path, "ab");
	ck_assert_ptr_nonnull(f);
	for (long i = 0; i < n; i++)
		fputc(0, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* A digit held to the end of a file whose length is not a multiple of
 * 160 samples (here 100 ms of tone and 10 ms of silence: 880 samples) is
 * still reported: the end of the input ends it. */
START_TEST(test_decode_last_digit_any_length)
{
	struct tool_run r;
	const char *raw = in_dir("five.raw");

	TOOL_RUN(&r, "cti-dtmf", "gen", "5", "-o", raw, "--on", "100", "--off",
		 "0");
	ck_assert_int_eq(r.status, 0);
	pad_or_cut(raw, 160, false); /* 80 samples of 16-bit silence */
	TOOL_RUN(&r, "cti-dtmf", "decode", raw);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "5        2.5      110.0\n");
	TOOL_RUN(&r, "cti-dtmf", "decode", "--json", raw);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "[\n  {\"digit\": \"5\", \"start_ms\": 2.5, "
				"\"end_ms\": 110.0}\n]\n");
}
END_TEST

/* A WAV cut short inside its second tone (2300 of 3200 samples): both
 * digits, the second ending where the file does. */
START_TEST(test_decode_truncated_wav)
{
	struct tool_run r;
	const char *wav = in_dir("cut.wav");

	TOOL_RUN(&r, "cti-dtmf", "gen", "12", "-o", wav, "--on", "100",
		 "--off", "100");
	ck_assert_int_eq(r.status, 0);
	pad_or_cut(wav, 44 + 2300 * 2, true);
	TOOL_RUN(&r, "cti-dtmf", "decode", wav);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "1        2.5      101.0\n"
				"2      202.2      287.5\n");
}
END_TEST

START_TEST(test_gen_empty_digits_refused)
{
	struct tool_run r;
	struct stat sb;
	const char *wav = in_dir("empty.wav");

	TOOL_RUN(&r, "cti-dtmf", "gen", "", "-o", wav);
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "cti-dtmf: gen: '': no digit to write");
	ck_assert_int_ne(stat(wav, &sb), 0); /* nothing written */
	TOOL_RUN(&r, "cti-dtmf", "gen", ",,", "-o", wav);
	ck_assert_int_eq(r.status, 2);
	ck_assert_int_ne(stat(wav, &sb), 0);
}
END_TEST

/* Messages start with the tool's name and name what is wrong. */
START_TEST(test_errors_name_the_argument)
{
	struct tool_run r;
	const char *wav = in_dir("x.wav");

	TOOL_RUN(&r, "cti-dtmf", "gen", "12", "-o", wav, "--frob");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "cti-dtmf: gen: unknown option '--frob'\n"
				"Try 'cti-dtmf --help'.\n");
	TOOL_RUN(&r, "cti-dtmf", "gen", "12", "-o", wav, "-q");
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "cti-dtmf: gen: unknown option '-q'");
	TOOL_RUN(&r, "cti-dtmf", "gen", "12", "-o");
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "cti-dtmf: gen: option '-o' needs a value");
	TOOL_RUN(&r, "cti-dtmf", "decode", "--raw", wav);
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "cti-dtmf: decode: unknown option '--raw'");
	TOOL_RUN(&r, "cti-dtmf", "gen", "12", "-o", wav, "--level", "9");
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "cti-dtmf: --level: bad or out-of-range value '9'");
	TOOL_RUN(&r, "cti-dtmf", "gen", "12x", "-o", wav);
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "cti-dtmf: 12x: not DTMF digits");
	TOOL_RUN(&r, "cti-dtmf", "gen", "12", "-o", in_dir("x.mp9"));
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "x.mp9: unknown file type");
	TOOL_RUN(&r, "cti-dtmf", "decode", in_dir("missing.wav"));
	ck_assert_int_eq(r.status, 1);
	ERR_HAS(&r, "missing.wav");
	TOOL_RUN(&r, "cti-dtmf", "frob");
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "cti-dtmf: unknown command 'frob'");
	ck_assert_ptr_null(strstr(r.err, "unrecognized"));
}
END_TEST

START_TEST(test_help_and_version)
{
	struct tool_run r;
	char want[64];

	snprintf(want, sizeof(want), "cti-dtmf (libcti %s)\n",
		 cti_version_string());
	TOOL_RUN(&r, "cti-dtmf", "--version");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, want);
	TOOL_RUN(&r, "cti-dtmf", "gen", "--version");
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "cti-dtmf (libcti ");
	TOOL_RUN(&r, "cti-dtmf", "--help");
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "Usage: cti-dtmf decode FILE");
	/* the formats gen writes, as the man page lists them */
	OUT_HAS(&r, ".wav .au .aiff .flac .ogg");
	ck_assert_str_eq(r.err, "");
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("dtmf_cli");
	TCase *tc = tcase_create("tool");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_decode_last_digit_any_length);
	tcase_add_test(tc, test_decode_truncated_wav);
	tcase_add_test(tc, test_gen_empty_digits_refused);
	tcase_add_test(tc, test_errors_name_the_argument);
	tcase_add_test(tc, test_help_and_version);
	suite_add_tcase(s, tc);
	return s;
}
