// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KPIs per queue and interval, and the Erlang-C expectation beside the
 * measured service level. Definitions (docs/acd.md):
 *   service level = answered within T / (offered - short abandons), in %
 *   ASA = total wait of answered calls / answered
 *   average wait = wait of answered, abandoned (not short) and exited calls
 *   AHT = (talk + hold + wrap-up) / calls whose wrap-up ended
 *   occupancy = handling time / (handling + available time), centre-wide
 */
#include <math.h>
#include <string.h>

#include "acd/acd.h"

/*
 * Erlang C via the Erlang-B recursion B(0) = 1, B(n) = A B(n-1) / (n + A
 * B(n-1)), which never overflows; C = N B / (N - A (1 - B)); then
 * SL(t) = 1 - C exp(-(N - A) t / AHT).
 */
CTI_EXTERN double cti_erlang_c_sl(double rate, double aht_s,
				  unsigned int agents, double t_s)
{
	double a = rate * aht_s, b = 1, c;

	if (!(rate >= 0) || !(aht_s > 0) || !(t_s >= 0) || !agents)
		return -1;
	if (a >= agents)
		return 0;
	for (unsigned int n = 1; n <= agents; n++)
		b = a * b / (n + a * b);
	c = agents * b / (agents - a * (1 - b));
	return 1 - c * exp(-(agents - a) * t_s / aht_s);
}

static unsigned int staffed(const struct acd_queue *q)
{
	unsigned int n = 0;

	for (size_t i = 0; i < q->n_members; i++) {
		enum cti_agent_state s = q->members[i]->a->state;

		if (s != CTI_AGENT_NOT_READY && s != CTI_AGENT_LOGGED_OUT)
			n++;
	}
	return n;
}

void cti__acd_interval_fill(struct cti_acd *acd, struct acd_queue *q,
			    uint64_t now, struct cti_acd_interval *out)
{
	uint32_t base;

	*out = q->iv;
	out->start_ms = (int64_t)acd->iv_start;
	out->epoch_ms = acd->cfg.epoch_ms_at_zero + (int64_t)acd->iv_start;
	out->length_ms = (int64_t)(now - acd->iv_start);
	out->sl_threshold_ms = acd->cfg.sl_threshold_ms;
	base = out->offered - out->short_abandoned;
	out->service_level =
		base ? 100.0 * out->answered_in_sl / base : -1;
	out->asa_ms = out->answered ?
			      (int64_t)(q->sum_answer_wait / out->answered) :
			      0;
	out->avg_wait_ms = q->n_wait ? (int64_t)(q->sum_wait / q->n_wait) : 0;
	out->aht_ms = q->n_handled ? (int64_t)(q->sum_handle / q->n_handled) :
				     0;
	out->occupancy = acd->busy_ms + acd->avail_ms ?
				 100.0 * acd->busy_ms /
					 (acd->busy_ms + acd->avail_ms) :
				 -1;
	out->erlang_c_sl = -1;
	if (out->length_ms > 0 && q->n_handled) {
		double sl = cti_erlang_c_sl(out->offered * 1000.0 /
						    out->length_ms,
					    out->aht_ms / 1000.0, staffed(q),
					    out->sl_threshold_ms / 1000.0);

		out->erlang_c_sl = sl < 0 ? -1 : 100.0 * sl;
	}
}

CTI_EXTERN int cti_acd_queue_stats(cti_acd_t *acd, const char *queue,
				   uint64_t now_ms,
				   struct cti_acd_interval *out)
{
	struct acd_queue *q = acd && queue ? cti__acd_queue(acd, queue) : NULL;

	if (!q)
		return CTI_ENOENT;
	if (!out)
		return CTI_EINVAL;
	cti__acd_interval_fill(acd, q, now_ms, out);
	return 0;
}

/* Agents' time so far into the centre's occupancy (without changing
 * their state), so an interval accounts exactly for its own time. */
static void settle_agents(struct cti_acd *acd, uint64_t at)
{
	for (size_t i = 0; i < acd->agents.cap; i++) {
		struct acd_agent *a = acd->agents.s[i].val;
		uint64_t ms;

		if (!a || a == MAP_GONE || !a->logged_in || at <= a->since)
			continue;
		ms = at - a->since;
		a->state_ms[a->state] += ms;
		if (a->state == CTI_AGENT_TALKING ||
		    a->state == CTI_AGENT_HOLD ||
		    a->state == CTI_AGENT_WRAP_UP)
			acd->busy_ms += ms;
		else if (a->state == CTI_AGENT_READY ||
			 a->state == CTI_AGENT_RESERVED)
			acd->avail_ms += ms;
		a->since = at;
	}
}

/* Every queue's open interval out as an INTERVAL event at `end`, and a
 * new one begun there. */
static void close_all(struct cti_acd *acd, uint64_t end)
{
	settle_agents(acd, end);
	for (size_t i = 0; i < acd->n_queues; i++) {
		struct acd_queue *q = acd->qlist[i];
		struct cti_acd_event *e =
			cti__acd_emit(acd, CTI_ACD_EV_INTERVAL, end);

		if (e) {
			cti__acd_interval_fill(acd, q, end, &e->u.interval);
			memcpy(e->queue, q->name, sizeof(e->queue));
		}
		memset(&q->iv, 0, sizeof(q->iv));
		memcpy(q->iv.queue, q->name, sizeof(q->iv.queue));
		q->sum_answer_wait = q->sum_wait = q->n_wait = 0;
		q->sum_handle = q->n_handled = 0;
	}
	acd->busy_ms = acd->avail_ms = 0;
	acd->iv_start = end;
}

void cti__acd_intervals_close(struct cti_acd *acd, uint64_t now)
{
	while (now >= acd->iv_end) {
		close_all(acd, acd->iv_end);
		acd->iv_end += acd->cfg.interval_ms;
	}
}

/*
 * Aligned: the first multiple of interval_ms of local time after the
 * start (a start on a boundary gives a whole first interval). The
 * remainder is taken floored, so instants before 1970 (or a negative
 * test epoch) align as well.
 */
uint64_t cti__acd_first_end(const struct cti_acd_config *cfg)
{
	int64_t len = cfg->interval_ms, local, r;

	if (!(cfg->flags & CTI_ACD_ALIGN_INTERVALS))
		return (uint64_t)len;
	local = cfg->epoch_ms_at_zero + (int64_t)cfg->utc_offset_min * 60000;
	r = local % len;
	if (r < 0)
		r += len;
	return (uint64_t)(len - r);
}

CTI_EXTERN int cti_acd_close_intervals(cti_acd_t *acd, uint64_t now_ms)
{
	if (!acd)
		return CTI_EINVAL;
	cti__acd_sync(acd, now_ms);
	now_ms = acd->now; /* never before what was already seen */
	if (now_ms == acd->iv_start)
		return 0; /* just begun: nothing to report */
	acd_log(acd, CTI_LOG_DEBUG, "intervals closed early at %llu ms",
		(unsigned long long)now_ms);
	close_all(acd, now_ms);
	if (!(acd->cfg.flags & CTI_ACD_ALIGN_INTERVALS))
		acd->iv_end = now_ms + acd->cfg.interval_ms;
	return 0;
}
