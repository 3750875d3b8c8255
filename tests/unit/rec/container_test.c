// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Recording and reading back: sample-exact round trips, the stereo
 * mapping of legs, truncation recognised at every cut, and the keys:
 * several recipients, a wrong key, the host that cannot decrypt what it
 * wrote, rotation, private key permissions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

static char path[600];

static int noop(void *user, uint64_t pos, const int16_t *frames, uint32_t n,
		uint32_t channels, uint32_t flags)
{
	(void)user;
	(void)pos;
	(void)frames;
	(void)n;
	(void)channels;
	(void)flags;
	return 0;
}

static void full(const char *rel)
{
	snprintf(path, sizeof(path), "%s/%s", tr.rec, rel);
}

START_TEST(roundtrip_stereo_exact)
{
	const char *rc[] = { tr.alice_pub };
	struct cti_rec_file_info in;
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_CHUNK);
	char rel[80];
	int16_t *pcm;
	uint64_t frames, i;
	uint32_t ch;

	tr_record(r, 3.5, rel, sizeof(rel));
	cti_rec_close(r);
	full(rel);
	ck_assert_int_eq(cti_rec_file_info(path, &in, NULL, 0), 0);
	ck_assert_uint_eq(in.chunks, 4);
	ck_assert_uint_eq(in.end_pos, 28000);
	ck_assert(in.complete);
	ck_assert_uint_eq(in.channels, 2);
	ck_assert_uint_eq(in.codec, CTI_REC_ALAW);
	ck_assert_str_eq(in.ani, "13800138000");
	ck_assert_str_eq(in.dnis, "95588");
	ck_assert_str_eq(in.agent, "agent-7");
	ck_assert_str_eq(in.queue, "trading");
	ck_assert_str_eq(in.account, "A-1001");
	ck_assert_uint_eq(in.call_id, 42);
	ck_assert_int_eq(in.start_epoch_ms, TR_T0);
	ck_assert_int_eq(in.retain_until_epoch_ms, TR_T0 + 7305LL * 86400000LL);

	ck_assert_int_eq(tr_decode(path, tr.alice, &pcm, &frames, &ch), 0);
	ck_assert_uint_eq(frames, 28000);
	ck_assert_uint_eq(ch, 2);
	for (i = 0; i < frames; i++) {
		/* exactly what crossed the leg: A-law decoded once */
		ck_assert_int_eq(pcm[2 * i], cti_alaw_decode(cti_alaw_encode(
						     tr_tone(697, 8000, i))));
		ck_assert_int_eq(pcm[2 * i + 1],
				 cti_alaw_decode(cti_alaw_encode(
					 tr_tone(1209, 8000, i))));
	}
	free(pcm);
}
END_TEST

/* Linear frames into a linear recording, mono: the sum of both sides;
 * the agent's legs stand in when the caller's leg gives nothing. */
START_TEST(mono_linear_and_leg_ranks)
{
	const char *rc[] = { tr.alice_pub };
	struct cti_rec_config cfg = { .signing_key = tr.sign,
				      .recipients = rc,
				      .n_recipients = 1,
				      .codec = CTI_REC_S16,
				      .sync = CTI_REC_SYNC_NONE,
				      .clock_epoch_ms = tr_clock };
	struct cti_rec_meta m = { .call_id = 7, .channels = 1 };
	struct cti_rec_info info;
	cti_rec_t *r;
	cti_rec_call_t *c;
	int16_t a[80], b[80], *pcm;
	uint64_t frames, i;
	uint32_t ch;
	char rel[80];

	ck_assert_int_eq(cti_rec_open(&r, tr.rec, &cfg), 0);
	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0);
	for (i = 0; i < 80; i++) {
		a[i] = (int16_t)(i * 100);
		b[i] = (int16_t)(-(int)i * 7);
	}
	/* 0..80: caller's voice + agent's voice (what the caller heard is
	 * absent, so the agent leg's FROM_PARTY is the right side) */
	struct cti_rec_frame f = { .pos = 0,
				   .n = 80,
				   .fmt = CTI_PCM_S16,
				   .role = CTI_REC_CALLER,
				   .dir = CTI_REC_FROM_PARTY,
				   .samples = a };
	ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
	f.role = CTI_REC_AGENT;
	f.samples = b;
	ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
	/* the caller leg's TO_PARTY outranks the agent's voice: b is
	 * replaced by a on the right, not added */
	f.role = CTI_REC_CALLER;
	f.dir = CTI_REC_TO_PARTY;
	f.samples = a;
	ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
	/* and a lower rank arriving later changes nothing */
	f.role = CTI_REC_AGENT;
	f.dir = CTI_REC_FROM_PARTY;
	f.samples = b;
	ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
	ck_assert_int_eq(cti_rec_call_stop(c, &info), 0);
	cti_rec_close(r);
	snprintf(rel, sizeof(rel), "2026-12-01/%s.ctr", info.id);
	full(rel);
	ck_assert_int_eq(tr_decode(path, tr.alice, &pcm, &frames, &ch), 0);
	ck_assert_uint_eq(ch, 1);
	ck_assert_uint_eq(frames, 80);
	for (i = 0; i < 80; i++)
		ck_assert_int_eq(pcm[i], 2 * a[i] > 32767 ? 32767 : 2 * a[i]);
	free(pcm);
}
END_TEST

/* Frames of the two directions out of step, and late ones. */
START_TEST(out_of_step_and_late)
{
	const char *rc[] = { tr.alice_pub };
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	struct cti_rec_meta m = { .call_id = 9 };
	struct cti_rec_info info;
	cti_rec_call_t *c;
	uint8_t x[8000];
	int16_t *pcm;
	uint64_t frames, i;
	char rel[80];

	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0);
	memset(x, 0x2a, sizeof(x));
	struct cti_rec_frame f = { .n = 8000,
				   .fmt = CTI_PCM_ALAW,
				   .role = CTI_REC_CALLER,
				   .samples = x };
	/* left runs a second ahead of right */
	for (i = 0; i < 4; i++) {
		f.dir = CTI_REC_FROM_PARTY;
		f.pos = (i + 1) * 8000;
		ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
		f.dir = CTI_REC_TO_PARTY;
		f.pos = i * 8000;
		ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
	}
	/* chunk 0 is sealed by now: this comes too late */
	f.pos = 0;
	f.n = 100;
	ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
	ck_assert_int_eq(cti_rec_call_stop(c, &info), 0);
	ck_assert_uint_eq(info.late_frames, 100);
	ck_assert_uint_eq(info.end_pos, 40000);
	ck_assert_uint_eq(info.chunks, 5);
	cti_rec_close(r);
	snprintf(rel, sizeof(rel), "2026-12-01/%s.ctr", info.id);
	full(rel);
	ck_assert_int_eq(tr_decode(path, tr.alice, &pcm, &frames, NULL), 0);
	ck_assert_uint_eq(frames, 40000);
	for (i = 0; i < frames; i++) {
		ck_assert_int_eq(pcm[2 * i], i < 8000 ? cti_alaw_decode(0xD5)
						      : cti_alaw_decode(0x2a));
		ck_assert_int_eq(pcm[2 * i + 1],
				 i < 32000 ? cti_alaw_decode(0x2a)
					   : cti_alaw_decode(0xD5));
	}
	free(pcm);
}
END_TEST

/* Frames of one channel far out of order (more holes than the tap's
 * interval bookkeeping holds) and a second caller leg (a conference)
 * over part of them: still exact, and the two legs summed. */
START_TEST(shuffled_frames_and_conference)
{
	const char *rc[] = { tr.alice_pub };
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	struct cti_rec_meta m = { .call_id = 11 };
	struct cti_rec_info info;
	cti_rec_call_t *c;
	uint8_t x[12800], y[160];
	int16_t *pcm;
	uint64_t frames, i;
	char rel[80];
	int order[80], k;

	for (i = 0; i < sizeof(x); i++)
		x[i] = cti_alaw_encode(tr_tone(697, 8000, i));
	memset(y, cti_alaw_encode(1000), sizeof(y));
	for (k = 0; k < 80; k++)
		order[k] = (k * 37) % 80; /* a permutation of 0..79 */
	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0);
	for (k = 0; k < 80; k++) {
		struct cti_rec_frame f = { .pos = (uint64_t)order[k] * 160,
					   .n = 160,
					   .fmt = CTI_PCM_ALAW,
					   .role = CTI_REC_CALLER,
					   .dir = CTI_REC_FROM_PARTY,
					   .samples = x + order[k] * 160 };

		ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
		if (order[k] == 10) {
			f.leg = 2;
			f.samples = y;
			ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
		}
	}
	ck_assert_int_eq(cti_rec_call_stop(c, &info), 0);
	ck_assert_uint_eq(info.late_frames, 0);
	cti_rec_close(r);
	snprintf(rel, sizeof(rel), "2026-12-01/%s.ctr", info.id);
	full(rel);
	ck_assert_int_eq(tr_decode(path, tr.alice, &pcm, &frames, NULL), 0);
	ck_assert_uint_eq(frames, 12800);
	for (i = 0; i < frames; i++) {
		int want = cti_alaw_decode(x[i]);

		if (i >= 1600 && i < 1760)
			want = cti_alaw_decode(cti_alaw_encode(
				(int16_t)(want + cti_alaw_decode(y[0]))));
		ck_assert_int_eq(pcm[2 * i], want);
	}
	free(pcm);
}
END_TEST

/* Cut the file at every 997th byte: each cut is "truncated", delivering
 * exactly the whole chunks before it; only the whole file is complete. */
START_TEST(truncation_recognised)
{
	const char *rc[] = { tr.alice_pub };
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	char rel[80], cut[700];
	uint8_t *buf;
	size_t len, at;
	int16_t *pcm;
	uint64_t frames;

	tr_record(r, 3.0, rel, sizeof(rel));
	cti_rec_close(r);
	full(rel);
	buf = tr_slurp(path, &len);
	snprintf(cut, sizeof(cut), "%s/cut.ctr", tr.dir);
	for (at = 0; at < len; at += 997) {
		struct cti_rec_file_info in;
		int rc2, irc;
		/* header + meta are about 300 bytes; chunks 16,056 */
		size_t hdr = len - 3 * (8 + 24 + 16000 + 48) - (8 + 88);
		size_t whole =
			at < hdr ? 0 : (at - hdr) / (8 + 24 + 16000 + 48);

		tr_spit(cut, buf, at);
		irc = cti_rec_file_info(cut, &in, NULL, 0);
		rc2 = tr_decode(cut, tr.alice, &pcm, &frames, NULL);
		if (at < hdr) {
			ck_assert_int_eq(irc, CTI_EFORMAT);
			ck_assert_int_eq(rc2, CTI_EFORMAT);
		} else {
			ck_assert_int_eq(irc, 0);
			ck_assert(!in.complete);
			ck_assert_uint_eq(in.chunks, whole > 3 ? 3 : whole);
			ck_assert_int_eq(rc2, 1);
			ck_assert_uint_eq(frames,
					  8000 * (whole > 3 ? 3 : whole));
		}
		free(pcm);
		unlink(cut);
	}
	tr_spit(cut, buf, len);
	ck_assert_int_eq(tr_decode(cut, tr.alice, &pcm, &frames, NULL), 0);
	free(pcm);
	free(buf);
}
END_TEST

START_TEST(keys_recipients_wrong_host_rotation)
{
	const char *both[] = { tr.alice_pub, tr.bob_pub };
	const char *only_bob[] = { tr.bob_pub };
	const char *keys[2];
	struct cti_rec_read_config cfg = { .keys = keys };
	char rel1[80], rel2[80], why[300], p1[600];
	cti_rec_t *r;
	int16_t *pcm;
	uint64_t frames;

	r = tr_open(both, 2, CTI_REC_SYNC_NONE);
	tr_record(r, 1.0, rel1, sizeof(rel1));
	cti_rec_close(r);
	full(rel1);
	strcpy(p1, path);
	/* both recipients can read it */
	ck_assert_int_eq(tr_decode(p1, tr.alice, &pcm, &frames, NULL), 0);
	free(pcm);
	ck_assert_int_eq(tr_decode(p1, tr.bob, &pcm, &frames, NULL), 0);
	free(pcm);
	/* Eve cannot, and is told who can */
	keys[0] = tr.eve;
	cfg.n_keys = 1;
	ck_assert_int_eq(cti_rec_read(p1, noop, NULL, why, sizeof(why), &cfg),
			 CTI_EPERM);
	ck_assert_ptr_nonnull(strstr(why, "wrong key"));
	/* the host holds only public keys: they are not keys to read with */
	keys[0] = tr.alice_pub;
	ck_assert_int_eq(cti_rec_read(p1, noop, NULL, why, sizeof(why), &cfg),
			 CTI_EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "private"));
	cfg.n_keys = 0;
	ck_assert_int_eq(cti_rec_read(p1, noop, NULL, why, sizeof(why), &cfg),
			 CTI_EPERM);

	/* rotation: from now on only Bob; nothing old is re-encrypted */
	tr.now += 60000;
	r = tr_open(only_bob, 1, CTI_REC_SYNC_NONE);
	tr_record(r, 1.0, rel2, sizeof(rel2));
	cti_rec_close(r);
	full(rel2);
	ck_assert_int_eq(tr_decode(path, tr.alice, &pcm, &frames, NULL),
			 CTI_EPERM);
	free(pcm);
	ck_assert_int_eq(tr_decode(path, tr.bob, &pcm, &frames, NULL), 0);
	free(pcm);
	ck_assert_int_eq(tr_decode(p1, tr.alice, &pcm, &frames, NULL), 0);
	free(pcm);
	/* Eve and Alice together: the first one that is a recipient wins */
	keys[0] = tr.eve;
	keys[1] = tr.bob;
	cfg.n_keys = 2;
	ck_assert_int_eq(cti_rec_read(path, noop, NULL, why, sizeof(why), &cfg),
			 0);
}
END_TEST

START_TEST(private_key_permissions)
{
	const char *rc[] = { tr.alice_pub };
	struct cti_rec_config cfg = { .signing_key = tr.sign,
				      .recipients = rc,
				      .n_recipients = 1 };
	char id[17];
	uint32_t kind;
	bool priv;
	cti_rec_t *r;
	struct stat sb;

	ck_assert_int_eq(stat(tr.sign, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(cti_rec_key_info(tr.sign, id, &kind, &priv), 0);
	ck_assert_uint_eq(kind, CTI_REC_KEY_SIGNING);
	ck_assert(priv);
	ck_assert_uint_eq(strlen(id), 16);
	ck_assert_int_eq(cti_rec_key_info(tr.alice_pub, NULL, &kind, &priv), 0);
	ck_assert_uint_eq(kind, CTI_REC_KEY_RECIPIENT);
	ck_assert(!priv);
	chmod(tr.sign, 0640);
	ck_assert_int_eq(cti_rec_key_info(tr.sign, id, &kind, &priv),
			 CTI_EACCES);
	ck_assert_int_eq(cti_rec_open(&r, tr.rec, &cfg), CTI_EACCES);
	ck_assert_ptr_null(r);
	chmod(tr.sign, 0600);
	/* never overwritten */
	snprintf(id, sizeof(id), "x");
	char pre[300];
	snprintf(pre, sizeof(pre), "%s/sign", tr.dir);
	ck_assert_int_eq(cti_rec_keygen(pre, CTI_REC_KEY_SIGNING, NULL),
			 CTI_EEXIST);
	/* a recipient key where the signing key belongs */
	cfg.signing_key = tr.alice;
	ck_assert_int_eq(cti_rec_open(&r, tr.rec, &cfg), CTI_EINVAL);
}
END_TEST

START_TEST(one_recorder_per_directory)
{
	const char *rc[] = { tr.alice_pub };
	struct cti_rec_config cfg = { .signing_key = tr.sign,
				      .recipients = rc,
				      .n_recipients = 1 };
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_NONE), *r2;

	ck_assert_int_eq(cti_rec_open(&r2, tr.rec, &cfg), CTI_EBUSY);
	cti_rec_close(r);
	ck_assert_int_eq(cti_rec_open(&r2, tr.rec, &cfg), 0);
	cti_rec_close(r2);
}
END_TEST

START_TEST(bad_arguments)
{
	const char *rc[] = { tr.alice_pub };
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	struct cti_rec_meta m = { 0 };
	cti_rec_call_t *c;
	uint8_t x[10] = { 0 };
	struct cti_rec_frame f = { .n = 10,
				   .samples = x,
				   .fmt = 9,
				   .role = CTI_REC_CALLER,
				   .dir = CTI_REC_FROM_PARTY };

	strcpy(m.ani, "12\n3");
	ck_assert_int_eq(cti_rec_start(r, &c, &m), CTI_EINVAL);
	ck_assert_ptr_null(c);
	m.ani[0] = '\0';
	m.agent[0] = (char)0xc3; /* a lone UTF-8 lead byte */
	ck_assert_int_eq(cti_rec_start(r, &c, &m), CTI_EINVAL);
	strcpy(m.agent, "王伟");
	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0);
	ck_assert_int_eq(cti_rec_call_tap(c, &f), CTI_EINVAL);
	f.fmt = CTI_PCM_ALAW;
	f.role = 0;
	ck_assert_int_eq(cti_rec_call_tap(c, &f), CTI_EINVAL);
	ck_assert_int_eq(cti_rec_call_pause(c, 0, 7), CTI_EINVAL);
	ck_assert_int_eq(cti_rec_call_resume(c, 0), CTI_EALREADY);
	ck_assert_int_eq(cti_rec_call_pause(c, 100, CTI_REC_PAUSE), 0);
	ck_assert_int_eq(cti_rec_call_pause(c, 100, CTI_REC_PAUSE),
			 CTI_EALREADY);
	ck_assert_int_eq(cti_rec_call_resume(c, 50), CTI_ERANGE);
	ck_assert_int_eq(cti_rec_call_resume(c, 150), 0);
	ck_assert_int_eq(cti_rec_call_stop(c, NULL), 0);
	ck_assert_int_eq(cti_rec_call_stop(NULL, NULL), CTI_EINVAL);
	cti_rec_close(r);
	cti_rec_close(NULL);
}
END_TEST

TCase *rec_container_tcase(void)
{
	TCase *tc = tcase_create("container");

	tcase_add_checked_fixture(tc, tr_setup, tr_teardown);
	tcase_add_test(tc, roundtrip_stereo_exact);
	tcase_add_test(tc, mono_linear_and_leg_ranks);
	tcase_add_test(tc, out_of_step_and_late);
	tcase_add_test(tc, shuffled_frames_and_conference);
	tcase_add_test(tc, truncation_recognised);
	tcase_add_test(tc, keys_recipients_wrong_host_rotation);
	tcase_add_test(tc, private_key_permissions);
	tcase_add_test(tc, one_recorder_per_directory);
	tcase_add_test(tc, bad_arguments);
	return tc;
}
