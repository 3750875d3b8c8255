/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Reading one-value sysfs attributes (private to span diagnostics). */
#ifndef CTI_SPAN_DIAG_SYSFS_H
#define CTI_SPAN_DIAG_SYSFS_H

#include <stddef.h>

/* dir/attr as an integer (decimal or 0x hex), or def if unreadable. */
int cti__sysfs_int(const char *dir, const char *attr, int def);

/* dir/attr into buf without its trailing newline; "" if unreadable.
 * Returns 0 or a negative errno. */
int cti__sysfs_str(const char *dir, const char *attr, char *buf, size_t len);

/* Write value to dir/attr. Returns 0 or a negative errno. */
int cti__sysfs_write(const char *dir, const char *attr, const char *value);

#endif
