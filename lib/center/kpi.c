// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The open KPI intervals beyond the ACD's own closes: closed early at a
 * stop (cti_center_close_intervals()), and checkpointed into the store
 * so that a crash loses at most CC_IV_CHECKPOINT_MS of them. Every
 * CC_IV_CHECKPOINT_MS of context time, while the ACD has work, the
 * queues' open intervals are compared with what the last checkpoint
 * stored (their counts: offered, answered, abandons...); if one changed,
 * all of them are stored as open rows (cti_store_put_open_intervals()).
 * The interval's own close deletes its rows; after a crash the next
 * start turns them into records (cti_store_close_cut_intervals()).
 */
#include <stdlib.h>
#include <string.h>

#include "center/center.h"
#include "core/ctx.h"

CTI_EXTERN int cti_center_close_intervals(cti_center_t *cc)
{
	if (!cc)
		return CTI_EINVAL;
	cti_acd_close_intervals(cc->acd, cti_now_ms(cc->ctx));
	/* the INTERVAL events: pooled, stored, emitted as at a boundary */
	cc__acd_drain(cc);
	cc->n_ivc = 0; /* their open rows went with them */
	return 0;
}

static bool same_counts(const struct cti_acd_interval *a,
			const struct cti_acd_interval *b)
{
	return a->offered == b->offered && a->answered == b->answered &&
	       a->answered_in_sl == b->answered_in_sl &&
	       a->abandoned == b->abandoned &&
	       a->short_abandoned == b->short_abandoned &&
	       a->overflowed == b->overflowed && a->exited == b->exited &&
	       a->busy == b->busy;
}

/* Has iv changed since the last checkpoint? A new interval that nothing
 * happened in yet has not (its queue's row of the last one is gone). */
static bool changed(const cti_center_t *cc, const struct cti_acd_interval *iv)
{
	static const struct cti_acd_interval zero;

	for (size_t i = 0; i < cc->n_ivc; i++)
		if (!strcmp(cc->ivc[i].queue, iv->queue) &&
		    cc->ivc[i].epoch_ms == iv->epoch_ms)
			return !same_counts(&cc->ivc[i], iv);
	return !same_counts(&zero, iv);
}

/* The open intervals of the engine's queues, in a new array (*out, the
 * caller frees it): returns how many, or -1 out of memory. */
static long snapshot(cti_center_t *cc, struct cti_acd_interval **out)
{
	uint64_t now = cti_now_ms(cc->ctx);
	struct cti_acd_interval *v;
	long n = 0;

	v = malloc((cc->n_queues ? cc->n_queues : 1) * sizeof(*v));
	if (!v)
		return -1;
	for (size_t i = 0; i < cc->n_queues; i++)
		if (!cc->queues[i].removed &&
		    !cti_acd_queue_stats(cc->acd, cc->queues[i].name, now,
					 &v[n]))
			n++;
	*out = v;
	return n;
}

static void checkpoint(cti_center_t *cc)
{
	struct cti_acd_interval *v = NULL;
	long n = snapshot(cc, &v);
	bool any = false;
	int rc;

	if (n < 0) {
		cti__log(cc->ctx, CTI_LOG_ERROR, "center",
			 "out of memory: open intervals not checkpointed");
		return;
	}
	for (long i = 0; i < n && !any; i++)
		any = changed(cc, &v[i]);
	if (!any) {
		free(v);
		return;
	}
	cc__flush_records(cc); /* the CDRs behind the counts first */
	rc = cti_store_put_open_intervals(cc->cfg.store, v, (size_t)n);
	if (rc) {
		cti__log(cc->ctx, CTI_LOG_ERROR, "center",
			 "store: open intervals not checkpointed: %s",
			 cti_strerror(rc));
		free(v);
		return;
	}
	cti__log(cc->ctx, CTI_LOG_DEBUG, "center",
		 "%ld open intervals checkpointed", n);
	free(cc->ivc);
	cc->ivc = v;
	cc->n_ivc = cc->cap_ivc = (size_t)n;
}

static void checkpoint_fn(cti_ctx_t *ctx, void *user)
{
	cti_center_t *cc = user;

	(void)ctx;
	cc->ivc_timer = -1;
	checkpoint(cc);
	cc__iv_checkpoint_arm(cc);
}

void cc__iv_checkpoint_start(cti_center_t *cc)
{
	cc->ivc_timer = -1;
}

/* Armed only while the ACD has something scheduled (it has queues), so
 * an engine with nothing to do lets its context go idle. */
void cc__iv_checkpoint_arm(cti_center_t *cc)
{
	uint64_t due;
	int64_t t;

	if (!cc->cfg.store || cc->ivc_timer > 0 ||
	    cti_acd_next_due(cc->acd, &due) <= 0)
		return;
	t = cti_timer_start(cc->ctx, CC_IV_CHECKPOINT_MS, checkpoint_fn, cc);
	cc->ivc_timer = t > 0 ? t : -1;
}

void cc__iv_checkpoint_stop(cti_center_t *cc)
{
	if (cc->ivc_timer > 0)
		cti_timer_cancel(cc->ctx, cc->ivc_timer);
	cc->ivc_timer = -1;
	free(cc->ivc);
	cc->ivc = NULL;
	cc->n_ivc = cc->cap_ivc = 0;
}
