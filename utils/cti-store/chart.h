/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cti-store chart: the KPIs of interval statistics per interval, as a PNG
 * (chart_draw.c) or as CSV (chart_csv.c). Tool-internal.
 *
 * The layout is fixed so that a pixel's meaning can be computed by hand
 * (tests/integration/store_chart does): CHART_W pixels wide, one block of
 * CHART_BLOCK_H pixels per queue, stacked in queue-name order. In block b
 * (top = b * CHART_BLOCK_H):
 *   title band     top .. top+CHART_TITLE_H (title left, legend right)
 *   percent panel  py0 = top+CHART_TITLE_H, CHART_PCT_H high: 0..100 %
 *                  upwards from its bottom py0+CHART_PCT_H
 *   ASA panel      ay0 = py0+CHART_PCT_H+CHART_GAP_H, CHART_ASA_H high:
 *                  0..asa_top seconds (the largest ASA of the block rounded
 *                  up to 1, 2 or 5 times a power of ten, at least 10 s)
 *   time labels    below, CHART_AXIS_H
 * Both panels span x = CHART_X0 .. CHART_X0+CHART_PW. Time runs linearly
 * over [t0, t1): t0 the earliest interval start of all queues, t1 the
 * latest interval end; x(t) = X0 + (t - t0) * PW / (t1 - t0).
 * Interval [s, e) with centre c = (s+e)/2:
 *   SL bar       x(s)+w/5 .. x(e)-w/5 (w = x(e)-x(s)), from the percent
 *                panel's bottom up to y(SL) = bottom - SL/100 * PCT_H
 *   ASA bar      same x, in the ASA panel, up to bottom - ASA/asa_top*ASA_H
 *   Erlang C     a line through (x(c), y(erlang_c_sl)), a square of
 *                CHART_MARK px centred on each point
 *   abandon rate likewise, at y(abandoned / (offered - short) * 100)
 *   SL target    a 2 px horizontal line centred on y(target), over the panel
 * Shapes are drawn without antialiasing (a pixel is painted when its
 * centre is inside), in this order: grid, SL bars, target, abandon,
 * Erlang C; ASA bars. Intervals without calls (-1) draw nothing.
 */
#ifndef CTI_STORE_CHART_H
#define CTI_STORE_CHART_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cti/records.h"

enum {
	CHART_W = 1200,
	CHART_X0 = 80,
	CHART_PW = 1040,
	CHART_TITLE_H = 50,
	CHART_PCT_H = 300,
	CHART_GAP_H = 40,
	CHART_ASA_H = 150,
	CHART_AXIS_H = 40,
	CHART_BLOCK_H = CHART_TITLE_H + CHART_PCT_H + CHART_GAP_H +
			CHART_ASA_H + CHART_AXIS_H,
	CHART_MARK = 8,
	CHART_MAX_QUEUES = 16,
};

/* Series colours, 0xRRGGBB (documented in cti-store(1)). */
#define CHART_RGB_SL	  0x1f77b4 /* service level bars: blue */
#define CHART_RGB_ERLANG  0xff7f0e /* Erlang C expectation: orange */
#define CHART_RGB_ABANDON 0xd62728 /* abandon rate: red */
#define CHART_RGB_TARGET  0x2ca02c /* SL target: green */
#define CHART_RGB_ASA	  0x9467bd /* ASA bars: purple */

/* One interval's plotted values; -1: no calls (nothing drawn). */
struct chart_point {
	int64_t start_ms, end_ms; /* wall clock, UTC */
	uint32_t offered;
	double sl, erlang_c, abandon; /* % */
	double asa_s;
};

struct chart_queue {
	char name[CTI_NAME_MAX];
	struct chart_point *pts;
	size_t n, cap;
};

struct chart {
	struct chart_queue q[CHART_MAX_QUEUES];
	size_t nq;
	int64_t t0, t1;	    /* the time axis */
	int utc_offset_min; /* local time of labels and title */
	double sl_target;   /* % */
};

/* The abandon rate the store's summary uses: % abandoned of offered
 * minus short abandons; -1 if that is 0. */
double chart_abandon_rate(const struct cti_acd_interval *iv);

/* Nice upper end of the ASA axis for a largest ASA of `max_s` seconds. */
double chart_asa_top(double max_s);

/* "YYYY-MM-DDTHH:MM" of epoch ms shifted by the offset, into buf[17]. */
void chart_local_time(int64_t ms, int offset_min, char buf[17]);

/* Write the PNG; 0, or -1 with the reason printed (naming path). */
int chart_draw_png(const struct chart *c, const char *path);

/* Write the CSV to out; 0, or -1 on a write error (errno kept). */
int chart_write_csv(const struct chart *c, FILE *out);

#endif
