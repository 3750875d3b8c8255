// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The index of recordings: one row per recording (lib/rec writes it when
 * a recording starts, closes, is recovered or purged), searched by time,
 * numbers, agent, queue, account or call. The recordings themselves, and
 * the proof that they are intact, stay in the recorder's directory: this
 * table is for finding them fast, and holds no secret. This file checks
 * the arguments; the backends store and search.
 */
#include <string.h>

#include "core/util.h"
#include "store/store.h"

static bool text_ok(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	return n < cap && cti__utf8_valid(s, n);
}

static bool id_ok(const char *id)
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (!strchr("0123456789abcdef", id[i]) || !id[i])
			return false;
	return id[32] == '\0';
}

static int guard(struct cti_store *st, bool write)
{
	if (!st)
		return CTI_EINVAL;
	if (st->in_query)
		return CTI_EBUSY;
	if (write && (st->flags & CTI_STORE_RDONLY))
		return CTI_EPERM;
	return 0;
}

CTI_EXTERN int cti_store_put_recording(cti_store_t *st,
				       const struct cti_store_recording *r)
{
	int rc = guard(st, true);

	if (rc)
		return rc;
	if (!r || !id_ok(r->id) || !text_ok(r->file, sizeof(r->file)) ||
	    !text_ok(r->ani, sizeof(r->ani)) ||
	    !text_ok(r->dnis, sizeof(r->dnis)) ||
	    !text_ok(r->agent, sizeof(r->agent)) ||
	    !text_ok(r->queue, sizeof(r->queue)) ||
	    !text_ok(r->account, sizeof(r->account)) ||
	    r->status < CTI_STORE_REC_RECORDING ||
	    r->status > CTI_STORE_REC_PURGED || r->duration_ms > INT64_MAX) {
		cti__store_err(st, "recording index: a field is not valid");
		return CTI_EINVAL;
	}
	return st->ops->put_recording(st, r);
}

CTI_EXTERN int cti_store_query_recordings(cti_store_t *st,
					  const struct cti_store_rec_filter *f,
					  cti_store_recording_fn fn, void *user)
{
	static const struct cti_store_rec_filter all;
	int rc = guard(st, false);

	if (rc)
		return rc;
	if (!fn)
		return CTI_EINVAL;
	st->in_query = true;
	rc = st->ops->query_recordings(st, f ? f : &all, fn, user);
	st->in_query = false;
	return rc;
}
