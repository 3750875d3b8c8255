// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Intervals on wall-clock boundaries (CTI_ACD_ALIGN_INTERVALS) and
 * intervals closed early (cti_acd_close_intervals()). Every instant is
 * worked out by hand in the comments: the ACD's arithmetic is not used
 * to check itself.
 */
#include "fixture.h"

/* 2026-12-02T08:07:30Z: 09:07:30 at UTC+1 (utc_offset_min 60) */
#define E0 1796198850000LL
/* 2026-12-02T03:40:00Z: 09:10 at UTC+5:30 (utc_offset_min 330) */
#define E1	1796182800000LL
#define QUARTER 900000u

static void desk(struct afx *f)
{
	struct cti_acd_queue_config q = { .name = "desk", .n_skills = 1 };

	q.skills[0] = (struct cti_acd_skill){ 1, 1 };
	ck_assert_int_eq(cti_acd_queue_add(f->acd, &q), 0);
}

static struct cti_acd_config aligned(int64_t epoch, int32_t offset_min,
				     uint32_t interval_ms)
{
	struct cti_acd_config c = { .interval_ms = interval_ms,
				    .epoch_ms_at_zero = epoch,
				    .utc_offset_min = offset_min,
				    .flags = CTI_ACD_ALIGN_INTERVALS };

	return c;
}

static uint64_t due(struct afx *f)
{
	uint64_t d = 0;

	ck_assert_int_eq(cti_acd_next_due(f->acd, &d), 1);
	return d;
}

/* the i-th INTERVAL event (0-based), which must exist */
static const struct cti_acd_interval *nth_interval(struct afx *f, int i)
{
	int e = -1;

	for (int k = 0; k <= i; k++) {
		e = afx_find(f, e + 1, CTI_ACD_EV_INTERVAL, 0, NULL);
		ck_assert_int_ge(e, 0);
	}
	return &f->ev[e].u.interval;
}

/* Started at 09:07:30 local with 15-minute intervals: the first runs
 * 450 s to 09:15:00 (epoch E0, its real start), the next from 09:15 to
 * 09:30 (900 s), each holding the calls that happened in it. */
START_TEST(first_interval_partial_then_quarters)
{
	struct cti_acd_config c = aligned(E0, 60, QUARTER);
	const struct cti_acd_interval *iv;
	struct afx f;

	/* the test's own data: 09:07:30 is 450 s into its quarter */
	ck_assert_int_eq((E0 + 3600000) % QUARTER, 450000);
	afx_new(&f, &c);
	desk(&f);
	ck_assert_uint_eq(due(&f), 450000);
	/* t=10 s a caller waits, t=30 s hangs up (20 s: not short) */
	afx_run(&f, 10000);
	ck_assert_int_eq(
		cti_acd_call_enter(f.acd, 1, "desk", 0, NULL, NULL, f.now), 0);
	afx_run(&f, 20000);
	ck_assert_int_eq(cti_acd_call_abandon(f.acd, 1, f.now), 0);
	afx_run(&f, 449999 - 30000);
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_INTERVAL), 0);
	afx_run(&f, 1); /* 450 s: 09:15:00 */
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_INTERVAL), 1);
	iv = nth_interval(&f, 0);
	ck_assert_str_eq(iv->queue, "desk");
	ck_assert_int_eq(iv->epoch_ms, E0);
	ck_assert_int_eq(iv->start_ms, 0);
	ck_assert_int_eq(iv->length_ms, 450000);
	ck_assert_uint_eq(iv->offered, 1);
	ck_assert_uint_eq(iv->abandoned, 1);
	/* 09:15 + 15 min = 450 s + 900 s */
	ck_assert_uint_eq(due(&f), 1350000);
	cti_acd_call_enter(f.acd, 2, "desk", 0, NULL, NULL, f.now + 5000);
	cti_acd_call_abandon(f.acd, 2, f.now + 6000); /* 1 s: short */
	afx_run(&f, 900000);
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_INTERVAL), 2);
	iv = nth_interval(&f, 1);
	/* 09:15:00 local = 08:15:00Z = E0 + 450 s */
	ck_assert_int_eq(iv->epoch_ms, E0 + 450000);
	ck_assert_int_eq(iv->start_ms, 450000);
	ck_assert_int_eq(iv->length_ms, 900000);
	ck_assert_uint_eq(iv->offered, 1);
	ck_assert_uint_eq(iv->short_abandoned, 1);
	ck_assert_uint_eq(iv->abandoned, 0);
	afx_free(&f);
}
END_TEST

/* The offset counts to the minute: 09:10 at UTC+5:30 with hourly
 * intervals ends at 10:00, 50 minutes on; at UTC (offset 0) the same
 * instant is 03:40, which ends at 04:00, 20 minutes on. */
START_TEST(offset_to_the_minute)
{
	struct cti_acd_config c = aligned(E1, 330, 3600000);
	struct afx f;

	afx_new(&f, &c);
	desk(&f);
	ck_assert_uint_eq(due(&f), 3000000);
	afx_free(&f);
	c.utc_offset_min = 0;
	afx_new(&f, &c);
	desk(&f);
	ck_assert_uint_eq(due(&f), 1200000);
	afx_free(&f);
	/* UTC-5: 22:40 the day before, also 20 minutes to 23:00 */
	c.utc_offset_min = -300;
	afx_new(&f, &c);
	desk(&f);
	ck_assert_uint_eq(due(&f), 1200000);
	afx_free(&f);
}
END_TEST

/* Started on a boundary (09:15:00 local), the first interval is whole;
 * an epoch before 1970 aligns as well (-450 s: 23:52:30 on 31 Dec 1969,
 * 7.5 minutes to midnight). */
START_TEST(on_a_boundary_and_before_1970)
{
	struct cti_acd_config c = aligned(E0 + 450000, 60, QUARTER);
	struct afx f;

	afx_new(&f, &c);
	desk(&f);
	ck_assert_uint_eq(due(&f), 900000);
	afx_free(&f);
	c = aligned(-450000, 0, QUARTER);
	afx_new(&f, &c);
	desk(&f);
	ck_assert_uint_eq(due(&f), 450000);
	afx_free(&f);
}
END_TEST

/* Aligned, closed early at t=200 s (09:10:50): the closed interval has
 * 200 s and the call so far; the next starts there (epoch E0 + 200 s)
 * and still ends at 09:15 (t=450 s, 250 s long). Closing again at the
 * same instant reports nothing. */
START_TEST(close_early_aligned)
{
	struct cti_acd_config c = aligned(E0, 60, QUARTER);
	const struct cti_acd_interval *iv;
	struct afx f;

	afx_new(&f, &c);
	desk(&f);
	afx_run(&f, 100000);
	cti_acd_call_enter(f.acd, 1, "desk", 0, NULL, NULL, f.now);
	cti_acd_call_abandon(f.acd, 1, f.now + 50000);
	ck_assert_int_eq(cti_acd_close_intervals(f.acd, 200000), 0);
	f.now = 200000;
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_INTERVAL), 1);
	iv = nth_interval(&f, 0);
	ck_assert_int_eq(iv->epoch_ms, E0);
	ck_assert_int_eq(iv->start_ms, 0);
	ck_assert_int_eq(iv->length_ms, 200000);
	ck_assert_uint_eq(iv->offered, 1);
	ck_assert_uint_eq(iv->abandoned, 1);
	ck_assert_int_eq(cti_acd_close_intervals(f.acd, 200000), 0);
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_INTERVAL), 1);
	ck_assert_uint_eq(due(&f), 450000);
	afx_run(&f, 250000);
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_INTERVAL), 2);
	iv = nth_interval(&f, 1);
	ck_assert_int_eq(iv->epoch_ms, E0 + 200000);
	ck_assert_int_eq(iv->start_ms, 200000);
	ck_assert_int_eq(iv->length_ms, 250000);
	ck_assert_uint_eq(iv->offered, 0);
	afx_free(&f);
}
END_TEST

/* Not aligned, closed at t=200 s: the next interval is a whole one from
 * there, ending at 1100 s. What is due before the close (the boundary
 * at 900 s) closes first, so a close at 1000 s reports 900..1000. */
START_TEST(close_early_not_aligned)
{
	struct cti_acd_config c = { .epoch_ms_at_zero = E0 };
	const struct cti_acd_interval *iv;
	struct afx f;

	afx_new(&f, &c);
	desk(&f);
	ck_assert_uint_eq(due(&f), 900000);
	ck_assert_int_eq(cti_acd_close_intervals(f.acd, 200000), 0);
	ck_assert_uint_eq(due(&f), 1100000);
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_INTERVAL), 1);
	ck_assert_int_eq(nth_interval(&f, 0)->length_ms, 200000);
	afx_free(&f);

	afx_new(&f, &c);
	desk(&f);
	ck_assert_int_eq(cti_acd_close_intervals(f.acd, 1000000), 0);
	ck_assert_int_eq(afx_count(&f, CTI_ACD_EV_INTERVAL), 2);
	ck_assert_int_eq(nth_interval(&f, 0)->length_ms, 900000);
	iv = nth_interval(&f, 1);
	ck_assert_int_eq(iv->start_ms, 900000);
	ck_assert_int_eq(iv->epoch_ms, E0 + 900000);
	ck_assert_int_eq(iv->length_ms, 100000);
	ck_assert_uint_eq(due(&f), 1900000);
	afx_free(&f);
}
END_TEST

START_TEST(bad_config)
{
	struct cti_acd_config c = aligned(E0, 60, QUARTER);
	cti_acd_t *acd = (cti_acd_t *)1;

	c.flags = 0x2;
	ck_assert_int_eq(cti_acd_new(&acd, &c), CTI_EINVAL);
	ck_assert_ptr_null(acd);
	c = aligned(E0, 1441, QUARTER);
	ck_assert_int_eq(cti_acd_new(&acd, &c), CTI_EINVAL);
	c = aligned(E0, -1441, QUARTER);
	ck_assert_int_eq(cti_acd_new(&acd, &c), CTI_EINVAL);
	c = aligned(E0, -1440, QUARTER);
	ck_assert_int_eq(cti_acd_new(&acd, &c), 0);
	cti_acd_free(acd);
	ck_assert_int_eq(cti_acd_close_intervals(NULL, 0), CTI_EINVAL);
}
END_TEST

TCase *align_tcase(void);
TCase *align_tcase(void)
{
	TCase *tc = tcase_create("align");

	tcase_add_test(tc, first_interval_partial_then_quarters);
	tcase_add_test(tc, offset_to_the_minute);
	tcase_add_test(tc, on_a_boundary_and_before_1970);
	tcase_add_test(tc, close_early_aligned);
	tcase_add_test(tc, close_early_not_aligned);
	tcase_add_test(tc, bad_config);
	return tc;
}
