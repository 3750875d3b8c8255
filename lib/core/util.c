// SPDX-License-Identifier: LGPL-2.1-or-later
/* Small helpers every module of libcti shares (core/util.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "cti/common.h"
#include "core/util.h"

void cti__why(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!why || !len)
		return;
	va_start(ap, fmt);
	if (vsnprintf(why, len, fmt, ap) < 0)
		why[0] = '\0';
	va_end(ap);
}

int cti__write_all(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n) {
		ssize_t k = write(fd, b, n);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return errno == ENOSPC ? CTI_ENOSPC : CTI_EIO;
		}
		b += k;
		n -= (size_t)k;
	}
	return 0;
}
