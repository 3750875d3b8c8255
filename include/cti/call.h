/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti call control, modelled on the CSTA core services (ECMA-269
 * clause 17-18: Make Call, Answer Call, Clear Connection, Hold Call,
 * Retrieve Call, Consultation Call, Transfer Call, Conference Call,
 * Deflect Call, Generate Digits) over ISDN PRI (ITU-T Q.931) or MFC/R2
 * (ITU-T Q.421/Q.441, China No.1: docs/r2.md). Q.850 causes
 * report why a call ended. Events are in cti/event.h.
 *
 * Calls are named by ids (cti_call_id_t) that are never reused within a
 * context: an id of a call that has gone gets CTI_ENOENT, never a crash.
 */
#ifndef CTI_CALL_H
#define CTI_CALL_H

#include "cti/common.h"
#include "cti/ctx.h"
#include "cti/event.h"
#include "cti/span.h"

CTI_BEGIN_DECLS

typedef uint32_t cti_call_id_t;

/* Q.850 causes libcti itself uses (ITU-T Q.850 Table 1). */
enum cti_cause {
	CTI_CAUSE_UNALLOCATED = 1,
	CTI_CAUSE_NORMAL_CLEARING = 16,
	CTI_CAUSE_USER_BUSY = 17,
	CTI_CAUSE_NO_ANSWER = 19,
	CTI_CAUSE_CALL_REJECTED = 21,
	CTI_CAUSE_INVALID_NUMBER = 28,
	CTI_CAUSE_NORMAL_UNSPECIFIED = 31,
	CTI_CAUSE_NO_CIRCUIT = 34,
	CTI_CAUSE_NETWORK_OUT_OF_ORDER = 38,
	CTI_CAUSE_TEMPORARY_FAILURE = 41,
	CTI_CAUSE_CHANNEL_UNAVAILABLE = 44,
	CTI_CAUSE_RECOVERY_ON_TIMER = 102,
};

/* The Q.850 text of a cause ("Normal call clearing"); "Unknown cause"
 * for values Q.850 does not define. Never NULL. */
CTI_EXTERN const char *cti_cause_text(int cause);

enum cti_call_state {
	CTI_CALL_NULL = 0,
	CTI_CALL_DIALING,    /* SETUP sent */
	CTI_CALL_PROCEEDING, /* far end is processing it */
	CTI_CALL_ALERTING,   /* far end (or we) ringing */
	CTI_CALL_OFFERED,    /* incoming, waiting for the application */
	CTI_CALL_COLLECTING, /* incoming, overlap digits arriving */
	CTI_CALL_ACTIVE,     /* connected */
	CTI_CALL_HELD,	     /* connected, on local hold */
	CTI_CALL_BRIDGED,    /* transferred by libcti: two legs joined */
	CTI_CALL_CONFERENCED,
	CTI_CALL_CLEARING, /* released, waiting for the far end */
};

struct cti_call_params {
	cti_span_id_t span;
	int16_t bchan;		/* B-channel wanted, 0: any free */
	bool exclusive;		/* only that channel (Q.931 4.5.13) */
	bool overlap;		/* dnis is not complete: more digits follow
				   with cti_call_dial_more (Q.931 5.1.3) */
	struct cti_number dnis; /* called number (required) */
	struct cti_number ani;	/* calling number, may be empty */
	struct cti_number redirecting; /* redirecting number, may be empty */
	uint8_t redirect_reason;       /* reason for redirection (Q.952) */
	char app_data[64];	       /* copied into every event of the call */
	void *user;		       /* likewise */
	uint8_t category; /* enum cti_r2_category: R2 spans only (0 on PRI) */
	uint8_t reserved0[3];
	uint32_t reserved[7];
};

/*
 * Place a call. Returns 0 and the new id in *id (CALL_ORIGINATED follows),
 * or, with *id set to 0: CTI_EINVAL (NULL argument, bad bchan), CTI_ENOENT
 * (unknown span), CTI_EALARM (span in alarm), CTI_ENETDOWN (D channel down,
 * or up but not yet settled: wait for SPAN_UP, docs/call.md),
 * CTI_EFORMAT (dnis empty or not 0-9 * #; on R2 0-9 only), CTI_ENOCHAN
 * (no free B-channel, or the exclusive one is busy), CTI_ENOMEM,
 * CTI_ENOTSUP (R2 span: overlap or a redirecting number), CTI_EINVAL
 * (a category on a PRI span).
 */
CTI_EXTERN int cti_call_make(cti_ctx_t *ctx, cti_call_id_t *id,
			     const struct cti_call_params *p);

/* Overlap sending: more digits of the called number (INFORMATION).
 * Returns 0, CTI_ENOENT, CTI_ESTATE (call not dialling), CTI_EFORMAT,
 * CTI_ENOTSUP (R2). */
CTI_EXTERN int cti_call_dial_more(cti_ctx_t *ctx, cti_call_id_t id,
				  const char *digits);

/* Incoming call: send ALERTING (R2: group B "subscriber free";
 * CALL_DELIVERED follows). Returns 0, CTI_ENOENT, or CTI_ESTATE (not an
 * offered call). */
CTI_EXTERN int cti_call_alert(cti_ctx_t *ctx, cti_call_id_t id);

/* Incoming call: answer (CONNECT; CALL_ESTABLISHED follows). Returns 0,
 * CTI_ENOENT (unknown or cleared call), or CTI_ESTATE. */
CTI_EXTERN int cti_call_answer(cti_ctx_t *ctx, cti_call_id_t id);

/* Clear the call with a Q.850 cause (1..127; 0 means 16). CALL_CLEARED
 * (CALL_FAILED for our own call not yet answered) follows. Returns 0,
 * CTI_ENOENT, or CTI_EINVAL (cause out of range). */
CTI_EXTERN int cti_call_clear(cti_ctx_t *ctx, cti_call_id_t id, int cause);

enum cti_hold_audio {
	CTI_HOLD_SILENCE = 0,
	CTI_HOLD_TONE = 1, /* 425 Hz, 250 ms every 3 s (ITU-T E.180 style) */
};

/* Local hold: the far end hears silence or the hold tone, the
 * application's audio callback is paused. Returns 0, CTI_ENOENT,
 * CTI_ESTATE (not active), CTI_EINVAL (bad audio). */
CTI_EXTERN int cti_call_hold(cti_ctx_t *ctx, cti_call_id_t id, int audio);

/* Take a held call back. Returns 0, CTI_ENOENT or CTI_ESTATE. */
CTI_EXTERN int cti_call_retrieve(cti_ctx_t *ctx, cti_call_id_t id);

/* Consultation: hold `active` (silence) and place a new call. Returns
 * as cti_call_make(), plus CTI_ESTATE if `active` is not active (it is
 * then left as it was). */
CTI_EXTERN int cti_call_consult(cti_ctx_t *ctx, cti_call_id_t *consult,
				cti_call_id_t active,
				const struct cti_call_params *p);

/*
 * Transfer: join `held` and `consult` and leave them. Uses explicit call
 * transfer in the signalling where libpri has it for the span's switch
 * type (Q.SIG), else bridges the two B-channels inside libcti until
 * either far end clears (then the other is cleared with cause 16). Both
 * calls get CALL_TRANSFERRED (related_id = the other). Returns 0,
 * CTI_ENOENT, CTI_EINVAL (same call twice), or CTI_ESTATE (a call is not
 * held/active/alerting).
 */
CTI_EXTERN int cti_call_transfer(cti_ctx_t *ctx, cti_call_id_t held,
				 cti_call_id_t consult);

/*
 * Conference: mix `n` (>= 2) connected calls in libcti; each hears the
 * sum of the others (16-bit linear, saturated). Held calls are retrieved.
 * With *conf 0 a new conference is made and its id stored; otherwise the
 * calls join conference *conf. Returns 0, CTI_EINVAL (n, duplicates),
 * CTI_ENOENT (a call or the conference), CTI_ESTATE (a call not
 * connected), CTI_ENOSPC (more than 16 members).
 */
CTI_EXTERN int cti_call_conference(cti_ctx_t *ctx, const cti_call_id_t *ids,
				   size_t n, uint32_t *conf);

/* Leave a conference (the call becomes active again; a conference of one
 * dissolves). Returns 0, CTI_ENOENT, CTI_ESTATE (not conferenced). */
CTI_EXTERN int cti_call_unconference(cti_ctx_t *ctx, cti_call_id_t id);

/* Deflect an offered call to `to` (ETSI EN 300 207-1 call deflection,
 * Q.SIG). Returns 0, CTI_ENOENT, CTI_ESTATE, CTI_EFORMAT, or CTI_ENOTSUP
 * if the span's switch type has no deflection (and on R2 spans). */
CTI_EXTERN int cti_call_deflect(cti_ctx_t *ctx, cti_call_id_t id,
				const struct cti_number *to);

/* Send DTMF in-band (ITU-T Q.23 frequencies, 80 ms tone, 80 ms pause,
 * generated by lib/dsp). Digits queue behind those not yet sent. Returns
 * 0, CTI_ENOENT, CTI_ESTATE (not connected), CTI_EFORMAT (not 0-9 A-D * #),
 * CTI_ENOSPC (more than 128 digits waiting). */
CTI_EXTERN int cti_call_send_dtmf(cti_ctx_t *ctx, cti_call_id_t id,
				  const char *digits);

enum cti_audio_format {
	CTI_AUDIO_LINEAR16 = 1, /* int16_t samples */
	CTI_AUDIO_G711 = 2,	/* octets in the span's law */
};

/*
 * Per 20 ms block of a connected call: `rx` holds what the far end sent
 * (160 samples), `tx` (pre-filled with silence) takes what to send. Not
 * called while the call is held, bridged, conferenced or sending DTMF,
 * and never again once the call's CLEARED or FAILED event is queued (the
 * application may free `user` when it reads that event).
 */
typedef void (*cti_audio_fn)(cti_ctx_t *ctx, cti_call_id_t id, const void *rx,
			     void *tx, size_t samples, void *user);

/* Set (fn) or remove (NULL) the call's audio callback. Returns 0,
 * CTI_ENOENT, or CTI_EINVAL (format). */
CTI_EXTERN int cti_call_set_audio(cti_ctx_t *ctx, cti_call_id_t id, int format,
				  cti_audio_fn fn, void *user);

/* Application data copied into every later event (truncated to 63
 * bytes). Returns 0 or CTI_ENOENT. */
CTI_EXTERN int cti_call_set_app_data(cti_ctx_t *ctx, cti_call_id_t id,
				     const char *data, void *user);

struct cti_call_info {
	uint32_t state;	    /* enum cti_call_state */
	uint32_t direction; /* enum cti_call_direction */
	cti_span_id_t span;
	int16_t bchan;
	uint32_t conf_id;
	uint64_t start_ms;  /* cti_now_ms() when the call began */
	uint64_t answer_ms; /* cti_now_ms() when answered; 0 if not yet */
	struct cti_number ani, dnis, redirecting;
	char app_data[64];
	uint32_t flags; /* enum cti_call_flag bits (cti/event.h) */
	uint8_t category; /* enum cti_r2_category on R2 spans, else 0 */
	uint8_t reserved0[3];
	uint32_t reserved[6];
};

/* Fill *info. Returns 0, CTI_ENOENT or CTI_EINVAL. */
CTI_EXTERN int cti_call_get_info(cti_ctx_t *ctx, cti_call_id_t id,
				 struct cti_call_info *info);

/* The state's name ("ACTIVE"); "?" if unknown. */
CTI_EXTERN const char *cti_call_state_name(int state);

CTI_END_DECLS

#endif /* CTI_CALL_H */
