// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Verifying many recordings (make bench B=rec_verify): REC_VERIFY_N
 * (20,000) short recordings over five days, then cti_rec_verify() over
 * the directory in a child process, whose peak memory (ru_maxrss) and
 * time are printed per recording (docs/recording.md, "Limits").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cti/cti.h"

static int64_t now_ms = 1796115600000LL; /* 2026-12-01T09:00Z */

static int64_t clock_fn(void *user)
{
	(void)user;
	return now_ms;
}

static double wall_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int make_set(const char *dir, int n)
{
	char sign[300], rcpt[300], pre[280], recdir[300];
	const char *rc[1] = { rcpt };
	struct cti_rec_config cfg = { .signing_key = sign,
				      .recipients = rc,
				      .n_recipients = 1,
				      .chunk_ms = 100,
				      .sync = CTI_REC_SYNC_NONE,
				      .clock_epoch_ms = clock_fn };
	uint8_t a[160];
	cti_rec_t *r;

	snprintf(pre, sizeof(pre), "%s/sign", dir);
	cti_rec_keygen(pre, CTI_REC_KEY_SIGNING, NULL);
	snprintf(sign, sizeof(sign), "%s.key", pre);
	snprintf(pre, sizeof(pre), "%s/cco", dir);
	cti_rec_keygen(pre, CTI_REC_KEY_RECIPIENT, NULL);
	snprintf(rcpt, sizeof(rcpt), "%s.pub", pre);
	snprintf(recdir, sizeof(recdir), "%s/rec", dir);
	if (cti_rec_open(&r, recdir, &cfg))
		return -1;
	memset(a, 0xd5, sizeof(a));
	for (int i = 0; i < n; i++) {
		struct cti_rec_meta m = { .call_id = (uint64_t)i + 1 };
		cti_rec_call_t *c;

		strcpy(m.ani, "13800138000");
		strcpy(m.dnis, "95588");
		strcpy(m.agent, "agent-7");
		if (cti_rec_start(r, &c, &m))
			return -1;
		for (uint64_t p = 0; p < 1600; p += 160) {
			struct cti_rec_frame f = { .pos = p,
						   .n = 160,
						   .fmt = CTI_PCM_ALAW,
						   .role = CTI_REC_CALLER,
						   .dir = CTI_REC_FROM_PARTY,
						   .samples = a };

			cti_rec_call_tap(c, &f);
		}
		now_ms += 4 * 86400000LL / n; /* spread over five days */
		if (cti_rec_call_stop(c, NULL))
			return -1;
	}
	cti_rec_close(r);
	return 0;
}

static int count_fn(void *user, const struct cti_rec_finding *f)
{
	(void)f;
	(*(int *)user)++;
	return 0;
}

int main(void)
{
	const char *env = getenv("REC_VERIFY_N");
	int n = env ? atoi(env) : 20000, status, findings = 0;
	char dir[] = "/tmp/cti-rec-verify-bench-XXXXXX", recdir[80], cmd[120];
	char signer[80];
	struct rusage ru;
	double t0, t1;
	pid_t pid;

	if (n <= 0 || !mkdtemp(dir))
		return 1;
	t0 = wall_s();
	if (make_set(dir, n)) {
		fprintf(stderr, "rec_verify: making the set failed\n");
		return 1;
	}
	t1 = wall_s();
	printf("rec verify: %d recordings made in %.1f s\n", n, t1 - t0);
	snprintf(recdir, sizeof(recdir), "%s/rec", dir);
	snprintf(signer, sizeof(signer), "%s/sign.pub", dir);
	t0 = wall_s();
	pid = fork();
	if (pid == 0) {
		const char *signers[1] = { signer };
		struct cti_rec_verify_config vc = { .signers = signers,
						    .n_signers = 1 };
		int rc = cti_rec_verify(recdir, count_fn, &findings, &vc);

		_exit(rc == 0 && findings >= n ? 0 : 1);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
		return 1;
	t1 = wall_s();
	printf("rec verify: %s; %.2f s wall, %.2f s CPU, %.1f us a "
	       "recording; peak memory %ld KB (%.2f KB a recording)\n",
	       WIFEXITED(status) && !WEXITSTATUS(status) ? "all intact"
							: "FAILED",
	       t1 - t0,
	       (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		       (double)ru.ru_stime.tv_sec +
		       (double)ru.ru_stime.tv_usec / 1e6,
	       (t1 - t0) * 1e6 / n, ru.ru_maxrss, (double)ru.ru_maxrss / n);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return 1;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
}
