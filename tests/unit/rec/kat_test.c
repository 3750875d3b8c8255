// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Known-answer tests of every cryptographic primitive lib/rec uses,
 * through the wrappers it uses them by (lib/rec/crypto.c).
 */
#include <string.h>

#include "rec/crypto.h"
#include "rec/format.h"
#include "unit.h"

static void unhex(uint8_t *out, const char *s)
{
	size_t n = strlen(s) / 2;

	ck_assert_int_eq(cti__unhex(out, s, n), 0);
}

#define CK_HEX(buf, n, want)                  \
	do {                                  \
		char h_[2 * (n) + 1];         \
		cti__hex(h_, (buf), (n));     \
		ck_assert_str_eq(h_, (want)); \
	} while (0)

/* FIPS 180-2 Appendix B.1 (one block, "abc") and B.2 (two blocks). */
START_TEST(sha256_fips180)
{
	uint8_t h[32];
	struct cti__sha256 s;

	cti__sha256("abc", 3, h);
	CK_HEX(h, 32,
	       "ba7816bf8f01cfea414140de5dae2223"
	       "b00361a396177a9cb410ff61f20015ad");
	ck_assert_int_eq(cti__sha256_init(&s), 0);
	cti__sha256_update(&s, "abcdbcdecdefdefgefghfghighij", 28);
	cti__sha256_update(&s, "hijkijkljklmklmnlmnomnopnopq", 28);
	cti__sha256_final(&s, h);
	cti__sha256_free(&s);
	CK_HEX(h, 32,
	       "248d6a61d20638b8e5c026930c3e6039"
	       "a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

/*
 * AES-256-GCM: the GCM specification's test cases (McGrew and Viega,
 * "The Galois/Counter Mode of Operation", test cases 13 to 16, the
 * 256-bit-key cases also used by NIST SP 800-38D's validation).
 */
START_TEST(gcm_tc13_14)
{
	uint8_t key[32] = { 0 }, iv[12] = { 0 }, pt[16] = { 0 }, ct[16];
	uint8_t tag[16], back[16];
	struct cti__gcm g;

	ck_assert_int_eq(cti__gcm_init(&g, key), 0);
	/* test case 13: empty plaintext, no AAD */
	ck_assert_int_eq(cti__gcm_seal(&g, iv, NULL, 0, NULL, 0, ct, tag), 0);
	CK_HEX(tag, 16, "530f8afbc74536b9a963b4f1c4cb738b");
	/* test case 14: one zero block */
	ck_assert_int_eq(cti__gcm_seal(&g, iv, NULL, 0, pt, 16, ct, tag), 0);
	CK_HEX(ct, 16, "cea7403d4d606b6e074ec5d3baf39d18");
	CK_HEX(tag, 16, "d0d1c8a799996bf0265b98b5d48ab919");
	ck_assert_int_eq(cti__gcm_open(&g, iv, NULL, 0, ct, 16, tag, back), 0);
	ck_assert_mem_eq(back, pt, 16);
	cti__gcm_free(&g);
}
END_TEST

static const char tc15_key[] =
	"feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
static const char tc15_iv[] = "cafebabefacedbaddecaf888";
static const char tc15_pt[] =
	"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
static const char tc15_ct[] =
	"522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	"8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";

START_TEST(gcm_tc15)
{
	uint8_t key[32], iv[12], pt[64], ct[64], tag[16], back[64];
	struct cti__gcm g;

	unhex(key, tc15_key);
	unhex(iv, tc15_iv);
	unhex(pt, tc15_pt);
	ck_assert_int_eq(cti__gcm_init(&g, key), 0);
	ck_assert_int_eq(cti__gcm_seal(&g, iv, NULL, 0, pt, 64, ct, tag), 0);
	CK_HEX(ct, 64, tc15_ct);
	CK_HEX(tag, 16, "b094dac5d93471bdec1a502270e3cc6c");
	ck_assert_int_eq(cti__gcm_open(&g, iv, NULL, 0, ct, 64, tag, back), 0);
	ck_assert_mem_eq(back, pt, 64);
	cti__gcm_free(&g);
}
END_TEST

/* Test case 16: 60 bytes of plaintext and 20 of AAD; then the same
 * sealed box with one bit changed in each of ciphertext, AAD and tag. */
START_TEST(gcm_tc16_and_forgeries)
{
	uint8_t key[32], iv[12], pt[64], ct[60], tag[16], back[60], aad[20];
	struct cti__gcm g;

	unhex(key, tc15_key);
	unhex(iv, tc15_iv);
	unhex(pt, tc15_pt);
	unhex(aad, "feedfacedeadbeeffeedfacedeadbeefabaddad2");
	ck_assert_int_eq(cti__gcm_init(&g, key), 0);
	ck_assert_int_eq(cti__gcm_seal(&g, iv, aad, 20, pt, 60, ct, tag), 0);
	CK_HEX(ct, 60,
	       "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	       "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662");
	CK_HEX(tag, 16, "76fc6ece0f4e1768cddf8853bb2d551b");
	ct[7] ^= 1;
	ck_assert_int_eq(cti__gcm_open(&g, iv, aad, 20, ct, 60, tag, back),
			 CTI_EBADMSG);
	ct[7] ^= 1;
	aad[19] ^= 0x80;
	ck_assert_int_eq(cti__gcm_open(&g, iv, aad, 20, ct, 60, tag, back),
			 CTI_EBADMSG);
	aad[19] ^= 0x80;
	tag[0] ^= 1;
	ck_assert_int_eq(cti__gcm_open(&g, iv, aad, 20, ct, 60, tag, back),
			 CTI_EBADMSG);
	tag[0] ^= 1;
	ck_assert_int_eq(cti__gcm_open(&g, iv, aad, 20, ct, 60, tag, back), 0);
	ck_assert_mem_eq(back, pt, 60);
	cti__gcm_free(&g);
}
END_TEST

/* RFC 5869 Appendix A.1 (basic test case with SHA-256). */
START_TEST(hkdf_rfc5869)
{
	uint8_t ikm[22], salt[13], info[10], okm[42];

	memset(ikm, 0x0b, sizeof(ikm));
	unhex(salt, "000102030405060708090a0b0c");
	unhex(info, "f0f1f2f3f4f5f6f7f8f9");
	ck_assert_int_eq(cti__hkdf_sha256(ikm, 22, salt, 13, info, 10, okm, 42),
			 0);
	CK_HEX(okm, 42,
	       "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
	       "34007208d5b887185865");
}
END_TEST

/* RFC 7748 section 6.1: Alice and Bob's keys and their shared secret. */
START_TEST(x25519_rfc7748)
{
	uint8_t a[32], b[32], pub[32], k1[32], k2[32], zero[32] = { 0 };

	unhex(a,
	      "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
	unhex(b,
	      "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
	ck_assert_int_eq(cti__x25519_public(a, pub), 0);
	CK_HEX(pub, 32,
	       "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
	ck_assert_int_eq(cti__x25519(b, pub, k2), 0);
	ck_assert_int_eq(cti__x25519_public(b, pub), 0);
	CK_HEX(pub, 32,
	       "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
	ck_assert_int_eq(cti__x25519(a, pub, k1), 0);
	CK_HEX(k1, 32,
	       "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
	ck_assert_mem_eq(k1, k2, 32);
	/* a low-order point (zero) gives an all-zero secret: refused */
	ck_assert_int_eq(cti__x25519(a, zero, k1), CTI_EIO);
}
END_TEST

/* RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte). */
START_TEST(ed25519_rfc8032)
{
	uint8_t sk[32], pub[32], sig[64], msg = 0x72;

	unhex(sk,
	      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
	ck_assert_int_eq(cti__ed25519_public(sk, pub), 0);
	CK_HEX(pub, 32,
	       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
	ck_assert_int_eq(cti__ed25519_sign(sk, "", 0, sig), 0);
	CK_HEX(sig, 64,
	       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	       "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
	ck_assert_int_eq(cti__ed25519_verify(pub, "", 0, sig), 0);

	unhex(sk,
	      "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
	ck_assert_int_eq(cti__ed25519_public(sk, pub), 0);
	CK_HEX(pub, 32,
	       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
	ck_assert_int_eq(cti__ed25519_sign(sk, &msg, 1, sig), 0);
	CK_HEX(sig, 64,
	       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	       "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
	ck_assert_int_eq(cti__ed25519_verify(pub, &msg, 1, sig), 0);
	msg ^= 1;
	ck_assert_int_eq(cti__ed25519_verify(pub, &msg, 1, sig), CTI_EBADMSG);
	msg ^= 1;
	sig[63] ^= 0x40;
	ck_assert_int_eq(cti__ed25519_verify(pub, &msg, 1, sig), CTI_EBADMSG);
}
END_TEST

/*
 * Key wrapping (docs/recording.md, "Key wrapping"): recomputed here from
 * the RFC 7748 keys step by step with the primitives above, so the
 * construction the document specifies is the one the code runs; the
 * recipient is Bob, the ephemeral scalar Alice's.
 */
START_TEST(wrap_construction)
{
	uint8_t a[32], bpriv[32], bpub[32], rec_id[16], dk[32], z[32];
	uint8_t salt[64], info[15 + 16], kek[32], nonce[12] = { 0 }, ct[32];
	uint8_t tag[16], back[32], id[8];
	struct cti__wrap w;
	struct cti__gcm g;
	unsigned i;

	unhex(a,
	      "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
	unhex(bpriv,
	      "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
	unhex(bpub,
	      "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
	for (i = 0; i < 16; i++)
		rec_id[i] = (uint8_t)i;
	for (i = 0; i < 32; i++)
		dk[i] = (uint8_t)(0xa0 + i);
	ck_assert_int_eq(cti__wrap_key(bpub, rec_id, dk, a, &w), 0);

	/* E = Alice's public key; Z = the RFC's shared secret */
	CK_HEX(w.eph, 32,
	       "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
	ck_assert_int_eq(cti__x25519(a, bpub, z), 0);
	CK_HEX(z, 32,
	       "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
	memcpy(salt, w.eph, 32);
	memcpy(salt + 32, bpub, 32);
	memcpy(info, "cti-rec v1 wrap", 15);
	memcpy(info + 15, rec_id, 16);
	ck_assert_int_eq(cti__hkdf_sha256(z, 32, salt, 64, info, 31, kek, 32),
			 0);
	cti__key_id(bpub, id);
	ck_assert_mem_eq(w.key_id, id, 8);
	ck_assert_int_eq(cti__gcm_init(&g, kek), 0);
	ck_assert_int_eq(cti__gcm_seal(&g, nonce, id, 8, dk, 32, ct, tag), 0);
	cti__gcm_free(&g);
	ck_assert_mem_eq(w.wrapped, ct, 32);
	ck_assert_mem_eq(w.tag, tag, 16);

	ck_assert_int_eq(cti__unwrap_key(bpriv, rec_id, &w, back), 0);
	ck_assert_mem_eq(back, dk, 32);
	/* another recording id, another recipient, an altered box: refused */
	rec_id[0] ^= 1;
	ck_assert_int_eq(cti__unwrap_key(bpriv, rec_id, &w, back), CTI_EBADMSG);
	rec_id[0] ^= 1;
	ck_assert_int_eq(cti__unwrap_key(a, rec_id, &w, back), CTI_EBADMSG);
	w.wrapped[5] ^= 4;
	ck_assert_int_eq(cti__unwrap_key(bpriv, rec_id, &w, back), CTI_EBADMSG);
}
END_TEST

/* The chunk nonce and AAD layout of docs/recording.md, byte for byte. */
START_TEST(chunk_nonce_aad)
{
	uint8_t n[12], rec_id[16], blk[8 + 24], aad[48];
	unsigned i;

	cti__chunk_nonce(n, 0x0102030405060708ULL, CTI__BLK_AUDIO);
	CK_HEX(n, 12, "080706050403020103000000");
	for (i = 0; i < 16; i++)
		rec_id[i] = (uint8_t)(0xf0 + i);
	for (i = 0; i < sizeof(blk); i++)
		blk[i] = (uint8_t)i;
	ck_assert_uint_eq(cti__chunk_aad(aad, rec_id, blk, 24), 48);
	ck_assert_mem_eq(aad, rec_id, 16);
	ck_assert_mem_eq(aad + 16, blk, 32);
}
END_TEST

TCase *rec_kat_tcase(void)
{
	TCase *tc = tcase_create("kat");

	tcase_add_test(tc, sha256_fips180);
	tcase_add_test(tc, gcm_tc13_14);
	tcase_add_test(tc, gcm_tc15);
	tcase_add_test(tc, gcm_tc16_and_forgeries);
	tcase_add_test(tc, hkdf_rfc5869);
	tcase_add_test(tc, x25519_rfc7748);
	tcase_add_test(tc, ed25519_rfc8032);
	tcase_add_test(tc, wrap_construction);
	tcase_add_test(tc, chunk_nonce_aad);
	return tc;
}
