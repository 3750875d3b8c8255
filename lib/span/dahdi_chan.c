// SPDX-License-Identifier: LGPL-2.1-or-later
/* Buffer controls of a DAHDI channel (dahdi_chan.h). */
#include <errno.h>
#include <sys/ioctl.h>

#include <dahdi/user.h>

#include "span/dahdi_chan.h"

int cti__dahdi_chan_numbufs(int fd, int numbufs)
{
	struct dahdi_bufferinfo bi;

	if (ioctl(fd, DAHDI_GET_BUFINFO, &bi))
		return -errno;
	bi.numbufs = numbufs;
	if (ioctl(fd, DAHDI_SET_BUFINFO, &bi))
		return -errno;
	return 0;
}

int cti__dahdi_chan_flush_tx(int fd)
{
	int what = DAHDI_FLUSH_WRITE;

	return ioctl(fd, DAHDI_FLUSH, &what) ? -errno : 0;
}
