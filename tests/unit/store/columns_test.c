// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The column tables (lib/store/columns.c) against the SQL text: the same
 * names in the same order as each *_COLS string, and every field of the
 * record covered once, so a field added to a table but not to the SQL (or
 * the other way) fails here before it reaches a database.
 */
#include <stdio.h>
#include <string.h>

#include "cti/records.h"
#include "store/columns.h"
#include "unit.h"

static void names_match(const struct cti__table *t)
{
	char joined[1024] = "";
	size_t len = 0;

	for (size_t i = 0; i < t->n; i++)
		len += (size_t)snprintf(joined + len, sizeof(joined) - len,
					"%s%s", i ? ", " : "", t->cols[i].name);
	ck_assert_str_eq(joined, t->names);
}

/* Columns do not overlap and each has its field's size for its kind. */
static void fields_sane(const struct cti__table *t, size_t rec_size)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct cti__col *c = &t->cols[i];
		size_t want = c->kind == CTI__COL_I32 || c->kind == CTI__COL_U32
				      ? 4
			      : c->kind == CTI__COL_TEXT ? c->size
							 : 8;

		ck_assert_msg(c->size == want, "%s: size %u", c->name, c->size);
		ck_assert_uint_le(c->off + c->size, rec_size);
		for (size_t k = 0; k < i; k++)
			ck_assert_msg(
				c->off >= t->cols[k].off + t->cols[k].size ||
					t->cols[k].off >= c->off + c->size,
				"%s overlaps %s", c->name, t->cols[k].name);
	}
}

START_TEST(tables_match_the_sql)
{
	names_match(&cti__cdr_table);
	names_match(&cti__iv_table);
	names_match(&cti__rec_table);
	fields_sane(&cti__cdr_table, sizeof(struct cti_acd_cdr));
	fields_sane(&cti__iv_table, sizeof(struct cti_acd_interval));
	fields_sane(&cti__rec_table, sizeof(struct cti_center_record));
}
END_TEST

/* What a database gives back is clamped to the field, as before. */
START_TEST(set_int_clamps)
{
	struct cti_acd_cdr c = { 0 };
	const struct cti__col *prio = NULL, *rona = NULL, *id = NULL;

	for (size_t i = 0; i < cti__cdr_table.n; i++) {
		const struct cti__col *k = &cti__cdr_table.cols[i];

		if (!strcmp(k->name, "priority"))
			prio = k;
		else if (!strcmp(k->name, "rona_count"))
			rona = k;
		else if (!strcmp(k->name, "call_id"))
			id = k;
	}
	ck_assert_ptr_nonnull(prio);
	cti__col_set_int(prio, &c, -5000000000LL);
	ck_assert_int_eq(c.priority, INT32_MIN);
	cti__col_set_int(rona, &c, -1);
	ck_assert_uint_eq(c.rona_count, 0);
	cti__col_set_int(rona, &c, 5000000000LL);
	ck_assert_uint_eq(c.rona_count, UINT32_MAX);
	/* a uint64 id keeps its bits both ways */
	cti__col_set_int(id, &c, -1);
	ck_assert(c.call_id == UINT64_MAX);
	ck_assert_int_eq(cti__col_int(id, &c), -1);
}
END_TEST

TCase *store_columns_tcase(void);
TCase *store_columns_tcase(void)
{
	TCase *tc = tcase_create("columns");

	tcase_add_test(tc, tables_match_the_sql);
	tcase_add_test(tc, set_int_clamps);
	return tc;
}
