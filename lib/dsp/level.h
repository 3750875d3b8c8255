/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private level helpers shared by the DSP modules. */
#ifndef CTI_DSP_LEVEL_H
#define CTI_DSP_LEVEL_H

#include "cti/dsp.h"

/* Mean square of a 0 dBm0 sine in 16-bit linear units. */
#define CTI__DBM0_MS (CTI_DBM0_PEAK * CTI_DBM0_PEAK / 2.0)

/* dBm0 of a mean square (-100 for zero), and back. */
double cti__ms_to_dbm0(double mean_square);
double cti__dbm0_to_ms(double dbm0);

#endif
