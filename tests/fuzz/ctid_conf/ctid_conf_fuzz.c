// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctid's configuration parser (utils/ctid/conf*.c) on arbitrary text:
 * libconfig's syntax, then every section, value and cross reference. No
 * file is read (ctid_conf_parse, not _load). Beyond no crash, leak or
 * UB: a refusal always says "FILE:" first and a line or field, and an
 * accepted model keeps its invariants (counts, each trunk with a span,
 * every schedule's hours closing after they open).
 */
#include "fuzz.h"

#include "../../../utils/ctid/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctid_conf *c;
	char why[1024];
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (ctid_conf_parse(&c, text, "/etc/cti/f.conf", why, sizeof(why))) {
		if (c || strncmp(why, "/etc/cti/f.conf", 15) ||
		    strlen(why) < 18)
			abort();
	} else {
		if (!c || !c->prompts_dir[0] || c->n_spans > 128)
			abort();
		for (size_t i = 0; i < c->n_schedules; i++)
			for (uint32_t k = 0; k < c->schedules[i].s.n_hours; k++)
				if (c->schedules[i].s.hours[k].close_min <=
				    c->schedules[i].s.hours[k].open_min)
					abort();
		ctid_conf_free(c);
	}
	free(text);
	return 0;
}
