// SPDX-License-Identifier: LGPL-2.1-or-later
/* core: error codes, names and texts; version. */
#include <string.h>

#include "cti/common.h"
#include "unit.h"

START_TEST(test_codes_equal_negative_errno)
{
	ck_assert_int_eq(CTI_EINVAL, -EINVAL);
	ck_assert_int_eq(CTI_ENOMEM, -ENOMEM);
	ck_assert_int_eq(CTI_ETIMEDOUT, -ETIMEDOUT);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(cti_err_name(0), "CTI_OK");
	ck_assert_str_eq(cti_err_name(CTI_EINVAL), "CTI_EINVAL");
	ck_assert_str_eq(cti_err_name(CTI_EALARM), "CTI_EALARM");
	ck_assert_str_eq(cti_err_name(-99999), "CTI_E?");
}
END_TEST

START_TEST(test_texts_never_null)
{
	ck_assert_str_eq(cti_strerror(0), "Success");
	ck_assert_str_eq(cti_strerror(CTI_ENOMEM), strerror(ENOMEM));
	ck_assert_str_eq(cti_strerror(CTI_EALARM), "Span is in alarm");
	ck_assert_ptr_nonnull(cti_strerror(-99999));
	ck_assert_ptr_nonnull(cti_strerror(12345));
}
END_TEST

/* Every code of the one list: its name is "CTI_" and the symbol, its text
 * is the list's (glibc's own for an errno value), and values are unique. */
struct listed {
	int code;
	const char *name, *text;
};

static const struct listed listed[] = {
#define LISTED(name, value, text) { CTI_##name, "CTI_" #name, text },
	CTI_ERRNO_MAP(LISTED)
#undef LISTED
};

START_TEST(test_every_listed_code)
{
	size_t n = sizeof(listed) / sizeof(listed[0]);

	ck_assert_uint_eq(n, 28);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_lt(listed[i].code, 0);
		ck_assert_str_eq(cti_err_name(listed[i].code), listed[i].name);
		ck_assert_str_eq(cti_strerror(listed[i].code), listed[i].text);
		if (listed[i].code > -4096)
			ck_assert_str_eq(listed[i].text,
					 strerror(-listed[i].code));
		for (size_t k = 0; k < i; k++)
			ck_assert_int_ne(listed[k].code, listed[i].code);
	}
	ck_assert_str_eq(cti_err_name(CTI_EREJECTED), "CTI_EREJECTED");
	ck_assert_str_eq(cti_strerror(CTI_EFORMAT), "Malformed input");
	ck_assert_str_eq(cti_err_name(-EPIPE), "CTI_E?"); /* not listed */
	ck_assert_str_eq(cti_strerror(-EPIPE), strerror(EPIPE));
	ck_assert_str_eq(cti_strerror(-10099), "Unknown error");
}
END_TEST

START_TEST(test_version)
{
	ck_assert_uint_eq(cti_version(), CTI_VERSION_HEX);
	ck_assert_str_eq(cti_version_string(), "0.3.0");
}
END_TEST

TCase *core_error_tcase(void);
TCase *core_error_tcase(void)
{
	TCase *tc = tcase_create("error");

	tcase_add_test(tc, test_codes_equal_negative_errno);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_texts_never_null);
	tcase_add_test(tc, test_every_listed_code);
	tcase_add_test(tc, test_version);
	return tc;
}
