// SPDX-License-Identifier: LGPL-2.1-or-later
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtmf_util.h"

static void grow(struct sig *s, size_t need)
{
	if (need <= s->cap)
		return;
	s->cap = need * 2 + 8000;
	s->x = realloc(s->x, s->cap * sizeof(*s->x));
	ck_assert_ptr_nonnull(s->x);
}

void sig_free(struct sig *s)
{
	free(s->x);
	memset(s, 0, sizeof(*s));
}

size_t sig_silence(struct sig *s, size_t n)
{
	size_t at = s->n;

	grow(s, s->n + n);
	memset(s->x + s->n, 0, n * sizeof(*s->x));
	s->n += n;
	return at;
}

void sig_tone(struct sig *s, size_t at, size_t n, double hz, double dbm0,
	      double ph)
{
	double a = cti_dbm0_to_peak(dbm0), w = 2 * M_PI * hz / 8000;

	grow(s, at + n);
	if (at + n > s->n) {
		memset(s->x + s->n, 0, (at + n - s->n) * sizeof(*s->x));
		s->n = at + n;
	}
	for (size_t i = 0; i < n; i++)
		s->x[at + i] += a * sin(w * (double)i + ph);
}

size_t sig_digit(struct sig *s, char d, size_t n, double lo_dbm0,
		 double hi_dbm0, double lo_off, double hi_off)
{
	double lo, hi;
	size_t at = sig_silence(s, n);

	ck_assert_int_eq(cti_dtmf_freqs(d, &lo, &hi), 0);
	sig_tone(s, at, n, lo * (1 + lo_off), lo_dbm0, 0.3);
	sig_tone(s, at, n, hi * (1 + hi_off), hi_dbm0, 1.1);
	return at;
}

uint64_t rnd_next(uint64_t *st)
{
	uint64_t x = *st ? *st : 0x9E3779B97F4A7C15ull;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*st = x;
	return x * 0x2545F4914F6CDD1Dull;
}

double rnd_gauss(uint64_t *st)
{
	double u1 = ((double)(rnd_next(st) >> 11) + 1) / 9007199254740993.0;
	double u2 = (double)(rnd_next(st) >> 11) / 9007199254740992.0;

	return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

void sig_noise(struct sig *s, double dbm0, uint64_t seed)
{
	double rms = cti_dbm0_to_peak(dbm0) / sqrt(2);

	for (size_t i = 0; i < s->n; i++)
		s->x[i] += rms * rnd_gauss(&seed);
}

int16_t *sig_pcm(const struct sig *s)
{
	int16_t *p = malloc((s->n + 1) * sizeof(*p));

	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < s->n; i++) {
		double v = round(s->x[i]);

		p[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
	}
	return p;
}

void detect(const int16_t *pcm, size_t n, int fmt, size_t block,
	    const cti_dtmf_rx_config_t *cfg, struct found *f)
{
	cti_dtmf_rx_storage_t mem;
	cti_dtmf_rx_t *rx;
	cti_dtmf_event_t ev;
	uint8_t *g = NULL;
	uint64_t st = 12345;
	size_t i = 0, width = fmt == CTI_PCM_S16 ? 2 : 1;
	const unsigned char *buf = (const unsigned char *)pcm;
	memset(f, 0, sizeof(*f));
	ck_assert_int_eq(cti_dtmf_rx_init(&rx, &mem, cfg), 0);
	ck_assert_ptr_nonnull(rx);
	if (fmt != CTI_PCM_S16) {
		g = malloc(n + 1);
		ck_assert_ptr_nonnull(g);
		ck_assert_int_eq(cti_g711_encode(fmt, g, pcm, n), 0);
		buf = g;
	}
	while (i < n) {
		size_t take = block ? block : 1 + rnd_next(&st) % 400;

		if (take > n - i)
			take = n - i;
		ck_assert_int_ge(cti_dtmf_rx_feed(rx, fmt, buf + i * width,
						  take),
				 0);
		i += take;
		while (cti_dtmf_rx_next_event(rx, &ev) > 0) {
			if (ev.type == CTI_DTMF_START) {
				f->starts++;
				continue;
			}
			ck_assert_uint_lt(f->n, sizeof(f->digits) - 1);
			f->start[f->n] = ev.start;
			f->end[f->n] = ev.end;
			f->digits[f->n++] = ev.digit;
		}
	}
	cti_dtmf_rx_flush(rx);
	while (cti_dtmf_rx_next_event(rx, &ev) > 0) {
		if (ev.type == CTI_DTMF_START) {
			f->starts++;
			continue;
		}
		ck_assert_uint_lt(f->n, sizeof(f->digits) - 1);
		f->start[f->n] = ev.start;
		f->end[f->n] = ev.end;
		f->digits[f->n++] = ev.digit;
	}
	ck_assert_uint_eq(cti_dtmf_rx_dropped(rx), 0);
	cti_dtmf_rx_free(rx);
	free(g);
}
