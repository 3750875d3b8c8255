// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * DTMF receiver benchmark: libcti's cti_dtmf_rx against spandsp's dtmf_rx
 * (0.0.6, default parameters), on the same audio in the same run.
 *
 *  1. Cost: CPU time per channel-second of 8 kHz audio, as real-time
 *     channels per core, with 256 receivers fed 20 ms blocks in turn (a
 *     span's worth of channels, so caches see a realistic load), on three
 *     kinds of audio: continuous speech with digits, digits in continuous
 *     noise (no silence for a gate to skip), and digits with pauses.
 *  2. Conformance: the unit suite's Q.24 sweep run through both, as a
 *     table: frequency limits, twist, weakest level, shortest tone, 1000
 *     digits at 15 dB SNR, dial tone underneath, talk-off on espeak-ng
 *     speech (Mandarin and English) and synthetic music.
 *
 * Run from the top of the tree (make bench B=dtmf): the speech texts are
 * read from tests/unit/dsp/.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <spandsp.h>

#include "cti/dsp.h"

/* ---- the two receivers behind one interface ---------------------------- */

struct det {
	const char *name;
	void *(*make)(void);
	void (*feed)(void *, const int16_t *, int);
	size_t (*get)(void *, char *, size_t);
	void (*destroy)(void *);
};

static void *cti_make(void)
{
	cti_dtmf_rx_t *rx;

	return cti_dtmf_rx_init(&rx, NULL, NULL) ? NULL : rx;
}

static void cti_feed(void *p, const int16_t *s, int n)
{
	cti_dtmf_rx_linear(p, s, (size_t)n);
}

static size_t cti_get(void *p, char *out, size_t max)
{
	cti_dtmf_event_t ev;
	size_t n = 0;

	while (cti_dtmf_rx_next_event(p, &ev) > 0)
		if (ev.type == CTI_DTMF_START && n < max)
			out[n++] = ev.digit;
	return n;
}

static void cti_destroy(void *p)
{
	cti_dtmf_rx_free(p);
}

static void *sp_make(void)
{
	return dtmf_rx_init(NULL, NULL, NULL);
}

static void sp_feed(void *p, const int16_t *s, int n)
{
	dtmf_rx(p, s, n);
}

static size_t sp_get(void *p, char *out, size_t max)
{
	return dtmf_rx_get(p, out, (int)max);
}

static void sp_destroy(void *p)
{
	dtmf_rx_free(p);
}

static const struct det dets[2] = {
	{ "libcti", cti_make, cti_feed, cti_get, cti_destroy },
	{ "spandsp", sp_make, sp_feed, sp_get, sp_destroy },
};

/* ---- signals ------------------------------------------------------------ */

struct buf {
	double *x;
	size_t n, cap;
};

static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double gauss(void)
{
	double u1 = ((double)(rnd() >> 11) + 1) / 9007199254740993.0;
	double u2 = (double)(rnd() >> 11) / 9007199254740992.0;

	return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

static size_t grow(struct buf *b, size_t n)
{
	size_t at = b->n;

	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		b->x = realloc(b->x, b->cap * sizeof(*b->x));
		if (!b->x)
			abort();
	}
	memset(b->x + at, 0, n * sizeof(*b->x));
	b->n += n;
	return at;
}

static void add_tone(struct buf *b, size_t at, size_t n, double hz, double dbm0)
{
	double a = cti_dbm0_to_peak(dbm0), ph = (rnd() % 628) / 100.0;

	for (size_t i = 0; i < n && at + i < b->n; i++)
		b->x[at + i] += a * sin(2 * M_PI * hz * (double)i / 8000 + ph);
}

static size_t add_digit(struct buf *b, char d, size_t n, double lo_db,
		    double hi_db, double lo_off, double hi_off)
{
	double lo, hi;
	size_t at = grow(b, n);

	cti_dtmf_freqs(d, &lo, &hi);
	add_tone(b, at, n, lo * (1 + lo_off), lo_db);
	add_tone(b, at, n, hi * (1 + hi_off), hi_db);
	return at;
}

static void add_noise(struct buf *b, double dbm0)
{
	double rms = cti_dbm0_to_peak(dbm0) / sqrt(2);

	for (size_t i = 0; i < b->n; i++)
		b->x[i] += rms * gauss();
}

static int16_t *pcm(const struct buf *b)
{
	int16_t *p = malloc((b->n + 1) * sizeof(*p));

	if (!p)
		abort();
	for (size_t i = 0; i < b->n; i++) {
		double v = round(b->x[i]);

		p[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
	}
	return p;
}

/* Digits found in a whole signal by a fresh receiver, 160-sample blocks. */
static size_t run(const struct det *d, const int16_t *s, size_t n, char *out,
		  size_t max)
{
	void *st = d->make();
	size_t got = 0;

	for (size_t i = 0; i < n; i += 160) {
		int k = (int)(n - i < 160 ? n - i : 160);

		d->feed(st, s + i, k);
		got += d->get(st, out + got, max - got);
	}
	/* a tail of silence lets both finish a digit in progress */
	{
		static const int16_t zero[800];

		d->feed(st, zero, 800);
		got += d->get(st, out + got, max - got);
	}
	d->destroy(st);
	out[got < max ? got : max - 1] = 0;
	return got;
}

static bool one(const struct det *d, char dg, size_t ms, double lo_db,
		double hi_db, double lo_off, double hi_off)
{
	struct buf b = { 0 };
	char out[16];
	int16_t *p;
	size_t n;

	grow(&b, 800 + rnd() % 80);
	add_digit(&b, dg, ms * 8, lo_db, hi_db, lo_off, hi_off);
	grow(&b, 800);
	p = pcm(&b);
	n = run(d, p, b.n, out, sizeof(out));
	free(p);
	free(b.x);
	return n == 1 && out[0] == dg;
}

/* ---- speech ------------------------------------------------------------- */

static int16_t *speech(size_t *n)
{
	static const char *cmds[] = {
		"-v en-us -p 50 -s 175 -f tests/unit/dsp/talkoff-en.txt",
		"-v en-us+f3 -p 70 -s 160 -f tests/unit/dsp/talkoff-en.txt",
		"-v en-us+m3 -p 35 -s 190 -f tests/unit/dsp/talkoff-en.txt",
		"-v cmn -p 50 -s 175 -f tests/unit/dsp/talkoff-zh.txt",
		"-v cmn+f2 -p 75 -s 160 -f tests/unit/dsp/talkoff-zh.txt",
	};
	int16_t *s = NULL;
	size_t cap = 0;
	double g;

	*n = 0;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char cmd[512];
		FILE *f;
		size_t got;

		snprintf(cmd, sizeof(cmd),
			 "espeak-ng %s --stdout 2>/dev/null | sox -q -t wav - "
			 "-t raw -r 8000 -e signed -b 16 -c 1 - vol 0.5 "
			 "2>/dev/null",
			 cmds[i]);
		f = popen(cmd, "r");
		if (!f)
			break;
		do {
			if (cap - *n < 8000) {
				cap = cap * 2 + 80000;
				s = realloc(s, cap * sizeof(*s));
				if (!s)
					abort();
			}
			got = fread(s + *n, sizeof(*s), cap - *n, f);
			*n += got;
		} while (got);
		pclose(f);
	}
	if (!*n)
		return s;
	g = pow(10, (-15 - cti_power_dbm0(s, *n)) / 20);
	for (size_t i = 0; i < *n; i++)
		s[i] = (int16_t)fmax(-32768, fmin(32767, s[i] * g));
	return s;
}

static int16_t *music(size_t *n)
{
	struct buf b = { 0 };
	int16_t *p;

	while (b.n < 300 * 8000) {
		size_t len = 400 + rnd() % 4400, at = grow(&b, len);
		int voices = 1 + (int)(rnd() % 3);
		double level = -10 - (double)(rnd() % 15);

		for (int v = 0; v < voices; v++) {
			double f0 = 440 * pow(2, ((45 + (int)(rnd() % 52)) - 69) /
							 12.0);
			double tilt = 0.7 + (rnd() % 240) / 100.0;
			double vib = (rnd() % 2) ? 0.004 : 0;
			double att = 80 + (double)(rnd() % 400);

			for (int h = 1; h <= 8 && f0 * h < 3800; h++) {
				double a = cti_dbm0_to_peak(level) / pow(h, tilt);
				double ph = (rnd() % 628) / 100.0;

				for (size_t i = 0; i < len; i++) {
					double env = fmin(1, i / att) *
						     exp(-(double)i / (len * 0.8));

					b.x[at + i] += a * env * sin(ph);
					ph += 2 * M_PI * f0 * h *
					      (1 + vib * sin(2 * M_PI * 5.5 * i / 8000)) /
					      8000;
				}
			}
		}
	}
	p = pcm(&b);
	*n = b.n;
	free(b.x);
	return p;
}

/* ---- cost ----------------------------------------------------------------- */

static double cpu_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

#define CHANNELS 256

/* Channel-seconds processed per CPU second. */
static double channels_per_core(const struct det *d, const int16_t *s,
				size_t n)
{
	static void *st[CHANNELS];
	char sink[64];
	double t0, t, audio = 0;

	for (int c = 0; c < CHANNELS; c++)
		st[c] = d->make();
	t0 = cpu_s();
	do {
		/* channel c starts at its own offset, like real calls */
		for (size_t i = 0; i + 160 <= n; i += 160)
			for (int c = 0; c < CHANNELS; c++) {
				size_t at = (i + (size_t)c * 1600) % (n - 160);

				d->feed(st[c], s + at, 160);
				d->get(st[c], sink, sizeof(sink));
			}
		audio += (double)(n / 160 * 160) * CHANNELS / 8000;
		t = cpu_s() - t0;
	} while (t < 1.5);
	for (int c = 0; c < CHANNELS; c++)
		d->destroy(st[c]);
	return audio / t;
}

/* ---- main ------------------------------------------------------------------ */

static const char keys[] = "123A456B789C*0#D";
static const double freqs[8] = { 697, 770, 852, 941, 1209, 1336, 1477, 1633 };

static void row(const char *what, const char *a, const char *b)
{
	printf("  %-44s %-16s %-16s\n", what, a, b);
}

int main(void)
{
	char ra[64], rb[64], what[64];
	char *r[2] = { ra, rb };
	size_t sn = 0, mn = 0;
	int16_t *sp = speech(&sn), *mu = music(&mn);
	struct buf mix = { 0 }, cont = { 0 }, dial = { 0 };
	int16_t *pmix, *pcont, *pdial;
	double cpc[3][2];

	/* audio for the cost figures, 60 s each */
	while (mix.n < 60 * 8000) {
		size_t at = grow(&mix, 8000);

		for (size_t i = 0; i < 8000 && sp && sn; i++)
			mix.x[at + i] = sp[(at + i) % sn];
		add_digit(&mix, keys[rnd() % 16], 480, -10, -8, 0, 0);
	}
	while (cont.n < 60 * 8000) {
		add_digit(&cont, keys[rnd() % 16], 400, -10, -8, 0, 0);
		grow(&cont, 400);
	}
	add_noise(&cont, -30);
	while (dial.n < 60 * 8000) {
		add_digit(&dial, keys[rnd() % 16], 400, -10, -8, 0, 0);
		grow(&dial, 1200);
	}
	pmix = pcm(&mix);
	pcont = pcm(&cont);
	pdial = pcm(&dial);

	printf("DTMF receiver cost, %d channels fed 20 ms blocks in turn\n",
	       CHANNELS);
	printf("  %-44s %-16s %-16s %s\n", "audio", "libcti ch/core",
	       "spandsp ch/core", "ratio");
	for (int k = 0; k < 3; k++) {
		static const char *names[3] = {
			"speech with digits (continuous)",
			"digits in -30 dBm0 noise (no silence)",
			"digits and silent pauses",
		};
		const int16_t *a = k == 0 ? pmix : k == 1 ? pcont : pdial;
		size_t an = k == 0 ? mix.n : k == 1 ? cont.n : dial.n;

		for (int d = 0; d < 2; d++)
			cpc[k][d] = channels_per_core(&dets[d], a, an);
		printf("  %-44s %-16.0f %-16.0f %.2fx\n", names[k], cpc[k][0],
		       cpc[k][1], cpc[k][0] / cpc[k][1]);
	}

	printf("\nDTMF conformance (ITU-T Q.24; same signals through both)\n");
	row("test", "libcti", "spandsp");
	for (int k = 0; k < 8; k++) {
		char dg = k < 4 ? "147*"[k] : "123A"[k - 4];

		for (int d = 0; d < 2; d++) {
			double lim[2] = { 0, 0 };

			for (int side = 0; side < 2; side++)
				for (int t = 0; t <= 80; t++) {
					double off = (side ? 1 : -1) * t / 1000.0;

					if (!one(&dets[d], dg, 50, -10, -8,
						 k < 4 ? off : 0,
						 k < 4 ? 0 : off)) {
						lim[side] = off - (side ? 0.001 : -0.001);
						break;
					}
				}
			snprintf(r[d], 64, "%+.1f%% %+.1f%%", lim[0] * 100,
				 lim[1] * 100);
		}
		snprintf(what, sizeof(what),
			 "operates %4.0f Hz (need +-%.2f%%, not 3.5%%)",
			 freqs[k], (0.015 + 2 / freqs[k]) * 100);
		row(what, ra, rb);
	}
	for (int d = 0; d < 2; d++) {
		double tn = -1, tr = -1;

		for (double t = 0; t <= 16 && (tn < 0 || tr < 0); t += 0.5) {
			bool okn = true, okr = true;

			for (const char *k = keys; *k; k += 5) {
				okn = okn && one(&dets[d], *k, 50, -8, -8 - t, 0, 0);
				okr = okr && one(&dets[d], *k, 50, -8 - t, -8, 0, 0);
			}
			if (!okn && tn < 0)
				tn = t - 0.5;
			if (!okr && tr < 0)
				tr = t - 0.5;
		}
		snprintf(r[d], 64, "%.1f / %.1f dB", tn, tr);
		if (d)
			row("twist accepted normal/reverse (need 8/4)", ra, rb);
	}
	{
		double lv[2] = { 0, 0 };
		int ms[2] = { 0, 0 }, rej[2] = { 0, 0 };

		for (int d = 0; d < 2; d++) {
			for (double l = -20; l >= -50; l -= 1) {
				bool ok = true;

				for (const char *k = keys; *k; k++)
					ok = ok && one(&dets[d], *k, 50, l, l, 0, 0);
				if (!ok)
					break;
				lv[d] = l;
			}
			for (ms[d] = 10; ms[d] <= 60; ms[d]++) {
				bool ok = true;

				for (const char *k = keys; *k; k++)
					ok = ok && one(&dets[d], *k, (size_t)ms[d],
						       -10, -8, 0, 0);
				if (ok)
					break;
			}
			for (const char *k = keys; *k; k++)
				for (int rep = 0; rep < 4; rep++)
					rej[d] += one(&dets[d], *k, 19, -4, -2, 0, 0);
		}
		snprintf(ra, 64, "%.0f dBm0", lv[0]);
		snprintf(rb, 64, "%.0f dBm0", lv[1]);
		row("weakest level, every digit (need -36..0: 35 dB)", ra, rb);
		snprintf(ra, 64, "%d ms", ms[0]);
		snprintf(rb, 64, "%d ms", ms[1]);
		row("shortest tone, every digit (need <= 40)", ra, rb);
		snprintf(ra, 64, "%d of 64", rej[0]);
		snprintf(rb, 64, "%d of 64", rej[1]);
		row("19 ms tones accepted (need 0)", ra, rb);
	}
	{
		struct buf b = { 0 };
		static char sent[1001], got[2][2048];
		size_t n[2];
		int16_t *p;

		grow(&b, 400);
		for (int i = 0; i < 1000; i++) {
			sent[i] = keys[rnd() % 16];
			add_digit(&b, sent[i], 400, -10, -8, 0, 0);
			grow(&b, 400);
		}
		add_noise(&b, 10 * log10(pow(10, -1.0) + pow(10, -0.8)) - 15);
		p = pcm(&b);
		for (int d = 0; d < 2; d++) {
			size_t ok = 0;

			n[d] = run(&dets[d], p, b.n, got[d], sizeof(got[d]));
			for (size_t i = 0; i < 1000 && i < n[d]; i++)
				ok += got[d][i] == sent[i];
			snprintf(r[d], 64, "%zu/1000, %zu found", ok, n[d]);
		}
		row("1000 digits at 15 dB SNR (in order)", ra, rb);
		free(p);
		free(b.x);
	}
	{
		for (int dt = 0; dt < 2; dt++) {
			struct buf b = { 0 };
			char got[64];
			int16_t *p;

			grow(&b, 800);
			for (const char *k = keys; *k; k++) {
				add_digit(&b, *k, 400, -10, -8, 0, 0);
				grow(&b, 400);
			}
			grow(&b, 8000);
			if (dt == 0) {
				add_tone(&b, 0, b.n, 350, -13);
				add_tone(&b, 0, b.n, 440, -13);
			} else {
				add_tone(&b, 0, b.n, 450, -10);
			}
			p = pcm(&b);
			for (int d = 0; d < 2; d++) {
				run(&dets[d], p, b.n, got, sizeof(got));
				snprintf(r[d], 64, "%s", strcmp(got, keys) ? "FAIL" : "16/16");
			}
			row(dt ? "digits over 450 Hz dial tone at -10 dBm0"
			       : "digits over 350+440 Hz dial tone at -13 dBm0",
			    ra, rb);
			free(p);
			free(b.x);
		}
	}
	if (sn) {
		static char got[4096];

		for (int d = 0; d < 2; d++)
			snprintf(r[d], 64, "%zu",
				 run(&dets[d], sp, sn, got, sizeof(got)));
		snprintf(what, sizeof(what), "talk-off: %.1f min espeak-ng en+zh",
			 sn / 8000.0 / 60);
		row(what, ra, rb);
	} else {
		row("talk-off: speech", "skipped", "(no espeak-ng)");
	}
	{
		static char got[4096];

		for (int d = 0; d < 2; d++)
			snprintf(r[d], 64, "%zu",
				 run(&dets[d], mu, mn, got, sizeof(got)));
		snprintf(what, sizeof(what), "talk-off: %.1f min synthetic music",
			 mn / 8000.0 / 60);
		row(what, ra, rb);
	}
	printf("\nlibcti/spandsp channels per core: %.2fx (speech), %.2fx (noise), %.2fx (pauses)\n",
	       cpc[0][0] / cpc[0][1], cpc[1][0] / cpc[1][1],
	       cpc[2][0] / cpc[2][1]);
	free(sp);
	free(mu);
	free(pmix);
	free(pcont);
	free(pdial);
	free(mix.x);
	free(cont.x);
	free(dial.x);
	return 0;
}
