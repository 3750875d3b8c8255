// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Start-up: what the configuration model describes, opened in order --
 * the store (its file made 0600 first), the spans, the recorder, the
 * engine and its trunks, schedules, flows, queues, routes and extensions.
 * Calls a kill -9 or a crash cut are closed in the store first. Agents
 * are not logged in: they log in through cti-ctl at their shift.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

#define FAIL(rc_, ...)                               \
	do {                                         \
		snprintf(why, why_len, __VA_ARGS__); \
		return (rc_);                        \
	} while (0)

/* Customer data (callers' numbers) is never world- or group-readable
 * whatever the umask: the database file exists 0600 before SQLite opens
 * it, and SQLite gives its journal files the database's mode. */
static int store_file_private(const char *path)
{
	int fd;

	if (strchr(path, ':') && strncmp(path, "file:", 5) &&
	    strncmp(path, "sqlite:", 7))
		return 0; /* a server's URI: nothing local */
	if (!strncmp(path, "sqlite:", 7))
		path += 7;
	else if (!strncmp(path, "file:", 5))
		return 0; /* SQLite's URI syntax: the umask (027) applies */
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, 0600)) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	return 0;
}

/* Calls this instance had open when it last stopped without clearing them
 * (kill -9, a crash, a power cut) become records before any new call:
 * call numbers restart with the process. Cause 41, temporary failure
 * (Q.850): the network, not the caller, ended them. */
static int close_cut_calls(struct ctid *d, const char *path, char *why,
			   size_t why_len)
{
	size_t n = 0;
	int rc = cti_store_close_cut_calls(d->store, CTID_CUT_CALL_CAUSE,
					   ctid_wall_ms(), &n);

	if (rc)
		FAIL(rc, "store %s: closing the calls cut by the last stop: %s",
		     path, cti_strerror(rc));
	if (n)
		ctid_log(d, CTI_LOG_NOTICE,
			 "store: %zu call%s cut by the last stop closed "
			 "(cause %d)",
			 n, n == 1 ? "" : "s", CTID_CUT_CALL_CAUSE);
	else
		ctid_log(d, CTI_LOG_INFO,
			 "store: no call cut by the last stop");
	return 0;
}

/* Agents logged in when this instance last stopped without logging them
 * out come back logged out (nobody is logged in at start): their open
 * sessions are closed now with reason "restart", so the store says so. */
static int close_cut_sessions(struct ctid *d, const char *path, char *why,
			      size_t why_len)
{
	size_t n = 0;
	int rc = cti_store_close_cut_sessions(d->store, ctid_wall_ms(), &n);

	if (rc)
		FAIL(rc,
		     "store %s: closing the agents' sessions cut by the "
		     "last stop: %s",
		     path, cti_strerror(rc));
	ctid_log(d, n ? CTI_LOG_NOTICE : CTI_LOG_INFO,
		 "store: %zu agent%s logged out by the restart", n,
		 n == 1 ? "" : "s");
	return 0;
}

/* The KPI intervals open when this instance last stopped without
 * closing them: their last checkpoint (at most CC_IV_CHECKPOINT_MS old)
 * becomes their record. */
static int close_cut_intervals(struct ctid *d, const char *path, char *why,
			       size_t why_len)
{
	size_t n = 0;
	int rc = cti_store_close_cut_intervals(d->store, &n);

	if (rc)
		FAIL(rc,
		     "store %s: closing the intervals cut by the last "
		     "stop: %s",
		     path, cti_strerror(rc));
	ctid_log(d, n ? CTI_LOG_NOTICE : CTI_LOG_INFO,
		 "store: %zu interval%s cut by the last stop stored as "
		 "checkpointed",
		 n, n == 1 ? "" : "s");
	return 0;
}

static int open_store(struct ctid *d, const struct ctid_conf *c, char *why,
		      size_t why_len)
{
	struct cti_store_config sc = { .ctx = d->ctx, .instance = c->instance };
	int rc;

	if (!c->store)
		return 0;
	if ((rc = store_file_private(c->store)))
		FAIL(rc, "store %s: %s", c->store, cti_strerror(rc));
	if ((rc = cti_store_open(&d->store, c->store, &sc)))
		FAIL(rc, "store %s: %s", c->store, cti_strerror(rc));
	if ((rc = close_cut_calls(d, c->store, why, why_len)) ||
	    (rc = close_cut_intervals(d, c->store, why, why_len)))
		return rc;
	return close_cut_sessions(d, c->store, why, why_len);
}

/* What dahdi_cfg set the span up for (a D channel, or CAS on every voice
 * channel) must be what the file says, or no call would ever work: said
 * here in the file's words. A span that cannot be read is left to
 * cti_span_open_dahdi() to report. */
static int dahdi_signalling_agrees(const struct ctid_conf_span *s, char *why,
				   size_t why_len)
{
	char reason[256] = "";
	int got = cti_span_dahdi_signalling(s->dahdi, reason, sizeof(reason));
	int want = s->signalling == CTID_SIG_R2 ? CTI_SIGNALLING_R2
						: CTI_SIGNALLING_PRI;

	if (got < 0 || got == want)
		return 0;
	FAIL(CTI_EINVAL,
	     "span %s (DAHDI span %d): signalling = \"%s\" but DAHDI has it "
	     "set up for %s (system.conf, dahdi_cfg)",
	     s->name, s->dahdi, want == CTI_SIGNALLING_R2 ? "r2" : "pri",
	     got == CTI_SIGNALLING_R2 ? "CAS (R2)" : "a D channel (PRI)");
}

static int open_span(struct ctid *d, const struct ctid_conf_span *s, char *why,
		     size_t why_len)
{
	struct ctid_span *o = &d->spans[d->n_spans];
	struct cti_span_config far = s->cfg;
	int rc;

	if (s->dahdi && (rc = dahdi_signalling_agrees(s, why, why_len)))
		return rc;
	if (s->dahdi) {
		rc = cti_span_open_dahdi(d->ctx, &o->id, s->dahdi, &s->cfg);
	} else {
		far.side = s->cfg.side == CTI_SIDE_NET ? CTI_SIDE_CPE
						       : CTI_SIDE_NET;
		rc = cti_span_open_loop(d->ctx, &o->id, &o->loop_far, &s->cfg,
					&far, NULL);
	}
	if (rc)
		FAIL(rc, "span %s (%s %d): %s", s->name,
		     s->dahdi ? "DAHDI span" : "loop", s->dahdi,
		     cti_strerror(rc));
	snprintf(o->name, sizeof(o->name), "%s", s->name);
	snprintf(o->trunk, sizeof(o->trunk), "%s", s->trunk);
	o->signalling = s->signalling;
	o->dahdi_span = s->dahdi;
	d->n_spans++;
	return 0;
}

static int open_recorder(struct ctid *d, const struct ctid_conf *c, char *why,
			 size_t why_len)
{
	const char *rcp[8];
	struct cti_rec_config rc_ = { .ctx = d->ctx,
				      .signing_key = c->rec.signing_key,
				      .recipients = rcp,
				      .n_recipients = c->rec.n_recipients,
				      .index = d->store };
	int rc;

	if (!c->rec.on)
		return 0;
	for (uint32_t k = 0; k < c->rec.n_recipients; k++)
		rcp[k] = c->rec.recipients[k];
	if ((rc = cti_rec_open(&d->recorder, c->rec.dir, &rc_)))
		FAIL(rc, "recording %s: %s (the log says which file)",
		     c->rec.dir, cti_strerror(rc));
	return 0;
}

static int add_trunks(struct ctid *d, const struct ctid_conf *c, char *why,
		      size_t why_len)
{
	for (size_t t = 0; t < c->n_trunks; t++) {
		cti_span_id_t ids[CTI_CENTER_MAX_SPANS];
		struct cti_center_trunk_config tc = { .name = c->trunks[t].name,
						      .kind = c->trunks[t].kind,
						      .spans = ids };
		int rc;

		for (size_t i = 0; i < d->n_spans; i++)
			if (!strcmp(d->spans[i].trunk, tc.name))
				ids[tc.n_spans++] = d->spans[i].id;
		if ((rc = cti_center_trunk_add(d->cc, &tc)))
			FAIL(rc, "trunk %s: %s", tc.name, cti_strerror(rc));
	}
	return 0;
}

/* Queues in an order where every overflow target is added before the
 * queue that overflows to it; a cycle (a to b, b to a) cannot be added. */
static int add_queues(struct ctid *d, const struct ctid_conf *c, char *why,
		      size_t why_len)
{
	size_t left = c->n_queues;
	bool added[CTID_CONF_MAX_LIST] = { false };

	while (left) {
		size_t before = left;

		for (size_t i = 0; i < c->n_queues; i++) {
			int rc;

			if (added[i])
				continue;
			rc = cti_center_queue_add(d->cc, &c->queues[i]);
			if (rc == CTI_ENOENT)
				continue; /* an overflow target not yet there */
			if (rc)
				FAIL(rc, "queue %s: %s", c->queues[i].acd.name,
				     cti_strerror(rc));
			added[i] = true;
			left--;
		}
		if (left == before)
			FAIL(CTI_EINVAL, "queues: overflow steps form a cycle");
	}
	return 0;
}

int ctid_engine_add_routes(struct ctid *d, const struct ctid_conf *c, char *why,
			   size_t why_len);
int ctid_engine_add_routes(struct ctid *d, const struct ctid_conf *c, char *why,
			   size_t why_len)
{
	for (size_t i = 0; i < c->n_routes; i++) {
		int rc = cti_center_route_add(d->cc, &c->routes[i]);

		if (rc)
			FAIL(rc, "route %zu (%s): %s", i + 1,
			     c->routes[i].target, cti_strerror(rc));
	}
	return 0;
}

static int fill_engine(struct ctid *d, const struct ctid_conf *c, char *why,
		       size_t why_len)
{
	int rc;

	if ((rc = add_trunks(d, c, why, why_len)))
		return rc;
	for (size_t i = 0; i < c->n_schedules; i++)
		if ((rc = cti_center_schedule_add(d->cc, &c->schedules[i].s)))
			FAIL(rc, "schedule %s: %s", c->schedules[i].s.name,
			     cti_strerror(rc));
	for (size_t i = 0; i < c->n_flows; i++)
		if ((rc = cti_center_flow_add(d->cc, c->flows[i].name,
					      c->flows[i].flow)))
			FAIL(rc, "flow %s: %s", c->flows[i].name,
			     cti_strerror(rc));
	if ((rc = add_queues(d, c, why, why_len)) ||
	    (rc = ctid_engine_add_routes(d, c, why, why_len)))
		return rc;
	for (size_t i = 0; i < c->n_extensions; i++)
		if ((rc = cti_center_extension_add(d->cc, &c->extensions[i])))
			FAIL(rc, "extension %s: %s", c->extensions[i].number,
			     cti_strerror(rc));
	return 0;
}

int ctid_start(struct ctid *d, struct ctid_conf *c, char *why, size_t why_len)
{
	struct cti_center_config cfg = { .prompts = c->prompts,
					 .epoch_ms_at_zero =
						 d->epoch_ms_at_zero,
					 .utc_offset_min = c->utc_offset_min,
					 .interval_ms = c->interval_ms,
					 .sl_threshold_ms = c->sl_threshold_ms,
					 .short_abandon_ms =
						 c->short_abandon_ms,
					 .phone_retry_ms = c->phone_retry_ms,
					 /* 09:00, 09:15...: days line up */
					 .flags = CTI_CENTER_ALIGN_INTERVALS };
	int rc;

	d->conf = c;
	d->prompts = c->prompts;
	d->drain_timeout_ms = c->drain_timeout_ms;
	if ((rc = open_store(d, c, why, why_len)))
		return rc;
	for (size_t i = 0; i < c->n_spans; i++)
		if ((rc = open_span(d, &c->spans[i], why, why_len)))
			return rc;
	if ((rc = open_recorder(d, c, why, why_len)))
		return rc;
	cfg.store = d->store;
	cfg.recorder = d->recorder;
	cfg.rec_policy = c->rec.policy;
	if ((rc = cti_center_new(&d->cc, d->ctx, &cfg)))
		FAIL(rc, "engine: %s", cti_strerror(rc));
	if ((rc = fill_engine(d, c, why, why_len)))
		return rc;
	return ctid_trial_start(d, c, why, why_len);
}
