/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What every command-line tool of utils/ does alike: the exit codes,
 * naming an option getopt refused, reading a time argument. Linked into
 * each tool from $(BUILD)/obj/utils/common/libtool.a (Makefile); tools
 * use only libcti's public headers, and so does this.
 */
#ifndef CTI_UTILS_TOOL_H
#define CTI_UTILS_TOOL_H

#include <stdint.h>

/* 0 done, 1 trouble (the system, a span, a file's contents), 2 usage. */
enum { EXIT_WELL = 0, EXIT_TROUBLE = 1, EXIT_USAGE = 2 };

/*
 * After getopt_long() returned c ('?' or ':'; opterr off, so getopt said
 * nothing: its own message would start with the path the tool was run
 * by): name the option on stderr as "PROG[: CMD]: ...", point to PROG
 * --help and return EXIT_USAGE. cmd is the subcommand, or NULL.
 */
int tool_bad_option(const char *prog, const char *cmd, int c, char **argv);

/*
 * A time argument: milliseconds since the epoch (digits only) or UTC
 * "YYYY-MM-DD[THH:MM[:SS]][Z]" (a space may stand for the T). Returns 0
 * with *ms set, or -1 for anything else (the caller names the option).
 */
int tool_parse_time(const char *s, int64_t *ms);

#define TOOL_TIME_FORMS "epoch ms or YYYY-MM-DD[THH:MM[:SS]][Z]"

#endif
