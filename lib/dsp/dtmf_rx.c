// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * DTMF receiver, ITU-T Q.24 (operating limits in docs/dsp.md).
 *
 * Every 34 samples a 102-sample window is judged (dtmf_rx.h). A window
 * holds a digit when all of these hold:
 *  1. no sub-block is quiet (cheap gate: silence costs no DFT);
 *  2. the strongest row and column tones each stand 6 dB above the other
 *     tones of their group (relative peak);
 *  3. the frequency of both, measured from their phase advance since the
 *     previous window, lies within 3.5% + 2 Hz of nominal, and averaged
 *     over the windows that start a digit within 2.5% + 1 Hz (Q.24:
 *     operate within +-(1.5% + 2 Hz), never at +-3.5%); averaging cancels
 *     the beats that the other tone's leakage puts on each estimate;
 *  4. each tone, summed coherently at its measured frequency, is above the
 *     minimum level, and the twist is within limits;
 *  5. the two tones carry 80% of the window's energy (speech and music
 *     rarely do), after discounting dial tone (350/440 Hz) if present;
 *  6. when a digit is about to start: no harmonics on its tones, and
 *  7. nothing one tone spacing below the low tone or above the high one
 *     (adjacent harmonics of a high voice), see voice_like().
 * A digit starts after 5 consecutive windows agree (about 30 ms of tone:
 * 40 ms always passes, 20 ms never does) and ends after 8 windows without
 * it (a 10 ms break is bridged, a 40 ms pause is not).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/dtmf_rx.h"
#include "dsp/g711_inline.h"
#include "dsp/level.h"

_Static_assert(sizeof(struct cti_dtmf_rx) <= sizeof(cti_dtmf_rx_storage_t),
	       "CTI_DTMF_RX_STORAGE too small");

const double cti__dtmf_hz[8] = { 697, 770, 852, 941, 1209, 1336, 1477, 1633 };
static const char keypad[4][5] = { "123A", "456B", "789C", "*0#D" };

#define K_ON 5
#define K_OFF 8
#define REL_PEAK 4.0f  /* 6 dB */
#define MIN_RATIO 0.8f /* tone energy / window energy */
#define FREQ_TOL_REL 0.025
#define FREQ_TOL_HZ 1.0
/* where the tone's edges sit relative to the first and last valid
 * window (the first one also needs tone in the window before it) */
#define START_ADJ (-14)
#define END_ADJ 8

enum fail {
	OK,
	F_QUIET,
	F_PEAK,
	F_FREQ,
	F_LEVEL,
	F_TWIST,
	F_RATIO,
	F_HARMONIC,
};

int cti_dtmf_rx_init(cti_dtmf_rx_t **out, cti_dtmf_rx_storage_t *mem,
		     const cti_dtmf_rx_config_t *cfg)
{
	cti_dtmf_rx_config_t def = { 0 };
	struct cti_dtmf_rx *rx;
	double min_level, tw_n, tw_r;

	if (!out)
		return CTI_EINVAL;
	*out = NULL;
	if (!cfg)
		cfg = &def;
	/* NaN compares false with everything: test finiteness first */
	if (!isfinite(cfg->min_level_dbm0) || !isfinite(cfg->normal_twist_db) ||
	    !isfinite(cfg->reverse_twist_db))
		return CTI_EINVAL;
	min_level = cfg->min_level_dbm0 ? cfg->min_level_dbm0 : -36.0;
	tw_n = cfg->normal_twist_db ? cfg->normal_twist_db : 10.0;
	tw_r = cfg->reverse_twist_db ? cfg->reverse_twist_db : 6.0;
	if (min_level < -60 || min_level > 0 || tw_n < 0 || tw_n > 20 ||
	    tw_r < 0 || tw_r > 20)
		return CTI_EINVAL;
	rx = mem ? (struct cti_dtmf_rx *)mem : malloc(sizeof(*rx));
	if (!rx)
		return CTI_ENOMEM;
	memset(rx, 0, sizeof(*rx));
	rx->allocated = !mem;
	CTI_RING_INIT(&rx->events, rx->q, CTI_RING_DROP_OLDEST);
	for (int k = 0; k < 8; k++) {
		double w = 2 * M_PI * cti__dtmf_hz[k] / CTI_DSP_RATE;
		double tol = FREQ_TOL_REL * cti__dtmf_hz[k] + FREQ_TOL_HZ;
		double th = 2 * M_PI * tol * CTI__DTMF_SUB / CTI_DSP_RATE;

		/* conj(e^{jwH}): takes a sub-block's phase back to the
		 * window start */
		rx->rot_re[k] = (float)cos(w * CTI__DTMF_SUB);
		rx->rot_im[k] = (float)-sin(w * CTI__DTMF_SUB);
		rx->cos2_max[k] = (float)(cos(th) * cos(th));
		th = 2 * M_PI * (0.035 * cti__dtmf_hz[k] + 2) * CTI__DTMF_SUB /
		     CTI_DSP_RATE;
		rx->cos2_loose[k] = (float)(cos(th) * cos(th));
		rx->wq[k] = (float)cos(w * CTI__DTMF_SUB);
		rx->wq[k + 8] = (float)-sin(w * CTI__DTMF_SUB);
		rx->wq[k + 16] = (float)cos(2 * w * CTI__DTMF_SUB);
		rx->wq[k + 24] = (float)-sin(2 * w * CTI__DTMF_SUB);
	}
	rx->dial_cf[0] = (float)(2 * cos(2 * M_PI * 350 / CTI_DSP_RATE));
	rx->dial_cf[1] = (float)(2 * cos(2 * M_PI * 440 / CTI_DSP_RATE));
	for (int n = 0; n < CTI__DTMF_WIN; n++)
		rx->hann[n] = (float)(0.5 - 0.5 * cos(2 * M_PI * (n + 0.5) /
						     CTI__DTMF_WIN));
	/* 2 dB below the promised minimum absorbs measurement losses */
	rx->min_tone_ms = (float)cti__dbm0_to_ms(min_level - 2.0);
	/* a sub-block below two tones 6 dB under that cannot be DTMF */
	rx->quiet_energy = (float)(2 * CTI__DTMF_SUB *
				   cti__dbm0_to_ms(min_level - 8.0));
	rx->twist_normal = (float)pow(10, tw_n / 10);
	rx->twist_reverse = (float)pow(10, tw_r / 10);
	*out = rx;
	return 0;
}

void cti_dtmf_rx_free(cti_dtmf_rx_t *rx)
{
	if (rx && rx->allocated) {
		memset(rx, 0, sizeof(*rx));
		free(rx);
	}
}

static void push(struct cti_dtmf_rx *rx, uint32_t type, char d,
		 uint64_t start, uint64_t end)
{
	cti_dtmf_event_t *ev = cti_ring_push_drop(&rx->events);

	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->digit = d;
	ev->start = start;
	ev->end = end;
}

/* Coherent sum of the window's sub-blocks for tone k, each sub-block's
 * phase turned back by (rr, ri) per step. */
static void window_sum(const struct cti_dtmf_rx *rx, const unsigned *order,
		       int k, float rr, float ri, float *sre, float *sim)
{
	float re = 0, im = 0;

	for (int j = CTI__DTMF_NSUB - 1; j >= 0; j--) {
		const float *d = rx->dft[order[j]];
		float nre = re * rr - im * ri + d[k];
		float nim = re * ri + im * rr + d[k + 8];

		re = nre;
		im = nim;
	}
	*sre = re;
	*sim = im;
}

/* Phase advance of tone k since the previous window, less the nominal
 * one: P = X(t) conj(X(t-1)) e^{-jwH}. */
static void phase_step(const struct cti_dtmf_rx *rx, int k, const float *x,
		       const float *prev, float *pre, float *pim)
{
	float cr = x[0] * prev[0] + x[1] * prev[1];
	float ci = x[1] * prev[0] - x[0] * prev[1];

	*pre = cr * rx->rot_re[k] - ci * rx->rot_im[k];
	*pim = cr * rx->rot_im[k] + ci * rx->rot_re[k];
}

static bool phase_ok(float re, float im, float cos2)
{
	return re > 0 && re * re >= (re * re + im * im) * cos2;
}

/* Checks 3 and 4 for tone k: returns its mean square at its measured
 * frequency, or -1 if the frequency is out of tolerance. */
static float tone_power(struct cti_dtmf_rx *rx, const unsigned *order, int k,
			const float *x, const float *prev, float *p)
{
	float pre, pim, mag, ur, ui, sre, sim;

	phase_step(rx, k, x, prev, &pre, &pim);
	if (!phase_ok(pre, pim, rx->cos2_loose[k]))
		return -1;
	mag = sqrtf(pre * pre + pim * pim);
	ur = pre / mag;
	ui = pim / mag;
	p[0] = ur;
	p[1] = ui;
	/* step back by the measured rotation: conj(e^{jwH} u) */
	window_sum(rx, order, k, rx->rot_re[k] * ur + rx->rot_im[k] * ui,
		   rx->rot_im[k] * ur - rx->rot_re[k] * ui, &sre, &sim);
	return 2 * (sre * sre + sim * sim) /
	       ((float)CTI__DTMF_WIN * CTI__DTMF_WIN);
}

/* Mean square of dial tone over the window: 350 and 440 Hz bins, not
 * windowed so that the two (90 Hz apart) are not counted twice; 425 and
 * 450 Hz fall in the 440 Hz bin. */
static float dial_power(const struct cti_dtmf_rx *rx, const unsigned *order)
{
	float p[8], norm = CTI__DTMF_WIN;

	cti__dtmf_goertzel8(rx->raw[order[0]], rx->raw[order[1]],
			    rx->raw[order[2]], NULL, rx->dial_cf, p);
	return 2 * (p[0] + p[1]) / (norm * norm);
}

/* The measured frequency of tone k from its unit phase step u. */
static double measured_hz(int k, const float *u)
{
	return cti__dtmf_hz[k] + atan2(u[1], u[0]) * CTI_DSP_RATE /
					 (2 * M_PI * CTI__DTMF_SUB);
}

/*
 * Checks 6 and 7, once per digit as it is about to start (one vector of
 * Hann-windowed Goertzel filters):
 *  6. harmonics: the high tone's 2nd and 3rd, the low tone's 3rd and 4th
 *     (its 2nd, 1394-1882 Hz, is too close to the high group to measure
 *     in 102 samples) must stay 16 dB under their tone: voices and
 *     instruments have them, a DTMF generator does not;
 *  7. a high voice puts adjacent harmonics on a row and a column
 *     frequency (4 x 240 and 5 x 240 Hz look like '*'); its neighbouring
 *     harmonics then sit one spacing below the low tone and above the
 *     high one, where DTMF leaves nothing. 16 dB under the stronger tone:
 *     a clipped tone pair puts intermodulation there too, but lower.
 *     Below 600 Hz dial tone (350-450 Hz) would be inside the Hann main
 *     lobe, so that side is checked only above it.
 * Returns true if the window looks like a voice or an instrument.
 */
static bool voice_like(const struct cti_dtmf_rx *rx, const unsigned *order,
		       const struct cti__dtmf_window *w)
{
	int r = w->row, c = w->col + 4;
	double fr = measured_hz(r, w->row_p), fc = measured_hz(c, w->col_p);
	double d = fc - fr;
	double f[8] = { 2 * fc, 3 * fc, 3 * fr, 4 * fr, fr - d, fc + d,
			1000, 1000 };
	float cf[8], p[8], norm = 0.5f * CTI__DTMF_WIN;
	float ref[6] = { w->col_ms, w->col_ms, w->row_ms, w->row_ms, 0, 0 };
	float strong = w->row_ms > w->col_ms ? w->row_ms : w->col_ms;

	ref[4] = ref[5] = strong;
	for (int k = 0; k < 8; k++)
		cf[k] = (float)(2 * cos(2 * M_PI * f[k] / CTI_DSP_RATE));
	cti__dtmf_goertzel8(rx->raw[order[0]], rx->raw[order[1]],
			    rx->raw[order[2]], rx->hann, cf, p);
	for (int k = 0; k < 6; k++) {
		if (f[k] > 3800 || (k == 4 && f[k] < 600))
			continue;
		/* 2|X|^2 / (gain W)^2 is a tone's mean square */
		if (2 * p[k] / (norm * norm) > 0.025f * ref[k])
			return true;
	}
	return false;
}

static inline float max2(float a, float b)
{
	return a > b ? a : b; /* fmaxf() is a libm call without -ffast-math */
}

static inline float min2(float a, float b)
{
	return a < b ? a : b;
}

static int strongest(const float *e, int from, float *second)
{
	const float *v = e + from;
	float m01 = max2(v[0], v[1]), m23 = max2(v[2], v[3]);
	float best = max2(m01, m23);

	*second = max2(min2(m01, m23),
		       max2(min2(v[0], v[1]), min2(v[2], v[3])));
	return from + (v[1] == best ? 1 : v[2] == best ? 2 :
		       v[3] == best ? 3 : 0);
}

double cti__dtmf_hz_err(const struct cti__dtmf_window *w, bool col)
{
	const float *p = col ? w->col_p : w->row_p;

	return atan2(p[1], p[0]) * CTI_DSP_RATE / (2 * M_PI * CTI__DTMF_SUB);
}

/* Sub-block slots of the current window, oldest first. */
static void window_order(const struct cti_dtmf_rx *rx, unsigned *order)
{
	for (int j = 0; j < CTI__DTMF_NSUB; j++)
		order[j] = (rx->slot + 1 + j) % CTI__DTMF_NSUB;
}

static char judge(struct cti_dtmf_rx *rx)
{
	struct cti__dtmf_window *w = &rx->last;
	unsigned order[CTI__DTMF_NSUB];
	float sums[24], *e, x[8][2], pv[8][2], second_r, second_c, pr, pc;
	float total = 0;
	float tones;
	bool prev_ok = rx->prev_ok;
	int r, c;

	memset(w, 0, sizeof(*w));
	rx->prev_ok = false;
	window_order(rx, order);
	for (int j = 0; j < CTI__DTMF_NSUB; j++) {
		if (rx->quiet[order[j]]) {
			w->fail = F_QUIET;
			return 0;
		}
		total += rx->energy[order[j]];
	}
	cti__dtmf_window_sums(rx->dft[order[0]], rx->dft[order[1]],
			      rx->dft[order[2]], rx->wq, sums);
	e = sums + 16;
	for (int k = 0; k < 8; k++) {
		x[k][0] = sums[k];
		x[k][1] = sums[k + 8];
	}
	/* the next window measures its phase step against this one */
	memcpy(pv, rx->prev, sizeof(pv));
	memcpy(rx->prev, x, sizeof(x));
	rx->prev_ok = true;
	r = strongest(e, 0, &second_r);
	c = strongest(e, 4, &second_c);
	w->row = r;
	w->col = c - 4;
	if (e[r] < REL_PEAK * second_r || e[c] < REL_PEAK * second_c) {
		w->fail = F_PEAK;
		return 0;
	}
	/* cheap level gate at the nominal frequencies, 6 dB of margin for
	 * the loss of a tone off nominal */
	if (2 * min2(e[r], e[c]) <
	    0.25f * rx->min_tone_ms * CTI__DTMF_WIN * CTI__DTMF_WIN) {
		w->fail = F_LEVEL;
		return 0;
	}
	pr = prev_ok ? tone_power(rx, order, r, x[r], pv[r], w->row_p) : -1;
	pc = prev_ok ? tone_power(rx, order, c, x[c], pv[c], w->col_p) : -1;
	if (pr < 0 || pc < 0) {
		w->fail = F_FREQ;
		return 0;
	}
	w->row_ms = pr;
	w->col_ms = pc;
	if (pr < rx->min_tone_ms || pc < rx->min_tone_ms) {
		w->fail = F_LEVEL;
		return 0;
	}
	if (pr > pc * rx->twist_normal || pc > pr * rx->twist_reverse) {
		w->fail = F_TWIST;
		return 0;
	}
	/* mean squares against the window's mean square */
	tones = (pr + pc) * CTI__DTMF_WIN;
	w->ratio = tones / total;
	if (tones < MIN_RATIO * total) {
		float lo = rx->energy[order[0]], hi = lo;
		double rest;

		/* dial tone is steady (350+440 Hz beats, hence 6 dB): a
		 * window whose sub-blocks differ more is a tone's edge,
		 * not worth the dial tone sums */
		for (int j = 1; j < CTI__DTMF_NSUB; j++) {
			lo = min2(lo, rx->energy[order[j]]);
			hi = max2(hi, rx->energy[order[j]]);
		}
		if (hi > 4 * lo) {
			w->fail = F_RATIO;
			return 0;
		}
		rest = total - dial_power(rx, order) * CTI__DTMF_WIN;

		w->ratio = rest > 0 ? tones / rest : 0;
		if (rest <= 0 || tones < MIN_RATIO * rest) {
			w->fail = F_RATIO;
			return 0;
		}
	}
	w->digit = keypad[r][c - 4];
	return w->digit;
}

/* The candidate has lasted long enough, at a mean frequency close
 * enough to nominal. */
static bool starts(const struct cti_dtmf_rx *rx)
{
	unsigned order[CTI__DTMF_NSUB];

	if (rx->run < K_ON ||
	    !phase_ok(rx->cand_pr[0], rx->cand_pr[1],
		      rx->cos2_max[rx->last.row]) ||
	    !phase_ok(rx->cand_pc[0], rx->cand_pc[1],
		      rx->cos2_max[rx->last.col + 4]))
		return false;
	window_order(rx, order);
	return !voice_like(rx, order, &rx->last);
}

/* The duration state machine, one step per window. */
static void step(struct cti_dtmf_rx *rx, char d)
{
	uint64_t wend = rx->samples, wstart = wend - CTI__DTMF_WIN;

	if (d && d == rx->cand) {
		rx->run++;
	} else {
		rx->cand = d;
		rx->run = d ? 1 : 0;
		rx->cand_start = wstart + START_ADJ;
		memset(rx->cand_pr, 0, sizeof(rx->cand_pr));
		memset(rx->cand_pc, 0, sizeof(rx->cand_pc));
	}
	if (d) {
		rx->cand_pr[0] += rx->last.row_p[0];
		rx->cand_pr[1] += rx->last.row_p[1];
		rx->cand_pc[0] += rx->last.col_p[0];
		rx->cand_pc[1] += rx->last.col_p[1];
	}
	if (rx->cur && d == rx->cur) {
		rx->miss = 0;
		rx->last_end = wend - END_ADJ;
		return;
	}
	if (rx->cur) {
		/* another digit took over without a pause, or the digit
		 * has been absent long enough */
		if (++rx->miss < K_OFF && !starts(rx))
			return;
		push(rx, CTI_DTMF_END, rx->cur, rx->cur_start, rx->last_end);
		rx->cur = 0;
	}
	if (starts(rx)) {
		rx->cur = rx->cand;
		rx->cur_start = rx->cand_start;
		rx->last_end = wend - END_ADJ;
		rx->miss = 0;
		push(rx, CTI_DTMF_START, rx->cur, rx->cur_start, 0);
	}
}

static void sub_block_done(struct cti_dtmf_rx *rx)
{
	unsigned s = rx->slot;
	float energy = cti__dtmf_sub_energy(rx->raw[s]);

	rx->quiet[s] = energy < rx->quiet_energy;
	if (!rx->quiet[s])
		cti__dtmf_sub_dft(rx->raw[s], rx->dft[s]);
	else
		rx->prev_ok = false;
	rx->energy[s] = energy;
	if (rx->nsub < CTI__DTMF_NSUB)
		rx->nsub++;
	if (rx->nsub == CTI__DTMF_NSUB)
		step(rx, judge(rx));
	rx->slot = (s + 1) % CTI__DTMF_NSUB;
	rx->fill = 0;
}

int cti_dtmf_rx_feed(cti_dtmf_rx_t *rx, int fmt, const void *buf, size_t n)
{
	const int16_t *lin = buf;
	const uint8_t *g = buf;
	size_t i = 0;

	if (!rx || (n && !buf))
		return CTI_EINVAL;
	if (fmt != CTI_PCM_S16 && fmt != CTI_PCM_ALAW && fmt != CTI_PCM_ULAW)
		return CTI_EINVAL;
	while (i < n) {
		size_t take = CTI__DTMF_SUB - rx->fill;
		float *dst = rx->raw[rx->slot] + rx->fill;

		if (take > n - i)
			take = n - i;
		if (fmt == CTI_PCM_S16)
			cti__dtmf_s16_to_float(lin + i, dst, take);
		else if (fmt == CTI_PCM_ALAW)
			for (size_t k = 0; k < take; k++)
				dst[k] = (float)cti__alaw_to_lin(g[i + k]);
		else
			for (size_t k = 0; k < take; k++)
				dst[k] = (float)cti__ulaw_to_lin(g[i + k]);
		i += take;
		rx->fill += (unsigned)take;
		rx->samples += take;
		if (rx->fill == CTI__DTMF_SUB)
			sub_block_done(rx);
	}
	return (int)cti_ring_len(&rx->events);
}

int cti_dtmf_rx_linear(cti_dtmf_rx_t *rx, const int16_t *s, size_t n)
{
	return cti_dtmf_rx_feed(rx, CTI_PCM_S16, s, n);
}

int cti_dtmf_rx_next_event(cti_dtmf_rx_t *rx, cti_dtmf_event_t *ev)
{
	if (!rx || !ev)
		return CTI_EINVAL;
	return cti_ring_pop(&rx->events, ev);
}

int cti_dtmf_rx_flush(cti_dtmf_rx_t *rx)
{
	if (!rx)
		return CTI_EINVAL;
	if (rx->cur) {
		push(rx, CTI_DTMF_END, rx->cur, rx->cur_start, rx->samples);
		rx->cur = 0;
	}
	rx->cand = 0;
	rx->run = 0;
	return (int)cti_ring_len(&rx->events);
}

char cti_dtmf_rx_current(const cti_dtmf_rx_t *rx)
{
	return rx ? rx->cur : 0;
}

uint64_t cti_dtmf_rx_samples(const cti_dtmf_rx_t *rx)
{
	return rx ? rx->samples : 0;
}

uint32_t cti_dtmf_rx_dropped(const cti_dtmf_rx_t *rx)
{
	return rx ? rx->events.dropped : 0;
}
