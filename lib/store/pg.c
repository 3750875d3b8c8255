// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The PostgreSQL backend (libpq), the only file of libcti that includes
 * <libpq-fe.h>. The schema is SQLite's in PostgreSQL's types (schema.c),
 * its version in the table cti_store_schema.
 *
 * Durability: every session sets synchronous_commit = on, so COMMIT
 * returns once the server has flushed the transaction's WAL; a put returns
 * 0 only after that. A server running with fsync off is logged as a
 * warning: it can lose committed records on a crash of its own.
 *
 * A database is checked before anything is written to it: the schema the
 * store's tables go in (current_schema(), the first of the search_path)
 * must hold either no table at all or cti_store_schema naming a version
 * this libcti knows; another program's tables are never touched.
 *
 * Values travel as text (libpq's default): integers in decimal, doubles in
 * 17 significant digits, which read back exactly.
 */
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "core/util.h"
#include "store/columns.h"
#include "store/store.h"

#define PG_APP_NAME "cti store" /* cti_store_schema.application */
#define MAX_PARAMS  24

struct pg {
	PGconn *conn;
	bool prepared; /* the statements exist on this connection */
};

static struct pg *pg_of(struct cti_store *st)
{
	return st->be;
}

/* ---- statements ------------------------------------------------------ */

#define OPEN_COLS "call, epoch_ms, arrived_ms, ani, dnis, trunk"
#define SESSION_COLS \
	"agent, extension, login_epoch_ms, logout_epoch_ms, reason"
#define REC_INDEX_COLS                                                   \
	"id, file, call_id, start_epoch_ms, end_epoch_ms, duration_ms, " \
	"ani, dnis, agent, queue, account, retain_until_epoch_ms, status"
/* $1..$2: epoch_ms range, inclusive; $3 the queue, $4 the instance
 * (NULL: any) */
#define WHERE(queue_col)                                         \
	" WHERE epoch_ms BETWEEN $1::bigint AND $2::bigint AND " \
	"($3::text IS NULL OR " queue_col " = $3::text) AND "    \
	"($4::text IS NULL OR instance = $4::text)"
/* text sorts by bytes (code points), as SQLite's BINARY */
#define C_ORDER " COLLATE \"C\""

static const struct {
	const char *name, *sql;
} statements[] = {
	{ "ins_cdr", "INSERT INTO acd_cdr (" CDR_COLS ", instance) VALUES "
		     "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
		     " $14, $15, $16, $17, $18, $19)" },
	{ "ins_iv", "INSERT INTO acd_interval (" IV_COLS ", instance) VALUES "
		    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
		    "$14, $15, $16, $17, $18, $19, $20, $21)" },
	{ "ins_rec", "INSERT INTO call_record (" REC_COLS ", instance) "
		     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
		     "$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)" },
	{ "ins_open",
	  "INSERT INTO call_open (" OPEN_COLS ", instance) VALUES ($1, $2, "
	  "$3, $4, $5, $6, $7) ON CONFLICT (instance, call) DO UPDATE SET "
	  "epoch_ms = EXCLUDED.epoch_ms, arrived_ms = EXCLUDED.arrived_ms, "
	  "ani = EXCLUDED.ani, dnis = EXCLUDED.dnis, trunk = EXCLUDED.trunk" },
	{ "del_open", "DELETE FROM call_open WHERE instance = $1 AND "
		      "call = $2" },
	{ "sel_open", "SELECT " OPEN_COLS " FROM call_open WHERE instance = "
		      "$1 ORDER BY epoch_ms, call FOR UPDATE" },
	{ "del_opens", "DELETE FROM call_open WHERE instance = $1" },
	{ "ins_ivopen",
	  "INSERT INTO interval_open (" IV_COLS ", instance) VALUES ($1, $2, "
	  "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
	  "$17, $18, $19, $20, $21) ON CONFLICT (instance, queue, epoch_ms) "
	  "DO UPDATE SET start_ms = EXCLUDED.start_ms, length_ms = "
	  "EXCLUDED.length_ms, offered = EXCLUDED.offered, answered = "
	  "EXCLUDED.answered, answered_in_sl = EXCLUDED.answered_in_sl, "
	  "abandoned = EXCLUDED.abandoned, short_abandoned = "
	  "EXCLUDED.short_abandoned, overflowed = EXCLUDED.overflowed, "
	  "exited = EXCLUDED.exited, busy = EXCLUDED.busy, sl_threshold_ms = "
	  "EXCLUDED.sl_threshold_ms, service_level = EXCLUDED.service_level, "
	  "erlang_c_sl = EXCLUDED.erlang_c_sl, asa_ms = EXCLUDED.asa_ms, "
	  "avg_wait_ms = EXCLUDED.avg_wait_ms, max_wait_ms = "
	  "EXCLUDED.max_wait_ms, aht_ms = EXCLUDED.aht_ms, occupancy = "
	  "EXCLUDED.occupancy" },
	{ "del_ivopen", "DELETE FROM interval_open WHERE instance = $1 AND "
			"queue = $2 AND epoch_ms = $3" },
	/* one statement: the rows leave interval_open and become records
	 * atomically */
	{ "cut_ivs",
	  "WITH cut AS (DELETE FROM interval_open WHERE instance = $1 "
	  "RETURNING " IV_COLS ", instance) INSERT INTO acd_interval (" IV_COLS
	  ", instance) SELECT " IV_COLS ", instance FROM cut ORDER BY "
	  "epoch_ms, queue" C_ORDER },
	{ "q_cdr", "SELECT " CDR_COLS
		   " FROM acd_cdr" WHERE("queue") " ORDER BY epoch_ms, id" },
	{ "q_iv", "SELECT " IV_COLS " FROM acd_interval" WHERE(
			  "queue") " ORDER BY epoch_ms, queue" C_ORDER ", id" },
	{ "q_sum",
	  "SELECT queue, count(*), sum(offered), sum(answered), "
	  "sum(answered_in_sl), sum(abandoned), sum(short_abandoned), "
	  "sum(overflowed), sum(exited), sum(busy), "
	  "COALESCE(sum(asa_ms::float8 * answered), 0), max(max_wait_ms) "
	  "FROM acd_interval" WHERE(
		  "queue") " GROUP BY queue ORDER BY queue" C_ORDER },
	{ "q_rec", "SELECT " REC_COLS " FROM call_record" WHERE(
			   "first_queue") " ORDER BY epoch_ms, id" },
	{ "put_recording",
	  "INSERT INTO rec_index (" REC_INDEX_COLS ", instance) VALUES ($1, "
	  "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON "
	  "CONFLICT (id) DO UPDATE SET file = EXCLUDED.file, call_id = "
	  "EXCLUDED.call_id, start_epoch_ms = EXCLUDED.start_epoch_ms, "
	  "end_epoch_ms = EXCLUDED.end_epoch_ms, duration_ms = "
	  "EXCLUDED.duration_ms, ani = EXCLUDED.ani, dnis = EXCLUDED.dnis, "
	  "agent = EXCLUDED.agent, queue = EXCLUDED.queue, account = "
	  "EXCLUDED.account, retain_until_epoch_ms = "
	  "EXCLUDED.retain_until_epoch_ms, status = EXCLUDED.status, "
	  "instance = EXCLUDED.instance" },
	{ "q_recordings",
	  "SELECT " REC_INDEX_COLS " FROM rec_index WHERE start_epoch_ms >= "
	  "$1::bigint AND start_epoch_ms < $2::bigint AND ($3::text = '' OR "
	  "ani = $3::text) AND ($4::text = '' OR dnis = $4::text) AND "
	  /* agent and queue hold lists ("alice,bob"): any one */
	  "($5::text = '' OR strpos(',' || agent || ',', ',' || $5::text || "
	  "',') > 0) AND ($6::text = '' OR strpos(',' || queue || ',', ',' || "
	  "$6::text || ',') > 0) AND ($7::text = '' OR account = $7::text) AND "
	  "($8::bigint = 0 OR call_id = $8::bigint) ORDER BY start_epoch_ms, "
	  "id" C_ORDER },
	{ "ins_session",
	  "INSERT INTO agent_session (" SESSION_COLS ", instance) VALUES "
	  "($1, $2, $3, 0, '', $4)" },
	{ "close_session",
	  "UPDATE agent_session SET logout_epoch_ms = $1, reason = $2 WHERE "
	  "instance = $3 AND agent = $4 AND logout_epoch_ms = 0" },
	{ "close_sessions",
	  "UPDATE agent_session SET logout_epoch_ms = $1, reason = $2 WHERE "
	  "instance = $3 AND logout_epoch_ms = 0" },
	{ "q_sessions",
	  "SELECT " SESSION_COLS " FROM agent_session WHERE login_epoch_ms "
	  "BETWEEN $1::bigint AND $2::bigint AND ($3::text IS NULL OR "
	  "instance = $3::text) ORDER BY login_epoch_ms, id" },
};

/* ---- parameters as text ---------------------------------------------- */

struct params {
	const char *v[MAX_PARAMS];
	char buf[MAX_PARAMS][32];
	int n;
};

static void p_text(struct params *p, const char *s)
{
	p->v[p->n++] = s;
}

static void p_null(struct params *p)
{
	p->v[p->n++] = NULL;
}

static void p_i64(struct params *p, int64_t v)
{
	snprintf(p->buf[p->n], sizeof(p->buf[0]), "%lld", (long long)v);
	p->v[p->n] = p->buf[p->n];
	p->n++;
}

/* uint64 values keep their bits in a BIGINT, as in SQLite */
static void p_u64(struct params *p, uint64_t v)
{
	p_i64(p, (int64_t)v);
}

/* NaN is NULL, as in SQLite; infinities in PostgreSQL's spelling */
static void p_dbl(struct params *p, double v)
{
	if (isnan(v)) {
		p_null(p);
		return;
	}
	if (isinf(v)) {
		p_text(p, v > 0 ? "Infinity" : "-Infinity");
		return;
	}
	snprintf(p->buf[p->n], sizeof(p->buf[0]), "%.17g", v);
	p->v[p->n] = p->buf[p->n];
	p->n++;
}

/* ---- values of a result row ------------------------------------------ */

static int64_t v_i64(const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return 0;
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static uint64_t v_bits64(const PGresult *r, int row, int col)
{
	return (uint64_t)v_i64(r, row, col);
}

/* a sum (numeric): never negative for our columns */
static uint64_t v_sum(const PGresult *r, int row, int col)
{
	const char *s = PQgetvalue(r, row, col);

	if (PQgetisnull(r, row, col) || *s == '-')
		return 0;
	return strtoull(s, NULL, 10);
}

static uint32_t v_u32(const PGresult *r, int row, int col)
{
	int64_t v = v_i64(r, row, col);

	return v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static double v_dbl(const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return NAN;
	return strtod(PQgetvalue(r, row, col), NULL);
}

static void v_text(const PGresult *r, int row, int col, char *dst, size_t cap)
{
	cti__store_copy_text(dst, cap, PQgetvalue(r, row, col),
			     (size_t)PQgetlength(r, row, col));
}

#define V_TEXT(r, row, col, field) v_text(r, row, col, field, sizeof(field))

/* ---- errors ------------------------------------------------------------ */

/* libpq's message without its trailing newline, on one line. */
static void one_line(char *dst, size_t cap, const char *msg)
{
	size_t i;

	snprintf(dst, cap, "%s", msg ? msg : "");
	for (i = 0; dst[i]; i++)
		if (dst[i] == '\n' || dst[i] == '\r' || dst[i] == '\t')
			dst[i] = ' ';
	while (i && dst[i - 1] == ' ')
		dst[--i] = '\0';
}

/* A CTI_E* code for an SQLSTATE (PostgreSQL's Appendix A). */
static int map_sqlstate(const char *state)
{
	static const struct {
		const char *prefix;
		int code;
	} map[] = {
		{ "08", CTI_EIO },	  /* connection exception */
		{ "40", CTI_EBUSY },	  /* serialization, deadlock */
		{ "55P03", CTI_EBUSY },	  /* lock_not_available */
		{ "57014", CTI_EBUSY },	  /* query_canceled (timeout) */
		{ "57P", CTI_EIO },	  /* shutting down, cannot connect now */
		{ "53100", CTI_ENOSPC },  /* disk_full */
		{ "53200", CTI_ENOMEM },  /* out_of_memory */
		{ "53", CTI_EIO },	  /* insufficient resources */
		{ "42501", CTI_EACCES },  /* insufficient_privilege */
		{ "25006", CTI_EACCES },  /* read_only_sql_transaction */
		{ "28", CTI_EACCES },	  /* invalid authorization */
		{ "3D000", CTI_ENOENT },  /* invalid_catalog_name */
		{ "42P01", CTI_EFORMAT }, /* undefined_table */
		{ "42703", CTI_EFORMAT }, /* undefined_column */
		{ "42", CTI_EFORMAT },	  /* the schema is not ours */
		{ "22", CTI_EINVAL },	  /* data exception */
		{ "23", CTI_EFORMAT },	  /* integrity: the tables differ */
		{ "XX001", CTI_EFORMAT }, /* data_corrupted */
	};
	size_t i;

	for (i = 0; state && i < ARRAY_SIZE(map); i++)
		if (!strncmp(state, map[i].prefix, strlen(map[i].prefix)))
			return map[i].code;
	return CTI_EIO;
}

/*
 * Log why `res` (NULL: the connection's own error) failed while doing
 * `what`, and return the CTI_E* code. Frees `res`.
 */
static int pg_fail(struct cti_store *st, PGresult *res, const char *what)
{
	PGconn *c = pg_of(st)->conn;
	const char *state =
		res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char msg[300];
	int code;

	one_line(msg, sizeof(msg),
		 res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res)
						   : PQerrorMessage(c));
	if (PQstatus(c) == CONNECTION_BAD) {
		code = CTI_EIO;
		cti__store_err(st,
			       "%s: the connection to the server is lost "
			       "(%s)",
			       what, msg);
	} else {
		code = map_sqlstate(state);
		if (code == CTI_EFORMAT &&
		    !strcmp(what, "preparing statements"))
			cti__store_err(st,
				       "%s: the schema does not match version "
				       "%d (%s)",
				       what, cti__store_schema_version, msg);
		else if (code == CTI_EBUSY)
			cti__store_err(st,
				       "%s: locked or busy beyond %d ms "
				       "(%s)",
				       what, st->busy_timeout_ms, msg);
		else
			cti__store_err(st, "%s: %s [SQLSTATE %s]", what, msg,
				       state ? state : "none");
	}
	PQclear(res);
	return code;
}

/* Did `res` succeed with `want`? If not, fail with it. */
static int pg_check(struct cti_store *st, PGresult *res, ExecStatusType want,
		    const char *what)
{
	if (res && PQresultStatus(res) == want)
		return 0;
	return pg_fail(st, res, what);
}

/* Run SQL text (one or more statements, rows ignored). */
static int pg_exec(struct cti_store *st, const char *sql, const char *what)
{
	PGresult *res = PQexec(pg_of(st)->conn, sql);

	if (res && (PQresultStatus(res) == PGRES_TUPLES_OK ||
		    PQresultStatus(res) == PGRES_COMMAND_OK)) {
		PQclear(res);
		return 0;
	}
	return pg_fail(st, res, what);
}

/* Roll back an open transaction after a failure; keeps the first error. */
static void pg_abort(struct cti_store *st)
{
	PGconn *c = pg_of(st)->conn;

	if (PQstatus(c) == CONNECTION_OK &&
	    PQtransactionStatus(c) != PQTRANS_IDLE)
		PQclear(PQexec(c, "ROLLBACK"));
}

static PGresult *run(struct cti_store *st, const char *stmt,
		     const struct params *p)
{
	return PQexecPrepared(pg_of(st)->conn, stmt, p ? p->n : 0,
			      p ? p->v : NULL, NULL, NULL, 0);
}

/* Run a prepared statement that returns no rows. */
static int run_cmd(struct cti_store *st, const char *stmt,
		   const struct params *p, const char *what)
{
	PGresult *res = run(st, stmt, p);
	int rc = pg_check(st, res, PGRES_COMMAND_OK, what);

	if (!rc)
		PQclear(res);
	return rc;
}

/* ---- connecting ------------------------------------------------------- */

/*
 * The SQLSTATE of the server's refusal in libpq's start-up message, or
 * NULL when no server answered (unreachable, refused, timed out, TLS).
 * libpq gives a start-up failure no PGresult, so no PQresultErrorField;
 * with PQERRORS_VERBOSE set before the server answers (connect_verbose)
 * it writes the code into the message as "SEVERITY:  CODE: text", a
 * layout of its own that no translation changes. The last one counts:
 * libpq keeps every host's failure in turn.
 */
static const char *startup_sqlstate(const char *msg, char code[6])
{
	const char *p, *found = NULL;

	for (p = strstr(msg, ":  "); p; p = strstr(p + 1, ":  ")) {
		size_t n = strspn(p + 3, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");

		if (n == 5 && p[8] == ':')
			found = p + 3;
	}
	if (!found)
		return NULL;
	memcpy(code, found, 5);
	code[5] = '\0';
	return code;
}

/*
 * Why a connection was refused, as a CTI_E* code: by the server's
 * SQLSTATE (28xxx authentication, 3D000 no such database, 42501 no
 * CONNECT privilege, 53300 too many connections, 57P0x shutting down,
 * as map_sqlstate() says), or CTI_EACCES when libpq found a password
 * needed and none given, or CTI_EIO when no server answered.
 */
static int connect_error(PGconn *c, const char *msg)
{
	char code[6];
	const char *state = startup_sqlstate(msg, code);

	if (PQconnectionNeedsPassword(c))
		return CTI_EACCES;
	return state ? map_sqlstate(state) : CTI_EIO;
}

/* connect_timeout as libpq reads it from the URI or our default
 * (seconds; 0 or less: no limit), in ms, -1 for none. */
static int connect_timeout_ms(PGconn *c)
{
	PQconninfoOption *opts = PQconninfo(c), *o;
	int s = 0;

	for (o = opts; o && o->keyword; o++)
		if (!strcmp(o->keyword, "connect_timeout") && o->val)
			s = atoi(o->val);
	PQconninfoFree(opts);
	if (s <= 0)
		return -1;
	return (s < 2 ? 2 : s) * 1000; /* libpq's floor of 2 s */
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * PQconnectdbParams() as libpq's docs describe it with PQconnectPoll(),
 * the error verbosity set first so that a refusal carries its SQLSTATE
 * (startup_sqlstate). connect_timeout bounds the whole attempt (libpq
 * ignores it under PQconnectPoll). *timed_out tells a timeout apart.
 * Back to the default verbosity once it is over.
 */
static PGconn *connect_verbose(const char *const *keys,
			       const char *const *vals, bool *timed_out)
{
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	PGconn *c = PQconnectStartParams(keys, vals, 1);
	int64_t deadline;
	int limit;

	*timed_out = false;
	if (!c)
		return NULL;
	PQsetErrorVerbosity(c, PQERRORS_VERBOSE);
	limit = connect_timeout_ms(c);
	deadline = mono_ms() + limit;
	while (PQstatus(c) != CONNECTION_BAD && st != PGRES_POLLING_OK &&
	       st != PGRES_POLLING_FAILED) {
		struct pollfd p = { .fd = PQsocket(c),
				    .events = st == PGRES_POLLING_READING
						      ? POLLIN
						      : POLLOUT };
		int left = limit < 0 ? -1 : (int)(deadline - mono_ms());

		if (limit >= 0 && (left <= 0 || poll(&p, 1, left) == 0)) {
			*timed_out = true;
			break;
		}
		if (limit < 0)
			poll(&p, 1, -1);
		st = PQconnectPoll(c);
	}
	PQsetErrorVerbosity(c, PQERRORS_DEFAULT);
	return c;
}

/* Name the store by what libpq connects to, never with its password. */
static void name_store(struct cti_store *st, PGconn *c)
{
	const char *host = PQhost(c), *port = PQport(c), *db = PQdb(c),
		   *user = PQuser(c);
	size_t len = 64;
	char *name;

	len += strlen(host ? host : "") + strlen(port ? port : "") +
	       strlen(db ? db : "") + strlen(user ? user : "");
	name = malloc(len);
	if (!name)
		return;
	snprintf(name, len, "pg:host=%s port=%s dbname=%s user=%s",
		 host ? host : "", port ? port : "", db ? db : "",
		 user ? user : "");
	free(st->name);
	st->name = name;
}

static void on_notice(void *user, const char *message)
{
	char msg[300];

	one_line(msg, sizeof(msg), message);
	cti__store_log(user, CTI_LOG_DEBUG, "server: %s", msg);
}

static int connect_db(struct cti_store *st, const char *target)
{
	/* later keywords win: connect_timeout and application_name are
	 * defaults the URI may override; client_encoding is ours */
	const char *keys[] = { "connect_timeout", "application_name", "dbname",
			       "client_encoding", NULL };
	const char *vals[] = { "10", "libcti", target, "UTF8", NULL };
	PQconninfoOption *opts;
	char *perr = NULL, msg[400];
	bool timed_out;
	PGconn *c;

	/* a string libpq cannot parse: its message may quote a piece of it
	 * (a password, perhaps), so it is not logged */
	opts = PQconninfoParse(target, &perr);
	if (!opts) {
		PQfreemem(perr);
		cti__store_err(st, "not a valid libpq connection URI or "
				   "conninfo string");
		return CTI_EINVAL;
	}
	PQconninfoFree(opts);
	c = connect_verbose(keys, vals, &timed_out);
	if (!c)
		return CTI_ENOMEM;
	pg_of(st)->conn = c;
	name_store(st, c);
	if (timed_out) {
		cti__store_err(st, "connecting: no answer within "
				   "connect_timeout");
		return CTI_EIO;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		int code = connect_error(c, PQerrorMessage(c));
		char *loc;

		one_line(msg, sizeof(msg), PQerrorMessage(c));
		/* the verbose message's source location is the server's
		 * business, not the operator's */
		if ((loc = strstr(msg, " LOCATION:  ")))
			*loc = '\0';
		cti__store_err(st, "connecting: %s", msg);
		return code;
	}
	PQsetNoticeProcessor(c, on_notice, st);
	if (PQserverVersion(c) < 100000) {
		cti__store_err(st,
			       "PostgreSQL %d is too old: 10 or later is "
			       "needed (identity columns)",
			       PQserverVersion(c));
		return CTI_ENOTSUP;
	}
	return 0;
}

/* Session settings: durability, lock waits, read-only. */
static int setup_session(struct cti_store *st)
{
	char sql[200];
	PGresult *res;
	int rc;

	snprintf(sql, sizeof(sql),
		 "SET synchronous_commit = on; SET lock_timeout = %d; "
		 "SET client_min_messages = warning%s",
		 st->busy_timeout_ms,
		 st->flags & CTI_STORE_RDONLY
			 ? "; SET default_transaction_read_only = on"
			 : "");
	rc = pg_exec(st, sql, "setting up the session");
	if (rc)
		return rc;
	res = PQexec(pg_of(st)->conn, "SHOW fsync");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    !strcmp(PQgetvalue(res, 0, 0), "off"))
		cti__store_log(st, CTI_LOG_WARNING,
			       "the server runs with fsync off: a crash of "
			       "the server can lose committed records");
	PQclear(res);
	return 0;
}

static int prepare_all(struct cti_store *st)
{
	struct pg *p = pg_of(st);
	size_t i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(statements); i++) {
		PGresult *res = PQprepare(p->conn, statements[i].name,
					  statements[i].sql, 0, NULL);

		rc = pg_check(st, res, PGRES_COMMAND_OK,
			      "preparing statements");
		if (rc)
			return rc;
		PQclear(res);
	}
	p->prepared = true;
	return 0;
}

/* ---- the schema and its version ---------------------------------------- */

/*
 * What the store's schema holds: *version the store's version, or -1 if
 * it holds no table at all (a new store). Another program's tables give
 * CTI_EFORMAT; nothing is written.
 */
static int read_version(struct cti_store *st, int64_t *version)
{
	const char *what = "reading the schema";
	PGresult *res;
	int64_t tables, ours;
	int rc;

	res = PQexec(pg_of(st)->conn,
		     "SELECT current_schema(), count(c.relname), "
		     "count(c.relname) FILTER (WHERE c.relname = "
		     "'cti_store_schema') FROM (SELECT 1) one LEFT JOIN "
		     "pg_catalog.pg_class c ON c.relnamespace = "
		     "(SELECT oid FROM pg_catalog.pg_namespace WHERE "
		     "nspname = current_schema()) AND c.relkind IN "
		     "('r', 'p', 'v', 'm', 'f')");
	rc = pg_check(st, res, PGRES_TUPLES_OK, what);
	if (rc)
		return rc;
	if (PQgetisnull(res, 0, 0)) {
		PQclear(res);
		cti__store_err(st,
			       "%s: no schema of the search_path exists "
			       "to hold the store's tables",
			       what);
		return CTI_EINVAL;
	}
	tables = v_i64(res, 0, 1);
	ours = v_i64(res, 0, 2);
	if (!ours && tables) {
		cti__store_err(st,
			       "not a cti store: schema %s holds %lld "
			       "tables and no cti_store_schema; nothing is "
			       "written",
			       PQgetvalue(res, 0, 0), (long long)tables);
		PQclear(res);
		return CTI_EFORMAT;
	}
	PQclear(res);
	if (!ours) {
		*version = -1;
		return 0;
	}
	res = PQexec(pg_of(st)->conn,
		     "SELECT application, version FROM cti_store_schema");
	rc = pg_check(st, res, PGRES_TUPLES_OK, what);
	if (rc)
		return rc;
	if (PQntuples(res) != 1 || strcmp(PQgetvalue(res, 0, 0), PG_APP_NAME)) {
		cti__store_err(st, "not a cti store: cti_store_schema does "
				   "not hold one '" PG_APP_NAME "' row; "
				   "nothing is written");
		PQclear(res);
		return CTI_EFORMAT;
	}
	*version = v_i64(res, 0, 1);
	PQclear(res);
	if (*version > cti__store_schema_version) {
		cti__store_err(st,
			       "schema version %lld is newer than this libcti "
			       "knows (%d): upgrade libcti; nothing is "
			       "written",
			       (long long)*version, cti__store_schema_version);
		return CTI_ENOTSUP;
	}
	if (*version < 0) {
		cti__store_err(st, "schema version %lld is invalid",
			       (long long)*version);
		return CTI_EFORMAT;
	}
	return 0;
}

/*
 * Create or migrate the schema in one transaction, under an advisory lock
 * so that two processes opening one new database do it once; the version
 * is read again under the lock. The statements are prepared before COMMIT:
 * tables that do not match their version are refused, nothing written.
 */
static int migrate(struct cti_store *st)
{
	const char *what = "migrating the schema";
	int64_t v = 0;
	char sql[120];
	int rc, i;

	rc = pg_exec(st, "BEGIN", what);
	if (!rc)
		rc = pg_exec(st, "SELECT pg_advisory_xact_lock(1129600339)",
			     what); /* 0x43544953, "CTIS" */
	if (!rc)
		rc = read_version(st, &v);
	if (!rc && v < 0) {
		rc = pg_exec(
			st,
			"CREATE TABLE cti_store_schema (application "
			"TEXT NOT NULL, version INTEGER NOT NULL); "
			"INSERT INTO cti_store_schema VALUES ('" PG_APP_NAME
			"', 0)",
			what);
		v = 0;
	}
	for (i = (int)v; !rc && i < cti__store_schema_version; i++)
		rc = pg_exec(st, cti__store_pg_migrations[i], what);
	if (!rc) {
		snprintf(sql, sizeof(sql),
			 "UPDATE cti_store_schema SET version = %d",
			 cti__store_schema_version);
		rc = pg_exec(st, sql, what);
	}
	if (!rc)
		rc = prepare_all(st);
	if (!rc)
		rc = pg_exec(st, "COMMIT", what);
	if (rc) {
		pg_abort(st);
		return rc;
	}
	if (v != cti__store_schema_version)
		cti__store_log(st, CTI_LOG_NOTICE,
			       "schema %s from version %lld to %d",
			       v ? "migrated" : "created", (long long)v,
			       cti__store_schema_version);
	return 0;
}

static void pg_close(struct cti_store *st)
{
	struct pg *p = pg_of(st);

	if (!p)
		return;
	PQfinish(p->conn);
	free(p);
	st->be = NULL;
}

static int pg_open(struct cti_store *st, const char *target)
{
	bool rdonly = st->flags & CTI_STORE_RDONLY;
	struct pg *p = calloc(1, sizeof(*p));
	int64_t v = 0;
	int rc;

	if (!p)
		return CTI_ENOMEM;
	st->be = p;
	rc = connect_db(st, target);
	if (!rc)
		rc = setup_session(st);
	if (!rc)
		rc = read_version(st, &v);
	if (!rc && v < 0 &&
	    (st->flags & (CTI_STORE_RDONLY | CTI_STORE_NOCREATE))) {
		cti__store_err(st, "no store in this database");
		rc = CTI_ENOENT;
	} else if (!rc && v < cti__store_schema_version && rdonly) {
		cti__store_err(st,
			       "schema version %lld is older than %d: open "
			       "it once read-write to migrate it",
			       (long long)v, cti__store_schema_version);
		rc = CTI_ENOTSUP;
	} else if (!rc && v < cti__store_schema_version) {
		rc = migrate(st);
	} else if (!rc) {
		rc = prepare_all(st);
	}
	if (rc)
		pg_close(st);
	return rc;
}

/*
 * A connection the server dropped (restart, failover) is made again once
 * before the next operation, with its statements; an operation that the
 * loss interrupted has already failed with CTI_EIO (a COMMIT whose answer
 * never came may or may not have happened: it is not retried).
 */
static int usable(struct cti_store *st)
{
	struct pg *p = pg_of(st);

	if (PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	PQreset(p->conn);
	p->prepared = false;
	if (PQstatus(p->conn) != CONNECTION_OK) {
		char msg[300];

		one_line(msg, sizeof(msg), PQerrorMessage(p->conn));
		cti__store_err(st, "reconnecting: %s", msg);
		return CTI_EIO;
	}
	cti__store_log(st, CTI_LOG_NOTICE, "connected again");
	PQsetNoticeProcessor(p->conn, on_notice, st);
	if (setup_session(st))
		return CTI_EIO;
	return prepare_all(st);
}

/* ---- puts ------------------------------------------------------------- */

/* A record's columns as the next parameters (table order). */
static void par_cols(struct params *p, const struct cti__table *t,
		     const void *rec)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct cti__col *c = &t->cols[i];

		if (c->kind == CTI__COL_TEXT)
			p_text(p, cti__col_text(c, rec));
		else if (c->kind == CTI__COL_REAL)
			p_dbl(p, cti__col_real(c, rec));
		else
			p_i64(p, cti__col_int(c, rec));
	}
}

static void par_cdr(struct params *p, const struct cti_acd_cdr *c,
		    const char *instance)
{
	p->n = 0;
	par_cols(p, &cti__cdr_table, c);
	p_text(p, instance);
}
static void par_iv(struct params *p, const struct cti_acd_interval *v,
		   const char *instance)
{
	p->n = 0;
	par_cols(p, &cti__iv_table, v);
	p_text(p, instance);
}
static void par_rec(struct params *p, const struct cti_center_record *r,
		    const char *instance)
{
	p->n = 0;
	par_cols(p, &cti__rec_table, r);
	p_text(p, instance);
}
/*
 * A put is sent as a pipeline (libpq's pipeline mode): BEGIN, the inserts,
 * COMMIT go out without waiting for each answer, then the answers are
 * read; one round trip per chunk instead of one per record. A chunk ends
 * with a sync point every PIPE_CHUNK statements, so neither side's socket
 * buffer fills while the other waits. Inside BEGIN, a sync point commits
 * nothing: the transaction ends with its COMMIT, whose answer is read
 * before the put returns. An error aborts the rest of the pipeline and
 * the transaction is rolled back.
 */
#define PIPE_CHUNK 256

/* Statements of record i, sent (not waited for); returns how many, or
 * a negative value if the sending failed. */
typedef int (*send_fn)(struct cti_store *st, const void *recs, size_t i);

struct pipe {
	struct cti_store *st;
	const char *what;
	int rc;	     /* the first error */
	int pending; /* statements sent since the last sync point */
};

static int send_prepared(struct cti_store *st, const char *stmt,
			 const struct params *p)
{
	return PQsendQueryPrepared(pg_of(st)->conn, stmt, p->n, p->v, NULL,
				   NULL, 0)
		       ? 1
		       : -1;
}

static int send_sql(struct cti_store *st, const char *sql)
{
	return PQsendQueryParams(pg_of(st)->conn, sql, 0, NULL, NULL, NULL,
				 NULL, 0)
		       ? 1
		       : -1;
}

/* Send a sync point and read every answer up to it. */
static void pipe_sync(struct pipe *pp)
{
	PGconn *c = pg_of(pp->st)->conn;
	PGresult *res;

	pp->pending = 0;
	if (!PQpipelineSync(c)) {
		if (!pp->rc)
			pp->rc = pg_fail(pp->st, NULL, pp->what);
		return;
	}
	for (;;) {
		res = PQgetResult(c);
		if (!res) {
			/* between two statements' answers; a lost
			 * connection gives nothing more */
			if (PQstatus(c) == CONNECTION_BAD) {
				if (!pp->rc)
					pp->rc =
						pg_fail(pp->st, NULL, pp->what);
				return;
			}
			continue;
		}
		switch (PQresultStatus(res)) {
		case PGRES_PIPELINE_SYNC:
			PQclear(res);
			return;
		case PGRES_COMMAND_OK:
		case PGRES_TUPLES_OK:
		case PGRES_PIPELINE_ABORTED: /* after the first error */
			PQclear(res);
			break;
		default:
			if (!pp->rc)
				pp->rc = pg_fail(pp->st, res, pp->what);
			else
				PQclear(res);
		}
	}
}

static void pipe_sent(struct pipe *pp, int n)
{
	if (n < 0) {
		if (!pp->rc)
			pp->rc = pg_fail(pp->st, NULL, pp->what);
		return;
	}
	pp->pending += n;
	if (pp->pending >= PIPE_CHUNK)
		pipe_sync(pp);
}

/* BEGIN, the statements of every record, COMMIT: all or nothing. */
static int put_batch(struct cti_store *st, const void *recs, size_t n,
		     send_fn each, const char *what)
{
	PGconn *c = pg_of(st)->conn;
	struct pipe pp = { .st = st, .what = what };
	size_t i;
	int rc = usable(st);

	if (rc)
		return rc;
	if (!PQenterPipelineMode(c))
		return pg_fail(st, NULL, what);
	pipe_sent(&pp, send_sql(st, "BEGIN"));
	for (i = 0; !pp.rc && i < n; i++)
		pipe_sent(&pp, each(st, recs, i));
	if (!pp.rc)
		pipe_sent(&pp, send_sql(st, "COMMIT"));
	if (PQstatus(c) == CONNECTION_OK)
		pipe_sync(&pp);
	PQexitPipelineMode(c);
	if (pp.rc)
		pg_abort(st);
	return pp.rc;
}

static int send_cdr(struct cti_store *st, const void *recs, size_t i)
{
	struct params p;

	par_cdr(&p, (const struct cti_acd_cdr *)recs + i, st->instance);
	return send_prepared(st, "ins_cdr", &p);
}

static int send_iv(struct cti_store *st, const void *recs, size_t i)
{
	struct params p;

	par_iv(&p, (const struct cti_acd_interval *)recs + i, st->instance);
	return send_prepared(st, "ins_iv", &p);
}

/* The record, and its call's open row removed */
static int send_rec(struct cti_store *st, const void *recs, size_t i)
{
	const struct cti_center_record *r =
		(const struct cti_center_record *)recs + i;
	struct params p;

	par_rec(&p, r, st->instance);
	if (send_prepared(st, "ins_rec", &p) < 0)
		return -1;
	p.n = 0;
	p_text(&p, st->instance);
	p_i64(&p, r->call);
	return send_prepared(st, "del_open", &p) < 0 ? -1 : 2;
}

static int pg_put_cdrs(struct cti_store *st, const struct cti_acd_cdr *c,
		       size_t n)
{
	return put_batch(st, c, n, send_cdr, "storing CDRs");
}

/* The record, and its checkpoint's open row removed */
static int send_iv_closed(struct cti_store *st, const void *recs, size_t i)
{
	const struct cti_acd_interval *v =
		(const struct cti_acd_interval *)recs + i;
	struct params p;

	if (send_iv(st, recs, i) < 0)
		return -1;
	p.n = 0;
	p_text(&p, st->instance);
	p_text(&p, v->queue);
	p_i64(&p, v->epoch_ms);
	return send_prepared(st, "del_ivopen", &p) < 0 ? -1 : 2;
}

static int send_ivopen(struct cti_store *st, const void *recs, size_t i)
{
	struct params p;

	par_iv(&p, (const struct cti_acd_interval *)recs + i, st->instance);
	return send_prepared(st, "ins_ivopen", &p);
}

static int pg_put_intervals(struct cti_store *st,
			    const struct cti_acd_interval *iv, size_t n)
{
	return put_batch(st, iv, n, send_iv_closed, "storing intervals");
}

static int pg_put_open_intervals(struct cti_store *st,
				 const struct cti_acd_interval *iv, size_t n)
{
	return put_batch(st, iv, n, send_ivopen,
			 "checkpointing open intervals");
}

static int run_counted(struct cti_store *st, const char *stmt,
		       const struct params *p, const char *what,
		       size_t *changed);

static int pg_close_cut_intervals(struct cti_store *st, size_t *n)
{
	struct params p = { .n = 0 };

	p_text(&p, st->instance);
	/* one statement outside BEGIN: its own transaction */
	return run_counted(st, "cut_ivs", &p, "closing cut intervals", n);
}

static int pg_put_call_records(struct cti_store *st,
			       const struct cti_center_record *r, size_t n)
{
	return put_batch(st, r, n, send_rec, "storing call records");
}

static int pg_call_opened(struct cti_store *st,
			  const struct cti_center_record *r)
{
	struct params p = { .n = 0 };
	int rc = usable(st);

	if (rc)
		return rc;
	p_i64(&p, r->call);
	p_i64(&p, r->epoch_ms);
	p_u64(&p, r->arrived_ms);
	p_text(&p, r->ani);
	p_text(&p, r->dnis);
	p_text(&p, r->trunk);
	p_text(&p, st->instance);
	/* one statement outside BEGIN: its own transaction */
	return run_cmd(st, "ins_open", &p, "journalling an open call");
}

static int pg_close_cut_calls(struct cti_store *st, int cause,
			      int64_t now_epoch_ms, size_t *n)
{
	const char *what = "closing cut calls";
	struct params p = { .n = 0 };
	struct cti_center_record r;
	PGresult *res = NULL;
	int rc = usable(st), i, rows = 0;

	if (!rc)
		rc = pg_exec(st, "BEGIN", what);
	if (!rc) {
		p_text(&p, st->instance);
		res = run(st, "sel_open", &p);
		rc = pg_check(st, res, PGRES_TUPLES_OK, what);
		if (rc)
			res = NULL;
	}
	if (!rc)
		rows = PQntuples(res);
	for (i = 0; !rc && i < rows; i++) {
		struct params q;

		memset(&r, 0, sizeof(r));
		r.call = v_u32(res, i, 0);
		r.epoch_ms = v_i64(res, i, 1);
		r.arrived_ms = v_bits64(res, i, 2);
		V_TEXT(res, i, 3, r.ani);
		V_TEXT(res, i, 4, r.dnis);
		V_TEXT(res, i, 5, r.trunk);
		cti__store_cut_record(&r, cause, now_epoch_ms);
		par_rec(&q, &r, st->instance);
		rc = run_cmd(st, "ins_rec", &q, what);
	}
	PQclear(res);
	if (!rc)
		rc = run_cmd(st, "del_opens", &p, what);
	if (!rc)
		rc = pg_exec(st, "COMMIT", what);
	if (rc) {
		pg_abort(st);
		return rc;
	}
	*n = (size_t)rows;
	if (rows)
		cti__store_log(st, CTI_LOG_NOTICE,
			       "%d calls cut by a crash closed with cause %d",
			       rows, cause);
	return 0;
}

/* ---- queries ------------------------------------------------------------ */

typedef void (*row_fn)(const PGresult *r, void *rec);
typedef int (*deliver_fn)(void *cb, void *user, const void *rec);

/* Stop a query the callback ended early: cancel it on the server, then
 * read what is left so the connection is ready again. */
static void drain(PGconn *c)
{
	PGcancel *cancel = PQgetCancel(c);
	char err[128];
	PGresult *res;

	if (cancel) {
		PQcancel(cancel, err, sizeof(err));
		PQfreeCancel(cancel);
	}
	while ((res = PQgetResult(c)))
		PQclear(res);
}

/*
 * Send a prepared query and deliver its rows one at a time as they come
 * (libpq's single-row mode: a large export is never held in memory
 * whole).
 */
static int stream(struct cti_store *st, const char *stmt,
		  const struct params *p, void *rec, row_fn row,
		  deliver_fn deliver, void *cb, void *user, const char *what)
{
	PGconn *c = pg_of(st)->conn;
	PGresult *res;
	int rc = usable(st), n = 0, crc;

	if (rc)
		return rc;
	if (!PQsendQueryPrepared(c, stmt, p->n, p->v, NULL, NULL, 0))
		return pg_fail(st, NULL, what);
	PQsetSingleRowMode(c);
	while ((res = PQgetResult(c))) {
		ExecStatusType s = PQresultStatus(res);

		if (s == PGRES_SINGLE_TUPLE) {
			row(res, rec);
			PQclear(res);
			if (n < INT_MAX)
				n++;
			crc = deliver(cb, user, rec);
			if (crc) {
				drain(c);
				return crc < 0 ? crc : n;
			}
		} else if (s == PGRES_TUPLES_OK) {
			PQclear(res);
		} else {
			rc = pg_fail(st, res, what);
			while ((res = PQgetResult(c)))
				PQclear(res);
			return rc;
		}
	}
	return n;
}

/* The filter's parameters: $1..$2 the range (inclusive), $3 the queue,
 * $4 the instance. */
static bool par_filter(struct params *p, const struct cti_store_filter *f)
{
	p->n = 0;
	if (f->to_epoch_ms == INT64_MIN)
		return false; /* [x, INT64_MIN) is empty */
	p_i64(p, f->from_epoch_ms ? f->from_epoch_ms : INT64_MIN);
	p_i64(p, f->to_epoch_ms ? f->to_epoch_ms - 1 : INT64_MAX);
	if (f->queue)
		p_text(p, f->queue);
	else
		p_null(p);
	if (f->instance)
		p_text(p, f->instance);
	else
		p_null(p);
	return true;
}

/* A record from row 0's columns 0..n-1 (table order); the rest zero. */
static void read_cols(const PGresult *r, const struct cti__table *t,
		      void *rec, size_t size)
{
	memset(rec, 0, size);
	for (size_t i = 0; i < t->n; i++) {
		const struct cti__col *c = &t->cols[i];
		int at = (int)i;

		if (c->kind == CTI__COL_TEXT)
			cti__col_set_text(c, rec, PQgetvalue(r, 0, at),
					  (size_t)PQgetlength(r, 0, at));
		else if (c->kind == CTI__COL_REAL)
			cti__col_set_real(c, rec, v_dbl(r, 0, at));
		else
			cti__col_set_int(c, rec, v_i64(r, 0, at));
	}
}

static void row_cdr(const PGresult *r, void *rec)
{
	read_cols(r, &cti__cdr_table, rec, sizeof(struct cti_acd_cdr));
}
static void row_iv(const PGresult *r, void *rec)
{
	read_cols(r, &cti__iv_table, rec, sizeof(struct cti_acd_interval));
}
static void row_sum(const PGresult *r, void *rec)
{
	struct cti_store_summary *s = rec;
	double asa_total;

	memset(s, 0, sizeof(*s));
	V_TEXT(r, 0, 0, s->queue);
	s->intervals = v_sum(r, 0, 1);
	s->offered = v_sum(r, 0, 2);
	s->answered = v_sum(r, 0, 3);
	s->answered_in_sl = v_sum(r, 0, 4);
	s->abandoned = v_sum(r, 0, 5);
	s->short_abandoned = v_sum(r, 0, 6);
	s->overflowed = v_sum(r, 0, 7);
	s->exited = v_sum(r, 0, 8);
	s->busy = v_sum(r, 0, 9);
	asa_total = v_dbl(r, 0, 10);
	s->max_wait_ms = v_i64(r, 0, 11);
	cti__store_summary_rates(s, asa_total);
}

static void row_rec(const PGresult *r, void *rec)
{
	read_cols(r, &cti__rec_table, rec, sizeof(struct cti_center_record));
}
static void row_recording(const PGresult *r, void *rec)
{
	struct cti_store_recording *x = rec;

	memset(x, 0, sizeof(*x));
	V_TEXT(r, 0, 0, x->id);
	V_TEXT(r, 0, 1, x->file);
	x->call_id = v_bits64(r, 0, 2);
	x->start_epoch_ms = v_i64(r, 0, 3);
	x->end_epoch_ms = v_i64(r, 0, 4);
	x->duration_ms = v_bits64(r, 0, 5);
	V_TEXT(r, 0, 6, x->ani);
	V_TEXT(r, 0, 7, x->dnis);
	V_TEXT(r, 0, 8, x->agent);
	V_TEXT(r, 0, 9, x->queue);
	V_TEXT(r, 0, 10, x->account);
	x->retain_until_epoch_ms = v_i64(r, 0, 11);
	x->status = v_u32(r, 0, 12);
}

union cb {
	cti_store_cdr_fn cdr;
	cti_store_interval_fn iv;
	cti_store_summary_fn sum;
	cti_store_record_fn rec;
	cti_store_recording_fn recording;
	cti_store_session_fn session;
};

static int deliver_cdr(void *cb, void *user, const void *rec)
{
	return ((union cb *)cb)->cdr(user, rec);
}

static int deliver_iv(void *cb, void *user, const void *rec)
{
	return ((union cb *)cb)->iv(user, rec);
}

static int deliver_sum(void *cb, void *user, const void *rec)
{
	return ((union cb *)cb)->sum(user, rec);
}

static int deliver_rec(void *cb, void *user, const void *rec)
{
	return ((union cb *)cb)->rec(user, rec);
}

static int deliver_recording(void *cb, void *user, const void *rec)
{
	return ((union cb *)cb)->recording(user, rec);
}

static int pg_query_cdrs(struct cti_store *st, const struct cti_store_filter *f,
			 cti_store_cdr_fn fn, void *user)
{
	union cb cb = { .cdr = fn };
	struct cti_acd_cdr rec;
	struct params p;

	if (!par_filter(&p, f))
		return 0;
	return stream(st, "q_cdr", &p, &rec, row_cdr, deliver_cdr, &cb, user,
		      "querying CDRs");
}

static int pg_query_intervals(struct cti_store *st,
			      const struct cti_store_filter *f,
			      cti_store_interval_fn fn, void *user)
{
	union cb cb = { .iv = fn };
	struct cti_acd_interval rec;
	struct params p;

	if (!par_filter(&p, f))
		return 0;
	return stream(st, "q_iv", &p, &rec, row_iv, deliver_iv, &cb, user,
		      "querying intervals");
}

static int pg_summarize(struct cti_store *st, const struct cti_store_filter *f,
			cti_store_summary_fn fn, void *user)
{
	union cb cb = { .sum = fn };
	struct cti_store_summary rec;
	struct params p;

	if (!par_filter(&p, f))
		return 0;
	return stream(st, "q_sum", &p, &rec, row_sum, deliver_sum, &cb, user,
		      "summarizing intervals");
}

static int pg_query_call_records(struct cti_store *st,
				 const struct cti_store_filter *f,
				 cti_store_record_fn fn, void *user)
{
	union cb cb = { .rec = fn };
	struct cti_center_record rec;
	struct params p;

	if (!par_filter(&p, f))
		return 0;
	return stream(st, "q_rec", &p, &rec, row_rec, deliver_rec, &cb, user,
		      "querying call records");
}

static int pg_put_recording(struct cti_store *st,
			    const struct cti_store_recording *r)
{
	struct params p = { .n = 0 };
	int rc = usable(st);

	if (rc)
		return rc;
	p_text(&p, r->id);
	p_text(&p, r->file);
	p_u64(&p, r->call_id);
	p_i64(&p, r->start_epoch_ms);
	p_i64(&p, r->end_epoch_ms);
	p_u64(&p, r->duration_ms);
	p_text(&p, r->ani);
	p_text(&p, r->dnis);
	p_text(&p, r->agent);
	p_text(&p, r->queue);
	p_text(&p, r->account);
	p_i64(&p, r->retain_until_epoch_ms);
	p_i64(&p, r->status);
	p_text(&p, st->instance);
	return run_cmd(st, "put_recording", &p, "recording index");
}

static int pg_query_recordings(struct cti_store *st,
			       const struct cti_store_rec_filter *f,
			       cti_store_recording_fn fn, void *user)
{
	union cb cb = { .recording = fn };
	struct cti_store_recording rec;
	struct params p = { .n = 0 };

	p_i64(&p, f->from_epoch_ms ? f->from_epoch_ms : INT64_MIN);
	p_i64(&p, f->to_epoch_ms ? f->to_epoch_ms : INT64_MAX);
	p_text(&p, f->ani ? f->ani : "");
	p_text(&p, f->dnis ? f->dnis : "");
	p_text(&p, f->agent ? f->agent : "");
	p_text(&p, f->queue ? f->queue : "");
	p_text(&p, f->account ? f->account : "");
	p_u64(&p, f->call_id);
	return stream(st, "q_recordings", &p, &rec, row_recording,
		      deliver_recording, &cb, user, "recording index");
}

/* ---- agents' sessions --------------------------------------------------- */

/* Run an UPDATE or INSERT; *changed (may be NULL) gets its row count. */
static int run_counted(struct cti_store *st, const char *stmt,
		       const struct params *p, const char *what,
		       size_t *changed)
{
	int rc = usable(st);
	PGresult *res;

	if (rc)
		return rc;
	res = run(st, stmt, p);
	rc = pg_check(st, res, PGRES_COMMAND_OK, what);
	if (rc)
		return rc;
	if (changed)
		*changed = (size_t)strtoull(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

static int pg_session_opened(struct cti_store *st,
			     const struct cti_agent_session *s)
{
	struct params p = { .n = 0 };

	p_text(&p, s->agent);
	p_text(&p, s->extension);
	p_i64(&p, s->login_epoch_ms);
	p_text(&p, st->instance);
	return run_counted(st, "ins_session", &p, "storing an agent's login",
			   NULL);
}

static int pg_session_closed(struct cti_store *st,
			     const struct cti_agent_session *s)
{
	struct params p = { .n = 0 };
	size_t n = 0;
	int rc;

	p_i64(&p, s->logout_epoch_ms);
	p_text(&p, s->reason);
	p_text(&p, st->instance);
	p_text(&p, s->agent);
	rc = run_counted(st, "close_session", &p, "storing an agent's logout",
			 &n);
	return rc ? rc : n ? 0 : CTI_ENOENT;
}

static int pg_close_cut_sessions(struct cti_store *st, int64_t now_epoch_ms,
				 const char *reason, size_t *n)
{
	struct params p = { .n = 0 };

	p_i64(&p, now_epoch_ms);
	p_text(&p, reason);
	p_text(&p, st->instance);
	/* one statement outside BEGIN: its own transaction */
	return run_counted(st, "close_sessions", &p,
			   "closing cut agent sessions", n);
}

static void row_session(const PGresult *r, void *rec)
{
	struct cti_agent_session *s = rec;

	memset(s, 0, sizeof(*s));
	V_TEXT(r, 0, 0, s->agent);
	V_TEXT(r, 0, 1, s->extension);
	s->login_epoch_ms = v_i64(r, 0, 2);
	s->logout_epoch_ms = v_i64(r, 0, 3);
	V_TEXT(r, 0, 4, s->reason);
}

static int deliver_session(void *cb, void *user, const void *rec)
{
	return ((union cb *)cb)->session(user, rec);
}

static int pg_query_sessions(struct cti_store *st,
			     const struct cti_store_filter *f,
			     cti_store_session_fn fn, void *user)
{
	union cb cb = { .session = fn };
	struct cti_agent_session rec;
	struct params p;

	if (!par_filter(&p, f))
		return 0;
	/* par_filter's $3 is the queue (NULL here), $4 the instance */
	p.v[2] = p.v[3];
	p.n = 3;
	return stream(st, "q_sessions", &p, &rec, row_session,
		      deliver_session, &cb, user,
		      "querying agent sessions");
}

const struct cti__store_ops cti__store_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.put_cdrs = pg_put_cdrs,
	.put_intervals = pg_put_intervals,
	.put_open_intervals = pg_put_open_intervals,
	.close_cut_intervals = pg_close_cut_intervals,
	.query_cdrs = pg_query_cdrs,
	.query_intervals = pg_query_intervals,
	.summarize = pg_summarize,
	.put_call_records = pg_put_call_records,
	.call_opened = pg_call_opened,
	.close_cut_calls = pg_close_cut_calls,
	.query_call_records = pg_query_call_records,
	.put_recording = pg_put_recording,
	.query_recordings = pg_query_recordings,
	.session_opened = pg_session_opened,
	.session_closed = pg_session_closed,
	.close_cut_sessions = pg_close_cut_sessions,
	.query_sessions = pg_query_sessions,
};
