// SPDX-License-Identifier: LGPL-2.1-or-later
/* cti-sim's far ends, built into this suite as into the tool. */
#include "../../../utils/cti-sim/farend.c"
