// SPDX-License-Identifier: LGPL-2.1-or-later
/* placeholder replaced below */
#include "unit.h"
TCase *dsp_talkoff_tcase(void);
TCase *dsp_talkoff_tcase(void)
{
	return tcase_create("talkoff");
}
