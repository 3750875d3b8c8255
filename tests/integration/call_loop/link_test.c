// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The data link as applications see it (lib/call/link.c): the settle time
 * before SPAN_UP when both ends start at once, RESTARTs that survive a
 * lost burst and a peer's link reset, and numbers longer than our fields.
 */
#include <stdio.h>
#include <string.h>

#include "call/call.h"
#include "fixture.h"

/* ---- what the library logs ----------------------------------------------
 */

static struct {
	cti_span_id_t span;	   /* RESTARTs of this span are followed */
	uint32_t acked;		   /* channels acknowledged (bits) */
	int out, max_out;	   /* RESTARTs unanswered now, at most */
	int sent, again, warnings; /* RESTARTs sent, T316 retries */
	char warning[256];
} L;

static void watch_log(void *u, int level, const char *module, const char *msg)
{
	unsigned span, ch, n;

	(void)u;
	if (level <= CTI_LOG_WARNING && !strcmp(module, "call")) {
		L.warnings++;
		snprintf(L.warning, sizeof(L.warning), "%s", msg);
	}
	if (sscanf(msg, "span %u ch %u: RESTART (%u)", &span, &ch, &n) == 3 &&
	    span == L.span) {
		L.sent++;
		if (++L.out > L.max_out)
			L.max_out = L.out;
	} else if (strstr(msg, ": RESTART acknowledged") &&
		   sscanf(msg, "span %u ch %u", &span, &ch) == 2 &&
		   span == L.span) {
		L.acked |= 1u << ch;
		L.out--;
	} else if (strstr(msg, "RESTART unanswered after T316") &&
		   sscanf(msg, "span %u ch %u", &span, &ch) == 2 &&
		   span == L.span) {
		L.again++;
		L.out--;
	}
}

static void watch(cti_span_id_t span)
{
	memset(&L, 0, sizeof(L));
	L.span = span;
	cti_ctx_set_log(F.ctx, watch_log, NULL);
	ck_assert_int_eq(cti_ctx_set_log_level(F.ctx, CTI_LOG_INFO), 0);
}

/* E1 B-channels: 1-15 and 17-31 */
#define E1_BCHANS 0xFFFEFFFEu

static struct cti__span *span_of(cti_span_id_t id)
{
	struct cti__cspan *cs = cti__cspan_find(F.ctx, id);

	ck_assert_ptr_nonnull(cs);
	return cs->span;
}

static const struct cti_span_config net_e1 = { .type = CTI_SPAN_E1,
					       .side = CTI_SIDE_NET };
static const struct cti_span_config cpe_e1 = { .type = CTI_SPAN_E1,
					       .side = CTI_SIDE_CPE };

/* ---- settle --------------------------------------------------------------
 */

/*
 * Both ends start at once and the network's first SABME is lost: the user
 * side takes the link up on the UA to its own SABME while the network is
 * still awaiting establishment; one T200 (1 s) later the network's SABME
 * arrives again and libpri re-establishes the link, clearing what was
 * being set up (cause 41). A call placed at the first SPAN_UP must get
 * through: SPAN_UP waits until the link has settled.
 */
START_TEST(test_span_up_after_settle_both_start_at_once)
{
	cti_call_id_t out, in;
	int up, e;

	fx_open_raw(&net_e1, &cpe_e1);
	watch(F.cpe);
	ck_assert_int_eq(cti__span_loop_lose(span_of(F.net), 1), 0);
	/* Q.921 is up on the user side at once, SPAN_UP is not */
	fx_run_ms(100);
	struct cti_span_status st;
	ck_assert_int_eq(cti_span_get_status(F.ctx, F.cpe, &st), 0);
	ck_assert(st.d_up);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.cpe), 0);
	struct cti_call_params p = { .span = F.cpe };
	strcpy(p.dnis.digits, "100");
	ck_assert_int_eq(cti_call_make(F.ctx, &out, &p), CTI_ENETDOWN);
	/* dial the moment SPAN_UP comes, as an application does */
	for (up = -1; up < 0 && cti_now_ms(F.ctx) < 10000;) {
		fx_run_ms(10);
		up = fx_find(0, CTI_EVENT_SPAN_UP, 0);
	}
	ck_assert_int_ge(up, 0);
	/* settled: 3 s after the link came up, after the far end's reset */
	ck_assert_uint_ge(F.ev[up].time_ms, CTI__SETTLE_MS);
	out = fx_dial(F.cpe, "100");
	fx_run_ms(200);
	in = fx_offered(0, F.net);
	ck_assert_uint_gt(in, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, in), 0);
	fx_run_ms(10000);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_ESTABLISHED, out), 0);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_ESTABLISHED, in), 0);
	e = fx_find(0, CTI_EVENT_CALL_CLEARED, 0);
	ck_assert_msg(e < 0, "call %u cleared, cause %d",
		      e < 0 ? 0 : F.ev[e].u.call.call_id,
		      e < 0 ? 0 : F.ev[e].u.call.cause);
	ck_assert_int_lt(fx_find(0, CTI_EVENT_CALL_FAILED, 0), 0);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.cpe), 1);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.net), 1);
	ck_assert_int_lt(fx_find(0, CTI_EVENT_SPAN_DOWN, 0), 0);
	fx_close();
}
END_TEST

/* ---- RESTART -------------------------------------------------------------
 */

/*
 * The user side restarts every channel when its link comes up, just as
 * the network resets the link (the network's first SABME lost, as above):
 * libpri discards the I-frames not yet acknowledged, without an event. All
 * 30 channels must end acknowledged, never more than a burst unanswered.
 */
START_TEST(test_restart_burst_survives_link_reset)
{
	struct cti_span_config c = cpe_e1;
	struct cti_span_status st;

	c.restart_on_up = true;
	fx_open_raw(&net_e1, &c);
	watch(F.cpe);
	ck_assert_int_eq(cti__span_loop_lose(span_of(F.net), 1), 0);
	fx_run_ms(30000);
	ck_assert_uint_eq(L.acked, E1_BCHANS);
	ck_assert_int_eq(L.out, 0);
	ck_assert_int_le(L.max_out, CTI__RESTART_BURST);
	ck_assert_int_ge(L.sent, 30);
	ck_assert_int_eq(cti_span_get_status(F.ctx, F.cpe, &st), 0);
	ck_assert_uint_eq(st.restarting, 0);
	ck_assert_int_eq(L.warnings, 0);
	/* the channels work */
	cti_call_id_t out, in;
	fx_connect(F.cpe, "100", &out, &in);
	fx_close();
}
END_TEST

/*
 * The side that restarts at SPAN_UP settles last (its first SABME lost, so
 * its link comes up one T200 after the far end's): the far end has placed
 * a call on B1 by then. That channel carries a call we know: it is not
 * restarted and the call goes on; every other channel is.
 */
START_TEST(test_restart_spares_calls_placed_meanwhile)
{
	struct cti_span_config n = net_e1;
	struct cti_span_status st;
	cti_call_id_t out = 0, in;
	int up, e;

	n.restart_on_up = true;
	fx_open_raw(&n, &cpe_e1);
	watch(F.net);
	ck_assert_int_eq(cti__span_loop_lose(span_of(F.net), 1), 0);
	for (up = -1; up < 0 && cti_now_ms(F.ctx) < 10000;) {
		fx_run_ms(10);
		up = fx_find(0, CTI_EVENT_SPAN_UP, 0);
	}
	ck_assert_int_ge(up, 0);
	ck_assert_uint_eq(F.ev[up].u.span.span_id, F.cpe);
	out = fx_dial(F.cpe, "100");
	fx_run_ms(200);
	in = fx_offered(0, F.net);
	ck_assert_uint_gt(in, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, in), 0);
	/* the network's SPAN_UP and its RESTARTs come after that */
	fx_run_ms(10000);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.net), 1);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_ESTABLISHED, out), 0);
	e = fx_find(0, CTI_EVENT_CALL_CLEARED, 0);
	ck_assert_msg(e < 0, "call %u cleared, cause %d",
		      e < 0 ? 0 : F.ev[e].u.call.call_id,
		      e < 0 ? 0 : F.ev[e].u.call.cause);
	struct cti_call_info info;
	ck_assert_int_eq(cti_call_get_info(F.ctx, out, &info), 0);
	ck_assert_uint_eq(info.state, CTI_CALL_ACTIVE);
	ck_assert_int_eq(info.bchan, 1);
	/* every other channel restarted and acknowledged */
	ck_assert_uint_eq(L.acked, E1_BCHANS & ~(1u << 1));
	ck_assert_int_eq(cti_span_get_status(F.ctx, F.net, &st), 0);
	ck_assert_uint_eq(st.restarting, 0);
	fx_close();
}
END_TEST

/*
 * RESTARTs lost for good after they were sent: the first burst is taken
 * off the wire and the peer resets the link (a SABME from the user side),
 * so Q.921 never retransmits them. T316 sends them again.
 */
START_TEST(test_restart_resent_after_t316)
{
	/* SABME, command from the user: SAPI 0 C/R 0, TEI 0, P = 1; then the
	 * two FCS placeholders (Q.921 clause 3.6, Table 5) */
	static const uint8_t sabme[] = { 0x00, 0x01, 0x7F, 0x00, 0x00 };
	struct cti__span *cpe;
	struct cti_span_status st;

	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	watch(F.net);
	ck_assert_int_eq(cti_span_restart(F.ctx, F.net), 0);
	ck_assert_int_eq(L.sent, CTI__RESTART_BURST);
	ck_assert_int_eq(cti_span_get_status(F.ctx, F.net, &st), 0);
	ck_assert_uint_eq(st.restarting, 30);
	ck_assert_int_eq(
		cti__span_loop_lose(span_of(F.net), CTI__RESTART_BURST), 0);
	cpe = span_of(F.cpe);
	ck_assert_int_eq(cpe->ops->d_write(cpe, sabme, sizeof(sabme)),
			 (int)sizeof(sabme));
	fx_run_ms(60000);
	ck_assert_uint_eq(L.acked, E1_BCHANS);
	ck_assert_int_ge(L.again, CTI__RESTART_BURST);
	ck_assert_int_eq(L.out, 0);
	ck_assert_int_le(L.max_out, CTI__RESTART_BURST);
	ck_assert_int_eq(cti_span_get_status(F.ctx, F.net, &st), 0);
	ck_assert_uint_eq(st.restarting, 0);
	fx_close();
}
END_TEST

/*
 * Both ends restart every channel when the link settles (as cti-call does
 * on DAHDI spans) and the user side dials the moment its SPAN_UP comes:
 * the RESTARTs must never hit that call (a RESTART clears the channel it
 * names at the far end, Q.931 5.5.2), and no RESTART may be sent for a
 * channel a call holds. Each side restarts in its own hunting order (the
 * network from the top, the user from the bottom), a channel whose RESTART
 * is unanswered takes no call, a channel a call takes needs no RESTART
 * any more, and a side still settling when the call is offered does not
 * restart its channel afterwards. Twice: both links up at once, and the
 * network's first SABME lost, so the network settles a T200 after the
 * user and is offered the call while still settling.
 */
static void restarts_spare_call(int lose_net_frames)
{
	struct cti_span_config n = net_e1, c = cpe_e1;
	struct cti_span_status st;
	cti_call_id_t out, in;
	int up, e;

	n.restart_on_up = c.restart_on_up = true;
	fx_open_raw(&n, &c);
	if (lose_net_frames)
		ck_assert_int_eq(
			cti__span_loop_lose(span_of(F.net), lose_net_frames), 0);
	for (up = -1; up < 0 && cti_now_ms(F.ctx) < 10000;) {
		fx_run_ms(1);
		up = fx_find(0, CTI_EVENT_SPAN_UP, F.cpe);
	}
	ck_assert_int_ge(up, 0);
	out = fx_dial(F.cpe, "100");
	for (in = 0; !in && cti_now_ms(F.ctx) < 12000;) {
		fx_run_ms(1);
		in = fx_offered(0, F.net);
	}
	ck_assert_uint_gt(in, 0);
	if (lose_net_frames) /* offered while the network still settles */
		ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.net), 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, in), 0);
	fx_run_ms(30000);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.net), 1);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_ESTABLISHED, out), 0);
	e = fx_find(0, CTI_EVENT_CALL_CLEARED, 0);
	ck_assert_msg(e < 0, "call %u cleared, cause %d",
		      e < 0 ? 0 : F.ev[e].u.call.call_id,
		      e < 0 ? 0 : F.ev[e].u.call.cause);
	ck_assert_int_lt(fx_find(0, CTI_EVENT_CALL_FAILED, 0), 0);
	ck_assert_int_eq(cti_span_get_status(F.ctx, F.net, &st), 0);
	ck_assert_uint_eq(st.restarting, 0);
	ck_assert_int_eq(cti_span_get_status(F.ctx, F.cpe, &st), 0);
	ck_assert_uint_eq(st.restarting, 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, out, 16), 0);
	fx_run_ms(1000);
	e = fx_find(0, CTI_EVENT_CALL_CLEARED, in);
	ck_assert_int_ge(e, 0);
	ck_assert_int_eq(F.ev[e].u.call.cause, 16);
	fx_close();
}

START_TEST(test_restarts_spare_a_call_placed_at_span_up)
{
	restarts_spare_call(0);
	restarts_spare_call(1);
}
END_TEST

/* A RESTART needs a data link. */
START_TEST(test_restart_needs_the_link)
{
	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	ck_assert_int_eq(cti_span_loop_set_link(F.ctx, F.net, false), 0);
	fx_run_ms(20000); /* T203 + N200 x T200: the link is declared lost */
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_DOWN, F.net), 1);
	ck_assert_int_eq(cti_span_restart(F.ctx, F.net), CTI_ENETDOWN);
	fx_close();
}
END_TEST

/* ---- numbers longer than our fields ---------------------------------------
 */

/* Give the Calling party number IE (Q.931 4.5.10) of the SETUP frame in
 * buf `digits` instead; returns the new length. */
static int patch_calling(uint8_t *buf, int len, const char *digits)
{
	uint8_t out[600];
	int q = 4, i, n = 0, d = (int)strlen(digits);

	ck_assert_int_eq(buf[q], 0x08); /* Q.931 */
	i = q + 2 + (buf[q + 1] & 0x0F);
	ck_assert_int_eq(buf[i], 0x05); /* SETUP */
	for (i++; i < len - 2 && buf[i] != 0x6C;)
		i += buf[i] & 0x80 ? 1 : 2 + buf[i + 1];
	ck_assert_int_lt(i, len - 2);
	memcpy(out, buf, (size_t)i);
	n = i;
	out[n++] = 0x6C;
	out[n++] = (uint8_t)(2 + d);
	out[n++] = buf[i + 2]; /* type of number, plan (octet 3) */
	out[n++] = buf[i + 3]; /* presentation, screening (octet 3a) */
	memcpy(out + n, digits, (size_t)d);
	n += d;
	i += 2 + buf[i + 1];
	memcpy(out + n, buf + i, (size_t)(len - i));
	n += len - i;
	memcpy(buf, out, (size_t)n);
	return n;
}

/* A far end sends a 49-digit calling number: libpri keeps 31 digits and
 * says nothing. The call is offered with those 31, flagged in every event
 * of the call and in cti_call_info, and a warning is logged. */
START_TEST(test_long_calling_number_flagged)
{
	static const char ani49[] =
		"1234567890123456789012345678901234567890123456789";
	struct cti_call_params p = { .span = 0 };
	struct cti__span *net;
	uint8_t frame[600];
	cti_call_id_t out, in;
	int i, n;

	ck_assert_uint_eq(strlen(ani49), 49);
	fx_open(CTI_SPAN_E1, CTI_SWITCH_EUROISDN, false);
	watch(F.cpe);
	p.span = F.net;
	strcpy(p.dnis.digits, "2001");
	memcpy(p.ani.digits, ani49, 31);
	p.ani.presentation = CTI_PRES_ALLOWED;
	ck_assert_int_eq(cti_call_make(F.ctx, &out, &p), 0);
	/* the SETUP on the wire gets the far end's long number */
	net = span_of(F.net);
	n = cti__span_loop_take(net, frame, sizeof(frame));
	ck_assert_int_gt(n, 0);
	n = patch_calling(frame, n, ani49);
	ck_assert_int_eq(net->ops->d_write(net, frame, n), n);
	fx_run_ms(200);
	in = fx_offered(0, F.cpe);
	ck_assert_uint_gt(in, 0);
	i = fx_find(0, CTI_EVENT_CALL_OFFERED, in);
	ck_assert_str_eq(F.ev[i].u.call.ani.digits,
			 "1234567890123456789012345678901");
	ck_assert_uint_eq(F.ev[i].u.call.flags, CTI_CALL_FLAG_ANI_TRUNCATED);
	ck_assert_str_eq(F.ev[i].u.call.dnis.digits, "2001");
	struct cti_call_info info;
	ck_assert_int_eq(cti_call_get_info(F.ctx, in, &info), 0);
	ck_assert_uint_eq(info.flags, CTI_CALL_FLAG_ANI_TRUNCATED);
	ck_assert_int_eq(L.warnings, 1);
	ck_assert_msg(strstr(L.warning, "calling number longer than 31"), "%s",
		      L.warning);
	ck_assert_int_eq(cti_call_answer(F.ctx, in), 0);
	fx_run_ms(200);
	i = fx_find(0, CTI_EVENT_CALL_ESTABLISHED, in);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.ev[i].u.call.flags, CTI_CALL_FLAG_ANI_TRUNCATED);
	/* our own call's events are not flagged */
	i = fx_find(0, CTI_EVENT_CALL_ESTABLISHED, out);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.ev[i].u.call.flags, 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, in, 16), 0);
	fx_run_ms(200);
	i = fx_find(0, CTI_EVENT_CALL_CLEARED, in);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.ev[i].u.call.flags, CTI_CALL_FLAG_ANI_TRUNCATED);
	/* a number that fits is not flagged */
	cti_call_id_t o2, i2;
	int mark = F.n;
	fx_connect(F.net, "2002", &o2, &i2);
	i = fx_find(mark, CTI_EVENT_CALL_OFFERED, i2);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.ev[i].u.call.flags, 0);
	ck_assert_int_eq(L.warnings, 1);
	fx_close();
}
END_TEST

/* ---- running the virtual clock -------------------------------------------
 */

/* With spans open the link's timers never stop (cti_ctx_run() would run
 * forever); cti_ctx_run_idle() returns once nothing but that upkeep is
 * left, cti_ctx_run_until() at an instant. */
START_TEST(test_run_idle_and_until_with_spans)
{
	struct cti_span_status st;
	cti_call_id_t out, in;
	uint64_t t;

	fx_open_raw(&net_e1, &cpe_e1);
	/* the links come up and settle */
	ck_assert_int_eq(cti_ctx_run_idle(F.ctx, 0), 0);
	t = cti_now_ms(F.ctx);
	ck_assert_uint_ge(t, CTI__SETTLE_MS);
	ck_assert_uint_lt(t, CTI__SETTLE_MS + 100);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.net), 1);
	ck_assert_int_eq(fx_count(CTI_EVENT_SPAN_UP, F.cpe), 1);
	/* idle already: the clock stays */
	ck_assert_int_eq(cti_ctx_run_idle(F.ctx, 0), 0);
	ck_assert_uint_eq(cti_now_ms(F.ctx), t);
	/* a call offered and never answered is work in progress */
	out = fx_dial(F.cpe, "100");
	ck_assert_int_eq(cti_ctx_run_idle(F.ctx, 1000), CTI_ETIMEDOUT);
	ck_assert_uint_eq(cti_now_ms(F.ctx), t + 1000);
	in = fx_offered(0, F.net);
	ck_assert_uint_gt(in, 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, out, 16), 0);
	ck_assert_int_eq(cti_ctx_run_idle(F.ctx, 0), 0);
	ck_assert_int_ge(fx_find(0, CTI_EVENT_CALL_CLEARED, in), 0);
	ck_assert_int_eq(cti_span_get_status(F.ctx, F.net, &st), 0);
	ck_assert_uint_eq(st.calls, 0);
	ck_assert_uint_lt(cti_now_ms(F.ctx), t + 1100);
	/* so is a RESTART of the span until every channel is acknowledged */
	ck_assert_int_eq(cti_span_restart(F.ctx, F.net), 0);
	ck_assert_int_eq(cti_ctx_run_idle(F.ctx, 0), 0);
	ck_assert_int_eq(cti_span_get_status(F.ctx, F.net, &st), 0);
	ck_assert_uint_eq(st.restarting, 0);
	/* an hour of an idle link: T203 polls, no events */
	int mark = F.n;
	t = cti_now_ms(F.ctx);
	ck_assert_int_eq(cti_ctx_run_until(F.ctx, t + 3600 * 1000), 0);
	ck_assert_uint_eq(cti_now_ms(F.ctx), t + 3600 * 1000);
	ck_assert_int_eq(F.n, mark);
	ck_assert_int_eq(cti_span_get_status(F.ctx, F.net, &st), 0);
	ck_assert(st.d_up);
	fx_close();
}
END_TEST

TCase *link_tcase(void);
TCase *link_tcase(void)
{
	TCase *tc = tcase_create("link");

	tcase_add_test(tc, test_span_up_after_settle_both_start_at_once);
	tcase_add_test(tc, test_restart_burst_survives_link_reset);
	tcase_add_test(tc, test_restart_spares_calls_placed_meanwhile);
	tcase_add_test(tc, test_restart_resent_after_t316);
	tcase_add_test(tc, test_restarts_spare_a_call_placed_at_span_up);
	tcase_add_test(tc, test_restart_needs_the_link);
	tcase_add_test(tc, test_long_calling_number_flagged);
	tcase_add_test(tc, test_run_idle_and_until_with_spans);
	tcase_set_timeout(tc, 60);
	return tc;
}
