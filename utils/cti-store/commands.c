// SPDX-License-Identifier: LGPL-2.1-or-later
/* cti-store: the export and summary commands. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cti_store_tool.h"

/* stdout, or the -o file (created, or truncated). */
static FILE *open_output(const char *path)
{
	FILE *out;

	if (!path || !strcmp(path, "-"))
		return stdout;
	out = fopen(path, "w");
	if (!out)
		fprintf(stderr, "cti-store: %s: %s\n", path, strerror(errno));
	return out;
}

/* Whether writing `out` failed; if so, say so naming the output (not the
 * database: its reads went well). Keeps errno for the message. */
static bool output_failed(FILE *out, const char *path)
{
	int err = errno;

	if (!ferror(out) && !fflush(out) && !ferror(out))
		return false;
	if (!err || err == EIO)
		err = errno ? errno : EIO;
	fprintf(stderr, "cti-store: writing %s: %s\n",
		path && strcmp(path, "-") ? path : "standard output",
		strerror(err));
	return true;
}

static int finish_output(FILE *out, const char *path, int rc)
{
	int bad;

	if (out == stdout)
		bad = fflush(out);
	else
		bad = fclose(out);
	if (rc >= 0 && bad) {
		fprintf(stderr, "cti-store: writing %s: %s\n",
			path && strcmp(path, "-") ? path : "standard output",
			strerror(errno));
		return EXIT_USAGE;
	}
	return rc >= 0		   ? EXIT_WELL
	       : rc == CTI_EFORMAT ? EXIT_TROUBLE
				   : EXIT_USAGE;
}

int cmd_export(const char *db, const struct opts *o)
{
	cti_store_t *st;
	FILE *out;
	int status, rc;
	bool bad_out;

	st = open_store(db, &status);
	if (!st)
		return status;
	out = open_output(o->output);
	if (!out) {
		close_store(st);
		return EXIT_USAGE;
	}
	defer_messages();
	if (o->what == WHAT_CDR)
		rc = cti_store_export_cdrs(st, &o->filter, o->format, out);
	else if (o->what == WHAT_CALLS)
		rc = cti_store_export_call_records(st, &o->filter, o->format,
						   out);
	else if (o->what == WHAT_SESSIONS)
		rc = cti_store_export_sessions(st, &o->filter, o->format, out);
	else
		rc = cti_store_export_intervals(st, &o->filter, o->format, out);
	bad_out = rc < 0 && output_failed(out, o->output);
	release_messages(!bad_out);
	if (bad_out) {
		close_store(st);
		if (out != stdout)
			fclose(out);
		return EXIT_USAGE;
	}
	if (rc < 0 && rc != CTI_EFORMAT)
		fprintf(stderr, "cti-store: export from %s: %s\n", db,
			cti_strerror(rc));
	close_store(st);
	return finish_output(out, o->output, rc);
}

struct table {
	FILE *out;
	const struct opts *o;
	int rows;
	int missed; /* queues below the service-level or abandon target */
};

static void pct(FILE *out, double v)
{
	if (v < 0)
		fprintf(out, " %7s", "-");
	else
		fprintf(out, " %7.1f", v);
}

static int table_row(void *user, const struct cti_store_summary *s)
{
	struct table *t = user;
	bool miss =
		(s->service_level >= 0 && s->service_level < t->o->sl_target) ||
		s->abandon_rate > t->o->abandon_target;

	if (!t->rows++)
		fprintf(t->out, "%-20s %8s %8s %8s %7s %7s %7s %9s\n", "QUEUE",
			"OFFERED", "ANSWERED", "ABANDON", "SL%", "ABAND%",
			"ASA s", "INTERVALS");
	fprintf(t->out, "%-20s %8llu %8llu %8llu", s->queue,
		(unsigned long long)s->offered, (unsigned long long)s->answered,
		(unsigned long long)s->abandoned);
	pct(t->out, s->service_level);
	pct(t->out, s->abandon_rate);
	fprintf(t->out, " %7.1f %9llu%s\n", (double)s->asa_ms / 1000.0,
		(unsigned long long)s->intervals, miss ? "  below target" : "");
	t->missed += miss;
	return 0;
}

static int count_missed(void *user, const struct cti_store_summary *s)
{
	struct table *t = user;

	t->missed +=
		(s->service_level >= 0 && s->service_level < t->o->sl_target) ||
		s->abandon_rate > t->o->abandon_target;
	return 0;
}

int cmd_summary(const char *db, const struct opts *o)
{
	struct table t = { .o = o };
	cti_store_t *st;
	FILE *out;
	int status, rc;
	bool bad_out;

	st = open_store(db, &status);
	if (!st)
		return status;
	out = open_output(o->output);
	if (!out) {
		close_store(st);
		return EXIT_USAGE;
	}
	t.out = out;
	defer_messages();
	if (o->format) {
		rc = cti_store_export_summary(st, &o->filter, o->format, out);
		if (rc >= 0)
			rc = cti_store_summarize(st, &o->filter, count_missed,
						 &t);
	} else {
		rc = cti_store_summarize(st, &o->filter, table_row, &t);
		if (rc == 0)
			fprintf(out, "no interval statistics%s%s\n",
				o->filter.queue ? " for queue " : "",
				o->filter.queue ? o->filter.queue : "");
	}
	if (rc >= 0 && !o->format)
		rc = fflush(out) ? CTI_EIO : rc;
	bad_out = rc < 0 && output_failed(out, o->output);
	release_messages(!bad_out);
	if (bad_out) {
		close_store(st);
		if (out != stdout)
			fclose(out);
		return EXIT_USAGE;
	}
	if (rc < 0 && rc != CTI_EFORMAT)
		fprintf(stderr, "cti-store: summary of %s: %s\n", db,
			cti_strerror(rc));
	close_store(st);
	status = finish_output(out, o->output, rc);
	return status == EXIT_WELL && t.missed ? EXIT_TROUBLE : status;
}
