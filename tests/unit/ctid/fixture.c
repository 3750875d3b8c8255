// SPDX-License-Identifier: LGPL-2.1-or-later
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"

char tdir[64];
char prompts_dir[PATH_MAX];

void tdir_make(void)
{
	snprintf(tdir, sizeof(tdir), "/tmp/ctid-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tdir));
	ck_assert_ptr_nonnull(realpath("build/prompts", prompts_dir));
}

void tdir_remove(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tdir);
	ck_assert_int_eq(system(cmd), 0);
}

const char *write_file(const char *name, const char *text)
{
	static char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

int run_ctid(char **out, const char *const *args)
{
	char *argv[16], log[PATH_MAX];
	posix_spawn_file_actions_t fa;
	int n = 0, st;
	pid_t pid;
	FILE *f;
	size_t len = 0;

	argv[n++] = (char *)"build/bin/ctid";
	while (*args && n < 15)
		argv[n++] = (char *)*args++;
	argv[n] = NULL;
	snprintf(log, sizeof(log), "%s/ctid.out", tdir);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, log,
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	ck_assert_int_eq(posix_spawn(&pid, argv[0], &fa, NULL, argv, NULL), 0);
	posix_spawn_file_actions_destroy(&fa);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	f = fopen(log, "r");
	ck_assert_ptr_nonnull(f);
	*out = NULL;
	ck_assert_int_ge(getdelim(out, &len, '\0', f), 0);
	fclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
