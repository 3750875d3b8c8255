// SPDX-License-Identifier: LGPL-2.1-or-later
#include "fixture.h"

Suite *unit_suite(void)
{
	Suite *s = suite_create("ctid");

	add_conf_tests(s);
	add_daemon_tests(s);
	return s;
}
