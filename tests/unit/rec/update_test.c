// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Metadata learnt after the start (docs/recording.md, "Metadata update"):
 * the final metadata is what readers, list and verify show; the audio is
 * untouched by the updates; tampering with an update is named
 * meta-altered and nothing else, with and without the key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "helpers.h"
#include "rec/format.h"

static char path[600];
static int kinds[24];
static char vlog[16384];

static void tap_secs(cti_rec_call_t *c, uint64_t *pos, double secs)
{
	uint64_t end = *pos + (uint64_t)(secs * 8000);

	for (; *pos < end; *pos += 160) {
		uint8_t a[160], b[160];
		struct cti_rec_frame f = { .pos = *pos,
					   .n = 160,
					   .fmt = CTI_PCM_ALAW };

		for (int i = 0; i < 160; i++) {
			a[i] = cti_alaw_encode(tr_tone(697, 8000, *pos + i));
			b[i] = cti_alaw_encode(tr_tone(1209, 8000, *pos + i));
		}
		f.role = CTI_REC_CALLER;
		f.dir = CTI_REC_FROM_PARTY;
		f.samples = a;
		ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
		f.dir = CTI_REC_TO_PARTY;
		f.samples = b;
		ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
	}
}

/* A call: the flow (no agent, no queue), queue sales, alice, then bob. */
static void setup(void)
{
	const char *rc[] = { tr.alice_pub };
	struct cti_rec_meta m = { .call_id = 77, .start_epoch_ms = TR_T0 };
	struct cti_rec_info info;
	cti_rec_call_t *c;
	cti_rec_t *r;
	uint64_t pos = 0;
	char day[16];

	tr_setup();
	r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	strcpy(m.ani, "13800138000");
	strcpy(m.dnis, "95588");
	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0);
	tap_secs(c, &pos, 1.5);
	strcpy(m.queue, "sales");
	strcpy(m.agent, "alice");
	ck_assert_int_eq(cti_rec_call_update_meta(c, &m), 0);
	tap_secs(c, &pos, 2.0);
	strcpy(m.agent, "alice,bob");
	m.call_id = 999;	  /* fixed at the start: ignored */
	m.retention_days = 1; /* likewise */
	ck_assert_int_eq(cti_rec_call_update_meta(c, &m), 0);
	ck_assert_int_eq(cti_rec_call_meta(c, &m), 0);
	ck_assert_uint_eq(m.call_id, 77);
	ck_assert_str_eq(m.agent, "alice,bob");
	tap_secs(c, &pos, 1.0);
	tr.now += 4500;
	ck_assert_int_eq(cti_rec_call_stop(c, &info), 0);
	cti_rec_close(r);
	{
		time_t t = (time_t)(TR_T0 / 1000);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	}
	snprintf(path, sizeof(path), "%s/%s/%s.ctr", tr.rec, day, info.id);
}

static void teardown(void)
{
	tr_teardown();
}

/* Exactly n_ok intact recordings, and problems of `kind` only. */
static void expect(int kind, int n_ok, const char *key)
{
	int rc = tr_verify(key, kinds, vlog, sizeof(vlog)), total = 0;

	for (int k = 1; k < 24; k++)
		if (k != CTI_REC_PURGED && k != CTI_REC_IN_PROGRESS &&
		    k != CTI_REC_LEDGER_HEAD)
			total += kinds[k];
	ck_assert_msg(rc == total, "verify returned %d, %d findings:\n%s", rc,
		      total, vlog);
	ck_assert_msg(kinds[CTI_REC_OK] == n_ok, "%d ok:\n%s",
		      kinds[CTI_REC_OK], vlog);
	for (int k = 1; k < 24; k++) {
		if (k == CTI_REC_LEDGER_HEAD)
			continue;
		if (k == kind)
			ck_assert_msg(kinds[k] > 0, "no %s:\n%s",
				      cti_rec_problem_name(k), vlog);
		else
			ck_assert_msg(kinds[k] == 0, "%s reported:\n%s",
				      cti_rec_problem_name(k), vlog);
	}
}

/* Offset and length of the n-th block of `type` (0-based). */
static size_t block_at(const uint8_t *b, size_t len, uint8_t type, int n,
		       size_t *blen)
{
	size_t off = CTI__REC_MAGIC_LEN;

	while (off + CTI__REC_PREFIX <= len) {
		size_t l = CTI__REC_PREFIX + cti__get32(b + off + 4);

		if (b[off] == type && n-- == 0) {
			*blen = l;
			return off;
		}
		off += l;
	}
	ck_abort_msg("no block %u", type);
	return 0;
}

static int list_fn(void *user, const char *rel,
		   const struct cti_rec_file_info *in)
{
	struct cti_rec_file_info *out = user;

	(void)rel;
	*out = *in;
	return 0;
}

START_TEST(final_metadata_read_and_listed)
{
	struct cti_rec_file_info in;
	struct cti_rec_filter f = { .agent = "bob" };
	char why[256];
	int16_t *pcm;
	uint64_t frames;
	uint32_t ch;

	ck_assert_int_eq(cti_rec_file_info(path, &in, why, sizeof(why)), 0);
	ck_assert_str_eq(in.agent, "alice,bob");
	ck_assert_str_eq(in.queue, "sales");
	ck_assert_uint_eq(in.call_id, 77);
	/* retention from the start's metadata: 20 years */
	ck_assert_int_eq(in.retain_until_epoch_ms,
			 TR_T0 + 7305LL * 86400000LL);
	ck_assert_int_eq(cti_rec_list(tr.rec, &f, list_fn, &in), 1);
	f.agent = "alice";
	ck_assert_int_eq(cti_rec_list(tr.rec, &f, list_fn, &in), 1);
	f.agent = "ali"; /* a whole name, not a prefix */
	ck_assert_int_eq(cti_rec_list(tr.rec, &f, list_fn, &in), 0);
	f.agent = NULL;
	f.queue = "sales";
	ck_assert_int_eq(cti_rec_list(tr.rec, &f, list_fn, &in), 1);
	/* the audio: 4.5 s of both tones, sample for sample */
	ck_assert_int_eq(tr_decode(path, tr.alice, &pcm, &frames, &ch), 0);
	ck_assert_uint_eq(frames, 36000);
	for (uint64_t i = 0; i < frames; i++) {
		ck_assert_int_eq(pcm[2 * i],
				 cti_alaw_decode(cti_alaw_encode(
					 tr_tone(697, 8000, i))));
		ck_assert_int_eq(pcm[2 * i + 1],
				 cti_alaw_decode(cti_alaw_encode(
					 tr_tone(1209, 8000, i))));
	}
	free(pcm);
	expect(0, 1, NULL);
	expect(0, 1, tr.alice);
}
END_TEST

START_TEST(update_text_altered)
{
	size_t len, bl, off;
	uint8_t *b = tr_slurp(path, &len);
	char *p;

	off = block_at(b, len, CTI__BLK_META_UPDATE, 1, &bl);
	p = memmem(b + off, bl, "alice,bob", 9);
	ck_assert_ptr_nonnull(p);
	p[8] = 'x'; /* "alice,box": still well-formed text */
	tr_spit(path, b, len);
	free(b);
	expect(CTI_REC_META_ALTERED, 0, NULL);
	ck_assert_ptr_nonnull(strstr(vlog, "metadata update 1"));
	expect(CTI_REC_META_ALTERED, 0, tr.alice);
}
END_TEST

START_TEST(update_removed)
{
	size_t len, bl, off;
	uint8_t *b = tr_slurp(path, &len);

	off = block_at(b, len, CTI__BLK_META_UPDATE, 0, &bl);
	memmove(b + off, b + off + bl, len - off - bl);
	tr_spit(path, b, len - bl);
	free(b);
	expect(CTI_REC_META_ALTERED, 0, NULL);
	ck_assert_ptr_nonnull(strstr(vlog, "update 1"));
	expect(CTI_REC_META_ALTERED, 0, tr.alice);
}
END_TEST

START_TEST(last_update_removed)
{
	size_t len, bl, off;
	uint8_t *b = tr_slurp(path, &len);

	off = block_at(b, len, CTI__BLK_META_UPDATE, 1, &bl);
	memmove(b + off, b + off + bl, len - off - bl);
	tr_spit(path, b, len - bl);
	free(b);
	expect(CTI_REC_META_ALTERED, 0, NULL);
	ck_assert_ptr_nonnull(strstr(vlog, "counts 2 metadata updates"));
}
END_TEST

START_TEST(update_moved)
{
	/* the second update stored one chunk earlier: its "after" field no
	 * longer matches where it is */
	size_t len, bl, off, cl, coff;
	uint8_t *b = tr_slurp(path, &len), *tmp;

	off = block_at(b, len, CTI__BLK_META_UPDATE, 1, &bl);
	coff = off;
	/* the audio chunk right before it */
	{
		size_t o = CTI__REC_MAGIC_LEN, prev = 0;

		while (o < off) {
			prev = o;
			o += CTI__REC_PREFIX + cti__get32(b + o + 4);
		}
		coff = prev;
		cl = off - prev;
	}
	ck_assert_uint_eq(b[coff], CTI__BLK_AUDIO);
	tmp = malloc(bl);
	memcpy(tmp, b + off, bl);
	memmove(b + coff + bl, b + coff, cl);
	memcpy(b + coff, tmp, bl);
	free(tmp);
	tr_spit(path, b, len);
	free(b);
	expect(CTI_REC_META_ALTERED, 0, NULL);
	ck_assert_ptr_nonnull(strstr(vlog, "moved"));
}
END_TEST

START_TEST(modes_under_umask_022)
{
	const char *rc[] = { tr.alice_pub };
	char pre[400], f[500], rel[80];
	struct stat st;
	mode_t old = umask(022);
	cti_rec_t *r;

	snprintf(pre, sizeof(pre), "%s/carol", tr.dir);
	ck_assert_int_eq(cti_rec_keygen(pre, CTI_REC_KEY_RECIPIENT, NULL), 0);
	snprintf(f, sizeof(f), "%s.key", pre);
	ck_assert_int_eq(stat(f, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	snprintf(pre, sizeof(pre), "%s/signer2", tr.dir);
	ck_assert_int_eq(cti_rec_keygen(pre, CTI_REC_KEY_SIGNING, NULL), 0);
	snprintf(f, sizeof(f), "%s.key", pre);
	ck_assert_int_eq(stat(f, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	tr_record(r, 1.0, rel, sizeof(rel));
	cti_rec_close(r);
	snprintf(f, sizeof(f), "%s/%s", tr.rec, rel);
	ck_assert_int_eq(stat(f, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	/* the setup's recording too */
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	umask(old);
}
END_TEST

TCase *rec_update_tcase(void)
{
	TCase *tc = tcase_create("metadata-update");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, final_metadata_read_and_listed);
	tcase_add_test(tc, update_text_altered);
	tcase_add_test(tc, update_removed);
	tcase_add_test(tc, last_update_removed);
	tcase_add_test(tc, update_moved);
	tcase_add_test(tc, modes_under_umask_022);
	return tc;
}
