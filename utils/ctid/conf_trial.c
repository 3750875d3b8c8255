// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * trial { callers_per_hour = N; seed = N; ... }: a hardware-free trial.
 * Every span must be a loop span: cti-sim's far-end module plays callers
 * on the far side of the network trunks' spans and the agents' phones on
 * the far side of the station trunks' spans (trial.c).
 */
#include <string.h>

#include "conf_parse.h"

#define NUMBER_LEN (CTI_NUMBER_MAX - 1)

static const char *const trial_keys[] = { "callers_per_hour",
					  "seed",
					  "dnis",
					  "dtmf",
					  "patience_mean_ms",
					  "talk_mean_ms",
					  "answer_min_ms",
					  "answer_max_ms",
					  NULL };

/* Every span a loop span, and one at least where callers can dial in. */
static int trial_spans(struct cp *p, config_setting_t *t,
		       const struct ctid_conf *c)
{
	bool network = false;

	for (size_t i = 0; i < c->n_spans; i++) {
		if (c->spans[i].dahdi)
			return cp_fail(p, t, NULL,
				       "span '%s' is DAHDI span %d: a trial "
				       "runs on loop spans only",
				       c->spans[i].name, c->spans[i].dahdi);
		for (size_t k = 0; k < c->n_trunks; k++)
			if (!strcmp(c->trunks[k].name, c->spans[i].trunk) &&
			    c->trunks[k].kind == CTI_CENTER_TRUNK_NETWORK)
				network = true;
	}
	if (!network)
		return cp_fail(p, t, NULL,
			       "no loop span on a network trunk: callers "
			       "would have nowhere to dial in");
	return 0;
}

int ctid_parse_trial(struct cp *p, config_setting_t *root, struct ctid_conf *c)
{
	config_setting_t *t = config_setting_get_member(root, "trial");
	struct ctid_conf_trial *tr = &c->trial;

	if (!t)
		return 0;
	if (config_setting_type(t) != CONFIG_TYPE_GROUP)
		return cp_fail(p, t, NULL, "a group { ... } is expected");
	tr->on = true;
	tr->line = config_setting_source_line(t);
	tr->seed = 1;
	tr->dnis = "95500";
	tr->patience_mean_ms = 120000;
	tr->talk_mean_ms = 60000;
	tr->answer_min_ms = 1000;
	tr->answer_max_ms = 4000;
	if (cp_keys(p, t, trial_keys) ||
	    cp_uint(p, t, "callers_per_hour", true, 1, 360000,
		    &tr->callers_per_hour) ||
	    cp_uint(p, t, "seed", false, 0, 4294967295LL, &tr->seed) ||
	    cp_str(p, t, "dnis", false, NUMBER_LEN, &tr->dnis) ||
	    cp_str(p, t, "dtmf", false, 15, &tr->dtmf) ||
	    cp_uint(p, t, "patience_mean_ms", false, 1000, 3600000,
		    &tr->patience_mean_ms) ||
	    cp_uint(p, t, "talk_mean_ms", false, 1000, 3600000,
		    &tr->talk_mean_ms) ||
	    cp_uint(p, t, "answer_min_ms", false, 0, 60000,
		    &tr->answer_min_ms) ||
	    cp_uint(p, t, "answer_max_ms", false, 0, 60000, &tr->answer_max_ms))
		return -1;
	if (strspn(tr->dnis, "0123456789") != strlen(tr->dnis) || !*tr->dnis)
		return cp_fail(p, config_setting_get_member(t, "dnis"), NULL,
			       "digits 0-9 only");
	if (tr->answer_max_ms < tr->answer_min_ms)
		return cp_fail(p, config_setting_get_member(t, "answer_max_ms"),
			       NULL, "less than answer_min_ms (%u)",
			       tr->answer_min_ms);
	return trial_spans(p, t, c);
}
