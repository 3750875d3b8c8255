/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The configuration's section parsers (conf_sections.c, conf_queue.c),
 * the cross-reference check (conf_refs.c) and the file loading
 * (conf_files.c), called by conf.c. */
#ifndef CTID_CONF_PARSE_H
#define CTID_CONF_PARSE_H

#include "conf.h"
#include "conf_get.h"

int ctid_conf_path(struct cp *p, const config_setting_t *s, const char *v,
		   char *out, size_t len);

int ctid_parse_trunk(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		     size_t i);
int ctid_parse_span(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		    size_t i);
int ctid_parse_schedule(struct cp *p, config_setting_t *e, struct ctid_conf *c,
			size_t i);
int ctid_parse_flow(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		    size_t i);
int ctid_parse_extension(struct cp *p, config_setting_t *e, struct ctid_conf *c,
			 size_t i);
int ctid_parse_queue(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		     size_t i);
int ctid_parse_agent(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		     size_t i);
int ctid_parse_route(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		     size_t i);
int ctid_parse_recording(struct cp *p, config_setting_t *root,
			 struct ctid_conf *c);
/* skills = ( { skill = N; level = L; } ... ) into out[max]. */
int ctid_parse_skills(struct cp *p, config_setting_t *g,
		      struct cti_acd_skill *out, uint32_t max, uint32_t *n);

/* trial { ... } (conf_trial.c), once the spans and trunks are read. */
int ctid_parse_trial(struct cp *p, config_setting_t *root, struct ctid_conf *c);

int ctid_conf_check_refs(struct cp *p, struct ctid_conf *c);

#endif
