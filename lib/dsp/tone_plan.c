// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Call-progress tone plans. Sources:
 *  - China: YD/T 1277 / GB 3380 signal tones: 450 Hz at -10 dBm0; dial
 *    continuous, ringback 1 s on 4 s off, busy 0.35/0.35 s, congestion
 *    0.7/0.7 s. Chinese networks announce vacant numbers by voice; the
 *    ITU special information tone stands in for them here.
 *  - North America: Telcordia GR-506 precise tone plan: dial 350+440 Hz
 *    at -13 dBm0, audible ringing 440+480 Hz at -19 dBm0 2 s on 4 s off,
 *    busy 480+620 Hz at -24 dBm0 0.5/0.5 s, reorder 0.25/0.25 s; SIT
 *    (the "low" segments, 913.8/1370.6/1776.7 Hz, 380 ms each).
 *  - ITU-T E.180: 425 Hz at -10 dBm0; dial continuous, ringing 1 s on
 *    4 s off, busy 0.5/0.5 s, congestion 0.25/0.25 s; SIT (E.180 and
 *    Q.35): 950, 1400, 1800 Hz of 330 ms each, then 1 s of silence.
 */
#include "dsp/tone_plan.h"

static const struct cti__tone_def cn[CTI__TONES_PER_PLAN] = {
	{ CTI_TONE_DIAL, { 450 }, 1, -10, 0, 0, false },
	{ CTI_TONE_RINGBACK, { 450 }, 1, -10, 1000, 4000, false },
	{ CTI_TONE_BUSY, { 450 }, 1, -10, 350, 350, false },
	{ CTI_TONE_CONGESTION, { 450 }, 1, -10, 700, 700, false },
	{ CTI_TONE_SIT, { 950, 1400, 1800 }, 3, -14, 330, 1000, true },
};

static const struct cti__tone_def na[CTI__TONES_PER_PLAN] = {
	{ CTI_TONE_DIAL, { 350, 440 }, 2, -13, 0, 0, false },
	{ CTI_TONE_RINGBACK, { 440, 480 }, 2, -19, 2000, 4000, false },
	{ CTI_TONE_BUSY, { 480, 620 }, 2, -24, 500, 500, false },
	{ CTI_TONE_CONGESTION, { 480, 620 }, 2, -24, 250, 250, false },
	{ CTI_TONE_SIT, { 913.8f, 1370.6f, 1776.7f }, 3, -24, 380, 1000,
	  true },
};

static const struct cti__tone_def itu[CTI__TONES_PER_PLAN] = {
	{ CTI_TONE_DIAL, { 425 }, 1, -10, 0, 0, false },
	{ CTI_TONE_RINGBACK, { 425 }, 1, -10, 1000, 4000, false },
	{ CTI_TONE_BUSY, { 425 }, 1, -10, 500, 500, false },
	{ CTI_TONE_CONGESTION, { 425 }, 1, -10, 250, 250, false },
	{ CTI_TONE_SIT, { 950, 1400, 1800 }, 3, -14, 330, 1000, true },
};

const struct cti__tone_def *cti__tone_plan(int plan)
{
	switch (plan) {
	case CTI_TONES_CN:
		return cn;
	case CTI_TONES_NA:
		return na;
	case CTI_TONES_ITU:
		return itu;
	default:
		return NULL;
	}
}

const char *cti_tone_name(int tone)
{
	static const char *const names[] = { "none", "dial", "ringback",
					     "busy", "congestion", "sit" };

	return tone >= 0 && tone <= CTI_TONE_SIT ? names[tone] : "?";
}
