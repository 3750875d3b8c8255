// SPDX-License-Identifier: LGPL-2.1-or-later
/* Calls an agent dials on its own phone (through the stations trunk) and
 * one supervisor per call. */
#include <stdio.h>
#include <string.h>

#include "fixture.h"

/* The test's phone at `ext` dials `number` towards the centre. */
static cti_call_id_t phone_dials(const char *ext, const char *number)
{
	struct cti_call_params p = { .span = F.phones };
	cti_call_id_t id = 0;

	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%s", number);
	snprintf(p.ani.digits, sizeof(p.ani.digits), "%s", ext);
	ck_assert_int_eq(cti_call_make(F.ctx, &id, &p), 0);
	return id;
}

/* The cause the centre refused the phone's call with (never answered:
 * CALL_FAILED), or -1. */
static int refused_with(cti_call_id_t ph)
{
	int i = fx_find(0, CTI_EVENT_CALL_FAILED, F.phones, ph);

	ck_assert_int_lt(fx_find(0, CTI_EVENT_CALL_ESTABLISHED, F.phones, ph),
			 0);
	return i < 0 ? -1 : F.ev[i].u.call.cause;
}

/* The call offered to the exchange with this DNIS, or 0. */
static cti_call_id_t at_exchange(const char *dnis, const char *ani)
{
	for (int k = 0; k < F.n; k++)
		if (F.ev[k].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[k].u.call.span_id == F.pstn &&
		    !strcmp(F.ev[k].u.call.dnis.digits, dnis)) {
			ck_assert_str_eq(F.ev[k].u.call.ani.digits, ani);
			return F.ev[k].u.call.call_id;
		}
	return 0;
}

START_TEST(agent_dials_from_its_phone)
{
	struct fx_audio *a_au, *x_au;
	cti_call_id_t ph, x, busy;
	uint32_t st, call;
	int32_t reason;
	int i;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	fx_agent("alice", "2001", true);
	/* nobody is logged in at 2002: refused as before (21) */
	ph = phone_dials("2002", "5550123");
	fx_run(200);
	ck_assert_int_eq(refused_with(ph), CTI_CAUSE_CALL_REJECTED);
	/* (a number no trunk can dial, 28, the call layer already refuses
	 * to place: the test cannot make one) */
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);

	/* alice dials 5550123: her phone is answered, she hears ringback
	 * while the number rings on the network trunk with her extension
	 * as the calling number */
	ph = phone_dials("2001", "5550123");
	a_au = fx_audio(ph, 5000);
	fx_run(200);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_ESTABLISHED, F.phones, ph),
			 0);
	ck_assert_int_eq(cti_center_agent_state(F.cc, "alice", &st, &reason),
			 0);
	ck_assert_uint_eq(st, CTI_AGENT_NOT_READY);
	ck_assert_int_eq(reason, CTI_CENTER_REASON_OUTBOUND);
	x = at_exchange("5550123", "2001");
	ck_assert_uint_gt(x, 0);
	fx_run(300);
	ck_assert(cti_power_dbm0(a_au->heard[399], 160) > -30.0);
	/* a second call from her phone while she is on this one: busy */
	busy = phone_dials("2001", "5550199");
	fx_run(200);
	ck_assert_int_eq(refused_with(busy), CTI_CAUSE_USER_BUSY);
	ck_assert_uint_eq(at_exchange("5550199", "2001"), 0);
	ck_assert_int_eq(cti_center_agent_dial(F.cc, "alice", "5550199", NULL),
			 CTI_ESTATE);
	/* the number answers: bridged, CONNECTED to number:5550123 */
	ck_assert_int_eq(cti_call_answer(F.ctx, x), 0);
	x_au = fx_audio(x, 9000);
	fx_run(500);
	i = fx_cfind(0, CTI_CENTER_EV_CONNECTED, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].target, "number:5550123");
	ck_assert_str_eq(F.cev[i].agent, "alice");
	call = F.cev[i].call;
	ck_assert(fx_hears(a_au, &x_au, 1, 10));
	ck_assert(fx_hears(x_au, &a_au, 1, 10));
	/* alice hangs up: the number is cleared, the call has its record */
	ck_assert_int_eq(cti_call_clear(F.ctx, ph, 16), 0);
	fx_run(200);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, F.pstn, x), 0);
	i = fx_cfind(0, CTI_CENTER_EV_RECORD, call);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].u.record.first_agent, "alice");
	ck_assert_str_eq(F.cev[i].u.record.number, "5550123");
	ck_assert_uint_eq(F.cev[i].u.record.segments, 0);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	/* draining: her calls are refused with the drain's cause too */
	ck_assert_int_eq(cti_center_refuse_new(F.cc, 42), 0);
	ph = phone_dials("2001", "5550123");
	fx_run(200);
	ck_assert_int_eq(refused_with(ph), 42);
	fx_close();
}
END_TEST

START_TEST(one_supervisor_per_call)
{
	struct cti_center_route_config r = { .target = "queue:sales" };
	cti_call_id_t c, ph, sup;
	int mark, i;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	fx_agent("alice", "2001", true);
	c = fx_dial("95501", "1001");
	fx_run(100);
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	fx_run(200);
	/* 2003 monitors; 2004 is refused while 2003 is on the call */
	mark = F.n;
	ck_assert_int_eq(
		cti_center_supervise(F.cc, "alice", CTI_CENTER_MONITOR, "2003"),
		0);
	fx_run(100);
	sup = fx_ringing(mark, "2003");
	ck_assert_uint_gt(sup, 0);
	ck_assert_int_eq(
		cti_center_supervise(F.cc, "alice", CTI_CENTER_BARGE, "2004"),
		CTI_EBUSY);
	ck_assert_int_eq(cti_call_answer(F.ctx, sup), 0);
	fx_run(200);
	ck_assert_int_eq(
		cti_center_supervise(F.cc, "alice", CTI_CENTER_BARGE, "2004"),
		CTI_EBUSY);
	fx_run(100);
	ck_assert_uint_eq(fx_ringing(mark, "2004"), 0);
	/* the one on the call changes its mode */
	mark = F.nc;
	ck_assert_int_eq(
		cti_center_supervise(F.cc, "alice", CTI_CENTER_WHISPER, "2003"),
		0);
	fx_run(20);
	i = fx_cfind(mark, CTI_CENTER_EV_SUPERVISED, 0);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(F.cev[i].extension, "2003");
	/* once it has left, another supervisor may join */
	ck_assert_int_eq(cti_call_clear(F.ctx, sup, 16), 0);
	fx_run(200);
	mark = F.n;
	ck_assert_int_eq(
		cti_center_supervise(F.cc, "alice", CTI_CENTER_BARGE, "2004"),
		0);
	fx_run(100);
	ck_assert_uint_gt(fx_ringing(mark, "2004"), 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(300);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

TCase *own_calls_tcase(void)
{
	TCase *tc = tcase_create("own_calls");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, agent_dials_from_its_phone);
	tcase_add_test(tc, one_supervisor_per_call);
	return tc;
}
