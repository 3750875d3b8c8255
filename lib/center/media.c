// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The engine's media: it owns the audio of every leg (one callback per
 * leg, 20 ms blocks) and decides what each leg hears: its flow's or the
 * application's IVR session, music on hold continuing where it left off
 * around announcements, ringback while a number is dialled, or the other
 * party of a bridge. What crosses a bridge goes through jbuf.c: every
 * block each leg receives is heard once, in order, even when a process
 * running late reads several of every leg at once.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center/center.h"
#include "core/ctx.h"
#include "ivr/prompts.h"

/* The default music on hold: an arpeggio of sine tones, -18 dBm0-ish,
 * with 10 ms fades so the loop has no clicks. */
int cc__moh_make(cti_center_t *cc)
{
	static const double notes[] = { 523.25, 659.25, 783.99, 659.25,
					587.33, 698.46, 880.00, 698.46 };
	const size_t note = 2400, fade = 80; /* 300 ms notes */
	size_t n = note * CC_ARRAY_SIZE(notes);

	cc->moh = malloc(n * sizeof(*cc->moh));
	if (!cc->moh)
		return CTI_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t k = i % note;
		double g = k < fade	      ? (double)k / fade
			   : k >= note - fade ? (double)(note - k) / fade
					      : 1.0;

		cc->moh[i] = (int16_t)lrint(
			2500.0 * g *
			sin(2 * M_PI * notes[i / note] * (double)k / 8000.0));
	}
	cc->moh_len = n;
	return 0;
}

int cc__ivr_for(cti_center_t *cc, struct cc_call *c)
{
	cti_ivr_config_t ic = { .prompts = cc->cfg.prompts, .ctx = cc->ctx };
	int rc;

	if (c->ivr) {
		if (!c->run) /* a flow's run keeps its set to its end */
			cc__prompts_bind(cc, c);
		return 0;
	}
	if (!cc->cfg.prompts)
		return CTI_ENOENT;
	rc = cti_ivr_new(&c->ivr, &ic);
	c->ivr_ps = c->ivr ? cc->cfg.prompts : NULL;
	return rc;
}

/* ---- queue treatment ------------------------------------------------------
 */

static void announce_fn(cti_ctx_t *ctx, void *user);

static void arm_announce(cti_center_t *cc, struct cc_call *c, uint32_t ms)
{
	c->ann_timer = ms ? cti_timer_start(cc->ctx, ms, announce_fn, c) : -1;
	if (c->ann_timer < 0)
		c->ann_timer = -1;
}

static void play(cti_center_t *cc, struct cc_call *c, const char **names,
		 size_t n)
{
	int rc;

	if (!n || !c->ivr)
		return;
	cc__prompts_bind(cc, c); /* a new announcement: the engine's set */
	rc = cti_ivr_play(c->ivr, names, n, false, cti_now_ms(cc->ctx));
	if (rc) {
		cti__log(cc->ctx, CTI_LOG_WARNING, "center",
			 "call %u: announcement not played: %s", c->id,
			 cti_strerror(rc));
		return;
	}
	c->announcing = true;
}

/* "You are caller number 3. Your estimated wait is 2 minutes." */
static size_t position_words(const cti_center_t *cc, const struct cc_call *c,
			     const char **w, size_t cap, uint32_t pos,
			     uint32_t ewt_ms)
{
	const struct cc_queue *q = &cc->queues[c->queue];
	bool zh = q->lang == CTI_LANG_ZH;
	const char *lp = zh ? "zh/" : "en/";
	static char names[8][CTI_NAME_MAX];
	size_t n = 0;
	int k;

	/* prompt names are copied by cti_ivr_play() before it returns */
	snprintf(names[0], sizeof(names[0]), "%squeue-position", lp);
	snprintf(names[1], sizeof(names[1]), "%squeue-caller", lp);
	snprintf(names[2], sizeof(names[2]), "%squeue-wait", lp);
	snprintf(names[3], sizeof(names[3]), "%sminutes", lp);
	if (q->say_pos) {
		w[n++] = names[0];
		k = cti_say_number((int)q->lang, pos, w + n, cap - n - 4);
		n += k > 0 ? (size_t)k : 0;
		if (zh)
			w[n++] = names[1];
	}
	if (q->say_wait) {
		uint32_t min = (ewt_ms + 59999) / 60000;

		w[n++] = names[2];
		k = cti_say_number((int)q->lang, min ? min : 1, w + n,
				   cap - n - 2);
		n += k > 0 ? (size_t)k : 0;
		w[n++] = names[3];
	}
	return n;
}

static void announce_fn(cti_ctx_t *ctx, void *user)
{
	struct cc_call *c = user;
	cti_center_t *cc = c->cc;
	const struct cc_queue *q = &cc->queues[c->queue];
	const char *w[CTI_IVR_MAX_PROMPTS];
	uint32_t pos, ewt;

	(void)ctx;
	c->ann_timer = -1;
	if (c->state != CTI_CENTER_CALL_QUEUED &&
	    c->state != CTI_CENTER_CALL_RINGING)
		return;
	/* never over another announcement; ringing: none (it may be
	 * answered any moment) */
	if (!c->announcing && c->state == CTI_CENTER_CALL_QUEUED &&
	    !cti_acd_call_position(cc->acd, cc__acd_id(c), &pos, &ewt))
		play(cc, c, w,
		     position_words(cc, c, w, CC_ARRAY_SIZE(w), pos, ewt));
	arm_announce(cc, c, q->every_ms);
}

void cc__treatment_start(cti_center_t *cc, struct cc_call *c)
{
	const struct cc_queue *q = &cc->queues[c->queue];

	if (cc__ivr_for(cc, c) == 0 && *q->greeting) {
		const char *g = q->greeting;

		play(cc, c, &g, 1);
	}
	if (q->say_pos || q->say_wait)
		arm_announce(cc, c, q->first_ms);
}

void cc__treatment_stop(cti_center_t *cc, struct cc_call *c)
{
	cti_ivr_event_t e;

	if (c->ann_timer > 0)
		cti_timer_cancel(cc->ctx, c->ann_timer);
	c->ann_timer = -1;
	if (c->announcing && c->ivr) {
		cti_ivr_cancel(c->ivr, cti_now_ms(cc->ctx));
		while (cti_ivr_next_event(c->ivr, &e) > 0)
			;
	}
	c->announcing = false;
	c->moh_ps = NULL; /* out of the queue: its music is over */
}

void cc__moh_default(cti_center_t *cc, struct cc_call *c, int16_t *tx, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		c->moh_pos %= (uint32_t)cc->moh_len;
		tx[i] = cc->moh[c->moh_pos++];
	}
}

/* The queue's music in the set the call's music began from; a new
 * stretch of music (or a queue whose music is now one only the engine's
 * set has) takes the engine's set. NULL: the engine's melody. */
static const struct cti__prompt *
music_prompt(cti_center_t *cc, struct cc_call *c, const struct cc_queue *q)
{
	const struct cti__prompt *p = NULL;

	if (!*q->music)
		return NULL;
	if (c->moh_ps)
		p = cti__prompt_find(c->moh_ps, q->music);
	if (!p && c->moh_ps != cc->cfg.prompts) {
		c->moh_ps = cc->cfg.prompts;
		p = c->moh_ps ? cti__prompt_find(c->moh_ps, q->music) : NULL;
	}
	return p;
}

static void music(cti_center_t *cc, struct cc_call *c, int16_t *tx, size_t n)
{
	const struct cc_queue *q = &cc->queues[c->queue];
	const struct cti__prompt *p = music_prompt(cc, c, q);
	const int16_t *s = p ? p->s : cc->moh;
	size_t len = p ? p->n : cc->moh_len;

	for (size_t i = 0; i < n; i++) {
		c->moh_pos %= (uint32_t)len;
		tx[i] = s[c->moh_pos++];
	}
}

/* The queue's escape digit heard: true if the call left the queue. */
static bool escaped(cti_center_t *cc, struct cc_call *c, const int16_t *rx,
		    size_t n)
{
	const struct cc_queue *q = &cc->queues[c->queue];
	cti_dtmf_event_t d;

	if (!q->escape_digit)
		return false;
	if (!c->dtmf && cti_dtmf_rx_init(&c->dtmf, NULL, NULL))
		return false;
	cti_dtmf_rx_linear(c->dtmf, rx, n);
	while (cti_dtmf_rx_next_event(c->dtmf, &d) > 0) {
		if (d.type != CTI_DTMF_START || d.digit != q->escape_digit)
			continue;
		cti__log(cc->ctx, CTI_LOG_INFO, "center",
			 "call %u: escape from %s to %s", c->id, q->name,
			 q->escape.text);
		cc__treatment_stop(cc, c);
		while (c->n_ring)
			cc__clear_leg(cc, c->ring[0],
				      CTI_CAUSE_NORMAL_CLEARING);
		cc__acd_leave(cc, c, false);
		cti_dtmf_rx_free(c->dtmf);
		c->dtmf = NULL;
		cc__target_apply(cc, c, &q->escape);
		return true;
	}
	return false;
}

static void queue_audio(cti_center_t *cc, struct cc_call *c, uint64_t now,
			const int16_t *rx, int16_t *tx, size_t n)
{
	cti_ivr_event_t e;
	int16_t out[CC_BLOCK] = { 0 };

	if (escaped(cc, c, rx, n))
		return;

	if (c->ivr) {
		cti_ivr_process(c->ivr, now, rx, out, n);
		while (cti_ivr_next_event(c->ivr, &e) > 0)
			if (e.type == CTI_IVR_PLAY_DONE && c->announcing) {
				c->announcing = false;
				/* this block's rest is music */
				memcpy(tx, out, n * sizeof(*tx));
				return;
			}
	}
	if (c->announcing)
		memcpy(tx, out, n * sizeof(*tx));
	else
		music(cc, c, tx, n);
}

/* ---- flows ------------------------------------------------------------- */

static void flow_error(cti_center_t *cc, struct cc_call *c, const char *what)
{
	struct cti_center_event *e = cc__emit(cc, CTI_CENTER_EV_ERROR, c);

	if (e) {
		e->cause = CTI_EINVAL;
		snprintf(e->name, sizeof(e->name), "flow: %s", what);
	}
	cti__log(cc->ctx, CTI_LOG_WARNING, "center",
		 "call %u: flow failed: %s: the call is cleared", c->id, what);
	cc__end_call(cc, c, CTI_CAUSE_TEMPORARY_FAILURE);
}

static void flow_audio(cti_center_t *cc, struct cc_call *c, uint64_t now,
		       const int16_t *rx, int16_t *tx, size_t n)
{
	cti_flow_run_t *run = c->run;
	cti_flow_event_t fe;
	struct cc_target t;
	struct cti_center_event *e;
	int rc = cti_flow_process(run, now, rx, tx, n);

	if (rc < 0) {
		flow_error(cc, c, cti_err_name(rc));
		return;
	}
	while (c->run == run && c->state == CTI_CENTER_CALL_FLOW &&
	       cti_flow_next_event(run, &fe) > 0) {
		switch (fe.type) {
		case CTI_FLOW_HOOK:
			c->hook_pending = true;
			e = cc__emit(cc, CTI_CENTER_EV_HOOK, c);
			if (e)
				snprintf(e->name, sizeof(e->name), "%s",
					 fe.name);
			break;
		case CTI_FLOW_QUEUE:
			rc = cc__target_parse(cc, fe.name, &t);
			if (rc) {
				char why[CTI_NAME_MAX];

				snprintf(why, sizeof(why), "no target '%.40s'",
					 fe.name);
				flow_error(cc, c, why);
				return;
			}
			cc__target_apply(cc, c, &t);
			return;
		case CTI_FLOW_TRANSFER: {
			/* as target number:N, dialled on the first network
			 * trunk with a free channel */
			char to[CTI_NAME_MAX];

			snprintf(to, sizeof(to), "number:%.40s", fe.name);
			if (cc__target_parse(cc, to, &t)) {
				flow_error(cc, c, "bad transfer number");
				return;
			}
			cc__target_apply(cc, c, &t);
			return;
		}
		case CTI_FLOW_HANGUP:
			cc__end_call(cc, c, CTI_CAUSE_NORMAL_CLEARING);
			return;
		default: {
			char why[CTI_NAME_MAX];

			snprintf(why, sizeof(why), "step error %.40s", fe.name);
			flow_error(cc, c, why);
			return;
		}
		}
	}
}

/* ---- bridges ---------------------------------------------------------------
 */

static struct cc_leg *slot_leg(const struct cc_call *c, int s)
{
	return s == SLOT_CUST	 ? c->cust
	       : s == SLOT_AGENT ? c->peer
	       : s == SLOT_THIRD ? c->third
				 : c->sup;
}

static int slot_of(const struct cc_call *c, const struct cc_leg *l)
{
	for (int s = 0; s < SLOTS; s++)
		if (slot_leg(c, s) == l)
			return s;
	return -1;
}

/* What party `slot` (leg l) hears: the sum of the parties its mask
 * names, each its next block from l's jitter buffer cursor, saturated
 * to 16 bits. One party (a bridged call: most of them) is a copy. */
static void mix(struct cc_call *c, struct cc_leg *l, int slot, uint64_t now,
		int16_t *tx, size_t n)
{
	const int16_t *src[SLOTS];
	int32_t acc;
	int k = 0;

	for (int s = 0; s < SLOTS; s++) {
		const struct cc_leg *from = slot_leg(c, s);

		if (s != slot && (c->hears[slot] & BIT(s)) && from &&
		    (src[k] = cc__jb_take(&from->rx, &l->hear[s], from->id,
					  l->rx.seq, now)))
			k++;
	}
	if (k == 1) {
		memcpy(tx, src[0], n * sizeof(*tx));
		return;
	}
	for (size_t i = 0; i < n && k; i++) {
		acc = 0;
		for (int j = 0; j < k; j++)
			acc += src[j][i];
		tx[i] = (int16_t)(acc > 32767	 ? 32767
				  : acc < -32768 ? -32768
						 : acc);
	}
}

/* 440 Hz, -14 dBm0-ish, on a line a caller is being joined to */
static void zip(struct cc_leg *l, int16_t *tx, size_t n)
{
	for (size_t i = 0; i < n && l->zip; i++, l->zip--)
		tx[i] = (int16_t)lrint(4000.0 * sin(2 * M_PI * 440.0 *
						    (1600 - l->zip) / 8000.0));
}

static void tap(cti_center_t *cc, const struct cc_leg *l, uint64_t now,
		const int16_t *rx, const int16_t *tx, size_t n)
{
	static const uint32_t roles[] = {
		[LEG_CUSTOMER] = CTI_CENTER_ROLE_CUSTOMER,
		[LEG_AGENT] = CTI_CENTER_ROLE_AGENT,
		[LEG_EXTERNAL] = CTI_CENTER_ROLE_EXTERNAL,
		[LEG_THIRD] = CTI_CENTER_ROLE_THIRD,
		[LEG_SUP] = CTI_CENTER_ROLE_SUPERVISOR,
	};
	const struct cc_call *c = l->call;
	struct cti_center_tap t;

	cc__rec_tap(cc, l, now, rx, tx, n);
	if (!cc->tap)
		return;
	memset(&t, 0, sizeof(t));
	t.call = c->id;
	t.leg = l->id;
	t.role = roles[l->kind];
	t.state = (uint32_t)c->state;
	t.time_ms = now;
	t.rx = rx;
	t.tx = tx;
	t.samples = (uint32_t)n;
	snprintf(t.ani, sizeof(t.ani), "%s", c->ani);
	snprintf(t.dnis, sizeof(t.dnis), "%s", c->dnis);
	if (c->queue >= 0)
		snprintf(t.queue, sizeof(t.queue), "%s",
			 cc->queues[c->queue].name);
	snprintf(t.agent, sizeof(t.agent), "%s", c->agent);
	cc->tap(cc->tap_user, &t);
}

CTI_EXTERN int cti_center_set_tap(cti_center_t *cc, cti_center_tap_fn fn,
				  void *user)
{
	if (!cc)
		return CTI_EINVAL;
	cc->tap = fn;
	cc->tap_user = user;
	return 0;
}

static void ringback(struct cc_call *c, int16_t *tx, size_t n)
{
	/* 425 Hz, 1 s on, 4 s off (ITU-T E.180) */
	for (size_t i = 0; i < n; i++) {
		uint32_t k = c->tone_phase++ % 40000;

		tx[i] = k < 8000
				? (int16_t)lrint(1500.0 * sin(2 * M_PI * 425.0 *
							      k / 8000.0))
				: 0;
	}
}

void cc__audio(cti_ctx_t *ctx, cti_call_id_t id, const void *rxv, void *txv,
	       size_t n, void *user)
{
	struct cc_leg *l = user;
	struct cc_call *c = l->call;
	cti_center_t *cc;
	uint64_t now = cti_now_ms(ctx);
	const int16_t *rx = rxv;
	int16_t *tx = txv;
	int slot;

	(void)id;
	if (n > CC_BLOCK)
		n = CC_BLOCK;
	cc__jb_put(&l->rx, rx, n, now);
	if (!c)
		return; /* an idle nailed-up line: silence */
	cc = c->cc;
	if (l->zip) { /* joined to a nailed-up line: the zip tone first */
		zip(l, tx, n);
		tap(cc, l, now, rx, tx, n);
		return;
	}
	if (c->outbound && c->state == CTI_CENTER_CALL_OUTBOUND &&
	    l == c->peer) {
		ringback(c, tx, n); /* the agent hears its number ring */
		tap(cc, l, now, rx, tx, n);
		return;
	}
	if (l->kind != LEG_CUSTOMER) {
		slot = slot_of(c, l);
		if (slot >= 0 && (c->state == CTI_CENTER_CALL_CONNECTED ||
				  c->state == CTI_CENTER_CALL_EXTERNAL ||
				  c->state == CTI_CENTER_CALL_HELD))
			mix(c, l, slot, now, tx, n);
		tap(cc, l, now, rx, tx, n);
		return;
	}
	cc__prompts_settle(cc, c);
	if (cc__rec_announce(c, tx, n)) { /* "this call is recorded" */
		tap(cc, l, now, rx, tx, n);
		return;
	}
	switch (c->state) {
	case CTI_CENTER_CALL_FLOW:
		flow_audio(cc, c, now, rx, tx, n);
		break;
	case CTI_CENTER_CALL_APP:
		if (c->app_ivr)
			cti_ivr_process(c->app_ivr, now, rx, tx, n);
		break;
	case CTI_CENTER_CALL_QUEUED:
	case CTI_CENTER_CALL_RINGING:
		queue_audio(cc, c, now, rx, tx, n);
		break;
	case CTI_CENTER_CALL_HELD:
		if (c->queue >= 0)
			music(cc, c, tx, n);
		else
			cc__moh_default(cc, c, tx, n);
		break;
	case CTI_CENTER_CALL_OUTBOUND:
		ringback(c, tx, n);
		break;
	case CTI_CENTER_CALL_CONNECTED:
	case CTI_CENTER_CALL_EXTERNAL:
		mix(c, l, SLOT_CUST, now, tx, n);
		break;
	default:
		break;
	}
	/* a flow, a transfer or an escape may have ended the call: the
	 * leg is still there (freed on its CLEARED event) */
	cc__rec_secrets(cc, c, now, rx, n);
	cc__rec_prompt(c, tx, n);
	tap(cc, l, now, rx, tx, n);
}
