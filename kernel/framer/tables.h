/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * Per-octet lookup tables shared by the line coder, the framers and the
 * CRC-4/CRC-6 checkers, so the per-bit work is done once per octet.
 */
#ifndef CF_TABLES_H
#define CF_TABLES_H

#include "framer/cf_compat.h"

struct cf_tables {
	u8 pop[256];	/* number of ones */
	u8 lead0[256];	/* zeros before the first one (MSB first); 8 for 0 */
	u8 trail0[256];	/* zeros after the last one; 8 for 0 */
	u8 maxrun0[256];	/* longest run of zeros anywhere in the octet */
	u8 alt[256];	/* AMI polarity of each one, first one positive */
	u8 crc4[256];	/* CRC-4 (x^4+x+1) on a left-justified register */
	u8 crc6[256];	/* CRC-6 (x^6+x+1) on a left-justified register */
	/* T1 hunting: the last CF_D4_HIST F bits (CF_ESF_HIST FPS bits)
	 * when the newest is that of D4 frame j (ESF FPS j), newest in bit 0 */
	u32 d4_hist[12];
	u16 esf_hist[6];
	u8 d4_lo[32], esf_lo[32];	/* low octets of those: a bitmap */
};

#define CF_D4_HIST 24	/* two superframes */
#define CF_ESF_HIST 16	/* FPS bits of 64 frames */

extern struct cf_tables cf_tab;

/* Fills cf_tab; idempotent. Every cf_*_init() calls it. */
void cf_tables_init(void);

/* CRC of nbits (MSB first) of data, polynomial bits below x^n, n <= 8. */
u8 cf_crc_bits(const u8 *data, unsigned int nbits, u8 poly, unsigned int n);

#endif
