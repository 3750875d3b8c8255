// SPDX-License-Identifier: LGPL-2.1-or-later
#include "fixture.h"

void add_ctl_tests(Suite *s);
void add_protocol_tests(Suite *s);
void add_service_tests(Suite *s);
void add_daemon_tests(Suite *s);
void add_pg_tests(Suite *s);

Suite *unit_suite(void)
{
	Suite *s = suite_create("ctid_ctl");

	add_ctl_tests(s);
	add_protocol_tests(s);
	add_service_tests(s);
	add_daemon_tests(s);
	add_pg_tests(s);
	return s;
}
