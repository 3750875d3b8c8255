// SPDX-License-Identifier: LGPL-2.1-or-later
/* pri: the libpri binding over a loop span pair, under virtual time. */
#include <string.h>

#include <libpri.h> /* reference values for the Q.931 octet tests */

#include "capture_test.h"
#include "pri/clock.h"
#include "pri/pri.h"
#include "unit.h"

struct side {
	struct cti__pri *pri;
	struct cti__span *span;
	int n;
	struct cti__pri_ev ev[64];
};

static void on_ev(void *user, const struct cti__pri_ev *ev)
{
	struct side *s = user;

	if (s->n < 64)
		s->ev[s->n++] = *ev;
}

static void on_d_ready(void *user)
{
	struct side *s = user;

	cti__pri_d_ready(s->pri);
}

static const struct cti__span_up hooks = { .d_ready = on_d_ready };

static int find(const struct side *s, int type)
{
	for (int i = 0; i < s->n; i++)
		if (s->ev[i].type == type)
			return i;
	return -1;
}

struct fix {
	cti_ctx_t *ctx;
	struct side net, cpe;
};

static void setup(struct fix *f, int kind, int sw)
{
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti__pri_cfg pn = { CTI_SIDE_NET, sw, false };
	struct cti__pri_cfg pc = { CTI_SIDE_CPE, sw, false };

	memset(f, 0, sizeof(*f));
	ck_assert_int_eq(cti_ctx_new(&f->ctx, &cfg), 0);
	ck_assert_int_eq(cti__span_loop_pair(f->ctx, kind, CTI__LAW_ALAW, NULL,
					     &f->net.span, &f->cpe.span),
			 0);
	cti__span_set_up(f->net.span, &hooks, &f->net);
	cti__span_set_up(f->cpe.span, &hooks, &f->cpe);
	ck_assert_int_eq(
		cti__pri_new(f->net.span, &pn, on_ev, &f->net, &f->net.pri), 0);
	ck_assert_int_eq(
		cti__pri_new(f->cpe.span, &pc, on_ev, &f->cpe, &f->cpe.pri), 0);
}

static void teardown(struct fix *f)
{
	cti__pri_free(f->net.pri);
	cti__pri_free(f->cpe.pri);
	cti__span_free(f->net.span);
	cti__span_free(f->cpe.span);
	cti_ctx_free(f->ctx);
}

START_TEST(test_octets)
{
	struct cti_number n = { .ton = CTI_TON_INTERNATIONAL,
				.plan = CTI_NPI_E164 };

	/* Q.931 4.5.10: international number, ISDN/telephony plan (E.164) */
	ck_assert_int_eq(cti__pri_plan_octet(&n), 0x11);
	ck_assert_int_eq(cti__pri_plan_octet(&n), PRI_INTERNATIONAL_ISDN);
	n.ton = CTI_TON_SUBSCRIBER;
	ck_assert_int_eq(cti__pri_plan_octet(&n), PRI_LOCAL_ISDN);
	/* octet 3a: presentation restricted, user-provided verified&passed */
	n.presentation = CTI_PRES_RESTRICTED;
	n.screening = CTI_SCREEN_USER_PASSED;
	ck_assert_int_eq(cti__pri_pres_octet(&n),
			 PRES_PROHIB_USER_NUMBER_PASSED_SCREEN);
	n.presentation = CTI_PRES_ALLOWED;
	n.screening = CTI_SCREEN_NETWORK;
	ck_assert_int_eq(cti__pri_pres_octet(&n), PRES_ALLOWED_NETWORK_NUMBER);

	struct cti_number back;

	cti__pri_number_from(&back, "4930123456", PRI_NATIONAL_ISDN,
			     PRES_PROHIB_USER_NUMBER_NOT_SCREENED);
	ck_assert_str_eq(back.digits, "4930123456");
	ck_assert_uint_eq(back.ton, CTI_TON_NATIONAL);
	ck_assert_uint_eq(back.plan, CTI_NPI_E164);
	ck_assert_uint_eq(back.presentation, CTI_PRES_RESTRICTED);
	ck_assert_uint_eq(back.screening, CTI_SCREEN_USER_NOT_SCREENED);
}
END_TEST

START_TEST(test_virtual_gettimeofday)
{
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL };
	cti_ctx_t *ctx, *saved;
	struct timeval tv;

	ck_assert_int_eq(cti_ctx_new(&ctx, &cfg), 0);
	cti_clock_advance(ctx, 2500);
	saved = cti__pri_clock_enter(ctx);
	ck_assert_int_eq(cti__pri_gettimeofday(&tv, NULL), 0);
	ck_assert_uint_eq(cti__pri_tv_to_ctx(ctx, &tv), 2500000);
	/* libc's own is never replaced, not even inside libpri's calls */
	gettimeofday(&tv, NULL);
	ck_assert_int_gt(tv.tv_sec, 1577836800);
	cti__pri_clock_leave(saved);
	/* outside libpri calls: wall-clock time (after 2020) */
	cti__pri_gettimeofday(&tv, NULL);
	ck_assert_int_gt(tv.tv_sec, 1577836800);
	cti_ctx_free(ctx);
}
END_TEST

static void bring_up(struct fix *f)
{
	cti_clock_advance(f->ctx, 100);
	ck_assert_int_ge(find(&f->net, CTI__PRI_UP), 0);
	ck_assert_int_ge(find(&f->cpe, CTI__PRI_UP), 0);
	ck_assert(cti__pri_is_up(f->net.pri));
}

START_TEST(test_call_cpe_to_net)
{
	struct fix f;
	struct cti_number ani = { "5551234", CTI_TON_NATIONAL, CTI_NPI_E164,
				  CTI_PRES_RESTRICTED, CTI_SCREEN_USER_PASSED };
	struct cti_number dnis = { "100", CTI_TON_SUBSCRIBER, CTI_NPI_E164, 0,
				   0 };
	struct cti_number redir = { "777", CTI_TON_UNKNOWN, CTI_NPI_E164, 0,
				    0 };
	void *c;
	int i;

	setup(&f, CTI__SPAN_E1, CTI_SWITCH_EUROISDN);
	bring_up(&f);
	c = cti__pri_new_call(f.cpe.pri);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(cti__pri_setup(f.cpe.pri, c, 5, true, &ani, &dnis,
					&redir, 1, true),
			 0);
	cti_clock_advance(f.ctx, 10);
	i = find(&f.net, CTI__PRI_RING);
	ck_assert_int_ge(i, 0);
	const struct cti__pri_ev *r = &f.net.ev[i];
	ck_assert_int_eq(r->chan, 5);
	ck_assert(r->exclusive);
	ck_assert(r->complete);
	ck_assert_str_eq(r->ani.digits, "5551234");
	ck_assert_uint_eq(r->ani.ton, CTI_TON_NATIONAL);
	ck_assert_uint_eq(r->ani.presentation, CTI_PRES_RESTRICTED);
	ck_assert_uint_eq(r->ani.screening, CTI_SCREEN_USER_PASSED);
	ck_assert_str_eq(r->dnis.digits, "100");
	ck_assert_uint_eq(r->dnis.ton, CTI_TON_SUBSCRIBER);
	ck_assert_str_eq(r->redirecting.digits, "777");

	void *in = r->pcall;
	ck_assert_int_eq(cti__pri_proceeding(f.net.pri, in, 5), 0);
	ck_assert_int_eq(cti__pri_alerting(f.net.pri, in, 5), 0);
	ck_assert_int_eq(cti__pri_answer(f.net.pri, in, 5), 0);
	cti_clock_advance(f.ctx, 10);
	ck_assert_int_ge(find(&f.cpe, CTI__PRI_PROCEEDING), 0);
	ck_assert_int_ge(find(&f.cpe, CTI__PRI_ALERTING), 0);
	ck_assert_int_ge(find(&f.cpe, CTI__PRI_ANSWER), 0);

	/* CPE clears with cause 16 (Q.850 normal clearing) */
	ck_assert_int_eq(cti__pri_hangup(f.cpe.pri, c, 16), 0);
	cti_clock_advance(f.ctx, 10);
	i = find(&f.net, CTI__PRI_HANGUP_REQ);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(f.net.ev[i].cause, 16);
	ck_assert_int_eq(cti__pri_hangup(f.net.pri, in, 16), 0);
	cti_clock_advance(f.ctx, 10);
	ck_assert_int_ge(find(&f.cpe, CTI__PRI_HANGUP), 0);
	ck_assert_int_ge(find(&f.net, CTI__PRI_HANGUP), 0);
	teardown(&f);
}
END_TEST

START_TEST(test_bad_digits_and_config)
{
	struct fix f;
	struct cti_number dnis = { "12a", 0, 0, 0, 0 };
	struct cti__pri_cfg bad = { 9, CTI_SWITCH_NI2, false };
	struct cti__pri *p;

	setup(&f, CTI__SPAN_T1, CTI_SWITCH_NI2);
	bring_up(&f);
	void *c = cti__pri_new_call(f.cpe.pri);
	ck_assert_int_eq(cti__pri_setup(f.cpe.pri, c, 1, false, NULL, &dnis,
					NULL, 0, true),
			 CTI_EFORMAT);
	dnis.digits[0] = '\0';
	ck_assert_int_eq(cti__pri_setup(f.cpe.pri, c, 1, false, NULL, &dnis,
					NULL, 0, true),
			 CTI_EFORMAT);
	cti__pri_destroy_call(f.cpe.pri, c);
	ck_assert_int_eq(cti__pri_new(f.net.span, &bad, on_ev, NULL, &p),
			 CTI_EINVAL);
	bad.side = CTI_SIDE_NET;
	bad.switchtype = 99;
	ck_assert_int_eq(cti__pri_new(f.net.span, &bad, on_ev, NULL, &p),
			 CTI_EINVAL);
	/* NI-2 has no call deflection in libpri */
	ck_assert_int_eq(cti__pri_deflect(f.cpe.pri, NULL, &dnis), CTI_ENOTSUP);
	ck_assert_int_eq(cti__pri_transfer(f.cpe.pri, NULL, NULL), CTI_ENOTSUP);
	teardown(&f);
}
END_TEST

START_TEST(test_link_loss_detected)
{
	struct fix f;

	setup(&f, CTI__SPAN_E1, CTI_SWITCH_EUROISDN);
	bring_up(&f);
	cti__span_loop_set_link(f.net.span, false);
	/* Q.921 5.6: T203 (10 s) then N200 (3) x T200 (1 s) retries */
	cti_clock_advance(f.ctx, 9000);
	ck_assert_int_lt(find(&f.net, CTI__PRI_DOWN), 0);
	cti_clock_advance(f.ctx, 6000);
	ck_assert_int_ge(find(&f.net, CTI__PRI_DOWN), 0);
	ck_assert(!cti__pri_is_up(f.net.pri));
	ck_assert_int_eq(cti__pri_restart_chan(f.net.pri, 1), CTI_ENETDOWN);
	cti__span_loop_set_link(f.net.span, true);
	f.net.n = 0;
	cti_clock_advance(f.ctx, 30000);
	ck_assert_int_ge(find(&f.net, CTI__PRI_UP), 0);
	teardown(&f);
}
END_TEST

/* Build a SETUP I-frame (Q.921 3.2, Q.931 4.1-4.5) with a calling party
 * number of `ani` digits and a called number of `dnis` digits; `mt` is
 * the message type. Returns its length, 2 FCS placeholders included. */
static int setup_frame(uint8_t *f, int mt, int ani, int dnis, bool shift)
{
	int n = 0;

	f[n++] = 0x02; /* SAPI 0, C/R 1: a command from the network */
	f[n++] = 0x01; /* TEI 0 */
	f[n++] = 0x00; /* I frame, N(S) 0 */
	f[n++] = 0x00; /* N(R) 0 */
	f[n++] = 0x08; /* Q.931 */
	f[n++] = 0x02; /* call reference: 2 octets */
	f[n++] = 0x00;
	f[n++] = 0x05; /* call reference 5, from the originating side */
	f[n++] = (uint8_t)mt;
	f[n++] = 0x04; /* bearer capability: speech, 64 kbit/s, A-law */
	f[n++] = 0x03;
	f[n++] = 0x80;
	f[n++] = 0x90;
	f[n++] = 0xA3;
	if (shift)
		f[n++] = 0x96; /* locking shift to codeset 6 */
	f[n++] = 0x6C;	       /* calling party number */
	f[n++] = (uint8_t)(2 + ani);
	f[n++] = 0x21; /* international, E.164, octet 3a follows */
	f[n++] = 0x80; /* presentation allowed, not screened */
	for (int i = 0; i < ani; i++)
		f[n++] = (uint8_t)('0' + i % 10);
	f[n++] = 0x70; /* called party number */
	f[n++] = (uint8_t)(1 + dnis);
	f[n++] = 0x80; /* unknown, unknown (octet 3, no 3a) */
	for (int i = 0; i < dnis; i++)
		f[n++] = (uint8_t)('1' + i % 9);
	f[n++] = 0x00; /* FCS placeholders */
	f[n++] = 0x00;
	return n;
}

START_TEST(test_scan_long_numbers)
{
	uint8_t f[300];
	int n, cref = -1;

	/* 31 digits each: what fits */
	n = setup_frame(f, 0x05, 31, 31, false);
	ck_assert_uint_eq(cti__pri_scan_setup(f, n, &cref), 0);
	ck_assert_int_eq(cref, 5);
	/* 49 calling digits, 4 called */
	n = setup_frame(f, 0x05, 49, 4, false);
	ck_assert_uint_eq(cti__pri_scan_setup(f, n, &cref),
			  CTI_CALL_FLAG_ANI_TRUNCATED);
	/* 32 called digits: one too many */
	n = setup_frame(f, 0x05, 3, 32, false);
	ck_assert_uint_eq(cti__pri_scan_setup(f, n, &cref),
			  CTI_CALL_FLAG_DNIS_TRUNCATED);
	n = setup_frame(f, 0x05, 40, 40, false);
	ck_assert_uint_eq(cti__pri_scan_setup(f, n, &cref),
			  CTI_CALL_FLAG_ANI_TRUNCATED |
				  CTI_CALL_FLAG_DNIS_TRUNCATED);
	/* after a shift the IEs are another codeset's: not read */
	n = setup_frame(f, 0x05, 40, 40, true);
	ck_assert_uint_eq(cti__pri_scan_setup(f, n, &cref), 0);
	/* not a SETUP (CONNECT, 0x07) */
	n = setup_frame(f, 0x07, 40, 40, false);
	ck_assert_uint_eq(cti__pri_scan_setup(f, n, &cref), 0);
	/* cut short anywhere: never read past the end */
	n = setup_frame(f, 0x05, 49, 4, false);
	for (int len = 0; len < n; len++)
		ck_assert_uint_le(cti__pri_scan_setup(f, len, &cref),
				  CTI_CALL_FLAG_ANI_TRUNCATED);
	/* a one-octet call reference with its flag bit */
	f[5] = 0x01;
	f[6] = 0x85;
	memmove(f + 7, f + 8, (size_t)(n - 8));
	ck_assert_uint_eq(cti__pri_scan_setup(f, n - 1, &cref),
			  CTI_CALL_FLAG_ANI_TRUNCATED);
	ck_assert_int_eq(cref, 0x8005);
	/* a supervisory frame (RR) */
	f[2] = 0x01;
	ck_assert_uint_eq(cti__pri_scan_setup(f, n, &cref), 0);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("pri");
	TCase *tc = tcase_create("pri");

	tcase_add_test(tc, test_octets);
	tcase_add_test(tc, test_virtual_gettimeofday);
	tcase_add_test(tc, test_call_cpe_to_net);
	tcase_add_test(tc, test_bad_digits_and_config);
	tcase_add_test(tc, test_link_loss_detected);
	tcase_add_test(tc, test_scan_long_numbers);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, capture_tcase());
	return s;
}
