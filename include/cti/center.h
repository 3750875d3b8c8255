/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti call centre engine: the parts joined into one system. A call
 * arrives on a trunk, is routed (by DNIS, ANI prefix and a business-hours
 * schedule) to a flow, a queue or a number; its flow runs on the call's
 * audio by itself; a queued caller hears music and announcements of
 * position and estimated wait; the ACD's offer rings the chosen agent's
 * extension through a call on an agent-facing span; the answer bridges
 * customer and agent in the engine's own mixer; either side hanging up
 * ends it, the ACD learns every outcome from the call events themselves,
 * and CDRs and KPI intervals go to the store. docs/center.md has the
 * model, a call's life as a state table and the limits.
 *
 * It sits above call (ECMA-269 style call control over Q.931), ivr, acd
 * and store, on one context: no threads, the context's clock (virtual
 * clock simulations run a day in seconds). Causes are Q.850's.
 *
 * Driving it:
 *
 *	cti_center_new(&cc, ctx, &cfg);  ... configuration calls ...
 *	in the context's event callback (or cti_ctx_next_event() loop):
 *		if (!cti_center_handle_event(cc, ev)) { the event is yours }
 *		while (cti_center_next_event(cc, &cev) > 0) handle(&cev);
 *
 * Every call event of a span the engine owns (trunks and stations) is
 * the engine's: handle_event() returns 1 for them.
 */
#ifndef CTI_CENTER_H
#define CTI_CENTER_H

#include "cti/common.h"
#include "cti/acd.h"
#include "cti/call.h"
#include "cti/ctx.h"
#include "cti/event.h"
#include "cti/ivr.h"
#include "cti/rec.h"
#include "cti/records.h"
#include "cti/span.h"
#include "cti/store.h"

CTI_BEGIN_DECLS

typedef struct cti_center cti_center_t;

/* Ids of the engine's calls (one per customer call, across all its legs);
 * never reused within an engine, also the ACD's and the CDRs' call_id. */
typedef uint32_t cti_center_call_t;

#define CTI_CENTER_MAX_SPANS 64	 /* per trunk group */
#define CTI_CENTER_DATA_MAX  256 /* call data "k=v;k=v", with the NUL */

struct cti_center_config {
	cti_prompts_t *prompts;	   /* prompt set of announcements and flows
				      (borrowed: outlives the engine, or
				      until cti_center_set_prompts() has
				      replaced it and it is not in use) */
	cti_store_t *store;	   /* CDRs, intervals, whole-call records and
				      open-call rows go here (borrowed);
				      NULL: records are only events */
	int64_t epoch_ms_at_zero;  /* wall clock (UTC ms) at context time 0;
				      0: the real clock at creation */
	int32_t utc_offset_min;	   /* local time of schedules, e.g. 480 */
	uint32_t interval_ms;	   /* KPI interval; 0: 15 min */
	uint32_t sl_threshold_ms;  /* service level T; 0: 15 s */
	uint32_t short_abandon_ms; /* 0: 5 s */
	uint32_t seed;		   /* ACD RANDOM strategy; 0: 1 */
	/* Recording (docs/center.md, "Recording"): every call the policy
	 * says is recorded into this recorder (borrowed: it outlives the
	 * engine and is used from the engine's thread only); NULL: no
	 * recording. */
	cti_rec_t *recorder;
	/* which calls, how (stereo or mono, pause or mask for secrets,
	 * announcement), how long (borrowed); NULL with a recorder: every
	 * call, stereo, 20 years, paused while a secret is collected */
	const cti_rec_policy_t *rec_policy;
	uint32_t flags; /* CTI_CENTER_ALIGN_INTERVALS */
	/* An agent whose phone could not be rung (refused, or no channel on
	 * its stations trunk) is NOT_READY, reason
	 * CTI_CENTER_REASON_PHONE_FAILED: READY again this long after
	 * unless its state was changed in between; 0: until told. */
	uint32_t phone_retry_ms;
	uint32_t reserved[6 - 2 * sizeof(void *) / sizeof(uint32_t)]; /* zero */
};

/* NOT_READY reasons the engine sets (besides the ACD's RONA,
 * CTI_ACD_REASON_RONA 9001, and CTI_CENTER_REASON_OUTBOUND 9004). */
#define CTI_CENTER_REASON_PHONE_FAILED 9002 /* refused, or not reachable */
#define CTI_CENTER_REASON_LINE_DOWN    9003 /* a nailed-up line dropped */

/* KPI intervals on wall-clock boundaries of local time (utc_offset_min):
 * the ACD's CTI_ACD_ALIGN_INTERVALS (docs/center.md, "Intervals"). */
#define CTI_CENTER_ALIGN_INTERVALS 0x1u

/*
 * A new engine on `ctx`. Returns 0 and sets *out, or CTI_EINVAL (NULL
 * ctx, or a config the ACD refuses), CTI_ENOMEM; *out is then NULL.
 */
CTI_EXTERN int cti_center_new(cti_center_t **out, cti_ctx_t *ctx,
			      const struct cti_center_config *cfg);

/* Clear every call of the engine (cause 16, no events), free it. The
 * spans stay open. NULL is ignored. */
CTI_EXTERN void cti_center_free(cti_center_t *cc);

/* Close every queue's open interval now (at a clean stop, say): as
 * cti_acd_close_intervals(), then the pooled Erlang C, the store and a
 * CTI_CENTER_EV_INTERVAL each, as at an interval's end. Returns 0,
 * CTI_EINVAL (NULL cc). */
CTI_EXTERN int cti_center_close_intervals(cti_center_t *cc);

/* ---- configuration ---------------------------------------------------- */

enum cti_center_trunk_kind {
	CTI_CENTER_TRUNK_NETWORK = 1,  /* customers call in; numbers dialled
					  out (transfer to a number) */
	CTI_CENTER_TRUNK_STATIONS = 2, /* agents' phones: a PRI towards a
					  PBX or channel bank */
};

struct cti_center_trunk_config {
	const char *name;	    /* unique, < CTI_NAME_MAX */
	uint32_t kind;		    /* enum cti_center_trunk_kind */
	const cti_span_id_t *spans; /* outgoing calls try them in order */
	uint32_t n_spans;	    /* 1..CTI_CENTER_MAX_SPANS */
	uint32_t reserved[8];
};

/* Add a trunk group. Returns 0, CTI_EEXIST (name, or a span already in a
 * group), CTI_ENOENT (a span is not open), CTI_EINVAL, CTI_ENOMEM. */
CTI_EXTERN int cti_center_trunk_add(cti_center_t *cc,
				    const struct cti_center_trunk_config *t);

#define CTI_CENTER_MAX_HOURS	14
#define CTI_CENTER_MAX_HOLIDAYS 64

/* Open hours on some weekdays, local time: open_min <= t < close_min. */
struct cti_center_hours {
	uint8_t days;	    /* bit 0 Sunday ... bit 6 Saturday */
	uint16_t open_min;  /* minutes after local midnight */
	uint16_t close_min; /* 1..1440 */
};

struct cti_center_schedule_config {
	const char *name;
	struct cti_center_hours hours[CTI_CENTER_MAX_HOURS];
	uint32_t n_hours;
	const char *const *holidays; /* "YYYY-MM-DD", closed all day */
	uint32_t n_holidays;
	uint32_t reserved[8];
};

/* Add a schedule. Returns 0, CTI_EEXIST, CTI_EINVAL (a bad day mask,
 * minutes or date), CTI_ENOMEM. */
CTI_EXTERN int
cti_center_schedule_add(cti_center_t *cc,
			const struct cti_center_schedule_config *s);

/* True if the schedule is open at the context's current time; false for
 * an unknown name too. */
CTI_EXTERN bool cti_center_schedule_open(cti_center_t *cc, const char *name);

/* Add a flow under `name` (borrowed: it must outlive the engine). Its
 * `queue NAME` steps name targets (see cti_center_route_add()); a bare
 * name is a queue. Returns 0, CTI_EEXIST, CTI_EINVAL, CTI_ENOMEM. */
CTI_EXTERN int cti_center_flow_add(cti_center_t *cc, const char *name,
				   const cti_flow_t *flow);

struct cti_center_queue_config {
	struct cti_acd_queue_config acd; /* the ACD's queue; exit_action is
					    a target (see route_add) */
	const char *music;		 /* prompt looped as music on hold;
					    NULL: the engine's own melody */
	const char *greeting;		 /* prompt played on entry, or NULL */
	uint32_t first_announce_ms;	 /* position/wait after entry; 0: 5 s */
	uint32_t announce_every_ms;	 /* then every...; 0: never */
	uint32_t lang;			 /* enum cti_lang of announcements;
					    0: CTI_LANG_EN */
	bool announce_position;		 /* "you are caller number N" */
	bool announce_wait;		 /* "estimated wait N minutes" */
	char escape_digit;		 /* a DTMF digit that leaves the queue
					    ("press 1 for a callback"), or 0 */
	const char *escape_target;	 /* where it goes (a target) */
	uint32_t reserved[8];
};

/*
 * Add a queue: the ACD queue plus its treatment. Returns 0, the errors
 * of cti_acd_queue_add() (CTI_EEXIST, CTI_ENOENT for an overflow target
 * not added yet, CTI_EINVAL), CTI_ENOENT (music or greeting not in the
 * prompt set, or a prompt set is missing for announcements), CTI_ENOMEM.
 */
CTI_EXTERN int cti_center_queue_add(cti_center_t *cc,
				    const struct cti_center_queue_config *q);

/*
 * Route incoming calls. Routes are tried in the order added; the first
 * whose trunk, DNIS and ANI prefix match takes the call. Its target is
 * `target`, or `closed_target` while its schedule is closed. A target is
 * a string "KIND:NAME" (the kinds are a table in lib/center/route.c):
 *
 *   flow:NAME     run the flow on the call (answered)
 *   queue:NAME    queue it (answered, treatment)
 *   agent:NAME    queue it for that agent only (its own hidden ACD
 *                 queue "agent:NAME"; the agent may log in later)
 *   number:DIGITS dial it on the first network trunk and join the two
 *   reject:CAUSE  clear with a Q.850 cause (1..127), unanswered
 *   app:TAG       answer and hand it to the application
 *                 (CTI_CENTER_EV_APP_CALL), which attaches its own IVR
 *                 session or routes it on with cti_center_call_route()
 *
 * Calls no route takes are cleared with cause 1 (unallocated number).
 */
struct cti_center_route_config {
	const char *trunk;	   /* NULL: any network trunk */
	const char *dnis;	   /* exact; NULL or "": any; a trailing '*'
				      matches a prefix */
	const char *ani_prefix;	   /* NULL or "": any */
	const char *schedule;	   /* NULL: always open */
	const char *target;	   /* required */
	const char *closed_target; /* required with a schedule */
	uint32_t reserved[8];
};

/* Returns 0, CTI_ENOENT (unknown trunk, schedule, flow or queue),
 * CTI_EFORMAT (a target that does not parse), CTI_EINVAL, CTI_ENOMEM. */
CTI_EXTERN int cti_center_route_add(cti_center_t *cc,
				    const struct cti_center_route_config *r);

enum cti_center_ext_flags {
	/* a nailed-up line: the engine calls the extension when its agent
	 * logs in and keeps that call up all shift; callers are joined to
	 * it at once, the agent hearing a 200 ms zip tone first */
	CTI_CENTER_EXT_NAILED = 1 << 0,
};

struct cti_center_extension_config {
	const char *number; /* the extension, dialled on `trunk` */
	const char *trunk;  /* a STATIONS trunk group */
	uint32_t flags;	    /* enum cti_center_ext_flags */
	uint32_t reserved[7];
};

/* Add an extension. Returns 0, CTI_EEXIST, CTI_ENOENT (no such trunk, or
 * not a STATIONS one), CTI_EFORMAT (number not 0-9 * #), CTI_ENOMEM. */
CTI_EXTERN int
cti_center_extension_add(cti_center_t *cc,
			 const struct cti_center_extension_config *e);

/* ---- agents ------------------------------------------------------------ */

/*
 * Log `agent` in at `extension` with its skills (NOT_READY). Returns 0,
 * CTI_ENOENT (no such extension), CTI_EBUSY (another agent is logged in
 * there), the errors of cti_acd_agent_login() (CTI_EALREADY, CTI_EINVAL),
 * CTI_ENOMEM.
 */
CTI_EXTERN int cti_center_agent_login(cti_center_t *cc, const char *agent,
				      const char *extension,
				      const struct cti_acd_skill *skills,
				      size_t n);
/* (At most 63 skills: the engine adds the agent's own, for agent:NAME.)
 * Log out (refused with CTI_ESTATE while ringing or on a call), READY,
 * NOT_READY with a reason: as cti_acd_agent_logout/ready/not_ready().
 * At a nailed-up extension READY waits for the line: CTI_EAGAIN until
 * the agent has answered the engine's call to it. */
CTI_EXTERN int cti_center_agent_logout(cti_center_t *cc, const char *agent);
CTI_EXTERN int cti_center_agent_ready(cti_center_t *cc, const char *agent);
CTI_EXTERN int cti_center_agent_not_ready(cti_center_t *cc, const char *agent,
					  int reason);
/* The agent's ACD state (enum cti_agent_state). CTI_ENOENT. */
CTI_EXTERN int cti_center_agent_state(cti_center_t *cc, const char *agent,
				      uint32_t *state, int32_t *reason);

/* ---- driving ----------------------------------------------------------- */

/*
 * Hand a context event to the engine. Returns 1 if it was the engine's
 * (a call on one of its spans or legs, a span of its trunks), 0 if it is
 * the application's, CTI_EINVAL for NULL arguments.
 */
CTI_EXTERN int cti_center_handle_event(cti_center_t *cc,
				       const struct cti_event *ev);

enum cti_center_call_state {
	CTI_CENTER_CALL_ROUTING = 1, /* offered on a trunk, being routed */
	CTI_CENTER_CALL_FLOW,	     /* its flow runs */
	CTI_CENTER_CALL_APP,	     /* the application has it */
	CTI_CENTER_CALL_QUEUED,	     /* waiting, with treatment */
	CTI_CENTER_CALL_RINGING,     /* queued, an agent's phone rings */
	CTI_CENTER_CALL_CONNECTED,   /* bridged to an agent */
	CTI_CENTER_CALL_OUTBOUND,    /* a number is dialled for it */
	CTI_CENTER_CALL_EXTERNAL,    /* bridged to that number */
	CTI_CENTER_CALL_HELD,	     /* the agent holds it: music */
	CTI_CENTER_CALL_ENDED,
	CTI_CENTER_CALL_STATES
};

/* The state's name ("QUEUED"); "?" if unknown. */
CTI_EXTERN const char *cti_center_call_state_name(int state);

enum cti_center_event_type {
	CTI_CENTER_EV_ARRIVED = 1, /* a call arrived: ani, dnis, trunk */
	CTI_CENTER_EV_ROUTED,	   /* routed: `target` */
	CTI_CENTER_EV_REJECTED,	   /* cleared unanswered: `cause` */
	CTI_CENTER_EV_HOOK,	   /* its flow asks hook `name`: answer
				      with cti_center_hook_done() */
	CTI_CENTER_EV_APP_CALL,	   /* an app: target gave it to you
				      (`name` the tag) */
	CTI_CENTER_EV_QUEUED,	   /* entered `queue`; `data` */
	CTI_CENTER_EV_OFFERED,	   /* `agent`'s phone rings (`extension`) */
	CTI_CENTER_EV_CONNECTED,   /* bridged to `agent` (or `target`) */
	CTI_CENTER_EV_ENDED,	   /* gone: `cause`, `state` it was in */
	CTI_CENTER_EV_AGENT_STATE, /* `agent` now `state` (`reason`) */
	CTI_CENTER_EV_CDR,	   /* u.cdr (also stored) */
	CTI_CENTER_EV_INTERVAL,	   /* u.interval (also stored) */
	CTI_CENTER_EV_ERROR,	   /* something failed: `name` says what,
				      `cause` the CTI_E* code */
	CTI_CENTER_EV_HELD,	   /* `agent` holds the customer */
	CTI_CENTER_EV_RETRIEVED,   /* and took the call back */
	CTI_CENTER_EV_CONSULTING,  /* `agent` consults `target` (answered) */
	CTI_CENTER_EV_CONFERENCED, /* customer, agent and `target` */
	CTI_CENTER_EV_TRANSFERRED, /* to `target`; `agent` has left */
	CTI_CENTER_EV_SUPERVISED,  /* a supervisor joined `agent`'s call
				      (`extension`, `name` the mode) */
	CTI_CENTER_EV_RECORD,	   /* the whole call, once, after ENDED:
				      u.record */
	/* Recording status (cfg.recorder), u.rec; never a secret. */
	CTI_CENTER_EV_REC_STARTED, /* recording u.rec.id began (`leg` the
				      customer's) */
	CTI_CENTER_EV_REC_PAUSED,  /* a secret is being collected: from
				      u.rec.pos_ms on nothing (or silence,
				      u.rec.mode MASK) is recorded */
	CTI_CENTER_EV_REC_RESUMED, /* recorded again from u.rec.pos_ms */
	CTI_CENTER_EV_REC_STOPPED, /* closed with the call, or the agent
				      stopped it: u.rec totals */
	CTI_CENTER_EV_REC_FAILED,  /* not started, or it broke off: `cause`
				      the CTI_E* code, `name` what failed */
};

/* A recording's status in the engine's events. */
struct cti_center_rec_status {
	char id[CTI_REC_ID_LEN + 1]; /* "" if it never started */
	char pad[7];
	uint64_t pos_ms;      /* PAUSED/RESUMED: where on its timeline */
	uint64_t chunks;      /* STOPPED: audio chunks written */
	uint64_t end_pos;     /* STOPPED: timeline end, samples */
	uint64_t late_frames; /* STOPPED: frames dropped as too late */
	uint64_t bytes;	      /* STOPPED: size of the file */
	uint32_t pauses;      /* STOPPED: how many pauses */
	uint32_t mode;	      /* PAUSED: enum cti_rec_pause_mode */
	uint32_t channels;    /* STARTED: 1 or 2 */
	uint32_t rule;	      /* STARTED: the policy's rule (0: default) */
	uint32_t demand;      /* STARTED: 1 the agent asked for it
				 (cti_center_agent_record()) */
	uint32_t reserved[7];
};

/*
 * On-demand recording (the policy's mode=on-demand): start (on) or stop
 * (off) recording the call `agent` is connected to or holds; REC_STARTED
 * or REC_STOPPED with u.rec.demand 1 follow (REC_FAILED if the recorder
 * refuses). A new start after a stop makes a new recording. Returns 0, or
 * CTI_EINVAL (NULL cc or agent), CTI_ENOTSUP (no recorder), CTI_ENOENT
 * (agent not logged in), CTI_ESTATE (no call), CTI_EPERM (the policy says
 * never, or says always: a call recorded by policy cannot be stopped),
 * CTI_EALREADY (already so), or cti_rec_start()'s error.
 */
CTI_EXTERN int cti_center_agent_record(cti_center_t *cc, const char *agent,
				       bool on);

struct cti_center_event {
	uint32_t type; /* enum cti_center_event_type */
	uint32_t call; /* cti_center_call_t, 0 for agent/interval events */
	uint64_t time_ms;
	uint32_t leg;	/* cti_call_id_t of the leg concerned, or 0 */
	uint32_t state; /* call: enum cti_center_call_state; AGENT_STATE:
			   enum cti_agent_state */
	int32_t cause;	/* Q.850 (ENDED, REJECTED) or CTI_E* (ERROR) */
	int32_t reason; /* AGENT_STATE: reason code */
	char ani[CTI_NUMBER_MAX];
	char dnis[CTI_NUMBER_MAX];
	char trunk[CTI_NAME_MAX];
	char queue[CTI_NAME_MAX];
	char agent[CTI_NAME_MAX];
	char extension[CTI_NUMBER_MAX];
	char name[CTI_NAME_MAX];	/* hook, app tag, or error text */
	char target[CTI_NAME_MAX];	/* ROUTED, CONNECTED to a number */
	char data[CTI_CENTER_DATA_MAX]; /* the flow's variables "k=v;k=v" */
	union {
		struct cti_acd_cdr cdr;
		struct cti_acd_interval interval;
		struct cti_center_record record;
		struct cti_center_rec_status rec;
		uint8_t reserved[512];
	} u;
	uint32_t reserved[8];
};

/* Copy out the engine's oldest event. Returns 1, 0 when none waits,
 * CTI_EINVAL for NULL arguments. */
CTI_EXTERN int cti_center_next_event(cti_center_t *cc,
				     struct cti_center_event *ev);

/* The event type's name ("QUEUED"); "?" if unknown. */
CTI_EXTERN const char *cti_center_event_name(int type);

/* ---- flows and the application's calls --------------------------------- */

/* Answer the hook the call's flow waits for with `result`. Returns 0,
 * CTI_ENOENT (no such call), CTI_ESTATE (no hook pending). */
CTI_EXTERN int cti_center_hook_done(cti_center_t *cc, cti_center_call_t call,
				    const char *result);
/* Read and set the call's flow variables (as cti_flow_get/set). get
 * returns NULL for unknown calls or variables. */
CTI_EXTERN const char *
cti_center_flow_get(cti_center_t *cc, cti_center_call_t call, const char *name);
CTI_EXTERN int cti_center_flow_set(cti_center_t *cc, cti_center_call_t call,
				   const char *name, const char *value);
/* The IVR session of the call's flow (for cti_ivr_take_secret() in a
 * hook), or NULL. Valid until the call's ENDED event. */
CTI_EXTERN cti_ivr_t *cti_center_call_ivr(cti_center_t *cc,
					  cti_center_call_t call);

/*
 * Attach the application's own IVR session to a call it holds (APP
 * state): the engine feeds it the caller's audio and plays what it
 * produces, every 20 ms, with the context's clock; the application
 * drives it (play, collect) and reads its events with cti_ivr_next().
 * NULL detaches. The session stays the application's. Returns 0,
 * CTI_ENOENT, CTI_ESTATE (not an APP call).
 */
CTI_EXTERN int cti_center_call_attach_ivr(cti_center_t *cc,
					  cti_center_call_t call,
					  cti_ivr_t *ivr);

/* Send a call the application holds (APP or FLOW) to a target (as in
 * cti_center_route_add()); an attached session is detached. Returns 0,
 * CTI_ENOENT (call, or the target's queue/flow), CTI_EFORMAT, CTI_ESTATE
 * (not the application's). */
CTI_EXTERN int cti_center_call_route(cti_center_t *cc, cti_center_call_t call,
				     const char *target);

/* Clear a call and all its legs with a Q.850 cause (0: 16). Returns 0,
 * CTI_ENOENT, CTI_EINVAL (cause). */
CTI_EXTERN int cti_center_call_hangup(cti_center_t *cc, cti_center_call_t call,
				      int cause);

struct cti_center_call_info {
	uint32_t state;			  /* enum cti_center_call_state */
	uint32_t customer_leg, agent_leg; /* cti_call_id_t, 0: none */
	uint64_t arrived_ms, queued_ms, connected_ms;
	char queue[CTI_NAME_MAX];
	char agent[CTI_NAME_MAX];
	char data[CTI_CENTER_DATA_MAX];
	uint32_t reserved[8];
};

/* Fill *info. Returns 0, CTI_ENOENT or CTI_EINVAL. */
CTI_EXTERN int cti_center_call_get(cti_center_t *cc, cti_center_call_t call,
				   struct cti_center_call_info *info);

/* Calls the engine holds now. */
CTI_EXTERN size_t cti_center_calls(const cti_center_t *cc);

/* ---- enumeration (an operator's view: ctid's control socket) ----------- */

struct cti_center_agent_info {
	char agent[CTI_NAME_MAX];
	char extension[CTI_NUMBER_MAX];
	uint32_t state;		 /* enum cti_agent_state */
	int32_t reason;
	cti_center_call_t call;	 /* 0: none */
	uint64_t state_since_ms; /* context clock */
	uint32_t answered;	 /* calls answered since login */
	uint32_t reserved[8];
};

struct cti_center_queue_info {
	char name[CTI_NAME_MAX];
	uint32_t waiting;		 /* calls queued or ringing */
	uint64_t oldest_wait_ms;	 /* the longest waiting call's wait */
	uint32_t staffed, ready;	 /* agents logged in with its skills /
					    READY */
	struct cti_acd_interval current; /* the open interval so far */
	uint32_t reserved[8];
};

typedef int (*cti_center_call_fn)(void *user, cti_center_call_t call,
				  const struct cti_center_call_info *info);
typedef int (*cti_center_agent_fn)(void *user,
				   const struct cti_center_agent_info *a);
typedef int (*cti_center_queue_fn)(void *user,
				   const struct cti_center_queue_info *q);

/*
 * Visit each call / logged-in agent / queue (not the hidden agent:
 * queues), in id / login / add order. The callback returns 0 to go on,
 * non-zero to stop (returned). Returns the number visited otherwise, or
 * CTI_EINVAL. The callback may call into the engine (hang a call up,
 * log an agent out): what it removes is not visited.
 */
CTI_EXTERN int cti_center_foreach_call(cti_center_t *cc, cti_center_call_fn fn,
				       void *user);
CTI_EXTERN int cti_center_foreach_agent(cti_center_t *cc,
					cti_center_agent_fn fn, void *user);
CTI_EXTERN int cti_center_foreach_queue(cti_center_t *cc,
					cti_center_queue_fn fn, void *user);
/* One queue's figures (an agent:NAME queue too). Returns 0, CTI_ENOENT,
 * CTI_EINVAL. */
CTI_EXTERN int cti_center_queue_get(cti_center_t *cc, const char *queue,
				    struct cti_center_queue_info *out);

/* ---- reconfiguration without dropping calls (ctid's reload) ------------- */

/* New calls run the new flow (borrowed, as for flow_add); calls in the
 * old one keep it to its end. Returns 0, CTI_ENOENT, CTI_EINVAL. */
CTI_EXTERN int cti_center_flow_replace(cti_center_t *cc, const char *name,
				       const cti_flow_t *flow);
/* Returns 0, CTI_ENOENT, CTI_EBUSY while a route or a queue's exit or
 * escape targets it; running calls keep it. */
CTI_EXTERN int cti_center_flow_remove(cti_center_t *cc, const char *name);
/* A call still runs this flow object: free it only when false. */
CTI_EXTERN bool cti_center_flow_in_use(cti_center_t *cc,
				       const cti_flow_t *flow);
/* The queue of that name changes in place: strategy, skills, timers,
 * overflow, treatment (cti_acd_queue_update()); waiting calls stay, in
 * order. Returns 0, CTI_ENOENT (no such queue, or a prompt or target it
 * names), CTI_EINVAL (as for add, or an agent:NAME queue), CTI_ENOMEM. */
CTI_EXTERN int cti_center_queue_update(cti_center_t *cc,
				       const struct cti_center_queue_config *q);
/* Returns 0, CTI_ENOENT, CTI_EINVAL (an agent:NAME queue), CTI_EBUSY
 * while a call is in it (waiting, ringing, talking, held, wrap-up) or a
 * route, another queue's exit or escape, or an ACD overflow step targets
 * it. */
CTI_EXTERN int cti_center_queue_remove(cti_center_t *cc, const char *name);
/* Same name, new hours and holidays (checked as for add): routes using
 * it follow at once. Returns 0, CTI_ENOENT, CTI_EINVAL. */
CTI_EXTERN int
cti_center_schedule_replace(cti_center_t *cc,
			    const struct cti_center_schedule_config *s);
/* Returns 0, CTI_ENOENT, CTI_EBUSY (a route uses it). */
CTI_EXTERN int cti_center_schedule_remove(cti_center_t *cc, const char *name);
/* Drop every route, then route_add again; calls already routed are not
 * touched. Returns 0, CTI_EINVAL. */
CTI_EXTERN int cti_center_routes_clear(cti_center_t *cc);
/* Returns 0, CTI_ENOENT, CTI_EBUSY (an agent is logged in there). */
CTI_EXTERN int cti_center_extension_remove(cti_center_t *cc,
					   const char *number);
/* A logged-in agent's skills (at most 63, as at login) for its next
 * offer; a call it handles is not touched. Returns 0, CTI_ENOENT (not
 * logged in), CTI_EINVAL, CTI_ENOMEM. */
CTI_EXTERN int cti_center_agent_set_skills(cti_center_t *cc,
					   const char *agent,
					   const struct cti_acd_skill *skills,
					   size_t n);

/*
 * Prompt sets replaced (ctid's reload of its prompts directory): from now
 * on whatever starts uses ps (borrowed as cfg.prompts, which it
 * replaces): flows started on calls, queue greetings and announcements,
 * music that begins (a caller entering a queue, a hold), the recording's
 * announcement and its pause and resume prompts, and every check of
 * queue_add() and queue_update() (a prompt name ps lacks: CTI_ENOENT).
 * What is playing keeps the set it began with until it ends: a flow
 * running on a call (its names were checked against its set), a play or
 * collect, a waiting caller's music (sample for sample, until the call
 * leaves the queue or the hold), a recording prompt. A queue naming a
 * prompt ps lacks is logged (its music is then the engine's melody, its
 * greeting not played): update it to names ps has. ps may be NULL (no
 * announcements; flows cannot start). Returns 0, CTI_EINVAL (NULL cc).
 */
CTI_EXTERN int cti_center_set_prompts(cti_center_t *cc, cti_prompts_t *ps);
/* True while the engine needs ps: it is the engine's set, or a call
 * still plays from it (an IVR session bound to it, music, a recording
 * prompt). An old set may be freed once this is false (nothing new
 * starts on it unless it is set again). False for NULL arguments. */
CTI_EXTERN bool cti_center_prompts_in_use(const cti_center_t *cc,
					  const cti_prompts_t *ps);

/* Change cfg.phone_retry_ms (a reload): agents already waiting keep the
 * time they were given; 0 stops no wait already running. Returns 0,
 * CTI_EINVAL (NULL cc). */
CTI_EXTERN int cti_center_set_phone_retry(cti_center_t *cc, uint32_t ms);

/* ---- stopping (ctid's SIGTERM drain) ------------------------------------ */

/* Cause 1..127: new arrivals are cleared unanswered with it (ARRIVED,
 * then REJECTED with `cause`), calls in progress go on; 0: accept again.
 * Returns 0, CTI_EINVAL. */
CTI_EXTERN int cti_center_refuse_new(cti_center_t *cc, int cause);
/* Clear every call with a Q.850 cause (0: 16), each with its ENDED,
 * RECORD and CDR events; agents in wrap-up finish it at once (their
 * CDRs come out now, the agents READY). Nailed-up lines stay up.
 * Returns how many calls were cleared, or CTI_EINVAL. */
CTI_EXTERN int cti_center_hangup_all(cti_center_t *cc, int cause);

/* ---- agent call control and supervision -------------------------------- */

/*
 * The agent's connected call. hold: the customer hears music, the ACD
 * counts hold time; retrieve: back (a consultation is abandoned). Return
 * 0, CTI_ENOENT (no such agent), CTI_ESTATE (no call, or not
 * connected/held).
 */
CTI_EXTERN int cti_center_agent_hold(cti_center_t *cc, const char *agent);
CTI_EXTERN int cti_center_agent_retrieve(cti_center_t *cc, const char *agent);

/*
 * Blind transfer of the agent's call to a target (queue:, number:,
 * flow:); the agent's phone is cleared and the agent goes to wrap-up. A
 * transfer to a queue is a new ACD call of the same engine call: its
 * CDRs carry the engine's id in the low 32 bits of call_id and the
 * segment (0, 1, ...) above. Returns 0, CTI_ENOENT, CTI_ESTATE,
 * CTI_EFORMAT, or the target's error (the customer is then cleared).
 */
CTI_EXTERN int cti_center_agent_transfer(cti_center_t *cc, const char *agent,
					 const char *target);

/*
 * Consultation: hold the customer (music) and ring `target`, an
 * extension ("ext:2003") or a number ("number:5550100"); the agent and
 * the consulted party hear each other once it answers
 * (CTI_CENTER_EV_CONSULTING). Then cti_center_agent_complete(): transfer
 * (the customer joins the consulted party, the agent leaves, wrap-up) or
 * conference (all three hear each other). cti_center_agent_retrieve()
 * abandons the consultation. Returns 0, CTI_ENOENT, CTI_ESTATE (no
 * connected call, a consultation already, or for complete none
 * answered), CTI_EFORMAT, or cti_call_make()'s error.
 */
CTI_EXTERN int cti_center_agent_consult(cti_center_t *cc, const char *agent,
					const char *target);
CTI_EXTERN int cti_center_agent_complete(cti_center_t *cc, const char *agent,
					 bool conference);

/* In wrap-up, the code (disposition) of the agent's last call: its CDR
 * carries it as wrap_code (cti_acd_agent_wrap_code()). Returns 0,
 * CTI_ENOENT (not logged in), CTI_ESTATE (not in wrap-up), CTI_EINVAL. */
CTI_EXTERN int cti_center_agent_wrap_code(cti_center_t *cc, const char *agent,
					  int32_t code);

/* NOT_READY reason of an agent making its own outbound call. */
#define CTI_CENTER_REASON_OUTBOUND 9004

/*
 * The agent's own outbound call ("click to dial"): the agent goes
 * NOT_READY (reason CTI_CENTER_REASON_OUTBOUND; the application makes it
 * READY again), the engine rings the agent's phone (a nailed-up line is
 * used at once) and, once it answers, dials `number` on the first
 * network trunk with a free channel, the agent hearing ringback; when
 * the number answers the two are bridged (CONNECTED with target
 * "number:N"). The agent dialling on its own phone (a call offered on
 * a stations trunk from its extension) makes the same call by itself.
 * *call (may be NULL) gets the engine's call id. Returns 0,
 * CTI_ENOENT (agent), CTI_ESTATE (not READY or NOT_READY, or on a call),
 * CTI_EFORMAT (number), or cti_call_make()'s error.
 */
CTI_EXTERN int cti_center_agent_dial(cti_center_t *cc, const char *agent,
				     const char *number,
				     cti_center_call_t *call);

enum cti_center_supervise {
	CTI_CENTER_MONITOR = 1, /* the supervisor hears both; nobody hears
				   the supervisor */
	CTI_CENTER_WHISPER,	/* and the agent hears the supervisor */
	CTI_CENTER_BARGE,	/* everybody hears everybody */
};

/*
 * A supervisor at extension `extension` joins the agent's call in `mode`
 * (asked of the ACD first: cti_acd_supervisor_request()): the extension
 * is rung and joins the engine's mixer when it answers
 * (CTI_CENTER_EV_SUPERVISED). Called again from the same extension
 * while its supervisor is on the call, it changes the mode at once. One
 * supervisor per call: CTI_EBUSY for another extension until the first
 * has left. Returns 0, CTI_ENOENT (agent or extension), CTI_ESTATE (no
 * call), CTI_EINVAL (mode), CTI_EBUSY, or cti_call_make()'s error.
 */
CTI_EXTERN int cti_center_supervise(cti_center_t *cc, const char *agent,
				    int mode, const char *extension);

/* ---- tap points (recording) --------------------------------------------- */

enum cti_center_role {
	CTI_CENTER_ROLE_CUSTOMER = 1,
	CTI_CENTER_ROLE_AGENT,	  /* the agent's phone */
	CTI_CENTER_ROLE_EXTERNAL, /* a number dialled for the call */
	CTI_CENTER_ROLE_THIRD,	  /* a consulted extension or number */
	CTI_CENTER_ROLE_SUPERVISOR,
};

/* One 20 ms block of one leg, both directions, with the call's
 * metadata. The pointers are valid during the callback only. */
struct cti_center_tap {
	uint32_t call;	   /* cti_center_call_t */
	uint32_t leg;	   /* cti_call_id_t */
	uint32_t role;	   /* enum cti_center_role */
	uint32_t state;	   /* enum cti_center_call_state */
	uint64_t time_ms;  /* the block's tick */
	const int16_t *rx; /* what the leg's far end sent (linear) */
	const int16_t *tx; /* what the engine sends it */
	uint32_t samples;
	char ani[CTI_NUMBER_MAX];
	char dnis[CTI_NUMBER_MAX];
	char queue[CTI_NAME_MAX];
	char agent[CTI_NAME_MAX];
	uint32_t reserved[8];
};

typedef void (*cti_center_tap_fn)(void *user, const struct cti_center_tap *t);

/* Call fn for every block of every leg of the engine's calls (NULL:
 * none), from the audio path: it must not block. Returns 0 or
 * CTI_EINVAL. */
CTI_EXTERN int cti_center_set_tap(cti_center_t *cc, cti_center_tap_fn fn,
				  void *user);

/* The engine's ACD (for queue statistics and supervisor requests); the
 * engine reports calls to it itself: do not enter, answer or end calls
 * on it directly. */
CTI_EXTERN cti_acd_t *cti_center_acd(cti_center_t *cc);

CTI_END_DECLS

#endif /* CTI_CENTER_H */
