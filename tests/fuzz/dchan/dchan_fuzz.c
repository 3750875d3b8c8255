// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * D-channel frames from outside: a loop E1 pair (libpri NET <-> CPE,
 * EuroISDN) on the virtual clock brings a call up, then the input's
 * frames are put on the wire towards either side, between the frames
 * libpri sends itself, with time passing between them (Q.921 and Q.931
 * timers run). A frame is one header byte (bit 0: towards NET or CPE;
 * bit 1: give an I-frame the sequence numbers the receiver expects, so
 * its Q.931 content is parsed; bits 2-7: milliseconds x 10 to wait
 * first), one length byte and that many bytes (the 2 FCS bytes the
 * backend carries are added). A calling SETUP from outside is answered.
 * Checked: no crash, leak or undefined behaviour in libcti or in what it
 * hands libpri; every call reports its end exactly once and nothing
 * after it; once the harness clears every call and time runs on, every
 * call has ended.
 */
#include <stdbool.h>

#include "call/call.h"
#include "cti/cti.h"
#include "fuzz.h"

#define MAX_IDS 256

static struct world {
	cti_ctx_t *ctx;
	cti_span_id_t net, cpe;
	struct cti__span *span[2]; /* 0: NET's, 1: CPE's */
	const struct cti__span_ops *orig[2];
	struct cti__span_ops wrap[2];
	/* side i's send state variable V(S) as seen on the wire: one past
	 * the N(S) of the last I-frame it sent (retransmissions repeat it) */
	unsigned vs[2];
	uint8_t started[MAX_IDS], ended[MAX_IDS];
	cti_call_id_t ours;
	bool up[2];
	bool established;
} W;

/* Follow the I-frames each side sends (2-octet address). */
static void count_iframe(int side, const uint8_t *b, int len)
{
	if (len >= 4 && !(b[2] & 1))
		W.vs[side] = ((unsigned)(b[2] >> 1) + 1) % 128;
}

static int wrap_write(int side, struct cti__span *s, const void *buf, int len)
{
	count_iframe(side, buf, len);
	return W.orig[side]->d_write(s, buf, len);
}

static int net_write(struct cti__span *s, const void *buf, int len)
{
	return wrap_write(0, s, buf, len);
}

static int cpe_write(struct cti__span *s, const void *buf, int len)
{
	return wrap_write(1, s, buf, len);
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	const struct cti_call_event *c = &ev->u.call;

	(void)u;
	if (getenv("CTI_FUZZ_TRACE"))
		fprintf(stderr, "%8llu ms  %s call %u span %u cause %d\n",
			(unsigned long long)cti_now_ms(ctx),
			cti_event_name((int)ev->type), c->call_id,
			ev->type >= CTI_EVENT_SPAN_ALARM ? ev->u.span.span_id :
							   c->span_id,
			c->cause);
	if (ev->type >= CTI_EVENT_SPAN_ALARM) {
		int side = ev->u.span.span_id == W.net ? 0 : 1;

		if (ev->type == CTI_EVENT_SPAN_UP)
			W.up[side] = true;
		else if (ev->type == CTI_EVENT_SPAN_DOWN)
			W.up[side] = false;
		return;
	}
	FZ_CHECK(c->call_id < MAX_IDS);
	FZ_CHECK(!W.ended[c->call_id]); /* nothing after the end */
	switch (ev->type) {
	case CTI_EVENT_CALL_ORIGINATED:
	case CTI_EVENT_CALL_OFFERED:
		FZ_CHECK(!W.started[c->call_id]);
		W.started[c->call_id] = 1;
		FZ_CHECK(memchr(c->dnis.digits, 0, sizeof(c->dnis.digits)));
		FZ_CHECK(memchr(c->ani.digits, 0, sizeof(c->ani.digits)));
		if (ev->type == CTI_EVENT_CALL_OFFERED) {
			cti_call_alert(ctx, c->call_id);
			cti_call_answer(ctx, c->call_id);
		}
		break;
	case CTI_EVENT_CALL_ESTABLISHED:
		if (c->call_id == W.ours)
			W.established = true;
		break;
	case CTI_EVENT_CALL_CLEARED:
	case CTI_EVENT_CALL_FAILED:
		FZ_CHECK(W.started[c->call_id]);
		W.ended[c->call_id] = 1;
		break;
	default:
		break;
	}
}

static void run_ms(uint64_t ms)
{
	FZ_CHECK(cti_clock_advance(W.ctx, ms) == 0);
}

static void quiet(void *u, int level, const char *m, const char *msg)
{
	(void)u;
	(void)level;
	(void)m;
	(void)msg;
}

static void setup(void)
{
	struct cti_ctx_config cc = { .clock = CTI_CLOCK_VIRTUAL,
				     .log_fn = quiet };
	struct cti_span_config n = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_NET,
				     .switchtype = CTI_SWITCH_EUROISDN };
	struct cti_span_config c = n;
	struct cti_loop_config lc = { .d_bitrate = 64000 };
	struct cti_call_params p;

	memset(&W, 0, sizeof(W));
	c.side = CTI_SIDE_CPE;
	if (cti_ctx_new(&W.ctx, &cc))
		abort();
	cti_ctx_set_event_cb(W.ctx, on_event, NULL);
	if (cti_span_open_loop(W.ctx, &W.net, &W.cpe, &n, &c, &lc))
		abort();
	W.span[0] = cti__cspan_find(W.ctx, W.net)->span;
	W.span[1] = cti__cspan_find(W.ctx, W.cpe)->span;
	for (int i = 0; i < 2; i++) {
		W.orig[i] = W.span[i]->ops;
		W.wrap[i] = *W.orig[i];
		W.wrap[i].d_write = i ? cpe_write : net_write;
		W.span[i]->ops = &W.wrap[i];
	}
	/* SPAN_UP once the data link has settled (lib/call) */
	for (int i = 0; i < 100 && !(W.up[0] && W.up[1]); i++)
		run_ms(100);
	FZ_CHECK(W.up[0] && W.up[1]);
	memset(&p, 0, sizeof(p));
	p.span = W.cpe;
	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "5551000");
	snprintf(p.ani.digits, sizeof(p.ani.digits), "2000");
	FZ_CHECK(cti_call_make(W.ctx, &W.ours, &p) == 0);
	for (int i = 0; i < 50 && !W.established; i++)
		run_ms(20);
	FZ_CHECK(W.established);
}

/* Put one frame on the wire towards side `to` (0 NET, 1 CPE). */
static void inject(int to, bool fix_seq, const uint8_t *d, size_t n)
{
	uint8_t buf[CTI__MAX_FRAME];
	int from = !to;

	if (n > CTI__MAX_FRAME - 2)
		n = CTI__MAX_FRAME - 2;
	memcpy(buf, d, n);
	if (fix_seq && n >= 4 && !(buf[2] & 1)) {
		/* N(S): what the receiver expects next; N(R): all acked */
		buf[2] = (uint8_t)(W.vs[from] << 1);
		buf[3] = (uint8_t)(W.vs[to] << 1 | (buf[3] & 1));
	}
	buf[n] = buf[n + 1] = 0; /* FCS placeholder */
	count_iframe(from, buf, (int)n + 2);
	/* the sender's own transmitter puts it on the wire */
	W.orig[from]->d_write(W.span[from], buf, (int)n + 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };

	setup();
	for (int k = 0; f.n >= 2 && k < 48; k++) {
		uint8_t h = fz_u8(&f);
		const uint8_t *frame;
		size_t n = fz_take(&f, fz_u8(&f), &frame);

		run_ms((uint64_t)(h >> 2) * 10);
		inject(h & 1, h & 2, frame, n);
		run_ms(5);
	}
	run_ms(100);
	/* the application hangs up everything, and waits */
	for (cti_call_id_t id = 0; id < MAX_IDS; id++)
		if (W.started[id] && !W.ended[id])
			cti_call_clear(W.ctx, id, CTI_CAUSE_NORMAL_CLEARING);
	run_ms(20000);
	for (cti_call_id_t id = 0; id < MAX_IDS; id++)
		FZ_CHECK(W.started[id] == W.ended[id]);
	for (int i = 0; i < 2; i++)
		W.span[i]->ops = W.orig[i];
	cti_ctx_set_event_cb(W.ctx, NULL, NULL);
	cti_ctx_free(W.ctx);
	return 0;
}
