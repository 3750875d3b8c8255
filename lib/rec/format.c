// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The CTIREC1 container's bytes: block encoders for the writer and the
 * parser every reader (verify, export, recovery, the fuzzer) goes through.
 * The parser trusts nothing: every length is checked against the buffer
 * and the format's limits before it is used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cti/rec.h"
#include "rec/format.h"

unsigned cti__codec_bytes(uint32_t codec)
{
	switch (codec) {
	case CTI_REC_ALAW:
	case CTI_REC_ULAW:
		return 1;
	case CTI_REC_S16:
		return 2;
	}
	return 0;
}

static void prefix(uint8_t *p, uint8_t type, uint32_t body_len)
{
	p[0] = type;
	p[1] = p[2] = p[3] = 0;
	cti__put32(p + 4, body_len);
}

size_t cti__enc_header(uint8_t *buf, const struct cti__rec_header *h)
{
	uint8_t *b = buf + CTI__REC_PREFIX, *ext;
	uint32_t len = CTI__HDR_FIXED + CTI__HDR_RECIPIENT * h->n_recipients;
	unsigned i;

	for (i = 0; i < h->n_recipients; i++)
		if (h->recipients[i].alg == CTI__WRAP_ALG_RSA_OAEP)
			len += h->recipients[i].ct_len;
	ext = b + CTI__HDR_FIXED + CTI__HDR_RECIPIENT * h->n_recipients;

	prefix(buf, CTI__BLK_HEADER, len);
	memset(b, 0, len);
	cti__put16(b, h->version);
	cti__put16(b + 2, h->codec);
	cti__put16(b + 4, h->channels);
	cti__put16(b + 6, h->rate);
	cti__put32(b + 8, h->chunk_frames);
	cti__put32(b + 12, h->flags);
	memcpy(b + 16, h->rec_id, 16);
	cti__put64(b + 32, (uint64_t)h->start_epoch_ms);
	memcpy(b + 40, h->signer_id, CTI__KEYID_LEN);
	cti__put16(b + 48, h->n_recipients);
	for (i = 0; i < h->n_recipients; i++) {
		uint8_t *r = b + CTI__HDR_FIXED + CTI__HDR_RECIPIENT * i;
		const struct cti__wrap *w = &h->recipients[i];

		memcpy(r, w->key_id, 8);
		if (w->alg == CTI__WRAP_ALG_RSA_OAEP) {
			/* the ciphertext follows the table, in order */
			r[88] = CTI__WRAP_ALG_RSA_OAEP;
			cti__put16(r + 90, w->ct_len);
			memcpy(ext, w->ct, w->ct_len);
			ext += w->ct_len;
			continue;
		}
		memcpy(r + 8, w->eph, 32);
		memcpy(r + 40, w->wrapped, 32);
		memcpy(r + 72, w->tag, 16);
		r[88] = CTI__WRAP_ALG_X25519;
	}
	return CTI__REC_PREFIX + len;
}

size_t cti__enc_meta(uint8_t *buf, const char *text, size_t len)
{
	prefix(buf, CTI__BLK_META, (uint32_t)len);
	memcpy(buf + CTI__REC_PREFIX, text, len);
	return CTI__REC_PREFIX + len;
}

void cti__chunk_nonce(uint8_t nonce[CTI__GCM_NONCE], uint64_t index,
		      uint8_t type)
{
	cti__put64(nonce, index);
	cti__put32(nonce + 8, type);
}

size_t cti__chunk_aad(uint8_t *aad, const uint8_t rec_id[16],
		      const uint8_t *blk, size_t fixed)
{
	memcpy(aad, rec_id, 16);
	memcpy(aad + 16, blk, CTI__REC_PREFIX + fixed);
	return 16 + CTI__REC_PREFIX + fixed;
}

void cti__chain_seed(const uint8_t rec_id[16], uint8_t out[32])
{
	uint8_t b[13 + 16];

	memcpy(b, "CTIREC1 chain", 13);
	memcpy(b + 13, rec_id, 16);
	cti__sha256(b, sizeof(b), out);
}

void cti__chain_next(struct cti__sha256 *h, const uint8_t prev[32],
		     const uint8_t *blk, size_t blk_len, uint8_t out[32])
{
	cti__sha256_update(h, prev, 32);
	cti__sha256_update(h, blk, blk_len - CTI__SHA256_LEN);
	cti__sha256_final(h, out);
}

void cti__meta_chain_seed(const uint8_t rec_id[16], uint8_t out[32])
{
	uint8_t b[12 + 16];

	memcpy(b, "CTIREC1 meta", 12);
	memcpy(b + 12, rec_id, 16);
	cti__sha256(b, sizeof(b), out);
}

void cti__final_prev(const uint8_t chain[32], const uint8_t *mchain,
		     uint8_t out[32])
{
	uint8_t b[64];

	if (!mchain) {
		memmove(out, chain, 32);
		return;
	}
	memcpy(b, chain, 32);
	memcpy(b + 32, mchain, 32);
	cti__sha256(b, sizeof(b), out);
}

size_t cti__enc_update(uint8_t *buf, uint64_t seq, uint64_t after,
		       uint64_t pos, const char *text, size_t len)
{
	uint32_t body = (uint32_t)(CTI__UPDATE_FIXED + len + CTI__GCM_TAG +
				   CTI__SHA256_LEN);
	uint8_t *b = buf + CTI__REC_PREFIX;

	prefix(buf, CTI__BLK_META_UPDATE, body);
	cti__put64(b, seq);
	cti__put64(b + 8, after);
	cti__put64(b + 16, pos);
	memcpy(b + CTI__UPDATE_FIXED, text, len);
	return CTI__REC_PREFIX + body;
}

size_t cti__update_aad(uint8_t *aad, const uint8_t rec_id[16],
		       const uint8_t *blk)
{
	size_t body = cti__get32(blk + 4);
	size_t head = CTI__REC_PREFIX + CTI__UPDATE_FIXED;
	size_t text = body - CTI__UPDATE_FIXED - CTI__GCM_TAG - CTI__SHA256_LEN;

	memcpy(aad, rec_id, 16);
	memcpy(aad + 16, blk, head + text);
	return 16 + head + text;
}

/* ---- metadata text ------------------------------------------------------ */

bool cti__meta_valid(const char *s, size_t len, char *why, size_t why_len)
{
	size_t i = 0;
	int line = 1;

	while (i < len) {
		size_t k = i;

		while (k < len && ((s[k] >= 'a' && s[k] <= 'z') || s[k] == '_'))
			k++;
		if (k == i || k >= len || s[k] != '=') {
			snprintf(why, why_len,
				 "line %d: expected key=value (key: a-z, _)",
				 line);
			return false;
		}
		for (k++; k < len && s[k] != '\n'; k++) {
			if ((unsigned char)s[k] < 0x20 || s[k] == 0x7f) {
				snprintf(why, why_len,
					 "line %d: control character in the "
					 "value",
					 line);
				return false;
			}
		}
		if (k >= len) {
			snprintf(why, why_len, "line %d: no final newline",
				 line);
			return false;
		}
		i = k + 1;
		line++;
	}
	return true;
}

void cti__meta_get(const char *s, size_t len, const char *key, char *out,
		   size_t cap)
{
	size_t kl = strlen(key), i = 0;

	out[0] = '\0';
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;

		if (end - i > kl && !memcmp(s + i, key, kl) &&
		    s[i + kl] == '=') {
			size_t n = end - i - kl - 1;

			if (n >= cap)
				n = cap - 1;
			memcpy(out, s + i + kl + 1, n);
			out[n] = '\0';
			return;
		}
		i = end + 1;
	}
}

/* ---- the parser --------------------------------------------------------- */

#define BAD(p, off, ...)                                               \
	do {                                                           \
		int n_ = snprintf((p)->why, sizeof((p)->why),          \
				  "offset %zu: ", (size_t)(off));      \
		snprintf((p)->why + n_, sizeof((p)->why) - (size_t)n_, \
			 __VA_ARGS__);                                 \
	} while (0)

static int parse_header(struct cti__rec_parsed *p, const uint8_t *b,
			uint32_t len, size_t off)
{
	struct cti__rec_header *h = &p->hdr;
	unsigned i;

	if (len < CTI__HDR_FIXED) {
		BAD(p, off, "header: %u bytes, at least %d expected", len,
		    CTI__HDR_FIXED);
		return CTI_EFORMAT;
	}
	h->version = cti__get16(b);
	h->codec = cti__get16(b + 2);
	h->channels = cti__get16(b + 4);
	h->rate = cti__get16(b + 6);
	h->chunk_frames = cti__get32(b + 8);
	h->flags = cti__get32(b + 12);
	memcpy(h->rec_id, b + 16, 16);
	h->start_epoch_ms = (int64_t)cti__get64(b + 32);
	memcpy(h->signer_id, b + 40, 8);
	h->n_recipients = cti__get16(b + 48);
	if (h->version != CTI__REC_VERSION) {
		BAD(p, off + 8, "header: version %u (this reader knows %d)",
		    h->version, CTI__REC_VERSION);
		return CTI_EFORMAT;
	}
	if (!cti__codec_bytes(h->codec)) {
		BAD(p, off + 10, "header: codec: unknown value %u", h->codec);
		return CTI_EFORMAT;
	}
	if (h->channels != 1 && h->channels != 2) {
		BAD(p, off + 12, "header: channels: %u (1 or 2)", h->channels);
		return CTI_EFORMAT;
	}
	if (h->rate != 8000) {
		BAD(p, off + 14, "header: rate: %u (8000)", h->rate);
		return CTI_EFORMAT;
	}
	if (h->chunk_frames < 800 || h->chunk_frames > CTI__AUDIO_MAX_FRAMES) {
		BAD(p, off + 16, "header: chunk frames: %u (800..%d)",
		    h->chunk_frames, CTI__AUDIO_MAX_FRAMES);
		return CTI_EFORMAT;
	}
	if (h->n_recipients < 1 || h->n_recipients > CTI_REC_MAX_RECIPIENTS) {
		BAD(p, off + 56, "header: recipients: %u (1..%d)",
		    h->n_recipients, CTI_REC_MAX_RECIPIENTS);
		return CTI_EFORMAT;
	}
	if (len < CTI__HDR_FIXED + CTI__HDR_RECIPIENT * (uint32_t)h->n_recipients) {
		BAD(p, off + 4, "header: length %u for %u recipients", len,
		    h->n_recipients);
		return CTI_EFORMAT;
	}
	{
		const uint8_t *ext =
			b + CTI__HDR_FIXED + CTI__HDR_RECIPIENT * h->n_recipients;
		uint32_t want = CTI__HDR_FIXED +
				CTI__HDR_RECIPIENT * h->n_recipients;

		for (i = 0; i < h->n_recipients; i++) {
			const uint8_t *r =
				b + CTI__HDR_FIXED + CTI__HDR_RECIPIENT * i;
			struct cti__wrap *w = &h->recipients[i];

			memset(w, 0, sizeof(*w));
			memcpy(w->key_id, r, 8);
			w->alg = r[88];
			if (r[88] == CTI__WRAP_ALG_X25519) {
				memcpy(w->eph, r + 8, 32);
				memcpy(w->wrapped, r + 40, 32);
				memcpy(w->tag, r + 72, 16);
				continue;
			}
			if (r[88] != CTI__WRAP_ALG_RSA_OAEP) {
				BAD(p, off + 8 + (size_t)(r - b) + 88,
				    "header: recipient %u: unknown wrapping %u",
				    i, r[88]);
				return CTI_EFORMAT;
			}
			w->ct_len = cti__get16(r + 90);
			if (w->ct_len < CTI__RSA_MIN_BITS / 8 ||
			    w->ct_len > CTI__RSA_MAX_CT ||
			    want + w->ct_len > len) {
				BAD(p, off + 8 + (size_t)(r - b) + 90,
				    "header: recipient %u: RSA ciphertext of "
				    "%u bytes",
				    i, w->ct_len);
				return CTI_EFORMAT;
			}
			memcpy(w->ct, b + want, w->ct_len);
			want += w->ct_len;
		}
		(void)ext;
		if (len != want) {
			BAD(p, off + 4, "header: length %u for %u recipients",
			    len, h->n_recipients);
			return CTI_EFORMAT;
		}
	}
	return 0;
}

static int add_chunk(struct cti__rec_parsed *p, const struct cti__rec_chunk *c)
{
	if (p->n_chunks == p->cap_chunks) {
		size_t cap = p->cap_chunks ? 2 * p->cap_chunks : 64;
		struct cti__rec_chunk *n = realloc(p->chunks, cap * sizeof(*n));

		if (!n)
			return CTI_ENOMEM;
		p->chunks = n;
		p->cap_chunks = cap;
	}
	p->chunks[p->n_chunks++] = *c;
	return 0;
}

/* One block at off: 1 taken (p->end_off advanced), 0 end of data, or an
 * end condition set in p->end. */
static int next_block(struct cti__rec_parsed *p, size_t off, uint8_t *type,
		      uint32_t *len)
{
	if (off == p->len)
		return 0;
	if (p->len - off < CTI__REC_PREFIX) {
		p->end = CTI__END_PARTIAL;
		BAD(p, off, "block: %zu bytes of an 8-byte prefix",
		    p->len - off);
		return -1;
	}
	*type = p->buf[off];
	*len = cti__get32(p->buf + off + 4);
	if (*type < CTI__BLK_HEADER || *type > CTI__BLK_META_UPDATE ||
	    p->buf[off + 1] || p->buf[off + 2] || p->buf[off + 3]) {
		p->end = CTI__END_MALFORMED;
		BAD(p, off, "block: unknown type %u", *type);
		return -1;
	}
	if (*len > p->len - off - CTI__REC_PREFIX) {
		p->end = CTI__END_PARTIAL;
		BAD(p, off, "block: %u bytes announced, %zu present", *len,
		    p->len - off - CTI__REC_PREFIX);
		return -1;
	}
	return 1;
}

/* A metadata update at off: 0 taken, 1 malformed (p->end set), or
 * CTI_ENOMEM. Its sequence and chain are verify's business; here only
 * its shape and its text's. */
static int parse_update(struct cti__rec_parsed *p, size_t off, uint32_t blen)
{
	const uint8_t *b = p->buf + off + CTI__REC_PREFIX;
	struct cti__rec_update u = { .off = off };
	char why[120];

	if (blen < CTI__UPDATE_FIXED + CTI__GCM_TAG + CTI__SHA256_LEN ||
	    blen > CTI__UPDATE_FIXED + CTI__META_MAX + CTI__GCM_TAG +
			   CTI__SHA256_LEN) {
		p->end = CTI__END_MALFORMED;
		BAD(p, off, "metadata update: %u bytes", blen);
		return 1;
	}
	u.len = CTI__REC_PREFIX + blen;
	u.seq = cti__get64(b);
	u.after = cti__get64(b + 8);
	u.pos = cti__get64(b + 16);
	u.stored_after = p->n_chunks;
	u.text = (const char *)b + CTI__UPDATE_FIXED;
	u.text_len = blen - CTI__UPDATE_FIXED - CTI__GCM_TAG - CTI__SHA256_LEN;
	u.chain = b + blen - CTI__SHA256_LEN;
	if (!cti__meta_valid(u.text, u.text_len, why, sizeof(why))) {
		p->end = CTI__END_MALFORMED;
		BAD(p, off + CTI__REC_PREFIX + CTI__UPDATE_FIXED,
		    "metadata update %llu: %s", (unsigned long long)u.seq, why);
		return 1;
	}
	if (p->n_updates == CTI__MAX_UPDATES) {
		p->end = CTI__END_MALFORMED;
		BAD(p, off, "metadata update: more than %d",
		    CTI__MAX_UPDATES);
		return 1;
	}
	if (p->n_updates == p->cap_updates) {
		size_t cap = p->cap_updates ? 2 * p->cap_updates : 8;
		struct cti__rec_update *n =
			realloc(p->updates, cap * sizeof(*n));

		if (!n)
			return CTI_ENOMEM;
		p->updates = n;
		p->cap_updates = cap;
	}
	p->updates[p->n_updates++] = u;
	p->cur_meta = u.text;
	p->cur_meta_len = u.text_len;
	return 0;
}

int cti__rec_parse(const uint8_t *buf, size_t len, struct cti__rec_parsed *p)
{
	unsigned bps;
	size_t off;
	uint8_t type;
	uint32_t blen;
	int rc;

	memset(p, 0, sizeof(*p));
	p->buf = buf;
	p->len = len;
	if (len < CTI__REC_MAGIC_LEN ||
	    memcmp(buf, CTI__REC_MAGIC, CTI__REC_MAGIC_LEN)) {
		BAD(p, 0, "magic: not a CTIREC1 recording");
		return CTI_EFORMAT;
	}
	off = CTI__REC_MAGIC_LEN;
	if (next_block(p, off, &type, &blen) != 1 || type != CTI__BLK_HEADER) {
		if (p->end != CTI__END_PARTIAL)
			BAD(p, off, "header: missing");
		return CTI_EFORMAT;
	}
	if ((rc = parse_header(p, buf + off + CTI__REC_PREFIX, blen, off)))
		return rc;
	cti__sha256(buf + off, CTI__REC_PREFIX + blen, p->header_hash);
	off += CTI__REC_PREFIX + blen;
	p->end = 0;
	if (next_block(p, off, &type, &blen) != 1 || type != CTI__BLK_META) {
		if (p->end != CTI__END_PARTIAL)
			BAD(p, off, "metadata: missing");
		return CTI_EFORMAT;
	}
	if (blen > CTI__META_MAX) {
		BAD(p, off, "metadata: %u bytes (at most %d)", blen,
		    CTI__META_MAX);
		return CTI_EFORMAT;
	}
	p->meta = (const char *)buf + off + CTI__REC_PREFIX;
	p->meta_len = blen;
	p->cur_meta = p->meta;
	p->cur_meta_len = blen;
	cti__sha256(buf + off, CTI__REC_PREFIX + blen, p->meta_hash);
	off += CTI__REC_PREFIX + blen;
	p->header_len = p->end_off = off;
	p->end = CTI__END_NO_FINAL;
	bps = cti__codec_bytes(p->hdr.codec) * p->hdr.channels;

	for (;;) {
		int k = next_block(p, off, &type, &blen);

		if (k <= 0)
			return 0;
		if (p->has_final) {
			p->end = CTI__END_MALFORMED;
			BAD(p, off, "block after the final chunk");
			return 0;
		}
		if (type == CTI__BLK_AUDIO) {
			const uint8_t *b = buf + off + CTI__REC_PREFIX;
			struct cti__rec_chunk c = { .off = off };

			if (blen <
			    CTI__AUDIO_FIXED + CTI__GCM_TAG + CTI__SHA256_LEN) {
				p->end = CTI__END_MALFORMED;
				BAD(p, off, "chunk: %u bytes, too short", blen);
				return 0;
			}
			c.index = cti__get64(b);
			c.start_pos = cti__get64(b + 8);
			c.frames = cti__get32(b + 16);
			c.flags = cti__get32(b + 20);
			if (c.frames == 0 || c.frames > CTI__AUDIO_MAX_FRAMES ||
			    blen != CTI__AUDIO_FIXED + c.frames * bps +
					    CTI__GCM_TAG + CTI__SHA256_LEN) {
				p->end = CTI__END_MALFORMED;
				BAD(p, off + 24,
				    "chunk: %u frames do not fill %u bytes",
				    c.frames, blen);
				return 0;
			}
			c.len = CTI__REC_PREFIX + blen;
			c.chain = b + blen - CTI__SHA256_LEN;
			if ((rc = add_chunk(p, &c)))
				return rc;
		} else if (type == CTI__BLK_META_UPDATE) {
			if ((rc = parse_update(p, off, blen)))
				return rc == 1 ? 0 : rc;
		} else if (type == CTI__BLK_FINAL) {
			const uint8_t *b = buf + off + CTI__REC_PREFIX;
			struct cti__rec_final *f = &p->final;

			if (blen != CTI__FINAL_BODY) {
				p->end = CTI__END_MALFORMED;
				BAD(p, off, "final chunk: %u bytes (%d)", blen,
				    CTI__FINAL_BODY);
				return 0;
			}
			f->off = off;
			f->index = cti__get64(b);
			f->end_pos = cti__get64(b + 8);
			f->frames = cti__get64(b + 16);
			f->end_epoch_ms = (int64_t)cti__get64(b + 24);
			f->pauses = cti__get32(b + 32);
			f->updates = cti__get32(b + 36);
			f->chain = b + blen - CTI__SHA256_LEN;
			p->has_final = true;
		} else {
			p->end = CTI__END_MALFORMED;
			BAD(p, off, "block: a second %s",
			    type == CTI__BLK_HEADER ? "header" : "metadata");
			return 0;
		}
		off += CTI__REC_PREFIX + blen;
		p->end_off = off;
		if (p->has_final)
			p->end = CTI__END_FINAL;
	}
}

void cti__rec_parsed_free(struct cti__rec_parsed *p)
{
	free(p->chunks);
	p->chunks = NULL;
	p->n_chunks = p->cap_chunks = 0;
	free(p->updates);
	p->updates = NULL;
	p->n_updates = p->cap_updates = 0;
}
