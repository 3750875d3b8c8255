// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IVR session state machines under virtual time: prompts (loading and
 * errors), play and barge-in, digit collection (timeouts, retries,
 * terminators, validation) and secret collection, whose digits must
 * appear in no log line and no event.
 */
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cti/ctx.h"
#include "cti/dsp.h"
#include "cti/ivr.h"
#include "unit.h"

static char logtext[65536];

/* The context's log sink: the session's lines (module "ivr") kept. */
static void logger(void *user, int level, const char *module,
		   const char *line)
{
	(void)user;
	(void)level;
	ck_assert_str_eq(module, "ivr");
	strncat(logtext, line, sizeof(logtext) - strlen(logtext) - 2);
	strcat(logtext, "\n");
}

/* A context only as the sessions' log sink, at debug. */
static cti_ctx_t *log_ctx_new(void)
{
	struct cti_ctx_config cc = { .clock = CTI_CLOCK_VIRTUAL };
	cti_ctx_t *ctx = NULL;

	ck_assert_int_eq(cti_ctx_new(&ctx, &cc), 0);
	cti_ctx_set_log(ctx, logger, NULL);
	ck_assert_int_eq(cti_ctx_set_log_level(ctx, CTI_LOG_DEBUG), 0);
	return ctx;
}

static cti_prompts_t *prompts_new(void)
{
	cti_prompts_t *ps = NULL;

	ck_assert_int_eq(cti_prompts_new(&ps, NULL), 0);
	ck_assert_ptr_nonnull(ps);
	return ps;
}

static cti_ivr_t *ivr_new(const cti_ivr_config_t *cfg)
{
	cti_ivr_t *ivr = NULL;

	ck_assert_int_eq(cti_ivr_new(&ivr, cfg), 0);
	ck_assert_ptr_nonnull(ivr);
	return ivr;
}

/* A prompt of n samples of a 500 Hz tone, so out audio is checkable. */
static void add_prompt(cti_prompts_t *ps, const char *name, size_t n)
{
	int16_t *s = malloc(n * sizeof(*s));

	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < n; i++)
		s[i] = (int16_t)(1000 + i % 100);
	ck_assert_int_eq(cti_prompts_add(ps, name, s, n), 0);
	free(s);
}

struct rig {
	cti_ctx_t *ctx;
	cti_prompts_t *ps;
	cti_ivr_t *ivr;
	cti_dtmf_tx_t *tx;
	uint64_t now;
};

static void rig_up(struct rig *r)
{
	cti_ivr_config_t cfg = { 0 };
	cti_dtmf_tx_config_t tc;

	memset(r, 0, sizeof(*r));
	logtext[0] = 0;
	r->ctx = log_ctx_new();
	r->ps = prompts_new();
	add_prompt(r->ps, "welcome", 8000);     /* 1 s */
	add_prompt(r->ps, "menu", 16000);       /* 2 s */
	add_prompt(r->ps, "invalid", 4000);     /* 0.5 s */
	add_prompt(r->ps, "timeout", 4000);
	cfg.prompts = r->ps;
	cfg.ctx = r->ctx;
	r->ivr = ivr_new(&cfg);
	cti_dtmf_tx_defaults(&tc);
	tc.on_ms = 60;
	tc.off_ms = 60;
	ck_assert_int_eq(cti_dtmf_tx_init(&r->tx, NULL, &tc), 0);
	ck_assert_ptr_nonnull(r->tx);
}

static void rig_down(struct rig *r)
{
	cti_dtmf_tx_free(r->tx);
	cti_ivr_free(r->ivr);
	cti_prompts_free(r->ps);
	cti_ctx_free(r->ctx);
}

/* Run ms of 20 ms frames; the caller's audio is the DTMF generator's. */
static void run(struct rig *r, unsigned ms, int16_t *first_out)
{
	int16_t in[160], out[160];

	for (unsigned t = 0; t < ms; t += 20) {
		int got = cti_dtmf_tx_linear(r->tx, in, 160);

		if (got < 160)
			memset(in + got, 0, (160 - (size_t)got) * sizeof(in[0]));
		r->now += 20;
		ck_assert_int_ge(cti_ivr_process(r->ivr, r->now, in, out, 160),
				 0);
		if (first_out && t == 0)
			memcpy(first_out, out, sizeof(out));
	}
}

static bool next(struct rig *r, cti_ivr_event_t *ev)
{
	int rc = cti_ivr_next_event(r->ivr, ev);

	ck_assert_int_ge(rc, 0);
	return rc == 1;
}

START_TEST(play_list_then_done)
{
	struct rig r;
	cti_ivr_event_t ev;
	const char *list[] = { "welcome", "menu" };
	int16_t out[160];

	rig_up(&r);
	ck_assert_int_eq(cti_ivr_play(r.ivr, list, 2, true, r.now), 0);
	ck_assert_int_eq(cti_ivr_play(r.ivr, list, 2, true, r.now), CTI_EBUSY);
	run(&r, 20, out);
	ck_assert_int_eq(out[0], 1000);
	ck_assert_int_eq(out[159], 1059);
	run(&r, 2960, NULL);
	ck_assert(!next(&r, &ev));
	run(&r, 20, NULL); /* 3 s of prompts end in this frame */
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.type, CTI_IVR_PLAY_DONE);
	ck_assert_int_eq(ev.reason, CTI_IVR_OK);
	ck_assert_uint_eq(ev.time_ms, 3000);
	rig_down(&r);
}
END_TEST

START_TEST(barge_in)
{
	struct rig r;
	cti_ivr_event_t ev;
	const char *list[] = { "menu" };

	rig_up(&r);
	ck_assert_int_eq(cti_ivr_play(r.ivr, list, 1, true, r.now), 0);
	run(&r, 500, NULL);
	ck_assert_int_eq(cti_dtmf_tx_put(r.tx, "5"), 1);
	run(&r, 100, NULL);
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.type, CTI_IVR_PLAY_DONE);
	ck_assert_int_eq(ev.reason, CTI_IVR_BARGED);
	ck_assert_int_eq(ev.digit, '5');
	/* detected within 60 ms of the tone's start */
	ck_assert_uint_le(ev.time_ms, 560);
	/* without barge-in the digit does not stop the prompt */
	ck_assert_int_eq(cti_ivr_play(r.ivr, list, 1, false, r.now), 0);
	cti_dtmf_tx_put(r.tx, "7");
	run(&r, 1000, NULL);
	ck_assert(!next(&r, &ev));
	run(&r, 1000, NULL);
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.reason, CTI_IVR_OK);
	rig_down(&r);
}
END_TEST

/* Timeout, then too few digits, then success at max digits. */
START_TEST(collect_timeouts_and_retries)
{
	cti_ivr_collect_config_t cc = {
		.min_digits = 4, .max_digits = 6, .terminators = "#",
		.first_timeout_ms = 5000, .inter_timeout_ms = 3000,
		.retries = 2, .prompt = "menu", .invalid_prompt = "invalid",
		.timeout_prompt = "timeout",
	};
	struct rig r;
	cti_ivr_event_t ev;

	rig_up(&r);
	ck_assert_int_eq(cti_ivr_collect(r.ivr, &cc, r.now), 0);
	/* 2 s prompt, then 5 s of nothing */
	run(&r, 7000, NULL);
	ck_assert(!next(&r, &ev));
	run(&r, 20, NULL);
	ck_assert_msg(strstr(logtext, "attempt 1: timeout"), "%s", logtext);
	/* timeout prompt + menu: 2.5 s; then "12#" is too short */
	run(&r, 2500, NULL);
	cti_dtmf_tx_put(r.tx, "12#");
	run(&r, 600, NULL);
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.type, CTI_IVR_DIGIT);
	ck_assert_int_eq(ev.digit, '1');
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.digit, '2');
	ck_assert(!next(&r, &ev));
	ck_assert_msg(strstr(logtext, "attempt 2: invalid"), "%s", logtext);
	/* third attempt: six digits end it without a terminator */
	run(&r, 2500, NULL);
	cti_dtmf_tx_put(r.tx, "654321");
	run(&r, 1000, NULL);
	for (int i = 0; i < 6; i++) {
		ck_assert(next(&r, &ev));
		ck_assert_int_eq(ev.type, CTI_IVR_DIGIT);
	}
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.type, CTI_IVR_COLLECT_DONE);
	ck_assert_str_eq(ev.digits, "654321");
	ck_assert_int_eq(ev.attempts, 3);
	ck_assert_int_eq(ev.terminator, 0);
	rig_down(&r);
}
END_TEST

START_TEST(collect_gives_up)
{
	cti_ivr_collect_config_t cc = {
		.min_digits = 1, .max_digits = 4, .terminators = "#",
		.first_timeout_ms = 3000, .inter_timeout_ms = 2000,
		.retries = 1,
	};
	struct rig r;
	cti_ivr_event_t ev;

	rig_up(&r);
	ck_assert_int_eq(cti_ivr_collect(r.ivr, &cc, r.now), 0);
	run(&r, 3000, NULL); /* attempt 1 times out at 3 s */
	ck_assert(!next(&r, &ev));
	run(&r, 3020, NULL); /* attempt 2 at 6 s */
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.type, CTI_IVR_COLLECT_FAILED);
	ck_assert_int_eq(ev.reason, CTI_IVR_TIMEOUT);
	ck_assert_int_eq(ev.attempts, 2);
	ck_assert_uint_ge(ev.time_ms, 6000);
	ck_assert_uint_le(ev.time_ms, 6040);
	/* inter-digit timeout with enough digits completes */
	ck_assert_int_eq(cti_ivr_collect(r.ivr, &cc, r.now), 0);
	cti_dtmf_tx_put(r.tx, "42");
	run(&r, 2400, NULL);
	ck_assert(next(&r, &ev) && ev.type == CTI_IVR_DIGIT);
	ck_assert(next(&r, &ev) && ev.type == CTI_IVR_DIGIT);
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.type, CTI_IVR_COLLECT_DONE);
	ck_assert_str_eq(ev.digits, "42");
	rig_down(&r);
}
END_TEST

static bool not_zeros(void *user, const char *digits)
{
	(*(int *)user)++;
	return strcmp(digits, "0000") != 0;
}

START_TEST(collect_validates)
{
	int calls = 0;
	cti_ivr_collect_config_t cc = {
		.min_digits = 4, .max_digits = 4, .first_timeout_ms = 3000,
		.inter_timeout_ms = 2000, .retries = 1,
		.invalid_prompt = "invalid", .validate = not_zeros,
		.user = &calls,
	};
	struct rig r;
	cti_ivr_event_t ev;

	rig_up(&r);
	ck_assert_int_eq(cti_ivr_collect(r.ivr, &cc, r.now), 0);
	cti_ivr_digit(r.ivr, '0', r.now);
	cti_ivr_digit(r.ivr, '0', r.now);
	cti_ivr_digit(r.ivr, '0', r.now);
	cti_ivr_digit(r.ivr, '0', r.now);
	ck_assert_int_eq(calls, 1);
	for (int i = 0; i < 4; i++)
		ck_assert(next(&r, &ev) && ev.type == CTI_IVR_DIGIT);
	ck_assert(!next(&r, &ev));
	run(&r, 600, NULL); /* the invalid prompt */
	for (const char *d = "1234"; *d; d++)
		ck_assert_int_ge(cti_ivr_digit(r.ivr, *d, r.now), 0);
	ck_assert_int_eq(calls, 2);
	while (next(&r, &ev) && ev.type == CTI_IVR_DIGIT)
		;
	ck_assert_int_eq(ev.type, CTI_IVR_COLLECT_DONE);
	ck_assert_str_eq(ev.digits, "1234");
	ck_assert_int_eq(cti_ivr_digit(r.ivr, 'x', r.now), CTI_EINVAL);
	rig_down(&r);
}
END_TEST

/* The trading password typed as DTMF: never in a log line or an event. */
START_TEST(secret_never_leaks)
{
	static const char secret[] = "4711";
	cti_ivr_collect_config_t cc = {
		.min_digits = 4, .max_digits = 8, .terminators = "#",
		.first_timeout_ms = 5000, .inter_timeout_ms = 3000,
		.prompt = "welcome", .secret = true,
	};
	struct rig r;
	cti_ivr_event_t ev;
	char seen[4096] = "", buf[16];
	unsigned done = 0;

	rig_up(&r);
	ck_assert_int_eq(cti_ivr_collect(r.ivr, &cc, r.now), 0);
	run(&r, 300, NULL);
	cti_dtmf_tx_put(r.tx, "4711#"); /* barges into the prompt */
	run(&r, 1500, NULL);
	while (next(&r, &ev)) {
		char line[128];

		snprintf(line, sizeof(line), "%u %u %s %c %c\n", ev.type,
			 ev.reason, ev.digits, ev.digit ? ev.digit : '-',
			 ev.terminator ? ev.terminator : '-');
		strncat(seen, line, sizeof(seen) - strlen(seen) - 1);
		if (ev.type == CTI_IVR_DIGIT)
			ck_assert_int_eq(ev.digit, '*');
		if (ev.type == CTI_IVR_COLLECT_DONE) {
			done++;
			ck_assert_str_eq(ev.digits, "****");
			ck_assert(ev.secret);
		}
	}
	ck_assert_uint_eq(done, 1);
	/* grep every event and log line for the secret and its digits */
	ck_assert_msg(!strstr(seen, secret), "events: %s", seen);
	ck_assert_msg(!strstr(logtext, secret), "log: %s", logtext);
	ck_assert_msg(!strpbrk(seen, "47"), "events: %s", seen);
	ck_assert_msg(!strstr(logtext, "digit 4") && !strstr(logtext, "digit 7"),
		      "log: %s", logtext);
	ck_assert_int_eq(cti_ivr_take_secret(r.ivr, buf, 4), CTI_ENOSPC);
	ck_assert_int_eq(cti_ivr_take_secret(r.ivr, buf, sizeof(buf)), 4);
	ck_assert_str_eq(buf, secret);
	ck_assert_int_eq(cti_ivr_take_secret(r.ivr, buf, sizeof(buf)),
			 CTI_ENOENT);
	rig_down(&r);
}
END_TEST

/*
 * Type-ahead: the barge digit of a menu prompt and the digits pressed
 * before the next collect starts are that collect's first digits; the
 * '#' pressed after a collect already full is dropped, not taken as an
 * empty entry by the next one; flush discards what was typed ahead.
 */
START_TEST(type_ahead)
{
	struct rig r;
	cti_ivr_event_t ev;
	const char *list[] = { "menu" };
	cti_ivr_collect_config_t cc = { .min_digits = 4, .max_digits = 4,
					.terminators = "#",
					.first_timeout_ms = 3000,
					.inter_timeout_ms = 2000,
					.prompt = "welcome" };

	rig_up(&r);
	ck_assert_int_eq(cti_ivr_play(r.ivr, list, 1, true, r.now), 0);
	run(&r, 300, NULL);
	ck_assert_int_eq(cti_dtmf_tx_put(r.tx, "12"), 2);
	run(&r, 400, NULL);
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.type, CTI_IVR_PLAY_DONE);
	ck_assert_int_eq(ev.reason, CTI_IVR_BARGED);
	ck_assert_int_eq(ev.digit, '1');
	ck_assert(!next(&r, &ev));
	/* the application starts the collect a little later */
	ck_assert_int_eq(cti_ivr_collect(r.ivr, &cc, r.now), 0);
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.type, CTI_IVR_DIGIT);
	ck_assert_int_eq(ev.digit, '1');
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.digit, '2');
	ck_assert_int_eq(cti_dtmf_tx_put(r.tx, "34#"), 3);
	run(&r, 600, NULL);
	ck_assert(next(&r, &ev));
	ck_assert(next(&r, &ev));
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.type, CTI_IVR_COLLECT_DONE);
	ck_assert_str_eq(ev.digits, "1234");
	/* the '#' that followed the 4th digit is not the next entry */
	ck_assert(!next(&r, &ev));
	cc.min_digits = 1;
	ck_assert_int_eq(cti_ivr_collect(r.ivr, &cc, r.now), 0);
	ck_assert(!next(&r, &ev));
	ck_assert_int_eq(cti_dtmf_tx_put(r.tx, "9#"), 2);
	run(&r, 400, NULL);
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.type, CTI_IVR_DIGIT);
	ck_assert(next(&r, &ev));
	ck_assert_int_eq(ev.type, CTI_IVR_COLLECT_DONE);
	ck_assert_str_eq(ev.digits, "9");
	ck_assert_int_eq(ev.terminator, '#');
	/* typed between steps, then flushed: gone */
	ck_assert_int_eq(cti_dtmf_tx_put(r.tx, "77"), 2);
	run(&r, 400, NULL);
	ck_assert(!next(&r, &ev));
	ck_assert_int_eq(cti_ivr_flush_digits(r.ivr), 2);
	ck_assert_int_eq(cti_ivr_flush_digits(r.ivr), 0);
	ck_assert_int_eq(cti_ivr_flush_digits(NULL), CTI_EINVAL);
	ck_assert_ptr_null(strstr(logtext, "digit 7"));
	rig_down(&r);
}
END_TEST

START_TEST(prompt_files)
{
	cti_prompts_t *ps = prompts_new();
	char path[] = "/tmp/cti-ivr-XXXXXX";
	char wav[64], bad[64], why[512];
	SF_INFO info = { .samplerate = 16000, .channels = 2,
			 .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
	SNDFILE *sf;
	static short st[16000 * 2];
	FILE *f;
	cti_ivr_config_t cfg = { .prompts = ps };
	cti_ivr_t *ivr;
	const char *names[] = { "nosuch" };

	ck_assert_ptr_nonnull(mkdtemp(path));
	snprintf(wav, sizeof(wav), "%s/a.wav", path);
	snprintf(bad, sizeof(bad), "%s/bad.wav", path);
	sf = sf_open(wav, SFM_WRITE, &info);
	ck_assert_ptr_nonnull(sf);
	ck_assert_int_eq(sf_writef_short(sf, st, 16000), 16000);
	sf_close(sf);
	f = fopen(bad, "w");
	fputs("RIFF, but not really", f);
	fclose(f);
	ck_assert_int_eq(cti_prompts_load(ps, "a", wav, why, sizeof(why)), 0);
	ck_assert_uint_eq(cti_prompts_samples(ps, "a"), 8000);
	ck_assert_int_eq(cti_prompts_load(ps, "b", "/nonexistent/x.wav", why,
					  sizeof(why)),
			 CTI_ENOENT);
	ck_assert_ptr_nonnull(strstr(why, "/nonexistent/x.wav"));
	ck_assert_int_eq(cti_prompts_load(ps, "c", bad, why, sizeof(why)),
			 CTI_EFORMAT);
	ck_assert_ptr_nonnull(strstr(why, bad));
	ck_assert_uint_eq(cti_prompts_samples(ps, "c"), 0);
	ck_assert_int_eq(cti_prompts_load(ps, "", wav, why, sizeof(why)),
			 CTI_EINVAL);
	/* why may be NULL */
	ck_assert_int_eq(cti_prompts_load(ps, "c", bad, NULL, 0), CTI_EFORMAT);
	ivr = ivr_new(&cfg);
	ck_assert_int_eq(cti_ivr_play(ivr, names, 1, true, 0), CTI_ENOENT);
	ck_assert_int_eq(cti_ivr_cancel(ivr, 0), CTI_EALREADY);
	cti_ivr_free(ivr);
	cfg.prompts = NULL;
	ivr = (cti_ivr_t *)1;
	ck_assert_int_eq(cti_ivr_new(&ivr, &cfg), CTI_EINVAL);
	ck_assert_ptr_null(ivr);
	ck_assert_int_eq(cti_ivr_new(&ivr, NULL), CTI_EINVAL);
	ck_assert_int_eq(cti_ivr_new(NULL, &cfg), CTI_EINVAL);
	ck_assert_int_eq(cti_ivr_next_event(NULL, NULL), CTI_EINVAL);
	unlink(wav);
	unlink(bad);
	rmdir(path);
	cti_prompts_free(ps);
}
END_TEST

/* Feed 20 ms frames of caller audio from a signal function. */
static void feed(cti_ivr_t *ivr, uint64_t *now, unsigned ms,
		 int16_t (*sample)(uint64_t n), int16_t *first_out)
{
	int16_t in[160], out[160];

	for (unsigned t = 0; t < ms; t += 20) {
		for (int i = 0; i < 160; i++)
			in[i] = sample(*now * 8 + (uint64_t)i);
		*now += 20;
		cti_ivr_process(ivr, *now, in, out, 160);
		if (first_out && t == 0)
			memcpy(first_out, out, sizeof(out));
	}
}

static int16_t tone_1k(uint64_t n)
{
	return (int16_t)(3000 * ((n / 4) % 2 ? 1 : -1)); /* 1 kHz square */
}

static int16_t quiet(uint64_t n)
{
	return (int16_t)(n % 3) - 1; /* -1, 0, 1: below any threshold */
}

static bool file_has(const char *path, const char *needle)
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "rb");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return memmem(buf, n, needle, strlen(needle)) != NULL;
}

/* Found by tests/fuzz/audio: a file with less audio than one 8 kHz
 * sample (here 2 frames at 48 kHz) loaded as an empty prompt; it is
 * "empty", CTI_EFORMAT, as the header says. */
START_TEST(prompt_shorter_than_a_sample)
{
	cti_prompts_t *ps = prompts_new();
	char path[] = "/tmp/cti-ivr-XXXXXX", wav[64], why[512];
	SF_INFO info = { .samplerate = 48000, .channels = 1,
			 .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
	static const short two[2] = { 1000, -1000 };
	SNDFILE *sf;

	ck_assert_ptr_nonnull(mkdtemp(path));
	snprintf(wav, sizeof(wav), "%s/short.wav", path);
	sf = sf_open(wav, SFM_WRITE, &info);
	ck_assert_ptr_nonnull(sf);
	ck_assert_int_eq(sf_writef_short(sf, two, 2), 2);
	sf_close(sf);
	ck_assert_int_eq(cti_prompts_load(ps, "s", wav, why, sizeof(why)),
			 CTI_EFORMAT);
	ck_assert_ptr_nonnull(strstr(why, "short.wav: no audio in the file"));
	ck_assert_uint_eq(cti_prompts_samples(ps, "s"), 0);
	cti_prompts_free(ps);
	unlink(wav);
	rmdir(path);
}
END_TEST

START_TEST(record_wav)
{
	char dir[] = "/tmp/cti-rec-XXXXXX", path[64], bad[80];
	cti_prompts_t *ps = prompts_new();
	cti_ctx_t *ctx = log_ctx_new();
	cti_ivr_config_t cfg = { .prompts = ps, .ctx = ctx };
	cti_ivr_record_config_t rc = { .max_ms = 5000, .silence_ms = 500,
				       .beep = true };
	cti_ivr_collect_config_t cc = { .min_digits = 4, .max_digits = 4,
					.first_timeout_ms = 3000,
					.inter_timeout_ms = 3000,
					.secret = true };
	cti_ivr_t *ivr = ivr_new(&cfg);
	cti_ivr_event_t ev;
	int16_t first[160];
	uint64_t now = 0;
	SF_INFO info = { 0 };
	SNDFILE *sf;
	char pin[8];

	logtext[0] = 0;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/msg.wav", dir);
	/* a secret first: the recording must not carry it */
	ck_assert_int_eq(cti_ivr_collect(ivr, &cc, now), 0);
	for (const char *d = "4711"; *d; d++)
		cti_ivr_digit(ivr, *d, now);
	while (cti_ivr_next_event(ivr, &ev) > 0)
		;
	ck_assert_int_eq(ev.type, CTI_IVR_COLLECT_DONE);
	/* beep, 1 s of sound, then silence: stops 500 ms into it */
	rc.path = path;
	ck_assert_int_eq(cti_ivr_record(ivr, &rc, now), 0);
	ck_assert_int_eq(cti_ivr_record(ivr, &rc, now), CTI_EBUSY);
	feed(ivr, &now, 200, quiet, first);
	ck_assert_int_ne(first[10], 0); /* the beep */
	feed(ivr, &now, 1000, tone_1k, NULL);
	feed(ivr, &now, 480, quiet, NULL);
	ck_assert_int_eq(cti_ivr_next_event(ivr, &ev), 0);
	feed(ivr, &now, 60, quiet, NULL);
	ck_assert_int_eq(cti_ivr_next_event(ivr, &ev), 1);
	ck_assert_int_eq(ev.type, CTI_IVR_RECORD_DONE);
	ck_assert_int_eq(ev.reason, CTI_IVR_SILENCE);
	ck_assert_uint_ge(ev.duration_ms, 1500);
	ck_assert_uint_le(ev.duration_ms, 1540);
	sf = sf_open(path, SFM_READ, &info);
	ck_assert_ptr_nonnull(sf);
	ck_assert_int_eq(info.samplerate, 8000);
	ck_assert_int_eq(info.channels, 1);
	ck_assert_int_eq(info.frames, ev.duration_ms * 8);
	ck_assert_ptr_null(sf_get_string(sf, SF_STR_TITLE));
	ck_assert_ptr_null(sf_get_string(sf, SF_STR_COMMENT));
	sf_close(sf);
	ck_assert(!file_has(path, "4711"));
	/* max time, both directions */
	rc.both_directions = true;
	rc.beep = false;
	rc.max_ms = 1000;
	ck_assert_int_eq(cti_ivr_record(ivr, &rc, now), 0);
	feed(ivr, &now, 3000, tone_1k, NULL);
	ck_assert_int_eq(cti_ivr_next_event(ivr, &ev), 1);
	ck_assert_int_eq(ev.reason, CTI_IVR_MAX_TIME);
	ck_assert_uint_eq(ev.duration_ms, 1000);
	ck_assert_int_eq(cti_ivr_next_event(ivr, &ev), 0);
	sf = sf_open(path, SFM_READ, &info);
	ck_assert_int_eq(info.channels, 2);
	ck_assert_int_eq(info.frames, 8000);
	sf_close(sf);
	/* stop on a digit, received out of band here */
	rc.stop_on_digit = true;
	rc.max_ms = 60000;
	ck_assert_int_eq(cti_ivr_record(ivr, &rc, now), 0);
	feed(ivr, &now, 400, tone_1k, NULL);
	cti_ivr_digit(ivr, '#', now);
	ck_assert_int_eq(cti_ivr_next_event(ivr, &ev), 1);
	ck_assert_int_eq(ev.reason, CTI_IVR_DIGIT_STOP);
	ck_assert_uint_eq(ev.duration_ms, 400);
	/* cannot create: an error at once, naming the file */
	snprintf(bad, sizeof(bad), "%s/no/such/dir.wav", dir);
	rc.path = bad;
	ck_assert_int_eq(cti_ivr_record(ivr, &rc, now), CTI_EIO);
	ck_assert_ptr_nonnull(strstr(logtext, bad));
	ck_assert_msg(!strstr(logtext, "4711"), "%s", logtext);
	ck_assert_int_eq(cti_ivr_take_secret(ivr, pin, sizeof(pin)), 4);
	unlink(path);
	rmdir(dir);
	cti_ivr_free(ivr);
	cti_prompts_free(ps);
	cti_ctx_free(ctx);
}
END_TEST

/* Write 1 s of a tone at 8 kHz mono in `format`; returns the file size. */
static long write_audio(const char *path, int format, sf_count_t frames)
{
	SF_INFO info = { .samplerate = 8000, .channels = 1, .format = format };
	static short s[8000];
	SNDFILE *sf;
	FILE *f;
	long size;

	for (int i = 0; i < 8000; i++)
		s[i] = (short)((i % 20) * 1000 - 10000);
	sf = sf_open(path, SFM_WRITE, &info);
	ck_assert_msg(sf != NULL, "%s: %s", path, sf_strerror(NULL));
	for (sf_count_t done = 0; done < frames; done += 8000)
		ck_assert_int_eq(sf_writef_short(sf, s,
						 frames - done < 8000
							 ? frames - done
							 : 8000),
				 frames - done < 8000 ? frames - done : 8000);
	sf_close(sf);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	return size;
}

/*
 * The frame count in a file's header is a claim. A FLAC of 1 s whose
 * STREAMINFO (RFC 9639 section 8.2: 36-bit total samples at bytes 21-25,
 * after "fLaC" and the 4-byte block header) claims 1.3e9 frames used to
 * make cti_prompts_load() allocate 5.2 GB twice; now the claim is checked
 * against what the file's size can hold. A real file longer than
 * CTI_PROMPT_MAX_SECONDS is refused too.
 */
START_TEST(prompt_claims_checked)
{
	char dir[] = "/tmp/cti-claim-XXXXXX", flac[64], wav[64], why[512];
	cti_prompts_t *ps = prompts_new();
	const uint64_t claim = 1300000000;
	unsigned char b[26];
	long size;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(flac, sizeof(flac), "%s/liar.flac", dir);
	size = write_audio(flac, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 8000);
	ck_assert_int_lt(size, 30000);
	/* as written it loads: 1 s */
	ck_assert_msg(cti_prompts_load(ps, "ok", flac, why, sizeof(why)) == 0,
		      "%s", why);
	ck_assert_uint_eq(cti_prompts_samples(ps, "ok"), 8000);
	f = fopen(flac, "r+b");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(b, 1, sizeof(b), f), sizeof(b));
	ck_assert(!memcmp(b, "fLaC", 4));
	ck_assert_uint_eq(b[22], 0);
	ck_assert_uint_eq(((unsigned)b[24] << 8 | b[25]), 8000);
	b[21] = (unsigned char)((b[21] & 0xf0) | (claim >> 32));
	b[22] = (unsigned char)(claim >> 24);
	b[23] = (unsigned char)(claim >> 16);
	b[24] = (unsigned char)(claim >> 8);
	b[25] = (unsigned char)claim;
	rewind(f);
	ck_assert_uint_eq(fwrite(b, 1, sizeof(b), f), sizeof(b));
	fclose(f);
	ck_assert_int_eq(cti_prompts_load(ps, "liar", flac, why, sizeof(why)),
			 CTI_EFORMAT);
	ck_assert_msg(strstr(why, flac) && strstr(why, "claims 1300000000"),
		      "%s", why);
	ck_assert_uint_eq(cti_prompts_samples(ps, "liar"), 0);
	/* 601 s of real audio (8-bit, 4.8 MB): longer than the cap */
	snprintf(wav, sizeof(wav), "%s/long.wav", dir);
	write_audio(wav, SF_FORMAT_WAV | SF_FORMAT_PCM_U8,
		    (sf_count_t)(CTI_PROMPT_MAX_SECONDS + 1) * 8000);
	ck_assert_int_eq(cti_prompts_load(ps, "long", wav, why, sizeof(why)),
			 CTI_EFORMAT);
	ck_assert_msg(strstr(why, "longer than 600 s"), "%s", why);
	/* exactly the cap loads */
	write_audio(wav, SF_FORMAT_WAV | SF_FORMAT_PCM_U8,
		    (sf_count_t)CTI_PROMPT_MAX_SECONDS * 8000);
	ck_assert_int_eq(cti_prompts_load(ps, "long", wav, why, sizeof(why)),
			 0);
	ck_assert_uint_eq(cti_prompts_samples(ps, "long"),
			  CTI_PROMPT_MAX_SECONDS * 8000);
	unlink(flac);
	unlink(wav);
	rmdir(dir);
	cti_prompts_free(ps);
}
END_TEST

/* A prompt set of one language loads; one of neither is an error that
 * says what is missing. */
START_TEST(prompt_dir_one_language)
{
	char dir[] = "/tmp/cti-lang-XXXXXX", sub[64], wav[80], why[512];
	cti_prompts_t *ps = prompts_new();

	ck_assert_ptr_nonnull(mkdtemp(dir));
	memset(why, 'X', sizeof(why));
	ck_assert_int_eq(cti_prompts_load_dir(ps, dir, why, sizeof(why)),
			 CTI_ENOENT);
	ck_assert_msg(strstr(why, dir) && strstr(why, "neither zh/ nor en/"),
		      "%s", why);
	snprintf(sub, sizeof(sub), "%s/en", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(wav, sizeof(wav), "%s/welcome.wav", sub);
	write_audio(wav, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000);
	ck_assert_int_eq(cti_prompts_load_dir(ps, dir, why, sizeof(why)), 1);
	ck_assert_uint_eq(cti_prompts_samples(ps, "en/welcome"), 8000);
	ck_assert_uint_eq(cti_prompts_samples(ps, "zh/welcome"), 0);
	unlink(wav);
	rmdir(sub);
	rmdir(dir);
	cti_prompts_free(ps);
}
END_TEST

TCase *ivr_say_tcase(void);
TCase *ivr_flow_tcase(void);

/* The default prompt set rendered at build time (mk/prompts.mk), spoken
 * through a session: "您的可用资金为 一万八千六百零四元九角". */
START_TEST(default_prompt_set)
{
	const char *dir = getenv("CTI_PROMPTS") ? getenv("CTI_PROMPTS")
						: "build/prompts";
	cti_prompts_t *ps = prompts_new();
	cti_ivr_config_t cfg = { .prompts = ps };
	const char *names[40];
	char why[512] = "";
	cti_ivr_t *ivr;
	cti_ivr_event_t ev;
	int16_t out[160];
	size_t total = 0, loud = 0;
	uint64_t now = 0;
	int n;

	n = cti_prompts_load_dir(ps, dir, why, sizeof(why));
	ck_assert_msg(n > 100, "%s: %d (%s)", dir, n, why);
	ck_assert_uint_gt(cti_prompts_samples(ps, "zh/welcome"), 8000);
	ck_assert_uint_gt(cti_prompts_samples(ps, "en/thousand"), 1000);
	names[0] = "zh/balance-is";
	n = cti_say_money(CTI_LANG_ZH, CTI_CURRENCY_CNY, 1860490, names + 1,
			  39);
	ck_assert_int_gt(n, 0);
	for (int i = 0; i <= n; i++)
		total += cti_prompts_samples(ps, names[i]);
	ivr = ivr_new(&cfg);
	ck_assert_int_eq(cti_ivr_play(ivr, names, (size_t)n + 1, false, now),
			 0);
	while (cti_ivr_next_event(ivr, &ev) == 0) {
		now += 20;
		cti_ivr_process(ivr, now, NULL, out, 160);
		for (int i = 0; i < 160; i++)
			loud += out[i] > 300 || out[i] < -300;
		ck_assert_uint_lt(now, 60000);
	}
	ck_assert_int_eq(ev.type, CTI_IVR_PLAY_DONE);
	/* played every prompt, to the 20 ms frame */
	ck_assert_uint_ge(now * 8, total);
	ck_assert_uint_lt(now * 8, total + 160);
	ck_assert_uint_gt(loud, total / 10);
	ck_assert_int_eq(cti_prompts_load_dir(ps, "/nonexistent", why,
					      sizeof(why)),
			 CTI_ENOENT);
	ck_assert_ptr_nonnull(strstr(why, "/nonexistent"));
	cti_ivr_free(ivr);
	cti_prompts_free(ps);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("ivr");
	TCase *tc = tcase_create("session");

	suite_add_tcase(s, ivr_say_tcase());
	suite_add_tcase(s, ivr_flow_tcase());
	tcase_add_test(tc, prompt_claims_checked);
	tcase_add_test(tc, prompt_dir_one_language);
	tcase_add_test(tc, play_list_then_done);
	tcase_add_test(tc, barge_in);
	tcase_add_test(tc, collect_timeouts_and_retries);
	tcase_add_test(tc, collect_gives_up);
	tcase_add_test(tc, collect_validates);
	tcase_add_test(tc, secret_never_leaks);
	tcase_add_test(tc, type_ahead);
	tcase_add_test(tc, prompt_files);
	tcase_add_test(tc, prompt_shorter_than_a_sample);
	tcase_add_test(tc, default_prompt_set);
	tcase_add_test(tc, record_wav);
	suite_add_tcase(s, tc);
	return s;
}
