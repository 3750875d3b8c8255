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

void cc__rec_consider(cti_center_t *cc, struct cc_call *c, int q)
{
	const char *queue = q >= 0 ? cc->queues[q].name : "";
	struct cti_rec_decision d = { .mode = CTI_REC_ALWAYS,
				      .channels = 2,
				      .retention_days =
					      CTI_REC_RETENTION_DEFAULT_DAYS,
				      .secret_mode = CTI_REC_PAUSE };
	struct cti_rec_meta m;
	struct cti_center_event *e;
	char account[CTI_REC_ACCOUNT_MAX];
	int rc;

	if (!cc->cfg.recorder || c->rc || c->rc_failed)
		return;
	if (cc->cfg.rec_policy &&
	    cti_rec_policy_decide(cc->cfg.rec_policy, queue, c->dnis, &d))
		return;
	if (d.mode != CTI_REC_ALWAYS)
		return; /* asked again at the next queue */
	account[0] = 0;
	if (d.keep_account)
		account_of(c, account, sizeof(account));
	rc = cti_rec_policy_meta(&d, c->id, c->ani, c->dnis, c->agent, queue,
				 account, &m);
	if (!rc) {
		m.start_epoch_ms = cc->cfg.epoch_ms_at_zero +
				   (int64_t)cti_now_ms(cc->ctx);
		rc = cti_rec_start(cc->cfg.recorder, &c->rc, &m);
	}
	if (rc) {
		c->rc = NULL;
		rec_failed(cc, c, "start", rc);
		return;
	}
	c->rc_mode = d.secret_mode;
	c->rc_t0_set = false;
	e = rec_emit(cc, c, CTI_CENTER_EV_REC_STARTED);
	if (e) {
		e->u.rec.channels = m.channels ? m.channels : 2;
		e->u.rec.rule = d.rule;
	}
	cti__log(cc->ctx, CTI_LOG_INFO, "center",
		 "call %u: recording %s started (rule %u, %s)", c->id,
		 cti_rec_call_id(c->rc), d.rule,
		 m.channels == 1 ? "mono" : "stereo");
	if (*d.announce && cc->cfg.prompts) {
		const struct cti__prompt *p =
			cti__prompt_find(cc->cfg.prompts, d.announce);

		if (p) {
			c->rc_ann = p->s;
			c->rc_ann_n = p->n;
			c->rc_ann_pos = 0;
		} else {
			cti__log(cc->ctx, CTI_LOG_WARNING, "center",
				 "call %u: no prompt %s to announce the "
				 "recording",
				 c->id, d.announce);
		}
	}
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

void cc__rec_secrets(cti_center_t *cc, struct cc_call *c, uint64_t now,
		     const int16_t *rx, size_t n)
{
	bool secret = (c->ivr && cti__ivr_secret_collecting(c->ivr)) ||
		      (c->app_ivr && cti__ivr_secret_collecting(c->app_ivr));
	uint64_t pos = pos_at(c, now);
	struct cti_center_event *e;
	cti_dtmf_event_t d;
	int rc;

	if (!c->rc || c->rc_failed)
		return;
	if (!c->rc_paused) {
		if (!secret)
			return;
		/* from this block on: it may hold the collect's start */
		rc = cti_rec_call_pause(c->rc, pos, c->rc_mode);
		if (rc) {
			rec_failed(cc, c, "pause", rc);
			return;
		}
		c->rc_paused = true;
		c->rc_tone = false;
		c->rc_quiet = 0;
		if (!c->rc_dtmf && cti_dtmf_rx_init(&c->rc_dtmf, NULL, NULL))
			c->rc_dtmf = NULL;
		e = rec_emit(cc, c, CTI_CENTER_EV_REC_PAUSED);
		if (e) {
			e->u.rec.pos_ms = pos / 8;
			e->u.rec.mode = c->rc_mode;
		}
		cti__log(cc->ctx, CTI_LOG_INFO, "center",
			 "call %u: recording %s %s at %llu ms: a secret is "
			 "collected",
			 c->id, cti_rec_call_id(c->rc),
			 c->rc_mode == CTI_REC_MASK ? "masked" : "paused",
			 (unsigned long long)(pos / 8));
	}
	if (c->rc_dtmf) {
		cti_dtmf_rx_linear(c->rc_dtmf, rx, n);
		while (cti_dtmf_rx_next_event(c->rc_dtmf, &d) > 0)
			c->rc_tone = d.type == CTI_DTMF_START;
		explicit_bzero(&d, sizeof(d));
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
	cti_dtmf_rx_free(c->rc_dtmf);
	c->rc_dtmf = NULL;
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
