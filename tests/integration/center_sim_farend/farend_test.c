// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-sim's far ends (utils/cti-sim/farend.h) alone, on loop spans and
 * the virtual clock, against a hand-written "centre" of plain call
 * control (no engine): what the far ends do on the lines and what their
 * own tally and per-caller records say about it.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../../utils/cti-sim/farend.h"

enum mode { CLEAR, AGENT, BAD_ANI, RING_OUT };

struct centre {
	cti_ctx_t *ctx;
	farend_t *fe;
	enum mode mode;
	cti_span_id_t pstn, trunk, station, phones;
	cti_call_id_t cust, agent;
	cti_dtmf_rx_t *rx;
	char heard[16], ani[32], ready[16];
	int agent_cause;
	bool ringing;
	int16_t from_agent[160]; /* the agent leg's last block */
};

static void ring_later(cti_ctx_t *ctx, void *u);

static void agent_audio(cti_ctx_t *ctx, cti_call_id_t id, const void *rx,
			void *tx, size_t n, void *user)
{
	struct centre *c = user;

	(void)ctx;
	(void)id;
	(void)tx;
	if (n <= 160)
		memcpy(c->from_agent, rx, n * sizeof(int16_t));
}

static void hear(cti_ctx_t *ctx, cti_call_id_t id, const void *rx, void *tx,
		 size_t n, void *user)
{
	struct centre *c = user;
	cti_dtmf_event_t ev;

	(void)ctx;
	(void)id;
	/* a one-way bridge: the caller hears the agent */
	if (c->agent && n <= 160)
		memcpy(tx, c->from_agent, n * sizeof(int16_t));
	cti_dtmf_rx_linear(c->rx, rx, n);
	while (cti_dtmf_rx_next_event(c->rx, &ev) > 0)
		if (ev.type == CTI_DTMF_END &&
		    strlen(c->heard) + 1 < sizeof(c->heard))
			c->heard[strlen(c->heard)] = ev.digit;
	/* the caller's answer to the "flow": ring the agent (not from
	 * inside the audio callback) */
	if (!strcmp(c->heard, "12") && !c->agent && !c->ringing) {
		c->ringing = true;
		cti_timer_start(c->ctx, 0, ring_later, c);
	}
}

static void ring_agent(void *u)
{
	struct centre *c = u;
	struct cti_call_params p = { .span = c->station };

	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "3000");
	snprintf(p.ani.digits, sizeof(p.ani.digits), "%s",
		 c->mode == BAD_ANI ? "5550100" : c->ani);
	ck_assert_int_eq(cti_call_make(c->ctx, &c->agent, &p), 0);
	cti_call_set_audio(c->ctx, c->agent, CTI_AUDIO_LINEAR16, agent_audio,
			   c);
}

static void ring_later(cti_ctx_t *ctx, void *u)
{
	(void)ctx;
	ring_agent(u);
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	struct centre *c = u;
	const struct cti_call_event *k = &ev->u.call;

	if (farend_handle_event(c->fe, ev))
		return;
	if (ev->type == CTI_EVENT_CALL_OFFERED && k->span_id == c->trunk) {
		if (c->mode == CLEAR) {
			cti_call_clear(ctx, k->call_id, CTI_CAUSE_USER_BUSY);
			return;
		}
		c->cust = k->call_id;
		snprintf(c->ani, sizeof(c->ani), "%s", k->ani.digits);
		cti_call_answer(ctx, k->call_id);
		cti_call_set_audio(ctx, k->call_id, CTI_AUDIO_LINEAR16, hear,
				   c);
		if (c->mode != AGENT)
			ring_agent(c);
	}
	if ((ev->type == CTI_EVENT_CALL_CLEARED ||
	     ev->type == CTI_EVENT_CALL_FAILED) &&
	    k->call_id == c->agent) {
		c->agent_cause = k->cause;
		cti_call_clear(ctx, c->cust, CTI_CAUSE_NORMAL_CLEARING);
	}
}

static void on_ready(void *user, const char *ext)
{
	struct centre *c = user;

	snprintf(c->ready, sizeof(c->ready), "%s", ext);
}

static void config(struct farend_config *f, struct centre *c)
{
	memset(f, 0, sizeof(*f));
	f->seed = 5;
	f->caller_spans = &c->pstn;
	f->n_caller_spans = 1;
	f->phone_spans = &c->phones;
	f->n_phone_spans = 1;
	f->numbers[0] = (struct farend_number){ "95500", 1.0, "12" };
	f->n_numbers = 1;
	f->hours = 1;
	f->calls_per_hour[0] = 3600;
	f->max_callers = 1;
	f->patience_mean_ms = 2000000000u; /* nobody gives up here */
	f->talk_mean_ms = 5000;
	f->answer_min_ms = f->answer_max_ms = 2000;
	f->back_ready_ms = 30000;
	f->dtmf_delay_ms = 500;
	f->wrap_ms = 8000;
	f->sl_ms = 15000;
	f->short_ms = 5000;
	f->interval_ms = 900000;
	f->on_ready = on_ready;
	f->user = c;
}

static void centre_up(struct centre *c, enum mode mode, struct farend_config *f)
{
	struct cti_ctx_config cx = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti_span_config net = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_NET };
	struct cti_span_config cpe = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_CPE };

	memset(c, 0, sizeof(*c));
	c->mode = mode;
	ck_assert_int_eq(cti_ctx_new(&c->ctx, &cx), 0);
	ck_assert_int_eq(cti_dtmf_rx_init(&c->rx, NULL, NULL), 0);
	ck_assert_int_eq(cti_span_open_loop(c->ctx, &c->pstn, &c->trunk, &net,
					    &cpe, NULL),
			 0);
	ck_assert_int_eq(cti_span_open_loop(c->ctx, &c->station, &c->phones,
					    &net, &cpe, NULL),
			 0);
	ck_assert_int_eq(cti_clock_advance(c->ctx, 4000), 0);
	config(f, c);
}

static void run(struct centre *c, const struct farend_config *f)
{
	ck_assert_int_eq(farend_new(&c->fe, c->ctx, f), 0);
	cti_ctx_set_event_cb(c->ctx, on_event, c);
	ck_assert_int_eq(farend_start(c->fe, cti_now_ms(c->ctx)), 0);
	ck_assert_int_eq(farend_start(c->fe, 0), CTI_EBUSY);
	for (int i = 0; i < 120 && !farend_done(c->fe); i++)
		cti_clock_advance(c->ctx, 1000);
	cti_clock_advance(c->ctx, 1000);
	ck_assert(farend_done(c->fe));
	ck_assert_int_eq(farend_error(c->fe), 0);
}

static void centre_down(struct centre *c)
{
	cti_ctx_set_event_cb(c->ctx, NULL, NULL);
	farend_free(c->fe);
	cti_ctx_free(c->ctx);
	cti_dtmf_rx_free(c->rx);
}

START_TEST(bad_configs_are_refused)
{
	struct centre c;
	struct farend_config f, b;
	farend_t *fe = (farend_t *)&c;

	centre_up(&c, CLEAR, &f);
	ck_assert_int_eq(farend_new(&fe, c.ctx, NULL), CTI_EINVAL);
	ck_assert_ptr_null(fe);
	ck_assert_int_eq(farend_new(&fe, NULL, &f), CTI_EINVAL);
	b = f, b.n_caller_spans = 0;
	ck_assert_int_eq(farend_new(&fe, c.ctx, &b), CTI_EINVAL);
	b = f, b.n_numbers = 0;
	ck_assert_int_eq(farend_new(&fe, c.ctx, &b), CTI_EINVAL);
	b = f, b.numbers[0].dnis = "955x0";
	ck_assert_int_eq(farend_new(&fe, c.ctx, &b), CTI_EINVAL);
	b = f, b.numbers[0].dnis = "";
	ck_assert_int_eq(farend_new(&fe, c.ctx, &b), CTI_EINVAL);
	b = f, b.hours = 25;
	ck_assert_int_eq(farend_new(&fe, c.ctx, &b), CTI_EINVAL);
	b = f, b.interval_ms = 0;
	ck_assert_int_eq(farend_new(&fe, c.ctx, &b), CTI_EINVAL);
	b = f, b.answer_min_ms = 3000;
	ck_assert_int_eq(farend_new(&fe, c.ctx, &b), CTI_EINVAL);
	ck_assert_int_eq(farend_new(&fe, c.ctx, &f), 0);
	farend_free(fe);
	farend_free(NULL);
	centre_down(&c);
}
END_TEST

/* The centre refuses every call (17): five callers, each cleared by it,
 * its cause recorded; the count stops at max_callers. */
START_TEST(callers_cleared_by_the_centre)
{
	struct centre c;
	struct farend_config f;
	struct farend_caller k;
	const struct farend_tally *t;

	centre_up(&c, CLEAR, &f);
	f.max_callers = 5;
	run(&c, &f);
	t = farend_tally(c.fe);
	ck_assert_uint_eq(t->arrived, 5);
	ck_assert_uint_eq(t->blocked, 0);
	ck_assert_uint_eq(t->other_end, 5);
	ck_assert_uint_eq(t->answered, 0);
	ck_assert_uint_eq(t->live, 0);
	ck_assert_uint_eq(farend_callers(c.fe), 5);
	for (size_t i = 0; i < 5; i++) {
		ck_assert_int_eq(farend_caller_get(c.fe, i, &k), 0);
		ck_assert_uint_eq(k.index, i);
		ck_assert_uint_eq(k.outcome, FAREND_CLEARED);
		ck_assert_int_eq(k.cause, CTI_CAUSE_USER_BUSY);
		ck_assert_uint_eq(k.arrived_ms % 4, 0); /* the dial's residue */
		ck_assert_uint_eq(k.centre_answered_ms, 0);
	}
	ck_assert_int_eq(farend_caller_get(c.fe, 5, &k), CTI_ENOENT);
	centre_down(&c);
}
END_TEST

/* The caller keys "12" 0.5 s after the centre answers (lib/dsp's receiver
 * hears it on the centre's side of the B channel); the centre then rings
 * extension 3000 with the caller's ANI; the phone answers 2 s later (at
 * its residue 2), keys "5" 300 ms later, which the caller hears through
 * the centre, talks, hangs up. */
START_TEST(dtmf_then_an_agent_answers)
{
	struct centre c;
	struct farend_config f;
	struct farend_caller k;
	const struct farend_tally *t;

	centre_up(&c, AGENT, &f);
	f.phone_dtmf = "5";
	f.phone_dtmf_delay_ms = 300;
	run(&c, &f);
	ck_assert_str_eq(c.heard, "12");
	t = farend_tally(c.fe);
	ck_assert_uint_eq(t->arrived, 1);
	ck_assert_uint_eq(t->answered, 1);
	ck_assert_uint_eq(t->n_handled, 1);
	ck_assert_uint_eq(t->other_end, 0);
	ck_assert_int_eq(farend_caller_get(c.fe, 0, &k), 0);
	ck_assert_uint_eq(k.outcome, FAREND_ANSWERED);
	ck_assert_str_eq(k.agent, "3000");
	ck_assert_str_eq(k.heard, "5");
	ck_assert_uint_eq(k.answered_ms % 4, 2);
	ck_assert_uint_eq(k.ended_ms % 4, 3);
	/* handle time: talk plus the configured wrap-up */
	ck_assert_uint_eq(t->sum_handle, k.ended_ms - k.answered_ms + 8000);
	ck_assert_uint_eq(t->sum_wait, k.answered_ms - k.arrived_ms);
	/* keyed after 500 ms: two digits of 80 ms tone and 80 ms pause,
	 * then the phone's 2 s */
	ck_assert_uint_ge(k.answered_ms - k.centre_answered_ms,
			  500 + 80 + 80 + 80 + 2000);
	ck_assert_uint_lt(k.answered_ms - k.centre_answered_ms,
			  500 + 320 + 2000 + 200);
	ck_assert_uint_eq(t->in_sl, 1);
	ck_assert_uint_eq(t->iv[0][0].offered, 1);
	ck_assert_uint_eq(t->iv[0][0].answered, 1);
	centre_down(&c);
}
END_TEST

/* A phone refuses a call whose caller it does not know (17). */
START_TEST(phone_refuses_an_unknown_caller)
{
	struct centre c;
	struct farend_config f;

	centre_up(&c, BAD_ANI, &f);
	f.numbers[0].dtmf = NULL;
	run(&c, &f);
	ck_assert_int_eq(c.agent_cause, CTI_CAUSE_USER_BUSY);
	ck_assert_uint_eq(farend_tally(c.fe)->other_end, 1);
	centre_down(&c);
}
END_TEST

/* A phone that rings out: the centre clears it with 19 after 3 s; the far
 * end counts the ring-out and 30 s later tells the host the agent would
 * be ready again. */
START_TEST(ring_out_and_back_to_ready)
{
	struct centre c;
	struct farend_config f;
	struct farend_caller k;

	centre_up(&c, RING_OUT, &f);
	f.numbers[0].dtmf = NULL;
	f.no_answer_ppm = 1000000;
	ck_assert_int_eq(farend_new(&c.fe, c.ctx, &f), 0);
	cti_ctx_set_event_cb(c.ctx, on_event, &c);
	ck_assert_int_eq(farend_start(c.fe, cti_now_ms(c.ctx)), 0);
	cti_clock_advance(c.ctx, 5000);
	ck_assert_uint_ne(c.agent, 0);
	cti_call_clear(c.ctx, c.agent, CTI_CAUSE_NO_ANSWER);
	cti_clock_advance(c.ctx, 29000);
	ck_assert_str_eq(c.ready, "");
	cti_clock_advance(c.ctx, 2000);
	ck_assert_str_eq(c.ready, "3000");
	ck_assert_uint_eq(farend_tally(c.fe)->rona, 1);
	ck_assert_int_eq(farend_caller_get(c.fe, 0, &k), 0);
	ck_assert_uint_eq(k.ring_outs, 1);
	ck_assert_uint_eq(k.outcome, FAREND_CLEARED);
	ck_assert(farend_done(c.fe));
	centre_down(&c);
}
END_TEST

/* Hanging up all: a caller still waiting ends abandoned. */
START_TEST(hangup_all_ends_the_waiting)
{
	struct centre c;
	struct farend_config f;
	struct farend_caller k;

	centre_up(&c, RING_OUT, &f);
	f.numbers[0].dtmf = NULL;
	f.no_answer_ppm = 1000000;
	ck_assert_int_eq(farend_new(&c.fe, c.ctx, &f), 0);
	cti_ctx_set_event_cb(c.ctx, on_event, &c);
	ck_assert_int_eq(farend_start(c.fe, cti_now_ms(c.ctx)), 0);
	cti_clock_advance(c.ctx, 10000);
	ck_assert(!farend_done(c.fe));
	ck_assert_int_eq(farend_hangup_all(c.fe),
			 2); /* the phone, the caller */
	cti_clock_advance(c.ctx, 1000);
	ck_assert(farend_done(c.fe));
	ck_assert_int_eq(farend_caller_get(c.fe, 0, &k), 0);
	ck_assert_uint_eq(k.outcome, FAREND_ABANDONED);
	ck_assert_uint_eq(farend_tally(c.fe)->abandoned, 1);
	centre_down(&c);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("center_sim_farend");
	TCase *tc = tcase_create("farend");

	tcase_add_test(tc, bad_configs_are_refused);
	tcase_add_test(tc, callers_cleared_by_the_centre);
	tcase_add_test(tc, dtmf_then_an_agent_answers);
	tcase_add_test(tc, phone_refuses_an_unknown_caller);
	tcase_add_test(tc, ring_out_and_back_to_ready);
	tcase_add_test(tc, hangup_all_ends_the_waiting);
	suite_add_tcase(s, tc);
	return s;
}
