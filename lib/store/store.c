// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The store's front end: picks the backend from the URI, validates every
 * record before any backend sees it, and keeps query callbacks from
 * re-entering the store.
 */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "store/store.h"
#include "core/util.h"

void cti__store_log(const struct cti_store *st, int level, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (!cti__log_enabled(st->ctx, level))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cti__log(st->ctx, level, "store", "%s: %s", st->name, msg);
}

void cti__store_err(const struct cti_store *st, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (!cti__log_enabled(st->ctx, CTI_LOG_ERROR))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cti__log(st->ctx, CTI_LOG_ERROR, "store", "%s: %s", st->name, msg);
}

CTI_EXTERN const char *cti_store_outcome_name(enum cti_acd_outcome o)
{
	switch (o) {
	case CTI_ACD_ANSWERED:
		return "answered";
	case CTI_ACD_ABANDONED:
		return "abandoned";
	case CTI_ACD_OVERFLOWED:
		return "overflowed";
	case CTI_ACD_EXITED:
		return "exited";
	case CTI_ACD_BUSY:
		return "busy";
	case CTI_ACD_CLEARED:
		return "cleared";
	}
	return "?";
}

CTI_EXTERN int cti_store_schema_version(void)
{
	return cti__store_schema_version;
}

/* Backends by URI scheme; a path without one goes to SQLite. */
static const struct {
	const char *prefix;
	bool strip; /* "file:" URIs are SQLite's own syntax: keep them */
	const struct cti__store_ops *ops;
} schemes[] = {
	{ "sqlite:", true, &cti__store_sqlite_ops },
	{ "file:", false, &cti__store_sqlite_ops },
	/* libpq parses its own URIs; "pg:" takes a key=value conninfo */
	{ "postgresql://", false, &cti__store_pg_ops },
	{ "postgres://", false, &cti__store_pg_ops },
	{ "pg:", true, &cti__store_pg_ops },
};

static const struct cti__store_ops *pick_backend(const char *uri,
						 const char **target)
{
	const char *colon = strchr(uri, ':'), *p;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(schemes); i++) {
		size_t n = strlen(schemes[i].prefix);

		if (!strncmp(uri, schemes[i].prefix, n)) {
			*target = schemes[i].strip ? uri + n : uri;
			return schemes[i].ops;
		}
	}
	/* "scheme://..." is a URI we do not know; "C:x" or "a:b" a path */
	if (colon && colon[1] == '/' && colon[2] == '/') {
		for (p = uri; p < colon; p++)
			if (!strchr("abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-",
				    *p))
				break;
		if (p == colon && colon > uri)
			return NULL;
	}
	*target = uri;
	return &cti__store_sqlite_ops;
}

/*
 * What messages call a store: the URI without a password. "scheme://
 * user:password@host" loses ":password", a PostgreSQL URI its "?..."
 * parameters (password= may be one); a "pg:" conninfo is named by the
 * backend once libpq has parsed it (until then: "pg:...").
 */
static char *display_name(const char *uri)
{
	const char *sep = strstr(uri, "://"), *at, *colon;
	size_t len = strlen(uri);
	char *name;

	if (!strncmp(uri, "pg:", 3))
		return strdup("pg:...");
	if (!sep)
		return strdup(uri);
	if (!strncmp(uri, "postgres", 8))
		len = strcspn(uri, "?");
	name = strndup(uri, len);
	at = name ? strpbrk(name + (sep - uri) + 3, "@/?") : NULL;
	if (!at || *at != '@')
		return name;
	colon = memchr(name + (sep - uri) + 3, ':',
		       (size_t)(at - (name + (sep - uri) + 3)));
	if (colon)
		memmove((char *)colon, at, strlen(at) + 1);
	return name;
}

static bool name_ok(const char *s)
{
	size_t len = strnlen(s, CTI_NAME_MAX);

	return len < CTI_NAME_MAX && cti__utf8_valid(s, len);
}

CTI_EXTERN int cti_store_open(cti_store_t **out, const char *uri_or_path,
			      const struct cti_store_config *cfg)
{
	static const struct cti_store_config defaults;
	const struct cti__store_ops *ops;
	const char *target = NULL;
	struct cti_store *st;
	int rc;

	if (out)
		*out = NULL;
	if (!cfg)
		cfg = &defaults;
	if (!uri_or_path || !*uri_or_path || !out ||
	    (cfg->flags & ~(uint32_t)(CTI_STORE_RDONLY | CTI_STORE_NOCREATE)) ||
	    cfg->busy_timeout_ms < 0 ||
	    (cfg->instance && !name_ok(cfg->instance)) ||
	    !cti__store_zeroed(cfg->reserved, ARRAY_SIZE(cfg->reserved)))
		return CTI_EINVAL;
	st = calloc(1, sizeof(*st));
	if (!st)
		return CTI_ENOMEM;
	if (cfg->instance)
		strcpy(st->instance, cfg->instance);
	st->name = display_name(uri_or_path);
	if (!st->name) {
		free(st);
		return CTI_ENOMEM;
	}
	st->ctx = cfg->ctx;
	st->flags = cfg->flags;
	st->busy_timeout_ms =
		cfg->busy_timeout_ms ? cfg->busy_timeout_ms : 5000;
	ops = pick_backend(uri_or_path, &target);
	if (!ops) {
		cti__store_err(st, "no store backend for this URI scheme "
				   "(known: a path, file:, sqlite:, "
				   "postgresql://, postgres://, pg:)");
		rc = CTI_ENOTSUP;
		goto fail;
	}
	st->ops = ops;
	rc = ops->open(st, target);
	if (rc)
		goto fail;
	*out = st;
	return 0;
fail:
	free(st->name);
	free(st);
	return rc;
}

CTI_EXTERN void cti_store_close(cti_store_t *st)
{
	if (!st)
		return;
	st->ops->close(st);
	free(st->name);
	free(st);
}

/* A char[cap] field: NUL-terminated inside, valid UTF-8. */
static bool text_ok(const struct cti_store *st, const char *field,
		    const char *s, size_t cap, size_t idx)
{
	size_t len = strnlen(s, cap);

	if (len == cap) {
		cti__store_err(st, "record %zu: %s is not NUL-terminated", idx,
			       field);
		return false;
	}
	if (!cti__utf8_valid(s, len)) {
		cti__store_err(st, "record %zu: %s is not valid UTF-8", idx,
			       field);
		return false;
	}
	return true;
}

#define TEXT_OK(st, rec, field, i) \
	text_ok(st, #field, (rec)->field, sizeof((rec)->field), i)

static int check_cdr(const struct cti_store *st, const void *rec, size_t i)
{
	const struct cti_acd_cdr *c = rec;

	if (!TEXT_OK(st, c, queue, i) || !TEXT_OK(st, c, agent, i) ||
	    !TEXT_OK(st, c, ani, i) || !TEXT_OK(st, c, dnis, i) ||
	    !TEXT_OK(st, c, exit_action, i))
		return CTI_EINVAL;
	if (!strcmp(cti_store_outcome_name(c->outcome), "?")) {
		cti__store_err(st,
			       "record %zu: outcome %d is not one of "
			       "enum cti_acd_outcome",
			       i, (int)c->outcome);
		return CTI_EINVAL;
	}
	return 0;
}

/* Common guards of every call on an open store. */
static int usable(struct cti_store *st, bool write)
{
	if (!st)
		return CTI_EINVAL;
	if (st->in_query)
		return CTI_EBUSY;
	if (write && (st->flags & CTI_STORE_RDONLY))
		return CTI_EPERM;
	return 0;
}

typedef int (*record_check_fn)(const struct cti_store *st, const void *rec,
			       size_t i);

/* The guards of every batch write: a writable store not in a query,
 * records where n says there are some, each one checked (the first bad
 * one is named). 0: write them (nothing to do if n is 0). */
static int batch_ok(struct cti_store *st, const void *recs, size_t n,
		    size_t size, record_check_fn check)
{
	int rc = usable(st, true);

	if (rc)
		return rc;
	if (!recs && n)
		return CTI_EINVAL;
	for (size_t i = 0; i < n; i++)
		if ((rc = check(st, (const char *)recs + i * size, i)))
			return rc;
	return 0;
}

static int check_interval(const struct cti_store *st, const void *rec,
			  size_t i)
{
	const struct cti_acd_interval *iv = rec;

	return TEXT_OK(st, iv, queue, i) ? 0 : CTI_EINVAL;
}

CTI_EXTERN int cti_store_put_cdrs(cti_store_t *st,
				  const struct cti_acd_cdr *cdrs, size_t n)
{
	int rc = batch_ok(st, cdrs, n, sizeof(*cdrs), check_cdr);

	if (rc || !n)
		return rc;
	return st->ops->put_cdrs(st, cdrs, n);
}

CTI_EXTERN int cti_store_put_cdr(cti_store_t *st, const struct cti_acd_cdr *cdr)
{
	if (!cdr)
		return CTI_EINVAL;
	return cti_store_put_cdrs(st, cdr, 1);
}

CTI_EXTERN int cti_store_put_intervals(cti_store_t *st,
				       const struct cti_acd_interval *ivs,
				       size_t n)
{
	int rc = batch_ok(st, ivs, n, sizeof(*ivs), check_interval);

	if (rc || !n)
		return rc;
	return st->ops->put_intervals(st, ivs, n);
}

CTI_EXTERN int cti_store_put_open_intervals(cti_store_t *st,
					    const struct cti_acd_interval *ivs,
					    size_t n)
{
	int rc = batch_ok(st, ivs, n, sizeof(*ivs), check_interval);

	if (rc || !n)
		return rc;
	return st->ops->put_open_intervals(st, ivs, n);
}

CTI_EXTERN int cti_store_close_cut_intervals(cti_store_t *st, size_t *n)
{
	size_t dummy;
	int rc = usable(st, true);

	if (!n)
		n = &dummy;
	*n = 0;
	if (rc)
		return rc;
	rc = st->ops->close_cut_intervals(st, n);
	if (!rc && *n)
		cti__store_log(st, CTI_LOG_NOTICE,
			       "%zu intervals open at a crash stored as "
			       "checkpointed",
			       *n);
	return rc;
}

CTI_EXTERN int cti_store_put_interval(cti_store_t *st,
				      const struct cti_acd_interval *iv)
{
	if (!iv)
		return CTI_EINVAL;
	return cti_store_put_intervals(st, iv, 1);
}

static int check_query(struct cti_store *st, const struct cti_store_filter *f,
		       bool have_fn)
{
	int rc = usable(st, false);

	if (rc)
		return rc;
	if (!have_fn)
		return CTI_EINVAL;
	if (f && !cti__store_zeroed(f->reserved, ARRAY_SIZE(f->reserved)))
		return CTI_EINVAL;
	if (f && f->queue && strlen(f->queue) >= CTI_NAME_MAX)
		return CTI_EINVAL;
	if (f && f->instance && !name_ok(f->instance))
		return CTI_EINVAL;
	return 0;
}

/* Filters the backends see: a "" queue means every queue, like NULL. */
static const struct cti_store_filter *
normal_filter(const struct cti_store_filter *f, struct cti_store_filter *buf)
{
	static const struct cti_store_filter all;

	if (!f)
		return &all;
	*buf = *f;
	if (buf->queue && !*buf->queue)
		buf->queue = NULL;
	return buf;
}

CTI_EXTERN int cti_store_query_cdrs(cti_store_t *st,
				    const struct cti_store_filter *f,
				    cti_store_cdr_fn fn, void *user)
{
	struct cti_store_filter buf;
	int rc = check_query(st, f, fn != NULL);

	if (rc)
		return rc;
	st->in_query = true;
	rc = st->ops->query_cdrs(st, normal_filter(f, &buf), fn, user);
	st->in_query = false;
	return rc;
}

CTI_EXTERN int cti_store_query_intervals(cti_store_t *st,
					 const struct cti_store_filter *f,
					 cti_store_interval_fn fn, void *user)
{
	struct cti_store_filter buf;
	int rc = check_query(st, f, fn != NULL);

	if (rc)
		return rc;
	st->in_query = true;
	rc = st->ops->query_intervals(st, normal_filter(f, &buf), fn, user);
	st->in_query = false;
	return rc;
}

CTI_EXTERN int cti_store_summarize(cti_store_t *st,
				   const struct cti_store_filter *f,
				   cti_store_summary_fn fn, void *user)
{
	struct cti_store_filter buf;
	int rc = check_query(st, f, fn != NULL);

	if (rc)
		return rc;
	st->in_query = true;
	rc = st->ops->summarize(st, normal_filter(f, &buf), fn, user);
	st->in_query = false;
	return rc;
}

/* ---- whole-call records and the open-call journal ---------------------- */

static int check_record(const struct cti_store *st, const void *rec,
			size_t i)
{
	const struct cti_center_record *r = rec;

	if (!TEXT_OK(st, r, ani, i) || !TEXT_OK(st, r, dnis, i) ||
	    !TEXT_OK(st, r, trunk, i) || !TEXT_OK(st, r, first_queue, i) ||
	    !TEXT_OK(st, r, first_agent, i) || !TEXT_OK(st, r, last_agent, i) ||
	    !TEXT_OK(st, r, number, i))
		return CTI_EINVAL;
	return 0;
}

CTI_EXTERN int cti_store_put_call_records(cti_store_t *st,
					  const struct cti_center_record *r,
					  size_t n)
{
	int rc = batch_ok(st, r, n, sizeof(*r), check_record);

	if (rc || !n)
		return rc;
	return st->ops->put_call_records(st, r, n);
}

CTI_EXTERN int cti_store_call_opened(cti_store_t *st,
				     const struct cti_center_record *r)
{
	int rc = usable(st, true);

	if (rc)
		return rc;
	if (!r)
		return CTI_EINVAL;
	if (!TEXT_OK(st, r, ani, 0) || !TEXT_OK(st, r, dnis, 0) ||
	    !TEXT_OK(st, r, trunk, 0))
		return CTI_EINVAL;
	return st->ops->call_opened(st, r);
}

CTI_EXTERN int cti_store_close_cut_calls(cti_store_t *st, int cause,
					 int64_t now_epoch_ms, size_t *n)
{
	size_t dummy;
	int rc = usable(st, true);

	if (!n)
		n = &dummy;
	*n = 0;
	if (rc)
		return rc;
	if (cause < 1 || cause > 127) {
		cti__store_err(st,
			       "closing cut calls: cause %d is not a "
			       "Q.850 cause (1..127)",
			       cause);
		return CTI_EINVAL;
	}
	return st->ops->close_cut_calls(st, cause, now_epoch_ms, n);
}

CTI_EXTERN int cti_store_query_call_records(cti_store_t *st,
					    const struct cti_store_filter *f,
					    cti_store_record_fn fn, void *user)
{
	struct cti_store_filter buf;
	int rc = check_query(st, f, fn != NULL);

	if (rc)
		return rc;
	st->in_query = true;
	rc = st->ops->query_call_records(st, normal_filter(f, &buf), fn, user);
	st->in_query = false;
	return rc;
}

static int check_session(cti_store_t *st, const struct cti_agent_session *s,
			 bool closing)
{
	if (!s || !cti__store_zeroed(s->reserved, ARRAY_SIZE(s->reserved)))
		return CTI_EINVAL;
	if (!*s->agent || !TEXT_OK(st, s, agent, 0) ||
	    !TEXT_OK(st, s, extension, 0))
		return CTI_EINVAL;
	if (closing && (!*s->reason || !TEXT_OK(st, s, reason, 0) ||
			s->logout_epoch_ms == 0))
		return CTI_EINVAL;
	return 0;
}

CTI_EXTERN int cti_store_session_opened(cti_store_t *st,
					const struct cti_agent_session *s)
{
	int rc = usable(st, true);

	if (!rc)
		rc = check_session(st, s, false);
	return rc ? rc : st->ops->session_opened(st, s);
}

CTI_EXTERN int cti_store_session_closed(cti_store_t *st,
					const struct cti_agent_session *s)
{
	int rc = usable(st, true);

	if (!rc)
		rc = check_session(st, s, true);
	return rc ? rc : st->ops->session_closed(st, s);
}

CTI_EXTERN int cti_store_close_cut_sessions(cti_store_t *st,
					    int64_t now_epoch_ms, size_t *n)
{
	size_t dummy;
	int rc = usable(st, true);

	if (!n)
		n = &dummy;
	*n = 0;
	if (rc)
		return rc;
	if (now_epoch_ms == 0)
		return CTI_EINVAL; /* 0 is an open row's logout */
	return st->ops->close_cut_sessions(st, now_epoch_ms, "restart", n);
}

CTI_EXTERN int cti_store_query_sessions(cti_store_t *st,
					const struct cti_store_filter *f,
					cti_store_session_fn fn, void *user)
{
	struct cti_store_filter buf;
	int rc = check_query(st, f, fn != NULL);

	if (rc)
		return rc;
	f = normal_filter(f, &buf);
	if (f->queue)
		return CTI_EINVAL; /* sessions have no queue */
	st->in_query = true;
	rc = st->ops->query_sessions(st, f, fn, user);
	st->in_query = false;
	return rc;
}

void cti__store_cut_record(struct cti_center_record *r, int cause,
			   int64_t now_epoch_ms)
{
	uint64_t lasted = 0;

	if (now_epoch_ms > r->epoch_ms)
		lasted = (uint64_t)now_epoch_ms - (uint64_t)r->epoch_ms;
	r->cause = cause;
	r->last_state = 0;
	/* the context clock of the process that crashed: its length is
	 * known only up to now, an upper bound */
	r->ended_ms = r->arrived_ms + lasted;
	if (r->ended_ms < r->arrived_ms)
		r->ended_ms = UINT64_MAX;
}
