// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ledger: lines as docs/recording.md gives them, the parser's verdict
 * on malformed ones (line and reason), a half-written last line cut at
 * the next start, days chained, signing-key rotation, and purges.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "rec/ledger.h"

START_TEST(format_and_parse)
{
	uint8_t sk[32], pub[32], prev[32], hash[32];
	char line[CTI__LEDGER_LINE_MAX];
	struct cti__ledger l;
	int n;

	memset(sk, 7, 32);
	memset(prev, 0xab, 32);
	ck_assert_int_eq(cti__ed25519_public(sk, pub), 0);
	n = cti__ledger_format(line, 12, 1796115600000LL, "open",
			       "id=00ff file=2026-12-01/x.ctr", prev, sk, hash);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(strncmp(line,
				 "12 1796115600000 open id=00ff "
				 "file=2026-12-01/x.ctr prev=abababab",
				 64),
			 0);
	ck_assert_int_eq(cti__ledger_parse(line, (size_t)n, &l), 0);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_uint_eq(l.bad_line, 0);
	ck_assert_uint_eq(l.e[0].seq, 12);
	ck_assert_int_eq(l.e[0].epoch_ms, 1796115600000LL);
	ck_assert_str_eq(l.e[0].type, "open");
	ck_assert_str_eq(cti__ledger_get(&l.e[0], "id"), "00ff");
	ck_assert_str_eq(cti__ledger_get(&l.e[0], "file"), "2026-12-01/x.ctr");
	ck_assert_mem_eq(l.e[0].prev, prev, 32);
	ck_assert_mem_eq(l.e[0].hash, hash, 32);
	ck_assert_int_eq(cti__ed25519_verify(pub, l.e[0].text,
					     l.e[0].signed_len, l.e[0].sig),
			 0);
	cti__ledger_free(&l);
}
END_TEST

START_TEST(malformed_lines)
{
	static const struct {
		const char *text, *why;
	} cases[] = {
		{ "x 1 open prev=a sig=b\n", "line 1: sequence number" },
		{ "1 y open a=b prev=a sig=b\n", "line 1: time" },
		{ "1 2 Open a=b prev=a sig=b\n", "line 1: type" },
		{ "1 2 open a=b prev=zz sig=b\n", "line 1: prev" },
		{ "1 2 open  a=b\n", "line 1: two spaces" },
		{ "1 2 open\n", "line 1: too few fields" },
		/* 17 key=value pairs: found by tests/fuzz/rec_ledger */
		{ "1 2 open a=1 b=1 c=1 d=1 e=1 f=1 g=1 h=1 i=1 j=1 k=1 l=1 "
		  "m=1 n=1 o=1 p=1 q=1 prev=00000000000000000000000000000000"
		  "00000000000000000000000000000000"
		  " sig=000000000000000000000000000000000000000000000000"
		  "000000000000000000000000000000000000000000000000"
		  "00000000000000000000000000000000\n",
		  "line 1: too many fields" },
	};
	struct cti__ledger l;
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(cti__ledger_parse(cases[i].text,
						   strlen(cases[i].text), &l),
				 0);
		ck_assert_uint_eq(l.bad_line, 1);
		ck_assert_msg(strstr(l.why, cases[i].why), "'%s': %s",
			      cases[i].text, l.why);
		cti__ledger_free(&l);
	}
	ck_assert_int_eq(cti__ledger_parse("1 2 open", 8, &l), 0);
	ck_assert(l.partial_tail);
	ck_assert_uint_eq(l.n, 0);
	cti__ledger_free(&l);
}
END_TEST

/* A crash in the middle of writing a ledger line: the next recorder
 * cuts the half line and chains on from the last whole one. */
START_TEST(half_line_cut)
{
	const char *rc[] = { tr.alice_pub };
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	char path[600];
	int kinds[24];
	char vlog[8192];
	FILE *f;

	tr_record(r, 1.0, NULL, 0);
	cti_rec_close(r);
	snprintf(path, sizeof(path), "%s/ledger/2026-12-01.log", tr.rec);
	f = fopen(path, "a");
	fputs("4 1796115601000 open id=", f);
	fclose(f);
	ck_assert_int_eq(tr_verify(NULL, kinds, vlog, sizeof(vlog)), 1);
	ck_assert_int_eq(kinds[CTI_REC_LEDGER_MALFORMED], 1);
	r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	tr_record(r, 1.0, NULL, 0);
	cti_rec_close(r);
	ck_assert_msg(tr_verify(NULL, kinds, vlog, sizeof(vlog)) == 0, "%s",
		      vlog);
	ck_assert_int_eq(kinds[CTI_REC_OK], 2);
}
END_TEST

/* Recordings over three days: each day's first entry chains to the
 * previous day's last; deleting a middle day's ledger is named. */
START_TEST(days_chained)
{
	const char *rc[] = { tr.alice_pub };
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	char path[600], vlog[8192];
	int kinds[24], d;

	for (d = 0; d < 3; d++) {
		tr_record(r, 1.0, NULL, 0);
		tr.now += 86400000;
	}
	cti_rec_close(r);
	ck_assert_int_eq(tr_verify(NULL, kinds, vlog, sizeof(vlog)), 0);
	ck_assert_int_eq(kinds[CTI_REC_OK], 3);
	snprintf(path, sizeof(path), "%s/ledger/2026-12-02.log", tr.rec);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_gt(tr_verify(NULL, kinds, vlog, sizeof(vlog)), 0);
	ck_assert_msg(kinds[CTI_REC_LEDGER_REMOVED] >= 1, "%s", vlog);
	ck_assert_ptr_nonnull(strstr(vlog, "a day's ledger deleted?"));
	ck_assert_int_eq(kinds[CTI_REC_OK], 2);
}
END_TEST

/* A new signing key: the ledger names it, signed by it; a verifier that
 * trusts both keys is content, one that trusts only the old is not. */
START_TEST(signer_rotation)
{
	const char *rc[] = { tr.alice_pub };
	char pre[300], key2[320], pub2[320], vlog[8192];
	const char *signers[2] = { tr.sign_pub, pub2 };
	struct cti_rec_verify_config vc = { .signers = signers,
					    .n_signers = 2 };
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	int kinds[24];

	tr_record(r, 1.0, NULL, 0);
	cti_rec_close(r);
	snprintf(pre, sizeof(pre), "%s/sign2", tr.dir);
	ck_assert_int_eq(cti_rec_keygen(pre, CTI_REC_KEY_SIGNING, NULL), 0);
	snprintf(key2, sizeof(key2), "%s.key", pre);
	snprintf(pub2, sizeof(pub2), "%s.pub", pre);
	strcpy(tr.sign, key2);
	r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	tr_record(r, 1.0, NULL, 0);
	cti_rec_close(r);
	ck_assert_int_eq(cti_rec_verify(tr.rec, NULL, NULL, &vc), 0);
	ck_assert_int_gt(tr_verify(NULL, kinds, vlog, sizeof(vlog)), 0);
	ck_assert_msg(kinds[CTI_REC_LEDGER_EDITED] >= 1, "%s", vlog);
	ck_assert_ptr_nonnull(strstr(vlog, "not a trusted signer"));
}
END_TEST

static int count(void *user, const struct cti_rec_finding *f)
{
	int *n = user;

	ck_assert_uint_eq(f->problem, CTI_REC_PURGED);
	(*n)++;
	return 0;
}

/* Retention: only expired recordings go, each after a ledger entry;
 * verify then says "purged", not "missing". */
START_TEST(purge_expired_only)
{
	const char *rc[] = { tr.alice_pub };
	struct cti_rec_config cfg = { .signing_key = tr.sign,
				      .recipients = rc,
				      .n_recipients = 1,
				      .sync = CTI_REC_SYNC_NONE,
				      .clock_epoch_ms = tr_clock };
	struct cti_rec_meta m = { .call_id = 1, .retention_days = 30 };
	struct cti_rec_info info;
	cti_rec_t *r;
	cti_rec_call_t *c;
	char vlog[8192];
	int kinds[24], n = 0;

	ck_assert_int_eq(cti_rec_open(&r, tr.rec, &cfg), 0);
	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0); /* 30 days */
	ck_assert_int_eq(cti_rec_call_stop(c, &info), 0);
	tr_record(r, 1.0, NULL, 0); /* 20 years */
	ck_assert_int_eq(
		cti_rec_purge_expired(r, TR_T0 + 29LL * 86400000, count, &n),
		0);
	tr.now = TR_T0 + 31LL * 86400000;
	ck_assert_int_eq(cti_rec_purge_expired(r, tr.now, count, &n), 1);
	ck_assert_int_eq(n, 1);
	cti_rec_close(r);
	ck_assert_msg(tr_verify(NULL, kinds, vlog, sizeof(vlog)) == 0, "%s",
		      vlog);
	ck_assert_int_eq(kinds[CTI_REC_PURGED], 1);
	ck_assert_int_eq(kinds[CTI_REC_OK], 1);
	ck_assert_ptr_nonnull(strstr(vlog, "purged"));
}
END_TEST

TCase *rec_ledger_tcase(void)
{
	TCase *tc = tcase_create("ledger");

	tcase_add_checked_fixture(tc, tr_setup, tr_teardown);
	tcase_add_test(tc, format_and_parse);
	tcase_add_test(tc, malformed_lines);
	tcase_add_test(tc, half_line_cut);
	tcase_add_test(tc, days_chained);
	tcase_add_test(tc, signer_rotation);
	tcase_add_test(tc, purge_expired_only);
	return tc;
}
