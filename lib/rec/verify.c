// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Verification: the ledgers first (signature, chain, sequence of every
 * entry, across days), then every recording in scope against its entries
 * (docs/recording.md, "Verification"). Each anomaly gets one finding that
 * names it precisely; its consequences (an edited entry's recording, the
 * chunks after a removed one) are folded into that finding, not reported
 * as something else.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rec/rec.h"

/* One recording as the ledger tells it. */
struct vrec {
	char id[33];
	char file[96]; /* from the open entry */
	char day[11];  /* of file */
	const struct cti__ledger_entry *open, *close, *purge;
	bool suspect;	/* an entry naming it was edited */
	bool seen_file; /* a file for it was examined */
};

struct vfile {
	char rel[96]; /* DAY/NAME */
	char day[11];
	char id[33];
	bool part;
	bool done;
};

struct verify {
	const char *dir;
	const struct cti_rec_verify_config *cfg;
	cti_rec_finding_fn fn;
	void *user;
	int problems;
	int stop; /* the callback's negative value */
	struct cti__key signers[8];
	unsigned n_signers;
	struct cti__key keys[8];
	unsigned n_keys;
	struct cti__ledger *days;
	size_t n_days;
	struct vrec *recs;
	size_t n_recs, cap_recs;
	size_t *hidx; /* open addressing: index + 1 of recs by id */
	size_t hcap;  /* a power of two, at least twice n_recs */
	struct vfile *files;
	size_t n_files, cap_files;
	uint64_t *seqs; /* every entry's sequence number, sorted */
	size_t n_seqs;
	bool gaps;    /* ledger entries were removed */
	bool running; /* a recorder holds the lock now */
	char gap_text[160];
};

static bool in_scope_day(const struct verify *v, const char *day)
{
	return !v->cfg->day || !strcmp(v->cfg->day, day);
}

static bool in_scope(const struct verify *v, const char *id, const char *day)
{
	if (v->cfg->id && strcmp(v->cfg->id, id))
		return false;
	return in_scope_day(v, day);
}

static void report(struct verify *v, uint32_t problem, const char *id,
		   const char *file, int64_t chunk, int64_t t_ms,
		   const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void report(struct verify *v, uint32_t problem, const char *id,
		   const char *file, int64_t chunk, int64_t t_ms,
		   const char *fmt, ...)
{
	struct cti_rec_finding f;
	va_list ap;
	int rc;

	if (v->stop)
		return;
	memset(&f, 0, sizeof(f));
	f.problem = problem;
	snprintf(f.id, sizeof(f.id), "%s", id ? id : "");
	snprintf(f.file, sizeof(f.file), "%s", file ? file : "");
	if (file && strlen(file) >= 10 && file[10] == '/')
		snprintf(f.day, sizeof(f.day), "%.10s", file);
	else if (file && !strncmp(file, "ledger/", 7))
		snprintf(f.day, sizeof(f.day), "%.10s", file + 7);
	f.chunk = chunk;
	f.t_ms = t_ms;
	va_start(ap, fmt);
	vsnprintf(f.text, sizeof(f.text), fmt, ap);
	va_end(ap);
	if (problem != CTI_REC_OK && problem != CTI_REC_PURGED &&
	    problem != CTI_REC_IN_PROGRESS && problem != CTI_REC_LEDGER_HEAD)
		v->problems++;
	rc = v->fn ? v->fn(v->user, &f) : 0;
	if (rc < 0)
		v->stop = rc;
}

/* ---- the ledgers ----------------------------------------------------------
 */

static size_t id_hash(const char *id)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	while (*id)
		h = (h ^ (unsigned char)*id++) * 1099511628211ULL;
	return (size_t)h;
}

static bool rehash(struct verify *v)
{
	size_t cap = v->hcap ? 2 * v->hcap : 1024, i;
	size_t *h = calloc(cap, sizeof(*h));

	if (!h)
		return false;
	for (i = 0; i < v->n_recs; i++) {
		size_t k = id_hash(v->recs[i].id) & (cap - 1);

		while (h[k])
			k = (k + 1) & (cap - 1);
		h[k] = i + 1;
	}
	free(v->hidx);
	v->hidx = h;
	v->hcap = cap;
	return true;
}

static struct vrec *rec_of(struct verify *v, const char *id, bool add)
{
	size_t k;

	if (v->hcap) {
		for (k = id_hash(id) & (v->hcap - 1); v->hidx[k];
		     k = (k + 1) & (v->hcap - 1))
			if (!strcmp(v->recs[v->hidx[k] - 1].id, id))
				return &v->recs[v->hidx[k] - 1];
	}
	if (!add)
		return NULL;
	if (v->n_recs == v->cap_recs) {
		size_t cap = v->cap_recs ? 2 * v->cap_recs : 64;
		struct vrec *n = realloc(v->recs, cap * sizeof(*n));

		if (!n)
			return NULL;
		v->recs = n;
		v->cap_recs = cap;
	}
	if (2 * (v->n_recs + 1) > v->hcap && !rehash(v))
		return NULL;
	memset(&v->recs[v->n_recs], 0, sizeof(v->recs[0]));
	snprintf(v->recs[v->n_recs].id, 33, "%s", id);
	for (k = id_hash(id) & (v->hcap - 1); v->hidx[k];
	     k = (k + 1) & (v->hcap - 1))
		;
	v->hidx[k] = v->n_recs + 1;
	return &v->recs[v->n_recs++];
}

static const struct cti__key *trusted(const struct verify *v, const char *id,
				      const char *pub)
{
	uint8_t raw[32];
	unsigned i;

	if (!id || !pub || strlen(pub) != 64 || cti__unhex(raw, pub, 32))
		return NULL;
	for (i = 0; i < v->n_signers; i++)
		if (!memcmp(v->signers[i].pub, raw, 32))
			return &v->signers[i];
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_ledgers(struct verify *v, char ***bufs, size_t **lens)
{
	char path[4096], **names = NULL;
	size_t n = 0, cap = 0, i;
	DIR *d;
	struct dirent *de;

	snprintf(path, sizeof(path), "%s/ledger", v->dir);
	d = opendir(path);
	if (!d)
		return errno == ENOENT ? 0 : CTI_EIO;
	while ((de = readdir(d))) {
		if (strlen(de->d_name) != 14 || strcmp(de->d_name + 10, ".log"))
			continue;
		if (n == cap) {
			char **nn;

			cap = cap ? 2 * cap : 16;
			nn = realloc(names, cap * sizeof(*nn));
			if (!nn)
				break;
			names = nn;
		}
		names[n] = strndup(de->d_name, 10);
		if (names[n] && cti__is_day(names[n]))
			n++;
		else
			free(names[n]);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	v->days = calloc(n ? n : 1, sizeof(*v->days));
	*bufs = calloc(n ? n : 1, sizeof(**bufs));
	*lens = calloc(n ? n : 1, sizeof(**lens));
	if (!v->days || !*bufs || !*lens) {
		for (i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return CTI_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		const uint8_t *b;
		size_t len;

		snprintf(path, sizeof(path), "%s/ledger/%s.log", v->dir,
			 names[i]);
		if (cti__map_file(path, &b, &len) == 0) {
			(*bufs)[i] = (char *)b;
			(*lens)[i] = len;
			cti__ledger_parse((const char *)b, len,
					  &v->days[v->n_days]);
		}
		strcpy(v->days[v->n_days].day, names[i]);
		v->n_days++;
		free(names[i]);
	}
	free(names);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Is some entry numbered in [lo, hi] anywhere in the ledgers? */
static bool seq_present(const struct verify *v, uint64_t lo, uint64_t hi)
{
	size_t a = 0, b = v->n_seqs;

	while (a < b) {
		size_t m = (a + b) / 2;

		if (v->seqs[m] < lo)
			a = m + 1;
		else
			b = m;
	}
	return a < v->n_seqs && v->seqs[a] <= hi;
}

static void collect_seqs(struct verify *v)
{
	size_t d, i, n = 0;

	for (d = 0; d < v->n_days; d++)
		n += v->days[d].n;
	v->seqs = malloc((n ? n : 1) * sizeof(*v->seqs));
	if (!v->seqs)
		return;
	for (d = 0; d < v->n_days; d++)
		for (i = 0; i < v->days[d].n; i++)
			v->seqs[v->n_seqs++] = v->days[d].e[i].seq;
	qsort(v->seqs, v->n_seqs, sizeof(*v->seqs), cmp_u64);
}

static void check_anchor(struct verify *v)
{
	const char *a = v->cfg->anchor, *colon;
	uint8_t want[32];
	char *end;
	unsigned long long seq;
	size_t d, i;

	if (!a)
		return;
	colon = strchr(a, ':');
	seq = strtoull(a, &end, 10);
	if (!colon || end != colon || strlen(colon + 1) != 64 ||
	    cti__unhex(want, colon + 1, 32)) {
		report(v, CTI_REC_LEDGER_MALFORMED, "", "", -1, -1,
		       "the anchor '%.80s' is not SEQ:HEX64", a);
		return;
	}
	for (d = 0; d < v->n_days; d++)
		for (i = 0; i < v->days[d].n; i++) {
			const struct cti__ledger_entry *e = &v->days[d].e[i];
			char file[40];

			if (e->seq != seq)
				continue;
			snprintf(file, sizeof(file), "ledger/%s.log",
				 v->days[d].day);
			if (memcmp(e->hash, want, 32))
				report(v, CTI_REC_LEDGER_EDITED, "", file, -1,
				       -1,
				       "%s line %u: entry %llu is not the one "
				       "anchored: the ledger was rewritten "
				       "since",
				       file, e->line, seq);
			return;
		}
	report(v, CTI_REC_LEDGER_REMOVED, "", "", -1, -1,
	       "the anchored entry %llu is gone: the ledger was cut or "
	       "deleted since",
	       seq);
}

static void report_heads(struct verify *v)
{
	char hx[65], file[40];
	size_t d;

	if (v->cfg->id)
		return;
	for (d = 0; d < v->n_days; d++) {
		const struct cti__ledger *l = &v->days[d];

		if (!l->n || !in_scope_day(v, l->day))
			continue;
		cti__hex(hx, l->e[l->n - 1].hash, 32);
		snprintf(file, sizeof(file), "ledger/%s.log", l->day);
		report(v, CTI_REC_LEDGER_HEAD, "", file, -1, -1,
		       "head: entry %llu, anchor %llu:%s",
		       (unsigned long long)l->e[l->n - 1].seq,
		       (unsigned long long)l->e[l->n - 1].seq, hx);
	}
}

static void check_ledgers(struct verify *v)
{
	static const uint8_t zero[32];
	const uint8_t *last = zero;
	const struct cti__key *key = NULL;
	uint64_t last_seq = 0, prev_seq = 0;
	bool last_bad = false;
	size_t d, i;

	collect_seqs(v);
	for (d = 0; d < v->n_days; d++) {
		struct cti__ledger *l = &v->days[d];
		char file[40];

		snprintf(file, sizeof(file), "ledger/%s.log", l->day);
		for (i = 0; i < l->n; i++) {
			struct cti__ledger_entry *e = &l->e[i];
			const char *id = cti__ledger_get(e, "id");
			char eday[11];
			bool bad = false;

			if (!strcmp(e->type, "begin") ||
			    !strcmp(e->type, "signer")) {
				key = trusted(v, cti__ledger_get(e, "signer"),
					      cti__ledger_get(e, "pub"));
				if (!key) {
					report(v, CTI_REC_LEDGER_EDITED, "",
					       file, -1, -1,
					       "%s line %u: signed by key %s, "
					       "which is not a trusted signer "
					       "(give it with --signer if it "
					       "is)",
					       file, e->line,
					       cti__ledger_get(e, "signer")
						       ? cti__ledger_get(
								 e, "signer")
						       : "(none)");
					bad = true;
				}
			}
			if (!key && !bad) {
				report(v, CTI_REC_LEDGER_EDITED, "", file, -1,
				       -1,
				       "%s line %u: no signer named before it "
				       "(the day's first line is gone)",
				       file, e->line);
				bad = true;
			}
			if (!bad &&
			    cti__ed25519_verify(key->pub, e->text,
						e->signed_len, e->sig)) {
				report(v, CTI_REC_LEDGER_EDITED, id ? id : "",
				       file, -1, -1,
				       "%s line %u (entry %llu, %s%s%s): the "
				       "signature does not verify: the entry "
				       "was edited",
				       file, e->line,
				       (unsigned long long)e->seq, e->type,
				       id ? " of " : "", id ? id : "");
				bad = true;
			}
			if (bad) {
				struct vrec *r =
					id ? rec_of(v, id, true) : NULL;

				if (r)
					r->suspect = true;
				last_bad = true;
				last = e->hash;
				prev_seq = e->seq;
				if (e->seq > last_seq)
					last_seq = e->seq;
				continue;
			}
			if (e->seq > last_seq + 1 &&
			    seq_present(v, last_seq + 1, e->seq - 1)) {
				report(v, CTI_REC_LEDGER_ORDER, id ? id : "",
				       file, -1, -1,
				       "%s line %u: entry %llu stands before "
				       "entry %llu: entries reordered",
				       file, e->line,
				       (unsigned long long)e->seq,
				       (unsigned long long)last_seq + 1);
			} else if (e->seq > last_seq + 1) {
				report(v, CTI_REC_LEDGER_REMOVED, "", file, -1,
				       -1,
				       "%s line %u: entry %llu follows entry "
				       "%llu: %llu entr%s removed%s",
				       file, e->line,
				       (unsigned long long)e->seq,
				       (unsigned long long)last_seq,
				       (unsigned long long)(e->seq - last_seq -
							    1),
				       e->seq - last_seq - 1 == 1 ? "y" : "ies",
				       i == 0 || (i == 1 && d > 0)
					       ? " (at a day's boundary: a "
						 "day's ledger deleted?)"
					       : "");
				v->gaps = true;
				snprintf(v->gap_text, sizeof(v->gap_text),
					 "entries %llu..%llu",
					 (unsigned long long)last_seq + 1,
					 (unsigned long long)e->seq - 1);
			} else if (e->seq <= last_seq) {
				report(v, CTI_REC_LEDGER_ORDER, id ? id : "",
				       file, -1, -1,
				       "%s line %u: entry %llu after entry "
				       "%llu: entries reordered or repeated",
				       file, e->line,
				       (unsigned long long)e->seq,
				       (unsigned long long)last_seq);
			} else if (prev_seq + 1 == e->seq && !last_bad &&
				   memcmp(e->prev, last, 32)) {
				report(v, CTI_REC_LEDGER_EDITED, "", file, -1,
				       -1,
				       "%s line %u: entry %llu does not chain "
				       "to the entry before it",
				       file, e->line,
				       (unsigned long long)e->seq);
			}
			cti__day_of(e->epoch_ms, eday);
			if (strcmp(eday, l->day))
				report(v, CTI_REC_LEDGER_ORDER, id ? id : "",
				       file, -1, -1,
				       "%s line %u: entry of %s in the ledger "
				       "of %s (moved between days)",
				       file, e->line, eday, l->day);
			last_bad = false;
			last = e->hash;
			prev_seq = e->seq;
			if (e->seq > last_seq)
				last_seq = e->seq;
			if (id && (!strcmp(e->type, "open") ||
				   !strcmp(e->type, "close") ||
				   !strcmp(e->type, "purge"))) {
				struct vrec *r = rec_of(v, id, true);
				const char *f = cti__ledger_get(e, "file");

				if (!r)
					continue;
				if (!strcmp(e->type, "open")) {
					r->open = e;
				} else if (!strcmp(e->type, "close")) {
					r->close = e;
				} else {
					r->purge = e;
				}
				if (f && !r->file[0] && strlen(f) < 96) {
					strcpy(r->file, f);
					snprintf(r->day, sizeof(r->day),
						 "%.10s", f);
				}
			}
		}
		if (l->bad_line)
			report(v, CTI_REC_LEDGER_MALFORMED, "", file, -1, -1,
			       "%s %s: the rest of this ledger is unreadable",
			       file, l->why);
		else if (l->partial_tail)
			report(v, CTI_REC_LEDGER_MALFORMED, "", file, -1, -1,
			       "%s: its last line is half-written (a crash "
			       "while writing it; the recorder cuts it at its "
			       "next start)",
			       file);
	}
}

/* ---- files ----------------------------------------------------------------
 */

static void add_file(struct verify *v, const char *day, const char *name)
{
	size_t l = strlen(name);
	struct vfile *f;
	bool part;

	if (l == CTI_REC_ID_LEN + 4 && !strcmp(name + CTI_REC_ID_LEN, ".ctr"))
		part = false;
	else if (l == CTI_REC_ID_LEN + 9 &&
		 !strcmp(name + CTI_REC_ID_LEN, ".ctr.part"))
		part = true;
	else
		return;
	if (v->n_files == v->cap_files) {
		size_t cap = v->cap_files ? 2 * v->cap_files : 64;
		struct vfile *n = realloc(v->files, cap * sizeof(*n));

		if (!n)
			return;
		v->files = n;
		v->cap_files = cap;
	}
	f = &v->files[v->n_files++];
	memset(f, 0, sizeof(*f));
	snprintf(f->rel, sizeof(f->rel), "%.10s/%.60s", day, name);
	strcpy(f->day, day);
	memcpy(f->id, name, CTI_REC_ID_LEN);
	f->part = part;
}

static int cmp_file(const void *a, const void *b)
{
	const struct vfile *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : strcmp(x->day, y->day);
}

static void scan_files(struct verify *v)
{
	char path[4096];
	DIR *d = opendir(v->dir), *dd;
	struct dirent *de, *f;

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strlen(de->d_name) != 10 || !cti__is_day(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", v->dir, de->d_name);
		dd = opendir(path);
		while (dd && (f = readdir(dd)))
			add_file(v, de->d_name, f->d_name);
		if (dd)
			closedir(dd);
	}
	closedir(d);
	if (v->n_files)
		qsort(v->files, v->n_files, sizeof(*v->files), cmp_file);
}

/* The file of recording `id` in ledger day `day`, or in any day if NULL;
 * the files are sorted by id (scan_files): a binary search. */
static struct vfile *file_of(struct verify *v, const char *id, const char *day)
{
	size_t a = 0, b = v->n_files;

	while (a < b) {
		size_t m = (a + b) / 2;

		if (strcmp(v->files[m].id, id) < 0)
			a = m + 1;
		else
			b = m;
	}
	for (; a < v->n_files && !strcmp(v->files[a].id, id); a++)
		if (!day || !strcmp(v->files[a].day, day))
			return &v->files[a];
	return NULL;
}

static const struct vrec *rec_by_header(const struct verify *v,
					const uint8_t hh[32])
{
	char hx[65];
	size_t i;

	cti__hex(hx, hh, 32);
	for (i = 0; i < v->n_recs; i++) {
		const char *h =
			v->recs[i].open
				? cti__ledger_get(v->recs[i].open, "header")
				: NULL;

		if (h && !strcmp(h, hx))
			return &v->recs[i];
	}
	return NULL;
}

static unsigned long long num(const struct cti__ledger_entry *e, const char *k)
{
	const char *s = e ? cti__ledger_get(e, k) : NULL;

	return s ? strtoull(s, NULL, 10) : 0;
}

static int cmp_chunk(const void *a, const void *b)
{
	const struct cti__rec_chunk *x =
		*(const struct cti__rec_chunk *const *)a;
	const struct cti__rec_chunk *y =
		*(const struct cti__rec_chunk *const *)b;

	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

#define T_MS(pos) ((int64_t)((pos) / 8))

/* The chunks, keyless: duplicates, order, gaps, the chain. Returns the
 * number of findings; *end_pos gets the end of the intact audio. */
static int check_chunks(struct verify *v, const struct vrec *r, const char *rel,
			const struct cti__rec_parsed *p, bool *chain_ok,
			uint64_t *end_pos, uint8_t last[32])
{
	const struct cti__rec_chunk **s;
	struct cti__sha256 h;
	uint8_t seed[32], c[32];
	bool *dup;
	size_t i, j, n = 0;
	int found = 0;
	uint64_t maxi = 0, expect = 0;
	bool any = false;

	*chain_ok = true;
	*end_pos = 0;
	cti__chain_seed(p->hdr.rec_id, seed);
	memcpy(last, seed, 32);
	if (!p->n_chunks)
		return 0;
	s = calloc(p->n_chunks, sizeof(*s));
	dup = calloc(p->n_chunks, sizeof(*dup));
	if (!s || !dup || cti__sha256_init(&h)) {
		free(s);
		free(dup);
		return 0;
	}
	/* identical copies of an earlier chunk */
	for (i = 0; i < p->n_chunks; i++) {
		const struct cti__rec_chunk *k = &p->chunks[i];

		for (j = 0; j < i && !dup[i]; j++) {
			const struct cti__rec_chunk *o = &p->chunks[j];

			if (!dup[j] && o->index == k->index &&
			    o->len == k->len &&
			    !memcmp(p->buf + o->off, p->buf + k->off, k->len))
				dup[i] = true;
		}
		if (dup[i]) {
			report(v, CTI_REC_CHUNK_DUPLICATED, r->id, rel,
			       (int64_t)k->index, T_MS(k->start_pos),
			       "chunk %llu (t=%.3f s) is stored twice (again "
			       "at offset %zu)",
			       (unsigned long long)k->index,
			       (double)k->start_pos / 8000.0, k->off);
			found++;
			continue;
		}
		/* stored after a later one */
		if (any && k->index < maxi) {
			report(v, CTI_REC_CHUNK_ORDER, r->id, rel,
			       (int64_t)k->index, T_MS(k->start_pos),
			       "chunk %llu (t=%.3f s) is stored after chunk "
			       "%llu: chunks swapped or moved",
			       (unsigned long long)k->index,
			       (double)k->start_pos / 8000.0,
			       (unsigned long long)maxi);
			found++;
		}
		if (!any || k->index > maxi)
			maxi = k->index;
		any = true;
		s[n++] = k;
	}
	qsort(s, n, sizeof(*s), cmp_chunk);
	for (i = 0; i < n; i++) {
		const struct cti__rec_chunk *k = s[i];
		const uint8_t *prev = NULL;

		if (k->index > expect) {
			uint64_t t0 =
				i ? s[i - 1]->start_pos + s[i - 1]->frames : 0;

			report(v, CTI_REC_CHUNK_MISSING, r->id, rel,
			       (int64_t)expect, T_MS(t0),
			       "chunk%s %llu%s%.0llu missing (removed) "
			       "between t=%.3f s and t=%.3f s",
			       k->index - expect > 1 ? "s" : "",
			       (unsigned long long)expect,
			       k->index - expect > 1 ? ".." : "",
			       k->index - expect > 1
				       ? (unsigned long long)(k->index - 1)
				       : 0ULL,
			       (double)t0 / 8000.0,
			       (double)k->start_pos / 8000.0);
			found++;
			*chain_ok = false;
		}
		if (k->index == 0)
			prev = seed;
		else if (i && s[i - 1]->index == k->index - 1)
			prev = s[i - 1]->chain;
		else if (i > 1 && s[i - 1]->index == k->index &&
			 s[i - 2]->index == k->index - 1)
			prev = s[i - 2]->chain;
		if (prev) {
			cti__chain_next(&h, prev, p->buf + k->off, k->len, c);
			if (memcmp(c, k->chain, 32)) {
				report(v, CTI_REC_AUDIO_ALTERED, r->id, rel,
				       (int64_t)k->index, T_MS(k->start_pos),
				       "chunk %llu (t=%.3f s, offset %zu) is "
				       "altered: its bytes do not match the "
				       "hash chain",
				       (unsigned long long)k->index,
				       (double)k->start_pos / 8000.0, k->off);
				found++;
				*chain_ok = false;
			}
		}
		expect = k->index + 1;
		if (k->start_pos + k->frames > *end_pos)
			*end_pos = k->start_pos + k->frames;
	}
	memcpy(last, s[n - 1]->chain, 32);
	cti__sha256_free(&h);
	free(s);
	free(dup);
	return found;
}

/* The metadata updates, keyless: in sequence, each where it says it is,
 * each linking in their chain. Returns the number of findings; mlast gets
 * the last chain value (the seed without updates). */
static int check_updates(struct verify *v, const struct vrec *r,
			 const char *rel, const struct cti__rec_parsed *p,
			 uint8_t mlast[32])
{
	struct cti__sha256 h;
	uint8_t c[32];
	size_t i;
	int found = 0;

	cti__meta_chain_seed(p->hdr.rec_id, mlast);
	if (!p->n_updates || cti__sha256_init(&h))
		return 0;
	for (i = 0; i < p->n_updates; i++) {
		const struct cti__rec_update *u = &p->updates[i];

		if (u->seq != i) {
			report(v, CTI_REC_META_ALTERED, r->id, rel, -1,
			       T_MS(u->pos),
			       "metadata update %llu (offset %zu) stands "
			       "where update %zu belongs: an update was "
			       "removed, duplicated or reordered",
			       (unsigned long long)u->seq, u->off, i);
			found++;
		} else if (u->after != u->stored_after) {
			report(v, CTI_REC_META_ALTERED, r->id, rel, -1,
			       T_MS(u->pos),
			       "metadata update %zu (offset %zu) says it "
			       "follows chunk %llu but is stored after %llu "
			       "chunks: moved",
			       i, u->off, (unsigned long long)u->after,
			       (unsigned long long)u->stored_after);
			found++;
		}
		cti__chain_next(&h, mlast, p->buf + u->off, u->len, c);
		if (!found && memcmp(c, u->chain, 32)) {
			report(v, CTI_REC_META_ALTERED, r->id, rel, -1,
			       T_MS(u->pos),
			       "metadata update %zu (offset %zu, from t=%.3f "
			       "s) is altered: its bytes do not match its "
			       "hash chain",
			       i, u->off, (double)u->pos / 8000.0);
			found++;
		}
		memcpy(mlast, u->chain, 32);
	}
	cti__sha256_free(&h);
	return found;
}

/* Decrypt every chunk with a recipient key: finds what the chain cannot
 * (a chain recomputed by someone without the data key). */
static int check_decrypt(struct verify *v, const struct vrec *r,
			 const char *rel, const struct cti__rec_parsed *p,
			 bool updates_named)
{
	char why[300];
	uint8_t dk[32], *pt;
	struct cti__gcm g = { 0 };
	size_t i;
	int found = 0;

	if (cti__rec_unwrap(p, v->keys, v->n_keys, dk, why, sizeof(why))) {
		report(v, CTI_REC_WRONG_KEY, r->id, rel, -1, -1, "%s", why);
		return 1;
	}
	pt = malloc((size_t)CTI__AUDIO_MAX_FRAMES * 4);
	if (!pt || cti__gcm_init(&g, dk)) {
		free(pt);
		cti__wipe(dk, sizeof(dk));
		return 0;
	}
	cti__wipe(dk, sizeof(dk));
	for (i = 0; i < p->n_chunks; i++) {
		const struct cti__rec_chunk *k = &p->chunks[i];

		if (cti__rec_open_block(&g, p, k->off, k->index, pt)) {
			report(v, CTI_REC_AUDIO_ALTERED, r->id, rel,
			       (int64_t)k->index, T_MS(k->start_pos),
			       "chunk %llu (t=%.3f s, offset %zu) fails "
			       "AES-GCM authentication: altered",
			       (unsigned long long)k->index,
			       (double)k->start_pos / 8000.0, k->off);
			found++;
		}
	}
	for (i = 0; i < p->n_updates && !updates_named; i++) {
		const struct cti__rec_update *u = &p->updates[i];

		if (cti__rec_open_update(&g, p, u)) {
			report(v, CTI_REC_META_ALTERED, r->id, rel, -1,
			       T_MS(u->pos),
			       "metadata update %zu (offset %zu) fails AES-GCM "
			       "authentication: altered or moved",
			       i, u->off);
			found++;
		}
	}
	if (p->has_final &&
	    cti__rec_open_block(&g, p, p->final.off, p->final.index, pt)) {
		report(v, CTI_REC_AUDIO_ALTERED, r->id, rel, -1, -1,
		       "the final chunk (offset %zu) fails AES-GCM "
		       "authentication: its totals were altered",
		       p->final.off);
		found++;
	}
	cti__wipe(pt, (size_t)CTI__AUDIO_MAX_FRAMES * 4);
	free(pt);
	cti__gcm_free(&g);
	return found;
}

static void check_file(struct verify *v, struct vrec *r, struct vfile *vf)
{
	char path[4096], hx[65], why[300];
	const char *rel = vf->rel;
	struct cti__rec_parsed p;
	const uint8_t *buf;
	size_t len;
	uint8_t last[32], mlast[32];
	uint64_t end_pos;
	bool chain_ok;
	int found = 0, rc, ufound;
	const char *status =
		r->close ? cti__ledger_get(r->close, "status") : NULL;

	vf->done = true;
	r->seen_file = true;
	snprintf(path, sizeof(path), "%s/%s", v->dir, rel);
	rc = cti__rec_load(path, &buf, &len, &p, why, sizeof(why));
	if (rc) {
		uint32_t kind = rc != CTI_EFORMAT	  ? CTI_REC_MALFORMED
				: strstr(why, "metadata") ? CTI_REC_META_ALTERED
				: strstr(why, "magic")	  ? CTI_REC_MALFORMED
						       : CTI_REC_HEADER_ALTERED;

		report(v, kind, r->id, rel, -1, -1, "%s", why);
		return;
	}
	/* which recording is it? */
	cti__hex(hx, p.hdr.rec_id, 16);
	if (strcmp(hx, r->id)) {
		const struct vrec *o = rec_by_header(v, p.header_hash);

		if (o)
			report(v, CTI_REC_REPLACED, r->id, rel, -1, -1,
			       "the file holds recording %s (of %s), not %s: "
			       "replaced by another recording",
			       o->id, o->day, r->id);
		else
			report(v, CTI_REC_HEADER_ALTERED, r->id, rel, -1, -1,
			       "the header's recording id reads %s, not %s: "
			       "header altered",
			       hx, r->id);
		goto out;
	}
	if (r->open) {
		const char *h = cti__ledger_get(r->open, "header");
		const char *m = cti__ledger_get(r->open, "meta");

		cti__hex(hx, p.header_hash, 32);
		if (!h || strcmp(h, hx)) {
			report(v, CTI_REC_HEADER_ALTERED, r->id, rel, -1, -1,
			       "the header (offset 8, keys, format, start "
			       "time) differs from the one the ledger "
			       "recorded: altered");
			found++;
		}
		cti__hex(hx, p.meta_hash, 32);
		if (!m || strcmp(m, hx)) {
			report(v, CTI_REC_META_ALTERED, r->id, rel, -1, -1,
			       "the metadata (offset %zu) differs from what "
			       "the ledger recorded: altered",
			       p.header_len - p.meta_len - CTI__REC_PREFIX);
			found++;
		}
	}
	found += check_chunks(v, r, rel, &p, &chain_ok, &end_pos, last);
	ufound = check_updates(v, r, rel, &p, mlast);
	found += ufound;
	if (ufound)
		chain_ok = false; /* named: not the final's fault too */
	if (p.has_final && !ufound && p.final.updates != p.n_updates) {
		report(v, CTI_REC_META_ALTERED, r->id, rel, -1, -1,
		       "the final chunk counts %u metadata updates, the file "
		       "holds %zu: updates removed or added",
		       p.final.updates, p.n_updates);
		found++;
		chain_ok = false;
	}
	if (p.has_final) {
		struct cti__sha256 h;
		uint8_t c[32], prev[32];

		cti__final_prev(last, p.final.updates ? mlast : NULL, prev);
		if (!cti__sha256_init(&h)) {
			cti__chain_next(&h, prev, p.buf + p.final.off,
					CTI__REC_PREFIX + CTI__FINAL_BODY, c);
			cti__sha256_free(&h);
			if (chain_ok && memcmp(c, p.final.chain, 32)) {
				report(v, CTI_REC_AUDIO_ALTERED, r->id, rel, -1,
				       -1,
				       "the final chunk (offset %zu) is "
				       "altered: its bytes do not match the "
				       "hash chain",
				       p.final.off);
				found++;
			}
			memcpy(last, p.final.chain, 32);
		}
		if (!found && p.final.index != p.n_chunks) {
			report(v, CTI_REC_CHUNK_MISSING, r->id, rel, -1, -1,
			       "the final chunk counts %llu chunks, the file "
			       "holds %zu",
			       (unsigned long long)p.final.index, p.n_chunks);
			found++;
		}
		end_pos = p.final.end_pos;
	}
	if (p.end == CTI__END_MALFORMED) {
		report(v,
		       strstr(p.why, "metadata update") ? CTI_REC_META_ALTERED
							: CTI_REC_MALFORMED,
		       r->id, rel, -1, T_MS(end_pos),
		       "%s (after t=%.3f s)", p.why, (double)end_pos / 8000.0);
		found++;
	} else if (!p.has_final) {
		const char *how = p.end == CTI__END_PARTIAL
					  ? "ends inside a chunk"
					  : "has no final chunk";

		if (status && !strcmp(status, "complete")) {
			report(v, CTI_REC_TRUNCATED, r->id, rel, -1,
			       T_MS(end_pos),
			       "truncated at t=%.3f s: the file %s, but the "
			       "ledger closed it complete with %llu chunks "
			       "(t=%.3f s)",
			       (double)end_pos / 8000.0, how,
			       num(r->close, "chunks"),
			       (double)num(r->close, "end_pos") / 8000.0);
			found++;
		} else if (status) {
			uint64_t want = num(r->close, "chunks");

			if (p.n_chunks < want) {
				report(v, CTI_REC_TRUNCATED, r->id, rel, -1,
				       T_MS(end_pos),
				       "truncated at t=%.3f s: the ledger "
				       "recorded %llu chunks after the crash, "
				       "the file holds %zu",
				       (double)end_pos / 8000.0,
				       (unsigned long long)want, p.n_chunks);
				found++;
			} else if (!found) {
				report(v, CTI_REC_INTERRUPTED, r->id, rel, -1,
				       T_MS(end_pos),
				       "truncated at t=%.3f s by a crash or "
				       "power cut (recovered; the audio up to "
				       "there is intact)",
				       (double)end_pos / 8000.0);
				found++;
			}
		} else if (vf->part && v->running && !found) {
			report(v, CTI_REC_IN_PROGRESS, r->id, rel, -1,
			       T_MS(end_pos),
			       "being recorded (t=%.3f s so far)",
			       (double)end_pos / 8000.0);
		} else if (!found) {
			report(v, CTI_REC_INTERRUPTED, r->id, rel, -1,
			       T_MS(end_pos),
			       "truncated at t=%.3f s: the recording was "
			       "interrupted (crash or power cut; the "
			       "recorder recovers it at its next start); the "
			       "audio up to there is intact",
			       (double)end_pos / 8000.0);
			found++;
		}
	}
	if (!found && !r->close && !r->suspect && p.has_final && !vf->part) {
		report(v, CTI_REC_LEDGER_REMOVED, r->id, rel, -1, T_MS(end_pos),
		       "complete, but the ledger has no close entry for it: "
		       "the ledger's end was cut, or the recorder has not "
		       "started since a crash (it closes such recordings "
		       "when it starts)");
		found++;
	}
	if (!found && r->close) {
		const char *mc = cti__ledger_get(r->close, "meta_chain");
		unsigned long long nu = num(r->close, "updates");

		cti__hex(hx, mlast, 32);
		if (nu > p.n_updates || (p.n_updates && (!mc || strcmp(mc, hx)) &&
					 nu == p.n_updates)) {
			report(v, CTI_REC_META_ALTERED, r->id, rel, -1, -1,
			       "the ledger closed it with %llu metadata "
			       "updates (chain %.16s...), the file holds %zu "
			       "that chain to %.16s...: updates removed or "
			       "rewritten",
			       nu, mc ? mc : "-", p.n_updates, hx);
			found++;
		} else if (nu < p.n_updates && status &&
			   !strcmp(status, "complete")) {
			report(v, CTI_REC_META_ALTERED, r->id, rel, -1, -1,
			       "the ledger closed it with %llu metadata "
			       "updates, the file holds %zu: updates added",
			       nu, p.n_updates);
			found++;
		}
	}
	if (!found && r->close && status && !strcmp(status, "complete")) {
		const char *ch = cti__ledger_get(r->close, "chain");

		cti__hex(hx, last, 32);
		if (!ch || strcmp(ch, hx) || num(r->close, "size") != len) {
			report(v, CTI_REC_FILE_ALTERED, r->id, rel, -1, -1,
			       "the file (%zu bytes) is not the one the "
			       "ledger closed (%llu bytes, chain %.16s...): "
			       "rewritten",
			       len, num(r->close, "size"), ch ? ch : "?");
			found++;
		}
	}
	if (v->n_keys)
		found += check_decrypt(v, r, rel, &p, ufound > 0);
	if (!found && (p.has_final || !vf->part || !v->running))
		report(v, CTI_REC_OK, r->id, rel, -1, T_MS(end_pos),
		       "intact: %zu chunks, %.3f s%s%s", p.n_chunks,
		       (double)end_pos / 8000.0,
		       p.n_updates ? ", metadata updated" : "",
		       v->n_keys ? ", decrypted and authenticated" : "");
out:
	cti__rec_parsed_free(&p);
	cti__unmap_file(buf, len);
}

static void check_recordings(struct verify *v)
{
	size_t i;

	for (i = 0; i < v->n_recs && !v->stop; i++) {
		struct vrec *r = &v->recs[i];
		struct vfile *f;

		if (!r->day[0] || !in_scope(v, r->id, r->day))
			continue;
		if (r->suspect && !r->open) {
			/* its entry was edited: named already */
			f = file_of(v, r->id, r->day);
			if (f)
				f->done = true;
			continue;
		}
		if (!r->open && v->gaps) {
			report(v, CTI_REC_LEDGER_REMOVED, r->id, r->file, -1,
			       -1,
			       "recording %s: its open entry is among the "
			       "removed ledger %s",
			       r->id, v->gap_text);
			f = file_of(v, r->id, NULL);
			if (f)
				f->done = true;
			continue;
		}
		f = file_of(v, r->id, r->day);
		if (!f) {
			struct vfile *o = file_of(v, r->id, NULL);

			if (r->purge) {
				if (o)
					o->done = true;
				report(v, CTI_REC_PURGED, r->id, r->file, -1,
				       -1,
				       "purged (retention ended) by ledger "
				       "entry %llu",
				       (unsigned long long)r->purge->seq);
			} else if (o) {
				o->done = true;
				report(v, CTI_REC_MOVED, r->id, o->rel, -1, -1,
				       "recording of %s found under %s: moved "
				       "to another day",
				       r->day, o->day);
			} else {
				report(v, CTI_REC_MISSING, r->id, r->file, -1,
				       -1,
				       "missing: the ledger %s it, the file "
				       "%s is gone (deleted)",
				       r->close ? "closed" : "opened", r->file);
			}
			continue;
		}
		if (r->purge) {
			f->done = true;
			report(v, CTI_REC_UNLISTED, r->id, f->rel, -1, -1,
			       "purged by ledger entry %llu, yet the file is "
			       "there (restored from a copy?)",
			       (unsigned long long)r->purge->seq);
			continue;
		}
		if (!r->close && v->gaps && !f->part) {
			f->done = true;
			report(v, CTI_REC_LEDGER_REMOVED, r->id, f->rel, -1, -1,
			       "recording %s: its close entry is among the "
			       "removed ledger %s",
			       r->id, v->gap_text);
			continue;
		}
		check_file(v, r, f);
	}
}

static void check_unlisted(struct verify *v)
{
	char path[4096];
	size_t i;

	for (i = 0; i < v->n_files && !v->stop; i++) {
		struct vfile *f = &v->files[i];
		struct cti_rec_file_info in;
		char day[11];
		const struct vrec *r;

		if (f->done || !in_scope(v, f->id, f->day))
			continue;
		r = rec_of(v, f->id, false);
		if (r && r->suspect)
			continue;
		snprintf(path, sizeof(path), "%s/%s", v->dir, f->rel);
		if (!cti_rec_file_info(path, &in, NULL, 0)) {
			cti__day_of(in.start_epoch_ms, day);
			if (strcmp(day, f->day)) {
				report(v, CTI_REC_MOVED, f->id, f->rel, -1, -1,
				       "a recording of %s under %s, and no "
				       "ledger lists it: moved from another "
				       "day",
				       day, f->day);
				continue;
			}
		}
		if (v->gaps)
			report(v, CTI_REC_LEDGER_REMOVED, f->id, f->rel, -1, -1,
			       "recording %s: its ledger entries are among "
			       "the removed %s",
			       f->id, v->gap_text);
		else
			report(v, CTI_REC_UNLISTED, f->id, f->rel, -1, -1,
			       "no ledger entry knows this file: added from "
			       "elsewhere");
	}
}

static bool recorder_running(const char *dir)
{
	char path[4096];
	int fd;
	bool busy;

	snprintf(path, sizeof(path), "%s/.lock", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	busy = flock(fd, LOCK_SH | LOCK_NB) != 0;
	close(fd);
	return busy;
}

CTI_EXTERN int cti_rec_verify(const char *dir, cti_rec_finding_fn fn,
			      void *user,
			      const struct cti_rec_verify_config *cfg)
{
	struct cti_rec_verify_config def = { 0 };
	struct verify v = { 0 };
	char why[300], path[4096];
	char **bufs = NULL;
	size_t *lens = NULL, i;
	struct stat sb;
	int rc;

	if (!dir)
		return CTI_EINVAL;
	if (!cfg)
		cfg = &def;
	if (cfg->n_signers > 8 || cfg->n_keys > 8 ||
	    (cfg->n_signers && !cfg->signers) || (cfg->n_keys && !cfg->keys) ||
	    (cfg->day && !cti__is_day(cfg->day)))
		return CTI_EINVAL;
	if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
		return CTI_ENOENT;
	v.dir = dir;
	v.cfg = cfg;
	v.fn = fn;
	v.user = user;
	for (i = 0; i < cfg->n_signers; i++) {
		rc = cti__key_load(cfg->signers[i], &v.signers[i], why,
				   sizeof(why));
		if (rc || v.signers[i].kind != CTI_REC_KEY_SIGNING)
			return rc ? rc : CTI_EFORMAT;
	}
	v.n_signers = cfg->n_signers;
	if (!v.n_signers) {
		snprintf(path, sizeof(path), "%s/signer.pub", dir);
		rc = cti__key_load(path, &v.signers[0], why, sizeof(why));
		if (!rc && v.signers[0].kind == CTI_REC_KEY_SIGNING)
			v.n_signers = 1;
	}
	if ((rc = cti__rec_load_keys(cfg->keys, cfg->n_keys, v.keys, why,
				     sizeof(why))))
		return rc;
	v.n_keys = cfg->n_keys;
	v.running = recorder_running(dir);
	rc = load_ledgers(&v, &bufs, &lens);
	if (!rc) {
		check_ledgers(&v);
		check_anchor(&v);
		scan_files(&v);
		check_recordings(&v);
		check_unlisted(&v);
		report_heads(&v);
		rc = v.stop ? v.stop : v.problems;
	}
	for (i = 0; i < v.n_days; i++) {
		cti__ledger_free(&v.days[i]);
		cti__unmap_file((const uint8_t *)bufs[i], lens[i]);
	}
	free(v.days);
	free(bufs);
	free(lens);
	free(v.recs);
	free(v.hidx);
	free(v.files);
	free(v.seqs);
	cti__wipe(v.keys, sizeof(v.keys));
	return rc;
}

CTI_EXTERN const char *cti_rec_problem_name(int problem)
{
	static const char *const names[] = {
		"ok",		"audio-altered",    "header-altered",
		"meta-altered", "chunk-missing",    "chunk-duplicated",
		"chunk-order",	"truncated",	    "interrupted",
		"missing",	"replaced",	    "moved",
		"unlisted",	"ledger-edited",    "ledger-removed",
		"ledger-order", "ledger-malformed", "malformed",
		"wrong-key",	"file-altered",	    "purged",
		"in-progress",	"ledger-head",
	};

	if (problem < 0 || (size_t)problem >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[problem];
}
