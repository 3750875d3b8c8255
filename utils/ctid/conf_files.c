// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The files a configuration names, read while loading it (never while
 * only parsing: the fuzz target): the prompt set, every flow against it,
 * the queues' prompts, the recording policy and the recorder's keys.
 * Each message names the configuration line that named the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf_parse.h"

/* "FILE:LINE: FIELD: reason" for entry i's key of a section. */
static int fail_at(const struct ctid_conf *c, const char *section, size_t i,
		   const char *key, char *why, size_t why_len, int rc,
		   const char *detail)
{
	struct cp p = { .file = c->file, .why = why, .why_len = why_len };
	config_setting_t *s = config_lookup(c->tree, section);

	if (s && config_setting_is_aggregate(s) &&
	    config_setting_type(s) != CONFIG_TYPE_GROUP)
		s = config_setting_get_elem(s, (unsigned)i);
	if (key && config_setting_get_member(s, key))
		s = config_setting_get_member(s, key);
	cp_fail(&p, s, NULL, "%s", detail);
	return rc;
}

static int load_prompts(struct ctid_conf *c, char *why, size_t why_len)
{
	char detail[512];
	int n;

	if (cti_prompts_new(&c->prompts, NULL))
		return fail_at(c, "prompts", 0, NULL, why, why_len, CTI_ENOMEM,
			       "out of memory");
	n = cti_prompts_load_dir(c->prompts, c->prompts_dir, detail,
				 sizeof(detail));
	if (n < 0)
		return fail_at(c, "prompts", 0, NULL, why, why_len, n, detail);
	return 0;
}

static int check_prompt(const struct ctid_conf *c, size_t i, const char *key,
			const char *name, char *why, size_t why_len)
{
	char detail[128];

	if (!name || cti_prompts_samples(c->prompts, name))
		return 0;
	snprintf(detail, sizeof(detail), "no prompt '%s' in the prompt set",
		 name);
	return fail_at(c, "queues", i, key, why, why_len, CTI_ENOENT, detail);
}

static int load_flows(struct ctid_conf *c, char *why, size_t why_len)
{
	char detail[512];
	int rc;

	for (size_t i = 0; i < c->n_flows; i++) {
		struct ctid_conf_flow *f = &c->flows[i];

		rc = cti_flow_load(&f->flow, f->path, c->prompts, detail,
				   sizeof(detail), NULL);
		if (rc)
			return fail_at(c, "flows", i, "file", why, why_len, rc,
				       detail);
	}
	return 0;
}

/* A key file: present and a regular file (the recorder checks the rest
 * when it opens them: the private key's mode, the PEM). */
static int check_key(const struct ctid_conf *c, const char *path,
		     const char *key, char *why, size_t why_len)
{
	struct stat st;
	char detail[PATH_MAX + 64];

	if (!stat(path, &st) && S_ISREG(st.st_mode))
		return 0;
	snprintf(detail, sizeof(detail), "%s: no such file", path);
	return fail_at(c, "recording", 0, key, why, why_len, CTI_ENOENT,
		       detail);
}

struct policy_check {
	const struct ctid_conf *c;
	char *detail;
	size_t len;
};

static int policy_prompt_known(void *arg, const char *name, const char *field,
			       unsigned line)
{
	struct policy_check *pc = arg;

	if (cti_prompts_samples(pc->c->prompts, name))
		return 0;
	snprintf(pc->detail, pc->len,
		 "%s:%u: %s: no prompt '%s' in the prompt set",
		 pc->c->rec.policy_path, line, field, name);
	return CTI_ENOENT;
}

/* Every prompt the policy names is in the prompt set: a call must not be
 * the first to find one missing (announce, pause, resume). The message is
 * the policy file's line. */
static int check_policy_prompts(const struct ctid_conf *c, char *detail,
				size_t len)
{
	struct policy_check pc = { c, detail, len };

	return cti_rec_policy_prompts(c->rec.policy, policy_prompt_known, &pc);
}

static int load_recording(struct ctid_conf *c, char *why, size_t why_len)
{
	char detail[PATH_MAX + 64], *text = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if (!c->rec.on)
		return 0;
	if ((rc = check_key(c, c->rec.signing_key, "signing_key", why,
			    why_len)))
		return rc;
	for (uint32_t k = 0; k < c->rec.n_recipients; k++)
		if ((rc = check_key(c, c->rec.recipients[k], "recipients", why,
				    why_len)))
			return rc;
	if (!c->rec.policy_path[0])
		return 0;
	f = fopen(c->rec.policy_path, "re");
	if (!f) {
		snprintf(detail, sizeof(detail), "%s: no such file",
			 c->rec.policy_path);
		return fail_at(c, "recording", 0, "policy", why, why_len,
			       CTI_ENOENT, detail);
	}
	rc = getdelim(&text, &len, '\0', f) < 0 ? CTI_EIO : 0;
	fclose(f);
	if (!rc)
		rc = cti_rec_policy_parse(&c->rec.policy, text, strlen(text),
					  c->rec.policy_path, detail,
					  sizeof(detail), NULL);
	free(text);
	if (!rc)
		rc = check_policy_prompts(c, detail, sizeof(detail));
	if (rc)
		return fail_at(c, "recording", 0, "policy", why, why_len, rc,
			       rc == CTI_EIO ? "cannot be read" : detail);
	return 0;
}

int ctid_conf_load_files(struct ctid_conf *c, char *why, size_t why_len)
{
	int rc;

	if ((rc = load_prompts(c, why, why_len)) ||
	    (rc = load_flows(c, why, why_len)) ||
	    (rc = load_recording(c, why, why_len)))
		return rc;
	for (size_t i = 0; i < c->n_queues; i++)
		if ((rc = check_prompt(c, i, "music", c->queues[i].music, why,
				       why_len)) ||
		    (rc = check_prompt(c, i, "greeting", c->queues[i].greeting,
				       why, why_len)))
			return rc;
	return 0;
}
