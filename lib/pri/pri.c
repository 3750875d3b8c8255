// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One libpri instance per span: custom I/O on the span's D channel, timers
 * on the context's clock, events translated for the call layer.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libpri.h>

#include "pri/capture.h"
#include "pri/clock.h"
#include "pri/pri.h"

struct cti__pri {
	cti_ctx_t *ctx;
	struct cti__span *span;
	struct pri *pri;
	struct cti__pri_cfg cfg;
	cti__pri_ev_fn fn;
	void *user;
	struct cti__timer timer;
	bool up;
	bool rx_empty; /* the last read found no frame */
	/* the SETUP just read had numbers longer than libpri keeps */
	uint32_t long_flags;
	int long_cref;
	int depth;     /* nesting of enter/leave */
	bool freeing;
	struct cti__capture_tap tap; /* D-channel capture (capture.h) */
};

/* ---- libpri's process-global hooks, routed to the right context ------- */

static cti_ctx_t *ctx_of(struct pri *pri)
{
	struct cti__pri *p = pri ? pri_get_userdata(pri) : NULL;

	return p ? p->ctx : cti__pri_clock_ctx();
}

static void hook_message(struct pri *pri, char *s)
{
	cti__log(ctx_of(pri), CTI_LOG_DEBUG, "libpri", "%s", s);
}

static void hook_error(struct pri *pri, char *s)
{
	cti__log(ctx_of(pri), CTI_LOG_WARNING, "libpri", "%s", s);
}

static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void install_hooks(void)
{
	/* libpri has one pair of hooks per process: ours find the context
	 * from the pri's userdata, or from the thread's current libpri call */
	pri_set_message(hook_message);
	pri_set_error(hook_error);
}

/* ---- I/O ---------------------------------------------------------------- */

static int io_read(struct pri *pri, void *buf, int len)
{
	struct cti__pri *p = pri_get_userdata(pri);
	int n = p->span->ops->d_read(p->span, buf, len);

	if (n < 0) {
		p->rx_empty = true;
		errno = n == CTI_EAGAIN ? EAGAIN : -n;
		return -1;
	}
	cti__capture_tap_frame(&p->tap, CTI__CAPTURE_RX, buf, n);
	p->long_flags = cti__pri_scan_setup(buf, n, &p->long_cref);
	return n;
}

static int io_write(struct pri *pri, void *buf, int len)
{
	struct cti__pri *p = pri_get_userdata(pri);
	int n = p->span->ops->d_write(p->span, buf, len);

	if (n < 0) {
		errno = -n;
		return -1;
	}
	cti__capture_tap_frame(&p->tap, CTI__CAPTURE_TX, buf, len);
	return n;
}

/* ---- entering libpri ---------------------------------------------------- */

static cti_ctx_t *enter(struct cti__pri *p)
{
	p->depth++;
	return cti__pri_clock_enter(p->ctx);
}

static void resched(struct cti__pri *p)
{
	struct timeval *tv = pri_schedule_next(p->pri);

	if (!tv) {
		cti__timer_cancel(p->ctx, &p->timer);
		return;
	}
	cti__timer_arm_at(p->ctx, &p->timer, cti__pri_tv_to_ctx(p->ctx, tv));
}

static void leave(struct cti__pri *p, cti_ctx_t *saved)
{
	if (--p->depth == 0 && !p->freeing)
		resched(p);
	cti__pri_clock_leave(saved);
}

/* Copy, cutting what does not fit; returns true if something was cut
 * (the caller flags it: a number is never shortened silently). */
static bool copy_str(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return src[i] != '\0';
}

/* ---- numbers ------------------------------------------------------------ */

int cti__pri_plan_octet(const struct cti_number *n)
{
	/* Q.931 4.5.10 octet 3: type of number in bits 7-5, plan in 4-1 */
	return ((n->ton & 0x7) << 4) | (n->plan & 0xF);
}

int cti__pri_pres_octet(const struct cti_number *n)
{
	/* octet 3a: presentation in bits 7-6, screening in bits 2-1 */
	return ((n->presentation & 0x3) << 5) | (n->screening & 0x3);
}

bool cti__pri_number_from(struct cti_number *n, const char *digits, int plan,
			  int pres)
{
	bool cut = false;

	memset(n, 0, sizeof(*n));
	if (digits)
		cut = copy_str(n->digits, sizeof(n->digits), digits);
	n->ton = (uint8_t)((plan >> 4) & 0x7);
	n->plan = (uint8_t)(plan & 0xF);
	n->presentation = (uint8_t)((pres >> 5) & 0x3);
	n->screening = (uint8_t)(pres & 0x3);
	return cut;
}

static void party_number(struct pri_party_number *pn,
			 const struct cti_number *n)
{
	memset(pn, 0, sizeof(*pn));
	if (!n || !n->digits[0])
		return;
	pn->valid = 1;
	pn->plan = cti__pri_plan_octet(n);
	pn->presentation = cti__pri_pres_octet(n);
	copy_str(pn->str, sizeof(pn->str), n->digits);
}

/* ---- events ------------------------------------------------------------- */

static int chan_of(int encoded)
{
	/* libpri: channel in bits 7-0, DS1 (NFAS) in 15-8, -1 for none */
	return encoded < 0 ? -1 : (encoded & 0xFF);
}

static void ring_event(struct cti__pri_ev *ev, const pri_event_ring *r)
{
	ev->type = CTI__PRI_RING;
	ev->pcall = r->call;
	ev->chan = chan_of(r->channel);
	ev->exclusive = !r->flexible;
	ev->complete = r->complete;
	if (r->calling.number.valid
		    ? cti__pri_number_from(&ev->ani, r->calling.number.str,
					   r->calling.number.plan,
					   r->calling.number.presentation)
		    : cti__pri_number_from(&ev->ani, r->callingnum,
					   r->callingplan, r->callingpres))
		ev->truncated |= CTI_CALL_FLAG_ANI_TRUNCATED;
	if (cti__pri_number_from(&ev->dnis, r->callednum, r->calledplan, 0))
		ev->truncated |= CTI_CALL_FLAG_DNIS_TRUNCATED;
	if (r->redirectingnum[0]) {
		if (cti__pri_number_from(&ev->redirecting, r->redirectingnum,
					 r->callingplanrdnis, 0))
			ev->truncated |= CTI_CALL_FLAG_REDIRECTING_TRUNCATED;
		ev->redirect_reason = r->redirectingreason;
	}
}

static bool subcmd_deflect(struct cti__pri_ev *ev, q931_call *call,
			   const struct pri_subcommands *sc)
{
	for (int i = 0; sc && i < sc->counter_subcmd; i++) {
		const struct pri_subcommand *s = &sc->subcmd[i];
		const struct pri_party_number *to;

		if (s->cmd != PRI_SUBCMD_REROUTING)
			continue;
		to = &s->u.rerouting.deflection.to.number;
		ev->type = CTI__PRI_DEFLECT;
		ev->pcall = call;
		ev->invoke_id = s->u.rerouting.invoke_id;
		if (cti__pri_number_from(&ev->dnis, to->str, to->plan,
					 to->presentation))
			ev->truncated |= CTI_CALL_FLAG_DNIS_TRUNCATED;
		return true;
	}
	return false;
}

static void deliver(struct cti__pri *p, const struct cti__pri_ev *ev)
{
	if (p->fn)
		p->fn(p->user, ev);
}

static void handle(struct cti__pri *p, pri_event *e)
{
	struct cti__pri_ev ev;

	memset(&ev, 0, sizeof(ev));
	ev.chan = -1;
	switch (e->e) {
	case PRI_EVENT_DCHAN_UP:
		p->up = true;
		ev.type = CTI__PRI_UP;
		break;
	case PRI_EVENT_DCHAN_DOWN:
		p->up = false;
		ev.type = CTI__PRI_DOWN;
		break;
	case PRI_EVENT_RING:
		ring_event(&ev, &e->ring);
		if (p->long_flags && e->ring.cref == p->long_cref)
			ev.truncated |= p->long_flags;
		break;
	case PRI_EVENT_SETUP_ACK:
		ev.type = CTI__PRI_SETUP_ACK;
		ev.pcall = e->setup_ack.call;
		ev.chan = chan_of(e->setup_ack.channel);
		break;
	case PRI_EVENT_PROCEEDING:
		ev.type = CTI__PRI_PROCEEDING;
		ev.pcall = e->proceeding.call;
		ev.chan = chan_of(e->proceeding.channel);
		break;
	case PRI_EVENT_RINGING:
		ev.type = CTI__PRI_ALERTING;
		ev.pcall = e->ringing.call;
		ev.chan = chan_of(e->ringing.channel);
		break;
	case PRI_EVENT_ANSWER:
		ev.type = CTI__PRI_ANSWER;
		ev.pcall = e->answer.call;
		ev.chan = chan_of(e->answer.channel);
		break;
	case PRI_EVENT_CONNECT_ACK:
		ev.type = CTI__PRI_CONNECT_ACK;
		ev.pcall = e->connect_ack.call;
		break;
	case PRI_EVENT_INFO_RECEIVED:
		ev.type = CTI__PRI_INFO;
		ev.pcall = e->ring.call;
		if (copy_str(ev.digits, sizeof(ev.digits), e->ring.callednum))
			ev.truncated |= CTI_CALL_FLAG_DNIS_TRUNCATED;
		ev.complete = e->ring.complete;
		break;
	case PRI_EVENT_KEYPAD_DIGIT:
		ev.type = CTI__PRI_KEYPAD;
		ev.pcall = e->digit.call;
		if (copy_str(ev.digits, sizeof(ev.digits), e->digit.digits))
			ev.truncated |= CTI_CALL_FLAG_DIGITS_TRUNCATED;
		break;
	case PRI_EVENT_HANGUP_REQ:
		ev.type = CTI__PRI_HANGUP_REQ;
		ev.pcall = e->hangup.call;
		ev.cause = e->hangup.cause;
		break;
	case PRI_EVENT_HANGUP:
		/* RELEASE from the far end: libpri keeps the call until we
		 * hang it up too, which frees it */
		pri_hangup(p->pri, e->hangup.call, e->hangup.cause);
		ev.type = CTI__PRI_HANGUP;
		ev.pcall = e->hangup.call;
		ev.cause = e->hangup.cause;
		break;
	case PRI_EVENT_HANGUP_ACK:
		ev.type = CTI__PRI_HANGUP;
		ev.pcall = e->hangup.call;
		ev.cause = e->hangup.cause;
		break;
	case PRI_EVENT_RESTART:
		ev.type = CTI__PRI_RESTART;
		ev.chan = chan_of(e->restart.channel);
		break;
	case PRI_EVENT_RESTART_ACK:
		ev.type = CTI__PRI_RESTART_ACK;
		ev.chan = chan_of(e->restartack.channel);
		break;
	case PRI_EVENT_FACILITY:
		if (!subcmd_deflect(&ev, e->facility.call, e->facility.subcmds))
			return;
		break;
	case PRI_EVENT_CONFIG_ERR:
		cti__log(p->ctx, CTI_LOG_ERROR, "pri", "configuration: %s",
			 e->err.err);
		return;
	default:
		cti__log(p->ctx, CTI_LOG_DEBUG, "pri", "event %d ignored",
			 e->e);
		return;
	}
	deliver(p, &ev);
}

static void on_timer(struct cti__timer *t, void *user)
{
	struct cti__pri *p = user;
	cti_ctx_t *saved = enter(p);
	pri_event *e;

	(void)t;
	/* pri_schedule_run() runs what is due by gettimeofday() (ours, so
	 * virtual time under the virtual clock) and stops at each event */
	for (int i = 0; i < 1000; i++) {
		e = pri_schedule_run(p->pri);
		if (!e)
			break;
		handle(p, e);
	}
	leave(p, saved);
}

void cti__pri_d_ready(struct cti__pri *p)
{
	cti_ctx_t *saved = enter(p);

	bool (*pending)(struct cti__span *) = p->span->ops->d_pending;

	/* one frame per pri_check_event(), and never call it without one:
	 * libpri would parse the failed read as a short frame. A backend that
	 * cannot peek (dahdi) is level-triggered: we are called again. */
	for (int i = 0; i < 1000; i++) {
		pri_event *e;

		if (pending && !pending(p->span))
			break;
		p->rx_empty = false;
		p->long_flags = 0;
		e = pri_check_event(p->pri);
		if (e)
			handle(p, e);
		p->long_flags = 0;
		if (p->rx_empty || !pending)
			break;
	}
	leave(p, saved);
}

/* ---- life cycle ---------------------------------------------------------- */

static int lib_switchtype(int sw, int kind)
{
	switch (sw) {
	case CTI_SWITCH_EUROISDN:
		return kind == CTI__SPAN_E1 ? PRI_SWITCH_EUROISDN_E1
					    : PRI_SWITCH_EUROISDN_T1;
	case CTI_SWITCH_NI2:
		return PRI_SWITCH_NI2;
	case CTI_SWITCH_DMS100:
		return PRI_SWITCH_DMS100;
	case CTI_SWITCH_LUCENT5E:
		return PRI_SWITCH_LUCENT5E;
	case CTI_SWITCH_ATT4ESS:
		return PRI_SWITCH_ATT4ESS;
	case CTI_SWITCH_NI1:
		return PRI_SWITCH_NI1;
	case CTI_SWITCH_QSIG:
		return PRI_SWITCH_QSIG;
	default:
		return -1;
	}
}

int cti__pri_new(struct cti__span *span, const struct cti__pri_cfg *cfg,
		 cti__pri_ev_fn fn, void *user, struct cti__pri **out)
{
	int sw = lib_switchtype(cfg->switchtype, span->kind);
	int node = cfg->side == CTI_SIDE_NET ? PRI_NETWORK : PRI_CPE;
	struct cti__pri *p;
	cti_ctx_t *saved;

	if (sw < 0 || (cfg->side != CTI_SIDE_NET && cfg->side != CTI_SIDE_CPE))
		return CTI_EINVAL;
	pthread_once(&hooks_once, install_hooks);
	p = calloc(1, sizeof(*p));
	if (!p)
		return CTI_ENOMEM;
	p->ctx = span->ctx;
	p->span = span;
	p->cfg = *cfg;
	p->fn = fn;
	p->user = user;
	cti__timer_init(&p->timer, on_timer, p);
	cti__capture_tap_init(&p->tap, p->ctx);
	saved = enter(p);
	/* fd -1: all I/O goes through the callbacks */
	p->tap.booting = true;
	p->pri = pri_new_cb(-1, node, sw, io_read, io_write, p);
	p->tap.booting = false;
	if (!p->pri) {
		leave(p, saved);
		free(p);
		return CTI_ENOMEM;
	}
	/* protocol traces only when someone reads them */
	if (cti__log_enabled(p->ctx, CTI_LOG_DEBUG))
		pri_set_debug(p->pri, PRI_DEBUG_Q931_DUMP |
					      PRI_DEBUG_Q931_STATE |
					      PRI_DEBUG_Q921_STATE |
					      PRI_DEBUG_Q931_ANOMALY);
	pri_set_overlapdial(p->pri, cfg->overlap);
	pri_reroute_enable(p->pri, 1);
	pri_transfer_enable(p->pri, 1);
	/* CONNECT is answered with CONNECT ACKNOWLEDGE (Q.931 5.1.8) by
	 * libpri itself; pri_connect_ack_enable() would make that manual and,
	 * unsent, the user side clears the call when T313 (4 s) expires. */
	leave(p, saved);
	*out = p;
	return 0;
}

void cti__pri_free(struct cti__pri *p)
{
	if (!p)
		return;
	p->freeing = true;
	cti__timer_cancel(p->ctx, &p->timer);
	cti__capture_tap_set(&p->tap, NULL);
	/* libpri 1.6 has no destructor for what pri_new_cb() allocated (one
	 * block per span, see docs/call.md); its timers die with our timer
	 * and its I/O callbacks are never called again */
	free(p);
}

void cti__pri_set_capture(struct cti__pri *p, struct cti__capture *c)
{
	cti__capture_tap_set(&p->tap, c);
}

void *cti__pri_handle(struct cti__pri *p)
{
	return p->pri;
}

bool cti__pri_is_up(const struct cti__pri *p)
{
	return p->up;
}

int cti__pri_switchtype(const struct cti__pri *p)
{
	return p->cfg.switchtype;
}

/* ---- actions --------------------------------------------------------------
 */

#define CALL_PRI(p, expr)                     \
	({                                    \
		cti_ctx_t *saved_ = enter(p); \
		int rc_ = (expr);             \
		leave(p, saved_);             \
		rc_ < 0 ? CTI_EIO : 0;        \
	})

void *cti__pri_new_call(struct cti__pri *p)
{
	cti_ctx_t *saved = enter(p);
	void *c = pri_new_call(p->pri);

	leave(p, saved);
	return c;
}

static bool digits_ok(const char *d, bool allow_empty)
{
	if (!d[0])
		return allow_empty;
	for (; *d; d++)
		if (!((*d >= '0' && *d <= '9') || *d == '*' || *d == '#'))
			return false;
	return true;
}

int cti__pri_setup(struct cti__pri *p, void *pcall, int chan, bool exclusive,
		   const struct cti_number *ani, const struct cti_number *dnis,
		   const struct cti_number *redirecting, int reason,
		   bool complete)
{
	struct pri_sr *sr;
	struct pri_party_id caller;
	char called[sizeof(dnis->digits)];
	int layer1 = p->span->law == CTI__LAW_ULAW ? PRI_LAYER_1_ULAW
						   : PRI_LAYER_1_ALAW;
	int rc;

	if (!digits_ok(dnis->digits, !complete) ||
	    (ani && !digits_ok(ani->digits, true)))
		return CTI_EFORMAT;
	sr = pri_sr_new();
	if (!sr)
		return CTI_ENOMEM;
	pri_sr_set_channel(sr, chan, exclusive, 0);
	pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH, layer1);
	copy_str(called, sizeof(called), dnis->digits);
	pri_sr_set_called(sr, called, cti__pri_plan_octet(dnis), complete);
	memset(&caller, 0, sizeof(caller));
	party_number(&caller.number, ani);
	pri_sr_set_caller_party(sr, &caller);
	if (redirecting && redirecting->digits[0]) {
		struct pri_party_redirecting r;

		memset(&r, 0, sizeof(r));
		party_number(&r.from.number, redirecting);
		r.count = 1;
		r.reason = reason;
		r.orig_reason = reason;
		pri_sr_set_redirecting_parties(sr, &r);
	}
	rc = CALL_PRI(p, pri_setup(p->pri, pcall, sr));
	pri_sr_free(sr);
	return rc;
}

int cti__pri_more_digits(struct cti__pri *p, void *pcall, const char *d)
{
	int rc = 0;

	if (!digits_ok(d, false))
		return CTI_EFORMAT;
	for (; *d && !rc; d++)
		rc = CALL_PRI(p, pri_information(p->pri, pcall, *d));
	return rc;
}

int cti__pri_need_more(struct cti__pri *p, void *pcall, int chan)
{
	return CALL_PRI(p, pri_need_more_info(p->pri, pcall, chan, 0));
}

int cti__pri_proceeding(struct cti__pri *p, void *pcall, int chan)
{
	return CALL_PRI(p, pri_proceeding(p->pri, pcall, chan, 0));
}

int cti__pri_alerting(struct cti__pri *p, void *pcall, int chan)
{
	/* in-band information (our ringback) is available on the B-chan */
	return CALL_PRI(p, pri_acknowledge(p->pri, pcall, chan, 1));
}

int cti__pri_answer(struct cti__pri *p, void *pcall, int chan)
{
	return CALL_PRI(p, pri_answer(p->pri, pcall, chan, 0));
}

int cti__pri_hangup(struct cti__pri *p, void *pcall, int cause)
{
	return CALL_PRI(p, pri_hangup(p->pri, pcall, cause));
}

void cti__pri_destroy_call(struct cti__pri *p, void *pcall)
{
	cti_ctx_t *saved = enter(p);

	pri_destroycall(p->pri, pcall);
	leave(p, saved);
}

int cti__pri_restart_chan(struct cti__pri *p, int chan)
{
	if (!p->up)
		return CTI_ENETDOWN;
	if (!cti__span_is_bchan(p->span->kind, chan))
		return CTI_EINVAL;
	return CALL_PRI(p, pri_reset(p->pri, chan));
}

static bool has_deflection(int sw)
{
	return sw == CTI_SWITCH_EUROISDN || sw == CTI_SWITCH_QSIG;
}

int cti__pri_deflect(struct cti__pri *p, void *pcall,
		     const struct cti_number *to)
{
	struct pri_party_redirecting r;

	if (!has_deflection(p->cfg.switchtype))
		return CTI_ENOTSUP;
	if (!digits_ok(to->digits, false))
		return CTI_EFORMAT;
	memset(&r, 0, sizeof(r));
	party_number(&r.to.number, to);
	r.count = 1;
	r.reason = PRI_REDIR_DEFLECTION;
	/* subscription option 2: notify the caller with the new number */
	return CALL_PRI(p, pri_reroute_call(p->pri, pcall, NULL, &r, 2));
}

int cti__pri_deflect_rsp(struct cti__pri *p, void *pcall, int invoke_id,
			 bool ok)
{
	return CALL_PRI(p,
			pri_rerouting_rsp(p->pri, pcall, invoke_id,
					  ok ? PRI_REROUTING_RSP_OK_CLEAR
					     : PRI_REROUTING_RSP_NOT_ALLOWED));
}

int cti__pri_transfer(struct cti__pri *p, void *pcall1, void *pcall2)
{
	/* libpri transfers by signalling only for Q.SIG (path replacement
	 * ECMA-178), DMS-100 RLT and 5ESS/NI-2 TBCT: elsewhere bridge */
	if (p->cfg.switchtype != CTI_SWITCH_QSIG)
		return CTI_ENOTSUP;
	return CALL_PRI(p, pri_channel_bridge(pcall1, pcall2));
}
