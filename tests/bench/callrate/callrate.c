// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * callrate: what a PRI call costs.
 *
 *  1. setup rate: complete calls (SETUP .. CONNECT .. RELEASE COMPLETE)
 *     per CPU second through libcti on a loop E1 pair, 30 at a time;
 *  2. the same call flow on two bare libpri instances wired together in
 *     memory (the reference: libpri alone), and the CPU time per call
 *     libcti adds on top of it;
 *  3. D-channel octets per call, and the calls per second a 64 kbit/s D
 *     channel can carry at that cost (the physical limit of a span).
 *
 * The reference harness includes <libpri.h> itself: it measures libpri,
 * not libcti, as the dsp benchmarks measure spandsp.
 */
#include <libpri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cti/call.h"
#include "cti/ctx.h"
#include "cti/span.h"

#define ROUNDS	  200
#define PER_ROUND 30

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- libcti ---------------------------------------------------------- */

static cti_span_id_t net, cpe;
static unsigned established, cleared;

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	(void)u;
	if (ev->type == CTI_EVENT_CALL_OFFERED)
		cti_call_answer(ctx, ev->u.call.call_id);
	else if (ev->type == CTI_EVENT_CALL_ESTABLISHED &&
		 ev->u.call.span_id == cpe)
		established++;
	else if (ev->type == CTI_EVENT_CALL_CLEARED &&
		 ev->u.call.span_id == cpe)
		cleared++;
}

static double bench_libcti(uint64_t *d_bytes_max, uint64_t *calls)
/* d_bytes_max: octets on the wire in the busier direction, one flag per
 * frame included */
{
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti_span_config n = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_NET };
	struct cti_span_config c = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_CPE };
	struct cti_span_status sn, sc;
	uint64_t tx0n, tx0c;
	cti_call_id_t ids[PER_ROUND];
	cti_ctx_t *ctx;
	double t0, t;

	if (cti_ctx_new(&ctx, &cfg) ||
	    cti_span_open_loop(ctx, &net, &cpe, &n, &c, NULL)) {
		fprintf(stderr, "callrate: cannot open the loop spans\n");
		exit(1);
	}
	cti_ctx_set_event_cb(ctx, on_event, NULL);
	/* the links come up and settle (SPAN_UP) */
	if (cti_ctx_run_idle(ctx, 10000))
		exit(1);
	cti_span_get_status(ctx, net, &sn);
	cti_span_get_status(ctx, cpe, &sc);
	tx0n = sn.d_tx_bytes + sn.d_tx_frames;
	tx0c = sc.d_tx_bytes + sc.d_tx_frames;
	t0 = cpu_s();
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < PER_ROUND; i++) {
			struct cti_call_params p = { .span = cpe };

			snprintf(p.dnis.digits, sizeof(p.dnis.digits),
				 "55510%02d", i);
			snprintf(p.ani.digits, sizeof(p.ani.digits),
				 "2025550100");
			if (cti_call_make(ctx, &ids[i], &p))
				exit(1);
		}
		cti_clock_advance(ctx, 1); /* frames cross at once */
		for (int i = 0; i < PER_ROUND; i++)
			cti_call_clear(ctx, ids[i], 16);
		cti_clock_advance(ctx, 1);
	}
	t = cpu_s() - t0;
	cti_span_get_status(ctx, net, &sn);
	cti_span_get_status(ctx, cpe, &sc);
	*calls = ROUNDS * PER_ROUND;
	if (established != *calls || cleared != *calls) {
		fprintf(stderr,
			"callrate: %u established, %u cleared of %llu\n",
			established, cleared, (unsigned long long)*calls);
		exit(1);
	}
	/* the busier direction limits the rate */
	sn.d_tx_bytes += sn.d_tx_frames - tx0n;
	sc.d_tx_bytes += sc.d_tx_frames - tx0c;
	*d_bytes_max =
		sn.d_tx_bytes > sc.d_tx_bytes ? sn.d_tx_bytes : sc.d_tx_bytes;
	cti_ctx_free(ctx);
	return t;
}

/* ---- the modelled 64 kbit/s D channel, in virtual time ---------------- */

static cti_span_id_t vnet, vcpe;
static unsigned vdone;

static void dial_one(cti_ctx_t *ctx)
{
	struct cti_call_params p = { .span = vcpe };
	cti_call_id_t id;

	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "5551000");
	snprintf(p.ani.digits, sizeof(p.ani.digits), "2025550100");
	if (cti_call_make(ctx, &id, &p))
		exit(1);
}

/* answer at once, clear as soon as connected, redial at once */
static void on_vevent(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	const struct cti_call_event *c = &ev->u.call;

	(void)u;
	if (ev->type == CTI_EVENT_CALL_OFFERED)
		cti_call_answer(ctx, c->call_id);
	else if (ev->type == CTI_EVENT_CALL_ESTABLISHED && c->span_id == vcpe)
		cti_call_clear(ctx, c->call_id, 16);
	else if (ev->type == CTI_EVENT_CALL_CLEARED && c->span_id == vcpe) {
		vdone++;
		dial_one(ctx);
	} else if (ev->type == CTI_EVENT_CALL_FAILED) {
		fprintf(stderr, "callrate: a call failed: cause %d\n",
			c->cause);
		exit(1);
	}
}

/* Completed calls per second when the D channel's 64 kbit/s is the only
 * limit: 30 calls kept in progress for a virtual minute. */
static double bench_dchannel_limit(void)
{
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti_span_config n = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_NET };
	struct cti_span_config c = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_CPE };
	struct cti_loop_config lc = { .d_bitrate = 64000 };
	cti_ctx_t *ctx;
	unsigned start;

	if (cti_ctx_new(&ctx, &cfg) ||
	    cti_span_open_loop(ctx, &vnet, &vcpe, &n, &c, &lc))
		exit(1);
	cti_ctx_set_event_cb(ctx, on_vevent, NULL);
	/* the links come up and settle (SPAN_UP) */
	if (cti_ctx_run_idle(ctx, 10000))
		exit(1);
	for (int i = 0; i < PER_ROUND; i++)
		dial_one(ctx);
	cti_clock_advance(ctx, 10000); /* warm up */
	start = vdone;
	cti_clock_advance(ctx, 60000);
	cti_ctx_free(ctx);
	return (vdone - start) / 60.0;
}

/* ---- bare libpri ------------------------------------------------------ */

struct frame {
	struct frame *next;
	int len;
	unsigned char data[512];
};

struct side {
	struct pri *pri;
	struct frame *head, *tail; /* frames waiting for this side */
	struct side *peer;
	q931_call *calls[PER_ROUND];
	int ncalls;
};

static struct side sn_, sc_;

static int raw_write(struct pri *pri, void *buf, int len)
{
	struct side *s = pri_get_userdata(pri), *p = s->peer;
	struct frame *f = calloc(1, sizeof(*f));

	if (!f || len > (int)sizeof(f->data))
		exit(1);
	memcpy(f->data, buf, (size_t)len);
	f->len = len;
	if (p->tail)
		p->tail->next = f;
	else
		p->head = f;
	p->tail = f;
	return len;
}

static int raw_read(struct pri *pri, void *buf, int len)
{
	struct side *s = pri_get_userdata(pri);
	struct frame *f = s->head;
	int n;

	if (!f)
		return -1;
	s->head = f->next;
	if (!s->head)
		s->tail = NULL;
	n = f->len < len ? f->len : len;
	memcpy(buf, f->data, (size_t)n);
	free(f);
	return n;
}

static unsigned raw_up, raw_answered, raw_done;

static void raw_handle(struct side *s, pri_event *e)
{
	switch (e->e) {
	case PRI_EVENT_DCHAN_UP:
		raw_up++;
		break;
	case PRI_EVENT_RING:
		pri_proceeding(s->pri, e->ring.call, e->ring.channel, 0);
		pri_answer(s->pri, e->ring.call, e->ring.channel, 0);
		break;
	case PRI_EVENT_ANSWER:
		raw_answered++;
		break;
	case PRI_EVENT_HANGUP_REQ:
		pri_hangup(s->pri, e->hangup.call, e->hangup.cause);
		break;
	case PRI_EVENT_HANGUP:
		pri_hangup(s->pri, e->hangup.call, e->hangup.cause);
		raw_done++;
		break;
	case PRI_EVENT_HANGUP_ACK:
		raw_done++;
		break;
	default:
		break;
	}
}

static void raw_pump(void)
{
	bool more = true;

	while (more) {
		more = false;
		for (struct side *s = &sn_; s; s = s == &sn_ ? &sc_ : NULL) {
			while (s->head) {
				pri_event *e = pri_check_event(s->pri);

				more = true;
				if (e)
					raw_handle(s, e);
			}
		}
	}
}

static void silent(struct pri *pri, char *s)
{
	(void)pri;
	(void)s;
}

static double bench_libpri(void)
{
	double t0, t;

	pri_set_error(silent);
	pri_set_message(silent);
	sn_.peer = &sc_;
	sc_.peer = &sn_;
	sn_.pri = pri_new_cb(-1, PRI_NETWORK, PRI_SWITCH_EUROISDN_E1, raw_read,
			     raw_write, &sn_);
	sc_.pri = pri_new_cb(-1, PRI_CPE, PRI_SWITCH_EUROISDN_E1, raw_read,
			     raw_write, &sc_);
	raw_pump();
	if (raw_up != 2) {
		fprintf(stderr, "callrate: raw libpri link not up\n");
		exit(1);
	}
	t0 = cpu_s();
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < PER_ROUND; i++) {
			struct pri_sr *sr = pri_sr_new();
			char called[16], caller[16] = "2025550100";

			snprintf(called, sizeof(called), "55510%02d", i);
			sc_.calls[i] = pri_new_call(sc_.pri);
			pri_sr_set_channel(sr, i + 1 + (i >= 15), 1, 0);
			pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH,
					  PRI_LAYER_1_ALAW);
			pri_sr_set_called(sr, called, PRI_UNKNOWN, 1);
			pri_sr_set_caller(
				sr, caller, NULL, PRI_UNKNOWN,
				PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
			pri_setup(sc_.pri, sc_.calls[i], sr);
			pri_sr_free(sr);
		}
		raw_pump();
		for (int i = 0; i < PER_ROUND; i++)
			pri_hangup(sc_.pri, sc_.calls[i], 16);
		raw_pump();
	}
	t = cpu_s() - t0;
	if (raw_answered != ROUNDS * PER_ROUND) {
		fprintf(stderr, "callrate: raw libpri answered %u\n",
			raw_answered);
		exit(1);
	}
	return t;
}

int main(void)
{
	uint64_t dbytes, calls;
	double t_cti = bench_libcti(&dbytes, &calls);
	double t_pri = bench_libpri();
	double dch_rate = bench_dchannel_limit();
	double per_cti = t_cti / calls * 1e6, per_pri = t_pri / calls * 1e6;
	/* address, control, Q.931, 2 FCS octets and one flag per frame (bit
	 * stuffing, about 1/62 more on random data, left out) */
	double frames_bits = dbytes * 8.0 / calls;

	printf("callrate: %llu calls (30 at a time, E1 EuroISDN, loop pair)\n",
	       (unsigned long long)calls);
	printf("  libcti setup rate:          %10.0f calls/s per CPU second "
	       "(%.1f us per call, both sides)\n",
	       calls / t_cti, per_cti);
	printf("  bare libpri (reference):    %10.0f calls/s per CPU second "
	       "(%.1f us per call)\n",
	       calls / t_pri, per_pri);
	printf("  libcti adds per call:       %10.1f us (%.2fx libpri)\n",
	       per_cti - per_pri, per_cti / per_pri);
	printf("  D channel per call:         %10.0f bits in the busier "
	       "direction (frames + FCS + flags)\n",
	       frames_bits);
	printf("  64 kbit/s D channel limit:  %10.1f calls/s per span; "
	       "libcti's CPU rate is %.0fx that\n",
	       64000.0 / frames_bits,
	       (calls / t_cti) / (64000.0 / frames_bits));
	printf("  measured on a modelled 64 kbit/s D channel: %.1f calls/s "
	       "(30 in progress, virtual time)\n",
	       dch_rate);
	return 0;
}
