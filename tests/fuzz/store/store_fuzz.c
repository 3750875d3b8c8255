// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The store opened on arbitrary bytes: the input (after two bytes that
 * choose a filter and a format) is written as the database file, opened
 * read-only, then queried, summarised and exported in both formats; then
 * opened read-write (the migration path), written to (CDRs, a cut call,
 * a cut open interval) and read back. A file
 * that is not a store must be refused with a reason (CTI_EFORMAT, ...),
 * never crash, hang or leak; records delivered carry NUL-terminated
 * strings; a refused file is never written to.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cti/cti.h"
#include "fuzz.h"

static char dir[64], path[96];

static void cleanup(void)
{
	char p[128];

	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-journal", path);
	unlink(p);
	unlink(path);
}

static void at_exit(void)
{
	cleanup();
	rmdir(dir);
}

static int setup(void)
{
	/* tmpfs if there is one: synchronous=FULL costs nothing there */
	const char *base = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";

	snprintf(dir, sizeof(dir), "%s/cti-fuzz-store-%d", base, (int)getpid());
	if (mkdir(dir, 0700) && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/fuzz.db", dir);
	atexit(at_exit);
	return 0;
}

static int on_cdr(void *user, const struct cti_acd_cdr *c)
{
	int *n = user;

	FZ_CHECK(memchr(c->queue, 0, sizeof(c->queue)));
	FZ_CHECK(memchr(c->agent, 0, sizeof(c->agent)));
	FZ_CHECK(memchr(c->ani, 0, sizeof(c->ani)));
	FZ_CHECK(memchr(c->dnis, 0, sizeof(c->dnis)));
	FZ_CHECK(memchr(c->exit_action, 0, sizeof(c->exit_action)));
	return ++*n >= 1000; /* enough of one file */
}

static int on_interval(void *user, const struct cti_acd_interval *iv)
{
	int *n = user;

	FZ_CHECK(memchr(iv->queue, 0, sizeof(iv->queue)));
	return ++*n >= 1000;
}

static int on_summary(void *user, const struct cti_store_summary *s)
{
	int *n = user;

	FZ_CHECK(memchr(s->queue, 0, sizeof(s->queue)));
	return ++*n >= 1000;
}

static int on_record(void *user, const struct cti_center_record *r)
{
	int *n = user;

	FZ_CHECK(memchr(r->ani, 0, sizeof(r->ani)));
	FZ_CHECK(memchr(r->number, 0, sizeof(r->number)));
	FZ_CHECK(memchr(r->last_agent, 0, sizeof(r->last_agent)));
	return ++*n >= 1000;
}

static int on_recording(void *user, const struct cti_store_recording *r)
{
	int *n = user;

	FZ_CHECK(memchr(r->id, 0, sizeof(r->id)));
	FZ_CHECK(memchr(r->account, 0, sizeof(r->account)));
	return ++*n >= 1000;
}

static void read_all(cti_store_t *st, const struct cti_store_filter *f,
		     int fmt, FILE *null)
{
	int n = 0, rc;

	rc = cti_store_query_call_records(st, f, on_record, &n);
	FZ_CHECK(rc >= 0 || rc == CTI_EFORMAT || rc == CTI_EIO ||
		 rc == CTI_ENOMEM || rc == CTI_EBUSY);
	n = 0;
	cti_store_query_recordings(st, NULL, on_recording, &n);
	cti_store_export_call_records(st, f, fmt, null);
	n = 0;

	rc = cti_store_query_cdrs(st, f, on_cdr, &n);
	FZ_CHECK(rc >= 0 || rc == CTI_EFORMAT || rc == CTI_EIO ||
		 rc == CTI_ENOMEM || rc == CTI_EBUSY);
	n = 0;
	cti_store_query_intervals(st, f, on_interval, &n);
	n = 0;
	cti_store_summarize(st, f, on_summary, &n);
	cti_store_export_cdrs(st, f, fmt, null);
	cti_store_export_intervals(st, f, fmt, null);
	cti_store_export_summary(st, f, fmt, null);
	cti_store_export_cdrs_fd(st, f, fmt == CTI_STORE_CSV ? CTI_STORE_JSON :
							       CTI_STORE_CSV,
				 fileno(null));
}

static bool same_file(const uint8_t *data, size_t size)
{
	uint8_t buf[4096];
	size_t off = 0;
	ssize_t k;
	int fd = open(path, O_RDONLY);
	bool same = fd >= 0;

	while (same && (k = read(fd, buf, sizeof(buf))) > 0) {
		same = off + (size_t)k <= size &&
		       !memcmp(buf, data + off, (size_t)k);
		off += (size_t)k;
	}
	if (fd >= 0)
		close(fd);
	return same && off == size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct cti_store_config rc_cfg = { .flags = CTI_STORE_RDONLY };
	struct cti_store_filter f = { 0 };
	struct cti_acd_cdr cdr = { 0 };
	cti_store_t *st = NULL;
	FILE *null;
	uint8_t sel, fmt_b;
	int fd, rc;

	if (!ready) {
		if (setup())
			abort();
		ready = true;
	}
	if (size < 2)
		return 0;
	sel = data[0];
	fmt_b = data[1];
	data += 2;
	size -= 2;
	if (sel & 1)
		f.from_epoch_ms = 1793696400000LL;
	if (sel & 2)
		f.to_epoch_ms = sel & 4 ? -1 : 1793697300000LL;
	if (sel & 8)
		f.queue = sel & 16 ? "sales" : "q'\"\\,\n";
	if (sel & 32)
		f.instance = sel & 64 ? "" : "east";
	cleanup();
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	null = fopen("/dev/null", "w");
	if (!null)
		abort();

	rc = cti_store_open(&st, path, &rc_cfg);
	FZ_CHECK(!rc == !!st);
	if (!rc) {
		read_all(st, &f, 1 + (fmt_b & 1), null);
		cti_store_close(st);
	} else {
		FZ_CHECK(rc == CTI_EFORMAT || rc == CTI_ENOTSUP ||
			 rc == CTI_EIO || rc == CTI_ENOMEM ||
			 rc == CTI_EBUSY || rc == CTI_EACCES);
	}
	/* read-only never changes the file */
	FZ_CHECK(same_file(data, size));

	if (fmt_b & 2) {
		struct cti_store_config rw = { 0 };

		rc = cti_store_open(&st, path, &rw);
		FZ_CHECK(!rc == !!st);
		if (rc) {
			/* a file we refuse is left as it was */
			if (rc == CTI_EFORMAT || rc == CTI_ENOTSUP)
				FZ_CHECK(same_file(data, size));
		} else {
			snprintf(cdr.queue, sizeof(cdr.queue), "sales");
			cdr.call_id = 7;
			cdr.outcome = CTI_ACD_ANSWERED;
			cdr.epoch_ms = 1793696400000LL;
			rc = cti_store_put_cdr(st, &cdr);
			FZ_CHECK(rc == 0 || rc == CTI_EFORMAT ||
				 rc == CTI_EIO || rc == CTI_ENOSPC ||
				 rc == CTI_EBUSY || rc == CTI_ENOMEM);
			{
				struct cti_center_record r = { .call = 3 };
				size_t cut;

				cti_store_call_opened(st, &r);
				rc = cti_store_close_cut_calls(
					st, 41, 1793696400000LL, &cut);
				FZ_CHECK(rc || cut >= 1);
			}
			{
				struct cti_acd_interval iv = {
					.queue = "sales",
					.epoch_ms = 1793696400000LL
				};
				size_t cut;

				cti_store_put_open_intervals(st, &iv, 1);
				rc = cti_store_close_cut_intervals(st, &cut);
				FZ_CHECK(rc || cut >= 1);
			}
			read_all(st, &f, 1 + (fmt_b & 1), null);
			cti_store_close(st);
		}
	}
	fclose(null);
	return 0;
}
