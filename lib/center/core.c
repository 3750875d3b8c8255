// SPDX-License-Identifier: LGPL-2.1-or-later
/* The engine object: configuration tables, the call and leg tables, the
 * event queue, records batched into the store. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "center/center.h"
#include "core/ctx.h"

bool cc__name_ok(const char *s)
{
	return s && *s && strlen(s) < CTI_NAME_MAX;
}

/* Grow a table of `size`-byte entries by one; NULL when out of memory. */
static void *grow(void *tab, size_t *n, size_t size)
{
	char *t = realloc(tab, (*n + 1) * size);

	if (!t)
		return NULL;
	memset(t + *n * size, 0, size);
	(*n)++;
	return t;
}

#define GROW(cc, field, n)                                                    \
	({                                                                    \
		void *g_ = grow((cc)->field, &(cc)->n, sizeof(*(cc)->field)); \
		if (g_)                                                       \
			(cc)->field = g_;                                     \
		g_ ? &(cc)->field[(cc)->n - 1] : NULL;                        \
	})

_Static_assert(sizeof(struct cti_center_config) ==
		       offsetof(struct cti_center_config, recorder) + 32,
	       "the recorder fields took reserved space: the size is kept");
_Static_assert(sizeof(struct cti_center_rec_status) <= 512,
	       "the recording status must fit the event's union");
_Static_assert(sizeof(struct cti_center_record) <= 512,
	       "the record must fit the event's union");

CTI_EXTERN int cti_center_new(cti_center_t **out, cti_ctx_t *ctx,
			      const struct cti_center_config *cfg)
{
	struct cti_acd_config ac = { 0 };
	cti_center_t *cc;
	int rc;

	if (!out)
		return CTI_EINVAL;
	*out = NULL;
	if (!ctx)
		return CTI_EINVAL;
	cc = calloc(1, sizeof(*cc));
	if (!cc)
		return CTI_ENOMEM;
	cc->ctx = ctx;
	if (cfg)
		cc->cfg = *cfg;
	if (!cc->cfg.epoch_ms_at_zero) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		cc->cfg.epoch_ms_at_zero = (int64_t)ts.tv_sec * 1000 +
					   ts.tv_nsec / 1000000 -
					   (int64_t)cti_now_ms(ctx);
	}
	ac.interval_ms = cc->cfg.interval_ms;
	ac.sl_threshold_ms = cc->cfg.sl_threshold_ms;
	ac.short_abandon_ms = cc->cfg.short_abandon_ms;
	ac.seed = cc->cfg.seed;
	ac.epoch_ms_at_zero = cc->cfg.epoch_ms_at_zero;
	ac.ctx = ctx;
	ac.utc_offset_min = cc->cfg.utc_offset_min;
	if (cc->cfg.flags & CTI_CENTER_ALIGN_INTERVALS)
		ac.flags |= CTI_ACD_ALIGN_INTERVALS;
	rc = (cc->cfg.flags & ~CTI_CENTER_ALIGN_INTERVALS)
		     ? CTI_EINVAL
		     : cti_acd_new(&cc->acd, &ac);
	if (!rc)
		rc = cc__moh_make(cc);
	if (rc) {
		cti_acd_free(cc->acd);
		free(cc);
		return rc;
	}
	cc->next_id = 1;
	cc->acd_timer = -1;
	cc->cdr_timer = -1;
	cc->retry_timer = -1;
	cc__iv_checkpoint_start(cc);
	*out = cc;
	return 0;
}

static void session_store(cti_center_t *cc, int i, const char *reason);

CTI_EXTERN void cti_center_free(cti_center_t *cc)
{
	if (!cc)
		return;
	for (size_t b = 0; b < CC_HASH; b++) {
		while (cc->legs[b]) {
			struct cc_leg *l = cc->legs[b];

			cti_call_set_audio(cc->ctx, l->id, CTI_AUDIO_LINEAR16,
					   NULL, NULL);
			if (!l->clearing)
				cti_call_clear(cc->ctx, l->id,
					       CTI_CAUSE_NORMAL_CLEARING);
			cc->legs[b] = l->hnext;
			free(l);
		}
	}
	for (size_t b = 0; b < CC_HASH; b++) {
		while (cc->calls[b]) {
			struct cc_call *c = cc->calls[b];

			cc->calls[b] = c->hnext;
			cc__rec_stop(cc, c, true);
			if (c->ann_timer > 0)
				cti_timer_cancel(cc->ctx, c->ann_timer);
			cti_flow_run_free(c->run);
			cti_ivr_free(c->ivr);
			cti_dtmf_rx_free(c->dtmf);
			free(c);
		}
	}
	if (cc->acd_timer > 0)
		cti_timer_cancel(cc->ctx, cc->acd_timer);
	cc__iv_checkpoint_stop(cc);
	cc__phone_retry_stop(cc);
	for (size_t i = 0; i < cc->n_agents; i++)
		if (cc->agents[i].logged_in)
			session_store(cc, (int)i, "stop");
	cc__flush_records(cc);
	cti_acd_free(cc->acd);
	free(cc->cdrs);
	free(cc->ivs);
	free(cc->trunks);
	free(cc->scheds);
	free(cc->routes);
	free(cc->flows);
	free(cc->queues);
	free(cc->exts);
	free(cc->agents);
	free(cc->ev);
	free(cc->moh);
	free(cc);
}

/* ---- lookups ----------------------------------------------------------- */

int cc__trunk_of_span(const cti_center_t *cc, cti_span_id_t span)
{
	for (size_t i = 0; i < cc->n_trunks; i++)
		for (uint32_t j = 0; j < cc->trunks[i].n_spans; j++)
			if (cc->trunks[i].spans[j] == span)
				return (int)i;
	return -1;
}

static int trunk_find(const cti_center_t *cc, const char *name)
{
	for (size_t i = 0; i < cc->n_trunks; i++)
		if (!strcmp(cc->trunks[i].name, name))
			return (int)i;
	return -1;
}

int cc__queue_find(const cti_center_t *cc, const char *name)
{
	if (!*name) /* "" is a removed entry's */
		return -1;
	for (size_t i = 0; i < cc->n_queues; i++)
		if (!strcmp(cc->queues[i].name, name))
			return (int)i;
	return -1;
}

int cc__flow_find(const cti_center_t *cc, const char *name)
{
	if (!*name) /* "" is a removed entry's */
		return -1;
	for (size_t i = 0; i < cc->n_flows; i++)
		if (!strcmp(cc->flows[i].name, name))
			return (int)i;
	return -1;
}

int cc__agent_find(const cti_center_t *cc, const char *name)
{
	for (size_t i = 0; i < cc->n_agents; i++)
		if (!strcmp(cc->agents[i].name, name))
			return (int)i;
	return -1;
}

int cc__sched_find(const cti_center_t *cc, const char *name)
{
	if (!*name) /* "" is a removed entry's */
		return -1;
	for (size_t i = 0; i < cc->n_scheds; i++)
		if (!strcmp(cc->scheds[i].name, name))
			return (int)i;
	return -1;
}

int cc__ext_find(const cti_center_t *cc, const char *number)
{
	if (!*number) /* "" is a removed entry's */
		return -1;
	for (size_t i = 0; i < cc->n_exts; i++)
		if (!strcmp(cc->exts[i].number, number))
			return (int)i;
	return -1;
}

/* ---- configuration ----------------------------------------------------- */

CTI_EXTERN int cti_center_trunk_add(cti_center_t *cc,
				    const struct cti_center_trunk_config *t)
{
	struct cti_span_status st;
	struct cc_trunk *n;

	if (!cc || !t || !cc__name_ok(t->name) || !t->spans || !t->n_spans ||
	    t->n_spans > CTI_CENTER_MAX_SPANS ||
	    (t->kind != CTI_CENTER_TRUNK_NETWORK &&
	     t->kind != CTI_CENTER_TRUNK_STATIONS))
		return CTI_EINVAL;
	if (trunk_find(cc, t->name) >= 0)
		return CTI_EEXIST;
	for (uint32_t i = 0; i < t->n_spans; i++) {
		if (cti_span_get_status(cc->ctx, t->spans[i], &st))
			return CTI_ENOENT;
		if (cc__trunk_of_span(cc, t->spans[i]) >= 0)
			return CTI_EEXIST;
		for (uint32_t j = 0; j < i; j++)
			if (t->spans[j] == t->spans[i])
				return CTI_EEXIST;
	}
	n = GROW(cc, trunks, n_trunks);
	if (!n)
		return CTI_ENOMEM;
	snprintf(n->name, sizeof(n->name), "%s", t->name);
	n->kind = t->kind;
	memcpy(n->spans, t->spans, t->n_spans * sizeof(t->spans[0]));
	n->n_spans = t->n_spans;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int32_t days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int parse_date(const char *s, int32_t *days)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	int y, m, d, n = 0;

	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    s[10] || y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return CTI_EINVAL;
	*days = days_from_civil(y, m, d);
	return 0;
}

/* A schedule's configuration checked into *tmp. 0 or CTI_EINVAL. */
int cc__sched_make(const struct cti_center_schedule_config *s,
		   struct cc_sched *tmp)
{
	memset(tmp, 0, sizeof(*tmp));
	if (!s || !cc__name_ok(s->name) || s->n_hours > CTI_CENTER_MAX_HOURS ||
	    s->n_holidays > CTI_CENTER_MAX_HOLIDAYS ||
	    (s->n_holidays && !s->holidays))
		return CTI_EINVAL;
	for (uint32_t i = 0; i < s->n_hours; i++) {
		const struct cti_center_hours *h = &s->hours[i];

		if (!h->days || h->days > 0x7f || h->close_min > 1440 ||
		    h->open_min >= h->close_min)
			return CTI_EINVAL;
		tmp->hours[i] = *h;
	}
	for (uint32_t i = 0; i < s->n_holidays; i++)
		if (parse_date(s->holidays[i], &tmp->holidays[i]))
			return CTI_EINVAL;
	snprintf(tmp->name, sizeof(tmp->name), "%s", s->name);
	tmp->n_hours = s->n_hours;
	tmp->n_holidays = s->n_holidays;
	return 0;
}

CTI_EXTERN int
cti_center_schedule_add(cti_center_t *cc,
			const struct cti_center_schedule_config *s)
{
	struct cc_sched tmp, *n;
	int rc;

	if (!cc)
		return CTI_EINVAL;
	if ((rc = cc__sched_make(s, &tmp)))
		return rc;
	if (cc__sched_find(cc, s->name) >= 0)
		return CTI_EEXIST;
	n = GROW(cc, scheds, n_scheds);
	if (!n)
		return CTI_ENOMEM;
	*n = tmp;
	return 0;
}

CTI_EXTERN bool cti_center_schedule_open(cti_center_t *cc, const char *name)
{
	int i = cc && name ? cc__sched_find(cc, name) : -1;

	return i >= 0 &&
	       cc__sched_open(cc, &cc->scheds[i], cti_now_ms(cc->ctx));
}

CTI_EXTERN int cti_center_flow_add(cti_center_t *cc, const char *name,
				   const cti_flow_t *flow)
{
	struct cc_flow *n;

	if (!cc || !cc__name_ok(name) || !flow)
		return CTI_EINVAL;
	if (cc__flow_find(cc, name) >= 0)
		return CTI_EEXIST;
	n = GROW(cc, flows, n_flows);
	if (!n)
		return CTI_ENOMEM;
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->flow = flow;
	return 0;
}

static bool prompt_ok(const cti_center_t *cc, const char *p)
{
	return !p ||
	       (cc->cfg.prompts && cti_prompts_samples(cc->cfg.prompts, p) > 0);
}

/* A queue's treatment checked into *tmp (its ACD part is the ACD's to
 * check). 0, CTI_EINVAL, CTI_ENOENT or a target's error. */
int cc__queue_make(cti_center_t *cc, const struct cti_center_queue_config *q,
		   struct cc_queue *tmp)
{
	int rc;

	memset(tmp, 0, sizeof(*tmp));
	if (!q || !cc__name_ok(q->acd.name) ||
	    (q->lang && q->lang != CTI_LANG_ZH && q->lang != CTI_LANG_EN))
		return CTI_EINVAL;
	if (!prompt_ok(cc, q->music) || !prompt_ok(cc, q->greeting) ||
	    ((q->announce_position || q->announce_wait) && !cc->cfg.prompts))
		return CTI_ENOENT;
	if (q->acd.exit_action && *q->acd.exit_action) {
		rc = cc__target_parse(cc, q->acd.exit_action, &tmp->exit);
		if (rc)
			return rc;
		tmp->has_exit = true;
	}
	if (q->escape_digit) {
		if (!strchr("0123456789*#ABCD", q->escape_digit) ||
		    !q->escape_target)
			return CTI_EINVAL;
		rc = cc__target_parse(cc, q->escape_target, &tmp->escape);
		if (rc)
			return rc;
		tmp->escape_digit = q->escape_digit;
	}
	snprintf(tmp->name, sizeof(tmp->name), "%s", q->acd.name);
	snprintf(tmp->music, sizeof(tmp->music), "%s",
		 q->music ? q->music : "");
	snprintf(tmp->greeting, sizeof(tmp->greeting), "%s",
		 q->greeting ? q->greeting : "");
	tmp->first_ms = q->first_announce_ms ? q->first_announce_ms : 5000;
	tmp->every_ms = q->announce_every_ms;
	tmp->lang = q->lang ? q->lang : CTI_LANG_EN;
	tmp->say_pos = q->announce_position;
	tmp->say_wait = q->announce_wait;
	/* more skills than a queue has: the ACD refuses them */
	if (q->acd.n_skills && q->acd.n_skills <= CTI_ACD_MAX_QUEUE_SKILLS) {
		memcpy(tmp->skills, q->acd.skills,
		       q->acd.n_skills * sizeof(tmp->skills[0]));
		tmp->n_skills = q->acd.n_skills;
	}
	return 0;
}

CTI_EXTERN int cti_center_queue_add(cti_center_t *cc,
				    const struct cti_center_queue_config *q)
{
	struct cc_queue tmp, *n;
	int rc;

	if (!cc || !q || !cc__name_ok(q->acd.name) ||
	    (q->lang && q->lang != CTI_LANG_ZH && q->lang != CTI_LANG_EN))
		return CTI_EINVAL;
	if (cc__queue_find(cc, q->acd.name) >= 0)
		return CTI_EEXIST;
	if ((rc = cc__queue_make(cc, q, &tmp)))
		return rc;
	rc = cti_acd_queue_add(cc->acd, &q->acd);
	if (rc)
		return rc;
	n = GROW(cc, queues, n_queues);
	if (!n)
		return CTI_ENOMEM; /* the ACD keeps an unused queue */
	*n = tmp;
	return 0;
}

CTI_EXTERN int cti_center_route_add(cti_center_t *cc,
				    const struct cti_center_route_config *r)
{
	struct cc_route tmp = { .trunk = -1, .sched = -1 }, *n;
	int rc;

	if (!cc || !r || !r->target ||
	    (r->dnis && strlen(r->dnis) >= CTI_NUMBER_MAX) ||
	    (r->ani_prefix && strlen(r->ani_prefix) >= CTI_NUMBER_MAX) ||
	    (r->schedule && !r->closed_target))
		return CTI_EINVAL;
	if (r->trunk) {
		tmp.trunk = trunk_find(cc, r->trunk);
		if (tmp.trunk < 0 ||
		    cc->trunks[tmp.trunk].kind != CTI_CENTER_TRUNK_NETWORK)
			return CTI_ENOENT;
	}
	if (r->schedule && (tmp.sched = cc__sched_find(cc, r->schedule)) < 0)
		return CTI_ENOENT;
	if ((rc = cc__target_parse(cc, r->target, &tmp.open)))
		return rc;
	if (r->closed_target &&
	    (rc = cc__target_parse(cc, r->closed_target, &tmp.closed)))
		return rc;
	if (r->dnis) {
		size_t len = strlen(r->dnis);

		snprintf(tmp.dnis, sizeof(tmp.dnis), "%s", r->dnis);
		if (len && r->dnis[len - 1] == '*') {
			tmp.dnis[len - 1] = 0;
			tmp.dnis_prefix = true;
		}
	}
	snprintf(tmp.ani, sizeof(tmp.ani), "%s",
		 r->ani_prefix ? r->ani_prefix : "");
	n = GROW(cc, routes, n_routes);
	if (!n)
		return CTI_ENOMEM;
	*n = tmp;
	return 0;
}

CTI_EXTERN int
cti_center_extension_add(cti_center_t *cc,
			 const struct cti_center_extension_config *e)
{
	struct cc_ext *n;
	int t;

	if (!cc || !e || !e->number || !e->trunk)
		return CTI_EINVAL;
	if (!*e->number || strlen(e->number) >= CTI_NUMBER_MAX ||
	    strspn(e->number, "0123456789*#") != strlen(e->number))
		return CTI_EFORMAT;
	t = trunk_find(cc, e->trunk);
	if (t < 0 || cc->trunks[t].kind != CTI_CENTER_TRUNK_STATIONS)
		return CTI_ENOENT;
	if (cc__ext_find(cc, e->number) >= 0)
		return CTI_EEXIST;
	n = GROW(cc, exts, n_exts);
	if (!n)
		return CTI_ENOMEM;
	snprintf(n->number, sizeof(n->number), "%s", e->number);
	n->trunk = t;
	n->agent = -1;
	n->nailed = e->flags & CTI_CENTER_EXT_NAILED;
	return 0;
}

/* The agent's record (index), made on first mention: login, or an
 * agent:NAME target before the agent ever logged in. */
int cc__agent_record(cti_center_t *cc, const char *agent)
{
	struct cc_agent *a;
	int i = cc__agent_find(cc, agent);

	if (i >= 0)
		return i;
	if (!cc__name_ok(agent))
		return CTI_EINVAL;
	a = GROW(cc, agents, n_agents);
	if (!a)
		return CTI_ENOMEM;
	snprintf(a->name, sizeof(a->name), "%s", agent);
	a->ext = -1;
	return (int)cc->n_agents - 1;
}

/* The hidden queue of target agent:NAME: it requires the agent's own
 * skill, so only that agent takes its calls, through the ACD like any
 * other (states, RONA, wrap-up, KPIs and CDRs under "agent:NAME"). */
int cc__agent_queue(cti_center_t *cc, const char *agent)
{
	char name[CTI_NAME_MAX];
	struct cti_acd_queue_config qc = { .name = name, .n_skills = 1 };
	struct cc_queue *q;
	int a = cc__agent_record(cc, agent), i, rc;

	if (a < 0)
		return a;
	if (CC_OWN_SKILL(a) > CTI_ACD_MAX_SKILL ||
	    snprintf(name, sizeof(name), "agent:%s", agent) >=
		    (int)sizeof(name))
		return CTI_ENOSPC;
	if ((i = cc__queue_find(cc, name)) >= 0)
		return i;
	qc.skills[0].skill = (uint16_t)CC_OWN_SKILL(a);
	qc.skills[0].level = 1;
	if ((rc = cti_acd_queue_add(cc->acd, &qc)))
		return rc;
	q = GROW(cc, queues, n_queues);
	if (!q)
		return CTI_ENOMEM;
	snprintf(q->name, sizeof(q->name), "%s", name);
	q->hidden = true;
	q->first_ms = 5000;
	q->lang = CTI_LANG_EN;
	q->skills[0] = qc.skills[0];
	q->n_skills = 1;
	return (int)cc->n_queues - 1;
}

/* ---- agents ------------------------------------------------------------ */

/*
 * The agent's login session in the store: a row opened at login, closed
 * at logout ("logout") or when the engine is freed with it logged in
 * ("stop"); one a crash leaves open is closed "restart" at the next start
 * (cti_store_close_cut_sessions()). A store error costs the row, never
 * the login: a log line says whose.
 */
static void session_store(cti_center_t *cc, int i, const char *reason)
{
	const struct cc_agent *a = &cc->agents[i];
	struct cti_agent_session s;
	int64_t now;
	int rc;

	if (!cc->cfg.store || a->ext < 0)
		return;
	now = cc->cfg.epoch_ms_at_zero + (int64_t)cti_now_ms(cc->ctx);
	memset(&s, 0, sizeof(s));
	snprintf(s.agent, sizeof(s.agent), "%s", a->name);
	snprintf(s.extension, sizeof(s.extension), "%s",
		 cc->exts[a->ext].number);
	s.login_epoch_ms = now;
	if (reason) {
		s.logout_epoch_ms = now;
		snprintf(s.reason, sizeof(s.reason), "%s", reason);
		rc = cti_store_session_closed(cc->cfg.store, &s);
	} else {
		rc = cti_store_session_opened(cc->cfg.store, &s);
	}
	if (rc)
		cti__log(cc->ctx, CTI_LOG_ERROR, "center",
			 "agent %s: store: %s not stored: %s", a->name,
			 reason ? "logout" : "login", cti_strerror(rc));
}

CTI_EXTERN int cti_center_agent_login(cti_center_t *cc, const char *agent,
				      const char *extension,
				      const struct cti_acd_skill *skills,
				      size_t n)
{
	struct cc_agent *a;
	int e, i, rc;

	if (!cc || !cc__name_ok(agent) || !extension)
		return CTI_EINVAL;
	e = cc__ext_find(cc, extension);
	if (e < 0) {
		cti__log(cc->ctx, CTI_LOG_WARNING, "center",
			 "agent %s: no extension %s", agent, extension);
		return CTI_ENOENT;
	}
	i = cc__agent_find(cc, agent);
	if (i >= 0 && cc->agents[i].logged_in)
		return CTI_EALREADY;
	if (cc->exts[e].agent >= 0) {
		cti__log(cc->ctx, CTI_LOG_WARNING, "center",
			 "agent %s: extension %s is %s's", agent, extension,
			 cc->agents[cc->exts[e].agent].name);
		return CTI_EBUSY;
	}
	if (n > CC_AGENT_SKILLS || (n && !skills))
		return CTI_EINVAL;
	if (i < 0 && (i = cc__agent_record(cc, agent)) < 0)
		return i;
	{
		/* the agent's own skill: its agent:NAME queue */
		struct cti_acd_skill all[CC_AGENT_SKILLS + 1];
		size_t k = cc__agent_skills_all(i, skills, n, all);

		rc = cti_acd_agent_login(cc->acd, agent, all, k,
					 cti_now_ms(cc->ctx));
		if (rc)
			return rc;
	}
	a = &cc->agents[i];
	cc__agent_skills_keep(a, skills, n);
	a->login_seq = ++cc->login_seq;
	a->answered = 0;
	a->ext = e;
	a->logged_in = true;
	cc->exts[e].agent = i;
	cti__log(cc->ctx, CTI_LOG_INFO, "center", "agent %s logged in at %s",
		 agent, extension);
	if (cc->exts[e].nailed && (rc = cc__line_open(cc, i))) {
		cti__log(cc->ctx, CTI_LOG_WARNING, "center",
			 "agent %s: the line to %s cannot be called: %s", agent,
			 extension, cti_strerror(rc));
		cti_acd_agent_logout(cc->acd, agent, cti_now_ms(cc->ctx));
		cc->exts[e].agent = -1;
		a->ext = -1;
		a->logged_in = false;
		return rc;
	}
	session_store(cc, i, NULL);
	cc__acd_drain(cc);
	return 0;
}

static int agent_op(cti_center_t *cc, const char *agent, int op, int reason)
{
	uint64_t now;
	int i, rc;

	if (!cc || !agent)
		return CTI_EINVAL;
	i = cc__agent_find(cc, agent);
	if (i < 0 || !cc->agents[i].logged_in)
		return CTI_ENOENT;
	now = cti_now_ms(cc->ctx);
	if (op == 1 && cc->exts[cc->agents[i].ext].nailed &&
	    !(cc->agents[i].line && cc->agents[i].line->up))
		return CTI_EAGAIN; /* its line is not up yet */
	rc = op == 0   ? cti_acd_agent_logout(cc->acd, agent, now)
	     : op == 1 ? cti_acd_agent_ready(cc->acd, agent, now)
		       : cti_acd_agent_not_ready(cc->acd, agent, reason, now);
	if (!rc && op == 0) {
		struct cc_leg *line = cc->agents[i].line;

		if (line && !line->clearing) {
			line->clearing = true;
			cti_call_set_audio(cc->ctx, line->id,
					   CTI_AUDIO_LINEAR16, NULL, NULL);
			cti_call_clear(cc->ctx, line->id,
				       CTI_CAUSE_NORMAL_CLEARING);
		}
		session_store(cc, i, "logout");
		cc->exts[cc->agents[i].ext].agent = -1;
		cc->agents[i].ext = -1;
		cc->agents[i].logged_in = false;
	}
	cc__acd_drain(cc);
	return rc;
}

CTI_EXTERN int cti_center_agent_logout(cti_center_t *cc, const char *agent)
{
	return agent_op(cc, agent, 0, 0);
}

CTI_EXTERN int cti_center_agent_ready(cti_center_t *cc, const char *agent)
{
	return agent_op(cc, agent, 1, 0);
}

CTI_EXTERN int cti_center_agent_not_ready(cti_center_t *cc, const char *agent,
					  int reason)
{
	return agent_op(cc, agent, 2, reason);
}

CTI_EXTERN int cti_center_agent_state(cti_center_t *cc, const char *agent,
				      uint32_t *state, int32_t *reason)
{
	enum cti_agent_state st;
	int r, rc;

	if (!cc || !agent)
		return CTI_EINVAL;
	rc = cti_acd_agent_get(cc->acd, agent, cti_now_ms(cc->ctx), &st, &r,
			       NULL);
	if (rc)
		return rc;
	if (state)
		*state = (uint32_t)st;
	if (reason)
		*reason = r;
	return 0;
}

CTI_EXTERN cti_acd_t *cti_center_acd(cti_center_t *cc)
{
	return cc ? cc->acd : NULL;
}

/* ---- calls and legs ---------------------------------------------------- */

struct cc_call *cc__call_find(cti_center_t *cc, cti_center_call_t id)
{
	struct cc_call *c = cc->calls[id % CC_HASH];

	while (c && c->id != id)
		c = c->hnext;
	return c;
}

struct cc_leg *cc__leg_find(cti_center_t *cc, cti_call_id_t id)
{
	struct cc_leg *l = cc->legs[id % CC_HASH];

	while (l && l->id != id)
		l = l->hnext;
	return l;
}

struct cc_call *cc__call_new(cti_center_t *cc)
{
	struct cc_call *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->cc = cc;
	c->id = cc->next_id++;
	c->queue = -1;
	c->trunk = -1;
	c->ann_timer = -1;
	c->state = CTI_CENTER_CALL_ROUTING;
	c->arrived_ms = cti_now_ms(cc->ctx);
	c->since = c->arrived_ms;
	c->rec.call = c->id;
	c->rec.arrived_ms = c->arrived_ms;
	c->rec.epoch_ms = cc->cfg.epoch_ms_at_zero + (int64_t)c->arrived_ms;
	c->hnext = cc->calls[c->id % CC_HASH];
	cc->calls[c->id % CC_HASH] = c;
	cc->n_calls++;
	return c;
}

struct cc_leg *cc__leg_new(cti_center_t *cc, struct cc_call *call,
			   cti_call_id_t id, int kind)
{
	struct cc_leg *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->id = id;
	l->kind = kind;
	l->call = call;
	l->agent = -1;
	l->hnext = cc->legs[id % CC_HASH];
	cc->legs[id % CC_HASH] = l;
	if (call)
		call->n_legs++;
	return l;
}

void cc__leg_free(cti_center_t *cc, struct cc_leg *l)
{
	struct cc_leg **pp = &cc->legs[l->id % CC_HASH];
	struct cc_call *c = l->call;

	if (l->nailed && l->agent >= 0 && cc->agents[l->agent].line == l)
		cc->agents[l->agent].line = NULL;
	while (*pp && *pp != l)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = l->hnext;
	if (c) {
		if (c->cust == l)
			c->cust = NULL;
		if (c->peer == l)
			c->peer = NULL;
		if (c->third == l)
			c->third = NULL;
		if (c->sup == l)
			c->sup = NULL;
		for (uint32_t i = 0; i < c->n_ring; i++)
			if (c->ring[i] == l)
				c->ring[i--] = c->ring[--c->n_ring];
		c->n_legs--;
	}
	free(l);
	if (c)
		cc__call_reap(cc, c);
}

void cc__call_reap(cti_center_t *cc, struct cc_call *c)
{
	struct cc_call **pp = &cc->calls[c->id % CC_HASH];

	if (c->state != CTI_CENTER_CALL_ENDED || c->n_legs)
		return;
	while (*pp && *pp != c)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = c->hnext;
	if (c->ann_timer > 0)
		cti_timer_cancel(cc->ctx, c->ann_timer);
	cc__rec_stop(cc, c, true);
	cti_flow_run_free(c->run);
	cti_ivr_free(c->ivr);
	cti_dtmf_rx_free(c->dtmf);
	free(c);
	cc->n_calls--;
}

CTI_EXTERN size_t cti_center_calls(const cti_center_t *cc)
{
	return cc ? cc->n_calls : 0;
}

CTI_EXTERN int cti_center_call_get(cti_center_t *cc, cti_center_call_t id,
				   struct cti_center_call_info *info)
{
	struct cc_call *c;

	if (!cc || !info)
		return CTI_EINVAL;
	c = cc__call_find(cc, id);
	if (!c)
		return CTI_ENOENT;
	memset(info, 0, sizeof(*info));
	info->state = (uint32_t)c->state;
	info->customer_leg = c->cust ? c->cust->id : 0;
	info->agent_leg = c->peer ? c->peer->id : 0;
	info->arrived_ms = c->arrived_ms;
	info->queued_ms = c->queued_ms;
	info->connected_ms = c->connected_ms;
	if (c->queue >= 0)
		snprintf(info->queue, sizeof(info->queue), "%s",
			 cc->queues[c->queue].name);
	snprintf(info->agent, sizeof(info->agent), "%s", c->agent);
	snprintf(info->data, sizeof(info->data), "%s", c->data);
	return 0;
}

/* ---- events ------------------------------------------------------------ */

struct cti_center_event *cc__emit(cti_center_t *cc, int type,
				  const struct cc_call *call)
{
	struct cti_center_event *e;

	if (cc->ev_n == cc->ev_cap) {
		size_t cap = cc->ev_cap ? cc->ev_cap * 2 : 64;
		struct cti_center_event *n = malloc(cap * sizeof(*n));

		if (!n) {
			cti__log(cc->ctx, CTI_LOG_ERROR, "center",
				 "out of memory: %s event lost",
				 cti_center_event_name(type));
			return NULL;
		}
		for (size_t i = 0; i < cc->ev_n; i++)
			n[i] = cc->ev[(cc->ev_head + i) % cc->ev_cap];
		free(cc->ev);
		cc->ev = n;
		cc->ev_cap = cap;
		cc->ev_head = 0;
	}
	e = &cc->ev[(cc->ev_head + cc->ev_n++) % cc->ev_cap];
	/* events made outside handle_event() (audio, timers) reach an
	 * application that drains after each context event */
	if (!cc->wake_posted && !cti_ctx_post_event(cc->ctx, CC_WAKE_VALUE, cc))
		cc->wake_posted = true;
	memset(e, 0, sizeof(*e));
	e->type = (uint32_t)type;
	e->time_ms = cti_now_ms(cc->ctx);
	if (call) {
		e->call = call->id;
		e->state = (uint32_t)call->state;
		e->leg = call->cust ? call->cust->id : 0;
		snprintf(e->ani, sizeof(e->ani), "%s", call->ani);
		snprintf(e->dnis, sizeof(e->dnis), "%s", call->dnis);
		if (call->trunk >= 0)
			snprintf(e->trunk, sizeof(e->trunk), "%s",
				 cc->trunks[call->trunk].name);
		if (call->queue >= 0)
			snprintf(e->queue, sizeof(e->queue), "%s",
				 cc->queues[call->queue].name);
		snprintf(e->agent, sizeof(e->agent), "%s", call->agent);
		snprintf(e->data, sizeof(e->data), "%s", call->data);
	}
	return e;
}

CTI_EXTERN int cti_center_next_event(cti_center_t *cc,
				     struct cti_center_event *ev)
{
	if (!cc || !ev)
		return CTI_EINVAL;
	if (!cc->ev_n)
		return 0;
	*ev = cc->ev[cc->ev_head];
	cc->ev_head = (cc->ev_head + 1) % cc->ev_cap;
	cc->ev_n--;
	return 1;
}

CTI_EXTERN const char *cti_center_event_name(int type)
{
	static const char *const names[] = {
		[CTI_CENTER_EV_ARRIVED] = "ARRIVED",
		[CTI_CENTER_EV_ROUTED] = "ROUTED",
		[CTI_CENTER_EV_REJECTED] = "REJECTED",
		[CTI_CENTER_EV_HOOK] = "HOOK",
		[CTI_CENTER_EV_APP_CALL] = "APP_CALL",
		[CTI_CENTER_EV_QUEUED] = "QUEUED",
		[CTI_CENTER_EV_OFFERED] = "OFFERED",
		[CTI_CENTER_EV_CONNECTED] = "CONNECTED",
		[CTI_CENTER_EV_ENDED] = "ENDED",
		[CTI_CENTER_EV_AGENT_STATE] = "AGENT_STATE",
		[CTI_CENTER_EV_CDR] = "CDR",
		[CTI_CENTER_EV_INTERVAL] = "INTERVAL",
		[CTI_CENTER_EV_ERROR] = "ERROR",
		[CTI_CENTER_EV_HELD] = "HELD",
		[CTI_CENTER_EV_RETRIEVED] = "RETRIEVED",
		[CTI_CENTER_EV_CONSULTING] = "CONSULTING",
		[CTI_CENTER_EV_CONFERENCED] = "CONFERENCED",
		[CTI_CENTER_EV_TRANSFERRED] = "TRANSFERRED",
		[CTI_CENTER_EV_SUPERVISED] = "SUPERVISED",
		[CTI_CENTER_EV_RECORD] = "RECORD",
		[CTI_CENTER_EV_REC_STARTED] = "REC_STARTED",
		[CTI_CENTER_EV_REC_PAUSED] = "REC_PAUSED",
		[CTI_CENTER_EV_REC_RESUMED] = "REC_RESUMED",
		[CTI_CENTER_EV_REC_STOPPED] = "REC_STOPPED",
		[CTI_CENTER_EV_REC_FAILED] = "REC_FAILED",
	};

	if (type < 0 || (size_t)type >= sizeof(names) / sizeof(names[0]) ||
	    !names[type])
		return "?";
	return names[type];
}

/* ---- records ----------------------------------------------------------- */

void cc__flush_records(cti_center_t *cc)
{
	int rc;

	if (cc->cdr_timer > 0)
		cti_timer_cancel(cc->ctx, cc->cdr_timer);
	cc->cdr_timer = -1;
	if (!cc->n_cdrs)
		return;
	rc = cti_store_put_cdrs(cc->cfg.store, cc->cdrs, cc->n_cdrs);
	if (rc)
		cti__log(cc->ctx, CTI_LOG_ERROR, "center",
			 "store: %zu CDRs not stored: %s", cc->n_cdrs,
			 cti_strerror(rc));
	cc->n_cdrs = 0;
}

/* The record's parties as they stand (copied again at its end: a
 * transfer may have dialled a number since). */
static void record_fill(const cti_center_t *cc, struct cc_call *c)
{
	snprintf(c->rec.ani, sizeof(c->rec.ani), "%s", c->ani);
	snprintf(c->rec.dnis, sizeof(c->rec.dnis), "%s", c->dnis);
	if (c->trunk >= 0)
		snprintf(c->rec.trunk, sizeof(c->rec.trunk), "%s",
			 cc->trunks[c->trunk].name);
	snprintf(c->rec.number, sizeof(c->rec.number), "%s", c->dialled);
}

/* A store error costs the row, never the call: an ERROR event and a
 * log line say which call's was lost. */
static void store_failed(cti_center_t *cc, const struct cc_call *c,
			 const char *what, int rc)
{
	struct cti_center_event *e = cc__emit(cc, CTI_CENTER_EV_ERROR, c);

	if (e) {
		e->cause = rc;
		snprintf(e->name, sizeof(e->name), "store: %s: %s", what,
			 cti_err_name(rc));
	}
	cti__log(cc->ctx, CTI_LOG_ERROR, "center",
		 "call %u: store: %s not stored: %s", c->id, what,
		 cti_strerror(rc));
}

void cc__record_open(cti_center_t *cc, struct cc_call *c)
{
	int rc;

	record_fill(cc, c);
	if (!cc->cfg.store)
		return;
	rc = cti_store_call_opened(cc->cfg.store, &c->rec);
	if (rc)
		store_failed(cc, c, "open-call row", rc);
}

void cc__record_close(cti_center_t *cc, struct cc_call *c)
{
	struct cti_center_event *e;
	int rc;

	record_fill(cc, c);
	e = cc__emit(cc, CTI_CENTER_EV_RECORD, c);
	if (e)
		e->u.record = c->rec;
	/* at once, not pooled as CDRs are: its open row must not outlive
	 * the call in the store, or a crash later turns it into a "cut"
	 * record beside this one */
	if (!cc->cfg.store)
		return;
	rc = cti_store_put_call_records(cc->cfg.store, &c->rec, 1);
	if (rc)
		store_failed(cc, c, "call record", rc);
}
