// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-store chart --png: the layout of chart.h drawn with cairo. Text
 * through cairo's toy API, in DejaVu Sans (fonts-dejavu-core) or the
 * closest font fontconfig finds; the tests never look at text pixels.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>

#include "chart.h"

static void rgb(cairo_t *cr, unsigned v)
{
	cairo_set_source_rgb(cr, ((v >> 16) & 255) / 255.0,
			     ((v >> 8) & 255) / 255.0, (v & 255) / 255.0);
}

/* Percentages beyond the panel (a foreign writer's) drawn at its edge. */
static double clamp_pct(double v)
{
	return v > 100 ? 100 : v;
}

static double x_of(const struct chart *c, int64_t t)
{
	return CHART_X0 +
	       (double)(t - c->t0) * CHART_PW / (double)(c->t1 - c->t0);
}

static void text(cairo_t *cr, double x, double y, double size, bool bold,
		 const char *s)
{
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD
				    : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, s);
}

/* Text ending at x (right-aligned). */
static void text_right(cairo_t *cr, double x, double y, const char *s)
{
	cairo_text_extents_t e;

	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
			       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 11);
	cairo_text_extents(cr, s, &e);
	cairo_move_to(cr, x - e.x_advance, y);
	cairo_show_text(cr, s);
}

static void title(cairo_t *cr, const struct chart *c,
		  const struct chart_queue *q, double top)
{
	char first[17], last[17], buf[200];
	int off =
		c->utc_offset_min < 0 ? -c->utc_offset_min : c->utc_offset_min;

	chart_local_time(c->t0, c->utc_offset_min, first);
	chart_local_time(c->t1 - 1, c->utc_offset_min, last);
	first[10] = last[10] = '\0';
	snprintf(buf, sizeof(buf), "%s \xe2\x80\x94 %s%s%s (UTC%c%02d:%02d)",
		 q->name, first, strcmp(first, last) ? " to " : "",
		 strcmp(first, last) ? last : "",
		 c->utc_offset_min < 0 ? '-' : '+', off / 60, off % 60);
	rgb(cr, 0);
	text(cr, CHART_X0, top + 32, 18, true, buf);
}

/* A swatch and its label; returns the x after it. */
static double legend_item(cairo_t *cr, double x, double y, unsigned colour,
			  const char *label)
{
	cairo_text_extents_t e;

	rgb(cr, colour);
	cairo_rectangle(cr, x, y - 10, 14, 10);
	cairo_fill(cr);
	rgb(cr, 0);
	text(cr, x + 18, y, 12, false, label);
	cairo_text_extents(cr, label, &e);
	return x + 18 + e.x_advance + 16;
}

static void legend(cairo_t *cr, const struct chart *c, double top)
{
	char target[40];
	double x = 640, y = top + 22;

	snprintf(target, sizeof(target), "target %.0f %%", c->sl_target);
	x = legend_item(cr, x, y, CHART_RGB_SL, "service level");
	x = legend_item(cr, x, y, CHART_RGB_ERLANG, "Erlang C");
	legend_item(cr, x, y, CHART_RGB_TARGET, target);
	x = 640;
	y += 18;
	x = legend_item(cr, x, y, CHART_RGB_ABANDON, "abandon rate");
	legend_item(cr, x, y, CHART_RGB_ASA, "ASA (lower panel)");
}

/* Horizontal grid lines with their labels, `n` steps of `step` units. */
static void y_grid(cairo_t *cr, double y0, double h, int n, double step,
		   const char *unit)
{
	char buf[32];
	int i;

	for (i = 0; i <= n; i++) {
		double y = y0 + h - h * i / n;

		rgb(cr, 0xdddddd);
		cairo_rectangle(cr, CHART_X0, y, CHART_PW, 1);
		cairo_fill(cr);
		rgb(cr, 0);
		snprintf(buf, sizeof(buf), "%g %s", step * i, unit);
		text_right(cr, CHART_X0 - 6, y + 4, buf);
	}
}

/* Ticks on the hour (every 2 h beyond 12 h, 4 h beyond a day), local. */
static void time_axis(cairo_t *cr, const struct chart *c, double y0, double y1)
{
	int64_t off = (int64_t)c->utc_offset_min * 60000, hour = 3600000;
	int64_t step = c->t1 - c->t0 > 24 * hour   ? 4 * hour
		       : c->t1 - c->t0 > 12 * hour ? 2 * hour
						   : hour;
	int64_t t = ((c->t0 + off + step - 1) / step) * step - off;
	char when[17];

	for (; t <= c->t1; t += step) {
		double x = x_of(c, t);

		rgb(cr, 0xdddddd);
		cairo_rectangle(cr, x, y0, 1, y1 - y0);
		cairo_fill(cr);
		rgb(cr, 0);
		chart_local_time(t, c->utc_offset_min, when);
		text(cr, x - 16, y1 + 18, 11, false, when + 11);
	}
}

static void bar(cairo_t *cr, const struct chart *c, const struct chart_point *p,
		double bottom, double h)
{
	double xs = x_of(c, p->start_ms), xe = x_of(c, p->end_ms);
	double w = xe - xs;

	cairo_rectangle(cr, xs + w / 5, bottom - h, w - 2 * w / 5, h);
	cairo_fill(cr);
}

/* A line through one series' points (broken where there is none), and a
 * square on each point. */
enum line { LINE_ABANDON, LINE_ERLANG };

static double line_value(const struct chart_point *p, enum line which)
{
	return clamp_pct(which == LINE_ABANDON ? p->abandon : p->erlang_c);
}

static void series(cairo_t *cr, const struct chart *c,
		   const struct chart_queue *q, enum line which, double y0)
{
	bool open = false;
	size_t i;

	cairo_set_line_width(cr, 2);
	for (i = 0; i < q->n; i++) {
		const struct chart_point *p = &q->pts[i];
		double v = line_value(p, which);
		double x = x_of(c, (p->start_ms + p->end_ms) / 2);
		double y = y0 + CHART_PCT_H - v / 100 * CHART_PCT_H;

		if (v < 0) {
			open = false;
			continue;
		}
		if (open)
			cairo_line_to(cr, x, y);
		else
			cairo_move_to(cr, x, y);
		open = true;
	}
	cairo_stroke(cr);
	for (i = 0; i < q->n; i++) {
		const struct chart_point *p = &q->pts[i];
		double v = line_value(p, which);
		double x = x_of(c, (p->start_ms + p->end_ms) / 2);
		double y = y0 + CHART_PCT_H - v / 100 * CHART_PCT_H;

		if (v < 0)
			continue;
		cairo_rectangle(cr, x - CHART_MARK / 2.0, y - CHART_MARK / 2.0,
				CHART_MARK, CHART_MARK);
		cairo_fill(cr);
	}
}

static void block(cairo_t *cr, const struct chart *c,
		  const struct chart_queue *q, double top)
{
	double py0 = top + CHART_TITLE_H;
	double ay0 = py0 + CHART_PCT_H + CHART_GAP_H, max_asa = 0, asa_top;
	size_t i;

	title(cr, c, q, top);
	legend(cr, c, top);
	for (i = 0; i < q->n; i++)
		if (q->pts[i].asa_s > max_asa)
			max_asa = q->pts[i].asa_s;
	asa_top = chart_asa_top(max_asa);
	y_grid(cr, py0, CHART_PCT_H, 5, 20, "%");
	y_grid(cr, ay0, CHART_ASA_H, 2, asa_top / 2, "s");
	time_axis(cr, c, py0, py0 + CHART_PCT_H);
	time_axis(cr, c, ay0, ay0 + CHART_ASA_H);
	rgb(cr, 0);
	text(cr, CHART_X0, ay0 - 8, 12, false,
	     "average speed of answer (ASA), seconds");

	rgb(cr, CHART_RGB_SL);
	for (i = 0; i < q->n; i++)
		if (q->pts[i].sl >= 0)
			bar(cr, c, &q->pts[i], py0 + CHART_PCT_H,
			    clamp_pct(q->pts[i].sl) / 100 * CHART_PCT_H);
	rgb(cr, CHART_RGB_TARGET);
	cairo_rectangle(cr, CHART_X0,
			py0 + CHART_PCT_H - c->sl_target / 100 * CHART_PCT_H -
				1,
			CHART_PW, 2);
	cairo_fill(cr);
	rgb(cr, CHART_RGB_ABANDON);
	series(cr, c, q, LINE_ABANDON, py0);
	rgb(cr, CHART_RGB_ERLANG);
	series(cr, c, q, LINE_ERLANG, py0);

	rgb(cr, CHART_RGB_ASA);
	for (i = 0; i < q->n; i++)
		if (q->pts[i].asa_s >= 0)
			bar(cr, c, &q->pts[i], ay0 + CHART_ASA_H,
			    q->pts[i].asa_s / asa_top * CHART_ASA_H);
}

static cairo_status_t to_file(void *user, const unsigned char *data,
			      unsigned int len)
{
	return fwrite(data, 1, len, user) == len ? CAIRO_STATUS_SUCCESS
						 : CAIRO_STATUS_WRITE_ERROR;
}

int chart_draw_png(const struct chart *c, const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create(
		CAIRO_FORMAT_RGB24, CHART_W, (int)c->nq * CHART_BLOCK_H);
	cairo_t *cr = cairo_create(s);
	cairo_status_t cs;
	FILE *out;
	size_t i;
	int err;

	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	rgb(cr, 0xffffff);
	cairo_paint(cr);
	for (i = 0; i < c->nq; i++)
		block(cr, c, &c->q[i], (double)i * CHART_BLOCK_H);
	cs = cairo_status(cr);
	cairo_destroy(cr);
	if (cs) {
		fprintf(stderr, "cti-store: drawing %s: %s\n", path,
			cairo_status_to_string(cs));
		cairo_surface_destroy(s);
		return -1;
	}
	out = fopen(path, "wb");
	if (!out) {
		fprintf(stderr, "cti-store: %s: %s\n", path, strerror(errno));
		cairo_surface_destroy(s);
		return -1;
	}
	cs = cairo_surface_write_to_png_stream(s, to_file, out);
	err = errno;
	cairo_surface_destroy(s);
	if (fclose(out) && !cs) {
		cs = CAIRO_STATUS_WRITE_ERROR;
		err = errno;
	}
	if (cs) {
		fprintf(stderr, "cti-store: writing %s: %s\n", path,
			cs == CAIRO_STATUS_WRITE_ERROR
				? strerror(err)
				: cairo_status_to_string(cs));
		return -1;
	}
	return 0;
}
