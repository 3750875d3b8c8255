// SPDX-License-Identifier: LGPL-2.1-or-later
/* The engine's test centre, shared with center_calls (one fixture, not a
 * copy of it). */
#include "../center_calls/fixture.c"
