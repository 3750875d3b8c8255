// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctid's configuration file (libconfig syntax) into the model of conf.h.
 * Each section has its parser; cross references (a span's trunk, a
 * route's schedule, a target's flow or queue, an agent's extension) are
 * checked once every section is read. docs/ctid.md lists every field.
 */
#include <errno.h>
#include <libconfig.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_get.h"
#include "conf_parse.h"
#include "ctid.h"

#define NAME_LEN   (CTI_NAME_MAX - 1)
#define NUMBER_LEN (CTI_NUMBER_MAX - 1)

/* ---- the whole file ---------------------------------------------------- */

static const char *const top_keys[] = { "prompts",
					"store",
					"instance",
					"control",
					"drain_timeout_ms",
					"utc_offset_min",
					"interval_ms",
					"sl_threshold_ms",
					"short_abandon_ms",
					"phone_retry_ms",
					"log",
					"recording",
					"trial",
					"spans",
					"trunks",
					"schedules",
					"flows",
					"routes",
					"queues",
					"agents",
					"extensions",
					NULL };

/* A relative path is taken from the configuration file's directory. */
int ctid_conf_path(struct cp *p, const config_setting_t *s, const char *v,
		   char *out, size_t len)
{
	char dir[PATH_MAX];
	int n;

	if (v[0] == '/') {
		n = snprintf(out, len, "%s", v);
	} else {
		snprintf(dir, sizeof(dir), "%s", p->file);
		n = snprintf(out, len, "%s/%s", dirname(dir), v);
	}
	if (n < 0 || (size_t)n >= len)
		return cp_fail(p, s, NULL, "path too long");
	return 0;
}

static int parse_globals(struct cp *p, config_setting_t *root,
			 struct ctid_conf *c)
{
	static const char *const log_keys[] = { "level", "target", NULL };
	static const char *const levels[] = { "error", "warning", "notice",
					      "info",  "debug",	  NULL };
	static const uint32_t level_v[] = { CTI_LOG_ERROR, CTI_LOG_WARNING,
					    CTI_LOG_NOTICE, CTI_LOG_INFO,
					    CTI_LOG_DEBUG };
	static const char *const targets[] = { "stderr", "journal", NULL };
	static const uint32_t target_v[] = { CTID_LOG_STDERR,
					     CTID_LOG_JOURNAL };
	const char *prompts = NULL, *store = NULL, *control = NULL;
	config_setting_t *log = config_setting_get_member(root, "log");
	uint32_t level = CTI_LOG_NOTICE;

	c->instance = "";
	c->drain_timeout_ms = CTID_DRAIN_MS;
	c->phone_retry_ms = CTID_PHONE_RETRY_MS;
	c->log_level = CTI_LOG_NOTICE;
	c->log_target = CTID_LOG_STDERR;
	if (cp_str(p, root, "prompts", true, 0, &prompts) ||
	    ctid_conf_path(p, config_setting_get_member(root, "prompts"),
			   prompts, c->prompts_dir, sizeof(c->prompts_dir)) ||
	    cp_str(p, root, "store", false, 0, &store) ||
	    cp_str(p, root, "instance", false, NAME_LEN, &c->instance) ||
	    cp_str(p, root, "control", false, 107, &control) ||
	    cp_uint(p, root, "drain_timeout_ms", false, 0, 86400000,
		    &c->drain_timeout_ms) ||
	    cp_int(p, root, "utc_offset_min", false, -720, 840,
		   &c->utc_offset_min) ||
	    cp_uint(p, root, "interval_ms", false, 60000, 86400000,
		    &c->interval_ms) ||
	    cp_uint(p, root, "sl_threshold_ms", false, 1000, 3600000,
		    &c->sl_threshold_ms) ||
	    cp_uint(p, root, "short_abandon_ms", false, 0, 600000,
		    &c->short_abandon_ms) ||
	    cp_uint(p, root, "phone_retry_ms", false, 0, 3600000,
		    &c->phone_retry_ms))
		return -1;
	if (store) {
		/* a URI is the store's own business; a plain path is ours */
		if (strchr(store, ':'))
			snprintf(c->store_path, sizeof(c->store_path), "%s",
				 store);
		else if (ctid_conf_path(
				 p, config_setting_get_member(root, "store"),
				 store, c->store_path, sizeof(c->store_path)))
			return -1;
		c->store = c->store_path;
	}
	if (control &&
	    ctid_conf_path(p, config_setting_get_member(root, "control"),
			   control, c->control, sizeof(c->control)))
		return -1;
	if (log) {
		uint32_t target = CTID_LOG_STDERR;

		if (config_setting_type(log) != CONFIG_TYPE_GROUP)
			return cp_fail(p, log, NULL,
				       "a group { ... } is expected");
		if (cp_keys(p, log, log_keys) ||
		    cp_enum(p, log, "level", false, levels, level_v, &level) ||
		    cp_enum(p, log, "target", false, targets, target_v,
			    &target))
			return -1;
		c->log_level = (int)level;
		c->log_target = target;
	}
	return 0;
}

/* Each list section: its key, its element parser, its array in the model. */
struct section {
	const char *key;
	size_t elem_size;
	int (*parse)(struct cp *p, config_setting_t *e, struct ctid_conf *c,
		     size_t i);
	size_t model_off, count_off;
};

#define SECTION(k, type, fn, arr, cnt)                                \
	{                                                             \
		k, sizeof(type), fn, offsetof(struct ctid_conf, arr), \
			offsetof(struct ctid_conf, cnt)               \
	}

static const struct section sections[] = {
	SECTION("trunks", struct ctid_conf_trunk, ctid_parse_trunk, trunks,
		n_trunks),
	SECTION("spans", struct ctid_conf_span, ctid_parse_span, spans,
		n_spans),
	SECTION("schedules", struct ctid_conf_schedule, ctid_parse_schedule,
		schedules, n_schedules),
	SECTION("flows", struct ctid_conf_flow, ctid_parse_flow, flows,
		n_flows),
	SECTION("extensions", struct cti_center_extension_config,
		ctid_parse_extension, extensions, n_extensions),
	SECTION("queues", struct cti_center_queue_config, ctid_parse_queue,
		queues, n_queues),
	SECTION("agents", struct ctid_conf_agent, ctid_parse_agent, agents,
		n_agents),
	SECTION("routes", struct cti_center_route_config, ctid_parse_route,
		routes, n_routes),
};

static int parse_section(struct cp *p, config_setting_t *root,
			 struct ctid_conf *c, const struct section *s)
{
	config_setting_t *list;
	void **arr = (void **)((char *)c + s->model_off);
	size_t *count = (size_t *)((char *)c + s->count_off);
	int n;

	if (cp_list(p, root, s->key, false, &list))
		return -1;
	if (!list)
		return 0;
	n = config_setting_length(list);
	if (n > CTID_CONF_MAX_LIST)
		return cp_fail(p, list, NULL, "more than %d entries",
			       CTID_CONF_MAX_LIST);
	*arr = calloc((size_t)n + 1, s->elem_size);
	if (!*arr)
		return cp_fail(p, list, NULL, "out of memory");
	for (int i = 0; i < n; i++) {
		config_setting_t *e =
			config_setting_get_elem(list, (unsigned)i);

		if (config_setting_type(e) != CONFIG_TYPE_GROUP)
			return cp_fail(p, e, NULL,
				       "a group { ... } is expected");
		*count = (size_t)i + 1; /* so that a failed entry is freed */
		if (s->parse(p, e, c, (size_t)i))
			return -1;
	}
	return 0;
}

static void free_model(struct ctid_conf *c)
{
	for (size_t i = 0; i < c->n_flows; i++)
		cti_flow_free(c->flows[i].flow);
	for (size_t i = 0; i < c->n_schedules; i++)
		free(c->schedules[i].holidays);
	cti_rec_policy_free(c->rec.policy);
	cti_prompts_free(c->prompts);
	free(c->spans);
	free(c->trunks);
	free(c->schedules);
	free(c->flows);
	free(c->routes);
	free(c->queues);
	free(c->agents);
	free(c->extensions);
	if (c->tree) {
		config_destroy(c->tree);
		free(c->tree);
	}
}

void ctid_conf_free(struct ctid_conf *c)
{
	if (!c)
		return;
	free_model(c);
	free(c);
}

static int parse_tree(struct cp *p, struct ctid_conf *c)
{
	config_setting_t *root = config_root_setting(c->tree);

	if (cp_keys(p, root, top_keys) || parse_globals(p, root, c) ||
	    ctid_parse_recording(p, root, c))
		return -1;
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (parse_section(p, root, c, &sections[i]))
			return -1;
	if (ctid_conf_check_refs(p, c))
		return -1;
	return ctid_parse_trial(p, root, c);
}

int ctid_conf_parse(struct ctid_conf **out, const char *text, const char *file,
		    char *why, size_t why_len)
{
	struct cp p = { .file = file, .why = why, .why_len = why_len };
	struct ctid_conf *c;

	*out = NULL;
	if (why && why_len)
		why[0] = '\0';
	c = calloc(1, sizeof(*c));
	if (!c || !(c->tree = calloc(1, sizeof(config_t)))) {
		free(c);
		snprintf(why, why_len, "%s: out of memory", file);
		return CTI_ENOMEM;
	}
	snprintf(c->file, sizeof(c->file), "%s", file);
	config_init(c->tree);
	/* @include is not offered: one file, every line of it in messages */
	if (!config_read_string(c->tree, text)) {
		snprintf(why, why_len, "%s:%d: syntax: %s", file,
			 config_error_line(c->tree),
			 config_error_text(c->tree));
		ctid_conf_free(c);
		return CTI_EFORMAT;
	}
	if (parse_tree(&p, c)) {
		ctid_conf_free(c);
		return CTI_EFORMAT;
	}
	*out = c;
	return 0;
}

/* The file's text, NUL-terminated (libconfig reads strings, so every
 * message names the file as given). */
static int read_text(const char *path, char **text, char *why, size_t why_len)
{
	FILE *f = fopen(path, "re");
	size_t n = 0, cap = 0;
	int err;

	*text = NULL;
	if (!f) {
		err = errno;
		snprintf(why, why_len, "%s: %s", path, strerror(err));
		return err == ENOENT ? CTI_ENOENT : CTI_EIO;
	}
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *t = realloc(*text, cap = cap * 2 + 8192);

			if (!t || cap > (16u << 20)) {
				free(t ? t : *text);
				*text = NULL;
				fclose(f);
				snprintf(why, why_len, "%s: too large", path);
				return CTI_EFORMAT;
			}
			*text = t;
		}
		size_t got = fread(*text + n, 1, 4096, f);

		n += got;
		if (got < 4096)
			break;
	}
	err = ferror(f);
	fclose(f);
	if (err) {
		free(*text);
		*text = NULL;
		snprintf(why, why_len, "%s: read error", path);
		return CTI_EIO;
	}
	(*text)[n] = '\0';
	if (strlen(*text) != n) {
		free(*text);
		*text = NULL;
		snprintf(why, why_len, "%s: a NUL byte in the file", path);
		return CTI_EFORMAT;
	}
	return 0;
}

int ctid_conf_load(struct ctid_conf **out, const char *path, char *why,
		   size_t why_len)
{
	return ctid_conf_load_prompts(out, path, NULL, why, why_len);
}

int ctid_conf_load_prompts(struct ctid_conf **out, const char *path,
			   const char *prompts, char *why, size_t why_len)
{
	char *text;
	int rc;

	*out = NULL;
	if ((rc = read_text(path, &text, why, why_len)))
		return rc;
	rc = ctid_conf_parse(out, text, path, why, why_len);
	free(text);
	if (rc)
		return rc;
	if (prompts && strlen(prompts) >= sizeof((*out)->prompts_dir)) {
		snprintf(why, why_len, "--prompts: path too long");
		rc = CTI_EINVAL;
	} else if (prompts) {
		snprintf((*out)->prompts_dir, sizeof((*out)->prompts_dir), "%s",
			 prompts);
	}
	if (rc || (rc = ctid_conf_load_files(*out, why, why_len))) {
		ctid_conf_free(*out);
		*out = NULL;
	}
	return rc;
}

const struct ctid_conf_agent *ctid_conf_agent(const struct ctid_conf *c,
					      const char *name)
{
	for (size_t i = 0; i < c->n_agents; i++)
		if (!strcmp(c->agents[i].name, name))
			return &c->agents[i];
	return NULL;
}

const struct cti_center_queue_config *ctid_conf_queue(const struct ctid_conf *c,
						      const char *name)
{
	for (size_t i = 0; i < c->n_queues; i++)
		if (!strcmp(c->queues[i].acd.name, name))
			return &c->queues[i];
	return NULL;
}

const struct ctid_conf_flow *ctid_conf_flow(const struct ctid_conf *c,
					    const char *name)
{
	for (size_t i = 0; i < c->n_flows; i++)
		if (!strcmp(c->flows[i].name, name))
			return &c->flows[i];
	return NULL;
}
