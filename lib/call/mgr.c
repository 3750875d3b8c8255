// SPDX-License-Identifier: LGPL-2.1-or-later
/* The call manager: owned by the context; spans and calls by id. */
#include <stdlib.h>
#include <string.h>

#include "call/call.h"

static void mgr_free(void *p)
{
	struct cti__mgr *m = p;

	for (int i = 1; i <= CTI__MAX_SPANS; i++)
		if (m->spans[i])
			cti_span_close(m->ctx, (cti_span_id_t)i);
	while (m->calls) /* calls on no span: none expected */
		cti__call_free(m->calls);
	free(m);
}

/* Work in progress for cti_ctx_run_idle(): a call, a link settling, a
 * RESTART queued or unanswered, a frame crossing a loop pair. Link
 * upkeep (libpri's T203 polls, SABME retries while down) is not: it
 * never ends. */
static bool mgr_busy(const void *p)
{
	const struct cti__mgr *m = p;

	if (m->calls)
		return true;
	for (int i = 1; i <= CTI__MAX_SPANS; i++) {
		const struct cti__cspan *cs = m->spans[i];

		if (cs && (cti__timer_armed(&cs->settle) ||
			   cti__link_restarting(cs) ||
			   cti__span_loop_in_flight(cs->span)))
			return true;
	}
	return false;
}

struct cti__mgr *cti__mgr_get(cti_ctx_t *ctx)
{
	struct cti__mgr *m = cti__ctx_module(ctx, CTI__MOD_CALL);

	if (m)
		return m;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->ctx = ctx;
	m->next_call_id = 1;
	m->next_conf_id = 1;
	cti__ctx_set_module(ctx, CTI__MOD_CALL, m, mgr_free);
	cti__ctx_set_module_busy(ctx, CTI__MOD_CALL, mgr_busy);
	return m;
}

struct cti__cspan *cti__cspan_find(cti_ctx_t *ctx, cti_span_id_t id)
{
	struct cti__mgr *m = cti__ctx_module(ctx, CTI__MOD_CALL);

	if (!m || id == 0 || id > CTI__MAX_SPANS)
		return NULL;
	return m->spans[id];
}

struct cti__call *cti__call_find(cti_ctx_t *ctx, cti_call_id_t id)
{
	struct cti__mgr *m = cti__ctx_module(ctx, CTI__MOD_CALL);

	if (!m)
		return NULL;
	/* a call whose end was reported is gone for the application, even
	 * while its release is still being signalled */
	for (struct cti__call *c = m->calls; c; c = c->next)
		if (c->id == id)
			return c->reported_end ? NULL : c;
	return NULL;
}

/* A B-channel a new call may take: no call holds it and no RESTART of
 * ours for it is unanswered (Q.931 5.5.1: it is not available until the
 * RESTART ACKNOWLEDGE). */
bool cti__cspan_chan_usable(const struct cti__cspan *cs, int ch)
{
	if (!cti__span_is_bchan(cs->span->kind, ch) || cs->by_chan[ch])
		return false;
	if (cs->r2) /* a cas channel of ours, idle at both ends */
		return (cs->r2_chans >> ch & 1) &&
		       !(cs->r2_far_blocked >> ch & 1) && !cs->r2_line[ch];
	return !(cs->rs_out & (1u << ch));
}

int cti__cspan_pick_chan(const struct cti__cspan *cs, int want)
{
	if (want > 0)
		return cti__cspan_chan_usable(cs, want) ? want : -1;
	/* Q.931 leaves the order to us: the network hunts from the top,
	 * the user from the bottom, which makes glare rarer */
	for (int i = 1; i < CTI__MAX_CHAN; i++) {
		int ch = cti__cspan_hunt_order(cs, i);

		if (cti__cspan_chan_usable(cs, ch))
			return ch;
	}
	return -1;
}

/* The i-th channel (1..CTI__MAX_CHAN-1) in the span's hunting order. */
int cti__cspan_hunt_order(const struct cti__cspan *cs, int i)
{
	return cs->cfg.side == CTI_SIDE_NET ? CTI__MAX_CHAN - i : i;
}
