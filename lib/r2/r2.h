/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The openr2 binding (MFC/R2: ITU-T Q.421/Q.441 and national variants,
 * China No.1 by default): the only code that includes <openr2.h>. One
 * openr2 context per span; openr2 reads and writes each DAHDI CAS channel
 * and its ABCD bits itself (openr2 1.3.3 has no custom I/O), so this
 * module watches the channels' fds in the context's loop, runs openr2's
 * timers from a context timer, and turns openr2's callbacks into
 * cti__r2_ev for the call layer. A call is named by its channel: R2 has
 * one call per channel and no call reference.
 *
 * The pure parts (variants, cause and category mapping, the China ANI
 * shim) are in map.c and mfshim.c and are unit-tested without openr2
 * channels.
 */
#ifndef CTI_R2_R2_H
#define CTI_R2_R2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cti/ctx.h"

#define CTI__R2_MAX_CHAN   31
#define CTI__R2_DIGITS_MAX 32

/* Calling party category (Q.441 group II; openr2's set). */
enum cti__r2_category {
	CTI__R2_CAT_NATIONAL = 0,
	CTI__R2_CAT_NATIONAL_PRIORITY,
	CTI__R2_CAT_INTERNATIONAL,
	CTI__R2_CAT_INTERNATIONAL_PRIORITY,
	CTI__R2_CAT_COLLECT_CALL,
	CTI__R2_CAT_UNKNOWN,
	CTI__R2_CAT_TEST_EQUIPMENT,
	CTI__R2_CAT_COUNT
};

/* What the far end or openr2 said, in openr2's own terms; map.c maps
 * them to and from Q.850. */
enum cti__r2_disc {
	CTI__R2_DISC_BUSY = 0,
	CTI__R2_DISC_CONGESTION,
	CTI__R2_DISC_UNALLOCATED,
	CTI__R2_DISC_OUT_OF_ORDER,
	CTI__R2_DISC_UNSPECIFIED,
	CTI__R2_DISC_NO_ANSWER,
	CTI__R2_DISC_NORMAL,
	CTI__R2_DISC_COLLECT_REJECTED,
	CTI__R2_DISC_FORCED_RELEASE,
	CTI__R2_DISC_NUMBER_CHANGED,
	CTI__R2_DISC_COUNT
};

/* ---- map.c: variants, causes, categories (pure) ------------------------ */

/* The openr2 variant id of a name ("cn", "china", "itu", "mx", ...: case
 * does not matter), or -1. NULL or "" means China. */
int cti__r2_variant_parse(const char *name);
/* openr2's short code of a variant id ("CN"), "?" for an unknown id. */
const char *cti__r2_variant_name(int variant);
/* The accepted names, comma separated, for error messages. */
const char *cti__r2_variant_list(void);

/* Q.850 cause of a disconnect reason. */
int cti__r2_disc_to_q850(int disc);
/* The R2 backward signal that best tells the far end a Q.850 cause
 * (busy, congestion, unallocated, out of order, normal). */
int cti__r2_q850_to_disc(int cause);
/* Q.850 cause of an openr2 protocol error (openr2_protocol_error_t):
 * 102 for a timer expiry, 111 otherwise. */
int cti__r2_proto_error_to_q850(int error);

/* "national", "national-priority", "international",
 * "international-priority", "collect", "test", "unknown". */
const char *cti__r2_category_name(int cat);
/* The category of a name, or -1. */
int cti__r2_category_parse(const char *name);

/* ---- mfshim.c: China ANI on outgoing calls with openr2 1.3.3 ----------- */

/*
 * China No.1 asks for the next digit with A-1 whether it wants the
 * called number or the calling one; openr2 1.3.3's forward side always
 * takes A-1 for a DNIS request (docs/r2.md). The shim sits in openr2's
 * pluggable MF interface and hands openr2 a virtual tone (A-14, unused
 * in No.1) for an A-1 that asks for ANI: from the A-6 (send category and
 * ANI) until we send the end of ANI (I-15) or "ANI restricted" (I-12).
 * Our context's "request next ANI digit" is that virtual tone, so on the
 * backward side the shim turns it back into A-1 on the wire.
 */
#define CTI__R2_SHIM_VTONE 'E' /* the virtual "next ANI digit" */

struct cti__r2_shim {
	bool enabled;	/* China-like variant: A-1 is both requests */
	bool forward;	/* this call's direction: we are the caller */
	bool ani_phase; /* forward: A-1 now asks for ANI */
};

void cti__r2_shim_reset(struct cti__r2_shim *s, bool enabled, bool forward);
/* A backward tone the MF receiver detected (0: silence): the tone openr2
 * must see. Only a forward (calling) side changes anything. */
int cti__r2_shim_rx(struct cti__r2_shim *s, int tone);
/* A tone openr2 wants to send (0: stop): the tone to put on the line. */
int cti__r2_shim_tx(struct cti__r2_shim *s, int tone);

/* ---- r2.c: one openr2 context on one span's CAS channels ---------------- */

struct cti__r2;

enum cti__r2_ev_type {
	CTI__R2_EV_IDLE = 1,	/* far end idle: channel usable (unblocked) */
	CTI__R2_EV_BLOCKED,	/* far end blocked the channel */
	CTI__R2_EV_OFFERED,	/* incoming call: ani, dnis, category */
	CTI__R2_EV_ACCEPTED,	/* outgoing: far end accepted (B-1/B-6) */
	CTI__R2_EV_ANSWERED,	/* outgoing: the far end answered */
	CTI__R2_EV_DISCONNECT,	/* far end cleared or refused: cause */
	CTI__R2_EV_END,		/* the call is over, the channel idle */
	CTI__R2_EV_PROTO_ERROR, /* openr2 gave up on the call: cause */
	CTI__R2_EV_ALARM,	/* hardware alarm on/off: cause 1/0 */
	CTI__R2_EV_OS_ERROR,	/* the channel failed: cause = errno */
};

struct cti__r2_ev {
	int type;
	int chan;     /* DAHDI channel number */
	int cause;    /* Q.850, or as the type says */
	int category; /* enum cti__r2_category (OFFERED) */
	bool ani_restricted;
	char ani[CTI__R2_DIGITS_MAX], dnis[CTI__R2_DIGITS_MAX];
	char detail[64]; /* openr2's words for a disconnect / error */
};

typedef void (*cti__r2_ev_fn)(void *user, const struct cti__r2_ev *ev);
/* Audio of an answered call: `n` A-law octets read from the channel. */
typedef void (*cti__r2_audio_fn)(void *user, int chan, const uint8_t *rx,
				 size_t n);

struct cti__r2_cfg {
	const char *variant;	     /* NULL: China */
	int chans[CTI__R2_MAX_CHAN]; /* DAHDI channel numbers */
	int nchans;
	int max_ani;	    /* 0: 20; -1: ask for no ANI */
	int max_dnis;	    /* 0: 4 */
	bool ani_first;	    /* backward: ask for ANI after the first digit */
	bool charge;	    /* backward: accept with charge (B-1 in China) */
	bool double_answer; /* backward: openr2's double answer */
	bool immediate_accept;
	int log_level; /* CTI_LOG_* for openr2's messages; 0: warnings */
};

/* Open every channel through openr2 and watch it in `ctx`. Returns 0,
 * CTI_EINVAL (why says which field), CTI_ENOMEM, CTI_EIO (a channel
 * could not be opened: why names it). */
int cti__r2_new(cti_ctx_t *ctx, const struct cti__r2_cfg *cfg, cti__r2_ev_fn fn,
		void *user, struct cti__r2 **out, char *why, size_t why_len);
void cti__r2_free(struct cti__r2 *r);

void cti__r2_set_audio(struct cti__r2 *r, cti__r2_audio_fn fn, void *user);
/* Write A-law audio to an answered call's channel (never blocks).
 * Returns the octets written (0: the channel's buffers are full or a line
 * signal is waiting to be read), CTI_ENOENT, CTI_ESTATE or CTI_EIO. */
int cti__r2_write(struct cti__r2 *r, int chan, const uint8_t *buf, size_t n);

/* Seize `chan` (0: the first idle channel) and send dnis/ani. Returns the
 * channel, CTI_ENOCHAN, CTI_EBUSY (channel in use or blocked),
 * CTI_EFORMAT (digits), CTI_ENOENT (no such channel), CTI_EIO. */
int cti__r2_make_call(struct cti__r2 *r, int chan, const char *ani,
		      const char *dnis, int category);
/* Backward: accept an offered call (group B "free"); then answer. */
int cti__r2_accept(struct cti__r2 *r, int chan);
int cti__r2_answer(struct cti__r2 *r, int chan);
/* Clear (forward: clear forward; backward: clear back) or refuse an
 * offered call with the group B signal of `cause` (Q.850). */
int cti__r2_hangup(struct cti__r2 *r, int chan, int cause);
/* Block (true) or unblock our side of an idle channel. */
int cti__r2_block(struct cti__r2 *r, int chan, bool blocked);

struct cti__r2_chan_info {
	int chan;
	char line[16];	   /* idle, seized, answered, blocked, far-blocked */
	char r2_state[48]; /* openr2's words */
	char mf_state[48];
	char rx_cas[24], tx_cas[24];
	int rx_mf, tx_mf; /* last register signals, 0 none */
	bool in_call;
	bool forward;
};

/* Line state of a channel. Returns 0 or CTI_ENOENT. */
int cti__r2_chan_info(struct cti__r2 *r, int chan,
		      struct cti__r2_chan_info *info);
int cti__r2_variant(const struct cti__r2 *r);

#endif /* CTI_R2_R2_H */
