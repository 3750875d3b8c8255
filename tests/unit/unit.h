/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared by every Check suite: each tests/unit/<module>/ (and
 * tests/integration/<name>/) directory defines unit_suite() once; main.c
 * runs it.
 */
#ifndef CTI_TESTS_UNIT_H
#define CTI_TESTS_UNIT_H

#include <check.h>

Suite *unit_suite(void);

#endif
