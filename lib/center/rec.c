// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Recording of the engine's calls (cfg.recorder, cfg.rec_policy; lib/rec,
 * docs/recording.md): the policy is asked when the customer's audio
 * starts and again at every queue the call enters, until it says ALWAYS;
 * then one recording follows the customer's call to its end, through
 * queues, agents, transfers and conferences. Every 20 ms block of every
 * leg goes to cti_rec_call_tap() in both directions (the customer's leg
 * is the caller, every other leg our side); a secret collected by the
 * call's IVR session is kept out (paused or masked per policy) from the
 * block its collect starts in until its last DTMF tone has ended. Events
 * carry the recording's id and status, never a digit.
 */
#include <stdio.h>
#include <string.h>

#include "center/center.h"
#include "core/ctx.h"
#include "ivr/prompts.h"

/* Blocks of quiet (no secret collect, no tone) before recording resumes:
 * the receiver here and the session's may see a tone's edges a block or
 * two apart. */
#define QUIET_BLOCKS 5

static struct cti_center_event *rec_emit(cti_center_t *cc, struct cc_call *c,
					 int type)
{
	struct cti_center_event *e = cc__emit(cc, type, c);

	if (e && c->rc)
		snprintf(e->u.rec.id, sizeof(e->u.rec.id), "%s",
			 cti_rec_call_id(c->rc));
	return e;
}

static void rec_failed(cti_center_t *cc, struct cc_call *c, const char *what,
		       int rc)
{
	struct cti_center_event *e = rec_emit(cc, c, CTI_CENTER_EV_REC_FAILED);

	if (e) {
		e->cause = rc;
		snprintf(e->name, sizeof(e->name), "%s: %s", what,
			 cti_err_name(rc));
	}
	cti__log(cc->ctx, CTI_LOG_ERROR, "center",
		 "call %u: recording %s failed: %s", c->id,
		 c->rc ? cti_rec_call_id(c->rc) : "", cti_strerror(rc));
	c->rc_failed = true;
}

/* The account number of the flow's variables (call data), if any. */
static void account_of(const struct cc_call *c, char *out, size_t cap)
{
	const char *p = c->data;

	*out = 0;
	while (p && *p) {
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > 8 && !strncmp(p, "account=", 8) && len - 8 < cap) {
			memcpy(out, p + 8, len - 8);
			out[len - 8] = 0;
			return;
		}
		p = end ? end + 1 : NULL;
	}
}

/* The prompt's samples in the engine's set, which *ps says (the call
 * plays them from it to their end: prompts.c). */
static const int16_t *prompt_of(cti_center_t *cc, const struct cc_call *c,
				const char *name, size_t *n,
				const cti_prompts_t **ps)
{
	const struct cti__prompt *p;

	*ps = cc->cfg.prompts;
	if (!*name || !cc->cfg.prompts)
		return NULL;
	p = cti__prompt_find(cc->cfg.prompts, name);
	if (!p) {
		cti__log(cc->ctx, CTI_LOG_WARNING, "center",
			 "call %u: no prompt %s for the recording", c->id,
			 name);
		return NULL;
	}
	*n = p->n;
	return p->s;
}

/* Start the recording the decision c->rc_d asks for; demand: the agent
 * asked. */
static int rec_begin(cti_center_t *cc, struct cc_call *c, const char *queue,
		     bool demand)
{
	const struct cti_rec_decision *d = &c->rc_d;
	struct cti_rec_meta m;
	struct cti_center_event *e;
	char account[CTI_REC_ACCOUNT_MAX];
	int rc;

	account[0] = 0;
	if (d->keep_account)
		account_of(c, account, sizeof(account));
	rc = cti_rec_policy_meta(d, c->id, c->ani, c->dnis, c->agent, queue,
				 account, &m);
	if (!rc) {
		m.start_epoch_ms = cc->cfg.epoch_ms_at_zero +
				   (int64_t)cti_now_ms(cc->ctx);
		rc = cti_rec_start(cc->cfg.recorder, &c->rc, &m);
	}
	if (rc) {
		c->rc = NULL;
		rec_failed(cc, c, "start", rc);
		return rc;
	}
	c->rc_mode = d->secret_mode;
	c->rc_t0_set = false;
	c->rc_paused = false;
	e = rec_emit(cc, c, CTI_CENTER_EV_REC_STARTED);
	if (e) {
		e->u.rec.channels = m.channels ? m.channels : 2;
		e->u.rec.rule = d->rule;
		e->u.rec.demand = demand;
	}
	cti__log(cc->ctx, CTI_LOG_INFO, "center",
		 "call %u: recording %s started (rule %u, %s%s)", c->id,
		 cti_rec_call_id(c->rc), d->rule,
		 m.channels == 1 ? "mono" : "stereo",
		 demand ? ", the agent asked" : "");
	c->rc_ann = prompt_of(cc, c, d->announce, &c->rc_ann_n,
			      &c->rc_ann_ps);
	c->rc_ann_pos = 0;
	return 0;
}

void cc__rec_consider(cti_center_t *cc, struct cc_call *c, int q)
{
	const char *queue = q >= 0 ? cc->queues[q].name : "";
	struct cti_rec_decision d = { .mode = CTI_REC_ALWAYS,
				      .channels = 2,
				      .retention_days =
					      CTI_REC_RETENTION_DEFAULT_DAYS,
				      .secret_mode = CTI_REC_PAUSE };

	if (!cc->cfg.recorder || c->rc || c->rc_failed)
		return;
	if (cc->cfg.rec_policy &&
	    cti_rec_policy_decide(cc->cfg.rec_policy, queue, c->dnis, &d))
		return;
	c->rc_d = d;
	c->rc_decided = true;
	if (d.mode != CTI_REC_ALWAYS)
		return; /* asked again at the next queue; on demand: the agent */
	rec_begin(cc, c, queue, false);
}

/* The call `agent` talks to or holds (as control.c's agent services). */
static struct cc_call *call_of_agent(cti_center_t *cc, const char *agent,
				     int *rc)
{
	int a = cc__agent_find(cc, agent);

	*rc = CTI_ENOENT;
	if (a < 0 || !cc->agents[a].logged_in)
		return NULL;
	*rc = CTI_ESTATE;
	for (size_t b = 0; b < CC_HASH; b++)
		for (struct cc_call *c = cc->calls[b]; c; c = c->hnext)
			if (c->peer && c->peer->kind == LEG_AGENT &&
			    c->peer->agent == a && !c->peer->clearing &&
			    (c->state == CTI_CENTER_CALL_CONNECTED ||
			     c->state == CTI_CENTER_CALL_HELD)) {
				*rc = 0;
				return c;
			}
	return NULL;
}

CTI_EXTERN int cti_center_agent_record(cti_center_t *cc, const char *agent,
				       bool on)
{
	struct cc_call *c;
	const char *queue;
	int rc;

	if (!cc || !agent)
		return CTI_EINVAL;
	if (!cc->cfg.recorder)
		return CTI_ENOTSUP;
	if (!(c = call_of_agent(cc, agent, &rc)))
		return rc;
	queue = c->queue >= 0 && (size_t)c->queue < cc->n_queues
			? cc->queues[c->queue].name
			: "";
	if (!c->rc_decided) {
		struct cti_rec_decision d = {
			.mode = CTI_REC_ALWAYS,
			.channels = 2,
			.retention_days = CTI_REC_RETENTION_DEFAULT_DAYS,
			.secret_mode = CTI_REC_PAUSE
		};

		if (cc->cfg.rec_policy &&
		    (rc = cti_rec_policy_decide(cc->cfg.rec_policy, queue,
						c->dnis, &d)))
			return rc;
		c->rc_d = d;
		c->rc_decided = true;
	}
	if (c->rc_d.mode == CTI_REC_NEVER)
		return CTI_EPERM;
	if (on) {
		if (c->rc)
			return CTI_EALREADY;
		c->rc_failed = false;
		return rec_begin(cc, c, queue, true);
	}
	if (!c->rc)
		return CTI_EALREADY;
	if (c->rc_d.mode == CTI_REC_ALWAYS)
		return CTI_EPERM; /* a trading line records everything */
	cti__log(cc->ctx, CTI_LOG_INFO, "center",
		 "call %u: agent %s stops recording %s", c->id, agent,
		 cti_rec_call_id(c->rc));
	cc__rec_stop(cc, c, false);
	return 0;
}

/* Add `name` to a comma-separated list unless it is there or does not
 * fit; true if added. */
static bool list_add(char *list, size_t cap, const char *name)
{
	size_t ll = strlen(list), nl = strlen(name);

	if (!nl || strchr(name, ','))
		return false;
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l == nl && !memcmp(p, name, nl))
			return false;
		if (!e)
			break;
		p = e + 1;
	}
	if (ll + (ll ? 1 : 0) + nl >= cap)
		return false; /* the first ones are kept */
	if (ll)
		list[ll++] = ',';
	memcpy(list + ll, name, nl + 1);
	return true;
}

/* Metadata learnt since the start: every agent who took the call, every
 * queue it went through, the account the flow read (if the policy keeps
 * it), written as a metadata update when it changes. */
static void track_meta(cti_center_t *cc, struct cc_call *c)
{
	struct cti_rec_meta m;
	bool changed = false;
	int rc;

	if (cti_rec_call_meta(c->rc, &m))
		return;
	changed |= list_add(m.agent, sizeof(m.agent), c->agent);
	if (c->queue >= 0 && (size_t)c->queue < cc->n_queues)
		changed |= list_add(m.queue, sizeof(m.queue),
				    cc->queues[c->queue].name);
	if (c->rc_d.keep_account) {
		char account[CTI_REC_ACCOUNT_MAX];

		account_of(c, account, sizeof(account));
		if (*account && strcmp(account, m.account)) {
			memcpy(m.account, account, sizeof(m.account));
			changed = true;
		}
	}
	if (!changed)
		return;
	rc = cti_rec_call_update_meta(c->rc, &m);
	if (rc && rc != CTI_EINVAL)
		rec_failed(cc, c, "metadata", rc);
	else if (!rc)
		cti__log(cc->ctx, CTI_LOG_INFO, "center",
			 "call %u: recording %s: agents %s, queues %s", c->id,
			 cti_rec_call_id(c->rc), m.agent, m.queue);
}

void cc__rec_prompt(struct cc_call *c, int16_t *tx, size_t n)
{
	size_t k = 0;

	if (!c->rc_prompt)
		return;
	for (; k < n && c->rc_prompt_pos < c->rc_prompt_n; k++)
		tx[k] = c->rc_prompt[c->rc_prompt_pos++];
	if (c->rc_prompt_pos >= c->rc_prompt_n)
		c->rc_prompt = NULL;
}

bool cc__rec_announce(struct cc_call *c, int16_t *tx, size_t n)
{
	size_t k = 0;

	if (!c->rc_ann)
		return false;
	for (; k < n && c->rc_ann_pos < c->rc_ann_n; k++)
		tx[k] = c->rc_ann[c->rc_ann_pos++];
	for (; k < n; k++)
		tx[k] = 0;
	if (c->rc_ann_pos >= c->rc_ann_n)
		c->rc_ann = NULL; /* the call's own audio next block */
	return true;
}

static uint64_t pos_at(const struct cc_call *c, uint64_t now)
{
	return c->rc_t0_set && now > c->rc_t0 ? (now - c->rc_t0) * 8 : 0;
}

void cc__rec_tap(cti_center_t *cc, const struct cc_leg *l, uint64_t now,
		 const int16_t *rx, const int16_t *tx, size_t n)
{
	struct cc_call *c = l->call;
	struct cti_rec_frame f = { .n = (uint32_t)n, .fmt = CTI_PCM_S16 };
	int rc;

	if (!c || !c->rc || c->rc_failed)
		return;
	if (!c->rc_t0_set) {
		if (l != c->cust)
			return; /* the timeline starts with the customer */
		c->rc_t0 = now;
		c->rc_t0_set = true;
	}
	if (now < c->rc_t0)
		return;
	if (l == c->cust)
		track_meta(cc, c);
	if (c->rc_failed)
		return;
	f.pos = pos_at(c, now);
	f.leg = l->id;
	f.role = l == c->cust ? CTI_REC_CALLER : CTI_REC_AGENT;
	f.dir = CTI_REC_FROM_PARTY;
	f.samples = rx;
	rc = cti_rec_call_tap(c->rc, &f);
	if (!rc) {
		f.dir = CTI_REC_TO_PARTY;
		f.samples = tx;
		rc = cti_rec_call_tap(c->rc, &f);
	}
	if (rc && rc != CTI_EINVAL)
		rec_failed(cc, c, "tap", rc);
}

/* Type-ahead (docs/recording.md, "Type-ahead"): a digit whose tone
 * starts while no collect runs is kept by the session for the next
 * collect, which takes all of them; when that is a secret's, the pause
 * reaches back to the first. A collect that ran up to this many samples
 * before a tone's start (the receivers here and the session's see it a
 * block or two apart) still owns it. */
#define COLLECT_SLACK (3 * 160)
/* the receiver's estimate of a tone's start may be a little late */
#define ONSET_MARGIN 160

/* Blocks a secret's pause waits, to see tones the receiver here
 * reports later than the session did (the first digit that started the
 * collect): the pause still reaches back over them, into audio not yet
 * sealed. */
#define PENDING_BLOCKS 4

/* Follow the caller's tones: rc_tone, the type-ahead keyed (a tone
 * starting while no collect ran lately); returns the earliest start of a
 * tone recognised in this block (UINT64_MAX: none). */
static uint64_t track_tones(struct cc_call *c, const int16_t *rx, size_t n)
{
	uint64_t first = UINT64_MAX;
	cti_dtmf_event_t d;

	cti_dtmf_rx_linear(c->rc_dtmf, rx, n);
	while (cti_dtmf_rx_next_event(c->rc_dtmf, &d) > 0) {
		uint64_t at = c->rc_dtmf_base + d.start;

		at = at > ONSET_MARGIN ? at - ONSET_MARGIN : 0;
		c->rc_tone = d.type == CTI_DTMF_START;
		if (d.type != CTI_DTMF_START)
			continue;
		if (at < first)
			first = at;
		if (!c->rc_run && c->rc_collect_pos + COLLECT_SLACK < at) {
			c->rc_run = true;
			c->rc_run_from = at;
		}
	}
	explicit_bzero(&d, sizeof(d));
	return first;
}

/* Where the pause of a secret collect starting at pos begins: at the
 * first digit typed ahead for it, else at pos. */
static uint64_t secret_from(const struct cc_call *c, uint64_t pos)
{
	return c->rc_run && c->rc_run_from < pos ? c->rc_run_from : pos;
}

/* Pause from `from`, or from as soon after it as is still buffered. */
static int pause_from(cti_center_t *cc, struct cc_call *c, uint64_t *from,
		      uint64_t pos)
{
	uint64_t want = *from;
	int rc;

	while ((rc = cti_rec_call_pause(c->rc, *from, c->rc_mode)) ==
		       CTI_ERANGE &&
	       *from < pos)
		*from = *from + 160 < pos ? *from + 160 : pos;
	if (!rc && *from > want)
		cti__log(cc->ctx, CTI_LOG_WARNING, "center",
			 "call %u: recording %s: type-ahead from %llu ms "
			 "was sealed already; kept out from %llu ms",
			 c->id, cti_rec_call_id(c->rc),
			 (unsigned long long)(want / 8),
			 (unsigned long long)(*from / 8));
	return rc;
}

void cc__rec_secrets(cti_center_t *cc, struct cc_call *c, uint64_t now,
		     const int16_t *rx, size_t n)
{
	bool secret = (c->ivr && cti__ivr_secret_collecting(c->ivr)) ||
		      (c->app_ivr && cti__ivr_secret_collecting(c->app_ivr));
	bool collecting = cti__ivr_collecting(c->ivr) ||
			  cti__ivr_collecting(c->app_ivr);
	uint64_t pos = pos_at(c, now), onset = UINT64_MAX, from;
	struct cti_center_event *e;
	int rc;

	if (!c->rc || c->rc_failed)
		return;
	/* listen while a flow may collect (type-ahead) or a secret is out */
	if (!c->rc_dtmf && (c->ivr || c->app_ivr || c->rc_paused)) {
		if (cti_dtmf_rx_init(&c->rc_dtmf, NULL, NULL))
			c->rc_dtmf = NULL;
		c->rc_dtmf_base = pos;
		c->rc_run = false;
	}
	if (c->rc_dtmf)
		onset = track_tones(c, rx, n);
	if (collecting) {
		if (!secret)
			c->rc_run = false; /* it took what was typed ahead */
		c->rc_collect_pos = pos + n;
	}
	if (!c->rc_paused) {
		if (!c->rc_pending) {
			if (!secret)
				return;
			c->rc_pending = PENDING_BLOCKS;
			c->rc_secret_from = secret_from(c, pos);
		}
		if (onset < c->rc_secret_from)
			c->rc_secret_from = onset;
		if (--c->rc_pending)
			return;
		from = c->rc_secret_from;
		rc = pause_from(cc, c, &from, pos);
		if (rc) {
			rec_failed(cc, c, "pause", rc);
			return;
		}
		c->rc_paused = true;
		c->rc_quiet = 0;
		/* the caller hears it over the flow, which keeps listening */
		c->rc_prompt = prompt_of(cc, c, c->rc_d.pause_prompt,
					 &c->rc_prompt_n, &c->rc_prompt_ps);
		c->rc_prompt_pos = 0;
		e = rec_emit(cc, c, CTI_CENTER_EV_REC_PAUSED);
		if (e) {
			e->u.rec.pos_ms = from / 8;
			e->u.rec.mode = c->rc_mode;
		}
		cti__log(cc->ctx, CTI_LOG_INFO, "center",
			 "call %u: recording %s %s at %llu ms: a secret is "
			 "collected",
			 c->id, cti_rec_call_id(c->rc),
			 c->rc_mode == CTI_REC_MASK ? "masked" : "paused",
			 (unsigned long long)(from / 8));
	}
	if (secret || c->rc_tone) {
		c->rc_quiet = 0;
		return;
	}
	if (++c->rc_quiet < QUIET_BLOCKS)
		return;
	/* from the next block on */
	rc = cti_rec_call_resume(c->rc, pos + n);
	if (rc) {
		rec_failed(cc, c, "resume", rc);
		return;
	}
	c->rc_paused = false;
	c->rc_run = false; /* that run was the secret's */
	c->rc_prompt = prompt_of(cc, c, c->rc_d.resume_prompt,
				 &c->rc_prompt_n, &c->rc_prompt_ps);
	c->rc_prompt_pos = 0;
	e = rec_emit(cc, c, CTI_CENTER_EV_REC_RESUMED);
	if (e)
		e->u.rec.pos_ms = (pos + n) / 8;
	cti__log(cc->ctx, CTI_LOG_INFO, "center",
		 "call %u: recording %s resumed at %llu ms", c->id,
		 cti_rec_call_id(c->rc), (unsigned long long)((pos + n) / 8));
}

void cc__rec_stop(cti_center_t *cc, struct cc_call *c, bool quiet)
{
	struct cti_rec_info info;
	struct cti_center_event *e;
	char id[CTI_REC_ID_LEN + 1];
	int rc;

	cti_dtmf_rx_free(c->rc_dtmf);
	c->rc_dtmf = NULL;
	c->rc_ann = NULL;
	c->rc_prompt = NULL;
	c->rc_paused = false;
	c->rc_pending = 0;
	if (!c->rc)
		return;
	snprintf(id, sizeof(id), "%s", cti_rec_call_id(c->rc));
	memset(&info, 0, sizeof(info));
	rc = cti_rec_call_stop(c->rc, &info); /* frees it */
	c->rc = NULL;
	if (rc) {
		cti__log(cc->ctx, CTI_LOG_ERROR, "center",
			 "call %u: recording %s not closed: %s", c->id, id,
			 cti_strerror(rc));
	} else {
		cti__log(cc->ctx, CTI_LOG_INFO, "center",
			 "call %u: recording %s closed: %llu chunks, %llu ms",
			 c->id, id, (unsigned long long)info.chunks,
			 (unsigned long long)(info.end_pos / 8));
	}
	if (quiet)
		return;
	e = cc__emit(cc, rc ? CTI_CENTER_EV_REC_FAILED
			    : CTI_CENTER_EV_REC_STOPPED,
		     c);
	if (!e)
		return;
	snprintf(e->u.rec.id, sizeof(e->u.rec.id), "%s", id);
	if (rc) {
		e->cause = rc;
		snprintf(e->name, sizeof(e->name), "stop: %s",
			 cti_err_name(rc));
		return;
	}
	e->u.rec.chunks = info.chunks;
	e->u.rec.end_pos = info.end_pos;
	e->u.rec.late_frames = info.late_frames;
	e->u.rec.bytes = info.bytes;
	e->u.rec.pauses = info.pauses;
}
