// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kill -9 of a recording process mid-call: the partial file is named
 * "interrupted" (a reason, not tampering) both before and after the next
 * recorder recovers it, and its audio is intact up to the last chunk the
 * writer had written: at most one chunk (one second) is lost.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

static void child(int wfd, bool update)
{
	const char *rc[] = { tr.alice_pub };
	struct cti_rec_config cfg = { .signing_key = tr.sign,
				      .recipients = rc,
				      .n_recipients = 1,
				      .sync = CTI_REC_SYNC_CHUNK,
				      .clock_epoch_ms = tr_clock };
	struct cti_rec_meta m = { .call_id = 77, .start_epoch_ms = TR_T0 };
	cti_rec_t *r;
	cti_rec_call_t *c;
	uint64_t pos;

	if (cti_rec_open(&r, tr.rec, &cfg) || cti_rec_start(r, &c, &m))
		_exit(3);
	for (pos = 0;; pos += 160) {
		uint8_t a[160];
		struct cti_rec_frame f = { .pos = pos,
					   .n = 160,
					   .fmt = CTI_PCM_ALAW,
					   .role = CTI_REC_CALLER,
					   .dir = CTI_REC_FROM_PARTY,
					   .samples = a };
		int i;

		for (i = 0; i < 160; i++)
			a[i] = cti_alaw_encode(tr_tone(697, 8000, pos + i));
		if (cti_rec_call_tap(c, &f))
			_exit(4);
		if (update && pos == 8000) {
			strcpy(m.agent, "alice");
			strcpy(m.queue, "trading");
			if (cti_rec_call_update_meta(c, &m))
				_exit(7);
		}
		/* a chunk is sealed (written) once audio two chunks later
		 * arrives: report the sealed count after each seal */
		if ((pos + 160) % 8000 == 160 && pos + 160 > 16000) {
			uint32_t sealed = (uint32_t)((pos + 160) / 8000 - 1);

			if (write(wfd, &sealed, sizeof(sealed)) != 4)
				_exit(5);
		}
		if (pos + 160 > 8000 * 60)
			_exit(6);
	}
}

static void kill9(bool update)
{
	const char *rc[] = { tr.alice_pub };
	int fds[2], st, kinds[24];
	uint32_t sealed = 0, s;
	char vlog[8192];
	pid_t pid;
	int16_t *pcm;
	uint64_t frames, i;
	cti_rec_t *r;
	char cmd[700], path[600];
	FILE *p;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], update);
	}
	close(fds[1]);
	while (sealed < 4 && read(fds[0], &s, 4) == 4)
		sealed = s;
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFSIGNALED(st));
	while (read(fds[0], &s, 4) == 4)
		sealed = s;
	close(fds[0]);

	/* before recovery: a .part, an open entry, no recorder running */
	ck_assert_int_eq(tr_verify(NULL, kinds, vlog, sizeof(vlog)), 1);
	ck_assert_msg(kinds[CTI_REC_INTERRUPTED] == 1, "%s", vlog);
	ck_assert_ptr_nonnull(strstr(vlog, "interrupted"));

	/* the next recorder recovers it */
	r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	cti_rec_close(r);
	ck_assert_int_eq(tr_verify(NULL, kinds, vlog, sizeof(vlog)), 1);
	ck_assert_msg(kinds[CTI_REC_INTERRUPTED] == 1 && kinds[0] == 0, "%s",
		      vlog);
	ck_assert_ptr_nonnull(strstr(vlog, "by a crash"));
	ck_assert_int_eq(tr_verify(tr.alice, kinds, vlog, sizeof(vlog)), 1);
	ck_assert_msg(kinds[CTI_REC_INTERRUPTED] == 1, "%s", vlog);

	snprintf(cmd, sizeof(cmd), "ls %s/2026-12-01/*.ctr", tr.rec);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(fgets(path, sizeof(path), p));
	pclose(p);
	path[strcspn(path, "\n")] = '\0';
	ck_assert_int_eq(tr_decode(path, tr.alice, &pcm, &frames, NULL), 1);
	/* everything reported sealed is there; at most one more chunk */
	ck_assert_uint_ge(frames, (uint64_t)sealed * 8000);
	ck_assert_uint_le(frames, (uint64_t)(sealed + 1) * 8000);
	ck_assert_uint_eq(frames % 8000, 0);
	for (i = 0; i < frames; i++)
		ck_assert_int_eq(pcm[2 * i], cti_alaw_decode(cti_alaw_encode(
						     tr_tone(697, 8000, i))));
	free(pcm);
	if (update) {
		struct cti_rec_file_info in;

		/* the update survived the crash, and the ledger's recovered
		 * close counts it */
		ck_assert_int_eq(cti_rec_file_info(path, &in, NULL, 0), 0);
		ck_assert_str_eq(in.agent, "alice");
		ck_assert_str_eq(in.queue, "trading");
		snprintf(cmd, sizeof(cmd),
			 "grep -c 'status=truncated.* updates=1 meta_chain=' "
			 "%s/ledger/*.log",
			 tr.rec);
		ck_assert_int_eq(system(cmd), 0);
	}
}

START_TEST(kill9_mid_call)
{
	kill9(false);
}
END_TEST

START_TEST(kill9_after_a_metadata_update)
{
	kill9(true);
}
END_TEST

TCase *rec_crash_tcase(void)
{
	TCase *tc = tcase_create("crash");

	tcase_add_checked_fixture(tc, tr_setup, tr_teardown);
	tcase_add_test(tc, kill9_mid_call);
	tcase_add_test(tc, kill9_after_a_metadata_update);
	return tc;
}
