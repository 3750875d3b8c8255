// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * store: what a put reported committed survives kill -9 of the writer.
 * A child appends batches of CDRs and, after each put returns 0, writes
 * the batch number to a pipe; the parent kills it with SIGKILL while it is
 * writing, reopens the store, and looks for every reported batch. Batches
 * are atomic: a batch is there whole or not at all. Three rounds on the
 * same file, so recovery of a WAL left by a killed writer is exercised
 * too. (This is a process crash; power loss is what synchronous=FULL is
 * for, and needs a machine to pull the plug on.)
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

#define BATCH 10

static void child(const char *path, int wfd, uint32_t first)
{
	struct cti_store_config cfg = { 0 };
	struct cti_acd_cdr c[BATCH];
	cti_store_t *st;
	uint32_t b;
	int j;

	if (cti_store_open(&st, path, &cfg))
		_exit(3);
	for (b = first;; b++) {
		for (j = 0; j < BATCH; j++)
			th_cdr(&c[j], (uint64_t)b * BATCH + (uint64_t)j);
		if (cti_store_put_cdrs(st, c, BATCH))
			_exit(4);
		if (write(wfd, &b, sizeof(b)) != sizeof(b))
			_exit(5);
	}
}

struct seen {
	uint8_t *have; /* per call_id - 1000 */
	size_t cap, n;
	uint64_t max_id;
};

static int mark(void *user, const struct cti_acd_cdr *c)
{
	struct seen *s = user;
	uint64_t k = c->call_id - 1000;

	ck_assert_uint_lt(k, s->cap);
	ck_assert_msg(!s->have[k], "call %llu stored twice",
		      (unsigned long long)c->call_id);
	s->have[k] = 1;
	s->n++;
	if (c->call_id > s->max_id)
		s->max_id = c->call_id;
	return 0;
}

/* One round: returns the number of batches now in the store. */
static uint32_t round_(const char *path, uint32_t first, uint32_t kill_after)
{
	uint32_t b, reported = 0, last = 0, i;
	struct seen s = { 0 };
	struct cti_acd_cdr want;
	int pfd[2], status;
	cti_store_t *st;
	pid_t pid;

	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(pfd[0]);
		child(path, pfd[1], first);
	}
	close(pfd[1]);
	while (reported < kill_after &&
	       read(pfd[0], &b, sizeof(b)) == sizeof(b)) {
		ck_assert_uint_eq(b, first + reported);
		last = b;
		reported++;
	}
	ck_assert_uint_eq(reported, kill_after); /* the child did not fail */
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	/* reports written before the kill still count */
	while (read(pfd[0], &b, sizeof(b)) == sizeof(b)) {
		ck_assert_uint_eq(b, last + 1);
		last = b;
	}
	close(pfd[0]);

	s.cap = ((size_t)last + 2) * BATCH;
	s.have = calloc(s.cap, 1);
	ck_assert_ptr_nonnull(s.have);
	st = th_open(path);
	ck_assert_int_ge(cti_store_query_cdrs(st, NULL, mark, &s), 0);
	cti_store_close(st);
	/* every reported record, whole and equal to what was put */
	for (i = 0; i < ((size_t)last + 1) * BATCH; i++)
		ck_assert_msg(s.have[i],
			      "committed call %u lost (last "
			      "reported batch %u)",
			      1000 + i, last);
	/* at most the batch in flight besides, and only whole */
	ck_assert_uint_eq(s.n % BATCH, 0);
	ck_assert_uint_le(s.n, s.cap);
	free(s.have);
	st = th_open(path);
	{
		struct cti_store_filter f = { .from_epoch_ms = 0 };
		struct th_cdrs one = { 0 };

		th_cdr(&want, (uint64_t)last * BATCH + BATCH - 1);
		f.from_epoch_ms = want.epoch_ms;
		f.to_epoch_ms = want.epoch_ms + 1;
		ck_assert_int_eq(
			cti_store_query_cdrs(st, &f, th_collect_cdr, &one), 1);
		th_assert_cdr_eq(&one.r[0], &want);
	}
	cti_store_close(st);
	return (uint32_t)(s.n / BATCH);
}

START_TEST(test_kill9_keeps_committed)
{
	const char *p = th_uri("crash.db");
	uint32_t n = 0;

	n = round_(p, n, 40);
	n = round_(p, n, 25);
	n = round_(p, n, 60);
	ck_assert_uint_ge(n, 125);
}
END_TEST

TCase *store_crash_tcase(enum th_backend b);
TCase *store_crash_tcase(enum th_backend b)
{
	TCase *tc = tcase_create(b == TH_PG ? "crash-pg" : "crash");

	tcase_add_checked_fixture(tc, b == TH_PG ? th_setup_pg : th_setup,
				  th_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_kill9_keeps_committed);
	return tc;
}
