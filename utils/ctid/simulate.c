// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctid --simulate HOURS: a day of the configured centre on the virtual
 * clock, as fast as the CPU goes. The file is loaded and checked exactly
 * as start-up does (main.c) and opened by the same ctid_start(); only
 * what would reach the outside changes: every DAHDI span becomes a loop
 * pair with the same signalling, the store is the one given (never the
 * production database), recording is off, and there is no control
 * socket, no signal handling, no sd_notify. cti-sim's far ends (trial.c)
 * play the callers on the network trunks' far sides and the agents'
 * phones on the station trunks'; every agent with an extension is logged
 * in ready. New callers stop after HOURS, the calls in progress end, the
 * last wrap-up and the open interval close; then the far end's tally and
 * the store's per-queue totals are printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../cti-sim/farend.h"
#include "daemon.h"

/* Loop spans report SPAN_UP once Q.921 has settled (3 s): the first
 * caller dials at 4 s of context time, as in the trial. */
#define SIM_FIRST_CALL_MS 4000
/* Without a trial group: a busy hour's traffic for a few dozen seats
 * (documented in docs/ctid.md, "Simulated day"). */
#define SIM_CALLERS_PER_HOUR 1200
/* After the last arrival the calls get this long to end by themselves;
 * whatever is left is cleared and counted as not accounted for. */
#define SIM_DRAIN_LIMIT_MS (4ull * 3600 * 1000)
#define SIM_STEP_MS	   60000
/* An agent the engine made not ready (its phone could not be rung: no
 * free channel on the station span) presses ready again, as a person
 * would; the far end only does that for phones that rang out. */
#define SIM_BACK_READY_MS 30000

#define DAY_MS 86400000LL

/* A local path as it would be opened: its directory resolved (the
 * file itself may not exist yet), or "" if the directory does not. */
static void canonical(const char *path, char out[PATH_MAX])
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(path, '/');

	out[0] = '\0';
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s",
			 (int)(slash == path ? 1 : slash - path), path);
	if (!realpath(dir, real))
		return;
	/* too long to be a path: no name to compare */
	if (snprintf(out, PATH_MAX, "%s/%s", real, slash ? slash + 1 : path) >=
	    PATH_MAX)
		out[0] = '\0';
}

/* A store path and the file's name the same database: by name, by the
 * file they would open, or by the file they both are. URIs of a server
 * compare as strings. */
static bool same_store(const char *a, const char *b)
{
	char ca[PATH_MAX], cb[PATH_MAX];
	struct stat sa, sb;

	if (!strncmp(a, "sqlite:", 7))
		a += 7;
	if (!strncmp(b, "sqlite:", 7))
		b += 7;
	if (!strcmp(a, b))
		return true;
	if (!stat(a, &sa) && !stat(b, &sb))
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (strchr(a, ':') || strchr(b, ':'))
		return false; /* a server's URI, or SQLite's file: syntax */
	canonical(a, ca);
	canonical(b, cb);
	return ca[0] && !strcmp(ca, cb);
}

/* The run's working day at 00:00 local (UTC ms): today by the file's
 * utc_offset_min, or the Friday before on a Saturday or Sunday. */
static int64_t working_day(int32_t off_min)
{
	int64_t local = (int64_t)time(NULL) * 1000 + off_min * 60000LL;
	int64_t day = local / DAY_MS;
	int wday = (int)((day + 4) % 7); /* 1970-01-01 was a Thursday */

	if (wday == 6)
		day -= 1;
	else if (wday == 0)
		day -= 2;
	return day * DAY_MS - off_min * 60000LL;
}

/* "HH:MM" or "YYYY-MM-DDTHH:MM" (local time) into the UTC ms at context
 * time 0. -1 if it is neither. */
static int64_t start_epoch(const char *s, int32_t off_min)
{
	int y = 0, mo = 0, dd = 0, hh, mm, n = 0;
	int64_t day;

	if (!s)
		return working_day(off_min) + 9 * 3600000LL;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &dd, &hh, &mm, &n) ==
		    5 &&
	    !s[n]) {
		struct tm tm = { .tm_year = y - 1900,
				 .tm_mon = mo - 1,
				 .tm_mday = dd };
		time_t t;

		if (y < 1970 || mo < 1 || mo > 12 || dd < 1 || dd > 31)
			return -1;
		t = timegm(&tm);
		if (t == (time_t)-1 || gmtime_r(&t, &tm)->tm_mday != dd)
			return -1; /* 2027-02-30 */
		day = (int64_t)t * 1000 - off_min * 60000LL;
	} else if (sscanf(s, "%2d:%2d%n", &hh, &mm, &n) == 2 && !s[n]) {
		day = working_day(off_min);
	} else {
		return -1;
	}
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || strlen(s) < 5 ||
	    s[strlen(s) - 3] != ':')
		return -1;
	return day + (hh * 60 + mm) * 60000LL;
}

struct sim {
	struct ctid d;
	uint32_t readied; /* agents put back ready by back_ready() */
	const struct ctid_sim_opts *o;
	struct ctid_far far;
	int64_t epoch;	      /* UTC ms at context time 0 */
	uint32_t interval_ms; /* the file's, or the engine's 15 min */
	uint32_t max_wrap_ms;
	char file[PATH_MAX];
};

/* What the model must become to run here; 2: a bad option value, 1:
 * the file cannot be simulated (said on stderr). */
static int adapt(struct sim *s, struct ctid_conf *c)
{
	const struct ctid_sim_opts *o = s->o;

	if (c->store && same_store(o->store, c->store)) {
		fprintf(stderr,
			"ctid: --store %s: that is %s's own store; a "
			"simulation never writes into it: give another\n",
			o->store, s->file);
		return 2;
	}
	for (size_t i = 0; i < c->n_spans; i++) {
		if (c->spans[i].signalling == CTID_SIG_R2) {
			fprintf(stderr,
				"ctid: %s:%d: span %s: R2 signalling cannot "
				"be simulated (the loop backend has no R2 "
				"pairs); only PRI spans can\n",
				s->file, c->spans[i].line, c->spans[i].name);
			return 1;
		}
		c->spans[i].dahdi = 0; /* a loop pair, same configuration */
	}
	s->interval_ms = c->interval_ms ? c->interval_ms : 900000;
	s->epoch = start_epoch(o->start, c->utc_offset_min);
	if (s->epoch < 0) {
		fprintf(stderr,
			"ctid: --start: '%s' is not HH:MM or "
			"YYYY-MM-DDTHH:MM (local time)\n",
			o->start);
		return 2;
	}
	/* the engine's intervals run from context time 0: on the local
	 * clock's interval boundaries only if the day starts on one */
	if ((s->epoch + c->utc_offset_min * 60000LL) % s->interval_ms) {
		fprintf(stderr,
			"ctid: --start: %s is not on a boundary of %s's "
			"%u-ms KPI intervals (interval_ms)\n",
			o->start ? o->start : "09:00", s->file, s->interval_ms);
		return 2;
	}
	c->store = o->store;
	c->control[0] = '\0';
	c->rec.on = false; /* no recordings of callers who do not exist */
	for (size_t i = 0; i < c->n_queues; i++)
		if (c->queues[i].acd.wrap_up_ms > s->max_wrap_ms)
			s->max_wrap_ms = c->queues[i].acd.wrap_up_ms;
	return 0;
}

/* --dtmf "D[:PCT],...": what callers key at the answer, by share
 * (entries without a percentage share what the others leave equally;
 * "-" keys nothing). 0, or -1 said on stderr. */
static int key_mix(struct ctid_far *f, const char *spec)
{
	const char *p = spec;
	double given = 0;
	uint32_t unset = 0;

	f->n_keys = 0;
	while (*p) {
		size_t n = strcspn(p, ":,");
		char *end;
		double pc = -1;

		if (f->n_keys == 8 || !n || n > 15 ||
		    (strspn(p, "0123456789*#") < n && !(n == 1 && *p == '-')))
			goto bad;
		snprintf(f->keys[f->n_keys], sizeof(f->keys[0]), "%.*s", (int)n,
			 *p == '-' ? "" : p);
		p += n;
		if (*p == ':') {
			pc = strtod(p + 1, &end);
			if (end == p + 1 || !(pc > 0) || pc > 100)
				goto bad;
			p = end;
			given += pc;
		} else {
			unset++;
		}
		f->shares[f->n_keys++] = pc;
		if (*p && *p != ',')
			goto bad;
		if (*p == ',' && *++p == '\0')
			goto bad; /* a trailing comma */
	}
	if (!f->n_keys || given > 100.0001 || (!unset && given < 99.9999))
		goto bad;
	for (uint32_t k = 0; k < f->n_keys; k++)
		f->shares[k] = (f->shares[k] < 0 ? (100 - given) / unset
						 : f->shares[k]) /
			       100;
	return 0;
bad:
	fprintf(stderr,
		"ctid: --dtmf: '%s' is not a key mix like 1:60,2:30,0:10 "
		"(digits 0-9*#, or - for none; at most 8; percentages "
		"summing to 100)\n",
		spec);
	return -1;
}

/* The callers: the trial group's figures, else the defaults; the options
 * over both. The number dialled: the trial's, else the first route's. */
static int traffic(struct sim *s, struct ctid_conf *c)
{
	const struct ctid_conf_trial *t = &c->trial;
	struct ctid_far *f = &s->far;

	*f = (struct ctid_far){ .who = "simulation",
				.callers_per_hour = SIM_CALLERS_PER_HOUR,
				.hours = s->o->hours,
				.seed = 1,
				.patience_mean_ms = 120000,
				.talk_mean_ms = 60000,
				.answer_min_ms = 1000,
				.answer_max_ms = 4000,
				.first_in_ms = SIM_FIRST_CALL_MS };
	if (t->on) {
		f->callers_per_hour = t->callers_per_hour;
		f->seed = t->seed;
		f->dnis = t->dnis;
		f->dtmf = t->dtmf;
		f->patience_mean_ms = t->patience_mean_ms;
		f->talk_mean_ms = t->talk_mean_ms;
		f->answer_min_ms = t->answer_min_ms;
		f->answer_max_ms = t->answer_max_ms;
		c->trial.on = false; /* ours, on the virtual clock, not 24 h */
	}
	for (size_t i = 0; !f->dnis && i < c->n_routes; i++)
		if (c->routes[i].dnis && *c->routes[i].dnis)
			f->dnis = c->routes[i].dnis;
	if (!f->dnis) {
		fprintf(stderr,
			"ctid: %s: no route has a dnis and there is no "
			"trial { dnis }: callers would have nothing to dial\n",
			s->file);
		return 1;
	}
	if (s->o->callers_per_hour)
		f->callers_per_hour = s->o->callers_per_hour;
	if (s->o->seed >= 0)
		f->seed = (uint32_t)s->o->seed;
	if (s->o->dtmf && key_mix(f, s->o->dtmf))
		return 2;
	return 0;
}

static void local_time(int64_t ms, int32_t off_min, char buf[20])
{
	time_t t = (time_t)((ms + off_min * 60000LL) / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 20, "%Y-%m-%dT%H:%M", &tm);
}

static void back_ready(cti_ctx_t *ctx, void *user)
{
	struct sim *s = user;
	const struct ctid_conf *c = s->d.conf;

	for (size_t i = 0; i < c->n_agents; i++) {
		uint32_t st = 0;

		if (c->agents[i].extension &&
		    !cti_center_agent_state(s->d.cc, c->agents[i].name, &st,
					    NULL) &&
		    st == CTI_AGENT_NOT_READY &&
		    !cti_center_agent_ready(s->d.cc, c->agents[i].name))
			s->readied++;
	}
	cti_timer_start(ctx, SIM_BACK_READY_MS, back_ready, s);
}

/* Arrivals for HOURS; then the calls end by themselves (or are cleared
 * after SIM_DRAIN_LIMIT_MS); then past the last wrap-up to the next
 * interval boundary, so every interval has closed and been stored. */
static int run_day(struct sim *s)
{
	cti_ctx_t *ctx = s->d.ctx;
	uint64_t end = SIM_FIRST_CALL_MS + (uint64_t)s->o->hours * 3600000;
	uint64_t limit = end + SIM_DRAIN_LIMIT_MS, n;
	int rc;

	if (cti_timer_start(ctx, SIM_BACK_READY_MS, back_ready, s) < 0)
		return CTI_ENOMEM;
	if ((rc = cti_ctx_run_until(ctx, end)))
		return rc;
	while ((farend_tally(s->d.farend)->live || cti_center_calls(s->d.cc)) &&
	       cti_now_ms(ctx) < limit && !farend_error(s->d.farend))
		if ((rc = cti_ctx_run_until(ctx,
					    cti_now_ms(ctx) + SIM_STEP_MS)))
			return rc;
	if (cti_now_ms(ctx) >= limit) {
		fprintf(stderr,
			"ctid: %zu call(s) still up %llu h after the last "
			"caller: cleared (cause 16)\n",
			cti_center_calls(s->d.cc),
			SIM_DRAIN_LIMIT_MS / 3600000);
		farend_hangup_all(s->d.farend);
		cti_center_hangup_all(s->d.cc, 16);
	}
	if ((rc = cti_ctx_run_until(ctx,
				    cti_now_ms(ctx) + s->max_wrap_ms + 1000)))
		return rc;
	n = cti_now_ms(ctx);
	return cti_ctx_run_until(ctx,
				 (n / s->interval_ms + 1) * s->interval_ms + 1);
}

struct totals {
	uint64_t offered;
	int32_t off_min;
};

static double pct(double v)
{
	return v < 0 ? 0 : v;
}

static int print_queue(void *user, const struct cti_store_summary *q)
{
	struct totals *t = user;

	t->offered += q->offered;
	printf("queue %s: %llu intervals, %llu offered, %llu answered "
	       "(%llu in service level), %llu abandoned, %llu short "
	       "abandoned, %llu overflowed; service level %.1f %%, abandon "
	       "rate %.1f %%, ASA %.1f s\n",
	       q->queue, (unsigned long long)q->intervals,
	       (unsigned long long)q->offered, (unsigned long long)q->answered,
	       (unsigned long long)q->answered_in_sl,
	       (unsigned long long)q->abandoned,
	       (unsigned long long)q->short_abandoned,
	       (unsigned long long)q->overflowed, pct(q->service_level),
	       pct(q->abandon_rate), q->asa_ms / 1000.0);
	return 0;
}

static int count_record(void *user, const struct cti_center_record *r)
{
	(void)r;
	++*(size_t *)user;
	return 0;
}

/* The day's whole-call records in the store (none before the run: a
 * store holding that day already is refused). */
static int day_records(struct sim *s, size_t *n)
{
	struct cti_store_filter f = { .from_epoch_ms = s->epoch,
				      .to_epoch_ms = s->epoch + 2 * DAY_MS };
	int rc;

	*n = 0;
	rc = cti_store_query_call_records(s->d.store, &f, count_record, n);
	return rc < 0 ? rc : 0;
}

/* The tally, the store's totals; 0 when every caller is accounted for:
 * an outcome for each, a whole-call record for each that got a channel,
 * no call left in the engine. */
static int report(struct sim *s, const struct farend_tally *t)
{
	const struct ctid_conf *c = s->d.conf;
	struct cti_store_filter f = { .from_epoch_ms = s->epoch,
				      .to_epoch_ms = s->epoch + 2 * DAY_MS };
	struct totals tot = { .off_min = c->utc_offset_min };
	size_t records = 0;
	uint32_t placed = t->arrived - t->blocked;
	int rc;

	printf("far end: %u callers, %u answered, %u abandoned (%u short), "
	       "%u cleared by the centre, %u blocked, %u in service level, "
	       "%u rang out, %u still live\n",
	       t->arrived, t->answered, t->abandoned, t->short_abandoned,
	       placed - t->answered - t->abandoned - t->short_abandoned -
		       t->live,
	       t->blocked, t->in_sl, t->rona, t->live);
	if ((rc = cti_store_summarize(s->d.store, &f, print_queue, &tot)) < 0 ||
	    (rc = day_records(s, &records))) {
		fprintf(stderr, "ctid: store %s: %s\n", s->o->store,
			cti_strerror(rc));
		return 1;
	}
	printf("store %s: %zu call records, %llu offered to queues\n",
	       s->o->store, records, (unsigned long long)tot.offered);
	if (s->readied)
		printf("agents made not ready by the engine (a phone that "
		       "could not be rung) and put back ready 30 s on: %u "
		       "time(s)\n",
		       s->readied);
	if (t->live || records != placed || farend_error(s->d.farend)) {
		printf("NOT accounted for: %u caller(s) without an outcome, "
		       "%zu record(s) for %u caller(s) with a channel%s\n",
		       t->live, records, placed,
		       farend_error(s->d.farend) ? ", far end error" : "");
		return 1;
	}
	printf("every caller accounted for: %u callers, %zu call records\n",
	       t->arrived, records);
	return 0;
}

static int open_day(struct sim *s, struct ctid_conf *c)
{
	struct cti_ctx_config cx = { .clock = CTI_CLOCK_VIRTUAL,
				     .log_level = s->o->level
							  ? s->o->level
							  : CTI_LOG_WARNING };
	char why[1024] = "", when[20];
	size_t before;
	int rc;

	if ((rc = cti_ctx_new(&s->d.ctx, &cx))) {
		fprintf(stderr, "ctid: context: %s\n", cti_strerror(rc));
		ctid_conf_free(c);
		return 1;
	}
	ctid_log_setup(&s->d, CTID_LOG_STDERR, cx.log_level);
	s->d.epoch_ms_at_zero = s->epoch;
	s->d.conf_path = s->file;
	if ((rc = ctid_start(&s->d, c, why, sizeof(why)))) {
		fprintf(stderr, "ctid: simulation: %s\n",
			why[0] ? why : cti_strerror(rc));
		return 1;
	}
	if ((rc = day_records(s, &before)) || before) {
		local_time(s->epoch, c->utc_offset_min, when);
		fprintf(stderr,
			"ctid: --store %s: %s%s; give a new store (or "
			"another --start)\n",
			s->o->store,
			rc ? cti_strerror(rc)
			   : "it already holds "
			     "calls of ",
			rc ? "" : when);
		return 1;
	}
	cti_ctx_set_event_cb(s->d.ctx, ctid_on_event, &s->d);
	if ((rc = ctid_far_start(&s->d, c, &s->far, why, sizeof(why)))) {
		fprintf(stderr, "ctid: %s\n", why);
		return 1;
	}
	local_time(s->epoch, c->utc_offset_min, when);
	printf("simulating %u h of %s from %s (UTC%+d min): %zu span(s) as "
	       "loop pairs, %u caller(s)/h dialling %s%s%s (seed %u), store "
	       "%s\n",
	       s->o->hours, s->file, when, c->utc_offset_min, s->d.n_spans,
	       s->far.callers_per_hour, s->far.dnis,
	       s->far.dtmf || s->o->dtmf ? " keying " : "",
	       s->o->dtmf    ? s->o->dtmf
	       : s->far.dtmf ? s->far.dtmf
			     : "",
	       s->far.seed, s->o->store);
	fflush(stdout);
	return 0;
}

int ctid_simulate(struct ctid_conf *c, const struct ctid_sim_opts *o)
{
	struct sim *s = calloc(1, sizeof(*s));
	struct farend_tally t;
	int code, rc;

	if (!s) {
		ctid_conf_free(c);
		return 1;
	}
	s->o = o;
	snprintf(s->file, sizeof(s->file), "%s", c->file);
	if ((code = adapt(s, c)) || (code = traffic(s, c))) {
		ctid_conf_free(c);
		free(s);
		return code;
	}
	if (!(code = open_day(s, c))) {
		if ((rc = run_day(s))) {
			fprintf(stderr, "ctid: simulation loop: %s\n",
				cti_strerror(rc));
			code = 1;
		}
		t = *farend_tally(s->d.farend);
		/* the engine writes what it still holds as it is freed */
		cti_center_free(s->d.cc);
		s->d.cc = NULL;
		if (!code)
			code = report(s, &t);
	}
	cti_ctx_set_event_cb(s->d.ctx, NULL, NULL);
	ctid_stop(&s->d);
	free(s);
	return code;
}
