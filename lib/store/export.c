// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * CSV (RFC 4180) and JSON (RFC 8259) export of the records a query
 * returns, driven by one column table per record type so that both
 * formats always carry the same fields in the same order.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "core/util.h"

enum col_kind { K_U64, K_I64, K_INT, K_U32, K_DBL, K_TEXT, K_OUTCOME, K_TIME };

struct col {
	const char *name;
	enum col_kind kind;
	size_t off;
};

#define COL(type, field, kind)                      \
	{                                           \
#field, kind, offsetof(type, field) \
	}
#define CDR(field, kind) COL(struct cti_acd_cdr, field, kind)
#define IV(field, kind)	 COL(struct cti_acd_interval, field, kind)
#define SUM(field, kind) COL(struct cti_store_summary, field, kind)
#define REC(field, kind) COL(struct cti_center_record, field, kind)

static const struct col cdr_cols[] = {
	{ "time_utc", K_TIME, offsetof(struct cti_acd_cdr, epoch_ms) },
	CDR(call_id, K_U64),
	CDR(queue, K_TEXT),
	CDR(agent, K_TEXT),
	CDR(ani, K_TEXT),
	CDR(dnis, K_TEXT),
	CDR(priority, K_INT),
	CDR(outcome, K_OUTCOME),
	CDR(epoch_ms, K_I64),
	CDR(offered_ms, K_I64),
	CDR(answered_ms, K_I64),
	CDR(ended_ms, K_I64),
	CDR(wait_ms, K_I64),
	CDR(talk_ms, K_I64),
	CDR(hold_ms, K_I64),
	CDR(wrap_ms, K_I64),
	CDR(rona_count, K_INT),
	CDR(exit_action, K_TEXT),
	CDR(wrap_code, K_INT),
};

static const struct col iv_cols[] = {
	{ "time_utc", K_TIME, offsetof(struct cti_acd_interval, epoch_ms) },
	IV(queue, K_TEXT),
	IV(epoch_ms, K_I64),
	IV(start_ms, K_I64),
	IV(length_ms, K_I64),
	IV(offered, K_U32),
	IV(answered, K_U32),
	IV(answered_in_sl, K_U32),
	IV(abandoned, K_U32),
	IV(short_abandoned, K_U32),
	IV(overflowed, K_U32),
	IV(exited, K_U32),
	IV(busy, K_U32),
	IV(sl_threshold_ms, K_I64),
	IV(service_level, K_DBL),
	IV(erlang_c_sl, K_DBL),
	IV(asa_ms, K_I64),
	IV(avg_wait_ms, K_I64),
	IV(max_wait_ms, K_I64),
	IV(aht_ms, K_I64),
	IV(occupancy, K_DBL),
};

static const struct col rec_cols[] = {
	{ "time_utc", K_TIME, offsetof(struct cti_center_record, epoch_ms) },
	REC(call, K_U32),
	REC(last_state, K_U32),
	REC(cause, K_INT),
	REC(segments, K_U32),
	REC(agents, K_U32),
	REC(transfers, K_U32),
	REC(epoch_ms, K_I64),
	REC(arrived_ms, K_U64),
	REC(ended_ms, K_U64),
	REC(ivr_ms, K_U64),
	REC(queue_ms, K_U64),
	REC(talk_ms, K_U64),
	REC(hold_ms, K_U64),
	REC(dial_ms, K_U64),
	REC(ani, K_TEXT),
	REC(dnis, K_TEXT),
	REC(trunk, K_TEXT),
	REC(first_queue, K_TEXT),
	REC(first_agent, K_TEXT),
	REC(last_agent, K_TEXT),
	REC(number, K_TEXT),
};

#define SES(f, k) { #f, k, offsetof(struct cti_agent_session, f) }
static const struct col session_cols[] = {
	{ "login_utc", K_TIME,
	  offsetof(struct cti_agent_session, login_epoch_ms) },
	SES(agent, K_TEXT),
	SES(extension, K_TEXT),
	SES(login_epoch_ms, K_I64),
	SES(logout_epoch_ms, K_I64), /* 0: still logged in */
	SES(reason, K_TEXT),
};

static const struct col sum_cols[] = {
	SUM(queue, K_TEXT),	     SUM(intervals, K_U64),
	SUM(offered, K_U64),	     SUM(answered, K_U64),
	SUM(answered_in_sl, K_U64),  SUM(abandoned, K_U64),
	SUM(short_abandoned, K_U64), SUM(overflowed, K_U64),
	SUM(exited, K_U64),	     SUM(busy, K_U64),
	SUM(service_level, K_DBL),   SUM(abandon_rate, K_DBL),
	SUM(asa_ms, K_I64),	     SUM(max_wait_ms, K_I64),
};

struct exporter {
	FILE *out;
	enum cti_store_format fmt;
	const struct col *cols;
	size_t ncols;
	size_t rows;
};

static void csv_text(FILE *out, const char *s)
{
	/* RFC 4180 2.6/2.7: quote fields holding , " CR or LF; double " */
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

static void json_text(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n;

	putc('"', out);
	while (len) {
		if (*p == '"' || *p == '\\') {
			putc('\\', out);
			putc(*p, out);
			n = 1;
		} else if (*p < 0x20) {
			/* RFC 8259 7: control characters must be escaped */
			switch (*p) {
			case '\b':
				fputs("\\b", out);
				break;
			case '\f':
				fputs("\\f", out);
				break;
			case '\n':
				fputs("\\n", out);
				break;
			case '\r':
				fputs("\\r", out);
				break;
			case '\t':
				fputs("\\t", out);
				break;
			default:
				fprintf(out, "\\u%04x", *p);
			}
			n = 1;
		} else if (*p < 0x80) {
			putc(*p, out);
			n = 1;
		} else {
			/* keep valid UTF-8, replace any invalid byte */
			for (n = 2; n <= 4 && n <= len; n++)
				if (cti__utf8_valid((const char *)p, n))
					break;
			if (n <= 4 && n <= len) {
				fwrite(p, 1, n, out);
			} else {
				fputs("\\ufffd", out);
				n = 1;
			}
		}
		p += n;
		len -= n;
	}
	putc('"', out);
}

static void put_value(struct exporter *ex, const struct col *c, const void *rec)
{
	const char *field = (const char *)rec + c->off;
	char buf[48];
	double d;
	int32_t i32;
	int64_t i64;
	uint64_t u64;
	uint32_t u32;
	bool json = ex->fmt == CTI_STORE_JSON;

	switch (c->kind) {
	case K_U64:
		memcpy(&u64, field, sizeof(u64));
		fprintf(ex->out, "%llu", (unsigned long long)u64);
		return;
	case K_I64:
		memcpy(&i64, field, sizeof(i64));
		fprintf(ex->out, "%lld", (long long)i64);
		return;
	case K_INT:
		memcpy(&i32, field, sizeof(i32));
		fprintf(ex->out, "%d", (int)i32);
		return;
	case K_U32:
		memcpy(&u32, field, sizeof(u32));
		fprintf(ex->out, "%u", (unsigned)u32);
		return;
	case K_DBL:
		memcpy(&d, field, sizeof(d));
		/* NaN and infinities have no JSON form; CSV leaves them blank
		 * (NaN) or writes them as C does */
		if (isnan(d) || (json && isinf(d))) {
			fputs(json ? "null" : "", ex->out);
			return;
		}
		cti__fmt_double(buf, sizeof(buf), d);
		fputs(buf, ex->out);
		return;
	case K_TEXT:
		(json ? json_text : csv_text)(ex->out, field);
		return;
	case K_OUTCOME:
		memcpy(&i32, field, sizeof(i32));
		(json ? json_text : csv_text)(
			ex->out,
			cti_store_outcome_name((enum cti_acd_outcome)i32));
		return;
	case K_TIME:
		memcpy(&i64, field, sizeof(i64));
		cti__fmt_time_utc(buf, sizeof(buf), i64);
		if (json && !buf[0])
			fputs("null", ex->out);
		else
			(json ? json_text : csv_text)(ex->out, buf);
		return;
	}
}

static void put_header(struct exporter *ex)
{
	size_t i;

	if (ex->fmt == CTI_STORE_JSON) {
		fputc('[', ex->out);
		return;
	}
	for (i = 0; i < ex->ncols; i++) {
		if (i)
			putc(',', ex->out);
		fputs(ex->cols[i].name, ex->out);
	}
	fputs("\r\n", ex->out);
}

static int put_row(void *user, const void *rec)
{
	struct exporter *ex = user;
	size_t i;

	if (ex->fmt == CTI_STORE_JSON) {
		fputs(ex->rows ? ",\n{" : "\n{", ex->out);
		for (i = 0; i < ex->ncols; i++) {
			fprintf(ex->out, "%s\"%s\":", i ? "," : "",
				ex->cols[i].name);
			put_value(ex, &ex->cols[i], rec);
		}
		putc('}', ex->out);
	} else {
		for (i = 0; i < ex->ncols; i++) {
			if (i)
				putc(',', ex->out);
			put_value(ex, &ex->cols[i], rec);
		}
		fputs("\r\n", ex->out);
	}
	ex->rows++;
	/* stop the query at the first failed write */
	return ferror(ex->out) ? CTI_EIO : 0;
}

static int put_cdr(void *user, const struct cti_acd_cdr *c)
{
	return put_row(user, c);
}

static int put_iv(void *user, const struct cti_acd_interval *v)
{
	return put_row(user, v);
}

static int put_sum(void *user, const struct cti_store_summary *s)
{
	return put_row(user, s);
}

static int put_rec(void *user, const struct cti_center_record *r)
{
	return put_row(user, r);
}

static int put_session(void *user, const struct cti_agent_session *s)
{
	return put_row(user, s);
}

enum what { W_CDR, W_IV, W_SUM, W_REC, W_SESSION };

static int export(cti_store_t *st, const struct cti_store_filter *f,
		  enum cti_store_format format, FILE *out, enum what w)
{
	struct exporter ex = { .out = out, .fmt = format };
	int rc;

	if (!st || !out ||
	    (format != CTI_STORE_CSV && format != CTI_STORE_JSON))
		return CTI_EINVAL;
	if (w == W_CDR) {
		ex.cols = cdr_cols;
		ex.ncols = ARRAY_SIZE(cdr_cols);
	} else if (w == W_IV) {
		ex.cols = iv_cols;
		ex.ncols = ARRAY_SIZE(iv_cols);
	} else if (w == W_REC) {
		ex.cols = rec_cols;
		ex.ncols = ARRAY_SIZE(rec_cols);
	} else if (w == W_SESSION) {
		ex.cols = session_cols;
		ex.ncols = ARRAY_SIZE(session_cols);
	} else {
		ex.cols = sum_cols;
		ex.ncols = ARRAY_SIZE(sum_cols);
	}
	put_header(&ex);
	if (w == W_CDR)
		rc = cti_store_query_cdrs(st, f, put_cdr, &ex);
	else if (w == W_IV)
		rc = cti_store_query_intervals(st, f, put_iv, &ex);
	else if (w == W_REC)
		rc = cti_store_query_call_records(st, f, put_rec, &ex);
	else if (w == W_SESSION)
		rc = cti_store_query_sessions(st, f, put_session, &ex);
	else
		rc = cti_store_summarize(st, f, put_sum, &ex);
	if (rc < 0)
		return rc;
	if (format == CTI_STORE_JSON)
		fputs(ex.rows ? "\n]\n" : "]\n", out);
	if (fflush(out) || ferror(out)) {
		cti__store_err(st, "export: write error");
		return CTI_EIO;
	}
	return rc;
}

static int export_fd(cti_store_t *st, const struct cti_store_filter *f,
		     enum cti_store_format format, int fd, enum what w)
{
	FILE *out;
	int dfd, rc;

	if (fd < 0)
		return CTI_EBADF;
	/* a stream of our own on a duplicate: the caller's fd stays open */
	dfd = dup(fd);
	if (dfd < 0)
		return errno == EBADF ? CTI_EBADF : -errno;
	out = fdopen(dfd, "w");
	if (!out) {
		rc = -errno;
		close(dfd);
		return rc;
	}
	rc = export(st, f, format, out, w);
	if (fclose(out) && rc >= 0)
		rc = CTI_EIO;
	return rc;
}

CTI_EXTERN int cti_store_export_cdrs(cti_store_t *st,
				     const struct cti_store_filter *f,
				     enum cti_store_format format, FILE *out)
{
	return export(st, f, format, out, W_CDR);
}

CTI_EXTERN int cti_store_export_intervals(cti_store_t *st,
					  const struct cti_store_filter *f,
					  enum cti_store_format format,
					  FILE *out)
{
	return export(st, f, format, out, W_IV);
}

CTI_EXTERN int cti_store_export_summary(cti_store_t *st,
					const struct cti_store_filter *f,
					enum cti_store_format format, FILE *out)
{
	return export(st, f, format, out, W_SUM);
}

CTI_EXTERN int cti_store_export_cdrs_fd(cti_store_t *st,
					const struct cti_store_filter *f,
					enum cti_store_format format, int fd)
{
	return export_fd(st, f, format, fd, W_CDR);
}

CTI_EXTERN int cti_store_export_intervals_fd(cti_store_t *st,
					     const struct cti_store_filter *f,
					     enum cti_store_format format,
					     int fd)
{
	return export_fd(st, f, format, fd, W_IV);
}

CTI_EXTERN int cti_store_export_call_records(cti_store_t *st,
					     const struct cti_store_filter *f,
					     enum cti_store_format format,
					     FILE *out)
{
	return export(st, f, format, out, W_REC);
}

CTI_EXTERN int cti_store_export_sessions(cti_store_t *st,
					 const struct cti_store_filter *f,
					 enum cti_store_format format, FILE *out)
{
	return export(st, f, format, out, W_SESSION);
}
