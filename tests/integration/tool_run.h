/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Running a built tool as a user would ($CTI_BIN/<tool>, by default
 * build/bin/<tool>) from a Check test: exit status, stdout and stderr
 * apart. Shared by the tool suites (tests/integration/<tool>_cli).
 */
#ifndef CTI_TESTS_TOOL_RUN_H
#define CTI_TESTS_TOOL_RUN_H

#include <fcntl.h>
#include <stdbool.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

extern char **environ;

struct tool_run {
	int status;     /* exit status; the test fails if the tool died */
	char out[16384]; /* stdout */
	char err[8192];  /* stderr */
};

static inline void tool_slurp(int fd, char *buf, size_t cap)
{
	ssize_t k;
	size_t got = 0;

	lseek(fd, 0, SEEK_SET);
	while (got + 1 < cap && (k = read(fd, buf + got, cap - 1 - got)) > 0)
		got += (size_t)k;
	buf[got] = '\0';
	close(fd);
}

/* Run tool with args (NULL-terminated); stdin is /dev/null. merged:
 * stderr into r->out too, in the order written (r->err stays empty). */
static inline void tool_spawn(struct tool_run *r, const char *tool,
			      const char *const *args, bool merged)
{
	const char *bin_dir = getenv("CTI_BIN") ? getenv("CTI_BIN") :
						  "build/bin";
	char path[512], o_tmp[] = "/tmp/cti-tool-outXXXXXX",
			e_tmp[] = "/tmp/cti-tool-errXXXXXX";
	char *argv[40];
	int n = 0, st, ofd, efd;
	posix_spawn_file_actions_t fa;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", bin_dir, tool);
	argv[n++] = path;
	for (; *args && n < 39; args++)
		argv[n++] = (char *)*args;
	argv[n] = NULL;
	ofd = mkstemp(o_tmp);
	efd = mkstemp(e_tmp);
	ck_assert(ofd >= 0 && efd >= 0);
	unlink(o_tmp);
	unlink(e_tmp);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, ofd, 1);
	posix_spawn_file_actions_adddup2(&fa, merged ? ofd : efd, 2);
	ck_assert_msg(posix_spawn(&pid, path, &fa, NULL, argv, environ) == 0,
		      "cannot run %s (make utils)", path);
	posix_spawn_file_actions_destroy(&fa);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	tool_slurp(ofd, r->out, sizeof(r->out));
	tool_slurp(efd, r->err, sizeof(r->err));
	ck_assert_msg(WIFEXITED(st), "%s died: %s%s", tool, r->out, r->err);
	r->status = WEXITSTATUS(st);
}

static inline void tool_run(struct tool_run *r, const char *tool,
			    const char *const *args)
{
	tool_spawn(r, tool, args, false);
}

#define TOOL_RUN(r, tool, ...)                                       \
	do {                                                         \
		const char *const args_[] = { __VA_ARGS__, NULL };   \
		tool_run(r, tool, args_);                            \
	} while (0)

/* As TOOL_RUN, stdout and stderr together in r->out. */
#define TOOL_RUN_MERGED(r, tool, ...)                                \
	do {                                                         \
		const char *const args_[] = { __VA_ARGS__, NULL };   \
		tool_spawn(r, tool, args_, true);                    \
	} while (0)

/* stdout or stderr contains s */
#define OUT_HAS(r, s)                                                   \
	ck_assert_msg(strstr((r)->out, s), "no '%s' in stdout:\n%s\n"   \
		      "stderr:\n%s", s, (r)->out, (r)->err)
#define ERR_HAS(r, s)                                                   \
	ck_assert_msg(strstr((r)->err, s), "no '%s' in stderr:\n%s\n"   \
		      "stdout:\n%s", s, (r)->err, (r)->out)

#endif
