// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * call: the state machine itself. Every state x event x direction is
 * either one of the transitions written out below (the expected table,
 * kept apart from lib/call/fsm.c's) with its result state, or refused
 * with CTI_ESTATE.
 */
#include <stdio.h>
#include <string.h>

#include "call/call.h"
#include "call/fsm.h"
#include "unit.h"

#define O  (1u << CTI_CALL_OUTGOING)
#define I  (1u << CTI_CALL_INCOMING)
#define OI (O | I)

struct row {
	int state, ev;
	unsigned dirs;
	int to;
};

/* Live states (everything but NULL, COLLECTING and CLEARING) all take the
 * far end's keypad digits and clearing, our clearing, and the end. */
#define LIVE_ROWS(s)                                                 \
	{ s, CTI__CE_CLEAR, OI, CTI_CALL_CLEARING },                 \
		{ s, CTI__CE_DISCONNECT_IN, OI, CTI_CALL_CLEARING }, \
		{ s, CTI__CE_KEYPAD_IN, OI, s },                     \
		{ s, CTI__CE_RELEASED, OI, CTI_CALL_NULL },          \
	{                                                            \
		s, CTI__CE_ABANDON, OI, CTI_CALL_NULL                \
	}

static const struct row expected[] = {
	/* NULL: a call begins */
	{ CTI_CALL_NULL, CTI__CE_MAKE, O, CTI_CALL_DIALING },
	{ CTI_CALL_NULL, CTI__CE_SETUP_IN, I, CTI_CALL_OFFERED },
	{ CTI_CALL_NULL, CTI__CE_SETUP_IN_PARTIAL, I, CTI_CALL_COLLECTING },
	{ CTI_CALL_NULL, CTI__CE_RELEASED, OI, CTI_CALL_NULL },
	{ CTI_CALL_NULL, CTI__CE_ABANDON, OI, CTI_CALL_NULL },
	/* DIALING: our SETUP is out */
	LIVE_ROWS(CTI_CALL_DIALING),
	{ CTI_CALL_DIALING, CTI__CE_DIAL_MORE, O, CTI_CALL_DIALING },
	{ CTI_CALL_DIALING, CTI__CE_SETUP_ACK_IN, O, CTI_CALL_DIALING },
	{ CTI_CALL_DIALING, CTI__CE_PROCEEDING_IN, O, CTI_CALL_PROCEEDING },
	{ CTI_CALL_DIALING, CTI__CE_ALERTING_IN, O, CTI_CALL_ALERTING },
	{ CTI_CALL_DIALING, CTI__CE_CONNECT_IN, O, CTI_CALL_ACTIVE },
	{ CTI_CALL_DIALING, CTI__CE_DEFLECT_IN, O, CTI_CALL_CLEARING },
	/* PROCEEDING */
	LIVE_ROWS(CTI_CALL_PROCEEDING),
	{ CTI_CALL_PROCEEDING, CTI__CE_DIAL_MORE, O, CTI_CALL_PROCEEDING },
	{ CTI_CALL_PROCEEDING, CTI__CE_SETUP_ACK_IN, O, CTI_CALL_PROCEEDING },
	{ CTI_CALL_PROCEEDING, CTI__CE_PROCEEDING_IN, O, CTI_CALL_PROCEEDING },
	{ CTI_CALL_PROCEEDING, CTI__CE_ALERTING_IN, O, CTI_CALL_ALERTING },
	{ CTI_CALL_PROCEEDING, CTI__CE_CONNECT_IN, O, CTI_CALL_ACTIVE },
	{ CTI_CALL_PROCEEDING, CTI__CE_DEFLECT_IN, O, CTI_CALL_CLEARING },
	/* ALERTING: the far end rings (outgoing) or we sent ALERTING */
	LIVE_ROWS(CTI_CALL_ALERTING),
	{ CTI_CALL_ALERTING, CTI__CE_ANSWER, I, CTI_CALL_ACTIVE },
	{ CTI_CALL_ALERTING, CTI__CE_DEFLECT, I, CTI_CALL_ALERTING },
	{ CTI_CALL_ALERTING, CTI__CE_TRANSFER, OI, CTI_CALL_BRIDGED },
	{ CTI_CALL_ALERTING, CTI__CE_CONNECT_IN, O, CTI_CALL_ACTIVE },
	{ CTI_CALL_ALERTING, CTI__CE_DEFLECT_IN, O, CTI_CALL_CLEARING },
	/* OFFERED: an incoming call waits for the application */
	LIVE_ROWS(CTI_CALL_OFFERED),
	{ CTI_CALL_OFFERED, CTI__CE_ALERT, I, CTI_CALL_ALERTING },
	{ CTI_CALL_OFFERED, CTI__CE_ANSWER, I, CTI_CALL_ACTIVE },
	{ CTI_CALL_OFFERED, CTI__CE_DEFLECT, I, CTI_CALL_OFFERED },
	/* COLLECTING: overlap digits arrive */
	{ CTI_CALL_COLLECTING, CTI__CE_CLEAR, OI, CTI_CALL_CLEARING },
	{ CTI_CALL_COLLECTING, CTI__CE_DISCONNECT_IN, OI, CTI_CALL_CLEARING },
	{ CTI_CALL_COLLECTING, CTI__CE_INFO_IN, I, CTI_CALL_COLLECTING },
	{ CTI_CALL_COLLECTING, CTI__CE_NUMBER_COMPLETE, I, CTI_CALL_OFFERED },
	{ CTI_CALL_COLLECTING, CTI__CE_RELEASED, OI, CTI_CALL_NULL },
	{ CTI_CALL_COLLECTING, CTI__CE_ABANDON, OI, CTI_CALL_NULL },
	/* ACTIVE */
	LIVE_ROWS(CTI_CALL_ACTIVE),
	{ CTI_CALL_ACTIVE, CTI__CE_HOLD, OI, CTI_CALL_HELD },
	{ CTI_CALL_ACTIVE, CTI__CE_TRANSFER, OI, CTI_CALL_BRIDGED },
	{ CTI_CALL_ACTIVE, CTI__CE_CONF_JOIN, OI, CTI_CALL_CONFERENCED },
	{ CTI_CALL_ACTIVE, CTI__CE_SEND_DTMF, OI, CTI_CALL_ACTIVE },
	/* HELD */
	LIVE_ROWS(CTI_CALL_HELD),
	{ CTI_CALL_HELD, CTI__CE_RETRIEVE, OI, CTI_CALL_ACTIVE },
	{ CTI_CALL_HELD, CTI__CE_TRANSFER, OI, CTI_CALL_BRIDGED },
	{ CTI_CALL_HELD, CTI__CE_CONF_JOIN, OI, CTI_CALL_CONFERENCED },
	/* BRIDGED: joined by libcti, only its end remains */
	LIVE_ROWS(CTI_CALL_BRIDGED),
	/* CONFERENCED */
	LIVE_ROWS(CTI_CALL_CONFERENCED),
	{ CTI_CALL_CONFERENCED, CTI__CE_CONF_JOIN, OI, CTI_CALL_CONFERENCED },
	{ CTI_CALL_CONFERENCED, CTI__CE_CONF_LEAVE, OI, CTI_CALL_ACTIVE },
	/* CLEARING: waiting for the release */
	{ CTI_CALL_CLEARING, CTI__CE_RELEASED, OI, CTI_CALL_NULL },
	{ CTI_CALL_CLEARING, CTI__CE_ABANDON, OI, CTI_CALL_NULL },
};

/* The expected result of (state, direction, event). */
static int expect(int state, int dir, int ev)
{
	for (size_t i = 0; i < sizeof(expected) / sizeof(*expected); i++)
		if (expected[i].state == state && expected[i].ev == ev &&
		    (expected[i].dirs & (1u << dir)))
			return expected[i].to;
	return CTI_ESTATE;
}

START_TEST(test_every_state_event_pair)
{
	static const int dirs[] = { CTI_CALL_OUTGOING, CTI_CALL_INCOMING };
	int allowed = 0;

	for (int st = CTI_CALL_NULL; st <= CTI_CALL_CLEARING; st++)
		for (int ev = 0; ev < CTI__CE_COUNT; ev++)
			for (size_t d = 0; d < 2; d++) {
				int want = expect(st, dirs[d], ev);
				int got = cti__call_fsm_next(st, dirs[d], ev);

				ck_assert_msg(got == want,
					      "%s x %s (%s): got %d, want %d",
					      cti_call_state_name(st),
					      cti__call_ev_name(ev),
					      d ? "in" : "out", got, want);
				allowed += got >= 0;
			}
	/* the rows above counted by hand in (state, event, direction):
	 * NULL 7, LIVE_ROWS 8 states x 10, DIALING +6, PROCEEDING +6,
	 * ALERTING +6, OFFERED +3, COLLECTING 10, ACTIVE +8, HELD +6,
	 * CONFERENCED +4, CLEARING 4 */
	ck_assert_int_eq(allowed, 140);
}
END_TEST

START_TEST(test_out_of_range_refused)
{
	ck_assert_int_eq(cti__call_fsm_next(-1, CTI_CALL_OUTGOING, 0),
			 CTI_ESTATE);
	ck_assert_int_eq(cti__call_fsm_next(CTI_CALL_CLEARING + 1,
					    CTI_CALL_OUTGOING, CTI__CE_ABANDON),
			 CTI_ESTATE);
	ck_assert_int_eq(cti__call_fsm_next(CTI_CALL_ACTIVE, 0, CTI__CE_HOLD),
			 CTI_ESTATE);
	ck_assert_int_eq(cti__call_fsm_next(CTI_CALL_ACTIVE, 3, CTI__CE_HOLD),
			 CTI_ESTATE);
	ck_assert_int_eq(cti__call_fsm_next(CTI_CALL_ACTIVE, CTI_CALL_INCOMING,
					    CTI__CE_COUNT),
			 CTI_ESTATE);
	ck_assert_int_eq(
		cti__call_fsm_next(CTI_CALL_ACTIVE, CTI_CALL_INCOMING, -1),
		CTI_ESTATE);
	ck_assert_str_eq(cti__call_ev_name(CTI__CE_HOLD), "HOLD");
	ck_assert_str_eq(cti__call_ev_name(CTI__CE_COUNT), "?");
	for (int ev = 0; ev < CTI__CE_COUNT; ev++)
		ck_assert_str_ne(cti__call_ev_name(ev), "?");
}
END_TEST

/* The transition function applies the table, logs every change and every
 * refusal with the state names, and leaves a refused call as it was. */
static char g_log[8][160];
static int g_nlog;

static void keep_log(void *u, int level, const char *module, const char *msg)
{
	(void)u;
	if (level == CTI_LOG_DEBUG && !strcmp(module, "call") && g_nlog < 8)
		snprintf(g_log[g_nlog++], sizeof(g_log[0]), "%s", msg);
}

/*
 * The R2 call sequences sig_r2.c feeds the machine (its table, and
 * docs/r2.md "The call API on R2"), each step with the state it must
 * lead to, worked out by hand from the R2 call: seizure and register
 * signals, group B "free", answer, clear, idle.
 */
struct step {
	int ev, to;
};

static void walk(int dir, const struct step *s, size_t n)
{
	int state = CTI_CALL_NULL;

	for (size_t i = 0; i < n; i++) {
		int to = cti__call_fsm_next(state, dir, s[i].ev);

		ck_assert_msg(to == s[i].to, "step %zu (%s) from %s: %d, not %d",
			      i, cti__call_ev_name(s[i].ev),
			      cti_call_state_name(state), to, s[i].to);
		state = to;
	}
}

START_TEST(test_r2_sequences)
{
	/* our call: seize + DNIS/ANI, B-1 free, answer, clear forward, idle */
	static const struct step out[] = {
		{ CTI__CE_MAKE, CTI_CALL_DIALING },
		{ CTI__CE_ALERTING_IN, CTI_CALL_ALERTING },
		{ CTI__CE_CONNECT_IN, CTI_CALL_ACTIVE },
		{ CTI__CE_CLEAR, CTI_CALL_CLEARING },
		{ CTI__CE_RELEASED, CTI_CALL_NULL },
	};
	/* refused by the far end (busy B-2): clear back before answer */
	static const struct step out_busy[] = {
		{ CTI__CE_MAKE, CTI_CALL_DIALING },
		{ CTI__CE_DISCONNECT_IN, CTI_CALL_CLEARING },
		{ CTI__CE_RELEASED, CTI_CALL_NULL },
	};
	/* offered, accepted (B-1), answered, far end clears forward */
	static const struct step in[] = {
		{ CTI__CE_SETUP_IN, CTI_CALL_OFFERED },
		{ CTI__CE_ALERT, CTI_CALL_ALERTING },
		{ CTI__CE_ANSWER, CTI_CALL_ACTIVE },
		{ CTI__CE_DISCONNECT_IN, CTI_CALL_CLEARING },
		{ CTI__CE_RELEASED, CTI_CALL_NULL },
	};
	/* offered and refused by us: the group B signal of the cause */
	static const struct step in_refused[] = {
		{ CTI__CE_SETUP_IN, CTI_CALL_OFFERED },
		{ CTI__CE_CLEAR, CTI_CALL_CLEARING },
		{ CTI__CE_RELEASED, CTI_CALL_NULL },
	};
	/* answered at once (cti_call_answer accepts first), held in libcti,
	 * then openr2's protocol error ends it */
	static const struct step in_error[] = {
		{ CTI__CE_SETUP_IN, CTI_CALL_OFFERED },
		{ CTI__CE_ANSWER, CTI_CALL_ACTIVE },
		{ CTI__CE_HOLD, CTI_CALL_HELD },
		{ CTI__CE_ABANDON, CTI_CALL_NULL },
	};

	walk(CTI_CALL_OUTGOING, out, ARRAY_SIZE(out));
	walk(CTI_CALL_OUTGOING, out_busy, ARRAY_SIZE(out_busy));
	walk(CTI_CALL_INCOMING, in, ARRAY_SIZE(in));
	walk(CTI_CALL_INCOMING, in_refused, ARRAY_SIZE(in_refused));
	walk(CTI_CALL_INCOMING, in_error, ARRAY_SIZE(in_error));
	/* no R2 event the machine would take in the wrong direction */
	ck_assert_int_eq(cti__call_fsm_next(CTI_CALL_DIALING, CTI_CALL_INCOMING,
					    CTI__CE_ALERTING_IN),
			 CTI_ESTATE);
}
END_TEST

START_TEST(test_transition_checked_and_logged)
{
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL,
				      .log_level = CTI_LOG_DEBUG,
				      .log_fn = keep_log };
	struct cti__mgr mgr;
	struct cti__call c;

	memset(&mgr, 0, sizeof(mgr));
	memset(&c, 0, sizeof(c));
	g_nlog = 0;
	ck_assert_int_eq(cti_ctx_new(&mgr.ctx, &cfg), 0);
	c.mgr = &mgr;
	c.id = 7;
	c.direction = CTI_CALL_INCOMING;
	c.state = CTI_CALL_OFFERED;
	ck_assert(cti__call_fsm_can(&c, CTI__CE_ANSWER));
	ck_assert(!cti__call_fsm_can(&c, CTI__CE_HOLD));
	ck_assert_int_eq(cti__call_fsm(&c, CTI__CE_ANSWER), 0);
	ck_assert_int_eq(c.state, CTI_CALL_ACTIVE);
	ck_assert_int_eq(cti__call_fsm(&c, CTI__CE_ANSWER), CTI_ESTATE);
	ck_assert_int_eq(c.state, CTI_CALL_ACTIVE);
	ck_assert_int_eq(cti__call_fsm(&c, CTI__CE_HOLD), 0);
	ck_assert_int_eq(c.state, CTI_CALL_HELD);
	ck_assert_int_eq(g_nlog, 3);
	ck_assert_str_eq(g_log[0], "call 7: OFFERED -> ACTIVE on ANSWER");
	ck_assert_str_eq(g_log[1], "call 7: ANSWER refused in ACTIVE");
	ck_assert_str_eq(g_log[2], "call 7: ACTIVE -> HELD on HOLD");
	/* an outgoing call cannot be answered by us */
	c.direction = CTI_CALL_OUTGOING;
	c.state = CTI_CALL_ALERTING;
	ck_assert_int_eq(cti__call_fsm(&c, CTI__CE_ANSWER), CTI_ESTATE);
	ck_assert_int_eq(cti__call_fsm(&c, CTI__CE_CONNECT_IN), 0);
	ck_assert_int_eq(c.state, CTI_CALL_ACTIVE);
	cti_ctx_free(mgr.ctx);
}
END_TEST

TCase *fsm_tcase(void);
TCase *fsm_tcase(void)
{
	TCase *tc = tcase_create("fsm");

	tcase_add_test(tc, test_every_state_event_pair);
	tcase_add_test(tc, test_out_of_range_refused);
	tcase_add_test(tc, test_transition_checked_and_logged);
	tcase_add_test(tc, test_r2_sequences);
	return tc;
}
