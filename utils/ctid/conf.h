/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ctid's configuration model: the file (libconfig syntax, docs/ctid.md,
 * ctid.conf(5)) parsed and checked into plain structs the engine's add
 * functions take as they are. Strings point into the parsed libconfig
 * tree, which the model keeps; paths are resolved against the file's
 * directory. Loading also reads what the file names (prompt set, flows,
 * recording policy), so `ctid --check` and start-up run the same code.
 */
#ifndef CTID_CONF_H
#define CTID_CONF_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cti/cti.h"

#define CTID_CONF_MAX_LIST 4096 /* entries of any one list */

struct config_t; /* libconfig's */

enum ctid_log_target {
	CTID_LOG_STDERR = 1,
	CTID_LOG_JOURNAL = 2,
};

struct ctid_conf_span {
	const char *name;
	const char *trunk;
	int dahdi;	     /* DAHDI span number; 0: a loop span */
	uint32_t signalling; /* enum ctid_signalling */
	struct cti_span_config cfg;
	int line;
};

struct ctid_conf_trunk {
	const char *name;
	uint32_t kind; /* enum cti_center_trunk_kind */
};

struct ctid_conf_schedule {
	struct cti_center_schedule_config s; /* holidays points to ... */
	const char **holidays;		     /* ... this */
};

struct ctid_conf_flow {
	const char *name;
	char path[PATH_MAX];
	cti_flow_t *flow; /* loaded (NULL before ctid_conf_load_files) */
	int line;
};

struct ctid_conf_agent {
	const char *name;
	const char *extension; /* default extension, or NULL */
	struct cti_acd_skill skills[64];
	uint32_t n_skills;
};

struct ctid_conf_recording {
	bool on;
	char dir[PATH_MAX];
	char signing_key[PATH_MAX];   /* Ed25519 private key (PEM, 0600) */
	char recipients[8][PATH_MAX]; /* public keys (PEM) */
	uint32_t n_recipients;
	char policy_path[PATH_MAX]; /* "" : the default policy */
	cti_rec_policy_t *policy;   /* loaded, or NULL: default */
	int line;
};

/* trial { ... }: the far ends of the loop spans played by cti-sim's
 * far-end module (callers on network trunks, phones on station trunks). */
struct ctid_conf_trial {
	bool on;
	uint32_t callers_per_hour; /* Poisson arrivals */
	uint32_t seed;
	const char *dnis; /* what the callers dial */
	const char *dtmf; /* keyed when the centre answers, or NULL */
	uint32_t patience_mean_ms, talk_mean_ms;
	uint32_t answer_min_ms, answer_max_ms;
	int line;
};

struct ctid_conf {
	char file[PATH_MAX];   /* as given */
	struct config_t *tree; /* the libconfig tree the strings live in */
	char prompts_dir[PATH_MAX];
	cti_prompts_t *prompts; /* loaded */
	const char *store;	/* URI or path (resolved), NULL: none */
	char store_path[PATH_MAX];
	const char *instance;
	char control[PATH_MAX]; /* "": no control socket */
	uint32_t drain_timeout_ms;
	int32_t utc_offset_min;
	uint32_t interval_ms, sl_threshold_ms, short_abandon_ms;
	uint32_t phone_retry_ms; /* cti_center_config's; reloadable */
	int log_level;	     /* enum cti_log_level */
	uint32_t log_target; /* enum ctid_log_target */
	struct ctid_conf_recording rec;
	struct ctid_conf_trial trial;

	struct ctid_conf_span *spans;
	size_t n_spans;
	struct ctid_conf_trunk *trunks;
	size_t n_trunks;
	struct ctid_conf_schedule *schedules;
	size_t n_schedules;
	struct ctid_conf_flow *flows;
	size_t n_flows;
	struct cti_center_route_config *routes;
	size_t n_routes;
	struct cti_center_queue_config *queues;
	size_t n_queues;
	struct ctid_conf_agent *agents;
	size_t n_agents;
	struct cti_center_extension_config *extensions;
	size_t n_extensions;
};

/* Parse and check configuration text (`file` names it in messages and
 * relative paths are taken from its directory) without reading any other
 * file. Returns 0 and sets *out, or CTI_EFORMAT / CTI_ENOMEM with why
 * "FILE:LINE: FIELD: reason". */
int ctid_conf_parse(struct ctid_conf **out, const char *text, const char *file,
		    char *why, size_t why_len);

/* Read what the model names: the prompt set, each flow (checked against
 * the prompts), the recording policy and keys' presence. Returns 0 or
 * CTI_E* with why "FILE:LINE: FIELD: reason" (the flow's own file:line
 * for an error inside a flow). */
int ctid_conf_load_files(struct ctid_conf *c, char *why, size_t why_len);

/* ctid_conf_parse() of the file's contents, then ctid_conf_load_files():
 * what `ctid --check`, start-up and reload all call. */
int ctid_conf_load(struct ctid_conf **out, const char *path, char *why,
		   size_t why_len);

/* The same with the prompt set read from `prompts` (NULL: the file's
 * `prompts`): ctid --simulate --prompts, for a file whose prompt set is
 * not installed where it says. */
int ctid_conf_load_prompts(struct ctid_conf **out, const char *path,
			   const char *prompts, char *why, size_t why_len);

void ctid_conf_free(struct ctid_conf *c);

/* Lookups by name (NULL: none). */
const struct ctid_conf_agent *ctid_conf_agent(const struct ctid_conf *c,
					      const char *name);
const struct cti_center_queue_config *ctid_conf_queue(const struct ctid_conf *c,
						      const char *name);
const struct ctid_conf_flow *ctid_conf_flow(const struct ctid_conf *c,
					    const char *name);

#endif
