// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reading recordings: what a container says about itself (no key), and
 * decrypting it with a recipient's private key, every chunk authenticated
 * in sequence before its audio is handed out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/g711_inline.h"
#include "core/util.h"
#include "rec/rec.h"

static void fill_info(const struct cti__rec_parsed *p,
		      struct cti_rec_file_info *in)
{
	char v[32];
	unsigned i;

	memset(in, 0, sizeof(*in));
	cti__hex(in->id, p->hdr.rec_id, 16);
	cti__hex(in->signer, p->hdr.signer_id, 8);
	in->n_recipients = p->hdr.n_recipients;
	for (i = 0; i < p->hdr.n_recipients; i++)
		cti__hex(in->recipients[i], p->hdr.recipients[i].key_id, 8);
	in->codec = p->hdr.codec;
	in->channels = p->hdr.channels;
	in->chunk_frames = p->hdr.chunk_frames;
	in->start_epoch_ms = p->hdr.start_epoch_ms;
	in->chunks = p->n_chunks;
	if (p->n_chunks)
		in->end_pos = p->chunks[p->n_chunks - 1].start_pos +
			      p->chunks[p->n_chunks - 1].frames;
	if (p->has_final) {
		in->complete = true;
		in->end_pos = p->final.end_pos;
		in->end_epoch_ms = p->final.end_epoch_ms;
	}
	cti__meta_get(p->cur_meta, p->cur_meta_len, "call_id", v, sizeof(v));
	in->call_id = strtoull(v, NULL, 10);
	cti__meta_get(p->cur_meta, p->cur_meta_len, "retain_until_epoch_ms", v,
		      sizeof(v));
	in->retain_until_epoch_ms = strtoll(v, NULL, 10);
	cti__meta_get(p->cur_meta, p->cur_meta_len, "ani", in->ani, sizeof(in->ani));
	cti__meta_get(p->cur_meta, p->cur_meta_len, "dnis", in->dnis, sizeof(in->dnis));
	cti__meta_get(p->cur_meta, p->cur_meta_len, "agent", in->agent,
		      sizeof(in->agent));
	cti__meta_get(p->cur_meta, p->cur_meta_len, "queue", in->queue,
		      sizeof(in->queue));
	cti__meta_get(p->cur_meta, p->cur_meta_len, "account", in->account,
		      sizeof(in->account));
}

int cti__rec_load(const char *path, const uint8_t **buf, size_t *len,
		  struct cti__rec_parsed *p, char *why, size_t why_len)
{
	char mw[160];
	int rc = cti__map_file(path, buf, len);

	memset(p, 0, sizeof(*p));
	if (rc) {
		cti__why(why, why_len, "%s: %s", path, strerror(-rc));
		return rc == CTI_ENOENT || rc == CTI_EACCES ? rc : CTI_EIO;
	}
	rc = cti__rec_parse(*buf, *len, p);
	if (!rc && !cti__meta_valid(p->meta, p->meta_len, mw, sizeof(mw))) {
		snprintf(p->why, sizeof(p->why), "metadata: %s", mw);
		rc = CTI_EFORMAT;
	}
	if (rc) {
		cti__why(why, why_len, "%s: %s", path, p->why);
		cti__rec_parsed_free(p);
		cti__unmap_file(*buf, *len);
		*buf = NULL;
		*len = 0;
	}
	return rc;
}

CTI_EXTERN int cti_rec_file_info(const char *path,
				 struct cti_rec_file_info *info, char *why,
				 size_t why_len)
{
	struct cti__rec_parsed p;
	const uint8_t *buf;
	size_t len;
	int rc;

	if (!path || !info)
		return CTI_EINVAL;
	if ((rc = cti__rec_load(path, &buf, &len, &p, why, why_len)))
		return rc;
	fill_info(&p, info);
	cti__rec_parsed_free(&p);
	cti__unmap_file(buf, len);
	return 0;
}

int cti__rec_load_keys(const char *const *paths, unsigned n,
		       struct cti__key *keys, char *why, size_t why_len)
{
	unsigned i;
	int rc;

	for (i = 0; i < n; i++) {
		if (!paths[i])
			return CTI_EINVAL;
		rc = cti__key_load(paths[i], &keys[i], why, why_len);
		if (rc)
			return rc;
		if ((keys[i].kind != CTI_REC_KEY_RECIPIENT &&
		     keys[i].kind != CTI_REC_KEY_RECIPIENT_RSA) ||
		    !keys[i].priv_present) {
			cti__why(why, why_len,
			    "%s: not a recipient's private key (X25519 or "
			    "RSA)",
			    paths[i]);
			return CTI_EINVAL;
		}
	}
	return 0;
}

int cti__rec_unwrap(const struct cti__rec_parsed *p,
		    const struct cti__key *keys, unsigned n, uint8_t dk[32],
		    char *why, size_t why_len)
{
	char ids[CTI_REC_MAX_RECIPIENTS * 18 + 1] = "", kid[17];
	unsigned i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < p->hdr.n_recipients; j++) {
			const struct cti__wrap *w = &p->hdr.recipients[j];

			bool rsa = w->alg == CTI__WRAP_ALG_RSA_OAEP;

			if (memcmp(keys[i].id, w->key_id, 8) ||
			    rsa != (keys[i].kind == CTI_REC_KEY_RECIPIENT_RSA))
				continue;
			if (!(rsa ? cti__rsa_unwrap(&keys[i], p->hdr.rec_id, w,
						    dk)
				  : cti__unwrap_key(keys[i].priv, p->hdr.rec_id,
						    w, dk)))
				return 0;
			cti__hex(kid, w->key_id, 8);
			cti__why(why, why_len,
			    "key %s is named as a recipient but does not "
			    "unwrap the data key (wrong key, or the header's "
			    "key block altered)",
			    kid);
			return CTI_EPERM;
		}
	for (j = 0; j < p->hdr.n_recipients; j++) {
		cti__hex(kid, p->hdr.recipients[j].key_id, 8);
		strcat(ids, j ? " " : "");
		strcat(ids, kid);
	}
	if (n) {
		cti__hex(kid, keys[0].id, 8);
		cti__why(why, why_len,
		    "wrong key: %s%s is not a recipient; the recording is "
		    "readable with: %s",
		    kid, n > 1 ? " (and the others given)" : "", ids);
	} else {
		cti__why(why, why_len, "no key given; recipients: %s", ids);
	}
	return CTI_EPERM;
}

int cti__rec_open_block(struct cti__gcm *g, const struct cti__rec_parsed *p,
			size_t off, uint64_t index, uint8_t *pt)
{
	const uint8_t *b = p->buf + off;
	uint8_t type = b[0];
	size_t fixed =
		type == CTI__BLK_AUDIO ? CTI__AUDIO_FIXED : CTI__FINAL_FIXED;
	size_t body = cti__get32(b + 4);
	size_t ct_len = body - fixed - CTI__GCM_TAG - CTI__SHA256_LEN;
	uint8_t nonce[CTI__GCM_NONCE], aad[16 + CTI__REC_PREFIX + 48];
	size_t aad_len;
	const uint8_t *ct = b + CTI__REC_PREFIX + fixed;

	cti__chunk_nonce(nonce, index, type);
	aad_len = cti__chunk_aad(aad, p->hdr.rec_id, b, fixed);
	return cti__gcm_open(g, nonce, aad, aad_len, ct, ct_len, ct + ct_len,
			     pt);
}

int cti__rec_open_update(struct cti__gcm *g, const struct cti__rec_parsed *p,
			 const struct cti__rec_update *u)
{
	uint8_t nonce[CTI__GCM_NONCE], dummy[16];
	uint8_t aad[16 + CTI__REC_PREFIX + CTI__UPDATE_FIXED + CTI__META_MAX];
	size_t aad_len = cti__update_aad(aad, p->hdr.rec_id, p->buf + u->off);

	cti__chunk_nonce(nonce, u->seq, CTI__BLK_META_UPDATE);
	return cti__gcm_open(g, nonce, aad, aad_len, dummy, 0,
			     p->buf + u->off + u->len - CTI__SHA256_LEN -
				     CTI__GCM_TAG,
			     dummy);
}

static void decode(uint32_t codec, const uint8_t *in, int16_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (codec == CTI_REC_ALAW)
			out[i] = (int16_t)cti__alaw_to_lin(in[i]);
		else if (codec == CTI_REC_ULAW)
			out[i] = (int16_t)cti__ulaw_to_lin(in[i]);
		else
			out[i] = (int16_t)cti__get16(in + 2 * i);
	}
}

CTI_EXTERN int cti_rec_read(const char *path, cti_rec_audio_fn fn, void *user,
			    char *why, size_t why_len,
			    const struct cti_rec_read_config *cfg)
{
	struct cti__key keys[8];
	struct cti__rec_parsed p;
	struct cti__gcm g = { 0 };
	const uint8_t *buf;
	uint8_t dk[32], *pt = NULL;
	int16_t *pcm = NULL;
	size_t len, i;
	unsigned nk;
	uint64_t at = 0;
	int rc;

	if (!path || !fn || !cfg || cfg->n_keys > 8 ||
	    (cfg->n_keys && !cfg->keys))
		return CTI_EINVAL;
	nk = cfg->n_keys;
	memset(keys, 0, sizeof(keys));
	if ((rc = cti__rec_load_keys(cfg->keys, nk, keys, why, why_len)))
		goto out_keys;
	if ((rc = cti__rec_load(path, &buf, &len, &p, why, why_len)))
		goto out_keys;
	if ((rc = cti__rec_unwrap(&p, keys, nk, dk, why, why_len)))
		goto out;
	rc = cti__gcm_init(&g, dk);
	cti__wipe(dk, sizeof(dk));
	if (rc)
		goto out;
	pt = malloc((size_t)CTI__AUDIO_MAX_FRAMES * 4);
	pcm = malloc((size_t)CTI__AUDIO_MAX_FRAMES * 2 * sizeof(*pcm));
	if (!pt || !pcm) {
		rc = CTI_ENOMEM;
		goto out;
	}
	for (i = 0; i < p.n_chunks; i++) {
		const struct cti__rec_chunk *k = &p.chunks[i];
		size_t ns = (size_t)k->frames * p.hdr.channels;

		if (k->index != i || k->start_pos < at) {
			cti__why(why, why_len,
			    "%s: chunk at offset %zu: index %llu where %zu "
			    "belongs (chunks removed, duplicated or "
			    "reordered)",
			    path, k->off, (unsigned long long)k->index, i);
			rc = CTI_EBADMSG;
			goto out;
		}
		if (cti__rec_open_block(&g, &p, k->off, k->index, pt)) {
			cti__why(why, why_len,
			    "%s: chunk %zu (t=%.3f s, offset %zu) fails "
			    "authentication: altered",
			    path, i, (double)k->start_pos / 8000.0, k->off);
			rc = CTI_EBADMSG;
			goto out;
		}
		decode(p.hdr.codec, pt, pcm, ns);
		at = k->start_pos + k->frames;
		rc = fn(user, k->start_pos, pcm, k->frames, p.hdr.channels,
			k->flags);
		if (rc)
			goto out;
	}
	for (i = 0; i < p.n_updates; i++) {
		const struct cti__rec_update *u = &p.updates[i];

		if (u->seq != i || u->after != u->stored_after ||
		    cti__rec_open_update(&g, &p, u)) {
			cti__why(why, why_len,
			    "%s: metadata update %zu (offset %zu) fails "
			    "authentication: altered, removed or moved",
			    path, i, u->off);
			rc = CTI_EBADMSG;
			goto out;
		}
	}
	if (p.has_final) {
		if (p.final.index != p.n_chunks ||
		    p.final.updates != p.n_updates ||
		    cti__rec_open_block(&g, &p, p.final.off, p.final.index,
					pt)) {
			cti__why(why, why_len,
			    "%s: the final chunk fails authentication: "
			    "altered",
			    path);
			rc = CTI_EBADMSG;
			goto out;
		}
		rc = 0;
	} else {
		cti__why(why, why_len, "%s: truncated at t=%.3f s (%s)", path,
		    (double)at / 8000.0,
		    p.end == CTI__END_NO_FINAL ? "no final chunk" : p.why);
		rc = p.end == CTI__END_MALFORMED ? CTI_EFORMAT : 1;
	}
out:
	free(pt);
	free(pcm);
	cti__gcm_free(&g);
	cti__rec_parsed_free(&p);
	cti__unmap_file(buf, len);
out_keys:
	cti__wipe(keys, sizeof(keys));
	return rc;
}
