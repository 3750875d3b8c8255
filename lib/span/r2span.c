// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The span of an R2 (E1 CAS) trunk as the call layer sees it: no D
 * channel, and B-channel audio in 20 ms blocks like every other backend,
 * so IVR, bridging, conference and recording taps work on R2 calls
 * unchanged. openr2 reads and writes the channels itself (lib/r2); what
 * it reads comes in here in whatever pieces it read, and leaves again,
 * one block out per block in, through the writer lib/call gives.
 */
#include <stdlib.h>
#include <string.h>

#include "span/span.h"

struct r2span {
	struct cti__span s;
	uint8_t stage[CTI__MAX_CHAN][CTI__BLOCK]; /* block being gathered */
	uint16_t fill[CTI__MAX_CHAN];
	cti__span_r2_tx_fn tx_fn;
	void *tx_user;
};

static int r2_d_read(struct cti__span *s, void *buf, int len)
{
	(void)s;
	(void)buf;
	(void)len;
	return CTI_EAGAIN; /* no D channel: line signals are in TS16 */
}

static int r2_d_write(struct cti__span *s, const void *buf, int len)
{
	(void)s;
	(void)buf;
	(void)len;
	return CTI_ENOTSUP;
}

static void r2_free(struct cti__span *s)
{
	free((struct r2span *)s);
}

static const struct cti__span_ops r2_ops = {
	.d_read = r2_d_read,
	.d_write = r2_d_write,
	.free = r2_free,
	.name = "r2",
};

int cti__span_r2_new(cti_ctx_t *ctx, struct cti__span **out)
{
	struct r2span *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return CTI_ENOMEM;
	/* openr2 speaks A-law only: R2 is an E1 (G.704) signalling */
	cti__span_init(&r->s, ctx, &r2_ops, CTI__SPAN_E1, CTI__LAW_ALAW);
	*out = &r->s;
	return 0;
}

void cti__span_r2_set_tx(struct cti__span *s, cti__span_r2_tx_fn fn, void *user)
{
	struct r2span *r = (struct r2span *)s;

	r->tx_fn = fn;
	r->tx_user = user;
}

void cti__span_r2_reset(struct cti__span *s, int chan)
{
	struct r2span *r = (struct r2span *)s;

	if (chan <= 0 || chan >= CTI__MAX_CHAN)
		return;
	r->fill[chan] = 0;
	memset(s->rx[chan], cti__law_idle(s->law), CTI__BLOCK);
	memset(s->tx[chan], cti__law_idle(s->law), CTI__BLOCK);
}

static void block_done(struct r2span *r, int chan)
{
	struct cti__span *s = &r->s;

	memcpy(s->rx[chan], r->stage[chan], CTI__BLOCK);
	s->stats.blocks++;
	memset(s->tx[chan], cti__law_idle(s->law), CTI__BLOCK);
	if (s->active[chan] && s->up && s->up->audio)
		s->up->audio(s->up_data, chan);
	if (r->tx_fn)
		r->tx_fn(r->tx_user, chan, s->tx[chan], CTI__BLOCK);
}

void cti__span_r2_rx(struct cti__span *s, int chan, const uint8_t *rx, size_t n)
{
	struct r2span *r = (struct r2span *)s;

	if (chan <= 0 || chan >= CTI__MAX_CHAN || s->ops != &r2_ops)
		return;
	while (n) {
		size_t room = CTI__BLOCK - r->fill[chan];
		size_t take = n < room ? n : room;

		memcpy(r->stage[chan] + r->fill[chan], rx, take);
		r->fill[chan] = (uint16_t)(r->fill[chan] + take);
		rx += take;
		n -= take;
		if (r->fill[chan] == CTI__BLOCK) {
			r->fill[chan] = 0;
			block_done(r, chan);
		}
	}
}
