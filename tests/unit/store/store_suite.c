// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The store module's suite: one TCase per source file of tests; those
 * that hold for any backend run twice, on SQLite and on PostgreSQL (a
 * throwaway server the suite starts: scripts/pg-test-server.sh). Without
 * that server the PostgreSQL cases fail, they are never skipped.
 */
#include "helpers.h"

TCase *store_roundtrip_tcase(enum th_backend b);
TCase *store_query_tcase(enum th_backend b);
TCase *store_export_tcase(enum th_backend b);
TCase *store_crash_tcase(enum th_backend b);
TCase *store_calls_tcase(enum th_backend b);
TCase *store_sessions_tcase(enum th_backend b);
TCase *store_open_iv_tcase(enum th_backend b);
TCase *store_corrupt_tcase(void);
TCase *store_files_tcase(void);
TCase *store_pg_tcase(void);
TCase *store_text_tcase(void);
TCase *store_columns_tcase(void);

Suite *unit_suite(void)
{
	Suite *s = suite_create("store");
	enum th_backend b;

	th_pg_start();
	for (b = TH_SQLITE; b <= TH_PG; b++) {
		suite_add_tcase(s, store_roundtrip_tcase(b));
		suite_add_tcase(s, store_query_tcase(b));
		suite_add_tcase(s, store_export_tcase(b));
		suite_add_tcase(s, store_crash_tcase(b));
		suite_add_tcase(s, store_calls_tcase(b));
		suite_add_tcase(s, store_sessions_tcase(b));
		suite_add_tcase(s, store_open_iv_tcase(b));
	}
	suite_add_tcase(s, store_corrupt_tcase());
	suite_add_tcase(s, store_files_tcase());
	suite_add_tcase(s, store_pg_tcase());
	suite_add_tcase(s, store_text_tcase());
	suite_add_tcase(s, store_columns_tcase());
	return s;
}
