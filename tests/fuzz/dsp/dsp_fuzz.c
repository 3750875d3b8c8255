// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * DSP receivers on arbitrary streams and settings: the DTMF receiver
 * (Q.24), the call-progress tone detector of each plan and the silence
 * detector, fed the same audio in blocks of arbitrary sizes, in 16-bit
 * linear, A-law or mu-law. Settings are raw doubles from the input (NaN,
 * infinities, out of range): refused with CTI_EINVAL or used safely.
 * Checked: DTMF events alternate START/END for one digit at a time, with
 * start <= end <= samples fed; tone events name a tone of the plan;
 * silence is measured within the samples fed.
 */
#include <stdbool.h>

#include "cti/cti.h"
#include "fuzz.h"

static double fz_double(struct fz *f)
{
	uint64_t bits = fz_u32(f);
	double d;

	bits |= (uint64_t)fz_u32(f) << 32;
	/* small flag byte first: mostly sane values, sometimes raw bits */
	switch (fz_u8(f) & 3) {
	case 0:
		return 0; /* the default */
	case 1:
		return (double)(int8_t)(bits & 0xff);
	default:
		memcpy(&d, &bits, sizeof(d));
		return d;
	}
}

struct dtmf_check {
	bool held;
	char digit;
	uint64_t start;
};

static void drain_dtmf(cti_dtmf_rx_t *rx, struct dtmf_check *c)
{
	cti_dtmf_event_t ev;
	uint64_t fed = cti_dtmf_rx_samples(rx);

	while (cti_dtmf_rx_next_event(rx, &ev) > 0) {
		FZ_CHECK(strchr("0123456789*#ABCD", ev.digit) && ev.digit);
		FZ_CHECK(ev.start <= fed);
		if (ev.type == CTI_DTMF_START) {
			FZ_CHECK(!c->held || cti_dtmf_rx_dropped(rx));
			c->held = true;
			c->digit = ev.digit;
			c->start = ev.start;
		} else {
			FZ_CHECK(ev.type == CTI_DTMF_END);
			FZ_CHECK(ev.end >= ev.start && ev.end <= fed);
			if (!cti_dtmf_rx_dropped(rx))
				FZ_CHECK(c->held && c->digit == ev.digit &&
					 c->start == ev.start);
			c->held = false;
		}
	}
}

static void drain_tone(cti_tone_rx_t *rx)
{
	cti_tone_event_t ev;

	while (cti_tone_rx_next_event(rx, &ev) > 0)
		FZ_CHECK(ev.tone <= CTI_TONE_SIT);
	FZ_CHECK(cti_tone_rx_current(rx) >= CTI_TONE_NONE &&
		 cti_tone_rx_current(rx) <= CTI_TONE_SIT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	cti_dtmf_rx_config_t dc = { 0 };
	cti_dtmf_rx_storage_t dmem;
	cti_dtmf_rx_t *drx;
	cti_tone_rx_t *trx;
	cti_silence_t sd;
	struct dtmf_check chk = { 0 };
	int16_t lin[1024];
	int err = 0, fmt, plan, sil_ok;
	uint8_t mode = fz_u8(&f);
	double thr;
	uint32_t hang;
	uint64_t fed = 0;

	dc.min_level_dbm0 = fz_double(&f);
	dc.normal_twist_db = fz_double(&f);
	dc.reverse_twist_db = fz_double(&f);
	err = cti_dtmf_rx_init(&drx, mode & 1 ? &dmem : NULL, &dc);
	FZ_CHECK(!err == !!drx);
	if (!drx)
		FZ_CHECK(err == CTI_EINVAL || err == CTI_ENOMEM);
	plan = 1 + (mode >> 1) % 3;
	err = cti_tone_rx_init(&trx, NULL, plan);
	FZ_CHECK(trx || err == CTI_ENOMEM);
	thr = fz_double(&f);
	hang = fz_u32(&f) % 70000;
	sil_ok = cti_silence_init(&sd, thr ? thr : -45, hang) == 0;
	fmt = (mode >> 3) % 3; /* enum cti_pcm */

	while (f.n) {
		const uint8_t *chunk;
		size_t want = 1 + fz_u8(&f) * 4, k, n;

		k = fz_take(&f, fmt == CTI_PCM_S16 ? want * 2 : want, &chunk);
		if (fmt == CTI_PCM_S16) {
			n = k / 2;
			memcpy(lin, chunk, n * 2);
		} else {
			n = k;
			FZ_CHECK(cti_g711_decode(fmt, lin, chunk, n) == 0);
		}
		if (drx) {
			int rc = fmt == CTI_PCM_S16 ?
				cti_dtmf_rx_linear(drx, lin, n) :
				cti_dtmf_rx_feed(drx, fmt, chunk, n);

			FZ_CHECK(rc >= 0);
			drain_dtmf(drx, &chk);
		}
		if (trx) {
			FZ_CHECK(cti_tone_rx_linear(trx, lin, n) >= 0);
			drain_tone(trx);
		}
		if (sil_ok) {
			FZ_CHECK(cti_silence_feed(&sd, lin, n) >= 0);
			FZ_CHECK(sd.samples == fed + n);
			FZ_CHECK((uint64_t)cti_silence_ms(&sd) * 8 <= sd.samples);
		}
		fed += n;
	}
	if (drx) {
		FZ_CHECK(cti_dtmf_rx_samples(drx) == fed);
		FZ_CHECK(cti_dtmf_rx_flush(drx) >= 0);
		drain_dtmf(drx, &chk);
		FZ_CHECK(!chk.held || cti_dtmf_rx_dropped(drx));
		cti_dtmf_rx_free(drx);
	}
	cti_tone_rx_free(trx);
	return 0;
}
