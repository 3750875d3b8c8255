// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-call load: a PRI load generator. Places --calls calls at --rate per
 * second, holds each answered call for --duration seconds, and reports the
 * setup latency (SETUP to CONNECT) at p50/p90/p99/max, the answer-seizure
 * ratio (answered / attempted, ITU-T E.411) and the causes of the rest.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cti_call.h"

#define MAX_CAUSE 128

struct load_call {
	cti_call_id_t id;
	double t_make;
	bool over; /* its CLEARED/FAILED came, or it was never placed */
};

struct load {
	int started, answered, failed, ended, active, max_active;
	int no_channel;             /* refused locally: no free B-channel */
	int causes[MAX_CAUSE];      /* unsuccessful attempts by Q.850 cause */
	double *setup_ms;           /* one per answered call */
	struct load_call *calls;    /* by attempt */
	int *index_of_id;           /* call id -> attempt index + 1 */
	size_t n_index;
	double t_first, t_last_end;
	bool placing_done;
	bool interrupted; /* Ctrl-C: no more calls, ours cleared */
	char number[32];
};

/* Call ids grow by one per call in a context (ours and, on a loop, the
 * peer's), so a table indexed by id finds a call in O(1). */
static struct load_call *find_call(struct load *l, cti_call_id_t id)
{
	if (id < l->n_index && l->index_of_id[id])
		return &l->calls[l->index_of_id[id] - 1];
	for (int i = 0; i < l->started; i++) /* ids beyond the table */
		if (l->calls[i].id == id)
			return &l->calls[i];
	return NULL;
}

static void maybe_finish(struct tool *t)
{
	struct load *l = t->cmd;

	if (l->placing_done && l->ended >= l->started)
		cti_ctx_stop(t->ctx);
}

static void clear_call(cti_ctx_t *ctx, void *user)
{
	/* user carries the call id itself: no allocation per call */
	cti_call_clear(ctx, (cti_call_id_t)(uintptr_t)user,
		       CTI_CAUSE_NORMAL_CLEARING);
}

static void place_next(cti_ctx_t *ctx, void *user)
{
	struct tool *t = user;
	struct load *l = t->cmd;
	struct cti_call_params p;
	struct load_call *c = &l->calls[l->started];
	int rc;

	if (l->interrupted)
		return;

	memset(&p, 0, sizeof(p));
	p.span = t->span;
	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%s", l->number);
	snprintf(p.ani.digits, sizeof(p.ani.digits), "%s",
		 t->o->from ? t->o->from : "");
	if (!l->started)
		l->t_first = tool_now_s(t);
	c->t_make = tool_now_s(t);
	rc = cti_call_make(ctx, &c->id, &p);
	l->started++;
	if (rc) {
		c->over = true;
		l->ended++;
		if (rc == CTI_ENOCHAN)
			l->no_channel++;
		else
			l->causes[CTI_CAUSE_TEMPORARY_FAILURE]++;
		l->failed++;
	} else {
		if (c->id < l->n_index)
			l->index_of_id[c->id] = l->started;
		if (++l->active > l->max_active)
			l->max_active = l->active;
	}
	if (l->started < t->o->calls)
		cti_timer_start(ctx, (uint64_t)(1e3 / t->o->rate), place_next,
				t);
	else
		l->placing_done = true;
	maybe_finish(t);
}

static void on_event(struct tool *t, const struct cti_event *ev)
{
	struct load *l = t->cmd;
	const struct cti_call_event *c = &ev->u.call;
	struct load_call *lc;

	if (ev->type >= CTI_EVENT_SPAN_ALARM) {
		if (ev->u.span.span_id != t->span)
			return;
		if (t->o->verbose)
			print_event(t, ev, "load");
		/* SPAN_UP: the link has settled (libcti), start now */
		if (ev->type == CTI_EVENT_SPAN_UP && !l->started)
			place_next(t->ctx, t);
		return;
	}
	if (c->span_id != t->span || !(lc = find_call(l, c->call_id)))
		return;
	if (t->o->verbose)
		print_event(t, ev, "load");
	switch (ev->type) {
	case CTI_EVENT_CALL_ESTABLISHED:
		l->setup_ms[l->answered++] = (tool_now_s(t) - lc->t_make) * 1e3;
		cti_timer_start(t->ctx, (uint64_t)(t->o->duration_s * 1e3),
				clear_call, (void *)(uintptr_t)c->call_id);
		break;
	case CTI_EVENT_CALL_FAILED:
	case CTI_EVENT_CALL_CLEARED:
		if (ev->type == CTI_EVENT_CALL_FAILED ||
		    c->cause != CTI_CAUSE_NORMAL_CLEARING) {
			if (c->cause > 0 && c->cause < MAX_CAUSE)
				l->causes[c->cause]++;
		}
		if (ev->type == CTI_EVENT_CALL_FAILED)
			l->failed++;
		lc->over = true;
		l->active--;
		l->ended++;
		l->t_last_end = tool_now_s(t);
		maybe_finish(t);
		break;
	default:
		break;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted v[0..n-1]. */
static double percentile(const double *v, int n, double pct)
{
	int rank = (int)ceil(pct / 100.0 * n);

	if (n == 0)
		return NAN;
	return v[rank < 1 ? 0 : rank > n ? n - 1 : rank - 1];
}

static void report(const struct tool *t, const struct load *l)
{
	/* E.411: answered seizures over seizures; an attempt we could not
	 * even seize a B-channel for is blocked, not a seizure. */
	int seized = l->started - l->no_channel;
	double asr = seized ? 100.0 * l->answered / seized : 0;
	double elapsed = l->t_last_end - l->t_first;
	double p50 = percentile(l->setup_ms, l->answered, 50);
	double p90 = percentile(l->setup_ms, l->answered, 90);
	double p99 = percentile(l->setup_ms, l->answered, 99);
	double max = l->answered ? l->setup_ms[l->answered - 1] : NAN;

	if (t->o->json) {
		bool first = true;

		printf("{\"attempted\":%d,\"seized\":%d,\"answered\":%d,"
		       "\"failed\":%d,"
		       "\"asr_percent\":%.2f,\"rate_requested\":%.3f,"
		       "\"duration_s\":%.3f,\"elapsed_s\":%.3f,"
		       "\"max_concurrent\":%d,\"no_free_bchannel\":%d,"
		       "\"interrupted\":%s,",
		       l->started, seized, l->answered, l->failed, asr, t->o->rate,
		       t->o->duration_s, elapsed, l->max_active,
		       l->no_channel, l->interrupted ? "true" : "false");
		if (l->answered)
			printf("\"setup_ms\":{\"p50\":%.2f,\"p90\":%.2f,"
			       "\"p99\":%.2f,\"max\":%.2f},",
			       p50, p90, p99, max);
		else
			printf("\"setup_ms\":null,");
		printf("\"causes\":[");
		for (int i = 1; i < MAX_CAUSE; i++) {
			if (!l->causes[i])
				continue;
			printf("%s{\"cause\":%d,\"text\":\"%s\",\"count\":%d}",
			       first ? "" : ",", i, cti_cause_text(i),
			       l->causes[i]);
			first = false;
		}
		printf("]}\n");
		return;
	}
	if (l->interrupted)
		printf("interrupted after %d of %d calls (those up were "
		       "cleared)\n", l->started, t->o->calls);
	printf("calls attempted %d, seized %d, answered %d: ASR %.1f%%\n",
	       l->started, seized, l->answered, asr);
	printf("rate %.2f calls/s requested, %d concurrent at most, %.1f s "
	       "in all\n", t->o->rate, l->max_active, elapsed);
	if (l->answered)
		printf("setup latency (SETUP to CONNECT): p50 %.1f ms, p90 "
		       "%.1f ms, p99 %.1f ms, max %.1f ms\n",
		       p50, p90, p99, max);
	if (l->no_channel)
		printf("  %d attempt(s) blocked: no free B-channel\n",
		       l->no_channel);
	for (int i = 1; i < MAX_CAUSE; i++)
		if (l->causes[i])
			printf("  cause %3d %-40s %d\n", i, cti_cause_text(i),
			       l->causes[i]);
}

/* Ctrl-C: place no more calls, clear those up; the report follows once
 * they have ended. */
static void interrupt(struct tool *t)
{
	struct load *l = t->cmd;

	l->interrupted = true;
	l->placing_done = true;
	for (int i = 0; i < l->started; i++)
		if (!l->calls[i].over)
			cti_call_clear(t->ctx, l->calls[i].id,
				       CTI_CAUSE_NORMAL_CLEARING);
	if (!l->started)
		cti_ctx_stop(t->ctx);
	maybe_finish(t);
}

static void give_up(cti_ctx_t *ctx, void *user)
{
	struct tool *t = user;
	struct load *l = t->cmd;

	if (l->started)
		return;
	fprintf(stderr, "cti-call: the D channel did not come up within "
			"%.0f s\n", t->o->timeout_s);
	t->exit_code = EXIT_TROUBLE;
	cti_ctx_stop(ctx);
}

int cmd_load(struct tool *t)
{
	struct load l;
	int rc;

	memset(&l, 0, sizeof(l));
	snprintf(l.number, sizeof(l.number), "%s",
		 t->o->number ? t->o->number : "1000");
	l.calls = calloc((size_t)t->o->calls, sizeof(*l.calls));
	l.setup_ms = calloc((size_t)t->o->calls, sizeof(*l.setup_ms));
	l.n_index = 2 * (size_t)t->o->calls + 64;
	l.index_of_id = calloc(l.n_index, sizeof(*l.index_of_id));
	if (!l.calls || !l.setup_ms || !l.index_of_id) {
		free(l.calls);
		free(l.setup_ms);
		free(l.index_of_id);
		fprintf(stderr, "cti-call: out of memory\n");
		return EXIT_USAGE;
	}
	/* Lives as long as the run below; cleared before we return. */
	// cppcheck-suppress autoVariables
	t->cmd = &l;
	t->on_event = on_event;
	t->on_interrupt = interrupt;
	cti_timer_start(t->ctx, (uint64_t)(t->o->timeout_s * 1e3), give_up, t);
	rc = cti_ctx_run(t->ctx);
	if (rc) {
		fprintf(stderr, "cti-call: %s\n", cti_strerror(rc));
		t->exit_code = EXIT_USAGE;
	} else if (l.started) {
		qsort(l.setup_ms, (size_t)l.answered, sizeof(double),
		      cmp_double);
		report(t, &l);
		if (l.answered < l.started)
			t->exit_code = EXIT_TROUBLE;
	}
	free(l.calls);
	free(l.setup_ms);
	free(l.index_of_id);
	t->cmd = NULL;
	return t->exit_code;
}
