// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-store chart: options, and the interval statistics read into the
 * series the chart plots (struct chart, chart.h). After a restart or a
 * clean stop the store holds rows of one queue whose epoch_ms fall in
 * one interval slot (the partial interval closed at the stop, then the
 * rest after the start): they are one point, one slot being the longest
 * row's length of local time (--utc-offset).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "cti_store_tool.h"

double chart_abandon_rate(const struct cti_acd_interval *iv)
{
	int64_t base = (int64_t)iv->offered - iv->short_abandoned;

	return base > 0 ? 100.0 * iv->abandoned / (double)base : -1;
}

double chart_asa_top(double max_s)
{
	double p = 1;

	if (max_s <= 10)
		return 10;
	while (p * 10 < max_s)
		p *= 10;
	if (max_s <= p * 2)
		return p * 2;
	if (max_s <= p * 5)
		return p * 5;
	return p * 10;
}

void chart_local_time(int64_t ms, int offset_min, char buf[17])
{
	time_t t = (time_t)((ms + (int64_t)offset_min * 60000) / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 17, "%Y-%m-%dT%H:%M", &tm);
}

struct rows;

struct reader {
	struct chart *c;
	struct rows *rows;
	int err; /* 0, or a message already printed */
};

static struct chart_queue *queue_of(struct reader *r, const char *name)
{
	struct chart *c = r->c;
	size_t i;

	for (i = 0; i < c->nq; i++)
		if (!strcmp(c->q[i].name, name))
			return &c->q[i];
	if (c->nq == CHART_MAX_QUEUES) {
		fprintf(stderr,
			"cti-store: chart: more than %d queues; choose one "
			"with --queue\n",
			CHART_MAX_QUEUES);
		return NULL;
	}
	snprintf(c->q[c->nq].name, CTI_NAME_MAX, "%s", name);
	return &c->q[c->nq++];
}

/* A stored rate as plotted: -1 (none) for "no calls" and for what no
 * rate is (NaN, infinities a foreign writer may have stored). */
static double value(double v)
{
	return isfinite(v) && v >= 0 ? v : -1;
}

/* The rows one queue's points come from (merged after the query). */
struct raw {
	struct cti_acd_interval *iv;
	size_t n, cap;
};

struct rows {
	struct raw r[CHART_MAX_QUEUES]; /* parallel to c->q */
	int64_t longest_ms;		/* the interval length: a slot */
};

static int on_interval(void *user, const struct cti_acd_interval *iv)
{
	struct reader *r = user;
	struct chart_queue *q = queue_of(r, iv->queue);
	struct raw *w;

	if (!q)
		return -1;
	w = &r->rows->r[q - r->c->q];
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 128;
		void *np = realloc(w->iv, cap * sizeof(*w->iv));

		if (!np) {
			fputs("cti-store: chart: out of memory\n", stderr);
			return -1;
		}
		w->iv = np;
		w->cap = cap;
	}
	w->iv[w->n++] = *iv;
	if (iv->length_ms > r->rows->longest_ms)
		r->rows->longest_ms = iv->length_ms;
	return 0;
}

/* One stored row as plotted, its stored rates as they are. */
static void point_of(const struct cti_acd_interval *iv, struct chart_point *p)
{
	p->start_ms = iv->epoch_ms;
	p->end_ms = iv->epoch_ms + (iv->length_ms > 0 ? iv->length_ms : 1);
	p->offered = iv->offered;
	p->sl = value(iv->service_level);
	p->erlang_c = value(iv->erlang_c_sl);
	p->abandon = chart_abandon_rate(iv);
	p->asa_s = (p->sl < 0 && !iv->answered) || iv->asa_ms < 0
			   ? -1
			   : iv->asa_ms / 1000.0;
}

/* Rows [a, b) of one slot (a restart's partial interval and the rest)
 * as one point: counts summed, service level, abandon rate and ASA from
 * the sums, the Erlang C expectation weighted by each row's offered. */
static void point_merged(const struct cti_acd_interval *iv, size_t n,
			 struct chart_point *p)
{
	uint64_t offered = 0, in_sl = 0, shorts = 0, abandoned = 0;
	uint64_t answered = 0, ec_offered = 0;
	double wait_ms = 0, ec = 0;
	bool asa_bad = false;
	int64_t base;

	p->start_ms = iv[0].epoch_ms;
	p->end_ms = iv[0].epoch_ms + 1;
	for (size_t i = 0; i < n; i++) {
		int64_t end = iv[i].epoch_ms +
			      (iv[i].length_ms > 0 ? iv[i].length_ms : 1);

		if (end > p->end_ms)
			p->end_ms = end;
		offered += iv[i].offered;
		in_sl += iv[i].answered_in_sl;
		shorts += iv[i].short_abandoned;
		abandoned += iv[i].abandoned;
		answered += iv[i].answered;
		wait_ms += (double)iv[i].asa_ms * iv[i].answered;
		asa_bad |= iv[i].asa_ms < 0;
		if (iv[i].offered && value(iv[i].erlang_c_sl) >= 0) {
			ec += iv[i].erlang_c_sl * iv[i].offered;
			ec_offered += iv[i].offered;
		}
	}
	base = (int64_t)offered - (int64_t)shorts;
	p->offered = offered > UINT32_MAX ? UINT32_MAX : (uint32_t)offered;
	p->sl = base > 0 ? 100.0 * (double)in_sl / (double)base : -1;
	p->abandon = base > 0 ? 100.0 * (double)abandoned / (double)base : -1;
	p->erlang_c = ec_offered ? ec / (double)ec_offered : -1;
	p->asa_s = (p->sl < 0 && !answered) || asa_bad ? -1
		   : answered ? wait_ms / (double)answered / 1000.0
			      : 0;
}

/* Which slot a row falls in: interval-long slots of local time, the
 * interval being the longest row's length. */
static int64_t slot_of(const struct cti_acd_interval *iv, int64_t slot_ms,
		       int offset_min)
{
	int64_t t = iv->epoch_ms + (int64_t)offset_min * 60000;

	return (t - ((t % slot_ms) + slot_ms) % slot_ms) / slot_ms;
}

/* Each queue's rows into its points, one per slot. */
static int merge_rows(struct chart *c, struct rows *rows)
{
	int64_t slot_ms = rows->longest_ms > 0 ? rows->longest_ms : 1;
	bool first = true;

	for (size_t k = 0; k < c->nq; k++) {
		struct chart_queue *q = &c->q[k];
		const struct raw *w = &rows->r[k];

		q->pts = calloc(w->n ? w->n : 1, sizeof(*q->pts));
		if (!q->pts) {
			fputs("cti-store: chart: out of memory\n", stderr);
			return -1;
		}
		for (size_t a = 0, b; a < w->n; a = b) {
			struct chart_point *p = &q->pts[q->n++];
			int64_t s =
				slot_of(&w->iv[a], slot_ms, c->utc_offset_min);

			for (b = a + 1;
			     b < w->n && slot_of(&w->iv[b], slot_ms,
						 c->utc_offset_min) == s;
			     b++)
				;
			if (b - a == 1)
				point_of(&w->iv[a], p);
			else
				point_merged(&w->iv[a], b - a, p);
			if (first || p->start_ms < c->t0)
				c->t0 = p->start_ms;
			if (first || p->end_ms > c->t1)
				c->t1 = p->end_ms;
			first = false;
		}
	}
	return 0;
}

static void rows_free(struct rows *rows)
{
	for (size_t i = 0; i < CHART_MAX_QUEUES; i++)
		free(rows->r[i].iv);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct chart_queue *)a)->name,
		      ((const struct chart_queue *)b)->name);
}

static void chart_free(struct chart *c)
{
	size_t i;

	for (i = 0; i < c->nq; i++)
		free(c->q[i].pts);
}

static void chart_usage(FILE *out)
{
	fputs("Usage: cti-store chart [--from T] [--to T] [--queue Q] "
	      "[--instance I]\n"
	      "                       [--utc-offset MIN] [--sl-target P] "
	      "--png FILE | --csv FILE  DB\n"
	      "Per interval: service level against the pooled Erlang C "
	      "expectation and the\n"
	      "target, abandon rate, ASA; one panel per queue. FILE '-' "
	      "is stdout (CSV).\n",
	      out);
}

enum { OPT_PNG = 300, OPT_CSV_FILE, OPT_OFFSET, OPT_TARGET };

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "cti-store: chart: %s%s%s%s\n", msg, arg ? " '" : "",
		arg ? arg : "", arg ? "'" : "");
	fputs("Try 'cti-store chart --help'.\n", stderr);
	return EXIT_USAGE;
}

struct chart_opts {
	struct cti_store_filter filter;
	const char *png, *csv, *db;
	int utc_offset_min;
	double sl_target;
};

static int parse_opts(int argc, char **argv, struct chart_opts *o)
{
	static const struct option long_opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "queue", required_argument, NULL, 'q' },
		{ "instance", required_argument, NULL, 'I' },
		{ "png", required_argument, NULL, OPT_PNG },
		{ "csv", required_argument, NULL, OPT_CSV_FILE },
		{ "utc-offset", required_argument, NULL, OPT_OFFSET },
		{ "sl-target", required_argument, NULL, OPT_TARGET },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	long v;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:t:q:I:h", long_opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'f':
		case 't':
			if (tool_parse_time(optarg,
				       c == 'f' ? &o->filter.from_epoch_ms
						: &o->filter.to_epoch_ms))
				return usage_error(
					"not a time (epoch ms or "
					"YYYY-MM-DD[THH:MM[:SS]][Z]):",
					optarg);
			break;
		case 'q':
			if (!*optarg || strlen(optarg) >= CTI_NAME_MAX)
				return usage_error("--queue: not a queue name:",
						   optarg);
			o->filter.queue = optarg;
			break;
		case 'I': /* "" is the unnamed writer */
			if (strlen(optarg) >= CTI_NAME_MAX)
				return usage_error("--instance: names have at "
						   "most 63 bytes, not",
						   optarg);
			o->filter.instance = optarg;
			break;
		case OPT_PNG:
			o->png = optarg;
			break;
		case OPT_CSV_FILE:
			o->csv = optarg;
			break;
		case OPT_OFFSET:
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v < -840 ||
			    v > 840)
				return usage_error("--utc-offset: minutes from "
						   "-840 to 840, not",
						   optarg);
			o->utc_offset_min = (int)v;
			break;
		case OPT_TARGET:
			o->sl_target = strtod(optarg, &end);
			if (end == optarg || *end || !(o->sl_target >= 0) ||
			    o->sl_target > 100)
				return usage_error("--sl-target: not a "
						   "percentage:",
						   optarg);
			break;
		case 'h':
			chart_usage(stdout);
			return -1;
		case ':':
			return usage_error("option needs a value:",
					   argv[optind - 1]);
		default:
			return usage_error("unknown option", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return usage_error(argc - optind ? "one database, not more"
						 : "which database?",
				   NULL);
	o->db = argv[optind];
	if (!o->png && !o->csv)
		return usage_error("--png FILE or --csv FILE (or both)", NULL);
	if (o->png && !strcmp(o->png, "-"))
		return usage_error("--png: a file, not stdout", NULL);
	if (o->filter.from_epoch_ms && o->filter.to_epoch_ms &&
	    o->filter.to_epoch_ms <= o->filter.from_epoch_ms)
		return usage_error("--to must be later than --from", NULL);
	return 0;
}

static int write_csv(const struct chart *c, const char *path)
{
	bool to_stdout = !strcmp(path, "-");
	FILE *out = to_stdout ? stdout : fopen(path, "w");
	int rc;

	if (!out) {
		fprintf(stderr, "cti-store: %s: %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}
	rc = chart_write_csv(c, out);
	if (to_stdout) {
		if (fflush(out))
			rc = -1;
	} else if (fclose(out)) {
		rc = -1;
	}
	if (rc) {
		fprintf(stderr, "cti-store: writing %s: %s\n",
			to_stdout ? "stdout" : path, strerror(errno));
		return EXIT_USAGE;
	}
	return EXIT_WELL;
}

int cmd_chart(int argc, char **argv)
{
	struct chart_opts o = { .sl_target = 80 };
	struct chart c = { 0 };
	struct rows rows = { 0 };
	struct reader r = { .c = &c, .rows = &rows };
	cti_store_t *st;
	int status = EXIT_WELL, rc;

	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? EXIT_WELL : rc;
	st = open_store(o.db, &status);
	if (!st)
		return status;
	c.utc_offset_min = o.utc_offset_min;
	c.sl_target = o.sl_target;
	rc = cti_store_query_intervals(st, &o.filter, on_interval, &r);
	close_store(st);
	if (rc < 0) {
		if (rc != -1)
			fprintf(stderr, "cti-store: %s: %s\n", o.db,
				cti_strerror(rc));
		rows_free(&rows);
		return EXIT_TROUBLE;
	}
	rc = merge_rows(&c, &rows);
	rows_free(&rows);
	if (rc) {
		chart_free(&c);
		return EXIT_TROUBLE;
	}
	if (!c.nq) {
		fprintf(stderr,
			"cti-store: %s: no interval statistics%s to chart\n",
			o.db,
			o.filter.from_epoch_ms || o.filter.to_epoch_ms ||
					o.filter.queue
				? " selected"
				: "");
		return EXIT_TROUBLE;
	}
	qsort(c.q, c.nq, sizeof(c.q[0]), by_name);
	if (o.csv)
		status = write_csv(&c, o.csv);
	if (!status && o.png) {
		status = chart_draw_png(&c, o.png) ? EXIT_USAGE : EXIT_WELL;
		/* named on screen; beside a CSV on stdout, on stderr */
		if (!status)
			fprintf(o.csv && !strcmp(o.csv, "-") ? stderr : stdout,
				"%s\n", o.png);
	}
	chart_free(&c);
	return status;
}
