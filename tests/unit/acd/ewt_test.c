// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Estimated wait against what then happens: a queue of 5 agents with
 * Poisson arrivals and exponential handle times (M/M/5 at 85% load).
 * With every agent busy, departures come at rate N/AHT, so a call at
 * position k waits k·AHT/N on average: the estimate given on entry must
 * match the mean wait the simulation then shows.
 */
#include <math.h>
#include <stdio.h>

#include "fixture.h"

#define N_AGENTS 5
#define N_CALLS 6000

static uint32_t s = 7;

static double uniform(void)
{
	s ^= s << 13;
	s ^= s >> 17;
	s ^= s << 5;
	return (s + 0.5) / 4294967296.0;
}

START_TEST(ewt_matches_simulated_waits)
{
	static uint64_t end_at[N_CALLS + 1], entered[N_CALLS + 1];
	static uint32_t ewt[N_CALLS + 1];
	const double aht_ms = 120000, load = 0.85;
	const double gap_ms = aht_ms / (N_AGENTS * load);
	struct cti_acd_queue_config q = { .name = "q", .n_skills = 1,
					  .ring_ms = 600000 };
	struct cti_acd_event ev;
	double est = 0, got = 0;
	int n = 0, next = 1;
	uint64_t t = 0, arrive = 0;
	struct afx f;

	afx_new(&f, NULL);
	q.skills[0] = (struct cti_acd_skill){ 1, 1 };
	cti_acd_queue_add(f.acd, &q);
	for (int a = 0; a < N_AGENTS; a++) {
		char name[8] = { 'a', (char)('0' + a) };

		afx_agent(&f, name, 1, 5);
	}
	while (next <= N_CALLS || t < arrive + 3600000) {
		if (next <= N_CALLS && t >= arrive) {
			entered[next] = t;
			cti_acd_call_enter(f.acd, (uint64_t)next, "q", 0, NULL,
					   NULL, t);
			if (cti_acd_call_position(f.acd, (uint64_t)next, NULL,
						  &ewt[next]))
				ewt[next] = UINT32_MAX; /* offered at once */
			next++;
			arrive = t + (uint64_t)(-gap_ms * log(uniform()));
		}
		cti_acd_advance(f.acd, t);
		while (cti_acd_next_event(f.acd, &ev) > 0) {
			uint64_t id = ev.call_id;

			if (ev.type != CTI_ACD_EV_OFFER)
				continue;
			/* answered at once; exponential handle time */
			cti_acd_call_answered(f.acd, id, ev.agent, t);
			end_at[id] = t + 1 + (uint64_t)(-aht_ms * log(uniform()));
			/* the calls after the first 1000 (AHT estimate
			 * settled) that had to wait */
			if (id > 1000 && ewt[id] != UINT32_MAX) {
				est += ewt[id];
				got += (double)(t - entered[id]);
				n++;
			}
		}
		for (int id = 1; id < next; id++)
			if (end_at[id] && end_at[id] <= t) {
				ck_assert_int_eq(cti_acd_call_end(f.acd,
								  (uint64_t)id,
								  t),
						 0);
				end_at[id] = 0;
			}
		t += 100;
	}
	ck_assert_int_gt(n, 1000);
	printf("acd ewt: %d waiting calls, mean estimate %.1f s, mean wait "
	       "%.1f s\n", n, est / n / 1000, got / n / 1000);
	ck_assert_double_le(fabs(est - got) / got, 0.15);
	afx_free(&f);
}
END_TEST

TCase *ewt_tcase(void);
TCase *ewt_tcase(void)
{
	TCase *tc = tcase_create("ewt");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ewt_matches_simulated_waits);
	return tc;
}
