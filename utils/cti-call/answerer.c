// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The answering side of cti-call: `cti-call answer`, and the far end of a
 * `loop` span. Each offered call is alerted, answered after the ringing
 * time, and then either echoes what it hears or sends a 1004 Hz test tone
 * at -13 dBm0 (ITU-T O.6 style digital milliwatt minus 13 dB).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cti_call.h"

struct pending_answer {
	struct tool *t;
	cti_call_id_t id;
};

void answerer_init(struct answerer *a, cti_span_id_t span,
		   const struct opts *o)
{
	*a = (struct answerer){ .span = span,
				.tone = o->tone,
				.ring_s = o->ring_s,
				.json = o->json };
}

static void echo_or_tone(cti_ctx_t *ctx, cti_call_id_t id, const void *rx,
			 void *tx, size_t samples, void *user)
{
	struct answerer *a = user;
	const int16_t *in = rx;
	int16_t *out = tx;

	(void)ctx;
	(void)id;
	if (!a->tone) {
		for (size_t i = 0; i < samples; i++)
			out[i] = in[i];
		return;
	}
	/* -13 dBm0: 3.17 dBm0 full scale sine is 32767; 10^(-16.17/20). */
	for (size_t i = 0; i < samples; i++) {
		out[i] = (int16_t)lrint(32767.0 * 0.1554 * sin(a->tone_phase));
		a->tone_phase += 2 * M_PI * 1004.0 / 8000.0;
		if (a->tone_phase > 2 * M_PI)
			a->tone_phase -= 2 * M_PI;
	}
}

static void answer_now(cti_ctx_t *ctx, void *user)
{
	struct pending_answer *p = user;
	int rc = cti_call_answer(ctx, p->id);

	if (rc && rc != CTI_ENOENT) /* ENOENT: caller gave up meanwhile */
		fprintf(stderr, "cti-call: answer call %u: %s\n", p->id,
			cti_strerror(rc));
	free(p);
}

bool answerer_event(struct tool *t, struct answerer *a,
		    const struct cti_event *ev)
{
	const struct cti_call_event *c = &ev->u.call;
	struct pending_answer *p;

	if (ev->type >= CTI_EVENT_SPAN_ALARM || c->span_id != a->span)
		return false;
	switch (ev->type) {
	case CTI_EVENT_CALL_OFFERED:
		if (a->max_calls && a->answered >= a->max_calls) {
			cti_call_clear(t->ctx, c->call_id,
				       CTI_CAUSE_USER_BUSY);
			break;
		}
		a->answered++;
		cti_call_alert(t->ctx, c->call_id);
		cti_call_set_audio(t->ctx, c->call_id, CTI_AUDIO_LINEAR16,
				   echo_or_tone, a);
		p = malloc(sizeof(*p));
		if (!p) {
			cti_call_clear(t->ctx, c->call_id,
				       CTI_CAUSE_TEMPORARY_FAILURE);
			break;
		}
		*p = (struct pending_answer){ t, c->call_id };
		if (cti_timer_start(t->ctx, (uint64_t)(a->ring_s * 1e6),
				    answer_now, p) < 0) {
			free(p);
			cti_call_answer(t->ctx, c->call_id);
		}
		break;
	case CTI_EVENT_CALL_CLEARED:
	case CTI_EVENT_CALL_FAILED:
		a->ended++;
		break;
	default:
		break;
	}
	if (a->print)
		print_event(t, ev, "answer");
	return true;
}
