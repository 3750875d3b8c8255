// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bridge's jitter buffer: each leg numbers the blocks it receives,
 * and each listener of that leg keeps its own cursor, taking the next
 * block it has not heard at each turn of its own. So a burst of late
 * blocks (a process woken late reads several of every channel's blocks
 * within one millisecond: an instant cannot tell them apart) is heard
 * whole and in order, whatever the order of the legs' turns in it.
 *
 * On time, the listener leaves a block received in the millisecond of
 * its own turn for its next turn (it is this tick's): so it hears the
 * block of the tick before whatever order the spans' ticks run in, and
 * a change of that order costs nothing. In a burst (its previous turn
 * was in this same millisecond) ticks have no instant, and it takes the
 * oldest block it has not heard.
 *
 * A listener that finds nothing to take (a burst that read its own
 * block before the other's) hears its last block again, at most
 * CC_JB_CONCEAL turns running, then silence: silence in the middle of a
 * DTMF tone splits it into two digits, a repeated block of the tone does
 * not; the block itself comes at its next turn. One more than
 * CC_JB_BOUND blocks behind
 * skips the oldest (stale); one that missed turns (it was not hearing
 * that leg, or another leg took the slot) starts again at the newest.
 */
#include <string.h>

#include "center/center.h"

void cc__jb_put(struct cc_jbuf *b, const int16_t *rx, size_t n, uint64_t now)
{
	int16_t *blk = b->blk[b->seq % CC_JB_BOUND];

	if (n > CC_BLOCK)
		n = CC_BLOCK;
	memcpy(blk, rx, n * sizeof(*rx));
	memset(blk + n, 0, (CC_BLOCK - n) * sizeof(*blk));
	b->ms[b->seq % CC_JB_BOUND] = now;
	b->seq++;
}

/* The listener's last block again, if still kept and not repeated too
 * often; NULL: silence. */
static const int16_t *conceal(const struct cc_jbuf *b, struct cc_jread *r)
{
	if (!r->has_last || r->concealed >= CC_JB_CONCEAL ||
	    b->seq - r->last > CC_JB_BOUND)
		return NULL;
	r->concealed++;
	return b->blk[r->last % CC_JB_BOUND];
}

const int16_t *cc__jb_take(const struct cc_jbuf *b, struct cc_jread *r,
			   cti_call_id_t from, uint64_t turn, uint64_t now)
{
	bool burst = r->valid && r->turn_ms == now;

	if (!r->valid || r->from != from || r->turn + 1 != turn) {
		r->valid = true;
		r->from = from;
		r->next = b->seq ? b->seq - 1 : 0;
		r->has_last = false;
	}
	r->turn = turn;
	r->turn_ms = now;
	if (b->seq - r->next > CC_JB_BOUND)
		r->next = b->seq - CC_JB_BOUND;
	if (r->next == b->seq)
		return conceal(b, r); /* nothing new this turn */
	if (!burst && b->ms[r->next % CC_JB_BOUND] == now)
		return conceal(b, r); /* this tick's: the next turn's */
	r->concealed = 0;
	r->has_last = true;
	r->last = r->next;
	return b->blk[r->next++ % CC_JB_BOUND];
}
