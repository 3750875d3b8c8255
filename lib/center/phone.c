// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * An agent whose phone could not be rung: refused (busy, out of order) or
 * not reachable (the station span in alarm, no free channel). The agent
 * is made NOT_READY (CTI_CENTER_REASON_PHONE_FAILED) so the queue's next
 * call goes to someone whose phone works, and the offer goes back to the
 * queue. Unlike RONA this is seldom the agent's doing: a full station
 * trunk frees a channel within seconds. With phone_retry_ms the engine
 * puts the agent back READY that long after, unless somebody changed the
 * agent's state in between; without it the agent stays away until told.
 *
 * One timer serves every agent: it fires at the earliest agent's due time
 * and arms itself for the next. Agents are few (hundreds), the scan cheap.
 */
#include "center/center.h"
#include "core/ctx.h"

static void retry_arm(cti_center_t *cc);

static void retry_due(cti_ctx_t *ctx, void *user)
{
	cti_center_t *cc = user;
	uint64_t now = cti_now_ms(ctx);

	cc->retry_timer = -1;
	for (size_t i = 0; i < cc->n_agents; i++) {
		struct cc_agent *a = &cc->agents[i];
		uint32_t st;
		int32_t reason;

		if (!a->retry_at || a->retry_at > now)
			continue;
		a->retry_at = 0;
		/* a supervisor, the agent or a logout since: theirs decides */
		if (!a->logged_in ||
		    cti_center_agent_state(cc, a->name, &st, &reason) ||
		    st != CTI_AGENT_NOT_READY ||
		    reason != CTI_CENTER_REASON_PHONE_FAILED)
			continue;
		cti__log(cc->ctx, CTI_LOG_INFO, "center",
			 "agent %s ready again %u ms after the phone failed",
			 a->name, cc->cfg.phone_retry_ms);
		cti_center_agent_ready(cc, a->name);
	}
	retry_arm(cc);
}

/* The timer at the earliest agent's due time; none if nobody waits. */
static void retry_arm(cti_center_t *cc)
{
	uint64_t next = 0, now = cti_now_ms(cc->ctx);

	for (size_t i = 0; i < cc->n_agents; i++)
		if (cc->agents[i].retry_at &&
		    (!next || cc->agents[i].retry_at < next))
			next = cc->agents[i].retry_at;
	if (cc->retry_timer > 0)
		cti_timer_cancel(cc->ctx, cc->retry_timer);
	cc->retry_timer = -1;
	if (next)
		cc->retry_timer = cti_timer_start(
			cc->ctx, next > now ? next - now : 0, retry_due, cc);
	if (next && cc->retry_timer < 0)
		cti__log(cc->ctx, CTI_LOG_WARNING, "center",
			 "no timer for the phone retry: agents stay not "
			 "ready until told");
}

void cc__phone_failed(cti_center_t *cc, int agent)
{
	uint64_t now = cti_now_ms(cc->ctx);
	struct cc_agent *a;

	if (agent < 0 || (size_t)agent >= cc->n_agents)
		return;
	a = &cc->agents[agent];
	cti_acd_supervisor_force(cc->acd, a->name, CTI_AGENT_NOT_READY,
				 CTI_CENTER_REASON_PHONE_FAILED, now);
	if (!cc->cfg.phone_retry_ms)
		return;
	a->retry_at = now + cc->cfg.phone_retry_ms;
	retry_arm(cc);
}

CTI_EXTERN int cti_center_set_phone_retry(cti_center_t *cc, uint32_t ms)
{
	if (!cc)
		return CTI_EINVAL;
	cc->cfg.phone_retry_ms = ms;
	return 0;
}

void cc__phone_retry_stop(cti_center_t *cc)
{
	if (cc->retry_timer > 0)
		cti_timer_cancel(cc->ctx, cc->retry_timer);
	cc->retry_timer = -1;
}
