/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti IVR primitives: per-call, non-blocking state machines that take
 * audio frames in (8 kHz linear) and give audio frames out, with the
 * current time in milliseconds passed in by the caller (an injected clock:
 * tests and simulations run them in virtual time). Completion is reported
 * as events copied out by value. Independent of the call layer: attach
 * cti_ivr_process() to a call's audio.
 *
 *  - prompts: audio files (anything libsndfile reads, any rate) loaded
 *    once, converted to 8 kHz and cached in a prompt set by name;
 *  - play: a list of prompts, optionally interrupted by a DTMF digit
 *    (barge-in);
 *  - collect: digits with min/max, terminators, first- and inter-digit
 *    timeouts, retries with invalid/timeout prompts and a validation
 *    callback; secret collection (PINs, trading passwords) never puts the
 *    digits in events or log lines, masks them, and zeroes them after
 *    use. DTMF is detected in the audio per ITU-T Q.24 (cti/dsp.h).
 */
#ifndef CTI_IVR_H
#define CTI_IVR_H

#include "cti/common.h"
#include "cti/log.h"

CTI_BEGIN_DECLS

/* ---- prompt sets -------------------------------------------------------- */

typedef struct cti_prompts cti_prompts_t;

typedef struct cti_prompts_config {
	cti_ctx_t *ctx; /* log sink (a failed load at error, each load at
			 * debug); NULL: silent */
	uint64_t reserved[4]; /* zero */
} cti_prompts_config_t;

/* A new, empty prompt set (cfg may be NULL). Returns 0 and sets *out, or
 * CTI_EINVAL (out NULL) or CTI_ENOMEM with *out NULL. */
CTI_EXTERN int cti_prompts_new(cti_prompts_t **out,
			       const cti_prompts_config_t *cfg);

/* Free a prompt set and its audio; NULL is ignored. */
CTI_EXTERN void cti_prompts_free(cti_prompts_t *ps);

/* The longest prompt accepted: 10 minutes of audio (at the file's own
 * rate, up to 384 kHz), whatever the file's header claims. */
#define CTI_PROMPT_MAX_SECONDS 600

/* Load the audio file at path as prompt `name` (replacing one of that
 * name), converted to 8 kHz mono. Returns 0, or CTI_ENOENT (no such
 * file), CTI_EFORMAT (not audio libsndfile can read, empty, longer than
 * CTI_PROMPT_MAX_SECONDS, or claiming more frames than its size can
 * hold), CTI_EINVAL (NULL or empty name), CTI_ENOMEM. On failure why (if
 * not NULL and why_len > 0) holds a NUL-terminated message naming the
 * file. */
CTI_EXTERN int cti_prompts_load(cti_prompts_t *ps, const char *name,
				const char *path, char *why, size_t why_len);

/* Load a prompt set directory: every <dir>/zh/<name>.wav and
 * <dir>/en/<name>.wav as "zh/<name>" and "en/<name>" (the layout
 * scripts/gen-prompts.sh writes, $(BUILD)/prompts by default). At least
 * one of the language directories zh/ and en/ must exist; a missing one
 * is skipped (an English-only or Mandarin-only set loads). Returns the
 * number loaded, or CTI_ENOENT when dir or both language directories are
 * missing, or the first error of cti_prompts_load(); on failure why
 * names the directory or file, as cti_prompts_load(). */
CTI_EXTERN int cti_prompts_load_dir(cti_prompts_t *ps, const char *dir,
				    char *why, size_t why_len);

/* Add 8 kHz linear audio as prompt `name` (copied). Returns 0,
 * CTI_EINVAL or CTI_ENOMEM. */
CTI_EXTERN int cti_prompts_add(cti_prompts_t *ps, const char *name,
			       const int16_t *s, size_t n);

/* Length of prompt `name` in samples, or 0 if there is none. */
CTI_EXTERN size_t cti_prompts_samples(const cti_prompts_t *ps,
				      const char *name);

/* ---- IVR session ---------------------------------------------------------- */

#define CTI_IVR_MAX_DIGITS 32
#define CTI_IVR_MAX_PROMPTS 16

enum cti_ivr_event_type {
	CTI_IVR_PLAY_DONE = 1,      /* a play finished (or was barged in) */
	CTI_IVR_DIGIT = 2,          /* a digit arrived during collect */
	CTI_IVR_COLLECT_DONE = 3,   /* digits collected (masked if secret) */
	CTI_IVR_COLLECT_FAILED = 4, /* retries exhausted */
	CTI_IVR_RECORD_DONE = 5,    /* recording closed (see reason) */
};

enum cti_ivr_reason {
	CTI_IVR_OK = 0,
	CTI_IVR_TIMEOUT = 1, /* no (or not enough) digits in time */
	CTI_IVR_INVALID = 2, /* too few digits, or refused by validate() */
	CTI_IVR_BARGED = 3,  /* play stopped by a digit */
	CTI_IVR_CANCELLED = 4,
	CTI_IVR_MAX_TIME = 5, /* recording reached max_ms */
	CTI_IVR_SILENCE = 6,  /* recording stopped on silence */
	CTI_IVR_DIGIT_STOP = 7, /* recording stopped by a DTMF digit */
	CTI_IVR_IO_ERROR = 8, /* the file could not be written */
};

typedef struct cti_ivr_event {
	uint32_t type;   /* enum cti_ivr_event_type */
	uint32_t reason; /* enum cti_ivr_reason */
	uint64_t time_ms;
	char digits[CTI_IVR_MAX_DIGITS + 1]; /* '*' per digit if secret */
	char terminator; /* the terminator that ended collection, or 0 */
	char digit;      /* CTI_IVR_DIGIT / barge-in digit ('*' if secret) */
	uint8_t attempts;
	bool secret;
	uint32_t duration_ms; /* CTI_IVR_RECORD_DONE: audio written */
	uint32_t pad2;
	uint64_t reserved[2];
} cti_ivr_event_t;

typedef struct cti_ivr_config {
	cti_prompts_t *prompts; /* where prompt names are looked up */
	/* log sink of what the session does, module "ivr": steps at debug,
	 * failures at warning (never secret digits); NULL: silent */
	cti_ctx_t *ctx;
	uint64_t reserved[4]; /* zero */
} cti_ivr_config_t;

typedef struct cti_ivr_collect_config {
	uint32_t min_digits, max_digits; /* 1..CTI_IVR_MAX_DIGITS */
	const char *terminators; /* e.g. "#", or NULL */
	uint32_t first_timeout_ms; /* after the prompt, for the first digit */
	uint32_t inter_timeout_ms; /* between digits */
	uint32_t retries;          /* attempts after the first */
	const char *prompt;        /* played first (barge-in), or NULL */
	const char *invalid_prompt, *timeout_prompt; /* before a retry */
	bool secret;               /* mask digits; zero them after use */
	/* optional: true if the digits are acceptable */
	bool (*validate)(void *user, const char *digits);
	void *user;
	uint64_t reserved[4];
} cti_ivr_collect_config_t;

typedef struct cti_ivr_record_config {
	const char *path;      /* WAV file to create (16-bit, 8 kHz) */
	uint32_t max_ms;       /* stop after this much audio (required) */
	uint32_t silence_ms;   /* stop after this much silence once sound
				  was heard; 0: never */
	double silence_dbm0;   /* silence threshold; 0 means -45 */
	bool beep;             /* play a 200 ms 1 kHz beep first */
	bool both_directions;  /* stereo: left the caller, right what the
				  session plays; else mono caller */
	bool stop_on_digit;    /* a DTMF digit ends the recording */
	uint64_t reserved[4];
} cti_ivr_record_config_t;

typedef struct cti_ivr cti_ivr_t;

/* A session for one call. Returns 0 and sets *out, or CTI_EINVAL (out or
 * cfg NULL, no prompt set) or CTI_ENOMEM with *out NULL. */
CTI_EXTERN int cti_ivr_new(cti_ivr_t **out, const cti_ivr_config_t *cfg);

/* End a session; secret digits still held are zeroed. NULL is ignored. */
CTI_EXTERN void cti_ivr_free(cti_ivr_t *ivr);

/* Play prompts (n <= CTI_IVR_MAX_PROMPTS) from now_ms; a DTMF digit stops
 * them if barge_in. Returns 0, CTI_EBUSY (a play or collect is running),
 * CTI_ENOENT (a prompt is not in the set: nothing is played, the log
 * names it) or CTI_EINVAL. */
CTI_EXTERN int cti_ivr_play(cti_ivr_t *ivr, const char *const *names,
			    size_t n, bool barge_in, uint64_t now_ms);

/* Collect digits per cfg from now_ms. Returns 0, CTI_EBUSY, CTI_ENOENT (a
 * prompt is missing) or CTI_EINVAL (bad limits). */
CTI_EXTERN int cti_ivr_collect(cti_ivr_t *ivr,
			       const cti_ivr_collect_config_t *cfg,
			       uint64_t now_ms);

/* Record the call's audio to a WAV file per cfg. The file carries no
 * metadata (no title, comment or digits). Returns 0, CTI_EBUSY, CTI_EINVAL
 * or CTI_EIO (the file cannot be created; the log names it). */
CTI_EXTERN int cti_ivr_record(cti_ivr_t *ivr,
			      const cti_ivr_record_config_t *cfg,
			      uint64_t now_ms);

/* Stop what is running (its event has reason CTI_IVR_CANCELLED). Returns
 * 0 or CTI_EALREADY if idle. */
CTI_EXTERN int cti_ivr_cancel(cti_ivr_t *ivr, uint64_t now_ms);

/* Process n samples of the caller's audio ending at now_ms (in may be
 * NULL: silence) and write n samples to play to the caller into out.
 * Returns the number of events waiting, or CTI_EINVAL. */
CTI_EXTERN int cti_ivr_process(cti_ivr_t *ivr, uint64_t now_ms,
			       const int16_t *in, int16_t *out, size_t n);

/* A digit received out of band (RFC 4733, ISDN keypad), as if detected. */
CTI_EXTERN int cti_ivr_digit(cti_ivr_t *ivr, char digit, uint64_t now_ms);

/*
 * Type-ahead: digits pressed while no collect runs (between steps, or over
 * a prompt, which a barge-in play also reports in its PLAY_DONE event) are
 * kept, up to CTI_IVR_MAX_DIGITS, and the next collect takes them first as
 * if pressed at its start. A terminator pressed just after a collect ended
 * at max_digits is dropped (it finished that entry). Digit values typed
 * ahead are never logged.
 *
 * cti_ivr_flush_digits() discards the type-ahead (e.g. before asking for
 * a confirmation that must not be pre-empted). Returns how many digits it
 * discarded, or CTI_EINVAL.
 */
CTI_EXTERN int cti_ivr_flush_digits(cti_ivr_t *ivr);

/* Copy out the oldest event: 1 with one in *ev, 0 if none is waiting,
 * CTI_EINVAL for NULL arguments. The queue holds 16 events; beyond that
 * the oldest is dropped (the audio path never blocks). */
CTI_EXTERN int cti_ivr_next_event(cti_ivr_t *ivr, cti_ivr_event_t *ev);

/* Copy the digits of the last successful secret collection into buf
 * (NUL-terminated) and zero the session's copy. Returns their number, or
 * CTI_ENOENT if none is held, CTI_ENOSPC if cap is too small. */
CTI_EXTERN int cti_ivr_take_secret(cti_ivr_t *ivr, char *buf, size_t cap);

/* ---- flows ----------------------------------------------------------------- */

/*
 * A flow file describes a call's IVR dialogue declaratively (grammar and
 * a telephone-trading example in docs/ivr.md): states of steps such as
 * play, collect, say, set, hook, on/if ... goto, goto, queue, transfer,
 * hangup. It is parsed and validated once (targets, prompts, settings,
 * every state ends in goto/queue/transfer/hangup) and can then run on any
 * number of calls.
 */
typedef struct cti_flow cti_flow_t;
typedef struct cti_flow_run cti_flow_run_t;

enum cti_flow_event_type {
	CTI_FLOW_HOOK = 1,   /* call the application's hook `name`, then
				cti_flow_hook_done() with its result */
	CTI_FLOW_QUEUE = 2,  /* hand the call to queue `name`; run ended */
	CTI_FLOW_HANGUP = 3, /* clear the call; run ended */
	CTI_FLOW_ERROR = 4,  /* a step failed (name: the CTI_E* code) */
	CTI_FLOW_TRANSFER = 5, /* blind-transfer the call to number `name`
				  (digits 0-9 * #); run ended */
};

/* The longest number of a transfer step, with the NUL. */
#define CTI_FLOW_NUMBER_MAX 32

typedef struct cti_flow_event {
	uint32_t type; /* enum cti_flow_event_type */
	char name[64];
	uint64_t reserved[2];
} cti_flow_event_t;

typedef struct cti_flow_config {
	/* log sink of the flow's runs, module "flow": state changes and
	 * events at debug, failed steps at warning; NULL: silent */
	cti_ctx_t *ctx;
	uint64_t reserved[4]; /* zero */
} cti_flow_config_t;

/* The largest flow file cti_flow_load() reads. */
#define CTI_FLOW_MAX_BYTES (1024 * 1024 - 1)

/* Parse and validate flow text (file names it in messages), checking
 * prompt names against prompts if not NULL; cfg may be NULL. Returns 0
 * and sets *out, or with *out NULL: CTI_EFORMAT, CTI_EINVAL (NULL text,
 * file or out) or CTI_ENOMEM. On failure why (if not NULL and why_len >
 * 0) always holds a NUL-terminated "file:line: message". */
CTI_EXTERN int cti_flow_parse(cti_flow_t **out, const char *text,
			      const char *file, const cti_prompts_t *prompts,
			      char *why, size_t why_len,
			      const cti_flow_config_t *cfg);

/* cti_flow_parse() on a file's contents. Also CTI_ENOENT (cannot be
 * opened), CTI_EFORMAT (not a regular file, a NUL byte, or larger than
 * CTI_FLOW_MAX_BYTES), CTI_EIO (read error); why names the file. */
CTI_EXTERN int cti_flow_load(cti_flow_t **out, const char *path,
			     const cti_prompts_t *prompts, char *why,
			     size_t why_len, const cti_flow_config_t *cfg);

/* Free a flow (after every run using it); NULL is ignored. */
CTI_EXTERN void cti_flow_free(cti_flow_t *flow);

/* Run flow on a session from its first state. Returns 0 and sets *out,
 * or CTI_EINVAL (a NULL argument) or CTI_ENOMEM with *out NULL. */
CTI_EXTERN int cti_flow_start(cti_flow_run_t **out, const cti_flow_t *flow,
			      cti_ivr_t *ivr, uint64_t now_ms);

/* Free a run (the session stays the caller's); NULL is ignored. */
CTI_EXTERN void cti_flow_run_free(cti_flow_run_t *run);

/* cti_ivr_process() for the run's session, then advance the flow.
 * Returns the number of flow events waiting, or a negative CTI_E*. */
CTI_EXTERN int cti_flow_process(cti_flow_run_t *run, uint64_t now_ms,
				const int16_t *in, int16_t *out, size_t n);

/* Copy out the oldest flow event: 1 with one in *ev, 0 if none is
 * waiting, CTI_EINVAL for NULL arguments (8 are kept: beyond, the oldest
 * is dropped). */
CTI_EXTERN int cti_flow_next_event(cti_flow_run_t *run, cti_flow_event_t *ev);

/* The hook the run waits for returned `result` ($result, and the value
 * `on` compares). Returns 0, or CTI_ESTATE if no hook is pending. */
CTI_EXTERN int cti_flow_hook_done(cti_flow_run_t *run, const char *result,
				  uint64_t now_ms);

/* Set a variable (values up to 63 bytes). Returns 0, CTI_EINVAL or
 * CTI_ENOSPC (32 variables). Secret collections never set theirs. */
CTI_EXTERN int cti_flow_set(cti_flow_run_t *run, const char *name,
			    const char *value);

/* A variable's value, or NULL if unset. Valid until the next call. */
CTI_EXTERN const char *cti_flow_get(const cti_flow_run_t *run,
				    const char *name);

/* ---- say: values as prompt-name lists ------------------------------------ */

/*
 * Each builder writes the names of the default prompt set's prompts that
 * say a value ("zh/1", "zh/10000", "en/thousand", ...; prompts/zh.txt and
 * prompts/en.txt list them all) into names[0..cap-1], to pass to
 * cti_ivr_play(). Each returns the number of names, or CTI_EINVAL (bad
 * language or value), CTI_ERANGE (beyond 15 digits) or CTI_ENOSPC (cap
 * too small; the return is then an error, not a count).
 */
enum cti_lang {
	CTI_LANG_ZH = 1, /* Mandarin */
	CTI_LANG_EN = 2, /* English */
};

enum cti_currency {
	CTI_CURRENCY_CNY = 1, /* yuan / jiao / fen */
	CTI_CURRENCY_USD = 2, /* dollars / cents */
};

/* An integer: 10050 is 一万零五十, "ten thousand fifty". */
CTI_EXTERN int cti_say_number(int lang, long long n, const char **names,
			      size_t cap);
/* A digit string, digit by digit. */
CTI_EXTERN int cti_say_digits(int lang, const char *digits,
			      const char **names, size_t cap);
/* An amount in cents (fen): 1205 CNY is 十二元零五分. */
CTI_EXTERN int cti_say_money(int lang, int currency, long long cents,
			     const char **names, size_t cap);
/* A calendar date (year 1000..9999). */
CTI_EXTERN int cti_say_date(int lang, int year, int month, int day,
			    const char **names, size_t cap);
/* A time of day, 0..23 h. */
CTI_EXTERN int cti_say_time(int lang, int hour, int minute,
			    const char **names, size_t cap);
/* A stock code, digit by digit (Mandarin says 1 as 幺). */
CTI_EXTERN int cti_say_stock(int lang, const char *code, const char **names,
			     size_t cap);

/* The i-th variable a run has set (0-based, in the order first set): 1
 * with *name and *value (valid until the next call on the run), 0 past
 * the last one, CTI_EINVAL for NULL arguments. Secret collections never
 * set variables, so none of these is a secret. */
CTI_EXTERN int cti_flow_var_at(const cti_flow_run_t *run, size_t i,
			       const char **name, const char **value);

CTI_END_DECLS

#endif /* CTI_IVR_H */
