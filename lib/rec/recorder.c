// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The recorder: its directory and lock, its keys, the ledger's head and
 * appends, and the recovery of recordings a crash left open.
 *
 *   DIR/.lock               flock()ed by the one recorder of DIR
 *   DIR/signer.pub          the signing key's public half (convenience:
 *                           verify against a copy kept elsewhere)
 *   DIR/ledger/DAY.log      the ledgers
 *   DIR/DAY/ID.ctr          recordings (DAY of their start, UTC)
 *   DIR/DAY/ID.ctr.part     a recording being written
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/util.h"
#include "rec/rec.h"

void cti__rec_log(const struct cti_rec *r, int level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!cti__log_enabled(r->ctx, level))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cti__log(r->ctx, level, "rec", "%s: %s", r->dir, msg);
}

static int64_t real_clock(void *user)
{
	struct timespec ts;

	(void)user;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t cti__rec_now(const struct cti_rec *r)
{
	return r->clock(r->clock_user);
}

int cti__fsync_dir_of(const char *path)
{
	char d[4096];
	char *slash;
	int fd, rc = 0;

	snprintf(d, sizeof(d), "%s", path);
	slash = strrchr(d, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(d, ".");
	fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd))
		rc = -errno;
	close(fd);
	return rc;
}

int cti__map_file(const char *path, const uint8_t **p, size_t *len)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	void *m;

	*p = NULL;
	*len = 0;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &sb)) {
		close(fd);
		return CTI_EIO;
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return CTI_EFORMAT;
	}
	if (sb.st_size == 0) {
		close(fd);
		return 0;
	}
	m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return CTI_ENOMEM;
	*p = m;
	*len = (size_t)sb.st_size;
	return 0;
}

void cti__unmap_file(const uint8_t *p, size_t len)
{
	if (p)
		munmap((void *)p, len);
}

/* ---- the ledger's head --------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The newest ledger file's name (DAY.log) into day, or "" if none. */
static int newest_ledger(const char *dir, char day[11])
{
	char path[4096];
	DIR *d;
	struct dirent *de;

	day[0] = '\0';
	snprintf(path, sizeof(path), "%s/ledger", dir);
	d = opendir(path);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		char n[11];

		if (strlen(de->d_name) != 14 || strcmp(de->d_name + 10, ".log"))
			continue;
		memcpy(n, de->d_name, 10);
		n[10] = '\0';
		if (cti__is_day(n) && strcmp(n, day) > 0)
			strcpy(day, n);
	}
	closedir(d);
	return 0;
}

/* Read the head (last seq and hash) from the newest ledger; cut a line a
 * crash left half-written (it was never acknowledged). */
static int load_head(struct cti_rec *r, bool *signer_differs)
{
	char day[11], path[4096];
	const uint8_t *buf;
	struct cti__ledger l;
	size_t len;
	const char *sid = NULL;
	char myid[17];
	size_t i;
	int rc;

	*signer_differs = false;
	memset(r->head, 0, 32);
	r->seq = 0;
	if ((rc = newest_ledger(r->dir, day)) || !day[0])
		return rc;
	snprintf(path, sizeof(path), "%s/ledger/%s.log", r->dir, day);
	if ((rc = cti__map_file(path, &buf, &len)))
		return rc;
	rc = cti__ledger_parse((const char *)buf, len, &l);
	if (!rc && l.bad_line) {
		cti__rec_log(r, CTI_LOG_ERROR,
			     "ledger %s: %s; the ledger must be repaired "
			     "before recording goes on (cti-rec verify)",
			     path, l.why);
		rc = CTI_EFORMAT;
	}
	if (!rc && l.partial_tail) {
		cti__rec_log(r, CTI_LOG_WARNING,
			     "ledger %s: a half-written last line (a crash) "
			     "is cut off",
			     path);
		if (truncate(path, (off_t)l.good_len))
			rc = CTI_EIO;
	}
	if (!rc && l.n) {
		r->seq = l.e[l.n - 1].seq;
		memcpy(r->head, l.e[l.n - 1].hash, 32);
		for (i = 0; i < l.n; i++)
			if (!strcmp(l.e[i].type, "begin") ||
			    !strcmp(l.e[i].type, "signer"))
				sid = cti__ledger_get(&l.e[i], "signer");
		cti__hex(myid, r->signer.id, 8);
		*signer_differs = !sid || strcmp(sid, myid);
		strcpy(r->led_day, day);
	}
	cti__ledger_free(&l);
	cti__unmap_file(buf, len);
	return rc;
}

static int open_ledger_day(struct cti_rec *r, const char *day, bool *fresh)
{
	char path[4096];
	struct stat sb;

	if (r->led_fd >= 0)
		close(r->led_fd);
	snprintf(path, sizeof(path), "%s/ledger/%s.log", r->dir, day);
	r->led_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (r->led_fd < 0) {
		cti__rec_log(r, CTI_LOG_ERROR, "ledger %s: %s", path,
			     strerror(errno));
		return CTI_EIO;
	}
	if (fstat(r->led_fd, &sb))
		return CTI_EIO;
	*fresh = sb.st_size == 0;
	strcpy(r->led_day, day);
	if (*fresh)
		return cti__fsync_dir_of(path) ? CTI_EIO : 0;
	return 0;
}

static int append_line(struct cti_rec *r, const char *type, const char *body)
{
	char line[CTI__LEDGER_LINE_MAX];
	uint8_t hash[32];
	int64_t now = cti__rec_now(r);
	int n, rc;

	n = cti__ledger_format(line, r->seq + 1, now, type, body, r->head,
			       r->signer.priv, hash);
	if (n < 0)
		return n;
	if ((rc = cti__write_all(r->led_fd, line, (size_t)n)))
		return rc;
	if (r->sync != CTI_REC_SYNC_NONE && fdatasync(r->led_fd))
		return CTI_EIO;
	r->seq++;
	memcpy(r->head, hash, 32);
	return 0;
}

static int signer_body(const struct cti_rec *r, char *body, size_t cap)
{
	char id[17], pub[65];

	cti__hex(id, r->signer.id, 8);
	cti__hex(pub, r->signer.pub, 32);
	return snprintf(body, cap, "signer=%s pub=%s", id, pub);
}

int cti__rec_ledger_append(struct cti_rec *r, const char *type,
			   const char *body)
{
	char day[11], sb[200];
	bool fresh = false;
	int rc;

	if (!r->signer.priv_present)
		return CTI_EPERM;
	cti__day_of(cti__rec_now(r), day);
	if (r->led_fd < 0 || strcmp(day, r->led_day)) {
		bool same = !strcmp(day, r->led_day);

		if ((rc = open_ledger_day(r, day, &fresh)))
			return rc;
		signer_body(r, sb, sizeof(sb));
		if (fresh && (rc = append_line(r, "begin", sb)))
			return rc;
		(void)same;
	}
	return append_line(r, type, body);
}

void cti__rec_index(struct cti_rec *r, const char *relpath,
		    const struct cti_rec_file_info *in, uint32_t status)
{
	struct cti_store_recording x;
	int rc;

	if (!r->index)
		return;
	memset(&x, 0, sizeof(x));
	memcpy(x.id, in->id, sizeof(x.id));
	snprintf(x.file, sizeof(x.file), "%s", relpath);
	x.call_id = in->call_id;
	x.start_epoch_ms = in->start_epoch_ms;
	x.end_epoch_ms = in->end_epoch_ms;
	x.duration_ms = in->end_pos / 8;
	memcpy(x.ani, in->ani, sizeof(x.ani));
	memcpy(x.dnis, in->dnis, sizeof(x.dnis));
	memcpy(x.agent, in->agent, sizeof(x.agent));
	memcpy(x.queue, in->queue, sizeof(x.queue));
	memcpy(x.account, in->account, sizeof(x.account));
	x.retain_until_epoch_ms = in->retain_until_epoch_ms;
	x.status = status;
	rc = cti_store_put_recording(r->index, &x);
	if (rc)
		cti__rec_log(r, CTI_LOG_ERROR,
			     "recording %s: the store's index was not updated "
			     "(%s); the recording and its ledger are intact",
			     in->id, cti_strerror(rc));
}

/* ---- recovery ----------------------------------------------------------- */

/* What a crash left intact: the longest prefix of whole blocks, in file
 * order, whose chunks chain from the seed in sequence and whose metadata
 * updates chain in theirs. */
struct prefix {
	size_t chunks, updates;
	uint64_t frames, end_pos;
	uint8_t chain[32], mchain[32];
	bool complete;
};

/* Updates stored before audio chunk `i` (SIZE_MAX: before the final),
 * from *u on, while they are intact; false at the first that is not. */
static bool updates_before(const struct cti__rec_parsed *p, size_t i,
			   size_t *u, struct cti__sha256 *h, struct prefix *x,
			   size_t *end)
{
	uint8_t n[32];

	for (; *u < p->n_updates &&
	       (i == SIZE_MAX || p->updates[*u].stored_after == i);
	     (*u)++) {
		const struct cti__rec_update *d = &p->updates[*u];

		if (d->seq != *u || d->after != d->stored_after)
			return false;
		cti__chain_next(h, x->mchain, p->buf + d->off, d->len, n);
		if (memcmp(n, d->chain, 32))
			return false;
		memcpy(x->mchain, n, 32);
		x->updates = *u + 1;
		*end = d->off + d->len;
	}
	return true;
}

static size_t valid_prefix(const struct cti__rec_parsed *p, struct prefix *x)
{
	struct cti__sha256 h;
	uint8_t n[32], prev[32];
	size_t i, u = 0, end = p->header_len;
	bool ok = true;

	memset(x, 0, sizeof(*x));
	cti__chain_seed(p->hdr.rec_id, x->chain);
	cti__meta_chain_seed(p->hdr.rec_id, x->mchain);
	if (cti__sha256_init(&h))
		return 0;
	for (i = 0; i < p->n_chunks; i++) {
		const struct cti__rec_chunk *k = &p->chunks[i];

		if (!(ok = updates_before(p, i, &u, &h, x, &end)))
			break;
		if (k->index != i)
			break;
		cti__chain_next(&h, x->chain, p->buf + k->off, k->len, n);
		if (memcmp(n, k->chain, 32))
			break;
		memcpy(x->chain, n, 32);
		end = k->off + k->len;
		x->chunks = i + 1;
		x->frames += k->frames;
		x->end_pos = k->start_pos + k->frames;
	}
	if (ok && i == p->n_chunks)
		ok = updates_before(p, SIZE_MAX, &u, &h, x, &end);
	if (ok && i == p->n_chunks && u == p->n_updates && p->has_final &&
	    p->final.index == i && p->final.updates == u) {
		cti__final_prev(x->chain, u ? x->mchain : NULL, prev);
		cti__chain_next(&h, prev, p->buf + p->final.off,
				CTI__REC_PREFIX + CTI__FINAL_BODY, n);
		if (!memcmp(n, p->final.chain, 32)) {
			memcpy(x->chain, n, 32);
			end = p->final.off + CTI__REC_PREFIX + CTI__FINAL_BODY;
			x->complete = true;
			x->end_pos = p->final.end_pos;
		}
	}
	cti__sha256_free(&h);
	return end;
}

/* The close entry of a recovered recording. */
static void close_body(char *body, size_t cap, const char *idh,
		       const char *file, const struct prefix *x, size_t keep)
{
	char ch[65];
	int n;

	cti__hex(ch, x->chain, 32);
	n = snprintf(body, cap,
		     "id=%s file=%s status=%s chunks=%zu frames=%llu "
		     "end_pos=%llu size=%zu chain=%s",
		     idh, file, x->complete ? "complete" : "truncated",
		     x->chunks, (unsigned long long)x->frames,
		     (unsigned long long)x->end_pos, keep, ch);
	if (x->updates && n > 0 && (size_t)n < cap) {
		cti__hex(ch, x->mchain, 32);
		snprintf(body + n, cap - (size_t)n,
			 " updates=%zu meta_chain=%s", x->updates, ch);
	}
}

static void recover_one(struct cti_rec *r, const char *day, const char *name)
{
	char part[4096], fin[4096], body[700], idh[33], rel[64];
	struct cti__rec_parsed p;
	struct prefix x;
	const uint8_t *buf;
	size_t len, keep;
	int rc;

	snprintf(part, sizeof(part), "%s/%s/%s", r->dir, day, name);
	snprintf(fin, sizeof(fin), "%s/%s/%.*s", r->dir, day,
		 (int)(strlen(name) - 5), name);
	if ((rc = cti__map_file(part, &buf, &len)))
		return;
	if (cti__rec_parse(buf, len, &p)) {
		cti__rec_log(r, CTI_LOG_ERROR,
			     "recovering %s: %s; left as it is", part, p.why);
		cti__rec_parsed_free(&p);
		cti__unmap_file(buf, len);
		return;
	}
	keep = valid_prefix(&p, &x);
	cti__hex(idh, p.hdr.rec_id, 16);
	cti__rec_parsed_free(&p);
	cti__unmap_file(buf, len);
	if (keep < len && truncate(part, (off_t)keep)) {
		cti__rec_log(r, CTI_LOG_ERROR, "recovering %s: %s", part,
			     strerror(errno));
		return;
	}
	if (rename(part, fin) || cti__fsync_dir_of(fin)) {
		cti__rec_log(r, CTI_LOG_ERROR, "recovering %s: rename: %s",
			     part, strerror(errno));
		return;
	}
	snprintf(rel, sizeof(rel), "%s/%.*s", day, (int)(strlen(name) - 5),
		 name);
	close_body(body, sizeof(body), idh, rel, &x, keep);
	if (cti__rec_ledger_append(r, "close", body)) {
		cti__rec_log(r, CTI_LOG_ERROR, "recovering %s: ledger write",
			     fin);
	} else {
		struct cti_rec_file_info in;

		if (!cti_rec_file_info(fin, &in, NULL, 0))
			cti__rec_index(r, rel, &in,
				       x.complete ? CTI_STORE_REC_COMPLETE
						  : CTI_STORE_REC_TRUNCATED);
		cti__rec_log(r, CTI_LOG_WARNING,
			     "recovered %s: %s at t=%.3f s (%zu chunks)", fin,
			     x.complete ? "complete" : "truncated",
			     (double)x.end_pos / 8000.0, x.chunks);
	}
}

/* Close recordings a crash left renamed but without their "close" entry
 * (the window between the rename and the ledger write): the ledgers of
 * the last two days are searched for opens without a close. */
static void close_orphans(struct cti_rec *r)
{
	char days[2][11], path[4096], body[700], idh[33];
	const uint8_t *bufs[2] = { NULL, NULL };
	size_t lens[2] = { 0, 0 }, d, i, j;
	struct cti__ledger l[2];
	unsigned nd = 0;

	if (newest_ledger(r->dir, days[0]) || !days[0][0])
		return;
	/* the day before the newest one, if there is a ledger for it */
	{
		int64_t t;
		struct tm tm = { 0 };

		sscanf(days[0], "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon,
		       &tm.tm_mday);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		t = (int64_t)timegm(&tm) * 1000 - 86400000;
		cti__day_of(t, days[1]);
	}
	for (d = 0; d < 2; d++) {
		snprintf(path, sizeof(path), "%s/ledger/%s.log", r->dir,
			 days[d]);
		memset(&l[d], 0, sizeof(l[d]));
		if (cti__map_file(path, &bufs[d], &lens[d]))
			continue;
		if (cti__ledger_parse((const char *)bufs[d], lens[d], &l[d]))
			continue;
		nd = (unsigned)d + 1;
	}
	for (d = 0; d < nd; d++)
		for (i = 0; i < l[d].n; i++) {
			const struct cti__ledger_entry *e = &l[d].e[i];
			const char *id = cti__ledger_get(e, "id");
			const char *file = cti__ledger_get(e, "file");
			bool closed = false;
			size_t dd;

			if (strcmp(e->type, "open") || !id || !file ||
			    strlen(file) > 60)
				continue;
			for (dd = 0; dd < nd && !closed; dd++)
				for (j = 0; j < l[dd].n && !closed; j++) {
					const char *o = cti__ledger_get(
						&l[dd].e[j], "id");

					closed = o && !strcmp(o, id) &&
						 (!strcmp(l[dd].e[j].type,
							  "close") ||
						  !strcmp(l[dd].e[j].type,
							  "purge"));
				}
			if (closed)
				continue;
			snprintf(path, sizeof(path), "%s/%s", r->dir, file);
			{
				struct cti__rec_parsed p;
				struct prefix x;
				const uint8_t *buf;
				size_t len, keep;

				if (cti__map_file(path, &buf, &len))
					continue;
				if (cti__rec_parse(buf, len, &p)) {
					cti__rec_parsed_free(&p);
					cti__unmap_file(buf, len);
					continue;
				}
				keep = valid_prefix(&p, &x);
				cti__hex(idh, p.hdr.rec_id, 16);
				cti__rec_parsed_free(&p);
				cti__unmap_file(buf, len);
				if (strcmp(idh, id) || keep != len)
					continue; /* not ours to fix: verify */
				close_body(body, sizeof(body), idh, file, &x,
					   keep);
				if (!cti__rec_ledger_append(r, "close", body))
					cti__rec_log(r, CTI_LOG_WARNING,
						     "%s: closed in the ledger "
						     "after a crash",
						     file);
			}
		}
	for (d = 0; d < 2; d++) {
		cti__ledger_free(&l[d]);
		cti__unmap_file(bufs[d], lens[d]);
	}
}

static void recover(struct cti_rec *r)
{
	DIR *d = opendir(r->dir), *dd;
	struct dirent *de, *f;
	char **days = NULL, path[4096];
	size_t n = 0, cap = 0, i;

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strlen(de->d_name) != 10 || !cti__is_day(de->d_name))
			continue;
		if (n == cap) {
			char **nd;

			cap = cap ? 2 * cap : 16;
			nd = realloc(days, cap * sizeof(*nd));
			if (!nd)
				break;
			days = nd;
		}
		days[n] = strdup(de->d_name);
		if (days[n])
			n++;
	}
	closedir(d);
	if (n)
		qsort(days, n, sizeof(*days), cmp_str);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", r->dir, days[i]);
		dd = opendir(path);
		while (dd && (f = readdir(dd))) {
			size_t l = strlen(f->d_name);

			if (l == CTI_REC_ID_LEN + 9 &&
			    !strcmp(f->d_name + CTI_REC_ID_LEN, ".ctr.part"))
				recover_one(r, days[i], f->d_name);
		}
		if (dd)
			closedir(dd);
		free(days[i]);
	}
	free(days);
}

/* ---- open and close ---------------------------------------------------- */

static int write_signer_pub(struct cti_rec *r)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/signer.pub", r->dir);
	if (access(path, F_OK) == 0)
		return 0;
	return cti__key_write_pub(path, CTI_REC_KEY_SIGNING, r->signer.pub,
				  NULL, 0);
}

static int mkdir_p(const char *d)
{
	char buf[4096];
	char *s;

	snprintf(buf, sizeof(buf), "%s", d);
	for (s = buf + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(buf, 0750) && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(buf, 0750) && errno != EEXIST)
		return -errno;
	return 0;
}

static int load_keys(struct cti_rec *r, const struct cti_rec_config *cfg)
{
	char why[300];
	unsigned i;
	int rc;

	if (cfg->signing_key) {
		rc = cti__key_load(cfg->signing_key, &r->signer, why,
				   sizeof(why));
		if (!rc && (r->signer.kind != CTI_REC_KEY_SIGNING ||
			    !r->signer.priv_present)) {
			snprintf(why, sizeof(why),
				 "%s: not an Ed25519 private key",
				 cfg->signing_key);
			rc = CTI_EINVAL;
		}
		if (rc) {
			cti__rec_log(r, CTI_LOG_ERROR, "signing key %s", why);
			return rc;
		}
	}
	for (i = 0; i < cfg->n_recipients; i++) {
		struct cti__key *k = &r->rcpt[i];

		rc = cti__key_load(cfg->recipients[i], k, why, sizeof(why));
		if (!rc && k->kind != CTI_REC_KEY_RECIPIENT &&
		    k->kind != CTI_REC_KEY_RECIPIENT_RSA) {
			snprintf(why, sizeof(why),
				 "%s: not a recipient key (X25519 or RSA)",
				 cfg->recipients[i]);
			rc = CTI_EINVAL;
		}
		if (!rc && k->priv_present) {
			/* given a private key: the recorder keeps its public
			 * half only (RSA: its DER is the private key's) */
			snprintf(why, sizeof(why),
				 "%s: a private key; give the recorder the "
				 "public key only",
				 cfg->recipients[i]);
			rc = k->kind == CTI_REC_KEY_RECIPIENT_RSA ? CTI_EINVAL
								  : 0;
		}
		/* The recorder keeps no recipient's private half. */
		cti__wipe(k->priv, sizeof(k->priv));
		k->priv_present = false;
		if (rc) {
			cti__rec_log(r, CTI_LOG_ERROR, "recipient key %s", why);
			return rc;
		}
	}
	r->n_rcpt = cfg->n_recipients;
	return 0;
}

CTI_EXTERN int cti_rec_open(cti_rec_t **out, const char *dir,
			    const struct cti_rec_config *cfg)
{
	struct cti_rec_config def = { 0 };
	struct cti_rec *r;
	char path[4096];
	bool differs;
	unsigned i;
	int rc;

	if (!out)
		return CTI_EINVAL;
	*out = NULL;
	if (!cfg)
		cfg = &def;
	if (!dir || !*dir || strlen(dir) > 3000 || !cfg->signing_key ||
	    cfg->n_recipients > CTI_REC_MAX_RECIPIENTS ||
	    (cfg->n_recipients && !cfg->recipients) ||
	    (cfg->codec && !cti__codec_bytes(cfg->codec)) ||
	    (cfg->chunk_ms && (cfg->chunk_ms < 100 || cfg->chunk_ms > 10000)) ||
	    cfg->sync > CTI_REC_SYNC_NONE)
		return CTI_EINVAL;
	for (i = 0; i < cfg->n_recipients; i++)
		if (!cfg->recipients[i])
			return CTI_EINVAL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return CTI_ENOMEM;
	r->ctx = cfg->ctx;
	r->lock_fd = r->led_fd = -1;
	r->dir = strdup(dir);
	r->codec = cfg->codec ? cfg->codec : CTI_REC_ALAW;
	r->chunk_frames = (cfg->chunk_ms ? cfg->chunk_ms : 1000) * 8;
	r->sync = cfg->sync ? cfg->sync : CTI_REC_SYNC_CHUNK;
	r->clock = cfg->clock_epoch_ms ? cfg->clock_epoch_ms : real_clock;
	r->clock_user = cfg->clock_user;
	r->index = cfg->index;
	if (!r->dir) {
		rc = CTI_ENOMEM;
		goto fail;
	}
	if ((rc = load_keys(r, cfg)))
		goto fail;
	snprintf(path, sizeof(path), "%s/ledger", dir);
	if ((rc = mkdir_p(path))) {
		cti__rec_log(r, CTI_LOG_ERROR, "creating %s: %s", path,
			     strerror(-rc));
		rc = rc == CTI_EACCES || rc == CTI_EPERM ? CTI_EACCES : CTI_EIO;
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/.lock", dir);
	r->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (r->lock_fd < 0) {
		rc = errno == EACCES ? CTI_EACCES : CTI_EIO;
		cti__rec_log(r, CTI_LOG_ERROR, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (flock(r->lock_fd, LOCK_EX | LOCK_NB)) {
		cti__rec_log(r, CTI_LOG_ERROR,
			     "another recorder holds the directory");
		rc = CTI_EBUSY;
		goto fail;
	}
	if ((rc = load_head(r, &differs)))
		goto fail;
	write_signer_pub(r);
	if (differs) {
		char day[11], sb[200];

		cti__day_of(cti__rec_now(r), day);
		/* Today's ledger exists under another key: name ours. */
		if (!strcmp(day, r->led_day)) {
			bool fresh;

			signer_body(r, sb, sizeof(sb));
			if ((rc = open_ledger_day(r, day, &fresh)) ||
			    (rc = append_line(r, fresh ? "begin" : "signer",
					      sb)))
				goto fail;
		}
	}
	recover(r);
	close_orphans(r);
	if (r->sync == CTI_REC_SYNC_CHUNK &&
	    (rc = cti__flusher_start(&r->flusher)))
		goto fail;
	*out = r;
	return 0;
fail:
	cti_rec_close(r);
	return rc;
}

CTI_EXTERN void cti_rec_close(cti_rec_t *r)
{
	if (!r)
		return;
	while (r->calls)
		cti_rec_call_stop(r->calls, NULL);
	cti__flusher_stop(r->flusher);
	if (r->led_fd >= 0)
		close(r->led_fd);
	if (r->lock_fd >= 0)
		close(r->lock_fd);
	cti__wipe(&r->signer, sizeof(r->signer));
	free(r->dir);
	free(r);
}
