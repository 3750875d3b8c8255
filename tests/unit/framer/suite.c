// SPDX-License-Identifier: LGPL-2.1-or-later
/* The framer's suite: one TCase per source file of tests. */
#include "fx.h"

Suite *unit_suite(void)
{
	Suite *s = suite_create("framer");

	suite_add_tcase(s, framer_linecode_tcase());
	suite_add_tcase(s, framer_crc_tcase());
	suite_add_tcase(s, framer_e1_tcase());
	suite_add_tcase(s, framer_t1_tcase());
	suite_add_tcase(s, framer_alarm_tcase());
	suite_add_tcase(s, framer_line_tcase());
	suite_add_tcase(s, framer_soak_tcase());
	return s;
}
