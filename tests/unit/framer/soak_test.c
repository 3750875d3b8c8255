// SPDX-License-Identifier: LGPL-2.1-or-later
/* Robustness: random impairments, then a clean line must bring every
 * port back to a clean state; random symbols must never upset the state
 * (run under ASan/UBSan). */
#include <stdlib.h>
#include "fx.h"

static void soak(const struct cf_config *cfg, u32 seed)
{
	struct fx *x = fx_new(cfg, seed);
	struct cf_counters c0, c1;
	unsigned int t;

	srand(seed);
	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	for (t = 0; t < 200; t++) {	/* 20 s, a change every 100 ms */
		struct cf_line *l = rand() & 1 ? &x->ab : &x->ba;

		switch (rand() % 9) {
		case 0:
			cf_line_shift(l, rand() % 600 - 300);
			break;
		case 1:
			cf_line_set_ber(l, 1 + rand() % 9, -2 - rand() % 7);
			break;
		case 2:
			cf_line_set_ber(l, 0, 0);
			break;
		case 3:
			cf_line_set_unplugged(l, rand() & 1);
			break;
		case 4:
			cf_line_set_ais(l, rand() & 1);
			break;
		case 5:
			cf_line_set_ppm(l, rand() % 2001 - 1000);
			break;
		case 6:
			cf_tx_insert(rand() & 1 ? &x->a : &x->b,
				     (enum cf_defect)(rand() % 6));
			break;
		case 7:
			cf_prbs(&x->a, rand() & 1);
			cf_prbs(&x->b, x->a.prbs.on);
			break;
		default:
			cf_tx_loopcode(&x->a, (enum cf_loopcode)(rand() % 3));
			break;
		}
		fx_run(x, 100);
	}
	cf_line_init(&x->ab, 1);
	cf_line_init(&x->ba, 2);
	cf_prbs(&x->a, false);
	cf_prbs(&x->b, false);
	cf_tx_loopcode(&x->a, CF_LOOPCODE_NONE);
	fx_run(x, 11000);	/* 10 s of RECOVER at most */
	ck_assert(cf_rx_in_frame(&x->a) && cf_rx_in_frame(&x->b));
	ck_assert_uint_eq(cf_alarms(&x->a), 0);
	ck_assert_uint_eq(cf_alarms(&x->b), 0);
	cf_counters_get(&x->b, &c0);
	x->check = true;
	x->bad_b = 0;
	fx_run(x, 1000);
	cf_counters_get(&x->b, &c1);
	ck_assert_uint_le(x->bad_b, 1);	/* the first check resyncs */
	ck_assert_uint_eq(c1.fe + c1.crc4 + c1.cv + c1.timingslips + c1.errsec,
			  c0.fe + c0.crc4 + c0.cv + c0.timingslips + c0.errsec);
	fx_free(x);
}

START_TEST(soak_e1)
{
	soak(&fx_e1_cas, 101);
}
END_TEST

START_TEST(soak_d4)
{
	soak(&fx_t1_d4, 102);
}
END_TEST

START_TEST(soak_esf)
{
	soak(&fx_t1_esf, 103);
}
END_TEST

/* Noise on the line: anything goes but the state stays sane. */
START_TEST(noise)
{
	static const struct cf_config *cfgs[] = { &fx_e1, &fx_e1_cas,
						  &fx_t1_d4, &fx_t1_esf };
	static struct cf_port p;
	static struct cf_wire w;
	static u8 out[8][CF_MAX_TS];
	unsigned int k, t, i;

	srand(7);
	for (k = 0; k < 4; k++) {
		cf_port_init(&p, cfgs[k]);
		for (t = 0; t < 500; t++) {
			w.nbits = (unsigned int)rand() % (CF_WIRE_MAXBITS + 1);
			for (i = 0; i < sizeof(w.mark); i++) {
				w.mark[i] = (u8)rand();
				w.pol[i] = (u8)rand();
			}
			cf_rx_symbols(&p, &w);
			cf_rx_tick(&p, out);
			ck_assert_uint_le(p.rx.es_fill, CF_ES_FRAMES);
		}
	}
}
END_TEST

TCase *framer_soak_tcase(void)
{
	TCase *tc = tcase_create("soak");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, soak_e1);
	tcase_add_test(tc, soak_d4);
	tcase_add_test(tc, soak_esf);
	tcase_add_test(tc, noise);
	return tc;
}
