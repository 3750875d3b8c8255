// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Span configuration: PRI and R2 options checked per signalling
 * (cti_span_config_check), and what DAHDI's channel configuration says a
 * span is (cti__span_layout_signalling), from DAHDI_GET_PARAMS sigtype
 * values as dahdi_cfg sets them (<dahdi/user.h>: cas = DAHDI_SIG_CAS,
 * dchan = DAHDI_SIG_HDLCFCS, hardhdlc = DAHDI_SIG_HARDHDLC, bchan =
 * DAHDI_SIG_CLEAR).
 */
#include <check.h>
#include <stddef.h>
#include <string.h>

#include <dahdi/user.h>

#include "call/call.h"
#include "cti/span.h"
#include "span/span.h"
#include "unit.h"

static struct cti_span_config r2_cfg(void)
{
	struct cti_span_config c;

	memset(&c, 0, sizeof(c));
	c.type = CTI_SPAN_E1;
	c.signalling = CTI_SIGNALLING_R2;
	return c;
}

/* check `c` fails and why begins with `field` */
static void refused(const struct cti_span_config *c, const char *field)
{
	char why[200];

	ck_assert_int_eq(cti_span_config_check(c, why, sizeof(why)),
			 CTI_EINVAL);
	ck_assert_msg(!strncmp(why, field, strlen(field)) &&
			      why[strlen(field)] == ':',
		      "why '%s' does not name %s", why, field);
}

START_TEST(test_r2_defaults_ok)
{
	struct cti_span_config c = r2_cfg(), out;

	ck_assert_int_eq(cti_span_config_check(&c, NULL, 0), 0);
	ck_assert_int_eq(cti__span_cfg_resolve(&c, &out, NULL, 0), 0);
	ck_assert_uint_eq(out.law, CTI_LAW_ALAW);
	ck_assert_uint_eq(out.r2_variant, CTI_R2_CHINA);
	c.r2_variant = CTI_R2_ITU;
	c.r2_category = CTI_R2_CAT_TEST;
	c.r2_max_dnis = 8;
	c.r2_flags = CTI_R2_ANI_FIRST | CTI_R2_NO_CHARGE;
	ck_assert_int_eq(cti_span_config_check(&c, NULL, 0), 0);
}
END_TEST

START_TEST(test_pri_options_on_r2_refused)
{
	struct cti_span_config c = r2_cfg();

	c.switchtype = CTI_SWITCH_EUROISDN;
	refused(&c, "switchtype");
	c = r2_cfg();
	c.overlap = true;
	refused(&c, "overlap");
	c = r2_cfg();
	c.restart_on_up = true;
	refused(&c, "restart_on_up");
	c = r2_cfg();
	c.digit_timeout_ms = 3000;
	refused(&c, "digit_timeout_ms");
	c = r2_cfg();
	c.side = CTI_SIDE_NET;
	refused(&c, "side");
	c = r2_cfg();
	c.type = CTI_SPAN_T1;
	refused(&c, "type");
	c = r2_cfg();
	c.law = CTI_LAW_ULAW;
	refused(&c, "law");
}
END_TEST

START_TEST(test_r2_bad_values)
{
	struct cti_span_config c = r2_cfg();

	c.r2_variant = CTI_R2_VARIANT_COUNT;
	refused(&c, "r2_variant");
	c = r2_cfg();
	c.r2_category = CTI_R2_CAT_COUNT;
	refused(&c, "r2_category");
	c = r2_cfg();
	c.r2_max_dnis = 32;
	refused(&c, "r2_max_dnis");
	c = r2_cfg();
	c.r2_flags = 0x80;
	refused(&c, "r2_flags");
	c = r2_cfg();
	c.signalling = 7;
	refused(&c, "signalling");
	c = r2_cfg();
	c.reserved[4] = 1;
	refused(&c, "reserved");
	refused(NULL, "config");
}
END_TEST

START_TEST(test_r2_options_on_pri_refused)
{
	struct cti_span_config c;

	memset(&c, 0, sizeof(c));
	c.type = CTI_SPAN_E1;
	c.side = CTI_SIDE_CPE;
	ck_assert_int_eq(cti_span_config_check(&c, NULL, 0), 0);
	c.r2_variant = CTI_R2_ITU;
	refused(&c, "r2_variant");
	c.r2_variant = 0;
	c.r2_max_dnis = 4;
	refused(&c, "r2_max_dnis");
	c.r2_max_dnis = 0;
	c.side = 0;
	refused(&c, "side");
}
END_TEST

START_TEST(test_variant_and_category_names)
{
	/* openr2's variant codes (openr2_proto_get_variant_string), lower */
	static const char *const v[] = { "cn", "itu", "ar", "br", "co", "cz",
					 "ec", "id", "mx", "ph", "ve" };

	ck_assert_int_eq((int)(sizeof(v) / sizeof(v[0])), CTI_R2_VARIANT_COUNT);
	for (int i = 0; i < CTI_R2_VARIANT_COUNT; i++) {
		ck_assert_str_eq(cti_r2_variant_name(i), v[i]);
		ck_assert_int_eq(cti_r2_variant_parse(v[i]), i);
	}
	ck_assert_int_eq(cti_r2_variant_parse("China"), CTI_R2_CHINA);
	ck_assert_int_eq(cti_r2_variant_parse("CN"), CTI_R2_CHINA);
	ck_assert_int_eq(cti_r2_variant_parse("xx"), CTI_EINVAL);
	ck_assert_int_eq(cti_r2_variant_parse(NULL), CTI_EINVAL);
	ck_assert_str_eq(cti_r2_variant_name(99), "?");
	ck_assert_int_eq(cti_r2_category_parse("national"),
			 CTI_R2_CAT_NATIONAL);
	ck_assert_int_eq(cti_r2_category_parse("collect"), CTI_R2_CAT_COLLECT);
	ck_assert_int_eq(cti_r2_category_parse("default"), CTI_EINVAL);
	ck_assert_str_eq(cti_r2_category_name(CTI_R2_CAT_TEST), "test");
	ck_assert_str_eq(cti_r2_category_name(0), "default");
}
END_TEST

/* An E1 span as dahdi_cfg leaves it: positions 1-31, 16 the D channel */
static void e1_layout(struct cti__dahdi_layout *l, int voice_sig, int ts16)
{
	memset(l, 0, sizeof(*l));
	l->spanno = 1;
	l->basechan = 32; /* the second span of a card: channels 32-62 */
	l->total = 31;
	for (int pos = 1; pos <= 31; pos++)
		l->sig[pos] = (uint8_t)cti__chan_sig_of(voice_sig);
	l->sig[16] = (uint8_t)cti__chan_sig_of(ts16);
}

START_TEST(test_layout_signalling)
{
	struct cti__dahdi_layout l;
	char why[300];

	ck_assert_int_eq(cti__chan_sig_of(DAHDI_SIG_CAS), CTI__CHAN_CAS);
	ck_assert_int_eq(cti__chan_sig_of(DAHDI_SIG_HDLCFCS), CTI__CHAN_HDLC);
	ck_assert_int_eq(cti__chan_sig_of(DAHDI_SIG_HARDHDLC), CTI__CHAN_HDLC);
	ck_assert_int_eq(cti__chan_sig_of(DAHDI_SIG_CLEAR), CTI__CHAN_CLEAR);
	ck_assert_int_eq(cti__chan_sig_of(DAHDI_SIG_NONE), CTI__CHAN_NONE);
	ck_assert_int_eq(cti__chan_sig_of(DAHDI_SIG_FXSLS), CTI__CHAN_OTHER);

	/* span=..,cas / cas=1-15:1101 / cas=17-31:1101: R2 */
	e1_layout(&l, DAHDI_SIG_CAS, DAHDI_SIG_NONE);
	ck_assert_int_eq(cti__span_layout_signalling(&l, why, sizeof(why)),
			 CTI_SIGNALLING_R2);
	/* span=..,ccs / bchan=1-15,17-31 / hardhdlc=16: PRI */
	e1_layout(&l, DAHDI_SIG_CLEAR, DAHDI_SIG_HARDHDLC);
	ck_assert_int_eq(cti__span_layout_signalling(&l, why, sizeof(why)),
			 CTI_SIGNALLING_PRI);
	/* a D channel and a cas channel: which channel is named */
	l.sig[5] = CTI__CHAN_CAS;
	ck_assert_int_eq(cti__span_layout_signalling(&l, why, sizeof(why)),
			 CTI_EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "channel 36 (position 5) is cas"));
	/* cas and clear voice channels mixed */
	e1_layout(&l, DAHDI_SIG_CAS, DAHDI_SIG_NONE);
	l.sig[20] = CTI__CHAN_CLEAR;
	ck_assert_int_eq(cti__span_layout_signalling(&l, why, sizeof(why)),
			 CTI_EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "channel 51, position 20"));
	/* nothing configured */
	e1_layout(&l, DAHDI_SIG_NONE, DAHDI_SIG_NONE);
	ck_assert_int_eq(cti__span_layout_signalling(&l, why, sizeof(why)),
			 CTI_EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "no D channel"));
	ck_assert_int_eq(strncmp(why, "signalling:", 11), 0);
	/* a T1 with robbed-bit cas: no R2 there */
	memset(&l, 0, sizeof(l));
	l.total = 24;
	l.basechan = 1;
	for (int pos = 1; pos <= 23; pos++)
		l.sig[pos] = CTI__CHAN_CAS;
	ck_assert_int_eq(cti__span_layout_signalling(&l, why, sizeof(why)),
			 CTI_EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "E1 only"));
}
END_TEST

START_TEST(test_struct_sizes_kept)
{
	/* the R2 fields took reserved words: the ABI size is unchanged */
	ck_assert_uint_eq(sizeof(struct cti_span_config), 52);
	ck_assert_uint_eq(offsetof(struct cti_span_config, reserved), 32);
}
END_TEST

TCase *spancfg_tcase(void);
TCase *spancfg_tcase(void)
{
	TCase *tc = tcase_create("spancfg");

	tcase_add_test(tc, test_r2_defaults_ok);
	tcase_add_test(tc, test_pri_options_on_r2_refused);
	tcase_add_test(tc, test_r2_bad_values);
	tcase_add_test(tc, test_r2_options_on_pri_refused);
	tcase_add_test(tc, test_variant_and_category_names);
	tcase_add_test(tc, test_layout_signalling);
	tcase_add_test(tc, test_struct_sizes_kept);
	return tc;
}
