// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The answering side of cti-call: `cti-call answer`, and the far end of a
 * `loop` span. Each offered call is alerted, answered after the ringing
 * time, and then either echoes what it hears or sends a 1004 Hz test tone
 * at -13 dBm0 (ITU-T O.6 style digital milliwatt minus 13 dB). A DTMF
 * receiver (lib/dsp, Q.24) listens on every call, so the digits a caller
 * keys are reported: an end-to-end check of the audio path.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
				.refuse = o->refuse,
				.json = o->json };
}

static void hear_digits(struct answer_call *c, const int16_t *in,
			size_t samples)
{
	cti_dtmf_event_t ev;
	size_t len;

	cti_dtmf_rx_linear(c->rx, in, samples);
	while (cti_dtmf_rx_next_event(c->rx, &ev) > 0) {
		if (ev.type != CTI_DTMF_START)
			continue;
		len = strlen(c->digits);
		if (len + 1 < sizeof(c->digits)) {
			c->digits[len] = ev.digit;
			c->digits[len + 1] = '\0';
		}
	}
}

static void echo_or_tone(cti_ctx_t *ctx, cti_call_id_t id, const void *rx,
			 void *tx, size_t samples, void *user)
{
	struct answer_call *c = user;
	struct answerer *a = c->a;
	const int16_t *in = rx;
	int16_t *out = tx;

	(void)ctx;
	(void)id;
	if (c->rx)
		hear_digits(c, in, samples);
	if (!a->tone) {
		for (size_t i = 0; i < samples; i++)
			out[i] = in[i];
		return;
	}
	/* -13 dBm0: 3.17 dBm0 full scale sine is 32767; 10^(-16.17/20). */
	for (size_t i = 0; i < samples; i++) {
		out[i] = (int16_t)lrint(32767.0 * 0.1554 * sin(c->tone_phase));
		c->tone_phase += 2 * M_PI * 1004.0 / 8000.0;
		if (c->tone_phase > 2 * M_PI)
			c->tone_phase -= 2 * M_PI;
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

struct pending_clear {
	cti_call_id_t id;
};

/* --hold on the answering side: we clear (R2 clear back, Q.931
 * DISCONNECT from the called user). */
static void clear_now(cti_ctx_t *ctx, void *user)
{
	struct pending_clear *p = user;

	cti_call_clear(ctx, p->id, CTI_CAUSE_NORMAL_CLEARING); /* ENOENT: gone */
	free(p);
}

static struct answer_call *call_new(struct answerer *a, cti_call_id_t id)
{
	struct answer_call *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->a = a;
	c->id = id;
	if (cti_dtmf_rx_init(&c->rx, NULL, NULL))
		c->rx = NULL; /* NULL: no detection */
	c->next = a->calls;
	a->calls = c;
	return c;
}

static void call_end(struct answerer *a, cti_call_id_t id)
{
	for (struct answer_call **pp = &a->calls; *pp; pp = &(*pp)->next) {
		struct answer_call *c = *pp;

		if (c->id != id)
			continue;
		*pp = c->next;
		snprintf(a->last_digits, sizeof(a->last_digits), "%s",
			 c->digits);
		cti_dtmf_rx_free(c->rx);
		free(c);
		return;
	}
	a->last_digits[0] = '\0';
}

void answerer_release(cti_ctx_t *ctx, struct answerer *a)
{
	while (a->calls) {
		struct answer_call *c = a->calls;

		a->calls = c->next;
		/* the call may still be up: no audio block may reach c */
		cti_call_set_audio(ctx, c->id, CTI_AUDIO_LINEAR16, NULL, NULL);
		cti_dtmf_rx_free(c->rx);
		free(c);
	}
}

bool answerer_event(struct tool *t, struct answerer *a,
		    const struct cti_event *ev)
{
	const struct cti_call_event *c = &ev->u.call;
	struct pending_answer *p;
	struct answer_call *ac;

	if (ev->type >= CTI_EVENT_SPAN_ALARM || c->span_id != a->span)
		return false;
	switch (ev->type) {
	case CTI_EVENT_CALL_OFFERED:
		if (a->refuse) {
			if (a->print)
				print_event(t, ev, "answer");
			cti_call_clear(t->ctx, c->call_id, a->refuse);
			return true;
		}
		if (a->max_calls && a->answered >= a->max_calls) {
			cti_call_clear(t->ctx, c->call_id,
				       CTI_CAUSE_USER_BUSY);
			break;
		}
		ac = call_new(a, c->call_id);
		if (!ac) {
			cti_call_clear(t->ctx, c->call_id,
				       CTI_CAUSE_TEMPORARY_FAILURE);
			break;
		}
		a->answered++;
		cti_call_alert(t->ctx, c->call_id);
		cti_call_set_audio(t->ctx, c->call_id, CTI_AUDIO_LINEAR16,
				   echo_or_tone, ac);
		p = malloc(sizeof(*p));
		if (!p) {
			cti_call_clear(t->ctx, c->call_id,
				       CTI_CAUSE_TEMPORARY_FAILURE);
			break;
		}
		*p = (struct pending_answer){ t, c->call_id };
		if (cti_timer_start(t->ctx, (uint64_t)(a->ring_s * 1e3),
				    answer_now, p) < 0) {
			free(p);
			cti_call_answer(t->ctx, c->call_id);
		}
		break;
	case CTI_EVENT_CALL_ESTABLISHED:
		if (a->dtmf && *a->dtmf &&
		    cti_call_send_dtmf(t->ctx, c->call_id, a->dtmf))
			fprintf(stderr, "cti-call: answer call %u: DTMF refused\n",
				c->call_id);
		if (a->hold_s > 0) {
			struct pending_clear *pc = malloc(sizeof(*pc));

			if (pc) {
				pc->id = c->call_id;
				if (cti_timer_start(t->ctx,
						    (uint64_t)(a->hold_s * 1e3),
						    clear_now, pc) < 0)
					free(pc);
			}
		}
		break;
	case CTI_EVENT_CALL_CLEARED:
	case CTI_EVENT_CALL_FAILED:
		a->ended++;
		call_end(a, c->call_id);
		if (a->print)
			print_event(t, ev, "answer");
		if (a->print && !a->json && a->last_digits[0])
			printf("%9.3f s  answer call %-3u heard DTMF %s\n",
			       (double)ev->time_ms / 1e3, c->call_id,
			       a->last_digits);
		return true;
	default:
		break;
	}
	if (a->print)
		print_event(t, ev, "answer");
	return true;
}
