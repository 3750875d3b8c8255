// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The pcap writer of D-channel captures (capture.h). Layouts:
 * libpcap's savefile format (tcpdump.org, "pcap-savefile(5)"; the IETF's
 * draft-ietf-opsawg-pcap) and LINKTYPE_LINUX_LAPD's pseudo-header
 * (tcpdump.org/linktypes/LINKTYPE_LINUX_LAPD.html). Fields are written
 * little-endian whatever the host (the magic number tells readers the
 * order), the pseudo-header big-endian as its definition says.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "pri/capture.h"
#include "span/span.h"

#define PCAP_MAGIC_US 0xa1b2c3d4u /* microsecond timestamps */
#define PCAP_SNAPLEN  65535u
#define ETH_P_LAPD    0x0030u /* the pseudo-header's protocol type */
#define LAPD_FCS_LEN  2

struct cti__capture {
	cti_ctx_t *ctx;
	int fd;
	bool we_network;
	off_t size; /* bytes of whole records: where a failed write is cut */
	uint64_t frames;
	char label[32];
	char path[];
};

static uint8_t *put_le16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	return p + 2;
}

static uint8_t *put_le32(uint8_t *p, uint32_t v)
{
	p = put_le16(p, v & 0xFFFFu);
	return put_le16(p, v >> 16);
}

static uint8_t *put_be16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static void global_header(uint8_t h[CTI__PCAP_HEADER_LEN])
{
	uint8_t *p = h;

	p = put_le32(p, PCAP_MAGIC_US);
	p = put_le16(p, 2); /* version 2.4 */
	p = put_le16(p, 4);
	p = put_le32(p, 0); /* thiszone: timestamps are UTC */
	p = put_le32(p, 0); /* sigfigs */
	p = put_le32(p, PCAP_SNAPLEN);
	put_le32(p, CTI__PCAP_LINKTYPE_LINUX_LAPD);
}

/* The 16-octet LINKTYPE_LINUX_LAPD header: packet type, ARPHRD_ type,
 * address length, 8 address octets (Wireshark takes a non-zero first one
 * as "we are the network side"), protocol type. */
static uint8_t *lapd_header(uint8_t *p, int dir, bool we_network)
{
	memset(p, 0, CTI__LAPD_PHDR_LEN);
	put_be16(p, (uint32_t)dir);
	p[6] = we_network ? 1 : 0;
	put_be16(p + 14, ETH_P_LAPD);
	return p + CTI__LAPD_PHDR_LEN;
}

static int open_error(int err)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
		return CTI_ENOENT;
	case EACCES:
	case EPERM:
	case EROFS:
		return CTI_EACCES;
	case ELOOP: /* O_NOFOLLOW met a symbolic link */
	case EISDIR:
	case ENXIO:
		return CTI_EINVAL;
	case ENOMEM:
		return CTI_ENOMEM;
	default:
		return CTI_EIO;
	}
}

/* A regular file, private to us, empty, with the global header. */
static int prepare(struct cti__capture *c)
{
	uint8_t h[CTI__PCAP_HEADER_LEN];
	struct stat st;
	int rc;

	if (fstat(c->fd, &st) < 0)
		return CTI_EIO;
	if (!S_ISREG(st.st_mode))
		return CTI_EINVAL; /* a FIFO or device would stall the loop */
	/* before truncating: a file we cannot make private stays intact */
	if ((st.st_mode & 07777) != 0600 && fchmod(c->fd, 0600) < 0)
		return CTI_EACCES;
	if (ftruncate(c->fd, 0) < 0)
		return CTI_EIO;
	global_header(h);
	rc = cti__write_all(c->fd, h, sizeof(h));
	if (rc) {
		cti__log(c->ctx, CTI_LOG_ERROR, "capture", "%s: %s: %s",
			 c->label, c->path, strerror(errno));
		return CTI_EIO;
	}
	c->size = (off_t)sizeof(h);
	return 0;
}

int cti__capture_open(struct cti__capture **out, cti_ctx_t *ctx,
		      const char *path, bool we_network, const char *label)
{
	struct cti__capture *c;
	size_t plen;
	int rc;

	*out = NULL;
	if (!path || !path[0])
		return CTI_EINVAL;
	plen = strlen(path);
	c = calloc(1, sizeof(*c) + plen + 1);
	if (!c)
		return CTI_ENOMEM;
	c->ctx = ctx;
	c->we_network = we_network;
	memcpy(c->path, path, plen + 1);
	strncpy(c->label, label ? label : "capture", sizeof(c->label) - 1);
	/* 0600 at creation is 0600 under any usual umask; prepare() makes
	 * sure of it for a stricter umask or a file that already existed */
	c->fd = open(path,
		     O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW |
			     O_NONBLOCK,
		     0600);
	if (c->fd < 0) {
		rc = open_error(errno);
		free(c);
		return rc;
	}
	rc = prepare(c);
	if (rc) {
		close(c->fd);
		free(c);
		return rc;
	}
	cti__log(ctx, CTI_LOG_NOTICE, "capture", "%s: D channel to %s",
		 c->label, c->path);
	*out = c;
	return 0;
}

void cti__capture_close(struct cti__capture *c)
{
	if (!c)
		return;
	if (c->fd >= 0) {
		close(c->fd);
		cti__log(c->ctx, CTI_LOG_NOTICE, "capture",
			 "%s: %s closed, %llu frames", c->label, c->path,
			 (unsigned long long)c->frames);
	}
	free(c);
}

uint64_t cti__capture_now_us(const cti_ctx_t *ctx)
{
	struct timespec ts;

	if (cti_ctx_is_virtual(ctx))
		return cti__now_us(ctx);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* The capture cannot go on: say so once, keep what was whole. */
static int fail(struct cti__capture *c, int rc, int err)
{
	cti__log(c->ctx, CTI_LOG_ERROR, "capture",
		 "%s: writing %s failed after %llu frames (%s): capture "
		 "stopped, calls go on",
		 c->label, c->path, (unsigned long long)c->frames,
		 strerror(err));
	/* a short write left part of a record: cut it so readers see a
	 * clean end (if even that fails, the file ends mid-record) */
	if (ftruncate(c->fd, c->size) < 0)
		cti__log(c->ctx, CTI_LOG_DEBUG, "capture",
			 "%s: %s not cut back: %s", c->label, c->path,
			 strerror(errno));
	close(c->fd);
	c->fd = -1;
	return rc;
}

int cti__capture_frame(struct cti__capture *c, uint64_t ts_us, int dir,
		       const uint8_t *frame, int len)
{
	uint8_t rec[CTI__PCAP_RECORD_LEN + CTI__LAPD_PHDR_LEN + CTI__MAX_FRAME];
	uint8_t *p = rec;
	int n = len > LAPD_FCS_LEN ? len - LAPD_FCS_LEN : 0;
	uint32_t caplen;
	int rc;

	if (c->fd < 0)
		return CTI_EIO;
	if (n > CTI__MAX_FRAME)
		n = CTI__MAX_FRAME; /* the span layer never passes more */
	caplen = (uint32_t)(CTI__LAPD_PHDR_LEN + n);
	p = put_le32(p, (uint32_t)(ts_us / 1000000u));
	p = put_le32(p, (uint32_t)(ts_us % 1000000u));
	p = put_le32(p, caplen);
	p = put_le32(p, caplen);
	p = lapd_header(p, dir, c->we_network);
	memcpy(p, frame, (size_t)n);
	p += n;
	rc = cti__write_all(c->fd, rec, (size_t)(p - rec));
	if (rc)
		return fail(c, rc, errno);
	c->size += p - rec;
	c->frames++;
	return 0;
}

uint64_t cti__capture_frames(const struct cti__capture *c)
{
	return c->frames;
}

/* ---- the tap on a span's frames ------------------------------------ */

void cti__capture_tap_init(struct cti__capture_tap *t, cti_ctx_t *ctx)
{
	memset(t, 0, sizeof(*t));
	t->ctx = ctx;
}

static void keep_boot_frame(struct cti__capture_tap *t, int dir,
			    const void *frame, int len)
{
	if (t->nboot >= CTI__CAPTURE_BOOT_FRAMES ||
	    len > CTI__CAPTURE_BOOT_LEN || len < 0)
		return;
	t->boot[t->nboot].ts_us = cti__capture_now_us(t->ctx);
	t->boot[t->nboot].dir = dir;
	t->boot[t->nboot].len = len;
	memcpy(t->boot[t->nboot].data, frame, (size_t)len);
	t->nboot++;
}

static void tap_write(struct cti__capture_tap *t, uint64_t ts_us, int dir,
		      const void *frame, int len)
{
	if (t->cap && cti__capture_frame(t->cap, ts_us, dir, frame, len) < 0) {
		cti__capture_close(t->cap);
		t->cap = NULL;
	}
}

void cti__capture_tap_frame(struct cti__capture_tap *t, int dir,
			    const void *frame, int len)
{
	if (t->booting) {
		keep_boot_frame(t, dir, frame, len);
		return;
	}
	t->nboot = 0; /* other frames followed: a later capture starts then */
	if (t->cap)
		tap_write(t, cti__capture_now_us(t->ctx), dir, frame, len);
}

void cti__capture_tap_set(struct cti__capture_tap *t, struct cti__capture *c)
{
	cti__capture_close(t->cap);
	t->cap = c;
	for (int i = 0; i < t->nboot; i++)
		tap_write(t, t->boot[i].ts_us, t->boot[i].dir, t->boot[i].data,
			  t->boot[i].len);
	t->nboot = 0;
}
