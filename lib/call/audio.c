// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * B-channel audio of calls, one 20 ms block at a time: what each call
 * sends next depends on its state (application callback, hold silence or
 * tone, libcti bridge after a transfer, conference mix, DTMF digits).
 */
#include <math.h>
#include <string.h>

#include "call/call.h"

#define HOLD_TONE_HZ 425.0
#define HOLD_ON	     2000   /* samples of tone: 250 ms */
#define HOLD_PERIOD  24000  /* every 3 s */
#define HOLD_AMPL    2000.0 /* about -24 dBm0 */

/* One loop per law: the law is the span's, not the sample's. */
static void decode_block(const struct cti__call *c, const uint8_t *in,
			 int16_t *out)
{
	if (c->cs->span->law == CTI__LAW_ULAW)
		for (int i = 0; i < CTI__BLOCK; i++)
			out[i] = (int16_t)cti__ulaw_to_lin(in[i]);
	else
		for (int i = 0; i < CTI__BLOCK; i++)
			out[i] = (int16_t)cti__alaw_to_lin(in[i]);
}

static void encode_block(const struct cti__call *c, const int16_t *in,
			 uint8_t *out)
{
	if (c->cs->span->law == CTI__LAW_ULAW)
		for (int i = 0; i < CTI__BLOCK; i++)
			out[i] = cti__lin_to_ulaw(in[i]);
	else
		for (int i = 0; i < CTI__BLOCK; i++)
			out[i] = cti__lin_to_alaw(in[i]);
}

static void hold_audio(struct cti__call *c, uint8_t *tx)
{
	int16_t lin[CTI__BLOCK];

	if (c->hold_audio != CTI_HOLD_TONE)
		return; /* tx is idle (silence) already */
	for (int i = 0; i < CTI__BLOCK; i++) {
		uint32_t n = (c->hold_phase + (uint32_t)i) % HOLD_PERIOD;

		lin[i] = n < HOLD_ON
				 ? (int16_t)lrint(HOLD_AMPL *
						  sin(2 * M_PI * HOLD_TONE_HZ *
						      n / 8000.0))
				 : 0;
	}
	c->hold_phase = (c->hold_phase + CTI__BLOCK) % HOLD_PERIOD;
	encode_block(c, lin, tx);
}

static void bridge_audio(struct cti__call *c, uint8_t *tx)
{
	struct cti__call *p = c->bridge;
	const uint8_t *prx;

	if (!p || p->bchan <= 0)
		return;
	prx = p->cs->span->rx[p->bchan];
	if (p->cs->span->law == c->cs->span->law) {
		memcpy(tx, prx, CTI__BLOCK); /* same law: octets as they are */
		return;
	}
	for (int i = 0; i < CTI__BLOCK; i++)
		tx[i] = cti__g711_enc(c->cs->span->law,
				      cti__g711_dec(p->cs->span->law, prx[i]));
}

/* Each member hears the sum of the others, saturated to 16 bits. */
static void conf_audio(struct cti__call *c, uint8_t *tx)
{
	struct cti__conf *f = c->conf;
	int32_t sum[CTI__BLOCK] = { 0 };
	int16_t out[CTI__BLOCK];

	for (size_t m = 0; m < f->n; m++) {
		struct cti__call *o = f->members[m];
		const uint8_t *orx;

		if (o == c || o->bchan <= 0)
			continue;
		orx = o->cs->span->rx[o->bchan];
		for (int i = 0; i < CTI__BLOCK; i++)
			sum[i] += cti__g711_dec(o->cs->span->law, orx[i]);
	}
	for (int i = 0; i < CTI__BLOCK; i++)
		out[i] = (int16_t)(sum[i] > 32767    ? 32767
				   : sum[i] < -32768 ? -32768
						     : sum[i]);
	encode_block(c, out, tx);
}

static void app_audio(struct cti__call *c, const uint8_t *rx, uint8_t *tx)
{
	cti_ctx_t *ctx = c->mgr->ctx;

	if (c->audio_fmt == CTI_AUDIO_G711) {
		c->audio_fn(ctx, c->id, rx, tx, CTI__BLOCK, c->audio_user);
	} else {
		int16_t lrx[CTI__BLOCK], ltx[CTI__BLOCK] = { 0 };

		decode_block(c, rx, lrx);
		c->audio_fn(ctx, c->id, lrx, ltx, CTI__BLOCK, c->audio_user);
		encode_block(c, ltx, tx);
	}
}

/* The next block of queued DTMF digits; false when none is queued. */
static bool dtmf_audio(struct cti__call *c, uint8_t *tx)
{
	int16_t lin[CTI__BLOCK] = { 0 };

	if (!cti_dtmf_tx_busy(c->dtmf))
		return false;
	/* fewer samples when the last digit ends: the rest stays silent */
	cti_dtmf_tx_linear(c->dtmf, lin, CTI__BLOCK);
	encode_block(c, lin, tx);
	return true;
}

static void on_audio(void *user, int chan)
{
	struct cti__cspan *cs = user;
	struct cti__call *c = cs->by_chan[chan];
	uint8_t *rx = cs->span->rx[chan], *tx = cs->span->tx[chan];

	if (!c)
		return;
	switch (c->state) {
	case CTI_CALL_HELD:
		hold_audio(c, tx);
		break;
	case CTI_CALL_BRIDGED:
		bridge_audio(c, tx);
		break;
	case CTI_CALL_CONFERENCED:
		if (c->conf)
			conf_audio(c, tx);
		break;
	case CTI_CALL_ACTIVE:
		if (dtmf_audio(c, tx))
			break;
		if (c->audio_fn)
			app_audio(c, rx, tx);
		break;
	default:
		break;
	}
}

static void on_d_ready(void *user)
{
	struct cti__cspan *cs = user;

	if (cs->pri)
		cti__pri_d_ready(cs->pri);
}

static void on_alarm(void *user, uint32_t alarms)
{
	struct cti__cspan *cs = user;
	struct cti_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = CTI_EVENT_SPAN_ALARM;
	ev.time_ms = cti_now_ms(cs->mgr->ctx);
	ev.u.span.span_id = cs->id;
	ev.u.span.alarms = alarms;
	cti__emit(cs->mgr->ctx, &ev);
	cti__log(cs->mgr->ctx, CTI_LOG_NOTICE, "call",
		 "span %u alarms now 0x%x", cs->id, alarms);
}

const struct cti__span_up cti__call_span_hooks = {
	.d_ready = on_d_ready,
	.audio = on_audio,
	.alarm = on_alarm,
};
