/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private side of the store: the backend interface (SQLite today, a
 * shared database server later), the handle, and the helpers the front
 * end, the backends and the exporters share.
 */
#ifndef CTI_STORE_STORE_H
#define CTI_STORE_STORE_H

#include <stdarg.h>

#include "cti/store.h"

struct cti_store;

/*
 * A backend. The front end (store.c) has validated every argument and
 * record, and guards against re-entry from callbacks, before it calls one.
 * Every function returns 0 (queries: the count delivered) or a CTI_E*
 * code, and logs the reason through cti__store_err().
 */
struct cti__store_ops {
	const char *name;
	/* `target` is the URI or path with the backend's scheme removed */
	int (*open)(struct cti_store *st, const char *target);
	void (*close)(struct cti_store *st);
	int (*put_cdrs)(struct cti_store *st, const struct cti_acd_cdr *c,
			size_t n);
	/* closed intervals; deletes their open rows */
	int (*put_intervals)(struct cti_store *st,
			     const struct cti_acd_interval *iv, size_t n);
	/* open intervals: upsert into interval_open; after a crash, this
	 * instance's rows become records */
	int (*put_open_intervals)(struct cti_store *st,
				  const struct cti_acd_interval *iv, size_t n);
	int (*close_cut_intervals)(struct cti_store *st, size_t *n);
	int (*query_cdrs)(struct cti_store *st,
			  const struct cti_store_filter *f, cti_store_cdr_fn fn,
			  void *user);
	int (*query_intervals)(struct cti_store *st,
			       const struct cti_store_filter *f,
			       cti_store_interval_fn fn, void *user);
	int (*summarize)(struct cti_store *st, const struct cti_store_filter *f,
			 cti_store_summary_fn fn, void *user);
	/* whole-call records: the put also deletes each call's open row */
	int (*put_call_records)(struct cti_store *st,
				const struct cti_center_record *r, size_t n);
	int (*call_opened)(struct cti_store *st,
			   const struct cti_center_record *r);
	int (*close_cut_calls)(struct cti_store *st, int cause,
			       int64_t now_epoch_ms, size_t *n);
	int (*query_call_records)(struct cti_store *st,
				  const struct cti_store_filter *f,
				  cti_store_record_fn fn, void *user);
	/* agents' sessions: open, close one, close all open (with reason),
	 * query by login */
	int (*session_opened)(struct cti_store *st,
			      const struct cti_agent_session *s);
	int (*session_closed)(struct cti_store *st,
			      const struct cti_agent_session *s);
	int (*close_cut_sessions)(struct cti_store *st, int64_t now_epoch_ms,
				  const char *reason, size_t *n);
	int (*query_sessions)(struct cti_store *st,
			      const struct cti_store_filter *f,
			      cti_store_session_fn fn, void *user);
	/* the index of recordings (recindex.c validates) */
	int (*put_recording)(struct cti_store *st,
			     const struct cti_store_recording *r);
	int (*query_recordings)(struct cti_store *st,
				const struct cti_store_rec_filter *f,
				cti_store_recording_fn fn, void *user);
};

struct cti_store {
	const struct cti__store_ops *ops;
	void *be;	/* the backend's state */
	cti_ctx_t *ctx; /* log sink, may be NULL */
	char *name;	/* what messages call it: the path or URI, with no
			 * password (the backend may replace it at open) */
	char instance[CTI_NAME_MAX]; /* the writer's name, in every row */
	uint32_t flags;		     /* enum cti_store_flags */
	int busy_timeout_ms;
	bool in_query; /* a query's callback is running */
};

extern const struct cti__store_ops cti__store_sqlite_ops;
extern const struct cti__store_ops cti__store_pg_ops;

/* Log "store NAME: reason" at CTI_LOG_ERROR through the store's context. */
void cti__store_err(const struct cti_store *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same at any level (record contents: CTI_LOG_DEBUG only). */
void cti__store_log(const struct cti_store *st, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Schema of the SQLite backend (schema.c): migrations[i] takes a database
 * from user_version i to i + 1. */
#define CTI__STORE_APP_ID 0x43544953 /* "CTIS": PRAGMA application_id */
extern const char *const cti__store_migrations[];
extern const int cti__store_schema_version;
/* The same steps in PostgreSQL's types (schema.c). */
extern const char *const cti__store_pg_migrations[];

/* A closed-out record for an open-call row after a crash: the fields the
 * row kept, `cause`, last_state 0, ended_ms = arrived_ms + the time since
 * arrival until now_epoch_ms (never before arrival). */
void cti__store_cut_record(struct cti_center_record *r, int cause,
			   int64_t now_epoch_ms);

/* UTF-8 validity (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
bool cti__utf8_valid(const char *s, size_t len);

/* Copy text of `len` bytes into a char[cap], cutting it at a character
 * boundary if it does not fit; always NUL-terminated. */
void cti__store_copy_text(char *dst, size_t cap, const char *src, size_t len);

/* A summary's rates from its sums (both backends): service level and
 * abandon rate in % of offered minus short abandons (-1 with none), ASA
 * from the answered calls' total wait asa_total (ms). */
void cti__store_summary_rates(struct cti_store_summary *s, double asa_total);

/* The shortest "%.*g" text that reads back as the same double (80, not
 * 80.000000000000001); NaN and infinities are the caller's business. */
void cti__fmt_double(char *buf, size_t cap, double v);

/* epoch_ms as "YYYY-MM-DDTHH:MM:SS.mmmZ"; "" if out of gmtime's range. */
void cti__fmt_time_utc(char *buf, size_t cap, int64_t epoch_ms);

/* The SQLite database of a store, NULL for another backend (sqlite.c),
 * and the SQLite side of the index of recordings (sqlite_rec.c). */
struct sqlite3;
struct sqlite3 *cti__store_sqlite_db(struct cti_store *st);
int cti__sq_put_recording(struct cti_store *st,
			  const struct cti_store_recording *r);
int cti__sq_query_recordings(struct cti_store *st,
			     const struct cti_store_rec_filter *f,
			     cti_store_recording_fn fn, void *user);

/* Agents' sessions on SQLite (sqlite_session.c). */
int cti__sq_session_opened(struct cti_store *st,
			   const struct cti_agent_session *s);
int cti__sq_session_closed(struct cti_store *st,
			   const struct cti_agent_session *s);
int cti__sq_close_cut_sessions(struct cti_store *st, int64_t now_epoch_ms,
			       const char *reason, size_t *n);
int cti__sq_query_sessions(struct cti_store *st,
			   const struct cti_store_filter *f,
			   cti_store_session_fn fn, void *user);

/* Is every reserved word zero? */
static inline bool cti__store_zeroed(const uint32_t *r, size_t n)
{
	while (n--)
		if (*r++)
			return false;
	return true;
}

#endif /* CTI_STORE_STORE_H */
