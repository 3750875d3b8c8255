// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Call-progress tone detector. Every 40 ms frame (25 Hz resolution, so
 * 440 and 480 Hz are told apart) is classed as silent (below -35 dBm0),
 * as one of the
 * plan's frequency sets ("signatures": the tones' frequencies, or one
 * note of the SIT) when those carry most of its energy, or as other
 * sound. Runs of classes become segments, and the segments are matched
 * against the plan: a signature held 2.2 s is dial tone; an on/off pair
 * within 25% (at least 100 ms) of a cadence is that tone; the SIT's three
 * notes in order are the SIT. Sound that is none of these (speech: the
 * call was answered) for 200 ms ends the tone.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ring.h"
#include "cti/dsp.h"
#include "dsp/level.h"
#include "dsp/tone_plan.h"

#define FRAME 320
#define MAXF 8
#define MAXSIG 8
#define HIST 6
#define QLEN 8
#define SILENT (-1)
#define OTHER (-2)

struct seg {
	int cls;
	unsigned frames;
	uint64_t start;
};

struct cti_tone_rx {
	const struct cti__tone_def *defs;
	float hz[MAXF], coef[MAXF], s1[MAXF], s2[MAXF];
	int nf;
	unsigned sig[MAXSIG]; /* bit masks over hz[] */
	int nsig;
	int def_sig[CTI__TONES_PER_PLAN], sit_sig[3];
	double energy;
	unsigned fill;
	uint64_t samples;
	struct seg run;        /* the segment in progress */
	struct seg hist[HIST]; /* closed segments, newest last */
	int cur;
	cti_tone_event_t q[QLEN];
	struct cti_ring events; /* over q: drops the oldest (audio path) */
	bool allocated;
};

_Static_assert(sizeof(struct cti_tone_rx) <= sizeof(cti_tone_rx_storage_t),
	       "CTI_TONE_RX_STORAGE too small");

static int freq_index(struct cti_tone_rx *rx, float hz)
{
	for (int i = 0; i < rx->nf; i++)
		if (rx->hz[i] == hz)
			return i;
	rx->hz[rx->nf] = hz;
	rx->coef[rx->nf] = (float)(2 * cos(2 * M_PI * hz / CTI_DSP_RATE));
	return rx->nf++;
}

static int sig_index(struct cti_tone_rx *rx, unsigned mask)
{
	for (int i = 0; i < rx->nsig; i++)
		if (rx->sig[i] == mask)
			return i;
	rx->sig[rx->nsig] = mask;
	return rx->nsig++;
}

int cti_tone_rx_init(cti_tone_rx_t **out, cti_tone_rx_storage_t *mem,
		     int plan)
{
	const struct cti__tone_def *defs = cti__tone_plan(plan);
	struct cti_tone_rx *rx;

	if (!out)
		return CTI_EINVAL;
	*out = NULL;
	if (!defs)
		return CTI_EINVAL;
	rx = mem ? (struct cti_tone_rx *)mem : malloc(sizeof(*rx));
	if (!rx)
		return CTI_ENOMEM;
	memset(rx, 0, sizeof(*rx));
	rx->allocated = !mem;
	CTI_RING_INIT(&rx->events, rx->q, CTI_RING_DROP_OLDEST);
	rx->defs = defs;
	for (int t = 0; t < CTI__TONES_PER_PLAN; t++) {
		const struct cti__tone_def *d = &defs[t];
		unsigned mask = 0;

		for (int k = 0; k < d->nhz; k++) {
			int f = freq_index(rx, d->hz[k]);

			if (d->sequence)
				rx->sit_sig[k] = sig_index(rx, 1u << f);
			mask |= 1u << f;
		}
		rx->def_sig[t] = d->sequence ? -1 : sig_index(rx, mask);
	}
	rx->run.cls = SILENT;
	*out = rx;
	return 0;
}

void cti_tone_rx_free(cti_tone_rx_t *rx)
{
	if (rx && rx->allocated)
		free(rx);
}

static void report(struct cti_tone_rx *rx, int tone, uint64_t start)
{
	cti_tone_event_t *ev;

	if (tone == rx->cur)
		return;
	rx->cur = tone;
	ev = cti_ring_push_drop(&rx->events);
	memset(ev, 0, sizeof(*ev));
	ev->tone = (uint32_t)tone;
	ev->start = start;
}

static bool near(unsigned frames, unsigned ms)
{
	double got = frames * (FRAME / 8.0), tol = fmax(100.0, 0.25 * ms);

	return fabs(got - ms) <= tol;
}

/* A segment has just closed: does the history now match a tone? */
static void match(struct cti_tone_rx *rx)
{
	const struct seg *h = rx->hist;

	for (int t = 0; t < CTI__TONES_PER_PLAN; t++) {
		const struct cti__tone_def *d = &rx->defs[t];

		if (d->sequence) {
			if (h[HIST - 3].cls == rx->sit_sig[0] &&
			    h[HIST - 2].cls == rx->sit_sig[1] &&
			    h[HIST - 1].cls == rx->sit_sig[2] &&
			    near(h[HIST - 3].frames, d->on_ms) &&
			    near(h[HIST - 2].frames, d->on_ms) &&
			    near(h[HIST - 1].frames, d->on_ms))
				report(rx, d->tone, h[HIST - 3].start);
		} else if (d->on_ms && h[HIST - 2].cls == rx->def_sig[t] &&
			   h[HIST - 1].cls == SILENT &&
			   rx->run.cls == rx->def_sig[t] &&
			   near(h[HIST - 2].frames, d->on_ms) &&
			   near(h[HIST - 1].frames, d->off_ms)) {
			report(rx, d->tone, h[HIST - 2].start);
		}
	}
}

static int classify(struct cti_tone_rx *rx)
{
	double ms = rx->energy / FRAME, best = 0;
	float p[MAXF];
	int cls = OTHER;

	if (ms < cti__dbm0_to_ms(-55))
		return SILENT;
	for (int k = 0; k < rx->nf; k++)
		p[k] = 2 *
		       (rx->s1[k] * rx->s1[k] + rx->s2[k] * rx->s2[k] -
			rx->coef[k] * rx->s1[k] * rx->s2[k]) /
		       ((float)FRAME * FRAME);
	for (int s = 0; s < rx->nsig; s++) {
		double sum = 0;

		for (int k = 0; k < rx->nf; k++)
			if (rx->sig[s] & (1u << k))
				sum += p[k];
		/* off-bin notes (913.8 Hz) lose up to 2 dB: hence 0.5 */
		if (sum > 0.5 * ms && sum > best) {
			best = sum;
			cls = s;
		}
	}
	/* quiet line noise between bursts is the cadence's silence */
	if (cls == OTHER && ms < cti__dbm0_to_ms(-35))
		return SILENT;
	return cls;
}

static void frame_done(struct cti_tone_rx *rx)
{
	int cls = classify(rx);

	memset(rx->s1, 0, sizeof(rx->s1));
	memset(rx->s2, 0, sizeof(rx->s2));
	rx->energy = 0;
	rx->fill = 0;
	if (cls == rx->run.cls) {
		rx->run.frames++;
	} else if (rx->run.cls == OTHER && rx->run.frames < 2) {
		/* a frame straddling a tone's edge: not a segment */
		rx->run.cls = cls;
		rx->run.frames = 1;
	} else {
		memmove(rx->hist, rx->hist + 1, sizeof(rx->hist[0]) * (HIST - 1));
		rx->hist[HIST - 1] = rx->run;
		rx->run.cls = cls;
		rx->run.frames = 1;
		rx->run.start = rx->samples - FRAME;
		match(rx);
	}
	if (rx->run.cls == rx->def_sig[0] && rx->run.frames * (FRAME / 8) >= 2200)
		report(rx, CTI_TONE_DIAL, rx->run.start);
	if ((rx->run.cls == OTHER && rx->run.frames >= 5) ||
	    (rx->run.cls == SILENT && rx->run.frames * (FRAME / 8) > 6000))
		report(rx, CTI_TONE_NONE, rx->run.start);
}

int cti_tone_rx_linear(cti_tone_rx_t *rx, const int16_t *s, size_t n)
{
	if (!rx || (n && !s))
		return CTI_EINVAL;
	for (size_t i = 0; i < n; i++) {
		float x = s[i];

		for (int k = 0; k < rx->nf; k++) {
			float s0 = x + rx->coef[k] * rx->s1[k] - rx->s2[k];

			rx->s2[k] = rx->s1[k];
			rx->s1[k] = s0;
		}
		rx->energy += (double)x * x;
		rx->samples++;
		if (++rx->fill == FRAME)
			frame_done(rx);
	}
	return (int)cti_ring_len(&rx->events);
}

int cti_tone_rx_next_event(cti_tone_rx_t *rx, cti_tone_event_t *ev)
{
	if (!rx || !ev)
		return CTI_EINVAL;
	return cti_ring_pop(&rx->events, ev);
}

int cti_tone_rx_current(const cti_tone_rx_t *rx)
{
	return rx ? rx->cur : CTI_TONE_NONE;
}
