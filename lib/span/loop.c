// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The loop backend: two virtual spans wired back to back in-process.
 * D-channel frames cross after their serialisation time at the configured
 * bit rate (0: at once, still on a timer so the caller's stack unwinds);
 * B-channel audio crosses one 20 ms block per tick of the context's clock.
 * Faults: a frame-drop rate and an unplugged cable.
 */
#include <stdlib.h>
#include <string.h>

#include "cti/spandiag.h"
#include "span/span.h"

struct frame {
	struct frame *next;
	uint64_t arrive_us;
	int len;
	uint8_t data[];
};

struct loop_pair;

struct loop_span {
	struct cti__span s; /* first: the generic view */
	struct loop_pair *pair;
	struct loop_span *peer;
	struct frame *rxq_head, *rxq_tail; /* in flight towards us */
	struct frame *ready, *ready_tail;  /* arrived, not yet read */
	struct cti__timer arrive;
	uint64_t line_free_us; /* when our transmitter is idle again */
	uint32_t lose;	       /* frames we send still to be lost */
};

struct loop_pair {
	struct loop_span a, b;
	struct cti__timer tick; /* armed only while a channel is active */
	uint64_t epoch_us;	/* ticks fall on epoch + k x 20 ms */
	uint32_t bitrate;
	uint32_t drop_ppm;
	uint64_t rng;
	bool link_up;
	int refs;
};

static struct loop_span *ls(struct cti__span *s)
{
	return (struct loop_span *)s;
}

static uint32_t rng_next(struct loop_pair *p)
{
	/* xorshift64: deterministic per seed, good enough for loss */
	p->rng ^= p->rng << 13;
	p->rng ^= p->rng >> 7;
	p->rng ^= p->rng << 17;
	return (uint32_t)(p->rng >> 32);
}

static void arrive_fire(struct cti__timer *t, void *user)
{
	struct loop_span *me = user;
	uint64_t now = cti__now_us(me->s.ctx);
	bool got = false;

	(void)t;
	while (me->rxq_head && me->rxq_head->arrive_us <= now) {
		struct frame *f = me->rxq_head;

		me->rxq_head = f->next;
		if (!me->rxq_head)
			me->rxq_tail = NULL;
		f->next = NULL;
		if (me->ready_tail)
			me->ready_tail->next = f;
		else
			me->ready = f;
		me->ready_tail = f;
		got = true;
	}
	if (me->rxq_head)
		cti__timer_arm_at(me->s.ctx, &me->arrive,
				  me->rxq_head->arrive_us);
	if (got && me->s.up && me->s.up->d_ready)
		me->s.up->d_ready(me->s.up_data);
}

static int loop_d_write(struct cti__span *s, const void *buf, int len)
{
	struct loop_span *me = ls(s), *peer = me->peer;
	struct loop_pair *p = me->pair;
	uint64_t now = cti__now_us(s->ctx), start;
	struct frame *f;

	if (len <= 0 || len > CTI__MAX_FRAME)
		return CTI_EINVAL;
	s->stats.d_tx_frames++;
	s->stats.d_tx_bytes += (uint64_t)len;
	if (me->lose) {
		me->lose--;
		s->stats.d_dropped++;
		return len;
	}
	if (!p->link_up ||
	    (p->drop_ppm && rng_next(p) % 1000000u < p->drop_ppm)) {
		s->stats.d_dropped++;
		return len; /* lost on the wire: the sender cannot tell */
	}
	f = malloc(sizeof(*f) + (size_t)len);
	if (!f)
		return CTI_ENOMEM;
	memcpy(f->data, buf, (size_t)len);
	f->len = len;
	f->next = NULL;
	start = now > me->line_free_us ? now : me->line_free_us;
	if (p->bitrate) {
		/* flag + frame (the FCS bytes stand for the real FCS) + flag;
		 * bit stuffing ignored */
		uint64_t bits = (uint64_t)(len + 2) * 8u;

		me->line_free_us = start + bits * 1000000u / p->bitrate;
		f->arrive_us = me->line_free_us;
	} else {
		f->arrive_us = start;
	}
	if (peer->rxq_tail)
		peer->rxq_tail->next = f;
	else
		peer->rxq_head = f;
	peer->rxq_tail = f;
	if (!cti__timer_armed(&peer->arrive))
		cti__timer_arm_at(s->ctx, &peer->arrive, f->arrive_us);
	return len;
}

static int loop_d_read(struct cti__span *s, void *buf, int len)
{
	struct loop_span *me = ls(s);
	struct frame *f = me->ready;
	int n;

	if (!f)
		return CTI_EAGAIN;
	me->ready = f->next;
	if (!me->ready)
		me->ready_tail = NULL;
	n = f->len < len ? f->len : len;
	memcpy(buf, f->data, (size_t)n);
	s->stats.d_rx_frames++;
	s->stats.d_rx_bytes += (uint64_t)n;
	free(f);
	return n;
}

static bool loop_d_pending(struct cti__span *s)
{
	return ls(s)->ready != NULL;
}

static void free_frames(struct frame *f)
{
	while (f) {
		struct frame *next = f->next;

		free(f);
		f = next;
	}
}

static void exchange(struct loop_span *from, struct loop_span *to, int ch)
{
	if (from->pair->link_up)
		memcpy(to->s.rx[ch], from->s.tx[ch], CTI__BLOCK);
	else
		memset(to->s.rx[ch], cti__law_idle(to->s.law), CTI__BLOCK);
	/* the transmitter idles unless the layer above refills it */
	memset(from->s.tx[ch], cti__law_idle(from->s.law), CTI__BLOCK);
}

static void notify_audio(struct loop_span *me, int ch)
{
	if (me->s.active[ch] && me->s.up && me->s.up->audio)
		me->s.up->audio(me->s.up_data, ch);
}

static bool any_active(const struct loop_pair *p)
{
	for (int ch = 1; ch < CTI__MAX_CHAN; ch++)
		if (p->a.s.active[ch] || p->b.s.active[ch])
			return true;
	return false;
}

static void loop_active_changed(struct cti__span *s);

static void tick_fire(struct cti__timer *t, void *user)
{
	struct loop_pair *p = user;
	int kind = p->a.s.kind;

	/* every channel crosses first, then both sides see the same block,
	 * so a conference mixes samples of one instant */
	for (int ch = 1; ch < CTI__MAX_CHAN; ch++) {
		if (!cti__span_is_bchan(kind, ch))
			continue;
		if (!p->a.s.active[ch] && !p->b.s.active[ch])
			continue;
		exchange(&p->b, &p->a, ch);
		exchange(&p->a, &p->b, ch);
	}
	p->a.s.stats.blocks++;
	p->b.s.stats.blocks++;
	for (int ch = 1; ch < CTI__MAX_CHAN; ch++) {
		if (!cti__span_is_bchan(kind, ch))
			continue;
		notify_audio(&p->a, ch);
		notify_audio(&p->b, ch);
	}
	if (any_active(p))
		cti__timer_arm_at(p->a.s.ctx, t, t->due_us + 20000);
}

/* No call, no tick: an idle pair costs no wakeups. A call starting
 * resumes the ticks on the same 20 ms grid, so runs stay reproducible. */
static void loop_active_changed(struct cti__span *s)
{
	struct loop_pair *p = ls(s)->pair;
	uint64_t now, next;

	if (cti__timer_armed(&p->tick) || !any_active(p))
		return;
	now = cti__now_us(s->ctx);
	next = p->epoch_us + ((now - p->epoch_us) / 20000 + 1) * 20000;
	cti__timer_arm_at(s->ctx, &p->tick, next);
}

static void loop_free(struct cti__span *s)
{
	struct loop_span *me = ls(s);
	struct loop_pair *p = me->pair;

	cti__timer_cancel(s->ctx, &me->arrive);
	free_frames(me->rxq_head);
	free_frames(me->ready);
	me->rxq_head = me->rxq_tail = me->ready = me->ready_tail = NULL;
	/* the peer keeps a dead cable until it is freed too */
	p->link_up = false;
	if (--p->refs == 0) {
		cti__timer_cancel(s->ctx, &p->tick);
		free(p);
	}
}

static const struct cti__span_ops loop_ops = {
	.d_read = loop_d_read,
	.d_write = loop_d_write,
	.d_pending = loop_d_pending,
	.active_changed = loop_active_changed,
	.free = loop_free,
	.name = "loop",
};

bool cti__span_is_loop(const struct cti__span *s)
{
	return s->ops == &loop_ops;
}

int cti__span_loop_pair(cti_ctx_t *ctx, int kind, int law,
			const struct cti__loop_opts *o, struct cti__span **a,
			struct cti__span **b)
{
	struct loop_pair *p;

	if (kind != CTI__SPAN_E1 && kind != CTI__SPAN_T1)
		return CTI_EINVAL;
	if (law != CTI__LAW_ALAW && law != CTI__LAW_ULAW)
		return CTI_EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return CTI_ENOMEM;
	cti__span_init(&p->a.s, ctx, &loop_ops, kind, law);
	cti__span_init(&p->b.s, ctx, &loop_ops, kind, law);
	p->a.pair = p->b.pair = p;
	p->a.peer = &p->b;
	p->b.peer = &p->a;
	cti__timer_init(&p->a.arrive, arrive_fire, &p->a);
	cti__timer_init(&p->b.arrive, arrive_fire, &p->b);
	cti__timer_init(&p->tick, tick_fire, p);
	p->bitrate = o ? o->d_bitrate : 0;
	p->rng = (o && o->seed) ? o->seed : 0x9E3779B97F4A7C15ull;
	p->link_up = true;
	p->refs = 2;
	p->epoch_us = cti__now_us(ctx);
	*a = &p->a.s;
	*b = &p->b.s;
	return 0;
}

int cti__span_loop_set_drop(struct cti__span *s, uint32_t ppm)
{
	if (!cti__span_is_loop(s) || ppm > 1000000u)
		return CTI_EINVAL;
	ls(s)->pair->drop_ppm = ppm;
	return 0;
}

int cti__span_loop_set_link(struct cti__span *s, bool up)
{
	struct loop_pair *p;
	uint32_t alarms = up ? 0 : CTI_SPAN_ALARM_RED | CTI_SPAN_ALARM_LOS;

	if (!cti__span_is_loop(s))
		return CTI_EINVAL;
	p = ls(s)->pair;
	if (p->refs < 2)
		return CTI_EINVAL;
	p->link_up = up;
	if (!up) {
		/* frames on the wire are lost with the cable */
		free_frames(p->a.rxq_head);
		free_frames(p->b.rxq_head);
		p->a.rxq_head = p->a.rxq_tail = NULL;
		p->b.rxq_head = p->b.rxq_tail = NULL;
	}
	cti__span_set_alarms(&p->a.s, alarms);
	cti__span_set_alarms(&p->b.s, alarms);
	return 0;
}

bool cti__span_loop_in_flight(const struct cti__span *s)
{
	const struct loop_span *me = (const struct loop_span *)s;

	return cti__span_is_loop(s) && (me->rxq_head || me->ready);
}

int cti__span_loop_take(struct cti__span *s, uint8_t *buf, int size)
{
	struct loop_span *peer;
	struct frame *f;
	int n;

	if (!cti__span_is_loop(s))
		return CTI_EINVAL;
	peer = ls(s)->peer;
	f = peer->rxq_head;
	if (!f)
		return CTI_EAGAIN;
	if (f->len > size)
		return CTI_ENOSPC;
	peer->rxq_head = f->next;
	if (!peer->rxq_head) {
		peer->rxq_tail = NULL;
		cti__timer_cancel(s->ctx, &peer->arrive);
	}
	n = f->len;
	memcpy(buf, f->data, (size_t)n);
	free(f);
	return n;
}

int cti__span_loop_lose(struct cti__span *s, uint32_t n)
{
	struct loop_span *me, *peer;

	if (!cti__span_is_loop(s))
		return CTI_EINVAL;
	me = ls(s);
	peer = me->peer;
	/* first what is on the wire towards the peer, oldest first */
	while (n && peer->rxq_head) {
		struct frame *f = peer->rxq_head;

		peer->rxq_head = f->next;
		if (!peer->rxq_head)
			peer->rxq_tail = NULL;
		free(f);
		s->stats.d_dropped++;
		n--;
	}
	if (!peer->rxq_head)
		cti__timer_cancel(s->ctx, &peer->arrive);
	me->lose += n;
	return 0;
}
