/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * cticard framer: one E1 (ITU-T G.704/G.706, CRC-4 multiframe, TS16 CAS)
 * or T1 (ANSI T1.403: D4 superframe or ESF with CRC-6 and FDL, robbed-bit
 * signalling) port, transmit and receive, with the alarm integration of
 * G.775 / T1.231 and the performance counters of DAHDI's dahdi_count.
 *
 * Pure C: no kernel headers, no floating point, no allocation. Every
 * function works on the caller's struct cf_port and is not reentrant for
 * one port (the caller serialises, e.g. one hrtimer per card).
 *
 * Timing model: every 1 ms the caller transmits 7, 8 or 9 frames per port
 * (cf_tx_frames), passes the symbols over a struct cf_line, feeds them to
 * the far port (cf_rx_symbols) and then reads 8 frames (cf_rx_tick).
 */
#ifndef CF_FRAMER_H
#define CF_FRAMER_H

#include "framer/cf_compat.h"
#include "framer/linecode.h"

enum cf_mode { CF_E1, CF_T1 };

struct cf_config {
	enum cf_mode mode;
	enum cf_code code;	/* E1: CF_CODE_HDB3 or AMI; T1: B8ZS or AMI */
	bool crc4;		/* E1: CRC-4 multiframe on */
	bool esf;		/* T1: ESF (else D4 superframe) */
	bool cas;		/* E1: TS16 CAS multiframe; T1: robbed bits */
};

#define CF_MAX_TS 32
#define CF_TICK_FRAMES 8	/* frames per 1 ms tick (DAHDI_CHUNKSIZE) */
#define CF_E1_FRAME_BITS 256
#define CF_T1_FRAME_BITS 193
#define CF_T1_CHANS 24
#define CF_E1_CHANS 31

enum cf_defect {
	CF_DEFECT_FAS,		/* one errored FAS word (E1) / Ft or FPS bit */
	CF_DEFECT_MFA,		/* one errored MFAS bit (CRC-4 MF / D4 Fs) */
	CF_DEFECT_CRC,		/* one errored CRC-4 / CRC-6 word */
	CF_DEFECT_CAS,		/* one errored CAS MFAS (E1) / robbed bit */
	CF_DEFECT_BPV,		/* one bipolar violation */
	CF_DEFECT_PRBS,		/* one bit error in the PRBS payload */
};

enum cf_loopcode { CF_LOOPCODE_NONE, CF_LOOPCODE_UP, CF_LOOPCODE_DOWN };

/* Alarm bits, same values as DAHDI_ALARM_* (dahdi/user.h) */
#define CF_ALARM_RECOVER (1u << 0)
#define CF_ALARM_YELLOW (1u << 2)
#define CF_ALARM_RED (1u << 3)
#define CF_ALARM_BLUE (1u << 4)
#define CF_ALARM_LOS (1u << 8)
#define CF_ALARM_LFA (1u << 9)
#define CF_ALARM_LMFA (1u << 10)

/* Same fields and meaning as DAHDI's struct dahdi_count (see framer.md) */
struct cf_counters {
	u32 fe;		/* framing errors: E1 errored FAS words, T1 Ft/Fs/FPS
			 * bits (same as fas: dahdi_maint prints fe) */
	u32 cv;		/* code violations: BPV + excessive zeros (T1.231) */
	u32 bpv;	/* bipolar violations */
	u32 crc4;	/* errored CRC-4 (E1) or CRC-6 (ESF) blocks */
	u32 ebit;	/* E bits = 0 received: far-end block errors */
	u32 fas;	/* errored FAS words (E1), framing bit errors (T1) */
	u32 be;		/* PRBS bit errors while the monitor is in sync */
	u32 prbs;	/* PRBS pattern detected: 15 (2^15-1) in sync, else 0 */
	u32 errsec;	/* seconds with any error or defect */
	u32 timingslips;	/* controlled slips of the receive store */
};

/* The state behind struct cf_port (not API: use the functions below) */
#include "framer/state.h"

struct cf_port {
	struct cf_config cfg;
	struct cf_tx_state tx;
	struct cf_rx_state rx;
	struct cf_alarm_state al;
	struct cf_prbs_state prbs;
	struct cf_counters cnt;
};

/* All state and counters reset; c is copied. */
void cf_port_init(struct cf_port *p, const struct cf_config *c);
/* Change mode/options: counters kept, the receiver rehunts. */
void cf_port_config(struct cf_port *p, const struct cf_config *c);

/*
 * Transmit nframes (7, 8 or 9) frames of payload: E1 uses [1..31] (TS0 and,
 * with cas, TS16 are made here); T1 uses [0..23] as channels 1..24. The
 * line-coded symbols are appended to w (w->nbits grows; the caller resets
 * it). RAI is sent automatically while the receiver has LOS/LOF or RED.
 */
void cf_tx_frames(struct cf_port *p, const u8 (*frames)[CF_MAX_TS],
		  unsigned int nframes, struct cf_wire *w);
/* Signalling bits (ABCD in bits 3..0) to send for a channel: E1 chan is
 * the timeslot (1..15, 17..31), T1 1..24 (D4 sends A and B only). */
void cf_tx_set_cas(struct cf_port *p, unsigned int chan, u8 abcd);
/* T1 with robbed-bit signalling: a clear channel (ISDN B or D channel,
 * data) keeps all 8 bits of its octets; others carry robbed bits. */
void cf_tx_set_clear(struct cf_port *p, unsigned int chan, bool clear);
/* One defect in the next frames (DAHDI_MAINT_*_DEFECT). */
void cf_tx_insert(struct cf_port *p, enum cf_defect d);
/* T1: in-band (D4) or FDL bit-oriented (ESF) loop code, until NONE. */
void cf_tx_loopcode(struct cf_port *p, enum cf_loopcode c);
/* PRBS 2^15-1 (O.151) generator on every tx payload timeslot and monitor
 * on the rx payload. Turning it on clears be. */
void cf_prbs(struct cf_port *p, bool on);

/* Receive symbols, any count per call; alignment is hunted in them. */
void cf_rx_symbols(struct cf_port *p, const struct cf_wire *w);
/*
 * Once per 1 ms, after cf_rx_symbols: copies 8 frames (same layout as
 * cf_tx_frames) out of the receive elastic store, with controlled slips,
 * and runs the alarm timers and errored-second accounting. Frames read
 * while out of frame are all ones.
 */
void cf_rx_tick(struct cf_port *p, u8 (*frames)[CF_MAX_TS]);
/* Last received ABCD of a channel (numbered as in cf_tx_set_cas). */
u8 cf_rx_cas(const struct cf_port *p, unsigned int chan);
/* T1 loop code being received, once present for >= 5 s; NONE when it
 * stops (the caller acts on the change: a loopback set by UP stays until
 * DOWN) and while this port sends a loop code itself. */
enum cf_loopcode cf_rx_loopcode(const struct cf_port *p);
/* True while the receiver is in frame alignment. */
bool cf_rx_in_frame(const struct cf_port *p);

/* CF_ALARM_* bits: RED/YELLOW/BLUE/RECOVER integrated; LOS/LFA/LMFA the
 * defects present, given with RED only (as DAHDI's drivers do). */
u32 cf_alarms(const struct cf_port *p);
void cf_counters_get(const struct cf_port *p, struct cf_counters *c);
void cf_counters_reset(struct cf_port *p);

/* Bits in one frame of the port's mode (256 or 193). */
unsigned int cf_frame_bits(const struct cf_port *p);

#endif
