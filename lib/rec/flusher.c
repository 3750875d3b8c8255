// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The recorder's sync thread (CTI_REC_SYNC_CHUNK). fdatasync takes 3 to
 * 6 ms on this machine's virtio disk, longer on a busy one; done inline
 * after every chunk it stalled the thread that calls the recorder (the
 * engine's, which also moves every call's audio) for that long once a
 * second per recording: 60 recordings were 180-360 ms of every second.
 * Here the writer hands a duplicate of the file's descriptor to a thread
 * that syncs it, and the chunk's write returns at once. The file's data
 * is in the kernel when the write returns (a process crash loses
 * nothing more than before); a power cut may lose the chunks still
 * queued here as well as the one being filled: the queue is drained as
 * fast as the disk goes, so about one more chunk.
 *
 * A failed sync is kept in the recording's tag: its next chunk fails
 * with CTI_EIO, as an inline fdatasync failure did. The thread never
 * logs (the context's log is not for other threads); the writer does.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "rec/rec.h"

struct cti__sync_tag {
	unsigned refs; /* the recording's, and one per queued sync */
	int err;       /* errno of a failed sync, 0 */
};

struct sync_job {
	int fd; /* a dup: the recording may close its own meanwhile */
	struct cti__sync_tag *tag;
};

struct cti__flusher {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake, idle;
	struct sync_job *jobs; /* queued, oldest first */
	size_t n, cap;
	bool busy, stop;
	struct cti__flusher_stats stats;
};

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Under the lock. */
static void tag_put_locked(struct cti__sync_tag *t)
{
	if (t && !--t->refs)
		free(t);
}

static void run_job(struct cti__flusher *f, struct sync_job *j)
{
	uint64_t t0 = mono_ns(), ns;
	int err = fdatasync(j->fd) ? errno : 0;

	ns = mono_ns() - t0;
	close(j->fd);
	pthread_mutex_lock(&f->lock);
	if (err && !j->tag->err)
		j->tag->err = err;
	tag_put_locked(j->tag);
	f->stats.synced++;
	f->stats.failed += err != 0;
	f->stats.total_ns += ns;
	if (ns > f->stats.max_ns)
		f->stats.max_ns = ns;
	pthread_mutex_unlock(&f->lock);
}

static void *flusher_main(void *arg)
{
	struct cti__flusher *f = arg;

	pthread_mutex_lock(&f->lock);
	for (;;) {
		struct sync_job *jobs;
		size_t n;

		while (!f->n && !f->stop)
			pthread_cond_wait(&f->wake, &f->lock);
		if (!f->n)
			break; /* stopping, all done */
		/* take the whole queue: the writer appends to a new one */
		jobs = f->jobs;
		n = f->n;
		f->jobs = NULL;
		f->n = f->cap = 0;
		f->busy = true;
		pthread_mutex_unlock(&f->lock);
		for (size_t i = 0; i < n; i++)
			run_job(f, &jobs[i]);
		free(jobs);
		pthread_mutex_lock(&f->lock);
		f->busy = false;
		pthread_cond_broadcast(&f->idle);
	}
	pthread_mutex_unlock(&f->lock);
	return NULL;
}

int cti__flusher_start(struct cti__flusher **out)
{
	struct cti__flusher *f = calloc(1, sizeof(*f));

	*out = NULL;
	if (!f)
		return CTI_ENOMEM;
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->wake, NULL);
	pthread_cond_init(&f->idle, NULL);
	if (pthread_create(&f->thread, NULL, flusher_main, f)) {
		pthread_cond_destroy(&f->idle);
		pthread_cond_destroy(&f->wake);
		pthread_mutex_destroy(&f->lock);
		free(f);
		return CTI_ENOMEM;
	}
	*out = f;
	return 0;
}

void cti__flusher_stop(struct cti__flusher *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	f->stop = true;
	pthread_cond_signal(&f->wake);
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL); /* after the last queued sync */
	pthread_cond_destroy(&f->idle);
	pthread_cond_destroy(&f->wake);
	pthread_mutex_destroy(&f->lock);
	free(f->jobs);
	free(f);
}

int cti__flusher_tag_new(struct cti__sync_tag **out)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return CTI_ENOMEM;
	(*out)->refs = 1;
	return 0;
}

void cti__flusher_tag_put(struct cti__flusher *f, struct cti__sync_tag *t)
{
	if (!t)
		return;
	if (!f) { /* no thread ever saw it */
		free(t);
		return;
	}
	pthread_mutex_lock(&f->lock);
	tag_put_locked(t);
	pthread_mutex_unlock(&f->lock);
}

int cti__flusher_sync(struct cti__flusher *f, struct cti__sync_tag *t, int fd)
{
	int rc = 0, dup_fd;

	pthread_mutex_lock(&f->lock);
	if (t->err) {
		rc = CTI_EIO; /* an earlier chunk never reached the disk */
		goto out;
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		struct sync_job *j = realloc(f->jobs, cap * sizeof(*j));

		if (!j) {
			rc = CTI_ENOMEM;
			goto out;
		}
		f->jobs = j;
		f->cap = cap;
	}
	dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (dup_fd < 0) {
		rc = CTI_EIO;
		goto out;
	}
	t->refs++;
	f->jobs[f->n++] = (struct sync_job){ .fd = dup_fd, .tag = t };
	if (f->n > f->stats.max_queued)
		f->stats.max_queued = f->n;
	pthread_cond_signal(&f->wake);
out:
	pthread_mutex_unlock(&f->lock);
	return rc;
}

void cti__flusher_wait(struct cti__flusher *f)
{
	pthread_mutex_lock(&f->lock);
	while (f->n || f->busy)
		pthread_cond_wait(&f->idle, &f->lock);
	pthread_mutex_unlock(&f->lock);
}

void cti__flusher_stats(struct cti__flusher *f, struct cti__flusher_stats *s)
{
	pthread_mutex_lock(&f->lock);
	*s = f->stats;
	pthread_mutex_unlock(&f->lock);
}

int cti__flusher_error(struct cti__flusher *f, const struct cti__sync_tag *t)
{
	int err;

	pthread_mutex_lock(&f->lock);
	err = t->err;
	pthread_mutex_unlock(&f->lock);
	return err;
}
