// SPDX-License-Identifier: LGPL-2.1-or-later
/* The far ends of cti-sim, built into this suite as they are into the
 * tool (public API only). */
#include "../../../utils/cti-sim/farend.c"
