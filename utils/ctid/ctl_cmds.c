// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctid's control commands: one table entry and one function each. They
 * read the running daemon (struct ctid, the engine's enumeration) and
 * call back into it; no reply carries a secret (no flow variables, no
 * store URI, no configuration text).
 */
#include <stdio.h>
#include <string.h>

#include "ctid.h"
#include "ctl.h"

static const char *const agent_states[] = {
	[CTI_AGENT_LOGGED_OUT] = "LOGGED_OUT",
	[CTI_AGENT_READY] = "READY",
	[CTI_AGENT_NOT_READY] = "NOT_READY",
	[CTI_AGENT_RESERVED] = "RESERVED",
	[CTI_AGENT_TALKING] = "TALKING",
	[CTI_AGENT_HOLD] = "HOLD",
	[CTI_AGENT_WRAP_UP] = "WRAP_UP",
};

static const char *agent_state_name(uint32_t s)
{
	return s < CTI_AGENT_STATES ? agent_states[s] : "?";
}

static uint64_t since(struct ctid *d, uint64_t t_ms)
{
	uint64_t now = cti_now_ms(d->ctx);

	return t_ms && t_ms <= now ? now - t_ms : 0;
}

/* The reply is made as it goes: an allocation failing anywhere makes
 * the one error. */
static int put(json_t *o, const char *key, json_t *v)
{
	return v && json_object_set_new(o, key, v) == 0 ? 0 : CTI_ENOMEM;
}

static json_t *str_or_null(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

/* ---- status ------------------------------------------------------------ */

struct agent_tally {
	uint32_t logged_in, ready;
};

static int tally_agent(void *user, const struct cti_center_agent_info *a)
{
	struct agent_tally *t = user;

	t->logged_in++;
	t->ready += a->state == CTI_AGENT_READY;
	return 0;
}

static uint32_t spans_up(struct ctid *d)
{
	struct cti_span_status st;
	uint32_t up = 0;

	for (size_t i = 0; i < d->n_spans; i++)
		if (cti_span_get_status(d->ctx, d->spans[i].id, &st) == 0 &&
		    st.d_up)
			up++;
	return up;
}

static int cmd_status(struct ctid *d, const struct ctl_request *rq, json_t *r,
		      char *why, size_t why_len)
{
	struct agent_tally t = { 0 };
	uint64_t now = cti_now_ms(d->ctx);
	int rc;

	(void)rq;
	(void)why;
	(void)why_len;
	rc = cti_center_foreach_agent(d->cc, tally_agent, &t);
	if (rc < 0)
		return rc;
	rc = put(r, "version", json_string(cti_version_string()));
	rc = rc
		     ?: put(r, "uptime_ms",
			    json_integer((json_int_t)since(d, d->started_ms)));
	rc = rc
		     ?: put(r, "calls",
			    json_integer((json_int_t)cti_center_calls(d->cc)));
	rc = rc ?: put(r, "agents_logged_in", json_integer(t.logged_in));
	rc = rc ?: put(r, "agents_ready", json_integer(t.ready));
	rc = rc ?: put(r, "spans_up", json_integer(spans_up(d)));
	rc = rc ?: put(r, "spans_total", json_integer((json_int_t)d->n_spans));
	rc = rc ?: put(r, "reloads", json_integer(d->reloads));
	rc = rc ?: put(r, "draining", json_boolean(d->draining));
	if (d->draining)
		rc = rc
			     ?: put(r, "drain_left_ms",
				    json_integer((
					    json_int_t)(d->drain_deadline_ms >
									now
								? d->drain_deadline_ms -
									  now
								: 0)));
	return rc;
}

/* ---- spans ------------------------------------------------------------- */

static json_t *alarm_list(uint32_t alarms)
{
	json_t *a = json_array();

	for (uint32_t bit = 1; a && bit; bit <<= 1)
		if ((alarms & bit) &&
		    json_array_append_new(
			    a, json_string(cti_span_alarm_name(bit)))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *span_json(struct ctid *d, const struct ctid_span *s)
{
	struct cti_span_status st;
	json_t *o = json_object();
	int rc;

	if (!o)
		return NULL;
	if (cti_span_get_status(d->ctx, s->id, &st))
		memset(&st, 0, sizeof(st));
	rc = put(o, "name", json_string(s->name));
	rc = rc ?: put(o, "trunk", json_string(s->trunk));
	rc = rc
		     ?: put(o, "signalling",
			    json_string(s->signalling == CTID_SIG_R2 ? "r2"
								     : "pri"));
	rc = rc ?: put(o, "dahdi_span", json_integer(s->dahdi_span));
	rc = rc ?: put(o, "up", json_boolean(st.d_up));
	rc = rc ?: put(o, "alarms", alarm_list(st.alarms));
	rc = rc ?: put(o, "channels", json_integer(st.bchans));
	rc = rc ?: put(o, "in_use", json_integer(st.calls));
	rc = rc
		     ?: put(o, "capture",
			    str_or_null(s->capturing ? s->capture_path : NULL));
	if (rc) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int cmd_spans(struct ctid *d, const struct ctl_request *rq, json_t *r,
		     char *why, size_t why_len)
{
	json_t *a = json_array();

	(void)rq;
	(void)why;
	(void)why_len;
	if (put(r, "spans", a))
		return CTI_ENOMEM;
	for (size_t i = 0; i < d->n_spans; i++)
		if (json_array_append_new(a, span_json(d, &d->spans[i])))
			return CTI_ENOMEM;
	return 0;
}

/* ---- lists: calls, queues, agents ------------------------------------------
 * One shape: the reply's array under the list's name, one object per
 * element the engine's walk visits. The walks' callbacks differ only in
 * what they put in the object; list_element() and element_done() own
 * the object's life, so no callback can leak it. */

struct walk {
	struct ctid *d;
	json_t *list;
};

/* Adds the element `o` that `rc` says was (0) or was not filled, to the
 * list. Owns `o` whatever happens: decref'd when unfilled, and
 * json_array_append_new() steals it even when it fails (jansson's
 * apiref: "steals the reference to value"; value.c decrefs it on every
 * error path). */
static int element_done(struct walk *w, json_t *o, int rc)
{
	if (rc) {
		json_decref(o); /* NULL-safe */
		return rc;
	}
	return json_array_append_new(w->list, o) ? CTI_ENOMEM : 0;
}

static int call_fill(struct walk *w, json_t *o, cti_center_call_t call,
		     const struct cti_center_call_info *c)
{
	struct cti_call_info leg = { 0 };
	uint64_t now = cti_now_ms(w->d->ctx);
	uint64_t wait = 0, talk = 0;
	int rc;

	/* ani and dnis are the customer leg's (the engine's info has none) */
	if (c->customer_leg)
		cti_call_get_info(w->d->ctx, c->customer_leg, &leg);
	if (c->queued_ms)
		wait = (c->connected_ms ? c->connected_ms : now) - c->queued_ms;
	if (c->connected_ms)
		talk = now - c->connected_ms;
	rc = put(o, "id", json_integer(call));
	rc = rc
		     ?: put(o, "state",
			    json_string(
				    cti_center_call_state_name((int)c->state)));
	rc = rc ?: put(o, "ani", json_string(leg.ani.digits));
	rc = rc ?: put(o, "dnis", json_string(leg.dnis.digits));
	/* the calling party category an R2 exchange sent; PRI has none */
	rc = rc
		     ?: put(o, "category",
			    str_or_null(leg.category ? cti_r2_category_name(
							       leg.category)
						     : NULL));
	rc = rc ?: put(o, "queue", str_or_null(c->queue));
	rc = rc ?: put(o, "agent", str_or_null(c->agent));
	rc = rc
		     ?: put(o, "age_ms",
			    json_integer((json_int_t)(now - c->arrived_ms)));
	rc = rc ?: put(o, "wait_ms", json_integer((json_int_t)wait));
	rc = rc ?: put(o, "talk_ms", json_integer((json_int_t)talk));
	return rc;
}

static int queue_fill(json_t *o, const struct cti_center_queue_info *q)
{
	const struct cti_acd_interval *iv = &q->current;
	int rc;

	rc = put(o, "name", json_string(q->name));
	rc = rc ?: put(o, "waiting", json_integer(q->waiting));
	rc = rc
		     ?: put(o, "oldest_wait_ms",
			    json_integer((json_int_t)q->oldest_wait_ms));
	rc = rc ?: put(o, "staffed", json_integer(q->staffed));
	rc = rc ?: put(o, "ready", json_integer(q->ready));
	rc = rc ?: put(o, "offered", json_integer(iv->offered));
	rc = rc ?: put(o, "answered", json_integer(iv->answered));
	rc = rc ?: put(o, "abandoned", json_integer(iv->abandoned));
	/* -1: nothing to measure yet this interval */
	rc = rc
		     ?: put(o, "service_level",
			    iv->service_level < 0
				    ? json_null()
				    : json_real(iv->service_level));
	rc = rc ?: put(o, "asa_ms", json_integer(iv->asa_ms));
	return rc;
}

static int agent_fill(struct walk *w, json_t *o,
		      const struct cti_center_agent_info *a)
{
	int rc;

	rc = put(o, "name", json_string(a->agent));
	rc = rc ?: put(o, "extension", json_string(a->extension));
	rc = rc ?: put(o, "state", json_string(agent_state_name(a->state)));
	rc = rc ?: put(o, "reason", json_integer(a->reason));
	rc = rc
		     ?: put(o, "since_ms",
			    json_integer((json_int_t)since(w->d,
							   a->state_since_ms)));
	rc = rc ?: put(o, "answered", json_integer(a->answered));
	rc = rc ?: put(o, "call", json_integer(a->call));
	return rc;
}

/* The engine's walks, each element made, filled and added. */
static int call_element(void *user, cti_center_call_t call,
			const struct cti_center_call_info *c)
{
	json_t *o = json_object();

	return element_done(user, o,
			    o ? call_fill(user, o, call, c) : CTI_ENOMEM);
}

static int queue_element(void *user, const struct cti_center_queue_info *q)
{
	json_t *o = json_object();

	return element_done(user, o, o ? queue_fill(o, q) : CTI_ENOMEM);
}

static int agent_element(void *user, const struct cti_center_agent_info *a)
{
	json_t *o = json_object();

	return element_done(user, o, o ? agent_fill(user, o, a) : CTI_ENOMEM);
}

static int walk_calls(struct walk *w)
{
	return cti_center_foreach_call(w->d->cc, call_element, w);
}

static int walk_queues(struct walk *w)
{
	return cti_center_foreach_queue(w->d->cc, queue_element, w);
}

static int walk_agents(struct walk *w)
{
	return cti_center_foreach_agent(w->d->cc, agent_element, w);
}

/* A list command: the reply's key and the walk that fills its array. */
struct list_kind {
	const char *key;
	int (*walk)(struct walk *w);
};

static const struct list_kind list_calls = { "calls", walk_calls };
static const struct list_kind list_queues = { "queues", walk_queues };
static const struct list_kind list_agents = { "agents", walk_agents };

/* The array is in the reply before the walk: the reply owns it, so an
 * element failing half-way leaves nothing to free here. */
static int list_cmd(struct ctid *d, json_t *r, const struct list_kind *k)
{
	struct walk w = { d, json_array() };
	int rc;

	if (put(r, k->key, w.list))
		return CTI_ENOMEM;
	rc = k->walk(&w);
	return rc < 0 ? rc : 0;
}

static int cmd_calls(struct ctid *d, const struct ctl_request *rq, json_t *r,
		     char *why, size_t why_len)
{
	(void)rq;
	(void)why;
	(void)why_len;
	return list_cmd(d, r, &list_calls);
}

static int cmd_queues(struct ctid *d, const struct ctl_request *rq, json_t *r,
		      char *why, size_t why_len)
{
	(void)rq;
	(void)why;
	(void)why_len;
	return list_cmd(d, r, &list_queues);
}

static int cmd_agents(struct ctid *d, const struct ctl_request *rq, json_t *r,
		      char *why, size_t why_len)
{
	(void)rq;
	(void)why;
	(void)why_len;
	return list_cmd(d, r, &list_agents);
}

/* ---- agent control ----------------------------------------------------- */

/* The engine's refusal of an agent command, said for an operator. */
static int agent_refused(const char *cmd, const char *agent, int rc, char *why,
			 size_t why_len)
{
	const char *what;

	switch (rc) {
	case CTI_ENOENT:
		what = strcmp(cmd, "agent-login")
			       ? "not logged in"
			       : "no such agent or extension in the configuration";
		break;
	case CTI_EALREADY:
		what = "already logged in";
		break;
	case CTI_ESTATE:
		what = "not now: ringing, on a call, or in the wrong state";
		break;
	case CTI_EAGAIN:
		what = "the nailed-up line is not answered yet";
		break;
	case CTI_EBUSY:
		what = "the extension is taken";
		break;
	default:
		what = cti_strerror(rc);
	}
	snprintf(why, why_len, "%s: %s: %s", cmd, agent, what);
	return rc;
}

static int agent_state_reply(struct ctid *d, const char *agent, json_t *r)
{
	uint32_t state = CTI_AGENT_LOGGED_OUT;
	int32_t reason = 0;
	int rc;

	cti_center_agent_state(d->cc, agent, &state, &reason);
	rc = put(r, "agent", json_string(agent));
	rc = rc ?: put(r, "state", json_string(agent_state_name(state)));
	rc = rc ?: put(r, "reason", json_integer(reason));
	return rc;
}

static int cmd_agent_login(struct ctid *d, const struct ctl_request *rq,
			   json_t *r, char *why, size_t why_len)
{
	int rc = ctid_agent_login(d, rq->agent,
				  rq->extension[0] ? rq->extension : NULL);

	if (rc)
		return agent_refused(rq->cmd->name, rq->agent, rc, why,
				     why_len);
	return agent_state_reply(d, rq->agent, r);
}

static int cmd_agent_ready(struct ctid *d, const struct ctl_request *rq,
			   json_t *r, char *why, size_t why_len)
{
	int rc = cti_center_agent_ready(d->cc, rq->agent);

	if (rc)
		return agent_refused(rq->cmd->name, rq->agent, rc, why,
				     why_len);
	return agent_state_reply(d, rq->agent, r);
}

static int cmd_agent_pause(struct ctid *d, const struct ctl_request *rq,
			   json_t *r, char *why, size_t why_len)
{
	int rc = cti_center_agent_not_ready(d->cc, rq->agent, rq->reason);

	if (rc)
		return agent_refused(rq->cmd->name, rq->agent, rc, why,
				     why_len);
	return agent_state_reply(d, rq->agent, r);
}

static int cmd_agent_logout(struct ctid *d, const struct ctl_request *rq,
			    json_t *r, char *why, size_t why_len)
{
	int rc = cti_center_agent_logout(d->cc, rq->agent);

	if (rc)
		return agent_refused(rq->cmd->name, rq->agent, rc, why,
				     why_len);
	return agent_state_reply(d, rq->agent, r);
}

/* ---- the daemon -------------------------------------------------------- */

static int cmd_reload(struct ctid *d, const struct ctl_request *rq, json_t *r,
		      char *why, size_t why_len)
{
	int rc;

	(void)rq;
	rc = ctid_reload(d, why, why_len);
	if (rc)
		return rc;
	return put(r, "reloads", json_integer(d->reloads));
}

/* SIGTERM's drain when `stop --drain` names no time (CTID_DRAIN_MS). */
static uint32_t drain_ms(const struct ctid *d, const struct ctl_request *rq)
{
	if (!rq->drain)
		return 0;
	if (rq->given & CTL_ARG_SECONDS)
		return rq->seconds * 1000u;
	return d->drain_timeout_ms ? d->drain_timeout_ms : CTID_DRAIN_MS;
}

static int cmd_stop(struct ctid *d, const struct ctl_request *rq, json_t *r,
		    char *why, size_t why_len)
{
	uint32_t ms = drain_ms(d, rq);
	int rc;

	if ((rq->given & CTL_ARG_SECONDS) && !rq->drain) {
		snprintf(why, why_len, "stop: seconds only with drain");
		return CTI_EINVAL;
	}
	rc = put(r, "drain_ms", json_integer(ms));
	rc = rc
		     ?: put(r, "calls",
			    json_integer((json_int_t)cti_center_calls(d->cc)));
	if (rc)
		return rc;
	return ctid_drain(d, ms);
}

static int cmd_capture(struct ctid *d, const struct ctl_request *rq, json_t *r,
		       char *why, size_t why_len)
{
	const char *path = rq->file[0] ? rq->file : NULL;
	int rc = ctid_span_capture(d, rq->span, path, why, why_len);

	if (rc)
		return rc;
	rc = put(r, "span", json_string(rq->span));
	return rc ?: put(r, "capture", str_or_null(path));
}

#define NO_ARGS 0, 0

const struct ctl_command ctl_commands[] = {
	{ "status", NO_ARGS, cmd_status, "no arguments" },
	{ "spans", NO_ARGS, cmd_spans, "no arguments" },
	{ "calls", NO_ARGS, cmd_calls, "no arguments" },
	{ "queues", NO_ARGS, cmd_queues, "no arguments" },
	{ "agents", NO_ARGS, cmd_agents, "no arguments" },
	{ "agent-login", CTL_ARG_AGENT | CTL_ARG_EXTENSION, CTL_ARG_AGENT,
	  cmd_agent_login, "agent, extension optional" },
	{ "agent-ready", CTL_ARG_AGENT, CTL_ARG_AGENT, cmd_agent_ready,
	  "agent" },
	{ "agent-pause", CTL_ARG_AGENT | CTL_ARG_REASON, CTL_ARG_AGENT,
	  cmd_agent_pause, "agent, reason optional" },
	{ "agent-logout", CTL_ARG_AGENT, CTL_ARG_AGENT, cmd_agent_logout,
	  "agent" },
	{ "reload", NO_ARGS, cmd_reload, "no arguments" },
	{ "stop", CTL_ARG_DRAIN | CTL_ARG_SECONDS, 0, cmd_stop,
	  "drain and seconds optional" },
	{ "capture", CTL_ARG_SPAN | CTL_ARG_FILE, CTL_ARG_SPAN | CTL_ARG_FILE,
	  cmd_capture, "span, and file: a path or null" },
	{ NULL, 0, 0, NULL, NULL },
};
