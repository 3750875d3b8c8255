// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Span diagnostics: alarm and line configuration texts (the DAHDI-facing
 * half runs against the real kernel in tests/vm/guest/50-cti-span-*.sh).
 */
#include <string.h>
#include <unistd.h>

#include "cti/spandiag.h"
#include "unit.h"

START_TEST(test_no_alarm_is_ok)
{
	char buf[64];

	ck_assert_int_eq(cti_span_alarms_str(0, buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "OK");
}
END_TEST

START_TEST(test_alarms_named_in_severity_order)
{
	char buf[64];
	uint32_t a = CTI_SPAN_ALARM_LOS | CTI_SPAN_ALARM_RED |
		     CTI_SPAN_ALARM_RECOVER;

	cti_span_alarms_str(a, buf, sizeof(buf));
	ck_assert_str_eq(buf, "RED RECOVER LOS");
}
END_TEST

START_TEST(test_unknown_bits_shown_in_hex)
{
	char buf[64];

	cti_span_alarms_str(CTI_SPAN_ALARM_BLUE | (1u << 20), buf, sizeof(buf));
	ck_assert_str_eq(buf, "BLUE 0x100000");
}
END_TEST

START_TEST(test_truncation_reports_needed_length)
{
	char buf[6];
	uint32_t a = CTI_SPAN_ALARM_RED | CTI_SPAN_ALARM_YELLOW;
	int need = cti_span_alarms_str(a, buf, sizeof(buf));

	ck_assert_int_eq(need, (int)strlen("RED YELLOW"));
	ck_assert_str_eq(buf, "RED Y");
}
END_TEST

START_TEST(test_every_alarm_explained)
{
	static const uint32_t bits[] = {
		CTI_SPAN_ALARM_RED,      CTI_SPAN_ALARM_YELLOW,
		CTI_SPAN_ALARM_BLUE,     CTI_SPAN_ALARM_RECOVER,
		CTI_SPAN_ALARM_LOOPBACK, CTI_SPAN_ALARM_NOTOPEN,
		CTI_SPAN_ALARM_LOS,      CTI_SPAN_ALARM_LFA,
		CTI_SPAN_ALARM_LMFA,
	};

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		ck_assert_str_ne(cti_span_alarm_name(bits[i]), "?");
		ck_assert_ptr_nonnull(cti_span_alarm_meaning(bits[i]));
		ck_assert_ptr_nonnull(cti_span_alarm_cause(bits[i]));
	}
	ck_assert_str_eq(cti_span_alarm_name(1u << 30), "?");
	ck_assert_ptr_null(cti_span_alarm_meaning(1u << 30));
}
END_TEST

/* Framing/coding as dahdi_cfg's span lines spell them (system.conf). */
START_TEST(test_lineconfig)
{
	char buf[32];

	cti_span_lineconfig_str(CTI_SPAN_LC_CCS | CTI_SPAN_LC_HDB3 |
					CTI_SPAN_LC_CRC4,
				buf, sizeof(buf));
	ck_assert_str_eq(buf, "CCS/HDB3/CRC4");
	cti_span_lineconfig_str(CTI_SPAN_LC_HDB3, buf, sizeof(buf));
	ck_assert_str_eq(buf, "CAS/HDB3");
	cti_span_lineconfig_str(CTI_SPAN_LC_ESF | CTI_SPAN_LC_B8ZS, buf,
				sizeof(buf));
	ck_assert_str_eq(buf, "ESF/B8ZS");
	cti_span_lineconfig_str(CTI_SPAN_LC_ESF | CTI_SPAN_LC_CCS |
					CTI_SPAN_LC_B8ZS,
				buf, sizeof(buf));
	ck_assert_str_eq(buf, "ESF/CCS/B8ZS");
	cti_span_lineconfig_str(CTI_SPAN_LC_D4 | CTI_SPAN_LC_AMI, buf,
				sizeof(buf));
	ck_assert_str_eq(buf, "D4/AMI");
	cti_span_lineconfig_str(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "CAS");
}
END_TEST

/* Without DAHDI loaded (the host running unit tests) every call says so. */
START_TEST(test_without_dahdi)
{
	struct cti_span_info info;
	int spans[4];

	if (!access("/sys/bus/dahdi_spans", F_OK))
		return; /* a machine with DAHDI: nothing to check here */
	ck_assert_int_eq(cti_span_list(spans, 4), CTI_ENODEV);
	ck_assert_int_eq(cti_span_info_get(1, &info), CTI_ENODEV);
	ck_assert_int_eq(cti_span_maint(1, CTI_SPAN_MAINT_NONE), CTI_ENODEV);
	ck_assert_int_eq(cti_span_info_get(0, &info), CTI_EINVAL);
	ck_assert_int_eq(cti_span_inject(1, CTI_SPAN_FAULT_BER, 0.5),
			 CTI_ERANGE);
	ck_assert_int_eq(cti_span_inject(1, CTI_SPAN_FAULT_BER, 1e-10),
			 CTI_ERANGE);
}
END_TEST

TCase *link_state_tcase(void);

Suite *unit_suite(void)
{
	Suite *s = suite_create("spandiag");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, test_no_alarm_is_ok);
	tcase_add_test(tc, test_alarms_named_in_severity_order);
	tcase_add_test(tc, test_unknown_bits_shown_in_hex);
	tcase_add_test(tc, test_truncation_reports_needed_length);
	tcase_add_test(tc, test_every_alarm_explained);
	tcase_add_test(tc, test_lineconfig);
	suite_add_tcase(s, tc);
	tc = tcase_create("kernel");
	tcase_add_test(tc, test_without_dahdi);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, link_state_tcase());
	return s;
}
