// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * call: the span-law G.711 helpers, Q.850 texts, names; the API's argument
 * checks without a span. G.711 and DTMF themselves are lib/dsp's (tested
 * there); end-to-end behaviour is in tests/integration/call_loop.
 */
#include <stdint.h>
#include <string.h>

#include "call/call.h"
#include "unit.h"

START_TEST(test_g711_of_span_law)
{
	/* G.711 Tables 1a/2a: the idle codes of each law are +0 */
	ck_assert_int_eq(cti__g711_dec(CTI__LAW_ALAW, 0xD5), 8);
	ck_assert_int_eq(cti__g711_dec(CTI__LAW_ULAW, 0xFF), 0);
	ck_assert_uint_eq(cti__g711_enc(CTI__LAW_ALAW, 0), 0xD5);
	ck_assert_uint_eq(cti__g711_enc(CTI__LAW_ULAW, 0), 0xFF);
	ck_assert_uint_eq(cti__g711_enc(CTI__LAW_ALAW, 0),
			  cti__law_idle(CTI__LAW_ALAW));
	ck_assert_uint_eq(cti__g711_enc(CTI__LAW_ULAW, 0),
			  cti__law_idle(CTI__LAW_ULAW));
}
END_TEST

START_TEST(test_cause_texts)
{
	/* Q.850 Table 1 */
	ck_assert_str_eq(cti_cause_text(16), "Normal call clearing");
	ck_assert_str_eq(cti_cause_text(34), "No circuit/channel available");
	ck_assert_str_eq(cti_cause_text(44),
			 "Requested circuit/channel not available");
	ck_assert_str_eq(cti_cause_text(102), "Recovery on timer expiry");
	ck_assert_str_eq(cti_cause_text(0), "Unknown cause");
	ck_assert_str_eq(cti_cause_text(-5), "Unknown cause");
	ck_assert_str_eq(cti_call_state_name(CTI_CALL_HELD), "HELD");
	ck_assert_str_eq(cti_call_state_name(99), "?");
}
END_TEST

START_TEST(test_api_without_spans)
{
	cti_ctx_t *ctx;
	struct cti_call_params p = { .span = 1 };
	struct cti_span_config bad = { .type = 3, .side = CTI_SIDE_NET };
	struct cti_span_config ok = { .type = CTI_SPAN_E1,
				      .side = CTI_SIDE_NET };
	struct cti_span_config t1 = { .type = CTI_SPAN_T1,
				      .side = CTI_SIDE_CPE };
	struct cti_span_config cpe = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_CPE };
	cti_span_id_t a, b;
	cti_call_id_t id;
	uint32_t conf = 0;
	struct cti_span_status st;

	ck_assert_int_eq(cti_ctx_new(&ctx, NULL), 0);
	strcpy(p.dnis.digits, "1");
	ck_assert_int_eq(cti_call_make(ctx, &id, &p), CTI_ENOENT);
	ck_assert_int_eq(cti_call_answer(ctx, 1), CTI_ENOENT);
	ck_assert_int_eq(cti_call_conference(ctx, &id, 0, &conf), CTI_EINVAL);
	ck_assert_int_eq(cti_span_open_loop(ctx, &a, &b, &bad, &ok, NULL),
			 CTI_EINVAL);
	/* E1 against T1 cannot be wired together */
	ck_assert_int_eq(cti_span_open_loop(ctx, &a, &b, &ok, &t1, NULL),
			 CTI_EINVAL);
	/* both ends the network side (or both the user side): refused, the
	 * ids zeroed, no span opened */
	a = b = 7;
	ck_assert_int_eq(cti_span_open_loop(ctx, &a, &b, &ok, &ok, NULL),
			 CTI_EINVAL);
	ck_assert_uint_eq(a, 0);
	ck_assert_uint_eq(b, 0);
	ck_assert_int_eq(cti_span_open_loop(ctx, &a, &b, &cpe, &cpe, NULL),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_span_get_status(ctx, 1, &st), CTI_ENOENT);
	ck_assert_int_eq(cti_span_open_loop(ctx, NULL, &b, &ok, &cpe, NULL),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_span_get_status(ctx, 1, &st), CTI_ENOENT);
	ck_assert_int_eq(cti_span_close(ctx, 1), CTI_ENOENT);
	/* no DAHDI here: an error, not a crash */
	ck_assert_int_lt(cti_span_open_dahdi(ctx, &a, 1, &ok), 0);
	ck_assert_int_eq(cti_span_open_dahdi(ctx, &a, 1, &bad), CTI_EINVAL);
	cti_ctx_free(ctx);
}
END_TEST

TCase *fsm_tcase(void);
TCase *spancfg_tcase(void);

Suite *unit_suite(void)
{
	Suite *s = suite_create("call");
	TCase *tc = tcase_create("call");

	tcase_add_test(tc, test_g711_of_span_law);
	tcase_add_test(tc, test_cause_texts);
	tcase_add_test(tc, test_api_without_spans);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, fsm_tcase());
	suite_add_tcase(s, spancfg_tcase());
	return s;
}
