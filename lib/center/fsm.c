// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A call's life in the engine as one table: (state, input) -> next state.
 * cc__fsm() is the only place a call's state changes; it refuses and logs
 * anything the table does not allow (docs/center.md draws the table).
 */
#include <stdio.h>

#include "center/center.h"
#include "core/ctx.h"

#define S(x) CTI_CENTER_CALL_##x

static const struct {
	int from, in, to;
} table[] = {
	{ S(ROUTING), IN_FLOW, S(FLOW) },
	{ S(ROUTING), IN_APP, S(APP) },
	{ S(ROUTING), IN_QUEUE, S(QUEUED) },
	{ S(ROUTING), IN_DIAL, S(OUTBOUND) },
	{ S(ROUTING), IN_END, S(ENDED) },
	{ S(FLOW), IN_FLOW, S(FLOW) }, /* flow:NAME from a flow */
	{ S(FLOW), IN_APP, S(APP) },
	{ S(FLOW), IN_QUEUE, S(QUEUED) },
	{ S(FLOW), IN_DIAL, S(OUTBOUND) },
	{ S(FLOW), IN_END, S(ENDED) },
	{ S(APP), IN_FLOW, S(FLOW) },
	{ S(APP), IN_QUEUE, S(QUEUED) },
	{ S(APP), IN_DIAL, S(OUTBOUND) },
	{ S(APP), IN_END, S(ENDED) },
	{ S(QUEUED), IN_OFFER, S(RINGING) },
	{ S(QUEUED), IN_QUEUE, S(QUEUED) }, /* overflow */
	{ S(QUEUED), IN_FLOW, S(FLOW) },    /* exit action */
	{ S(QUEUED), IN_DIAL, S(OUTBOUND) },
	{ S(QUEUED), IN_END, S(ENDED) },
	{ S(RINGING), IN_OFFER, S(RINGING) }, /* ring-all: one more phone */
	{ S(RINGING), IN_NO_OFFER, S(QUEUED) },
	{ S(RINGING), IN_ANSWER, S(CONNECTED) },
	{ S(RINGING), IN_FLOW, S(FLOW) }, /* max wait while ringing */
	{ S(RINGING), IN_DIAL, S(OUTBOUND) },
	{ S(RINGING), IN_END, S(ENDED) },
	{ S(CONNECTED), IN_HOLD, S(HELD) },
	{ S(CONNECTED), IN_QUEUE, S(QUEUED) },	/* blind transfer */
	{ S(CONNECTED), IN_DIAL, S(OUTBOUND) }, /* blind transfer */
	{ S(CONNECTED), IN_FLOW, S(FLOW) },	/* blind transfer */
	{ S(CONNECTED), IN_TRANSFER,
	  S(EXTERNAL) }, /* agent left a conference */
	{ S(CONNECTED), IN_END, S(ENDED) },
	{ S(HELD), IN_RETRIEVE, S(CONNECTED) }, /* or conference */
	{ S(HELD), IN_TRANSFER, S(EXTERNAL) },	/* consultation joined */
	{ S(HELD), IN_QUEUE, S(QUEUED) },
	{ S(HELD), IN_DIAL, S(OUTBOUND) },
	{ S(HELD), IN_FLOW, S(FLOW) },
	{ S(HELD), IN_END, S(ENDED) },
	{ S(OUTBOUND), IN_EXTERNAL, S(EXTERNAL) },
	{ S(OUTBOUND), IN_END, S(ENDED) },
	{ S(EXTERNAL), IN_END, S(ENDED) },
};

static const char *const input_names[] = {
	[IN_FLOW] = "flow",	    [IN_APP] = "app",
	[IN_QUEUE] = "queue",	    [IN_OFFER] = "offer",
	[IN_NO_OFFER] = "no-offer", [IN_ANSWER] = "answer",
	[IN_DIAL] = "dial",	    [IN_EXTERNAL] = "external",
	[IN_HOLD] = "hold",	    [IN_RETRIEVE] = "retrieve",
	[IN_TRANSFER] = "transfer", [IN_END] = "end",
};

CTI_EXTERN const char *cti_center_call_state_name(int state)
{
	static const char *const names[] = {
		[S(ROUTING)] = "ROUTING",   [S(FLOW)] = "FLOW",
		[S(APP)] = "APP",	    [S(QUEUED)] = "QUEUED",
		[S(RINGING)] = "RINGING",   [S(CONNECTED)] = "CONNECTED",
		[S(OUTBOUND)] = "OUTBOUND", [S(EXTERNAL)] = "EXTERNAL",
		[S(HELD)] = "HELD",	    [S(ENDED)] = "ENDED",
	};

	if (state < 0 || (size_t)state >= sizeof(names) / sizeof(names[0]) ||
	    !names[state])
		return "?";
	return names[state];
}

/* The call's record: the time spent in the state it leaves, and what
 * the move counts. */
static void account(cti_center_t *cc, struct cc_call *c, int in, int to)
{
	struct cti_center_record *r = &c->rec;
	uint64_t now = cti_now_ms(cc->ctx), d = now - c->since;

	switch (c->state) {
	case S(FLOW):
	case S(APP):
		r->ivr_ms += d;
		break;
	case S(QUEUED):
	case S(RINGING):
		r->queue_ms += d;
		break;
	case S(CONNECTED):
	case S(EXTERNAL):
		r->talk_ms += d;
		break;
	case S(HELD):
		r->hold_ms += d;
		break;
	case S(OUTBOUND):
		r->dial_ms += d;
		break;
	default:
		break;
	}
	c->since = now;
	if (in == IN_QUEUE && c->state != S(QUEUED))
		r->segments++;
	if (in == IN_ANSWER)
		r->agents++;
	if (in == IN_TRANSFER && c->state == S(HELD))
		r->transfers++;
	(void)to;
}

int cc__fsm(cti_center_t *cc, struct cc_call *c, int in)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (table[i].from != c->state || table[i].in != in)
			continue;
		account(cc, c, in, table[i].to);
		if (table[i].to != c->state)
			cti__log(cc->ctx, CTI_LOG_INFO, "center",
				 "call %u: %s --%s--> %s", c->id,
				 cti_center_call_state_name(c->state),
				 input_names[in],
				 cti_center_call_state_name(table[i].to));
		c->state = table[i].to;
		return 0;
	}
	cti__log(cc->ctx, CTI_LOG_ERROR, "center",
		 "call %u: %s refused in state %s", c->id, input_names[in],
		 cti_center_call_state_name(c->state));
	return CTI_ESTATE;
}
