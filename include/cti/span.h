/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti spans: E1 (ITU-T G.704, 30 B + D on TS16) and T1 (ANSI T1.403,
 * 23 B + D) primary rate ISDN interfaces carrying ITU-T Q.921/Q.931
 * signalling (EuroISDN ETSI EN 300 102, NI-2, DMS-100, 5ESS, 4ESS, NI-1,
 * Q.SIG) through libpri. Two backends, one API: `dahdi` (a span of a DAHDI
 * card, configured beforehand with dahdi_cfg) and `loop` (two virtual
 * spans wired back to back in-process, for tests and simulations).
 *
 * Spans are named by small integer ids (cti_span_id_t), unique in their
 * context; a stale or unknown id gets CTI_ENOENT, never a crash.
 */
#ifndef CTI_SPAN_H
#define CTI_SPAN_H

#include "cti/common.h"
#include "cti/ctx.h"
#include "cti/spandiag.h"

CTI_BEGIN_DECLS

typedef uint16_t cti_span_id_t;

enum cti_span_type {
	CTI_SPAN_E1 = 1,
	CTI_SPAN_T1 = 2,
};

/* Which side of the user-network interface we are (Q.931 clause 3). */
enum cti_span_side {
	CTI_SIDE_NET = 1, /* network: we choose the B-channels */
	CTI_SIDE_CPE = 2, /* user */
};

enum cti_switch {
	CTI_SWITCH_DEFAULT = 0,	 /* EuroISDN on E1, NI-2 on T1 */
	CTI_SWITCH_EUROISDN = 1, /* ETSI EN 300 102 (E1 or T1 variant) */
	CTI_SWITCH_NI2 = 2,	 /* Telcordia National ISDN-2 */
	CTI_SWITCH_DMS100 = 3,	 /* Nortel DMS-100 */
	CTI_SWITCH_LUCENT5E = 4, /* Lucent 5ESS */
	CTI_SWITCH_ATT4ESS = 5,	 /* AT&T 4ESS */
	CTI_SWITCH_NI1 = 6,	 /* National ISDN-1 */
	CTI_SWITCH_QSIG = 7,	 /* Q.SIG (ECMA-143), PBX to PBX */
};

enum cti_law {
	CTI_LAW_DEFAULT = 0, /* A-law on E1, mu-law on T1 */
	CTI_LAW_ALAW = 1,    /* ITU-T G.711 A-law */
	CTI_LAW_ULAW = 2,    /* ITU-T G.711 mu-law */
};

struct cti_span_config {
	uint32_t type;		   /* enum cti_span_type (required) */
	uint32_t side;		   /* enum cti_span_side (required) */
	uint32_t switchtype;	   /* enum cti_switch */
	uint32_t law;		   /* enum cti_law */
	bool overlap;		   /* overlap receiving: collect digits after an
				      incomplete SETUP (Q.931 clause 5.2.4) */
	bool restart_on_up;	   /* RESTART every B-channel at each SPAN_UP
				      (Q.931 clause 5.5; cti_span_restart) */
	uint16_t digit_timeout_ms; /* overlap inter-digit timeout (5000) */
	uint32_t reserved[8];	   /* zero */
};

struct cti_loop_config {
	uint32_t d_bitrate; /* D-channel bit rate to model (64000); 0 makes
			       frames cross at once */
	uint32_t seed;	    /* of the frame-drop generator; 0: fixed */
	uint32_t reserved[6];
};

/*
 * Open two loop spans wired back to back (same type and law, one the
 * network side and the other the user side). Returns 0 and their ids in
 * *id_a and *id_b, or CTI_EINVAL (NULL argument, bad or mismatched config,
 * both ends on the same side) or CTI_ENOMEM, with both ids set to 0.
 * `lc` may be NULL (frames cross at once).
 */
CTI_EXTERN int cti_span_open_loop(cti_ctx_t *ctx, cti_span_id_t *id_a,
				  cti_span_id_t *id_b,
				  const struct cti_span_config *a,
				  const struct cti_span_config *b,
				  const struct cti_loop_config *lc);

/*
 * Open DAHDI span `dahdi_spanno` (configured by dahdi_cfg with its D
 * channel). Returns 0 and its id in *id (0 on failure), CTI_EINVAL (bad config,
 * or the span's size does not match cfg->type), CTI_ENODEV (no such span), or
 * the negated errno of opening /dev/dahdi (e.g. CTI_ENOENT without DAHDI).
 */
CTI_EXTERN int cti_span_open_dahdi(cti_ctx_t *ctx, cti_span_id_t *id,
				   int32_t dahdi_spanno,
				   const struct cti_span_config *cfg);

/* Clear the span's calls (cause 41, CALL_CLEARED events) and close it.
 * Returns 0 or CTI_ENOENT. */
CTI_EXTERN int cti_span_close(cti_ctx_t *ctx, cti_span_id_t id);

struct cti_span_status {
	uint32_t type;	 /* enum cti_span_type */
	uint32_t side;	 /* enum cti_span_side */
	uint32_t alarms; /* enum cti_span_alarm bits */
	bool d_up;	 /* Q.921 multiple-frame established (SPAN_UP comes
			    once it has settled, docs/call.md) */
	uint16_t calls;	 /* calls on the span */
	uint16_t bchans; /* B-channels: 30 or 23 */
	uint64_t d_tx_bytes, d_rx_bytes, d_tx_frames, d_rx_frames;
	uint64_t d_dropped;  /* frames lost by a loop fault */
	uint32_t restarting; /* B-channels whose RESTART awaits its
				RESTART ACKNOWLEDGE (or its turn) */
	uint32_t reserved[7];
};

/* Fill *st. Returns 0, CTI_ENOENT (unknown span) or CTI_EINVAL. */
CTI_EXTERN int cti_span_get_status(cti_ctx_t *ctx, cti_span_id_t id,
				   struct cti_span_status *st);

/* RESTART every B-channel (Q.931 clause 5.5): our calls on the span end
 * at once (cause 41, CLEARED/FAILED), the far end clears its own. Sent one
 * RESTART per channel once the link has settled, at most 4 unanswered at
 * a time, each again after T316 (4 s) without RESTART ACKNOWLEDGE, up to
 * 5 times (docs/call.md); cti_span_status.restarting counts those still
 * due. (restart_on_up leaves alone a channel that carries a call by its
 * turn.) Returns 0, CTI_ENOENT, or CTI_ENETDOWN if the D channel is down. */
CTI_EXTERN int cti_span_restart(cti_ctx_t *ctx, cti_span_id_t id);

/* Loop spans: lose D-channel frames with this probability in parts per
 * million (both directions). Returns 0, CTI_ENOENT, or CTI_EINVAL (not a
 * loop span, ppm > 1000000). */
CTI_EXTERN int cti_span_loop_set_drop(cti_ctx_t *ctx, cti_span_id_t id,
				      uint32_t ppm);

/* Loop spans: plug (true) or unplug (false) the virtual cable: unplugged,
 * nothing crosses and both spans report RED+LOS. Returns 0, CTI_ENOENT or
 * CTI_EINVAL (not a loop span). */
CTI_EXTERN int cti_span_loop_set_link(cti_ctx_t *ctx, cti_span_id_t id,
				      bool up);

/*
 * D-channel capture for Wireshark: from now on every Q.921 frame the span
 * sends or receives (I, S and U frames, without the FCS) goes to a new
 * pcap file at `pcap_path`: classic libpcap format, link type
 * LINKTYPE_LINUX_LAPD (177), created 0600 whatever the umask (an existing
 * regular file is truncated). Timestamps: UTC wall clock on a real-clock
 * context; on a virtual clock the context's time since its creation, as
 * if it began on 1970-01-01. A capture started before the context runs
 * after cti_span_open_*() begins with the link's first SABME. Each frame
 * is written when it passes (a crash of the process loses none).
 * Called again with another path it switches files (the old one closed
 * complete, no frame lost or doubled); NULL stops. If a write fails later
 * (disk full) the capture stops with one CTI_LOG_ERROR line; calls go on.
 * Returns 0, CTI_ENOENT (no such span, or a directory of the path is
 * missing), CTI_EACCES (permission denied, read-only file system),
 * CTI_EINVAL (NULL ctx, empty path, a symbolic link or anything but a
 * regular file, a span without a D channel), CTI_EIO (the file's header
 * could not be written) or CTI_ENOMEM. On failure a capture already
 * running goes on into its file.
 */
CTI_EXTERN int cti_span_set_capture(cti_ctx_t *ctx, cti_span_id_t span,
				    const char *pcap_path);

CTI_END_DECLS

#endif /* CTI_SPAN_H */
