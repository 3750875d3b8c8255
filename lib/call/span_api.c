// SPDX-License-Identifier: LGPL-2.1-or-later
/* The public span API: a backend plus a libpri instance per span. */
#include <stdlib.h>
#include <string.h>

#include "call/call.h"

static int resolve(const struct cti_span_config *in,
		   struct cti_span_config *out)
{
	return cti__span_cfg_resolve(in, out, NULL, 0);
}

static int kind_of(const struct cti_span_config *c)
{
	return c->type == CTI_SPAN_E1 ? CTI__SPAN_E1 : CTI__SPAN_T1;
}

static int law_of(const struct cti_span_config *c)
{
	return c->law == CTI_LAW_ULAW ? CTI__LAW_ULAW : CTI__LAW_ALAW;
}

static int free_id(struct cti__mgr *m)
{
	for (int i = 1; i <= CTI__MAX_SPANS; i++)
		if (!m->spans[i])
			return i;
	return -1;
}

/* Wrap a backend span: a libpri instance on it, a slot in the manager. */
static int attach(struct cti__mgr *m, struct cti__span *sp,
		  const struct cti_span_config *cfg, struct cti__cspan **out)
{
	struct cti__pri_cfg pc = { (int)cfg->side, (int)cfg->switchtype,
				   cfg->overlap };
	struct cti__cspan *cs;
	int id = free_id(m), rc;

	if (id < 0)
		return CTI_ENOSPC;
	cs = calloc(1, sizeof(*cs));
	if (!cs)
		return CTI_ENOMEM;
	cs->mgr = m;
	cs->id = (cti_span_id_t)id;
	cs->cfg = *cfg;
	cs->sig = &cti__sig_pri;
	cs->span = sp;
	cti__link_init(cs);
	/* the slot first: libpri may already talk while being created */
	m->spans[id] = cs;
	cti__span_set_up(sp, &cti__call_span_hooks, cs);
	rc = cti__pri_new(sp, &pc, cti__call_on_pri, cs, &cs->pri);
	if (rc) {
		m->spans[id] = NULL;
		cti__span_set_up(sp, NULL, NULL);
		cti__link_fini(cs);
		free(cs);
		return rc;
	}
	cti__cspan_link_changed(cs); /* published as down until Q.921 is up */
	*out = cs;
	return 0;
}

static void detach(struct cti__cspan *cs)
{
	cti__link_fini(cs);
	cs->mgr->spans[cs->id] = NULL;
	cti__pri_free(cs->pri);
	free(cs);
}

CTI_EXTERN int cti_span_open_loop(cti_ctx_t *ctx, cti_span_id_t *id_a,
				  cti_span_id_t *id_b,
				  const struct cti_span_config *a,
				  const struct cti_span_config *b,
				  const struct cti_loop_config *lc)
{
	struct cti_span_config ca, cb;
	struct cti__loop_opts lo = { 0, 0 };
	struct cti__mgr *m = cti__mgr_get(ctx);
	struct cti__span *sa, *sb;
	struct cti__cspan *csa, *csb;
	int rc;

	if (!id_a || !id_b)
		return CTI_EINVAL;
	*id_a = *id_b = 0;
	if (!m)
		return CTI_ENOMEM;
	if ((a && a->signalling) || (b && b->signalling))
		return CTI_EINVAL; /* loop spans are PRI (R2: docs/r2.md) */
	/* a cable joins a network side to a user side (Q.931 clause 3):
	 * two networks (or two users) would both hunt and assign channels */
	if (resolve(a, &ca) || resolve(b, &cb) || ca.type != cb.type ||
	    ca.law != cb.law || ca.side == cb.side)
		return CTI_EINVAL;
	if (lc) {
		lo.d_bitrate = lc->d_bitrate;
		lo.seed = lc->seed;
	}
	rc = cti__span_loop_pair(ctx, kind_of(&ca), law_of(&ca), &lo, &sa, &sb);
	if (rc)
		return rc;
	rc = attach(m, sa, &ca, &csa);
	if (rc)
		goto fail_spans;
	rc = attach(m, sb, &cb, &csb);
	if (rc) {
		detach(csa);
		goto fail_spans;
	}
	csa->loop_peer = csb;
	csb->loop_peer = csa;
	*id_a = csa->id;
	*id_b = csb->id;
	return 0;
fail_spans:
	cti__span_free(sa);
	cti__span_free(sb);
	return rc;
}

/* The span's layout from DAHDI and what it is configured for, checked
 * against what we are asked to run on it. */
static int probe_dahdi(cti_ctx_t *ctx, int32_t spanno,
		       const struct cti_span_config *c,
		       struct cti__dahdi_layout *l)
{
	char why[256];
	int rc = cti__span_dahdi_layout(spanno, l), sig;

	if (rc)
		return rc;
	if (l->total != (c->type == CTI_SPAN_T1 ? 24 : 31)) {
		cti__log(ctx, CTI_LOG_ERROR, "span",
			 "type: DAHDI span %d has %d channels, not a%s",
			 spanno, l->total,
			 c->type == CTI_SPAN_T1 ? " T1 (24)" : "n E1 (31)");
		return CTI_EINVAL;
	}
	sig = cti__span_layout_signalling(l, why, sizeof(why));
	if (sig < 0) {
		cti__log(ctx, CTI_LOG_ERROR, "span", "%s", why);
		return CTI_EINVAL;
	}
	if ((uint32_t)sig != c->signalling) {
		cti__log(ctx, CTI_LOG_ERROR, "span",
			 "signalling: %s asked for, but DAHDI span %d is "
			 "configured %s (%s in system.conf)",
			 c->signalling == CTI_SIGNALLING_R2 ? "r2" : "pri",
			 spanno,
			 sig == CTI_SIGNALLING_R2 ? "for CAS" : "with a D channel",
			 sig == CTI_SIGNALLING_R2 ? "cas=" : "ccs, dchan=");
		return CTI_EINVAL;
	}
	return 0;
}

CTI_EXTERN int cti_span_open_dahdi(cti_ctx_t *ctx, cti_span_id_t *id,
				   int32_t dahdi_spanno,
				   const struct cti_span_config *cfg)
{
	struct cti_span_config c;
	struct cti__dahdi_layout l;
	struct cti__mgr *m = cti__mgr_get(ctx);
	struct cti__span *sp;
	struct cti__cspan *cs;
	char why[256];
	int rc;

	if (!id)
		return CTI_EINVAL;
	*id = 0;
	if (!m)
		return CTI_ENOMEM;
	if (cti__span_cfg_resolve(cfg, &c, why, sizeof(why))) {
		cti__log(ctx, CTI_LOG_ERROR, "span", "DAHDI span %d: %s",
			 dahdi_spanno, why);
		return CTI_EINVAL;
	}
	if (dahdi_spanno <= 0)
		return CTI_EINVAL;
	rc = probe_dahdi(ctx, dahdi_spanno, &c, &l);
	if (rc)
		return rc;
	if (c.signalling == CTI_SIGNALLING_R2) {
		rc = cti__r2sig_attach(m, &l, &c, &cs);
		if (rc)
			return rc;
		*id = cs->id;
		return 0;
	}
	rc = cti__span_dahdi_open(ctx, dahdi_spanno, kind_of(&c), law_of(&c),
				  &sp);
	if (rc)
		return rc;
	rc = attach(m, sp, &c, &cs);
	if (rc) {
		cti__span_free(sp);
		return rc;
	}
	*id = cs->id;
	return 0;
}

CTI_EXTERN int cti_span_dahdi_signalling(int32_t dahdi_spanno, char *why,
					 size_t why_len)
{
	struct cti__dahdi_layout l;
	int rc;

	if (why && why_len)
		why[0] = '\0';
	if (dahdi_spanno <= 0)
		return CTI_EINVAL;
	rc = cti__span_dahdi_layout(dahdi_spanno, &l);
	if (rc)
		return rc;
	return cti__span_layout_signalling(&l, why, why_len);
}

CTI_EXTERN int cti_span_set_blocked(cti_ctx_t *ctx, cti_span_id_t id,
				    int16_t bchan, bool blocked)
{
	struct cti__cspan *cs = cti__cspan_find(ctx, id);

	if (!cs)
		return CTI_ENOENT;
	if (!cs->r2)
		return CTI_ENOTSUP; /* PRI: no SERVICE messages (yet) */
	return cti__r2sig_block(cs, bchan, blocked);
}

CTI_EXTERN int cti_span_close(cti_ctx_t *ctx, cti_span_id_t id)
{
	struct cti__cspan *cs = cti__cspan_find(ctx, id);

	if (!cs)
		return CTI_ENOENT;
	for (int ch = 0; ch < CTI__MAX_CHAN; ch++)
		if (cs->by_chan[ch])
			cti__call_abandon(cs->by_chan[ch],
					  CTI_CAUSE_TEMPORARY_FAILURE);
	/* calls without a channel yet (overlap, glare losers) */
	for (struct cti__call *c = cs->mgr->calls, *n; c; c = n) {
		n = c->next;
		if (c->cs == cs)
			cti__call_abandon(c, CTI_CAUSE_TEMPORARY_FAILURE);
	}
	if (cs->loop_peer)
		cs->loop_peer->loop_peer = NULL;
	if (cs->r2) {
		cti__r2sig_detach(cs);
		return 0;
	}
	cti__link_fini(cs);
	cti__pri_free(cs->pri);
	cs->pri = NULL;
	cti__span_free(cs->span);
	cs->mgr->spans[id] = NULL;
	free(cs);
	return 0;
}

CTI_EXTERN int cti_span_get_status(cti_ctx_t *ctx, cti_span_id_t id,
				   struct cti_span_status *st)
{
	struct cti__cspan *cs = cti__cspan_find(ctx, id);
	const struct cti__span_stats *s;

	if (!cs)
		return CTI_ENOENT;
	if (!st)
		return CTI_EINVAL;
	memset(st, 0, sizeof(*st));
	s = &cs->span->stats;
	st->type = cs->cfg.type;
	st->side = cs->cfg.side;
	st->alarms = cs->span->alarms;
	st->d_up = cs->d_up;
	for (struct cti__call *c = cs->mgr->calls; c; c = c->next)
		if (c->cs == cs)
			st->calls++;
	st->bchans = (uint16_t)cti__span_nbchans(cs->span->kind);
	st->d_tx_bytes = s->d_tx_bytes;
	st->d_rx_bytes = s->d_rx_bytes;
	st->d_tx_frames = s->d_tx_frames;
	st->d_rx_frames = s->d_rx_frames;
	st->d_dropped = s->d_dropped;
	st->restarting = cti__link_restarting(cs);
	st->signalling = cs->cfg.signalling;
	if (cs->r2)
		st->d_up = cs->up;
	return 0;
}

CTI_EXTERN int cti_span_restart(cti_ctx_t *ctx, cti_span_id_t id)
{
	struct cti__cspan *cs = cti__cspan_find(ctx, id);
	int rc;

	if (!cs)
		return CTI_ENOENT;
	if (cs->r2)
		return CTI_ENOTSUP; /* no RESTART in R2 */
	if (!cs->d_up)
		return CTI_ENETDOWN;
	/* Q.931 5.5.1: the channels are idle on our side too, first: a
	 * channel still carrying a call is not restarted (link.c) */
	cti__cspan_abandon(cs, -1, CTI_CAUSE_TEMPORARY_FAILURE);
	rc = cti__link_restart_all(cs);
	return rc;
}

CTI_EXTERN int cti_span_loop_set_drop(cti_ctx_t *ctx, cti_span_id_t id,
				      uint32_t ppm)
{
	struct cti__cspan *cs = cti__cspan_find(ctx, id);

	if (!cs)
		return CTI_ENOENT;
	return cti__span_loop_set_drop(cs->span, ppm);
}

CTI_EXTERN int cti_span_loop_set_link(cti_ctx_t *ctx, cti_span_id_t id, bool up)
{
	struct cti__cspan *cs = cti__cspan_find(ctx, id);

	if (!cs)
		return CTI_ENOENT;
	return cti__span_loop_set_link(cs->span, up);
}
