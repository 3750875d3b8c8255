/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti store: call detail records and interval statistics of the ACD
 * (cti/records.h), kept durably and exported as CSV (RFC 4180) or JSON
 * (RFC 8259).
 *
 * The store is an interface with two backends, chosen by the URI given to
 * cti_store_open(): SQLite, a file (WAL journal, synchronous=FULL), and
 * PostgreSQL, a database server (libpq, synchronous_commit=on). On both, a
 * record is durable once its put returns 0. The schema is documented in
 * docs/store.md.
 *
 * A store is not thread-safe: use it from one thread at a time. Its puts
 * wait for the disk (an fsync per transaction): batch them with
 * cti_store_put_cdrs(), or run the store on a thread of its own, rather
 * than commit one record per call from an audio or event loop.
 */
#ifndef CTI_STORE_H
#define CTI_STORE_H

#include <stdio.h>

#include "cti/common.h"
#include "cti/log.h"
#include "cti/records.h"

CTI_BEGIN_DECLS

typedef struct cti_store cti_store_t;

enum cti_store_flags {
	CTI_STORE_RDONLY = 1 << 0,   /* no writes; the database must exist */
	CTI_STORE_NOCREATE = 1 << 1, /* fail with CTI_ENOENT if it is absent */
};

struct cti_store_config {
	cti_ctx_t *ctx;		 /* log sink for errors; NULL: silent */
	uint32_t flags;		 /* enum cti_store_flags */
	int32_t busy_timeout_ms; /* wait for another writer; 0: 5000 */
	/* The writer's name, stored in every row it writes: instances
	 * sharing one database keep their records apart by it. NULL: "".
	 * Valid UTF-8 under CTI_NAME_MAX bytes. */
	const char *instance;
	uint32_t reserved[8]; /* zero */
};

/*
 * Open (creating it if needed) the store at `uri_or_path`:
 *  - SQLite: a file path, a "file:" URI (SQLite's syntax) or "sqlite:PATH";
 *    a new file is created 0600 (it holds callers' numbers);
 *  - PostgreSQL: a libpq URI "postgresql://..." or "postgres://...", or
 *    "pg:CONNINFO" (libpq's "key=value ..." string); the database must
 *    exist, and its schema hold no table or be a store's.
 * `cfg` may be NULL. A new store gets the current schema; an older schema
 * is migrated in one transaction. A database that is not a store is never
 * written to.
 * Returns 0 and sets *out, or:
 *  CTI_EINVAL    bad argument, config or connection string;
 *  CTI_ENOTSUP   unknown URI scheme, or a schema newer than this libcti;
 *  CTI_EFORMAT   not an SQLite database, corrupt, or another program's;
 *  CTI_ENOENT    the file (CTI_STORE_RDONLY/NOCREATE) or directory is
 *                absent; PostgreSQL: no such database (or no store in it,
 *                with CTI_STORE_RDONLY/NOCREATE);
 *  CTI_EACCES    no permission, a read-only file system; PostgreSQL:
 *                authentication refused, no privilege;
 *  CTI_EBUSY     locked by another writer beyond the busy timeout;
 *  CTI_EIO       PostgreSQL: the server cannot be reached;
 *  CTI_ENOMEM, CTI_ENOSPC.
 * The reason, naming the file or the database (never a password), goes to
 * cfg->ctx's log at CTI_LOG_ERROR.
 */
CTI_EXTERN int cti_store_open(cti_store_t **out, const char *uri_or_path,
			      const struct cti_store_config *cfg);

/* Close the store; nothing is pending (every put committed or failed).
 * NULL is ignored. */
CTI_EXTERN void cti_store_close(cti_store_t *st);

/*
 * Append `n` records in one transaction: all of them are durable when it
 * returns 0, none of them otherwise. Strings must be NUL-terminated within
 * their arrays and valid UTF-8; the outcome one of enum cti_acd_outcome;
 * reserved fields are not stored.
 * Returns 0, or CTI_EINVAL (bad record: nothing stored), CTI_EPERM (store
 * opened read-only), CTI_EBUSY (locked, or called from a query callback),
 * CTI_ENOSPC, CTI_EIO, CTI_EFORMAT (database found corrupt), CTI_ENOMEM.
 */
CTI_EXTERN int cti_store_put_cdrs(cti_store_t *st,
				  const struct cti_acd_cdr *cdrs, size_t n);

/* One record: cti_store_put_cdrs(st, cdr, 1). */
CTI_EXTERN int cti_store_put_cdr(cti_store_t *st,
				 const struct cti_acd_cdr *cdr);

/* As cti_store_put_cdrs(), for interval statistics (the queue name must be
 * NUL-terminated UTF-8). In the same transaction, the open rows of this
 * instance with the same queue and epoch_ms (cti_store_put_open_intervals())
 * are deleted: the closed interval replaces its checkpoint. Same returns. */
CTI_EXTERN int cti_store_put_intervals(cti_store_t *st,
				       const struct cti_acd_interval *ivs,
				       size_t n);

/* One interval: cti_store_put_intervals(st, iv, 1). */
CTI_EXTERN int cti_store_put_interval(cti_store_t *st,
				      const struct cti_acd_interval *iv);

/*
 * Checkpoint intervals still open (their statistics so far), as rows of
 * this instance in table interval_open: one per (queue, epoch_ms), a row
 * already there replaced (an upsert); all `n` in one transaction. They
 * are not interval records: queries and exports do not see them. The
 * interval's close (cti_store_put_intervals()) deletes its row; after a
 * crash, cti_store_close_cut_intervals() makes records of what is left.
 * Returns as cti_store_put_intervals().
 */
CTI_EXTERN int cti_store_put_open_intervals(cti_store_t *st,
					    const struct cti_acd_interval *ivs,
					    size_t n);

/*
 * After a crash, at start: every open interval row of this instance
 * becomes an interval record as it was last checkpointed (its counts and
 * length_ms at the checkpoint), and the rows are deleted; one
 * transaction. Other instances' rows are not touched. *n (may be NULL)
 * gets how many. Returns as cti_store_put_cdrs().
 */
CTI_EXTERN int cti_store_close_cut_intervals(cti_store_t *st, size_t *n);

/*
 * Which records a query returns, by their wall-clock stamp epoch_ms.
 * Zero-initialised, it selects everything.
 */
struct cti_store_filter {
	int64_t from_epoch_ms; /* inclusive; 0: no lower bound */
	int64_t to_epoch_ms;   /* exclusive; 0: no upper bound */
	const char *queue;     /* NULL or "": every queue (call records:
				* the first queue) */
	const char *instance;  /* NULL: every writer; else only its rows
				* ("" is the unnamed writer) */
	uint32_t reserved[4];  /* zero */
};

/*
 * Called once per record, in order of epoch_ms then insertion. The record
 * is valid only during the call. Return 0 to go on; a negative value stops
 * the query, which returns it; a positive value stops it too, and the
 * query returns the number of records delivered so far. The callback must
 * not call the same store (it would get CTI_EBUSY).
 */
typedef int (*cti_store_cdr_fn)(void *user, const struct cti_acd_cdr *cdr);
typedef int (*cti_store_interval_fn)(void *user,
				     const struct cti_acd_interval *iv);

/*
 * Deliver the CDRs selected by `f` (NULL: all) to `fn`. Returns the number
 * delivered (>= 0), the callback's negative value, or CTI_EINVAL,
 * CTI_EBUSY, CTI_EFORMAT (corrupt database), CTI_EIO, CTI_ENOMEM.
 * Records stored by something else with out-of-range values are clamped
 * to their C type, and strings cut to fit their arrays.
 */
CTI_EXTERN int cti_store_query_cdrs(cti_store_t *st,
				    const struct cti_store_filter *f,
				    cti_store_cdr_fn fn, void *user);

/* As cti_store_query_cdrs(), for interval statistics (ordered by epoch_ms,
 * then queue name). Same returns. */
CTI_EXTERN int cti_store_query_intervals(cti_store_t *st,
					 const struct cti_store_filter *f,
					 cti_store_interval_fn fn, void *user);

/* One queue's totals over the intervals a filter selects. */
struct cti_store_summary {
	char queue[CTI_NAME_MAX];
	uint64_t intervals; /* number of interval records summed */
	uint64_t offered;
	uint64_t answered;
	uint64_t answered_in_sl;
	uint64_t abandoned; /* excluding short abandons */
	uint64_t short_abandoned;
	uint64_t overflowed;
	uint64_t exited;
	uint64_t busy;
	double service_level; /* % answered_in_sl of offered minus short
			       * abandons; -1 if that is 0 */
	double abandon_rate;  /* % abandoned of the same; -1 if that is 0 */
	int64_t asa_ms;	      /* average speed of answer, weighted by calls */
	int64_t max_wait_ms;
	uint32_t reserved[8];
};

typedef int (*cti_store_summary_fn)(void *user,
				    const struct cti_store_summary *s);

/*
 * Sum the interval statistics selected by `f` per queue and deliver one
 * summary per queue, ordered by queue name. Callback rules and returns as
 * cti_store_query_cdrs().
 */
CTI_EXTERN int cti_store_summarize(cti_store_t *st,
				   const struct cti_store_filter *f,
				   cti_store_summary_fn fn, void *user);

enum cti_store_format {
	CTI_STORE_CSV = 1,  /* RFC 4180: header row, CRLF, quoted as needed */
	CTI_STORE_JSON = 2, /* RFC 8259: an array of objects, one a line */
};

/*
 * Write the CDRs selected by `f` (NULL: all) to `out` in `format`; the
 * columns and keys are the fields of struct cti_acd_cdr in order, preceded
 * by "time_utc" (epoch_ms as ISO 8601), the outcome by name (see
 * docs/store.md). Returns the number of records written, or CTI_EINVAL,
 * CTI_EIO (write error; errno kept), or a query error. On error the output
 * is incomplete.
 */
CTI_EXTERN int cti_store_export_cdrs(cti_store_t *st,
				     const struct cti_store_filter *f,
				     enum cti_store_format format, FILE *out);

/* As cti_store_export_cdrs(), for interval statistics. */
CTI_EXTERN int cti_store_export_intervals(cti_store_t *st,
					  const struct cti_store_filter *f,
					  enum cti_store_format format,
					  FILE *out);

/* As cti_store_export_cdrs(), for the per-queue summaries of
 * cti_store_summarize() (columns: the fields of struct cti_store_summary;
 * -1 rates mean "no calls"). */
CTI_EXTERN int cti_store_export_summary(cti_store_t *st,
					const struct cti_store_filter *f,
					enum cti_store_format format,
					FILE *out);

/* As the first two above, writing to a file descriptor (left open). Same
 * returns, plus CTI_EBADF. */
CTI_EXTERN int cti_store_export_cdrs_fd(cti_store_t *st,
					const struct cti_store_filter *f,
					enum cti_store_format format, int fd);
CTI_EXTERN int cti_store_export_intervals_fd(cti_store_t *st,
					     const struct cti_store_filter *f,
					     enum cti_store_format format,
					     int fd);

/* ---- whole-call records and the open-call journal (cti/records.h) ---- */

/*
 * Append `n` whole-call records (struct cti_center_record, one per call
 * through the engine) in one transaction, and in the same transaction
 * remove each call's open-call row (cti_store_call_opened()) of this
 * instance, if there is one. Returns as cti_store_put_cdrs(); CTI_EINVAL
 * for a string not NUL-terminated UTF-8.
 */
CTI_EXTERN int cti_store_put_call_records(cti_store_t *st,
					  const struct cti_center_record *r,
					  size_t n);

/*
 * Journal a call's arrival: an open-call row of this instance holding its
 * call, epoch_ms, arrived_ms, ani, dnis and trunk (the rest of `r` is not
 * stored), durable when it returns 0. Its record's put removes it; after
 * a crash, cti_store_close_cut_calls() turns what is left into records.
 * A row already open for the same call number is replaced (call numbers
 * restart with the process: close the cut calls before opening new ones).
 * Returns as cti_store_put_cdrs().
 */
CTI_EXTERN int cti_store_call_opened(cti_store_t *st,
				     const struct cti_center_record *r);

/*
 * After a crash, before new calls: every open-call row of this instance
 * becomes a whole-call record with cause `cause` (Q.850, 1..127: 41
 * "temporary failure" is usual) and last_state 0 ("cut": the state it was
 * in is unknown), ended_ms = arrived_ms + (now_epoch_ms - epoch_ms) (an
 * upper bound of its length), other durations 0; all in one transaction.
 * *n (may be NULL) gets how many. Returns as cti_store_put_cdrs().
 */
CTI_EXTERN int cti_store_close_cut_calls(cti_store_t *st, int cause,
					 int64_t now_epoch_ms, size_t *n);

/*
 * Agents' login sessions (struct cti_agent_session), one row each, of
 * this instance. cti_store_session_opened() stores a session at login
 * (logout_epoch_ms and reason are ignored: the row is open);
 * cti_store_session_closed() closes the agent's open row with its
 * logout_epoch_ms and reason (e.g. "logout"; CTI_ENOENT if none is open).
 * Each is its own transaction, durable on return. Returns as
 * cti_store_put_cdrs().
 */
CTI_EXTERN int cti_store_session_opened(cti_store_t *st,
					const struct cti_agent_session *s);
CTI_EXTERN int cti_store_session_closed(cti_store_t *st,
					const struct cti_agent_session *s);

/*
 * At start, after a crash: every open session of this instance is closed
 * at now_epoch_ms with reason "restart" (the agents come back logged
 * out), in one transaction. *n (may be NULL) gets how many.
 */
CTI_EXTERN int cti_store_close_cut_sessions(cti_store_t *st,
					    int64_t now_epoch_ms, size_t *n);

typedef int (*cti_store_session_fn)(void *user,
				    const struct cti_agent_session *s);

/*
 * Deliver the sessions `f` selects by login_epoch_ms (its queue must be
 * NULL or ""), by login then insertion; open ones have logout 0 and
 * reason "". Callback rules and returns as cti_store_query_cdrs().
 */
CTI_EXTERN int cti_store_query_sessions(cti_store_t *st,
					const struct cti_store_filter *f,
					cti_store_session_fn fn, void *user);

typedef int (*cti_store_record_fn)(void *user,
				   const struct cti_center_record *r);

/*
 * Deliver the whole-call records `f` selects (NULL: all; its queue is
 * the record's first_queue) by epoch_ms then insertion. Callback rules
 * and returns as cti_store_query_cdrs().
 */
CTI_EXTERN int cti_store_query_call_records(cti_store_t *st,
					    const struct cti_store_filter *f,
					    cti_store_record_fn fn, void *user);

/* As cti_store_export_cdrs(), for whole-call records (columns: time_utc,
 * then the fields of struct cti_center_record in order). */
CTI_EXTERN int cti_store_export_call_records(cti_store_t *st,
					     const struct cti_store_filter *f,
					     enum cti_store_format format,
					     FILE *out);

/* As cti_store_export_cdrs(), for agents' sessions (columns: login_utc,
 * agent, extension, login_epoch_ms, logout_epoch_ms (0: open), reason). */
CTI_EXTERN int cti_store_export_sessions(cti_store_t *st,
					 const struct cti_store_filter *f,
					 enum cti_store_format format,
					 FILE *out);

/* Name of an outcome as exported ("answered", "abandoned", ...); "?" if
 * unknown. */
CTI_EXTERN const char *cti_store_outcome_name(enum cti_acd_outcome o);

/* Schema version this libcti writes (PRAGMA user_version of SQLite,
 * cti_store_schema.version of PostgreSQL). */
CTI_EXTERN int cti_store_schema_version(void);


/* ---- the index of recordings (lib/rec, docs/recording.md) ------------ */

/* Where a recording stands. */
enum cti_store_rec_status {
	CTI_STORE_REC_RECORDING = 1, /* started, not closed yet */
	CTI_STORE_REC_COMPLETE = 2,
	CTI_STORE_REC_TRUNCATED = 3, /* closed after a crash */
	CTI_STORE_REC_PURGED = 4,    /* deleted when its retention ended */
};

/* One recording's metadata, searchable. Never a secret. */
struct cti_store_recording {
	char id[33];   /* 32 hex digits */
	char file[64]; /* "DAY/ID.ctr" in the recorder's directory */
	char pad[7];
	uint64_t call_id;
	int64_t start_epoch_ms;
	int64_t end_epoch_ms; /* 0 while recording */
	uint64_t duration_ms;
	char ani[CTI_NUMBER_MAX];
	char dnis[CTI_NUMBER_MAX];
	char agent[CTI_NAME_MAX];
	char queue[CTI_NAME_MAX];
	char account[32];
	int64_t retain_until_epoch_ms;
	uint32_t status; /* enum cti_store_rec_status */
	uint32_t reserved[9];
};

/* Which recordings a query returns, by start time; zeroed: all. Strings
 * match exactly; NULL or "": any. */
struct cti_store_rec_filter {
	int64_t from_epoch_ms; /* inclusive; 0: no bound */
	int64_t to_epoch_ms;   /* exclusive; 0: no bound */
	const char *ani, *dnis, *agent, *queue, *account;
	uint64_t call_id; /* 0: any */
	uint32_t reserved[8];
};

typedef int (*cti_store_recording_fn)(void *user,
				      const struct cti_store_recording *r);

/*
 * Store a recording's metadata, replacing what the store held under its
 * id (its status moves on: recording, then complete or truncated, then
 * purged). Strings must be NUL-terminated UTF-8, the id 32 hex digits.
 * Both backends keep the index; every row carries the store's instance.
 * Returns 0, or CTI_EINVAL, CTI_EPERM (read-only), CTI_EBUSY, CTI_ENOSPC,
 * CTI_EIO.
 */
CTI_EXTERN int
cti_store_put_recording(cti_store_t *st, const struct cti_store_recording *r);

/*
 * Deliver the recordings `f` selects (NULL: all) by start time, then id.
 * Callback rules and returns as cti_store_query_cdrs().
 */
CTI_EXTERN int cti_store_query_recordings(cti_store_t *st,
					  const struct cti_store_rec_filter *f,
					  cti_store_recording_fn fn,
					  void *user);

CTI_END_DECLS

#endif /* CTI_STORE_H */
