// SPDX-License-Identifier: LGPL-2.1-or-later
/* The far ends of a call centre: callers and agents' phones (farend.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "farend.h"

struct caller {
	struct farend *fe;
	cti_call_id_t id;
	struct farend_caller rec;
	bool is_answered, done;
	int64_t hup, dtmf;
	cti_dtmf_rx_t *rx; /* with phone_dtmf: what it hears */
};

struct phone {
	struct farend *fe;
	char ext[32];
	cti_call_id_t call;
	size_t caller;
	int64_t timer, ready, keys;
};

struct farend {
	struct farend_config c;
	char dnis[FAREND_MAX_NUMBERS][32];
	char dtmf[FAREND_MAX_NUMBERS][64];
	char phone_dtmf[64];
	cti_span_id_t caller_spans[FAREND_MAX_SPANS];
	cti_span_id_t phone_spans[FAREND_MAX_SPANS];
	cti_ctx_t *ctx;
	struct farend_tally t;
	struct caller **callers;
	size_t n_callers, cap_callers;
	struct phone **ph; /* one allocation each: timers hold them */
	size_t n_ph, cap_ph;
	uint64_t rng, origin;
	int64_t arrival; /* the next arrival's timer */
	bool started, arrivals_over;
	int err;
};

static uint64_t now_ms(const struct farend *fe)
{
	return cti_now_ms(fe->ctx);
}

static int64_t timer(struct farend *fe, uint64_t at, cti_timer_fn fn, void *u)
{
	uint64_t n = now_ms(fe);

	return cti_timer_start(fe->ctx, at > n ? at - n : 0, fn, u);
}

static void cancel(struct farend *fe, int64_t *id)
{
	if (*id > 0)
		cti_timer_cancel(fe->ctx, *id);
	*id = -1;
}

/* xorshift64*: repeatable by seed */
static double uniform(struct farend *fe)
{
	fe->rng ^= fe->rng >> 12;
	fe->rng ^= fe->rng << 25;
	fe->rng ^= fe->rng >> 27;
	return (double)((fe->rng * 2685821657736338717ull) >> 11) * 0x1p-53;
}

static double expo(struct farend *fe, double mean)
{
	return -mean * log(1.0 - uniform(fe));
}

/* the first instant >= t that is r modulo 4 */
static uint64_t slot(uint64_t t, unsigned r)
{
	return t + ((r + 4 - (unsigned)(t % 4)) % 4);
}

static struct farend_iv *iv_of(struct farend *fe, uint32_t q, uint64_t t)
{
	uint64_t rel = t > fe->origin ? t - fe->origin : 0;
	uint64_t i = rel / fe->c.interval_ms;

	if (i >= FAREND_MAX_IV)
		i = FAREND_MAX_IV - 1;
	if (i + 1 > fe->t.n_iv)
		fe->t.n_iv = (uint32_t)i + 1;
	return &fe->t.iv[q][i];
}

/* ---- set-up ---------------------------------------------------------------
 */

static bool valid_dnis(const char *d)
{
	size_t n = d ? strlen(d) : 0;

	if (!n || n > 31)
		return false;
	return strspn(d, "0123456789*#") == n;
}

static int check_config(const struct farend_config *c)
{
	if (!c || !c->n_caller_spans || !c->caller_spans ||
	    c->n_caller_spans > FAREND_MAX_SPANS ||
	    c->n_phone_spans > FAREND_MAX_SPANS ||
	    (c->n_phone_spans && !c->phone_spans) || !c->n_numbers ||
	    c->n_numbers > FAREND_MAX_NUMBERS || !c->hours || c->hours > 24 ||
	    !c->interval_ms || c->answer_max_ms < c->answer_min_ms)
		return CTI_EINVAL;
	if (c->phone_dtmf && strlen(c->phone_dtmf) > 63)
		return CTI_EINVAL;
	for (uint32_t i = 0; i < c->n_numbers; i++)
		if (!valid_dnis(c->numbers[i].dnis) ||
		    (c->numbers[i].dtmf && strlen(c->numbers[i].dtmf) > 63))
			return CTI_EINVAL;
	return 0;
}

int farend_new(farend_t **out, cti_ctx_t *ctx, const struct farend_config *cfg)
{
	struct farend *fe;
	int rc;

	if (!out)
		return CTI_EINVAL;
	*out = NULL;
	if (!ctx || (rc = check_config(cfg)))
		return CTI_EINVAL;
	fe = calloc(1, sizeof(*fe));
	if (!fe)
		return CTI_ENOMEM;
	fe->c = *cfg;
	fe->ctx = ctx;
	fe->arrival = -1;
	fe->rng = 0x9e3779b97f4a7c15ull ^ cfg->seed;
	/* the config's pointers are the caller's: keep copies */
	memcpy(fe->caller_spans, cfg->caller_spans,
	       cfg->n_caller_spans * sizeof(cti_span_id_t));
	fe->c.caller_spans = fe->caller_spans;
	if (cfg->n_phone_spans)
		memcpy(fe->phone_spans, cfg->phone_spans,
		       cfg->n_phone_spans * sizeof(cti_span_id_t));
	fe->c.phone_spans = fe->phone_spans;
	for (uint32_t i = 0; i < cfg->n_numbers; i++) {
		snprintf(fe->dnis[i], sizeof(fe->dnis[i]), "%s",
			 cfg->numbers[i].dnis);
		fe->c.numbers[i].dnis = fe->dnis[i];
		if (cfg->numbers[i].dtmf && *cfg->numbers[i].dtmf) {
			snprintf(fe->dtmf[i], sizeof(fe->dtmf[i]), "%s",
				 cfg->numbers[i].dtmf);
			fe->c.numbers[i].dtmf = fe->dtmf[i];
		} else {
			fe->c.numbers[i].dtmf = NULL;
		}
	}
	if (cfg->phone_dtmf && *cfg->phone_dtmf) {
		snprintf(fe->phone_dtmf, sizeof(fe->phone_dtmf), "%s",
			 cfg->phone_dtmf);
		fe->c.phone_dtmf = fe->phone_dtmf;
	} else {
		fe->c.phone_dtmf = NULL;
	}
	*out = fe;
	return 0;
}

void farend_free(farend_t *fe)
{
	if (!fe)
		return;
	cancel(fe, &fe->arrival);
	for (size_t i = 0; i < fe->n_callers; i++) {
		cancel(fe, &fe->callers[i]->hup);
		cancel(fe, &fe->callers[i]->dtmf);
		cti_dtmf_rx_free(fe->callers[i]->rx);
		free(fe->callers[i]);
	}
	for (size_t i = 0; i < fe->n_ph; i++) {
		cancel(fe, &fe->ph[i]->timer);
		cancel(fe, &fe->ph[i]->ready);
		cancel(fe, &fe->ph[i]->keys);
		free(fe->ph[i]);
	}
	free(fe->callers);
	free(fe->ph);
	free(fe);
}

/* ---- callers --------------------------------------------------------------
 */

static void end_caller(struct farend *fe, struct caller *k, uint32_t outcome)
{
	k->rec.outcome = outcome;
	k->rec.ended_ms = now_ms(fe);
	k->done = true;
	fe->t.live--;
	cancel(fe, &k->hup);
	cancel(fe, &k->dtmf);
}

static void caller_hangup(cti_ctx_t *ctx, void *u)
{
	struct caller *k = u;
	struct farend *fe = k->fe;
	uint64_t t = now_ms(fe), wait = t - k->rec.arrived_ms;
	struct farend_iv *iv = iv_of(fe, k->rec.number, t);

	k->hup = -1;
	if (k->is_answered || k->done)
		return;
	cti_call_clear(ctx, k->id, CTI_CAUSE_NORMAL_CLEARING);
	if (wait < fe->c.short_ms) {
		fe->t.short_abandoned++;
		iv->short_abandoned++;
		end_caller(fe, k, FAREND_SHORT_ABANDONED);
	} else {
		fe->t.abandoned++;
		iv->abandoned++;
		end_caller(fe, k, FAREND_ABANDONED);
	}
}

static void key_digits(cti_ctx_t *ctx, void *u)
{
	struct caller *k = u;
	const char *d = k->fe->c.numbers[k->rec.number].dtmf;

	k->dtmf = -1;
	if (!k->done && d)
		cti_call_send_dtmf(ctx, k->id, d);
}

/* The caller's ear: digits the agent keys reach it through the centre. */
static void caller_audio(cti_ctx_t *ctx, cti_call_id_t id, const void *rx,
			 void *tx, size_t n, void *user)
{
	struct caller *k = user;
	cti_dtmf_event_t ev;
	size_t len;

	(void)ctx;
	(void)id;
	(void)tx;
	cti_dtmf_rx_linear(k->rx, rx, n);
	while (cti_dtmf_rx_next_event(k->rx, &ev) > 0) {
		len = strlen(k->rec.heard);
		if (ev.type == CTI_DTMF_END && len + 1 < sizeof(k->rec.heard))
			k->rec.heard[len] = ev.digit;
	}
}

static void start_listening(struct farend *fe, struct caller *k)
{
	if (!fe->c.phone_dtmf || k->rx)
		return;
	if (cti_dtmf_rx_init(&k->rx, NULL, NULL)) {
		fe->err = CTI_ENOMEM;
		return;
	}
	cti_call_set_audio(fe->ctx, k->id, CTI_AUDIO_LINEAR16, caller_audio, k);
}

static void arrive(cti_ctx_t *ctx, void *u);

static bool arrivals_end(struct farend *fe, uint64_t rel)
{
	/* called as a caller arrives, before it is counted */
	return (fe->c.arrivals_ms && rel >= fe->c.arrivals_ms) ||
	       (fe->c.max_callers && fe->t.arrived + 1 >= fe->c.max_callers);
}

/* The next arrival of the Poisson process at this hour's rate (an
 * interarrival that crosses into the next hour keeps the old rate). */
static void schedule_arrival(struct farend *fe)
{
	uint64_t n = now_ms(fe);
	uint64_t t = n > fe->origin ? n - fe->origin : 0;
	uint32_t hour = (uint32_t)(t / 3600000);
	double rate;

	fe->arrivals_over = true;
	for (;;) {
		if (hour >= fe->c.hours || hour >= 24)
			return;
		rate = fe->c.calls_per_hour[hour];
		if (rate > 0)
			break;
		t = (uint64_t)++hour * 3600000;
	}
	t += (uint64_t)llround(expo(fe, 3600000.0 / rate));
	if (t / 3600000 != hour && t / 3600000 >= fe->c.hours)
		return;
	if (arrivals_end(fe, t))
		return;
	fe->arrival = timer(fe, slot(fe->origin + t, 0), arrive, fe);
	if (fe->arrival > 0)
		fe->arrivals_over = false;
}

static uint32_t pick_number(struct farend *fe)
{
	double u = uniform(fe), sum = 0;

	for (uint32_t i = 0; i + 1 < fe->c.n_numbers; i++) {
		sum += fe->c.numbers[i].share;
		if (u < sum)
			return i;
	}
	return fe->c.n_numbers - 1;
}

static struct caller *new_caller(struct farend *fe)
{
	struct caller *k;

	if (fe->n_callers == fe->cap_callers) {
		size_t cap = fe->cap_callers ? fe->cap_callers * 2 : 1024;
		struct caller **n = realloc(fe->callers, cap * sizeof(*n));

		if (!n)
			return NULL;
		fe->callers = n;
		fe->cap_callers = cap;
	}
	/* one allocation per caller: timers hold its address */
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->fe = fe;
	k->hup = -1;
	k->dtmf = -1;
	k->rec.index = (uint32_t)fe->n_callers;
	return k;
}

static void arrive(cti_ctx_t *ctx, void *u)
{
	struct farend *fe = u;
	struct cti_call_params p = { 0 };
	struct caller *k;
	int rc = CTI_ENOCHAN;

	fe->arrival = -1;
	schedule_arrival(fe);
	k = new_caller(fe);
	if (!k) {
		fe->err = CTI_ENOMEM;
		return;
	}
	k->rec.number = pick_number(fe);
	k->rec.arrived_ms = now_ms(fe);
	fe->t.arrived++;
	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%s",
		 fe->c.numbers[k->rec.number].dnis);
	snprintf(p.ani.digits, sizeof(p.ani.digits), "139%08zu", fe->n_callers);
	p.user = k;
	for (uint32_t i = 0; i < fe->c.n_caller_spans && rc; i++) {
		p.span = fe->c.caller_spans[i];
		rc = cti_call_make(ctx, &k->id, &p);
	}
	if (rc) {
		fe->t.blocked++;
		free(k);
		return;
	}
	fe->callers[fe->n_callers++] = k;
	fe->t.live++;
	iv_of(fe, k->rec.number, k->rec.arrived_ms)->offered++;
	k->hup = timer(fe,
		       slot(k->rec.arrived_ms +
				    (uint64_t)llround(
					    expo(fe, fe->c.patience_mean_ms)),
			    1),
		       caller_hangup, k);
}

/* Our calls carry their caller as the call's user pointer; calls offered
 * to these spans (the centre dialling out) carry none. */
static struct caller *caller_of(struct farend *fe,
				const struct cti_call_event *c)
{
	struct caller *k = c->user;

	if (!k || k->rec.index >= fe->n_callers ||
	    fe->callers[k->rec.index] != k || k->id != c->call_id)
		return NULL;
	return k;
}

static void caller_event(struct farend *fe, const struct cti_event *ev)
{
	const struct cti_call_event *c = &ev->u.call;
	struct caller *k;

	if (ev->type != CTI_EVENT_CALL_ESTABLISHED &&
	    ev->type != CTI_EVENT_CALL_CLEARED &&
	    ev->type != CTI_EVENT_CALL_FAILED)
		return;
	k = caller_of(fe, c);
	if (!k || k->done)
		return;
	if (ev->type == CTI_EVENT_CALL_ESTABLISHED) {
		k->rec.centre_answered_ms = now_ms(fe);
		start_listening(fe, k);
		if (fe->c.numbers[k->rec.number].dtmf)
			k->dtmf = timer(fe, now_ms(fe) + fe->c.dtmf_delay_ms,
					key_digits, k);
		return;
	}
	if (k->is_answered)
		return; /* the agent's hang-up counts it */
	/* cleared by the centre before any agent: not expected */
	fe->t.other_end++;
	k->rec.cause = c->cause;
	end_caller(fe, k, FAREND_CLEARED);
}

/* ---- phones ---------------------------------------------------------------
 */

static struct phone *phone_of(struct farend *fe, const char *ext)
{
	struct phone *p;

	for (size_t i = 0; i < fe->n_ph; i++)
		if (!strcmp(fe->ph[i]->ext, ext))
			return fe->ph[i];
	if (fe->n_ph == fe->cap_ph) {
		size_t cap = fe->cap_ph ? fe->cap_ph * 2 : 64;
		struct phone **n = realloc(fe->ph, cap * sizeof(*n));

		if (!n)
			return NULL;
		fe->ph = n;
		fe->cap_ph = cap;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->fe = fe;
	p->timer = -1;
	p->ready = -1;
	p->keys = -1;
	snprintf(p->ext, sizeof(p->ext), "%s", ext);
	fe->ph[fe->n_ph++] = p;
	return p;
}

/* The agent ends the call: talk plus wrap-up is its handle time, counted
 * in the interval where the wrap-up ends (as an ACD counts it). */
static void agent_hangup(cti_ctx_t *ctx, void *u)
{
	struct phone *p = u;
	struct farend *fe = p->fe;
	struct caller *k = fe->callers[p->caller];
	uint64_t t = now_ms(fe);
	uint64_t handle = t - k->rec.answered_ms + fe->c.wrap_ms;
	struct farend_iv *iv = iv_of(fe, k->rec.number, t + fe->c.wrap_ms);

	p->timer = -1;
	cancel(fe, &p->keys);
	cti_call_clear(ctx, p->call, CTI_CAUSE_NORMAL_CLEARING);
	p->call = 0;
	iv->sum_handle += handle;
	iv->n_handled++;
	fe->t.sum_handle += handle;
	fe->t.n_handled++;
	k->rec.ended_ms = t;
	k->done = true;
	fe->t.live--;
}

/* The agent keys its digits; a line not yet connected both ways (the
 * centre's CONNECT ACKNOWLEDGE still on its way) is tried again. */
static void phone_keys(cti_ctx_t *ctx, void *u)
{
	struct phone *p = u;
	struct farend *fe = p->fe;
	int rc;

	p->keys = -1;
	if (!p->call)
		return;
	rc = cti_call_send_dtmf(ctx, p->call, fe->c.phone_dtmf);
	if (!rc)
		fe->callers[p->caller]->rec.keyed_ms = now_ms(fe);
	else if (rc == CTI_ESTATE)
		p->keys = timer(fe, now_ms(fe) + 20, phone_keys, p);
}

static void phone_answer(cti_ctx_t *ctx, void *u)
{
	struct phone *p = u;
	struct farend *fe = p->fe;
	struct caller *k = fe->callers[p->caller];
	uint64_t t = now_ms(fe), wait = t - k->rec.arrived_ms;
	struct farend_iv *iv = iv_of(fe, k->rec.number, t);

	p->timer = -1;
	if (k->done || cti_call_answer(ctx, p->call))
		return;
	k->is_answered = true;
	k->rec.answered_ms = t;
	k->rec.outcome = FAREND_ANSWERED;
	snprintf(k->rec.agent, sizeof(k->rec.agent), "%s", p->ext);
	cancel(fe, &k->dtmf);
	iv->answered++;
	iv->sum_answer_wait += wait;
	fe->t.answered++;
	fe->t.sum_wait += wait;
	if (wait <= fe->c.sl_ms) {
		iv->in_sl++;
		fe->t.in_sl++;
	}
	if (fe->c.phone_dtmf)
		p->keys =
			timer(fe, t + fe->c.phone_dtmf_delay_ms, phone_keys, p);
	p->timer = timer(
		fe,
		slot(t + 1000 + (uint64_t)llround(expo(fe, fe->c.talk_mean_ms)),
		     3),
		agent_hangup, p);
}

static void back_ready(cti_ctx_t *ctx, void *u)
{
	struct phone *p = u;

	(void)ctx;
	p->ready = -1;
	if (p->fe->c.on_ready)
		p->fe->c.on_ready(p->fe->c.user, p->ext);
}

static void phone_offered(struct farend *fe, const struct cti_call_event *c)
{
	unsigned long idx;
	struct phone *p;
	char *end;

	idx = strncmp(c->ani.digits, "139", 3)
		      ? ~0ul
		      : strtoul(c->ani.digits + 3, &end, 10);
	p = phone_of(fe, c->dnis.digits);
	if (!p || p->call || idx >= fe->n_callers) {
		cti_call_clear(fe->ctx, c->call_id, CTI_CAUSE_USER_BUSY);
		return;
	}
	p->call = c->call_id;
	p->caller = idx;
	if (uniform(fe) * 1e6 < fe->c.no_answer_ppm)
		return; /* rings out */
	p->timer = timer(
		fe,
		slot(now_ms(fe) + fe->c.answer_min_ms +
			     (uint64_t)(uniform(fe) * (fe->c.answer_max_ms -
						       fe->c.answer_min_ms)),
		     2),
		phone_answer, p);
}

static void phone_event(struct farend *fe, const struct cti_event *ev)
{
	const struct cti_call_event *c = &ev->u.call;

	if (ev->type == CTI_EVENT_CALL_OFFERED) {
		phone_offered(fe, c);
		return;
	}
	if (ev->type != CTI_EVENT_CALL_CLEARED &&
	    ev->type != CTI_EVENT_CALL_FAILED)
		return;
	for (size_t i = 0; i < fe->n_ph; i++) {
		struct phone *p = fe->ph[i];

		if (p->call != c->call_id)
			continue;
		cancel(fe, &p->timer);
		cancel(fe, &p->keys);
		p->call = 0;
		if (c->cause == CTI_CAUSE_NO_ANSWER) {
			fe->t.rona++;
			fe->callers[p->caller]->rec.ring_outs++;
			cancel(fe, &p->ready);
			p->ready = timer(fe, now_ms(fe) + fe->c.back_ready_ms,
					 back_ready, p);
		}
	}
}

/* ---- the host's side ------------------------------------------------------
 */

static bool on_span(const cti_span_id_t *v, uint32_t n, cti_span_id_t id)
{
	for (uint32_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

int farend_start(farend_t *fe, uint64_t origin_ms)
{
	uint64_t n;

	if (!fe)
		return CTI_EINVAL;
	if (fe->started)
		return CTI_EBUSY;
	n = now_ms(fe);
	fe->origin = origin_ms;
	fe->arrival =
		timer(fe, slot(n > origin_ms ? n : origin_ms, 0), arrive, fe);
	if (fe->arrival < 0)
		return (int)fe->arrival;
	fe->started = true;
	return 0;
}

int farend_handle_event(farend_t *fe, const struct cti_event *ev)
{
	if (!fe || !ev || ev->type >= CTI_EVENT_SPAN_ALARM ||
	    ev->type == CTI_EVENT_NONE)
		return 0;
	if (on_span(fe->c.phone_spans, fe->c.n_phone_spans,
		    ev->u.call.span_id)) {
		phone_event(fe, ev);
		return 1;
	}
	if (on_span(fe->c.caller_spans, fe->c.n_caller_spans,
		    ev->u.call.span_id)) {
		caller_event(fe, ev);
		return 1;
	}
	return 0;
}

int farend_hangup_all(farend_t *fe)
{
	int n = 0;

	if (!fe)
		return CTI_EINVAL;
	cancel(fe, &fe->arrival);
	fe->arrivals_over = true;
	for (size_t i = 0; i < fe->n_ph; i++) {
		struct phone *p = fe->ph[i];

		cancel(fe, &p->ready);
		if (!p->call)
			continue;
		if (p->timer > 0 && fe->callers[p->caller]->is_answered) {
			cancel(fe, &p->timer);
			agent_hangup(fe->ctx, p); /* counts the talk so far */
		} else {
			cancel(fe, &p->timer);
			cti_call_clear(fe->ctx, p->call,
				       CTI_CAUSE_NORMAL_CLEARING);
			p->call = 0;
		}
		n++;
	}
	for (size_t i = 0; i < fe->n_callers; i++) {
		struct caller *k = fe->callers[i];

		if (k->done)
			continue;
		if (!k->is_answered) {
			caller_hangup(fe->ctx, k);
			n++;
		}
	}
	return n;
}

bool farend_done(const farend_t *fe)
{
	return fe && fe->started && fe->arrivals_over && !fe->t.live;
}

int farend_error(const farend_t *fe)
{
	return fe ? fe->err : CTI_EINVAL;
}

const struct farend_tally *farend_tally(const farend_t *fe)
{
	return fe ? &fe->t : NULL;
}

size_t farend_callers(const farend_t *fe)
{
	return fe ? fe->n_callers : 0;
}

int farend_caller_get(const farend_t *fe, size_t index,
		      struct farend_caller *out)
{
	if (!fe || !out)
		return CTI_EINVAL;
	if (index >= fe->n_callers)
		return CTI_ENOENT;
	*out = fe->callers[index]->rec;
	return 0;
}
