// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The call state machine: the table and the one transition function
 * (see fsm.h). States follow the CSTA connection states of ECMA-269
 * (null, initiated, alerting, connected, held, fail, ...) as libcti names
 * them; the Q.931 call states behind them (clause 2.1) are libpri's.
 */
#include "call/call.h"
#include "call/fsm.h"
#include "core/util.h"

#define TO(s) ((uint8_t)((s) + 1)) /* 0 in the table: refused */
#define SAME  0xFF		   /* allowed, the state stays */

/* Allowed in every state but NULL and CLEARING: the far end's keypad,
 * its clearing, and the application's clearing. */
#define LIVE                                                                \
	[CTI__CE_CLEAR] = TO(CTI_CALL_CLEARING),                            \
	[CTI__CE_DISCONNECT_IN] = TO(CTI_CALL_CLEARING),                    \
	[CTI__CE_KEYPAD_IN] = SAME, [CTI__CE_RELEASED] = TO(CTI_CALL_NULL), \
	[CTI__CE_ABANDON] = TO(CTI_CALL_NULL)

static const uint8_t table[][CTI__CE_COUNT] = {
	[CTI_CALL_NULL] = {
		[CTI__CE_MAKE] = TO(CTI_CALL_DIALING),
		[CTI__CE_SETUP_IN] = TO(CTI_CALL_OFFERED),
		[CTI__CE_SETUP_IN_PARTIAL] = TO(CTI_CALL_COLLECTING),
		[CTI__CE_RELEASED] = TO(CTI_CALL_NULL),
		[CTI__CE_ABANDON] = TO(CTI_CALL_NULL),
	},
	[CTI_CALL_DIALING] = {
		LIVE,
		[CTI__CE_DIAL_MORE] = SAME,
		[CTI__CE_SETUP_ACK_IN] = SAME,
		[CTI__CE_PROCEEDING_IN] = TO(CTI_CALL_PROCEEDING),
		[CTI__CE_ALERTING_IN] = TO(CTI_CALL_ALERTING),
		[CTI__CE_CONNECT_IN] = TO(CTI_CALL_ACTIVE),
		[CTI__CE_DEFLECT_IN] = TO(CTI_CALL_CLEARING),
	},
	[CTI_CALL_PROCEEDING] = {
		LIVE,
		[CTI__CE_DIAL_MORE] = SAME,
		[CTI__CE_SETUP_ACK_IN] = SAME,
		[CTI__CE_PROCEEDING_IN] = SAME,
		[CTI__CE_ALERTING_IN] = TO(CTI_CALL_ALERTING),
		[CTI__CE_CONNECT_IN] = TO(CTI_CALL_ACTIVE),
		[CTI__CE_DEFLECT_IN] = TO(CTI_CALL_CLEARING),
	},
	[CTI_CALL_ALERTING] = {
		LIVE,
		[CTI__CE_ANSWER] = TO(CTI_CALL_ACTIVE),
		[CTI__CE_DEFLECT] = SAME,
		[CTI__CE_TRANSFER] = TO(CTI_CALL_BRIDGED),
		[CTI__CE_CONNECT_IN] = TO(CTI_CALL_ACTIVE),
		[CTI__CE_DEFLECT_IN] = TO(CTI_CALL_CLEARING),
	},
	[CTI_CALL_OFFERED] = {
		LIVE,
		[CTI__CE_ALERT] = TO(CTI_CALL_ALERTING),
		[CTI__CE_ANSWER] = TO(CTI_CALL_ACTIVE),
		[CTI__CE_DEFLECT] = SAME,
	},
	[CTI_CALL_COLLECTING] = {
		[CTI__CE_CLEAR] = TO(CTI_CALL_CLEARING),
		[CTI__CE_DISCONNECT_IN] = TO(CTI_CALL_CLEARING),
		[CTI__CE_INFO_IN] = SAME,
		[CTI__CE_NUMBER_COMPLETE] = TO(CTI_CALL_OFFERED),
		[CTI__CE_RELEASED] = TO(CTI_CALL_NULL),
		[CTI__CE_ABANDON] = TO(CTI_CALL_NULL),
	},
	[CTI_CALL_ACTIVE] = {
		LIVE,
		[CTI__CE_HOLD] = TO(CTI_CALL_HELD),
		[CTI__CE_TRANSFER] = TO(CTI_CALL_BRIDGED),
		[CTI__CE_CONF_JOIN] = TO(CTI_CALL_CONFERENCED),
		[CTI__CE_SEND_DTMF] = SAME,
	},
	[CTI_CALL_HELD] = {
		LIVE,
		[CTI__CE_RETRIEVE] = TO(CTI_CALL_ACTIVE),
		[CTI__CE_TRANSFER] = TO(CTI_CALL_BRIDGED),
		[CTI__CE_CONF_JOIN] = TO(CTI_CALL_CONFERENCED),
	},
	[CTI_CALL_BRIDGED] = {
		LIVE,
	},
	[CTI_CALL_CONFERENCED] = {
		LIVE,
		[CTI__CE_CONF_JOIN] = SAME,
		[CTI__CE_CONF_LEAVE] = TO(CTI_CALL_ACTIVE),
	},
	[CTI_CALL_CLEARING] = {
		[CTI__CE_RELEASED] = TO(CTI_CALL_NULL),
		[CTI__CE_ABANDON] = TO(CTI_CALL_NULL),
	},
};

static const struct {
	const char *name;
	unsigned dirs; /* CTI__FSM_OUT / _IN */
} events[CTI__CE_COUNT] = {
	[CTI__CE_MAKE] = { "MAKE", CTI__FSM_OUT },
	[CTI__CE_DIAL_MORE] = { "DIAL_MORE", CTI__FSM_OUT },
	[CTI__CE_ALERT] = { "ALERT", CTI__FSM_IN },
	[CTI__CE_ANSWER] = { "ANSWER", CTI__FSM_IN },
	[CTI__CE_CLEAR] = { "CLEAR", CTI__FSM_BOTH },
	[CTI__CE_HOLD] = { "HOLD", CTI__FSM_BOTH },
	[CTI__CE_RETRIEVE] = { "RETRIEVE", CTI__FSM_BOTH },
	[CTI__CE_TRANSFER] = { "TRANSFER", CTI__FSM_BOTH },
	[CTI__CE_CONF_JOIN] = { "CONF_JOIN", CTI__FSM_BOTH },
	[CTI__CE_CONF_LEAVE] = { "CONF_LEAVE", CTI__FSM_BOTH },
	[CTI__CE_DEFLECT] = { "DEFLECT", CTI__FSM_IN },
	[CTI__CE_SEND_DTMF] = { "SEND_DTMF", CTI__FSM_BOTH },
	[CTI__CE_SETUP_IN] = { "SETUP_IN", CTI__FSM_IN },
	[CTI__CE_SETUP_IN_PARTIAL] = { "SETUP_IN_PARTIAL", CTI__FSM_IN },
	[CTI__CE_INFO_IN] = { "INFO_IN", CTI__FSM_IN },
	[CTI__CE_NUMBER_COMPLETE] = { "NUMBER_COMPLETE", CTI__FSM_IN },
	[CTI__CE_KEYPAD_IN] = { "KEYPAD_IN", CTI__FSM_BOTH },
	[CTI__CE_SETUP_ACK_IN] = { "SETUP_ACK_IN", CTI__FSM_OUT },
	[CTI__CE_PROCEEDING_IN] = { "PROCEEDING_IN", CTI__FSM_OUT },
	[CTI__CE_ALERTING_IN] = { "ALERTING_IN", CTI__FSM_OUT },
	[CTI__CE_CONNECT_IN] = { "CONNECT_IN", CTI__FSM_OUT },
	[CTI__CE_DISCONNECT_IN] = { "DISCONNECT_IN", CTI__FSM_BOTH },
	[CTI__CE_DEFLECT_IN] = { "DEFLECT_IN", CTI__FSM_OUT },
	[CTI__CE_RELEASED] = { "RELEASED", CTI__FSM_BOTH },
	[CTI__CE_ABANDON] = { "ABANDON", CTI__FSM_BOTH },
};

int cti__call_fsm_next(int state, int direction, int ev)
{
	uint8_t to;

	if (state < 0 || state >= (int)ARRAY_SIZE(table) || ev < 0 ||
	    ev >= CTI__CE_COUNT ||
	    (direction != CTI_CALL_OUTGOING && direction != CTI_CALL_INCOMING))
		return CTI_ESTATE;
	if (!(events[ev].dirs & (1u << direction)))
		return CTI_ESTATE;
	to = table[state][ev];
	if (!to)
		return CTI_ESTATE;
	return to == SAME ? state : to - 1;
}

const char *cti__call_ev_name(int ev)
{
	return ev >= 0 && ev < CTI__CE_COUNT ? events[ev].name : "?";
}

bool cti__call_fsm_can(const struct cti__call *c, int ev)
{
	return cti__call_fsm_next(c->state, c->direction, ev) >= 0;
}

int cti__call_fsm(struct cti__call *c, int ev)
{
	int to = cti__call_fsm_next(c->state, c->direction, ev);
	cti_ctx_t *ctx = c->mgr->ctx;

	if (to < 0) {
		cti__log(ctx, CTI_LOG_DEBUG, "call",
			 "call %u: %s refused in %s", c->id,
			 cti__call_ev_name(ev), cti_call_state_name(c->state));
		return CTI_ESTATE;
	}
	cti__log(ctx, CTI_LOG_DEBUG, "call", "call %u: %s -> %s on %s", c->id,
		 cti_call_state_name(c->state), cti_call_state_name(to),
		 cti__call_ev_name(ev));
	c->state = to;
	return 0;
}
