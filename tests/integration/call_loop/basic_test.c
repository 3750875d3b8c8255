// SPDX-License-Identifier: LGPL-2.1-or-later
/* Basic calls, capacity, glare, overlap, restart, bad input. */
#include <stdio.h>
#include <string.h>

#include "fixture.h"

START_TEST(test_call_events_and_fields)
{
	struct cti_call_params p = { .span = 0 };
	cti_call_id_t out, in;
	int i;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	p.span = F.cpe;
	strcpy(p.dnis.digits, "2001");
	p.dnis.ton = CTI_TON_SUBSCRIBER;
	p.dnis.plan = CTI_NPI_E164;
	strcpy(p.ani.digits, "861088886666");
	p.ani.ton = CTI_TON_INTERNATIONAL;
	p.ani.plan = CTI_NPI_E164;
	p.ani.presentation = CTI_PRES_RESTRICTED;
	p.ani.screening = CTI_SCREEN_USER_PASSED;
	strcpy(p.redirecting.digits, "3000");
	p.redirect_reason = 1;
	p.bchan = 7;
	p.exclusive = true;
	strcpy(p.app_data, "acct=42");
	ck_assert_int_eq(cti_call_make(F.ctx, &out, &p), 0);
	fx_run_ms(100);
	i = fx_find(0, CTI_EVENT_CALL_ORIGINATED, out);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.ev[i].u.call.app_data, "acct=42");
	in = fx_offered(0, F.net);
	ck_assert_uint_gt(in, 0);
	i = fx_find(0, CTI_EVENT_CALL_OFFERED, in);
	ck_assert_int_ge(i, 0);
	const struct cti_call_event *o = &F.ev[i].u.call;
	ck_assert_int_eq(o->bchan, 7);
	ck_assert_uint_eq(o->direction, CTI_CALL_INCOMING);
	ck_assert_str_eq(o->ani.digits, "861088886666");
	ck_assert_uint_eq(o->ani.ton, CTI_TON_INTERNATIONAL);
	ck_assert_uint_eq(o->ani.presentation, CTI_PRES_RESTRICTED);
	ck_assert_uint_eq(o->ani.screening, CTI_SCREEN_USER_PASSED);
	ck_assert_str_eq(o->dnis.digits, "2001");
	ck_assert_uint_eq(o->dnis.ton, CTI_TON_SUBSCRIBER);
	ck_assert_str_eq(o->redirecting.digits, "3000");

	ck_assert_int_eq(
		cti_call_set_app_data(F.ctx, in, "screen-pop 42", NULL), 0);
	ck_assert_int_eq(cti_call_alert(F.ctx, in), 0);
	fx_run_ms(100);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_DELIVERED, out), 0);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_DELIVERED, in), 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, in), 0);
	fx_run_ms(100);
	i = fx_find(0, CTI_EVENT_CALL_ESTABLISHED, out);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.bchan, 7);
	i = fx_find(0, CTI_EVENT_CALL_ESTABLISHED, in);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.ev[i].u.call.app_data, "screen-pop 42");

	struct cti_call_info info;
	ck_assert_int_eq(cti_call_get_info(F.ctx, out, &info), 0);
	ck_assert_uint_eq(info.state, CTI_CALL_ACTIVE);
	ck_assert_uint_gt(info.answer_ms, info.start_ms);

	/* the far end clears with 17 (user busy): we see it */
	ck_assert_int_eq(cti_call_clear(F.ctx, in, 17), 0);
	fx_run_ms(100);
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, out);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, 17);
	ck_assert_str_eq(cti_cause_text(17), "User busy");
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, in);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, 17);
	struct cti_span_status st;
	ck_assert_int_eq(cti_span_get_status(F.ctx, F.net, &st), 0);
	ck_assert_uint_eq(st.calls, 0);
	ck_assert(st.d_up);
	fx_close();
}
END_TEST

/* Fill every B-channel with calls from `from`, check one more is
 * refused, and clear them all. */
static void fill_span(cti_span_id_t from, int nchan)
{
	cti_span_id_t to = from == F.net ? F.cpe : F.net;
	cti_call_id_t out[31];
	int mark = F.n, est = 0, in = 0;
	char num[16];

	for (int i = 0; i < nchan; i++) {
		snprintf(num, sizeof(num), "%d", 1000 + i);
		out[i] = fx_dial(from, num);
	}
	struct cti_call_params p = { .span = from };
	cti_call_id_t extra;
	strcpy(p.dnis.digits, "999");
	ck_assert_int_eq(cti_call_make(F.ctx, &extra, &p), CTI_ENOCHAN);
	fx_run_ms(1000);
	for (int i = mark; i < F.n; i++)
		if (F.ev[i].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[i].u.call.span_id == to) {
			ck_assert_int_eq(
				cti_call_answer(F.ctx, F.ev[i].u.call.call_id),
				0);
			in++;
		}
	ck_assert_int_eq(in, nchan);
	fx_run_ms(1000);
	for (int i = 0; i < nchan; i++)
		if (fx_find(mark, CTI_EVENT_CALL_ESTABLISHED, out[i]) >= 0)
			est++;
	ck_assert_int_eq(est, nchan);
	struct cti_span_status st;
	cti_span_get_status(F.ctx, from, &st);
	ck_assert_uint_eq(st.calls, (unsigned)nchan);
	ck_assert_uint_eq(st.bchans, (unsigned)nchan);
	for (int i = 0; i < nchan; i++)
		ck_assert_int_eq(cti_call_clear(F.ctx, out[i], 16), 0);
	fx_run_ms(1000);
	cti_span_get_status(F.ctx, from, &st);
	ck_assert_uint_eq(st.calls, 0);
	cti_span_get_status(F.ctx, to, &st);
	ck_assert_uint_eq(st.calls, 0);
}

START_TEST(test_e1_30_calls_each_way)
{
	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	fill_span(F.cpe, 30);
	fill_span(F.net, 30);
	ck_assert_int_eq(fx_count(CTI_EVENT_CALL_CLEARED, F.net), 60);
	ck_assert_int_eq(fx_count(CTI_EVENT_CALL_CLEARED, F.cpe), 60);
	fx_close();
}
END_TEST

START_TEST(test_t1_23_calls_each_way)
{
	fx_open(CTI_SPAN_T1, CTI_SWITCH_NI2, false);
	fill_span(F.cpe, 23);
	fill_span(F.net, 23);
	ck_assert_int_eq(fx_count(CTI_EVENT_CALL_CLEARED, F.net), 46);
	fx_close();
}
END_TEST

START_TEST(test_t1_other_switch_types)
{
	static const int sw[] = { CTI_SWITCH_DMS100,   CTI_SWITCH_LUCENT5E,
				  CTI_SWITCH_ATT4ESS,  CTI_SWITCH_NI1,
				  CTI_SWITCH_EUROISDN, CTI_SWITCH_QSIG };

	for (size_t k = 0; k < sizeof(sw) / sizeof(*sw); k++) {
		cti_call_id_t out, in;

		fx_open(CTI_SPAN_T1, sw[k], false);
		fx_connect(F.cpe, "5551000", &out, &in);
		ck_assert_int_eq(cti_call_clear(F.ctx, out, 16), 0);
		fx_run_ms(200);
		ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, in), 0);
		fx_close();
	}
}
END_TEST

START_TEST(test_glare_network_wins)
{
	struct cti_call_params p = { .bchan = 1, .exclusive = true };
	cti_call_id_t from_net, from_cpe, offered;
	int i;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	strcpy(p.dnis.digits, "100");
	p.span = F.net;
	ck_assert_int_eq(cti_call_make(F.ctx, &from_net, &p), 0);
	p.span = F.cpe;
	/* the same instant, the same channel, before either SETUP lands */
	ck_assert_int_eq(cti_call_make(F.ctx, &from_cpe, &p), 0);
	fx_run_ms(500);
	/* Q.931 5.2.3.1: the network refuses the user's call with 44 */
	i = fx_find(0, CTI_EVENT_CALL_FAILED, from_cpe);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, CTI_CAUSE_CHANNEL_UNAVAILABLE);
	/* and the user serves the network's call on channel 1 */
	offered = fx_offered(0, F.cpe);
	ck_assert_uint_gt(offered, 0);
	i = fx_find(0, CTI_EVENT_CALL_OFFERED, offered);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.bchan, 1);
	ck_assert_int_eq(cti_call_answer(F.ctx, offered), 0);
	fx_run_ms(200);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_ESTABLISHED, from_net), 0);
	/* the user's SETUP never reached the network's application */
	ck_assert_uint_eq(fx_offered(0, F.net), 0);
	fx_close();
}
END_TEST

START_TEST(test_overlap_receiving)
{
	struct cti_call_params p = { .overlap = true };
	cti_call_id_t out, in;
	int i;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, true);
	p.span = F.cpe;
	strcpy(p.dnis.digits, "12");
	ck_assert_int_eq(cti_call_make(F.ctx, &out, &p), 0);
	fx_run_ms(100);
	ck_assert_uint_eq(fx_offered(0, F.net), 0); /* still collecting */
	ck_assert_int_eq(cti_call_dial_more(F.ctx, out, "34"), 0);
	fx_run_ms(100);
	ck_assert_int_eq(cti_call_dial_more(F.ctx, out, "5"), 0);
	ck_assert_int_eq(cti_call_dial_more(F.ctx, out, "x"), CTI_EFORMAT);
	fx_run_ms(4000);
	ck_assert_uint_eq(fx_offered(0, F.net), 0);
	/* the inter-digit timeout (5 s) completes the number */
	fx_run_ms(1500);
	in = fx_offered(0, F.net);
	ck_assert_uint_gt(in, 0);
	i = fx_find(0, CTI_EVENT_CALL_OFFERED, in);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.ev[i].u.call.dnis.digits, "12345");
	ck_assert_int_eq(cti_call_answer(F.ctx, in), 0);
	fx_run_ms(100);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_ESTABLISHED, out), 0);
	ck_assert_int_eq(cti_call_dial_more(F.ctx, out, "6"), CTI_ESTATE);
	fx_close();
}
END_TEST

START_TEST(test_restart_clears_calls)
{
	cti_call_id_t out, in;
	int i;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	fx_connect(F.cpe, "100", &out, &in);
	ck_assert_int_eq(cti_span_restart(F.ctx, F.net), 0);
	fx_run_ms(500);
	/* Q.931 5.5: RESTART returns the channels to idle: calls end */
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, out);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(F.ev[i].u.call.cause, CTI_CAUSE_TEMPORARY_FAILURE);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, in), 0);
	/* and the span still works */
	fx_connect(F.cpe, "101", &out, &in);
	ck_assert_int_eq(cti_span_restart(F.ctx, 77), CTI_ENOENT);
	fx_close();
}
END_TEST

START_TEST(test_bad_input_keeps_working)
{
	struct cti_call_params p = { .span = 55 };
	cti_call_id_t id, out, in;
	struct cti_number to = { "123", 0, 0, 0, 0 };

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	strcpy(p.dnis.digits, "100");
	ck_assert_int_eq(cti_call_make(F.ctx, &id, &p), CTI_ENOENT);
	ck_assert_int_eq(cti_call_make(F.ctx, &id, NULL), CTI_EINVAL);
	p.span = F.cpe;
	strcpy(p.dnis.digits, "12AB");
	ck_assert_int_eq(cti_call_make(F.ctx, &id, &p), CTI_EFORMAT);
	p.dnis.digits[0] = '\0';
	ck_assert_int_eq(cti_call_make(F.ctx, &id, &p), CTI_EFORMAT);
	memset(p.dnis.digits, '1', sizeof(p.dnis.digits)); /* no NUL */
	ck_assert_int_eq(cti_call_make(F.ctx, &id, &p), CTI_EFORMAT);
	strcpy(p.dnis.digits, "100");
	p.bchan = 16; /* the D channel */
	ck_assert_int_eq(cti_call_make(F.ctx, &id, &p), CTI_EINVAL);
	p.bchan = 0;
	ck_assert_int_eq(cti_call_answer(F.ctx, 12345), CTI_ENOENT);
	ck_assert_int_eq(cti_call_clear(F.ctx, 12345, 16), CTI_ENOENT);
	ck_assert_int_eq(cti_span_loop_set_drop(F.ctx, F.cpe, 2000000),
			 CTI_EINVAL);

	/* answering a cleared call */
	fx_connect(F.cpe, "100", &out, &in);
	ck_assert_int_eq(cti_call_clear(F.ctx, out, 200), CTI_EINVAL);
	ck_assert_int_eq(cti_call_answer(F.ctx, out), CTI_ESTATE);
	ck_assert_int_eq(cti_call_hold(F.ctx, out, 9), CTI_EINVAL);
	ck_assert_int_eq(cti_call_retrieve(F.ctx, out), CTI_ESTATE);
	ck_assert_int_eq(cti_call_deflect(F.ctx, out, &to), CTI_ESTATE);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, out, "12x"), CTI_EFORMAT);
	ck_assert_int_eq(cti_call_transfer(F.ctx, out, out), CTI_EINVAL);
	ck_assert_int_eq(cti_call_clear(F.ctx, out, 16), 0);
	fx_run_ms(200);
	ck_assert_int_eq(cti_call_answer(F.ctx, in), CTI_ENOENT);
	ck_assert_int_eq(cti_call_clear(F.ctx, in, 16), CTI_ENOENT);

	/* dialling on a span in alarm */
	ck_assert_int_eq(cti_span_loop_set_link(F.ctx, F.cpe, false), 0);
	ck_assert_int_eq(cti_call_make(F.ctx, &id, &p), CTI_EALARM);
	ck_assert_int_eq(cti_span_loop_set_link(F.ctx, F.cpe, true), 0);
	fx_run_ms(100);

	/* the context keeps working */
	fx_connect(F.cpe, "100", &out, &in);
	fx_close();
}
END_TEST

START_TEST(test_deflection)
{
	struct cti_number to = { "7007", CTI_TON_UNKNOWN, CTI_NPI_E164, 0, 0 };
	cti_call_id_t out, in;
	int i;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	out = fx_dial(F.net, "100");
	fx_run_ms(100);
	in = fx_offered(0, F.cpe);
	ck_assert_uint_gt(in, 0);
	ck_assert_int_eq(cti_call_deflect(F.ctx, in, &to), 0);
	fx_run_ms(500);
	/* ETSI EN 300 207-1: the network learns the deflected-to number */
	i = fx_find(0, CTI_EVENT_CALL_DEFLECTED, out);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.ev[i].u.call.digits, "7007");
	/* an incoming call that goes unanswered ends CLEARED, not FAILED */
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, in), 0);
	ck_assert_int_lt(fx_find(0, CTI_EVENT_CALL_FAILED, in), 0);
	fx_close();
	/* NI-2 has none: refused up front */
	fx_open(CTI_SPAN_T1, CTI_SWITCH_NI2, false);
	fx_dial(F.net, "100");
	fx_run_ms(100);
	in = fx_offered(0, F.cpe);
	ck_assert_int_eq(cti_call_deflect(F.ctx, in, &to), CTI_ENOTSUP);
	fx_close();
}
END_TEST

TCase *basic_tcase(void);
TCase *basic_tcase(void)
{
	TCase *tc = tcase_create("basic");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_call_events_and_fields);
	tcase_add_test(tc, test_e1_30_calls_each_way);
	tcase_add_test(tc, test_t1_23_calls_each_way);
	tcase_add_test(tc, test_t1_other_switch_types);
	tcase_add_test(tc, test_glare_network_wins);
	tcase_add_test(tc, test_overlap_receiving);
	tcase_add_test(tc, test_restart_clears_calls);
	tcase_add_test(tc, test_bad_input_keeps_working);
	tcase_add_test(tc, test_deflection);
	return tc;
}
