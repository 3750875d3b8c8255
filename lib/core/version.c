// SPDX-License-Identifier: LGPL-2.1-or-later
/* Run-time version of the library, to compare with the headers' one. */
#include "cti/common.h"

#define STR_(x) #x
#define STR(x)	STR_(x)

CTI_EXTERN unsigned int cti_version(void)
{
	return CTI_VERSION_HEX;
}

CTI_EXTERN const char *cti_version_string(void)
{
	return STR(CTI_VERSION_MAJOR) "." STR(CTI_VERSION_MINOR) "." STR(
		CTI_VERSION_PATCH);
}
