// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The simulated centre: a two-queue securities hotline built with the
 * engine on loop spans, whose far ends (callers, phones) farend.c plays
 * on the same virtual clock; the day ends when every caller is done and
 * the last interval has closed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "farend.h"
#include "sim.h"

const char *const sim_queue_names[SIM_QUEUES] = { "trading", "accounts" };

#define MAX_SPANS 16

struct sim {
	const struct sim_config *c;
	struct sim_tally *t;
	cti_ctx_t *ctx;
	cti_center_t *cc;
	cti_prompts_t *ps;
	cti_store_t *st;
	farend_t *fe; /* the callers and the phones */
	cti_span_id_t pstn[MAX_SPANS], trunk[MAX_SPANS];
	cti_span_id_t station[MAX_SPANS], phones[MAX_SPANS];
	uint32_t n_agents;
};

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

void sim_farend_config(const struct sim_config *c, struct farend_config *f)
{
	memset(f, 0, sizeof(*f));
	f->seed = c->seed;
	f->numbers[0] = (struct farend_number){ .dnis = "95500",
						.share = c->trading_share };
	f->numbers[1] = (struct farend_number){ .dnis = "95501",
						.share = 1 - c->trading_share };
	f->n_numbers = SIM_QUEUES;
	f->hours = c->hours;
	memcpy(f->calls_per_hour, c->calls_per_hour, sizeof(f->calls_per_hour));
	f->patience_mean_ms = c->patience_mean_ms;
	f->talk_mean_ms = c->talk_mean_ms;
	f->answer_min_ms = c->answer_min_ms;
	f->answer_max_ms = c->answer_max_ms;
	f->no_answer_ppm = c->no_answer_ppm;
	f->back_ready_ms = c->back_ready_ms;
	f->wrap_ms = c->wrap_ms;
	f->sl_ms = c->sl_ms;
	f->short_ms = c->short_ms;
	f->interval_ms = c->interval_ms;
}

void sim_tally_from(struct sim_tally *t, const struct farend_tally *f)
{
	t->arrived = f->arrived;
	t->blocked = f->blocked;
	t->answered = f->answered;
	t->abandoned = f->abandoned;
	t->short_abandoned = f->short_abandoned;
	t->rona = f->rona;
	t->other_end = f->other_end;
	t->in_sl = f->in_sl;
	t->sum_wait = f->sum_wait;
	t->sum_handle = f->sum_handle;
	t->n_handled = f->n_handled;
	t->n_iv = f->n_iv < SIM_MAX_IV ? f->n_iv : SIM_MAX_IV;
	for (int q = 0; q < SIM_QUEUES; q++)
		for (uint32_t i = 0; i < t->n_iv; i++) {
			const struct farend_iv *a = &f->iv[q][i];
			struct sim_iv *b = &t->iv[q][i];

			b->offered = a->offered;
			b->answered = a->answered;
			b->in_sl = a->in_sl;
			b->abandoned = a->abandoned;
			b->short_abandoned = a->short_abandoned;
			b->sum_answer_wait = a->sum_answer_wait;
			b->sum_handle = a->sum_handle;
			b->n_handled = a->n_handled;
		}
}

/* A phone rang out: its agent presses "ready" again (agents are named
 * after their extensions, 3000 + i). */
static void agent_back(void *u, const char *ext)
{
	struct sim *s = u;
	char name[16];

	snprintf(name, sizeof(name), "agent%02lu",
		 strtoul(ext, NULL, 10) - 3000);
	cti_center_agent_ready(s->cc, name);
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	struct sim *s = u;
	struct cti_center_event ce;

	(void)ctx;
	if (!cti_center_handle_event(s->cc, ev))
		farend_handle_event(s->fe, ev);
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
	s->n_agents = c->agents[0] + c->agents[1] + c->agents[2];
	for (uint32_t i = 0; i < s->n_agents; i++) {
		char ext[16], name[16];
		struct cti_center_extension_config x = { .number = ext,
							 .trunk = "phones" };
		struct cti_acd_skill sk[2] = { { 1, 5 }, { 2, 5 } };
		size_t off = 0, n = 2;

		snprintf(ext, sizeof(ext), "%u", 3000 + i);
		snprintf(name, sizeof(name), "agent%02u", i);
		if (i < c->agents[0])
			n = 1; /* trading only */
		else if (i < c->agents[0] + c->agents[1])
			off = 1, n = 1; /* accounts only */
		if ((rc = cti_center_extension_add(s->cc, &x)) ||
		    (rc = cti_center_agent_login(s->cc, name, ext, sk + off,
						 n)) ||
		    (rc = cti_center_agent_ready(s->cc, name)))
			return rc;
	}
	return 0;
}

static int far_ends(struct sim *s)
{
	struct farend_config f;

	sim_farend_config(s->c, &f);
	f.caller_spans = s->pstn;
	f.n_caller_spans = s->c->trunk_spans;
	f.phone_spans = s->phones;
	f.n_phone_spans = s->c->station_spans;
	f.on_ready = agent_back;
	f.user = s;
	return farend_new(&s->fe, s->ctx, &f);
}

/* Agents not READY/NOT_READY at the end of the day: stuck in a call
 * state. */
static uint32_t stuck_agents(struct sim *s)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < s->n_agents; i++) {
		char name[16];
		uint32_t st = 0;

		snprintf(name, sizeof(name), "agent%02u", i);
		if (!cti_center_agent_state(s->cc, name, &st, NULL) &&
		    st != CTI_AGENT_READY && st != CTI_AGENT_NOT_READY)
			n++;
	}
	return n;
}

static void run_day(struct sim *s)
{
	const struct sim_config *c = s->c;
	uint64_t n, end;

	while (!farend_error(s->fe)) {
		n = cti_now_ms(s->ctx);
		cti_clock_advance(s->ctx, 60 * 1000);
		if (n >= (uint64_t)c->hours * 3600000 &&
		    !farend_tally(s->fe)->live && !cti_center_calls(s->cc))
			break;
	}
	/* past the last wrap-up, then close the interval it is in */
	cti_clock_advance(s->ctx, (uint64_t)c->wrap_ms + 1000);
	n = cti_now_ms(s->ctx);
	end = (n / c->interval_ms + 1) * c->interval_ms;
	cti_clock_advance(s->ctx, end - n + 1);
}

int sim_run(const struct sim_config *c, struct sim_tally *t)
{
	struct cti_ctx_config cc = { .clock = CTI_CLOCK_VIRTUAL };
	struct sim s = { .c = c, .t = t };
	char why[256] = "";
	int rc;

	memset(t, 0, sizeof(*t));
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
	if ((rc = build(&s)) || (rc = far_ends(&s))) {
		fprintf(stderr, "cti-sim: building the centre: %s\n",
			cti_strerror(rc));
		goto out;
	}
	cti_ctx_set_event_cb(s.ctx, on_event, &s);
	/* the first caller comes at the start of the day */
	if ((rc = farend_start(s.fe, 0)))
		goto out;
	run_day(&s);
	sim_tally_from(t, farend_tally(s.fe));
	t->stuck_agents = stuck_agents(&s);
	t->calls_left = (uint32_t)cti_center_calls(s.cc);
	rc = farend_error(s.fe);
out:
	cti_ctx_set_event_cb(s.ctx, NULL, NULL);
	farend_free(s.fe); /* its timers are the context's */
	cti_center_free(s.cc);
	cti_ctx_free(s.ctx);
	cti_store_close(s.st);
	cti_prompts_free(s.ps);
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
