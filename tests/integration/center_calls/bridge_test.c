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

static struct cc_jbuf src, src2;
static struct cc_jread rd;
static uint64_t turn;

static void put(struct cc_jbuf *b, int v, uint64_t ms, size_t n)
{
	int16_t blk[CC_BLOCK];

	for (int k = 0; k < CC_BLOCK; k++)
		blk[k] = (int16_t)(v * 100 + k);
	cc__jb_put(b, blk, n, ms);
}

/* the block the listener takes at its next turn, at `ms`: its number,
 * -1 for none */
static int take(const struct cc_jbuf *b, cti_call_id_t from, uint64_t ms)
{
	const int16_t *h = cc__jb_take(b, &rd, from, ++turn, ms);

	return h ? h[0] / 100 : -1;
}

/* What each turn of a listener takes: on time in either order of the
 * turns, in bursts in either order, beyond the bound, after missed turns
 * and from another leg; when nothing is due, its last block again. */
START_TEST(jitter_buffer_bound)
{
	memset(&src, 0, sizeof(src));
	memset(&src2, 0, sizeof(src2));
	memset(&rd, 0, sizeof(rd));
	turn = 0;
	ck_assert_int_eq(take(&src, 7, 0), -1); /* nothing yet */
	/* on time, the source's turn first: the block of the tick before */
	put(&src, 0, 20, CC_BLOCK);
	ck_assert_int_eq(take(&src, 7, 20), -1); /* this tick's */
	put(&src, 1, 40, CC_BLOCK);
	ck_assert_int_eq(take(&src, 7, 40), 0);
	/* the order flips (the listener first): the same lag, no gap */
	ck_assert_int_eq(take(&src, 7, 60), 1);
	put(&src, 2, 60, CC_BLOCK);
	ck_assert_int_eq(take(&src, 7, 80), 2);
	put(&src, 3, 80, CC_BLOCK);
	/* late: every turn at 160, the listener's first (its last block
	 * again meanwhile), then the source's four: all heard, in order, at
	 * the next turns */
	ck_assert_int_eq(take(&src, 7, 160), 3);
	ck_assert_int_eq(take(&src, 7, 160), 3);
	ck_assert_int_eq(take(&src, 7, 160), 3);
	ck_assert_int_eq(take(&src, 7, 160), 3);
	for (int v = 4; v <= 7; v++)
		put(&src, v, 160, CC_BLOCK);
	for (int v = 4; v <= 7; v++)
		ck_assert_int_eq(take(&src, 7, 160 + 20 * (uint64_t)(v - 3)),
				 v);
	ck_assert_int_eq(take(&src, 7, 260), 7);
	/* late again, the source's turns first then the listener's, then
	 * interleaved: in a burst it takes what is there */
	for (int v = 8; v <= 10; v++)
		put(&src, v, 340, CC_BLOCK);
	ck_assert_int_eq(take(&src, 7, 340), 7); /* first turn: on time */
	ck_assert_int_eq(take(&src, 7, 340), 8);
	put(&src, 11, 340, CC_BLOCK);
	ck_assert_int_eq(take(&src, 7, 340), 9);
	ck_assert_int_eq(take(&src, 7, 340), 10);
	ck_assert_int_eq(take(&src, 7, 360), 11);
	/* CC_JB_BOUND + 2 blocks waiting: the two oldest are dropped */
	for (int v = 12; v < 12 + CC_JB_BOUND + 2; v++)
		put(&src, v, 380, CC_BLOCK);
	for (int v = 14; v < 12 + CC_JB_BOUND + 2; v++)
		ck_assert_int_eq(take(&src, 7, 400 + 20 * (uint64_t)v), v);
	ck_assert_int_eq(take(&src, 7, 1000), 17);
	/* a short block: the rest is silence */
	put(&src, 20, 1000, 10);
	ck_assert_int_eq(take(&src, 7, 1020), 20);
	ck_assert_int_eq(src.blk[(src.seq - 1) % CC_JB_BOUND][9], 2009);
	ck_assert_int_eq(src.blk[(src.seq - 1) % CC_JB_BOUND][10], 0);
	/* the listener skipped turns (held): it starts at the newest
	 * block, not at stale ones */
	for (int v = 21; v <= 23; v++)
		put(&src, v, 1040 + 20 * (uint64_t)(v - 21), CC_BLOCK);
	turn += 5;
	ck_assert_int_eq(take(&src, 7, 1200), 23);
	/* another leg in that slot: from its newest block too */
	for (int v = 30; v <= 32; v++)
		put(&src2, v, 1100 + 20 * (uint64_t)(v - 30), CC_BLOCK);
	ck_assert_int_eq(take(&src2, 8, 1220), 32);
	/* its last block again CC_JB_CONCEAL times, then silence */
	for (int k = 0; k < CC_JB_CONCEAL; k++)
		ck_assert_int_eq(take(&src2, 8, 1240 + 20 * (uint64_t)k), 32);
	ck_assert_int_eq(take(&src2, 8, 1400), -1);
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
