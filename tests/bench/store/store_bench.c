// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Store benchmark: SQLite (WAL, synchronous=FULL) on a scratch directory
 * in $TMPDIR (default /tmp), so the figures are those of that file system
 * and its fsync; or the store at URI (a PostgreSQL one, say:
 * synchronous_commit=on, so the server's WAL fsync and a round trip):
 *
 *  1. CDR puts one per transaction (an fsync each): commits per second;
 *  2. CDR puts in batches of 1000: records per second;
 *  3. a full query, a one-queue query over an hour, and a CSV export to
 *     /dev/null: records per second.
 *
 * Usage: store [N [URI]] (records for 2 and 3, default 200000). A URI's
 * store should be new: the queries count what is there.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cti/store.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void make_cdr(struct cti_acd_cdr *c, uint64_t i)
{
	memset(c, 0, sizeof(*c));
	c->call_id = i;
	snprintf(c->queue, sizeof(c->queue), "queue-%u", (unsigned)(i % 50));
	snprintf(c->agent, sizeof(c->agent), "agent-%u", (unsigned)(i % 2000));
	snprintf(c->ani, sizeof(c->ani), "0215550%05u", (unsigned)(i % 99999));
	strcpy(c->dnis, "4008");
	c->outcome = (enum cti_acd_outcome)(1 + i % 3);
	c->epoch_ms = 1793696400000LL + (int64_t)i * 200; /* 5 calls/s */
	c->offered_ms = (int64_t)i * 200;
	c->answered_ms = c->offered_ms + 8000;
	c->ended_ms = c->answered_ms + 180000;
	c->wait_ms = 8000;
	c->talk_ms = 170000;
	c->hold_ms = 10000;
	c->wrap_ms = 30000;
}

static int count(void *user, const struct cti_acd_cdr *c)
{
	(void)c;
	++*(long *)user;
	return 0;
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	long n = argc > 1 ? atol(argv[1]) : 200000, i, got = 0;
	struct cti_acd_cdr *batch;
	struct cti_store_filter f = { 0 };
	char dir[256], path[300];
	cti_store_t *st;
	double t0, dt;
	FILE *null;
	int rc = 0;

	snprintf(dir, sizeof(dir), "%s/cti-store-bench-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir) || n < 1000)
		return 1;
	snprintf(path, sizeof(path), "%s/bench.db", dir);
	batch = calloc(1000, sizeof(*batch));
	if (!batch || cti_store_open(&st, argc > 2 ? argv[2] : path, NULL))
		return 1;
	printf("store: %s, %ld records\n", argc > 2 ? "at the URI given" : dir,
	       n);

	t0 = now();
	for (i = 0; i < 500 && now() - t0 < 3; i++) {
		make_cdr(&batch[0], (uint64_t)i);
		rc |= cti_store_put_cdr(st, &batch[0]);
	}
	dt = now() - t0;
	printf("  put, 1 per transaction:    %9.0f commits/s (%ld in %.2f s, "
	       "%.2f ms each)\n",
	       (double)i / dt, i, dt, dt * 1000 / (double)i);

	t0 = now();
	for (i = 0; i < n; i += 1000) {
		for (long j = 0; j < 1000; j++)
			make_cdr(&batch[j], (uint64_t)(100000 + i + j));
		rc |= cti_store_put_cdrs(st, batch, 1000);
	}
	dt = now() - t0;
	printf("  put, 1000 per transaction: %9.0f records/s\n",
	       (double)n / dt);

	t0 = now();
	rc |= cti_store_query_cdrs(st, NULL, count, &got) < 0;
	dt = now() - t0;
	printf("  query, all:                %9.0f records/s (%ld)\n",
	       (double)got / dt, got);

	got = 0;
	f.queue = "queue-7";
	f.from_epoch_ms = 1793696400000LL + 20000000;
	f.to_epoch_ms = f.from_epoch_ms + 3600000;
	t0 = now();
	rc |= cti_store_query_cdrs(st, &f, count, &got) < 0;
	dt = now() - t0;
	printf("  query, one queue, 1 h:     %9.3f ms (%ld records)\n",
	       dt * 1000, got);

	null = fopen("/dev/null", "w");
	t0 = now();
	got = null ? cti_store_export_cdrs(st, NULL, CTI_STORE_CSV, null) : -1;
	dt = now() - t0;
	printf("  export CSV:                %9.0f records/s\n",
	       (double)got / dt);
	rewind(null);
	t0 = now();
	got = null ? cti_store_export_cdrs(st, NULL, CTI_STORE_JSON, null) : -1;
	dt = now() - t0;
	printf("  export JSON:               %9.0f records/s\n",
	       (double)got / dt);
	if (null)
		fclose(null);
	cti_store_close(st);
	free(batch);
	nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	return rc || got < 0;
}
