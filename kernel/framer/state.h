/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * Internal state of struct cf_port. Not API: fields change freely; the
 * DAHDI glue uses the functions of framer.h only.
 */
#ifndef CF_STATE_H
#define CF_STATE_H

#include "framer/cf_compat.h"
#include "framer/linecode.h"

#define CF_ES_FRAMES 12		/* receive elastic store, in frames */

struct cf_tx_state {
	struct cf_encoder enc;
	unsigned int fn;	/* frame in the multiframe, 0-based */
	u8 crc_reg;		/* CRC of the block being sent */
	u8 crc_send;		/* CRC word sent in this block */
	u8 crc_last;		/* CRC of the previous block */
	u8 ebit_pending;	/* received errored blocks to send as E = 0 */
	u8 defects;		/* pending cf_tx_insert(), bit per defect */
	bool rai;		/* send RAI (set by the receiver's tick) */
	u8 cas[CF_MAX_TS];	/* ABCD per channel */
	u32 clear_chans;	/* T1: bit n-1 set = channel n is clear, no
				 * robbed bits (PRI B and D channels) */
	u8 loopcode;		/* enum cf_loopcode */
	u8 ib_phase;		/* in-band loop code phase */
	u16 fdl_word;		/* ESF FDL: 16-bit pattern being sent */
	u8 fdl_bit;		/* next bit of fdl_word */
	u8 buf[9 * CF_MAX_TS + 8];	/* frame bits before line coding */
};

struct cf_rx_state {
	struct cf_decoder dec;
	u8 data[CF_WIRE_MAXBITS / 8 + 4];	/* decoded bits */
	bool aligned;
	/* hunting */
	u32 hunt_bits;		/* bits seen since the hunt began */
	u16 hpos;		/* stream bit index modulo the ring */
	u8 w8;			/* last 8 bits */
	u8 hist[64];		/* E1: last 512 bits */
	u8 fasflag[64];		/* E1: a FAS word ended at this bit */
	union {
		u32 d4[CF_T1_FRAME_BITS];	/* last F bits per offset */
		u16 esf[4 * CF_T1_FRAME_BITS];	/* last FPS bits */
	} cand;
	/* frame assembly */
	u8 fbuf[CF_MAX_TS + 2];
	unsigned int fpos;	/* bits in fbuf */
	unsigned int fn;	/* frame in the multiframe, 0-based */
	u32 frames;		/* frames since alignment */
	u8 badfas;		/* E1: consecutive bad FAS; T1: last 4 */
	/* E1 CRC-4 multiframe; T1 ESF CRC-6 */
	bool mfa;
	u8 mfas_sr;		/* Si bits of NFAS frames */
	s8 mf_phase;		/* first MFAS seen (frame mod 16), -1 none */
	u8 crc_reg, crc_last, cbits;
	bool crc_started;	/* crc_reg began at a block start */
	bool crc_valid;		/* crc_last covers a whole block */
	u16 blk, blk_err;	/* the 1000-block window of G.706 4.3.2 */
	/* E1 CAS multiframe */
	bool cmfa;
	u8 cas_fn, cas_bad, cas_prev_ts16;
	u8 cas[CF_MAX_TS], cas_new[CF_MAX_TS], cas_prev[CF_MAX_TS];
	/* RAI, FDL, loop codes */
	u8 rai_frames, rai_of;	/* RAI seen / looked at in this tick */
	u16 fdl_sr;
	u8 boc, boc_count, boc_gap;
	u8 ib_match, ib_code;	/* in-band loop code frames this tick */
	/* AIS (G.775): zeros per 2-frame block */
	u16 ais_bits, ais_zeros;
	u8 ais_low, ais_high;
	bool ais;
	/* per tick */
	bool got_symbols, los;
	bool lof;		/* frame alignment lost during the tick */
	/* elastic store */
	u8 es[CF_ES_FRAMES][CF_MAX_TS];
	u8 es_last[CF_MAX_TS];
	u8 es_rd, es_fill;
	bool es_primed;
};

/* One alarm integrated as in T1.231: set after on_ms, cleared after off_ms */
struct cf_integ {
	u32 on, off;		/* consecutive ticks with / without it */
	bool state;
};

struct cf_alarm_state {
	struct cf_integ red, blue, yellow;
	u32 alarms;		/* cf_alarms() */
	u16 sec_ticks;
	bool sec_err;
	u32 sec_sum;		/* counters sum at the last tick */
	u32 lc_ticks;
	u8 lc_seen, lc_now;	/* enum cf_loopcode */
};

struct cf_prbs_state {
	bool on;
	u16 tx, rx;		/* 15-bit shift registers */
	bool sync;
	u8 good;		/* consecutive good octets while hunting */
	u16 win, win_err;	/* loss of sync window */
	bool insert;
};

#endif
