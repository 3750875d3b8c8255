// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * call: G.711 and DTMF (checked against spandsp as an independent
 * reference), Q.850 texts, names; the API's argument checks without a
 * span. End-to-end behaviour is in tests/integration/call_loop.
 */
#include <stdint.h>
#include <string.h>

#include <spandsp.h>

#include "call/call.h"
#include "unit.h"

START_TEST(test_alaw_matches_reference)
{
	/* G.711 Table 1a: +0 is 0xD5 decoded to +8 (half the first step) */
	ck_assert_int_eq(cti__alaw_dec(0xD5), 8);
	ck_assert_int_eq(cti__alaw_dec(0x55), -8);
	ck_assert_uint_eq(cti__alaw_enc(0), 0xD5);
	/* the largest code: segment 7, step 15 -> 4032 * 8 */
	ck_assert_int_eq(cti__alaw_dec(0xAA), 32256);
	for (int x = -32768; x <= 32767; x++)
		ck_assert_uint_eq(cti__alaw_enc((int16_t)x), linear_to_alaw(x));
	for (int c = 0; c < 256; c++)
		ck_assert_int_eq(cti__alaw_dec((uint8_t)c),
				 alaw_to_linear((uint8_t)c));
}
END_TEST

START_TEST(test_ulaw_round_trip)
{
	/* G.711 Table 2a: 0xFF and 0x7F are +0 and -0; 0x80 the maximum */
	ck_assert_int_eq(cti__ulaw_dec(0xFF), 0);
	ck_assert_int_eq(cti__ulaw_dec(0x7F), 0);
	ck_assert_int_eq(cti__ulaw_dec(0x80), 32124);
	ck_assert_int_eq(cti__ulaw_dec(0x00), -32124);
	for (int c = 0; c < 256; c++) {
		ck_assert_int_eq(cti__ulaw_dec((uint8_t)c),
				 ulaw_to_linear((uint8_t)c));
		/* every decision value encodes back to its own code (the
		 * two zeros excepted: both are +0 on the way back) */
		if (c != 0x7F)
			ck_assert_uint_eq(
				cti__ulaw_enc(cti__ulaw_dec((uint8_t)c)),
				(uint8_t)c);
	}
	for (int x = 0; x <= 32767; x++)
		ck_assert_uint_eq(cti__ulaw_enc((int16_t)x), linear_to_ulaw(x));
}
END_TEST

START_TEST(test_dtmf_detected_by_reference)
{
	static const char sent[] = "0123456789*#ABCD";
	dtmf_rx_state_t *rx = dtmf_rx_init(NULL, NULL, NULL);
	char got[32] = { 0 };
	int16_t buf[1280];

	ck_assert_ptr_nonnull(rx);
	ck_assert(!cti__dtmf_valid('E'));
	ck_assert(!cti__dtmf_valid('\0'));
	for (const char *d = sent; *d; d++) {
		bool done = false;
		uint32_t n = 0;

		ck_assert(cti__dtmf_valid(*d));
		while (!done) {
			buf[n] = cti__dtmf_sample(*d, n, &done);
			n++;
		}
		ck_assert_uint_eq(n, 1280); /* 80 ms tone + 80 ms pause */
		/* G.711 on the way, as on a real B-channel */
		for (uint32_t i = 0; i < n; i++)
			buf[i] = cti__alaw_dec(cti__alaw_enc(buf[i]));
		dtmf_rx(rx, buf, (int)n);
	}
	dtmf_rx_get(rx, got, sizeof(got) - 1);
	ck_assert_str_eq(got, sent);
	dtmf_rx_free(rx);
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
	cti_span_id_t a, b;
	cti_call_id_t id;
	uint32_t conf = 0;
	struct cti_span_status st;

	ck_assert_int_eq(cti_ctx_new(&ctx, NULL), 0);
	strcpy(p.dnis.digits, "1");
	ck_assert_int_eq(cti_call_make(ctx, &p, &id), CTI_ENOENT);
	ck_assert_int_eq(cti_call_answer(ctx, 1), CTI_ENOENT);
	ck_assert_int_eq(cti_call_conference(ctx, &id, 0, &conf), CTI_EINVAL);
	ck_assert_int_eq(cti_span_open_loop(ctx, &bad, &ok, NULL, &a, &b),
			 CTI_EINVAL);
	/* E1 against T1 cannot be wired together */
	ck_assert_int_eq(cti_span_open_loop(ctx, &ok, &t1, NULL, &a, &b),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_span_get_status(ctx, 1, &st), CTI_ENOENT);
	ck_assert_int_eq(cti_span_close(ctx, 1), CTI_ENOENT);
	/* no DAHDI here: an error, not a crash */
	ck_assert_int_lt(cti_span_open_dahdi(ctx, &ok, 1, &a), 0);
	ck_assert_int_eq(cti_span_open_dahdi(ctx, &bad, 1, &a), CTI_EINVAL);
	cti_ctx_free(ctx);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("call");
	TCase *tc = tcase_create("call");

	tcase_add_test(tc, test_alaw_matches_reference);
	tcase_add_test(tc, test_ulaw_round_trip);
	tcase_add_test(tc, test_dtmf_detected_by_reference);
	tcase_add_test(tc, test_cause_texts);
	tcase_add_test(tc, test_api_without_spans);
	suite_add_tcase(s, tc);
	return s;
}
