/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The pri suite's D-channel capture cases (capture_test.c). */
#ifndef PRI_CAPTURE_TEST_H
#define PRI_CAPTURE_TEST_H

#include "unit.h"

TCase *capture_tcase(void);

#endif
