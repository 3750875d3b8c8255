/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Every use the engine makes of the lower modules' clock, constructors
 * and event drains goes through these helpers: when one of those APIs
 * changes, this file is what changes.
 */
#ifndef CTI_CENTER_COMPAT_H
#define CTI_CENTER_COMPAT_H

#include "cti/acd.h"
#include "cti/call.h"
#include "cti/ctx.h"
#include "cti/ivr.h"

static inline uint64_t cc__now_ms(const cti_ctx_t *ctx)
{
	return cti_now_ms(ctx);
}

static inline uint64_t cc__ev_ms(const struct cti_event *ev)
{
	return ev->time_ms;
}

static inline int64_t cc__timer(cti_ctx_t *ctx, uint64_t delay_ms,
				cti_timer_fn fn, void *user)
{
	return cti_timer_start(ctx, delay_ms, fn, user);
}

static inline int cc__call_make(cti_ctx_t *ctx, const struct cti_call_params *p,
				cti_call_id_t *id)
{
	return cti_call_make(ctx, id, p);
}

static inline int cc__acd_new(cti_acd_t **out, const struct cti_acd_config *c)
{
	return cti_acd_new(out, c);
}

/* 1 with an event, 0 when none */
static inline int cc__acd_next(cti_acd_t *acd, struct cti_acd_event *ev)
{
	return cti_acd_next_event(acd, ev) > 0;
}

/* The earliest instant the ACD has work (a timer, the interval's end);
 * UINT64_MAX when nothing is scheduled. */
static inline uint64_t cc__acd_next_due(cti_acd_t *acd)
{
	uint64_t due = 0;

	return cti_acd_next_due(acd, &due) > 0 ? due : UINT64_MAX;
}

static inline int cc__ivr_new(cti_ivr_t **out, const cti_ivr_config_t *c)
{
	return cti_ivr_new(out, c);
}

static inline int cc__ivr_next(cti_ivr_t *ivr, cti_ivr_event_t *ev)
{
	return cti_ivr_next_event(ivr, ev) > 0;
}

static inline int cc__flow_start(cti_flow_run_t **out, const cti_flow_t *f,
				 cti_ivr_t *ivr, uint64_t now_ms)
{
	return cti_flow_start(out, f, ivr, now_ms);
}

static inline int cc__flow_next(cti_flow_run_t *run, cti_flow_event_t *ev)
{
	return cti_flow_next_event(run, ev) > 0;
}

#endif
