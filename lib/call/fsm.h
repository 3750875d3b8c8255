/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The call state machine (in the manner of libosmocore's osmo_fsm): one
 * table of states (enum cti_call_state) with the events each allows and
 * the state each leads to, and one transition function through which
 * every change of a call's state goes, checked and logged. The services
 * of cti/call.h ask it whether their event is allowed (CTI_ESTATE when
 * not); the Q.931 handlers (events.c) feed it what libpri reports.
 */
#ifndef CTI_CALL_FSM_H
#define CTI_CALL_FSM_H

#include <stdbool.h>

struct cti__call;

/* Events of the machine: the application's requests, then the far end's
 * messages (as libpri reports them), then local happenings. */
enum cti__call_ev {
	/* the application (cti/call.h) */
	CTI__CE_MAKE = 0,   /* cti_call_make: SETUP sent */
	CTI__CE_DIAL_MORE,  /* cti_call_dial_more: INFORMATION (overlap) */
	CTI__CE_ALERT,	    /* cti_call_alert: ALERTING sent */
	CTI__CE_ANSWER,	    /* cti_call_answer: CONNECT sent */
	CTI__CE_CLEAR,	    /* cti_call_clear, or libcti ends a leg */
	CTI__CE_HOLD,	    /* cti_call_hold, cti_call_consult */
	CTI__CE_RETRIEVE,   /* cti_call_retrieve */
	CTI__CE_TRANSFER,   /* cti_call_transfer: both legs joined */
	CTI__CE_CONF_JOIN,  /* cti_call_conference */
	CTI__CE_CONF_LEAVE, /* cti_call_unconference, conference dissolved */
	CTI__CE_DEFLECT,    /* cti_call_deflect: request sent */
	CTI__CE_SEND_DTMF,  /* cti_call_send_dtmf */
	/* the far end (Q.931 messages through libpri) */
	CTI__CE_SETUP_IN,	  /* SETUP with a complete number */
	CTI__CE_SETUP_IN_PARTIAL, /* SETUP, overlap receiving begins */
	CTI__CE_INFO_IN,	  /* INFORMATION: more digits (overlap) */
	CTI__CE_NUMBER_COMPLETE,  /* sending complete / inter-digit timeout */
	CTI__CE_KEYPAD_IN,	  /* keypad digits outside overlap */
	CTI__CE_SETUP_ACK_IN,	  /* SETUP ACKNOWLEDGE */
	CTI__CE_PROCEEDING_IN,	  /* CALL PROCEEDING */
	CTI__CE_ALERTING_IN,	  /* ALERTING */
	CTI__CE_CONNECT_IN,	  /* CONNECT */
	CTI__CE_DISCONNECT_IN,	  /* DISCONNECT: the far end clears */
	CTI__CE_DEFLECT_IN,	  /* the far end asks us to deflect */
	CTI__CE_RELEASED,	  /* RELEASE (COMPLETE): libpri is done */
	/* local */
	CTI__CE_ABANDON, /* span down, RESTART, span closed */
	CTI__CE_COUNT
};

/* Directions an event applies to (bits of 1 << enum cti_call_direction). */
#define CTI__FSM_OUT  (1u << 1) /* CTI_CALL_OUTGOING */
#define CTI__FSM_IN   (1u << 2) /* CTI_CALL_INCOMING */
#define CTI__FSM_BOTH (CTI__FSM_OUT | CTI__FSM_IN)

/* The state event `ev` leads to from `state` for a call of `direction`,
 * or CTI_ESTATE if the table does not allow it (also for values out of
 * range). Pure: the table itself, for the unit tests. */
int cti__call_fsm_next(int state, int direction, int ev);
/* The event's name ("HOLD"); "?" if unknown. */
const char *cti__call_ev_name(int ev);

/* True if the call's state allows `ev`. */
bool cti__call_fsm_can(const struct cti__call *c, int ev);
/* Apply `ev`: the one place a call's state changes. Returns 0 (the
 * change, or staying, is logged at DEBUG) or CTI_ESTATE (nothing changes;
 * logged at DEBUG too: the API returns it to the application, protocol
 * events refused are ignored as Q.931 5.8 ignores unexpected messages). */
int cti__call_fsm(struct cti__call *c, int ev);

#endif /* CTI_CALL_FSM_H */
