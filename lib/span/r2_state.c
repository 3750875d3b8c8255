// SPDX-License-Identifier: LGPL-2.1-or-later
/* The published line state of R2 channels (r2_state.h). */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cti/common.h"
#include "cti/spandiag.h"
#include "span/r2_state.h"

static const char *run_dir(void)
{
	const char *d = getenv("CTI_RUNDIR");

	return d && *d ? d : "/run/cti";
}

static void path_of(int channo, char *buf, size_t len)
{
	snprintf(buf, len, "%s/chan-%d.r2", run_dir(), channo);
}

int cti__r2_state_write(int channo, const struct cti__r2_state *st)
{
	char path[PATH_MAX], tmp[PATH_MAX + 16];
	FILE *f;

	if (mkdir(run_dir(), 0755) && errno != EEXIST)
		return -errno;
	path_of(channo, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fprintf(f, "pid=%d line=%s dir=%s rx=%d tx=%d variant=%s since=%lld\n",
		(int)st->pid, st->line, st->dir, st->rx, st->tx, st->variant,
		(long long)st->since);
	if (fclose(f) || rename(tmp, path)) {
		int err = -errno;

		unlink(tmp);
		return err;
	}
	return 0;
}

void cti__r2_state_remove(int channo)
{
	char path[PATH_MAX];
	struct cti__r2_state st;

	if (cti__r2_state_read(channo, &st) == 0 && st.pid != getpid())
		return;
	path_of(channo, path, sizeof(path));
	unlink(path);
}

int cti__r2_state_read(int channo, struct cti__r2_state *st)
{
	char path[PATH_MAX];
	long long since;
	int pid, n;
	FILE *f;

	path_of(channo, path, sizeof(path));
	f = fopen(path, "re");
	if (!f)
		return CTI_ENOENT;
	memset(st, 0, sizeof(*st));
	n = fscanf(
		f,
		"pid=%d line=%15s dir=%3s rx=%d tx=%d variant=%7s since=%lld",
		&pid, st->line, st->dir, &st->rx, &st->tx, st->variant, &since);
	fclose(f);
	if (n != 7 || pid <= 0)
		return CTI_ENOENT;
	if (kill(pid, 0) && errno == ESRCH)
		return CTI_ENOENT;
	st->pid = pid;
	st->since = since;
	return 0;
}

CTI_EXTERN int cti_span_r2_get(int32_t channo, struct cti_span_r2 *out)
{
	struct cti__r2_state st;

	if (!out || channo <= 0)
		return CTI_EINVAL;
	memset(out, 0, sizeof(*out));
	if (cti__r2_state_read(channo, &st))
		return CTI_ENOENT;
	out->channo = channo;
	out->pid = st.pid;
	snprintf(out->line, sizeof(out->line), "%s", st.line);
	snprintf(out->direction, sizeof(out->direction), "%s",
		 strcmp(st.dir, "-") ? st.dir : "");
	out->rx_signal = (uint8_t)(st.rx >= 0 && st.rx <= 15 ? st.rx : 0);
	out->tx_signal = (uint8_t)(st.tx >= 0 && st.tx <= 15 ? st.tx : 0);
	snprintf(out->variant, sizeof(out->variant), "%s", st.variant);
	out->since_epoch_ms = (int64_t)st.since * 1000;
	return 0;
}
