// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * DTMF generation, ITU-T Q.23: one low-group and one high-group frequency
 * per key; 80 ms of tone then 80 ms of pause per digit (Q.24 asks
 * receivers to accept 40 ms tone / 40 ms pause, so this is comfortable).
 * lib/dsp will own DTMF once it lands; this serves cti_call_send_dtmf().
 */
#include <math.h>
#include <string.h>

#include "call/call.h"

#define TONE_SAMPLES  640 /* 80 ms */
#define CYCLE_SAMPLES 1280
#define AMPL	      5000.0 /* about -10 dBm0 per frequency */

static const char keys[] = "123A456B789C*0#D";
static const double low_hz[4] = { 697, 770, 852, 941 };
static const double high_hz[4] = { 1209, 1336, 1477, 1633 };

bool cti__dtmf_valid(char d)
{
	return d && strchr(keys, d) != NULL;
}

int16_t cti__dtmf_sample(char d, uint32_t n, bool *done)
{
	const char *k = d ? strchr(keys, d) : NULL;
	int idx;
	double t;

	*done = n + 1 >= CYCLE_SAMPLES;
	if (!k || n >= TONE_SAMPLES)
		return 0;
	idx = (int)(k - keys);
	t = n / 8000.0;
	return (int16_t)lrint(AMPL * (sin(2 * M_PI * low_hz[idx / 4] * t) +
				      sin(2 * M_PI * high_hz[idx % 4] * t)));
}
