// SPDX-License-Identifier: LGPL-2.1-or-later
/* The rec module's suite: one TCase per source file of tests. */
#include "unit.h"

TCase *rec_kat_tcase(void);
TCase *rec_container_tcase(void);
TCase *rec_verify_tcase(void);
TCase *rec_pin_tcase(void);
TCase *rec_crash_tcase(void);
TCase *rec_ledger_tcase(void);
TCase *rec_policy_tcase(void);
TCase *rec_index_tcase(void);
TCase *rec_update_tcase(void);
TCase *rec_rsa_tcase(void);
TCase *rec_flusher_tcase(void);

Suite *unit_suite(void)
{
	Suite *s = suite_create("rec");

	suite_add_tcase(s, rec_kat_tcase());
	suite_add_tcase(s, rec_container_tcase());
	suite_add_tcase(s, rec_ledger_tcase());
	suite_add_tcase(s, rec_verify_tcase());
	suite_add_tcase(s, rec_policy_tcase());
	suite_add_tcase(s, rec_index_tcase());
	suite_add_tcase(s, rec_update_tcase());
	suite_add_tcase(s, rec_rsa_tcase());
	suite_add_tcase(s, rec_flusher_tcase());
	suite_add_tcase(s, rec_pin_tcase());
	suite_add_tcase(s, rec_crash_tcase());
	return s;
}
