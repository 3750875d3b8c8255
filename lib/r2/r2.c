/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One openr2 context on one span's CAS channels (r2.h). openr2 does the
 * channel I/O; this file gives it the context's loop (each channel's fd,
 * EPOLLIN for audio and MF, EPOLLPRI for ABCD changes), a context timer
 * for openr2's own timers, the MF interface with the China ANI shim, the
 * log, and the translation of its callbacks into cti__r2_ev.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <openr2.h>

#include "core/ctx.h"
#include "core/util.h"
#include "cti/call.h"
#include "cti/log.h"
#include "r2/r2.h"
#include "span/dahdi_chan.h"
#include "span/r2_state.h"

#define MOD "r2"
/* Transmit buffers of 160 octets per channel (openr2 sets 4): a tick
 * catch-up of up to 100 ms (cticard under a loaded host, or any card
 * after a long interrupt latency) must not empty them in the middle of a
 * compelled MF tone, or the far end hears the tone stop and start again
 * and counts the digit twice. The depth costs nothing at the tone's end:
 * the queue is flushed when openr2 stops a tone. */
#define TX_BUFS 8

struct r2chan;

/* openr2's MF handles: its own state first (opaque: openr2 does not
 * install the header of its type, about 130 octets in 1.3.3), then ours. */
struct r2mf {
	union {
		max_align_t align;
		unsigned char mem[1024];
	} st;
	struct r2chan *ch;
	int tone; /* write side: the tone being sent, 0 none */
};

struct r2chan {
	struct cti__r2 *r;
	openr2_chan_t *oc;
	int chan, fd;
	bool watched;
	bool in_call, answered, offered;
	bool blocked_local, blocked_far;
	struct cti__r2_shim shim;
	struct r2mf rx, tx;
	int last_rx, last_tx; /* register signals on the line, 1..15 */
};

struct cti__r2 {
	cti_ctx_t *ctx;
	openr2_context_t *oc;
	int variant;
	bool china_shim;
	bool charge;
	bool double_answer;
	cti__r2_ev_fn fn;
	void *user;
	cti__r2_audio_fn audio_fn;
	void *audio_user;
	struct cti__timer timer;
	openr2_mflib_interface_t mf;   /* ours, given to openr2 */
	openr2_mflib_interface_t dflt; /* openr2's own MF functions */
	openr2_event_interface_t evi;
	struct r2chan ch[CTI__R2_MAX_CHAN];
	int nch;
};

static void publish(struct r2chan *ch);

static struct r2chan *chan_of(openr2_chan_t *oc)
{
	return openr2_chan_get_client_data(oc);
}

static struct r2chan *find(struct cti__r2 *r, int chan)
{
	for (int i = 0; i < r->nch; i++)
		if (r->ch[i].chan == chan)
			return &r->ch[i];
	return NULL;
}

static void resync_timer(struct cti__r2 *r)
{
	int ms = openr2_context_get_time_to_next_event(r->oc);

	if (ms < 0)
		cti__timer_cancel(r->ctx, &r->timer);
	else
		cti__timer_arm(r->ctx, &r->timer, (uint64_t)ms * 1000);
}

static void emit(struct r2chan *ch, int type, int cause, const char *detail)
{
	struct cti__r2_ev ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.chan = ch->chan;
	ev.cause = cause;
	if (detail)
		snprintf(ev.detail, sizeof(ev.detail), "%s", detail);
	publish(ch);
	ch->r->fn(ch->r->user, &ev);
}

/* ---- log ---------------------------------------------------------------- */

static int cti_level(openr2_log_level_t l)
{
	if (l & OR2_LOG_ERROR)
		return CTI_LOG_ERROR;
	if (l & OR2_LOG_WARNING)
		return CTI_LOG_WARNING;
	if (l & OR2_LOG_NOTICE)
		return CTI_LOG_NOTICE;
	return CTI_LOG_DEBUG;
}

static void log_chan(openr2_chan_t *oc, openr2_log_level_t level,
		     const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void log_chan(openr2_chan_t *oc, openr2_log_level_t level,
		     const char *fmt, va_list ap)
{
	struct r2chan *ch = chan_of(oc);
	char line[256];
	size_t n;

	if (!ch || !cti__log_enabled(ch->r->ctx, cti_level(level)))
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = 0;
	cti__log(ch->r->ctx, cti_level(level), MOD, "chan %d: %s", ch->chan,
		 line);
}

static void log_ctx(openr2_context_t *oc, openr2_log_level_t level,
		    const char *fmt, va_list ap)
{
	(void)oc;
	(void)level;
	(void)fmt;
	(void)ap;
	/* openr2 gives no way back to our context from here; its context
	 * messages are about configuration files only, reported by
	 * cti__r2_new's own checks. */
}

/* ---- published line state (cti-span show) ------------------------------ */

/* openr2's tone characters '1'..'9', '0' (10), 'B'..'F' (11..15). */
static int signal_number(int tone)
{
	if (tone >= '1' && tone <= '9')
		return tone - '0';
	if (tone == '0')
		return 10;
	if (tone >= 'B' && tone <= 'F')
		return tone - 'B' + 11;
	return 0;
}

static const char *line_word(const struct r2chan *ch)
{
	return ch->blocked_local ? "blocked"
	       : ch->blocked_far ? "far-blocked"
	       : ch->answered	 ? "answered"
	       : ch->in_call	 ? "seized"
				 : "idle";
}

static void publish(struct r2chan *ch)
{
	struct cti__r2_state st;

	memset(&st, 0, sizeof(st));
	st.pid = getpid();
	snprintf(st.line, sizeof(st.line), "%s", line_word(ch));
	snprintf(st.dir, sizeof(st.dir), "%s",
		 !ch->in_call						? "-"
		 : openr2_chan_get_direction(ch->oc) == OR2_DIR_FORWARD ? "out"
									: "in");
	st.rx = ch->last_rx;
	st.tx = ch->last_tx;
	snprintf(st.variant, sizeof(st.variant), "%s",
		 cti__r2_variant_name(ch->r->variant));
	st.since = (int64_t)time(NULL);
	cti__r2_state_write(ch->chan, &st); /* best effort */
}

/* ---- MF interface: openr2's engine behind the China shim ---------------- */

static void *mf_read_init(void *h, int forward_signals)
{
	struct r2mf *m = h;
	struct cti__r2 *r = m->ch->r;

	/* detecting forward signals means we are the backward side */
	cti__r2_shim_reset(&m->ch->shim, r->china_shim, !forward_signals);
	return r->dflt.mf_read_init(&m->st, forward_signals) ? m : NULL;
}

static int mf_detect(void *h, const int16_t buf[], int samples)
{
	struct r2mf *m = h;
	int t = m->ch->r->dflt.mf_detect_tone(&m->st, buf, samples);

	if (t > 0)
		m->ch->last_rx = signal_number(t);
	return t < 0 ? t : cti__r2_shim_rx(&m->ch->shim, t);
}

static void *mf_write_init(void *h, int forward_signals)
{
	struct r2mf *m = h;

	return m->ch->r->dflt.mf_write_init(&m->st, forward_signals) ? m : NULL;
}

static int mf_generate(void *h, int16_t buf[], int samples)
{
	struct r2mf *m = h;

	return m->ch->r->dflt.mf_generate_tone(&m->st, buf, samples);
}

static int mf_select(void *h, char signal)
{
	struct r2mf *m = h;
	int t = cti__r2_shim_tx(&m->ch->shim, signal);

	/* a compelled tone ends now, not after what is queued */
	if (!t && m->tone && m->ch->fd >= 0)
		cti__dahdi_chan_flush_tx(m->ch->fd);
	m->tone = t;
	if (t)
		m->ch->last_tx = signal_number(t);
	return m->ch->r->dflt.mf_select_tone(&m->st, (char)t);
}

static int mf_want(void *h, int signal)
{
	struct r2mf *m = h;

	return m->ch->r->dflt.mf_want_generate(&m->st, signal);
}

/* ---- openr2's callbacks ---------------------------------------------------
 */

static void on_call_init(openr2_chan_t *oc)
{
	struct r2chan *ch = chan_of(oc);

	ch->in_call = true;
	ch->answered = ch->offered = false;
	ch->last_rx = ch->last_tx = 0;
	publish(ch);
}

static void on_call_offered(openr2_chan_t *oc, const char *ani,
			    const char *dnis,
			    openr2_calling_party_category_t cat)
{
	struct r2chan *ch = chan_of(oc);
	struct cti__r2_ev ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = CTI__R2_EV_OFFERED;
	ev.chan = ch->chan;
	ev.category = (int)cat;
	ev.ani_restricted = !ani;
	snprintf(ev.ani, sizeof(ev.ani), "%s", ani ? ani : "");
	snprintf(ev.dnis, sizeof(ev.dnis), "%s", dnis ? dnis : "");
	ch->offered = true;
	publish(ch);
	ch->r->fn(ch->r->user, &ev);
}

static void on_call_accepted(openr2_chan_t *oc, openr2_call_mode_t mode)
{
	struct r2chan *ch = chan_of(oc);

	emit(ch, CTI__R2_EV_ACCEPTED, 0,
	     openr2_proto_get_call_mode_string(mode));
}

static void on_call_answered(openr2_chan_t *oc)
{
	struct r2chan *ch = chan_of(oc);

	ch->answered = true;
	emit(ch, CTI__R2_EV_ANSWERED, 0, NULL);
}

static void on_call_disconnect(openr2_chan_t *oc,
			       openr2_call_disconnect_cause_t cause)
{
	struct r2chan *ch = chan_of(oc);

	emit(ch, CTI__R2_EV_DISCONNECT, cti__r2_disc_to_q850((int)cause),
	     openr2_proto_get_disconnect_string(cause));
}

static void on_call_end(openr2_chan_t *oc)
{
	struct r2chan *ch = chan_of(oc);

	ch->in_call = ch->answered = ch->offered = false;
	emit(ch, CTI__R2_EV_END, 0, NULL);
}

static void on_call_read(openr2_chan_t *oc, const unsigned char *buf, int len)
{
	struct r2chan *ch = chan_of(oc);

	if (ch->r->audio_fn && len > 0)
		ch->r->audio_fn(ch->r->audio_user, ch->chan, buf, (size_t)len);
}

static void on_hardware_alarm(openr2_chan_t *oc, int alarm)
{
	emit(chan_of(oc), CTI__R2_EV_ALARM, alarm ? 1 : 0, NULL);
}

static void on_os_error(openr2_chan_t *oc, int err)
{
	emit(chan_of(oc), CTI__R2_EV_OS_ERROR, err, strerror(err));
}

static void on_protocol_error(openr2_chan_t *oc, openr2_protocol_error_t e)
{
	struct r2chan *ch = chan_of(oc);

	/* openr2 has already set the channel idle */
	ch->in_call = ch->answered = ch->offered = false;
	emit(ch, CTI__R2_EV_PROTO_ERROR, cti__r2_proto_error_to_q850((int)e),
	     openr2_proto_get_error(e));
}

static void on_line_blocked(openr2_chan_t *oc)
{
	struct r2chan *ch = chan_of(oc);

	ch->blocked_far = true;
	emit(ch, CTI__R2_EV_BLOCKED, 0, NULL);
}

static void on_line_idle(openr2_chan_t *oc)
{
	struct r2chan *ch = chan_of(oc);

	ch->blocked_far = false;
	emit(ch, CTI__R2_EV_IDLE, 0, NULL);
}

static int on_dnis_digit(openr2_chan_t *oc, char digit)
{
	(void)oc;
	(void)digit;
	return 1; /* up to max_dnis */
}

static void on_ani_digit(openr2_chan_t *oc, char digit)
{
	(void)oc;
	(void)digit;
}

static void on_billing_pulse(openr2_chan_t *oc)
{
	struct r2chan *ch = chan_of(oc);

	cti__log(ch->r->ctx, CTI_LOG_INFO, MOD, "chan %d: metering pulse",
		 ch->chan);
}

/* ---- the loop ---------------------------------------------------------------
 */

static void chan_ready(cti_ctx_t *ctx, int fd, uint32_t revents, void *user)
{
	struct r2chan *ch = user;

	(void)ctx;
	(void)fd;
	(void)revents;
	openr2_chan_process_event(ch->oc);
	resync_timer(ch->r);
}

static void timer_fired(struct cti__timer *t, void *user)
{
	struct cti__r2 *r = user;

	(void)t;
	for (int i = 0; i < r->nch; i++)
		if (openr2_chan_get_time_to_next_event(r->ch[i].oc) == 0)
			openr2_chan_process_event(r->ch[i].oc);
	resync_timer(r);
}

/* Our context's "request next ANI digit" becomes the shim's virtual tone
 * (openr2 reads tone tables only from a file: a memfd). */
static int china_tones(struct cti__r2 *r, char *why, size_t why_len)
{
	char path[64];
	int fd = memfd_create("cti-r2-china", MFD_CLOEXEC), rc;
	static const char line[] = "mf_ga_tones.request_next_ani_digit=E\n";

	_Static_assert(CTI__R2_SHIM_VTONE == 'E', "the memfd line names E");
	if (fd < 0) {
		cti__why(why, why_len, "memfd_create: %s", strerror(errno));
		return CTI_EIO;
	}
	if (write(fd, line, sizeof(line) - 1) != (ssize_t)(sizeof(line) - 1)) {
		close(fd);
		cti__why(why, why_len, "memfd write failed");
		return CTI_EIO;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rc = openr2_context_configure_from_advanced_file(r->oc, path);
	close(fd);
	if (rc) {
		cti__why(why, why_len, "openr2 refused the China tone table");
		return CTI_EIO;
	}
	r->china_shim = true;
	return 0;
}

int cti__r2_new(cti_ctx_t *ctx, const struct cti__r2_cfg *cfg, cti__r2_ev_fn fn,
		void *user, struct cti__r2 **out, char *why, size_t why_len)
{
	struct cti__r2 *r;
	int variant, rc, max_ani, max_dnis;
	openr2_log_level_t lvl;

	if (out)
		*out = NULL;
	if (!ctx || !cfg || !fn || !out)
		return CTI_EINVAL;
	variant = cti__r2_variant_parse(cfg->variant);
	if (variant < 0) {
		cti__why(why, why_len, "variant: unknown R2 variant '%s' (%s)",
			 cfg->variant, cti__r2_variant_list());
		return CTI_EINVAL;
	}
	if (cfg->nchans < 1 || cfg->nchans > CTI__R2_MAX_CHAN) {
		cti__why(why, why_len, "channels: %d, expected 1..%d",
			 cfg->nchans, CTI__R2_MAX_CHAN);
		return CTI_EINVAL;
	}
	max_ani = cfg->max_ani < 0 ? 0 : cfg->max_ani ? cfg->max_ani : 20;
	max_dnis = cfg->max_dnis ? cfg->max_dnis : 4;
	if (max_ani < 0 || max_ani >= CTI__R2_DIGITS_MAX || max_dnis < 1 ||
	    max_dnis >= CTI__R2_DIGITS_MAX) {
		cti__why(why, why_len,
			 "max_ani %d / max_dnis %d: expected 0..%d / 1..%d",
			 max_ani, max_dnis, CTI__R2_DIGITS_MAX - 1,
			 CTI__R2_DIGITS_MAX - 1);
		return CTI_EINVAL;
	}
	for (int i = 0; i < cfg->nchans; i++) {
		if (cfg->chans[i] < 1) {
			cti__why(why, why_len, "channels: bad channel %d",
				 cfg->chans[i]);
			return CTI_EINVAL;
		}
		for (int j = 0; j < i; j++)
			if (cfg->chans[j] == cfg->chans[i]) {
				cti__why(why, why_len,
					 "channels: channel %d twice",
					 cfg->chans[i]);
				return CTI_EINVAL;
			}
	}

	r = calloc(1, sizeof(*r));
	if (!r)
		return CTI_ENOMEM;
	r->ctx = ctx;
	r->fn = fn;
	r->user = user;
	r->variant = variant;
	r->charge = cfg->charge;
	r->double_answer = cfg->double_answer;
	cti__timer_init(&r->timer, timer_fired, r);

	r->evi = (openr2_event_interface_t){
		.on_call_init = on_call_init,
		.on_call_offered = on_call_offered,
		.on_call_accepted = on_call_accepted,
		.on_call_answered = on_call_answered,
		.on_call_disconnect = on_call_disconnect,
		.on_call_end = on_call_end,
		.on_call_read = on_call_read,
		.on_hardware_alarm = on_hardware_alarm,
		.on_os_error = on_os_error,
		.on_protocol_error = on_protocol_error,
		.on_line_blocked = on_line_blocked,
		.on_line_idle = on_line_idle,
		.on_context_log = log_ctx,
		.on_dnis_digit_received = on_dnis_digit,
		.on_ani_digit_received = on_ani_digit,
		.on_billing_pulse_received = on_billing_pulse,
	};
	/* all NULL: openr2 fills in its own MF engine, which we keep and
	 * then wrap (the context holds a pointer to r->mf) */
	memset(&r->mf, 0, sizeof(r->mf));
	r->oc = openr2_context_new(&r->mf, &r->evi, NULL,
				   (openr2_variant_t)variant, max_ani,
				   max_dnis);
	if (!r->oc) {
		free(r);
		cti__why(why, why_len, "openr2 could not create a context");
		return CTI_ENOMEM;
	}
	r->dflt = r->mf;
	r->mf.mf_read_init = mf_read_init;
	r->mf.mf_write_init = mf_write_init;
	r->mf.mf_detect_tone = mf_detect;
	r->mf.mf_generate_tone = mf_generate;
	r->mf.mf_select_tone = mf_select;
	r->mf.mf_want_generate = mf_want;

	lvl = OR2_LOG_ERROR | OR2_LOG_WARNING;
	if (cfg->log_level >= CTI_LOG_NOTICE)
		lvl |= OR2_LOG_NOTICE;
	if (cfg->log_level >= CTI_LOG_DEBUG)
		lvl = OR2_LOG_ALL & ~OR2_LOG_STACK_TRACE;
	openr2_context_set_log_level(r->oc, lvl);
	openr2_context_set_ani_first(r->oc, cfg->ani_first ? 1 : 0);
	openr2_context_set_immediate_accept(r->oc,
					    cfg->immediate_accept ? 1 : 0);
	openr2_context_set_double_answer(r->oc, cfg->double_answer ? 1 : 0);
	openr2_context_set_mf_back_timeout(r->oc, -1); /* 5000 ms */
	openr2_context_set_metering_pulse_timeout(r->oc, -1);
	if (variant == OR2_VAR_CHINA) {
		rc = china_tones(r, why, why_len);
		if (rc) {
			cti__r2_free(r);
			return rc;
		}
	}

	for (int i = 0; i < cfg->nchans; i++) {
		struct r2chan *ch = &r->ch[i];

		ch->r = r;
		ch->chan = cfg->chans[i];
		ch->rx.ch = ch->tx.ch = ch;
		ch->fd = -1;
		ch->oc = openr2_chan_new(r->oc, ch->chan, &ch->tx, &ch->rx);
		if (!ch->oc) {
			cti__why(
				why, why_len,
				"channel %d: openr2 cannot open it (%s): is it a CAS channel of a configured span?",
				ch->chan,
				openr2_context_error_string(
					openr2_context_get_last_error(r->oc)));
			cti__r2_free(r);
			return CTI_EIO;
		}
		r->nch = i + 1;
		openr2_chan_set_client_data(ch->oc, ch);
		openr2_chan_set_logging_func(ch->oc, log_chan);
		ch->fd = openr2_chan_get_fd(ch->oc);
		rc = cti__dahdi_chan_numbufs(ch->fd, TX_BUFS);
		if (rc)
			cti__log(ctx, CTI_LOG_WARNING, MOD,
				 "chan %d: %d transmit buffers refused (%s); "
				 "openr2's 4 kept",
				 ch->chan, TX_BUFS, strerror(-rc));
		rc = cti_ctx_watch_fd(ctx, ch->fd, EPOLLIN | EPOLLPRI,
				      chan_ready, ch);
		if (rc) {
			cti__why(why, why_len,
				 "channel %d: cannot watch its fd", ch->chan);
			cti__r2_free(r);
			return rc;
		}
		ch->watched = true;
	}
	/* line state now: idle towards the far end, read theirs */
	for (int i = 0; i < r->nch; i++) {
		openr2_chan_set_idle(r->ch[i].oc);
		openr2_chan_handle_cas(r->ch[i].oc);
		publish(&r->ch[i]);
	}
	resync_timer(r);
	*out = r;
	return 0;
}

void cti__r2_free(struct cti__r2 *r)
{
	if (!r)
		return;
	cti__timer_cancel(r->ctx, &r->timer);
	for (int i = 0; i < r->nch; i++) {
		if (r->ch[i].watched)
			cti_ctx_unwatch_fd(r->ctx, r->ch[i].fd);
		if (r->ch[i].oc)
			cti__r2_state_remove(r->ch[i].chan);
	}
	/* deletes (and closes) every channel: openr2_chan_delete() does not
	 * unlink a channel from its context, so never call it as well */
	openr2_context_delete(r->oc);
	free(r);
}

void cti__r2_set_audio(struct cti__r2 *r, cti__r2_audio_fn fn, void *user)
{
	r->audio_fn = fn;
	r->audio_user = user;
}

/* DAHDI's "an event is waiting, read it first" (ELAST in its headers). */
#define DAHDI_EV_PENDING 500

int cti__r2_write(struct cti__r2 *r, int chan, const uint8_t *buf, size_t n)
{
	struct r2chan *ch = find(r, chan);
	ssize_t w;

	if (!ch)
		return CTI_ENOENT;
	if (!ch->answered)
		return CTI_ESTATE;
	/* Not openr2_chan_write(): in 1.3.3 it spins on EAGAIN, rewrites
	 * from the start of buf after a short write, and reports DAHDI's
	 * event-pending return as an OS error that ends the call. The fd is
	 * openr2's own, non-blocking. */
	w = write(ch->fd, buf, n);
	if (w >= 0)
		return (int)w;
	if (errno == EAGAIN || errno == DAHDI_EV_PENDING)
		return 0; /* full, or a line signal to handle first: not lost
			   * for the call, one block of audio is */
	return CTI_EIO;
}

static bool digits_ok(const char *s, bool empty_ok)
{
	if (!s)
		return empty_ok;
	if (!*s && !empty_ok)
		return false;
	if (strlen(s) >= CTI__R2_DIGITS_MAX)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int cti__r2_make_call(struct cti__r2 *r, int chan, const char *ani,
		      const char *dnis, int category)
{
	struct r2chan *ch = NULL;
	int rc;

	if (!digits_ok(dnis, false) || !digits_ok(ani, true))
		return CTI_EFORMAT;
	if (category < 0 || category >= CTI__R2_CAT_COUNT)
		return CTI_EINVAL;
	if (chan) {
		ch = find(r, chan);
		if (!ch)
			return CTI_ENOENT;
		if (ch->in_call || ch->blocked_far || ch->blocked_local)
			return CTI_EBUSY;
	} else {
		for (int i = 0; i < r->nch && !ch; i++)
			if (!r->ch[i].in_call && !r->ch[i].blocked_far &&
			    !r->ch[i].blocked_local)
				ch = &r->ch[i];
		if (!ch)
			return CTI_ENOCHAN;
	}
	/* openr2 sends ANI "restricted" for NULL, our "" is no ANI */
	rc = openr2_chan_make_call(ch->oc, ani ? ani : "", dnis,
				   (openr2_calling_party_category_t)category);
	resync_timer(r);
	if (rc)
		return CTI_EIO;
	ch->in_call = true;
	publish(ch);
	return ch->chan;
}

static struct r2chan *in_call(struct cti__r2 *r, int chan, int *err)
{
	struct r2chan *ch = find(r, chan);

	*err = !ch ? CTI_ENOENT : !ch->in_call ? CTI_ESTATE : 0;
	return *err ? NULL : ch;
}

int cti__r2_accept(struct cti__r2 *r, int chan)
{
	int err;
	struct r2chan *ch = in_call(r, chan, &err);

	if (!ch)
		return err;
	if (!ch->offered)
		return CTI_ESTATE;
	err = openr2_chan_accept_call(ch->oc, r->charge ? OR2_CALL_WITH_CHARGE
							: OR2_CALL_NO_CHARGE);
	resync_timer(r);
	return err ? CTI_EIO : 0;
}

int cti__r2_answer(struct cti__r2 *r, int chan)
{
	int err;
	struct r2chan *ch = in_call(r, chan, &err);

	if (!ch)
		return err;
	err = r->double_answer ? openr2_chan_answer_call_with_mode(
					 ch->oc, OR2_ANSWER_DOUBLE)
			       : openr2_chan_answer_call(ch->oc);
	resync_timer(r);
	if (err)
		return CTI_EIO;
	ch->answered = true;
	publish(ch);
	return 0;
}

int cti__r2_hangup(struct cti__r2 *r, int chan, int cause)
{
	int err;
	struct r2chan *ch = in_call(r, chan, &err);

	if (!ch)
		return err;
	err = openr2_chan_disconnect_call(
		ch->oc,
		(openr2_call_disconnect_cause_t)cti__r2_q850_to_disc(cause));
	resync_timer(r);
	return err ? CTI_EIO : 0;
}

int cti__r2_block(struct cti__r2 *r, int chan, bool blocked)
{
	struct r2chan *ch = find(r, chan);
	int err;

	if (!ch)
		return CTI_ENOENT;
	if (ch->in_call)
		return CTI_EBUSY;
	err = blocked ? openr2_chan_set_blocked(ch->oc)
		      : openr2_chan_set_idle(ch->oc);
	if (err)
		return CTI_EIO;
	ch->blocked_local = blocked;
	publish(ch);
	resync_timer(r);
	return 0;
}

int cti__r2_chan_info(struct cti__r2 *r, int chan,
		      struct cti__r2_chan_info *info)
{
	struct r2chan *ch = find(r, chan);

	if (!ch)
		return CTI_ENOENT;
	memset(info, 0, sizeof(*info));
	info->chan = chan;
	snprintf(info->line, sizeof(info->line), "%s", line_word(ch));
	snprintf(info->r2_state, sizeof(info->r2_state), "%s",
		 openr2_chan_get_r2_state_string(ch->oc));
	snprintf(info->mf_state, sizeof(info->mf_state), "%s",
		 openr2_chan_get_mf_state_string(ch->oc));
	snprintf(info->rx_cas, sizeof(info->rx_cas), "%s",
		 openr2_chan_get_rx_cas_string(ch->oc));
	snprintf(info->tx_cas, sizeof(info->tx_cas), "%s",
		 openr2_chan_get_tx_cas_string(ch->oc));
	info->rx_mf = openr2_chan_get_rx_mf_signal(ch->oc);
	info->tx_mf = openr2_chan_get_tx_mf_signal(ch->oc);
	info->in_call = ch->in_call;
	info->forward = ch->in_call &&
			openr2_chan_get_direction(ch->oc) == OR2_DIR_FORWARD;
	return 0;
}

int cti__r2_variant(const struct cti__r2 *r)
{
	return r->variant;
}
