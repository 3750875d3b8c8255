// SPDX-License-Identifier: LGPL-2.1-or-later
/* The engine's bridge when the process runs late: several 20 ms blocks
 * of every leg arrive in one turn (as DAHDI queues them for a process
 * woken late), and each must still cross, in order, none lost or
 * doubled; and the jitter buffer's bound on its own. */
#include <string.h>

#include "center/center.h"
#include "fixture.h"

START_TEST(late_bursts_cross_the_bridge_intact)
{
	static const uint64_t late_ms[] = { 60, 40, 100, 20, 80, 60, 200 };
	struct cti_center_route_config r = { .target = "queue:sales" };
	struct fx_audio *c, *a;
	cti_call_id_t caller, phone;
	uint32_t c0, a0;

	fx_open();
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	fx_agent("alice", "2001", true);
	caller = fx_dial("95501", "1001");
	fx_run(100);
	phone = fx_ringing(0, "2001");
	ck_assert_uint_gt(phone, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, phone), 0);
	c = fx_audio(caller, 1000);
	a = fx_audio(phone, 5000);
	fx_run(500);
	ck_assert(fx_hears(c, &a, 1, 10));
	ck_assert(fx_hears(a, &c, 1, 10));
	c0 = c->n_heard;
	a0 = a->n_heard;
	/* about 5 s of late turns, 1 to 10 blocks of each leg at once */
	for (int i = 0; c->n_heard - c0 < 300; i++)
		fx_run_late(late_ms[i % 7]);
	ck_assert_uint_ge(a->n_heard - a0, 300);
	/* each of the last 300 blocks each way is the other's pattern at a
	 * constant lag: every block crossed, in order, once */
	ck_assert(fx_hears(c, &a, 1, 300));
	ck_assert(fx_hears(a, &c, 1, 300));
	ck_assert_int_eq(cti_call_clear(F.ctx, caller, 16), 0);
	fx_run(500);
	fx_close();
}
END_TEST

static void block_of(int16_t *b, int v)
{
	for (int k = 0; k < CC_BLOCK; k++)
		b[k] = (int16_t)(v * 100 + k);
}

/* One leg's blocks all before the listener's turns (a burst read in that
 * order), then more than the bound at once, then a listener that missed
 * turns (not hearing meanwhile): what each turn takes. */
START_TEST(jitter_buffer_bound)
{
	struct cc_jbuf src, src2;
	struct cc_jread rd;
	int16_t b[CC_BLOCK];
	const int16_t *h;
	uint64_t turn = 0;

	memset(&src, 0, sizeof(src));
	memset(&rd, 0, sizeof(rd));
	/* nothing received yet: nothing to hear */
	ck_assert_ptr_null(cc__jb_take(&src, &rd, 7, ++turn));
	block_of(b, 0);
	cc__jb_put(&src, b, CC_BLOCK);
	h = cc__jb_take(&src, &rd, 7, ++turn);
	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(h[5], 5);
	/* the listener's turns come first: two underruns, then the source's
	 * three blocks in one burst: all three heard, in order */
	ck_assert_ptr_null(cc__jb_take(&src, &rd, 7, ++turn));
	ck_assert_ptr_null(cc__jb_take(&src, &rd, 7, ++turn));
	for (int v = 1; v <= 3; v++) {
		block_of(b, v);
		cc__jb_put(&src, b, CC_BLOCK);
	}
	for (int v = 1; v <= 3; v++) {
		h = cc__jb_take(&src, &rd, 7, ++turn);
		ck_assert_ptr_nonnull(h);
		ck_assert_int_eq(h[0], v * 100);
	}
	ck_assert_ptr_null(cc__jb_take(&src, &rd, 7, ++turn));
	/* CC_JB_BOUND + 2 blocks at once: the two oldest are dropped, the
	 * listener is never more than the bound behind */
	for (int v = 4; v < 4 + CC_JB_BOUND + 2; v++) {
		block_of(b, v);
		cc__jb_put(&src, b, CC_BLOCK);
	}
	for (int v = 6; v < 4 + CC_JB_BOUND + 2; v++) {
		h = cc__jb_take(&src, &rd, 7, ++turn);
		ck_assert_ptr_nonnull(h);
		ck_assert_int_eq(h[0], v * 100);
	}
	ck_assert_ptr_null(cc__jb_take(&src, &rd, 7, ++turn));
	/* a short block: the rest is silence */
	block_of(b, 20);
	cc__jb_put(&src, b, 10);
	h = cc__jb_take(&src, &rd, 7, ++turn);
	ck_assert_int_eq(h[9], 2009);
	ck_assert_int_eq(h[10], 0);
	/* the listener skipped turns (held): it starts again at the newest
	 * block, not at stale ones */
	for (int v = 21; v <= 23; v++) {
		block_of(b, v);
		cc__jb_put(&src, b, CC_BLOCK);
	}
	turn += 5;
	h = cc__jb_take(&src, &rd, 7, ++turn);
	ck_assert_int_eq(h[0], 2300);
	/* another leg in that slot: from its newest block too */
	memset(&src2, 0, sizeof(src2));
	for (int v = 30; v <= 32; v++) {
		block_of(b, v);
		cc__jb_put(&src2, b, CC_BLOCK);
	}
	h = cc__jb_take(&src2, &rd, 8, ++turn);
	ck_assert_int_eq(h[0], 3200);
	ck_assert_ptr_null(cc__jb_take(&src2, &rd, 8, ++turn));
}
END_TEST

TCase *bridge_tcase(void)
{
	TCase *tc = tcase_create("bridge");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, late_bursts_cross_the_bridge_intact);
	tcase_add_test(tc, jitter_buffer_bound);
	return tc;
}
