/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti spans: E1 (ITU-T G.704, 30 B + D on TS16) and T1 (ANSI T1.403,
 * 23 B + D) primary rate ISDN interfaces carrying ITU-T Q.921/Q.931
 * signalling (EuroISDN ETSI EN 300 102, NI-2, DMS-100, 5ESS, 4ESS, NI-1,
 * Q.SIG) through libpri, or E1 CAS spans carrying MFC/R2 (China No.1 by
 * default) through openr2 (docs/r2.md). Two backends, one API: `dahdi` (a span of a DAHDI
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

/* The span's signalling (docs/r2.md for R2). */
enum cti_signalling {
	CTI_SIGNALLING_PRI = 0, /* ISDN PRI: Q.921/Q.931 on the D channel */
	CTI_SIGNALLING_R2 = 1,	/* MFC/R2 on E1 CAS (ITU-T Q.421/Q.441 and
				   national variants, China No.1 default):
				   DAHDI spans only */
};

/* MFC/R2 variants (openr2's). */
enum cti_r2_variant {
	CTI_R2_CHINA = 0, /* China No.1 (GF 002-9002) */
	CTI_R2_ITU,	  /* ITU-T Q.421/Q.441 */
	CTI_R2_ARGENTINA,
	CTI_R2_BRAZIL,
	CTI_R2_COLOMBIA,
	CTI_R2_CZECH,
	CTI_R2_ECUADOR,
	CTI_R2_INDONESIA,
	CTI_R2_MEXICO,
	CTI_R2_PHILIPPINES,
	CTI_R2_VENEZUELA,
	CTI_R2_VARIANT_COUNT
};

/* Calling party category of an R2 call (Q.441 group II, No.1 KA). */
enum cti_r2_category {
	CTI_R2_CAT_DEFAULT = 0,	 /* the span's (r2_category), else national */
	CTI_R2_CAT_NATIONAL = 1, /* national subscriber */
	CTI_R2_CAT_NATIONAL_PRIORITY,
	CTI_R2_CAT_INTERNATIONAL,
	CTI_R2_CAT_INTERNATIONAL_PRIORITY,
	CTI_R2_CAT_COLLECT,
	CTI_R2_CAT_UNKNOWN,
	CTI_R2_CAT_TEST,
	CTI_R2_CAT_COUNT
};

/* Bits of cti_span_config.r2_flags. */
enum cti_r2_flag {
	CTI_R2_ANI_FIRST = 1u << 0,  /* called side: ask for category and
					ANI after the first DNIS digit */
	CTI_R2_NO_CHARGE = 1u << 1,  /* called side: accept without charge
					(China B-1 is "with charge") */
	CTI_R2_NO_ANI = 1u << 2,     /* called side: ask for no ANI */
	CTI_R2_DOUBLE_ANSWER = 1u << 3, /* openr2's double answer */
};

/*
 * A span's configuration. PRI options (side, switchtype, overlap,
 * restart_on_up, digit_timeout_ms) must be zero on an R2 span and the
 * r2_* fields zero on a PRI span; cti_span_config_check() says which
 * field is wrong.
 */
struct cti_span_config {
	uint32_t type;		   /* enum cti_span_type (required) */
	uint32_t side;		   /* enum cti_span_side (required on PRI) */
	uint32_t switchtype;	   /* enum cti_switch */
	uint32_t law;		   /* enum cti_law */
	bool overlap;		   /* overlap receiving: collect digits after an
				      incomplete SETUP (Q.931 clause 5.2.4) */
	bool restart_on_up;	   /* RESTART every B-channel at each SPAN_UP
				      (Q.931 clause 5.5; cti_span_restart) */
	uint16_t digit_timeout_ms; /* overlap inter-digit timeout (5000) */
	uint32_t signalling;	   /* enum cti_signalling (0: PRI) */
	uint32_t r2_variant;	   /* enum cti_r2_variant (0: China) */
	uint8_t r2_category;	   /* enum cti_r2_category: our calls' when
				      cti_call_params.category is 0 */
	uint8_t r2_max_dnis;	   /* called side: called-number digits to
				      collect (0: 4); China has no end of
				      number signal: set it exactly */
	uint8_t r2_max_ani;	   /* called side: longest calling number
				      (0: 20) */
	uint8_t r2_flags;	   /* enum cti_r2_flag bits */
	uint32_t reserved[5];	   /* zero */
};

/*
 * Check a span configuration without opening anything. Returns 0, or
 * CTI_EINVAL with `why` (if not NULL) holding "field: reason", e.g.
 * "switchtype: a PRI option, not valid on an R2 span".
 */
CTI_EXTERN int cti_span_config_check(const struct cti_span_config *cfg,
				     char *why, size_t why_len);

/* "cn", "itu", "ar", "br", "co", "cz", "ec", "id", "mx", "ph", "ve";
 * "?" for other values. Never NULL. */
CTI_EXTERN const char *cti_r2_variant_name(int variant);
/* The variant of a name above (or "china"; case does not matter), or
 * CTI_EINVAL. */
CTI_EXTERN int cti_r2_variant_parse(const char *name);
/* "national", "national-priority", "international",
 * "international-priority", "collect", "unknown", "test"; "default" for
 * 0, "?" for other values. Never NULL. */
CTI_EXTERN const char *cti_r2_category_name(int cat);
/* The category of a name above, or CTI_EINVAL. */
CTI_EXTERN int cti_r2_category_parse(const char *name);

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
 * Open DAHDI span `dahdi_spanno`, configured by dahdi_cfg: with its D
 * channel (ccs, dchan=) for PRI, every voice channel cas for R2. Returns 0
 * and its id in *id (0 on failure), CTI_EINVAL (bad config, the span's
 * size does not match cfg->type, or DAHDI's channel configuration does
 * not match cfg->signalling: logged at ERROR naming the field and the
 * channel), CTI_ENODEV (no such span), CTI_EIO (openr2 could not take a
 * channel), or the negated errno of opening /dev/dahdi (e.g. CTI_ENOENT
 * without DAHDI).
 */
CTI_EXTERN int cti_span_open_dahdi(cti_ctx_t *ctx, cti_span_id_t *id,
				   int32_t dahdi_spanno,
				   const struct cti_span_config *cfg);

/*
 * The signalling DAHDI span `dahdi_spanno` is configured for, read from
 * its channels (DAHDI_GET_PARAMS sigtype): CTI_SIGNALLING_PRI (a D
 * channel: hardhdlc/dchan), CTI_SIGNALLING_R2 (voice channels cas, no D
 * channel), or CTI_ENODEV (no such span), CTI_EINVAL (neither, or
 * mixed: `why` says which channel), the negated errno of /dev/dahdi.
 */
CTI_EXTERN int cti_span_dahdi_signalling(int32_t dahdi_spanno, char *why,
					 size_t why_len);

/*
 * R2 spans: block (true) or unblock (false) our side of an idle
 * channel: the far end sees it blocked and seizes it no more. Returns 0,
 * CTI_ENOENT (span), CTI_EINVAL (not a channel of the span), CTI_EBUSY
 * (a call on it), CTI_ENOTSUP (a PRI span), CTI_EIO.
 */
CTI_EXTERN int cti_span_set_blocked(cti_ctx_t *ctx, cti_span_id_t id,
				    int16_t bchan, bool blocked);

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
	uint32_t signalling; /* enum cti_signalling; on R2, d_up means a
				channel is usable (the far end idle) */
	uint32_t reserved[6];
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
 * turn.) Returns 0, CTI_ENOENT, CTI_ENETDOWN if the D channel is down,
 * or CTI_ENOTSUP on an R2 span. */
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
