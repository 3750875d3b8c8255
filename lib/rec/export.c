// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Export: a decrypted recording as WAV or FLAC (libsndfile), paused spans
 * filled with silence so the export keeps the call's times; or the
 * container itself, copied only after every chunk authenticated.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sndfile.h>

#include "rec/rec.h"

struct exp {
	SNDFILE *sf;
	uint64_t at; /* frames written */
	uint32_t channels;
	int err;
};

static int put(void *user, uint64_t pos, const int16_t *frames, uint32_t n,
	       uint32_t channels, uint32_t flags)
{
	static const int16_t zero[2 * 800];
	struct exp *e = user;

	(void)flags;
	if (!e->sf)
		return 0;
	while (e->at < pos) {
		uint64_t k = pos - e->at;

		if (k > 800)
			k = 800;
		if (sf_writef_short(e->sf, zero, (sf_count_t)k) !=
		    (sf_count_t)k) {
			e->err = CTI_EIO;
			return CTI_EIO;
		}
		e->at += k;
	}
	if (sf_writef_short(e->sf, frames, n) != (sf_count_t)n) {
		e->err = CTI_EIO;
		return CTI_EIO;
	}
	(void)channels;
	e->at += n;
	return 0;
}

static int count_only(void *user, uint64_t pos, const int16_t *frames,
		      uint32_t n, uint32_t channels, uint32_t flags)
{
	(void)user;
	(void)pos;
	(void)frames;
	(void)n;
	(void)channels;
	(void)flags;
	return 0;
}

static int copy_file(const char *from, const char *to)
{
	const uint8_t *buf;
	size_t len, off = 0;
	int fd, rc = cti__map_file(from, &buf, &len);

	if (rc)
		return rc;
	fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		cti__unmap_file(buf, len);
		return errno == EEXIST ? CTI_EEXIST : CTI_EIO;
	}
	while (off < len) {
		ssize_t k = write(fd, buf + off, len - off);

		if (k <= 0) {
			rc = CTI_EIO;
			break;
		}
		off += (size_t)k;
	}
	if (close(fd))
		rc = CTI_EIO;
	cti__unmap_file(buf, len);
	return rc;
}

CTI_EXTERN int cti_rec_export(const char *path, const char *out_path,
			      uint32_t format, char *why, size_t why_len,
			      const struct cti_rec_read_config *cfg)
{
	struct cti_rec_file_info in;
	struct exp e = { 0 };
	SF_INFO si = { 0 };
	int fd, rc;

	if (!path || !out_path || !cfg || format < CTI_REC_EXPORT_WAV ||
	    format > CTI_REC_EXPORT_CONTAINER)
		return CTI_EINVAL;
	if (access(out_path, F_OK) == 0) {
		if (why && why_len)
			snprintf(why, why_len, "%s: exists; not overwritten",
				 out_path);
		return CTI_EEXIST;
	}
	if ((rc = cti_rec_file_info(path, &in, why, why_len)))
		return rc;
	if (format == CTI_REC_EXPORT_CONTAINER) {
		rc = cti_rec_read(path, count_only, NULL, why, why_len, cfg);
		if (rc < 0)
			return rc;
		int c = copy_file(path, out_path);

		if (c) {
			unlink(out_path);
			return c;
		}
		return rc;
	}
	fd = open(out_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (why && why_len)
			snprintf(why, why_len, "%s: %s", out_path,
				 strerror(errno));
		return errno == EEXIST ? CTI_EEXIST : CTI_EIO;
	}
	si.samplerate = 8000;
	si.channels = (int)in.channels;
	si.format = format == CTI_REC_EXPORT_WAV
			    ? SF_FORMAT_WAV | SF_FORMAT_PCM_16
			    : SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
	e.sf = sf_open_fd(fd, SFM_WRITE, &si, 1);
	e.channels = in.channels;
	if (!e.sf) {
		close(fd);
		unlink(out_path);
		if (why && why_len)
			snprintf(why, why_len, "%s: libsndfile: %s", out_path,
				 sf_strerror(NULL));
		return CTI_EIO;
	}
	rc = cti_rec_read(path, put, &e, why, why_len, cfg);
	if (rc >= 0 && e.at < in.end_pos && in.complete) {
		/* a pause up to the end */
		e.err = put(&e, in.end_pos, NULL, 0, in.channels, 0);
		if (e.err)
			rc = e.err;
	}
	if (sf_close(e.sf) && rc >= 0)
		rc = CTI_EIO;
	if (rc < 0)
		unlink(out_path);
	return rc;
}
