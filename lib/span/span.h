/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Span backends behind one interface: a D channel carrying HDLC frames
 * (each with the 2 FCS placeholder bytes libpri writes and expects back),
 * and B channels exchanging 20 ms blocks of G.711 (160 octets) with the
 * layer above. Backends: loop (two in-process spans wired back to back)
 * and dahdi (the DAHDI kernel user API).
 */
#ifndef CTI_SPAN_SPAN_H
#define CTI_SPAN_SPAN_H

#include "core/ctx.h"

#define CTI__BLOCK     160 /* samples per audio block: 20 ms at 8 kHz */
#define CTI__MAX_CHAN  32  /* Q.931 channel numbers 1..31 */
#define CTI__MAX_FRAME 512

enum cti__span_kind { CTI__SPAN_E1 = 1, CTI__SPAN_T1 = 2 };
enum cti__law { CTI__LAW_ALAW = 1, CTI__LAW_ULAW = 2 };

struct cti__span;

/* What the layer above (pri/call) gets told. All optional. */
struct cti__span_up {
	/* a D-channel frame can be read */
	void (*d_ready)(void *up);
	/* rx[chan] holds a new block; fill tx[chan] with the next one */
	void (*audio)(void *up, int chan);
	/* alarm bits (enum cti_span_alarm) changed */
	void (*alarm)(void *up, uint32_t alarms);
};

struct cti__span_ops {
	/* Returns the frame length, CTI_EAGAIN if none, or another error. */
	int (*d_read)(struct cti__span *s, void *buf, int len);
	/* Returns len, or a negative code (the frame is lost). */
	int (*d_write)(struct cti__span *s, const void *buf, int len);
	/* The set of active channels changed (optional). */
	void (*active_changed)(struct cti__span *s);
	/* True if a frame can be read now; NULL if the backend cannot tell
	 * (then d_ready is signalled again while frames remain). */
	bool (*d_pending)(struct cti__span *s);
	/* The D channel's data link went up or down (optional): lets the
	 * backend publish it where diagnostics look (link_state.h). */
	void (*link_changed)(struct cti__span *s, bool up, bool net);
	void (*free)(struct cti__span *s);
	const char *name;
};

struct cti__span_stats {
	uint64_t d_tx_frames, d_tx_bytes, d_rx_frames, d_rx_bytes;
	uint64_t d_dropped, blocks;
};

struct cti__span {
	cti_ctx_t *ctx;
	const struct cti__span_ops *ops;
	int kind;		    /* enum cti__span_kind */
	int law;		    /* enum cti__law */
	int dchan;		    /* 16 (E1) or 24 (T1) */
	bool active[CTI__MAX_CHAN]; /* set by the layer above for calls */
	uint8_t rx[CTI__MAX_CHAN][CTI__BLOCK];
	uint8_t tx[CTI__MAX_CHAN][CTI__BLOCK];
	uint32_t alarms;
	const struct cti__span_up *up;
	void *up_data;
	struct cti__span_stats stats;
};

/* True if `chan` is a B-channel of a span of this kind (E1: 1-15 and
 * 17-31, T1: 1-23). */
bool cti__span_is_bchan(int kind, int chan);
int cti__span_nbchans(int kind);
/* The idle (silence) octet of a law: 0xD5 A-law, 0xFF mu-law. */
uint8_t cti__law_idle(int law);

void cti__span_init(struct cti__span *s, cti_ctx_t *ctx,
		    const struct cti__span_ops *ops, int kind, int law);
void cti__span_set_up(struct cti__span *s, const struct cti__span_up *up,
		      void *data);
void cti__span_free(struct cti__span *s);
/* Mark a B-channel as carrying a call (audio blocks reported) or not. */
void cti__span_set_active(struct cti__span *s, int chan, bool on);
/* Report new alarm bits upward if they changed. */
void cti__span_set_alarms(struct cti__span *s, uint32_t alarms);

struct cti__loop_opts {
	uint32_t d_bitrate; /* 0: frames arrive at once; else serialised */
	uint32_t seed;	    /* of the frame-drop generator */
};

/* Two spans of the same kind and law wired back to back. Returns 0,
 * CTI_EINVAL or CTI_ENOMEM. */
int cti__span_loop_pair(cti_ctx_t *ctx, int kind, int law,
			const struct cti__loop_opts *o, struct cti__span **a,
			struct cti__span **b);
/* Drop D-channel frames sent by either side with this probability, in
 * parts per million. Returns 0 or CTI_EINVAL (not a loop span, > 1e6). */
int cti__span_loop_set_drop(struct cti__span *s, uint32_t ppm);
/* Cable in (true) or out (false): out drops every frame and audio and
 * raises RED+LOS on both spans. Returns 0 or CTI_EINVAL. */
int cti__span_loop_set_link(struct cti__span *s, bool up);
bool cti__span_is_loop(const struct cti__span *s);
/* Lose the next `n` D-channel frames this loop span sends, beginning with
 * those still on the wire (a fault in one direction only: the first SABME
 * of one end, say). Returns 0 or CTI_EINVAL (not a loop span). */
int cti__span_loop_lose(struct cti__span *s, uint32_t n);
/* Take the oldest D-channel frame this loop span has on the wire (not yet
 * arrived) into buf: a tap for tests, which may alter it and send it on
 * with d_write. Returns its length, CTI_EAGAIN (none), CTI_ENOSPC (size
 * too small; the frame stays) or CTI_EINVAL (not a loop span). */
int cti__span_loop_take(struct cti__span *s, uint8_t *buf, int size);
/* A loop span with D-channel frames on their way to it (or arrived and
 * not yet read); false for other backends. */
bool cti__span_loop_in_flight(const struct cti__span *s);

/* A DAHDI span (already configured by dahdi_cfg with a D channel).
 * Returns 0, CTI_ENODEV (no such span), CTI_EINVAL (kind mismatch), or
 * the negated errno of open/ioctl. */
int cti__span_dahdi_open(cti_ctx_t *ctx, int spanno, int kind, int law,
			 struct cti__span **out);

/* ---- R2 spans (r2span.c, dahdi_probe.c) ------------------------------ */

/* What DAHDI says each channel of a span is configured for (from
 * DAHDI_GET_PARAMS sigtype), by position in the span. */
enum cti__chan_sig {
	CTI__CHAN_NONE = 0, /* not configured */
	CTI__CHAN_CLEAR,    /* clear channel (a PRI B-channel) */
	CTI__CHAN_HDLC,	    /* D channel (hardhdlc, dchan) */
	CTI__CHAN_CAS,	    /* cas: ABCD bits (R2, robbed bit) */
	CTI__CHAN_OTHER,    /* FXS/FXO/E&M or anything else */
};

struct cti__dahdi_layout {
	int spanno;
	int basechan; /* DAHDI channel number of position 1 */
	int total;    /* channels of the span: 31 (E1) or 24 (T1) */
	uint8_t sig[CTI__MAX_CHAN]; /* enum cti__chan_sig, by position */
};

/* Read a DAHDI span's layout. Returns 0, CTI_ENODEV (no such span) or
 * the negated errno of /dev/dahdi/ctl. */
int cti__span_dahdi_layout(int spanno, struct cti__dahdi_layout *out);
/* The signalling a layout is configured for (pure): CTI_SIGNALLING_PRI
 * (a D channel at 16 on E1 / 24 on T1 and no cas channel),
 * CTI_SIGNALLING_R2 (cas voice channels, no D channel), or CTI_EINVAL
 * with `why` naming the channel that does not fit. */
int cti__span_layout_signalling(const struct cti__dahdi_layout *l,
				char *why, size_t why_len);
/* The enum cti__chan_sig of a DAHDI sigtype. */
int cti__chan_sig_of(int sigtype);

/* An R2 span: no D channel, B-channel audio fed by lib/r2 (openr2 owns
 * the channels' fds). E1, A-law. Returns 0 or CTI_ENOMEM. */
int cti__span_r2_new(cti_ctx_t *ctx, struct cti__span **out);
/* Where an R2 span's blocks go out (lib/r2's write). */
typedef void (*cti__span_r2_tx_fn)(void *user, int chan, const uint8_t *tx,
				   size_t n);
void cti__span_r2_set_tx(struct cti__span *s, cti__span_r2_tx_fn fn,
			 void *user);
/* `n` octets the far end sent on `chan`: gathered into 20 ms blocks;
 * each complete block goes up (audio hook, if the channel is active) and
 * the block the layer above filled goes out. */
void cti__span_r2_rx(struct cti__span *s, int chan, const uint8_t *rx,
		     size_t n);
/* The channel's call ended or began: forget a partial block. */
void cti__span_r2_reset(struct cti__span *s, int chan);

#endif /* CTI_SPAN_SPAN_H */
