// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A queue entry: every field of struct cti_center_queue_config (its ACD
 * queue included) under the same name, times in milliseconds.
 */
#include <string.h>

#include "conf_parse.h"

#define NAME_LEN (CTI_NAME_MAX - 1)

static int parse_overflow(struct cp *p, config_setting_t *list,
			  struct cti_acd_queue_config *q)
{
	static const char *const keys[] = { "after_ms", "target", NULL };
	int n = config_setting_length(list);

	if (n > CTI_ACD_MAX_OVERFLOW)
		return cp_fail(p, list, NULL, "more than %d steps",
			       CTI_ACD_MAX_OVERFLOW);
	for (int k = 0; k < n; k++) {
		config_setting_t *g =
			config_setting_get_elem(list, (unsigned)k);
		struct cti_acd_overflow *o = &q->overflow[k];

		if (config_setting_type(g) != CONFIG_TYPE_GROUP)
			return cp_fail(p, g, NULL,
				       "a group { ... } is expected");
		if (cp_keys(p, g, keys) ||
		    cp_uint(p, g, "after_ms", true, 1000, 86400000,
			    &o->after_ms) ||
		    cp_str(p, g, "target", true, NAME_LEN, &o->target))
			return -1;
		if (k && o->after_ms <= q->overflow[k - 1].after_ms)
			return cp_fail(p,
				       config_setting_get_member(g, "after_ms"),
				       NULL, "not later than the step before");
		if (!strcmp(o->target, q->name))
			return cp_fail(p,
				       config_setting_get_member(g, "target"),
				       NULL, "the queue itself");
	}
	q->n_overflow = (uint32_t)n;
	return 0;
}

static int parse_acd(struct cp *p, config_setting_t *e,
		     struct cti_acd_queue_config *q)
{
	static const char *const strategies[] = {
		"longest_idle", "fewest_calls", "round_robin", "linear",
		"random",	"weighted",	"ring_all",    NULL
	};
	static const uint32_t strategy_v[] = {
		CTI_ACD_LONGEST_IDLE, CTI_ACD_FEWEST_CALLS, CTI_ACD_ROUND_ROBIN,
		CTI_ACD_LINEAR,	      CTI_ACD_RANDOM,	    CTI_ACD_WEIGHTED,
		CTI_ACD_RING_ALL
	};
	config_setting_t *skills, *overflow;

	if (cp_str(p, e, "name", true, NAME_LEN, &q->name) ||
	    cp_int(p, e, "priority", false, -1000, 1000, &q->priority) ||
	    cp_enum(p, e, "strategy", false, strategies, strategy_v,
		    &q->strategy) ||
	    cp_list(p, e, "skills", false, &skills) ||
	    (skills &&
	     ctid_parse_skills(p, skills, q->skills, CTI_ACD_MAX_QUEUE_SKILLS,
			       &q->n_skills)) ||
	    cp_uint(p, e, "wrap_up_ms", false, 0, 3600000, &q->wrap_up_ms) ||
	    cp_uint(p, e, "ring_ms", false, 1000, 600000, &q->ring_ms) ||
	    cp_uint(p, e, "max_wait_ms", false, 0, 86400000, &q->max_wait_ms) ||
	    cp_str(p, e, "exit_action", false, NAME_LEN, &q->exit_action) ||
	    cp_uint(p, e, "max_length", false, 0, 100000, &q->max_length) ||
	    cp_list(p, e, "overflow", false, &overflow) ||
	    (overflow && parse_overflow(p, overflow, q)))
		return -1;
	if (q->max_wait_ms && !q->exit_action)
		return cp_fail(p, e, "exit_action",
			       "missing (required with max_wait_ms)");
	if (!strncmp(q->name, "agent:", 6))
		return cp_fail(p, config_setting_get_member(e, "name"), NULL,
			       "agent: names are the engine's own queues");
	return 0;
}

int ctid_parse_queue(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		     size_t i)
{
	static const char *const keys[] = { "name",
					    "priority",
					    "strategy",
					    "skills",
					    "wrap_up_ms",
					    "ring_ms",
					    "max_wait_ms",
					    "exit_action",
					    "max_length",
					    "overflow",
					    "music",
					    "greeting",
					    "first_announce_ms",
					    "announce_every_ms",
					    "lang",
					    "announce_position",
					    "announce_wait",
					    "escape_digit",
					    "escape_target",
					    NULL };
	static const char *const langs[] = { "zh", "en", NULL };
	static const uint32_t lang_v[] = { CTI_LANG_ZH, CTI_LANG_EN };
	struct cti_center_queue_config *q = &c->queues[i];
	const char *digit = NULL;

	if (cp_keys(p, e, keys) || parse_acd(p, e, &q->acd) ||
	    cp_str(p, e, "music", false, NAME_LEN, &q->music) ||
	    cp_str(p, e, "greeting", false, NAME_LEN, &q->greeting) ||
	    cp_uint(p, e, "first_announce_ms", false, 1000, 3600000,
		    &q->first_announce_ms) ||
	    cp_uint(p, e, "announce_every_ms", false, 0, 3600000,
		    &q->announce_every_ms) ||
	    cp_enum(p, e, "lang", false, langs, lang_v, &q->lang) ||
	    cp_bool(p, e, "announce_position", &q->announce_position) ||
	    cp_bool(p, e, "announce_wait", &q->announce_wait) ||
	    cp_str(p, e, "escape_digit", false, 0, &digit) ||
	    cp_str(p, e, "escape_target", false, NAME_LEN, &q->escape_target))
		return -1;
	if (q->announce_every_ms && q->announce_every_ms < 10000)
		return cp_fail(
			p, config_setting_get_member(e, "announce_every_ms"),
			NULL, "0 (never) or at least 10000");
	if (digit && (strlen(digit) != 1 || !strchr("0123456789*#", digit[0])))
		return cp_fail(p, config_setting_get_member(e, "escape_digit"),
			       NULL, "'%s' is not one DTMF digit 0-9 * #",
			       digit);
	if (digit)
		q->escape_digit = digit[0];
	if (!!digit != !!q->escape_target)
		return cp_fail(
			p, e, digit ? "escape_target" : "escape_digit",
			"missing (escape_digit and escape_target go together)");
	for (size_t k = 0; k < i; k++)
		if (!strcmp(c->queues[k].acd.name, q->acd.name))
			return cp_fail(p, config_setting_get_member(e, "name"),
				       NULL, "duplicate: '%s' again",
				       q->acd.name);
	return 0;
}
