// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IVR flows: a declarative, line-oriented file (grammar in docs/ivr.md)
 * parsed and validated once, then run per call on top of a cti_ivr_t.
 * Every error names the file and line; a flow that loads cannot jump to a
 * missing state, play a missing prompt or fall off the end of a state.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ctx.h"
#include "core/ring.h"
#include "core/util.h"
#include "ivr/prompts.h"

#define MAXARG 16
#define MAXVAR 32
#define VLEN 64
#define SAY_MAX 64 /* prompt names one say step may play */

struct cti_flow_run;
struct step;

/*
 * The steps a state is made of. A new step is one entry in `kinds` (its
 * word, argument counts and usage) plus its run function, and a parse or
 * check function if its arguments need more than counting.
 */
struct step_kind {
	const char *word;
	int min_args, max_args; /* words on the line, the step's own included */
	const char *usage;	/* shown when the line does not parse */
	/* optional: check and digest the arguments (0 or CTI_EFORMAT) */
	int (*parse)(struct step *st, const char *file, char *why, size_t wl);
	/* optional: the prompts it plays exist (0 or CTI_EFORMAT) */
	int (*check)(const struct step *st, const cti_prompts_t *ps,
		     const char *file, char *why, size_t wl);
	int target_arg; /* argv index of a state to jump to, or 0 */
	bool terminal;	/* may end a state (nothing runs after it) */
	/* run it: 0, or a CTI_E* code that ends the run with an ERROR event */
	int (*run)(struct cti_flow_run *r, const struct step *st,
		   uint64_t now);
};

/* What `say` can read out: a variable's value as prompt names. */
struct say_kind {
	const char *word;
	int (*say)(int lang, const char *v, const char **names, size_t cap);
};

struct step {
	const struct step_kind *kind;
	int line;
	int argc;
	char *argv[MAXARG];
	int target;   /* state index for goto/on/if */
	bool negate;  /* if !=  */
	cti_ivr_collect_config_t cc;
	const struct say_kind *say;
	int lang;
};

struct state {
	char *name;
	int first, count; /* steps */
};

struct cti_flow {
	struct step *steps;
	int nsteps, capsteps;
	struct state *states;
	int nstates, capstates;
	char *text; /* owns the argv strings */
	cti_ctx_t *ctx; /* log sink of the runs, or NULL */
};

static int err_at(char *why, size_t len, const char *file, int line,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int err_at(char *why, size_t len, const char *file, int line,
		  const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (why && len && snprintf(why, len, "%s:%d: %s", file, line, msg) < 0)
		why[0] = 0;
	return CTI_EFORMAT;
}

void cti_flow_free(cti_flow_t *f)
{
	if (!f)
		return;
	free(f->steps);
	free(f->states);
	free(f->text);
	free(f);
}

static int find_state(const struct cti_flow *f, const char *name)
{
	for (int i = 0; i < f->nstates; i++)
		if (!strcmp(f->states[i].name, name))
			return i;
	return -1;
}

static bool number(const char *s, unsigned long max, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > max || *s == '-')
		return false;
	*out = (uint32_t)v;
	return true;
}

static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

/* Parse "collect VAR key=value ... [secret]". */
static int parse_collect(struct step *st, const char *file, char *why,
			 size_t wl)
{
	cti_ivr_collect_config_t *cc = &st->cc;

	if (st->argc < 2 || !valid_name(st->argv[1]))
		return err_at(why, wl, file, st->line,
			      "collect needs a variable name");
	cc->min_digits = 1;
	cc->max_digits = 1;
	cc->first_timeout_ms = 5000;
	cc->inter_timeout_ms = 3000;
	for (int i = 2; i < st->argc; i++) {
		char *a = st->argv[i], *eq = strchr(a, '=');
		const char *v = eq ? eq + 1 : NULL;
		bool ok = true;

		if (!strcmp(a, "secret")) {
			cc->secret = true;
			continue;
		}
		if (!eq)
			return err_at(why, wl, file, st->line,
				      "collect: expected key=value, got '%s'",
				      a);
		*eq = 0;
		if (!strcmp(a, "min"))
			ok = number(v, CTI_IVR_MAX_DIGITS, &cc->min_digits);
		else if (!strcmp(a, "max"))
			ok = number(v, CTI_IVR_MAX_DIGITS, &cc->max_digits);
		else if (!strcmp(a, "first"))
			ok = number(v, 600000, &cc->first_timeout_ms);
		else if (!strcmp(a, "inter"))
			ok = number(v, 600000, &cc->inter_timeout_ms);
		else if (!strcmp(a, "retries"))
			ok = number(v, 10, &cc->retries);
		else if (!strcmp(a, "term"))
			ok = strlen(v) < 8 && strspn(v, "0123456789*#ABCD") ==
						      strlen(v);
		else if (!strcmp(a, "prompt") || !strcmp(a, "invalid") ||
			 !strcmp(a, "timeout"))
			ok = *v != 0;
		else
			return err_at(why, wl, file, st->line,
				      "collect: unknown setting '%s'", a);
		if (!ok)
			return err_at(why, wl, file, st->line,
				      "collect: bad value for %s: '%s'", a, v);
		if (!strcmp(a, "term"))
			cc->terminators = v;
		else if (!strcmp(a, "prompt"))
			cc->prompt = v;
		else if (!strcmp(a, "invalid"))
			cc->invalid_prompt = v;
		else if (!strcmp(a, "timeout"))
			cc->timeout_prompt = v;
	}
	if (!cc->max_digits || cc->min_digits > cc->max_digits ||
	    !cc->first_timeout_ms || !cc->inter_timeout_ms)
		return err_at(why, wl, file, st->line,
			      "collect: need 0 <= min <= max, max >= 1 and "
			      "timeouts > 0");
	return 0;
}

static int add_step(struct cti_flow *f, struct step *st)
{
	if (f->nsteps == f->capsteps) {
		int cap = f->capsteps ? f->capsteps * 2 : 32;
		struct step *n = realloc(f->steps, (size_t)cap * sizeof(*n));

		if (!n)
			return CTI_ENOMEM;
		f->steps = n;
		f->capsteps = cap;
	}
	f->steps[f->nsteps++] = *st;
	f->states[f->nstates - 1].count++;
	return 0;
}

static int add_state(struct cti_flow *f, char *name)
{
	if (f->nstates == f->capstates) {
		int cap = f->capstates ? f->capstates * 2 : 16;
		struct state *n = realloc(f->states, (size_t)cap * sizeof(*n));

		if (!n)
			return CTI_ENOMEM;
		f->states = n;
		f->capstates = cap;
	}
	f->states[f->nstates].name = name;
	f->states[f->nstates].first = f->nsteps;
	f->states[f->nstates].count = 0;
	f->nstates++;
	return 0;
}

static bool prompt_ok(const cti_prompts_t *ps, const char *name)
{
	return !ps || cti__prompt_find(ps, name);
}

/* ---- arguments of the steps ------------------------------------------- */

static int parse_on(struct step *st, const char *file, char *why, size_t wl)
{
	if (strcmp(st->argv[2], "goto"))
		return err_at(why, wl, file, st->line,
			      "expected: on VALUE goto STATE");
	return 0;
}

static int parse_if(struct step *st, const char *file, char *why, size_t wl)
{
	if (st->argv[1][0] != '$' || strcmp(st->argv[4], "goto") ||
	    (strcmp(st->argv[2], "==") && strcmp(st->argv[2], "!=")))
		return err_at(why, wl, file, st->line,
			      "expected: if $VAR ==|!= VALUE goto STATE");
	st->negate = !strcmp(st->argv[2], "!=");
	return 0;
}

static int parse_set(struct step *st, const char *file, char *why, size_t wl)
{
	if (!valid_name(st->argv[1]))
		return err_at(why, wl, file, st->line,
			      "set: bad variable name '%s'", st->argv[1]);
	return 0;
}

/* transfer NUMBER: the digits a trunk can dial (0-9 * #), as written:
 * a flow never dials what a caller keyed */
static int parse_transfer(struct step *st, const char *file, char *why,
			  size_t wl)
{
	const char *n = st->argv[1];
	size_t len = strlen(n);

	if (!len || len >= CTI_FLOW_NUMBER_MAX ||
	    strspn(n, "0123456789*#") != len)
		return err_at(why, wl, file, st->line,
			      "transfer: bad number '%s' (1 to %d of "
			      "0-9 * #)",
			      n, CTI_FLOW_NUMBER_MAX - 1);
	return 0;
}

static int check_play(const struct step *st, const cti_prompts_t *ps,
		      const char *file, char *why, size_t wl)
{
	for (int a = 1; a < st->argc; a++)
		if (!prompt_ok(ps, st->argv[a]))
			return err_at(why, wl, file, st->line,
				      "no prompt '%s'", st->argv[a]);
	return 0;
}

static int check_collect(const struct step *st, const cti_prompts_t *ps,
			 const char *file, char *why, size_t wl)
{
	const char *p[3] = { st->cc.prompt, st->cc.invalid_prompt,
			     st->cc.timeout_prompt };

	for (size_t k = 0; k < ARRAY_SIZE(p); k++)
		if (p[k] && !prompt_ok(ps, p[k]))
			return err_at(why, wl, file, st->line,
				      "no prompt '%s'", p[k]);
	return 0;
}

/* ---- say: what a variable's value can be read out as ----------------- */

static int say_number(int lang, const char *v, const char **names,
		      size_t cap)
{
	return cti_say_number(lang, strtoll(v, NULL, 10), names, cap);
}

static int say_yuan(int lang, const char *v, const char **names, size_t cap)
{
	return cti_say_money(lang, CTI_CURRENCY_CNY, strtoll(v, NULL, 10),
			     names, cap);
}

static int say_dollars(int lang, const char *v, const char **names,
		       size_t cap)
{
	return cti_say_money(lang, CTI_CURRENCY_USD, strtoll(v, NULL, 10),
			     names, cap);
}

/* A variable holding "YYYY-MM-DD" (ISO 8601), read out as a date. */
static int say_date(int lang, const char *v, const char **names, size_t cap)
{
	int y, m, d, end = 0;

	if (sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &end) != 3 || v[end])
		return CTI_EFORMAT;
	return cti_say_date(lang, y, m, d, names, cap);
}

/* A variable holding "HH:MM", read out as a time of day. */
static int say_time(int lang, const char *v, const char **names, size_t cap)
{
	int h, m, end = 0;

	if (sscanf(v, "%2d:%2d%n", &h, &m, &end) != 2 || v[end])
		return CTI_EFORMAT;
	return cti_say_time(lang, h, m, names, cap);
}

static const struct say_kind says[] = {
	{ "number", say_number },   { "digits", cti_say_digits },
	{ "stock", cti_say_stock }, { "yuan", say_yuan },
	{ "dollars", say_dollars }, { "date", say_date },
	{ "time", say_time },
};

static const struct {
	const char *word;
	int lang;
} langs[] = {
	{ "zh", CTI_LANG_ZH },
	{ "en", CTI_LANG_EN },
};

static int parse_say(struct step *st, const char *file, char *why, size_t wl)
{
	char kinds[128] = "";

	st->say = NULL;
	st->lang = 0;
	for (size_t k = 0; k < ARRAY_SIZE(says); k++) {
		if (!strcmp(st->argv[1], says[k].word))
			st->say = &says[k];
		snprintf(kinds + strlen(kinds), sizeof(kinds) - strlen(kinds),
			 "%s%s", k ? "|" : "", says[k].word);
	}
	for (size_t k = 0; k < ARRAY_SIZE(langs); k++)
		if (!strcmp(st->argv[2], langs[k].word))
			st->lang = langs[k].lang;
	if (!st->say || !st->lang || st->argv[3][0] != '$')
		return err_at(why, wl, file, st->line,
			      "expected: say %s zh|en $VAR", kinds);
	return 0;
}

/* ---- running a flow ------------------------------------------------------ */

struct var {
	char name[VLEN], value[VLEN];
};

struct cti_flow_run {
	const struct cti_flow *f;
	cti_ivr_t *ivr;
	int state, pc;
	bool waiting, ended;
	char last[VLEN];
	struct var vars[MAXVAR];
	int nvars;
	cti_flow_event_t q[8];
	struct cti_ring events; /* over q: drops the oldest */
	const char *say[SAY_MAX];
};

static struct var *var(struct cti_flow_run *r, const char *name, bool make)
{
	for (int i = 0; i < r->nvars; i++)
		if (!strcmp(r->vars[i].name, name))
			return &r->vars[i];
	if (!make || r->nvars == MAXVAR)
		return NULL;
	snprintf(r->vars[r->nvars].name, VLEN, "%s", name);
	r->vars[r->nvars].value[0] = 0;
	return &r->vars[r->nvars++];
}

int cti_flow_set(cti_flow_run_t *r, const char *name, const char *value)
{
	struct var *v;

	if (!r || !name || !value)
		return CTI_EINVAL;
	v = var(r, name, true);
	if (!v)
		return CTI_ENOSPC;
	snprintf(v->value, VLEN, "%s", value);
	return 0;
}

const char *cti_flow_get(const cti_flow_run_t *r, const char *name)
{
	struct var *v = r ? var((struct cti_flow_run *)r, name, false) : NULL;

	return v ? v->value : NULL;
}

static const char *const event_names[] = {
	[CTI_FLOW_HOOK] = "hook",
	[CTI_FLOW_QUEUE] = "queue",
	[CTI_FLOW_HANGUP] = "hangup",
	[CTI_FLOW_ERROR] = "error",
	[CTI_FLOW_TRANSFER] = "transfer",
};

static void emit(struct cti_flow_run *r, uint32_t type, const char *name)
{
	cti_flow_event_t *ev = cti_ring_push_drop(&r->events);

	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	snprintf(ev->name, sizeof(ev->name), "%s", name);
	cti__log(r->f->ctx,
		 type == CTI_FLOW_ERROR ? CTI_LOG_WARNING : CTI_LOG_DEBUG,
		 "flow", "state %s: %s %s", r->f->states[r->state].name,
		 event_names[type], name);
}

int cti_flow_next_event(cti_flow_run_t *r, cti_flow_event_t *ev)
{
	if (!r || !ev)
		return CTI_EINVAL;
	return cti_ring_pop_wipe(&r->events, ev);
}

static const char *value_of(struct cti_flow_run *r, const char *arg)
{
	const struct var *v;

	if (arg[0] != '$')
		return arg;
	v = var(r, arg + 1, false);
	return v ? v->value : "";
}

static void jump(struct cti_flow_run *r, int state)
{
	cti__log(r->f->ctx, CTI_LOG_DEBUG, "flow", "state %s -> %s",
		 r->f->states[r->state].name, r->f->states[state].name);
	r->state = state;
	r->pc = 0;
}

static int run_play(struct cti_flow_run *r, const struct step *st,
		    uint64_t now)
{
	int rc = cti_ivr_play(r->ivr, (const char *const *)st->argv + 1,
			      (size_t)st->argc - 1, true, now);

	r->waiting = !rc;
	return rc;
}

static int run_collect(struct cti_flow_run *r, const struct step *st,
		       uint64_t now)
{
	int rc = cti_ivr_collect(r->ivr, &st->cc, now);

	r->waiting = !rc;
	return rc;
}

static int run_say(struct cti_flow_run *r, const struct step *st,
		   uint64_t now)
{
	int n = st->say->say(st->lang, value_of(r, st->argv[3]), r->say,
			     ARRAY_SIZE(r->say));
	int rc = n < 0 ? n : cti_ivr_play(r->ivr, r->say, (size_t)n, true, now);

	r->waiting = !rc;
	return rc;
}

static int run_set(struct cti_flow_run *r, const struct step *st,
		   uint64_t now)
{
	(void)now;
	cti_flow_set(r, st->argv[1], value_of(r, st->argv[2]));
	return 0;
}

static int run_hook(struct cti_flow_run *r, const struct step *st,
		    uint64_t now)
{
	(void)now;
	emit(r, CTI_FLOW_HOOK, st->argv[1]);
	r->waiting = true;
	return 0;
}

static int run_on(struct cti_flow_run *r, const struct step *st,
		  uint64_t now)
{
	(void)now;
	if (!strcmp(r->last, st->argv[1]))
		jump(r, st->target);
	return 0;
}

static int run_if(struct cti_flow_run *r, const struct step *st,
		  uint64_t now)
{
	(void)now;
	if (!strcmp(value_of(r, st->argv[1]), value_of(r, st->argv[3])) !=
	    st->negate)
		jump(r, st->target);
	return 0;
}

static int run_goto(struct cti_flow_run *r, const struct step *st,
		    uint64_t now)
{
	(void)now;
	jump(r, st->target);
	return 0;
}

static int run_queue(struct cti_flow_run *r, const struct step *st,
		     uint64_t now)
{
	(void)now;
	emit(r, CTI_FLOW_QUEUE, st->argv[1]);
	r->ended = true;
	return 0;
}

static int run_transfer(struct cti_flow_run *r, const struct step *st,
			uint64_t now)
{
	(void)now;
	emit(r, CTI_FLOW_TRANSFER, st->argv[1]);
	r->ended = true;
	return 0;
}

static int run_hangup(struct cti_flow_run *r, const struct step *st,
		      uint64_t now)
{
	(void)st;
	(void)now;
	emit(r, CTI_FLOW_HANGUP, "hangup");
	r->ended = true;
	return 0;
}

/* Every step a flow may use (grammar in docs/ivr.md). */
static const struct step_kind kinds[] = {
	{ "play", 2, MAXARG, "play PROMPT...", NULL, check_play, 0, false,
	  run_play },
	{ "collect", 2, MAXARG, "collect VAR [key=value...] [secret]",
	  parse_collect, check_collect, 0, false, run_collect },
	{ "say", 4, 4, "say KIND zh|en $VAR", parse_say, NULL, 0, false,
	  run_say },
	{ "set", 3, 3, "set VAR VALUE", parse_set, NULL, 0, false, run_set },
	{ "hook", 2, 2, "hook NAME", NULL, NULL, 0, false, run_hook },
	{ "on", 4, 4, "on VALUE goto STATE", parse_on, NULL, 3, false,
	  run_on },
	{ "if", 6, 6, "if $VAR ==|!= VALUE goto STATE", parse_if, NULL, 5,
	  false, run_if },
	{ "goto", 2, 2, "goto STATE", NULL, NULL, 1, true, run_goto },
	{ "queue", 2, 2, "queue NAME", NULL, NULL, 0, true, run_queue },
	{ "transfer", 2, 2, "transfer NUMBER", parse_transfer, NULL, 0, true,
	  run_transfer },
	{ "hangup", 1, 1, "hangup", NULL, NULL, 0, true, run_hangup },
};

/* ---- parsing ------------------------------------------------------------- */

/* Checks that need the whole file: targets, prompts, terminal steps. */
static int validate(struct cti_flow *f, const cti_prompts_t *ps,
		    const char *file, char *why, size_t wl)
{
	if (!f->nstates)
		return err_at(why, wl, file, 1, "no state in the flow");
	for (int s = 0; s < f->nstates; s++) {
		struct state *sp = &f->states[s];
		struct step *last;

		if (!sp->count)
			return err_at(why, wl, file, 1, "state '%s' is empty",
				      sp->name);
		last = &f->steps[sp->first + sp->count - 1];
		if (!last->kind->terminal)
			return err_at(why, wl, file, last->line,
				      "state '%s' falls off its end (finish "
				      "it with goto, queue, transfer or "
				      "hangup)",
				      sp->name);
	}
	for (int i = 0; i < f->nsteps; i++) {
		struct step *st = &f->steps[i];
		int rc;

		if (st->kind->target_arg) {
			const char *tgt = st->argv[st->kind->target_arg];

			st->target = find_state(f, tgt);
			if (st->target < 0)
				return err_at(why, wl, file, st->line,
					      "no state '%s'", tgt);
		}
		if (st->kind->check &&
		    (rc = st->kind->check(st, ps, file, why, wl)))
			return rc;
	}
	return 0;
}

static int parse_line(struct step *st, const char *file, char *why,
		      size_t wl)
{
	const char *w = st->argv[0];

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		const struct step_kind *k = &kinds[i];

		if (strcmp(w, k->word))
			continue;
		if (st->argc < k->min_args || st->argc > k->max_args)
			return err_at(why, wl, file, st->line,
				      "%s: wrong number of arguments "
				      "(expected: %s)",
				      w, k->usage);
		st->kind = k;
		return k->parse ? k->parse(st, file, why, wl) : 0;
	}
	return err_at(why, wl, file, st->line, "unknown directive '%s'", w);
}

int cti_flow_parse(cti_flow_t **out, const char *text, const char *file,
		   const cti_prompts_t *prompts, char *why, size_t why_len,
		   const cti_flow_config_t *cfg)
{
	struct cti_flow *f;
	char *line, *save = NULL;
	int lineno = 0, rc = 0;

	cti__why(why, why_len, "%s", "");
	if (out)
		*out = NULL;
	if (!out || !text || !file) {
		cti__why(why, why_len, "%s: NULL argument",
			file ? file : "(flow)");
		return CTI_EINVAL;
	}
	f = calloc(1, sizeof(*f));
	if (!f || !(f->text = strdup(text))) {
		free(f);
		cti__why(why, why_len, "%s: out of memory", file);
		return CTI_ENOMEM;
	}
	if (cfg)
		f->ctx = cfg->ctx;
	/* strsep keeps empty lines, so line numbers stay right */
	save = f->text;
	while (!rc && (line = strsep(&save, "\n"))) {
		struct step st;
		char *tok, *p = line;

		lineno++;
		memset(&st, 0, sizeof(st));
		st.line = lineno;
		if (strchr(line, '#') == line + strspn(line, " \t"))
			continue; /* comment (a '#' inside is a terminator) */
		while ((tok = strsep(&p, " \t\r"))) {
			if (!*tok)
				continue;
			if (st.argc == MAXARG) {
				rc = err_at(why, why_len, file, lineno,
					    "too many words");
				break;
			}
			st.argv[st.argc++] = tok;
		}
		if (rc || !st.argc)
			continue;
		if (!strcmp(st.argv[0], "state")) {
			if (st.argc != 2 || !valid_name(st.argv[1]))
				rc = err_at(why, why_len, file, lineno,
					    "expected: state NAME");
			else if (find_state(f, st.argv[1]) >= 0)
				rc = err_at(why, why_len, file, lineno,
					    "state '%s' defined twice",
					    st.argv[1]);
			else
				rc = add_state(f, st.argv[1]);
			continue;
		}
		if (!f->nstates) {
			rc = err_at(why, why_len, file, lineno,
				    "'%s' before the first state", st.argv[0]);
			continue;
		}
		rc = parse_line(&st, file, why, why_len);
		if (!rc)
			rc = add_step(f, &st);
	}
	if (!rc)
		rc = validate(f, prompts, file, why, why_len);
	if (rc) {
		if (rc == CTI_ENOMEM)
			cti__why(why, why_len, "%s:%d: out of memory", file,
				lineno);
		cti_flow_free(f);
		return rc;
	}
	*out = f;
	return 0;
}

int cti_flow_load(cti_flow_t **out, const char *path,
		  const cti_prompts_t *prompts, char *why, size_t why_len,
		  const cti_flow_config_t *cfg)
{
	struct stat st;
	char *text;
	ssize_t got = 0;
	int fd, rc;

	cti__why(why, why_len, "%s", "");
	if (out)
		*out = NULL;
	if (!out || !path) {
		cti__why(why, why_len, "%s: NULL argument",
			path ? path : "(flow)");
		return CTI_EINVAL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = errno == ENOENT ? CTI_ENOENT : -errno;
		cti__why(why, why_len, "%s: %s", path, strerror(errno));
		return rc;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > CTI_FLOW_MAX_BYTES) {
		bool reg = S_ISREG(st.st_mode);

		close(fd);
		cti__why(why, why_len, "%s: %s", path,
			!reg ? "not a regular file"
			     : "larger than 1 MiB (CTI_FLOW_MAX_BYTES)");
		return CTI_EFORMAT;
	}
	text = malloc((size_t)st.st_size + 1);
	if (!text) {
		close(fd);
		cti__why(why, why_len, "%s: out of memory", path);
		return CTI_ENOMEM;
	}
	/* read to the end: a file that grew meanwhile is cut at the limit */
	while (got < CTI_FLOW_MAX_BYTES) {
		ssize_t n = read(fd, text + got, (size_t)st.st_size - (size_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || (size_t)(got += n) == (size_t)st.st_size) {
			if (n < 0) {
				cti__why(why, why_len, "%s: %s", path,
					strerror(errno));
				free(text);
				close(fd);
				return CTI_EIO;
			}
			break;
		}
	}
	close(fd);
	text[got] = 0;
	if (memchr(text, 0, (size_t)got)) {
		cti__why(why, why_len, "%s: a NUL byte (not a text file)",
			path);
		free(text);
		return CTI_EFORMAT;
	}
	rc = cti_flow_parse(out, text, path, prompts, why, why_len, cfg);
	free(text);
	return rc;
}

/* Run steps until one has to wait for the session or the caller. */
static void run_steps(struct cti_flow_run *r, uint64_t now)
{
	int guard = 0;

	while (!r->waiting && !r->ended && guard++ < 1000) {
		const struct state *s = &r->f->states[r->state];
		const struct step *st = &r->f->steps[s->first + r->pc];
		int rc;

		r->pc++;
		rc = st->kind->run(r, st, now);
		if (rc) {
			emit(r, CTI_FLOW_ERROR, cti_err_name(rc));
			r->ended = true;
		}
	}
}

int cti_flow_start(cti_flow_run_t **out, const cti_flow_t *f, cti_ivr_t *ivr,
		   uint64_t now_ms)
{
	struct cti_flow_run *r;

	if (out)
		*out = NULL;
	if (!out || !f || !ivr)
		return CTI_EINVAL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return CTI_ENOMEM;
	r->f = f;
	r->ivr = ivr;
	CTI_RING_INIT(&r->events, r->q, CTI_RING_DROP_OLDEST);
	cti__log(f->ctx, CTI_LOG_DEBUG, "flow", "start in state %s",
		 f->states[0].name);
	run_steps(r, now_ms);
	*out = r;
	return 0;
}

void cti_flow_run_free(cti_flow_run_t *r)
{
	if (r) {
		explicit_bzero(r, sizeof(*r));
		free(r);
	}
}

int cti_flow_hook_done(cti_flow_run_t *r, const char *result, uint64_t now)
{
	const struct step *st;

	if (!r || !result)
		return CTI_EINVAL;
	if (r->ended || !r->waiting || !r->pc)
		return CTI_ESTATE;
	st = &r->f->steps[r->f->states[r->state].first + r->pc - 1];
	if (st->kind->run != run_hook)
		return CTI_ESTATE;
	snprintf(r->last, VLEN, "%s", result);
	cti_flow_set(r, "result", result);
	r->waiting = false;
	run_steps(r, now);
	return 0;
}

int cti_flow_process(cti_flow_run_t *r, uint64_t now, const int16_t *in,
		     int16_t *out, size_t n)
{
	cti_ivr_event_t ev;
	int rc;

	if (!r)
		return CTI_EINVAL;
	rc = cti_ivr_process(r->ivr, now, in, out, n);
	if (rc < 0)
		return rc;
	while (cti_ivr_next_event(r->ivr, &ev) > 0) {
		const struct step *st;

		if (ev.type == CTI_IVR_DIGIT || !r->waiting || !r->pc)
			continue;
		st = &r->f->steps[r->f->states[r->state].first + r->pc - 1];
		if (ev.type == CTI_IVR_COLLECT_DONE) {
			/* secret digits stay in the session
			 * (cti_ivr_take_secret), never in variables */
			snprintf(r->last, VLEN, "%s",
				 ev.secret ? "secret" : ev.digits);
			cti_flow_set(r, st->argv[1],
				     ev.secret ? "" : ev.digits);
		} else if (ev.type == CTI_IVR_COLLECT_FAILED) {
			snprintf(r->last, VLEN, "%s",
				 ev.reason == CTI_IVR_TIMEOUT ? "timeout" :
								"invalid");
		}
		explicit_bzero(&ev, sizeof(ev));
		r->waiting = false;
	}
	run_steps(r, now);
	return (int)cti_ring_len(&r->events);
}

/* Added for lib/center (call data from a flow's variables). */
CTI_EXTERN int cti_flow_var_at(const cti_flow_run_t *r, size_t i,
			       const char **name, const char **value)
{
	if (!r || !name || !value)
		return CTI_EINVAL;
	if (i >= (size_t)r->nvars)
		return 0;
	*name = r->vars[i].name;
	*value = r->vars[i].value;
	return 1;
}
