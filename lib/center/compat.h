/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Every use the engine makes of the lower modules' APIs that are being
 * reshaped (milliseconds at the context, constructors with the result
 * first, event drains returning 1/0) goes through these helpers, so the
 * move is a change here and nowhere else.
 */
#ifndef CTI_CENTER_COMPAT_H
#define CTI_CENTER_COMPAT_H

#include "cti/acd.h"
#include "cti/ctx.h"
#include "cti/ivr.h"

#include "acd/acd.h"

static inline uint64_t cc__now_ms(const cti_ctx_t *ctx)
{
	return cti_now_us(ctx) / 1000;
}

static inline uint64_t cc__ev_ms(const struct cti_event *ev)
{
	return ev->time_us / 1000;
}

static inline int64_t cc__timer(cti_ctx_t *ctx, uint64_t delay_ms,
				cti_timer_fn fn, void *user)
{
	return cti_timer_start(ctx, delay_ms * 1000, fn, user);
}

static inline int cc__acd_new(cti_acd_t **out, const struct cti_acd_config *c)
{
	int err = 0;

	*out = cti_acd_new(c, &err);
	return *out ? 0 : (err ? err : CTI_ENOMEM);
}

/* 1 with an event, 0 when none */
static inline int cc__acd_next(cti_acd_t *acd, struct cti_acd_event *ev)
{
	return cti_acd_next_event(acd, ev) ? 1 : 0;
}

/* The earliest instant the ACD has work (a timer, the interval's end),
 * read from its internals until cti_acd_next_due() exists. */
static inline uint64_t cc__acd_next_due(cti_acd_t *acd)
{
	struct acd_timer *t = cti__heap_top(&acd->timers);
	uint64_t due = acd->iv_start + acd->cfg.interval_ms;

	if (t && t->due < due)
		due = t->due;
	return due;
}

static inline int cc__ivr_new(cti_ivr_t **out, const cti_ivr_config_t *c)
{
	int err = 0;

	*out = cti_ivr_new(c, &err);
	return *out ? 0 : (err ? err : CTI_ENOMEM);
}

static inline int cc__ivr_next(cti_ivr_t *ivr, cti_ivr_event_t *ev)
{
	return cti_ivr_next(ivr, ev) ? 1 : 0;
}

static inline int cc__flow_start(cti_flow_run_t **out, const cti_flow_t *f,
				 cti_ivr_t *ivr, uint64_t now_ms)
{
	int err = 0;

	*out = cti_flow_start(f, ivr, now_ms, &err);
	return *out ? 0 : (err ? err : CTI_ENOMEM);
}

static inline int cc__flow_next(cti_flow_run_t *run, cti_flow_event_t *ev)
{
	return cti_flow_next(run, ev) ? 1 : 0;
}

#endif
