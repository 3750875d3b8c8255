// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The index of recordings: one row per recording (lib/rec writes it when
 * a recording starts, closes, is recovered or purged), searched by time,
 * numbers, agent, queue, account or call. The recordings themselves, and
 * the proof that they are intact, stay in the recorder's directory: this
 * table is for finding them fast, and holds no secret.
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

static bool text_ok(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	return n < cap && cti__utf8_valid(s, n);
}

static bool id_ok(const char *id)
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (!strchr("0123456789abcdef", id[i]) || !id[i])
			return false;
	return id[32] == '\0';
}

static int guard(struct cti_store *st, bool write, sqlite3 **db)
{
	if (!st)
		return CTI_EINVAL;
	if (st->in_query)
		return CTI_EBUSY;
	if (write && (st->flags & CTI_STORE_RDONLY))
		return CTI_EPERM;
	*db = cti__store_sqlite_db(st);
	return *db ? 0 : CTI_ENOTSUP;
}

CTI_EXTERN int cti_store_put_recording(cti_store_t *st,
				       const struct cti_store_recording *r)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO rec_index (id, file, call_id, "
		"start_epoch_ms, end_epoch_ms, duration_ms, ani, dnis, agent, "
		"queue, account, retain_until_epoch_ms, status) VALUES (?1, "
		"?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
	sqlite3_stmt *q = NULL;
	sqlite3 *db;
	int rc = guard(st, true, &db);

	if (rc)
		return rc;
	if (!r || !id_ok(r->id) || !text_ok(r->file, sizeof(r->file)) ||
	    !text_ok(r->ani, sizeof(r->ani)) ||
	    !text_ok(r->dnis, sizeof(r->dnis)) ||
	    !text_ok(r->agent, sizeof(r->agent)) ||
	    !text_ok(r->queue, sizeof(r->queue)) ||
	    !text_ok(r->account, sizeof(r->account)) ||
	    r->status < CTI_STORE_REC_RECORDING ||
	    r->status > CTI_STORE_REC_PURGED || r->duration_ms > INT64_MAX) {
		cti__store_err(st, "recording index: a field is not valid");
		return CTI_EINVAL;
	}
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

CTI_EXTERN int cti_store_query_recordings(cti_store_t *st,
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
	struct cti_store_rec_filter all = { 0 };
	sqlite3_stmt *q = NULL;
	sqlite3 *db;
	int rc = guard(st, false, &db), n = 0;

	if (rc)
		return rc;
	if (!fn)
		return CTI_EINVAL;
	if (!f)
		f = &all;
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
	st->in_query = true;
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
			st->in_query = false;
			sqlite3_finalize(q);
			return rc < 0 ? rc : n + 1;
		}
		n++;
	}
	st->in_query = false;
	rc = rc == SQLITE_DONE ? n : map_rc(st, db, rc, "recording index");
	sqlite3_finalize(q);
	return rc;
}
