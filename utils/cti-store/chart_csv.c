// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-store chart --csv: the plotted series, one row per queue and
 * interval, RFC 4180 (header row, CRLF) as cti-store's exports. A value
 * that is not plotted (no calls) is an empty field.
 */
#include <stdio.h>

#include "chart.h"

/* A percentage or seconds with `prec` decimals, or nothing for -1. */
static int put_value(FILE *out, double v, int prec)
{
	return v < 0 ? fputs(",", out) : fprintf(out, ",%.*f", prec, v);
}

/* A queue name quoted as RFC 4180 2.6/2.7 wants it. */
static int put_name(FILE *out, const char *s)
{
	const char *p;

	for (p = s; *p && *p != ',' && *p != '"' && *p != '\r' && *p != '\n';
	     p++)
		;
	if (!*p)
		return fputs(s, out);
	if (fputc('"', out) == EOF)
		return EOF;
	for (p = s; *p; p++)
		if ((*p == '"' && fputc('"', out) == EOF) ||
		    fputc(*p, out) == EOF)
			return EOF;
	return fputc('"', out);
}

int chart_write_csv(const struct chart *c, FILE *out)
{
	char when[17];
	size_t i, j;

	if (fprintf(out, "time_local,utc_offset_min,queue,epoch_ms,length_ms,"
			 "offered,service_level,erlang_c_sl,sl_target,"
			 "abandon_rate,asa_s\r\n") < 0)
		return -1;
	for (i = 0; i < c->nq; i++)
		for (j = 0; j < c->q[i].n; j++) {
			const struct chart_point *p = &c->q[i].pts[j];

			chart_local_time(p->start_ms, c->utc_offset_min, when);
			if (fprintf(out, "%s,%d,", when, c->utc_offset_min) <
				    0 ||
			    put_name(out, c->q[i].name) == EOF ||
			    fprintf(out, ",%lld,%lld,%u",
				    (long long)p->start_ms,
				    (long long)(p->end_ms - p->start_ms),
				    p->offered) < 0 ||
			    put_value(out, p->sl, 2) < 0 ||
			    put_value(out, p->erlang_c, 2) < 0 ||
			    fprintf(out, ",%.2f", c->sl_target) < 0 ||
			    put_value(out, p->abandon, 2) < 0 ||
			    put_value(out, p->asa_s, 1) < 0 ||
			    fputs("\r\n", out) == EOF)
				return -1;
		}
	return 0;
}
