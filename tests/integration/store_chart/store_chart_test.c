// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-store chart, the tool: a store filled through the library with
 * intervals whose values the test chose, charted by the built binary, the
 * PNG read back with cairo. The pixel positions are computed by hand from
 * the layout documented in utils/cti-store/chart.h and cti-store(1):
 *
 * queue "sales", four 15-minute intervals from 09:00Z: the axis runs over
 * one hour, t0 = T0, t1 = T0 + 3600000, x(t) = 80 + (t - t0) * 1040 / 3600000,
 * so interval i spans x 80+260i .. 340+260i, its bars x 132+260i ..
 * 288+260i (a fifth of 260 = 52 in from each side), its centre 210+260i.
 * Block 0: percent panel y 50..350 (bottom 350, 3 px a percent), ASA panel
 * y 390..540; the image 1200 x 580.
 *   i  SL   Erlang C  abandoned/(offered-short)  ASA
 *   0  50   90        10/100 = 10 %              20 s
 *   1  75   95        2/(50-10) = 5 %            8 s
 *   2  none (no calls)
 *   3  30   60        40/200 = 20 %              40 s
 * Largest ASA 40 s: axis top 50 s (1, 2, 5 times a power of ten), 3 px a
 * second. SL target 80 %: rows 109 and 110 (a 2 px line on y = 110).
 */
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>

#include "../tool_run.h"
#include "cti/store.h"

/* 2026-11-03T09:00:00Z */
#define T0 1793696400000LL
#define IV 900000LL

/* series colours of cti-store(1) */
#define BLUE   0x1f77b4
#define ORANGE 0xff7f0e
#define RED    0xd62728
#define GREEN  0x2ca02c
#define PURPLE 0x9467bd
#define WHITE  0xffffff

static char dir[256], db[300], empty_db[300], png[300], csv[300];

static struct cti_acd_interval iv(const char *queue, int i, uint32_t offered,
				  uint32_t short_ab, uint32_t abandoned,
				  double sl, double erlang, int64_t asa_ms)
{
	struct cti_acd_interval v;

	memset(&v, 0, sizeof(v));
	snprintf(v.queue, sizeof(v.queue), "%s", queue);
	v.epoch_ms = T0 + i * IV;
	v.start_ms = i * IV;
	v.length_ms = IV;
	v.offered = offered;
	v.short_abandoned = short_ab;
	v.abandoned = abandoned;
	v.answered = offered - short_ab - abandoned;
	v.answered_in_sl =
		(uint32_t)(sl > 0 ? sl * (offered - short_ab) / 100 : 0);
	v.sl_threshold_ms = 15000;
	v.service_level = sl;
	v.erlang_c_sl = erlang;
	v.asa_ms = asa_ms;
	v.avg_wait_ms = asa_ms;
	return v;
}

static void setup(void)
{
	struct cti_acd_interval v[5];
	cti_store_t *st;

	snprintf(dir, sizeof(dir), "/tmp/cti-store-chart-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(db, sizeof(db), "%s/day.db", dir);
	snprintf(empty_db, sizeof(empty_db), "%s/empty.db", dir);
	snprintf(png, sizeof(png), "%s/kpi.png", dir);
	snprintf(csv, sizeof(csv), "%s/kpi.csv", dir);
	v[0] = iv("sales", 0, 100, 0, 10, 50, 90, 20000);
	v[1] = iv("sales", 1, 50, 10, 2, 75, 95, 8000);
	v[2] = iv("sales", 2, 0, 0, 0, -1, -1, 0);
	v[3] = iv("sales", 3, 200, 0, 40, 30, 60, 40000);
	v[4] = iv("desk", 1, 10, 0, 0, 100, 99, 1000);
	ck_assert_int_eq(cti_store_open(&st, db, NULL), 0);
	ck_assert_int_eq(cti_store_put_intervals(st, v, 5), 0);
	cti_store_close(st);
	ck_assert_int_eq(cti_store_open(&st, empty_db, NULL), 0);
	cti_store_close(st);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void teardown(void)
{
	nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

static cairo_surface_t *load(const char *path, int w, int h)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);

	ck_assert_msg(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS, "%s: %s",
		      path, cairo_status_to_string(cairo_surface_status(s)));
	ck_assert_int_eq(cairo_image_surface_get_width(s), w);
	ck_assert_int_eq(cairo_image_surface_get_height(s), h);
	return s;
}

/* The colour of pixel (x, y), 0xRRGGBB. */
static unsigned pixel(cairo_surface_t *s, int x, int y)
{
	const unsigned char *d = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	uint32_t v;

	memcpy(&v, d + (size_t)y * stride + (size_t)x * 4, 4);
	return v & 0xffffff;
}

#define PIXEL_IS(s, x, y, rgb)                                  \
	ck_assert_msg(pixel(s, x, y) == (rgb),                  \
		      "pixel (%d, %d) is %06x, not %06x", x, y, \
		      pixel(s, x, y), (unsigned)(rgb))

/* The "sales" block whose top is at y = top. */
static void check_sales(cairo_surface_t *s, int top)
{
	/* interval 0: bar up to 350-150 = 200, edges 132 and 287 */
	PIXEL_IS(s, 210, top + 275, BLUE);
	PIXEL_IS(s, 210, top + 201, BLUE);
	PIXEL_IS(s, 210, top + 198, WHITE);
	PIXEL_IS(s, 131, top + 275, WHITE);
	PIXEL_IS(s, 132, top + 275, BLUE);
	PIXEL_IS(s, 287, top + 275, BLUE);
	PIXEL_IS(s, 288, top + 275, WHITE);
	PIXEL_IS(s, 210, top + 350 - 270, ORANGE); /* Erlang C 90 % */
	PIXEL_IS(s, 210, top + 350 - 30, RED);	   /* abandons 10 % */
	/* interval 1 */
	PIXEL_IS(s, 470, top + 200, BLUE); /* SL 75: bar up to 125 */
	PIXEL_IS(s, 470, top + 122, WHITE);
	PIXEL_IS(s, 470, top + 350 - 285, ORANGE);
	PIXEL_IS(s, 470, top + 350 - 15, RED);
	/* interval 2: no calls, nothing drawn (the lines break) */
	PIXEL_IS(s, 730, top + 275, WHITE);
	PIXEL_IS(s, 730, top + 320, WHITE);
	PIXEL_IS(s, 730, top + 500, WHITE);
	/* interval 3 */
	PIXEL_IS(s, 990, top + 300, BLUE); /* SL 30: up to 260 */
	PIXEL_IS(s, 990, top + 257, WHITE);
	PIXEL_IS(s, 990, top + 350 - 180, ORANGE);
	PIXEL_IS(s, 990, top + 350 - 60, RED);
	/* the target, 80 %, over the panel and over bars */
	PIXEL_IS(s, 100, top + 109, GREEN);
	PIXEL_IS(s, 100, top + 110, GREEN);
	PIXEL_IS(s, 100, top + 111, WHITE);
	PIXEL_IS(s, 730, top + 110, GREEN);
	/* ASA, 3 px a second up from 540 */
	PIXEL_IS(s, 210, top + 510, PURPLE); /* 20 s: up to 480 */
	PIXEL_IS(s, 210, top + 481, PURPLE);
	PIXEL_IS(s, 210, top + 478, WHITE);
	PIXEL_IS(s, 470, top + 530, PURPLE); /* 8 s: up to 516 */
	PIXEL_IS(s, 470, top + 513, WHITE);
	PIXEL_IS(s, 990, top + 430, PURPLE); /* 40 s: up to 420 */
	PIXEL_IS(s, 990, top + 417, WHITE);
}

START_TEST(test_png_one_queue)
{
	struct tool_run r;
	cairo_surface_t *s;

	TOOL_RUN(&r, "cti-store", "chart", "--queue", "sales", "--png", png,
		 db);
	ck_assert_msg(r.status == 0, "%s", r.err);
	/* the chart named on stdout, alone */
	ck_assert(!strncmp(r.out, png, strlen(png)));
	ck_assert_str_eq(r.out + strlen(png), "\n");
	ck_assert_str_eq(r.err, "");
	s = load(png, 1200, 580);
	check_sales(s, 0);
	cairo_surface_destroy(s);
}
END_TEST

START_TEST(test_png_two_queues)
{
	struct tool_run r;
	cairo_surface_t *s;

	/* options after the database, as GNU tools take them */
	TOOL_RUN(&r, "cti-store", "chart", db, "--png", png, "--utc-offset",
		 "-300");
	ck_assert_msg(r.status == 0, "%s", r.err);
	s = load(png, 1200, 1160);
	/* "desk" first (by name), on the same time axis: its one interval
	 * is the second slot, SL 100 up to the panel's top (50) */
	PIXEL_IS(s, 470, 200, BLUE);
	PIXEL_IS(s, 470, 60, BLUE);
	PIXEL_IS(s, 470, 350 - 297, ORANGE); /* Erlang C 99 % */
	PIXEL_IS(s, 210, 275, WHITE);
	PIXEL_IS(s, 990, 275, WHITE);
	/* its ASA, 1 s of a 10 s axis: 15 px up from 540 */
	PIXEL_IS(s, 470, 530, PURPLE);
	PIXEL_IS(s, 470, 522, WHITE);
	check_sales(s, 580);
	cairo_surface_destroy(s);
}
END_TEST

START_TEST(test_csv)
{
	struct tool_run r;

	TOOL_RUN(&r, "cti-store", "chart", "--csv", "-", "--utc-offset", "60",
		 "--sl-target", "85.5", "-q", "sales", db);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(
		r.out,
		"time_local,utc_offset_min,queue,epoch_ms,length_ms,offered,"
		"service_level,erlang_c_sl,sl_target,abandon_rate,asa_s\r\n"
		"2026-11-03T10:00,60,sales,1793696400000,900000,100,50.00,"
		"90.00,85.50,10.00,20.0\r\n"
		"2026-11-03T10:15,60,sales,1793697300000,900000,50,75.00,"
		"95.00,85.50,5.00,8.0\r\n"
		"2026-11-03T10:30,60,sales,1793698200000,900000,0,,,85.50,,\r\n"
		"2026-11-03T10:45,60,sales,1793699100000,900000,200,30.00,"
		"60.00,85.50,20.00,40.0\r\n");
	ck_assert_str_eq(r.err, "");
	/* --from/--to select by interval start; both queues, by name */
	TOOL_RUN(&r, "cti-store", "chart", "--csv", csv, "--from",
		 "2026-11-03T09:15Z", "--to", "2026-11-03T09:30", db);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.out, "");
	{
		char buf[1024] = "";
		FILE *f = fopen(csv, "r");

		ck_assert_ptr_nonnull(f);
		buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
		fclose(f);
		ck_assert_str_eq(
			buf,
			"time_local,utc_offset_min,queue,epoch_ms,length_ms,"
			"offered,service_level,erlang_c_sl,sl_target,"
			"abandon_rate,asa_s\r\n"
			"2026-11-03T09:15,0,desk,1793697300000,900000,10,"
			"100.00,99.00,80.00,0.00,1.0\r\n"
			"2026-11-03T09:15,0,sales,1793697300000,900000,50,"
			"75.00,95.00,80.00,5.00,8.0\r\n");
	}
}
END_TEST

START_TEST(test_nothing_to_chart)
{
	struct tool_run r;
	char want[400];

	TOOL_RUN(&r, "cti-store", "chart", "--png", png, empty_db);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	snprintf(want, sizeof(want),
		 "cti-store: %s: no interval statistics to chart\n", empty_db);
	ck_assert_str_eq(r.err, want);
	ck_assert_int_eq(access(png, F_OK), -1);
	/* a filter that selects nothing says so */
	TOOL_RUN(&r, "cti-store", "chart", "--png", png, "--queue", "nobody",
		 db);
	ck_assert_int_eq(r.status, 1);
	snprintf(want, sizeof(want),
		 "cti-store: %s: no interval statistics selected to chart\n",
		 db);
	ck_assert_str_eq(r.err, want);
	ck_assert_int_eq(access(png, F_OK), -1);
}
END_TEST

/* Two writers sharing one database: --instance charts one writer's rows
 * ("" the unnamed one), every writer's by default. */
START_TEST(test_instance)
{
	struct cti_store_config east = { .instance = "east" };
	struct cti_acd_interval v = iv("sales", 0, 20, 0, 1, 60, 70, 5000);
	struct tool_run r;
	cti_store_t *st;
	const char *head = "time_local,utc_offset_min,queue,epoch_ms,"
			   "length_ms,offered,service_level,erlang_c_sl,"
			   "sl_target,abandon_rate,asa_s\r\n";
	char want[1024];

	ck_assert_int_eq(cti_store_open(&st, empty_db, &east), 0);
	ck_assert_int_eq(cti_store_put_interval(st, &v), 0);
	cti_store_close(st);
	v = iv("sales", 1, 30, 0, 0, 90, 80, 3000);
	ck_assert_int_eq(cti_store_open(&st, empty_db, NULL), 0);
	ck_assert_int_eq(cti_store_put_interval(st, &v), 0);
	cti_store_close(st);
	TOOL_RUN(&r, "cti-store", "chart", "--csv", "-", "--instance", "east",
		 empty_db);
	ck_assert_msg(r.status == 0, "%s", r.err);
	snprintf(want, sizeof(want),
		 "%s2026-11-03T09:00,0,sales,1793696400000,900000,20,60.00,"
		 "70.00,80.00,5.00,5.0\r\n",
		 head);
	ck_assert_str_eq(r.out, want);
	TOOL_RUN(&r, "cti-store", "chart", "--csv", "-", "-I", "", empty_db);
	ck_assert_msg(r.status == 0, "%s", r.err);
	snprintf(want, sizeof(want),
		 "%s2026-11-03T09:15,0,sales,1793697300000,900000,30,90.00,"
		 "80.00,80.00,0.00,3.0\r\n",
		 head);
	ck_assert_str_eq(r.out, want);
	TOOL_RUN(&r, "cti-store", "chart", "--csv", "-", empty_db);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "T09:00,0,sales"));
	ck_assert_ptr_nonnull(strstr(r.out, "T09:15,0,sales"));
	TOOL_RUN(&r, "cti-store", "chart", "--csv", "-", "-I", "west",
		 empty_db);
	ck_assert_int_eq(r.status, 1);
}
END_TEST

/* Values no ACD writes (another writer's): a rate over 100 % drawn at
 * the panel's top, NaN as no value, neither breaking the drawing. */
START_TEST(test_foreign_values)
{
	struct cti_acd_interval v = iv("odd", 0, 10, 0, 0, 120, NAN, 2000);
	struct tool_run r;
	cairo_surface_t *s;
	cti_store_t *st;

	ck_assert_int_eq(cti_store_open(&st, empty_db, NULL), 0);
	ck_assert_int_eq(cti_store_put_interval(st, &v), 0);
	cti_store_close(st);
	TOOL_RUN(&r, "cti-store", "chart", "--png", png, "--csv", csv,
		 empty_db);
	ck_assert_msg(r.status == 0, "%s", r.err);
	s = load(png, 1200, 580);
	/* one interval over the whole axis: bar x 288 .. 911, up to 50 */
	PIXEL_IS(s, 600, 51, BLUE);
	PIXEL_IS(s, 600, 48, WHITE);
	PIXEL_IS(s, 287, 200, WHITE);
	PIXEL_IS(s, 288, 200, BLUE);
	cairo_surface_destroy(s);
}
END_TEST

START_TEST(test_usage)
{
	static const char *const bad[][10] = {
		{ "chart", NULL },
		{ "chart", "DB", NULL },
		{ "chart", "--png", "-", "DB", NULL },
		{ "chart", "--png", "x.png", "DB", "DB2", NULL },
		{ "chart", "--csv", "-", "--utc-offset", "841", "DB", NULL },
		{ "chart", "--csv", "-", "--utc-offset", "1h", "DB", NULL },
		{ "chart", "--csv", "-", "--sl-target", "101", "DB", NULL },
		{ "chart", "--csv", "-", "--from", "yesterday", "DB", NULL },
		{ "chart", "--csv", "-", "--from", "2026-11-03T10:00", "--to",
		  "2026-11-03T09:00", "DB", NULL },
		{ "chart", "--csv", "-", "--queue", "", "DB", NULL },
		{ "chart", "--csv", "-", "--bogus", "DB", NULL },
		{ "chart", "--csv", "DB", NULL },
	};
	struct tool_run r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tool_run(&r, "cti-store", bad[i]);
		ck_assert_msg(r.status == 2, "case %zu: status %d: %s", i,
			      r.status, r.err);
		ck_assert_msg(!strncmp(r.err, "cti-store: chart: ", 18),
			      "case %zu: %s", i, r.err);
		ck_assert_str_eq(r.out, "");
	}
	TOOL_RUN(&r, "cti-store", "chart", "--help");
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "--png FILE");
	TOOL_RUN(&r, "cti-store", "--help");
	OUT_HAS(&r, "chart DB --png FILE");
	/* a database that is not there, an output that cannot be written */
	TOOL_RUN(&r, "cti-store", "chart", "--png", png, "/nonexistent/x.db");
	ck_assert_int_eq(r.status, 2);
	TOOL_RUN(&r, "cti-store", "chart", "--png", "/nonexistent/x.png", db);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "cti-store: /nonexistent/x.png: No such file "
				"or directory\n");
	TOOL_RUN(&r, "cti-store", "chart", "--csv", "/dev/full", db);
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.err, "cti-store: writing /dev/full: No space left "
				"on device\n");
}
END_TEST

/* A row stored by hand, every count given. */
static struct cti_acd_interval row(const char *queue, int64_t epoch,
				   int64_t length, uint32_t offered,
				   uint32_t short_ab, uint32_t abandoned,
				   uint32_t in_sl, int64_t asa_ms,
				   double erlang)
{
	struct cti_acd_interval v;
	uint32_t base = offered - short_ab;

	memset(&v, 0, sizeof(v));
	snprintf(v.queue, sizeof(v.queue), "%s", queue);
	v.epoch_ms = epoch;
	v.length_ms = length;
	v.offered = offered;
	v.short_abandoned = short_ab;
	v.abandoned = abandoned;
	v.answered = offered - short_ab - abandoned;
	v.answered_in_sl = in_sl;
	v.sl_threshold_ms = 20000;
	v.service_level = base ? 100.0 * in_sl / base : -1;
	v.erlang_c_sl = erlang;
	v.asa_ms = asa_ms;
	return v;
}

/*
 * A restart at 09:20 (stopped cleanly, the open interval closed at 09:20
 * after 5 min), up again at 09:21 (its first interval aligned: 9 min to
 * 09:30): the 09:15 slot holds two rows, charted as one point.
 *   09:00 (15 min): 10 offered, 1 abandoned, 8 in SL, ASA 10 s, EC 90
 *   09:15 (5 min):  20 offered, 2 short, 3 abandoned, 15 answered, 9 in
 *                   SL, ASA 12 s, EC 80
 *   09:21 (9 min):  30 offered, 6 abandoned, 24 answered, 12 in SL,
 *                   ASA 30 s, EC 60
 *   09:30 (15 min): no calls
 * The 09:15 point: 50 offered over 09:15 .. 09:30 (900000 ms); base
 * 50 - 2 = 48; SL (9 + 12) / 48 = 43.75 %; abandon (3 + 6) / 48 =
 * 18.75 %; Erlang C (80 * 20 + 60 * 30) / 50 = 68 %; ASA (12 * 15 + 30 *
 * 24) / 39 = 900 / 39 = 23.08 s. The other queue's row at 09:21 alone in
 * its slot stays as stored (9 min).
 */
START_TEST(test_restart_merged)
{
	struct cti_acd_interval v[5];
	struct tool_run r;
	char rdb[320];
	cti_store_t *st;

	snprintf(rdb, sizeof(rdb), "%s/restart.db", dir);
	v[0] = row("sales", T0, IV, 10, 0, 1, 8, 10000, 90);
	v[1] = row("sales", T0 + IV, 300000, 20, 2, 3, 9, 12000, 80);
	v[2] = row("sales", T0 + IV + 360000, 540000, 30, 0, 6, 12, 30000,
		   60);
	v[3] = row("sales", T0 + 2 * IV, IV, 0, 0, 0, 0, 0, -1);
	v[4] = row("desk", T0 + IV + 360000, 540000, 4, 0, 0, 4, 2000, 99);
	ck_assert_int_eq(cti_store_open(&st, rdb, NULL), 0);
	ck_assert_int_eq(cti_store_put_intervals(st, v, 5), 0);
	cti_store_close(st);
	TOOL_RUN(&r, "cti-store", "chart", "--csv", "-", rdb);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(
		r.out,
		"time_local,utc_offset_min,queue,epoch_ms,length_ms,offered,"
		"service_level,erlang_c_sl,sl_target,abandon_rate,asa_s\r\n"
		"2026-11-03T09:21,0,desk,1793697660000,540000,4,100.00,"
		"99.00,80.00,0.00,2.0\r\n"
		"2026-11-03T09:00,0,sales,1793696400000,900000,10,80.00,"
		"90.00,80.00,10.00,10.0\r\n"
		"2026-11-03T09:15,0,sales,1793697300000,900000,50,43.75,"
		"68.00,80.00,18.75,23.1\r\n"
		"2026-11-03T09:30,0,sales,1793698200000,900000,0,,,80.00,,"
		"\r\n");
	/* the PNG has the merged point too: sales is block 1 (desk comes
	 * first by name), its percent panel's bottom at 580 + 50 + 300 =
	 * 930. Time runs 09:00 .. 09:45, x(t) = 80 + t * 1040 / 45 min: the
	 * slot spans x 426.7 .. 773.3, its bar 496 .. 704 (a fifth in from
	 * each side), up to 930 - 43.75 * 3 = 798.75. Two bars, one a row,
	 * would leave x 600 empty (542 .. 565 between the rows, the bars
	 * 450 .. 519 and 607 .. 732). */
	TOOL_RUN(&r, "cti-store", "chart", "--png", png, rdb);
	ck_assert_msg(r.status == 0, "%s", r.err);
	{
		cairo_surface_t *img = load(png, 1200, 2 * 580);

		PIXEL_IS(img, 600, 850, BLUE);
		PIXEL_IS(img, 500, 799, BLUE);
		PIXEL_IS(img, 700, 899, BLUE);
		ck_assert_uint_ne(pixel(img, 600, 797), BLUE);
		ck_assert_uint_ne(pixel(img, 492, 850), BLUE);
		ck_assert_uint_ne(pixel(img, 708, 850), BLUE);
		cairo_surface_destroy(img);
	}
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("store_chart");
	TCase *tc = tcase_create("chart");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_png_one_queue);
	tcase_add_test(tc, test_png_two_queues);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_nothing_to_chart);
	tcase_add_test(tc, test_instance);
	tcase_add_test(tc, test_foreign_values);
	tcase_add_test(tc, test_usage);
	tcase_add_test(tc, test_restart_merged);
	suite_add_tcase(s, tc);
	return s;
}
