// SPDX-License-Identifier: LGPL-2.1-or-later
/* Alarms emerging from the line (G.775, T1.231): LOS -> RED after 2.5 s,
 * cleared after 10 s with RECOVER; AIS -> BLUE; RAI -> YELLOW (0.5 s). */
#include "fx.h"

static unsigned int first_tick(struct fx *x, struct cf_port *p, u32 bit,
			       bool set, unsigned int max)
{
	unsigned int t;

	for (t = 1; t <= max; t++) {
		fx_tick(x);
		if (!!(cf_alarms(p) & bit) == set)
			return t;
	}
	return ~0u;
}

static void los_red(const struct cf_config *cfg)
{
	struct fx *x = fx_new(cfg, 21);
	struct cf_counters c;
	unsigned int t;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 100);
	cf_line_set_unplugged(&x->ab, true);
	/* T1.231: failure declared after 2.5 s of defect, not before */
	t = first_tick(x, &x->b, CF_ALARM_RED, true, 3000);
	ck_assert_uint_ge(t, 2500);
	ck_assert_uint_le(t, 2502);
	ck_assert_uint_eq(cf_alarms(&x->b) & (CF_ALARM_LOS | CF_ALARM_LFA),
			  CF_ALARM_LOS | CF_ALARM_LFA);
	ck_assert_uint_eq(cf_alarms(&x->b) & CF_ALARM_RECOVER, 0);
	cf_line_set_unplugged(&x->ab, false);
	fx_run(x, 20);
	ck_assert_uint_eq(cf_alarms(&x->b) & (CF_ALARM_LOS | CF_ALARM_LFA), 0);
	/* recovering: RECOVER replaces RED (as DAHDI's hardware drivers
	 * show it) until 10 s pass without the defect */
	ck_assert_uint_eq(cf_alarms(&x->b) & (CF_ALARM_RED | CF_ALARM_RECOVER),
			  CF_ALARM_RECOVER);
	t = first_tick(x, &x->b, CF_ALARM_RECOVER, false, 11000);
	ck_assert_uint_ge(t + 20, 9990);
	ck_assert_uint_le(t + 20, 10010);
	ck_assert_uint_eq(cf_alarms(&x->b), 0);
	cf_counters_get(&x->b, &c);
	ck_assert_uint_ge(c.errsec, 2);
	ck_assert_uint_le(c.errsec, 4);
	fx_free(x);
}

START_TEST(los_red_e1)
{
	los_red(&fx_e1_crc4);
}
END_TEST

START_TEST(los_red_t1)
{
	los_red(&fx_t1_esf);
}
END_TEST

static void ais_blue(const struct cf_config *cfg)
{
	struct fx *x = fx_new(cfg, 22);
	unsigned int t;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	cf_line_set_ais(&x->ab, true);
	t = first_tick(x, &x->b, CF_ALARM_BLUE, true, 3000);
	ck_assert_uint_ge(t, 2499);
	ck_assert_uint_le(t, 2502);
	/* AIS is BLUE only: the LOF it causes is not RED (G.775) */
	ck_assert_uint_eq(cf_alarms(&x->b) &
			  (CF_ALARM_RED | CF_ALARM_LOS | CF_ALARM_LFA), 0);
	/* the far end of an AIS receiver gets RAI */
	ck_assert(cf_alarms(&x->a) & CF_ALARM_YELLOW);
	cf_line_set_ais(&x->ab, false);
	fx_run(x, 20);
	ck_assert(cf_rx_in_frame(&x->b));
	ck_assert(cf_alarms(&x->b) & CF_ALARM_RECOVER);
	fx_free(x);
}

START_TEST(ais_blue_e1)
{
	ais_blue(&fx_e1);
}
END_TEST

START_TEST(ais_blue_t1)
{
	ais_blue(&fx_t1_d4);
}
END_TEST

/* RAI (E1 A bit, D4 bit 2, ESF FDL) -> far-end YELLOW after 0.5 s. */
static void rai_yellow(const struct cf_config *cfg)
{
	struct fx *x = fx_new(cfg, 23);
	unsigned int t;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 50);
	cf_line_set_unplugged(&x->ab, true);
	t = first_tick(x, &x->a, CF_ALARM_YELLOW, true, 1000);
	ck_assert_uint_ge(t, 495);
	ck_assert_uint_le(t, 530);	/* ESF: 4 BOC words, 16 ms */
	ck_assert_uint_eq(cf_alarms(&x->a) & ~CF_ALARM_YELLOW, 0);
	cf_line_set_unplugged(&x->ab, false);
	/* b never got to RED: RAI stops as b realigns */
	t = first_tick(x, &x->a, CF_ALARM_YELLOW, false, 1000);
	ck_assert_uint_le(t, 520);
	fx_free(x);
}

START_TEST(rai_yellow_e1)
{
	rai_yellow(&fx_e1_crc4);
}
END_TEST

START_TEST(rai_yellow_d4)
{
	rai_yellow(&fx_t1_d4);
}
END_TEST

START_TEST(rai_yellow_esf)
{
	rai_yellow(&fx_t1_esf);
}
END_TEST

/*
 * docs/framer.md: a tick without cf_rx_symbols() counts as no signal.
 * The receiver must lose alignment and go RED with LOS, never stay in
 * frame repeating the last frame and counting controlled slips (found by
 * an outside cross-check: 798 slips in 100 ms).
 */
static void no_symbols_is_los(const struct cf_config *cfg)
{
	struct fx *x = fx_new(cfg, 23);
	struct cf_counters before, after;
	unsigned int t, red = ~0u, ts;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 100);
	ck_assert(cf_rx_in_frame(&x->b));
	cf_counters_get(&x->b, &before);
	for (t = 1; t <= 100; t++)
		cf_rx_tick(&x->b, x->rxb);
	ck_assert(!cf_rx_in_frame(&x->b));
	cf_counters_get(&x->b, &after);
	ck_assert_uint_eq(after.timingslips, before.timingslips);
	/* out of frame: all ones, not the last frame again */
	for (ts = 0; ts < (cfg->mode == CF_E1 ? 32u : 24u); ts++)
		ck_assert_uint_eq(x->rxb[7][ts], 0xff);
	for (; t <= 3000 && red == ~0u; t++) {
		cf_rx_tick(&x->b, x->rxb);
		if (cf_alarms(&x->b) & CF_ALARM_RED)
			red = t;
	}
	ck_assert_uint_ge(red, 2500);
	ck_assert_uint_le(red, 2502);
	ck_assert(cf_alarms(&x->b) & CF_ALARM_LOS);
	fx_free(x);
}

START_TEST(no_symbols_los_e1)
{
	no_symbols_is_los(&fx_e1_crc4);
}
END_TEST

START_TEST(no_symbols_los_t1)
{
	no_symbols_is_los(&fx_t1_esf);
}
END_TEST

TCase *framer_alarm_tcase(void)
{
	TCase *tc = tcase_create("alarm");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, los_red_e1);
	tcase_add_test(tc, los_red_t1);
	tcase_add_test(tc, no_symbols_los_e1);
	tcase_add_test(tc, no_symbols_los_t1);
	tcase_add_test(tc, ais_blue_e1);
	tcase_add_test(tc, ais_blue_t1);
	tcase_add_test(tc, rai_yellow_e1);
	tcase_add_test(tc, rai_yellow_d4);
	tcase_add_test(tc, rai_yellow_esf);
	return tc;
}
