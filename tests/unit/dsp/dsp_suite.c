// SPDX-License-Identifier: LGPL-2.1-or-later
/* The dsp module's suite: one TCase per source file of tests. */
#include "unit.h"

TCase *dsp_g711_tcase(void);
TCase *dsp_dtmf_tcase(void);
TCase *dsp_talkoff_tcase(void);
TCase *dsp_resample_tcase(void);
TCase *dsp_tone_tcase(void);

Suite *unit_suite(void)
{
	Suite *s = suite_create("dsp");

	suite_add_tcase(s, dsp_g711_tcase());
	suite_add_tcase(s, dsp_dtmf_tcase());
	suite_add_tcase(s, dsp_talkoff_tcase());
	suite_add_tcase(s, dsp_resample_tcase());
	suite_add_tcase(s, dsp_tone_tcase());
	return s;
}
