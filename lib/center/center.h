/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Call centre engine internals: trunk groups, routes, schedules, queues'
 * treatment, extensions and agents, the calls and their legs. */
#ifndef CTI_CENTER_PRIVATE_H
#define CTI_CENTER_PRIVATE_H

#include "cti/center.h"
#include "cti/dsp.h"

#define CC_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define CC_BLOCK	 160  /* 20 ms at 8 kHz: the call layer's block */
#define CC_HASH		 4096 /* buckets of the call and leg tables */
#define CC_AGENT_SKILLS	 63   /* an agent's, beside its own (the ACD: 64) */
#define CC_OWN_SKILL(i)	 (60000 + (i)) /* agent i's own skill: agent:NAME */
#define CC_MAX_RING	 CTI_ACD_RING_ALL_MAX
#define CC_WAKE_VALUE	 0x63656e746572ull /* "center": its USER event */

struct cc_trunk {
	char name[CTI_NAME_MAX];
	uint32_t kind; /* enum cti_center_trunk_kind */
	cti_span_id_t spans[CTI_CENTER_MAX_SPANS];
	uint32_t n_spans;
};

struct cc_sched {
	char name[CTI_NAME_MAX];
	struct cti_center_hours hours[CTI_CENTER_MAX_HOURS];
	uint32_t n_hours;
	int32_t holidays[CTI_CENTER_MAX_HOLIDAYS]; /* days since 1970 */
	uint32_t n_holidays;
};

/* Routing target kinds: one entry each in route.c's table. */
enum cc_target_kind {
	CC_TO_FLOW = 1,
	CC_TO_QUEUE,
	CC_TO_NUMBER,
	CC_TO_REJECT,
	CC_TO_APP,
	CC_TO_HANGUP,
};

struct cc_target {
	int kind;
	int index;		 /* flow or queue */
	int cause;		 /* reject, hangup */
	char arg[CTI_NAME_MAX];	 /* number, app tag */
	char text[CTI_NAME_MAX]; /* as written, for events and logs */
};

struct cc_route {
	int trunk; /* -1: any */
	char dnis[CTI_NUMBER_MAX];
	bool dnis_prefix;
	char ani[CTI_NUMBER_MAX];
	int sched; /* -1: always open */
	struct cc_target open, closed;
};

struct cc_flow {
	char name[CTI_NAME_MAX];
	const cti_flow_t *flow;
};

struct cc_queue {
	char name[CTI_NAME_MAX];
	char music[CTI_NAME_MAX];
	char greeting[CTI_NAME_MAX];
	uint32_t first_ms, every_ms, lang;
	bool say_pos, say_wait;
	struct cc_target exit; /* max wait (the ACD's exit_action) */
	bool has_exit;
	struct cti_acd_skill skills[CTI_ACD_MAX_QUEUE_SKILLS]; /* required */
	uint32_t n_skills;
	char escape_digit;	 /* DTMF escape, 0: none */
	struct cc_target escape; /* and where it goes */
	bool hidden;		 /* an agent:NAME queue, the engine's own */
	bool removed;		 /* gone (name ""): its index stays unused */
};

struct cc_ext {
	char number[CTI_NUMBER_MAX];
	int trunk;
	int agent; /* logged in there, -1: none */
	bool nailed;
};

struct cc_leg;

struct cc_agent {
	char name[CTI_NAME_MAX];
	int ext; /* -1: logged out */
	bool logged_in;
	struct cc_leg *line;		 /* a nailed-up extension's call */
	struct cti_acd_skill skills[64]; /* as logged in */
	uint32_t n_skills;
	uint64_t login_seq;   /* login order (enumeration) */
	uint64_t state_since; /* its ACD state's start, context clock */
	uint32_t answered;    /* calls answered since login */
	uint64_t retry_at;    /* phone.c: READY again then; 0: not due */
};

enum cc_leg_kind {
	LEG_CUSTOMER = 1,
	LEG_AGENT,    /* the agent's phone, rung for an ACD offer */
	LEG_EXTERNAL, /* a number dialled for the call */
	LEG_THIRD,    /* a consultation (an extension or a number) */
	LEG_SUP,      /* a supervisor's phone */
};

/* The parties of a call's mixer; hears[slot] is the mask of the slots
 * that party hears (a supervisor's monitor, whisper and barge are just
 * masks). */
enum cc_slot { SLOT_CUST, SLOT_AGENT, SLOT_THIRD, SLOT_SUP, SLOTS };
#define BIT(s) (1u << (s))

struct cc_call;

/*
 * jbuf.c: the bridge's jitter buffer. CC_JB_BOUND blocks (80 ms) at
 * most wait for a listener: DAHDI queues DAHDI_DEFAULT_NUM_BUFS (2)
 * blocks of a B channel for a process, so one woken late meets at most
 * those and the one being filled of a leg before the others' turns;
 * one more absorbs the order of the legs' turns. Older ones are stale,
 * and the delay added stays within G.114's one-way budget.
 */
#define CC_JB_BOUND 4
#define CC_JB_CONCEAL 3 /* turns running a listener's last block repeats */
struct cc_jbuf {
	int16_t blk[CC_JB_BOUND][CC_BLOCK];
	uint64_t ms[CC_JB_BOUND]; /* the context's clock when received */
	uint64_t seq; /* blocks received so far; block s in blk[s % BOUND] */
};
struct cc_jread {
	bool valid;
	cti_call_id_t from; /* the leg it reads */
	uint64_t next;	    /* that leg's next block to hear */
	uint64_t turn;	    /* the listener's own block count when last read */
	uint64_t turn_ms;   /* and the context's clock then */
	bool has_last;	    /* it took a block since it started reading */
	uint64_t last;	    /* that block's number */
	uint32_t concealed; /* turns running that block was repeated */
};
/* Keep a block received at `now` (n < CC_BLOCK: silence after). */
void cc__jb_put(struct cc_jbuf *b, const int16_t *rx, size_t n, uint64_t now);
/* The block a listener hears from leg `from` at its turn `turn` (its own
 * block count) at `now`: the next not heard, or when none is due its
 * last one again (a few turns), or NULL: silence. */
const int16_t *cc__jb_take(const struct cc_jbuf *b, struct cc_jread *r,
			   cti_call_id_t from, uint64_t turn, uint64_t now);

struct cc_leg {
	struct cc_leg *hnext;
	cti_call_id_t id;
	int kind; /* enum cc_leg_kind */
	struct cc_call *call;
	int agent;	   /* LEG_AGENT: index in cc->agents */
	bool up;	   /* ESTABLISHED */
	bool answered;	   /* we answered it (incoming) */
	bool nailed;	   /* an agent's nailed-up line: outlives calls */
	uint32_t zip;	   /* samples of zip tone still to play */
	bool clearing;	   /* we cleared it: its CLEARED is expected */
	struct cc_jbuf rx; /* what it received, numbered */
	struct cc_jread hear[SLOTS]; /* its cursor in each party's */
};

struct cc_call {
	struct cc_call *hnext;
	struct cti_center *cc;
	cti_center_call_t id;
	int state; /* enum cti_center_call_state */
	struct cc_leg *cust;
	struct cc_leg *peer;  /* connected agent or external leg */
	struct cc_leg *third; /* consultation, then conference member */
	struct cc_leg *sup;   /* supervisor */
	uint32_t sup_mode;    /* enum cti_center_supervise */
	char sup_ext[CTI_NUMBER_MAX]; /* the supervisor's: one per call */
	uint8_t hears[SLOTS];
	bool conf;     /* customer, agent and third all hear each other */
	bool outbound; /* the agent's own call: cust is the number dialled */
	uint32_t seg;  /* ACD segment: a transfer to a queue is a
			  new ACD call, id seg << 32 | id */
	struct cc_leg *ring[CC_MAX_RING];
	uint32_t n_ring;
	uint32_t n_legs; /* legs still pointing here */
	int trunk;
	char ani[CTI_NUMBER_MAX], dnis[CTI_NUMBER_MAX];
	char agent[CTI_NAME_MAX];
	char dialled[CTI_NUMBER_MAX];
	char data[CTI_CENTER_DATA_MAX];
	uint64_t arrived_ms, queued_ms, connected_ms;
	/* IVR: the flow's run, or the session announcements use */
	cti_ivr_t *ivr;
	cti_prompts_t *ivr_ps; /* the set it looks names up in (prompts.c) */
	cti_flow_run_t *run;
	const cti_flow_t *flow; /* the flow object `run` runs */
	bool hook_pending;
	cti_ivr_t *app_ivr; /* the application's (APP) */
	/* queue treatment */
	int queue;
	bool in_acd;
	bool announcing;
	uint32_t moh_pos;
	const cti_prompts_t *moh_ps; /* the set its music began from, or
					NULL (prompts.c) */
	int64_t ann_timer;
	uint32_t tone_phase;	      /* ringback while dialling a number */
	struct cti_center_record rec; /* the whole call, as it goes */
	uint64_t since;		      /* in the current state */
	cti_dtmf_rx_t *dtmf;	      /* a queue's escape digit (Q.24) */
	/* its recording (rec.c) */
	cti_rec_call_t *rc;	 /* running, or NULL */
	bool rc_failed;		 /* broke off: no more frames */
	bool rc_t0_set;		 /* the timeline's origin is known */
	bool rc_paused;		 /* a secret is being collected */
	bool rc_secret_over;	 /* the collect ended; waiting for quiet */
	bool rc_tone;		 /* a DTMF tone is on while paused */
	uint32_t rc_quiet;	 /* blocks without secret or tone since */
	uint64_t rc_t0;		 /* context time of timeline position 0 */
	uint32_t rc_mode;	 /* enum cti_rec_pause_mode for secrets */
	const int16_t *rc_ann;	 /* the announcement playing, or NULL */
	const cti_prompts_t *rc_ann_ps; /* the set it is from */
	size_t rc_ann_n, rc_ann_pos;
	cti_dtmf_rx_t *rc_dtmf;	 /* tone ends while paused */
	struct cti_rec_decision rc_d; /* the policy's word, once decided */
	bool rc_decided;
	/* digits keyed in one run, possibly type-ahead of a secret collect:
	 * timeline positions (rec.c) */
	uint64_t rc_dtmf_base;	  /* of the receiver's sample 0 */
	uint64_t rc_run_from;	  /* first tone's start */
	uint64_t rc_collect_pos;  /* last block a collect ran in */
	bool rc_run;		  /* type-ahead keyed since a collect ran */
	uint32_t rc_pending;	  /* blocks until a secret's pause is set */
	uint64_t rc_secret_from;  /* where that pause will begin */
	const int16_t *rc_prompt; /* pause/resume prompt playing, or NULL */
	const cti_prompts_t *rc_prompt_ps; /* the set it is from */
	size_t rc_prompt_n, rc_prompt_pos;
};

struct cti_center {
	cti_ctx_t *ctx;
	struct cti_center_config cfg;
	cti_acd_t *acd;
	struct cc_trunk *trunks;
	size_t n_trunks;
	struct cc_sched *scheds;
	size_t n_scheds;
	struct cc_route *routes;
	size_t n_routes;
	struct cc_flow *flows;
	size_t n_flows;
	struct cc_queue *queues;
	size_t n_queues;
	struct cc_ext *exts;
	size_t n_exts;
	struct cc_agent *agents;
	size_t n_agents;
	struct cc_call *calls[CC_HASH];
	struct cc_leg *legs[CC_HASH];
	size_t n_calls;
	cti_center_call_t next_id;
	/* the engine's events */
	struct cti_center_event *ev;
	size_t ev_head, ev_n, ev_cap;
	/* the ACD's next due work on the context's clock */
	int64_t acd_timer;
	uint64_t acd_due;
	bool draining;
	bool wake_posted; /* a USER event tells the application to drain */
	/* intervals of one close, pooled before they are stored */
	struct cti_acd_interval *ivs;
	size_t n_ivs, cap_ivs;
	/* records waiting for one store transaction */
	struct cti_acd_cdr *cdrs;
	size_t n_cdrs, cap_cdrs;
	int64_t cdr_timer; /* flushes the batch CC_CDR_FLUSH_MS after its first */
	int64_t retry_timer; /* phone.c: agents back READY after a failed ring */
	/* the open intervals' checkpoint (kpi.c): its timer, and what the
	 * last one stored */
	int64_t ivc_timer;
	struct cti_acd_interval *ivc;
	size_t n_ivc, cap_ivc;
	cti_center_tap_fn tap;
	void *tap_user;
	int refuse_cause;   /* new arrivals cleared with it; 0: accepted */
	uint64_t login_seq; /* last login's */
	/* the default music on hold */
	int16_t *moh;
	size_t moh_len;
};

static inline uint64_t cc__acd_id(const struct cc_call *c)
{
	return (uint64_t)c->seg << 32 | c->id;
}

/* core.c */
struct cti_center_event *cc__emit(cti_center_t *cc, int type,
				  const struct cc_call *call);
struct cc_call *cc__call_find(cti_center_t *cc, cti_center_call_t id);
struct cc_leg *cc__leg_find(cti_center_t *cc, cti_call_id_t id);
struct cc_call *cc__call_new(cti_center_t *cc);
struct cc_leg *cc__leg_new(cti_center_t *cc, struct cc_call *call,
			   cti_call_id_t id, int kind);
void cc__leg_free(cti_center_t *cc, struct cc_leg *l);
/* Free the call once it ended and no leg points at it. */
void cc__call_reap(cti_center_t *cc, struct cc_call *call);
int cc__trunk_of_span(const cti_center_t *cc, cti_span_id_t span);
int cc__queue_find(const cti_center_t *cc, const char *name);
int cc__flow_find(const cti_center_t *cc, const char *name);
int cc__agent_find(const cti_center_t *cc, const char *name);
/* A crash loses at most this much of the CDRs: the batch is stored
 * this long after its oldest record was queued, or at once when it
 * holds CC_CDR_BATCH, whichever comes first. */
#define CC_CDR_FLUSH_MS 1000
#define CC_CDR_BATCH 256
/* ...and at most this much of the open intervals' statistics: they are
 * stored as open rows this often while they change (kpi.c) */
#define CC_IV_CHECKPOINT_MS 10000
/* kpi.c: the checkpoint's timer, armed while the ACD has work and a
 * store is set; stopped (and its memory freed) at the engine's end */
void cc__iv_checkpoint_start(cti_center_t *cc);
void cc__iv_checkpoint_arm(cti_center_t *cc);
void cc__iv_checkpoint_stop(cti_center_t *cc);
void cc__flush_records(cti_center_t *cc);
/* The call's whole-call record: its open-call row in the store at
 * arrival; at its end the RECORD event and the record stored (which
 * closes the row). A store error is an ERROR event and a log line. */
void cc__record_open(cti_center_t *cc, struct cc_call *c);
void cc__record_close(cti_center_t *cc, struct cc_call *c);

int cc__agent_record(cti_center_t *cc, const char *agent);
bool cc__name_ok(const char *s);
int cc__sched_find(const cti_center_t *cc, const char *name);
int cc__ext_find(const cti_center_t *cc, const char *number);
int cc__sched_make(const struct cti_center_schedule_config *s,
		   struct cc_sched *tmp);
int cc__queue_make(cti_center_t *cc, const struct cti_center_queue_config *q,
		   struct cc_queue *tmp);
/* reconfig.c: the agent's skills as the engine keeps them, and with its
 * own skill (agent:NAME) for the ACD: how many in all[] */
void cc__agent_skills_keep(struct cc_agent *a,
			   const struct cti_acd_skill *skills, size_t n);
cti_center_call_t *cc__call_ids(cti_center_t *cc, size_t *n);
size_t cc__agent_skills_all(int i, const struct cti_acd_skill *skills,
			    size_t n, struct cti_acd_skill *all);
int cc__agent_queue(cti_center_t *cc, const char *agent);

/* route.c */
int cc__target_parse(cti_center_t *cc, const char *text, struct cc_target *t);
/* The route's target for an incoming call, or NULL (unroutable). */
const struct cc_target *cc__route(cti_center_t *cc, int trunk, const char *dnis,
				  const char *ani);
/* Carry the call to a target; 0 or a CTI_E* code (the call is then
 * cleared). */
int cc__target_apply(cti_center_t *cc, struct cc_call *call,
		     const struct cc_target *t);
bool cc__sched_open(const cti_center_t *cc, const struct cc_sched *s,
		    uint64_t now_ms);

/* fsm.c */
enum cc_input {
	IN_FLOW = 1, /* a flow starts */
	IN_APP,	     /* given to the application */
	IN_QUEUE,    /* enters a queue */
	IN_OFFER,    /* an agent's phone rings */
	IN_NO_OFFER, /* no phone rings any more: back to waiting */
	IN_ANSWER,   /* an agent answered */
	IN_DIAL,     /* a number is dialled */
	IN_EXTERNAL, /* that number answered */
	IN_HOLD,     /* the agent holds the customer */
	IN_RETRIEVE, /* and takes the call back */
	IN_TRANSFER, /* joined to a consulted party; the agent left */
	IN_END,	     /* the customer or the engine ended it */
};
/* Move the call on `in`: checked against the table, logged. 0 or
 * CTI_ESTATE (not allowed: logged as an error, nothing changes). */
int cc__fsm(cti_center_t *cc, struct cc_call *call, int in);

/* calls.c */
void cc__acd_drain(cti_center_t *cc);
void cc__end_call(cti_center_t *cc, struct cc_call *call, int cause);
void cc__acd_leave(cti_center_t *cc, struct cc_call *c, bool by_caller);
/* line.c: a nailed-up line's events; the line of agent `a` placed. */
void cc__line_event(cti_center_t *cc, struct cc_leg *l, int type, int cause);
int cc__line_open(cti_center_t *cc, int a);
/* Join a waiting call to agent a's nailed-up line: true if done. */
bool cc__line_offer(cti_center_t *cc, struct cc_call *c, int a);
int cc__place(cti_center_t *cc, struct cc_call *c, int kind, const char *number,
	      int trunk, struct cc_leg **out);
/* control.c */
/* Who hears whom, from the call's state and parties. */
void cc__matrix(struct cc_call *c);
/* A call offered on a stations trunk: the agent there dials out. */
void cc__agent_originated(cti_center_t *cc, const struct cti_call_event *ce,
			  int trunk);
/* The agent's phone answered its own outbound call: dial the number. */
void cc__outbound_agent_up(cti_center_t *cc, struct cc_call *c);
void cc__third_event(cti_center_t *cc, struct cc_leg *l, int type, int cause);
void cc__clear_leg(cti_center_t *cc, struct cc_leg *l, int cause);

/* phone.c */
void cc__phone_failed(cti_center_t *cc, int agent);
void cc__phone_retry_stop(cti_center_t *cc);
int cc__enqueue(cti_center_t *cc, struct cc_call *call, int queue);
int cc__start_flow(cti_center_t *cc, struct cc_call *call, int flow);
int cc__dial_number(cti_center_t *cc, struct cc_call *call, const char *number);

/* pool.c: agent a can take queue q's calls (its skills, or its own
 * agent:NAME queue) */
bool cc__qualifies(const cti_center_t *cc, int a, const struct cc_queue *q);
/* pool.c: the intervals of one close get the pooled Erlang C of the
 * queues that share staffed agents, then are stored and emitted */
void cc__interval_keep(cti_center_t *cc, const struct cti_acd_interval *iv);
void cc__intervals_flush(cti_center_t *cc);

/* rec.c: the call's recording per cfg.rec_policy */
/* The call's audio started, or it entered queue q (-1: none): start
 * recording if the policy says so and it is not recorded yet. */
void cc__rec_consider(cti_center_t *cc, struct cc_call *c, int q);
/* One block of leg l crossed (rx from the party, tx to it). */
void cc__rec_tap(cti_center_t *cc, const struct cc_leg *l, uint64_t now,
		 const int16_t *rx, const int16_t *tx, size_t n);
/* The announcement that recording started, over the customer's block:
 * true while it plays (the call's own audio waits). */
bool cc__rec_announce(struct cc_call *c, int16_t *tx, size_t n);
/* After the customer's block: pause while a secret is collected and
 * until its last tone has ended, resume after. */
void cc__rec_secrets(cti_center_t *cc, struct cc_call *c, uint64_t now,
		     const int16_t *rx, size_t n);
/* The call ended: close its recording (events unless quiet). */
/* The caller hears the pause or resume prompt over the flow's audio
 * (which still runs: digits are not lost). */
void cc__rec_prompt(struct cc_call *c, int16_t *tx, size_t n);
void cc__rec_stop(cti_center_t *cc, struct cc_call *c, bool quiet);

/* media.c */
void cc__audio(cti_ctx_t *ctx, cti_call_id_t id, const void *rx, void *tx,
	       size_t samples, void *user);
int cc__moh_make(cti_center_t *cc);
void cc__moh_default(cti_center_t *cc, struct cc_call *c, int16_t *tx,
		     size_t n);
void cc__treatment_start(cti_center_t *cc, struct cc_call *call);
void cc__treatment_stop(cti_center_t *cc, struct cc_call *call);
int cc__ivr_for(cti_center_t *cc, struct cc_call *call);

/* prompts.c: which prompt set each part of a call uses */
/* Move the call's idle IVR session to the engine's set (a busy one
 * keeps its own until it is idle). */
void cc__prompts_bind(cti_center_t *cc, struct cc_call *c);
/* Each customer block: outside a flow, the session follows the engine's
 * set once idle; music over, its set is let go. */
void cc__prompts_settle(cti_center_t *cc, struct cc_call *c);

#endif
