// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * r2: what lib/r2 adds to openr2: variant names, the Q.850 mapping of
 * R2's group B signals (Q.441 Table 6; China No.1's B-2 busy, B-4
 * congestion, B-5 unallocated), categories, the China ANI shim's tone
 * translation over whole No.1 register sequences, and bad configuration
 * refused before any channel is opened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openr2.h>

#include "span/r2_state.h"

#include "cti/cti.h"
#include "r2/r2.h"
#include "unit.h"

START_TEST(variants)
{
	ck_assert_int_eq(cti__r2_variant_parse(NULL), OR2_VAR_CHINA);
	ck_assert_int_eq(cti__r2_variant_parse(""), OR2_VAR_CHINA);
	ck_assert_int_eq(cti__r2_variant_parse("cn"), OR2_VAR_CHINA);
	ck_assert_int_eq(cti__r2_variant_parse("China"), OR2_VAR_CHINA);
	ck_assert_int_eq(cti__r2_variant_parse("ITU"), OR2_VAR_ITU);
	ck_assert_int_eq(cti__r2_variant_parse("mx"), OR2_VAR_MEXICO);
	ck_assert_int_eq(cti__r2_variant_parse("ve"), OR2_VAR_VENEZUELA);
	ck_assert_int_eq(cti__r2_variant_parse("uk"), -1);
	ck_assert_int_eq(cti__r2_variant_parse("cn "), -1);
	ck_assert_str_eq(cti__r2_variant_name(OR2_VAR_CHINA), "CN");
	ck_assert_str_eq(cti__r2_variant_name(OR2_VAR_ITU), "ITU");
	ck_assert_str_eq(cti__r2_variant_name(12345), "?");
}
END_TEST

START_TEST(causes_from_r2)
{
	ck_assert_int_eq(cti__r2_disc_to_q850(CTI__R2_DISC_BUSY), 17);
	ck_assert_int_eq(cti__r2_disc_to_q850(CTI__R2_DISC_CONGESTION), 34);
	ck_assert_int_eq(cti__r2_disc_to_q850(CTI__R2_DISC_UNALLOCATED), 1);
	ck_assert_int_eq(cti__r2_disc_to_q850(CTI__R2_DISC_OUT_OF_ORDER), 27);
	ck_assert_int_eq(cti__r2_disc_to_q850(CTI__R2_DISC_UNSPECIFIED), 31);
	ck_assert_int_eq(cti__r2_disc_to_q850(CTI__R2_DISC_NO_ANSWER), 19);
	ck_assert_int_eq(cti__r2_disc_to_q850(CTI__R2_DISC_NORMAL), 16);
	ck_assert_int_eq(cti__r2_disc_to_q850(CTI__R2_DISC_COLLECT_REJECTED),
			 21);
	ck_assert_int_eq(cti__r2_disc_to_q850(CTI__R2_DISC_FORCED_RELEASE), 16);
	ck_assert_int_eq(cti__r2_disc_to_q850(CTI__R2_DISC_NUMBER_CHANGED), 22);
	ck_assert_int_eq(cti__r2_disc_to_q850(-1), 31);
	ck_assert_int_eq(cti__r2_disc_to_q850(CTI__R2_DISC_COUNT), 31);
}
END_TEST

START_TEST(causes_to_r2)
{
	static const struct {
		int q850, disc;
	} v[] = {
		{ 0, CTI__R2_DISC_NORMAL },
		{ 16, CTI__R2_DISC_NORMAL },
		{ 17, CTI__R2_DISC_BUSY },
		{ 1, CTI__R2_DISC_UNALLOCATED },
		{ 2, CTI__R2_DISC_UNALLOCATED },
		{ 3, CTI__R2_DISC_UNALLOCATED },
		{ 28, CTI__R2_DISC_UNALLOCATED },
		{ 22, CTI__R2_DISC_NUMBER_CHANGED },
		{ 27, CTI__R2_DISC_OUT_OF_ORDER },
		{ 38, CTI__R2_DISC_OUT_OF_ORDER },
		{ 34, CTI__R2_DISC_CONGESTION },
		{ 41, CTI__R2_DISC_CONGESTION },
		{ 42, CTI__R2_DISC_CONGESTION },
		{ 44, CTI__R2_DISC_CONGESTION },
		{ 47, CTI__R2_DISC_CONGESTION },
		{ 19, CTI__R2_DISC_NO_ANSWER },
		{ 21, CTI__R2_DISC_UNSPECIFIED },
		{ 31, CTI__R2_DISC_UNSPECIFIED },
		{ 127, CTI__R2_DISC_UNSPECIFIED },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ck_assert_msg(cti__r2_q850_to_disc(v[i].q850) == v[i].disc,
			      "cause %d -> %d, expected %d", v[i].q850,
			      cti__r2_q850_to_disc(v[i].q850), v[i].disc);
	/* the round trip of what R2 can say keeps the cause */
	static const int kept[] = { 1, 16, 17, 19, 22, 27, 34 };
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		ck_assert_int_eq(
			cti__r2_disc_to_q850(cti__r2_q850_to_disc(kept[i])),
			kept[i]);
}
END_TEST

START_TEST(protocol_errors)
{
	ck_assert_int_eq(cti__r2_proto_error_to_q850(OR2_BACK_MF_TIMEOUT), 102);
	ck_assert_int_eq(cti__r2_proto_error_to_q850(OR2_SEIZE_TIMEOUT), 102);
	ck_assert_int_eq(cti__r2_proto_error_to_q850(OR2_FWD_SAFETY_TIMEOUT),
			 102);
	ck_assert_int_eq(cti__r2_proto_error_to_q850(OR2_ANSWER_TIMEOUT), 102);
	ck_assert_int_eq(cti__r2_proto_error_to_q850(OR2_INVALID_CAS_BITS),
			 111);
	ck_assert_int_eq(cti__r2_proto_error_to_q850(OR2_INVALID_MF_TONE), 111);
	ck_assert_int_eq(cti__r2_proto_error_to_q850(OR2_BROKEN_MF_SEQUENCE),
			 111);
}
END_TEST

START_TEST(categories)
{
	static const char *const names[] = {
		"national",	 "national-priority",
		"international", "international-priority",
		"collect",	 "unknown",
		"test",
	};
	for (int i = 0; i < CTI__R2_CAT_COUNT; i++) {
		ck_assert_str_eq(cti__r2_category_name(i), names[i]);
		ck_assert_int_eq(cti__r2_category_parse(names[i]), i);
	}
	ck_assert_int_eq(cti__r2_category_parse("NATIONAL"),
			 CTI__R2_CAT_NATIONAL);
	ck_assert_int_eq(cti__r2_category_parse("operator"), -1);
	ck_assert_int_eq(cti__r2_category_parse(NULL), -1);
	ck_assert_str_eq(cti__r2_category_name(-1), "unknown");
	ck_assert_str_eq(cti__r2_category_name(CTI__R2_CAT_COUNT), "unknown");
	ck_assert_int_eq(CTI__R2_CAT_NATIONAL,
			 OR2_CALLING_PARTY_CATEGORY_NATIONAL_SUBSCRIBER);
	ck_assert_int_eq(CTI__R2_CAT_TEST_EQUIPMENT,
			 OR2_CALLING_PARTY_CATEGORY_TEST_EQUIPMENT);
}
END_TEST

/* Feed the backward tones of a register sequence (each tone, then its
 * silence) to a forward shim; returns what openr2 saw, one char per tone. */
static void fwd_rx(struct cti__r2_shim *s, const char *back,
		   const char *tx_after, char *seen)
{
	size_t i;

	for (i = 0; back[i]; i++) {
		seen[i] = (char)cti__r2_shim_rx(s, back[i]);
		ck_assert_int_eq(cti__r2_shim_rx(s, 0), 0);
		/* our answer to that backward signal */
		if (tx_after[i] != '.')
			ck_assert_int_eq(cti__r2_shim_tx(s, tx_after[i]),
					 tx_after[i]);
	}
	seen[i] = 0;
}

START_TEST(shim_forward_ani_after_first_digit)
{
	/* No.1, ANI asked after the first digit: DNIS 4321, ANI 8613901,
	 * KA 1. We seize and send 4; backward: A-6 (KA and ANI), A-1 x7
	 * (ANI digits), A-1 (answered with I-15), A-1 x3 (the rest of the
	 * DNIS), A-3 (category again, then group B) */
	struct cti__r2_shim s;
	char seen[64];

	cti__r2_shim_reset(&s, true, true);
	/* forward tones we send after each backward signal */
	fwd_rx(&s, "6111111111113", "18613901F3211", seen);
	ck_assert_str_eq(seen, "6EEEEEEEE1113");
	ck_assert(!s.ani_phase);
}
END_TEST

START_TEST(shim_forward_ani_after_dnis)
{
	struct cti__r2_shim s;
	char seen[64];

	cti__r2_shim_reset(&s, true, true);
	/* DNIS 4321 asked digit by digit, then A-6, ANI 8613901 + I-15, A-3 */
	fwd_rx(&s, "1116111111113", "32118613901F1", seen);
	ck_assert_str_eq(seen, "1116EEEEEEEE3");
}
END_TEST

START_TEST(shim_forward_restricted_ani)
{
	struct cti__r2_shim s;

	cti__r2_shim_reset(&s, true, true);
	ck_assert_int_eq(cti__r2_shim_rx(&s, '6'), '6');
	ck_assert_int_eq(cti__r2_shim_tx(&s, '1'), '1'); /* KA */
	ck_assert_int_eq(cti__r2_shim_rx(&s, '1'), 'E');
	ck_assert_int_eq(cti__r2_shim_tx(&s, 'C'), 'C'); /* I-12 restricted */
	ck_assert_int_eq(cti__r2_shim_rx(&s, '1'), '1'); /* DNIS again */
}
END_TEST

START_TEST(shim_backward_and_off)
{
	struct cti__r2_shim s;

	/* backward: openr2 asks for ANI with the virtual tone, the line
	 * carries A-1; what it receives is never changed */
	cti__r2_shim_reset(&s, true, false);
	ck_assert_int_eq(cti__r2_shim_tx(&s, 'E'), '1');
	ck_assert_int_eq(cti__r2_shim_tx(&s, '6'), '6');
	ck_assert_int_eq(cti__r2_shim_tx(&s, 0), 0);
	ck_assert_int_eq(cti__r2_shim_rx(&s, '1'), '1');
	ck_assert_int_eq(cti__r2_shim_rx(&s, 'F'), 'F');
	/* a real A-14 on a forward China call is no No.1 signal */
	cti__r2_shim_reset(&s, true, true);
	ck_assert_int_eq(cti__r2_shim_rx(&s, 'E'), -1);
	/* other variants: untouched both ways */
	cti__r2_shim_reset(&s, false, true);
	ck_assert_int_eq(cti__r2_shim_rx(&s, '6'), '6');
	ck_assert_int_eq(cti__r2_shim_rx(&s, '1'), '1');
	ck_assert_int_eq(cti__r2_shim_tx(&s, 'E'), 'E');
	cti__r2_shim_reset(&s, false, false);
	ck_assert_int_eq(cti__r2_shim_tx(&s, 'E'), 'E');
}
END_TEST

static void ignore_ev(void *user, const struct cti__r2_ev *ev)
{
	(void)user;
	(void)ev;
}

START_TEST(bad_config)
{
	cti_ctx_t *ctx;
	struct cti__r2 *r = (struct cti__r2 *)1;
	struct cti__r2_cfg cfg = { .chans = { 1 }, .nchans = 1 };
	char why[256];

	ck_assert_int_eq(cti_ctx_new(&ctx, NULL), 0);
	cfg.variant = "uk";
	ck_assert_int_eq(
		cti__r2_new(ctx, &cfg, ignore_ev, NULL, &r, why, sizeof(why)),
		CTI_EINVAL);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(
		why,
		"variant: unknown R2 variant 'uk' (cn (china), itu, ar, br, co, cz, ec, id, mx, ph, ve)");
	cfg.variant = "cn";
	cfg.nchans = 0;
	ck_assert_int_eq(
		cti__r2_new(ctx, &cfg, ignore_ev, NULL, &r, why, sizeof(why)),
		CTI_EINVAL);
	ck_assert_str_eq(why, "channels: 0, expected 1..31");
	cfg.nchans = 2;
	cfg.chans[1] = 1;
	ck_assert_int_eq(
		cti__r2_new(ctx, &cfg, ignore_ev, NULL, &r, why, sizeof(why)),
		CTI_EINVAL);
	ck_assert_str_eq(why, "channels: channel 1 twice");
	cfg.nchans = 1;
	cfg.max_dnis = 40;
	ck_assert_int_eq(
		cti__r2_new(ctx, &cfg, ignore_ev, NULL, &r, why, sizeof(why)),
		CTI_EINVAL);
	ck_assert_str_eq(why,
			 "max_ani 20 / max_dnis 40: expected 0..31 / 1..31");
	/* no DAHDI on this machine: openr2 cannot open the channel */
	cfg.max_dnis = 4;
	ck_assert_int_eq(
		cti__r2_new(ctx, &cfg, ignore_ev, NULL, &r, why, sizeof(why)),
		CTI_EIO);
	ck_assert_ptr_null(r);
	ck_assert_msg(strstr(why, "channel 1: openr2 cannot open it") == why,
		      "why: %s", why);
	ck_assert_int_eq(cti__r2_new(ctx, NULL, ignore_ev, NULL, &r, NULL, 0),
			 CTI_EINVAL);
	cti_ctx_free(ctx);
}
END_TEST

START_TEST(published_state)
{
	char dir[] = "/tmp/cti-r2-XXXXXX";
	struct cti__r2_state st = { .rx = 1, .tx = 15, .since = 1700000000 };
	struct cti_span_r2 pub;
	char path[64];
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("CTI_RUNDIR", dir, 1);
	ck_assert_int_eq(cti_span_r2_get(5, &pub), CTI_ENOENT);
	st.pid = getpid();
	strcpy(st.line, "answered");
	strcpy(st.dir, "out");
	strcpy(st.variant, "CN");
	ck_assert_int_eq(cti__r2_state_write(5, &st), 0);
	ck_assert_int_eq(cti_span_r2_get(5, &pub), 0);
	ck_assert_int_eq(pub.channo, 5);
	ck_assert_int_eq(pub.pid, getpid());
	ck_assert_str_eq(pub.line, "answered");
	ck_assert_str_eq(pub.direction, "out");
	ck_assert_int_eq(pub.rx_signal, 1);
	ck_assert_int_eq(pub.tx_signal, 15);
	ck_assert_str_eq(pub.variant, "CN");
	ck_assert_int_eq(pub.since_epoch_ms, 1700000000000LL);
	/* no call: no direction */
	strcpy(st.dir, "-");
	ck_assert_int_eq(cti__r2_state_write(5, &st), 0);
	ck_assert_int_eq(cti_span_r2_get(5, &pub), 0);
	ck_assert_str_eq(pub.direction, "");
	/* a holder that died publishes nothing; a garbled file neither */
	snprintf(path, sizeof(path), "%s/chan-6.r2", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f,
		"pid=999999999 line=idle dir=- rx=0 tx=0 variant=CN since=1\n");
	fclose(f);
	ck_assert_int_eq(cti_span_r2_get(6, &pub), CTI_ENOENT);
	f = fopen(path, "w");
	fprintf(f, "line=idle\n");
	fclose(f);
	ck_assert_int_eq(cti_span_r2_get(6, &pub), CTI_ENOENT);
	unlink(path);
	ck_assert_int_eq(cti_span_r2_get(0, &pub), CTI_EINVAL);
	ck_assert_int_eq(cti_span_r2_get(5, NULL), CTI_EINVAL);
	cti__r2_state_remove(5);
	ck_assert_int_eq(cti_span_r2_get(5, &pub), CTI_ENOENT);
	ck_assert_int_eq(rmdir(dir), 0);
	unsetenv("CTI_RUNDIR");
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("r2");
	TCase *t = tcase_create("map");

	tcase_add_test(t, variants);
	tcase_add_test(t, causes_from_r2);
	tcase_add_test(t, causes_to_r2);
	tcase_add_test(t, protocol_errors);
	tcase_add_test(t, categories);
	suite_add_tcase(s, t);
	t = tcase_create("shim");
	tcase_add_test(t, shim_forward_ani_after_first_digit);
	tcase_add_test(t, shim_forward_ani_after_dnis);
	tcase_add_test(t, shim_forward_restricted_ani);
	tcase_add_test(t, shim_backward_and_off);
	suite_add_tcase(s, t);
	t = tcase_create("config");
	tcase_add_test(t, bad_config);
	tcase_add_test(t, published_state);
	suite_add_tcase(s, t);
	return s;
}
