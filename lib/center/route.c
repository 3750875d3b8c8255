// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Routing: the first route whose trunk, DNIS and ANI prefix match takes
 * an incoming call, to its open or closed target by its schedule.
 * Targets are "KIND:NAME" strings; each kind is one entry of `kinds`
 * (its parser and the function that carries a call there).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center/center.h"
#include "core/ctx.h"

static int parse_flow(cti_center_t *cc, const char *arg, struct cc_target *t)
{
	t->index = cc__flow_find(cc, arg);
	return t->index < 0 ? CTI_ENOENT : 0;
}

static int parse_queue(cti_center_t *cc, const char *arg, struct cc_target *t)
{
	t->index = cc__queue_find(cc, arg);
	return t->index < 0 ? CTI_ENOENT : 0;
}

static int parse_number(cti_center_t *cc, const char *arg, struct cc_target *t)
{
	(void)cc;
	if (!*arg || strlen(arg) >= CTI_NUMBER_MAX ||
	    strspn(arg, "0123456789*#") != strlen(arg))
		return CTI_EFORMAT;
	snprintf(t->arg, sizeof(t->arg), "%s", arg);
	return 0;
}

static int parse_cause(cti_center_t *cc, const char *arg, struct cc_target *t)
{
	char *end;
	long v = strtol(arg, &end, 10);

	(void)cc;
	if (!*arg) {
		t->cause = CTI_CAUSE_NORMAL_CLEARING;
		return 0;
	}
	if (*end || v < 1 || v > 127)
		return CTI_EFORMAT;
	t->cause = (int)v;
	return 0;
}

static int parse_tag(cti_center_t *cc, const char *arg, struct cc_target *t)
{
	(void)cc;
	snprintf(t->arg, sizeof(t->arg), "%s", arg);
	return 0;
}

static int parse_agent(cti_center_t *cc, const char *arg, struct cc_target *t)
{
	t->index = cc__agent_queue(cc, arg);
	return t->index < 0 ? (t->index == CTI_EINVAL ? CTI_EFORMAT : t->index)
			    : 0;
}

static int to_flow(cti_center_t *cc, struct cc_call *c,
		   const struct cc_target *t)
{
	return cc__start_flow(cc, c, t->index);
}

static int to_queue(cti_center_t *cc, struct cc_call *c,
		    const struct cc_target *t)
{
	return cc__enqueue(cc, c, t->index);
}

static int to_number(cti_center_t *cc, struct cc_call *c,
		     const struct cc_target *t)
{
	return cc__dial_number(cc, c, t->arg);
}

static int to_reject(cti_center_t *cc, struct cc_call *c,
		     const struct cc_target *t)
{
	struct cti_center_event *e = cc__emit(cc, CTI_CENTER_EV_REJECTED, c);

	if (e)
		e->cause = t->cause;
	cc__end_call(cc, c, t->cause);
	return 0;
}

static int to_app(cti_center_t *cc, struct cc_call *c,
		  const struct cc_target *t)
{
	struct cti_center_event *e;
	int rc;

	if (c->cust && !c->cust->up &&
	    (rc = cti_call_answer(cc->ctx, c->cust->id)))
		return rc;
	rc = cc__fsm(cc, c, IN_APP);
	if (rc)
		return rc;
	e = cc__emit(cc, CTI_CENTER_EV_APP_CALL, c);
	if (e)
		snprintf(e->name, sizeof(e->name), "%s", t->arg);
	cc__rec_consider(cc, c, -1);
	return 0;
}

static const struct {
	const char *kind;
	int id;
	int (*parse)(cti_center_t *cc, const char *arg, struct cc_target *t);
	int (*apply)(cti_center_t *cc, struct cc_call *c,
		     const struct cc_target *t);
} kinds[] = {
	{ "flow", CC_TO_FLOW, parse_flow, to_flow },
	{ "queue", CC_TO_QUEUE, parse_queue, to_queue },
	{ "agent", CC_TO_QUEUE, parse_agent, to_queue },
	{ "number", CC_TO_NUMBER, parse_number, to_number },
	{ "reject", CC_TO_REJECT, parse_cause, to_reject },
	{ "hangup", CC_TO_HANGUP, parse_cause, to_reject },
	{ "app", CC_TO_APP, parse_tag, to_app },
};

int cc__target_parse(cti_center_t *cc, const char *text, struct cc_target *t)
{
	const char *colon;
	size_t klen;

	memset(t, 0, sizeof(*t));
	if (!text || !*text || strlen(text) >= CTI_NAME_MAX)
		return CTI_EFORMAT;
	snprintf(t->text, sizeof(t->text), "%s", text);
	colon = strchr(text, ':');
	if (!colon) /* a bare name is a queue (a flow's `queue NAME`) */
		return (t->kind = CC_TO_QUEUE, parse_queue(cc, text, t));
	klen = (size_t)(colon - text);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].kind) == klen &&
		    !strncmp(kinds[i].kind, text, klen)) {
			t->kind = kinds[i].id;
			return kinds[i].parse(cc, colon + 1, t);
		}
	return CTI_EFORMAT;
}

int cc__target_apply(cti_center_t *cc, struct cc_call *c,
		     const struct cc_target *t)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].id == t->kind) {
			int rc;

			cti__log(cc->ctx, CTI_LOG_INFO, "center",
				 "call %u: to %s", c->id, t->text);
			rc = kinds[i].apply(cc, c, t);
			if (rc) {
				struct cti_center_event *e =
					cc__emit(cc, CTI_CENTER_EV_ERROR, c);

				if (e) {
					e->cause = rc;
					snprintf(e->name, sizeof(e->name),
						 "route: %s", cti_err_name(rc));
					snprintf(e->target, sizeof(e->target),
						 "%s", t->text);
				}
				cti__log(cc->ctx, CTI_LOG_WARNING, "center",
					 "call %u: to %s failed: %s", c->id,
					 t->text, cti_strerror(rc));
				cc__end_call(cc, c,
					     CTI_CAUSE_TEMPORARY_FAILURE);
			}
			return rc;
		}
	return CTI_EINVAL;
}

bool cc__sched_open(const cti_center_t *cc, const struct cc_sched *s,
		    uint64_t now_ms)
{
	int64_t local_ms = cc->cfg.epoch_ms_at_zero + (int64_t)now_ms +
			   (int64_t)cc->cfg.utc_offset_min * 60000;
	int64_t day = local_ms >= 0 ? local_ms / 86400000
				    : -((-local_ms + 86399999) / 86400000);
	int minute = (int)((local_ms - day * 86400000) / 60000);
	int wday = (int)(((day % 7) + 11) % 7); /* 1970-01-01: Thursday */

	for (uint32_t i = 0; i < s->n_holidays; i++)
		if (s->holidays[i] == day)
			return false;
	for (uint32_t i = 0; i < s->n_hours; i++)
		if ((s->hours[i].days & (1u << wday)) &&
		    minute >= s->hours[i].open_min &&
		    minute < s->hours[i].close_min)
			return true;
	return false;
}

const struct cc_target *cc__route(cti_center_t *cc, int trunk, const char *dnis,
				  const char *ani)
{
	for (size_t i = 0; i < cc->n_routes; i++) {
		const struct cc_route *r = &cc->routes[i];

		if (r->trunk >= 0 && r->trunk != trunk)
			continue;
		if (r->dnis_prefix ? strncmp(dnis, r->dnis, strlen(r->dnis))
				   : (*r->dnis && strcmp(dnis, r->dnis)))
			continue;
		if (strncmp(ani, r->ani, strlen(r->ani)))
			continue;
		if (r->sched >= 0 && !cc__sched_open(cc, &cc->scheds[r->sched],
						     cti_now_ms(cc->ctx)))
			return &r->closed;
		return &r->open;
	}
	return NULL;
}
