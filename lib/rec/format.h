/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The CTIREC1 container (docs/recording.md, "Container"): constants, the
 * byte layout of each block, and the parser's view of a file.
 */
#ifndef CTI_REC_FORMAT_H
#define CTI_REC_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rec/crypto.h"

#define CTI__REC_MAGIC	   "CTIREC1\n"
#define CTI__REC_MAGIC_LEN 8
#define CTI__REC_VERSION   1
#define CTI__REC_PREFIX	   8 /* type u8, 3 zero bytes, body length u32 */

enum cti__rec_block {
	CTI__BLK_HEADER = 1,
	CTI__BLK_META = 2,
	CTI__BLK_AUDIO = 3,
	CTI__BLK_FINAL = 4,
	CTI__BLK_META_UPDATE = 5, /* metadata learnt after the start */
};

#define CTI__HDR_FIXED	      56
#define CTI__HDR_RECIPIENT    96
#define CTI__META_MAX	      4096
#define CTI__AUDIO_FIXED      24
#define CTI__FINAL_FIXED      40
#define CTI__FINAL_BODY	      (CTI__FINAL_FIXED + CTI__GCM_TAG + CTI__SHA256_LEN)
#define CTI__AUDIO_MAX_FRAMES 80000 /* 10 s */
#define CTI__UPDATE_FIXED     24    /* update number, chunks before, pos */
#define CTI__MAX_UPDATES      4096  /* per recording */
#define CTI__WRAP_ALG_X25519  1
#define CTI__WRAP_ALG_RSA_OAEP 2

#define CTI__CHUNK_FLAG_MASKED 1u

/* Little-endian helpers. */
static inline void cti__put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static inline void cti__put32(uint8_t *p, uint32_t v)
{
	cti__put16(p, (uint16_t)v);
	cti__put16(p + 2, (uint16_t)(v >> 16));
}
static inline void cti__put64(uint8_t *p, uint64_t v)
{
	cti__put32(p, (uint32_t)v);
	cti__put32(p + 4, (uint32_t)(v >> 32));
}
static inline uint16_t cti__get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t cti__get32(const uint8_t *p)
{
	return (uint32_t)cti__get16(p) | (uint32_t)cti__get16(p + 2) << 16;
}
static inline uint64_t cti__get64(const uint8_t *p)
{
	return (uint64_t)cti__get32(p) | (uint64_t)cti__get32(p + 4) << 32;
}

struct cti__rec_header {
	uint16_t version, codec, channels, rate;
	uint32_t chunk_frames, flags;
	uint8_t rec_id[16];
	int64_t start_epoch_ms;
	uint8_t signer_id[CTI__KEYID_LEN];
	uint16_t n_recipients;
	struct cti__wrap recipients[8];
};

/* Bytes per stored sample of a codec (enum cti_rec_codec); 0 if unknown. */
unsigned cti__codec_bytes(uint32_t codec);

/* Encode: each writes prefix + body into buf (big enough) and returns the
 * block's length. */
size_t cti__enc_header(uint8_t *buf, const struct cti__rec_header *h);
size_t cti__enc_meta(uint8_t *buf, const char *text, size_t len);

/* Nonce and associated data of an AUDIO or FINAL block whose prefix and
 * fixed fields are at blk (docs/recording.md, "Chunks"). aad: 16 + 8 +
 * fixed bytes. */
void cti__chunk_nonce(uint8_t nonce[CTI__GCM_NONCE], uint64_t index,
		      uint8_t type);
size_t cti__chunk_aad(uint8_t *aad, const uint8_t rec_id[16],
		      const uint8_t *blk, size_t fixed);

/* The chain's seed: SHA-256("CTIREC1 chain" || rec_id). */
void cti__chain_seed(const uint8_t rec_id[16], uint8_t out[32]);
/* c_i = SHA-256(c_{i-1} || block without its last 32 bytes). */
void cti__chain_next(struct cti__sha256 *h, const uint8_t prev[32],
		     const uint8_t *blk, size_t blk_len, uint8_t out[32]);

/* The metadata updates' own chain (docs/recording.md, "Metadata
 * update"): d_-1 = SHA-256("CTIREC1 meta" || rec_id). */
void cti__meta_chain_seed(const uint8_t rec_id[16], uint8_t out[32]);
/* What the final chunk's link starts from: c_(N-1) alone without updates,
 * SHA-256(c_(N-1) || d_(U-1)) with them. */
void cti__final_prev(const uint8_t chain[32], const uint8_t *mchain,
		     uint8_t out[32]);
/* Encode a metadata update block into buf (CTI__REC_PREFIX +
 * CTI__UPDATE_FIXED + len + tag + chain bytes): the tag and chain are
 * left for the writer. Returns the block's length. */
size_t cti__enc_update(uint8_t *buf, uint64_t seq, uint64_t after,
		       uint64_t pos, const char *text, size_t len);
/* Nonce and associated data of a metadata update: nonce LE64(seq) ||
 * LE32(5); AAD rec_id || prefix || fixed fields || text. aad must hold
 * 16 + CTI__REC_PREFIX + CTI__UPDATE_FIXED + CTI__META_MAX bytes. */
size_t cti__update_aad(uint8_t *aad, const uint8_t rec_id[16],
		       const uint8_t *blk);

/* ---- the parser ------------------------------------------------------- */

struct cti__rec_chunk {
	size_t off; /* of the block's prefix */
	size_t len; /* of the whole block */
	uint64_t index, start_pos;
	uint32_t frames, flags;
	const uint8_t *chain; /* stored chain value (inside the buffer) */
};

/* A metadata update (type 5): the whole metadata text as known from
 * timeline position pos on, after `after` audio chunks. */
struct cti__rec_update {
	size_t off, len;
	uint64_t seq, after, pos;
	uint64_t stored_after; /* audio chunks before it in the file */
	const char *text;      /* not NUL-terminated */
	size_t text_len;
	const uint8_t *chain; /* stored value d_seq */
};

struct cti__rec_final {
	size_t off;
	uint64_t index, end_pos, frames;
	int64_t end_epoch_ms;
	uint32_t pauses;
	uint32_t updates; /* metadata updates before it (0 in old files) */
	const uint8_t *chain;
};

enum cti__parse_end {
	CTI__END_FINAL = 1,	/* ends with a final block */
	CTI__END_NO_FINAL = 2,	/* ends after whole blocks, no final */
	CTI__END_PARTIAL = 3,	/* ends inside a block */
	CTI__END_MALFORMED = 4, /* a block is not what the format allows */
};

struct cti__rec_parsed {
	const uint8_t *buf;
	size_t len;
	struct cti__rec_header hdr;
	const char *meta; /* not NUL-terminated */
	size_t meta_len;
	uint8_t header_hash[32], meta_hash[32];
	size_t header_len; /* bytes of magic + header + meta blocks */
	struct cti__rec_chunk *chunks;
	size_t n_chunks, cap_chunks;
	struct cti__rec_update *updates;
	size_t n_updates, cap_updates;
	const char *cur_meta; /* the last update's text, else meta */
	size_t cur_meta_len;
	bool has_final;
	struct cti__rec_final final;
	uint32_t end;	/* enum cti__parse_end */
	size_t end_off; /* bytes of whole, well-formed blocks */
	char why[200];	/* MALFORMED / PARTIAL: "offset N: field: reason" */
};

/*
 * Walk the container in buf (len bytes: a file, or a fuzzer's input).
 * Returns 0 when the magic, header and metadata are well formed (p->end
 * then says how the rest ends), or CTI_EFORMAT with p->why saying where
 * and why; CTI_ENOMEM. Nothing is decrypted; chain values are not checked.
 * Free with cti__rec_parsed_free().
 */
int cti__rec_parse(const uint8_t *buf, size_t len, struct cti__rec_parsed *p);
void cti__rec_parsed_free(struct cti__rec_parsed *p);

/* Is the metadata text well formed (docs/recording.md, "Metadata")? On
 * failure why holds "line N: reason". */
bool cti__meta_valid(const char *s, size_t len, char *why, size_t why_len);
/* The value of `key` in metadata text into out (cap), "" if absent. */
void cti__meta_get(const char *s, size_t len, const char *key, char *out,
		   size_t cap);

#endif /* CTI_REC_FORMAT_H */
