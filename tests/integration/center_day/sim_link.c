// SPDX-License-Identifier: LGPL-2.1-or-later
/* The simulator of cti-sim, built into this suite as it is into the
 * tool (public API only). */
#include "../../../utils/cti-sim/sim.c"
