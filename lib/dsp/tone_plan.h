/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Call-progress tone plans shared by the generator and the detector. */
#ifndef CTI_DSP_TONE_PLAN_H
#define CTI_DSP_TONE_PLAN_H

#include "cti/tone.h"

struct cti__tone_def {
	int tone;          /* enum cti_tone */
	float hz[3];       /* played together, or one after another (SIT) */
	int nhz;
	float dbm0;        /* level of each frequency */
	uint16_t on_ms;    /* 0: continuous */
	uint16_t off_ms;
	bool sequence;     /* SIT: each frequency on_ms in turn, then off */
};

#define CTI__TONES_PER_PLAN 5

/* The plan's tones (CTI__TONES_PER_PLAN of them) or NULL if unknown. */
const struct cti__tone_def *cti__tone_plan(int plan);

#endif
