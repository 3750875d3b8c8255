// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Runner shared by every suite binary: runs unit_suite() and prints Check's
 * summary line. Exit status 0 only when every test passed.
 * CK_RUN_CASE / CK_RUN_SUITE / CK_FORK / CK_VERBOSITY work as documented
 * by Check.
 */
#include <stdlib.h>

#include "unit.h"

int main(void)
{
	SRunner *sr = srunner_create(unit_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
