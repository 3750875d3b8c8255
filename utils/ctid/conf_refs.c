// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What refers to what, checked once every section is read: a span's
 * trunk, a trunk's spans, an extension's station trunk, a route's trunk
 * and schedule, every target (routes, exit actions, overflow, escape) and
 * an agent's extension. The message points at the referring field.
 */
#include <stdlib.h>
#include <string.h>

#include "conf_parse.h"

/* The setting of `key` in entry i of list `section` (the entry if no key). */
static config_setting_t *at(const struct ctid_conf *c, const char *section,
			    size_t i, const char *key)
{
	config_setting_t *l = config_lookup(c->tree, section);
	config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
	config_setting_t *m = key ? config_setting_get_member(e, key) : NULL;

	return m ? m : e;
}

static const struct ctid_conf_trunk *trunk(const struct ctid_conf *c,
					   const char *name)
{
	for (size_t i = 0; i < c->n_trunks; i++)
		if (!strcmp(c->trunks[i].name, name))
			return &c->trunks[i];
	return NULL;
}

static bool schedule_known(const struct ctid_conf *c, const char *name)
{
	for (size_t i = 0; i < c->n_schedules; i++)
		if (!strcmp(c->schedules[i].s.name, name))
			return true;
	return false;
}

static bool extension_known(const struct ctid_conf *c, const char *number)
{
	for (size_t i = 0; i < c->n_extensions; i++)
		if (!strcmp(c->extensions[i].number, number))
			return true;
	return false;
}

static bool cause_ok(const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);

	return *v && !*end && n >= 1 && n <= 127;
}

/* A target as the engine reads it (docs/center.md, "target"); NULL when
 * it is good, else the reason. */
static const char *bad_target(const struct ctid_conf *c, const char *t)
{
	if (!strncmp(t, "flow:", 5))
		return ctid_conf_flow(c, t + 5) ? NULL : "no such flow";
	if (!strncmp(t, "queue:", 6))
		return ctid_conf_queue(c, t + 6) ? NULL : "no such queue";
	if (!strncmp(t, "agent:", 6))
		return ctid_conf_agent(c, t + 6) ? NULL : "no such agent";
	if (!strncmp(t, "number:", 7))
		return t[7] && strspn(t + 7, "0123456789*#") == strlen(t + 7)
			       ? NULL
			       : "not a number of digits";
	if (!strncmp(t, "reject:", 7))
		return cause_ok(t + 7) ? NULL : "not a cause 1..127";
	if (!strncmp(t, "hangup:", 7))
		return cause_ok(t + 7) ? NULL : "not a cause 1..127";
	if (!strncmp(t, "app:", 4))
		return t[4] ? NULL : "no tag";
	if (strchr(t, ':'))
		return "unknown kind (flow: queue: agent: number: reject: hangup: app:)";
	return ctid_conf_queue(c, t) ? NULL : "no such queue";
}

static int check_target(struct cp *p, const struct ctid_conf *c,
			config_setting_t *s, const char *t)
{
	const char *why = t ? bad_target(c, t) : NULL;

	return why ? cp_fail(p, s, NULL, "'%s': %s", t, why) : 0;
}

static int check_spans(struct cp *p, const struct ctid_conf *c)
{
	for (size_t i = 0; i < c->n_spans; i++)
		if (!trunk(c, c->spans[i].trunk))
			return cp_fail(p, at(c, "spans", i, "trunk"), NULL,
				       "no such trunk '%s'", c->spans[i].trunk);
	for (size_t t = 0; t < c->n_trunks; t++) {
		size_t n = 0;

		for (size_t i = 0; i < c->n_spans; i++)
			n += !strcmp(c->spans[i].trunk, c->trunks[t].name);
		if (!n)
			return cp_fail(p, at(c, "trunks", t, "name"), NULL,
				       "no span is in trunk '%s'",
				       c->trunks[t].name);
		if (n > CTI_CENTER_MAX_SPANS)
			return cp_fail(p, at(c, "trunks", t, "name"), NULL,
				       "more than %d spans",
				       CTI_CENTER_MAX_SPANS);
	}
	for (size_t i = 0; i < c->n_extensions; i++) {
		const struct ctid_conf_trunk *t =
			trunk(c, c->extensions[i].trunk);

		if (!t || t->kind != CTI_CENTER_TRUNK_STATIONS)
			return cp_fail(p, at(c, "extensions", i, "trunk"), NULL,
				       "'%s' is not a stations trunk",
				       c->extensions[i].trunk);
	}
	return 0;
}

static int check_routes(struct cp *p, const struct ctid_conf *c)
{
	for (size_t i = 0; i < c->n_routes; i++) {
		const struct cti_center_route_config *r = &c->routes[i];
		const struct ctid_conf_trunk *t =
			r->trunk ? trunk(c, r->trunk) : NULL;

		if (r->trunk && (!t || t->kind != CTI_CENTER_TRUNK_NETWORK))
			return cp_fail(p, at(c, "routes", i, "trunk"), NULL,
				       "'%s' is not a network trunk", r->trunk);
		if (r->schedule && !schedule_known(c, r->schedule))
			return cp_fail(p, at(c, "routes", i, "schedule"), NULL,
				       "no such schedule '%s'", r->schedule);
		if (check_target(p, c, at(c, "routes", i, "target"),
				 r->target) ||
		    check_target(p, c, at(c, "routes", i, "closed_target"),
				 r->closed_target))
			return -1;
	}
	return 0;
}

static int check_queues(struct cp *p, const struct ctid_conf *c)
{
	for (size_t i = 0; i < c->n_queues; i++) {
		const struct cti_center_queue_config *q = &c->queues[i];
		config_setting_t *ov = at(c, "queues", i, "overflow");

		if (check_target(p, c, at(c, "queues", i, "exit_action"),
				 q->acd.exit_action) ||
		    check_target(p, c, at(c, "queues", i, "escape_target"),
				 q->escape_target))
			return -1;
		for (uint32_t k = 0; k < q->acd.n_overflow; k++) {
			config_setting_t *s = config_setting_get_member(
				config_setting_get_elem(ov, k), "target");

			if (!ctid_conf_queue(c, q->acd.overflow[k].target))
				return cp_fail(p, s, NULL, "no such queue '%s'",
					       q->acd.overflow[k].target);
		}
	}
	return 0;
}

int ctid_conf_check_refs(struct cp *p, struct ctid_conf *c)
{
	if (check_spans(p, c) || check_routes(p, c) || check_queues(p, c))
		return -1;
	for (size_t i = 0; i < c->n_agents; i++)
		if (c->agents[i].extension &&
		    !extension_known(c, c->agents[i].extension))
			return cp_fail(p, at(c, "agents", i, "extension"), NULL,
				       "no such extension '%s'",
				       c->agents[i].extension);
	return 0;
}
