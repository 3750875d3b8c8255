// SPDX-License-Identifier: LGPL-2.1-or-later
/* Signal levels in dBm0 (reference in cti/dsp.h). */
#include <math.h>

#include "cti/dsp.h"
#include "dsp/level.h"

double cti_dbm0_to_peak(double dbm0)
{
	return CTI_DBM0_PEAK * pow(10.0, dbm0 / 20.0);
}

double cti_power_dbm0(const int16_t *s, size_t n)
{
	double sum = 0;

	if (!s || !n)
		return -100.0;
	for (size_t i = 0; i < n; i++)
		sum += (double)s[i] * s[i];
	return cti__ms_to_dbm0(sum / (double)n);
}

double cti__ms_to_dbm0(double mean_square)
{
	if (mean_square <= 0)
		return -100.0;
	return 10.0 * log10(mean_square / CTI__DBM0_MS);
}

double cti__dbm0_to_ms(double dbm0)
{
	return CTI__DBM0_MS * pow(10.0, dbm0 / 10.0);
}
