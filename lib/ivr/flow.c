// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IVR flows: a declarative, line-oriented file (grammar in docs/ivr.md)
 * parsed and validated once, then run per call on top of a cti_ivr_t.
 * Every error names the file and line; a flow that loads cannot jump to a
 * missing state, play a missing prompt or fall off the end of a state.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ivr/prompts.h"
#include "core/util.h"

#define MAXARG 16
#define MAXVAR 32
#define VLEN 64

enum op { OP_PLAY, OP_COLLECT, OP_SET, OP_HOOK, OP_ON, OP_IF, OP_GOTO,
	  OP_QUEUE, OP_HANGUP, OP_SAY };

struct step {
	enum op op;
	int line;
	int argc;
	char *argv[MAXARG];
	int target;   /* state index for goto/on/if */
	bool negate;  /* if !=  */
	cti_ivr_collect_config_t cc;
	int say_kind, lang;
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
};

enum { SAY_NUMBER, SAY_DIGITS, SAY_STOCK, SAY_CNY, SAY_USD, SAY_DATE, SAY_TIME };

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
		if (last->op != OP_GOTO && last->op != OP_QUEUE &&
		    last->op != OP_HANGUP)
			return err_at(why, wl, file, last->line,
				      "state '%s' falls off its end (finish "
				      "it with goto, queue or hangup)",
				      sp->name);
	}
	for (int i = 0; i < f->nsteps; i++) {
		struct step *st = &f->steps[i];
		const char *tgt = NULL;

		if (st->op == OP_GOTO)
			tgt = st->argv[1];
		else if (st->op == OP_ON)
			tgt = st->argv[3];
		else if (st->op == OP_IF)
			tgt = st->argv[5];
		if (tgt) {
			st->target = find_state(f, tgt);
			if (st->target < 0)
				return err_at(why, wl, file, st->line,
					      "no state '%s'", tgt);
		}
		if (st->op == OP_PLAY)
			for (int a = 1; a < st->argc; a++)
				if (!prompt_ok(ps, st->argv[a]))
					return err_at(why, wl, file, st->line,
						      "no prompt '%s'",
						      st->argv[a]);
		if (st->op == OP_COLLECT) {
			const char *p[3] = { st->cc.prompt,
					     st->cc.invalid_prompt,
					     st->cc.timeout_prompt };

			for (int k = 0; k < 3; k++)
				if (p[k] && !prompt_ok(ps, p[k]))
					return err_at(why, wl, file, st->line,
						      "no prompt '%s'", p[k]);
		}
	}
	return 0;
}

static int parse_line(struct cti_flow *f, struct step *st, const char *file,
		      char *why, size_t wl)
{
	static const struct {
		const char *word;
		enum op op;
		int min, max;
	} ops[] = {
		{ "play", OP_PLAY, 2, MAXARG }, { "collect", OP_COLLECT, 2, MAXARG },
		{ "set", OP_SET, 3, 3 },        { "hook", OP_HOOK, 2, 2 },
		{ "on", OP_ON, 4, 4 },          { "if", OP_IF, 6, 6 },
		{ "goto", OP_GOTO, 2, 2 },      { "queue", OP_QUEUE, 2, 2 },
		{ "hangup", OP_HANGUP, 1, 1 },  { "say", OP_SAY, 4, 4 },
	};
	const char *w = st->argv[0];

	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		if (strcmp(w, ops[i].word))
			continue;
		if (st->argc < ops[i].min || st->argc > ops[i].max)
			return err_at(why, wl, file, st->line,
				      "%s: wrong number of arguments", w);
		st->op = ops[i].op;
		if (st->op == OP_ON && strcmp(st->argv[2], "goto"))
			return err_at(why, wl, file, st->line,
				      "expected: on VALUE goto STATE");
		if (st->op == OP_IF &&
		    (st->argv[1][0] != '$' || strcmp(st->argv[4], "goto") ||
		     (strcmp(st->argv[2], "==") && strcmp(st->argv[2], "!="))))
			return err_at(why, wl, file, st->line,
				      "expected: if $VAR ==|!= VALUE goto STATE");
		st->negate = st->op == OP_IF && !strcmp(st->argv[2], "!=");
		if (st->op == OP_SET && !valid_name(st->argv[1]))
			return err_at(why, wl, file, st->line,
				      "set: bad variable name '%s'",
				      st->argv[1]);
		if (st->op == OP_COLLECT)
			return parse_collect(st, file, why, wl);
		if (st->op == OP_SAY) {
			static const char *kinds[] = { "number", "digits",
						       "stock", "yuan",
						       "dollars", "date",
						       "time" };

			st->say_kind = -1;
			for (int k = 0; k < 7; k++)
				if (!strcmp(st->argv[1], kinds[k]))
					st->say_kind = k;
			st->lang = !strcmp(st->argv[2], "zh") ? CTI_LANG_ZH :
				   !strcmp(st->argv[2], "en") ? CTI_LANG_EN :
								0;
			if (st->say_kind < 0 || !st->lang ||
			    st->argv[3][0] != '$')
				return err_at(why, wl, file, st->line,
					      "expected: say number|digits|"
					      "stock|yuan|dollars|date|time "
					      "zh|en $VAR");
		}
		(void)f;
		return 0;
	}
	return err_at(why, wl, file, st->line, "unknown directive '%s'", w);
}

/* A variable holding "YYYY-MM-DD" (ISO 8601), read out as a date. */
static int say_date(int lang, const char *v, const char **names)
{
	int y, m, d, end = 0;

	if (sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &end) != 3 || v[end])
		return CTI_EFORMAT;
	return cti_say_date(lang, y, m, d, names, 64);
}

/* A variable holding "HH:MM", read out as a time of day. */
static int say_time(int lang, const char *v, const char **names)
{
	int h, m, end = 0;

	if (sscanf(v, "%2d:%2d%n", &h, &m, &end) != 2 || v[end])
		return CTI_EFORMAT;
	return cti_say_time(lang, h, m, names, 64);
}

cti_flow_t *cti_flow_parse(const char *text, const char *file,
			   const cti_prompts_t *prompts, char *why,
			   size_t why_len, int *err)
{
	struct cti_flow *f = calloc(1, sizeof(*f));
	char *line, *save = NULL;
	int lineno = 0, rc = 0;

	if (!text || !file) {
		free(f);
		if (err)
			*err = CTI_EINVAL;
		return NULL;
	}
	if (!f || !(f->text = strdup(text))) {
		free(f);
		if (err)
			*err = CTI_ENOMEM;
		return NULL;
	}
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
		rc = parse_line(f, &st, file, why, why_len);
		if (!rc)
			rc = add_step(f, &st);
	}
	if (!rc)
		rc = validate(f, prompts, file, why, why_len);
	if (rc) {
		cti_flow_free(f);
		if (err)
			*err = rc;
		return NULL;
	}
	return f;
}

cti_flow_t *cti_flow_load(const char *path, const cti_prompts_t *prompts,
			  char *why, size_t why_len, int *err)
{
	FILE *fp = path ? fopen(path, "r") : NULL;
	char *text;
	long len;
	cti_flow_t *f;

	if (!fp) {
		if (why && why_len &&
		    snprintf(why, why_len, "%s: %s", path ? path : "(null)",
			     strerror(errno)) < 0)
			why[0] = 0;
		if (err)
			*err = path ? CTI_ENOENT : CTI_EINVAL;
		return NULL;
	}
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	text = len >= 0 && len < (1 << 20) ? malloc((size_t)len + 1) : NULL;
	if (!text || fread(text, 1, (size_t)len, fp) != (size_t)len) {
		free(text);
		fclose(fp);
		if (err)
			*err = text ? CTI_EIO : CTI_EFORMAT;
		return NULL;
	}
	fclose(fp);
	text[len] = 0;
	f = cti_flow_parse(text, path, prompts, why, why_len, err);
	free(text);
	return f;
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
	unsigned qhead, qlen;
	const char *say[64];
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

static void emit(struct cti_flow_run *r, uint32_t type, const char *name)
{
	cti_flow_event_t *ev;

	if (r->qlen == 8) {
		r->qhead = (r->qhead + 1) % 8;
		r->qlen--;
	}
	ev = &r->q[(r->qhead + r->qlen) % 8];
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	snprintf(ev->name, sizeof(ev->name), "%s", name);
	r->qlen++;
}

bool cti_flow_next(cti_flow_run_t *r, cti_flow_event_t *ev)
{
	if (!r || !ev || !r->qlen)
		return false;
	*ev = r->q[r->qhead];
	r->qhead = (r->qhead + 1) % 8;
	r->qlen--;
	return true;
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
	r->state = state;
	r->pc = 0;
}

/* Run steps until one has to wait for the session or the caller. */
static void run_steps(struct cti_flow_run *r, uint64_t now)
{
	int guard = 0;

	while (!r->waiting && !r->ended && guard++ < 1000) {
		const struct state *s = &r->f->states[r->state];
		const struct step *st = &r->f->steps[s->first + r->pc];
		int n, rc = 0;

		r->pc++;
		switch (st->op) {
		case OP_PLAY:
			rc = cti_ivr_play(r->ivr,
					  (const char *const *)st->argv + 1,
					  (size_t)st->argc - 1, true, now);
			r->waiting = !rc;
			break;
		case OP_COLLECT:
			rc = cti_ivr_collect(r->ivr, &st->cc, now);
			r->waiting = !rc;
			break;
		case OP_SAY: {
			const char *v = value_of(r, st->argv[3]);
			long long x = strtoll(v, NULL, 10);

			n = st->say_kind == SAY_DATE ? say_date(st->lang, v,
								r->say) :
			    st->say_kind == SAY_TIME ? say_time(st->lang, v,
								r->say) :
			    st->say_kind == SAY_NUMBER ?
				    cti_say_number(st->lang, x, r->say, 64) :
			    st->say_kind == SAY_DIGITS ?
				    cti_say_digits(st->lang, v, r->say, 64) :
			    st->say_kind == SAY_STOCK ?
				    cti_say_stock(st->lang, v, r->say, 64) :
				    cti_say_money(st->lang,
						  st->say_kind == SAY_CNY ?
							  CTI_CURRENCY_CNY :
							  CTI_CURRENCY_USD,
						  x, r->say, 64);
			rc = n < 0 ? n : cti_ivr_play(r->ivr, r->say,
						      (size_t)n, true, now);
			r->waiting = !rc;
			break;
		}
		case OP_SET:
			cti_flow_set(r, st->argv[1], value_of(r, st->argv[2]));
			break;
		case OP_HOOK:
			emit(r, CTI_FLOW_HOOK, st->argv[1]);
			r->waiting = true;
			break;
		case OP_ON:
			if (!strcmp(r->last, st->argv[1]))
				jump(r, st->target);
			break;
		case OP_IF:
			if (!strcmp(value_of(r, st->argv[1]),
				    value_of(r, st->argv[3])) != st->negate)
				jump(r, st->target);
			break;
		case OP_GOTO:
			jump(r, st->target);
			break;
		case OP_QUEUE:
			emit(r, CTI_FLOW_QUEUE, st->argv[1]);
			r->ended = true;
			break;
		case OP_HANGUP:
			emit(r, CTI_FLOW_HANGUP, "hangup");
			r->ended = true;
			break;
		}
		if (rc) {
			emit(r, CTI_FLOW_ERROR, cti_err_name(rc));
			r->ended = true;
		}
	}
}

cti_flow_run_t *cti_flow_start(const cti_flow_t *f, cti_ivr_t *ivr,
			       uint64_t now_ms, int *err)
{
	struct cti_flow_run *r;

	if (!f || !ivr) {
		if (err)
			*err = CTI_EINVAL;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		if (err)
			*err = CTI_ENOMEM;
		return NULL;
	}
	r->f = f;
	r->ivr = ivr;
	run_steps(r, now_ms);
	return r;
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
	if (st->op != OP_HOOK)
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
	while (cti_ivr_next(r->ivr, &ev)) {
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
	return (int)r->qlen;
}
