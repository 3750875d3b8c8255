// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The crypto helper: SHA-256, AES-256-GCM, HKDF, X25519, Ed25519 and key
 * files through OpenSSL 3's EVP interface (the only OpenSSL user of
 * lib/rec). Known-answer tests in tests/unit/rec/kat_test.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "cti/rec.h"
#include "rec/crypto.h"
#include "rec/format.h"

int cti__sha256_init(struct cti__sha256 *h)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	h->md = md;
	if (!md)
		return CTI_ENOMEM;
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(md);
		h->md = NULL;
		return CTI_EIO;
	}
	return 0;
}

void cti__sha256_update(struct cti__sha256 *h, const void *p, size_t n)
{
	EVP_DigestUpdate(h->md, p, n);
}

void cti__sha256_final(struct cti__sha256 *h, uint8_t out[CTI__SHA256_LEN])
{
	unsigned int len = CTI__SHA256_LEN;

	EVP_DigestFinal_ex(h->md, out, &len);
	EVP_DigestInit_ex(h->md, EVP_sha256(), NULL);
}

void cti__sha256_free(struct cti__sha256 *h)
{
	EVP_MD_CTX_free(h->md);
	h->md = NULL;
}

int cti__sha256(const void *p, size_t n, uint8_t out[CTI__SHA256_LEN])
{
	unsigned int len = CTI__SHA256_LEN;

	return EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) == 1
		       ? 0
		       : CTI_ENOMEM;
}

int cti__gcm_init(struct cti__gcm *g, const uint8_t key[CTI__GCM_KEY])
{
	g->enc = EVP_CIPHER_CTX_new();
	g->dec = EVP_CIPHER_CTX_new();
	if (!g->enc || !g->dec)
		goto fail;
	if (EVP_EncryptInit_ex(g->enc, EVP_aes_256_gcm(), NULL, key, NULL) !=
		    1 ||
	    EVP_DecryptInit_ex(g->dec, EVP_aes_256_gcm(), NULL, key, NULL) != 1)
		goto fail;
	return 0;
fail:
	cti__gcm_free(g);
	return CTI_ENOMEM;
}

void cti__gcm_free(struct cti__gcm *g)
{
	EVP_CIPHER_CTX_free(g->enc);
	EVP_CIPHER_CTX_free(g->dec);
	g->enc = g->dec = NULL;
}

int cti__gcm_seal(struct cti__gcm *g, const uint8_t nonce[CTI__GCM_NONCE],
		  const void *aad, size_t aad_len, const void *pt, size_t n,
		  uint8_t *ct, uint8_t tag[CTI__GCM_TAG])
{
	EVP_CIPHER_CTX *c = g->enc;
	int len;

	if (n > INT32_MAX || aad_len > INT32_MAX)
		return CTI_EINVAL;
	if (EVP_EncryptInit_ex(c, NULL, NULL, NULL, nonce) != 1)
		return CTI_EIO;
	if (aad_len && EVP_EncryptUpdate(c, NULL, &len, aad, (int)aad_len) != 1)
		return CTI_EIO;
	if (n && EVP_EncryptUpdate(c, ct, &len, pt, (int)n) != 1)
		return CTI_EIO;
	if (EVP_EncryptFinal_ex(c, ct + n, &len) != 1)
		return CTI_EIO;
	if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, CTI__GCM_TAG, tag) !=
	    1)
		return CTI_EIO;
	return 0;
}

int cti__gcm_open(struct cti__gcm *g, const uint8_t nonce[CTI__GCM_NONCE],
		  const void *aad, size_t aad_len, const void *ct, size_t n,
		  const uint8_t tag[CTI__GCM_TAG], uint8_t *pt)
{
	EVP_CIPHER_CTX *c = g->dec;
	uint8_t t[CTI__GCM_TAG];
	int len;

	if (n > INT32_MAX || aad_len > INT32_MAX)
		return CTI_EINVAL;
	memcpy(t, tag, sizeof(t));
	if (EVP_DecryptInit_ex(c, NULL, NULL, NULL, nonce) != 1)
		return CTI_EIO;
	if (aad_len && EVP_DecryptUpdate(c, NULL, &len, aad, (int)aad_len) != 1)
		return CTI_EIO;
	if (n && EVP_DecryptUpdate(c, pt, &len, ct, (int)n) != 1)
		return CTI_EIO;
	if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, CTI__GCM_TAG, t) != 1)
		return CTI_EIO;
	if (EVP_DecryptFinal_ex(c, pt + n, &len) != 1) {
		if (n)
			cti__wipe(pt, n);
		return CTI_EBADMSG;
	}
	return 0;
}

int cti__hkdf_sha256(const uint8_t *ikm, size_t ikm_len, const uint8_t *salt,
		     size_t salt_len, const uint8_t *info, size_t info_len,
		     uint8_t *out, size_t out_len)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	EVP_KDF_CTX *kc = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM p[5], *q = p;
	int rc = CTI_EIO;

	EVP_KDF_free(kdf);
	if (!kc)
		return CTI_ENOMEM;
	*q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						(char *)"SHA256", 0);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
						 (void *)ikm, ikm_len);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
						 (void *)salt, salt_len);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
						 (void *)info, info_len);
	*q = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(kc, out, out_len, p) == 1)
		rc = 0;
	EVP_KDF_CTX_free(kc);
	return rc;
}

static int raw_pub(EVP_PKEY *k, uint8_t pub[32])
{
	size_t len = 32;

	return EVP_PKEY_get_raw_public_key(k, pub, &len) == 1 && len == 32
		       ? 0
		       : CTI_EIO;
}

int cti__x25519(const uint8_t scalar[CTI__X25519_LEN],
		const uint8_t point[CTI__X25519_LEN],
		uint8_t out[CTI__X25519_LEN])
{
	EVP_PKEY *a =
		EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, scalar, 32);
	EVP_PKEY *b =
		EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, point, 32);
	EVP_PKEY_CTX *c = a ? EVP_PKEY_CTX_new(a, NULL) : NULL;
	size_t len = 32;
	int rc = CTI_EIO;

	/* OpenSSL refuses an all-zero result (RFC 7748 section 6.1's
	 * check against low-order points). */
	if (c && b && EVP_PKEY_derive_init(c) == 1 &&
	    EVP_PKEY_derive_set_peer(c, b) == 1 &&
	    EVP_PKEY_derive(c, out, &len) == 1 && len == 32)
		rc = 0;
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
	return rc;
}

int cti__x25519_public(const uint8_t priv[CTI__X25519_LEN],
		       uint8_t pub[CTI__X25519_LEN])
{
	EVP_PKEY *k =
		EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv, 32);
	int rc = k ? raw_pub(k, pub) : CTI_ENOMEM;

	EVP_PKEY_free(k);
	return rc;
}

int cti__ed25519_public(const uint8_t priv[32], uint8_t pub[CTI__ED25519_PUB])
{
	EVP_PKEY *k =
		EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, priv, 32);
	int rc = k ? raw_pub(k, pub) : CTI_ENOMEM;

	EVP_PKEY_free(k);
	return rc;
}

int cti__ed25519_sign(const uint8_t priv[32], const void *msg, size_t n,
		      uint8_t sig[CTI__ED25519_SIG])
{
	EVP_PKEY *k =
		EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, priv, 32);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	size_t len = CTI__ED25519_SIG;
	int rc = CTI_EIO;

	if (k && md && EVP_DigestSignInit(md, NULL, NULL, NULL, k) == 1 &&
	    EVP_DigestSign(md, sig, &len, msg, n) == 1 &&
	    len == CTI__ED25519_SIG)
		rc = 0;
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	return rc;
}

int cti__ed25519_verify(const uint8_t pub[CTI__ED25519_PUB], const void *msg,
			size_t n, const uint8_t sig[CTI__ED25519_SIG])
{
	EVP_PKEY *k =
		EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int rc = CTI_ENOMEM;

	if (k && md) {
		rc = CTI_EBADMSG;
		if (EVP_DigestVerifyInit(md, NULL, NULL, NULL, k) == 1 &&
		    EVP_DigestVerify(md, sig, CTI__ED25519_SIG, msg, n) == 1)
			rc = 0;
	}
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	return rc;
}

int cti__random(void *p, size_t n)
{
	return RAND_bytes(p, (int)n) == 1 ? 0 : CTI_EIO;
}

void cti__wipe(void *p, size_t n)
{
	OPENSSL_cleanse(p, n);
}

void cti__key_id(const uint8_t pub[32], uint8_t id[CTI__KEYID_LEN])
{
	uint8_t h[CTI__SHA256_LEN];

	cti__sha256(pub, 32, h);
	memcpy(id, h, CTI__KEYID_LEN);
}

static const char wrap_info[] = "cti-rec v1 wrap";

static int kek_of(const uint8_t z[32], const uint8_t eph_pub[32],
		  const uint8_t recipient[32], const uint8_t rec_id[16],
		  uint8_t kek[32])
{
	uint8_t salt[64], info[sizeof(wrap_info) - 1 + 16];

	memcpy(salt, eph_pub, 32);
	memcpy(salt + 32, recipient, 32);
	memcpy(info, wrap_info, sizeof(wrap_info) - 1);
	memcpy(info + sizeof(wrap_info) - 1, rec_id, 16);
	return cti__hkdf_sha256(z, 32, salt, sizeof(salt), info, sizeof(info),
				kek, 32);
}

static const uint8_t zero_nonce[CTI__GCM_NONCE];

int cti__wrap_key(const uint8_t recipient[CTI__X25519_LEN],
		  const uint8_t rec_id[16], const uint8_t dk[CTI__GCM_KEY],
		  const uint8_t *eph_scalar, struct cti__wrap *w)
{
	uint8_t eph[32], z[32], kek[32];
	struct cti__gcm g = { 0 };
	int rc;

	if (eph_scalar)
		memcpy(eph, eph_scalar, 32);
	else if ((rc = cti__random(eph, 32)))
		return rc;
	cti__key_id(recipient, w->key_id);
	w->alg = CTI__WRAP_ALG_X25519;
	w->ct_len = 0;
	rc = cti__x25519_public(eph, w->eph);
	if (!rc)
		rc = cti__x25519(eph, recipient, z);
	if (!rc)
		rc = kek_of(z, w->eph, recipient, rec_id, kek);
	if (!rc)
		rc = cti__gcm_init(&g, kek);
	if (!rc)
		rc = cti__gcm_seal(&g, zero_nonce, w->key_id, CTI__KEYID_LEN,
				   dk, CTI__GCM_KEY, w->wrapped, w->tag);
	cti__gcm_free(&g);
	cti__wipe(eph, sizeof(eph));
	cti__wipe(z, sizeof(z));
	cti__wipe(kek, sizeof(kek));
	return rc;
}

int cti__unwrap_key(const uint8_t priv[CTI__X25519_LEN],
		    const uint8_t rec_id[16], const struct cti__wrap *w,
		    uint8_t dk[CTI__GCM_KEY])
{
	uint8_t pub[32], z[32], kek[32];
	struct cti__gcm g = { 0 };
	int rc;

	rc = cti__x25519_public(priv, pub);
	if (!rc && cti__x25519(priv, w->eph, z))
		rc = CTI_EBADMSG;
	if (!rc)
		rc = kek_of(z, w->eph, pub, rec_id, kek);
	if (!rc)
		rc = cti__gcm_init(&g, kek);
	if (!rc)
		rc = cti__gcm_open(&g, zero_nonce, w->key_id, CTI__KEYID_LEN,
				   w->wrapped, CTI__GCM_KEY, w->tag, dk);
	cti__gcm_free(&g);
	cti__wipe(z, sizeof(z));
	cti__wipe(kek, sizeof(kek));
	return rc;
}

void cti__hex(char *out, const uint8_t *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int cti__unhex(uint8_t *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int hi = hexval(s[2 * i]), lo;

		if (hi < 0)
			return -1;
		lo = hexval(s[2 * i + 1]);
		if (lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* ---- RSA-OAEP ------------------------------------------------------------ */

static const char rsa_label[] = "cti-rec v2 wrap";

size_t cti__rsa_label(const uint8_t rec_id[16], uint8_t out[32])
{
	memcpy(out, rsa_label, sizeof(rsa_label) - 1);
	memcpy(out + sizeof(rsa_label) - 1, rec_id, 16);
	return sizeof(rsa_label) - 1 + 16;
}

static EVP_PKEY *rsa_of(const struct cti__key *k)
{
	const unsigned char *p = k->der;

	return k->priv_present ? d2i_AutoPrivateKey(NULL, &p, k->der_len)
			       : d2i_PUBKEY(NULL, &p, k->der_len);
}

/* OAEP with SHA-256, MGF1-SHA-256 and the recording's label. */
static int oaep_setup(EVP_PKEY_CTX *c, const uint8_t rec_id[16])
{
	uint8_t lab[32];
	size_t n = cti__rsa_label(rec_id, lab);
	unsigned char *l = OPENSSL_memdup(lab, n);

	if (!l || EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha256()) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256()) != 1 ||
	    EVP_PKEY_CTX_set0_rsa_oaep_label(c, l, (int)n) != 1) {
		OPENSSL_free(l);
		return CTI_EIO;
	}
	return 0; /* the context owns l now */
}

int cti__rsa_wrap(const struct cti__key *k, const uint8_t rec_id[16],
		  const uint8_t dk[CTI__GCM_KEY], struct cti__wrap *w)
{
	EVP_PKEY *pk = rsa_of(k);
	EVP_PKEY_CTX *c = pk ? EVP_PKEY_CTX_new(pk, NULL) : NULL;
	size_t len = sizeof(w->ct);
	int rc = CTI_EIO;

	memset(w, 0, sizeof(*w));
	memcpy(w->key_id, k->id, CTI__KEYID_LEN);
	w->alg = CTI__WRAP_ALG_RSA_OAEP;
	if (c && EVP_PKEY_encrypt_init(c) == 1 && !oaep_setup(c, rec_id) &&
	    EVP_PKEY_encrypt(c, w->ct, &len, dk, CTI__GCM_KEY) == 1 &&
	    len <= CTI__RSA_MAX_CT) {
		w->ct_len = (uint16_t)len;
		rc = 0;
	}
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(pk);
	return rc;
}

int cti__rsa_unwrap(const struct cti__key *k, const uint8_t rec_id[16],
		    const struct cti__wrap *w, uint8_t dk[CTI__GCM_KEY])
{
	EVP_PKEY *pk = k->priv_present ? rsa_of(k) : NULL;
	EVP_PKEY_CTX *c = pk ? EVP_PKEY_CTX_new(pk, NULL) : NULL;
	uint8_t out[CTI__RSA_MAX_CT];
	size_t len = sizeof(out);
	int rc = pk && c ? CTI_EBADMSG : CTI_EIO;

	if (c && EVP_PKEY_decrypt_init(c) == 1 && !oaep_setup(c, rec_id) &&
	    EVP_PKEY_decrypt(c, out, &len, w->ct, w->ct_len) == 1 &&
	    len == CTI__GCM_KEY) {
		memcpy(dk, out, CTI__GCM_KEY);
		rc = 0;
	}
	cti__wipe(out, sizeof(out));
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(pk);
	return rc;
}

/* ---- key files --------------------------------------------------------- */

static void say(char *why, size_t len, const char *path, const char *reason)
{
	if (why && len)
		snprintf(why, len, "%s: %s", path, reason);
}

/* An RSA key as DER bytes; its id from its SubjectPublicKeyInfo. */
static int from_rsa(EVP_PKEY *pk, bool priv, struct cti__key *k)
{
	unsigned char *spki = NULL, *der = NULL;
	int bits = EVP_PKEY_get_bits(pk), n, m;
	int rc = CTI_EFORMAT;

	if (bits < CTI__RSA_MIN_BITS || bits > CTI__RSA_MAX_BITS)
		return CTI_ERANGE;
	k->kind = CTI_REC_KEY_RECIPIENT_RSA;
	k->priv_present = priv;
	n = i2d_PUBKEY(pk, &spki);
	m = priv ? i2d_PrivateKey(pk, &der) : n;
	if (n > 0 && m > 0 && (size_t)m <= sizeof(k->der)) {
		memcpy(k->der, priv ? der : spki, (size_t)m);
		k->der_len = (uint16_t)m;
		cti__sha256(spki, (size_t)n, k->pub);
		memcpy(k->id, k->pub, CTI__KEYID_LEN);
		rc = 0;
	}
	if (der) {
		cti__wipe(der, (size_t)m);
		OPENSSL_free(der);
	}
	OPENSSL_free(spki);
	return rc;
}

static int from_pkey(EVP_PKEY *pk, bool priv, struct cti__key *k)
{
	size_t len = 32;

	switch (EVP_PKEY_get_id(pk)) {
	case EVP_PKEY_X25519:
		k->kind = CTI_REC_KEY_RECIPIENT;
		break;
	case EVP_PKEY_ED25519:
		k->kind = CTI_REC_KEY_SIGNING;
		break;
	case EVP_PKEY_RSA:
		return from_rsa(pk, priv, k);
	default:
		return CTI_EFORMAT;
	}
	k->priv_present = priv;
	if (priv &&
	    (EVP_PKEY_get_raw_private_key(pk, k->priv, &len) != 1 || len != 32))
		return CTI_EFORMAT;
	if (raw_pub(pk, k->pub))
		return CTI_EFORMAT;
	cti__key_id(k->pub, k->id);
	return 0;
}

int cti__key_load(const char *path, struct cti__key *k, char *why,
		  size_t why_len)
{
	char buf[16384];
	struct stat sb;
	ssize_t n;
	BIO *bio;
	EVP_PKEY *pk;
	bool priv;
	int fd, rc;

	memset(k, 0, sizeof(*k));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		say(why, why_len, path, strerror(errno));
		return rc == CTI_ENOENT || rc == CTI_EACCES ? rc : CTI_EIO;
	}
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		say(why, why_len, path, "not a regular file");
		return CTI_EFORMAT;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		say(why, why_len, path, n ? strerror(errno) : "empty file");
		return n ? CTI_EIO : CTI_EFORMAT;
	}
	buf[n] = '\0';
	priv = strstr(buf, "PRIVATE KEY-----") != NULL;
	if (priv && (sb.st_mode & 077)) {
		say(why, why_len, path,
		    "private key readable by group or others (chmod 600)");
		cti__wipe(buf, sizeof(buf));
		return CTI_EACCES;
	}
	bio = BIO_new_mem_buf(buf, (int)n);
	if (!bio)
		return CTI_ENOMEM;
	pk = priv ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL)
		  : PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	BIO_free(bio);
	cti__wipe(buf, sizeof(buf));
	if (!pk) {
		say(why, why_len, path, "not a PEM key");
		return CTI_EFORMAT;
	}
	rc = from_pkey(pk, priv, k);
	EVP_PKEY_free(pk);
	if (rc == CTI_ERANGE)
		say(why, why_len, path,
		    "an RSA key must have 3072 to 8192 bits");
	else if (rc)
		say(why, why_len, path, "not an X25519, Ed25519 or RSA key");
	if (rc)
		rc = CTI_EFORMAT;
	return rc;
}

static int write_pem(const char *path, EVP_PKEY *pk, bool priv, char *why,
		     size_t why_len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		      priv ? 0600 : 0644);
	FILE *f;
	int ok, rc;

	if (fd < 0) {
		rc = -errno;
		say(why, why_len, path, strerror(errno));
		return rc == CTI_EEXIST || rc == CTI_EACCES || rc == CTI_ENOENT
			       ? rc
			       : CTI_EIO;
	}
	/* umask may have cleared bits we want, never added any. */
	if (fchmod(fd, priv ? 0600 : 0644)) {
		close(fd);
		return CTI_EIO;
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return CTI_ENOMEM;
	}
	ok = priv ? PEM_write_PrivateKey(f, pk, NULL, NULL, 0, NULL, NULL)
		  : PEM_write_PUBKEY(f, pk);
	if (fflush(f) || fsync(fileno(f)))
		ok = 0;
	if (fclose(f))
		ok = 0;
	if (!ok) {
		say(why, why_len, path, "cannot write the key");
		unlink(path);
		return CTI_EIO;
	}
	return 0;
}

int cti__key_generate(const char *prefix, uint32_t kind, struct cti__key *k,
		      char *why, size_t why_len)
{
	char kp[4096], pp[4096];
	uint8_t raw[32];
	EVP_PKEY *pk;
	int rc;

	if (kind != CTI_REC_KEY_RECIPIENT && kind != CTI_REC_KEY_SIGNING &&
	    kind != CTI_REC_KEY_RECIPIENT_RSA)
		return CTI_EINVAL;
	if (snprintf(kp, sizeof(kp), "%s.key", prefix) >= (int)sizeof(kp) ||
	    snprintf(pp, sizeof(pp), "%s.pub", prefix) >= (int)sizeof(pp))
		return CTI_EINVAL;
	if (access(kp, F_OK) == 0 || access(pp, F_OK) == 0) {
		say(why, why_len, access(kp, F_OK) == 0 ? kp : pp,
		    "exists: keys are never overwritten");
		return CTI_EEXIST;
	}
	if (kind == CTI_REC_KEY_RECIPIENT_RSA) {
		pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA",
				       (size_t)CTI__RSA_MIN_BITS);
	} else {
		if ((rc = cti__random(raw, sizeof(raw))))
			return rc;
		pk = EVP_PKEY_new_raw_private_key(
			kind == CTI_REC_KEY_RECIPIENT ? EVP_PKEY_X25519
						      : EVP_PKEY_ED25519,
			NULL, raw, 32);
		cti__wipe(raw, sizeof(raw));
	}
	if (!pk)
		return CTI_ENOMEM;
	rc = from_pkey(pk, true, k);
	if (!rc)
		rc = write_pem(kp, pk, true, why, why_len);
	if (!rc) {
		rc = write_pem(pp, pk, false, why, why_len);
		if (rc)
			unlink(kp);
	}
	EVP_PKEY_free(pk);
	return rc;
}

int cti__key_write_pub(const char *path, uint32_t kind, const uint8_t pub[32],
		       char *why, size_t why_len)
{
	EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(kind == CTI_REC_KEY_RECIPIENT
							   ? EVP_PKEY_X25519
							   : EVP_PKEY_ED25519,
						   NULL, pub, 32);
	int rc;

	if (!pk)
		return CTI_ENOMEM;
	rc = write_pem(path, pk, false, why, why_len);
	EVP_PKEY_free(pk);
	return rc;
}
