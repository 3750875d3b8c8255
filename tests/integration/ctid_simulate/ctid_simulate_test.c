// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctid --simulate, the built binary run as a user would (build/bin/ctid):
 * an hour of a small centre (two queues behind a menu flow, four agents)
 * on the virtual clock with a fixed seed. The store the run wrote is read
 * back here through the library: its intervals' offered calls sum to the
 * callers the far end's tally prints, every interval starts on a quarter
 * hour of local time from the --start given, and bad option values exit
 * 2 naming the option.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tool_run.h"
#include "cti/store.h"

static char dir[256], conf[300], db[300], cwd[256];

/* 2027-03-01T09:00 at UTC+8 is 01:00 UTC: 1803862800 s (date -u -d). */
#define START_EPOCH_MS 1803862800000LL
#define QUARTER_MS     900000LL

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* The centre: 95500 answers with a menu, 1 sales, 2 support (no key:
 * sales); two agents each; one trunk span, one station span (DAHDI, so
 * the simulation turns them into loop pairs). `extra` goes at the end. */
static void write_conf(const char *path, const char *extra)
{
	char text[4096], flow[320];

	snprintf(flow, sizeof(flow), "%s/menu.flow", dir);
	write_file(flow, "state start\n"
			 "  collect choice min=1 max=1 first=4000 retries=0 "
			 "prompt=en/menu timeout=en/goodbye\n"
			 "  on 1 goto sales\n"
			 "  on 2 goto support\n"
			 "  on timeout goto sales\n"
			 "  goto sales\n"
			 "state sales\n"
			 "  queue sales\n"
			 "state support\n"
			 "  queue support\n");
	snprintf(
		text, sizeof(text),
		"prompts = \"%s/build/prompts\";\n"
		"store = \"%s/prod.db\";\n"
		"utc_offset_min = 480;\n"
		"interval_ms = 900000;\n"
		"trunks = ( { name = \"pstn\"; kind = \"network\"; },\n"
		"           { name = \"phones\"; kind = \"stations\"; } );\n"
		"spans = (\n"
		"  { name = \"exchange\"; trunk = \"pstn\"; dahdi = 1; "
		"signalling = \"pri\"; type = \"e1\"; side = \"cpe\"; },\n"
		"  { name = \"pbx\"; trunk = \"phones\"; dahdi = 2; "
		"signalling = \"pri\"; type = \"e1\"; side = \"net\"; } );\n"
		"flows = ( { name = \"menu\"; file = \"menu.flow\"; } );\n"
		"routes = ( { trunk = \"pstn\"; dnis = \"95500\"; "
		"target = \"flow:menu\"; },\n"
		"           { target = \"reject:1\"; } );\n"
		"queues = (\n"
		"  { name = \"sales\"; skills = ( { skill = 1; level = 1; } ); "
		"wrap_up_ms = 4000; ring_ms = 12000; },\n"
		"  { name = \"support\"; skills = ( { skill = 2; level = 1; } );"
		" wrap_up_ms = 4000; ring_ms = 12000; } );\n"
		"extensions = ( { number = \"2001\"; trunk = \"phones\"; },\n"
		"  { number = \"2002\"; trunk = \"phones\"; },\n"
		"  { number = \"2003\"; trunk = \"phones\"; },\n"
		"  { number = \"2004\"; trunk = \"phones\"; } );\n"
		"agents = (\n"
		"  { name = \"a1\"; extension = \"2001\"; "
		"skills = ( { skill = 1; level = 1; } ); },\n"
		"  { name = \"a2\"; extension = \"2002\"; "
		"skills = ( { skill = 1; level = 1; } ); },\n"
		"  { name = \"a3\"; extension = \"2003\"; "
		"skills = ( { skill = 2; level = 1; } ); },\n"
		"  { name = \"a4\"; extension = \"2004\"; "
		"skills = ( { skill = 2; level = 1; } ); } );\n"
		"%s",
		cwd, dir, extra);
	write_file(path, text);
}

static void setup(void)
{
	strcpy(dir, "/tmp/cti-ctid-sim-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(conf, sizeof(conf), "%s/centre.conf", dir);
	snprintf(db, sizeof(db), "%s/sim.db", dir);
	write_conf(conf, "");
}

static int rm_one(const char *p, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void teardown(void)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

struct ivs {
	uint32_t n, offered[2], bad_epoch, bad_queue;
	int64_t first, last;
};

static int on_iv(void *user, const struct cti_acd_interval *iv)
{
	struct ivs *k = user;
	int q = !strcmp(iv->queue, "sales")	? 0
		: !strcmp(iv->queue, "support") ? 1
						: -1;

	if (q < 0) {
		k->bad_queue++;
		return 0;
	}
	if (!k->n || iv->epoch_ms < k->first)
		k->first = iv->epoch_ms;
	if (iv->epoch_ms > k->last)
		k->last = iv->epoch_ms;
	k->n++;
	k->offered[q] += iv->offered;
	/* quarter hours of UTC+8 are quarter hours of UTC */
	if (iv->epoch_ms % QUARTER_MS || iv->length_ms != QUARTER_MS)
		k->bad_epoch++;
	return 0;
}

static unsigned long field(const char *out, const char *before)
{
	const char *p = strstr(out, before);

	ck_assert_msg(p, "no '%s' in:\n%s", before, out);
	return strtoul(p + strlen(before), NULL, 10);
}

START_TEST(test_hour)
{
	struct tool_run r;
	struct cti_store_config sc = { .flags = CTI_STORE_RDONLY };
	struct ivs k = { 0 };
	cti_store_t *st;
	unsigned long callers;

	TOOL_RUN(&r, "ctid", "--simulate", "1", "--store", db, "--start",
		 "2027-03-01T09:00", "--callers-per-hour", "100", "--seed", "7",
		 "--dtmf", "1:60,2:40", conf);
	ck_assert_msg(r.status == 0, "exit %d\n%s%s", r.status, r.out, r.err);
	OUT_HAS(&r, "simulating 1 h of");
	OUT_HAS(&r, "from 2027-03-01T09:00");
	OUT_HAS(&r, "2 span(s) as loop pairs");
	OUT_HAS(&r, "every caller accounted for");
	/* the tally as printed: "far end: N callers, ..., B blocked" */
	callers = field(r.out, "far end: ");
	ck_assert_msg(callers > 60 && callers < 150, "%lu callers", callers);
	ck_assert_msg(strstr(r.out, " 0 blocked,"), "%s", r.out);

	ck_assert_int_eq(cti_store_open(&st, db, &sc), 0);
	ck_assert_int_ge(cti_store_query_intervals(st, NULL, on_iv, &k), 0);
	cti_store_close(st);
	ck_assert_uint_eq(k.bad_queue, 0);
	ck_assert_uint_eq(k.bad_epoch, 0);
	/* every call went through exactly one queue: the menu sends it to
	 * one, no overflow */
	ck_assert_uint_eq(k.offered[0] + k.offered[1], callers);
	ck_assert_uint_gt(k.offered[0], 0);
	ck_assert_uint_gt(k.offered[1], 0);
	ck_assert_int_eq(k.first, START_EPOCH_MS);
	/* 09:00 .. 10:00 at least, and both queues close the same ones */
	ck_assert_int_ge(k.last, START_EPOCH_MS + 3 * QUARTER_MS);
	ck_assert_uint_eq(k.n, 2 * ((k.last - k.first) / QUARTER_MS + 1));
	/* the production store of the file was never touched */
	snprintf(db, sizeof(db), "%s/prod.db", dir);
	ck_assert_int_ne(access(db, F_OK), 0);
}
END_TEST

/* The same seed, the same day: the tallies are equal line for line. */
START_TEST(test_same_seed_same_day)
{
	struct tool_run a, b;
	char db2[320];
	const char *fa, *fb;

	snprintf(db2, sizeof(db2), "%s/sim2.db", dir);
	TOOL_RUN(&a, "ctid", "--simulate", "1", "--store", db, "--start",
		 "2027-03-01T09:00", "--callers-per-hour", "60", conf);
	TOOL_RUN(&b, "ctid", "--simulate", "1", "--store", db2, "--start",
		 "2027-03-01T09:00", "--callers-per-hour", "60", conf);
	ck_assert_int_eq(a.status, 0);
	ck_assert_int_eq(b.status, 0);
	fa = strstr(a.out, "far end: ");
	fb = strstr(b.out, "far end: ");
	ck_assert_ptr_nonnull(fa);
	ck_assert_ptr_nonnull(fb);
	ck_assert_int_eq(strcspn(fa, "\n"), strcspn(fb, "\n"));
	ck_assert_int_eq(strncmp(fa, fb, strcspn(fa, "\n")), 0);
}
END_TEST

/* A store that holds the day already is refused, not added to. */
START_TEST(test_store_reused)
{
	struct tool_run r;

	TOOL_RUN(&r, "ctid", "--simulate", "1", "--store", db, "--start",
		 "2027-03-01T09:00", "--callers-per-hour", "20", conf);
	ck_assert_int_eq(r.status, 0);
	TOOL_RUN(&r, "ctid", "--simulate", "1", "--store", db, "--start",
		 "2027-03-01T09:00", "--callers-per-hour", "20", conf);
	ck_assert_int_eq(r.status, 1);
	ERR_HAS(&r, "already holds calls of 2027-03-01T09:00");
}
END_TEST

#define BAD(msg, ...)                                                          \
	do {                                                                   \
		TOOL_RUN(&r, "ctid", __VA_ARGS__);                             \
		ck_assert_msg(r.status == 2, "exit %d for %s: %s%s", r.status, \
			      msg, r.out, r.err);                              \
		ERR_HAS(&r, msg);                                              \
	} while (0)

START_TEST(test_bad_options)
{
	struct tool_run r;
	char prod[320];

	BAD("--simulate: '0' is not a whole number from 1 to 24", "--simulate",
	    "0", "--store", db, conf);
	BAD("--simulate: '25' is not", "--simulate", "25", "--store", db, conf);
	BAD("--simulate: '2h' is not", "--simulate", "2h", "--store", db, conf);
	BAD("--callers-per-hour: '0' is not", "--simulate", "1", "--store", db,
	    "--callers-per-hour", "0", conf);
	BAD("--seed: '-1' is not", "--simulate", "1", "--store", db, "--seed",
	    "-1", conf);
	BAD("--simulate needs --store URI", "--simulate", "1", conf);
	BAD("go with --simulate", "--store", db, conf);
	BAD("--start: '25:00' is not HH:MM", "--simulate", "1", "--store", db,
	    "--start", "25:00", conf);
	BAD("--start: '2027-02-30T09:00' is not", "--simulate", "1", "--store",
	    db, "--start", "2027-02-30T09:00", conf);
	BAD("--start: 09:07 is not on a boundary", "--simulate", "1", "--store",
	    db, "--start", "09:07", conf);
	BAD("--dtmf: '1:50,2:20' is not a key mix", "--simulate", "1",
	    "--store", db, "--dtmf", "1:50,2:20", conf);
	BAD("--dtmf: '1:50,x' is not", "--simulate", "1", "--store", db,
	    "--dtmf", "1:50,x", conf);
	snprintf(prod, sizeof(prod), "%s/prod.db", dir);
	BAD("that is", "--simulate", "1", "--store", prod, conf);
	/* the same path spelt another way, the file not there yet */
	snprintf(prod, sizeof(prod), "%s/./prod.db", dir);
	BAD("that is", "--simulate", "1", "--store", prod, conf);
	BAD("not with --check", "--simulate", "1", "--store", db, "--check",
	    conf);
	ck_assert_int_ne(access(db, F_OK), 0); /* nothing ran */
	/* --prompts replaces the file's set, loaded and checked as ever */
	TOOL_RUN(&r, "ctid", "--simulate", "1", "--store", db, "--prompts",
		 "/nonexistent/prompts", conf);
	ck_assert_int_eq(r.status, 1);
	ERR_HAS(&r, "prompts: prompt /nonexistent/prompts: No such file");
}
END_TEST

/* An R2 span cannot become a loop pair: refused, naming the span. */
START_TEST(test_r2_refused)
{
	struct tool_run r;

	write_conf(conf, "");
	{
		char text[8192];
		FILE *f = fopen(conf, "r");
		size_t n;
		char *p;

		ck_assert_ptr_nonnull(f);
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
		text[n] = '\0';
		p = strstr(text, "dahdi = 1; signalling = \"pri\"; type = "
				 "\"e1\"; side = \"cpe\";");
		ck_assert_ptr_nonnull(p);
		memcpy(p,
		       "dahdi = 1; signalling = \"r2\";  type = "
		       "\"e1\";              ",
		       strlen("dahdi = 1; signalling = \"pri\"; type = "
			      "\"e1\"; side = \"cpe\";"));
		write_file(conf, text);
	}
	TOOL_RUN(&r, "ctid", "--simulate", "1", "--store", db, conf);
	ck_assert_msg(r.status == 1, "exit %d: %s%s", r.status, r.out, r.err);
	ERR_HAS(&r, "span exchange: R2 signalling cannot be simulated");
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("ctid_simulate");
	TCase *tc = tcase_create("simulate");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hour);
	tcase_add_test(tc, test_same_seed_same_day);
	tcase_add_test(tc, test_store_reused);
	tcase_add_test(tc, test_bad_options);
	tcase_add_test(tc, test_r2_refused);
	suite_add_tcase(s, tc);
	return s;
}
