/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti: the records a call centre keeps. The ACD (cti/acd.h) produces
 * them; the store (cti/store.h) persists and exports them. Plain structs
 * copied by value, so producer and consumer share no state.
 *
 * Times are milliseconds on the context's clock (monotonic or virtual)
 * plus, for records that leave the process, the wall-clock epoch the
 * producer stamped on them. Durations are milliseconds.
 */
#ifndef CTI_RECORDS_H
#define CTI_RECORDS_H

#include <cti/common.h>

CTI_BEGIN_DECLS

#define CTI_NAME_MAX 64   /* queue and agent names, with the NUL */
#define CTI_NUMBER_MAX 32 /* ANI / DNIS digits, with the NUL */

/* How an ACD call ended. Every offered call ends in exactly one of these. */
enum cti_acd_outcome {
	CTI_ACD_ANSWERED = 1,  /* an agent took it */
	CTI_ACD_ABANDONED,     /* caller hung up while queued or ringing */
	CTI_ACD_OVERFLOWED,    /* moved to another queue (a new record there) */
	CTI_ACD_EXITED,        /* max wait reached: exit action taken */
	CTI_ACD_BUSY,          /* refused at entry: queue full */
	CTI_ACD_CLEARED,       /* removed by the application (e.g. call failed) */
};

/* Call detail record: one per call per queue it was offered to. */
struct cti_acd_cdr {
	uint64_t call_id;               /* the application's call id */
	char queue[CTI_NAME_MAX];
	char agent[CTI_NAME_MAX];       /* "" unless answered */
	char ani[CTI_NUMBER_MAX];
	char dnis[CTI_NUMBER_MAX];
	int32_t priority;               /* caller priority at entry */
	uint32_t outcome;               /* enum cti_acd_outcome */
	int64_t epoch_ms;               /* wall clock (UTC ms) at offer */
	int64_t offered_ms;             /* context clock */
	int64_t answered_ms;            /* 0 if never answered */
	int64_t ended_ms;               /* leaves the queue or the agent */
	int64_t wait_ms;                /* offered → answered or ended */
	int64_t talk_ms;
	int64_t hold_ms;
	int64_t wrap_ms;                /* after-call work */
	uint32_t rona_count;            /* agents that let it ring out */
	char exit_action[CTI_NAME_MAX]; /* overflow target / exit action */
	int32_t wrap_code;              /* the agent's wrap-up code; 0: none */
	uint32_t reserved[7];
};

/* One queue's statistics over one interval (default 15 min). */
struct cti_acd_interval {
	char queue[CTI_NAME_MAX];
	int64_t epoch_ms;        /* wall clock (UTC ms) at interval start */
	int64_t start_ms;        /* context clock at interval start */
	int64_t length_ms;
	uint32_t offered;
	uint32_t answered;
	uint32_t answered_in_sl; /* answered within sl_threshold_ms */
	uint32_t abandoned;      /* excluding short abandons */
	uint32_t short_abandoned;
	uint32_t overflowed;
	uint32_t exited;
	uint32_t busy;
	int64_t sl_threshold_ms; /* default 15000 */
	double service_level;    /* % answered within threshold, of offered
				  * minus short abandons; -1 if none */
	double erlang_c_sl;      /* Erlang-C expectation for this load; -1 */
	int64_t asa_ms;          /* average speed of answer */
	int64_t avg_wait_ms;
	int64_t max_wait_ms;
	int64_t aht_ms;          /* talk + hold + wrap-up, average */
	double occupancy;        /* % of staffed time busy with calls */
	uint32_t reserved[8];
};

/* One record of a whole call through the engine (the ACD's CDRs are
 * per queue segment): where its time went, who handled it, how it
 * ended. Durations are the sums of the time spent in each state. */
struct cti_center_record {
	uint32_t call;	     /* cti_center_call_t */
	uint32_t last_state; /* enum cti_center_call_state before ENDED */
	int32_t cause;	     /* Q.850 cause it ended with */
	uint32_t segments;   /* queues entered (ACD segments) */
	uint32_t agents;     /* agents connected to it */
	uint32_t transfers;  /* blind and consultative */
	int64_t epoch_ms;    /* wall clock (UTC ms) at arrival */
	uint64_t arrived_ms, ended_ms; /* context clock */
	uint64_t ivr_ms;	       /* FLOW and APP */
	uint64_t queue_ms;	       /* QUEUED and RINGING */
	uint64_t talk_ms;	       /* CONNECTED and EXTERNAL */
	uint64_t hold_ms;	       /* HELD */
	uint64_t dial_ms;	       /* OUTBOUND: a number ringing */
	char ani[CTI_NUMBER_MAX];
	char dnis[CTI_NUMBER_MAX];
	char trunk[CTI_NAME_MAX];
	char first_queue[CTI_NAME_MAX];
	char first_agent[CTI_NAME_MAX];
	char last_agent[CTI_NAME_MAX];
	char number[CTI_NUMBER_MAX]; /* last number dialled for it */
	uint32_t reserved[8];
};

/* One agent's login session at an extension: opened at login, closed
 * at logout (reason "logout") or, when the process stopped without one,
 * at the next start (reason "restart"). */
struct cti_agent_session {
	char agent[CTI_NAME_MAX];
	char extension[CTI_NAME_MAX];
	int64_t login_epoch_ms;	 /* wall clock (UTC ms) */
	int64_t logout_epoch_ms; /* 0 while logged in */
	char reason[CTI_NAME_MAX]; /* "" while logged in */
	uint32_t reserved[4];
};

CTI_END_DECLS

#endif
