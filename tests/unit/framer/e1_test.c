// SPDX-License-Identifier: LGPL-2.1-or-later
/* E1 framer back to back: G.706 alignment and loss, CRC-4 multiframe, E
 * bits, TS16 CAS, defect insertion. */
#include "fx.h"
#include "framer/linecode.h"

static struct cf_counters cnt(const struct cf_port *p)
{
	struct cf_counters c;

	cf_counters_get(p, &c);
	return c;
}

/* Frames sent by hand, a -> b only, to place defects exactly. */
static void send(struct fx *x, unsigned int nframes)
{
	x->w.nbits = 0;
	cf_tx_frames(&x->a, NULL, nframes, &x->w);
	cf_line_apply(&x->ab, &x->w);
	cf_rx_symbols(&x->b, &x->w);
}

START_TEST(align_and_payload)
{
	struct fx *x = fx_new(&fx_e1, 1);
	struct cf_counters c;
	unsigned int t = fx_align(x, 50);

	/* FAS, NFAS, FAS: three frames plus the coder delays, < 1 ms */
	ck_assert_uint_le(t, 1);
	x->check = true;
	fx_run(x, 200);
	c = cnt(&x->b);
	ck_assert_uint_eq(x->bad_b, 0);
	ck_assert_uint_ge(x->good_b, 8 * 197);
	ck_assert_uint_eq(c.fas + c.fe + c.bpv + c.cv + c.crc4, 0);
	ck_assert_uint_eq(c.timingslips, 0);
	ck_assert_uint_eq(cf_alarms(&x->b), 0);
	fx_free(x);
}
END_TEST

START_TEST(crc4_multiframe)
{
	struct fx *x = fx_new(&fx_e1_crc4, 2);
	struct cf_counters c;
	unsigned int t = fx_align(x, 50);

	/* G.706 4.2: two MFAS 2 ms apart: within ~5 ms of start */
	ck_assert_uint_le(t, 6);
	x->check = true;
	fx_run(x, 1000);
	c = cnt(&x->b);
	ck_assert_uint_eq(c.crc4 + c.ebit + c.fas + c.bpv, 0);
	ck_assert_uint_eq(cnt(&x->a).ebit, 0);
	ck_assert_uint_eq(x->bad_b, 0);
	ck_assert_uint_eq(cf_alarms(&x->b) & CF_ALARM_LMFA, 0);
	fx_free(x);
}
END_TEST

/* G.706 4.1.1: alignment is lost after three consecutive errored FAS,
 * not after two. */
START_TEST(three_bad_fas)
{
	struct fx *x = fx_new(&fx_e1, 3);
	unsigned int i;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 5);
	cf_counters_reset(&x->b);
	for (i = 0; i < 2; i++) {
		cf_tx_insert(&x->a, CF_DEFECT_FAS);
		send(x, 2);
	}
	send(x, 4);
	ck_assert(cf_rx_in_frame(&x->b));
	ck_assert_uint_eq(cnt(&x->b).fas, 2);
	for (i = 0; i < 3; i++) {
		cf_tx_insert(&x->a, CF_DEFECT_FAS);
		send(x, 2);
	}
	send(x, 2);
	ck_assert(!cf_rx_in_frame(&x->b));
	ck_assert_uint_eq(cnt(&x->b).fas, 5);
	ck_assert_uint_eq(cnt(&x->b).fe, 5);
	fx_free(x);
}
END_TEST

START_TEST(shift_rehunts)
{
	struct fx *x = fx_new(&fx_e1_crc4, 4);
	unsigned int t, lost = 0;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	x->check = true;
	fx_run(x, 20);
	cf_line_shift(&x->ab, 3);
	for (t = 0; t < 20; t++) {
		fx_tick(x);
		if (!cf_rx_in_frame(&x->b))
			lost++;
		else if (lost)
			break;
	}
	/* lost (3 bad FAS) and found again with the multiframe */
	ck_assert_uint_ge(lost, 1);
	ck_assert_uint_le(t, 8);
	ck_assert_uint_ge(cnt(&x->b).fas, 3);
	ck_assert_uint_ne(fx_align(x, 20), ~0u);
	fx_run(x, 20);
	/* payload in order again, and nothing counted since */
	cf_counters_reset(&x->b);
	x->bad_b = 0;
	fx_run(x, 100);
	ck_assert_uint_eq(x->bad_b, 0);
	ck_assert_uint_eq(cnt(&x->b).fas + cnt(&x->b).crc4, 0);
	/* a deletion works the same way */
	cf_line_shift(&x->ab, -5);
	fx_run(x, 20);
	ck_assert(cf_rx_in_frame(&x->b));
	ck_assert_uint_ge(cnt(&x->b).fas, 3);
	fx_free(x);
}
END_TEST

/* One inserted defect is exactly one count at the far end. */
START_TEST(defect_insertion)
{
	struct fx *x = fx_new(&fx_e1_crc4, 5);
	struct cf_counters c;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 20);
	cf_counters_reset(&x->a);
	cf_counters_reset(&x->b);
	cf_tx_insert(&x->a, CF_DEFECT_FAS);
	fx_run(x, 50);
	c = cnt(&x->b);
	ck_assert_uint_eq(c.fas, 1);
	ck_assert_uint_eq(c.fe, 1);
	ck_assert_uint_eq(c.crc4 + c.bpv, 0);

	cf_tx_insert(&x->a, CF_DEFECT_CRC);
	fx_run(x, 50);
	c = cnt(&x->b);
	ck_assert_uint_eq(c.crc4, 1);
	ck_assert_uint_eq(c.fas, 1);
	/* the far end reports it back in an E bit (G.704 2.3.3.4) */
	ck_assert_uint_eq(cnt(&x->a).ebit, 1);
	ck_assert_uint_eq(cnt(&x->a).crc4, 0);

	cf_tx_insert(&x->a, CF_DEFECT_BPV);
	fx_run(x, 50);
	c = cnt(&x->b);
	ck_assert_uint_eq(c.bpv, 1);
	ck_assert_uint_eq(c.cv, 1);
	ck_assert_uint_eq(c.crc4, 1);

	cf_tx_insert(&x->a, CF_DEFECT_MFA);
	fx_run(x, 50);
	ck_assert(cf_rx_in_frame(&x->b));
	ck_assert_uint_eq(cnt(&x->b).crc4, 1);
	fx_free(x);
}
END_TEST

/* G.704 5.1.3 / table 9: TS16 frame n carries timeslots n and n + 16. */
START_TEST(cas_ts16)
{
	struct fx *x = fx_new(&fx_e1_cas, 6);

	cf_tx_set_cas(&x->a, 1, 0x5);
	cf_tx_set_cas(&x->a, 15, 0x1);
	cf_tx_set_cas(&x->a, 17, 0x9);
	cf_tx_set_cas(&x->a, 31, 0x3);
	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 20);
	ck_assert_uint_eq(cf_alarms(&x->b), 0);
	ck_assert_uint_eq(cf_rx_cas(&x->b, 1), 0x5);
	ck_assert_uint_eq(cf_rx_cas(&x->b, 15), 0x1);
	ck_assert_uint_eq(cf_rx_cas(&x->b, 17), 0x9);
	ck_assert_uint_eq(cf_rx_cas(&x->b, 31), 0x3);
	ck_assert_uint_eq(cf_rx_cas(&x->b, 2), 0xd);	/* idle */
	cf_tx_set_cas(&x->a, 1, 0xc);
	fx_run(x, 1);
	ck_assert_uint_eq(cf_rx_cas(&x->b, 1), 0x5);	/* one MF: not yet */
	fx_run(x, 6);
	ck_assert_uint_eq(cf_rx_cas(&x->b, 1), 0xc);
	/* one errored CAS MFAS does not lose the multiframe */
	cf_tx_insert(&x->a, CF_DEFECT_CAS);
	fx_run(x, 10);
	ck_assert_uint_eq(cf_alarms(&x->b) & CF_ALARM_LMFA, 0);
	fx_free(x);
}
END_TEST

/* A CRC-4 receiver facing a far end without CRC-4 finds no multiframe
 * and keeps re-searching (G.706 4.2): LMFA/LFA, never in service. */
START_TEST(crc4_mismatch)
{
	struct fx *x = fx_new(&fx_e1_crc4, 7);

	cf_port_config(&x->a, &fx_e1);
	fx_run(x, 2600);
	ck_assert_uint_eq(cf_alarms(&x->b) & (CF_ALARM_RED | CF_ALARM_LFA),
			  CF_ALARM_RED | CF_ALARM_LFA);
	ck_assert_uint_eq(cf_alarms(&x->a) & ~CF_ALARM_YELLOW, 0);
	fx_free(x);
}
END_TEST

/* G.706 4.3.2: 915 or more errored CRC-4 blocks out of 1000 mean a false
 * frame alignment: re-search. Every block is corrupted here, one SMF (8
 * frames) per call; 914 of 1000 would not do it. */
START_TEST(crc4_915_of_1000)
{
	struct fx *x = fx_new(&fx_e1_crc4, 8);
	unsigned int i, lost_at = 0;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 10);
	for (i = 0; i < 1200 && !lost_at; i++) {
		cf_tx_insert(&x->a, CF_DEFECT_CRC);
		send(x, 8);
		if (!cf_rx_in_frame(&x->b))
			lost_at = i + 1;
	}
	/* the window starts at multiframe alignment, up to 1000 blocks ago */
	ck_assert_uint_ge(lost_at, 915);
	ck_assert_uint_le(lost_at, 1002);
	ck_assert_uint_ge(cnt(&x->b).crc4, 915);
	fx_free(x);

	x = fx_new(&fx_e1_crc4, 9);
	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	fx_run(x, 10);
	for (i = 0; i < 3000; i++) {
		if (i % 1000 < 914)
			cf_tx_insert(&x->a, CF_DEFECT_CRC);
		send(x, 8);
		ck_assert(cf_rx_in_frame(&x->b));
	}
	fx_free(x);
}
END_TEST

/* G.775 AIS: two or fewer zeros in each of two consecutive 512-bit
 * periods; three zeros in each of two periods clear it. */
START_TEST(ais_g775)
{
	static struct cf_port p;
	static struct cf_wire w;
	struct cf_config c = fx_e1;
	unsigned int i, zeros;

	c.code = CF_CODE_AMI;
	for (zeros = 2; zeros <= 3; zeros++) {
		cf_port_init(&p, &c);
		for (i = 0; i < 8; i++) {
			w.nbits = 512;
			memset(w.mark, 0xff, 64);
			memset(w.pol, 0xaa, 64);
			/* all ones less 2 or 3 pulses per 512 bits */
			w.mark[20] &= 0x7f;
			w.mark[40] &= 0x7f;
			if (zeros == 3)
				w.mark[50] &= 0x7f;
			cf_rx_symbols(&p, &w);
		}
		ck_assert(p.rx.ais == (zeros == 2));
	}
}
END_TEST

/* G.706 4.1.2: FAS, then NFAS bit 2 = 1, then FAS. Crafted AMI frames:
 * TS0 alternates FAS 1 0011011 and NFAS 1 b 0 11111, payload 0x55 (no
 * FAS imitation); with b = 0 the receiver never aligns, with b = 1 it does
 * within three frames. */
static unsigned int crafted(u8 nfas)
{
	static struct cf_port p;
	static struct cf_wire w;
	static u8 bits[2 * 32];
	struct cf_encoder e;
	struct cf_config c = fx_e1;
	unsigned int f;

	c.code = CF_CODE_AMI;
	cf_port_init(&p, &c);
	cf_encoder_init(&e, CF_CODE_AMI);
	memset(bits, 0x55, sizeof(bits));
	bits[0] = 0x9b;
	bits[32] = nfas;
	for (f = 0; f < 40; f += 2) {
		w.nbits = 0;
		cf_encode(&e, bits, 512, &w);
		cf_rx_symbols(&p, &w);
		if (cf_rx_in_frame(&p))
			return f;
	}
	return ~0u;
}

START_TEST(g706_nfas_bit2)
{
	ck_assert_uint_eq(crafted(0x9f), ~0u);
	ck_assert_uint_le(crafted(0xdf), 4);
}
END_TEST

/* A receiver started (or reconfigured) against a far end already running
 * counts nothing, whatever the polarity of the first pulse it sees. */
START_TEST(restart_mid_stream)
{
	struct fx *x = fx_new(&fx_e1_crc4, 12);
	unsigned int i;

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	for (i = 0; i < 60; i++) {
		cf_port_config(&x->b, &fx_e1_crc4);
		fx_run(x, 1 + i % 3);
	}
	fx_run(x, 20);
	ck_assert(cf_rx_in_frame(&x->b));
	ck_assert_uint_eq(cnt(&x->b).bpv, 0);
	ck_assert_uint_eq(cnt(&x->b).cv, 0);
	ck_assert_uint_eq(cnt(&x->b).crc4, 0);
	fx_free(x);
}
END_TEST

/* Reconfiguring a port keeps its counters and hunts in the new mode. */
START_TEST(reconfigure)
{
	struct fx *x = fx_new(&fx_e1_crc4, 10);

	ck_assert_uint_ne(fx_align(x, 50), ~0u);
	cf_tx_insert(&x->a, CF_DEFECT_FAS);
	fx_run(x, 10);
	ck_assert_uint_eq(cnt(&x->b).fas, 1);
	cf_port_config(&x->a, &fx_t1_esf);
	cf_port_config(&x->b, &fx_t1_esf);
	ck_assert(!cf_rx_in_frame(&x->b));
	ck_assert_uint_le(fx_align(x, 50), 12);
	x->check = true;
	fx_run(x, 50);
	ck_assert_uint_eq(x->bad_b, 0);
	ck_assert_uint_ge(x->good_b, 8 * 45);
	ck_assert_uint_eq(cnt(&x->b).fas, 1);
	fx_free(x);
}
END_TEST

TCase *framer_e1_tcase(void)
{
	TCase *tc = tcase_create("e1");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, align_and_payload);
	tcase_add_test(tc, crc4_multiframe);
	tcase_add_test(tc, three_bad_fas);
	tcase_add_test(tc, shift_rehunts);
	tcase_add_test(tc, defect_insertion);
	tcase_add_test(tc, cas_ts16);
	tcase_add_test(tc, crc4_mismatch);
	tcase_add_test(tc, crc4_915_of_1000);
	tcase_add_test(tc, ais_g775);
	tcase_add_test(tc, g706_nfas_bit2);
	tcase_add_test(tc, reconfigure);
	tcase_add_test(tc, restart_mid_stream);
	return tc;
}
