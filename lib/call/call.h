/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The call layer's private state: the manager (owned by the context),
 * its spans (a backend plus a libpri instance) and its calls.
 */
#ifndef CTI_CALL_CALL_H
#define CTI_CALL_CALL_H

#include "core/ctx.h"
#include "cti/call.h"
#include "cti/dsp.h"
#include "dsp/g711_inline.h"
#include "pri/pri.h"
#include "span/span.h"

struct cti__r2;
struct cti__call;
struct cti__cspan;

#define CTI__R2_DIGITS 32 /* lib/r2's CTI__R2_DIGITS_MAX */

/*
 * The signalling of a span behind the call services: one table per kind
 * (sig_pri.c: Q.931 through libpri; sig_r2.c: MFC/R2 through lib/r2),
 * chosen when the span is opened. The services (api.c) and the clearing
 * (call.c) go through it; what each far end reports comes back through
 * the one state machine (fsm.c) in events.c and sig_r2.c.
 */
struct cti__sig {
	const char *name;
	/* c is new, on channel `chan`, with its numbers set: send the
	 * seizure/SETUP. On failure the caller frees c. */
	int (*make)(struct cti__call *c, const struct cti_call_params *p,
		    int chan);
	int (*dial_more)(struct cti__call *c, const char *digits);
	int (*alert)(struct cti__call *c);
	int (*answer)(struct cti__call *c);
	/* Clear on the wire with `cause` (the call stays until the far end
	 * or the signalling is done: RELEASED). */
	int (*hangup)(struct cti__call *c, int cause);
	/* The signalling still has the call (else clearing frees it). */
	bool (*holds)(const struct cti__call *c);
	/* Ending locally (span down, closed): forget the signalling's call. */
	void (*forget)(struct cti__call *c);
	/* Transfer in the signalling; CTI_ENOTSUP: bridge in libcti. */
	int (*transfer)(struct cti__call *a, struct cti__call *b);
	int (*deflect)(struct cti__call *c, const struct cti_number *to);
	/* c is being freed: drop the signalling's references to it. */
	void (*release)(struct cti__call *c);
};

extern const struct cti__sig cti__sig_pri;
extern const struct cti__sig cti__sig_r2;

#define CTI__MAX_SPANS 64
#define CTI__CONF_MAX  16

struct cti__mgr;
struct cti__conf;

struct cti__cspan {
	struct cti__mgr *mgr;
	cti_span_id_t id;
	struct cti_span_config cfg;
	const struct cti__sig *sig;
	struct cti__span *span;
	struct cti__pri *pri;
	/* R2 (sig_r2.c): openr2 on the span's cas channels */
	struct cti__r2 *r2;
	int r2_base;				/* DAHDI channel of position 1 */
	uint32_t r2_chans;			/* positions openr2 runs */
	uint32_t r2_far_blocked;		/* positions the far end blocked */
	struct cti__call *r2_line[CTI__MAX_CHAN]; /* seized, by position */
	struct cti__cspan *loop_peer;
	struct cti__call *by_chan[CTI__MAX_CHAN];
	bool d_up; /* Q.921 multiple-frame established (libpri's word) */
	bool up;   /* settled and announced (SPAN_UP): calls may be made */
	struct cti__timer settle; /* armed from each establishment */
	/* RESTART of B-channels (link.c): bit = channel number */
	uint32_t rs_want;		   /* to send */
	uint32_t rs_out;		   /* sent, no ACKNOWLEDGE yet */
	uint8_t rs_tries[CTI__MAX_CHAN];   /* RESTARTs sent in a row */
	uint64_t rs_due_us[CTI__MAX_CHAN]; /* T316 of each one sent */
	struct cti__timer t316;
};

struct cti__call {
	struct cti__call *next;
	struct cti__mgr *mgr;
	struct cti__cspan *cs;
	cti_call_id_t id;
	void *pcall; /* libpri's; NULL once libpri forgot it */
	int line;    /* R2: the position seized until the line is idle */
	uint8_t category; /* R2: enum cti_r2_category */
	bool r2_accept_sent, r2_accepted, r2_answer_due;
	int state;   /* enum cti_call_state */
	int direction;
	int bchan;	   /* -1: none */
	bool reported_end; /* CLEARED/FAILED delivered */
	bool answered;
	uint32_t flags; /* enum cti_call_flag */
	int cause;
	uint64_t start_us, answer_us;
	struct cti_number ani, dnis, redirecting;
	int redirect_reason;
	char app_data[64];
	void *user;
	struct cti__timer digit_timer; /* overlap receiving */
	/* audio */
	int hold_audio;
	uint32_t hold_phase;
	int audio_fmt;
	cti_audio_fn audio_fn;
	void *audio_user;
	struct cti__call *bridge; /* libcti transfer partner */
	struct cti__conf *conf;
	cti_dtmf_tx_storage_t dtmf_mem; /* in-band DTMF (lib/dsp, Q.23) */
	cti_dtmf_tx_t *dtmf;
	int16_t lin_rx[CTI__BLOCK]; /* last block decoded, for mixing */
};

struct cti__conf {
	struct cti__conf *next;
	uint32_t id;
	struct cti__call *members[CTI__CONF_MAX];
	size_t n;
};

struct cti__mgr {
	cti_ctx_t *ctx;
	struct cti__cspan *spans[CTI__MAX_SPANS + 1]; /* by id */
	struct cti__call *calls;
	struct cti__conf *confs;
	cti_call_id_t next_call_id;
	uint32_t next_conf_id;
};

/* The context's manager, created on first use; NULL if out of memory. */
struct cti__mgr *cti__mgr_get(cti_ctx_t *ctx);
struct cti__cspan *cti__cspan_find(cti_ctx_t *ctx, cti_span_id_t id);
struct cti__call *cti__call_find(cti_ctx_t *ctx, cti_call_id_t id);

struct cti__call *cti__call_new(struct cti__cspan *cs, int direction);
/* Unlink and free (releases its B-channel). */
void cti__call_free(struct cti__call *c);
/* Queue a call event of `type` stamped now. */
void cti__call_emit(struct cti__call *c, int type);
void cti__call_emit_ev(struct cti__call *c, struct cti_event *ev);
void cti__call_fill_event(struct cti__call *c, struct cti_event *ev, int type);
/* An event whose `digits` field carries `d` (DIGITS, DEFLECTED). */
void cti__call_emit_digits(struct cti__call *c, int type, const char *d,
			   uint32_t flags);
/* Overlap receiving: (re)start the inter-digit timer. */
void cti__call_digit_timer(struct cti__call *c);
void cti__call_emit_related(struct cti__call *c, int type, uint32_t rel,
			    uint32_t conf);
/* Report the end (once): CLEARED if it was answered, else FAILED. */
void cti__call_report_end(struct cti__call *c, int cause);
/* Occupy / release a B-channel (audio on/off in the backend). */
int cti__call_take_chan(struct cti__call *c, int chan);
void cti__call_drop_chan(struct cti__call *c);
/* A free B-channel of the span, or -1; `want` first if given. */
int cti__cspan_pick_chan(const struct cti__cspan *cs, int want);
/* No call on B-channel ch and no RESTART of ours for it unanswered. */
bool cti__cspan_chan_usable(const struct cti__cspan *cs, int ch);
/* The i-th channel (1..CTI__MAX_CHAN-1) in the order the span hunts for
 * free ones (and restarts them): the network from the top, the user from
 * the bottom. */
int cti__cspan_hunt_order(const struct cti__cspan *cs, int i);
/* End the call locally (far end gone, span down, restart): report and,
 * if libpri still has it, drop it there. */
void cti__call_abandon(struct cti__call *c, int cause);
/* Clear both legs of a bridge / leave a conference when a leg ends. */
void cti__call_detach(struct cti__call *c);
void cti__conf_remove(struct cti__call *c);

/* Clear the call from our side (the application, a digit timeout, the
 * far end's DISCONNECT or deflection, which `ev` names for the state
 * machine): report the end with `cause`, release a bridge partner, free
 * the channel, and hang up in libpri (or free the call if libpri has
 * none). Returns cti__pri_hangup()'s code. */
int cti__call_clear_local(struct cti__call *c, int ev, int cause);
/* Number and digits fields cut by the pri layer: flag the call, warn. */
void cti__call_flag_truncated(struct cti__call *c, uint32_t flags);

/* End every call of the span (on `chan` only if > 0) locally with
 * `cause`; returns how many. */
uint32_t cti__cspan_abandon(struct cti__cspan *cs, int chan, int cause);
/* Tell the span backend the D channel's link state (cs->d_up). */
void cti__cspan_link_changed(struct cti__cspan *cs);

/* The span's data link (link.c): the settle time before SPAN_UP, and the
 * RESTART policy (paced, retried on T316, redone after a link failure). */
#define CTI__SETTLE_MS	   3000 /* 3 x T200: the far end's late SABME */
#define CTI__RESTART_BURST 4	/* RESTARTs awaiting ACK at a time */
#define CTI__T316_MS	   4000 /* a RESTART unanswered this long: again */
#define CTI__RESTART_TRIES 5	/* RESTARTs per channel before giving up */
void cti__link_init(struct cti__cspan *cs);
void cti__link_fini(struct cti__cspan *cs);
void cti__link_on_up(struct cti__cspan *cs);
void cti__link_on_down(struct cti__cspan *cs);
void cti__link_on_restart_ack(struct cti__cspan *cs, int chan);
/* Queue a RESTART of every B-channel (sent once the link is settled).
 * Returns 0 or CTI_ENETDOWN (data link down). */
int cti__link_restart_all(struct cti__cspan *cs);
/* B-channels whose RESTART is queued or unanswered. */
uint32_t cti__link_restarting(const struct cti__cspan *cs);

/* spancfg.c: check `in` and fill in the defaults into `out` (may be
 * NULL). Returns 0 or CTI_EINVAL with why = "field: reason". */
int cti__span_cfg_resolve(const struct cti_span_config *in,
			  struct cti_span_config *out, char *why, size_t len);

/* sig_r2.c: R2 on an opened DAHDI span layout. */
int cti__r2sig_attach(struct cti__mgr *m, const struct cti__dahdi_layout *l,
		      const struct cti_span_config *cfg,
		      struct cti__cspan **out);
void cti__r2sig_detach(struct cti__cspan *cs);
int cti__r2sig_block(struct cti__cspan *cs, int pos, bool blocked);

/* pri event handler and span hooks of the call layer */
void cti__call_on_pri(void *user, const struct cti__pri_ev *ev);
extern const struct cti__span_up cti__call_span_hooks;

/* G.711 of a span law (lib/dsp's coding, inlined). */
static inline int16_t cti__g711_dec(int law, uint8_t v)
{
	return (int16_t)(law == CTI__LAW_ULAW ? cti__ulaw_to_lin(v)
					      : cti__alaw_to_lin(v));
}

static inline uint8_t cti__g711_enc(int law, int16_t x)
{
	return law == CTI__LAW_ULAW ? cti__lin_to_ulaw(x) : cti__lin_to_alaw(x);
}

#endif /* CTI_CALL_CALL_H */
