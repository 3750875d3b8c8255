// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A PIN collected while recording: the flow pauses (or masks) the
 * recording around it. DTMF made by lib/dsp's generator crosses the
 * caller's leg; lib/dsp's receiver, run over the exported audio, finds
 * the digits typed outside the pause and none of the PIN's. The digits
 * appear in no metadata, ledger or log line either.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cti/ctx.h"
#include "helpers.h"

#define TOTAL (4 * 8000)

static char logbuf[65536];
static size_t loglen;

static void log_cb(void *user, int level, const char *module, const char *msg)
{
	int n;

	(void)user;
	n = snprintf(logbuf + loglen, sizeof(logbuf) - loglen, "%d %s %s\n",
		     level, module, msg);
	if (n > 0 && loglen + (size_t)n < sizeof(logbuf))
		loglen += (size_t)n;
}

/*
 * The PIN as text in buf: an occurrence of `pin` that is not part of a
 * longer run of hex digits. Files and ledgers hold hex hashes, ids and
 * signatures, in which any six digits turn up now and then by chance
 * (16^-6 a position); a PIN that leaked stands as a field of its own.
 */
static bool has_pin_text(const void *buf, size_t len, const char *pin)
{
	const char *b = buf, *p = b, *end = b + len;
	size_t n = strlen(pin);

	while ((p = memmem(p, (size_t)(end - p), pin, n))) {
		bool before = p > b && isxdigit((unsigned char)p[-1]);
		bool after = p + n < end && isxdigit((unsigned char)p[n]);

		if (!before && !after)
			return true;
		p++;
	}
	return false;
}

/* Digits at sample offsets into a linear buffer. */
static void put_digits(int16_t *buf, size_t at, const char *digits)
{
	cti_dtmf_tx_t *tx = NULL;
	int n;

	ck_assert_int_eq(cti_dtmf_tx_init(&tx, NULL, NULL), 0);
	ck_assert_int_eq(cti_dtmf_tx_put(tx, digits), (int)strlen(digits));
	n = cti_dtmf_tx_linear(tx, buf + at, TOTAL - at);
	ck_assert_int_gt(n, 0);
	cti_dtmf_tx_free(tx);
}

static void detect(const int16_t *stereo, uint64_t frames, char *out)
{
	cti_dtmf_rx_t *rx = NULL;
	cti_dtmf_event_t ev;
	int16_t left[160];
	uint64_t i, k = 0;
	size_t n = 0;

	ck_assert_int_eq(cti_dtmf_rx_init(&rx, NULL, NULL), 0);
	for (i = 0; i < frames; i++) {
		left[k++] = stereo[2 * i];
		if (k == 160 || i + 1 == frames) {
			ck_assert_int_ge(cti_dtmf_rx_linear(rx, left, k), 0);
			k = 0;
			while (cti_dtmf_rx_next_event(rx, &ev) > 0)
				if (ev.type == CTI_DTMF_END)
					out[n++] = ev.digit;
		}
	}
	cti_dtmf_rx_flush(rx);
	while (cti_dtmf_rx_next_event(rx, &ev) > 0)
		if (ev.type == CTI_DTMF_END)
			out[n++] = ev.digit;
	out[n] = '\0';
	cti_dtmf_rx_free(rx);
}

static void run(uint32_t mode)
{
	const char *rc[] = { tr.alice_pub };
	struct cti_ctx_config ccfg = { .log_level = CTI_LOG_DEBUG,
				       .log_fn = log_cb };
	cti_ctx_t *ctx;
	struct cti_rec_config cfg = { .signing_key = tr.sign,
				      .recipients = rc,
				      .n_recipients = 1,
				      .sync = CTI_REC_SYNC_NONE,
				      .clock_epoch_ms = tr_clock };
	struct cti_rec_meta m = { .call_id = 5, .start_epoch_ms = TR_T0 };
	struct cti_rec_info info;
	cti_rec_t *r;
	cti_rec_call_t *c;
	int16_t *voice = calloc(TOTAL, sizeof(*voice)), *pcm;
	uint64_t pos, frames;
	char path[600], digits[64], ledger[600];
	uint8_t *b;
	size_t len;

	loglen = 0;
	logbuf[0] = '\0';
	ck_assert_int_eq(cti_ctx_new(&ctx, &ccfg), 0);
	cfg.ctx = ctx;
	put_digits(voice, 4000, "9");	    /* the menu choice: kept */
	put_digits(voice, 12800, "736418"); /* the PIN: 1.6 .. 2.56 s */
	put_digits(voice, 24000, "5");	    /* after it: kept */
	ck_assert_int_eq(cti_rec_open(&r, tr.rec, &cfg), 0);
	strcpy(m.account, "A-1001");
	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0);
	for (pos = 0; pos < TOTAL; pos += 160) {
		struct cti_rec_frame f = { .pos = pos,
					   .n = 160,
					   .fmt = CTI_PCM_S16,
					   .role = CTI_REC_CALLER,
					   .dir = CTI_REC_FROM_PARTY,
					   .samples = voice + pos };

		/* the flow's collect step starts and ends the secret */
		if (pos == 12000)
			ck_assert_int_eq(cti_rec_call_pause(c, pos, mode), 0);
		if (pos == 20800)
			ck_assert_int_eq(cti_rec_call_resume(c, pos), 0);
		ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
	}
	ck_assert_int_eq(cti_rec_call_stop(c, &info), 0);
	ck_assert_uint_eq(info.pauses, 1);
	ck_assert_uint_eq(info.frames,
			  mode == CTI_REC_PAUSE ? TOTAL - 8800 : TOTAL);
	cti_rec_close(r);
	snprintf(path, sizeof(path), "%s/2026-12-01/%s.ctr", tr.rec, info.id);
	ck_assert_int_eq(tr_decode(path, tr.alice, &pcm, &frames, NULL), 0);
	ck_assert_uint_eq(frames, TOTAL);
	detect(pcm, frames, digits);
	ck_assert_str_eq(digits, "95");
	/* the same receiver finds the PIN in what crossed the leg */
	{
		int16_t *st = calloc(2 * TOTAL, sizeof(*st));
		int i;

		for (i = 0; i < TOTAL; i++)
			st[2 * i] = voice[i];
		detect(st, TOTAL, digits);
		ck_assert_str_eq(digits, "97364185");
		free(st);
	}
	/* no trace of the PIN's digits in the file's clear parts, the
	 * ledger or the log */
	b = tr_slurp(path, &len);
	ck_assert(!has_pin_text(b, len, "736418"));
	free(b);
	snprintf(ledger, sizeof(ledger), "%s/ledger/2026-12-01.log", tr.rec);
	b = tr_slurp(ledger, &len);
	ck_assert(!has_pin_text(b, len, "736418"));
	free(b);
	ck_assert_ptr_nonnull(
		strstr(logbuf, mode == CTI_REC_PAUSE ? "paused" : "masked"));
	ck_assert(!has_pin_text(logbuf, loglen, "736418"));
	free(pcm);
	free(voice);
	cti_ctx_free(ctx);
}

START_TEST(pin_paused)
{
	run(CTI_REC_PAUSE);
}
END_TEST

START_TEST(pin_masked)
{
	run(CTI_REC_MASK);
}
END_TEST

/* A pause declared a little late (the flow learns of the collect step
 * after its first digit began) still removes buffered audio. */
START_TEST(pause_reaches_back)
{
	const char *rc[] = { tr.alice_pub };
	cti_rec_t *r = tr_open(rc, 1, CTI_REC_SYNC_NONE);
	struct cti_rec_meta m = { .call_id = 6 };
	struct cti_rec_info info;
	cti_rec_call_t *c;
	uint8_t x[160];
	uint64_t pos;

	memset(x, 0x2a, sizeof(x));
	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0);
	for (pos = 0; pos < 40000; pos += 160) {
		struct cti_rec_frame f = { .pos = pos,
					   .n = 160,
					   .fmt = CTI_PCM_ALAW,
					   .role = CTI_REC_CALLER,
					   .dir = CTI_REC_FROM_PARTY,
					   .samples = x };

		ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
		if (pos == 20000) {
			/* chunk 0 is sealed, 1 and 2 are not */
			ck_assert_int_eq(
				cti_rec_call_pause(c, 7999, CTI_REC_PAUSE),
				CTI_ERANGE);
			ck_assert_int_eq(
				cti_rec_call_pause(c, 12000, CTI_REC_PAUSE), 0);
			ck_assert_int_eq(cti_rec_call_resume(c, 20160), 0);
		}
	}
	ck_assert_int_eq(cti_rec_call_stop(c, &info), 0);
	ck_assert_uint_eq(info.frames, 40000 - 8160);
	cti_rec_close(r);
}
END_TEST

TCase *rec_pin_tcase(void)
{
	TCase *tc = tcase_create("pin");

	tcase_add_checked_fixture(tc, tr_setup, tr_teardown);
	tcase_add_test(tc, pin_paused);
	tcase_add_test(tc, pin_masked);
	tcase_add_test(tc, pause_reaches_back);
	return tc;
}
