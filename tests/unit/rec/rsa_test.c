// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * RSA-OAEP recipients beside X25519 (docs/recording.md, "Key wrapping
 * (algorithm 2)"): cti-rec's keys make 3072-bit pairs, 0600 under umask
 * 022; a recording wrapped for an RSA and an X25519 recipient reads with
 * either; smaller keys are refused; and, independently of lib/rec, the
 * OpenSSL command line (openssl pkeyutl -decrypt, RFC 8017 OAEP with
 * SHA-256, MGF1-SHA-256 and the recording's label) unwraps the data key,
 * which then authenticates the first chunk under AES-256-GCM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "helpers.h"
#include "rec/crypto.h"
#include "rec/format.h"

static char rsa_key[400], rsa_pub[400], path[700];

static void setup(void)
{
	char pre[350], id[CTI_REC_KEYID_LEN + 1], rel[80];
	const char *rc[2];
	struct stat st;
	mode_t old;
	cti_rec_t *r;

	tr_setup();
	snprintf(pre, sizeof(pre), "%s/officer", tr.dir);
	old = umask(022);
	ck_assert_int_eq(cti_rec_keygen(pre, CTI_REC_KEY_RECIPIENT_RSA, id), 0);
	umask(old);
	snprintf(rsa_key, sizeof(rsa_key), "%s.key", pre);
	snprintf(rsa_pub, sizeof(rsa_pub), "%s.pub", pre);
	ck_assert_int_eq(stat(rsa_key, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	rc[0] = rsa_pub;
	rc[1] = tr.alice_pub;
	r = tr_open(rc, 2, CTI_REC_SYNC_NONE);
	tr_record(r, 2.0, rel, sizeof(rel));
	cti_rec_close(r);
	snprintf(path, sizeof(path), "%s/%s", tr.rec, rel);
}

static void teardown(void)
{
	tr_teardown();
}

START_TEST(key_info_and_size)
{
	char id[CTI_REC_KEYID_LEN + 1], id2[CTI_REC_KEYID_LEN + 1];
	uint32_t kind;
	bool priv;

	ck_assert_int_eq(cti_rec_key_info(rsa_key, id, &kind, &priv), 0);
	ck_assert_uint_eq(kind, CTI_REC_KEY_RECIPIENT_RSA);
	ck_assert(priv);
	ck_assert_int_eq(cti_rec_key_info(rsa_pub, id2, &kind, &priv), 0);
	ck_assert(!priv);
	ck_assert_str_eq(id, id2);
	/* the key id: SHA-256 of the DER SubjectPublicKeyInfo, 8 bytes, as
	 * the openssl command line computes it */
	{
		char cmd[900], out[200] = "";
		FILE *f;

		snprintf(cmd, sizeof(cmd),
			 "openssl pkey -pubin -in %s -outform DER | "
			 "openssl dgst -sha256 -r",
			 rsa_pub);
		f = popen(cmd, "r");
		ck_assert_ptr_nonnull(f);
		ck_assert_ptr_nonnull(fgets(out, sizeof(out), f));
		pclose(f);
		ck_assert_msg(!strncmp(out, id, 16), "%s vs %s", out, id);
	}
}
END_TEST

START_TEST(either_recipient_reads)
{
	struct cti_rec_file_info in;
	int16_t *a, *b;
	uint64_t na, nb;
	uint32_t ch;

	ck_assert_int_eq(cti_rec_file_info(path, &in, NULL, 0), 0);
	ck_assert_uint_eq(in.n_recipients, 2);
	ck_assert_int_eq(tr_decode(path, rsa_key, &a, &na, &ch), 0);
	ck_assert_int_eq(tr_decode(path, tr.alice, &b, &nb, &ch), 0);
	ck_assert_uint_eq(na, 16000);
	ck_assert_uint_eq(na, nb);
	ck_assert(!memcmp(a, b, na * ch * sizeof(*a)));
	for (uint64_t i = 0; i < na; i++)
		ck_assert_int_eq(a[2 * i], cti_alaw_decode(cti_alaw_encode(
						   tr_tone(697, 8000, i))));
	free(a);
	free(b);
	/* nobody else */
	ck_assert_int_eq(tr_decode(path, tr.eve, &a, &na, &ch), CTI_EPERM);
	{
		int kinds[24];
		char log[4096];

		ck_assert_int_eq(tr_verify(rsa_key, kinds, log, sizeof(log)), 0);
		ck_assert_int_eq(kinds[CTI_REC_OK], 1);
	}
}
END_TEST

START_TEST(small_rsa_key_refused)
{
	char cmd[2000], pre[400], why[256];
	const char *rc[1];
	struct cti_rec_config cfg = { .signing_key = tr.sign,
				      .n_recipients = 1,
				      .sync = CTI_REC_SYNC_NONE };
	cti_rec_t *r;
	uint32_t kind;
	bool priv;

	snprintf(pre, sizeof(pre), "%s/small", tr.dir);
	snprintf(cmd, sizeof(cmd),
		 "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 "
		 "-out %s.key 2>/dev/null && chmod 600 %s.key && "
		 "openssl pkey -in %s.key -pubout -out %s.pub",
		 pre, pre, pre, pre);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s.pub", pre);
	ck_assert_int_eq(cti_rec_key_info(cmd, NULL, &kind, &priv),
			 CTI_EFORMAT);
	rc[0] = cmd;
	cfg.recipients = rc;
	ck_assert_int_eq(cti_rec_open(&r, tr.rec, &cfg), CTI_EFORMAT);
	(void)why;
}
END_TEST

START_TEST(openssl_command_line_unwraps)
{
	size_t len, off, n;
	uint8_t *b = tr_slurp(path, &len), dk[64], lab[32];
	char ctp[800], cmd[2400], pt_path[800];
	const uint8_t *body = b + CTI__REC_MAGIC_LEN + CTI__REC_PREFIX;
	unsigned R = cti__get16(body + 48), L;
	struct cti__rec_parsed p;
	struct cti__gcm g = { 0 };
	uint8_t *pt;
	FILE *f;

	ck_assert_uint_eq(R, 2);
	/* recipient 0 is the RSA one: algorithm 2, its ciphertext after the
	 * table */
	ck_assert_uint_eq(body[56 + 88], CTI__WRAP_ALG_RSA_OAEP);
	L = cti__get16(body + 56 + 90);
	ck_assert_uint_eq(L, 384); /* 3072 bits */
	off = 56 + 96 * R;
	snprintf(ctp, sizeof(ctp), "%s/wrapped.bin", tr.dir);
	tr_spit(ctp, body + off, L);
	n = cti__rsa_label(body + 16, lab);
	ck_assert_uint_eq(n, 31);
	{
		char lh[80];

		for (size_t i = 0; i < n; i++)
			snprintf(lh + 2 * i, 3, "%02x", lab[i]);
		snprintf(pt_path, sizeof(pt_path), "%s/dk.bin", tr.dir);
		snprintf(cmd, sizeof(cmd),
			 "openssl pkeyutl -decrypt -inkey %s -in %s -out %s "
			 "-pkeyopt rsa_padding_mode:oaep "
			 "-pkeyopt rsa_oaep_md:sha256 "
			 "-pkeyopt rsa_mgf1_md:sha256 "
			 "-pkeyopt rsa_oaep_label:%s",
			 rsa_key, ctp, pt_path, lh);
	}
	ck_assert_int_eq(system(cmd), 0);
	f = fopen(pt_path, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(dk, 1, sizeof(dk), f), 32);
	fclose(f);
	/* that key authenticates and decrypts chunk 0 and the final */
	ck_assert_int_eq(cti__rec_parse(b, len, &p), 0);
	ck_assert_uint_gt(p.n_chunks, 0);
	ck_assert_int_eq(cti__gcm_init(&g, dk), 0);
	pt = malloc(80000 * 4);
	{
		const uint8_t *blk = b + p.chunks[0].off;
		size_t body_len = cti__get32(blk + 4);
		size_t ct_len = body_len - CTI__AUDIO_FIXED - CTI__GCM_TAG -
				CTI__SHA256_LEN;
		uint8_t nonce[12], aad[64];
		size_t al;

		cti__chunk_nonce(nonce, 0, CTI__BLK_AUDIO);
		al = cti__chunk_aad(aad, p.hdr.rec_id, blk, CTI__AUDIO_FIXED);
		ck_assert_int_eq(cti__gcm_open(&g, nonce, aad, al,
					       blk + 8 + CTI__AUDIO_FIXED,
					       ct_len,
					       blk + 8 + CTI__AUDIO_FIXED +
						       ct_len,
					       pt),
				 0);
		/* left channel, sample 1: A-law of the 697 Hz tone */
		ck_assert_uint_eq(pt[2], cti_alaw_encode(tr_tone(697, 8000, 1)));
	}
	/* a flipped bit of the wrapped key: openssl refuses it */
	{
		uint8_t *w = malloc(L);

		memcpy(w, body + off, L);
		w[100] ^= 1;
		tr_spit(ctp, w, L);
		free(w);
		strcat(cmd, " 2>/dev/null");
		ck_assert_int_ne(system(cmd), 0);
	}
	free(pt);
	cti__gcm_free(&g);
	cti__rec_parsed_free(&p);
	free(b);
}
END_TEST

TCase *rec_rsa_tcase(void)
{
	TCase *tc = tcase_create("rsa-oaep");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, key_info_and_size);
	tcase_add_test(tc, either_recipient_reads);
	tcase_add_test(tc, small_rsa_key_refused);
	tcase_add_test(tc, openssl_command_line_unwraps);
	return tc;
}
