// SPDX-License-Identifier: LGPL-2.1-or-later
/* What every span backend shares: channel maps, init, alarm reporting. */
#include <string.h>

#include "span/span.h"

bool cti__span_is_bchan(int kind, int chan)
{
	if (kind == CTI__SPAN_E1)
		return chan >= 1 && chan <= 31 && chan != 16; /* G.704 TS16 */
	if (kind == CTI__SPAN_T1)
		return chan >= 1 && chan <= 23; /* 24th is the D channel */
	return false;
}

int cti__span_nbchans(int kind)
{
	return kind == CTI__SPAN_E1 ? 30 : kind == CTI__SPAN_T1 ? 23 : 0;
}

uint8_t cti__law_idle(int law)
{
	/* G.711: A-law +0 is 0xD5 (even bits inverted), mu-law +0 is 0xFF */
	return law == CTI__LAW_ULAW ? 0xFF : 0xD5;
}

void cti__span_init(struct cti__span *s, cti_ctx_t *ctx,
		    const struct cti__span_ops *ops, int kind, int law)
{
	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	s->ops = ops;
	s->kind = kind;
	s->law = law;
	s->dchan = kind == CTI__SPAN_E1 ? 16 : 24;
	memset(s->rx, cti__law_idle(law), sizeof(s->rx));
	memset(s->tx, cti__law_idle(law), sizeof(s->tx));
}

void cti__span_set_up(struct cti__span *s, const struct cti__span_up *up,
		      void *data)
{
	s->up = up;
	s->up_data = data;
}

void cti__span_free(struct cti__span *s)
{
	if (s)
		s->ops->free(s);
}

void cti__span_set_active(struct cti__span *s, int chan, bool on)
{
	if (chan <= 0 || chan >= CTI__MAX_CHAN || s->active[chan] == on)
		return;
	s->active[chan] = on;
	if (s->ops->active_changed)
		s->ops->active_changed(s);
}

void cti__span_set_alarms(struct cti__span *s, uint32_t alarms)
{
	if (alarms == s->alarms)
		return;
	s->alarms = alarms;
	if (s->up && s->up->alarm)
		s->up->alarm(s->up_data, alarms);
}
