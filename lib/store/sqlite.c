// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The SQLite backend, the only file of libcti that includes <sqlite3.h>.
 *
 * Durability: WAL journal with synchronous=FULL, so a transaction is
 * fsynced (WAL file) before COMMIT returns; synchronous=NORMAL would let
 * the last commits vanish on power loss, which a call centre's records
 * must not. The price is one fsync per transaction: batch puts.
 *
 * A file is checked (an SQLite database, ours by application_id, a schema
 * version we know) before anything is written to it, so a wrong path never
 * damages another program's data.
 */
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/columns.h"
#include "store/store.h"

enum {
	Q_CDR,
	Q_CDR_QUEUE,
	Q_IV,
	Q_IV_QUEUE,
	Q_SUM,
	Q_SUM_QUEUE,
	Q_REC,
	Q_REC_QUEUE,
	Q_COUNT
};

struct sq {
	sqlite3 *db;
	sqlite3_stmt *begin, *commit, *rollback, *ins_cdr, *ins_iv;
	sqlite3_stmt *ins_rec, *ins_open, *del_open, *sel_open, *del_opens;
	sqlite3_stmt *ins_ivopen, *del_ivopen, *cut_ivs, *del_ivopens;
	sqlite3_stmt *q[Q_COUNT];
};

#define OPEN_COLS "call, epoch_ms, arrived_ms, ani, dnis, trunk"
/* ?1..?2: epoch_ms range, inclusive both ends; ?3 the queue; ?4 the
 * instance (NULL: all) */
#define RANGE \
	" WHERE epoch_ms BETWEEN ?1 AND ?2 AND (?4 IS NULL OR instance = ?4)"
#define QUEUE " AND queue = ?3"

static const char *const query_sql[Q_COUNT] = {
	[Q_CDR] = "SELECT " CDR_COLS " FROM acd_cdr" RANGE
		  " ORDER BY epoch_ms, id",
	[Q_CDR_QUEUE] = "SELECT " CDR_COLS " FROM acd_cdr" RANGE QUEUE
			" ORDER BY epoch_ms, id",
	[Q_IV] = "SELECT " IV_COLS " FROM acd_interval" RANGE
		 " ORDER BY epoch_ms, queue, id",
	[Q_IV_QUEUE] = "SELECT " IV_COLS " FROM acd_interval" RANGE QUEUE
		       " ORDER BY epoch_ms, queue, id",
#define SUM_SQL                                                               \
	"SELECT queue, count(*), sum(offered), sum(answered), "               \
	"sum(answered_in_sl), sum(abandoned), sum(short_abandoned), "         \
	"sum(overflowed), sum(exited), sum(busy), total(asa_ms * answered), " \
	"max(max_wait_ms) FROM acd_interval" RANGE
	[Q_SUM] = SUM_SQL " GROUP BY queue ORDER BY queue",
	[Q_SUM_QUEUE] = SUM_SQL QUEUE " GROUP BY queue ORDER BY queue",
	[Q_REC] = "SELECT " REC_COLS " FROM call_record" RANGE
		  " ORDER BY epoch_ms, id",
	[Q_REC_QUEUE] = "SELECT " REC_COLS " FROM call_record" RANGE
			" AND first_queue = ?3 ORDER BY epoch_ms, id",
};

static struct sq *sq_of(struct cti_store *st)
{
	return st->be;
}

/*
 * Map an SQLite result to a CTI_E* code and log why, naming the file.
 * `what` says what was being done ("reading the header", "insert").
 */
static int fail(struct cti_store *st, int rc, const char *what)
{
	struct sq *s = sq_of(st);
	const char *msg =
		s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	int err = s && s->db ? sqlite3_system_errno(s->db) : 0;

	switch (rc & 0xff) {
	case SQLITE_NOTADB:
		cti__store_err(st,
			       "%s: not an SQLite database (%s); the file "
			       "is left untouched",
			       what, msg);
		return CTI_EFORMAT;
	case SQLITE_CORRUPT:
		cti__store_err(st, "%s: the database is corrupt (%s)", what,
			       msg);
		return CTI_EFORMAT;
	case SQLITE_CANTOPEN:
		if (err == ENOENT &&
		    !(st->flags & (CTI_STORE_RDONLY | CTI_STORE_NOCREATE))) {
			cti__store_err(st, "%s: its directory does not exist",
				       what);
			return CTI_ENOENT;
		}
		if (err == ENOENT) {
			cti__store_err(st, "%s: no such file", what);
			return CTI_ENOENT;
		}
		if (err == EACCES || err == EPERM || err == EROFS) {
			cti__store_err(st,
				       "%s: %s (the file, its directory or "
				       "the file system is not writable)",
				       what, strerror(err));
			return CTI_EACCES;
		}
		cti__store_err(st, "%s: cannot open (%s%s%s)", what, msg,
			       err ? ": " : "", err ? strerror(err) : "");
		return err == EISDIR ? CTI_EINVAL : CTI_EIO;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		cti__store_err(st,
			       "%s: read-only (%s): the file, its directory "
			       "or the file system is not writable",
			       what, msg);
		return CTI_EACCES;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		cti__store_err(st,
			       "%s: locked by another connection beyond "
			       "%d ms (%s)",
			       what, st->busy_timeout_ms, msg);
		return CTI_EBUSY;
	case SQLITE_FULL:
		cti__store_err(st, "%s: disk full (%s)", what, msg);
		return CTI_ENOSPC;
	case SQLITE_NOMEM:
		cti__store_err(st, "%s: out of memory", what);
		return CTI_ENOMEM;
	case SQLITE_IOERR:
		cti__store_err(st, "%s: I/O error (%s%s%s)", what, msg,
			       err ? ": " : "", err ? strerror(err) : "");
		return err == ENOSPC ? CTI_ENOSPC : CTI_EIO;
	case SQLITE_ERROR:
	case SQLITE_SCHEMA:
	case SQLITE_CONSTRAINT:
	case SQLITE_MISMATCH:
		/* "no such table/column" while preparing: the schema is not
		 * what its version promises */
		if (!strcmp(what, "preparing statements"))
			cti__store_err(st,
				       "%s: the schema does not match version "
				       "%d (%s)",
				       what, cti__store_schema_version, msg);
		else
			cti__store_err(st, "%s: %s", what, msg);
		return CTI_EFORMAT;
	default:
		cti__store_err(st, "%s: %s", what, msg);
		return CTI_EIO;
	}
}

static int exec(struct cti_store *st, const char *sql, const char *what)
{
	int rc = sqlite3_exec(sq_of(st)->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : fail(st, rc, what);
}

/* One integer from a single-row query such as a PRAGMA. */
static int query_int(struct cti_store *st, const char *sql, const char *what,
		     int64_t *out)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(sq_of(st)->db, sql, -1, &stmt, NULL);

	if (rc != SQLITE_OK)
		return fail(st, rc, what);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		*out = 0;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		rc = fail(st, rc, what);
		sqlite3_finalize(stmt);
		return rc;
	}
	sqlite3_finalize(stmt);
	return 0;
}

static int prepare(struct cti_store *st, const char *sql, sqlite3_stmt **out)
{
	int rc = sqlite3_prepare_v3(sq_of(st)->db, sql, -1,
				    SQLITE_PREPARE_PERSISTENT, out, NULL);

	return rc == SQLITE_OK ? 0 : fail(st, rc, "preparing statements");
}

/* Roll back an open transaction after a failure; keeps the first error. */
static void abort_tx(struct cti_store *st)
{
	struct sq *s = sq_of(st);

	if (sqlite3_get_autocommit(s->db))
		return;
	if (s->rollback) {
		sqlite3_step(s->rollback);
		sqlite3_reset(s->rollback);
	} else { /* while opening, before the statements exist */
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
}

static int prepare_all(struct cti_store *st);

/* Bring the schema from `from` to the current version in one transaction,
 * re-reading the version under the write lock (another process may have
 * done it meanwhile). The statements are prepared against the migrated
 * tables before COMMIT: a file whose tables do not match its version is
 * refused with nothing written. */
static int migrate(struct cti_store *st, int64_t from)
{
	char sql[96];
	int64_t v;
	int rc, i;

	if (st->flags & CTI_STORE_RDONLY) {
		cti__store_err(st,
			       "schema version %lld is older than %d: open "
			       "it once read-write to migrate it",
			       (long long)from, cti__store_schema_version);
		return CTI_ENOTSUP;
	}
	rc = exec(st, "BEGIN IMMEDIATE", "migrating the schema");
	if (rc)
		return rc;
	rc = query_int(st, "PRAGMA user_version", "migrating the schema", &v);
	if (rc)
		goto out;
	for (i = (int)v; i < cti__store_schema_version; i++) {
		rc = exec(st, cti__store_migrations[i], "migrating the schema");
		if (rc)
			goto out;
	}
	snprintf(sql, sizeof(sql),
		 "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 CTI__STORE_APP_ID, cti__store_schema_version);
	rc = exec(st, sql, "migrating the schema");
	if (!rc)
		rc = prepare_all(st);
	if (rc)
		goto out;
	rc = exec(st, "COMMIT", "migrating the schema");
	if (!rc && v != cti__store_schema_version)
		cti__store_log(st, CTI_LOG_NOTICE,
			       "schema migrated from "
			       "version %lld to %d",
			       (long long)v, cti__store_schema_version);
out:
	if (rc)
		abort_tx(st);
	return rc;
}

/* Is this file ours, of a version we know? Reads only. */
static int check_file(struct cti_store *st, int64_t *version)
{
	const char *what = "reading the database header";
	int64_t tables, app_id;
	int rc;

	/* the first read: SQLITE_NOTADB shows here, before any write */
	rc = query_int(st, "SELECT count(*) FROM sqlite_master", what, &tables);
	if (!rc)
		rc = query_int(st, "PRAGMA application_id", what, &app_id);
	if (!rc)
		rc = query_int(st, "PRAGMA user_version", what, version);
	if (rc)
		return rc;
	if (app_id != CTI__STORE_APP_ID && (app_id || tables || *version)) {
		cti__store_err(st,
			       "not a cti store (application_id 0x%llx, "
			       "%lld tables, user_version %lld); the file "
			       "is left untouched",
			       (unsigned long long)(uint32_t)app_id,
			       (long long)tables, (long long)*version);
		return CTI_EFORMAT;
	}
	if (*version > cti__store_schema_version) {
		cti__store_err(st,
			       "schema version %lld is newer than this "
			       "libcti knows (%d): upgrade libcti; the "
			       "file is left untouched",
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

static int setup_rw(struct cti_store *st)
{
	sqlite3_stmt *stmt;
	const char *mode = "";
	int rc;

	rc = sqlite3_prepare_v2(sq_of(st)->db, "PRAGMA journal_mode = WAL", -1,
				&stmt, NULL);
	if (rc != SQLITE_OK)
		return fail(st, rc, "switching to WAL");
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		mode = (const char *)sqlite3_column_text(stmt, 0);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = fail(st, rc, "switching to WAL");
		sqlite3_finalize(stmt);
		return rc;
	}
	/* e.g. a file system without shared memory: the rollback journal
	 * with synchronous=FULL is as durable, only slower */
	if (!mode || strcmp(mode, "wal"))
		cti__store_log(st, CTI_LOG_WARNING,
			       "WAL unavailable, journal "
			       "mode is %s",
			       mode ? mode : "?");
	sqlite3_finalize(stmt);
	return exec(st, "PRAGMA synchronous = FULL", "setting synchronous");
}

static int prepare_all(struct cti_store *st)
{
	struct sq *s = sq_of(st);
	int rc, i;

	rc = prepare(st, "BEGIN IMMEDIATE", &s->begin);
	if (!rc)
		rc = prepare(st, "COMMIT", &s->commit);
	if (!rc)
		rc = prepare(st, "ROLLBACK", &s->rollback);
	if (!rc)
		rc = prepare(st,
			     "INSERT INTO acd_cdr (" CDR_COLS ", instance) "
			     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			     "?, ?, ?, ?, ?, ?)",
			     &s->ins_cdr);
	if (!rc)
		rc = prepare(st,
			     "INSERT INTO acd_interval (" IV_COLS ", instance) "
			     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			     "?, ?, ?, ?, ?, ?, ?, ?)",
			     &s->ins_iv);
	if (!rc)
		rc = prepare(st,
			     "INSERT INTO call_record (" REC_COLS ", instance) "
			     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			     "?, ?, ?, ?, ?, ?, ?, ?, ?)",
			     &s->ins_rec);
	if (!rc)
		rc = prepare(st,
			     "INSERT OR REPLACE INTO call_open (" OPEN_COLS
			     ", instance) VALUES (?, ?, ?, ?, ?, ?, ?)",
			     &s->ins_open);
	if (!rc)
		rc = prepare(st,
			     "DELETE FROM call_open WHERE instance = ?1 "
			     "AND call = ?2",
			     &s->del_open);
	if (!rc)
		rc = prepare(st,
			     "SELECT " OPEN_COLS " FROM call_open WHERE "
			     "instance = ?1 ORDER BY epoch_ms, call",
			     &s->sel_open);
	if (!rc)
		rc = prepare(st, "DELETE FROM call_open WHERE instance = ?1",
			     &s->del_opens);
	if (!rc)
		rc = prepare(st,
			     "INSERT OR REPLACE INTO interval_open (" IV_COLS
			     ", instance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
			     "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			     &s->ins_ivopen);
	if (!rc)
		rc = prepare(st,
			     "DELETE FROM interval_open WHERE instance = ?1 "
			     "AND queue = ?2 AND epoch_ms = ?3",
			     &s->del_ivopen);
	if (!rc)
		rc = prepare(st,
			     "INSERT INTO acd_interval (" IV_COLS ", instance) "
			     "SELECT " IV_COLS ", instance FROM interval_open "
			     "WHERE instance = ?1 ORDER BY epoch_ms, queue",
			     &s->cut_ivs);
	if (!rc)
		rc = prepare(st, "DELETE FROM interval_open WHERE instance = ?1",
			     &s->del_ivopens);
	for (i = 0; !rc && i < Q_COUNT; i++)
		rc = prepare(st, query_sql[i], &s->q[i]);
	return rc;
}

static void sq_close(struct cti_store *st)
{
	struct sq *s = sq_of(st);
	int i;

	if (!s)
		return;
	sqlite3_finalize(s->begin);
	sqlite3_finalize(s->commit);
	sqlite3_finalize(s->rollback);
	sqlite3_finalize(s->ins_cdr);
	sqlite3_finalize(s->ins_iv);
	sqlite3_finalize(s->ins_rec);
	sqlite3_finalize(s->ins_open);
	sqlite3_finalize(s->del_open);
	sqlite3_finalize(s->sel_open);
	sqlite3_finalize(s->del_opens);
	sqlite3_finalize(s->ins_ivopen);
	sqlite3_finalize(s->del_ivopen);
	sqlite3_finalize(s->cut_ivs);
	sqlite3_finalize(s->del_ivopens);
	for (i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->q[i]);
	/* the last connection checkpoints and removes -wal and -shm */
	sqlite3_close(s->db);
	free(s);
	st->be = NULL;
}

/*
 * For a plain path, say what is wrong with the place before SQLite does:
 * its errors for a missing directory, a read-only file or a directory
 * where the -wal and -shm files cannot be created are all "unable to
 * open". URIs ("file:...") are left to SQLite.
 */
static int check_place(struct cti_store *st, const char *path)
{
	bool rdonly = st->flags & CTI_STORE_RDONLY;
	char *dir, *slash;
	int rc = 0;

	if (!access(path, F_OK)) {
		if (!rdonly && access(path, R_OK | W_OK)) {
			cti__store_err(st, "the file is not writable (%s)",
				       strerror(errno));
			return CTI_EACCES;
		}
		if (rdonly && access(path, R_OK)) {
			cti__store_err(st, "the file is not readable (%s)",
				       strerror(errno));
			return CTI_EACCES;
		}
	} else if (errno != ENOENT) {
		cti__store_err(st, "%s", strerror(errno));
		return errno == EACCES ? CTI_EACCES : CTI_EIO;
	} else if (st->flags & (CTI_STORE_RDONLY | CTI_STORE_NOCREATE)) {
		cti__store_err(st, "no such file");
		return CTI_ENOENT;
	}
	dir = strdup(path);
	if (!dir)
		return CTI_ENOMEM;
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (access(dir, F_OK)) {
		cti__store_err(st, "its directory %s does not exist", dir);
		rc = CTI_ENOENT;
	} else if (!rdonly && access(dir, W_OK | X_OK)) {
		/* WAL keeps -wal and -shm files beside the database */
		cti__store_err(st,
			       "its directory %s is not writable (%s): the "
			       "store needs to create files there",
			       dir, strerror(errno));
		rc = CTI_EACCES;
	}
	free(dir);
	return rc;
}

/*
 * A new store holds callers' numbers: create it 0600 whatever the umask,
 * before SQLite does (0644 & ~umask); SQLite gives its -wal, -shm and
 * -journal files the database file's mode. An existing file keeps its
 * mode (an administrator may have made it 0640 for a reporting group).
 */
static int create_private(struct cti_store *st, const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0 && errno == EEXIST)
		return 0; /* created meanwhile by another process */
	if (fd < 0) {
		int err = errno;

		cti__store_err(st, "creating the file: %s", strerror(err));
		if (err == EACCES || err == EPERM || err == EROFS)
			return CTI_EACCES;
		return err == ENOSPC ? CTI_ENOSPC : CTI_EIO;
	}
	if (fchmod(fd, 0600)) {
		cti__store_err(st, "making the new file 0600: %s",
			       strerror(errno));
		close(fd);
		return CTI_EIO;
	}
	close(fd);
	return 0;
}

/* A "file:" URI names its file inside: once SQLite opened it, an empty
 * main file (new, nothing stored yet) is made 0600 before anything else
 * is written. */
static void private_if_empty(sqlite3 *db)
{
	const char *path = sqlite3_db_filename(db, "main");
	struct stat sb;

	if (path && *path && !stat(path, &sb) && S_ISREG(sb.st_mode) &&
	    !sb.st_size)
		chmod(path, 0600);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static bool nonempty(const char *path, const char *suffix)
{
	char side[PATH_MAX];
	struct stat sb;

	snprintf(side, sizeof(side), "%s%s", path, suffix);
	return !stat(side, &sb) && sb.st_size > 0;
}

/*
 * A file shorter than its header says (a copy cut short) reads as
 * corrupt pages, and a write rolled back on it would pad it with zeros
 * to the size the header claims; one longer (bytes appended) would be
 * cut back to that size: either is refused before anything is written.
 * The header's page count counts only while its change counter matches
 * (SQLite file format, 1.3.7); a WAL or hot journal beside the file may
 * complete it, so then SQLite decides. Paths only (a URI's file is
 * SQLite's to find).
 */
static int check_length(struct cti_store *st, const char *path)
{
	uint8_t h[100];
	struct stat sb;
	uint64_t page, want;
	ssize_t n;
	int fd;

	if (nonempty(path, "-wal") || nonempty(path, "-journal"))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0; /* SQLite says why */
	n = pread(fd, h, sizeof(h), 0);
	if (fstat(fd, &sb))
		n = -1;
	close(fd);
	if (n != (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16) ||
	    memcmp(h + 24, h + 92, 4) || !be32(h + 28))
		return 0;
	page = (uint64_t)h[16] << 8 | h[17];
	if (page == 1)
		page = 65536;
	want = page * be32(h + 28);
	if ((uint64_t)sb.st_size == want)
		return 0;
	cti__store_err(st,
		       "the database is corrupt: %s at %lld bytes, its header "
		       "says %llu (%u pages of %llu); the file is left "
		       "untouched",
		       (uint64_t)sb.st_size < want ? "cut short" : "too long",
		       (long long)sb.st_size, (unsigned long long)want,
		       be32(h + 28), (unsigned long long)page);
	return CTI_EFORMAT;
}

static int sq_open(struct cti_store *st, const char *target)
{
	int flags = SQLITE_OPEN_NOMUTEX, rc;
	int64_t version;
	struct sq *s;

	s = calloc(1, sizeof(*s));
	if (!s)
		return CTI_ENOMEM;
	st->be = s;
	if (st->flags & CTI_STORE_RDONLY)
		flags |= SQLITE_OPEN_READONLY;
	else
		flags |= SQLITE_OPEN_READWRITE |
			 (st->flags & CTI_STORE_NOCREATE ? 0
							 : SQLITE_OPEN_CREATE);
	if (!strncmp(target, "file:", 5)) {
		flags |= SQLITE_OPEN_URI;
	} else {
		rc = check_place(st, target);
		if (!rc &&
		    !(st->flags & (CTI_STORE_RDONLY | CTI_STORE_NOCREATE)))
			rc = create_private(st, target);
		if (rc)
			goto out;
	}
	rc = sqlite3_open_v2(target, &s->db, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = s->db ? fail(st, rc, "opening") : CTI_ENOMEM;
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, st->busy_timeout_ms);
	/* a URI may ask for read-only itself ("?mode=ro") */
	if (flags & SQLITE_OPEN_URI && sqlite3_db_readonly(s->db, "main") == 1)
		st->flags |= CTI_STORE_RDONLY;
	if (!(st->flags & CTI_STORE_RDONLY) &&
	    sqlite3_db_readonly(s->db, "main") == 1) {
		cti__store_err(st, "opened read-only: the file, its directory "
				   "or the file system is not writable");
		rc = CTI_EACCES;
		goto out;
	}
	if (flags & SQLITE_OPEN_URI && !(st->flags & CTI_STORE_RDONLY))
		private_if_empty(s->db);
	rc = check_file(st, &version);
	if (!rc && !(flags & SQLITE_OPEN_URI))
		rc = check_length(st, target);
	/* nothing is written before the file proved to be a store of ours:
	 * the migration (one transaction, rolled back if it fails) and the
	 * statements (tables as our version has them) come before the
	 * switch to WAL, which rewrites the header */
	if (!rc && version < cti__store_schema_version)
		rc = migrate(st, version);
	else if (!rc)
		rc = prepare_all(st);
	if (!rc && !(st->flags & CTI_STORE_RDONLY))
		rc = setup_rw(st);
out:
	if (rc)
		sq_close(st);
	return rc;
}

/* Run one insert per record inside BEGIN IMMEDIATE .. COMMIT. */
static int put_all(struct cti_store *st, sqlite3_stmt *ins, const void *recs,
		   size_t size, size_t n,
		   void (*bind)(sqlite3_stmt *, const void *, const char *),
		   const char *what)
{
	struct sq *s = sq_of(st);
	size_t i;
	int rc;

	rc = sqlite3_step(s->begin);
	sqlite3_reset(s->begin);
	if (rc != SQLITE_DONE)
		return fail(st, rc, what);
	for (i = 0; i < n; i++) {
		bind(ins, (const char *)recs + i * size, st->instance);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc != SQLITE_DONE)
			goto err;
	}
	rc = sqlite3_step(s->commit);
	sqlite3_reset(s->commit);
	if (rc != SQLITE_DONE)
		goto err;
	sqlite3_clear_bindings(ins);
	return 0;
err:
	rc = fail(st, rc, what);
	abort_tx(st);
	sqlite3_clear_bindings(ins);
	return rc;
}

static void bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
}

/* SQLite has no NaN: it stores NULL, which reads back as NaN */
static void bind_real(sqlite3_stmt *stmt, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_double(stmt, i, v);
}

/* A record's columns as parameters first..first+n-1 (table order). */
static void bind_cols(sqlite3_stmt *q, const struct cti__table *t,
		      const void *rec, int first)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct cti__col *c = &t->cols[i];
		int at = first + (int)i;

		if (c->kind == CTI__COL_TEXT)
			bind_text(q, at, cti__col_text(c, rec));
		else if (c->kind == CTI__COL_REAL)
			bind_real(q, at, cti__col_real(c, rec));
		else
			sqlite3_bind_int64(q, at, cti__col_int(c, rec));
	}
}

static void bind_cdr(sqlite3_stmt *q, const void *rec, const char *instance)
{
	bind_cols(q, &cti__cdr_table, rec, 1);
	bind_text(q, (int)cti__cdr_table.n + 1, instance);
}

static void bind_iv(sqlite3_stmt *q, const void *rec, const char *instance)
{
	bind_cols(q, &cti__iv_table, rec, 1);
	bind_text(q, (int)cti__iv_table.n + 1, instance);
}
static void bind_rec(sqlite3_stmt *q, const struct cti_center_record *r,
		     const char *instance)
{
	bind_cols(q, &cti__rec_table, r, 1);
	bind_text(q, (int)cti__rec_table.n + 1, instance);
}
static int sq_put_cdrs(struct cti_store *st, const struct cti_acd_cdr *c,
		       size_t n)
{
	return put_all(st, sq_of(st)->ins_cdr, c, sizeof(*c), n, bind_cdr,
		       "storing CDRs");
}

static int step_done(sqlite3_stmt *q);
static int begin(struct cti_store *st, const char *what);
static int finish(struct cti_store *st, int rc, const char *what);

/* The record, and its checkpoint's open row removed: one step of a put. */
static int put_one_interval(struct cti_store *st,
			    const struct cti_acd_interval *v)
{
	struct sq *s = sq_of(st);
	int rc;

	bind_iv(s->ins_iv, v, st->instance);
	rc = step_done(s->ins_iv);
	if (rc != SQLITE_OK)
		return rc;
	bind_text(s->del_ivopen, 1, st->instance);
	bind_text(s->del_ivopen, 2, v->queue);
	sqlite3_bind_int64(s->del_ivopen, 3, v->epoch_ms);
	return step_done(s->del_ivopen);
}

static int sq_put_intervals(struct cti_store *st,
			    const struct cti_acd_interval *iv, size_t n)
{
	const char *what = "storing intervals";
	size_t i;
	int rc = begin(st, what);

	if (rc)
		return rc;
	for (i = 0; i < n && rc == SQLITE_OK; i++)
		rc = put_one_interval(st, &iv[i]);
	return finish(st, rc, what);
}

static int sq_put_open_intervals(struct cti_store *st,
				 const struct cti_acd_interval *iv, size_t n)
{
	return put_all(st, sq_of(st)->ins_ivopen, iv, sizeof(*iv), n, bind_iv,
		       "checkpointing open intervals");
}

static int sq_close_cut_intervals(struct cti_store *st, size_t *n)
{
	const char *what = "closing cut intervals";
	struct sq *s = sq_of(st);
	size_t count = 0;
	int rc = begin(st, what);

	if (rc)
		return rc;
	bind_text(s->cut_ivs, 1, st->instance);
	rc = step_done(s->cut_ivs);
	if (rc == SQLITE_OK) {
		count = (size_t)sqlite3_changes(s->db);
		bind_text(s->del_ivopens, 1, st->instance);
		rc = step_done(s->del_ivopens);
	}
	rc = finish(st, rc, what);
	if (!rc)
		*n = count;
	return rc;
}

/* Column readers: values another writer put out of range are clamped. */
static uint32_t col_u32(sqlite3_stmt *q, int i)
{
	sqlite3_int64 v = sqlite3_column_int64(q, i);

	return v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static uint64_t col_u64(sqlite3_stmt *q, int i)
{
	sqlite3_int64 v = sqlite3_column_int64(q, i);

	return v < 0 ? 0 : (uint64_t)v;
}

static double col_real(sqlite3_stmt *q, int i)
{
	if (sqlite3_column_type(q, i) == SQLITE_NULL)
		return NAN;
	return sqlite3_column_double(q, i);
}

static void col_text(sqlite3_stmt *q, int i, char *dst, size_t cap)
{
	const char *t = (const char *)sqlite3_column_text(q, i);

	if (!t) {
		dst[0] = '\0';
		return;
	}
	cti__store_copy_text(dst, cap, t, (size_t)sqlite3_column_bytes(q, i));
}

#define COL_TEXT(q, i, field) col_text(q, i, field, sizeof(field))

/* A record from result columns 0..n-1 (table order); the rest zero. */
static void read_cols(sqlite3_stmt *q, const struct cti__table *t, void *rec,
		      size_t size)
{
	memset(rec, 0, size);
	for (size_t i = 0; i < t->n; i++) {
		const struct cti__col *c = &t->cols[i];
		int at = (int)i;

		if (c->kind == CTI__COL_TEXT) {
			const char *v = (const char *)sqlite3_column_text(q, at);

			cti__col_set_text(c, rec, v ? v : "",
					  v ? (size_t)sqlite3_column_bytes(q, at)
					    : 0);
		} else if (c->kind == CTI__COL_REAL) {
			cti__col_set_real(c, rec, col_real(q, at));
		} else {
			cti__col_set_int(c, rec, sqlite3_column_int64(q, at));
		}
	}
}

static void row_cdr(sqlite3_stmt *q, void *rec)
{
	read_cols(q, &cti__cdr_table, rec, sizeof(struct cti_acd_cdr));
}
static void row_iv(sqlite3_stmt *q, void *rec)
{
	read_cols(q, &cti__iv_table, rec, sizeof(struct cti_acd_interval));
}
static void row_sum(sqlite3_stmt *q, void *rec)
{
	struct cti_store_summary *s = rec;
	double asa_total;

	memset(s, 0, sizeof(*s));
	COL_TEXT(q, 0, s->queue);
	s->intervals = col_u64(q, 1);
	s->offered = col_u64(q, 2);
	s->answered = col_u64(q, 3);
	s->answered_in_sl = col_u64(q, 4);
	s->abandoned = col_u64(q, 5);
	s->short_abandoned = col_u64(q, 6);
	s->overflowed = col_u64(q, 7);
	s->exited = col_u64(q, 8);
	s->busy = col_u64(q, 9);
	asa_total = sqlite3_column_double(q, 10);
	s->max_wait_ms = sqlite3_column_int64(q, 11);
	cti__store_summary_rates(s, asa_total);
}

/*
 * Step a query statement, converting each row into `rec` with `row` and
 * handing it to `cb` (a cti_store_*_fn, called through `call`).
 */
static int run_query(struct cti_store *st, int which,
		     const struct cti_store_filter *f, void *rec,
		     void (*row)(sqlite3_stmt *, void *),
		     int (*call)(void *cb, void *user, const void *rec),
		     void *cb, void *user, const char *what)
{
	sqlite3_stmt *q = sq_of(st)->q[which + (f->queue ? 1 : 0)];
	int64_t lo = f->from_epoch_ms ? f->from_epoch_ms : INT64_MIN;
	int64_t hi = INT64_MAX;
	int rc, n = 0, crc;

	if (f->to_epoch_ms) {
		if (f->to_epoch_ms == INT64_MIN)
			return 0;
		hi = f->to_epoch_ms - 1;
	}
	sqlite3_bind_int64(q, 1, lo);
	sqlite3_bind_int64(q, 2, hi);
	if (f->queue)
		bind_text(q, 3, f->queue);
	if (f->instance)
		bind_text(q, 4, f->instance);
	else
		sqlite3_bind_null(q, 4);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row(q, rec);
		if (n < INT_MAX)
			n++;
		crc = call(cb, user, rec);
		if (crc) {
			rc = crc < 0 ? crc : n;
			goto out;
		}
	}
	rc = rc == SQLITE_DONE ? n : fail(st, rc, what);
out:
	/* reset at once: an open read would hold back WAL checkpoints */
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc;
}

struct cb_box {
	cti_store_cdr_fn cdr;
	cti_store_interval_fn iv;
	cti_store_summary_fn sum;
	cti_store_record_fn rec;
};

static int call_cdr(void *cb, void *user, const void *rec)
{
	return ((struct cb_box *)cb)->cdr(user, rec);
}

static int call_iv(void *cb, void *user, const void *rec)
{
	return ((struct cb_box *)cb)->iv(user, rec);
}

static int call_sum(void *cb, void *user, const void *rec)
{
	return ((struct cb_box *)cb)->sum(user, rec);
}

static int sq_query_cdrs(struct cti_store *st, const struct cti_store_filter *f,
			 cti_store_cdr_fn fn, void *user)
{
	struct cb_box box = { .cdr = fn };
	struct cti_acd_cdr rec;

	return run_query(st, Q_CDR, f, &rec, row_cdr, call_cdr, &box, user,
			 "querying CDRs");
}

static int sq_query_intervals(struct cti_store *st,
			      const struct cti_store_filter *f,
			      cti_store_interval_fn fn, void *user)
{
	struct cb_box box = { .iv = fn };
	struct cti_acd_interval rec;

	return run_query(st, Q_IV, f, &rec, row_iv, call_iv, &box, user,
			 "querying intervals");
}

static int sq_summarize(struct cti_store *st, const struct cti_store_filter *f,
			cti_store_summary_fn fn, void *user)
{
	struct cb_box box = { .sum = fn };
	struct cti_store_summary rec;

	return run_query(st, Q_SUM, f, &rec, row_sum, call_sum, &box, user,
			 "summarizing intervals");
}

static void row_rec(sqlite3_stmt *q, void *rec)
{
	read_cols(q, &cti__rec_table, rec, sizeof(struct cti_center_record));
}
/* Step a statement once to completion and reset it. */
static int step_done(sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int begin(struct cti_store *st, const char *what)
{
	struct sq *s = sq_of(st);
	int rc = sqlite3_step(s->begin);

	sqlite3_reset(s->begin);
	return rc == SQLITE_DONE ? 0 : fail(st, rc, what);
}

/* COMMIT a transaction whose statements returned `rc`, or roll it back. */
static int finish(struct cti_store *st, int rc, const char *what)
{
	struct sq *s = sq_of(st);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s->commit);
		sqlite3_reset(s->commit);
		if (rc == SQLITE_DONE)
			return 0;
	}
	rc = fail(st, rc, what);
	abort_tx(st);
	return rc;
}

/* The record and the removal of its open row: one step of a put. */
static int put_one_record(struct cti_store *st,
			  const struct cti_center_record *r)
{
	struct sq *s = sq_of(st);
	int rc;

	bind_rec(s->ins_rec, r, st->instance);
	rc = step_done(s->ins_rec);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(s->del_open, 1, st->instance, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s->del_open, 2, r->call);
	return step_done(s->del_open);
}

static int sq_put_call_records(struct cti_store *st,
			       const struct cti_center_record *r, size_t n)
{
	const char *what = "storing call records";
	size_t i;
	int rc = begin(st, what);

	if (rc)
		return rc;
	for (i = 0; i < n && rc == SQLITE_OK; i++)
		rc = put_one_record(st, &r[i]);
	return finish(st, rc, what);
}

static int sq_call_opened(struct cti_store *st,
			  const struct cti_center_record *r)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = s->ins_open;
	int rc;

	sqlite3_bind_int64(q, 1, r->call);
	sqlite3_bind_int64(q, 2, r->epoch_ms);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)r->arrived_ms);
	bind_text(q, 4, r->ani);
	bind_text(q, 5, r->dnis);
	bind_text(q, 6, r->trunk);
	bind_text(q, 7, st->instance);
	/* one statement: SQLite's autocommit makes it a transaction */
	rc = step_done(q);
	return rc == SQLITE_OK ? 0 : fail(st, rc, "journalling an open call");
}

/* Read one open-call row into a record (call_open's columns). */
static void row_open(sqlite3_stmt *q, struct cti_center_record *r)
{
	memset(r, 0, sizeof(*r));
	r->call = col_u32(q, 0);
	r->epoch_ms = sqlite3_column_int64(q, 1);
	r->arrived_ms = (uint64_t)sqlite3_column_int64(q, 2);
	COL_TEXT(q, 3, r->ani);
	COL_TEXT(q, 4, r->dnis);
	COL_TEXT(q, 5, r->trunk);
}

static int sq_close_cut_calls(struct cti_store *st, int cause,
			      int64_t now_epoch_ms, size_t *n)
{
	const char *what = "closing cut calls";
	struct sq *s = sq_of(st);
	struct cti_center_record r;
	size_t count = 0;
	int rc = begin(st, what);

	if (rc)
		return rc;
	/* inserting into call_record while reading call_open is safe in
	 * SQLite: different tables */
	sqlite3_bind_text(s->sel_open, 1, st->instance, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s->sel_open)) == SQLITE_ROW) {
		row_open(s->sel_open, &r);
		cti__store_cut_record(&r, cause, now_epoch_ms);
		bind_rec(s->ins_rec, &r, st->instance);
		rc = step_done(s->ins_rec);
		if (rc != SQLITE_OK)
			break;
		count++;
	}
	sqlite3_reset(s->sel_open);
	sqlite3_clear_bindings(s->sel_open);
	if (rc == SQLITE_DONE) {
		sqlite3_bind_text(s->del_opens, 1, st->instance, -1,
				  SQLITE_STATIC);
		rc = step_done(s->del_opens);
	}
	rc = finish(st, rc, what);
	if (!rc) {
		*n = count;
		if (count)
			cti__store_log(st, CTI_LOG_NOTICE,
				       "%zu calls cut by a crash closed "
				       "with cause %d",
				       count, cause);
	}
	return rc;
}

static int call_rec(void *cb, void *user, const void *rec)
{
	return ((struct cb_box *)cb)->rec(user, rec);
}

static int sq_query_call_records(struct cti_store *st,
				 const struct cti_store_filter *f,
				 cti_store_record_fn fn, void *user)
{
	struct cb_box box = { .rec = fn };
	struct cti_center_record rec;

	return run_query(st, Q_REC, f, &rec, row_rec, call_rec, &box, user,
			 "querying call records");
}

const struct cti__store_ops cti__store_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.put_cdrs = sq_put_cdrs,
	.put_intervals = sq_put_intervals,
	.put_open_intervals = sq_put_open_intervals,
	.close_cut_intervals = sq_close_cut_intervals,
	.query_cdrs = sq_query_cdrs,
	.query_intervals = sq_query_intervals,
	.summarize = sq_summarize,
	.put_call_records = sq_put_call_records,
	.call_opened = sq_call_opened,
	.close_cut_calls = sq_close_cut_calls,
	.query_call_records = sq_query_call_records,
	.put_recording = cti__sq_put_recording,
	.query_recordings = cti__sq_query_recordings,
	.session_opened = cti__sq_session_opened,
	.session_closed = cti__sq_session_closed,
	.close_cut_sessions = cti__sq_close_cut_sessions,
	.query_sessions = cti__sq_query_sessions,
};

/* The database of a store on this backend, NULL on another (recindex.c). */
sqlite3 *cti__store_sqlite_db(struct cti_store *st)
{
	return st->ops == &cti__store_sqlite_ops ? sq_of(st)->db : NULL;
}
