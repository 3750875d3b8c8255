// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Every tool's --help and its man page agree: each long option --help
 * lists is described under OPTIONS in man/<tool>.1, and each option
 * described there is one --help lists; --help and --version exit 0 and
 * print to stdout only; an unknown option is named. Run from the top of the tree (as make does).
 */
#include <ctype.h>

#include "../tool_run.h"

static const char *const tools[] = { "cti-call", "cti-ctl", "cti-dtmf", "cti-rec",
				     "cti-span", "cti-store" };

/* The distinct "--name" words of text, as " name1 name2 ... " in set. */
static void long_opts(const char *text, char *set, size_t cap)
{
	snprintf(set, cap, " ");
	for (const char *p = text; (p = strstr(p, "--"));) {
		char word[48];
		size_t n = 0;

		p += 2;
		if (!islower((unsigned char)*p))
			continue;
		while ((islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
			*p == '-') && n < sizeof(word) - 3)
			word[n++] = *p++;
		word[n] = '\0';
		char pat[52];

		snprintf(pat, sizeof(pat), " %s ", word);
		if (!strstr(set, pat) && strlen(set) + n + 2 < cap) {
			strcat(set, word);
			strcat(set, " ");
		}
	}
}

/* The OPTIONS section of man/<tool>.1, with troff's "\-" as "-". */
static void man_options(const char *tool, char *buf, size_t cap)
{
	char path[128], line[512];
	bool in = false;
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "man/%s.1", tool);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "no %s (run from the top of the tree)", path);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, ".SH", 3)) {
			in = strstr(line, "OPTIONS") != NULL;
			continue;
		}
		if (!in)
			continue;
		for (const char *p = line; *p && n + 1 < cap; p++) {
			if (p[0] == '\\' && p[1] == '-')
				continue;
			buf[n++] = *p;
		}
	}
	buf[n] = '\0';
	fclose(f);
}

static void check_subset(const char *tool, const char *a, const char *an,
			 const char *b, const char *bn)
{
	char word[48];

	for (const char *p = a; *p;) {
		size_t k;

		while (*p == ' ')
			p++;
		k = strcspn(p, " ");
		if (!k)
			break;
		snprintf(word, sizeof(word), " %.*s ", (int)k, p);
		ck_assert_msg(strstr(b, word), "%s: '%.*s' is in its %s but "
			      "not in its %s", tool, (int)k, p, an, bn);
		p += k;
	}
}

START_TEST(test_help_matches_man)
{
	const char *tool = tools[_i];
	static char man[32768];
	char hs[2048], ms[2048];
	struct tool_run r;

	TOOL_RUN(&r, tool, "--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.err, "");
	long_opts(r.out, hs, sizeof(hs));
	man_options(tool, man, sizeof(man));
	long_opts(man, ms, sizeof(ms));
	check_subset(tool, hs, "--help", ms, "man page's OPTIONS");
	check_subset(tool, ms, "man page's OPTIONS", hs, "--help");
}
END_TEST

START_TEST(test_version)
{
	const char *tool = tools[_i];
	struct tool_run r;
	char want[64];

	snprintf(want, sizeof(want), "%s (libcti ", tool);
	TOOL_RUN(&r, tool, "--version");
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(!strncmp(r.out, want, strlen(want)), "%s", r.out);
	ck_assert_str_eq(r.err, "");
	TOOL_RUN(&r, tool, "-V");
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(!strncmp(r.out, want, strlen(want)), "%s", r.out);
}
END_TEST

/* An unknown option is named, after the tool's own name (not the path
 * it was run by), and is a usage error. */
static const char *const named_tools[] = { "cti-call", "cti-ctl", "cti-dtmf",
					   "cti-span", "cti-store" };

START_TEST(test_unknown_option_named)
{
	const char *tool = named_tools[_i];
	struct tool_run r;
	char want[96];

	snprintf(want, sizeof(want), "%s: unknown option '--frob'", tool);
	TOOL_RUN(&r, tool, "--frob");
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(!strncmp(r.err, want, strlen(want)), "%s", r.err);
	ck_assert_str_eq(r.out, "");
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("tool_docs");
	TCase *tc = tcase_create("docs");

	tcase_add_loop_test(tc, test_help_matches_man, 0,
			    sizeof(tools) / sizeof(tools[0]));
	tcase_add_loop_test(tc, test_version, 0,
			    sizeof(tools) / sizeof(tools[0]));
	tcase_add_loop_test(tc, test_unknown_option_named, 0,
			    sizeof(named_tools) / sizeof(named_tools[0]));
	suite_add_tcase(s, tc);
	return s;
}
