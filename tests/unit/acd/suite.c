// SPDX-License-Identifier: LGPL-2.1-or-later
/* The ACD under virtual time. */
#include "unit.h"

TCase *kpi_tcase(void);
TCase *routing_tcase(void);
TCase *invariants_tcase(void);
TCase *ewt_tcase(void);
TCase *timers_tcase(void);
TCase *reconfig_tcase(void);
TCase *align_tcase(void);

Suite *unit_suite(void)
{
	Suite *s = suite_create("acd");

	suite_add_tcase(s, routing_tcase());
	suite_add_tcase(s, kpi_tcase());
	suite_add_tcase(s, invariants_tcase());
	suite_add_tcase(s, ewt_tcase());
	suite_add_tcase(s, timers_tcase());
	suite_add_tcase(s, reconfig_tcase());
	suite_add_tcase(s, align_tcase());
	return s;
}
