// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The CTIREC1 container parser (lib/rec/format.c) on any bytes, then what
 * verify and export do with what it accepted: the hash chain over every
 * chunk, unwrapping the data key and authenticating every chunk. The seed
 * corpus was recorded for RFC 7748's "Bob" key, so mutations of it reach
 * the decryption. A refused input must say "offset N: ..." and stay
 * within its buffer.
 */
#include "cti/cti.h"
#include "fuzz.h"
#include "rec/format.h"
#include "rec/rec.h"

/* RFC 7748 section 6.1, Bob's private key */
static const uint8_t bob[32] = {
	0x5d, 0xab, 0x08, 0x7e, 0x62, 0x4a, 0x8a, 0x4b, 0x79, 0xe1, 0x7f,
	0x8b, 0x83, 0x80, 0x0e, 0xe6, 0x6f, 0x3b, 0xb1, 0x29, 0x26, 0x18,
	0xb6, 0xfd, 0x1c, 0x2f, 0x8b, 0x27, 0xff, 0x88, 0xe0, 0xeb,
};

static void decrypt(const struct cti__rec_parsed *p)
{
	static uint8_t pt[CTI__AUDIO_MAX_FRAMES * 4];
	struct cti__key k = { .kind = CTI_REC_KEY_RECIPIENT,
			      .priv_present = true };
	struct cti__gcm g = { 0 };
	uint8_t dk[32];
	char why[300];
	size_t i;

	memcpy(k.priv, bob, 32);
	cti__x25519_public(bob, k.pub);
	cti__key_id(k.pub, k.id);
	if (cti__rec_unwrap(p, &k, 1, dk, why, sizeof(why))) {
		FZ_CHECK(memchr(why, 0, sizeof(why)));
		return;
	}
	if (cti__gcm_init(&g, dk))
		return;
	for (i = 0; i < p->n_chunks; i++)
		cti__rec_open_block(&g, p, p->chunks[i].off, p->chunks[i].index,
				    pt);
	if (p->has_final)
		cti__rec_open_block(&g, p, p->final.off, p->final.index, pt);
	cti__gcm_free(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cti__rec_parsed p;
	struct cti__sha256 h;
	uint8_t c[32];
	char why[160];
	size_t i;
	int rc = cti__rec_parse(data, size, &p);

	FZ_CHECK(rc == 0 || rc == CTI_EFORMAT || rc == CTI_ENOMEM);
	FZ_CHECK(memchr(p.why, 0, sizeof(p.why)));
	if (rc) {
		FZ_CHECK(rc == CTI_ENOMEM || !strncmp(p.why, "offset ", 7));
		cti__rec_parsed_free(&p);
		return 0;
	}
	FZ_CHECK(p.header_len <= p.end_off && p.end_off <= size);
	FZ_CHECK(p.end >= CTI__END_FINAL && p.end <= CTI__END_MALFORMED);
	FZ_CHECK(p.end == CTI__END_FINAL || p.end == CTI__END_NO_FINAL ||
		 !strncmp(p.why, "offset ", 7));
	FZ_CHECK(p.meta + p.meta_len <= (const char *)data + size);
	cti__meta_valid(p.meta, p.meta_len, why, sizeof(why));
	cti__meta_get(p.meta, p.meta_len, "ani", why, sizeof(why));
	FZ_CHECK(memchr(why, 0, sizeof(why)));
	if (cti__sha256_init(&h))
		goto out;
	cti__chain_seed(p.hdr.rec_id, c);
	for (i = 0; i < p.n_chunks; i++) {
		const struct cti__rec_chunk *k = &p.chunks[i];

		FZ_CHECK(k->off + k->len <= p.end_off);
		FZ_CHECK(k->chain + 32 <= data + size);
		cti__chain_next(&h, c, data + k->off, k->len, c);
	}
	cti__sha256_free(&h);
	decrypt(&p);
out:
	cti__rec_parsed_free(&p);
	return 0;
}
