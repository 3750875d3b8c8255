/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by the rec suite: a scratch directory with keys, a fixed clock,
 * and recordings of known audio. */
#ifndef CTI_TESTS_REC_HELPERS_H
#define CTI_TESTS_REC_HELPERS_H

#include <stdint.h>

#include "cti/dsp.h"
#include "cti/rec.h"
#include "unit.h"

/* 2026-12-01T09:00:00Z */
#define TR_T0 1796115600000LL

struct tr_env {
	char dir[256];	/* the scratch directory */
	char rec[300];	/* DIR/rec: the recorder's directory */
	char sign[300]; /* DIR/sign.key */
	char sign_pub[300];
	char alice[300]; /* DIR/alice.key: a recipient */
	char alice_pub[300];
	char bob[300]; /* DIR/bob.key: a second recipient */
	char bob_pub[300];
	char eve[300]; /* DIR/eve.key: nobody's recipient */
	int64_t now;   /* the recorder's clock */
};

extern struct tr_env tr;

void tr_setup(void);
void tr_teardown(void);
int64_t tr_clock(void *user);

/* Open a recorder on tr.rec for the given recipients' public keys. */
cti_rec_t *tr_open(const char *const *recipients, unsigned n, uint32_t sync);

/* A known signal: a sine (freq Hz, amplitude) at sample index i. */
int16_t tr_tone(double freq, double amp, uint64_t i);

/* Record `secs` seconds: caller's voice a 697 Hz tone on the left, what
 * the caller heard a 1209 Hz tone on the right, in 20 ms A-law frames.
 * Returns the recording's relative path ("DAY/ID.ctr") in rel. */
void tr_record(cti_rec_t *r, double secs, char *rel, size_t cap);

/* Decrypt a recording with one key into a malloc'd interleaved buffer
 * (silence in gaps); *frames gets its length. Returns cti_rec_read(). */
int tr_decode(const char *path, const char *key, int16_t **pcm,
	      uint64_t *frames, uint32_t *channels);

/* Verify the recorder directory; counts of each problem kind in
 * kinds[24], the texts in log. Returns cti_rec_verify(). */
int tr_verify(const char *key, int kinds[24], char *log, size_t cap);

/* Read/write a whole file. */
uint8_t *tr_slurp(const char *path, size_t *len);
void tr_spit(const char *path, const uint8_t *p, size_t len);

#endif
