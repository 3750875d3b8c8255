// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Recording policy: which calls are recorded (always, on the agent's
 * demand, never) by queue and DNIS, stereo or mono, how long they are
 * kept, how secrets are kept out (pause or mask), which prompts announce
 * it. Pure logic: the engine asks, then starts, pauses and plays. The
 * policy file parser takes outside input and names file, line and field
 * of whatever it refuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/util.h"
#include "rec/rec.h"

struct prule {
	char queue[CTI_NAME_MAX], dnis[CTI_NUMBER_MAX];
	struct cti_rec_decision d;
	unsigned line; /* in the policy file; 0: not from a file */
};

struct cti_rec_policy {
	struct prule *rules;
	size_t n;
	struct prule fallback;
};

static int copy_name(char *dst, size_t cap, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n >= cap)
		return CTI_EINVAL;
	memcpy(dst, s ? s : "", n);
	dst[n] = '\0';
	return 0;
}

static int compile(struct prule *p, const struct cti_rec_rule *r)
{
	struct cti_rec_decision *d = &p->d;

	memset(p, 0, sizeof(*p));
	if (r->mode > CTI_REC_NEVER || r->channels > 2 ||
	    r->retention_days > 36600 || r->secret_mode > CTI_REC_MASK)
		return CTI_EINVAL;
	if (copy_name(p->queue, sizeof(p->queue), r->queue) ||
	    copy_name(p->dnis, sizeof(p->dnis), r->dnis) ||
	    copy_name(d->announce, sizeof(d->announce), r->announce) ||
	    copy_name(d->pause_prompt, sizeof(d->pause_prompt),
		      r->pause_prompt) ||
	    copy_name(d->resume_prompt, sizeof(d->resume_prompt),
		      r->resume_prompt))
		return CTI_EINVAL;
	d->mode = r->mode ? r->mode : CTI_REC_ALWAYS;
	d->channels = r->channels ? r->channels : 2;
	d->retention_days = r->retention_days ? r->retention_days
					      : CTI_REC_RETENTION_DEFAULT_DAYS;
	d->secret_mode = r->secret_mode ? r->secret_mode : CTI_REC_PAUSE;
	d->keep_account = r->keep_account;
	return 0;
}

CTI_EXTERN int cti_rec_policy_new(cti_rec_policy_t **out,
				  const struct cti_rec_rule *rules, size_t n,
				  const struct cti_rec_rule *fallback,
				  const struct cti_rec_policy_config *cfg)
{
	static const struct cti_rec_rule all = { .mode = CTI_REC_ALWAYS };
	struct cti_rec_policy *p;
	size_t i;
	int rc;

	(void)cfg;
	if (!out)
		return CTI_EINVAL;
	*out = NULL;
	if ((n && !rules) || n > 100000)
		return CTI_EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return CTI_ENOMEM;
	p->rules = calloc(n ? n : 1, sizeof(*p->rules));
	if (!p->rules) {
		free(p);
		return CTI_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		if ((rc = compile(&p->rules[i], &rules[i]))) {
			cti_rec_policy_free(p);
			return rc;
		}
		p->rules[i].d.rule = (uint32_t)i + 1;
	}
	p->n = n;
	if ((rc = compile(&p->fallback, fallback ? fallback : &all))) {
		cti_rec_policy_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

CTI_EXTERN void cti_rec_policy_free(cti_rec_policy_t *p)
{
	if (!p)
		return;
	free(p->rules);
	free(p);
}

static bool dnis_matches(const char *pat, const char *dnis)
{
	size_t n = strlen(pat);

	if (!n)
		return true;
	if (pat[n - 1] == '*')
		return !strncmp(pat, dnis, n - 1);
	return !strcmp(pat, dnis);
}

CTI_EXTERN int cti_rec_policy_decide(const cti_rec_policy_t *p,
				     const char *queue, const char *dnis,
				     struct cti_rec_decision *d)
{
	size_t i;

	if (!p || !d)
		return CTI_EINVAL;
	if (!queue)
		queue = "";
	if (!dnis)
		dnis = "";
	for (i = 0; i < p->n; i++) {
		const struct prule *r = &p->rules[i];

		if ((!r->queue[0] || !strcmp(r->queue, queue)) &&
		    dnis_matches(r->dnis, dnis)) {
			*d = r->d;
			return 0;
		}
	}
	*d = p->fallback.d;
	return 0;
}

/* One rule's prompts to fn: announce, pause_prompt, resume_prompt. */
static int rule_prompts(const struct prule *r, cti_rec_policy_prompt_fn fn,
			void *arg)
{
	const struct {
		const char *field, *name;
	} pr[] = { { "announce", r->d.announce },
		   { "pause_prompt", r->d.pause_prompt },
		   { "resume_prompt", r->d.resume_prompt } };
	int rc;

	for (size_t i = 0; i < ARRAY_SIZE(pr); i++)
		if (pr[i].name[0] &&
		    (rc = fn(arg, pr[i].name, pr[i].field, r->line)))
			return rc;
	return 0;
}

CTI_EXTERN int cti_rec_policy_prompts(const cti_rec_policy_t *p,
				      cti_rec_policy_prompt_fn fn, void *arg)
{
	int rc;

	if (!p || !fn)
		return CTI_EINVAL;
	for (size_t i = 0; i < p->n; i++)
		if ((rc = rule_prompts(&p->rules[i], fn, arg)))
			return rc;
	return rule_prompts(&p->fallback, fn, arg);
}

CTI_EXTERN int cti_rec_policy_meta(const struct cti_rec_decision *d,
				   uint64_t call_id, const char *ani,
				   const char *dnis, const char *agent,
				   const char *queue, const char *account,
				   struct cti_rec_meta *m)
{
	if (!d || !m)
		return CTI_EINVAL;
	memset(m, 0, sizeof(*m));
	m->call_id = call_id;
	m->channels = d->channels;
	m->retention_days = d->retention_days;
	if (copy_name(m->ani, sizeof(m->ani), ani) ||
	    copy_name(m->dnis, sizeof(m->dnis), dnis) ||
	    copy_name(m->agent, sizeof(m->agent), agent) ||
	    copy_name(m->queue, sizeof(m->queue), queue) ||
	    (d->keep_account &&
	     copy_name(m->account, sizeof(m->account), account)))
		return CTI_ERANGE;
	return 0;
}

/* ---- the policy file ---------------------------------------------------- */

struct parse {
	const char *name;
	unsigned line;
	char *why;
	size_t why_len;
};

static int perr(struct parse *ps, const char *field, const char *reason)
{
	if (ps->why && ps->why_len)
		snprintf(ps->why, ps->why_len, "%s:%u: %s: %s", ps->name,
			 ps->line, field, reason);
	return CTI_EFORMAT;
}

/* Values live in `store` until the rules are compiled. */
struct pline {
	struct cti_rec_rule r;
	char queue[CTI_NAME_MAX], dnis[CTI_NUMBER_MAX];
	char announce[CTI_NAME_MAX], pause[CTI_NAME_MAX], resume[CTI_NAME_MAX];
	unsigned line;
};

/* A string value, copied into the line's own storage (fix_ptrs() points
 * the rule at it once the lines stop moving). */
static int set_str(struct parse *ps, const char *key, char *dst, size_t cap,
		   const char *v, size_t vl)
{
	if (!vl || vl >= cap)
		return perr(ps, key, vl ? "too long" : "empty");
	memcpy(dst, v, vl);
	dst[vl] = '\0';
	return 0;
}

/* strspn() for text that is not NUL-terminated (a file's bytes) */
static size_t span(const char *v, size_t vl, const char *set)
{
	size_t i = 0;

	while (i < vl && v[i] && strchr(set, v[i]))
		i++;
	return i;
}

static int set_num(struct parse *ps, const char *key, const char *v, size_t vl,
		   uint32_t lo, uint32_t hi, uint32_t *out)
{
	char b[16];
	char *end;
	unsigned long x;

	if (!vl || vl >= sizeof(b) || span(v, vl, "0123456789") < vl)
		return perr(ps, key, "not a number");
	memcpy(b, v, vl);
	b[vl] = '\0';
	x = strtoul(b, &end, 10);
	if (x < lo || x > hi) {
		char r[64];

		snprintf(r, sizeof(r), "%lu is outside %u..%u", x, lo, hi);
		return perr(ps, key, r);
	}
	*out = (uint32_t)x;
	return 0;
}

static bool is(const char *v, size_t vl, const char *w)
{
	return vl == strlen(w) && !memcmp(v, w, vl);
}

static int parse_pair(struct parse *ps, struct pline *pl, const char *k,
		      size_t kl, const char *v, size_t vl)
{
	char key[24];

	if (kl >= sizeof(key))
		return perr(ps, "key", "unknown");
	memcpy(key, k, kl);
	key[kl] = '\0';
	if (!strcmp(key, "queue"))
		return set_str(ps, key, pl->queue, sizeof(pl->queue), v, vl);
	if (!strcmp(key, "dnis")) {
		if (vl && span(v, vl, "0123456789*#+") < vl)
			return perr(ps, key, "digits, then an optional '*'");
		return set_str(ps, key, pl->dnis, sizeof(pl->dnis), v, vl);
	}
	if (!strcmp(key, "announce"))
		return set_str(ps, key, pl->announce, sizeof(pl->announce), v,
			       vl);
	if (!strcmp(key, "pause_prompt"))
		return set_str(ps, key, pl->pause, sizeof(pl->pause), v, vl);
	if (!strcmp(key, "resume_prompt"))
		return set_str(ps, key, pl->resume, sizeof(pl->resume), v, vl);
	if (!strcmp(key, "channels"))
		return set_num(ps, key, v, vl, 1, 2, &pl->r.channels);
	if (!strcmp(key, "retention_days"))
		return set_num(ps, key, v, vl, 1, 36600, &pl->r.retention_days);
	if (!strcmp(key, "mode")) {
		pl->r.mode = is(v, vl, "always")      ? CTI_REC_ALWAYS
			     : is(v, vl, "on-demand") ? CTI_REC_ON_DEMAND
			     : is(v, vl, "never")     ? CTI_REC_NEVER
						      : 0;
		return pl->r.mode ? 0
				  : perr(ps, key, "always, on-demand or never");
	}
	if (!strcmp(key, "secret")) {
		pl->r.secret_mode = is(v, vl, "pause")	? CTI_REC_PAUSE
				    : is(v, vl, "mask") ? CTI_REC_MASK
							: 0;
		return pl->r.secret_mode ? 0 : perr(ps, key, "pause or mask");
	}
	if (!strcmp(key, "keep_account")) {
		if (!is(v, vl, "yes") && !is(v, vl, "no"))
			return perr(ps, key, "yes or no");
		pl->r.keep_account = is(v, vl, "yes");
		return 0;
	}
	return perr(ps, key, "unknown key");
}

static struct cti_rec_rule fix_ptrs(const struct pline *pl)
{
	struct cti_rec_rule r = pl->r;

	r.queue = pl->queue;
	r.dnis = pl->dnis;
	r.announce = pl->announce;
	r.pause_prompt = pl->pause;
	r.resume_prompt = pl->resume;
	return r;
}

/* The parser's rules so far, and the default line if one was given. */
struct plines {
	struct pline *v, fb;
	size_t n, cap;
	bool have_fb;
};

/* The line's first word at s[*p]: 'rule' or 'default' followed by a blank
 * or the end. Sets *is_fb and moves *p past the word. */
static int parse_keyword(struct parse *ps, const char *s, size_t ll, size_t *p,
			 bool *is_fb)
{
	static const char *const words[] = { "rule", "default" };

	for (size_t w = 0; w < ARRAY_SIZE(words); w++) {
		size_t n = strlen(words[w]);

		if (ll - *p >= n && !memcmp(s + *p, words[w], n) &&
		    (ll - *p == n || s[*p + n] == ' ' || s[*p + n] == '\t')) {
			*is_fb = w == 1;
			*p += n;
			return 0;
		}
	}
	return perr(ps, "line", "expected 'rule' or 'default'");
}

/* Where this line's values go: the default, or a new rule. */
static int line_slot(struct parse *ps, struct plines *pls, bool is_fb,
		     struct pline **out)
{
	if (is_fb) {
		if (pls->have_fb)
			return perr(ps, "default", "given twice");
		pls->have_fb = true;
		*out = &pls->fb;
	} else {
		if (pls->n == pls->cap) {
			size_t nc = pls->cap ? 2 * pls->cap : 16;
			struct pline *v;

			if (nc > 100000)
				return perr(ps, "rule", "too many rules");
			v = realloc(pls->v, nc * sizeof(*v));
			if (!v)
				return CTI_ENOMEM;
			pls->v = v;
			pls->cap = nc;
		}
		*out = &pls->v[pls->n++];
	}
	memset(*out, 0, sizeof(**out));
	(*out)->line = ps->line;
	return 0;
}

/* The key=value pairs from s[p] to the end of the line or a '#'. */
static int parse_pairs(struct parse *ps, struct pline *pl, const char *s,
		       size_t p, size_t ll)
{
	int rc = 0;

	while (p < ll && !rc) {
		size_t k0, eq, v0;

		while (p < ll && (s[p] == ' ' || s[p] == '\t'))
			p++;
		if (p == ll || s[p] == '#')
			break;
		k0 = p;
		while (p < ll && s[p] != '=' && s[p] != ' ' && s[p] != '\t')
			p++;
		if (p == ll || s[p] != '=')
			return perr(ps, "field", "expected key=value");
		eq = p++;
		v0 = p;
		while (p < ll && s[p] != ' ' && s[p] != '\t')
			p++;
		rc = parse_pair(ps, pl, s + k0, eq - k0, s + v0, p - v0);
	}
	return rc;
}

/* One line of the file (without its newline): blank, a comment, a rule or
 * the default. */
static int parse_line(struct parse *ps, struct plines *pls, const char *s,
		      size_t ll)
{
	struct pline *pl;
	size_t p = 0;
	bool is_fb;
	int rc;

	while (p < ll && (s[p] == ' ' || s[p] == '\t'))
		p++;
	if (p == ll || s[p] == '#')
		return 0;
	if (memchr(s, '\0', ll))
		return perr(ps, "line", "a NUL byte");
	if ((rc = parse_keyword(ps, s, ll, &p, &is_fb)) ||
	    (rc = line_slot(ps, pls, is_fb, &pl)))
		return rc;
	return parse_pairs(ps, pl, s, p, ll);
}

/* The parsed lines as a policy, each rule knowing its line. */
static int build(struct parse *ps, const struct plines *pls,
		 cti_rec_policy_t **out,
		 const struct cti_rec_policy_config *cfg)
{
	struct cti_rec_rule *rules = NULL, f = fix_ptrs(&pls->fb);
	int rc;

	if (pls->n && !(rules = calloc(pls->n, sizeof(*rules))))
		return CTI_ENOMEM;
	for (size_t i = 0; i < pls->n; i++)
		rules[i] = fix_ptrs(&pls->v[i]);
	rc = cti_rec_policy_new(out, rules, pls->n, pls->have_fb ? &f : NULL,
				cfg);
	free(rules);
	if (rc == CTI_EINVAL) {
		ps->line = 0;
		return perr(ps, "rule", "a value out of range");
	}
	if (rc)
		return rc;
	for (size_t i = 0; i < pls->n; i++)
		(*out)->rules[i].line = pls->v[i].line;
	if (pls->have_fb)
		(*out)->fallback.line = pls->fb.line;
	return 0;
}

CTI_EXTERN int cti_rec_policy_parse(cti_rec_policy_t **out, const char *text,
				    size_t len, const char *name, char *why,
				    size_t why_len,
				    const struct cti_rec_policy_config *cfg)
{
	struct parse ps = { .name = name ? name : "policy",
			    .why = why,
			    .why_len = why_len };
	struct plines pls = { 0 };
	size_t off = 0;
	int rc = 0;

	if (why && why_len)
		why[0] = '\0';
	if (!out || (!text && len))
		return CTI_EINVAL;
	*out = NULL;
	while (off < len && !rc) {
		const char *s = text + off, *nl = memchr(s, '\n', len - off);
		size_t ll = nl ? (size_t)(nl - s) : len - off;

		off += ll + (nl ? 1 : 0);
		ps.line++;
		rc = parse_line(&ps, &pls, s, ll);
	}
	if (!rc)
		rc = build(&ps, &pls, out, cfg);
	if (rc && cfg && cfg->ctx && why)
		cti__log(cfg->ctx, CTI_LOG_ERROR, "rec", "%s", why);
	free(pls.v);
	return rc;
}
