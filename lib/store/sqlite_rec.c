// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The index of recordings on SQLite (recindex.c checked the arguments).
 * Every row carries the writer's instance name.
 */
#include <sqlite3.h>
#include <string.h>

#include "core/util.h"
#include "store/store.h"

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

int cti__sq_put_recording(struct cti_store *st,
			  const struct cti_store_recording *r)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO rec_index (id, file, call_id, "
		"start_epoch_ms, end_epoch_ms, duration_ms, ani, dnis, agent, "
		"queue, account, retain_until_epoch_ms, status, instance) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
		"?13, ?14)";
	sqlite3 *db = cti__store_sqlite_db(st);
	sqlite3_stmt *q = NULL;
	int rc;

	rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return map_rc(st, db, rc, "recording index (schema 2?)");
	sqlite3_bind_text(q, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, r->file, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)r->call_id);
	sqlite3_bind_int64(q, 4, r->start_epoch_ms);
	sqlite3_bind_int64(q, 5, r->end_epoch_ms);
	sqlite3_bind_int64(q, 6, (sqlite3_int64)r->duration_ms);
	sqlite3_bind_text(q, 7, r->ani, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, r->dnis, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 9, r->agent, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 10, r->queue, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 11, r->account, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 12, r->retain_until_epoch_ms);
	sqlite3_bind_int(q, 13, (int)r->status);
	sqlite3_bind_text(q, 14, st->instance, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	rc = rc == SQLITE_DONE ? 0 : map_rc(st, db, rc, "recording index");
	sqlite3_finalize(q);
	return rc;
}

static void col(sqlite3_stmt *q, int i, char *dst, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	size_t n = t ? (size_t)sqlite3_column_bytes(q, i) : 0;

	cti__store_copy_text(
		dst, cap, (const char *)(t ? t : (const unsigned char *)""), n);
}

int cti__sq_query_recordings(struct cti_store *st,
			     const struct cti_store_rec_filter *f,
			     cti_store_recording_fn fn, void *user)
{
	static const char sql[] =
		"SELECT id, file, call_id, start_epoch_ms, end_epoch_ms, "
		"duration_ms, ani, dnis, agent, queue, account, "
		"retain_until_epoch_ms, status FROM rec_index WHERE "
		"start_epoch_ms >= ?1 AND start_epoch_ms < ?2 "
		"AND (?3 = '' OR ani = ?3) AND (?4 = '' OR dnis = ?4) "
		/* agent and queue hold lists ("alice,bob"): any one */
		"AND (?5 = '' OR instr(',' || agent || ',', ',' || ?5 || ',') > 0) "
		"AND (?6 = '' OR instr(',' || queue || ',', ',' || ?6 || ',') > 0) "
		"AND (?7 = '' OR account = ?7) AND (?8 = 0 OR call_id = ?8) "
		"ORDER BY start_epoch_ms, id";
	sqlite3 *db = cti__store_sqlite_db(st);
	sqlite3_stmt *q = NULL;
	int rc, n = 0;

	rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return map_rc(st, db, rc, "recording index (schema 2?)");
	sqlite3_bind_int64(q, 1,
			   f->from_epoch_ms ? f->from_epoch_ms : INT64_MIN);
	sqlite3_bind_int64(q, 2, f->to_epoch_ms ? f->to_epoch_ms : INT64_MAX);
	sqlite3_bind_text(q, 3, f->ani ? f->ani : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, f->dnis ? f->dnis : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, f->agent ? f->agent : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, f->queue ? f->queue : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, f->account ? f->account : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(q, 8, (sqlite3_int64)f->call_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct cti_store_recording r;

		memset(&r, 0, sizeof(r));
		col(q, 0, r.id, sizeof(r.id));
		col(q, 1, r.file, sizeof(r.file));
		r.call_id = (uint64_t)sqlite3_column_int64(q, 2);
		r.start_epoch_ms = sqlite3_column_int64(q, 3);
		r.end_epoch_ms = sqlite3_column_int64(q, 4);
		r.duration_ms = (uint64_t)sqlite3_column_int64(q, 5);
		col(q, 6, r.ani, sizeof(r.ani));
		col(q, 7, r.dnis, sizeof(r.dnis));
		col(q, 8, r.agent, sizeof(r.agent));
		col(q, 9, r.queue, sizeof(r.queue));
		col(q, 10, r.account, sizeof(r.account));
		r.retain_until_epoch_ms = sqlite3_column_int64(q, 11);
		r.status = (uint32_t)sqlite3_column_int(q, 12);
		rc = fn(user, &r);
		if (rc) {
			sqlite3_finalize(q);
			return rc < 0 ? rc : n + 1;
		}
		n++;
	}
	rc = rc == SQLITE_DONE ? n : map_rc(st, db, rc, "recording index");
	sqlite3_finalize(q);
	return rc;
}
