// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The configuration's list entries other than queues (conf_queue.c):
 * trunks, spans, schedules, flows, extensions, agents, routes, and the
 * recording group. Each refuses unknown keys and names taken earlier in
 * its list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_parse.h"
#include "ctid.h"

#define NAME_LEN   (CTI_NAME_MAX - 1)
#define NUMBER_LEN (CTI_NUMBER_MAX - 1)

/* `name` of entry i against the entries before it. */
#define REFUSE_DUP(p, e, arr, i, field, what)                                  \
	do {                                                                   \
		for (size_t k_ = 0; k_ < (i); k_++)                            \
			if (!strcmp((arr)[k_].field, (arr)[i].field))          \
				return cp_fail(                                \
					p, config_setting_get_member(e, what), \
					NULL, "duplicate: '%s' again",         \
					(arr)[i].field);                       \
	} while (0)

int ctid_parse_trunk(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		     size_t i)
{
	static const char *const keys[] = { "name", "kind", NULL };
	static const char *const kinds[] = { "network", "stations", NULL };
	static const uint32_t kind_v[] = { CTI_CENTER_TRUNK_NETWORK,
					   CTI_CENTER_TRUNK_STATIONS };
	struct ctid_conf_trunk *t = &c->trunks[i];

	if (cp_keys(p, e, keys) ||
	    cp_str(p, e, "name", true, NAME_LEN, &t->name) ||
	    cp_enum(p, e, "kind", true, kinds, kind_v, &t->kind))
		return -1;
	REFUSE_DUP(p, e, c->trunks, i, name, "name");
	return 0;
}

/* The r2_* keys, in the order cti_span_config_check() names them. */
static const char *const r2_keys[] = {
	"r2_variant", "r2_category",	  "r2_max_dnis",
	"r2_max_ani", "r2_ani_first",	  "r2_no_charge",
	"r2_no_ani",  "r2_double_answer", NULL
};

/* A named value of an R2 enumeration through libcti's own parser. */
static int r2_name(struct cp *p, config_setting_t *e, const char *key,
		   int (*parse)(const char *), const char *names, uint32_t *out)
{
	const char *v = NULL;
	int n;

	if (cp_str(p, e, key, false, NAME_LEN, &v))
		return -1;
	if (!v)
		return 0;
	if ((n = parse(v)) < 0)
		return cp_fail(p, config_setting_get_member(e, key), NULL,
			       "'%s' is not one of %s", v, names);
	*out = (uint32_t)n;
	return 0;
}

/* The MFC/R2 options of an R2 span (docs/r2.md); on a PRI span any of
 * them is refused, so a file written for R2 is not half used. */
static int parse_span_r2(struct cp *p, config_setting_t *e,
			 struct ctid_conf_span *s)
{
	static const uint8_t flag_v[] = { CTI_R2_ANI_FIRST, CTI_R2_NO_CHARGE,
					  CTI_R2_NO_ANI, CTI_R2_DOUBLE_ANSWER };
	uint32_t variant = 0, cat = 0, dnis = 0, ani = 0;

	if (s->signalling != CTID_SIG_R2) {
		for (size_t k = 0; r2_keys[k]; k++)
			if (config_setting_get_member(e, r2_keys[k]))
				return cp_fail(p,
					       config_setting_get_member(
						       e, r2_keys[k]),
					       NULL,
					       "an R2 option, not valid on a "
					       "PRI span");
		return 0;
	}
	if (r2_name(p, e, "r2_variant", cti_r2_variant_parse,
		    "cn|itu|ar|br|co|cz|ec|id|mx|ph|ve", &variant) ||
	    r2_name(p, e, "r2_category", cti_r2_category_parse,
		    "national|national-priority|international|"
		    "international-priority|collect|unknown|test",
		    &cat) ||
	    cp_uint(p, e, "r2_max_dnis", false, 1, 255, &dnis) ||
	    cp_uint(p, e, "r2_max_ani", false, 1, 255, &ani))
		return -1;
	s->cfg.signalling = CTI_SIGNALLING_R2;
	s->cfg.r2_variant = variant;
	s->cfg.r2_category = (uint8_t)cat;
	s->cfg.r2_max_dnis = (uint8_t)dnis;
	s->cfg.r2_max_ani = (uint8_t)ani;
	for (size_t k = 0; k < 4; k++) {
		bool on = false;

		if (cp_bool(p, e, r2_keys[4 + k], &on))
			return -1;
		if (on)
			s->cfg.r2_flags |= flag_v[k];
	}
	/* side's default (cpe) is a PRI one: an R2 span has none */
	if (!config_setting_get_member(e, "side"))
		s->cfg.side = 0;
	return 0;
}

/* libcti's own check of the span's configuration: its message names the
 * field, which is the key of the same name here. */
static int check_span_config(struct cp *p, config_setting_t *e,
			     const struct ctid_conf_span *s)
{
	char why[256], field[64];
	const char *colon;
	config_setting_t *at;

	if (!cti_span_config_check(&s->cfg, why, sizeof(why)))
		return 0;
	colon = strstr(why, ": ");
	if (!colon || (size_t)(colon - why) >= sizeof(field))
		return cp_fail(p, e, NULL, "%s", why);
	memcpy(field, why, (size_t)(colon - why));
	field[colon - why] = '\0';
	at = config_setting_get_member(e, field);
	return cp_fail(p, at ? at : e, at ? NULL : field, "%s", colon + 2);
}

int ctid_parse_span(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		    size_t i)
{
	static const char *const keys[] = { "name",
					    "trunk",
					    "dahdi",
					    "loop",
					    "signalling",
					    "type",
					    "side",
					    "switchtype",
					    "law",
					    "overlap",
					    "restart_on_up",
					    "r2_variant",
					    "r2_category",
					    "r2_max_dnis",
					    "r2_max_ani",
					    "r2_ani_first",
					    "r2_no_charge",
					    "r2_no_ani",
					    "r2_double_answer",
					    NULL };
	static const char *const sigs[] = { "pri", "r2", NULL };
	static const uint32_t sig_v[] = { CTID_SIG_PRI, CTID_SIG_R2 };
	static const char *const types[] = { "e1", "t1", NULL };
	static const uint32_t type_v[] = { CTI_SPAN_E1, CTI_SPAN_T1 };
	static const char *const sides[] = { "net", "cpe", NULL };
	static const uint32_t side_v[] = { CTI_SIDE_NET, CTI_SIDE_CPE };
	static const char *const sw[] = { "default", "euroisdn", "ni2",
					  "dms100",  "lucent5e", "att4ess",
					  "ni1",     "qsig",	 NULL };
	static const uint32_t sw_v[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	static const char *const laws[] = { "default", "alaw", "ulaw", NULL };
	static const uint32_t law_v[] = { 0, 1, 2 };
	struct ctid_conf_span *s = &c->spans[i];
	bool loop = false, has_dahdi;
	uint32_t dahdi = 0;

	s->signalling = CTID_SIG_PRI;
	s->cfg.type = CTI_SPAN_E1;
	s->cfg.side = CTI_SIDE_CPE;
	s->line = config_setting_source_line(e);
	if (cp_keys(p, e, keys) ||
	    cp_str(p, e, "name", true, NAME_LEN, &s->name) ||
	    cp_str(p, e, "trunk", true, NAME_LEN, &s->trunk) ||
	    cp_uint(p, e, "dahdi", false, 1, 65535, &dahdi) ||
	    cp_bool(p, e, "loop", &loop) ||
	    cp_enum(p, e, "signalling", false, sigs, sig_v, &s->signalling) ||
	    cp_enum(p, e, "type", false, types, type_v, &s->cfg.type) ||
	    cp_enum(p, e, "side", false, sides, side_v, &s->cfg.side) ||
	    cp_enum(p, e, "switchtype", false, sw, sw_v, &s->cfg.switchtype) ||
	    cp_enum(p, e, "law", false, laws, law_v, &s->cfg.law) ||
	    cp_bool(p, e, "overlap", &s->cfg.overlap) ||
	    cp_bool(p, e, "restart_on_up", &s->cfg.restart_on_up))
		return -1;
	REFUSE_DUP(p, e, c->spans, i, name, "name");
	has_dahdi = config_setting_get_member(e, "dahdi") != NULL;
	if (has_dahdi == loop)
		return cp_fail(p, e, has_dahdi ? "loop" : "dahdi",
			       "give either dahdi = N or loop = true");
	s->dahdi = (int)dahdi;
	if (s->signalling == CTID_SIG_R2 && s->cfg.type != CTI_SPAN_E1)
		return cp_fail(p, config_setting_get_member(e, "type"), NULL,
			       "R2 signalling runs on E1 spans only");
	if (s->signalling == CTID_SIG_R2 && loop)
		return cp_fail(p, config_setting_get_member(e, "loop"), NULL,
			       "R2 spans are DAHDI spans only (libcti has no "
			       "R2 loop backend)");
	if (parse_span_r2(p, e, s) || check_span_config(p, e, s))
		return -1;
	for (size_t k = 0; k < i && s->dahdi; k++)
		if (c->spans[k].dahdi == s->dahdi)
			return cp_fail(p, config_setting_get_member(e, "dahdi"),
				       NULL,
				       "DAHDI span %d is span '%s' already",
				       s->dahdi, c->spans[k].name);
	if (i + 1 > CTID_MAX_SPANS)
		return cp_fail(p, e, NULL, "more than %d spans",
			       CTID_MAX_SPANS);
	return 0;
}

/* "mon-fri", "sat,sun", "mon,wed-fri" into bit 0 Sunday ... bit 6. */
static int parse_days(const char *v, uint8_t *days)
{
	static const char *const names[] = { "sun", "mon", "tue", "wed",
					     "thu", "fri", "sat" };
	const char *s = v;

	*days = 0;
	while (*s) {
		int a = -1, b;

		for (int d = 0; d < 7; d++)
			if (!strncmp(s, names[d], 3))
				a = d;
		if (a < 0)
			return -1;
		s += 3;
		b = a;
		if (*s == '-') {
			b = -1;
			for (int d = 0; d < 7; d++)
				if (!strncmp(s + 1, names[d], 3))
					b = d;
			if (b < 0)
				return -1;
			s += 4;
		}
		for (int d = a;; d = (d + 1) % 7) { /* "fri-mon" wraps */
			*days |= (uint8_t)(1u << d);
			if (d == b)
				break;
		}
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return *days ? 0 : -1;
}

/* "HH:MM" minutes after midnight, up to 24:00. */
static int parse_hhmm(const char *v, uint16_t *min)
{
	unsigned h, m;
	char end;

	if (strlen(v) != 5 || sscanf(v, "%2u:%2u%c", &h, &m, &end) != 2 ||
	    m > 59 || h * 60 + m > 1440)
		return -1;
	*min = (uint16_t)(h * 60 + m);
	return 0;
}

static int valid_date(const char *v)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	unsigned y, m, d;
	char end;

	if (strlen(v) != 10 || v[4] != '-' || v[7] != '-' ||
	    sscanf(v, "%4u-%2u-%2u%c", &y, &m, &d, &end) != 3 || y < 1970 ||
	    m < 1 || m > 12 || d < 1 || (int)d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100) || y % 400 == 0))
		return -1;
	return 0;
}

static int parse_hours(struct cp *p, config_setting_t *list,
		       struct cti_center_schedule_config *s)
{
	static const char *const keys[] = { "days", "open", "close", NULL };
	int n = config_setting_length(list);

	if (n > CTI_CENTER_MAX_HOURS)
		return cp_fail(p, list, NULL, "more than %d entries",
			       CTI_CENTER_MAX_HOURS);
	for (int k = 0; k < n; k++) {
		config_setting_t *h =
			config_setting_get_elem(list, (unsigned)k);
		struct cti_center_hours *o = &s->hours[k];
		const char *days, *open, *close;

		if (config_setting_type(h) != CONFIG_TYPE_GROUP)
			return cp_fail(p, h, NULL,
				       "a group { ... } is expected");
		if (cp_keys(p, h, keys) ||
		    cp_str(p, h, "days", true, 0, &days) ||
		    cp_str(p, h, "open", true, 0, &open) ||
		    cp_str(p, h, "close", true, 0, &close))
			return -1;
		if (parse_days(days, &o->days))
			return cp_fail(
				p, config_setting_get_member(h, "days"), NULL,
				"'%s' is not days like mon-fri or sat,sun",
				days);
		if (parse_hhmm(open, &o->open_min))
			return cp_fail(p, config_setting_get_member(h, "open"),
				       NULL, "'%s' is not HH:MM", open);
		if (parse_hhmm(close, &o->close_min) || !o->close_min)
			return cp_fail(p, config_setting_get_member(h, "close"),
				       NULL, "'%s' is not HH:MM", close);
		if (o->close_min <= o->open_min)
			return cp_fail(p, config_setting_get_member(h, "close"),
				       NULL, "%s is not after open %s", close,
				       open);
	}
	s->n_hours = (uint32_t)n;
	return 0;
}

int ctid_parse_schedule(struct cp *p, config_setting_t *e, struct ctid_conf *c,
			size_t i)
{
	static const char *const keys[] = { "name", "hours", "holidays", NULL };
	struct ctid_conf_schedule *sc = &c->schedules[i];
	config_setting_t *hours, *hol;
	int n;

	if (cp_keys(p, e, keys) ||
	    cp_str(p, e, "name", true, NAME_LEN, &sc->s.name) ||
	    cp_list(p, e, "hours", true, &hours) ||
	    cp_list(p, e, "holidays", false, &hol))
		return -1;
	REFUSE_DUP(p, e, c->schedules, i, s.name, "name");
	if (parse_hours(p, hours, &sc->s))
		return -1;
	n = hol ? config_setting_length(hol) : 0;
	if (n > CTI_CENTER_MAX_HOLIDAYS)
		return cp_fail(p, hol, NULL, "more than %d dates",
			       CTI_CENTER_MAX_HOLIDAYS);
	sc->holidays = calloc((size_t)n + 1, sizeof(*sc->holidays));
	if (!sc->holidays)
		return cp_fail(p, e, NULL, "out of memory");
	for (int k = 0; k < n; k++) {
		config_setting_t *d = config_setting_get_elem(hol, (unsigned)k);
		const char *v = config_setting_get_string(d);

		if (!v || valid_date(v))
			return cp_fail(p, d, NULL,
				       "'%s' is not a date YYYY-MM-DD",
				       v ? v : "(not a string)");
		sc->holidays[k] = v;
	}
	sc->s.holidays = sc->holidays;
	sc->s.n_holidays = (uint32_t)n;
	return 0;
}

int ctid_parse_flow(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		    size_t i)
{
	static const char *const keys[] = { "name", "file", NULL };
	struct ctid_conf_flow *f = &c->flows[i];
	const char *file;

	f->line = config_setting_source_line(e);
	if (cp_keys(p, e, keys) ||
	    cp_str(p, e, "name", true, NAME_LEN, &f->name) ||
	    cp_str(p, e, "file", true, 0, &file) ||
	    ctid_conf_path(p, config_setting_get_member(e, "file"), file,
			   f->path, sizeof(f->path)))
		return -1;
	REFUSE_DUP(p, e, c->flows, i, name, "name");
	return 0;
}

int ctid_parse_extension(struct cp *p, config_setting_t *e, struct ctid_conf *c,
			 size_t i)
{
	static const char *const keys[] = { "number", "trunk", "nailed", NULL };
	struct cti_center_extension_config *x = &c->extensions[i];
	bool nailed = false;

	if (cp_keys(p, e, keys) ||
	    cp_str(p, e, "number", true, NUMBER_LEN, &x->number) ||
	    cp_str(p, e, "trunk", true, NAME_LEN, &x->trunk) ||
	    cp_bool(p, e, "nailed", &nailed))
		return -1;
	if (strspn(x->number, "0123456789*#") != strlen(x->number))
		return cp_fail(p, config_setting_get_member(e, "number"), NULL,
			       "'%s' is not digits", x->number);
	REFUSE_DUP(p, e, c->extensions, i, number, "number");
	x->flags = nailed ? CTI_CENTER_EXT_NAILED : 0;
	return 0;
}

int ctid_parse_skills(struct cp *p, config_setting_t *list,
		      struct cti_acd_skill *out, uint32_t max, uint32_t *n)
{
	static const char *const keys[] = { "skill", "level", NULL };
	int len = config_setting_length(list);

	if ((uint32_t)len > max)
		return cp_fail(p, list, NULL, "more than %u skills", max);
	for (int k = 0; k < len; k++) {
		config_setting_t *g =
			config_setting_get_elem(list, (unsigned)k);
		uint32_t skill = 0, level = 1;

		if (config_setting_type(g) != CONFIG_TYPE_GROUP)
			return cp_fail(
				p, g, NULL,
				"a group { skill = N; level = L; } is expected");
		if (cp_keys(p, g, keys) ||
		    cp_uint(p, g, "skill", true, 1, CTI_ACD_MAX_SKILL,
			    &skill) ||
		    cp_uint(p, g, "level", false, 1, 10, &level))
			return -1;
		for (int j = 0; j < k; j++)
			if (out[j].skill == skill)
				return cp_fail(
					p,
					config_setting_get_member(g, "skill"),
					NULL, "duplicate: skill %u again",
					skill);
		out[k].skill = (uint16_t)skill;
		out[k].level = (uint8_t)level;
	}
	*n = (uint32_t)len;
	return 0;
}

int ctid_parse_agent(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		     size_t i)
{
	static const char *const keys[] = { "name", "skills", "extension",
					    NULL };
	struct ctid_conf_agent *a = &c->agents[i];
	config_setting_t *skills;

	if (cp_keys(p, e, keys) ||
	    cp_str(p, e, "name", true, NAME_LEN, &a->name) ||
	    cp_str(p, e, "extension", false, NUMBER_LEN, &a->extension) ||
	    cp_list(p, e, "skills", false, &skills) ||
	    (skills &&
	     ctid_parse_skills(p, skills, a->skills, 64, &a->n_skills)))
		return -1;
	REFUSE_DUP(p, e, c->agents, i, name, "name");
	return 0;
}

int ctid_parse_route(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		     size_t i)
{
	static const char *const keys[] = { "trunk",	  "dnis",
					    "ani_prefix", "schedule",
					    "target",	  "closed_target",
					    NULL };
	struct cti_center_route_config *r = &c->routes[i];

	if (cp_keys(p, e, keys) ||
	    cp_str(p, e, "trunk", false, NAME_LEN, &r->trunk) ||
	    cp_str(p, e, "dnis", false, NUMBER_LEN, &r->dnis) ||
	    cp_str(p, e, "ani_prefix", false, NUMBER_LEN, &r->ani_prefix) ||
	    cp_str(p, e, "schedule", false, NAME_LEN, &r->schedule) ||
	    cp_str(p, e, "target", true, NAME_LEN, &r->target) ||
	    cp_str(p, e, "closed_target", false, NAME_LEN, &r->closed_target))
		return -1;
	if (r->schedule && !r->closed_target)
		return cp_fail(p, e, "closed_target",
			       "missing (required with a schedule)");
	if (!r->schedule && r->closed_target)
		return cp_fail(p, config_setting_get_member(e, "closed_target"),
			       NULL, "only with a schedule");
	return 0;
}

int ctid_parse_recording(struct cp *p, config_setting_t *root,
			 struct ctid_conf *c)
{
	static const char *const keys[] = { "dir", "signing_key", "recipients",
					    "policy", NULL };
	config_setting_t *g = config_setting_get_member(root, "recording");
	config_setting_t *rcp;
	const char *dir, *key, *policy = NULL;
	int n;

	if (!g)
		return 0;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return cp_fail(p, g, NULL, "a group { ... } is expected");
	c->rec.line = config_setting_source_line(g);
	if (cp_keys(p, g, keys) || cp_str(p, g, "dir", true, 0, &dir) ||
	    ctid_conf_path(p, config_setting_get_member(g, "dir"), dir,
			   c->rec.dir, sizeof(c->rec.dir)) ||
	    cp_str(p, g, "signing_key", true, 0, &key) ||
	    ctid_conf_path(p, config_setting_get_member(g, "signing_key"), key,
			   c->rec.signing_key, sizeof(c->rec.signing_key)) ||
	    cp_list(p, g, "recipients", true, &rcp) ||
	    cp_str(p, g, "policy", false, 0, &policy))
		return -1;
	n = config_setting_length(rcp);
	if (n < 1 || n > 8)
		return cp_fail(p, rcp, NULL, "1 to 8 public key files");
	for (int k = 0; k < n; k++) {
		config_setting_t *s = config_setting_get_elem(rcp, (unsigned)k);
		const char *v = config_setting_get_string(s);

		if (!v || !*v)
			return cp_fail(p, s, NULL, "a file name is expected");
		if (ctid_conf_path(p, s, v, c->rec.recipients[k], PATH_MAX))
			return -1;
	}
	c->rec.n_recipients = (uint32_t)n;
	if (policy &&
	    ctid_conf_path(p, config_setting_get_member(g, "policy"), policy,
			   c->rec.policy_path, sizeof(c->rec.policy_path)))
		return -1;
	c->rec.on = true;
	return 0;
}
