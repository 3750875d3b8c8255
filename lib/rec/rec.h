/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private side of lib/rec: the recorder and recording handles, shared by
 * recorder.c (directory, lock, ledger, recovery) and writer.c (a
 * recording's chunks).
 */
#ifndef CTI_REC_REC_H
#define CTI_REC_REC_H

#include <stdarg.h>

#include "cti/rec.h"
#include "rec/crypto.h"
#include "rec/format.h"
#include "rec/ledger.h"

struct cti_rec {
	cti_ctx_t *ctx;
	char *dir;
	int lock_fd;
	struct cti__key signer;
	struct cti__key rcpt[CTI_REC_MAX_RECIPIENTS];
	unsigned n_rcpt;
	uint32_t codec, chunk_frames, sync;
	int64_t (*clock)(void *user);
	void *clock_user;
	cti_store_t *index; /* may be NULL */
	/* ledger head */
	uint64_t seq;	  /* of the last entry written */
	uint8_t head[32]; /* its hash */
	char led_day[11]; /* day of the open ledger file */
	int led_fd;
	struct cti_rec_call *calls; /* running recordings */
	struct cti__flusher *flusher; /* SYNC_CHUNK's sync thread, NULL */
};

/* Two chunk slots of linear audio per channel, filled by the tap. */
struct cti__pause_span {
	uint64_t from, to; /* to: UINT64_MAX while open */
	uint32_t mode;	   /* enum cti_rec_pause_mode */
};

#define CTI__MAX_SPANS 16
#define CTI__MAX_COVER 8

/* Which timeline positions the tap has written since the horizon, per
 * channel and rank, as a few disjoint intervals: frames come in order,
 * so one or two intervals are the rule. */
struct cti__cover {
	uint64_t from[CTI__MAX_COVER], to[CTI__MAX_COVER];
	unsigned n;
};

struct cti_rec_call {
	struct cti_rec *r;
	struct cti_rec_call *next, *prev;
	char id[CTI_REC_ID_LEN + 1];
	char relpath[64]; /* DAY/ID.ctr */
	char *part, *final;
	int fd;
	bool failed;
	struct cti__sync_tag *sync_tag; /* with r->flusher: its syncs' fate */
	struct cti__rec_header hdr;
	struct cti__gcm gcm;
	struct cti__sha256 chain_h, file_h;
	uint8_t chain[32];
	unsigned channels, bps;	       /* bytes per frame */
	uint32_t C;		       /* frames per chunk */
	int16_t *pcm[2];	       /* [channel][2 * C]: slot k % 2 */
	struct cti__cover cover[2][3]; /* [channel][rank] */
	/* per-sample ranks, once the covers do not do (overlapping sources,
	 * converted input, frames far out of order): NULL until then */
	uint8_t *rank[2];
	uint64_t horizon; /* timeline position sealed up to */
	uint64_t max_pos; /* one past the last sample delivered */
	struct cti__pause_span spans[CTI__MAX_SPANS];
	unsigned n_spans;
	bool paused;
	uint8_t *blk; /* one encoded block */
	uint64_t index, frames, late, bytes;
	uint32_t pauses;
	int64_t start_epoch_ms, retain_until;
	/* metadata: as now known, and its updates' chain d (format.h) */
	struct cti_rec_meta meta;
	uint64_t updates;
	uint8_t mchain[32];
};

int64_t cti__rec_now(const struct cti_rec *r);

/* Append a signed entry to the ledger of the current day (opening or
 * starting that day's file as needed); fsync. Returns 0 or CTI_E*. */
int cti__rec_ledger_append(struct cti_rec *r, const char *type,
			   const char *body);

void cti__rec_log(const struct cti_rec *r, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* fsync the directory holding path. */
int cti__fsync_dir_of(const char *path);

/* Map a whole file read-only (len 0: *p = NULL). Returns 0 or CTI_E*. */
int cti__map_file(const char *path, const uint8_t **p, size_t *len);
void cti__unmap_file(const uint8_t *p, size_t len);

/* Map and parse a container (reader.c); why gets "path: reason". */
int cti__rec_load(const char *path, const uint8_t **buf, size_t *len,
		  struct cti__rec_parsed *p, char *why, size_t why_len);
/* Load recipient private keys. */
int cti__rec_load_keys(const char *const *paths, unsigned n,
		       struct cti__key *keys, char *why, size_t why_len);
/* The data key through the first of keys that is a recipient: 0, or
 * CTI_EPERM with why naming the keys. */
int cti__rec_unwrap(const struct cti__rec_parsed *p,
		    const struct cti__key *keys, unsigned n, uint8_t dk[32],
		    char *why, size_t why_len);
/* Authenticate and decrypt the AUDIO or FINAL block at off as chunk
 * `index` into pt: 0 or CTI_EBADMSG. */
int cti__rec_open_block(struct cti__gcm *g, const struct cti__rec_parsed *p,
			size_t off, uint64_t index, uint8_t *pt);

/* Authenticate metadata update u of p: 0 or CTI_EBADMSG. */
int cti__rec_open_update(struct cti__gcm *g, const struct cti__rec_parsed *p,
			 const struct cti__rec_update *u);

/* Put a recording's row in the store's index (if any): its metadata from
 * the container's info, its file and status (enum cti_store_rec_status).
 * A failure is logged: the directory and ledger stay the record. */
void cti__rec_index(struct cti_rec *r, const char *relpath,
		    const struct cti_rec_file_info *in, uint32_t status);

/*
 * The sync thread (flusher.c): SYNC_CHUNK's fdatasyncs off the calling
 * thread. A tag per recording carries a failed sync back to its writer.
 */
struct cti__flusher;
struct cti__sync_tag;
struct cti__flusher_stats {
	uint64_t synced, failed;  /* fdatasyncs done, of which failed */
	uint64_t total_ns, max_ns; /* their time */
	size_t max_queued;	   /* the longest the queue grew */
};
int cti__flusher_start(struct cti__flusher **out);
/* Runs what is queued, then stops the thread and frees f (NULL: no-op). */
void cti__flusher_stop(struct cti__flusher *f);
int cti__flusher_tag_new(struct cti__sync_tag **out);
/* Drop the recording's reference (queued syncs keep theirs). */
void cti__flusher_tag_put(struct cti__flusher *f, struct cti__sync_tag *t);
/* Queue an fdatasync of fd's file: 0, or CTI_EIO if one of t's earlier
 * syncs failed (or fd cannot be duplicated), CTI_ENOMEM. */
int cti__flusher_sync(struct cti__flusher *f, struct cti__sync_tag *t,
		      int fd);
/* errno of t's first failed sync, or 0. */
int cti__flusher_error(struct cti__flusher *f, const struct cti__sync_tag *t);
/* Until every queued sync has run (tests, benchmarks). */
void cti__flusher_wait(struct cti__flusher *f);
void cti__flusher_stats(struct cti__flusher *f,
			struct cti__flusher_stats *s);

/* Writer side (writer.c). */
void cti__rec_call_abandon(struct cti_rec_call *c);

#endif /* CTI_REC_REC_H */
