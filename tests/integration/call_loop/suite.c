// SPDX-License-Identifier: LGPL-2.1-or-later
/* Call control end to end on the loop backend under virtual time. */
#include "unit.h"

TCase *basic_tcase(void);
TCase *features_tcase(void);
TCase *more_tcase(void);
TCase *link_tcase(void);

Suite *unit_suite(void)
{
	Suite *s = suite_create("call_loop");

	suite_add_tcase(s, basic_tcase());
	suite_add_tcase(s, features_tcase());
	suite_add_tcase(s, more_tcase());
	suite_add_tcase(s, link_tcase());
	return s;
}
