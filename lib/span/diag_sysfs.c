// SPDX-License-Identifier: LGPL-2.1-or-later
/* One-value sysfs attributes: read as text or integer, write as text. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "span/diag_sysfs.h"

int cti__sysfs_str(const char *dir, const char *attr, char *buf, size_t len)
{
	char path[512];
	ssize_t n;
	int fd;

	if (!len)
		return -EINVAL;
	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0) {
		buf[0] = '\0';
		return -errno;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int cti__sysfs_int(const char *dir, const char *attr, int def)
{
	char buf[32], *end;
	long v;

	if (cti__sysfs_str(dir, attr, buf, sizeof(buf)) || !buf[0])
		return def;
	v = strtol(buf, &end, 0);
	return end == buf ? def : (int)v;
}

int cti__sysfs_write(const char *dir, const char *attr, const char *value)
{
	char path[512];
	size_t len = strlen(value);
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, value, len);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	return (size_t)n == len ? 0 : -EIO;
}
