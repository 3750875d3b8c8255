// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Listing recordings by their metadata, and purging those whose retention
 * has ended: a signed ledger entry first, then the deletion, so a purge is
 * never mistaken for a deleted recording.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rec/rec.h"

struct item {
	char rel[64];
	struct cti_rec_file_info in;
};

struct items {
	struct item *v;
	size_t n, cap;
};

static int collect(const char *dir, struct items *it)
{
	char path[4096];
	DIR *d = opendir(dir), *dd;
	struct dirent *de, *f;

	if (!d)
		return errno == ENOENT ? CTI_ENOENT : CTI_EIO;
	while ((de = readdir(d))) {
		if (strlen(de->d_name) != 10 || !cti__is_day(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		dd = opendir(path);
		while (dd && (f = readdir(dd))) {
			size_t l = strlen(f->d_name);
			struct item *x;

			if (l != CTI_REC_ID_LEN + 4 ||
			    strcmp(f->d_name + CTI_REC_ID_LEN, ".ctr"))
				continue;
			if (it->n == it->cap) {
				size_t cap = it->cap ? 2 * it->cap : 64;
				struct item *n =
					realloc(it->v, cap * sizeof(*n));

				if (!n) {
					closedir(dd);
					closedir(d);
					return CTI_ENOMEM;
				}
				it->v = n;
				it->cap = cap;
			}
			x = &it->v[it->n];
			snprintf(x->rel, sizeof(x->rel), "%.10s/%.40s",
				 de->d_name, f->d_name);
			snprintf(path, sizeof(path), "%s/%s", dir, x->rel);
			if (!cti_rec_file_info(path, &x->in, NULL, 0))
				it->n++;
		}
		if (dd)
			closedir(dd);
	}
	closedir(d);
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->in.start_epoch_ms != y->in.start_epoch_ms)
		return x->in.start_epoch_ms < y->in.start_epoch_ms ? -1 : 1;
	return strcmp(x->rel, y->rel);
}

static bool match(const char *want, const char *have)
{
	return !want || !*want || !strcmp(want, have);
}

/* Agents and queues are lists ("alice,bob"): any one of them matches. */
static bool match_any(const char *want, const char *have)
{
	size_t wl;

	if (!want || !*want)
		return true;
	wl = strlen(want);
	for (const char *p = have; p && *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l == wl && !memcmp(p, want, wl))
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

CTI_EXTERN int cti_rec_list(const char *dir, const struct cti_rec_filter *f,
			    cti_rec_list_fn fn, void *user)
{
	struct cti_rec_filter all = { 0 };
	struct items it = { 0 };
	size_t i;
	int rc, n = 0;

	if (!dir || !fn)
		return CTI_EINVAL;
	if (!f)
		f = &all;
	if ((rc = collect(dir, &it))) {
		free(it.v);
		return rc;
	}
	if (it.n)
		qsort(it.v, it.n, sizeof(*it.v), by_start);
	for (i = 0; i < it.n; i++) {
		const struct cti_rec_file_info *in = &it.v[i].in;

		if ((f->from_epoch_ms &&
		     in->start_epoch_ms < f->from_epoch_ms) ||
		    (f->to_epoch_ms && in->start_epoch_ms >= f->to_epoch_ms) ||
		    !match(f->ani, in->ani) || !match(f->dnis, in->dnis) ||
		    !match_any(f->agent, in->agent) ||
		    !match_any(f->queue, in->queue) ||
		    !match(f->account, in->account) ||
		    (f->call_id && f->call_id != in->call_id))
			continue;
		rc = fn(user, it.v[i].rel, in);
		if (rc < 0) {
			free(it.v);
			return rc;
		}
		n++;
		if (rc > 0)
			break;
	}
	free(it.v);
	return n;
}

CTI_EXTERN int cti_rec_purge_expired(cti_rec_t *r, int64_t now_epoch_ms,
				     cti_rec_finding_fn fn, void *user)
{
	struct items it = { 0 };
	char path[4096], body[400];
	size_t i;
	int rc, n = 0;

	if (!r)
		return CTI_EINVAL;
	if (!r->signer.priv_present)
		return CTI_EPERM;
	if ((rc = collect(r->dir, &it))) {
		free(it.v);
		return rc;
	}
	for (i = 0; i < it.n; i++) {
		const struct cti_rec_file_info *in = &it.v[i].in;
		struct cti_rec_finding f;

		/* 0 would be "no retention recorded": never purged */
		if (in->retain_until_epoch_ms <= 0 ||
		    in->retain_until_epoch_ms > now_epoch_ms)
			continue;
		snprintf(body, sizeof(body),
			 "id=%s file=%s reason=expired retain_until=%lld",
			 in->id, it.v[i].rel,
			 (long long)in->retain_until_epoch_ms);
		if ((rc = cti__rec_ledger_append(r, "purge", body)))
			break;
		snprintf(path, sizeof(path), "%s/%s", r->dir, it.v[i].rel);
		if (unlink(path) || cti__fsync_dir_of(path)) {
			cti__rec_log(r, CTI_LOG_ERROR, "purging %s: %s", path,
				     strerror(errno));
			rc = CTI_EIO;
			break;
		}
		cti__rec_log(r, CTI_LOG_NOTICE, "purged %s (retention ended)",
			     it.v[i].rel);
		cti__rec_index(r, it.v[i].rel, in, CTI_STORE_REC_PURGED);
		n++;
		if (fn) {
			memset(&f, 0, sizeof(f));
			f.problem = CTI_REC_PURGED;
			memcpy(f.id, in->id, sizeof(f.id));
			snprintf(f.file, sizeof(f.file), "%s", it.v[i].rel);
			memcpy(f.day, it.v[i].rel, 10);
			f.t_ms = f.chunk = -1;
			snprintf(f.text, sizeof(f.text),
				 "purged: retention ended %lld",
				 (long long)in->retain_until_epoch_ms);
			if (fn(user, &f) < 0)
				break;
		}
	}
	free(it.v);
	return rc ? rc : n;
}

CTI_EXTERN int cti_rec_keygen(const char *prefix, uint32_t kind,
			      char key_id[CTI_REC_KEYID_LEN + 1])
{
	struct cti__key k;
	int rc;

	if (!prefix || !*prefix)
		return CTI_EINVAL;
	rc = cti__key_generate(prefix, kind, &k, NULL, 0);
	if (!rc && key_id)
		cti__hex(key_id, k.id, 8);
	cti__wipe(&k, sizeof(k));
	return rc;
}

CTI_EXTERN int cti_rec_key_info(const char *path,
				char key_id[CTI_REC_KEYID_LEN + 1],
				uint32_t *kind, bool *is_private)
{
	struct cti__key k;
	int rc;

	if (!path)
		return CTI_EINVAL;
	rc = cti__key_load(path, &k, NULL, 0);
	if (!rc) {
		if (key_id)
			cti__hex(key_id, k.id, 8);
		if (kind)
			*kind = k.kind;
		if (is_private)
			*is_private = k.priv_present;
	}
	cti__wipe(&k, sizeof(k));
	return rc;
}
