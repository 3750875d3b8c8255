/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti rec: encrypted, tamper-evident call recording (docs/recording.md).
 *
 *  - Container "CTIREC1" of our own design (specified in docs/recording.md):
 *    audio in chunks of about one second, each sealed with AES-256-GCM
 *    (NIST SP 800-38D) under a fresh random data key per recording, the
 *    chunk's index in its nonce and associated data, and a SHA-256 (FIPS
 *    180-4) hash chain across the chunks so anyone can check the file's
 *    integrity without the key; a final chunk carries the totals.
 *  - The data key is wrapped for each recipient's X25519 public key
 *    (RFC 7748) through HKDF-SHA256 (RFC 5869) and AES-256-GCM: the
 *    recording host cannot decrypt what it wrote.
 *  - Per-day ledgers: one text line per event (open, close, purge), each
 *    holding the SHA-256 of the line before it and signed with the
 *    recorder's Ed25519 key (RFC 8032).
 *
 * A recorder (cti_rec_t) owns one directory; it is used from one thread at
 * a time. Its calls that write the ledger wait for the disk (fsync).
 */
#ifndef CTI_REC_H
#define CTI_REC_H

#include "cti/common.h"
#include "cti/log.h"
#include "cti/records.h"
#include "cti/store.h"

CTI_BEGIN_DECLS

typedef struct cti_rec cti_rec_t;
typedef struct cti_rec_call cti_rec_call_t;

#define CTI_REC_ID_LEN		       32 /* hex characters of a recording id */
#define CTI_REC_KEYID_LEN	       16 /* hex characters of a key id */
#define CTI_REC_ACCOUNT_MAX	       32
#define CTI_REC_MAX_RECIPIENTS	       8
#define CTI_REC_RETENTION_DEFAULT_DAYS 7305 /* 20 years */

/* How audio samples are stored in the container. */
enum cti_rec_codec {
	CTI_REC_ALAW = 1, /* G.711 A-law, one byte per sample (default) */
	CTI_REC_ULAW = 2, /* G.711 mu-law */
	CTI_REC_S16 = 3,  /* 16-bit linear, little-endian */
};

/* When the recorder waits for the disk (docs/recording.md, "fsync"). */
enum cti_rec_sync {
	CTI_REC_SYNC_CHUNK = 1, /* every chunk fdatasynced by the recorder's
				 * own sync thread, so the caller never
				 * waits for the disk (default): a power
				 * cut loses the chunk being filled and
				 * the syncs still queued */
	CTI_REC_SYNC_CLOSE = 2, /* only at open and close: a process crash
				 * loses at most one chunk, a power cut
				 * what the kernel had not written yet */
	CTI_REC_SYNC_NONE = 3,	/* never (benchmarks, tests) */
};

struct cti_rec_config {
	cti_ctx_t *ctx;		 /* log sink; NULL: silent */
	const char *signing_key; /* Ed25519 private key (PEM, mode 0600) */
	/* recipients' public keys (PEM: X25519 or RSA of 3072 bits or
	 * more) the data key is wrapped for */
	const char *const *recipients;
	uint32_t n_recipients; /* 1..CTI_REC_MAX_RECIPIENTS */
	uint32_t codec;	       /* enum cti_rec_codec; 0: A-law */
	uint32_t chunk_ms;     /* 100..10000; 0: 1000 */
	uint32_t sync;	       /* enum cti_rec_sync; 0: CHUNK */
	/* wall clock for ledger entries and default start times; NULL:
	 * CLOCK_REALTIME (tests pass their own) */
	int64_t (*clock_epoch_ms)(void *user);
	void *clock_user;
	/* the store whose index gets each recording's metadata (searchable:
	 * cti_store_query_recordings()); NULL: none. Used from the
	 * recorder's thread only. */
	cti_store_t *index;
	uint32_t reserved[6]; /* zero */
};

/*
 * Open the recorder of directory `dir` (created if absent, mode 0750):
 * loads the keys, takes the directory's lock, and recovers recordings a
 * crash left open (their valid prefix is kept, the ledger records them as
 * truncated). Returns 0 and sets *out, or CTI_EINVAL (bad config),
 * CTI_EACCES (a private key readable by group or others, or no permission),
 * CTI_ENOENT (a key file), CTI_EFORMAT (a key or the ledger is malformed),
 * CTI_EBUSY (another recorder holds the directory), CTI_EIO, CTI_ENOMEM.
 * The reason, naming the file, goes to cfg->ctx's log.
 */
CTI_EXTERN int cti_rec_open(cti_rec_t **out, const char *dir,
			    const struct cti_rec_config *cfg);

/* Stop every recording still running (as cti_rec_call_stop()) and close
 * the recorder. NULL is ignored. */
CTI_EXTERN void cti_rec_close(cti_rec_t *r);

/* What a recording is about: its metadata, indexed and kept in clear in
 * the container. Never a secret (no PIN, no password). */
struct cti_rec_meta {
	uint64_t call_id;
	int64_t start_epoch_ms; /* 0: now */
	char ani[CTI_NUMBER_MAX];
	char dnis[CTI_NUMBER_MAX];
	char agent[CTI_NAME_MAX];
	char queue[CTI_NAME_MAX];
	char account[CTI_REC_ACCOUNT_MAX]; /* from the flow, if policy says */
	uint32_t channels;		   /* 1 or 2; 0: 2 (stereo) */
	uint32_t retention_days;	   /* 0: 7305 (20 years) */
	uint32_t reserved[8];
};

/*
 * Start a recording: writes the container's header under a temporary
 * name and the ledger's "open" entry (both on disk when this returns).
 * Returns 0 and sets *out, or CTI_EINVAL (bad metadata: strings not
 * NUL-terminated UTF-8 without control characters), CTI_EIO, CTI_ENOSPC,
 * CTI_ENOMEM.
 */
CTI_EXTERN int cti_rec_start(cti_rec_t *r, cti_rec_call_t **out,
			     const struct cti_rec_meta *m);

/* The parties of a call, as the engine labels its legs. */
enum cti_rec_role {
	CTI_REC_CALLER = 1, /* the outside party (trunk side) */
	CTI_REC_AGENT = 2,  /* an agent, or any party on our side */
};

/* Which direction of a leg a frame crossed. */
enum cti_rec_dir {
	CTI_REC_FROM_PARTY = 1, /* what came from the party: their voice */
	CTI_REC_TO_PARTY = 2,	/* what was sent to the party */
};

/*
 * One block of audio that crossed one direction of one leg: the tap the
 * call-centre engine calls. Stereo recordings put the caller on the left
 * and our side on the right:
 *   left:  CALLER FROM_PARTY, else AGENT TO_PARTY
 *   right: CALLER TO_PARTY,   else AGENT FROM_PARTY
 * For each sample the first source of that list that delivered it wins
 * (one source: the samples are stored exactly as they crossed the leg);
 * several legs of the same rank (a conference) are summed. Mono sums
 * both channels. Positions are samples (8 kHz) since cti_rec_start().
 */
struct cti_rec_frame {
	uint64_t pos;	     /* timeline position of the first sample */
	const void *samples; /* n samples in fmt */
	uint32_t n;
	uint32_t fmt;  /* enum cti_pcm (cti/dsp.h) */
	uint32_t leg;  /* the engine's leg id */
	uint32_t role; /* enum cti_rec_role */
	uint32_t dir;  /* enum cti_rec_dir */
	uint32_t reserved[5];
};

/*
 * Give the recorder one frame. Frames may arrive in any order within the
 * last two chunks; older ones are counted as late and dropped. Returns 0,
 * or CTI_EINVAL (bad frame), CTI_ESTATE (the recording failed earlier),
 * CTI_EIO/CTI_ENOSPC (writing a chunk failed: the recording is closed as
 * truncated and every later call returns CTI_ESTATE).
 */
CTI_EXTERN int cti_rec_call_tap(cti_rec_call_t *c,
				const struct cti_rec_frame *f);

enum cti_rec_pause_mode {
	CTI_REC_PAUSE = 1, /* store nothing: a gap in the timeline */
	CTI_REC_MASK = 2,  /* store silence in its place */
};

/*
 * From timeline position `pos` on (which may lie up to two chunks in the
 * past: buffered audio is not sealed yet), keep audio out of the
 * recording until cti_rec_call_resume(): while a card number or a PIN is
 * read out. Returns 0, CTI_EINVAL (bad mode), CTI_EALREADY (paused),
 * CTI_ERANGE (pos lies before audio already sealed).
 */
CTI_EXTERN int cti_rec_call_pause(cti_rec_call_t *c, uint64_t pos,
				  uint32_t mode);

/* Record again from `pos`. Returns 0, CTI_EALREADY (not paused) or
 * CTI_ERANGE (pos before the pause). */
CTI_EXTERN int cti_rec_call_resume(cti_rec_call_t *c, uint64_t pos);

/*
 * Metadata learnt after the start (the agents who took the call, the
 * queues it went through, the account the flow read): from now on the
 * recording's metadata is `m`'s numbers, agent, queue and account; its
 * call id, start, channels and retention stay those of cti_rec_start().
 * Written at once as an authenticated metadata update bound to its place
 * (docs/recording.md, "Metadata update"); readers, list, verify and the
 * index show the last one. Several agents or queues: comma-separated, in
 * order ("alice,bob"). Never a secret. Returns 0, or CTI_EINVAL (as
 * cti_rec_start()), CTI_ESTATE (the recording failed), CTI_ENOSPC (4,096
 * updates), CTI_EIO, CTI_ENOMEM.
 */
CTI_EXTERN int cti_rec_call_update_meta(cti_rec_call_t *c,
					const struct cti_rec_meta *m);

/* The recording's metadata as now known into *m. 0 or CTI_EINVAL. */
CTI_EXTERN int cti_rec_call_meta(const cti_rec_call_t *c,
				 struct cti_rec_meta *m);

/* The recording's id (CTI_REC_ID_LEN hex characters and a NUL). */
CTI_EXTERN const char *cti_rec_call_id(const cti_rec_call_t *c);

/* What a finished recording holds. */
struct cti_rec_info {
	char id[CTI_REC_ID_LEN + 1];
	char pad[7];
	uint64_t chunks;      /* audio chunks written */
	uint64_t frames;      /* sample frames stored */
	uint64_t end_pos;     /* timeline end, samples */
	uint64_t late_frames; /* dropped: arrived too late */
	uint64_t bytes;	      /* size of the file */
	int64_t start_epoch_ms;
	int64_t end_epoch_ms;
	uint32_t pauses;
	uint32_t reserved[9];
};

/*
 * Seal the final chunk, fsync, rename the file to its final name and
 * write the ledger's "close" entry; frees `c` whatever the result. `info`
 * may be NULL. Returns 0, or CTI_EIO/CTI_ENOSPC (the recording stays as
 * truncated, recovered by the next cti_rec_open()). NULL: CTI_EINVAL.
 */
CTI_EXTERN int cti_rec_call_stop(cti_rec_call_t *c, struct cti_rec_info *info);

/* ---- keys ------------------------------------------------------------ */

enum cti_rec_key_kind {
	CTI_REC_KEY_RECIPIENT = 1, /* X25519: recordings are wrapped for it */
	CTI_REC_KEY_SIGNING = 2,   /* Ed25519: the recorder signs ledgers */
	CTI_REC_KEY_RECIPIENT_RSA = 3, /* RSA-OAEP (SHA-256), 3072..8192
					* bits: recordings are wrapped for
					* it (keygen makes 3072 bits) */
};

/*
 * Generate a key pair: `prefix`.key (private, PKCS#8 PEM, created with
 * mode 0600, never overwritten) and `prefix`.pub (public, PEM). The key id
 * (SHA-256 of the raw public key, first 8 bytes, as hex) goes to key_id if
 * not NULL. Returns 0, CTI_EINVAL, CTI_EEXIST (a file exists), CTI_EACCES,
 * CTI_EIO.
 */
CTI_EXTERN int cti_rec_keygen(const char *prefix, uint32_t kind,
			      char key_id[CTI_REC_KEYID_LEN + 1]);

/*
 * The id and kind of a key file (public or private, PEM). A private key
 * whose file is readable by group or others gives CTI_EACCES. Returns 0,
 * or CTI_ENOENT, CTI_EACCES, CTI_EFORMAT (not an X25519, Ed25519 or
 * RSA key of 3072 to 8192 bits).
 */
CTI_EXTERN int cti_rec_key_info(const char *path,
				char key_id[CTI_REC_KEYID_LEN + 1],
				uint32_t *kind, bool *is_private);

/* ---- reading (the compliance officer's side) ------------------------- */

/* What a container says about itself, without any key. */
struct cti_rec_file_info {
	char id[CTI_REC_ID_LEN + 1];
	char signer[CTI_REC_KEYID_LEN + 1];
	char pad[6];
	char recipients[CTI_REC_MAX_RECIPIENTS][CTI_REC_KEYID_LEN + 1];
	uint32_t n_recipients;
	uint32_t codec;	   /* enum cti_rec_codec */
	uint32_t channels; /* 1 or 2 */
	uint32_t chunk_frames;
	int64_t start_epoch_ms;
	int64_t end_epoch_ms; /* 0 without a final chunk */
	int64_t retain_until_epoch_ms;
	uint64_t chunks;  /* whole chunks present */
	uint64_t end_pos; /* timeline end: samples */
	bool complete;	  /* ends with its final chunk */
	uint8_t pad2[7];
	uint64_t call_id;
	char ani[CTI_NUMBER_MAX];
	char dnis[CTI_NUMBER_MAX];
	char agent[CTI_NAME_MAX];
	char queue[CTI_NAME_MAX];
	char account[CTI_REC_ACCOUNT_MAX];
	uint32_t reserved[8];
};

/*
 * Read a container's header, metadata and chunk structure. why (may be
 * NULL) gets "path: offset N: field: reason" on failure. Returns 0, or
 * CTI_ENOENT, CTI_EFORMAT (not a recording, or its header or metadata is
 * malformed), CTI_EIO, CTI_ENOMEM.
 */
CTI_EXTERN int cti_rec_file_info(const char *path,
				 struct cti_rec_file_info *info, char *why,
				 size_t why_len);

struct cti_rec_read_config {
	cti_ctx_t *ctx;
	const char *const *keys; /* recipient private key files (PEM, 0600:
				  * X25519 or RSA) */
	uint32_t n_keys;
	uint32_t reserved[9];
};

/* Audio of one chunk, decoded to 16-bit linear, frames interleaved
 * (left, right) when channels is 2. flags bit 0: masked audio inside.
 * Return 0 to go on, non-zero to stop. */
typedef int (*cti_rec_audio_fn)(void *user, uint64_t pos, const int16_t *frames,
				uint32_t n, uint32_t channels, uint32_t flags);

/*
 * Decrypt a recording with the first key of cfg that is one of its
 * recipients, and deliver its chunks in order. Every chunk is
 * authenticated before it is delivered. Returns 0 (complete), 1 (ends
 * without its final chunk: truncated; everything there was delivered),
 * or CTI_EPERM (no key given is a recipient, or it does not unwrap the
 * data key: a wrong key), CTI_EBADMSG (a chunk fails authentication or is
 * out of sequence: altered), CTI_EFORMAT, CTI_ENOENT, CTI_EIO, CTI_ENOMEM,
 * or the callback's value. why says which key or chunk and why.
 */
CTI_EXTERN int cti_rec_read(const char *path, cti_rec_audio_fn fn, void *user,
			    char *why, size_t why_len,
			    const struct cti_rec_read_config *cfg);

enum cti_rec_export_format {
	CTI_REC_EXPORT_WAV = 1,	      /* 16-bit PCM WAV */
	CTI_REC_EXPORT_FLAC = 2,      /* 16-bit FLAC */
	CTI_REC_EXPORT_CONTAINER = 3, /* the container itself, byte for byte,
				       * after it decrypted and authenticated */
};

/*
 * Decrypt `path` and write it to `out_path` (never overwritten) in
 * `format`. Paused spans become silence, so times in the export match the
 * call's. Returns 0, 1 (written; the recording is truncated), CTI_EEXIST,
 * or cti_rec_read()'s errors; on error no output file is left.
 */
CTI_EXTERN int cti_rec_export(const char *path, const char *out_path,
			      uint32_t format, char *why, size_t why_len,
			      const struct cti_rec_read_config *cfg);

/* ---- verification ------------------------------------------------------ */

/* What verification finds. OK, PURGED and IN_PROGRESS are not problems. */
enum cti_rec_problem {
	CTI_REC_OK = 0,		    /* intact */
	CTI_REC_AUDIO_ALTERED = 1,  /* a chunk's bytes changed */
	CTI_REC_HEADER_ALTERED = 2, /* the header (keys, format, times) */
	CTI_REC_META_ALTERED = 3,   /* the metadata */
	CTI_REC_CHUNK_MISSING = 4,  /* chunks removed from inside */
	CTI_REC_CHUNK_DUPLICATED = 5,
	CTI_REC_CHUNK_ORDER = 6, /* chunks swapped or moved */
	CTI_REC_TRUNCATED = 7,	 /* cut short although closed complete */
	CTI_REC_INTERRUPTED = 8, /* cut short by a crash: a reason, not
				  * tampering; intact up to there */
	CTI_REC_MISSING = 9,	 /* in the ledger, file deleted */
	CTI_REC_REPLACED = 10,	 /* the file holds another recording */
	CTI_REC_MOVED = 11,	 /* found under another day */
	CTI_REC_UNLISTED = 12,	 /* a file no ledger entry knows */
	CTI_REC_LEDGER_EDITED = 13,
	CTI_REC_LEDGER_REMOVED = 14, /* entries missing from a ledger */
	CTI_REC_LEDGER_ORDER = 15,   /* entries reordered or repeated */
	CTI_REC_LEDGER_MALFORMED = 16,
	CTI_REC_MALFORMED = 17,	   /* not readable as the format says */
	CTI_REC_WRONG_KEY = 18,	   /* the key given cannot decrypt it */
	CTI_REC_FILE_ALTERED = 19, /* differs from its ledger entry, in a way
				    * no finer check located */
	CTI_REC_PURGED = 20,	   /* purged when expired, as the ledger says */
	CTI_REC_IN_PROGRESS = 21,  /* being recorded now */
	CTI_REC_LEDGER_HEAD = 22,  /* not a problem: a day ledger's last
				    * entry and its hash, to keep elsewhere
				    * and give back as an anchor */
};

struct cti_rec_finding {
	uint32_t problem; /* enum cti_rec_problem */
	char id[CTI_REC_ID_LEN + 1];
	char day[11];
	char file[96];	/* relative to the directory */
	int64_t t_ms;	/* where in the recording, -1: not applicable */
	int64_t chunk;	/* which chunk, -1: not applicable */
	char text[320]; /* the precise report, one line */
	uint32_t reserved[8];
};

typedef int (*cti_rec_finding_fn)(void *user, const struct cti_rec_finding *f);

struct cti_rec_verify_config {
	cti_ctx_t *ctx;
	/* trusted Ed25519 public keys of the recorder (PEM); none:
	 * DIR/signer.pub */
	const char *const *signers;
	uint32_t n_signers;
	uint32_t pad;
	const char *day; /* "YYYY-MM-DD": only recordings of that day */
	const char *id;	 /* only this recording */
	/* recipient private keys: also decrypt and authenticate every chunk */
	const char *const *keys;
	uint32_t n_keys;
	uint32_t pad2;
	/* "SEQ:HEX64": the hash of entry SEQ as kept away from the host (a
	 * ledger-head finding of an earlier run); a ledger rewritten or cut
	 * since, even by someone with the signing key, is named. NULL:
	 * none */
	const char *anchor;
	uint32_t reserved[6];
};

/*
 * Check the ledgers of `dir` (signatures, chain, sequence) and every
 * recording in scope against them (header, metadata, chunks, ends). Each
 * recording gets at least one finding: CTI_REC_OK when intact. Returns
 * the number of problems found (0: all intact), or CTI_EINVAL,
 * CTI_ENOENT (no such directory), CTI_EFORMAT/CTI_EACCES (a signer key),
 * CTI_ENOMEM, or the callback's negative value.
 */
CTI_EXTERN int cti_rec_verify(const char *dir, cti_rec_finding_fn fn,
			      void *user,
			      const struct cti_rec_verify_config *cfg);

/* "audio-altered", "truncated", ...; "?" if unknown. */
CTI_EXTERN const char *cti_rec_problem_name(int problem);

/* ---- listing and retention -------------------------------------------- */

/* Which recordings cti_rec_list() returns; zeroed: all. Strings match
 * exactly (agent and queue: any one of a comma-separated list); NULL or
 * "" matches anything. */
struct cti_rec_filter {
	int64_t from_epoch_ms; /* start at or after; 0: no bound */
	int64_t to_epoch_ms;   /* start before; 0: no bound */
	const char *ani, *dnis, *agent, *queue, *account;
	uint64_t call_id; /* 0: any */
	uint32_t reserved[8];
};

typedef int (*cti_rec_list_fn)(void *user, const char *relpath,
			       const struct cti_rec_file_info *info);

/* Deliver the recordings of `dir` the filter selects, by start time.
 * Returns the number delivered, or CTI_ENOENT, CTI_ENOMEM, or the
 * callback's negative value. Unreadable files are skipped (verify names
 * them). */
CTI_EXTERN int cti_rec_list(const char *dir, const struct cti_rec_filter *f,
			    cti_rec_list_fn fn, void *user);

/*
 * Delete the recordings whose retention has ended by now_epoch_ms (their
 * metadata's retain_until_epoch_ms), each after a signed "purge" entry in
 * the ledger; never anything else. fn (may be NULL) gets a PURGED finding
 * per recording. Returns the number purged, or CTI_EPERM (no signing
 * key), CTI_EIO.
 */
CTI_EXTERN int cti_rec_purge_expired(cti_rec_t *r, int64_t now_epoch_ms,
				     cti_rec_finding_fn fn, void *user);

/* ---- policy ------------------------------------------------------------- */

/* Whether calls are recorded. */
enum cti_rec_mode {
	CTI_REC_ALWAYS = 1,    /* every call the rule matches */
	CTI_REC_ON_DEMAND = 2, /* when the agent asks for it */
	CTI_REC_NEVER = 3,
};

/*
 * One rule. The first rule whose queue and DNIS match decides; a rule
 * without either matches everything. A DNIS ending in '*' matches every
 * number starting with what precedes it.
 */
struct cti_rec_rule {
	const char *queue;	  /* NULL or "": any queue */
	const char *dnis;	  /* NULL or "": any number */
	uint32_t mode;		  /* enum cti_rec_mode; 0: ALWAYS */
	uint32_t channels;	  /* 1 or 2; 0: 2 */
	uint32_t retention_days;  /* 0: 7305 (20 years) */
	uint32_t secret_mode;	  /* enum cti_rec_pause_mode while a secret
				   * (PIN, card number) is collected; 0:
				   * PAUSE */
	const char *announce;	  /* prompt played when recording starts */
	const char *pause_prompt; /* prompt when it pauses; NULL: none */
	const char *resume_prompt;
	bool keep_account; /* copy the flow's account number into the
			    * metadata */
	uint8_t pad[7];
	uint32_t reserved[8];
};

typedef struct cti_rec_policy cti_rec_policy_t;

struct cti_rec_policy_config {
	cti_ctx_t *ctx; /* log sink; NULL: silent */
	uint32_t reserved[8];
};

/* What the policy says for one call; strings are "" when unset. */
struct cti_rec_decision {
	uint32_t mode; /* enum cti_rec_mode */
	uint32_t channels;
	uint32_t retention_days;
	uint32_t secret_mode; /* enum cti_rec_pause_mode */
	uint32_t rule;	      /* 1-based index of the rule; 0: the default */
	bool keep_account;
	uint8_t pad[3];
	char announce[CTI_NAME_MAX];
	char pause_prompt[CTI_NAME_MAX];
	char resume_prompt[CTI_NAME_MAX];
	uint32_t reserved[8];
};

/*
 * A policy of n rules (copied) and a default for calls no rule matches:
 * `fallback`, or NULL for "record always, stereo, 20 years, pause for
 * secrets" (a trading line records everything unless told otherwise).
 * Returns 0 and sets *out, or CTI_EINVAL (a bad value: mode, channels,
 * retention beyond 100 years, a prompt name longer than CTI_NAME_MAX - 1),
 * CTI_ENOMEM.
 */
CTI_EXTERN int cti_rec_policy_new(cti_rec_policy_t **out,
				  const struct cti_rec_rule *rules, size_t n,
				  const struct cti_rec_rule *fallback,
				  const struct cti_rec_policy_config *cfg);

/*
 * Parse a policy file's text: one rule a line ("rule key=value ..."),
 * "default key=value ..." for the fallback, '#' comments; keys queue,
 * dnis, mode (always|on-demand|never), channels (1|2), retention_days,
 * secret (pause|mask), announce, pause_prompt, resume_prompt,
 * keep_account (yes|no). `name` is what messages call the file. On
 * failure why holds "name:line: field: reason". Returns 0 and sets *out,
 * CTI_EFORMAT, CTI_EINVAL, CTI_ENOMEM.
 */
CTI_EXTERN int cti_rec_policy_parse(cti_rec_policy_t **out, const char *text,
				    size_t len, const char *name, char *why,
				    size_t why_len,
				    const struct cti_rec_policy_config *cfg);

/*
 * Called once for each prompt a policy names: `name`, the key that named
 * it ("announce", "pause_prompt", "resume_prompt") and the policy file's
 * line (0 for a policy built by cti_rec_policy_new()). A non-zero return
 * stops the walk and is returned by cti_rec_policy_prompts().
 */
typedef int (*cti_rec_policy_prompt_fn)(void *arg, const char *name,
					const char *field, unsigned line);

/*
 * Walk the prompts of every rule, then the default's, so a caller can
 * check them against its prompt set before any call needs one. Returns 0,
 * fn's first non-zero return, or CTI_EINVAL for NULL p or fn.
 */
CTI_EXTERN int cti_rec_policy_prompts(const cti_rec_policy_t *p,
				      cti_rec_policy_prompt_fn fn, void *arg);

/* Free a policy; NULL is ignored. */
CTI_EXTERN void cti_rec_policy_free(cti_rec_policy_t *p);

/* Decide for a call to `dnis` in `queue` (either may be NULL or "").
 * Returns 0, or CTI_EINVAL for NULL p or d. */
CTI_EXTERN int cti_rec_policy_decide(const cti_rec_policy_t *p,
				     const char *queue, const char *dnis,
				     struct cti_rec_decision *d);

/*
 * Fill a recording's metadata from a decision and the call: numbers,
 * agent, queue, and the account number only if the decision keeps it.
 * Strings longer than their fields give CTI_ERANGE (nothing is cut).
 * Returns 0, CTI_EINVAL, CTI_ERANGE.
 */
CTI_EXTERN int cti_rec_policy_meta(const struct cti_rec_decision *d,
				   uint64_t call_id, const char *ani,
				   const char *dnis, const char *agent,
				   const char *queue, const char *account,
				   struct cti_rec_meta *m);

CTI_END_DECLS

#endif /* CTI_REC_H */
