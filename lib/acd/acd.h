/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ACD internals: agents, queues, calls, the heaps that keep routing at
 * O(log n), timers and the event queue. */
#ifndef CTI_ACD_PRIVATE_H
#define CTI_ACD_PRIVATE_H

#include "cti/acd.h"
#include "acd/map.h"
#include "core/ctx.h"
#include "core/heap.h"
#include "core/ring.h"
#include "core/util.h"

#define ACD_MAX_AGENT_SKILLS 64

struct acd_queue;
struct acd_call;

/* An agent qualifying for a queue: its place in that queue's heap of
 * ready agents. */
struct acd_member {
	struct acd_agent *a;
	struct acd_queue *q;
	struct cti_heap_node hn; /* in q->ready while linked */
	uint8_t level;		/* lowest proficiency over the queue's skills */
	uint64_t last_offer;	/* q->offer_seq when last offered (RR) */
};

struct acd_agent {
	char name[CTI_NAME_MAX];
	bool logged_in;
	uint64_t login_seq;	/* LINEAR order */
	enum cti_agent_state state;
	int reason;
	uint64_t since, login_ms;
	uint64_t state_ms[CTI_AGENT_STATES];
	struct cti_acd_skill skills[ACD_MAX_AGENT_SKILLS];
	size_t n_skills;
	struct acd_member *mem;
	size_t n_mem, cap_mem;
	uint32_t calls;		/* answered since login (FEWEST_CALLS) */
	uint64_t ready_since;	/* LONGEST_IDLE */
	struct acd_call *call;	/* offered or handled */
	uint64_t gen;		/* invalidates its pending timers */
};

/*
 * A routing strategy: who among a queue's ready agents gets the next
 * call. A new strategy is its enum cti_acd_strategy value, one entry in
 * routing.c's table and its functions.
 */
struct acd_strategy {
	const char *name;
	/* order of the ready heap: < 0 if m comes before n, > 0 after, 0 for
	 * no preference (then the longest idle, then the earlier login);
	 * NULL: no preference at all */
	int (*cmp)(const struct acd_member *m, const struct acd_member *n);
	/* optional: choose among the ready agents instead of the heap's top */
	struct acd_member *(*pick)(struct cti_acd *acd, struct acd_queue *q);
	bool ring_all; /* offer to every qualified ready agent at once */
};

/* The strategy of that enum value, or NULL. */
const struct acd_strategy *cti__acd_strategy(uint32_t strategy);

struct acd_queue {
	char name[CTI_NAME_MAX];
	const struct acd_strategy *strategy;
	char exit_action[CTI_NAME_MAX];
	struct cti_acd_queue_config cfg; /* strings not kept: see above */
	struct acd_queue *ovf[CTI_ACD_MAX_OVERFLOW];
	struct cti_heap ready;	 /* acd_member.hn, by strategy */
	struct cti_heap waiting; /* acd_call.hn, priority then arrival */
	struct acd_member **members; /* every qualified agent */
	size_t n_members, cap_members;
	uint64_t offer_seq;
	/* the open interval */
	struct cti_acd_interval iv;
	uint64_t sum_answer_wait, sum_wait, n_wait, sum_handle, n_handled;
	double aht_ewma_ms;	/* for the estimated wait */
};

enum call_state { CALL_WAITING, CALL_RINGING, CALL_TALKING, CALL_WRAP };

struct acd_call {
	uint64_t id;
	struct acd_queue *q;
	int priority;
	enum call_state st;
	uint64_t arrival;	/* first entry: keeps its place on overflow */
	uint64_t entered;	/* into this queue */
	uint64_t answered, talk_end, hold_since, hold_ms;
	char ani[CTI_NUMBER_MAX], dnis[CTI_NUMBER_MAX];
	struct acd_agent *agent; /* answering agent */
	struct acd_agent *ringing[CTI_ACD_RING_ALL_MAX];
	size_t n_ringing;
	struct cti_heap_node hn; /* in q->waiting while linked */
	unsigned ovf_step;
	int rona;
	int32_t wrap_code; /* the agent's, set during wrap-up; 0: none */
	/* generations, drawn from cti_acd.gen_seq: unique over the ACD's
	 * life, so a timer of a freed call never matches a later call that
	 * reuses its id */
	uint64_t gen;		/* invalidates max-wait/overflow timers */
	uint64_t ring_gen;	/* invalidates its ring timer */
};

enum timer_kind { T_RING, T_MAX_WAIT, T_OVERFLOW, T_WRAP };

struct acd_timer {
	uint64_t due;
	enum timer_kind kind;
	uint64_t id;		/* call id, or agent pointer for T_WRAP */
	uint64_t gen;
	uint64_t seq;		/* order of setting: ties fire in it */
	struct cti_heap_node hn; /* in cti_acd.timers */
};

struct cti_acd {
	struct cti_acd_config cfg;
	struct map agents, queues, calls;
	struct acd_queue **qlist;
	size_t n_queues, cap_queues;
	struct cti_heap timers;	/* acd_timer.hn, by (due, seq) */
	uint64_t timer_seq;
	uint64_t login_seq;
	uint64_t gen_seq;	/* last generation handed out */
	uint32_t rng;
	/* the open interval: [iv_start, iv_end) of now_ms */
	uint64_t iv_start, iv_end, now;
	/* centre-wide occupancy over the open interval */
	uint64_t busy_ms, avail_ms;
	struct cti_ring events; /* struct cti_acd_event; grows */
};

/* core.c: the event queue; calls.c: records */
struct cti_acd_event *cti__acd_emit(struct cti_acd *acd,
				    enum cti_acd_event_type t, uint64_t now);
/* An event about call c and agent a (OFFER, OFFER_CANCEL, RONA). */
void cti__acd_emit_offer(struct cti_acd *acd, enum cti_acd_event_type t,
			 const struct acd_call *c, const struct acd_agent *a,
			 uint64_t now);
void cti__acd_cdr(struct cti_acd *acd, struct acd_call *c,
		  enum cti_acd_outcome o, const char *action, uint64_t now);
/* max wait and overflow timers of a waiting call, from its entry */
void cti__acd_arm_queue_timers(struct cti_acd *acd, struct acd_call *c);

/* agents.c */
void cti__acd_agent_set(struct cti_acd *acd, struct acd_agent *a,
			enum cti_agent_state st, int reason, uint64_t now);
/* READY: take the best waiting call of its queues, or join their heaps. */
void cti__acd_agent_available(struct cti_acd *acd, struct acd_agent *a,
			      uint64_t now);
void cti__acd_agent_unready(struct acd_agent *a);
int cti__acd_member_add(struct acd_agent *a, struct acd_queue *q);
void cti__acd_member_remove(struct acd_agent *a, struct acd_queue *q);
struct acd_call *cti__acd_best_waiting(struct acd_agent *a);
bool cti__acd_skills_ok(const struct cti_acd_skill *s, size_t n);
bool cti__acd_qualifies(const struct acd_agent *a, const struct acd_queue *q,
			uint8_t *level);

/* routing.c */
struct acd_member *cti__acd_ready_top(struct acd_queue *q);
void cti__acd_route(struct cti_acd *acd, struct acd_call *c, uint64_t now);
void cti__acd_offer(struct cti_acd *acd, struct acd_call *c,
		    struct acd_agent *a, uint64_t now);
/* every ringing agent back to READY (or NOT_READY if rona) */
void cti__acd_cancel_offers(struct cti_acd *acd, struct acd_call *c,
			    struct acd_agent *keep, uint64_t now);
/* take the offer away from one ringing agent (its state is the caller's
 * business; announce: an OFFER_CANCEL event); a call left ringing nobody
 * is routed again */
void cti__acd_withdraw(struct cti_acd *acd, struct acd_agent *a, bool announce,
		       uint64_t now);
/* the orders of q->ready and q->waiting (heap less functions, ctx: q) */
bool cti__acd_member_less(const struct cti_heap_node *x,
			  const struct cti_heap_node *y, const void *q);
bool cti__acd_call_less(const struct cti_heap_node *x,
			const struct cti_heap_node *y, const void *q);
/* c before d in their queue's waiting order */
bool cti__acd_call_before(const struct acd_call *c, const struct acd_call *d);

static inline struct acd_member *cti__acd_member_of(struct cti_heap_node *x)
{
	return x ? cti_container_of(x, struct acd_member, hn) : NULL;
}

static inline struct acd_call *cti__acd_call_of(struct cti_heap_node *x)
{
	return x ? cti_container_of(x, struct acd_call, hn) : NULL;
}

/* Log through the ACD's sink (cfg.ctx); costs one test without one, so
 * the routing path stays as fast with logging off. */
#define acd_log(acd, level, ...)                                               \
	do {                                                                   \
		if ((acd)->cfg.ctx)                                            \
			cti__log((acd)->cfg.ctx, level, "acd", __VA_ARGS__);   \
	} while (0)

/* A new generation, never handed out before by this ACD. */
static inline uint64_t cti__acd_gen(struct cti_acd *acd)
{
	return ++acd->gen_seq;
}

/* core.c */
struct acd_queue *cti__acd_queue(struct cti_acd *acd, const char *name);
int cti__acd_queue_check(struct cti_acd *acd,
			 const struct cti_acd_queue_config *cfg,
			 const struct acd_queue *self,
			 struct acd_queue *t[CTI_ACD_MAX_OVERFLOW]);
void cti__acd_queue_set(struct acd_queue *q,
			const struct cti_acd_queue_config *cfg,
			struct acd_queue *const t[CTI_ACD_MAX_OVERFLOW]);
void cti__acd_queue_free(void *q);
/* run timers and close intervals up to now (every entry point does) */
void cti__acd_sync(struct cti_acd *acd, uint64_t now);

/* calls.c: wrap-up over: the call's CDR and statistics; a->call cleared,
 * the agent's state left to the caller */
void cti__acd_wrap_finish(struct cti_acd *acd, struct acd_agent *a,
			  uint64_t now);

/* timers.c */
int cti__acd_timer_add(struct cti_acd *acd, uint64_t due, enum timer_kind k,
		       uint64_t id, uint64_t gen);
void cti__acd_timers_run(struct cti_acd *acd, uint64_t now);
/* The earliest timer that still applies (stale ones in front are freed),
 * or NULL. */
const struct acd_timer *cti__acd_timer_next(struct cti_acd *acd);

/* kpi.c */
void cti__acd_interval_fill(struct cti_acd *acd, struct acd_queue *q,
			    uint64_t now, struct cti_acd_interval *out);
/* close the intervals that ended by now (at their ends) */
void cti__acd_intervals_close(struct cti_acd *acd, uint64_t now);
/* the end of the first interval, from now_ms 0 */
uint64_t cti__acd_first_end(const struct cti_acd_config *cfg);

#endif
