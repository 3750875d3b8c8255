// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One call's IVR session: plays prompt lists and collects digits, driven
 * by the caller's audio and clock (cti_ivr_process(now_ms, in, out)).
 * Nothing blocks and nothing reads a clock; timeouts are deadlines
 * compared with the now_ms the caller passes.
 *
 * Secret collection keeps the digits in one buffer that only
 * cti_ivr_take_secret() reads; events and log lines carry '*' instead,
 * and every copy is zeroed (explicit_bzero) as soon as it is not needed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>
#include <sndfile.h>

#include "cti/dsp.h"
#include "cti/tone.h"
#include "core/ctx.h"
#include "core/ring.h"
#include "ivr/prompts.h"

#define QLEN 16

enum op { IDLE, PLAYING, COLLECTING, RECORDING };

#define BEEP_SAMPLES 1600 /* 200 ms */

struct cti_ivr {
	cti_ivr_config_t cfg;
	cti_dtmf_rx_storage_t dtmf_mem;
	cti_dtmf_rx_t *dtmf;
	enum op op;

	/* what is being played */
	const struct cti__prompt *pl[CTI_IVR_MAX_PROMPTS + 1];
	size_t npl, ipl, pos;
	bool barge;

	/* digit collection */
	cti_ivr_collect_config_t cc;
	const struct cti__prompt *prompt, *invalid, *timeout;
	char term[16];
	char digits[CTI_IVR_MAX_DIGITS + 1];
	unsigned nd, attempt;
	bool waiting;      /* prompts done, the timer is running */
	uint64_t deadline;

	/* recording */
	cti_ivr_record_config_t rc;
	SNDFILE *sf;
	cti_silence_t sd;
	uint64_t rec_samples;
	unsigned beep_left;
	bool heard;

	char secret[CTI_IVR_MAX_DIGITS + 1];
	bool have_secret;

	/* type-ahead: digits pressed between collects, or over prompts,
	 * are kept for the next collect (callers who know the menu do not
	 * wait for it); a terminator pressed just after a collect ended
	 * at max_digits belongs to that collect and is dropped */
	char ahead[CTI_IVR_MAX_DIGITS + 1];
	unsigned nahead, ahead_lost;
	char swallow[16];
	uint64_t swallow_until;

	cti_ivr_event_t q[QLEN];
	struct cti_ring events; /* over q: drops the oldest, never blocks */
};

/* Every line at debug except failures (WARNING), which callers name. */
#define logf_(ivr, ...) cti__log((ivr)->cfg.ctx, CTI_LOG_DEBUG, "ivr", __VA_ARGS__)
#define warnf_(ivr, ...)                                                       \
	cti__log((ivr)->cfg.ctx, CTI_LOG_WARNING, "ivr", __VA_ARGS__)

int cti_ivr_new(cti_ivr_t **out, const cti_ivr_config_t *cfg)
{
	struct cti_ivr *ivr;
	int err;

	if (!out)
		return CTI_EINVAL;
	*out = NULL;
	if (!cfg || !cfg->prompts)
		return CTI_EINVAL;
	ivr = calloc(1, sizeof(*ivr));
	if (!ivr)
		return CTI_ENOMEM;
	ivr->cfg = *cfg;
	CTI_RING_INIT(&ivr->events, ivr->q, CTI_RING_DROP_OLDEST);
	err = cti_dtmf_rx_init(&ivr->dtmf, &ivr->dtmf_mem, NULL);
	if (err) {
		free(ivr);
		return err;
	}
	*out = ivr;
	return 0;
}

static void wipe(struct cti_ivr *ivr)
{
	explicit_bzero(ivr->digits, sizeof(ivr->digits));
	ivr->nd = 0;
}

void cti_ivr_free(cti_ivr_t *ivr)
{
	if (!ivr)
		return;
	wipe(ivr);
	explicit_bzero(ivr->secret, sizeof(ivr->secret));
	explicit_bzero(ivr->ahead, sizeof(ivr->ahead));
	if (ivr->sf)
		sf_close(ivr->sf);
	cti_dtmf_rx_free(ivr->dtmf);
	explicit_bzero(ivr, sizeof(*ivr));
	free(ivr);
}

static cti_ivr_event_t *push(struct cti_ivr *ivr, uint32_t type,
			     uint32_t reason, uint64_t now)
{
	cti_ivr_event_t *ev = cti_ring_push_drop(&ivr->events);

	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->reason = reason;
	ev->time_ms = now;
	return ev;
}

int cti_ivr_next_event(cti_ivr_t *ivr, cti_ivr_event_t *ev)
{
	if (!ivr || !ev)
		return CTI_EINVAL;
	return cti_ring_pop_wipe(&ivr->events, ev);
}

/* Resolve names to prompts; CTI_ENOENT (logged) if one is missing. */
static int resolve(struct cti_ivr *ivr, const char *name,
		   const struct cti__prompt **out)
{
	*out = NULL;
	if (!name)
		return 0;
	*out = cti__prompt_find(ivr->cfg.prompts, name);
	if (!*out) {
		warnf_(ivr, "prompt '%s' is not in the prompt set", name);
		return CTI_ENOENT;
	}
	return 0;
}

static void start_playing(struct cti_ivr *ivr,
			  const struct cti__prompt *const *list, size_t n)
{
	ivr->npl = 0;
	for (size_t i = 0; i < n; i++)
		if (list[i])
			ivr->pl[ivr->npl++] = list[i];
	ivr->ipl = 0;
	ivr->pos = 0;
}

int cti_ivr_play(cti_ivr_t *ivr, const char *const *names, size_t n,
		 bool barge_in, uint64_t now_ms)
{
	const struct cti__prompt *list[CTI_IVR_MAX_PROMPTS];

	if (!ivr || (n && !names) || n > CTI_IVR_MAX_PROMPTS)
		return CTI_EINVAL;
	if (ivr->op != IDLE)
		return CTI_EBUSY;
	for (size_t i = 0; i < n; i++) {
		int err = resolve(ivr, names[i], &list[i]);

		if (err || !names[i])
			return err ? err : CTI_EINVAL;
	}
	start_playing(ivr, list, n);
	ivr->barge = barge_in;
	ivr->op = PLAYING;
	logf_(ivr, "play %zu prompt(s) at %llu ms%s", n,
	      (unsigned long long)now_ms, barge_in ? ", barge-in" : "");
	return 0;
}

static void on_digit(struct cti_ivr *ivr, char d, uint64_t now);

/* Digits typed ahead go to the new collect first, as if pressed now; what
 * it does not take (it ended) stays for the one after. */
static void replay_type_ahead(struct cti_ivr *ivr, uint64_t now)
{
	unsigned used = 0;

	while (used < ivr->nahead && ivr->op == COLLECTING)
		on_digit(ivr, ivr->ahead[used++], now);
	memmove(ivr->ahead, ivr->ahead + used, ivr->nahead - used + 1);
	ivr->nahead -= used;
	explicit_bzero(ivr->ahead + ivr->nahead + 1,
		       sizeof(ivr->ahead) - ivr->nahead - 1);
}

int cti_ivr_collect(cti_ivr_t *ivr, const cti_ivr_collect_config_t *cfg,
		    uint64_t now_ms)
{
	const struct cti__prompt *p, *inv, *to;
	int err;

	if (!ivr || !cfg || !cfg->max_digits ||
	    cfg->max_digits > CTI_IVR_MAX_DIGITS ||
	    cfg->min_digits > cfg->max_digits ||
	    (cfg->terminators &&
	     strlen(cfg->terminators) >= sizeof(ivr->term)) ||
	    !cfg->first_timeout_ms || !cfg->inter_timeout_ms)
		return CTI_EINVAL;
	if (ivr->op != IDLE)
		return CTI_EBUSY;
	if ((err = resolve(ivr, cfg->prompt, &p)) ||
	    (err = resolve(ivr, cfg->invalid_prompt, &inv)) ||
	    (err = resolve(ivr, cfg->timeout_prompt, &to)))
		return err;
	ivr->cc = *cfg;
	ivr->prompt = p;
	ivr->invalid = inv;
	ivr->timeout = to;
	snprintf(ivr->term, sizeof(ivr->term), "%s",
		 cfg->terminators ? cfg->terminators : "");
	ivr->cc.terminators = ivr->term;
	wipe(ivr);
	ivr->attempt = 1;
	ivr->op = COLLECTING;
	start_playing(ivr, &ivr->prompt, 1);
	ivr->waiting = !ivr->npl;
	ivr->deadline = now_ms + cfg->first_timeout_ms;
	logf_(ivr, "collect %u-%u digit(s)%s at %llu ms", cfg->min_digits,
	      cfg->max_digits, cfg->secret ? " (secret)" : "",
	      (unsigned long long)now_ms);
	replay_type_ahead(ivr, now_ms);
	return 0;
}

int cti_ivr_flush_digits(cti_ivr_t *ivr)
{
	int n;

	if (!ivr)
		return CTI_EINVAL;
	n = (int)ivr->nahead;
	explicit_bzero(ivr->ahead, sizeof(ivr->ahead));
	ivr->nahead = 0;
	return n;
}

static void stop_playing(struct cti_ivr *ivr)
{
	ivr->npl = ivr->ipl = ivr->pos = 0;
}

/* The attempt failed: retry with the matching prompt, or give up. */
static void attempt_failed(struct cti_ivr *ivr, uint32_t reason,
			   uint64_t now)
{
	const struct cti__prompt *list[2];
	cti_ivr_event_t *ev;

	logf_(ivr, "collect attempt %u: %s after %u digit(s)", ivr->attempt,
	      reason == CTI_IVR_TIMEOUT ? "timeout" : "invalid", ivr->nd);
	wipe(ivr);
	if (ivr->attempt > ivr->cc.retries) {
		ev = push(ivr, CTI_IVR_COLLECT_FAILED, reason, now);
		ev->attempts = (uint8_t)ivr->attempt;
		ev->secret = ivr->cc.secret;
		ivr->op = IDLE;
		stop_playing(ivr);
		return;
	}
	ivr->attempt++;
	list[0] = reason == CTI_IVR_TIMEOUT ? ivr->timeout : ivr->invalid;
	list[1] = ivr->prompt;
	start_playing(ivr, list, 2);
	ivr->waiting = !ivr->npl;
	ivr->deadline = now + ivr->cc.first_timeout_ms;
}

static void finish(struct cti_ivr *ivr, char term, uint64_t now)
{
	cti_ivr_event_t *ev;

	if (ivr->cc.validate && !ivr->cc.validate(ivr->cc.user, ivr->digits)) {
		attempt_failed(ivr, CTI_IVR_INVALID, now);
		return;
	}
	ev = push(ivr, CTI_IVR_COLLECT_DONE, CTI_IVR_OK, now);
	ev->terminator = term;
	ev->attempts = (uint8_t)ivr->attempt;
	ev->secret = ivr->cc.secret;
	if (ivr->cc.secret) {
		memset(ev->digits, '*', ivr->nd);
		explicit_bzero(ivr->secret, sizeof(ivr->secret));
		memcpy(ivr->secret, ivr->digits, ivr->nd + 1);
		ivr->have_secret = true;
		logf_(ivr, "collected %u secret digit(s)", ivr->nd);
	} else {
		memcpy(ev->digits, ivr->digits, ivr->nd + 1);
		logf_(ivr, "collected '%s'", ivr->digits);
	}
	wipe(ivr);
	stop_playing(ivr);
	ivr->op = IDLE;
	if (!term) {
		snprintf(ivr->swallow, sizeof(ivr->swallow), "%s", ivr->term);
		ivr->swallow_until = now + ivr->cc.inter_timeout_ms;
	}
}

static void record_stop(struct cti_ivr *ivr, uint32_t reason, uint64_t now);

/* The terminator of a collect that already ended at max_digits. */
static bool swallowed(struct cti_ivr *ivr, char d, uint64_t now)
{
	bool hit = ivr->swallow[0] && now <= ivr->swallow_until &&
		   strchr(ivr->swallow, d);

	ivr->swallow[0] = '\0';
	return hit;
}

/* Keep a digit for the next collect; its value is not logged: it may be
 * the start of a PIN typed ahead of its prompt. */
static void type_ahead(struct cti_ivr *ivr, char d, uint64_t now)
{
	if (swallowed(ivr, d, now)) {
		logf_(ivr, "terminator after a full collect dropped");
		return;
	}
	if (ivr->nahead >= CTI_IVR_MAX_DIGITS) {
		ivr->ahead_lost++;
		logf_(ivr, "type-ahead full: digit dropped (%u so far)",
		      ivr->ahead_lost);
		return;
	}
	ivr->ahead[ivr->nahead++] = d;
	ivr->ahead[ivr->nahead] = '\0';
}

static void on_digit(struct cti_ivr *ivr, char d, uint64_t now)
{
	cti_ivr_event_t *ev;
	bool secret = ivr->op == COLLECTING && ivr->cc.secret;

	if (ivr->op == IDLE || ivr->op == PLAYING) {
		logf_(ivr, "digit at %llu ms kept for the next collect",
		      (unsigned long long)now);
		type_ahead(ivr, d, now);
		if (ivr->op == PLAYING && ivr->barge) {
			stop_playing(ivr);
			ev = push(ivr, CTI_IVR_PLAY_DONE, CTI_IVR_BARGED, now);
			ev->digit = d;
			ivr->op = IDLE;
		}
		return;
	}
	logf_(ivr, "digit %c at %llu ms", secret ? '*' : d,
	      (unsigned long long)now);
	if (ivr->op == RECORDING) {
		if (ivr->rc.stop_on_digit && !ivr->beep_left)
			record_stop(ivr, CTI_IVR_DIGIT_STOP, now);
		return;
	}
	if (ivr->op != COLLECTING)
		return;
	if (!ivr->nd && swallowed(ivr, d, now)) {
		logf_(ivr, "terminator after a full collect dropped");
		return;
	}
	/* a digit always cuts the prompts short */
	stop_playing(ivr);
	ivr->waiting = true;
	if (d && strchr(ivr->term, d)) {
		if (ivr->nd >= ivr->cc.min_digits && ivr->nd)
			finish(ivr, d, now);
		else
			attempt_failed(ivr, CTI_IVR_INVALID, now);
		return;
	}
	ivr->digits[ivr->nd++] = d;
	ivr->digits[ivr->nd] = 0;
	ev = push(ivr, CTI_IVR_DIGIT, CTI_IVR_OK, now);
	ev->digit = secret ? '*' : d;
	ev->secret = secret;
	if (ivr->nd == ivr->cc.max_digits)
		finish(ivr, 0, now);
	else
		ivr->deadline = now + ivr->cc.inter_timeout_ms;
}

int cti_ivr_digit(cti_ivr_t *ivr, char digit, uint64_t now_ms)
{
	if (!ivr || cti_dtmf_freqs(digit, NULL, NULL))
		return CTI_EINVAL;
	on_digit(ivr, digit, now_ms);
	return (int)cti_ring_len(&ivr->events);
}

int cti_ivr_record(cti_ivr_t *ivr, const cti_ivr_record_config_t *cfg,
		   uint64_t now_ms)
{
	SF_INFO info = { 0 };
	double thr;

	if (!ivr || !cfg || !cfg->path || !cfg->max_ms)
		return CTI_EINVAL;
	if (ivr->op != IDLE)
		return CTI_EBUSY;
	thr = cfg->silence_dbm0 ? cfg->silence_dbm0 : -45;
	if (cti_silence_init(&ivr->sd, thr, cfg->silence_ms))
		return CTI_EINVAL;
	info.samplerate = CTI_DSP_RATE;
	info.channels = cfg->both_directions ? 2 : 1;
	info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
	ivr->sf = sf_open(cfg->path, SFM_WRITE, &info);
	if (!ivr->sf) {
		warnf_(ivr, "record %s: %s", cfg->path, sf_strerror(NULL));
		return CTI_EIO;
	}
	ivr->rc = *cfg;
	ivr->rc.path = NULL; /* not kept: the caller owns it */
	ivr->rec_samples = 0;
	ivr->heard = false;
	ivr->beep_left = cfg->beep ? BEEP_SAMPLES : 0;
	ivr->op = RECORDING;
	logf_(ivr, "record at %llu ms, at most %u ms",
	      (unsigned long long)now_ms, cfg->max_ms);
	return 0;
}

static void record_stop(struct cti_ivr *ivr, uint32_t reason, uint64_t now)
{
	cti_ivr_event_t *ev;
	bool io_ok = !sf_close(ivr->sf);

	ivr->sf = NULL;
	ev = push(ivr, CTI_IVR_RECORD_DONE, io_ok ? reason : CTI_IVR_IO_ERROR,
		  now);
	ev->duration_ms = (uint32_t)(ivr->rec_samples / 8);
	ivr->op = IDLE;
	logf_(ivr, "record done: %u ms", ev->duration_ms);
}

/* Write one block (caller audio in, session audio out). */
static void record_block(struct cti_ivr *ivr, const int16_t *in,
			 const int16_t *out, size_t n, uint64_t now)
{
	int16_t frame[2 * 160];
	size_t left = ivr->rc.max_ms * 8ull - ivr->rec_samples;

	if (n > left)
		n = left;
	for (size_t i = 0; i < n;) {
		size_t k = n - i > 160 ? 160 : n - i;

		for (size_t j = 0; j < k; j++) {
			int16_t c = in ? in[i + j] : 0;

			if (ivr->rc.both_directions) {
				frame[2 * j] = c;
				frame[2 * j + 1] = out[i + j];
			} else {
				frame[j] = c;
			}
		}
		if (sf_writef_short(ivr->sf, frame, (sf_count_t)k) !=
		    (sf_count_t)k) {
			record_stop(ivr, CTI_IVR_IO_ERROR, now);
			return;
		}
		i += k;
	}
	ivr->rec_samples += n;
	if (in) {
		cti_silence_feed(&ivr->sd, in, n);
	} else { /* no caller audio is silence */
		static const int16_t zeros[160];

		for (size_t i = 0; i < n; i += 160)
			cti_silence_feed(&ivr->sd, zeros,
					 n - i > 160 ? 160 : n - i);
	}
	ivr->heard = ivr->heard || !ivr->sd.silent;
	if (ivr->rec_samples >= ivr->rc.max_ms * 8ull)
		record_stop(ivr, CTI_IVR_MAX_TIME, now);
	else if (ivr->rc.silence_ms && ivr->heard && ivr->sd.silent)
		record_stop(ivr, CTI_IVR_SILENCE, now);
}

int cti_ivr_cancel(cti_ivr_t *ivr, uint64_t now_ms)
{
	if (!ivr)
		return CTI_EINVAL;
	if (ivr->op == IDLE)
		return CTI_EALREADY;
	if (ivr->op == RECORDING) {
		record_stop(ivr, CTI_IVR_CANCELLED, now_ms);
		return 0;
	}
	push(ivr, ivr->op == PLAYING ? CTI_IVR_PLAY_DONE : CTI_IVR_COLLECT_FAILED,
	     CTI_IVR_CANCELLED, now_ms);
	wipe(ivr);
	stop_playing(ivr);
	ivr->op = IDLE;
	return 0;
}

int cti_ivr_process(cti_ivr_t *ivr, uint64_t now_ms, const int16_t *in,
		    int16_t *out, size_t n)
{
	cti_dtmf_event_t dev;
	size_t i = 0;

	if (!ivr || (n && !out))
		return CTI_EINVAL;
	if (in && n) {
		cti_dtmf_rx_linear(ivr->dtmf, in, n);
		while (cti_dtmf_rx_next_event(ivr->dtmf, &dev) > 0)
			if (dev.type == CTI_DTMF_START)
				on_digit(ivr, dev.digit, now_ms);
		explicit_bzero(&dev, sizeof(dev));
	}
	while (i < n && ivr->ipl < ivr->npl) {
		const struct cti__prompt *p = ivr->pl[ivr->ipl];
		size_t take = p->n - ivr->pos;

		if (take > n - i)
			take = n - i;
		memcpy(out + i, p->s + ivr->pos, take * sizeof(*out));
		i += take;
		ivr->pos += take;
		if (ivr->pos == p->n) {
			ivr->ipl++;
			ivr->pos = 0;
		}
	}
	if (i < n)
		memset(out + i, 0, (n - i) * sizeof(*out));
	if (ivr->op == RECORDING) {
		/* the beep (1 kHz, -10 dBm0) first; recording starts after */
		size_t b = 0;

		for (; b < n && ivr->beep_left; b++, ivr->beep_left--)
			out[b] = (int16_t)lrint(
				cti_dbm0_to_peak(-10) *
				sin(2 * M_PI * 1000 *
				    (BEEP_SAMPLES - ivr->beep_left) /
				    CTI_DSP_RATE));
		if (b < n)
			record_block(ivr, in ? in + b : NULL, out + b, n - b,
				     now_ms);
	}
	if (ivr->op == PLAYING && ivr->ipl == ivr->npl) {
		push(ivr, CTI_IVR_PLAY_DONE, CTI_IVR_OK, now_ms);
		ivr->op = IDLE;
	} else if (ivr->op == COLLECTING && !ivr->waiting &&
		   ivr->ipl == ivr->npl) {
		/* prompts over: the first-digit timer starts now */
		ivr->waiting = true;
		ivr->deadline = now_ms + ivr->cc.first_timeout_ms;
	} else if (ivr->op == COLLECTING && ivr->waiting &&
		   now_ms >= ivr->deadline) {
		if (ivr->nd && ivr->nd >= ivr->cc.min_digits)
			finish(ivr, 0, now_ms);
		else
			attempt_failed(ivr, CTI_IVR_TIMEOUT, now_ms);
	}
	return (int)cti_ring_len(&ivr->events);
}

bool cti__ivr_secret_collecting(const cti_ivr_t *ivr)
{
	return ivr && ivr->op == COLLECTING && ivr->cc.secret;
}

bool cti__ivr_collecting(const cti_ivr_t *ivr)
{
	return ivr && ivr->op == COLLECTING;
}

int cti__ivr_set_prompts(cti_ivr_t *ivr, cti_prompts_t *ps)
{
	if (!ivr || !ps)
		return CTI_EINVAL;
	/* a play or a collect holds pointers into the set it started with;
	 * an idle session holds none (its type-ahead is only digits) */
	if (ivr->op != IDLE)
		return CTI_EBUSY;
	stop_playing(ivr);
	ivr->prompt = ivr->invalid = ivr->timeout = NULL;
	ivr->cfg.prompts = ps;
	return 0;
}

int cti_ivr_take_secret(cti_ivr_t *ivr, char *buf, size_t cap)
{
	size_t n;

	if (!ivr || !buf)
		return CTI_EINVAL;
	if (!ivr->have_secret)
		return CTI_ENOENT;
	n = strlen(ivr->secret);
	if (cap <= n)
		return CTI_ENOSPC;
	memcpy(buf, ivr->secret, n + 1);
	explicit_bzero(ivr->secret, sizeof(ivr->secret));
	ivr->have_secret = false;
	return (int)n;
}
