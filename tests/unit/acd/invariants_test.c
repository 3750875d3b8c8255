// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Long seeded random runs: callers arrive, wait, abandon; agents answer,
 * let calls ring out, hold, go away and come back; queues overflow. After
 * two hours of virtual time: every call ended exactly once, no agent was
 * ever offered two calls at once, and each agent's state times add up to
 * its logged-in time. Meanwhile the queues and agents' skills are
 * reconfigured at random (a reload under load): the same must hold.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

#define AGENTS 24
#define CALLS 4000

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

struct world {
	struct afx f;
	int agent_call[AGENTS];                 /* offered/handled call, 0 */
	int ended[CALLS + 1];                   /* terminal CDRs per call */
	int answered_by[CALLS + 1];             /* agent index + 1 */
	uint64_t talk_until[CALLS + 1];
	uint64_t quit_at[CALLS + 1];            /* caller's patience */
	uint32_t s;
	int removed, refused; /* "rr" removals done and refused busy */
};

static int agent_index(const char *name)
{
	return atoi(name + 1);
}

/* Check events as they come. */
static void watch(struct world *w)
{
	struct cti_acd_event e;

	while (cti_acd_next_event(w->f.acd, &e) > 0) {
		int a = e.agent[0] ? agent_index(e.agent) : -1;

		switch (e.type) {
		case CTI_ACD_EV_OFFER:
			/* never two calls at once */
			ck_assert_int_eq(w->agent_call[a], 0);
			w->agent_call[a] = (int)e.call_id;
			break;
		case CTI_ACD_EV_OFFER_CANCEL:
		case CTI_ACD_EV_RONA:
			ck_assert_int_eq(w->agent_call[a], (int)e.call_id);
			w->agent_call[a] = 0;
			break;
		case CTI_ACD_EV_CDR:
			if (e.u.cdr.outcome != CTI_ACD_OVERFLOWED)
				w->ended[e.call_id]++;
			if (e.u.cdr.outcome == CTI_ACD_ANSWERED) {
				int b = agent_index(e.u.cdr.agent);

				ck_assert_int_eq(w->agent_call[b],
						 (int)e.call_id);
				w->agent_call[b] = 0;
			}
			break;
		default:
			break;
		}
	}
}

/* A reload under load: a queue's strategy, skill level and timers, an
 * agent's skills, or "rr" removed (refused while busy) and added back. */
static void reconfigure(struct world *w, uint64_t t)
{
	struct cti_acd_queue_config q = { .n_skills = 1 };
	uint32_t r = rnd(&w->s);
	char n[16];

	switch (r % 4) {
	case 0:
	case 1:
		q.name = r % 8 < 4 ? "general" : "expert";
		q.strategy = (rnd(&w->s) % CTI_ACD_STRATEGIES);
		q.skills[0] =
			(struct cti_acd_skill){ 1,
						(uint8_t)(1 + rnd(&w->s) % 8) };
		q.wrap_up_ms = rnd(&w->s) % 10000;
		q.ring_ms = 4000 + rnd(&w->s) % 8000;
		if (r % 8 >= 4) {
			q.priority = 1;
			q.max_wait_ms = 100000 + rnd(&w->s) % 300000;
			q.n_overflow = 1;
			q.overflow[0] =
				(struct cti_acd_overflow){ 60000, "general" };
		}
		ck_assert_int_eq(cti_acd_queue_update(w->f.acd, &q, t), 0);
		break;
	case 2: {
		struct cti_acd_skill sk[2] = {
			{ 1, (uint8_t)(1 + rnd(&w->s) % 10) },
			{ 2, (uint8_t)(1 + rnd(&w->s) % 10) }
		};

		snprintf(n, sizeof(n), "a%u", rnd(&w->s) % AGENTS);
		ck_assert_int_eq(cti_acd_agent_set_skills(w->f.acd, n, sk,
							  1 + r % 8 / 4, t),
				 0);
		break;
	}
	default: {
		struct cti_acd_queue_config rr = { .name = "rr",
						   .n_skills = 1,
						   .strategy = CTI_ACD_RING_ALL,
						   .max_length = 5 };
		int rc = cti_acd_queue_remove(w->f.acd, "rr", t);

		ck_assert(rc == 0 || rc == CTI_EBUSY);
		w->removed += !rc;
		w->refused += rc == CTI_EBUSY;
		rr.skills[0] = (struct cti_acd_skill){ 2, 1 };
		if (!rc)
			ck_assert_int_eq(cti_acd_queue_add(w->f.acd, &rr), 0);
		break;
	}
	}
	watch(w);
}

static void run_world(uint32_t seed)
{
	static struct world w;
	struct cti_acd_queue_config gen = { .name = "general", .n_skills = 1,
					    .wrap_up_ms = 5000,
					    .ring_ms = 8000 };
	struct cti_acd_queue_config exp = {
		.name = "expert", .n_skills = 1, .priority = 1,
		.strategy = CTI_ACD_WEIGHTED, .max_wait_ms = 300000,
		.n_overflow = 1, .overflow = { { 60000, "general" } }
	};
	struct cti_acd_queue_config rr = { .name = "rr", .n_skills = 1,
					   .strategy = CTI_ACD_RING_ALL,
					   .max_length = 5 };
	uint64_t end = 2 * 3600 * 1000;
	int next_call = 1;

	memset(&w, 0, sizeof(w));
	w.s = seed;
	afx_new(&w.f, NULL);
	gen.skills[0] = (struct cti_acd_skill){ 1, 1 };
	exp.skills[0] = (struct cti_acd_skill){ 1, 7 };
	rr.skills[0] = (struct cti_acd_skill){ 2, 1 };
	ck_assert_int_eq(cti_acd_queue_add(w.f.acd, &gen), 0);
	ck_assert_int_eq(cti_acd_queue_add(w.f.acd, &exp), 0);
	ck_assert_int_eq(cti_acd_queue_add(w.f.acd, &rr), 0);
	for (int i = 0; i < AGENTS; i++) {
		char n[16];
		struct cti_acd_skill sk[2] = {
			{ 1, (uint8_t)(1 + rnd(&w.s) % 10) },
			{ 2, (uint8_t)(1 + rnd(&w.s) % 10) }
		};

		snprintf(n, sizeof(n), "a%d", i);
		ck_assert_int_eq(cti_acd_agent_login(w.f.acd, n, sk,
						     1 + i % 2, 0),
				 0);
		ck_assert_int_eq(cti_acd_agent_ready(w.f.acd, n, 0), 0);
	}
	for (uint64_t t = 0; t < end; t += 500) {
		/* about 1.2 calls per second... in bursts */
		if (next_call <= CALLS && rnd(&w.s) % 5 == 0) {
			static const char *qs[] = { "general", "expert",
						    "rr" };
			int id = next_call++;

			w.quit_at[id] = t + 5000 + rnd(&w.s) % 120000;
			cti_acd_call_enter(w.f.acd, (uint64_t)id,
					   qs[rnd(&w.s) % 3],
					   (int)(rnd(&w.s) % 3), NULL, NULL,
					   t);
		}
		cti_acd_advance(w.f.acd, t);
		watch(&w);
		if (rnd(&w.s) % 50 == 0)
			reconfigure(&w, t);
		for (int a = 0; a < AGENTS; a++) {
			int c = w.agent_call[a];
			char n[16];

			snprintf(n, sizeof(n), "a%d", a);
			if (c && !w.answered_by[c] && rnd(&w.s) % 4 == 0) {
				/* answers, most of the time, else rings out */
				if (rnd(&w.s) % 10 &&
				    !cti_acd_call_answered(w.f.acd,
							   (uint64_t)c, n, t)) {
					w.answered_by[c] = a + 1;
					w.talk_until[c] =
						t + 20000 + rnd(&w.s) % 200000;
				}
			} else if (c && w.answered_by[c] == a + 1 &&
				   w.talk_until[c] && t >= w.talk_until[c]) {
				ck_assert_int_eq(cti_acd_call_end(w.f.acd,
								  (uint64_t)c,
								  t),
						 0);
				w.talk_until[c] = 0;
			} else if (!c && rnd(&w.s) % 2000 == 0) {
				cti_acd_agent_not_ready(w.f.acd, n, 3, t);
			} else if (!c && rnd(&w.s) % 200 == 0) {
				cti_acd_agent_ready(w.f.acd, n, t);
			}
			watch(&w);
		}
		/* impatient callers */
		for (int c = 1; c < next_call; c++)
			if (!w.answered_by[c] && !w.ended[c] &&
			    t >= w.quit_at[c] && w.quit_at[c]) {
				int rc = cti_acd_call_abandon(w.f.acd,
							      (uint64_t)c, t);

				ck_assert(rc == 0 || rc == CTI_ENOENT);
				w.quit_at[c] = 0;
				watch(&w);
			}
	}
	/* finish every call still talking, let wrap-ups end */
	for (int c = 1; c < next_call; c++)
		if (w.answered_by[c] && w.talk_until[c])
			cti_acd_call_end(w.f.acd, (uint64_t)c, end);
	for (int c = 1; c < next_call; c++)
		if (!w.ended[c] && !w.answered_by[c])
			cti_acd_call_abandon(w.f.acd, (uint64_t)c, end);
	cti_acd_advance(w.f.acd, end + 60000);
	watch(&w);
	ck_assert_int_gt(next_call, 1000);
	/* the reloads met "rr" busy; with every call over, the queues go
	 * (general last: expert overflows to it) */
	ck_assert_int_gt(w.refused, 0);
	ck_assert_int_eq(cti_acd_queue_remove(w.f.acd, "general", end + 60000),
			 CTI_EBUSY);
	ck_assert_int_eq(cti_acd_queue_remove(w.f.acd, "rr", end + 60000), 0);
	ck_assert_int_eq(cti_acd_queue_remove(w.f.acd, "expert", end + 60000),
			 0);
	ck_assert_int_eq(cti_acd_queue_remove(w.f.acd, "general", end + 60000),
			 0);
	for (int c = 1; c < next_call; c++)
		ck_assert_msg(w.ended[c] == 1, "call %d ended %d times", c,
			      w.ended[c]);
	for (int a = 0; a < AGENTS; a++) {
		uint64_t ms[CTI_AGENT_STATES], sum = 0;
		char n[16];

		snprintf(n, sizeof(n), "a%d", a);
		ck_assert_int_eq(cti_acd_agent_get(w.f.acd, n, end + 60000,
						   NULL, NULL, ms),
				 0);
		for (int i = 0; i < CTI_AGENT_STATES; i++)
			sum += ms[i];
		ck_assert_uint_eq(sum, end + 60000);
	}
	afx_free(&w.f);
}

START_TEST(random_runs_keep_invariants)
{
	run_world(1);
	run_world(0xdeadbeef);
	run_world(20261122);
}
END_TEST

TCase *invariants_tcase(void);
TCase *invariants_tcase(void)
{
	TCase *tc = tcase_create("invariants");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, random_runs_keep_invariants);
	return tc;
}
