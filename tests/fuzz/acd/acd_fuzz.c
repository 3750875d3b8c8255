// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ACD driven by an operation sequence (two bytes an operation: what,
 * and an argument) on three queues (a strategy chosen by the input,
 * WEIGHTED with overflow, RING_ALL) and six agents, with a shadow model
 * of what the application was told. Checked after every operation:
 *  - no agent is offered a call while it holds another (offered, talking
 *    or in wrap-up); OFFER_CANCEL and RONA name the offer the agent holds;
 *  - every call that entered ends exactly once (one terminal CDR, an
 *    ANSWERED one from the agent that answered), including call ids used
 *    again after their call ended;
 *  - answering the offered call succeeds, answering anything else fails;
 *    entering a call id in use fails with CTI_EEXIST;
 *  - events are stamped in order and never after now;
 *  - an agent's state is the last AGENT_STATE the ACD emitted for it;
 *  - after cti_acd_advance(now), cti_acd_next_due() is later than now.
 * At the end every call is ended or abandoned, time runs on, and no call
 * may be left without its end.
 */
#include <stdbool.h>

#include "cti/cti.h"
#include "fuzz.h"

#define AGENTS 6
#define IDS 8

struct shadow {
	cti_acd_t *acd;
	uint64_t now, last_ev;
	uint64_t offer[AGENTS];   /* call id + 1 the agent holds, 0: none */
	bool answered_by_me[AGENTS];
	bool logged_in[AGENTS];
	int state[AGENTS];        /* last AGENT_STATE, -1: none yet */
	bool alive[IDS];          /* entered, no terminal CDR yet */
	int answered_by[IDS];     /* agent + 1 */
	bool held[IDS];
	bool hung_up[IDS];        /* call_end done, CDR after wrap-up */
};

static const char *const queues[] = { "general", "expert", "all" };
/* CTI_FUZZ_TRACE=1 prints every operation and event (reproducing) */
static bool trace;

static void name_of(int a, char *buf)
{
	buf[0] = 'a';
	buf[1] = (char)('0' + a);
	buf[2] = '\0';
}

static int agent_of(const char *name)
{
	FZ_CHECK(name[0] == 'a' && name[1] >= '0' &&
		 name[1] < '0' + AGENTS && !name[2]);
	return name[1] - '0';
}

static void drain(struct shadow *w)
{
	struct cti_acd_event e;

	while (cti_acd_next_event(w->acd, &e) > 0) {
		int a = e.agent[0] ? agent_of(e.agent) : -1;
		uint64_t id = e.call_id;

		if (trace)
			fprintf(stderr, "%8llu  ev %d call %llu agent %s queue "
					"%s state %d outcome %d\n",
				(unsigned long long)e.time_ms, (int)e.type,
				(unsigned long long)id, e.agent, e.queue,
				(int)e.state,
				e.type == CTI_ACD_EV_CDR ? (int)e.u.cdr.outcome
							 : 0);
		FZ_CHECK(e.time_ms <= w->now && e.time_ms >= w->last_ev);
		w->last_ev = e.time_ms;
		switch (e.type) {
		case CTI_ACD_EV_OFFER:
			FZ_CHECK(a >= 0 && id < IDS && w->alive[id]);
			FZ_CHECK(w->offer[a] == 0); /* never two at once */
			FZ_CHECK(!w->answered_by[id]);
			w->offer[a] = id + 1;
			w->answered_by_me[a] = false;
			break;
		case CTI_ACD_EV_OFFER_CANCEL:
		case CTI_ACD_EV_RONA:
			FZ_CHECK(a >= 0 && w->offer[a] == id + 1);
			FZ_CHECK(!w->answered_by_me[a]);
			w->offer[a] = 0;
			break;
		case CTI_ACD_EV_CDR:
			FZ_CHECK(id < IDS && e.u.cdr.call_id == id);
			if (e.u.cdr.outcome == CTI_ACD_OVERFLOWED)
				break;
			FZ_CHECK(w->alive[id]); /* ends once */
			w->alive[id] = false;
			if (e.u.cdr.outcome == CTI_ACD_ANSWERED) {
				int b = agent_of(e.u.cdr.agent);

				FZ_CHECK(w->answered_by[id] == b + 1);
				FZ_CHECK(w->offer[b] == id + 1);
				w->offer[b] = 0;
			} else {
				FZ_CHECK(!w->answered_by[id]);
			}
			w->answered_by[id] = 0;
			w->held[id] = false;
			for (int i = 0; i < AGENTS; i++)
				FZ_CHECK(w->offer[i] != id + 1);
			break;
		case CTI_ACD_EV_AGENT_STATE:
			FZ_CHECK(a >= 0);
			w->state[a] = (int)e.state;
			if (e.state == CTI_AGENT_LOGGED_OUT)
				FZ_CHECK(w->offer[a] == 0);
			break;
		default:
			break;
		}
	}
	for (int a = 0; a < AGENTS; a++) {
		enum cti_agent_state st;
		int reason;
		char n[4];

		name_of(a, n);
		if (cti_acd_agent_get(w->acd, n, w->now, &st, &reason,
				      NULL) == 0 && w->state[a] >= 0)
			FZ_CHECK((int)st == w->state[a]);
	}
}

static void setup(struct shadow *w, uint8_t cfg)
{
	struct cti_acd_queue_config gen = {
		.name = "general", .n_skills = 1,
		.strategy = (enum cti_acd_strategy)(cfg % 7),
		.wrap_up_ms = cfg & 8 ? 3000 : 0, .ring_ms = 4000,
		.max_wait_ms = cfg & 16 ? 30000 : 0, .exit_action = "voicemail",
		.max_length = cfg & 32 ? 3 : 0,
	};
	struct cti_acd_queue_config exp = {
		.name = "expert", .n_skills = 1, .priority = 1,
		.strategy = CTI_ACD_WEIGHTED, .ring_ms = 2000,
		.n_overflow = 1, .overflow = { { 1000, "general" } },
	};
	struct cti_acd_queue_config all = {
		.name = "all", .n_skills = 1, .strategy = CTI_ACD_RING_ALL,
		.wrap_up_ms = cfg & 64 ? 1000 : 0,
	};
	struct cti_acd_config ac = { .seed = cfg };

	if (cti_acd_new(&w->acd, &ac))
		abort();
	gen.skills[0] = (struct cti_acd_skill){ 1, 1 };
	exp.skills[0] = (struct cti_acd_skill){ 1, 7 };
	all.skills[0] = (struct cti_acd_skill){ 2, 1 };
	FZ_CHECK(cti_acd_queue_add(w->acd, &gen) == 0);
	FZ_CHECK(cti_acd_queue_add(w->acd, &exp) == 0);
	FZ_CHECK(cti_acd_queue_add(w->acd, &all) == 0);
	for (int a = 0; a < AGENTS; a++)
		w->state[a] = -1;
}

static void op(struct shadow *w, uint8_t what, uint8_t arg)
{
	int a = arg % AGENTS, rc;
	uint64_t id = arg % IDS;
	char n[4];

	name_of(a, n);
	if (trace)
		fprintf(stderr, "%8llu op %d arg %d\n",
			(unsigned long long)w->now, what % 14, arg);
	switch (what % 14) {
	case 0: {
		struct cti_acd_skill sk[2] = {
			{ 1, (uint8_t)(1 + (arg >> 3) % 10) },
			{ 2, (uint8_t)(1 + (arg >> 4) % 10) },
		};

		rc = cti_acd_agent_login(w->acd, n, sk, arg & 0x80 ? 2 : 1,
					 w->now);
		FZ_CHECK(rc == (w->logged_in[a] ? CTI_EALREADY : 0));
		w->logged_in[a] = true;
		break;
	}
	case 1:
		rc = cti_acd_agent_logout(w->acd, n, w->now);
		if (!w->logged_in[a])
			FZ_CHECK(rc == CTI_ENOENT);
		if (!rc)
			w->logged_in[a] = false;
		break;
	case 2:
		cti_acd_agent_ready(w->acd, n, w->now);
		break;
	case 3:
		cti_acd_agent_not_ready(w->acd, n, arg >> 3, w->now);
		break;
	case 4: {
		static const enum cti_agent_state to[] = {
			CTI_AGENT_READY, CTI_AGENT_NOT_READY,
			CTI_AGENT_LOGGED_OUT
		};

		rc = cti_acd_supervisor_force(w->acd, n, to[(arg >> 3) % 3], 7,
					      w->now);
		if (!rc && to[(arg >> 3) % 3] == CTI_AGENT_LOGGED_OUT)
			w->logged_in[a] = false;
		break;
	}
	case 5:
		rc = cti_acd_call_enter(w->acd, id, queues[(arg >> 3) % 3],
					(arg >> 5) % 3, "021555", "8000",
					w->now);
		FZ_CHECK(rc == (w->alive[id] ? CTI_EEXIST : 0));
		if (!rc) {
			w->alive[id] = true;
			w->answered_by[id] = 0;
			w->hung_up[id] = false;
		}
		break;
	case 6: /* the agent answers what it was offered (or anything) */
		if (w->offer[a] && !w->answered_by_me[a] && !(arg & 0x80)) {
			id = w->offer[a] - 1;
			rc = cti_acd_call_answered(w->acd, id, n, w->now);
			FZ_CHECK(rc == 0);
			w->answered_by[id] = a + 1;
			w->answered_by_me[a] = true;
		} else if (w->offer[a] != id + 1) {
			rc = cti_acd_call_answered(w->acd, id, n, w->now);
			FZ_CHECK(rc != 0);
		}
		break;
	case 7:
		rc = cti_acd_call_hold(w->acd, id, !w->held[id], w->now);
		if (!rc)
			w->held[id] = !w->held[id];
		break;
	case 8:
		rc = cti_acd_call_abandon(w->acd, id, w->now);
		if (!w->alive[id])
			FZ_CHECK(rc == CTI_ENOENT);
		else if (w->answered_by[id])
			FZ_CHECK(rc == CTI_ESTATE);
		break;
	case 9:
		rc = cti_acd_call_end(w->acd, id, w->now);
		if (!w->alive[id])
			FZ_CHECK(rc == CTI_ENOENT);
		if (!rc)
			w->hung_up[id] = true;
		break;
	case 10:
		cti_acd_call_remove(w->acd, id, w->now);
		break;
	case 11: { /* time passes: to when the ACD says work is due, or by
		    * a step */
		uint64_t due;

		if (!arg && cti_acd_next_due(w->acd, &due) == 1)
			w->now = due;
		else
			w->now += (uint64_t)arg * 50;
		break;
	}
	case 12:
		cti_acd_supervisor_request(w->acd, n, "monitor", w->now);
		break;
	default: {
		uint32_t pos, ewt;

		cti_acd_call_position(w->acd, id, &pos, &ewt);
		break;
	}
	}
	cti_acd_advance(w->acd, w->now);
	drain(w);
	{
		uint64_t due;

		/* what was due by now has fired: the next is later */
		FZ_CHECK(cti_acd_next_due(w->acd, &due) == 1);
		FZ_CHECK(due > w->now);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct shadow w;
	struct fz f = { data, size };

	memset(&w, 0, sizeof(w));
	trace = getenv("CTI_FUZZ_TRACE") != NULL;
	setup(&w, fz_u8(&f));
	for (int i = 0; f.n >= 2 && i < 4096; i++) {
		uint8_t what = fz_u8(&f);

		op(&w, what, fz_u8(&f));
	}
	/* hang up every call still there, let wrap-ups and timers run out */
	for (uint64_t id = 0; id < IDS; id++) {
		if (!w.alive[id] || w.hung_up[id])
			continue;
		if (w.answered_by[id])
			FZ_CHECK(cti_acd_call_end(w.acd, id, w.now) == 0);
		else
			FZ_CHECK(cti_acd_call_abandon(w.acd, id, w.now) == 0);
		drain(&w);
	}
	w.now += 3600 * 1000;
	cti_acd_advance(w.acd, w.now);
	drain(&w);
	for (uint64_t id = 0; id < IDS; id++)
		FZ_CHECK(!w.alive[id]);
	for (int a = 0; a < AGENTS; a++)
		FZ_CHECK(w.offer[a] == 0);
	cti_acd_free(w.acd);
	return 0;
}
