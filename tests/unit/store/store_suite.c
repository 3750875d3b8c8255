// SPDX-License-Identifier: LGPL-2.1-or-later
/* The store module's suite: one TCase per source file of tests. */
#include "unit.h"

TCase *store_roundtrip_tcase(void);
TCase *store_query_tcase(void);
TCase *store_export_tcase(void);
TCase *store_corrupt_tcase(void);
TCase *store_crash_tcase(void);
TCase *store_text_tcase(void);

Suite *unit_suite(void)
{
	Suite *s = suite_create("store");

	suite_add_tcase(s, store_roundtrip_tcase());
	suite_add_tcase(s, store_query_tcase());
	suite_add_tcase(s, store_export_tcase());
	suite_add_tcase(s, store_corrupt_tcase());
	suite_add_tcase(s, store_crash_tcase());
	suite_add_tcase(s, store_text_tcase());
	return s;
}
