// SPDX-License-Identifier: LGPL-2.1-or-later
/* Error code names and texts for CTI_E* codes. */
#include <string.h>

#include "cti/common.h"

struct error_entry {
	int code;
	const char *name;
	const char *text;
};

static const struct error_entry cti_only_errors[] = {
	{ CTI_EALARM, "CTI_EALARM", "Span is in alarm" },
	{ CTI_ESTATE, "CTI_ESTATE", "Object is in the wrong state" },
	{ CTI_EFORMAT, "CTI_EFORMAT", "Malformed input" },
	{ CTI_ENOCHAN, "CTI_ENOCHAN", "No channel available" },
	{ CTI_EREJECTED, "CTI_EREJECTED", "Rejected by the far end" },
};

#define ERRNO_NAME(e)               \
	{                           \
		-e, "CTI_" #e, NULL \
	}
static const struct error_entry errno_names[] = {
	ERRNO_NAME(EPERM),    ERRNO_NAME(ENOENT),    ERRNO_NAME(EIO),
	ERRNO_NAME(E2BIG),    ERRNO_NAME(EBADF),     ERRNO_NAME(EAGAIN),
	ERRNO_NAME(ENOMEM),   ERRNO_NAME(EACCES),    ERRNO_NAME(EBUSY),
	ERRNO_NAME(EEXIST),   ERRNO_NAME(ENODEV),    ERRNO_NAME(EINVAL),
	ERRNO_NAME(ENOSPC),   ERRNO_NAME(ERANGE),    ERRNO_NAME(ENOSYS),
	ERRNO_NAME(ENOTSUP),  ERRNO_NAME(ETIMEDOUT), ERRNO_NAME(ECANCELED),
	ERRNO_NAME(EPROTO),   ERRNO_NAME(EBADMSG),   ERRNO_NAME(ENOTCONN),
	ERRNO_NAME(ENETDOWN), ERRNO_NAME(EALREADY),
};

static const struct error_entry *find(const struct error_entry *tab, size_t n,
				      int code)
{
	for (size_t i = 0; i < n; i++)
		if (tab[i].code == code)
			return &tab[i];
	return NULL;
}

#define FIND(tab, code) find(tab, sizeof(tab) / sizeof(tab[0]), code)

CTI_EXTERN const char *cti_strerror(int err)
{
	const struct error_entry *e;

	if (err == 0)
		return "Success";
	e = FIND(cti_only_errors, err);
	if (e)
		return e->text;
	if (err < 0 && err > -4096)
		return strerror(-err); /* glibc: static text for known codes */
	return "Unknown error";
}

CTI_EXTERN const char *cti_err_name(int err)
{
	const struct error_entry *e;

	if (err == 0)
		return "CTI_OK";
	e = FIND(cti_only_errors, err);
	if (!e)
		e = FIND(errno_names, err);
	return e ? e->name : "CTI_E?";
}
