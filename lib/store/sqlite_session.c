// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Agents' login sessions on SQLite (store.c checked the arguments). Each
 * write is one statement, so SQLite's autocommit makes it a transaction;
 * they are rare (a login, a logout), so statements are prepared per use.
 */
#include <limits.h>
#include <sqlite3.h>
#include <string.h>

#include "core/util.h"
#include "store/store.h"

#define SESSION_COLS "agent, extension, login_epoch_ms, logout_epoch_ms, reason"

static int map_rc(struct cti_store *st, sqlite3 *db, int rc, const char *what)
{
	cti__store_err(st, "%s: %s", what, sqlite3_errmsg(db));
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return CTI_EBUSY;
	case SQLITE_FULL:
		return CTI_ENOSPC;
	case SQLITE_READONLY:
		return CTI_EPERM;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return CTI_EFORMAT;
	case SQLITE_NOMEM:
		return CTI_ENOMEM;
	}
	return CTI_EIO;
}

/* Run one write statement; *changed gets the rows it touched. */
static int write_one(struct cti_store *st, sqlite3_stmt *q, const char *what,
		     size_t *changed)
{
	sqlite3 *db = cti__store_sqlite_db(st);
	int rc = sqlite3_step(q);

	rc = rc == SQLITE_DONE ? 0 : map_rc(st, db, rc, what);
	if (!rc && changed)
		*changed = (size_t)sqlite3_changes(db);
	sqlite3_finalize(q);
	return rc;
}

static int prep(struct cti_store *st, const char *sql, sqlite3_stmt **q,
		const char *what)
{
	sqlite3 *db = cti__store_sqlite_db(st);
	int rc = sqlite3_prepare_v2(db, sql, -1, q, NULL);

	return rc == SQLITE_OK ? 0 : map_rc(st, db, rc, what);
}

int cti__sq_session_opened(struct cti_store *st,
			   const struct cti_agent_session *s)
{
	const char *what = "storing an agent's login";
	sqlite3_stmt *q;
	int rc = prep(st,
		      "INSERT INTO agent_session (" SESSION_COLS ", instance) "
		      "VALUES (?1, ?2, ?3, 0, '', ?4)",
		      &q, what);

	if (rc)
		return rc;
	sqlite3_bind_text(q, 1, s->agent, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, s->extension, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, s->login_epoch_ms);
	sqlite3_bind_text(q, 4, st->instance, -1, SQLITE_STATIC);
	return write_one(st, q, what, NULL);
}

int cti__sq_session_closed(struct cti_store *st,
			   const struct cti_agent_session *s)
{
	const char *what = "storing an agent's logout";
	size_t n = 0;
	sqlite3_stmt *q;
	int rc = prep(st,
		      "UPDATE agent_session SET logout_epoch_ms = ?1, "
		      "reason = ?2 WHERE instance = ?3 AND agent = ?4 AND "
		      "logout_epoch_ms = 0",
		      &q, what);

	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, s->logout_epoch_ms);
	sqlite3_bind_text(q, 2, s->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, st->instance, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, s->agent, -1, SQLITE_STATIC);
	rc = write_one(st, q, what, &n);
	return rc ? rc : n ? 0 : CTI_ENOENT;
}

int cti__sq_close_cut_sessions(struct cti_store *st, int64_t now_epoch_ms,
			       const char *reason, size_t *n)
{
	const char *what = "closing cut agent sessions";
	sqlite3_stmt *q;
	int rc = prep(st,
		      "UPDATE agent_session SET logout_epoch_ms = ?1, "
		      "reason = ?2 WHERE instance = ?3 AND logout_epoch_ms = 0",
		      &q, what);

	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, now_epoch_ms);
	sqlite3_bind_text(q, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, st->instance, -1, SQLITE_STATIC);
	return write_one(st, q, what, n);
}

static void col(sqlite3_stmt *q, int i, char *dst, size_t cap)
{
	const char *t = (const char *)sqlite3_column_text(q, i);

	cti__store_copy_text(dst, cap, t ? t : "",
			     (size_t)sqlite3_column_bytes(q, i));
}

int cti__sq_query_sessions(struct cti_store *st,
			   const struct cti_store_filter *f,
			   cti_store_session_fn fn, void *user)
{
	const char *what = "querying agent sessions";
	sqlite3 *db = cti__store_sqlite_db(st);
	struct cti_agent_session s;
	sqlite3_stmt *q;
	int rc, n = 0;

	if (f->to_epoch_ms == INT64_MIN)
		return 0; /* [x, INT64_MIN) is empty */
	rc = prep(st,
		  "SELECT " SESSION_COLS " FROM agent_session WHERE "
		  "login_epoch_ms BETWEEN ?1 AND ?2 AND (?3 IS NULL OR "
		  "instance = ?3) ORDER BY login_epoch_ms, id",
		  &q, what);
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, f->from_epoch_ms ? f->from_epoch_ms
						  : INT64_MIN);
	sqlite3_bind_int64(q, 2, f->to_epoch_ms ? f->to_epoch_ms - 1
						: INT64_MAX);
	if (f->instance)
		sqlite3_bind_text(q, 3, f->instance, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&s, 0, sizeof(s));
		col(q, 0, s.agent, sizeof(s.agent));
		col(q, 1, s.extension, sizeof(s.extension));
		s.login_epoch_ms = sqlite3_column_int64(q, 2);
		s.logout_epoch_ms = sqlite3_column_int64(q, 3);
		col(q, 4, s.reason, sizeof(s.reason));
		if (n < INT_MAX)
			n++;
		rc = fn(user, &s);
		if (rc) {
			sqlite3_finalize(q);
			return rc < 0 ? rc : n;
		}
	}
	rc = rc == SQLITE_DONE ? n : map_rc(st, db, rc, what);
	sqlite3_finalize(q);
	return rc;
}
