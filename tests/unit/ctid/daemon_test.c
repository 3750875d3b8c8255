// SPDX-License-Identifier: LGPL-2.1-or-later
#include "fixture.h"
void add_daemon_tests(Suite *s)
{
	(void)s;
}
