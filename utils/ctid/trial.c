// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The hardware-free trial (trial { ... } in the file): cti-sim's far-end
 * module (utils/cti-sim/farend.h) plays the far side of every loop span:
 * callers dial in on the network trunks' spans at callers_per_hour
 * (Poisson), the agents' phones answer on the station trunks' spans.
 * Every configured agent with an extension is logged in and made ready at
 * start, so calls are answered with no operator. The far end never sees
 * the engine: its tally, logged at the drain and at the stop, is what it
 * did and heard on the spans. ctid --simulate (simulate.c) starts the
 * same far ends through ctid_far_start() on the virtual clock.
 */
#include <string.h>

#include "../cti-sim/farend.h"
#include "daemon.h"

/* Loop spans report SPAN_UP once Q.921 has settled for 3 s (lib/call):
 * the first caller dials a little after, not into a span still down. */
#define TRIAL_FIRST_CALL_MS 4000

static uint32_t trunk_kind(const struct ctid_conf *c, const char *name)
{
	for (size_t k = 0; k < c->n_trunks; k++)
		if (!strcmp(c->trunks[k].name, name))
			return c->trunks[k].kind;
	return 0;
}

/* A phone rang out: its agent presses "ready" again, as a person would. */
static void phone_back_ready(void *user, const char *extension)
{
	struct ctid *d = user;

	for (size_t i = 0; i < d->conf->n_agents; i++) {
		const struct ctid_conf_agent *a = &d->conf->agents[i];

		if (a->extension && !strcmp(a->extension, extension))
			cti_center_agent_ready(d->cc, a->name);
	}
}

static int log_in_agents(struct ctid *d, const struct ctid_conf *c,
			 const char *who, char *why, size_t why_len)
{
	uint32_t n = 0;

	for (size_t i = 0; i < c->n_agents; i++) {
		const struct ctid_conf_agent *a = &c->agents[i];
		int rc;

		if (!a->extension)
			continue;
		if ((rc = ctid_agent_login(d, a->name, a->extension)) ||
		    (rc = cti_center_agent_ready(d->cc, a->name))) {
			snprintf(why, why_len, "%s: agent %s at %s: %s", who,
				 a->name, a->extension, cti_strerror(rc));
			return rc;
		}
		n++;
	}
	ctid_log(d, CTI_LOG_NOTICE, "%s: %u agent(s) logged in, ready", who, n);
	return 0;
}

int ctid_far_start(struct ctid *d, const struct ctid_conf *c,
		   const struct ctid_far *f, char *why, size_t why_len)
{
	cti_span_id_t callers[CTID_MAX_SPANS], phones[CTID_MAX_SPANS];
	struct farend_config fc = {
		.seed = f->seed,
		.caller_spans = callers,
		.phone_spans = phones,
		.n_numbers = 1,
		.hours = f->hours,
		.patience_mean_ms = f->patience_mean_ms,
		.talk_mean_ms = f->talk_mean_ms,
		.answer_min_ms = f->answer_min_ms,
		.answer_max_ms = f->answer_max_ms,
		.back_ready_ms = 5000,
		.dtmf_delay_ms = 500,
		.sl_ms = c->sl_threshold_ms ? c->sl_threshold_ms : 20000,
		.short_ms = c->short_abandon_ms,
		.interval_ms = c->interval_ms ? c->interval_ms : 900000,
		.on_ready = phone_back_ready,
		.user = d,
	};
	int rc;

	fc.numbers[0] = (struct farend_number){ .dnis = f->dnis,
						.share = 1.0,
						.dtmf = f->dtmf };
	/* one "number" per key mix entry: the same number dialled, the
	 * menu answered differently */
	for (uint32_t k = 0; k < f->n_keys && k < FAREND_MAX_NUMBERS; k++)
		fc.numbers[k] = (struct farend_number){
			.dnis = f->dnis,
			.share = f->shares[k],
			.dtmf = f->keys[k][0] ? f->keys[k] : NULL
		};
	if (f->n_keys)
		fc.n_numbers = f->n_keys;
	/* one rate for every hour of arrivals, then none */
	for (int h = 0; h < 24; h++)
		fc.calls_per_hour[h] = f->callers_per_hour;
	for (size_t i = 0; i < d->n_spans; i++) {
		uint32_t kind = trunk_kind(c, d->spans[i].trunk);

		if (kind == CTI_CENTER_TRUNK_NETWORK)
			callers[fc.n_caller_spans++] = d->spans[i].loop_far;
		else if (kind == CTI_CENTER_TRUNK_STATIONS)
			phones[fc.n_phone_spans++] = d->spans[i].loop_far;
	}
	if ((rc = log_in_agents(d, c, f->who, why, why_len)))
		return rc;
	if ((rc = farend_new(&d->farend, d->ctx, &fc))) {
		snprintf(why, why_len, "%s: the far ends: %s", f->who,
			 cti_strerror(rc));
		return rc;
	}
	if ((rc = farend_start(d->farend,
			       cti_now_ms(d->ctx) + f->first_in_ms))) {
		snprintf(why, why_len, "%s: starting the far ends: %s", f->who,
			 cti_strerror(rc));
		return rc;
	}
	ctid_log(d, CTI_LOG_NOTICE,
		 "%s: %u caller/h dialling %s on %u span(s), phones on %u "
		 "(seed %u), from %llu ms",
		 f->who, f->callers_per_hour, f->dnis, fc.n_caller_spans,
		 fc.n_phone_spans, f->seed, (unsigned long long)f->first_in_ms);
	return 0;
}

int ctid_trial_start(struct ctid *d, const struct ctid_conf *c, char *why,
		     size_t why_len)
{
	const struct ctid_conf_trial *t = &c->trial;
	/* a day's arrivals at one rate; after 24 h the trial goes quiet */
	struct ctid_far f = {
		.who = "trial",
		.callers_per_hour = t->callers_per_hour,
		.hours = 24,
		.seed = t->seed,
		.dnis = t->dnis,
		.dtmf = t->dtmf,
		.patience_mean_ms = t->patience_mean_ms,
		.talk_mean_ms = t->talk_mean_ms,
		.answer_min_ms = t->answer_min_ms,
		.answer_max_ms = t->answer_max_ms,
		.first_in_ms = TRIAL_FIRST_CALL_MS,
	};

	if (!t->on)
		return 0;
	return ctid_far_start(d, c, &f, why, why_len);
}

int ctid_trial_event(struct ctid *d, const struct cti_event *ev)
{
	return d->farend ? farend_handle_event(d->farend, ev) : 0;
}

void ctid_trial_log(struct ctid *d, const char *when)
{
	const struct farend_tally *t;

	if (!d->farend)
		return;
	t = farend_tally(d->farend);
	ctid_log(d, CTI_LOG_NOTICE,
		 "trial %s: %u callers, %u answered, %u abandoned, %u blocked, "
		 "%u in service level",
		 when, t->arrived, t->answered, t->abandoned, t->blocked,
		 t->in_sl);
}

void ctid_trial_hangup(struct ctid *d)
{
	if (d->farend)
		farend_hangup_all(d->farend);
}

void ctid_trial_free(struct ctid *d)
{
	farend_free(d->farend);
	d->farend = NULL;
}
