// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The running daemon: the loop's event callback (the engine first, then
 * its events logged), signals through a signalfd in the same loop (HUP
 * reloads, TERM and INT drain), the drain itself, and the operations the
 * control socket calls (agent login, span capture, span lookup).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"

void ctid_retired_free(struct ctid *d, bool all);

static void drain_check(struct ctid *d)
{
	if (d->draining && !d->stopping && !cti_center_calls(d->cc)) {
		d->stopping = true;
		ctid_log(d, CTI_LOG_NOTICE, "drained: no call left, stopping");
		cti_ctx_stop(d->ctx);
	}
}

static void log_center_event(struct ctid *d, const struct cti_center_event *e)
{
	switch (e->type) {
	case CTI_CENTER_EV_HOOK:
		/* ctid has no application hooks: the flow takes its
		 * "error" branch (docs/ctid.md) */
		ctid_log(d, CTI_LOG_WARNING,
			 "call %u: flow hook %s has no handler", e->call,
			 e->name);
		cti_center_hook_done(d->cc, e->call, "error");
		break;
	case CTI_CENTER_EV_ERROR:
		ctid_log(d, CTI_LOG_WARNING, "call %u: %s (%s)", e->call,
			 e->name, cti_strerror(e->cause));
		break;
	case CTI_CENTER_EV_ENDED:
		ctid_log(d, CTI_LOG_INFO, "call %u ended, cause %d", e->call,
			 e->cause);
		break;
	case CTI_CENTER_EV_AGENT_STATE:
		ctid_log(d, CTI_LOG_INFO, "agent %s: state %u (%d)", e->agent,
			 e->state, e->reason);
		break;
	default:
		if (e->type <= CTI_CENTER_EV_CONNECTED)
			ctid_log(d, CTI_LOG_INFO, "call %u: %s %s %s", e->call,
				 cti_center_event_name((int)e->type), e->queue,
				 e->agent);
		break;
	}
}

void ctid_on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *user)
{
	struct ctid *d = user;
	struct cti_center_event ce;

	(void)ctx;
	if (!ctid_trial_event(d, ev))
		cti_center_handle_event(d->cc, ev);
	while (cti_center_next_event(d->cc, &ce) > 0) {
		log_center_event(d, &ce);
	}
	drain_check(d);
}

static void drain_deadline(cti_ctx_t *ctx, void *user)
{
	struct ctid *d = user;
	int n;

	(void)ctx;
	d->drain_timer = 0;
	n = cti_center_hangup_all(d->cc, 16);
	ctid_log(d, CTI_LOG_NOTICE,
		 "drain timeout: %d call(s) cleared (cause 16)", n);
	drain_check(d);
}

int ctid_drain(struct ctid *d, uint32_t timeout_ms)
{
	int rc;

	if (d->draining)
		return 0;
	if ((rc = cti_center_refuse_new(d->cc, 42)))
		return rc;
	d->draining = true;
	/* the trial's callers hang up: the calls end and the drain with them */
	ctid_trial_log(d, "at the drain");
	ctid_trial_hangup(d);
	d->drain_deadline_ms = cti_now_ms(d->ctx) + timeout_ms;
	ctid_service_stopping(d);
	ctid_log(d, CTI_LOG_NOTICE,
		 "draining: new calls refused (42), %zu in "
		 "progress, cleared after %u ms",
		 cti_center_calls(d->cc), timeout_ms);
	d->drain_timer = cti_timer_start(d->ctx, timeout_ms, drain_deadline, d);
	drain_check(d);
	return 0;
}

static void on_signal(cti_ctx_t *ctx, int fd, uint32_t revents, void *user)
{
	struct ctid *d = user;
	struct signalfd_siginfo si;
	char why[512];

	(void)ctx;
	(void)revents;
	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			ctid_log(d, CTI_LOG_NOTICE, "SIGHUP: reloading %s",
				 d->conf_path);
			ctid_reload(d, why, sizeof(why));
		} else {
			ctid_log(d, CTI_LOG_NOTICE, "%s: stopping",
				 strsignal((int)si.ssi_signo));
			ctid_drain(d, d->drain_timeout_ms);
		}
	}
}

int ctid_signals_open(struct ctid *d)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d->sigfd < 0)
		return CTI_EIO;
	return cti_ctx_watch_fd(d->ctx, d->sigfd, EPOLLIN, on_signal, d);
}

int ctid_agent_login(struct ctid *d, const char *agent, const char *ext)
{
	const struct ctid_conf_agent *a = ctid_conf_agent(d->conf, agent);

	if (!a)
		return CTI_ENOENT;
	if (!ext || !*ext)
		ext = a->extension;
	if (!ext)
		return CTI_ENOENT;
	return cti_center_agent_login(d->cc, agent, ext, a->skills,
				      a->n_skills);
}

struct ctid_span *ctid_span_by_name(struct ctid *d, const char *name)
{
	for (size_t i = 0; i < d->n_spans; i++)
		if (!strcmp(d->spans[i].name, name))
			return &d->spans[i];
	return NULL;
}

int ctid_span_capture(struct ctid *d, const char *span, const char *path,
		      char *why, size_t why_len)
{
	struct ctid_span *s = ctid_span_by_name(d, span);
	int rc;

	if (!s) {
		snprintf(why, why_len, "no span '%s'", span);
		return CTI_ENOENT;
	}
	if (path && strlen(path) >= sizeof(s->capture_path)) {
		snprintf(why, why_len, "capture path too long");
		return CTI_EINVAL;
	}
	/* the file is created 0600: D-channel frames carry callers' numbers */
	if ((rc = cti_span_set_capture(d->ctx, s->id, path))) {
		snprintf(why, why_len, "span %s: capture %s: %s", span,
			 path ? path : "off", cti_strerror(rc));
		return rc;
	}
	s->capturing = path != NULL;
	snprintf(s->capture_path, sizeof(s->capture_path), "%s",
		 path ? path : "");
	ctid_log(d, CTI_LOG_NOTICE, "span %s: D-channel capture %s%s", span,
		 path ? "to " : "off", path ? path : "");
	return 0;
}

void ctid_stop(struct ctid *d)
{
	if (d->sigfd > 0) {
		cti_ctx_unwatch_fd(d->ctx, d->sigfd);
		close(d->sigfd);
		d->sigfd = 0;
	}
	ctid_trial_log(d, "at the stop");
	ctid_trial_free(d);
	cti_center_free(d->cc);
	d->cc = NULL;
	ctid_retired_free(d, true);
	cti_rec_close(d->recorder);
	d->recorder = NULL;
	cti_ctx_free(d->ctx);
	d->ctx = NULL;
	cti_store_close(d->store);
	d->store = NULL;
	ctid_conf_free(d->conf);
	d->conf = NULL;
}

/* The wall clock, UTC ms (records cut by a crash are closed with it). */
int64_t ctid_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
