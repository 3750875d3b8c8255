// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The simulator's players. Every action is put on its own residue of the
 * millisecond clock modulo 4 (dial 0, caller hang-up 1, phone answer 2,
 * agent hang-up 3; ring and wrap-up times are multiples of 4), so two
 * players never act in the same millisecond and what the engine counted
 * cannot depend on the order of timers: the tally is exact.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

const char *const sim_queue_names[SIM_QUEUES] = { "trading", "accounts" };

#define MAX_SPANS 16

struct caller {
	struct sim *s;
	cti_call_id_t id;
	int queue;
	uint64_t arrived, answered;
	bool is_answered, done;
	int64_t hup;
};

struct phone {
	struct sim *s;
	int agent;
	char ext[16], name[16];
	cti_call_id_t call;
	int caller;
	int64_t timer;
};

struct sim {
	const struct sim_config *c;
	struct sim_tally *t;
	cti_ctx_t *ctx;
	cti_center_t *cc;
	cti_prompts_t *ps;
	cti_store_t *st;
	cti_span_id_t pstn[MAX_SPANS], trunk[MAX_SPANS];
	cti_span_id_t station[MAX_SPANS], phones[MAX_SPANS];
	struct caller **callers;
	size_t n_callers, cap_callers;
	struct phone *ph;
	uint32_t n_ph;
	uint64_t rng;
	uint64_t end_ms;
	uint32_t live; /* callers not yet done */
	int err;
};

static uint64_t now_ms(const struct sim *s)
{
	return cti_now_ms(s->ctx);
}

static int64_t timer(struct sim *s, uint64_t at, cti_timer_fn fn, void *u)
{
	uint64_t n = now_ms(s);

	return cti_timer_start(s->ctx, at > n ? at - n : 0, fn, u);
}

/* xorshift64*: repeatable by seed */
static double uniform(struct sim *s)
{
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return (double)((s->rng * 2685821657736338717ull) >> 11) * 0x1p-53;
}

static double expo(struct sim *s, double mean)
{
	return -mean * log(1.0 - uniform(s));
}

/* the first instant >= t that is r modulo 4 */
static uint64_t slot(uint64_t t, unsigned r)
{
	return t + ((r + 4 - (unsigned)(t % 4)) % 4);
}

static struct sim_iv *iv_of(struct sim *s, int q, uint64_t t)
{
	uint32_t i = (uint32_t)(t / s->c->interval_ms);

	if (i >= SIM_MAX_IV)
		i = SIM_MAX_IV - 1;
	if (i + 1 > s->t->n_iv)
		s->t->n_iv = i + 1;
	return &s->t->iv[q][i];
}

void sim_defaults(struct sim_config *c)
{
	static const double profile[8] = { 500, 900, 1000, 700,
					   600, 800, 900,  600 };

	memset(c, 0, sizeof(*c));
	c->seed = 1;
	c->hours = 8;
	for (int h = 0; h < 24; h++)
		c->calls_per_hour[h] = profile[h % 8];
	c->trading_share = 0.7;
	c->agents[0] = 28;
	c->agents[1] = 10;
	c->agents[2] = 12;
	c->trunk_spans = 6;
	c->station_spans = 2;
	c->patience_mean_ms = 90000;
	c->talk_mean_ms = 150000;
	c->answer_min_ms = 1000;
	c->answer_max_ms = 4000;
	c->no_answer_ppm = 10000;
	c->back_ready_ms = 30000;
	c->wrap_ms = 8000;
	c->ring_ms = 12000;
	c->sl_ms = 15000;
	c->short_ms = 5000;
	c->interval_ms = 15 * 60 * 1000;
	c->prompts = "build/prompts";
}

/* ---- callers ---------------------------------------------------------- */

static void caller_hangup(cti_ctx_t *ctx, void *u)
{
	struct caller *k = u;
	struct sim *s = k->s;
	uint64_t t = now_ms(s), wait = t - k->arrived;
	struct sim_iv *iv = iv_of(s, k->queue, t);

	k->hup = -1;
	if (k->is_answered || k->done)
		return;
	cti_call_clear(ctx, k->id, CTI_CAUSE_NORMAL_CLEARING);
	if (wait < s->c->short_ms) {
		s->t->short_abandoned++;
		iv->short_abandoned++;
	} else {
		s->t->abandoned++;
		iv->abandoned++;
	}
	k->done = true;
	s->live--;
}

static void arrive(cti_ctx_t *ctx, void *u);

static void schedule_arrival(struct sim *s)
{
	uint64_t t = now_ms(s);
	uint32_t hour = (uint32_t)(t / 3600000);
	double rate;

	for (;;) {
		if (hour >= s->c->hours || hour >= 24)
			return;
		rate = s->c->calls_per_hour[hour];
		if (rate > 0)
			break;
		t = (uint64_t)++hour * 3600000;
	}
	t += (uint64_t)llround(expo(s, 3600000.0 / rate));
	if (t / 3600000 != hour && t / 3600000 >= s->c->hours)
		return;
	timer(s, slot(t, 0), arrive, s);
}

static void arrive(cti_ctx_t *ctx, void *u)
{
	struct sim *s = u;
	struct cti_call_params p = { 0 };
	struct caller *k;
	int rc = CTI_ENOCHAN;

	schedule_arrival(s);
	if (s->n_callers == s->cap_callers) {
		size_t cap = s->cap_callers ? s->cap_callers * 2 : 1024;
		struct caller **n = realloc(s->callers, cap * sizeof(*n));

		if (!n) {
			s->err = CTI_ENOMEM;
			return;
		}
		s->callers = n;
		s->cap_callers = cap;
	}
	/* one allocation per caller: timers hold its address */
	k = calloc(1, sizeof(*k));
	if (!k) {
		s->err = CTI_ENOMEM;
		return;
	}
	s->callers[s->n_callers] = k;
	k->s = s;
	k->queue = uniform(s) < s->c->trading_share ? 0 : 1;
	k->arrived = now_ms(s);
	k->hup = -1;
	s->t->arrived++;
	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%s",
		 k->queue ? "95501" : "95500");
	snprintf(p.ani.digits, sizeof(p.ani.digits), "139%08zu", s->n_callers);
	for (uint32_t i = 0; i < s->c->trunk_spans && rc; i++) {
		p.span = s->pstn[i];
		rc = cti_call_make(ctx, &k->id, &p);
	}
	if (rc) {
		s->t->blocked++;
		free(k);
		return;
	}
	s->n_callers++;
	s->live++;
	iv_of(s, k->queue, k->arrived)->offered++;
	k->hup = timer(s,
		       slot(k->arrived + (uint64_t)llround(expo(
						 s, s->c->patience_mean_ms)),
			    1),
		       caller_hangup, k);
}

/* ---- phones ------------------------------------------------------------- */

static struct phone *phone_of(struct sim *s, const char *ext)
{
	for (uint32_t i = 0; i < s->n_ph; i++)
		if (!strcmp(s->ph[i].ext, ext))
			return &s->ph[i];
	return NULL;
}

static void agent_hangup(cti_ctx_t *ctx, void *u)
{
	struct phone *p = u;
	struct sim *s = p->s;
	struct caller *k = s->callers[p->caller];
	uint64_t t = now_ms(s);
	uint64_t handle = t - k->answered + s->c->wrap_ms;
	struct sim_iv *iv = iv_of(s, k->queue, t + s->c->wrap_ms);

	p->timer = -1;
	cti_call_clear(ctx, p->call, CTI_CAUSE_NORMAL_CLEARING);
	p->call = 0;
	iv->sum_handle += handle;
	iv->n_handled++;
	s->t->sum_handle += handle;
	s->t->n_handled++;
	k->done = true;
	s->live--;
}

static void phone_answer(cti_ctx_t *ctx, void *u)
{
	struct phone *p = u;
	struct sim *s = p->s;
	struct caller *k = s->callers[p->caller];
	uint64_t t = now_ms(s), wait = t - k->arrived;
	struct sim_iv *iv = iv_of(s, k->queue, t);

	p->timer = -1;
	if (k->done || cti_call_answer(ctx, p->call))
		return;
	k->is_answered = true;
	k->answered = t;
	iv->answered++;
	iv->sum_answer_wait += wait;
	s->t->answered++;
	s->t->sum_wait += wait;
	if (wait <= s->c->sl_ms) {
		iv->in_sl++;
		s->t->in_sl++;
	}
	p->timer = timer(
		s,
		slot(t + 1000 + (uint64_t)llround(expo(s, s->c->talk_mean_ms)),
		     3),
		agent_hangup, p);
}

static void back_ready(cti_ctx_t *ctx, void *u)
{
	struct phone *p = u;

	(void)ctx;
	cti_center_agent_ready(p->s->cc, p->name);
}

static void phone_event(struct sim *s, const struct cti_event *ev)
{
	const struct cti_call_event *c = &ev->u.call;
	struct phone *p;

	if (ev->type == CTI_EVENT_CALL_OFFERED) {
		unsigned long idx = strtoul(c->ani.digits + 3, NULL, 10);

		p = phone_of(s, c->dnis.digits);
		if (!p || p->call || idx >= s->n_callers) {
			cti_call_clear(s->ctx, c->call_id, CTI_CAUSE_USER_BUSY);
			return;
		}
		p->call = c->call_id;
		p->caller = (int)idx;
		if (uniform(s) * 1e6 < s->c->no_answer_ppm)
			return; /* rings out */
		p->timer = timer(s,
				 slot(now_ms(s) + s->c->answer_min_ms +
					      (uint64_t)(uniform(s) *
							 (s->c->answer_max_ms -
							  s->c->answer_min_ms)),
				      2),
				 phone_answer, p);
		return;
	}
	if (ev->type != CTI_EVENT_CALL_CLEARED &&
	    ev->type != CTI_EVENT_CALL_FAILED)
		return;
	for (uint32_t i = 0; i < s->n_ph; i++) {
		p = &s->ph[i];
		if (p->call != c->call_id)
			continue;
		if (p->timer > 0)
			cti_timer_cancel(s->ctx, p->timer);
		p->timer = -1;
		p->call = 0;
		if (c->cause == CTI_CAUSE_NO_ANSWER) {
			s->t->rona++;
			timer(s, now_ms(s) + s->c->back_ready_ms, back_ready,
			      p);
		}
	}
}

static void caller_event(struct sim *s, const struct cti_event *ev)
{
	const struct cti_call_event *c = &ev->u.call;

	if (ev->type != CTI_EVENT_CALL_CLEARED &&
	    ev->type != CTI_EVENT_CALL_FAILED)
		return;
	for (size_t i = 0; i < s->n_callers; i++) {
		struct caller *k = s->callers[i];

		if (k->id != c->call_id || k->done)
			continue;
		if (k->is_answered)
			continue; /* the agent's hang-up counts it */
		/* cleared by the centre before any agent: not expected */
		s->t->other_end++;
		k->done = true;
		s->live--;
		if (k->hup > 0)
			cti_timer_cancel(s->ctx, k->hup);
	}
}

static bool on_span(const cti_span_id_t *v, uint32_t n, cti_span_id_t id)
{
	for (uint32_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	struct sim *s = u;
	struct cti_center_event ce;

	(void)ctx;
	if (!cti_center_handle_event(s->cc, ev) && ev->type < 32) {
		if (on_span(s->phones, s->c->station_spans, ev->u.call.span_id))
			phone_event(s, ev);
		else if (on_span(s->pstn, s->c->trunk_spans,
				 ev->u.call.span_id))
			caller_event(s, ev);
	}
	while (cti_center_next_event(s->cc, &ce) > 0)
		if (s->c->verbose)
			printf("%10.3f %-11s call %u %s %s %s\n",
			       ce.time_ms / 1000.0,
			       cti_center_event_name((int)ce.type), ce.call,
			       ce.queue, ce.agent, ce.name);
}

/* ---- the centre ---------------------------------------------------------- */

static int build(struct sim *s)
{
	const struct sim_config *c = s->c;
	struct cti_span_config net = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_NET };
	struct cti_span_config cpe = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_CPE };
	struct cti_center_config cfg = { .epoch_ms_at_zero = 1796086800000LL,
					 .utc_offset_min = 480 };
	struct cti_center_trunk_config tr = {
		.name = "pstn", .kind = CTI_CENTER_TRUNK_NETWORK
	};
	struct cti_center_route_config r = { 0 };
	int rc;

	for (uint32_t i = 0; i < c->trunk_spans; i++)
		if ((rc = cti_span_open_loop(s->ctx, &s->pstn[i], &s->trunk[i],
					     &net, &cpe, NULL)))
			return rc;
	for (uint32_t i = 0; i < c->station_spans; i++)
		if ((rc = cti_span_open_loop(s->ctx, &s->station[i],
					     &s->phones[i], &net, &cpe, NULL)))
			return rc;
	cfg.prompts = s->ps;
	cfg.store = s->st;
	cfg.interval_ms = c->interval_ms;
	cfg.sl_threshold_ms = c->sl_ms;
	cfg.short_abandon_ms = c->short_ms;
	cfg.seed = c->seed;
	if ((rc = cti_center_new(&s->cc, s->ctx, &cfg)))
		return rc;
	cti_clock_advance(s->ctx, 4000); /* the D channels settle */
	tr.spans = s->trunk;
	tr.n_spans = c->trunk_spans;
	if ((rc = cti_center_trunk_add(s->cc, &tr)))
		return rc;
	tr.name = "phones";
	tr.kind = CTI_CENTER_TRUNK_STATIONS;
	tr.spans = s->station;
	tr.n_spans = c->station_spans;
	if ((rc = cti_center_trunk_add(s->cc, &tr)))
		return rc;
	for (int q = 0; q < SIM_QUEUES; q++) {
		struct cti_center_queue_config qc = {
			.acd = { .name = sim_queue_names[q],
				 .strategy = CTI_ACD_LONGEST_IDLE,
				 .skills = { { .skill = (uint16_t)(q + 1),
					       .level = 1 } },
				 .n_skills = 1,
				 .wrap_up_ms = c->wrap_ms,
				 .ring_ms = c->ring_ms },
			.first_announce_ms = 20000,
			.announce_every_ms = 30000,
			.announce_position = true,
			.announce_wait = true,
			.lang = q ? CTI_LANG_EN : CTI_LANG_ZH,
		};
		char dnis[16];

		if ((rc = cti_center_queue_add(s->cc, &qc)))
			return rc;
		snprintf(dnis, sizeof(dnis), "9550%d", q);
		r.dnis = dnis;
		r.target = sim_queue_names[q];
		char target[32];

		snprintf(target, sizeof(target), "queue:%s",
			 sim_queue_names[q]);
		r.target = target;
		if ((rc = cti_center_route_add(s->cc, &r)))
			return rc;
	}
	s->n_ph = c->agents[0] + c->agents[1] + c->agents[2];
	s->ph = calloc(s->n_ph, sizeof(*s->ph));
	if (!s->ph)
		return CTI_ENOMEM;
	for (uint32_t i = 0; i < s->n_ph; i++) {
		struct phone *p = &s->ph[i];
		struct cti_center_extension_config x = { .number = p->ext,
							 .trunk = "phones" };
		struct cti_acd_skill sk[2] = { { 1, 5 }, { 2, 5 } };
		size_t off = 0, n = 2;

		p->s = s;
		p->agent = (int)i;
		p->timer = -1;
		snprintf(p->ext, sizeof(p->ext), "%u", 3000 + i);
		snprintf(p->name, sizeof(p->name), "agent%02u", i);
		if (i < c->agents[0])
			n = 1; /* trading only */
		else if (i < c->agents[0] + c->agents[1])
			off = 1, n = 1; /* accounts only */
		if ((rc = cti_center_extension_add(s->cc, &x)) ||
		    (rc = cti_center_agent_login(s->cc, p->name, p->ext,
						 sk + off, n)) ||
		    (rc = cti_center_agent_ready(s->cc, p->name)))
			return rc;
	}
	return 0;
}

int sim_run(const struct sim_config *c, struct sim_tally *t)
{
	struct cti_ctx_config cc = { .clock = CTI_CLOCK_VIRTUAL };
	struct sim s = { .c = c, .t = t };
	char why[256] = "";
	int rc;

	memset(t, 0, sizeof(*t));
	s.rng = 0x9e3779b97f4a7c15ull ^ c->seed;
	if (c->trunk_spans > MAX_SPANS || c->station_spans > MAX_SPANS ||
	    !c->interval_ms || c->ring_ms % 4 || c->wrap_ms % 4 ||
	    c->answer_max_ms < c->answer_min_ms)
		return CTI_EINVAL;
	if ((rc = cti_ctx_new(&s.ctx, &cc)))
		return rc;
	if ((rc = cti_prompts_new(&s.ps, NULL)))
		goto out;
	rc = cti_prompts_load_dir(s.ps, c->prompts, why, sizeof(why));
	if (rc < 0) {
		fprintf(stderr, "cti-sim: prompts %s: %s\n", c->prompts, why);
		goto out;
	}
	if (c->store && (rc = cti_store_open(&s.st, c->store, NULL))) {
		fprintf(stderr, "cti-sim: store %s: %s\n", c->store,
			cti_strerror(rc));
		goto out;
	}
	if ((rc = build(&s))) {
		fprintf(stderr, "cti-sim: building the centre: %s\n",
			cti_strerror(rc));
		goto out;
	}
	cti_ctx_set_event_cb(s.ctx, on_event, &s);
	/* the first caller comes at the start of the day */
	timer(&s, slot(now_ms(&s), 0), arrive, &s);
	while (!s.err) {
		uint64_t n = now_ms(&s);

		cti_clock_advance(s.ctx, 60 * 1000);
		if (n >= (uint64_t)c->hours * 3600000 && !s.live &&
		    !cti_center_calls(s.cc))
			break;
	}
	/* past the last wrap-up, then close the interval it is in */
	cti_clock_advance(s.ctx, (uint64_t)c->wrap_ms + 1000);
	{
		uint64_t n = now_ms(&s);
		uint64_t end = (n / c->interval_ms + 1) * c->interval_ms;

		cti_clock_advance(s.ctx, end - n + 1);
	}
	for (uint32_t i = 0; i < s.n_ph; i++) {
		uint32_t st = 0;

		if (!cti_center_agent_state(s.cc, s.ph[i].name, &st, NULL) &&
		    st != CTI_AGENT_READY && st != CTI_AGENT_NOT_READY)
			t->stuck_agents++;
	}
	t->calls_left = (uint32_t)cti_center_calls(s.cc);
	rc = s.err;
out:
	cti_ctx_set_event_cb(s.ctx, NULL, NULL);
	cti_center_free(s.cc);
	cti_ctx_free(s.ctx);
	cti_store_close(s.st);
	cti_prompts_free(s.ps);
	for (size_t i = 0; i < s.n_callers; i++)
		free(s.callers[i]);
	free(s.callers);
	free(s.ph);
	return rc;
}

/* ---- the engine's records against the tally ------------------------------ */

struct check {
	const struct sim_config *c;
	const struct sim_tally *t;
	uint32_t intervals, bad, cdrs, offered;
};

static int check_iv(void *u, const struct cti_acd_interval *iv)
{
	static const struct sim_iv zero;
	struct check *k = u;
	int q = !strcmp(iv->queue, sim_queue_names[0])	 ? 0
		: !strcmp(iv->queue, sim_queue_names[1]) ? 1
							 : -1;
	uint32_t i = (uint32_t)(iv->start_ms / k->c->interval_ms);
	const struct sim_iv *e;
	int64_t asa, aht;

	k->intervals++;
	if (q < 0 || i >= SIM_MAX_IV) {
		fprintf(stderr, "check: unexpected interval %s %u\n", iv->queue,
			i);
		k->bad++;
		return 0;
	}
	e = i < k->t->n_iv ? &k->t->iv[q][i] : &zero;
	asa = e->answered ? (int64_t)(e->sum_answer_wait / e->answered) : 0;
	aht = e->n_handled ? (int64_t)(e->sum_handle / e->n_handled) : 0;
	k->offered += iv->offered;
	if (iv->offered != e->offered || iv->answered != e->answered ||
	    iv->answered_in_sl != e->in_sl || iv->abandoned != e->abandoned ||
	    iv->short_abandoned != e->short_abandoned || iv->asa_ms != asa ||
	    iv->aht_ms != aht) {
		fprintf(stderr,
			"check: %s interval %u: stored offered %u answered %u "
			"in SL %u abandoned %u short %u ASA %lld AHT %lld; "
			"tally %u %u %u %u %u %lld %lld\n",
			iv->queue, i, iv->offered, iv->answered,
			iv->answered_in_sl, iv->abandoned, iv->short_abandoned,
			(long long)iv->asa_ms, (long long)iv->aht_ms,
			e->offered, e->answered, e->in_sl, e->abandoned,
			e->short_abandoned, (long long)asa, (long long)aht);
		k->bad++;
	}
	return 0;
}

static int count_cdr(void *u, const struct cti_acd_cdr *r)
{
	struct check *k = u;

	(void)r;
	k->cdrs++;
	return 0;
}

int sim_check(const struct sim_config *c, const struct sim_tally *t,
	      const char *store)
{
	struct cti_store_config sc = { .flags = CTI_STORE_RDONLY };
	struct check k = { .c = c, .t = t };
	cti_store_t *st;
	int rc;

	if ((rc = cti_store_open(&st, store, &sc))) {
		fprintf(stderr, "check: %s: %s\n", store, cti_strerror(rc));
		return -1;
	}
	if (cti_store_query_intervals(st, NULL, check_iv, &k) < 0 ||
	    cti_store_query_cdrs(st, NULL, count_cdr, &k) < 0)
		k.bad++;
	cti_store_close(st);
	if (k.offered != t->arrived - t->blocked) {
		fprintf(stderr, "check: %u offered in the store, %u callers\n",
			k.offered, t->arrived - t->blocked);
		k.bad++;
	}
	if (k.cdrs != t->arrived - t->blocked) {
		fprintf(stderr, "check: %u CDRs, %u callers\n", k.cdrs,
			t->arrived - t->blocked);
		k.bad++;
	}
	return k.bad ? -1 : (int)k.intervals;
}
