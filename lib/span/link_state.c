// SPDX-License-Identifier: LGPL-2.1-or-later
/* The published Q.921 state of DAHDI spans' D channels (link_state.h). */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cti/common.h"
#include "span/link_state.h"

static const char *run_dir(void)
{
	const char *d = getenv("CTI_RUNDIR");

	return d && *d ? d : "/run/cti";
}

static void path_of(int spanno, char *buf, size_t len)
{
	snprintf(buf, len, "%s/span-%d.q921", run_dir(), spanno);
}

int cti__link_state_write(int spanno, const struct cti__link_state *st)
{
	char path[PATH_MAX], tmp[PATH_MAX + 16];
	FILE *f;

	if (mkdir(run_dir(), 0755) && errno != EEXIST)
		return -errno;
	path_of(spanno, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fprintf(f, "pid=%d state=%s side=%s since=%lld calls=0x%x\n",
		(int)st->pid, st->up ? "up" : "down", st->net ? "net" : "cpe",
		(long long)st->since, (unsigned)st->calls);
	if (fclose(f) || rename(tmp, path)) {
		int err = -errno;

		unlink(tmp);
		return err;
	}
	return 0;
}

void cti__link_state_remove(int spanno)
{
	char path[PATH_MAX];
	struct cti__link_state st;

	/* only our own: another process may hold the span by now */
	if (cti__link_state_read(spanno, &st) == 0 && st.pid != getpid())
		return;
	path_of(spanno, path, sizeof(path));
	unlink(path);
}

int cti__link_state_read(int spanno, struct cti__link_state *st)
{
	char path[PATH_MAX], state[8], side[8];
	long long since;
	unsigned calls = 0;
	int pid, n;
	FILE *f;

	path_of(spanno, path, sizeof(path));
	f = fopen(path, "re");
	if (!f)
		return CTI_ENOENT;
	n = fscanf(f, "pid=%d state=%7s side=%7s since=%lld calls=%x", &pid,
		   state, side, &since, &calls);
	fclose(f);
	if (n < 4 || pid <= 0)
		return CTI_ENOENT;
	/* a holder that died without cleaning up publishes nothing */
	if (kill(pid, 0) && errno == ESRCH)
		return CTI_ENOENT;
	st->pid = pid;
	st->up = state[0] == 'u';
	st->net = side[0] == 'n';
	st->since = since;
	st->calls = (uint32_t)calls;
	st->calls_known = n == 5;
	return 0;
}
