// SPDX-License-Identifier: LGPL-2.1-or-later
/* The core module's suite: one TCase per source file of tests. */
#include "unit.h"

TCase *core_error_tcase(void);
TCase *core_ctx_tcase(void);
TCase *core_ring_tcase(void);
TCase *core_heap_tcase(void);

Suite *unit_suite(void)
{
	Suite *s = suite_create("core");

	suite_add_tcase(s, core_error_tcase());
	suite_add_tcase(s, core_ctx_tcase());
	suite_add_tcase(s, core_ring_tcase());
	suite_add_tcase(s, core_heap_tcase());
	return s;
}
