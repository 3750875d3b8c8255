// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reload: the new file is parsed and checked whole (ctid_conf_load, as at
 * start-up) and refused whole on any error; otherwise its difference is
 * applied to the running engine without dropping a call: routes cleared
 * and added again, flows replaced (calls in the old flow keep it; the old
 * object is freed once none runs it), schedules replaced, queues updated
 * in place (waiting calls stay, in order), gone ones removed when empty,
 * logged-in agents given their new skills, and the prompt set the new
 * file loaded (its flows were checked against it) made the engine's:
 * what calls are playing goes on from the old one, which is freed, like
 * the old flows, once no call uses it. Spans, trunks, the store, the
 * recorder and the control socket are the process's: changing them is
 * refused with "restart needed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* What a reload replaced that a call may still use: an old flow or the
 * old prompt set (one of the two). */
struct ctid_retired {
	cti_flow_t *flow;
	cti_prompts_t *prompts;
	struct ctid_retired *next;
};

/* How often what was retired is looked at again between reloads: a
 * call's end frees it within this (a walk over the engine's calls). */
#define RETIRED_CHECK_MS 1000

int ctid_engine_add_routes(struct ctid *d, const struct ctid_conf *c, char *why,
			   size_t why_len);

#define REFUSE(...)                                  \
	do {                                         \
		snprintf(why, why_len, __VA_ARGS__); \
		return CTI_ENOTSUP;                  \
	} while (0)

static bool span_same(const struct ctid_conf_span *a,
		      const struct ctid_conf_span *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->trunk, b->trunk) &&
	       a->dahdi == b->dahdi && a->signalling == b->signalling &&
	       !memcmp(&a->cfg, &b->cfg, sizeof(a->cfg));
}

static bool str_same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* The far ends are started once, with the spans: a change needs a
 * restart. */
static bool trial_same(const struct ctid_conf_trial *a,
		       const struct ctid_conf_trial *b)
{
	return a->on == b->on && a->callers_per_hour == b->callers_per_hour &&
	       a->seed == b->seed && str_same(a->dnis, b->dnis) &&
	       str_same(a->dtmf, b->dtmf) &&
	       a->patience_mean_ms == b->patience_mean_ms &&
	       a->talk_mean_ms == b->talk_mean_ms &&
	       a->answer_min_ms == b->answer_min_ms &&
	       a->answer_max_ms == b->answer_max_ms;
}

static int fixed_parts(const struct ctid_conf *o, const struct ctid_conf *n,
		       char *why, size_t why_len)
{
	const char *f = n->file;

	if (o->n_spans != n->n_spans)
		REFUSE("%s: spans: changed (restart needed)", f);
	for (size_t i = 0; i < n->n_spans; i++)
		if (!span_same(&o->spans[i], &n->spans[i]))
			REFUSE("%s:%d: spans[%zu]: changed (restart needed)", f,
			       n->spans[i].line, i);
	if (o->n_trunks != n->n_trunks)
		REFUSE("%s: trunks: changed (restart needed)", f);
	for (size_t i = 0; i < n->n_trunks; i++)
		if (strcmp(o->trunks[i].name, n->trunks[i].name) ||
		    o->trunks[i].kind != n->trunks[i].kind)
			REFUSE("%s: trunks[%zu]: changed (restart needed)", f,
			       i);
	if (strcmp(o->store ? o->store : "", n->store ? n->store : ""))
		REFUSE("%s: store: changed (restart needed)", f);
	if (strcmp(o->instance, n->instance))
		REFUSE("%s: instance: changed (restart needed)", f);
	if (!trial_same(&o->trial, &n->trial))
		REFUSE("%s:%d: trial: changed (restart needed)", f,
		       n->trial.on ? n->trial.line : o->trial.line);
	if (strcmp(o->control, n->control))
		REFUSE("%s: control: changed (restart needed)", f);
	if (o->rec.on != n->rec.on || strcmp(o->rec.dir, n->rec.dir) ||
	    strcmp(o->rec.policy_path, n->rec.policy_path))
		REFUSE("%s: recording: changed (restart needed)", f);
	if (o->utc_offset_min != n->utc_offset_min ||
	    o->interval_ms != n->interval_ms ||
	    o->sl_threshold_ms != n->sl_threshold_ms ||
	    o->short_abandon_ms != n->short_abandon_ms)
		REFUSE("%s: utc_offset_min, interval_ms, sl_threshold_ms, "
		       "short_abandon_ms: changed (restart needed)",
		       f);
	return 0;
}

static bool retired_in_use(const struct ctid *d, const struct ctid_retired *r)
{
	if (!d->cc)
		return false;
	return r->flow ? cti_center_flow_in_use(d->cc, r->flow)
		       : cti_center_prompts_in_use(d->cc, r->prompts);
}

/* Flows and prompt sets replaced earlier that no call uses any more are
 * freed now (all: every one, the engine is gone). */
static void free_retired(struct ctid *d, bool all)
{
	struct ctid_retired **pp = &d->retired;

	while (*pp) {
		struct ctid_retired *r = *pp;

		if (all || !retired_in_use(d, r)) {
			*pp = r->next;
			cti_flow_free(r->flow);
			cti_prompts_free(r->prompts);
			free(r);
		} else {
			pp = &r->next;
		}
	}
}

static void retired_tick(cti_ctx_t *ctx, void *user);

/* While something retired waits for its calls, look again every
 * RETIRED_CHECK_MS: the loop has no periodic path of its own. */
static void retired_arm(struct ctid *d)
{
	int64_t t;

	if (d->retired_timer > 0 || !d->retired || !d->ctx)
		return;
	t = cti_timer_start(d->ctx, RETIRED_CHECK_MS, retired_tick, d);
	d->retired_timer = t > 0 ? t : 0;
}

static void retired_tick(cti_ctx_t *ctx, void *user)
{
	struct ctid *d = user;

	(void)ctx;
	d->retired_timer = 0;
	free_retired(d, false);
	retired_arm(d);
}

void ctid_retired_free(struct ctid *d, bool all)
{
	free_retired(d, all);
	if (!d->retired && d->retired_timer > 0) {
		cti_timer_cancel(d->ctx, d->retired_timer);
		d->retired_timer = 0;
	}
}

void ctid_retired_count(const struct ctid *d, size_t *flows,
			size_t *prompt_sets)
{
	*flows = *prompt_sets = 0;
	for (const struct ctid_retired *r = d->retired; r; r = r->next) {
		*flows += r->flow != NULL;
		*prompt_sets += r->prompts != NULL;
	}
}

/* Keep a flow or a prompt set until no call uses it. */
static void retire(struct ctid *d, cti_flow_t *flow, cti_prompts_t *prompts)
{
	struct ctid_retired *r;

	if (!flow && !prompts)
		return;
	r = calloc(1, sizeof(*r));
	if (!r) { /* cannot happen often; leaking beats freeing in use */
		ctid_log(d, CTI_LOG_ERROR, "reload: out of memory keeping a %s",
			 flow ? "flow" : "prompt set");
		return;
	}
	r->flow = flow;
	r->prompts = prompts;
	r->next = d->retired;
	d->retired = r;
}

/* The new file's prompt set is the engine's from now on; the old one is
 * kept for what calls are playing from it. */
static void apply_prompts(struct ctid *d, struct ctid_conf *o,
			  struct ctid_conf *n)
{
	cti_center_set_prompts(d->cc, n->prompts);
	d->prompts = n->prompts;
	retire(d, NULL, o->prompts);
	o->prompts = NULL;
	if (strcmp(o->prompts_dir, n->prompts_dir))
		ctid_log(d, CTI_LOG_NOTICE, "reload: prompts now from %s",
			 n->prompts_dir);
}

static void warn_busy(struct ctid *d, const char *what, const char *name,
		      int rc)
{
	ctid_log(d, CTI_LOG_WARNING, "reload: %s %s kept: %s", what, name,
		 rc == CTI_EBUSY ? "still in use (calls or agents)"
				 : cti_strerror(rc));
}

static void apply_flows(struct ctid *d, struct ctid_conf *o,
			struct ctid_conf *n)
{
	for (size_t i = 0; i < n->n_flows; i++) {
		struct ctid_conf_flow *f = &n->flows[i];
		int rc = ctid_conf_flow(o, f->name)
				 ? cti_center_flow_replace(d->cc, f->name,
							   f->flow)
				 : cti_center_flow_add(d->cc, f->name, f->flow);

		if (rc)
			warn_busy(d, "flow", f->name, rc);
	}
	for (size_t i = 0; i < o->n_flows; i++) {
		struct ctid_conf_flow *f = &o->flows[i];
		int rc = 0;

		if (!ctid_conf_flow(n, f->name))
			rc = cti_center_flow_remove(d->cc, f->name);
		if (rc)
			warn_busy(d, "flow", f->name, rc);
		retire(d, f->flow, NULL); /* running calls may still use it */
		f->flow = NULL;
	}
}

static bool schedule_in(const struct ctid_conf *c, const char *name)
{
	for (size_t i = 0; i < c->n_schedules; i++)
		if (!strcmp(c->schedules[i].s.name, name))
			return true;
	return false;
}

static void apply_schedules(struct ctid *d, struct ctid_conf *o,
			    struct ctid_conf *n)
{
	for (size_t i = 0; i < n->n_schedules; i++) {
		const struct cti_center_schedule_config *s = &n->schedules[i].s;
		int rc = schedule_in(o, s->name)
				 ? cti_center_schedule_replace(d->cc, s)
				 : cti_center_schedule_add(d->cc, s);

		if (rc)
			warn_busy(d, "schedule", s->name, rc);
	}
	for (size_t i = 0; i < o->n_schedules; i++) {
		const char *name = o->schedules[i].s.name;
		int rc = schedule_in(n, name)
				 ? 0
				 : cti_center_schedule_remove(d->cc, name);

		if (rc)
			warn_busy(d, "schedule", name, rc);
	}
}

/* New queues first (in overflow order, as at start), then updates in
 * place, then the gone ones when nothing refers to them any more. */
static void apply_queues(struct ctid *d, struct ctid_conf *o,
			 struct ctid_conf *n)
{
	size_t left = 0;

	for (size_t i = 0; i < n->n_queues; i++)
		left += !ctid_conf_queue(o, n->queues[i].acd.name);
	for (size_t pass = 0; left && pass <= n->n_queues; pass++)
		for (size_t i = 0; i < n->n_queues; i++)
			if (!ctid_conf_queue(o, n->queues[i].acd.name) &&
			    !cti_center_queue_add(d->cc, &n->queues[i]))
				left--;
	for (size_t i = 0; i < n->n_queues; i++) {
		int rc;

		if (!ctid_conf_queue(o, n->queues[i].acd.name))
			continue;
		if ((rc = cti_center_queue_update(d->cc, &n->queues[i])))
			warn_busy(d, "queue", n->queues[i].acd.name, rc);
	}
	for (size_t i = 0; i < o->n_queues; i++) {
		const char *name = o->queues[i].acd.name;
		int rc;

		if (ctid_conf_queue(n, name))
			continue;
		if ((rc = cti_center_queue_remove(d->cc, name)))
			warn_busy(d, "queue", name, rc);
	}
}

static bool extension_in(const struct ctid_conf *c, const char *number)
{
	for (size_t i = 0; i < c->n_extensions; i++)
		if (!strcmp(c->extensions[i].number, number))
			return true;
	return false;
}

static void apply_extensions(struct ctid *d, struct ctid_conf *o,
			     struct ctid_conf *n)
{
	for (size_t i = 0; i < o->n_extensions; i++) {
		const char *x = o->extensions[i].number;
		int rc = extension_in(n, x)
				 ? 0
				 : cti_center_extension_remove(d->cc, x);

		if (rc)
			warn_busy(d, "extension", x, rc);
	}
	for (size_t i = 0; i < n->n_extensions; i++)
		if (!extension_in(o, n->extensions[i].number)) {
			int rc = cti_center_extension_add(d->cc,
							  &n->extensions[i]);

			if (rc)
				warn_busy(d, "extension",
					  n->extensions[i].number, rc);
		}
}

static int reskill(void *user, const struct cti_center_agent_info *a)
{
	struct ctid *d = user;
	const struct ctid_conf_agent *ca = ctid_conf_agent(d->conf, a->agent);

	if (ca)
		cti_center_agent_set_skills(d->cc, a->agent, ca->skills,
					    ca->n_skills);
	else
		ctid_log(
			d, CTI_LOG_WARNING,
			"reload: agent %s is logged in but no longer configured",
			a->agent);
	return 0;
}

int ctid_apply(struct ctid *d, struct ctid_conf *n, char *why, size_t why_len)
{
	struct ctid_conf *o = d->conf;
	int rc;

	if ((rc = fixed_parts(o, n, why, why_len)))
		return rc;
	/* routes first: no route holds a flow, queue or schedule any more */
	cti_center_routes_clear(d->cc);
	/* then the prompts: the queues added and updated below are checked
	 * against the new set, as the new flows were */
	apply_prompts(d, o, n);
	apply_flows(d, o, n);
	apply_schedules(d, o, n);
	apply_queues(d, o, n);
	apply_extensions(d, o, n);
	rc = ctid_engine_add_routes(d, n, why, why_len);
	d->conf = n;
	d->drain_timeout_ms = n->drain_timeout_ms;
	cti_center_set_phone_retry(d->cc, n->phone_retry_ms);
	if (!d->log_level_forced)
		ctid_log_level(d, n->log_level);
	cti_center_foreach_agent(d->cc, reskill, d);
	ctid_conf_free(o);
	free_retired(d, false);
	retired_arm(d);
	return rc;
}

int ctid_reload(struct ctid *d, char *why, size_t why_len)
{
	struct ctid_conf *n = NULL;
	int rc;

	ctid_service_reloading(d, true);
	rc = ctid_conf_load(&n, d->conf_path, why, why_len);
	if (!rc)
		rc = ctid_apply(d, n, why, why_len);
	if (d->conf != n) /* refused: the running one stays */
		ctid_conf_free(n);
	if (rc)
		ctid_log(d, CTI_LOG_ERROR,
			 "reload refused, running configuration kept: %s", why);
	else {
		d->reloads++;
		ctid_log(d, CTI_LOG_NOTICE, "reloaded %s (%u)", d->conf_path,
			 d->reloads);
	}
	ctid_service_reloading(d, false);
	return rc;
}
