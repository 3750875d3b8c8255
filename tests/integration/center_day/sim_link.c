// SPDX-License-Identifier: LGPL-2.1-or-later
/* The simulator of cti-sim, built into this suite as it is into the
 * tool (public API only); every engine event it reads passes through
 * day_next_event() first, so the test keeps the whole-call records. */
#include "cti/cti.h"

int day_next_event(cti_center_t *cc, struct cti_center_event *ev);
#define cti_center_next_event day_next_event
#include "../../../utils/cti-sim/sim.c"
#undef cti_center_next_event
