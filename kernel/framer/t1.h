/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/* T1 framing constants shared by t1_tx.c and t1_rx.c. */
#ifndef CF_T1_H
#define CF_T1_H

#include "framer/cf_compat.h"

/* D4 F bits of frames 1..12: Ft 101010 interleaved with Fs 001110 */
static const u8 cf_d4_f[12] = { 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0 };
/* ESF FPS of frames 4, 8, ..., 24 */
static const u8 cf_esf_fps[6] = { 0, 0, 1, 0, 1, 1 };

/*
 * T1.403 9.4.2: bit-oriented codes 0xxxxxx0 11111111, rightmost bit
 * sent first; kept here as that 16-bit word, sent from bit 0 up.
 */
#define CF_BOC_WORD(code) ((u16)(((code) << 9) | 0xff))
#define CF_BOC_YELLOW 0x00	/* RAI: eight ones, eight zeros */
#define CF_BOC_LOOP_UP 0x07	/* line loopback activate 00001110 */
#define CF_BOC_LOOP_DOWN 0x1c	/* line loopback deactivate 00111000 */

extern const u8 cf_ib_up[5];
extern const u8 cf_ib_down[3];

#endif
