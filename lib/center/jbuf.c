// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The bridge's jitter buffer: each leg numbers the blocks it receives
 * (a sequence, never the instant: a process woken late reads several
 * of a channel's blocks within one millisecond), and each listener of
 * that leg keeps its own cursor, taking one block per turn of its own.
 * So a burst of late blocks is heard whole and in order whatever the
 * order of the legs' turns in it. A listener that finds nothing new
 * hears silence for that turn and takes the block at its next; one that
 * falls more than CC_JB_BOUND blocks behind skips the oldest (they are
 * stale); one that missed turns (it was not hearing that leg, or another
 * leg took the slot) starts again at the newest block.
 */
#include <string.h>

#include "center/center.h"

void cc__jb_put(struct cc_jbuf *b, const int16_t *rx, size_t n)
{
	int16_t *blk = b->blk[b->seq % CC_JB_BOUND];

	if (n > CC_BLOCK)
		n = CC_BLOCK;
	memcpy(blk, rx, n * sizeof(*rx));
	memset(blk + n, 0, (CC_BLOCK - n) * sizeof(*blk));
	b->seq++;
}

const int16_t *cc__jb_take(const struct cc_jbuf *b, struct cc_jread *r,
			   cti_call_id_t from, uint64_t turn)
{
	if (!r->valid || r->from != from || r->turn + 1 != turn) {
		r->valid = true;
		r->from = from;
		r->next = b->seq ? b->seq - 1 : 0;
	}
	r->turn = turn;
	if (b->seq - r->next > CC_JB_BOUND)
		r->next = b->seq - CC_JB_BOUND;
	if (r->next == b->seq)
		return NULL; /* nothing new: silence this turn */
	return b->blk[r->next++ % CC_JB_BOUND];
}
