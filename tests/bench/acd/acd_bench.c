// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ACD routing cost. A centre of N agents with 200 skills (each agent has
 * 6, levels 1-10) and 1,000 queues (each requires one skill at level 1-3),
 * all agents ready. One decision = a call entering a queue and being
 * offered to an agent (cti_acd_call_enter), timed one by one; the agent
 * then answers, the call ends and the agent is ready again (not timed),
 * so the heaps stay full and every decision is a real choice among
 * hundreds of qualified agents. Prints decisions per second and the
 * p50/p99 latency for 1k, 10k and 100k agents. No reference
 * implementation exists on this machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cti/acd.h"

#define SKILLS 200
#define QUEUES 1000
#define DECISIONS 200000

static uint32_t rng = 12345;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void run(unsigned agents)
{
	struct cti_acd_config cfg = { .interval_ms = 3600000 };
	cti_acd_t *acd = NULL;
	static double lat[DECISIONS];
	struct cti_acd_event ev;
	char name[32], agent[CTI_NAME_MAX];
	double total = 0, t0;
	unsigned offered = 0;

	if (cti_acd_new(&acd, &cfg))
		exit(1);
	for (unsigned q = 0; q < QUEUES; q++) {
		struct cti_acd_queue_config c = { .n_skills = 1 };

		snprintf(name, sizeof(name), "q%u", q);
		c.name = name;
		c.skills[0].skill = (uint16_t)(1 + q % SKILLS);
		c.skills[0].level = (uint8_t)(1 + rnd() % 3);
		if (cti_acd_queue_add(acd, &c))
			exit(1);
	}
	for (unsigned a = 0; a < agents; a++) {
		struct cti_acd_skill sk[6];

		for (int k = 0; k < 6; k++) {
			sk[k].skill = (uint16_t)(1 + (a * 7 + k * 31) % SKILLS);
			sk[k].level = (uint8_t)(1 + rnd() % 10);
		}
		snprintf(name, sizeof(name), "a%u", a);
		cti_acd_agent_login(acd, name, sk, 6, 0);
		cti_acd_agent_ready(acd, name, 0);
	}
	while (cti_acd_next_event(acd, &ev) > 0)
		;
	for (unsigned i = 0; i < DECISIONS; i++) {
		uint64_t now = 1000 + i;

		snprintf(name, sizeof(name), "q%u", rnd() % QUEUES);
		t0 = now_ns();
		cti_acd_call_enter(acd, i + 1, name, 0, NULL, NULL, now);
		lat[i] = now_ns() - t0;
		total += lat[i];
		agent[0] = '\0';
		while (cti_acd_next_event(acd, &ev) > 0)
			if (ev.type == CTI_ACD_EV_OFFER)
				memcpy(agent, ev.agent, sizeof(agent));
		if (!agent[0]) { /* nobody qualified: the call just waits */
			cti_acd_call_abandon(acd, i + 1, now);
			continue;
		}
		offered++;
		cti_acd_call_answered(acd, i + 1, agent, now);
		cti_acd_call_end(acd, i + 1, now);
		while (cti_acd_next_event(acd, &ev) > 0)
			;
	}
	qsort(lat, DECISIONS, sizeof(lat[0]), cmp);
	printf("acd: %6u agents, %u skills, %u queues: %9.0f decisions/s, "
	       "p50 %.2f us, p99 %.2f us (%u of %u calls offered)\n",
	       agents, SKILLS, QUEUES, DECISIONS / (total / 1e9),
	       lat[DECISIONS / 2] / 1e3, lat[DECISIONS * 99 / 100] / 1e3,
	       offered, DECISIONS);
	cti_acd_free(acd);
}

int main(void)
{
	run(1000);
	run(10000);
	run(100000);
	return 0;
}
