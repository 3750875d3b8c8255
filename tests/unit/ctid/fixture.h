/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ctid's tests: configurations written to a temporary directory, loaded
 * by the daemon's own code (linked in) and by the real ctid binary.
 */
#ifndef CTID_TEST_FIXTURE_H
#define CTID_TEST_FIXTURE_H

#include <limits.h>

#include "cti/cti.h"
#include "unit.h"

#include "../../../utils/ctid/conf.h"
#include "../../../utils/ctid/daemon.h"

extern char tdir[64];		   /* this test's temporary directory */
extern char prompts_dir[PATH_MAX]; /* the build's default prompt set */

void tdir_make(void);
void tdir_remove(void);
/* Write `text` to tdir/name; returns the path (static buffer). */
const char *write_file(const char *name, const char *text);
/* Run build/bin/ctid with args (NULL-terminated); its stderr and stdout
 * into *out (malloc'd); returns its exit status. */
int run_ctid(char **out, const char *const *args);

void add_conf_tests(Suite *s);
void add_daemon_tests(Suite *s);

#endif
