// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/*
 * Receive elastic store between the line clock (7..9 frames per tick from
 * the far end) and the local 1 ms tick (8 frames). On under/overflow one
 * whole frame is repeated or deleted: a controlled slip (G.822).
 */
#include "framer/internal.h"

#define ES_START (CF_TICK_FRAMES + 2)	/* fill at which reading starts */

void cf_es_reset(struct cf_rx_state *rx)
{
	rx->es_rd = 0;
	rx->es_fill = 0;
	rx->es_primed = false;
}

void cf_es_put(struct cf_port *p, const u8 *frame)
{
	struct cf_rx_state *rx = &p->rx;

	if (rx->es_fill == CF_ES_FRAMES) {
		if (rx->es_primed) {
			p->cnt.timingslips++;	/* this frame is deleted */
			return;
		}
		/* not reading yet: keep the newest frames */
		rx->es_rd = (rx->es_rd + 1) % CF_ES_FRAMES;
		rx->es_fill--;
	}
	memcpy(rx->es[(rx->es_rd + rx->es_fill) % CF_ES_FRAMES], frame,
	       CF_MAX_TS);
	rx->es_fill++;
}

void cf_es_read(struct cf_port *p, u8 (*frames)[CF_MAX_TS])
{
	struct cf_rx_state *rx = &p->rx;
	unsigned int i;

	if (rx->aligned && !rx->es_primed && rx->es_fill >= ES_START) {
		/* start with the nominal delay, dropping older frames */
		rx->es_rd = (rx->es_rd + rx->es_fill - ES_START) %
			    CF_ES_FRAMES;
		rx->es_fill = ES_START;
		rx->es_primed = true;
	}
	for (i = 0; i < CF_TICK_FRAMES; i++) {
		u8 *out = frames ? frames[i] : NULL;

		if (!rx->aligned || !rx->es_primed) {
			if (out)
				memset(out, 0xff, CF_MAX_TS);
			continue;
		}
		if (rx->es_fill) {
			memcpy(rx->es_last, rx->es[rx->es_rd], CF_MAX_TS);
			rx->es_rd = (rx->es_rd + 1) % CF_ES_FRAMES;
			rx->es_fill--;
		} else {
			p->cnt.timingslips++;	/* es_last is repeated */
		}
		if (out)
			memcpy(out, rx->es_last, CF_MAX_TS);
	}
}
