// SPDX-License-Identifier: LGPL-2.1-or-later
/* T1 framer back to back: D4 and ESF alignment, CRC-6, robbed bits, loop
 * codes, defects. */
#include "fx.h"
#include "framer/tables.h"

static struct cf_counters cnt(const struct cf_port *p)
{
	struct cf_counters c;

	cf_counters_get(p, &c);
	return c;
}

static void t1_payload(const struct cf_config *cfg, unsigned int max_align)
{
	struct fx *x = fx_new(cfg, 11);
	struct cf_counters c;
	unsigned int t = fx_align(x, 100);

	ck_assert_uint_le(t, max_align);
	x->check = true;
	fx_run(x, 500);
	c = cnt(&x->b);
	ck_assert_uint_eq(c.fe, 0);
	ck_assert_uint_eq(c.crc4, 0);
	ck_assert_uint_eq(c.cv, 0);
	ck_assert_uint_eq(x->bad_b, 0);
	ck_assert_uint_ge(x->good_b, 8 * 490);
	ck_assert_uint_eq(c.fe + c.crc4 + c.bpv + c.cv + c.timingslips, 0);
	ck_assert_uint_eq(cf_alarms(&x->b), 0);
	fx_free(x);
}

/* D4: 24 F bits (2 superframes, 3 ms); ESF: 16 FPS bits (64 frames) */
START_TEST(d4_payload)
{
	t1_payload(&fx_t1_d4, 5);
}
END_TEST

START_TEST(esf_payload)
{
	t1_payload(&fx_t1_esf, 11);
}
END_TEST

/* G.704 2.1.3.1.3: C1..C6 in ESF N are the CRC-6 of ESF N-1 with every
 * F bit taken as 1. AMI coding: the mark plane is the bit stream. */
START_TEST(esf_tx_crc6)
{
	struct cf_config c = fx_t1_esf;
	static struct cf_port p;
	static struct cf_wire w;
	static u8 st[4 * 579 + 8], blk[580];
	u8 fr[8][CF_MAX_TS];
	unsigned int i, k, e, pos = 0;

	c.code = CF_CODE_AMI;
	cf_port_init(&p, &c);
	for (i = 0; i < 8; i++)
		for (k = 0; k < CF_MAX_TS; k++)
			fr[i][k] = (u8)(i * 29 + k * 11 + 3);
	for (i = 0; i < 12; i++) {	/* 4 ESF = 96 frames, 8 per call */
		w.nbits = 0;
		cf_tx_frames(&p, (const u8(*)[CF_MAX_TS])fr, 8, &w);
		ck_assert_uint_eq(w.nbits, 1544);
		memcpy(st + pos / 8, w.mark, 193);
		pos += 1544;
	}
	for (e = 1; e < 3; e++) {
		u8 cb = 0;
		unsigned int base = 8 + e * 4632, prev = base - 4632;

		for (k = 0; k < 6; k++) {	/* frames 2, 6, ..., 22 */
			unsigned int b = base + (4 * k + 1) * 193;

			cb = (u8)((cb << 1) |
				  ((st[b / 8] >> (7 - b % 8)) & 1));
		}
		memset(blk, 0, sizeof(blk));
		for (k = 0; k < 4632; k++) {
			unsigned int b = prev + k;
			unsigned int v = 1;	/* F bits as 1 */

			if (k % 193)
				v = (st[b / 8] >> (7 - b % 8)) & 1;

			blk[k / 8] |= (u8)(v << (7 - k % 8));
		}
		ck_assert_uint_eq(cb, cf_crc_bits(blk, 4632, 0x3, 6));
	}
}
END_TEST

/* Robbed bits: bit 8 of frames 6/12 (D4: A, B) and 18/24 (ESF: C, D). */
START_TEST(robbed_bits)
{
	struct cf_config c = fx_t1_d4;
	struct fx *x;

	c.cas = true;
	x = fx_new(&c, 12);
	cf_tx_set_cas(&x->a, 1, 0xa);	/* A=1 B=0 */
	cf_tx_set_cas(&x->a, 24, 0x4);	/* A=0 B=1 */
	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 10);
	ck_assert_uint_eq(cf_rx_cas(&x->b, 1), 0xa);	/* D4: ABAB */
	ck_assert_uint_eq(cf_rx_cas(&x->b, 24), 0x5);
	ck_assert_uint_eq(cf_rx_cas(&x->b, 2), 0x0);
	fx_free(x);

	c.esf = true;
	x = fx_new(&c, 13);
	cf_tx_set_cas(&x->a, 3, 0x6);
	cf_tx_set_cas(&x->a, 24, 0x9);
	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 20);
	ck_assert_uint_eq(cf_rx_cas(&x->b, 3), 0x6);
	ck_assert_uint_eq(cf_rx_cas(&x->b, 24), 0x9);
	fx_free(x);
}
END_TEST

/*
 * In-band codes (D4) act after 4 s present (senders keep them 5 s, AT&T
 * TR 54016); ESF bit-oriented codes after 10 repetitions of 16 FDL bits
 * (T1.403 9.4.2): 40 ms at 4 kbit/s.
 */
static void loopcode(const struct cf_config *cfg)
{
	struct fx *x = fx_new(cfg, 14);
	unsigned int before = cfg->esf ? 30 : 3950, after = cfg->esf ? 60 : 100;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	cf_tx_loopcode(&x->a, CF_LOOPCODE_UP);
	fx_run(x, before);
	ck_assert_uint_eq(cf_rx_loopcode(&x->b), CF_LOOPCODE_NONE);
	fx_run(x, after);
	ck_assert_uint_eq(cf_rx_loopcode(&x->b), CF_LOOPCODE_UP);
	ck_assert_uint_eq(cf_rx_loopcode(&x->a), CF_LOOPCODE_NONE);
	/* a port sending a code does not act on one received (it would be
	 * its own, looped back by the far end): both send UP here */
	cf_tx_loopcode(&x->b, CF_LOOPCODE_UP);
	fx_run(x, 5100);
	ck_assert_uint_eq(cf_rx_loopcode(&x->a), CF_LOOPCODE_NONE);
	ck_assert_uint_eq(cf_rx_loopcode(&x->b), CF_LOOPCODE_NONE);
	/* a stops: the code still arriving (b's, or a's own echoed back by
	 * a far-end loop) must not act on a within a tick */
	cf_tx_loopcode(&x->a, CF_LOOPCODE_NONE);
	fx_run(x, 1);
	ck_assert_uint_eq(cf_rx_loopcode(&x->a), CF_LOOPCODE_NONE);
	cf_tx_loopcode(&x->b, CF_LOOPCODE_NONE);
	cf_tx_loopcode(&x->a, CF_LOOPCODE_DOWN);
	fx_run(x, 20);
	ck_assert_uint_eq(cf_rx_loopcode(&x->b), CF_LOOPCODE_NONE);
	fx_run(x, before + after);
	ck_assert_uint_eq(cf_rx_loopcode(&x->b), CF_LOOPCODE_DOWN);
	cf_tx_loopcode(&x->a, CF_LOOPCODE_NONE);
	fx_run(x, 80);
	ck_assert_uint_eq(cf_rx_loopcode(&x->b), CF_LOOPCODE_NONE);
	ck_assert(cf_rx_in_frame(&x->b));
	ck_assert_uint_eq(cf_alarms(&x->b) & ~CF_ALARM_YELLOW, 0);
	fx_free(x);
}

START_TEST(loopcode_inband)
{
	loopcode(&fx_t1_d4);
}
END_TEST

START_TEST(loopcode_boc)
{
	loopcode(&fx_t1_esf);
}
END_TEST

START_TEST(t1_defects)
{
	struct fx *x = fx_new(&fx_t1_esf, 15);
	struct cf_counters c;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 10);
	cf_counters_reset(&x->b);
	cf_tx_insert(&x->a, CF_DEFECT_FAS);
	cf_tx_insert(&x->a, CF_DEFECT_CRC);
	fx_run(x, 20);
	c = cnt(&x->b);
	ck_assert_uint_eq(c.fe, 1);
	ck_assert_uint_eq(c.crc4, 1);
	cf_tx_insert(&x->a, CF_DEFECT_BPV);
	fx_run(x, 20);
	c = cnt(&x->b);
	ck_assert_uint_eq(c.bpv, 1);
	ck_assert_uint_eq(c.fe, 1);
	fx_free(x);

	x = fx_new(&fx_t1_d4, 16);
	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 10);
	cf_counters_reset(&x->b);
	cf_tx_insert(&x->a, CF_DEFECT_FAS);
	fx_run(x, 20);
	ck_assert_uint_eq(cnt(&x->b).fe, 1);
	cf_tx_insert(&x->a, CF_DEFECT_MFA);
	fx_run(x, 20);
	ck_assert_uint_eq(cnt(&x->b).fe, 2);
	ck_assert(cf_rx_in_frame(&x->b));
	fx_free(x);
}
END_TEST

TCase *framer_t1_tcase(void)
{
	TCase *tc = tcase_create("t1");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, d4_payload);
	tcase_add_test(tc, esf_payload);
	tcase_add_test(tc, esf_tx_crc6);
	tcase_add_test(tc, robbed_bits);
	tcase_add_test(tc, loopcode_inband);
	tcase_add_test(tc, loopcode_boc);
	tcase_add_test(tc, t1_defects);
	return tc;
}
