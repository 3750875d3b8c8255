// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The engine's prompt set replaced while calls run (ctid's reload):
 * cti_center_set_prompts() makes the new set the one everything started
 * from now on uses; what a call is playing keeps the set it started with
 * until it ends. A call points into a set in four places:
 *
 *   its IVR session (c->ivr, c->ivr_ps): a play or collect resolves names
 *     to the set's audio and keeps pointers while it runs, and a flow's
 *     run keeps its session's set to its end (the flow's names were
 *     checked against that set); an idle session outside a flow holds no
 *     pointer and is moved to the new set at once;
 *   its music (c->moh_ps): looked up by name in the set pinned when the
 *     music began, so a waiting caller's loop goes on sample for sample
 *     until the call leaves the queue or the hold;
 *   the recording's announcement (c->rc_ann, c->rc_ann_ps) and its pause
 *     and resume prompts (c->rc_prompt, c->rc_prompt_ps): samples of the
 *     set current when each began, until each ends.
 *
 * cti_center_prompts_in_use() asks all four of every call, so the owner
 * frees an old set only when none points into it.
 */
#include <string.h>

#include "center/center.h"
#include "core/ctx.h"
#include "ivr/prompts.h"

static bool music_state(int state)
{
	return state == CTI_CENTER_CALL_QUEUED ||
	       state == CTI_CENTER_CALL_RINGING ||
	       state == CTI_CENTER_CALL_HELD;
}

void cc__prompts_bind(cti_center_t *cc, struct cc_call *c)
{
	cti_prompts_t *ps = cc->cfg.prompts;

	if (!c->ivr || c->ivr_ps == ps || !ps)
		return;
	/* busy: it keeps its set until what runs ends (settle, next block) */
	if (cti__ivr_set_prompts(c->ivr, ps) == 0)
		c->ivr_ps = ps;
}

void cc__prompts_settle(cti_center_t *cc, struct cc_call *c)
{
	if (!c->run)
		cc__prompts_bind(cc, c);
	/* the music's stretch is over: the next one pins the set then */
	if (c->moh_ps && !music_state(c->state))
		c->moh_ps = NULL;
}

/* A queue of the engine that names a prompt ps lacks is said in the
 * log: the check that refuses is queue_add/queue_update's, against the
 * new set (a reload renames a queue's music along with the set, which
 * no order of the two calls could pass if this refused too). */
static void queues_check(cti_center_t *cc, const cti_prompts_t *ps)
{
	for (size_t i = 0; i < cc->n_queues; i++) {
		const struct cc_queue *q = &cc->queues[i];

		if (q->removed || q->hidden)
			continue;
		if (*q->music && !(ps && cti_prompts_samples(ps, q->music)))
			cti__log(cc->ctx, CTI_LOG_WARNING, "center",
				 "queue %s: music %s is not in the new prompt "
				 "set: its callers hear the engine's melody",
				 q->name, q->music);
		if (*q->greeting &&
		    !(ps && cti_prompts_samples(ps, q->greeting)))
			cti__log(cc->ctx, CTI_LOG_WARNING, "center",
				 "queue %s: greeting %s is not in the new "
				 "prompt set: it is not played",
				 q->name, q->greeting);
		if ((q->say_pos || q->say_wait) && !ps)
			cti__log(cc->ctx, CTI_LOG_WARNING, "center",
				 "queue %s: no prompt set: no announcements",
				 q->name);
	}
}

static bool call_uses(const struct cc_call *c, const cti_prompts_t *ps);

CTI_EXTERN int cti_center_set_prompts(cti_center_t *cc, cti_prompts_t *ps)
{
	const cti_prompts_t *old;
	size_t kept = 0;

	if (!cc)
		return CTI_EINVAL;
	if (ps == cc->cfg.prompts)
		return 0;
	queues_check(cc, ps);
	old = cc->cfg.prompts;
	cc->cfg.prompts = ps;
	for (size_t b = 0; b < CC_HASH; b++)
		for (struct cc_call *c = cc->calls[b]; c; c = c->hnext) {
			cc__prompts_settle(cc, c);
			kept += old && call_uses(c, old);
		}
	cti__log(cc->ctx, CTI_LOG_INFO, "center",
		 "prompt set replaced: %zu of %zu call(s) play from the old "
		 "one to the end of what they play",
		 kept, cc->n_calls);
	return 0;
}

static bool call_uses(const struct cc_call *c, const cti_prompts_t *ps)
{
	/* moh_ps counts whatever the state: it is cleared only at the
	 * customer's next block, and a hold could begin before that */
	return (c->ivr && c->ivr_ps == ps) || c->moh_ps == ps ||
	       (c->rc_ann && c->rc_ann_ps == ps) ||
	       (c->rc_prompt && c->rc_prompt_ps == ps);
}

CTI_EXTERN bool cti_center_prompts_in_use(const cti_center_t *cc,
					  const cti_prompts_t *ps)
{
	if (!cc || !ps)
		return false;
	if (ps == cc->cfg.prompts)
		return true; /* the engine's own: everything new starts on it */
	for (size_t b = 0; b < CC_HASH; b++)
		for (const struct cc_call *c = cc->calls[b]; c; c = c->hnext)
			if (call_uses(c, ps))
				return true;
	return false;
}
