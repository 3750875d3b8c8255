// SPDX-License-Identifier: LGPL-2.1-or-later
/* Agents' phones: RONA, abandons, ring-all. */
#include <stdio.h>
#include <string.h>

#include "fixture.h"

TCase *agents_tcase(void)
{
	TCase *tc = tcase_create("agents");

	return tc;
}
