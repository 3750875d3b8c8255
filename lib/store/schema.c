// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The SQLite schema as a list of migrations: cti__store_migrations[i]
 * takes a database from PRAGMA user_version i to i + 1, and runs in the
 * same transaction as the user_version update. Never edit a released
 * step: append a new one. docs/store.md documents the result.
 */
#include "store/store.h"
#include "core/util.h"

const char *const cti__store_migrations[] = {
	/* 0 -> 1: CDRs, intervals, and outcome names for SQL users */
	"CREATE TABLE acd_outcome ("
	"  code INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE"
	");"
	"INSERT INTO acd_outcome VALUES (1, 'answered'), (2, 'abandoned'),"
	"  (3, 'overflowed'), (4, 'exited'), (5, 'busy'), (6, 'cleared');"
	"CREATE TABLE acd_cdr ("
	"  id INTEGER PRIMARY KEY,"
	"  call_id INTEGER NOT NULL,"
	"  queue TEXT NOT NULL,"
	"  agent TEXT NOT NULL,"
	"  ani TEXT NOT NULL,"
	"  dnis TEXT NOT NULL,"
	"  priority INTEGER NOT NULL,"
	"  outcome INTEGER NOT NULL REFERENCES acd_outcome(code),"
	"  epoch_ms INTEGER NOT NULL,"
	"  offered_ms INTEGER NOT NULL,"
	"  answered_ms INTEGER NOT NULL,"
	"  ended_ms INTEGER NOT NULL,"
	"  wait_ms INTEGER NOT NULL,"
	"  talk_ms INTEGER NOT NULL,"
	"  hold_ms INTEGER NOT NULL,"
	"  wrap_ms INTEGER NOT NULL,"
	"  rona_count INTEGER NOT NULL,"
	"  exit_action TEXT NOT NULL"
	");"
	"CREATE INDEX acd_cdr_epoch ON acd_cdr (epoch_ms);"
	"CREATE INDEX acd_cdr_queue_epoch ON acd_cdr (queue, epoch_ms);"
	"CREATE INDEX acd_cdr_call ON acd_cdr (call_id);"
	"CREATE TABLE acd_interval ("
	"  id INTEGER PRIMARY KEY,"
	"  queue TEXT NOT NULL,"
	"  epoch_ms INTEGER NOT NULL,"
	"  start_ms INTEGER NOT NULL,"
	"  length_ms INTEGER NOT NULL,"
	"  offered INTEGER NOT NULL,"
	"  answered INTEGER NOT NULL,"
	"  answered_in_sl INTEGER NOT NULL,"
	"  abandoned INTEGER NOT NULL,"
	"  short_abandoned INTEGER NOT NULL,"
	"  overflowed INTEGER NOT NULL,"
	"  exited INTEGER NOT NULL,"
	"  busy INTEGER NOT NULL,"
	"  sl_threshold_ms INTEGER NOT NULL,"
	"  service_level REAL," /* NULL stands for NaN (SQLite has none) */
	"  erlang_c_sl REAL,"
	"  asa_ms INTEGER NOT NULL,"
	"  avg_wait_ms INTEGER NOT NULL,"
	"  max_wait_ms INTEGER NOT NULL,"
	"  aht_ms INTEGER NOT NULL,"
	"  occupancy REAL"
	");"
	"CREATE INDEX acd_interval_epoch ON acd_interval (epoch_ms, queue);"
	"CREATE INDEX acd_interval_queue_epoch ON acd_interval "
	"(queue, epoch_ms);",
	/* 1 -> 2: the index of recordings (lib/rec; docs/recording.md) */
	"CREATE TABLE rec_index ("
	"  id TEXT PRIMARY KEY,"      /* 32 hex digits */
	"  file TEXT NOT NULL,"       /* DAY/ID.ctr in the recorder's dir */
	"  call_id INTEGER NOT NULL,"
	"  start_epoch_ms INTEGER NOT NULL,"
	"  end_epoch_ms INTEGER NOT NULL," /* 0 while recording */
	"  duration_ms INTEGER NOT NULL,"
	"  ani TEXT NOT NULL,"
	"  dnis TEXT NOT NULL,"
	"  agent TEXT NOT NULL,"
	"  queue TEXT NOT NULL,"
	"  account TEXT NOT NULL,"
	"  retain_until_epoch_ms INTEGER NOT NULL,"
	"  status INTEGER NOT NULL" /* enum cti_store_rec_status */
	");"
	"CREATE INDEX rec_index_start ON rec_index (start_epoch_ms);"
	"CREATE INDEX rec_index_ani ON rec_index (ani, start_epoch_ms);"
	"CREATE INDEX rec_index_agent ON rec_index (agent, start_epoch_ms);"
	"CREATE INDEX rec_index_account ON rec_index (account, "
	"start_epoch_ms);"
	"CREATE INDEX rec_index_call ON rec_index (call_id);",
};

const int cti__store_schema_version =
	(int)ARRAY_SIZE(cti__store_migrations);
