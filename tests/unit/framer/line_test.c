// SPDX-License-Identifier: LGPL-2.1-or-later
/* The software line: ranges, bit errors at a rate (counts at the far end
 * consistent with it), clock offset -> controlled slips, PRBS. */
#include "fx.h"

static struct cf_counters cnt(const struct cf_port *p)
{
	struct cf_counters c;

	cf_counters_get(p, &c);
	return c;
}

START_TEST(ranges)
{
	struct cf_line l;

	cf_line_init(&l, 1);
	ck_assert_int_eq(cf_line_set_ber(&l, 1, -2), 0);
	ck_assert_int_eq(cf_line_set_ber(&l, 1, -9), 0);
	ck_assert_int_eq(cf_line_set_ber(&l, 25, -4), 0);
	ck_assert_int_eq(cf_line_set_ber(&l, 2, -2), -CF_LINE_ERANGE);
	ck_assert_int_eq(cf_line_set_ber(&l, 1, -10), -CF_LINE_ERANGE);
	ck_assert_int_eq(cf_line_set_ber(&l, 1, 0), -CF_LINE_ERANGE);
	ck_assert_int_eq(cf_line_set_ber(&l, 0, 5), 0);
	ck_assert_int_eq(cf_line_set_ppm(&l, 1000), 0);
	ck_assert_int_eq(cf_line_set_ppm(&l, -1001), -CF_LINE_ERANGE);
}
END_TEST

/* The errors drawn match the rate: flips counted on an all-ones wire. */
START_TEST(ber_count)
{
	static struct cf_wire w;
	struct cf_line l;
	unsigned int i, k, flips = 0;

	cf_line_init(&l, 77);
	ck_assert_int_eq(cf_line_set_ber(&l, 1, -3), 0);
	for (i = 0; i < 1000; i++) {	/* 2.048 Mbit */
		w.nbits = 2048;
		memset(w.mark, 0xff, 256);
		cf_line_apply(&l, &w);
		for (k = 0; k < 256; k++)
			flips += 8 - __builtin_popcount(w.mark[k]);
	}
	/* 2048 expected, sigma 45 */
	ck_assert_uint_ge(flips, 2048 - 200);
	ck_assert_uint_le(flips, 2048 + 200);
}
END_TEST

/* E1 with CRC-4 at BER 1e-3 and 1e-5 on a -> b: BPVs at the far end near
 * one per error, errored blocks near 1 - (1 - p)^2048 per SMF, and as many
 * E bits back at the near end. */
static void ber_e1(u32 exp_neg, unsigned int ms, unsigned int exp_bpv,
		   unsigned int exp_crc)
{
	struct fx *x = fx_new(&fx_e1_crc4, 31 + exp_neg);
	struct cf_counters b, a;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 10);
	cf_counters_reset(&x->a);
	cf_counters_reset(&x->b);
	ck_assert_int_eq(cf_line_set_ber(&x->ab, 1, -(int)exp_neg), 0);
	fx_run(x, ms);
	cf_line_set_ber(&x->ab, 0, 0);
	fx_run(x, 10);
	b = cnt(&x->b);
	a = cnt(&x->a);
	ck_assert(cf_rx_in_frame(&x->b));
	/* HDB3: most errors make one violation; some also upset the
	 * alternation of the Vs that follow (see framer.md) */
	ck_assert_uint_ge(b.bpv, exp_bpv * 4 / 5);
	ck_assert_uint_le(b.bpv, exp_bpv * 3 / 2);
	ck_assert_uint_ge(b.cv, b.bpv);
	ck_assert_uint_ge(b.crc4, exp_crc * 3 / 4);
	ck_assert_uint_le(b.crc4, exp_crc * 5 / 4);
	/* E bits: one per errored block, the reverse line is clean */
	ck_assert_uint_ge(a.ebit + 2, b.crc4);
	ck_assert_uint_le(a.ebit, b.crc4);
	ck_assert_uint_eq(a.crc4 + a.bpv, 0);
	fx_free(x);
}

START_TEST(ber_e1_1e3)
{
	/* 2 s: 4096 errors, P(SMF errored) = 0.871: 1742 blocks */
	ber_e1(3, 2000, 4096, 1742);
}
END_TEST

START_TEST(ber_e1_1e5)
{
	/* 10 s: 205 errors, P(SMF errored) = 0.0203: 203 blocks */
	ber_e1(5, 10000, 205, 203);
}
END_TEST

/* +-50 ppm: one frame of drift every 1 / (8000 * 50e-6) = 2.5 s, so a
 * controlled slip every 2500 ticks, and never a loss of alignment. */
static void slips(s32 ppm)
{
	struct fx *x = fx_new(&fx_e1_crc4, 41);
	unsigned int t, n = 0, last = 0, first = 0;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	ck_assert_int_eq(cf_line_set_ppm(&x->ab, ppm), 0);
	for (t = 1; t <= 20000; t++) {
		u32 before = x->b.cnt.timingslips;

		fx_tick(x);
		ck_assert(cf_rx_in_frame(&x->b));
		if (x->b.cnt.timingslips == before)
			continue;
		ck_assert_uint_eq(x->b.cnt.timingslips, before + 1);
		if (n++)
			ck_assert_uint_eq(t - last, 2500);
		else
			first = t;
		last = t;
	}
	/* the store starts two frames from either end: first slip ~7.5 s */
	ck_assert_uint_ge(first, 4000);
	ck_assert_uint_le(first, 8000);
	ck_assert_uint_ge(n, 5);
	ck_assert_uint_eq(cnt(&x->b).fas + cnt(&x->b).crc4, 0);
	ck_assert_uint_eq(cnt(&x->a).timingslips, 0);
	fx_free(x);
}

START_TEST(slips_fast)
{
	slips(50);
}
END_TEST

START_TEST(slips_slow)
{
	slips(-50);
}
END_TEST

/* O.151 2^15-1: monitor in sync with 0 errors; one inserted error is one
 * bit error; at BER 1e-4 the bit errors follow the line's rate. */
static void prbs(const struct cf_config *cfg)
{
	struct fx *x = fx_new(cfg, 51);
	struct cf_counters c;
	unsigned int bits = cfg->mode == CF_E1 ? (cfg->cas ? 30 : 31) * 8 * 8
					       : 24 * 8 * 8;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	cf_prbs(&x->a, true);
	cf_prbs(&x->b, true);
	fx_run(x, 100);
	c = cnt(&x->b);
	ck_assert_uint_eq(c.prbs, 15);
	ck_assert_uint_eq(c.be, 0);
	cf_tx_insert(&x->a, CF_DEFECT_PRBS);
	fx_run(x, 100);
	ck_assert_uint_eq(cnt(&x->b).be, 1);
	ck_assert_uint_eq(cnt(&x->b).prbs, 15);
	cf_line_set_ber(&x->ab, 1, -4);
	fx_run(x, 2000);
	c = cnt(&x->b);
	/* payload bits * 1e-4 errors; HDB3 decoding spreads a line error
	 * over up to four bits (1.5x measured), B8ZS less */
	ck_assert_uint_ge(c.be, bits * 2000 / 10000 * 7 / 10);
	ck_assert_uint_le(c.be, bits * 2000 / 10000 * 2);
	ck_assert_uint_eq(c.prbs, 15);
	cf_prbs(&x->b, false);
	ck_assert_uint_eq(cnt(&x->b).prbs, 0);
	fx_free(x);
}

START_TEST(prbs_e1)
{
	prbs(&fx_e1_crc4);
}
END_TEST

START_TEST(prbs_t1)
{
	prbs(&fx_t1_esf);
}
END_TEST

TCase *framer_line_tcase(void)
{
	TCase *tc = tcase_create("line");

	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, ranges);
	tcase_add_test(tc, ber_count);
	tcase_add_test(tc, ber_e1_1e3);
	tcase_add_test(tc, ber_e1_1e5);
	tcase_add_test(tc, slips_fast);
	tcase_add_test(tc, slips_slow);
	tcase_add_test(tc, prbs_e1);
	tcase_add_test(tc, prbs_t1);
	return tc;
}
