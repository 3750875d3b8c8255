/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The crypto helper of libcti: the only OpenSSL calls of lib/rec, behind
 * small functions with fixed-size arguments so every use has a known-answer
 * test (tests/unit/rec/kat_test.c).
 */
#ifndef CTI_REC_CRYPTO_H
#define CTI_REC_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "cti/common.h"

#define CTI__SHA256_LEN	 32
#define CTI__GCM_KEY	 32
#define CTI__GCM_NONCE	 12
#define CTI__GCM_TAG	 16
#define CTI__X25519_LEN	 32
#define CTI__ED25519_PUB 32
#define CTI__ED25519_SIG 64
#define CTI__KEYID_LEN	 8

/* Incremental SHA-256 (FIPS 180-4). */
struct cti__sha256 {
	void *md; /* EVP_MD_CTX */
};
int cti__sha256_init(struct cti__sha256 *h);
void cti__sha256_update(struct cti__sha256 *h, const void *p, size_t n);
void cti__sha256_final(struct cti__sha256 *h, uint8_t out[CTI__SHA256_LEN]);
void cti__sha256_free(struct cti__sha256 *h);
/* One-shot; returns 0 or CTI_ENOMEM. */
int cti__sha256(const void *p, size_t n, uint8_t out[CTI__SHA256_LEN]);

/* AES-256-GCM (NIST SP 800-38D) with a 96-bit nonce and a 128-bit tag.
 * A context is keyed once and reused for every chunk of a recording. */
struct cti__gcm {
	void *enc; /* EVP_CIPHER_CTX */
	void *dec;
};
int cti__gcm_init(struct cti__gcm *g, const uint8_t key[CTI__GCM_KEY]);
void cti__gcm_free(struct cti__gcm *g);
/* ct may equal pt. Returns 0 or CTI_EIO. */
int cti__gcm_seal(struct cti__gcm *g, const uint8_t nonce[CTI__GCM_NONCE],
		  const void *aad, size_t aad_len, const void *pt, size_t n,
		  uint8_t *ct, uint8_t tag[CTI__GCM_TAG]);
/* Returns 0, or CTI_EBADMSG when the tag does not authenticate. */
int cti__gcm_open(struct cti__gcm *g, const uint8_t nonce[CTI__GCM_NONCE],
		  const void *aad, size_t aad_len, const void *ct, size_t n,
		  const uint8_t tag[CTI__GCM_TAG], uint8_t *pt);

/* HKDF-SHA256 (RFC 5869). Returns 0 or CTI_EIO. */
int cti__hkdf_sha256(const uint8_t *ikm, size_t ikm_len, const uint8_t *salt,
		     size_t salt_len, const uint8_t *info, size_t info_len,
		     uint8_t *out, size_t out_len);

/* X25519 (RFC 7748): out = scalar * point. Returns 0, or CTI_EIO (an
 * all-zero shared secret: a low-order point). */
int cti__x25519(const uint8_t scalar[CTI__X25519_LEN],
		const uint8_t point[CTI__X25519_LEN],
		uint8_t out[CTI__X25519_LEN]);
/* The public key of an X25519 private key. */
int cti__x25519_public(const uint8_t priv[CTI__X25519_LEN],
		       uint8_t pub[CTI__X25519_LEN]);

/* Ed25519 (RFC 8032, pure). */
int cti__ed25519_public(const uint8_t priv[32], uint8_t pub[CTI__ED25519_PUB]);
int cti__ed25519_sign(const uint8_t priv[32], const void *msg, size_t n,
		      uint8_t sig[CTI__ED25519_SIG]);
/* Returns 0, or CTI_EBADMSG for a signature that does not verify. */
int cti__ed25519_verify(const uint8_t pub[CTI__ED25519_PUB], const void *msg,
			size_t n, const uint8_t sig[CTI__ED25519_SIG]);

/* Random bytes from OpenSSL's CSPRNG. Returns 0 or CTI_EIO. */
int cti__random(void *p, size_t n);

/* Zero memory the compiler may not optimise away. */
void cti__wipe(void *p, size_t n);

/* Key id: the first 8 bytes of SHA-256 of the raw 32-byte public key. */
void cti__key_id(const uint8_t pub[32], uint8_t id[CTI__KEYID_LEN]);

/*
 * Key wrapping for one recipient (docs/recording.md, "Key wrapping"):
 *   eph = random X25519 scalar, E = eph * 9, Z = X25519(eph, R)
 *   KEK = HKDF-SHA256(ikm = Z, salt = E || R, info = "cti-rec v1 wrap" ||
 *                     rec_id)
 *   wrapped || tag = AES-256-GCM(KEK, nonce = 0^96, aad = key_id, dk)
 */
#define CTI__RSA_MIN_BITS 3072
#define CTI__RSA_MAX_BITS 8192
#define CTI__RSA_MAX_CT	  (CTI__RSA_MAX_BITS / 8)

struct cti__wrap {
	uint8_t key_id[CTI__KEYID_LEN];
	uint8_t alg; /* CTI__WRAP_ALG_X25519 or _RSA_OAEP (format.h) */
	uint16_t ct_len;		 /* RSA: bytes of ct */
	uint8_t eph[CTI__X25519_LEN];	 /* X25519 */
	uint8_t wrapped[CTI__GCM_KEY];	 /* X25519 */
	uint8_t tag[CTI__GCM_TAG];	 /* X25519 */
	uint8_t ct[CTI__RSA_MAX_CT];	 /* RSA-OAEP ciphertext */
};
/* eph_scalar NULL: a fresh random one (tests pass theirs). */
int cti__wrap_key(const uint8_t recipient[CTI__X25519_LEN],
		  const uint8_t rec_id[16], const uint8_t dk[CTI__GCM_KEY],
		  const uint8_t *eph_scalar, struct cti__wrap *w);
/* Returns 0, or CTI_EBADMSG (not this recipient's key, or altered). */
int cti__unwrap_key(const uint8_t priv[CTI__X25519_LEN],
		    const uint8_t rec_id[16], const struct cti__wrap *w,
		    uint8_t dk[CTI__GCM_KEY]);

/* Key files: PEM PKCS#8 (private) or SubjectPublicKeyInfo (public) of an
 * X25519 or Ed25519 key. kind: enum cti_rec_key_kind. */
struct cti__key {
	uint32_t kind; /* enum cti_rec_key_kind */
	bool priv_present;
	uint8_t priv[32];
	uint8_t pub[32]; /* RSA: SHA-256 of its SubjectPublicKeyInfo */
	uint8_t id[CTI__KEYID_LEN];
	/* RSA: the key as DER (PKCS#8 private or SubjectPublicKeyInfo), so a
	 * key is plain bytes that wiping forgets */
	uint16_t der_len;
	uint8_t der[5200];
};

/*
 * RSA-OAEP key wrapping (docs/recording.md, "Key wrapping (algorithm
 * 2)"): ct = RSAES-OAEP-ENCRYPT(n, e, dk, label = "cti-rec v2 wrap" ||
 * rec_id) with SHA-256 and MGF1-SHA-256 (RFC 8017 section 7.1). Returns
 * 0, CTI_EIO; unwrap CTI_EBADMSG (not this key, or altered).
 */
int cti__rsa_wrap(const struct cti__key *k, const uint8_t rec_id[16],
		  const uint8_t dk[CTI__GCM_KEY], struct cti__wrap *w);
int cti__rsa_unwrap(const struct cti__key *k, const uint8_t rec_id[16],
		    const struct cti__wrap *w, uint8_t dk[CTI__GCM_KEY]);
/* The OAEP label of a recording: returns its length (31). */
size_t cti__rsa_label(const uint8_t rec_id[16], uint8_t out[32]);
/* Load a key file. A private key readable by group/others: CTI_EACCES.
 * why gets "path: reason" on failure. */
int cti__key_load(const char *path, struct cti__key *k, char *why,
		  size_t why_len);
/* Write a new pair: prefix.key (0600, O_EXCL) and prefix.pub. */
int cti__key_generate(const char *prefix, uint32_t kind, struct cti__key *k,
		      char *why, size_t why_len);

/* Write a public key as PEM (O_EXCL). */
int cti__key_write_pub(const char *path, uint32_t kind, const uint8_t pub[32],
		       char *why, size_t why_len);

/* Lower-case hex of n bytes into out[2n + 1]. */
void cti__hex(char *out, const uint8_t *p, size_t n);
/* Parse exactly 2n hex digits. Returns 0 or -1. */
int cti__unhex(uint8_t *out, const char *s, size_t n);

#endif /* CTI_REC_CRYPTO_H */
