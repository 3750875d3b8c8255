// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * CTI_REC_SYNC_CHUNK's sync thread (lib/rec/flusher.c): every block the
 * writer wrote is fdatasynced once, off the writer's thread; a sync the
 * kernel refuses fails the recording's next chunk with CTI_EIO, and the
 * recording is then not closed as complete.
 */
#include <fcntl.h>
#include <unistd.h>

#include "helpers.h"
#include "rec/rec.h"

/* Tap `frames` samples of caller audio from pos, 20 ms at a time;
 * returns the first error. */
static int tap(cti_rec_call_t *c, uint64_t pos, uint64_t frames)
{
	uint8_t a[160];

	for (uint64_t p = pos; p < pos + frames; p += 160) {
		struct cti_rec_frame f = { .pos = p,
					   .n = 160,
					   .fmt = CTI_PCM_ALAW,
					   .role = CTI_REC_CALLER,
					   .dir = CTI_REC_FROM_PARTY,
					   .samples = a };
		int rc;

		for (int i = 0; i < 160; i++)
			a[i] = cti_alaw_encode(tr_tone(697, 8000, p + i));
		if ((rc = cti_rec_call_tap(c, &f)))
			return rc;
	}
	return 0;
}

START_TEST(test_every_block_synced_once)
{
	const char *rc[] = { tr.alice_pub };
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_CHUNK);
	struct cti_rec_meta m = { .call_id = 1, .start_epoch_ms = TR_T0 };
	struct cti__flusher_stats st;
	struct cti_rec_info info;
	cti_rec_call_t *c;

	ck_assert_ptr_nonnull(r->flusher);
	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0);
	/* 5.5 s at 1 s chunks: 5 whole chunks and a half one at the stop */
	ck_assert_int_eq(tap(c, 0, 44000), 0);
	ck_assert_int_eq(cti_rec_call_stop(c, &info), 0);
	ck_assert_uint_eq(info.chunks, 6);
	cti__flusher_wait(r->flusher);
	cti__flusher_stats(r->flusher, &st);
	/* six audio blocks and the final one, each synced once */
	ck_assert_uint_eq(st.synced, 7);
	ck_assert_uint_eq(st.failed, 0);
	cti_rec_close(r);
}
END_TEST

/* Without SYNC_CHUNK there is no thread: nothing to sync per chunk. */
START_TEST(test_no_thread_without_chunk_sync)
{
	const char *rc[] = { tr.alice_pub };
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_CLOSE);

	ck_assert_ptr_null(r->flusher);
	cti_rec_close(r);
}
END_TEST

START_TEST(test_failed_sync_fails_the_recording)
{
	const char *rc[] = { tr.alice_pub };
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_CHUNK);
	struct cti_rec_meta m = { .call_id = 2, .start_epoch_ms = TR_T0 };
	struct cti__flusher_stats st;
	cti_rec_call_t *c;
	int p[2];

	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0);
	ck_assert_int_eq(tap(c, 0, 24000), 0); /* chunk 0 sealed */
	cti__flusher_wait(r->flusher);
	/* the file's descriptor now names a pipe: writes go through (its
	 * buffer holds a chunk), fdatasync on it is EINVAL, a real refusal
	 * from the kernel as a full or failing disk would give */
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(fcntl(p[1], F_SETPIPE_SZ, 1 << 20) >= 0, 1);
	ck_assert_int_eq(dup2(p[1], c->fd), c->fd);
	ck_assert_int_eq(tap(c, 24000, 8000), 0); /* chunk 1 to the pipe */
	cti__flusher_wait(r->flusher);
	cti__flusher_stats(r->flusher, &st);
	ck_assert_uint_eq(st.failed, 1);
	/* the next chunk is refused, and the recording is not complete */
	ck_assert_int_eq(tap(c, 32000, 8000), CTI_EIO);
	ck_assert_int_ne(cti_rec_call_stop(c, NULL), 0);
	close(p[0]);
	close(p[1]);
	cti_rec_close(r);
}
END_TEST

TCase *rec_flusher_tcase(void);
TCase *rec_flusher_tcase(void)
{
	TCase *tc = tcase_create("flusher");

	tcase_add_checked_fixture(tc, tr_setup, tr_teardown);
	tcase_add_test(tc, test_every_block_synced_once);
	tcase_add_test(tc, test_no_thread_without_chunk_sync);
	tcase_add_test(tc, test_failed_sync_fails_the_recording);
	return tc;
}
