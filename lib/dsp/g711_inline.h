/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * G.711 inlined into the audio hot paths: every call's every sample goes
 * through it twice. Table lookups (filled once from g711.c's segment
 * arithmetic when the library loads): a code's value is one of 256, and a
 * sample's code depends only on its 13 (A-law) or 14 (mu-law) top bits,
 * which is 8 KiB and 16 KiB, well within a first-level cache.
 */
#ifndef CTI_DSP_G711_INLINE_H
#define CTI_DSP_G711_INLINE_H

#include <stdint.h>

extern int16_t cti__alaw_dec_tab[256], cti__ulaw_dec_tab[256];
extern uint8_t cti__alaw_enc_tab[8192], cti__ulaw_enc_tab[16384];

static inline int cti__alaw_to_lin(uint8_t a)
{
	return cti__alaw_dec_tab[a];
}

static inline int cti__ulaw_to_lin(uint8_t u)
{
	return cti__ulaw_dec_tab[u];
}

/* A-law's magnitude is the 16-bit one >> 3 (one's complement below zero):
 * for s < 0, ~s >> 3 == ~(s >> 3), so s >> 3 alone decides the code. The
 * same holds for mu-law with >> 2. (>> of a negative int is arithmetic
 * on every compiler libcti builds with.) */
static inline uint8_t cti__lin_to_alaw(int16_t s)
{
	return cti__alaw_enc_tab[(s >> 3) + 4096];
}

static inline uint8_t cti__lin_to_ulaw(int16_t s)
{
	return cti__ulaw_enc_tab[(s >> 2) + 8192];
}

#endif
