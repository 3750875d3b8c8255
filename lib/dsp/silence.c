// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Energy/silence detection on 10 ms frames with a hangover: sound starts
 * at the first loud frame, silence only after hangover_ms of quiet frames
 * (so pauses between words do not end a recording).
 */
#include <math.h>
#include <string.h>

#include "cti/tone.h"
#include "dsp/level.h"

#define FRAME 80

int cti_silence_init(cti_silence_t *sd, double threshold_dbm0,
		     uint32_t hangover_ms)
{
	/* NaN compares false with everything: test finiteness first */
	if (!sd || !isfinite(threshold_dbm0) || threshold_dbm0 < -90 ||
	    threshold_dbm0 > 0 || hangover_ms > 60000)
		return CTI_EINVAL;
	memset(sd, 0, sizeof(*sd));
	sd->threshold_dbm0 = threshold_dbm0;
	sd->hangover_ms = hangover_ms;
	sd->silent = true;
	sd->frame_dbm0 = -100;
	return 0;
}

int cti_silence_feed(cti_silence_t *sd, const int16_t *s, size_t n)
{
	int changed = 0;

	if (!sd || (n && !s))
		return CTI_EINVAL;
	for (size_t i = 0; i < n; i++) {
		sd->acc += (double)s[i] * s[i];
		sd->samples++;
		if (++sd->fill < FRAME)
			continue;
		sd->frame_dbm0 = cti__ms_to_dbm0(sd->acc / FRAME);
		sd->acc = 0;
		sd->fill = 0;
		if (sd->frame_dbm0 >= sd->threshold_dbm0) {
			sd->last_sound = sd->samples;
			if (sd->silent) {
				sd->silent = false;
				sd->since = sd->samples - FRAME;
				changed = 1;
			}
		} else if (!sd->silent &&
			   sd->samples - sd->last_sound >=
				   (uint64_t)sd->hangover_ms * 8) {
			sd->silent = true;
			sd->since = sd->last_sound;
			changed = 1;
		}
	}
	return changed;
}

uint32_t cti_silence_ms(const cti_silence_t *sd)
{
	uint64_t from;

	if (!sd || !sd->silent)
		return 0;
	from = sd->last_sound ? sd->last_sound : 0;
	return (uint32_t)((sd->samples - from) / 8);
}
