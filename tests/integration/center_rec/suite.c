// SPDX-License-Identifier: LGPL-2.1-or-later
/* Recording through the engine: metadata learnt in the call, the agent's
 * on-demand recording, pause and resume prompts. */
#include "unit.h"

TCase *center_rec_tcase(void);

Suite *unit_suite(void)
{
	Suite *s = suite_create("center_rec");

	suite_add_tcase(s, center_rec_tcase());
	return s;
}
