// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Tampering, each case detected and named, and named as nothing else:
 * three recordings on one day and one the next, then one change each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "rec/format.h"

static char rel[4][80], p[4][600];
static int kinds[24];
static char vlog[16384];

static void setup(void)
{
	const char *rc[] = { tr.alice_pub };
	cti_rec_t *r;
	int i;

	tr_setup();
	r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	for (i = 0; i < 4; i++) {
		if (i == 3)
			tr.now += 86400000; /* the next day */
		tr_record(r, 3.0, rel[i], sizeof(rel[i]));
		snprintf(p[i], sizeof(p[i]), "%s/%s", tr.rec, rel[i]);
		tr.now += 1000;
	}
	cti_rec_close(r);
}

/* Exactly `n_ok` intact recordings and problems of one kind only. */
static void expect(int kind, int n_ok, const char *key)
{
	int rc = tr_verify(key, kinds, vlog, sizeof(vlog)), k, total = 0;

	for (k = 1; k < 24; k++)
		if (k != CTI_REC_PURGED && k != CTI_REC_IN_PROGRESS &&
		    k != CTI_REC_LEDGER_HEAD)
			total += kinds[k];
	ck_assert_msg(rc == total, "verify returned %d, %d findings:\n%s", rc,
		      total, vlog);
	ck_assert_msg(kinds[CTI_REC_OK] == n_ok, "%d ok, %d expected:\n%s",
		      kinds[CTI_REC_OK], n_ok, vlog);
	for (k = 1; k < 24; k++) {
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

static void flip(const char *path, size_t off, uint8_t mask)
{
	size_t len;
	uint8_t *b = tr_slurp(path, &len);

	ck_assert_uint_lt(off, len);
	b[off] ^= mask;
	tr_spit(path, b, len);
	free(b);
}

/* Offsets of recording 1's chunks. */
static struct cti__rec_parsed parsed;
static uint8_t *buf1;
static size_t len1;

static void parse1(void)
{
	buf1 = tr_slurp(p[1], &len1);
	ck_assert_int_eq(cti__rec_parse(buf1, len1, &parsed), 0);
	ck_assert_uint_eq(parsed.n_chunks, 3);
}

static void done1(void)
{
	cti__rec_parsed_free(&parsed);
	free(buf1);
}

START_TEST(intact)
{
	expect(0, 4, NULL);
	expect(0, 4, tr.alice);
	ck_assert_ptr_nonnull(strstr(vlog, "decrypted and authenticated"));
}
END_TEST

START_TEST(audio_byte)
{
	parse1();
	flip(p[1], parsed.chunks[1].off + 8 + 24 + 5000, 0x10);
	done1();
	expect(CTI_REC_AUDIO_ALTERED, 3, NULL);
	ck_assert_uint_eq(kinds[CTI_REC_AUDIO_ALTERED], 1);
	ck_assert_ptr_nonnull(strstr(vlog, "chunk 1 (t=1.000 s"));
	expect(CTI_REC_AUDIO_ALTERED, 3, tr.alice);
}
END_TEST

START_TEST(header_byte)
{
	/* the start time: magic 8, prefix 8, offset 32 of the body */
	flip(p[1], 8 + 8 + 32, 0x01);
	expect(CTI_REC_HEADER_ALTERED, 3, NULL);
	/* a recipient's key id: found without any key */
	tr_teardown();
	setup();
	flip(p[2], 8 + 8 + 56 + 3, 0x01);
	expect(CTI_REC_HEADER_ALTERED, 3, NULL);
}
END_TEST

START_TEST(meta_byte)
{
	size_t len;
	uint8_t *b = tr_slurp(p[1], &len);
	uint8_t *ani = memmem(b, len, "ani=1380", 8);

	ck_assert_ptr_nonnull(ani);
	ani[5] = '9';
	tr_spit(p[1], b, len);
	free(b);
	expect(CTI_REC_META_ALTERED, 3, NULL);
	expect(CTI_REC_META_ALTERED, 3, tr.alice);
}
END_TEST

static void splice(const char *path, size_t cut_at, size_t cut_len,
		   const uint8_t *ins, size_t ins_len)
{
	size_t len;
	uint8_t *b = tr_slurp(path, &len);
	uint8_t *n = malloc(len - cut_len + ins_len);

	memcpy(n, b, cut_at);
	if (ins_len)
		memcpy(n + cut_at, ins, ins_len);
	memcpy(n + cut_at + ins_len, b + cut_at + cut_len,
	       len - cut_at - cut_len);
	tr_spit(path, n, len - cut_len + ins_len);
	free(n);
	free(b);
}

START_TEST(chunk_removed)
{
	parse1();
	splice(p[1], parsed.chunks[1].off, parsed.chunks[1].len, NULL, 0);
	done1();
	expect(CTI_REC_CHUNK_MISSING, 3, NULL);
	ck_assert_ptr_nonnull(strstr(vlog, "chunk 1 missing"));
}
END_TEST

START_TEST(chunk_duplicated)
{
	parse1();
	splice(p[1], parsed.chunks[2].off, 0, buf1 + parsed.chunks[1].off,
	       parsed.chunks[1].len);
	done1();
	expect(CTI_REC_CHUNK_DUPLICATED, 3, NULL);
	ck_assert_ptr_nonnull(
		strstr(vlog, "chunk 1 (t=1.000 s) is stored twice"));
}
END_TEST

START_TEST(chunks_swapped)
{
	uint8_t *tmp;
	size_t l;

	parse1();
	l = parsed.chunks[1].len;
	tmp = malloc(2 * l);
	memcpy(tmp, buf1 + parsed.chunks[2].off, l);
	memcpy(tmp + l, buf1 + parsed.chunks[1].off, l);
	splice(p[1], parsed.chunks[1].off, 2 * l, tmp, 2 * l);
	free(tmp);
	done1();
	expect(CTI_REC_CHUNK_ORDER, 3, NULL);
	ck_assert_ptr_nonnull(strstr(vlog, "chunk 1 (t=1.000 s) is stored "
					   "after chunk 2"));
}
END_TEST

START_TEST(truncated)
{
	size_t len;
	uint8_t *b = tr_slurp(p[1], &len);

	tr_spit(p[1], b, len - 9000);
	free(b);
	expect(CTI_REC_TRUNCATED, 3, NULL);
	ck_assert_ptr_nonnull(strstr(vlog, "truncated at t=2.000 s"));
}
END_TEST

START_TEST(deleted)
{
	ck_assert_int_eq(unlink(p[1]), 0);
	expect(CTI_REC_MISSING, 3, NULL);
}
END_TEST

START_TEST(replaced)
{
	size_t len;
	uint8_t *b = tr_slurp(p[2], &len);

	tr_spit(p[1], b, len);
	free(b);
	expect(CTI_REC_REPLACED, 3, NULL);
	ck_assert_ptr_nonnull(strstr(vlog, "replaced by another recording"));
}
END_TEST

START_TEST(moved_day)
{
	char to[700];

	snprintf(to, sizeof(to), "%s/%.10s/%s", tr.rec, rel[3], rel[1] + 11);
	ck_assert_int_eq(rename(p[1], to), 0);
	expect(CTI_REC_MOVED, 3, NULL);
	ck_assert_ptr_nonnull(strstr(vlog, "found under 2026-12-02"));
}
END_TEST

static char ledger1[600];
static uint8_t *lb;
static size_t ll;

/* The line of the ledger of day 1 holding `what` and `id`. */
static char *line_of(const char *type, const char *id)
{
	char *s = (char *)lb;

	snprintf(ledger1, sizeof(ledger1), "%s/ledger/2026-12-01.log", tr.rec);
	free(lb);
	lb = tr_slurp(ledger1, &ll);
	lb[ll] = '\0';
	s = (char *)lb;
	while (s && *s) {
		char *nl = strchr(s, '\n');

		if (strstr(s, type) && strstr(s, id) &&
		    (!nl || strstr(s, id) < nl) && strstr(s, type) < nl)
			return s;
		s = nl ? nl + 1 : NULL;
	}
	ck_abort_msg("no %s line for %s", type, id);
	return NULL;
}

START_TEST(ledger_edited)
{
	char id[33], *l, *f;

	snprintf(id, sizeof(id), "%.32s", rel[1] + 11);
	l = line_of(" close ", id);
	f = strstr(l, "frames=");
	f[7] = f[7] == '9' ? '8' : '9';
	tr_spit(ledger1, lb, ll);
	free(lb);
	lb = NULL;
	expect(CTI_REC_LEDGER_EDITED, 4, NULL);
	ck_assert_uint_eq(kinds[CTI_REC_LEDGER_EDITED], 1);
	ck_assert_ptr_nonnull(strstr(vlog, "the entry was edited"));
}
END_TEST

START_TEST(ledger_removed)
{
	char id[33], *l, *nl;

	snprintf(id, sizeof(id), "%.32s", rel[1] + 11);
	l = line_of(" close ", id);
	nl = strchr(l, '\n') + 1;
	memmove(l, nl, ll - (size_t)(nl - (char *)lb));
	ll -= (size_t)(nl - l);
	tr_spit(ledger1, lb, ll);
	free(lb);
	lb = NULL;
	expect(CTI_REC_LEDGER_REMOVED, 3, NULL);
	ck_assert_ptr_nonnull(strstr(vlog, "1 entry removed"));
}
END_TEST

START_TEST(ledger_reordered)
{
	char id[33], *a, *b, *c, tmp[2048];
	size_t la, lbb;

	snprintf(id, sizeof(id), "%.32s", rel[1] + 11);
	a = line_of(" open ", id);
	b = strchr(a, '\n') + 1;
	c = strchr(b, '\n') + 1;
	la = (size_t)(b - a);
	lbb = (size_t)(c - b);
	memcpy(tmp, b, lbb);
	memcpy(tmp + lbb, a, la);
	memcpy(a, tmp, la + lbb);
	tr_spit(ledger1, lb, ll);
	free(lb);
	lb = NULL;
	expect(CTI_REC_LEDGER_ORDER, 4, NULL);
}
END_TEST

START_TEST(wrong_key)
{
	expect(CTI_REC_WRONG_KEY, 0, tr.eve);
	ck_assert_int_eq(kinds[CTI_REC_WRONG_KEY], 4);
	ck_assert_ptr_nonnull(strstr(vlog, "is not a recipient"));
}
END_TEST

START_TEST(scope_day_and_id)
{
	const char *signers[1] = { tr.sign_pub };
	struct cti_rec_verify_config cfg = { .signers = signers,
					     .n_signers = 1,
					     .day = "2026-12-02" };
	char id[33];

	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, &cfg), 0);
	ck_assert_int_eq(unlink(p[1]), 0);
	/* day 2 does not see day 1's loss; day 1 and the id do */
	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, &cfg), 0);
	cfg.day = "2026-12-01";
	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, &cfg), 1);
	cfg.day = NULL;
	snprintf(id, sizeof(id), "%.32s", rel[1] + 11);
	cfg.id = id;
	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, &cfg), 1);
	snprintf(id, sizeof(id), "%.32s", rel[2] + 11);
	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, &cfg), 0);
	/* an untrusted signer: every day's ledger is named */
	signers[0] = tr.alice_pub;
	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, &cfg), CTI_EFORMAT);
}
END_TEST

/* A ledger cut at its end shows only against an anchor kept elsewhere:
 * the head an earlier verify printed. */
START_TEST(anchor_catches_a_cut)
{
	const char *signers[1] = { tr.sign_pub };
	struct cti_rec_verify_config cfg = { .signers = signers,
					     .n_signers = 1 };
	char anchor[100], *a, *nl;
	size_t len;
	uint8_t *b;

	expect(0, 4, NULL);
	a = strstr(vlog, "anchor ");
	ck_assert_ptr_nonnull(a);
	/* the head of the second day: the newest entry */
	a = strstr(a + 1, "anchor ") ? strstr(a + 1, "anchor ") : a;
	snprintf(anchor, sizeof(anchor), "%s", a + 7);
	nl = strchr(anchor, '\n');
	if (nl)
		*nl = '\0';
	cfg.anchor = anchor;
	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, &cfg), 0);
	/* drop the last line of the last day's ledger */
	snprintf(ledger1, sizeof(ledger1), "%s/ledger/2026-12-02.log", tr.rec);
	b = tr_slurp(ledger1, &len);
	ck_assert_uint_gt(len, 2);
	len--;
	while (len && b[len - 1] != '\n')
		len--;
	tr_spit(ledger1, b, len);
	free(b);
	/* the recording whose close went is named, and the anchor too */
	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, NULL), 1);
	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, &cfg), 2);
	/* a crash between rename and close looks the same: the next
	 * recorder writes the missing close; the anchor still sees the
	 * rewritten end */
	{
		const char *rc[] = { tr.alice_pub };
		cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_NONE);

		cti_rec_close(r);
	}
	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, NULL), 0);
	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, &cfg), 1);
	cfg.anchor = "12:zz";
	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, &cfg), 1);
}
END_TEST

static void teardown(void)
{
	free(lb);
	lb = NULL;
	tr_teardown();
}

TCase *rec_verify_tcase(void)
{
	TCase *tc = tcase_create("verify");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, intact);
	tcase_add_test(tc, audio_byte);
	tcase_add_test(tc, header_byte);
	tcase_add_test(tc, meta_byte);
	tcase_add_test(tc, chunk_removed);
	tcase_add_test(tc, chunk_duplicated);
	tcase_add_test(tc, chunks_swapped);
	tcase_add_test(tc, truncated);
	tcase_add_test(tc, deleted);
	tcase_add_test(tc, replaced);
	tcase_add_test(tc, moved_day);
	tcase_add_test(tc, ledger_edited);
	tcase_add_test(tc, ledger_removed);
	tcase_add_test(tc, ledger_reordered);
	tcase_add_test(tc, wrong_key);
	tcase_add_test(tc, scope_day_and_id);
	tcase_add_test(tc, anchor_catches_a_cut);
	return tc;
}
