// SPDX-License-Identifier: LGPL-2.1-or-later
/* Error code names and texts, made from CTI_ERRNO_MAP (cti/common.h). */
#include <string.h>

#include "cti/common.h"

CTI_EXTERN const char *cti_strerror(int err)
{
	switch (err) {
	case 0:
		return "Success";
#define TEXT_CASE(name, value, text) \
	case value:                  \
		return text;
		CTI_ERRNO_MAP(TEXT_CASE)
#undef TEXT_CASE
	default:
		break;
	}
	if (err < 0 && err > -4096)
		return strerror(-err); /* glibc: static text for known codes */
	return "Unknown error";
}

CTI_EXTERN const char *cti_err_name(int err)
{
	switch (err) {
	case 0:
		return "CTI_OK";
#define NAME_CASE(name, value, text) \
	case value:                  \
		return "CTI_" #name;
		CTI_ERRNO_MAP(NAME_CASE)
#undef NAME_CASE
	default:
		return "CTI_E?";
	}
}
