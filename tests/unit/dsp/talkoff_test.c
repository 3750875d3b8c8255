// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Talk-off: false digits on speech and music (the Bellcore/Telcordia
 * GR-506 talk-off tapes are not free; this corpus is made here). Speech
 * is synthesised at test time by espeak-ng, Mandarin and English, several
 * voices, over ten minutes in all, at a telephone speech level; music is
 * synthesised notes and chords of the equal-tempered scale (many land
 * within 1.5% of a DTMF frequency) with harmonics, vibrato and envelopes.
 * The false-digit counts are printed and bounded.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmf_util.h"
#include "unit.h"

#ifndef TALKOFF_DIR
#define TALKOFF_DIR "tests/unit/dsp"
#endif

struct pcm {
	int16_t *s;
	size_t n, cap;
};

/* Append espeak-ng's rendering of a text file, resampled to 8 kHz by
 * sox; false if the tools are missing. */
static bool speak(struct pcm *p, const char *voice, int pitch, int speed,
		  const char *file)
{
	char cmd[512];
	FILE *f;
	size_t got;

	snprintf(cmd, sizeof(cmd),
		 "espeak-ng -v %s -p %d -s %d -f %s/%s --stdout 2>/dev/null | "
		 "sox -q -t wav - -t raw -r 8000 -e signed -b 16 -c 1 - "
		 "vol 0.5 2>/dev/null",
		 voice, pitch, speed, TALKOFF_DIR, file);
	f = popen(cmd, "r");
	if (!f)
		return false;
	for (;;) {
		if (p->cap - p->n < 8000) {
			p->cap = p->cap * 2 + 80000;
			p->s = realloc(p->s, p->cap * sizeof(*p->s));
			ck_assert_ptr_nonnull(p->s);
		}
		got = fread(p->s + p->n, sizeof(*p->s), p->cap - p->n, f);
		if (!got)
			break;
		p->n += got;
	}
	return pclose(f) == 0;
}

/* Scale to a mean active speech level of `dbm0`. */
static void set_level(struct pcm *p, double dbm0)
{
	double g = pow(10, (dbm0 - cti_power_dbm0(p->s, p->n)) / 20);

	for (size_t i = 0; i < p->n; i++) {
		double v = p->s[i] * g;

		p->s[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
	}
}

static size_t count_false(const struct pcm *p, int fmt, char *list,
			  size_t max)
{
	static struct found f;

	detect(p->s, p->n, fmt, 160, NULL, &f);
	snprintf(list, max, "%.*s", (int)f.n, f.digits);
	return f.n;
}

START_TEST(speech_talkoff)
{
	static const struct {
		const char *voice, *file;
		int pitch, speed;
	} v[] = {
		{ "en-us", "talkoff-en.txt", 50, 175 },
		{ "en-us+f3", "talkoff-en.txt", 70, 160 },
		{ "en-us+m3", "talkoff-en.txt", 35, 190 },
		{ "cmn", "talkoff-zh.txt", 50, 175 },
		{ "cmn+f2", "talkoff-zh.txt", 75, 160 },
	};
	struct pcm p = { 0 };
	char list[256];
	size_t hits[3];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ck_assert_msg(speak(&p, v[i].voice, v[i].pitch, v[i].speed,
				    v[i].file),
			      "espeak-ng/sox failed for %s", v[i].voice);
	ck_assert_uint_ge(p.n, 600 * 8000); /* at least ten minutes */
	set_level(&p, -15);
	for (int f = 0; f < 3; f++) {
		static const int fmts[3] = { CTI_PCM_S16, CTI_PCM_ALAW,
					     CTI_PCM_ULAW };

		hits[f] = count_false(&p, fmts[f], list, sizeof(list));
		printf("dtmf talk-off: %zu false digits in %.1f min of speech (%s) %s\n",
		       hits[f], p.n / 8000.0 / 60,
		       f == 0 ? "linear" : f == 1 ? "A-law" : "mu-law", list);
		fflush(stdout);
		ck_assert_uint_le(hits[f], 1);
	}
	free(p.s);
}
END_TEST

/* Notes of the equal-tempered scale (A4 = 440 Hz), MIDI 45..96. */
static double note_hz(int midi)
{
	return 440.0 * pow(2, (midi - 69) / 12.0);
}

START_TEST(music_talkoff)
{
	struct pcm p = { 0 };
	struct sig s = { 0 };
	uint64_t st = 2024;
	char list[256];
	size_t hits;

	/* 5 minutes of two- and three-note phrases */
	while (s.n < 300 * 8000) {
		size_t len = 400 + rnd_next(&st) % 4400, at = sig_silence(&s, len);
		int voices = 1 + (int)(rnd_next(&st) % 3);
		double level = -10 - (double)(rnd_next(&st) % 15);

		for (int v = 0; v < voices; v++) {
			double f0 = note_hz(45 + (int)(rnd_next(&st) % 52));
			double tilt = 0.7 + (rnd_next(&st) % 240) / 100.0;
			double vib = (rnd_next(&st) % 2) ? 0.004 : 0;
			double att = 80 + (double)(rnd_next(&st) % 400);

			for (int h = 1; h <= 8 && f0 * h < 3800; h++) {
				double a = cti_dbm0_to_peak(level) /
					   pow(h, tilt);
				double ph = (rnd_next(&st) % 628) / 100.0;

				for (size_t i = 0; i < len; i++) {
					double env = fmin(1, i / att) *
						     exp(-(double)i / (len * 0.8));
					double fi = f0 * h *
						    (1 + vib * sin(2 * M_PI * 5.5 * i / 8000));

					s.x[at + i] += a * env * sin(ph);
					ph += 2 * M_PI * fi / 8000;
				}
			}
		}
	}
	p.s = sig_pcm(&s);
	p.n = s.n;
	hits = count_false(&p, CTI_PCM_S16, list, sizeof(list));
	printf("dtmf talk-off: %zu false digits in %.1f min of music-like signals %s\n",
	       hits, p.n / 8000.0 / 60, list);
	fflush(stdout);
	ck_assert_uint_le(hits, 2);
	free(p.s);
	sig_free(&s);
}
END_TEST

TCase *dsp_talkoff_tcase(void);
TCase *dsp_talkoff_tcase(void)
{
	TCase *tc = tcase_create("talkoff");

	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, speech_talkoff);
	tcase_add_test(tc, music_talkoff);
	return tc;
}
