/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * Line codes of the wire: AMI, HDB3 (ITU-T G.703 annex A) and B8ZS
 * (ANSI T1.102). Bits become ternary symbols, held as two bit planes:
 * mark (a pulse is present) and pol (its polarity, 1 = positive). The
 * decoder counts bipolar violations that are not part of a valid zero
 * substitution (BPV) and excessive zeros (EXZ: 4 zeros for HDB3, 8 for
 * B8ZS, 16 for T1 AMI), so code violations CV = BPV + EXZ (ANSI T1.231).
 * Both directions delay the stream by 8 bit periods: room to substitute
 * zeros already seen.
 */
#ifndef CF_LINECODE_H
#define CF_LINECODE_H

#include "framer/cf_compat.h"

enum cf_code { CF_CODE_AMI, CF_CODE_HDB3, CF_CODE_B8ZS };

/* One tick's symbols on the wire, MSB first from mark[0]/pol[0]. */
#define CF_WIRE_MAXBITS (10 * 256 + 64)
struct cf_wire {
	unsigned int nbits;
	u8 mark[CF_WIRE_MAXBITS / 8 + 1];	/* + 1: unaligned reads */
	u8 pol[CF_WIRE_MAXBITS / 8 + 1];
};

struct cf_encoder {
	enum cf_code code;
	u32 wm, wp;		/* last symbols, newest in bit 0 */
	u8 last_pol;
	u8 odd;			/* HDB3: odd number of pulses since last V */
	u8 insert_bpv;		/* maintenance: next pulse violates */
	u16 zrun;
	u8 tmark[CF_WIRE_MAXBITS / 8 + 1];	/* unaligned appends */
	u8 tpol[CF_WIRE_MAXBITS / 8 + 1];
};

struct cf_decoder {
	enum cf_code code;
	u32 wm, wp, wd, wv;	/* marks, polarities, data, violations */
	u32 zrun, exz_at;	/* current zero run (saturates); EXZ limit */
	u8 last_pol, have_pol, seen;
	u8 last_v, have_v;	/* HDB3: polarity of the last violation */
	u8 settle;		/* octets after the first pulse not counted */
	bool los_seen;		/* a run of >= 192 zeros in this tick */
	u32 marks;		/* pulses seen in this tick */
	u32 bpv, exz;		/* running totals */
};

void cf_encoder_init(struct cf_encoder *e, enum cf_code code);
/* Encodes nbits of data (MSB first), appended to w at w->nbits (what
 * does not fit in CF_WIRE_MAXBITS is dropped). */
void cf_encode(struct cf_encoder *e, const u8 *data, unsigned int nbits,
	       struct cf_wire *w);

void cf_decoder_init(struct cf_decoder *d, enum cf_code code, bool t1);
/* Decodes w into w->nbits bits of data; updates counts and LOS hints. */
void cf_decode(struct cf_decoder *d, const struct cf_wire *w, u8 *data);

#endif
