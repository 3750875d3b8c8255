// SPDX-License-Identifier: LGPL-2.1-or-later
/* The call centre engine end to end on the loop backend, virtual time. */
#include "unit.h"

TCase *flow_tcase(void);
TCase *agents_tcase(void);
TCase *control_tcase(void);
TCase *rec_tcase(void);
TCase *reload_tcase(void);
TCase *own_calls_tcase(void);
TCase *bridge_tcase(void);
TCase *records_tcase(void);
TCase *intervals_tcase(void);
TCase *prompts_tcase(void);

Suite *unit_suite(void)
{
	Suite *s = suite_create("center_calls");

	suite_add_tcase(s, flow_tcase());
	suite_add_tcase(s, agents_tcase());
	suite_add_tcase(s, control_tcase());
	suite_add_tcase(s, rec_tcase());
	suite_add_tcase(s, reload_tcase());
	suite_add_tcase(s, own_calls_tcase());
	suite_add_tcase(s, bridge_tcase());
	suite_add_tcase(s, records_tcase());
	suite_add_tcase(s, intervals_tcase());
	suite_add_tcase(s, prompts_tcase());
	return s;
}
