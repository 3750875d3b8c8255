/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Signal builders and a detector driver shared by the DTMF tests. */
#ifndef CTI_TEST_DTMF_UTIL_H
#define CTI_TEST_DTMF_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "cti/dsp.h"

/* Audio being built, as doubles so sums do not clip early. */
struct sig {
	double *x;
	size_t n, cap;
};

void sig_free(struct sig *s);
/* Append n samples of silence; returns the index of the first. */
size_t sig_silence(struct sig *s, size_t n);
/* Add a sine (peak from dBm0) at [at, at+n) with phase ph (radians). */
void sig_tone(struct sig *s, size_t at, size_t n, double hz, double dbm0,
	      double ph);
/* Append a DTMF digit: low/high levels in dBm0, relative freq offsets. */
size_t sig_digit(struct sig *s, char d, size_t n, double lo_dbm0,
		 double hi_dbm0, double lo_off, double hi_off);
/* Add white Gaussian noise at dbm0 over the whole signal. */
void sig_noise(struct sig *s, double dbm0, uint64_t seed);
/* Round and clip to 16-bit. */
int16_t *sig_pcm(const struct sig *s);

struct found {
	char digits[4096];
	uint64_t start[4096], end[4096];
	size_t n;
	unsigned starts; /* START events seen */
};

/* Run a fresh receiver (cfg may be NULL) over pcm in format fmt (pcm is
 * converted through G.711 first for A/mu-law), in blocks of `block`
 * samples (0: random sizes 1..400), and collect END events. */
void detect(const int16_t *pcm, size_t n, int fmt, size_t block,
	    const cti_dtmf_rx_config_t *cfg, struct found *f);

/* Deterministic PRNG (xorshift64*). */
uint64_t rnd_next(uint64_t *st);
double rnd_gauss(uint64_t *st);

#endif
