/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The records' columns, once for both backends: each column's name, how
 * its value is kept (the SQL type follows: BIGINT/INTEGER, DOUBLE
 * PRECISION/REAL, TEXT) and where it lives in the struct. A backend
 * binds and reads a record by walking its table, so a new field is one
 * line here and one in the schema (lib/store/schema.c). The *_COLS
 * strings are the same names in the same order, for the SQL text
 * (checked against the tables by the store suite).
 */
#ifndef CTI_STORE_COLUMNS_H
#define CTI_STORE_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

enum cti__col_kind {
	CTI__COL_TEXT, /* char[size], NUL-terminated */
	CTI__COL_I64,  /* int64_t */
	CTI__COL_I32,  /* int32_t: read values clamp to its range */
	CTI__COL_U32,  /* uint32_t: read values clamp to 0..UINT32_MAX */
	CTI__COL_U64,  /* uint64_t kept as its 64 bits (SQL shows >= 2^63
			* negative) */
	CTI__COL_REAL, /* double; NaN is SQL NULL */
};

struct cti__col {
	const char *name;
	uint8_t kind;
	uint16_t off, size;
};

struct cti__table {
	const struct cti__col *cols;
	size_t n;
	const char *names; /* the *_COLS string */
};

#define CDR_COLS                                                          \
	"call_id, queue, agent, ani, dnis, priority, outcome, epoch_ms, " \
	"offered_ms, answered_ms, ended_ms, wait_ms, talk_ms, hold_ms, "  \
	"wrap_ms, rona_count, exit_action, wrap_code"
#define IV_COLS                                                            \
	"queue, epoch_ms, start_ms, length_ms, offered, answered, "        \
	"answered_in_sl, abandoned, short_abandoned, overflowed, exited, " \
	"busy, sl_threshold_ms, service_level, erlang_c_sl, asa_ms, "      \
	"avg_wait_ms, max_wait_ms, aht_ms, occupancy"
#define REC_COLS                                                            \
	"call, last_state, cause, segments, agents, transfers, epoch_ms, "  \
	"arrived_ms, ended_ms, ivr_ms, queue_ms, talk_ms, hold_ms, "        \
	"dial_ms, ani, dnis, trunk, first_queue, first_agent, last_agent, " \
	"number"

extern const struct cti__table cti__cdr_table; /* struct cti_acd_cdr */
extern const struct cti__table cti__iv_table;  /* struct cti_acd_interval */
extern const struct cti__table cti__rec_table; /* struct cti_center_record */

/* A column's value in rec: any integer kind as int64 (U64 by its bits),
 * a REAL, or a TEXT. */
int64_t cti__col_int(const struct cti__col *c, const void *rec);
double cti__col_real(const struct cti__col *c, const void *rec);
const char *cti__col_text(const struct cti__col *c, const void *rec);

/* Set a column of rec from what the database gave: integers clamped to
 * the field's range, text cut to fit (cti__store_copy_text). */
void cti__col_set_int(const struct cti__col *c, void *rec, int64_t v);
void cti__col_set_real(const struct cti__col *c, void *rec, double v);
void cti__col_set_text(const struct cti__col *c, void *rec, const char *s,
		       size_t len);

#endif
