// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One recording: the tap fills two chunk slots per channel (the chunk
 * being completed and the next), so frames of the two directions may
 * arrive out of step; a slot is sealed into an AES-256-GCM chunk once
 * audio two chunks later arrives, or at the stop. Samples are kept in the
 * stored codec: the common case, one G.711 source per channel, copies
 * bytes and nothing is re-encoded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cti/dsp.h"
#include "dsp/g711_inline.h"
#include "core/util.h"
#include "rec/rec.h"

/* ---- samples in the stored codec ----------------------------------------- */

static uint8_t silence_of(uint32_t codec)
{
	return codec == CTI_REC_ALAW ? 0xD5 : codec == CTI_REC_ULAW ? 0xFF : 0;
}

static int lin_of(uint32_t codec, const uint8_t *s)
{
	if (codec == CTI_REC_ALAW)
		return cti__alaw_to_lin(*s);
	if (codec == CTI_REC_ULAW)
		return cti__ulaw_to_lin(*s);
	return (int16_t)cti__get16(s);
}

static void put_lin(uint32_t codec, uint8_t *d, int v)
{
	int16_t s = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);

	if (codec == CTI_REC_ALAW)
		*d = cti_alaw_encode(s);
	else if (codec == CTI_REC_ULAW)
		*d = cti_ulaw_encode(s);
	else
		cti__put16(d, (uint16_t)s);
}

/* One input sample converted to the stored codec, into d. */
static void convert(uint32_t codec, uint32_t fmt, const uint8_t *in, size_t i,
		    uint8_t *d)
{
	int v;

	if (fmt == CTI_PCM_S16)
		v = ((const int16_t *)(const void *)in)[i];
	else if (fmt == CTI_PCM_ALAW)
		v = cti__alaw_to_lin(in[i]);
	else
		v = cti__ulaw_to_lin(in[i]);
	put_lin(codec, d, v);
}

/* ---- the header -----------------------------------------------------------
 */

static bool text_ok(const char *s, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strnlen(s, cap), i = 0;

	if (n == cap)
		return false;
	while (i < n) {
		unsigned c = p[i], len, k;
		uint32_t cp;

		if (c < 0x20 || c == 0x7f)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
		if (!len || c > 0xF4 || i + len > n)
			return false;
		cp = c & (0x3F >> (len - 1));
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3F);
		}
		if ((len == 3 &&
		     (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return false;
		i += len;
	}
	return true;
}

static size_t meta_text(char *out, size_t cap, const struct cti_rec_meta *m,
			int64_t start, int64_t retain_until)
{
	int n = snprintf(out, cap,
			 "call_id=%llu\nstart_epoch_ms=%lld\nani=%s\ndnis=%s\n"
			 "agent=%s\nqueue=%s\naccount=%s\nchannels=%u\n"
			 "retain_until_epoch_ms=%lld\n",
			 (unsigned long long)m->call_id, (long long)start,
			 m->ani, m->dnis, m->agent, m->queue, m->account,
			 m->channels ? m->channels : 2,
			 (long long)retain_until);

	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

static void call_free(struct cti_rec_call *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	cti__flusher_tag_put(c->r->flusher, c->sync_tag);
	cti__gcm_free(&c->gcm);
	cti__sha256_free(&c->chain_h);
	free(c->pcm[0]);
	free(c->rank[0]);
	free(c->blk);
	free(c->part);
	free(c->final);
	free(c);
}

static void unlink_call(struct cti_rec_call *c)
{
	struct cti_rec *r = c->r;

	if (c->prev)
		c->prev->next = c->next;
	else if (r->calls == c)
		r->calls = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->next = c->prev = NULL;
}

static bool meta_ok(const struct cti_rec_meta *m)
{
	return text_ok(m->ani, sizeof(m->ani)) &&
	       text_ok(m->dnis, sizeof(m->dnis)) &&
	       text_ok(m->agent, sizeof(m->agent)) &&
	       text_ok(m->queue, sizeof(m->queue)) &&
	       text_ok(m->account, sizeof(m->account)) && m->channels <= 2 &&
	       m->retention_days <= 36600;
}

CTI_EXTERN int cti_rec_start(cti_rec_t *r, cti_rec_call_t **out,
			     const struct cti_rec_meta *m)
{
	struct cti_rec_call *c;
	uint8_t dk[32], hh[32], mh[32];
	char day[11], dirp[4096], meta[1024], body[600], hx[65], mx[65];
	uint8_t *hb = NULL;
	size_t hl, ml, slot;
	int64_t start, retain;
	unsigned i;
	int rc;

	if (out)
		*out = NULL;
	if (!r || !out || !m)
		return CTI_EINVAL;
	if (!r->n_rcpt) {
		cti__rec_log(r, CTI_LOG_ERROR,
			     "no recipient key: nobody could read it");
		return CTI_EINVAL;
	}
	if (!meta_ok(m))
		return CTI_EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return CTI_ENOMEM;
	c->r = r;
	c->fd = -1;
	if (r->flusher && (rc = cti__flusher_tag_new(&c->sync_tag))) {
		free(c);
		return rc;
	}
	start = m->start_epoch_ms ? m->start_epoch_ms : cti__rec_now(r);
	retain = start + (int64_t)(m->retention_days
					   ? m->retention_days
					   : CTI_REC_RETENTION_DEFAULT_DAYS) *
				 86400000LL;
	c->start_epoch_ms = start;
	c->retain_until = retain;
	c->meta = *m;
	c->meta.start_epoch_ms = start;
	c->channels = m->channels ? m->channels : 2;
	c->C = r->chunk_frames;
	c->bps = cti__codec_bytes(r->codec) * c->channels;
	if ((rc = cti__random(c->hdr.rec_id, 16)) ||
	    (rc = cti__random(dk, sizeof(dk))))
		goto fail;
	cti__hex(c->id, c->hdr.rec_id, 16);
	c->hdr.version = CTI__REC_VERSION;
	c->hdr.codec = (uint16_t)r->codec;
	c->hdr.channels = (uint16_t)c->channels;
	c->hdr.rate = 8000;
	c->hdr.chunk_frames = c->C;
	c->hdr.start_epoch_ms = start;
	memcpy(c->hdr.signer_id, r->signer.id, 8);
	c->hdr.n_recipients = (uint16_t)r->n_rcpt;
	for (i = 0; i < r->n_rcpt; i++) {
		struct cti__wrap *w = &c->hdr.recipients[i];

		rc = r->rcpt[i].kind == CTI_REC_KEY_RECIPIENT_RSA
			     ? cti__rsa_wrap(&r->rcpt[i], c->hdr.rec_id, dk, w)
			     : cti__wrap_key(r->rcpt[i].pub, c->hdr.rec_id, dk,
					     NULL, w);
		if (rc)
			goto fail;
	}
	rc = cti__gcm_init(&c->gcm, dk);
	cti__wipe(dk, sizeof(dk));
	if (rc || (rc = cti__sha256_init(&c->chain_h)))
		goto fail;
	cti__chain_seed(c->hdr.rec_id, c->chain);
	cti__meta_chain_seed(c->hdr.rec_id, c->mchain);

	/* Buffers: two slots per channel, stored codec, rank per sample. */
	slot = (size_t)2 * c->C;
	c->pcm[0] = malloc(slot * c->bps);
	c->blk = malloc(CTI__REC_PREFIX + CTI__AUDIO_FIXED + c->C * c->bps +
			CTI__GCM_TAG + CTI__SHA256_LEN);
	if (!c->pcm[0] || !c->blk) {
		rc = CTI_ENOMEM;
		goto fail;
	}
	if (c->channels == 1) {
		/* mono: each side kept apart, summed when sealed */
		free(c->pcm[0]);
		c->pcm[0] = malloc(slot * c->bps * 2);
		if (!c->pcm[0]) {
			rc = CTI_ENOMEM;
			goto fail;
		}
		c->pcm[1] = (int16_t *)(void *)((uint8_t *)c->pcm[0] +
						slot * c->bps);
		memset(c->pcm[0], silence_of(r->codec), slot * c->bps * 2);
	} else {
		memset(c->pcm[0], silence_of(r->codec), slot * c->bps);
	}

	cti__day_of(start, day);
	snprintf(c->relpath, sizeof(c->relpath), "%s/%s.ctr", day, c->id);
	snprintf(dirp, sizeof(dirp), "%s/%s", r->dir, day);
	if (mkdir(dirp, 0750) && errno != EEXIST) {
		cti__rec_log(r, CTI_LOG_ERROR, "%s: %s", dirp, strerror(errno));
		rc = CTI_EIO;
		goto fail;
	}
	if (asprintf(&c->final, "%s/%s", r->dir, c->relpath) < 0 ||
	    asprintf(&c->part, "%s.part", c->final) < 0) {
		c->final = c->part = NULL;
		rc = CTI_ENOMEM;
		goto fail;
	}
	/* customer data: 0600 whatever the umask */
	c->fd = open(c->part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (c->fd >= 0 && fchmod(c->fd, 0600)) {
		close(c->fd);
		c->fd = -1;
		unlink(c->part);
	}
	if (c->fd < 0) {
		cti__rec_log(r, CTI_LOG_ERROR, "%s: %s", c->part,
			     strerror(errno));
		rc = errno == ENOSPC ? CTI_ENOSPC : CTI_EIO;
		goto fail;
	}
	ml = meta_text(meta, sizeof(meta), m, start, retain);
	hb = malloc(CTI__REC_MAGIC_LEN + 2 * CTI__REC_PREFIX + CTI__HDR_FIXED +
		    (CTI__HDR_RECIPIENT + CTI__RSA_MAX_CT) *
			    CTI_REC_MAX_RECIPIENTS +
		    ml);
	if (!hb || !ml) {
		rc = CTI_ENOMEM;
		goto fail;
	}
	memcpy(hb, CTI__REC_MAGIC, CTI__REC_MAGIC_LEN);
	hl = cti__enc_header(hb + CTI__REC_MAGIC_LEN, &c->hdr);
	cti__sha256(hb + CTI__REC_MAGIC_LEN, hl, hh);
	cti__enc_meta(hb + CTI__REC_MAGIC_LEN + hl, meta, ml);
	cti__sha256(hb + CTI__REC_MAGIC_LEN + hl, CTI__REC_PREFIX + ml, mh);
	hl += CTI__REC_MAGIC_LEN + CTI__REC_PREFIX + ml;
	if ((rc = cti__write_all(c->fd, hb, hl)))
		goto fail;
	c->bytes = hl;
	if (r->sync != CTI_REC_SYNC_NONE &&
	    (fdatasync(c->fd) || cti__fsync_dir_of(c->part))) {
		rc = CTI_EIO;
		goto fail;
	}
	cti__hex(hx, hh, 32);
	cti__hex(mx, mh, 32);
	snprintf(body, sizeof(body),
		 "id=%s file=%s start=%lld header=%s meta=%s "
		 "retain_until=%lld",
		 c->id, c->relpath, (long long)start, hx, mx,
		 (long long)retain);
	if ((rc = cti__rec_ledger_append(r, "open", body))) {
		cti__rec_log(r, CTI_LOG_ERROR, "%s: ledger: %s", c->id,
			     cti_strerror(rc));
		unlink(c->part);
		goto fail;
	}
	free(hb);
	if (r->index) {
		struct cti_rec_file_info in;

		memset(&in, 0, sizeof(in));
		memcpy(in.id, c->id, sizeof(in.id));
		in.call_id = m->call_id;
		in.start_epoch_ms = start;
		in.retain_until_epoch_ms = retain;
		memcpy(in.ani, m->ani, sizeof(in.ani));
		memcpy(in.dnis, m->dnis, sizeof(in.dnis));
		memcpy(in.agent, m->agent, sizeof(in.agent));
		memcpy(in.queue, m->queue, sizeof(in.queue));
		memcpy(in.account, m->account, sizeof(in.account));
		cti__rec_index(r, c->relpath, &in, CTI_STORE_REC_RECORDING);
	}
	c->next = r->calls;
	if (r->calls)
		r->calls->prev = c;
	r->calls = c;
	cti__rec_log(r, CTI_LOG_INFO, "recording %s started (call %llu)", c->id,
		     (unsigned long long)m->call_id);
	*out = c;
	return 0;
fail:
	cti__wipe(dk, sizeof(dk));
	free(hb);
	if (c->fd >= 0 && c->part)
		unlink(c->part);
	call_free(c);
	return rc;
}

CTI_EXTERN const char *cti_rec_call_id(const cti_rec_call_t *c)
{
	return c ? c->id : "";
}

/* ---- sealing ------------------------------------------------------------- */

/* A block written under SYNC_CHUNK reaches the disk: through the sync
 * thread (flusher.c), or inline if there is none. */
static int chunk_sync(struct cti_rec_call *c)
{
	if (c->r->sync != CTI_REC_SYNC_CHUNK)
		return 0;
	if (c->sync_tag)
		return cti__flusher_sync(c->r->flusher, c->sync_tag, c->fd);
	return fdatasync(c->fd) ? CTI_EIO : 0;
}

/* Seal and write the block in c->blk: its plaintext is at src (NULL:
 * already in place in the block). */
static int emit(struct cti_rec_call *c, uint8_t type, size_t fixed,
		size_t ct_len, const uint8_t *src)
{
	uint8_t nonce[CTI__GCM_NONCE], aad[16 + CTI__REC_PREFIX + 48];
	uint8_t *b = c->blk, *ct = b + CTI__REC_PREFIX + fixed;
	size_t body = fixed + ct_len + CTI__GCM_TAG + CTI__SHA256_LEN;
	size_t aad_len, total = CTI__REC_PREFIX + body;
	int rc;

	b[0] = type;
	b[1] = b[2] = b[3] = 0;
	cti__put32(b + 4, (uint32_t)body);
	cti__chunk_nonce(nonce, c->index, type);
	aad_len = cti__chunk_aad(aad, c->hdr.rec_id, b, fixed);
	rc = cti__gcm_seal(&c->gcm, nonce, aad, aad_len, src ? src : ct, ct_len,
			   ct, ct + ct_len);
	if (rc)
		return rc;
	cti__chain_next(&c->chain_h, c->chain, b, total, c->chain);
	memcpy(b + total - CTI__SHA256_LEN, c->chain, CTI__SHA256_LEN);
	if ((rc = cti__write_all(c->fd, b, total)))
		return rc;
	c->bytes += total;
	return chunk_sync(c);
}

/* What the pause spans make of position p: 0 keep, or the mode. */
static uint32_t paused_at(const struct cti_rec_call *c, uint64_t p)
{
	unsigned i;

	for (i = 0; i < c->n_spans; i++)
		if (p >= c->spans[i].from && p < c->spans[i].to)
			return c->spans[i].mode;
	return 0;
}

/* Seal frames [a, a + len) of one slot, cut around paused spans. */
static int seal(struct cti_rec_call *c, uint64_t a, uint32_t len)
{
	uint32_t codec = c->r->codec, sb = cti__codec_bytes(codec);
	size_t base = (size_t)((a / c->C) & 1) * c->C, k, j;
	uint64_t p = a, end = a + len;
	uint8_t sil = silence_of(codec);
	int rc;

	while (p < end) {
		uint64_t q;
		uint32_t flags = 0, n;
		uint8_t *b = c->blk, *pt;
		const uint8_t *src;

		if (c->n_spans) {
			while (p < end && paused_at(c, p) == CTI_REC_PAUSE)
				p++;
			if (p == end)
				break;
			for (q = p; q < end && paused_at(c, q) != CTI_REC_PAUSE;
			     q++)
				if (paused_at(c, q) == CTI_REC_MASK)
					flags |= CTI__CHUNK_FLAG_MASKED;
		} else {
			q = end;
		}
		n = (uint32_t)(q - p);
		pt = b + CTI__REC_PREFIX + CTI__AUDIO_FIXED;
		k = base + (size_t)(p - a) + (size_t)(a % c->C);
		src = NULL;
		if (c->channels == 2 && !flags) {
			/* encrypted straight from the slot */
			src = (uint8_t *)c->pcm[0] + k * c->bps;
		} else if (c->channels == 2) {
			memcpy(pt, (uint8_t *)c->pcm[0] + k * c->bps,
			       (size_t)n * c->bps);
		} else {
			const uint8_t *l = (uint8_t *)c->pcm[0] + k * sb;
			const uint8_t *rr = (uint8_t *)c->pcm[1] + k * sb;

			for (j = 0; j < n; j++)
				put_lin(codec, pt + j * sb,
					lin_of(codec, l + j * sb) +
						lin_of(codec, rr + j * sb));
		}
		if (flags) {
			for (j = 0; j < n; j++) {
				if (paused_at(c, p + j) != CTI_REC_MASK)
					continue;
				if (sb == 1)
					memset(pt + j * c->bps, sil, c->bps);
				else
					memset(pt + j * c->bps, 0, c->bps);
			}
		}
		cti__put64(b + CTI__REC_PREFIX, c->index);
		cti__put64(b + CTI__REC_PREFIX + 8, p);
		cti__put32(b + CTI__REC_PREFIX + 16, n);
		cti__put32(b + CTI__REC_PREFIX + 20, flags);
		if ((rc = emit(c, CTI__BLK_AUDIO, CTI__AUDIO_FIXED,
			       (size_t)n * c->bps, src)))
			return rc;
		c->index++;
		c->frames += n;
		p = q;
	}
	return 0;
}

/* Clear a slot for reuse and forget pause spans wholly behind us. */
static void clear_slot(struct cti_rec_call *c, uint64_t a)
{
	size_t base = (size_t)((a / c->C) & 1) * c->C;
	uint32_t codec = c->r->codec;
	unsigned i, k = 0;
	size_t sb = cti__codec_bytes(codec);
	size_t per = c->channels == 2 ? c->bps : sb;

	memset((uint8_t *)c->pcm[0] + base * per, silence_of(codec),
	       c->C * per);
	if (c->channels == 1)
		memset((uint8_t *)c->pcm[1] + base * per, silence_of(codec),
		       c->C * per);
	if (c->rank[0]) {
		memset(c->rank[0] + base, 0, c->C);
		memset(c->rank[1] + base, 0, c->C);
	} else {
		unsigned ch, r, j, m;

		for (ch = 0; ch < 2; ch++)
			for (r = 1; r < 3; r++) {
				struct cti__cover *cv = &c->cover[ch][r];

				for (j = m = 0; j < cv->n; j++) {
					if (cv->to[j] <= c->horizon)
						continue;
					cv->from[m] = cv->from[j] > c->horizon
							      ? cv->from[j]
							      : c->horizon;
					cv->to[m++] = cv->to[j];
				}
				cv->n = m;
			}
	}
	for (i = 0; i < c->n_spans; i++)
		if (c->spans[i].to > c->horizon)
			c->spans[k++] = c->spans[i];
	c->n_spans = k;
}

static int fail(struct cti_rec_call *c, int rc)
{
	cti__rec_log(c->r, CTI_LOG_ERROR,
		     "recording %s: writing %s: %s; kept as truncated", c->id,
		     c->part, cti_strerror(rc));
	c->failed = true;
	return rc;
}

/* Seal the slot at the horizon (a whole chunk) and move on. */
static int advance(struct cti_rec_call *c)
{
	uint64_t a = c->horizon;
	int rc = seal(c, a, c->C);

	if (rc)
		return fail(c, rc);
	c->horizon += c->C;
	clear_slot(c, a);
	return 0;
}

/* ---- the tap --------------------------------------------------------------
 */

static bool cover_hits(const struct cti__cover *cv, uint64_t p, uint64_t q)
{
	unsigned i;

	for (i = 0; i < cv->n; i++)
		if (cv->from[i] < q && p < cv->to[i])
			return true;
	return false;
}

/* Add [p, q) (touching none of cv); -1 when it would need a ninth
 * interval. */
static int cover_add(struct cti__cover *cv, uint64_t p, uint64_t q)
{
	unsigned i, k;

	for (i = 0; i < cv->n; i++) {
		if (cv->to[i] == p) {
			cv->to[i] = q;
			/* it may now touch the next one */
			if (i + 1 < cv->n && cv->from[i + 1] == q) {
				cv->to[i] = cv->to[i + 1];
				for (k = i + 1; k + 1 < cv->n; k++) {
					cv->from[k] = cv->from[k + 1];
					cv->to[k] = cv->to[k + 1];
				}
				cv->n--;
			}
			return 0;
		}
		if (cv->from[i] == q) {
			cv->from[i] = p;
			return 0;
		}
		if (cv->from[i] > q)
			break;
	}
	if (cv->n == CTI__MAX_COVER)
		return -1;
	for (k = cv->n; k > i; k--) {
		cv->from[k] = cv->from[k - 1];
		cv->to[k] = cv->to[k - 1];
	}
	cv->from[i] = p;
	cv->to[i] = q;
	cv->n++;
	return 0;
}

/* From covers to per-sample ranks, for good. */
static int to_per_sample(struct cti_rec_call *c)
{
	size_t slot = (size_t)2 * c->C;
	unsigned ch, r, i;
	uint64_t p;

	c->rank[0] = calloc(slot * 2, 1);
	if (!c->rank[0])
		return CTI_ENOMEM;
	c->rank[1] = c->rank[0] + slot;
	for (ch = 0; ch < 2; ch++)
		for (r = 1; r < 3; r++) {
			const struct cti__cover *cv = &c->cover[ch][r];

			for (i = 0; i < cv->n; i++)
				for (p = cv->from[i]; p < cv->to[i]; p++) {
					size_t k = (size_t)((p / c->C) & 1) *
							   c->C +
						   (size_t)(p % c->C);

					if (c->rank[ch][k] < r)
						c->rank[ch][k] = (uint8_t)r;
				}
		}
	return 0;
}

CTI_EXTERN int cti_rec_call_tap(cti_rec_call_t *c,
				const struct cti_rec_frame *f)
{
	uint32_t codec, sb, ch, rank;
	const uint8_t *in;
	uint64_t pos, end;
	size_t i0 = 0;
	int rc;

	if (!c || !f || (!f->samples && f->n) || f->fmt > CTI_PCM_ULAW ||
	    (f->role != CTI_REC_CALLER && f->role != CTI_REC_AGENT) ||
	    (f->dir != CTI_REC_FROM_PARTY && f->dir != CTI_REC_TO_PARTY) ||
	    f->n > CTI__AUDIO_MAX_FRAMES || f->pos > (UINT64_MAX >> 2))
		return CTI_EINVAL;
	if (c->failed)
		return CTI_ESTATE;
	if (!f->n)
		return 0;
	codec = c->r->codec;
	sb = cti__codec_bytes(codec);
	/* left: caller's voice, else what the agent heard; right: what the
	 * caller heard, else the agent's voice */
	ch = (f->role == CTI_REC_CALLER) == (f->dir == CTI_REC_FROM_PARTY) ? 0
									   : 1;
	rank = f->role == CTI_REC_CALLER ? 2 : 1;
	pos = f->pos;
	end = pos + f->n;
	if (end <= c->horizon) {
		c->late += f->n;
		return 0;
	}
	if (pos < c->horizon) {
		i0 = (size_t)(c->horizon - pos);
		c->late += i0;
		pos = c->horizon;
	}
	while (end > c->horizon + 2 * (uint64_t)c->C)
		if ((rc = advance(c)))
			return rc;
	in = f->samples;
	while (pos < end) {
		/* one run within one slot: no division per sample */
		size_t off = (size_t)(pos % c->C);
		size_t k0 = (size_t)((pos / c->C) & 1) * c->C + off;
		size_t seg = c->C - off, j;
		uint8_t *rk, *d;
		size_t stride;

		if (seg > end - pos)
			seg = (size_t)(end - pos);
		if (c->channels == 2) {
			d = (uint8_t *)c->pcm[0] + k0 * c->bps + ch * sb;
			stride = c->bps;
		} else {
			d = (uint8_t *)c->pcm[ch] + k0 * sb;
			stride = sb;
		}
		if (!c->rank[0] && f->fmt == codec && sb == 1) {
			/* the usual case: G.711 in, G.711 stored, nothing of
			 * this rank or above here yet: the bytes as they
			 * crossed, and no per-sample bookkeeping */
			struct cti__cover *same = &c->cover[ch][rank];
			const uint8_t *s = in + i0;

			if (!cover_hits(same, pos, pos + seg) &&
			    (rank == 2 ||
			     !cover_hits(&c->cover[ch][2], pos, pos + seg))) {
				for (j = 0; j < seg; j++)
					d[j * stride] = s[j];
				/* the next frame lands just after this one,
				 * a whole tick of other calls later: ask for
				 * its cache lines now */
				if (off + 2 * seg <= c->C)
					for (j = 0; j < seg * stride; j += 64)
						__builtin_prefetch(
							d + seg * stride + j, 1,
							1);
				if (cover_add(same, pos, pos + seg) == 0) {
					pos += seg;
					i0 += seg;
					continue;
				}
				if ((rc = to_per_sample(c)))
					return rc;
				memset(&c->rank[ch][k0], (int)rank, seg);
				pos += seg;
				i0 += seg;
				continue;
			}
		}
		if (!c->rank[0] && (rc = to_per_sample(c)))
			return rc;
		rk = &c->rank[ch][k0];
		if (f->fmt == codec && sb == 1) {
			const uint8_t *s = in + i0;

			for (j = 0; j < seg; j++) {
				if (rank > rk[j]) {
					d[j * stride] = s[j];
					rk[j] = (uint8_t)rank;
				} else if (rank == rk[j]) {
					put_lin(codec, d + j * stride,
						lin_of(codec, d + j * stride) +
							lin_of(codec, s + j));
				}
			}
		} else {
			for (j = 0; j < seg; j++) {
				uint8_t tmp[2];

				if (rank < rk[j])
					continue;
				convert(codec, f->fmt, in, i0 + j, tmp);
				if (rank > rk[j]) {
					memcpy(d + j * stride, tmp, sb);
					rk[j] = (uint8_t)rank;
				} else {
					put_lin(codec, d + j * stride,
						lin_of(codec, d + j * stride) +
							lin_of(codec, tmp));
				}
			}
		}
		pos += seg;
		i0 += seg;
	}
	if (end > c->max_pos)
		c->max_pos = end;
	return 0;
}

CTI_EXTERN int cti_rec_call_pause(cti_rec_call_t *c, uint64_t pos,
				  uint32_t mode)
{
	if (!c || (mode != CTI_REC_PAUSE && mode != CTI_REC_MASK))
		return CTI_EINVAL;
	if (c->paused)
		return CTI_EALREADY;
	if (pos < c->horizon)
		return CTI_ERANGE;
	if (c->n_spans == CTI__MAX_SPANS)
		return CTI_ENOSPC;
	c->spans[c->n_spans].from = pos;
	c->spans[c->n_spans].to = UINT64_MAX;
	c->spans[c->n_spans++].mode = mode;
	c->paused = true;
	c->pauses++;
	cti__rec_log(c->r, CTI_LOG_INFO, "recording %s: %s at %llu", c->id,
		     mode == CTI_REC_PAUSE ? "paused" : "masked",
		     (unsigned long long)pos);
	return 0;
}

CTI_EXTERN int cti_rec_call_resume(cti_rec_call_t *c, uint64_t pos)
{
	struct cti__pause_span *s;

	if (!c)
		return CTI_EINVAL;
	if (!c->paused)
		return CTI_EALREADY;
	s = &c->spans[c->n_spans - 1];
	if (pos < s->from)
		return CTI_ERANGE;
	s->to = pos;
	c->paused = false;
	cti__rec_log(c->r, CTI_LOG_INFO, "recording %s: resumed at %llu", c->id,
		     (unsigned long long)pos);
	return 0;
}

/* ---- metadata learnt after the start ----------------------------------- */

CTI_EXTERN int cti_rec_call_meta(const cti_rec_call_t *c,
				 struct cti_rec_meta *m)
{
	if (!c || !m)
		return CTI_EINVAL;
	*m = c->meta;
	return 0;
}

/* Write the update block now, after the chunks sealed so far: the
 * buffered ones follow it, so `after` and `pos` say from where on it
 * holds. */
CTI_EXTERN int cti_rec_call_update_meta(cti_rec_call_t *c,
					const struct cti_rec_meta *m)
{
	struct cti_rec_meta nm;
	uint8_t nonce[CTI__GCM_NONCE], dummy[16], *blk, *aad, *tag;
	char text[1024];
	size_t tl, bl, al;
	int rc;

	if (!c || !m || !meta_ok(m))
		return CTI_EINVAL;
	if (c->failed)
		return CTI_ESTATE;
	if (c->updates == CTI__MAX_UPDATES)
		return CTI_ENOSPC;
	/* what the recording is, when, how long kept: fixed at the start */
	nm = *m;
	nm.call_id = c->meta.call_id;
	nm.start_epoch_ms = c->start_epoch_ms;
	nm.channels = c->meta.channels;
	nm.retention_days = c->meta.retention_days;
	tl = meta_text(text, sizeof(text), &nm, c->start_epoch_ms,
		       c->retain_until);
	if (!tl)
		return CTI_EINVAL;
	bl = CTI__REC_PREFIX + CTI__UPDATE_FIXED + tl + CTI__GCM_TAG +
	     CTI__SHA256_LEN;
	blk = malloc(bl);
	aad = malloc(16 + CTI__REC_PREFIX + CTI__UPDATE_FIXED + tl);
	if (!blk || !aad) {
		free(blk);
		free(aad);
		return CTI_ENOMEM;
	}
	cti__enc_update(blk, c->updates, c->index, c->horizon, text, tl);
	al = cti__update_aad(aad, c->hdr.rec_id, blk);
	cti__chunk_nonce(nonce, c->updates, CTI__BLK_META_UPDATE);
	tag = blk + bl - CTI__SHA256_LEN - CTI__GCM_TAG;
	rc = cti__gcm_seal(&c->gcm, nonce, aad, al, NULL, 0, dummy, tag);
	if (!rc) {
		cti__chain_next(&c->chain_h, c->mchain, blk, bl, c->mchain);
		memcpy(blk + bl - CTI__SHA256_LEN, c->mchain, CTI__SHA256_LEN);
		rc = cti__write_all(c->fd, blk, bl);
	}
	if (!rc)
		rc = chunk_sync(c);
	free(blk);
	free(aad);
	if (rc)
		return fail(c, rc);
	c->bytes += bl;
	c->updates++;
	c->meta = nm;
	cti__rec_log(c->r, CTI_LOG_INFO,
		     "recording %s: metadata update %llu at %llu", c->id,
		     (unsigned long long)(c->updates - 1),
		     (unsigned long long)c->horizon);
	if (c->r->index) {
		struct cti_rec_file_info in;

		memset(&in, 0, sizeof(in));
		memcpy(in.id, c->id, sizeof(in.id));
		in.call_id = nm.call_id;
		in.start_epoch_ms = c->start_epoch_ms;
		in.retain_until_epoch_ms = c->retain_until;
		memcpy(in.ani, nm.ani, sizeof(in.ani));
		memcpy(in.dnis, nm.dnis, sizeof(in.dnis));
		memcpy(in.agent, nm.agent, sizeof(in.agent));
		memcpy(in.queue, nm.queue, sizeof(in.queue));
		memcpy(in.account, nm.account, sizeof(in.account));
		cti__rec_index(c->r, c->relpath, &in, CTI_STORE_REC_RECORDING);
	}
	return 0;
}

/* ---- the end ------------------------------------------------------------ */

static int finish(struct cti_rec_call *c, int64_t end_ms)
{
	uint8_t *b = c->blk + CTI__REC_PREFIX;
	int rc;

	while (c->horizon < c->max_pos) {
		uint64_t a = c->horizon;
		uint32_t n = (uint32_t)(c->max_pos - a < c->C ? c->max_pos - a
							      : c->C);

		if ((rc = seal(c, a, n)))
			return rc;
		c->horizon += n;
		if (n == c->C)
			clear_slot(c, a);
	}
	cti__put64(b, c->index);
	cti__put64(b + 8, c->max_pos);
	cti__put64(b + 16, c->frames);
	cti__put64(b + 24, (uint64_t)end_ms);
	cti__put32(b + 32, c->pauses);
	cti__put32(b + 36, (uint32_t)c->updates);
	/* the final's link binds the updates' chain too */
	cti__final_prev(c->chain, c->updates ? c->mchain : NULL, c->chain);
	if ((rc = emit(c, CTI__BLK_FINAL, CTI__FINAL_FIXED, 0, NULL)))
		return rc;
	if (c->sync_tag && cti__flusher_error(c->r->flusher, c->sync_tag))
		return CTI_EIO; /* a chunk the disk refused: not complete */
	if (c->r->sync != CTI_REC_SYNC_NONE && fsync(c->fd))
		return CTI_EIO;
	if (close(c->fd)) {
		c->fd = -1;
		return CTI_EIO;
	}
	c->fd = -1;
	if (rename(c->part, c->final))
		return CTI_EIO;
	if (c->r->sync != CTI_REC_SYNC_NONE && cti__fsync_dir_of(c->final))
		return CTI_EIO;
	return 0;
}

CTI_EXTERN int cti_rec_call_stop(cti_rec_call_t *c, struct cti_rec_info *info)
{
	struct cti_rec *r;
	char body[600], ch[65];
	int64_t end_ms;
	int rc = CTI_ESTATE;

	if (!c)
		return CTI_EINVAL;
	r = c->r;
	end_ms = cti__rec_now(r);
	if (!c->failed)
		rc = finish(c, end_ms);
	if (!rc) {
		int n;

		cti__hex(ch, c->chain, 32);
		n = snprintf(body, sizeof(body),
			     "id=%s file=%s status=complete chunks=%llu "
			     "frames=%llu end_pos=%llu size=%llu chain=%s",
			     c->id, c->relpath, (unsigned long long)c->index,
			     (unsigned long long)c->frames,
			     (unsigned long long)c->max_pos,
			     (unsigned long long)c->bytes, ch);
		if (c->updates) {
			cti__hex(ch, c->mchain, 32);
			snprintf(body + n, sizeof(body) - (size_t)n,
				 " updates=%llu meta_chain=%s",
				 (unsigned long long)c->updates, ch);
		}
		rc = cti__rec_ledger_append(r, "close", body);
	}
	if (!rc && r->index) {
		struct cti_rec_file_info in;

		if (!cti_rec_file_info(c->final, &in, NULL, 0))
			cti__rec_index(r, c->relpath, &in,
				       CTI_STORE_REC_COMPLETE);
	}
	if (rc)
		cti__rec_log(r, CTI_LOG_ERROR,
			     "recording %s not closed (%s): the next open "
			     "recovers it as truncated",
			     c->id, cti_strerror(rc));
	else
		cti__rec_log(r, CTI_LOG_INFO,
			     "recording %s closed: %llu chunks, %.1f s", c->id,
			     (unsigned long long)c->index,
			     (double)c->max_pos / 8000.0);
	if (info) {
		memset(info, 0, sizeof(*info));
		memcpy(info->id, c->id, sizeof(info->id));
		info->chunks = c->index;
		info->frames = c->frames;
		info->end_pos = c->max_pos;
		info->late_frames = c->late;
		info->bytes = c->bytes;
		info->start_epoch_ms = c->start_epoch_ms;
		info->end_epoch_ms = end_ms;
		info->pauses = c->pauses;
	}
	unlink_call(c);
	call_free(c);
	return rc;
}

void cti__rec_call_abandon(struct cti_rec_call *c)
{
	unlink_call(c);
	call_free(c);
}
