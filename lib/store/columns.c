// SPDX-License-Identifier: LGPL-2.1-or-later
/* The records' columns (columns.h). */
#include <string.h>

#include "cti/records.h"
#include "store/columns.h"
#include "store/store.h"

#define FIELD_SIZE(type, field) sizeof(((type *)0)->field)
#define COL(type, kind, field)                                            \
	{                                                                 \
#field, CTI__COL_##kind, (uint16_t)offsetof(type, field), \
			(uint16_t)FIELD_SIZE(type, field)                 \
	}
#define TABLE(cols, names)                                  \
	{                                                   \
		cols, sizeof(cols) / sizeof(cols[0]), names \
	}

#define CDR(kind, f) COL(struct cti_acd_cdr, kind, f)
static const struct cti__col cdr_cols[] = {
	CDR(U64, call_id),     CDR(TEXT, queue),       CDR(TEXT, agent),
	CDR(TEXT, ani),	       CDR(TEXT, dnis),	       CDR(I32, priority),
	CDR(U32, outcome),     CDR(I64, epoch_ms),     CDR(I64, offered_ms),
	CDR(I64, answered_ms), CDR(I64, ended_ms),     CDR(I64, wait_ms),
	CDR(I64, talk_ms),     CDR(I64, hold_ms),      CDR(I64, wrap_ms),
	CDR(U32, rona_count),  CDR(TEXT, exit_action), CDR(I32, wrap_code),
};
const struct cti__table cti__cdr_table = TABLE(cdr_cols, CDR_COLS);

#define IV(kind, f) COL(struct cti_acd_interval, kind, f)
static const struct cti__col iv_cols[] = {
	IV(TEXT, queue),	  IV(I64, epoch_ms),
	IV(I64, start_ms),	  IV(I64, length_ms),
	IV(U32, offered),	  IV(U32, answered),
	IV(U32, answered_in_sl),  IV(U32, abandoned),
	IV(U32, short_abandoned), IV(U32, overflowed),
	IV(U32, exited),	  IV(U32, busy),
	IV(I64, sl_threshold_ms), IV(REAL, service_level),
	IV(REAL, erlang_c_sl),	  IV(I64, asa_ms),
	IV(I64, avg_wait_ms),	  IV(I64, max_wait_ms),
	IV(I64, aht_ms),	  IV(REAL, occupancy),
};
const struct cti__table cti__iv_table = TABLE(iv_cols, IV_COLS);

#define REC(kind, f) COL(struct cti_center_record, kind, f)
static const struct cti__col rec_cols[] = {
	REC(U32, call),		REC(U32, last_state),  REC(I32, cause),
	REC(U32, segments),	REC(U32, agents),      REC(U32, transfers),
	REC(I64, epoch_ms),	REC(U64, arrived_ms),  REC(U64, ended_ms),
	REC(U64, ivr_ms),	REC(U64, queue_ms),    REC(U64, talk_ms),
	REC(U64, hold_ms),	REC(U64, dial_ms),     REC(TEXT, ani),
	REC(TEXT, dnis),	REC(TEXT, trunk),      REC(TEXT, first_queue),
	REC(TEXT, first_agent), REC(TEXT, last_agent), REC(TEXT, number),
};
const struct cti__table cti__rec_table = TABLE(rec_cols, REC_COLS);

static const void *at(const struct cti__col *c, const void *rec)
{
	return (const char *)rec + c->off;
}

int64_t cti__col_int(const struct cti__col *c, const void *rec)
{
	int64_t i64;
	int32_t i32;
	uint32_t u32;
	uint64_t u64;

	switch (c->kind) {
	case CTI__COL_I32:
		memcpy(&i32, at(c, rec), sizeof(i32));
		return i32;
	case CTI__COL_U32:
		memcpy(&u32, at(c, rec), sizeof(u32));
		return u32;
	case CTI__COL_U64:
		memcpy(&u64, at(c, rec), sizeof(u64));
		return (int64_t)u64;
	default:
		memcpy(&i64, at(c, rec), sizeof(i64));
		return i64;
	}
}

double cti__col_real(const struct cti__col *c, const void *rec)
{
	double v;

	memcpy(&v, at(c, rec), sizeof(v));
	return v;
}

const char *cti__col_text(const struct cti__col *c, const void *rec)
{
	return at(c, rec);
}

void cti__col_set_int(const struct cti__col *c, void *rec, int64_t v)
{
	char *p = (char *)rec + c->off;
	int32_t i32;
	uint32_t u32;
	uint64_t u64;

	switch (c->kind) {
	case CTI__COL_I32:
		i32 = v < INT32_MIN   ? INT32_MIN
		      : v > INT32_MAX ? INT32_MAX
				      : (int32_t)v;
		memcpy(p, &i32, sizeof(i32));
		break;
	case CTI__COL_U32:
		u32 = v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
		memcpy(p, &u32, sizeof(u32));
		break;
	case CTI__COL_U64:
		u64 = (uint64_t)v;
		memcpy(p, &u64, sizeof(u64));
		break;
	default:
		memcpy(p, &v, sizeof(v));
	}
}

void cti__col_set_real(const struct cti__col *c, void *rec, double v)
{
	memcpy((char *)rec + c->off, &v, sizeof(v));
}

void cti__col_set_text(const struct cti__col *c, void *rec, const char *s,
		       size_t len)
{
	cti__store_copy_text((char *)rec + c->off, c->size, s, len);
}
