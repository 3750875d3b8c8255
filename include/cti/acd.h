/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti ACD: automatic call distribution. Agents with skills, queues
 * that require skills, routing strategies, overflow, RONA, service-level
 * KPIs per interval and the Erlang-C expectation beside them.
 *
 * Pure logic under the caller's clock: every call takes now_ms (any
 * monotonic millisecond clock, e.g. cti_now_ms(), or virtual time),
 * nothing is read from the system, nothing is written anywhere but the
 * optional log sink (cfg->ctx). Decisions
 * come out as events copied by value (cti_acd_next_event()); the
 * application carries them out with call control (lib/call) and reports
 * back what happened (answered, abandoned, ended). Records for storage
 * are the structs of cti/records.h (cti/store.h persists them).
 *
 * KPI definitions follow common call-centre practice (COPC, and the
 * "80% in 15 s" service level): see docs/acd.md for the formulas.
 */
#ifndef CTI_ACD_H
#define CTI_ACD_H

#include <cti/common.h>
#include <cti/log.h>
#include <cti/records.h>

CTI_BEGIN_DECLS

typedef struct cti_acd cti_acd_t;

enum cti_agent_state {
	CTI_AGENT_LOGGED_OUT,
	CTI_AGENT_READY,
	CTI_AGENT_NOT_READY, /* with a reason code */
	CTI_AGENT_RESERVED,  /* a call is being offered (ringing) */
	CTI_AGENT_TALKING,
	CTI_AGENT_HOLD,
	CTI_AGENT_WRAP_UP, /* after-call work */
	CTI_AGENT_STATES
};

/* Who gets the next call among the ready agents that qualify. */
enum cti_acd_strategy {
	CTI_ACD_LONGEST_IDLE, /* ready the longest (default) */
	CTI_ACD_FEWEST_CALLS, /* fewest calls answered since login */
	CTI_ACD_ROUND_ROBIN,  /* least recently offered a call of this queue */
	CTI_ACD_LINEAR,       /* always in login order: first ready wins */
	CTI_ACD_RANDOM,       /* uniformly at random (seeded, repeatable) */
	CTI_ACD_WEIGHTED,     /* highest proficiency in the queue's skills */
	CTI_ACD_RING_ALL,     /* offer to every qualified ready agent */
	CTI_ACD_STRATEGIES    /* how many there are */
};

/* Reason code of NOT_READY set by RONA (ring, no answer). */
#define CTI_ACD_REASON_RONA 9001

#define CTI_ACD_MAX_QUEUE_SKILLS 8
#define CTI_ACD_MAX_OVERFLOW 4
#define CTI_ACD_MAX_SKILL 65535
#define CTI_ACD_RING_ALL_MAX 32

struct cti_acd_skill {
	uint16_t skill; /* 1..CTI_ACD_MAX_SKILL */
	uint8_t level;  /* proficiency 1..10 */
};

struct cti_acd_config {
	uint32_t interval_ms;      /* KPI interval; 0: 15 min */
	uint32_t sl_threshold_ms;  /* service level T; 0: 15 s */
	uint32_t short_abandon_ms; /* abandons quicker than this are apart;
				    * 0: 5 s */
	uint32_t seed;             /* RANDOM strategy; 0: 1 */
	int64_t epoch_ms_at_zero;  /* wall clock (UTC ms) when now_ms was 0,
				    * for records' epoch fields */
	cti_ctx_t *ctx;            /* log sink (module "acd": decisions at
				    * debug, lost events at error); NULL:
				    * silent */
	int32_t utc_offset_min;    /* local time of aligned intervals (e.g.
				    * 60 for UTC+1), -1440..1440 */
	uint32_t flags;            /* CTI_ACD_ALIGN_INTERVALS */
	uint32_t reserved[6];      /* zero */
};

/*
 * Intervals on the wall clock: they start on multiples of interval_ms of
 * local time (epoch_ms_at_zero + now_ms + utc_offset_min * 60000), e.g.
 * 09:00, 09:15, 09:30 for 15 minutes, so days and restarts line up. The
 * first interval runs from now_ms 0 to the next boundary: it is shorter,
 * its epoch_ms is where it really started (09:07:30, not 09:00) and its
 * length_ms how long it ran. Without the flag an interval starts at
 * now_ms 0 and every interval_ms after it.
 */
#define CTI_ACD_ALIGN_INTERVALS 0x1u

/* After `after_ms` of waiting, move the call to queue `target` (which may
 * ask for lower proficiency or other skills: that is how a queue widens).
 * The call keeps its arrival time, so it is not sent to the back. */
struct cti_acd_overflow {
	uint32_t after_ms;
	const char *target;
};

struct cti_acd_queue_config {
	const char *name; /* unique, < CTI_NAME_MAX */
	int32_t priority; /* higher first, when an agent serves several */
	uint32_t strategy; /* enum cti_acd_strategy */
	struct cti_acd_skill skills[CTI_ACD_MAX_QUEUE_SKILLS]; /* all
							       * required, each at
							       * least `level` */
	uint32_t n_skills;
	uint32_t wrap_up_ms;   /* after-call work; 0: none */
	uint32_t ring_ms;      /* reservation timeout (RONA); 0: 20 s */
	uint32_t max_wait_ms;  /* then EXIT with exit_action; 0: none */
	const char *exit_action; /* e.g. "voicemail", "callback" */
	uint32_t max_length;   /* waiting calls; more get BUSY; 0: none */
	struct cti_acd_overflow overflow[CTI_ACD_MAX_OVERFLOW];
	uint32_t n_overflow;
	uint32_t reserved[8];
};

enum cti_acd_event_type {
	CTI_ACD_EV_OFFER = 1,  /* ring `agent` with `call_id` */
	CTI_ACD_EV_OFFER_CANCEL, /* stop ringing `agent` (RING_ALL lost,
				  * caller gone, RONA) */
	CTI_ACD_EV_RONA,       /* `agent` did not answer: stop ringing it,
				* it is NOT_READY (reason RONA) */
	CTI_ACD_EV_EXIT,       /* max wait: take `action` for the call */
	CTI_ACD_EV_BUSY,       /* queue full: busy treatment */
	CTI_ACD_EV_OVERFLOW,   /* moved from `queue` to `target` */
	CTI_ACD_EV_AGENT_STATE,/* `agent` is now `state` (`reason`) */
	CTI_ACD_EV_SUPERVISOR, /* monitor/whisper/barge request for call
				* control: `action` on `agent`'s call */
	CTI_ACD_EV_CDR,        /* a call left a queue: u.cdr */
	CTI_ACD_EV_INTERVAL,   /* a queue's interval closed: u.interval */
};

struct cti_acd_event {
	uint32_t type; /* enum cti_acd_event_type */
	uint64_t time_ms;
	uint64_t call_id;
	char agent[CTI_NAME_MAX];
	char queue[CTI_NAME_MAX];
	char target[CTI_NAME_MAX];
	char action[CTI_NAME_MAX];
	uint32_t state; /* enum cti_agent_state (AGENT_STATE) */
	int32_t reason;
	union {
		struct cti_acd_cdr cdr;
		struct cti_acd_interval interval;
	} u;
	uint32_t reserved[8];
};

/* A new ACD (cfg may be NULL: defaults). Returns 0 and sets *out, or
 * CTI_EINVAL (out NULL, an unknown flag, utc_offset_min outside
 * -1440..1440) or CTI_ENOMEM with *out NULL. */
CTI_EXTERN int cti_acd_new(cti_acd_t **out, const struct cti_acd_config *cfg);
CTI_EXTERN void cti_acd_free(cti_acd_t *acd);

/* Add a queue. Returns 0, CTI_EEXIST (name taken), CTI_ENOENT (overflow
 * target not defined yet: add targets first), CTI_EINVAL (bad name, skill
 * 0, level outside 1..10, too many skills, unknown strategy),
 * CTI_ENOMEM. */
CTI_EXTERN int cti_acd_queue_add(cti_acd_t *acd,
				 const struct cti_acd_queue_config *q);

/* Change a queue in place (found by cfg->name): priority, strategy,
 * skills, timers, exit action, max length and overflow. Waiting calls
 * stay, in their order and with their arrival times; their max-wait and
 * overflow timers count again from their entry under the new settings;
 * a call being offered or handled keeps what it had. Agents who now
 * qualify may be offered a waiting call at once. Returns 0, CTI_ENOENT
 * (no such queue, or an overflow target), CTI_EINVAL (as for add, or
 * the queue as its own overflow target), CTI_ENOMEM. */
CTI_EXTERN int cti_acd_queue_update(cti_acd_t *acd,
				    const struct cti_acd_queue_config *q,
				    uint64_t now_ms);
/* Remove a queue. Its open interval's statistics so far come out as an
 * INTERVAL event. Returns 0, CTI_ENOENT, CTI_EBUSY while a call is in it
 * (waiting, ringing, talking, held or in wrap-up) or another queue
 * overflows to it, CTI_EINVAL. */
CTI_EXTERN int cti_acd_queue_remove(cti_acd_t *acd, const char *queue,
				    uint64_t now_ms);

/* Log an agent in (NOT_READY, reason 0) with its skills. Returns 0,
 * CTI_EALREADY (logged in), CTI_EINVAL (name, skill 0, level outside
 * 1..10, more than 64 skills), CTI_ENOMEM. */
CTI_EXTERN int cti_acd_agent_login(cti_acd_t *acd, const char *agent,
				   const struct cti_acd_skill *skills,
				   size_t n, uint64_t now_ms);
/* Replace a logged-in agent's skills (the same rules as at login) for
 * its next offer: a call it is offered or handles is not touched; READY,
 * it may be offered a waiting call at once. Returns 0, CTI_ENOENT (not
 * logged in), CTI_EINVAL, CTI_ENOMEM. */
CTI_EXTERN int cti_acd_agent_set_skills(cti_acd_t *acd, const char *agent,
					const struct cti_acd_skill *skills,
					size_t n, uint64_t now_ms);
/* In wrap-up, the code of the agent's last call (the disposition: sale,
 * complaint...), carried by its CDR as wrap_code; set again, the last
 * one counts. Returns 0, CTI_ENOENT (not logged in), CTI_ESTATE (not in
 * wrap-up), CTI_EINVAL. */
CTI_EXTERN int cti_acd_agent_wrap_code(cti_acd_t *acd, const char *agent,
				       int32_t code, uint64_t now_ms);
/* Log out: refused with CTI_ESTATE while RESERVED, TALKING or HOLD (end
 * the call first); CTI_ENOENT if not logged in. */
CTI_EXTERN int cti_acd_agent_logout(cti_acd_t *acd, const char *agent,
				    uint64_t now_ms);
/* READY: takes calls (a waiting call may be offered at once). From
 * NOT_READY or WRAP_UP (ends wrap-up early); CTI_ESTATE otherwise. */
CTI_EXTERN int cti_acd_agent_ready(cti_acd_t *acd, const char *agent,
				   uint64_t now_ms);
/* NOT_READY with a reason code, from READY or WRAP_UP; CTI_ESTATE
 * otherwise, CTI_ENOENT for no such agent. */
CTI_EXTERN int cti_acd_agent_not_ready(cti_acd_t *acd, const char *agent,
				       int32_t reason, uint64_t now_ms);
/* Supervisor: force READY, NOT_READY or LOGGED_OUT whatever the agent
 * does; a call being offered goes back to the head of its queue. A call
 * in progress is not touched: CTI_ESTATE while TALKING or HOLD. */
CTI_EXTERN int cti_acd_supervisor_force(cti_acd_t *acd, const char *agent,
					uint32_t state, int32_t reason,
					uint64_t now_ms);
/* Supervisor: ask call control to monitor, whisper to or barge into the
 * agent's call (an EV_SUPERVISOR event). CTI_ESTATE unless TALKING/HOLD. */
CTI_EXTERN int cti_acd_supervisor_request(cti_acd_t *acd, const char *agent,
					  const char *action, uint64_t now_ms);
/* The agent's state (enum cti_agent_state), reason and milliseconds
 * spent in each state since login (any of them may be NULL). CTI_ENOENT
 * for no such agent. */
CTI_EXTERN int cti_acd_agent_get(cti_acd_t *acd, const char *agent,
				 uint64_t now_ms, uint32_t *state,
				 int32_t *reason,
				 uint64_t ms[CTI_AGENT_STATES]);

/* A call enters queue `queue` (ani/dnis may be NULL). It is offered at
 * once if an agent is ready, else waits. Returns 0 (BUSY and EXIT come as
 * events), CTI_ENOENT (queue), CTI_EEXIST (call id in use), CTI_EINVAL. */
CTI_EXTERN int cti_acd_call_enter(cti_acd_t *acd, uint64_t call_id,
				  const char *queue, int32_t priority,
				  const char *ani, const char *dnis,
				  uint64_t now_ms);
/* The offered agent answered: TALKING. CTI_ENOENT (call), CTI_ESTATE
 * (not offered to that agent). With RING_ALL the others are cancelled. */
CTI_EXTERN int cti_acd_call_answered(cti_acd_t *acd, uint64_t call_id,
				     const char *agent, uint64_t now_ms);
/* Hold / retrieve by the agent: HOLD time counts in AHT. */
CTI_EXTERN int cti_acd_call_hold(cti_acd_t *acd, uint64_t call_id, bool hold,
				 uint64_t now_ms);
/* The caller hung up before an agent answered (queued or ringing):
 * ABANDONED (short if quicker than the threshold). CTI_ESTATE once
 * answered (use cti_acd_call_end), CTI_ENOENT. */
CTI_EXTERN int cti_acd_call_abandon(cti_acd_t *acd, uint64_t call_id,
				    uint64_t now_ms);
/* An answered call ended: the agent goes to WRAP_UP (or READY). Its CDR
 * is emitted when wrap-up ends. CTI_ESTATE if never answered. */
CTI_EXTERN int cti_acd_call_end(cti_acd_t *acd, uint64_t call_id,
				uint64_t now_ms);
/* Remove a call without an outcome of its own (e.g. it failed): CLEARED. */
CTI_EXTERN int cti_acd_call_remove(cti_acd_t *acd, uint64_t call_id,
				   uint64_t now_ms);

/* The call's 1-based place in its queue and the estimated wait: the
 * queue's recent average handle time over the agents serving it, times
 * the calls ahead (see docs/acd.md). CTI_ENOENT, CTI_ESTATE (not
 * waiting). */
CTI_EXTERN int cti_acd_call_position(cti_acd_t *acd, uint64_t call_id,
				     uint32_t *position, uint32_t *ewt_ms);

/* Fire what is due at now_ms (RONA, max wait, overflow, end of wrap-up,
 * interval close). Returns the number of events waiting. */
CTI_EXTERN int cti_acd_advance(cti_acd_t *acd, uint64_t now_ms);
/* When something is next due: sets *due_ms to the earliest instant at
 * which cti_acd_advance() has work (a ring, max-wait, overflow or wrap-up
 * timer, or the close of the KPI interval) and returns 1, or sets it to
 * 0 and returns 0 when nothing is scheduled (no queue). Call advance at
 * that time (and after every other call into the ACD, ask again): no
 * polling tick is needed. CTI_EINVAL for NULL arguments. */
CTI_EXTERN int cti_acd_next_due(cti_acd_t *acd, uint64_t *due_ms);

/* Close every queue's open interval at now_ms, before its end (at a
 * stop, say): an INTERVAL event each, with the statistics so far and
 * length_ms the time since the interval began. What is due up to now_ms
 * fires first, as in cti_acd_advance(). The next interval starts at
 * now_ms and ends where the closed one would have (aligned: on the
 * wall-clock boundary) or interval_ms later (not aligned). An interval
 * that has not begun yet (now_ms at its start) is not reported: nothing
 * comes out twice. Returns 0, CTI_EINVAL (NULL acd). */
CTI_EXTERN int cti_acd_close_intervals(cti_acd_t *acd, uint64_t now_ms);

/* Copy out the oldest event: 1 with one in *ev, 0 if none is waiting,
 * CTI_EINVAL for NULL arguments. */
CTI_EXTERN int cti_acd_next_event(cti_acd_t *acd, struct cti_acd_event *ev);

/* The current (open) interval's statistics of a queue, as they would be
 * reported if it closed now. CTI_ENOENT for no such queue. */
CTI_EXTERN int cti_acd_queue_stats(cti_acd_t *acd, const char *queue,
				   uint64_t now_ms,
				   struct cti_acd_interval *out);

/* Erlang C: the probability that a call waits at most t_s seconds with
 * `agents` agents, `rate` calls per second and mean handle time aht_s.
 * Returns 0 when agents <= offered load (the queue grows without bound),
 * or -1 for invalid arguments. Stable for thousands of agents. */
CTI_EXTERN double cti_erlang_c_sl(double rate, double aht_s,
				  unsigned int agents, double t_s);

CTI_END_DECLS

#endif
