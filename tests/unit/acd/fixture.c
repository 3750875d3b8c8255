// SPDX-License-Identifier: LGPL-2.1-or-later
#include "fixture.h"

void afx_new(struct afx *f, const struct cti_acd_config *cfg)
{
	memset(f, 0, sizeof(*f));
	f->acd = (cti_acd_t *)1;
	ck_assert_int_eq(cti_acd_new(&f->acd, cfg), 0);
	ck_assert_ptr_nonnull(f->acd);
}

void afx_free(struct afx *f)
{
	cti_acd_free(f->acd);
}

void afx_drain(struct afx *f)
{
	struct cti_acd_event e;

	while (cti_acd_next_event(f->acd, &e) > 0) {
		ck_assert_int_lt(f->n, MAX_EV);
		f->ev[f->n++] = e;
	}
}

void afx_run(struct afx *f, uint64_t ms)
{
	f->now += ms;
	ck_assert_int_ge(cti_acd_advance(f->acd, f->now), 0);
	afx_drain(f);
}

int afx_find(struct afx *f, int from, int t, uint64_t call, const char *agent)
{
	afx_drain(f);
	for (int i = from; i < f->n; i++) {
		if ((int)f->ev[i].type != t)
			continue;
		if (call && f->ev[i].call_id != call)
			continue;
		if (agent && strcmp(f->ev[i].agent, agent))
			continue;
		return i;
	}
	return -1;
}

int afx_count(struct afx *f, int t)
{
	int n = 0;

	afx_drain(f);
	for (int i = 0; i < f->n; i++)
		n += (int)f->ev[i].type == t;
	return n;
}

void afx_queue(struct afx *f, const char *name, enum cti_acd_strategy s,
	       uint16_t skill, uint8_t level)
{
	struct cti_acd_queue_config q = { .name = name, .strategy = s,
					  .n_skills = 1 };

	q.skills[0].skill = skill;
	q.skills[0].level = level;
	ck_assert_int_eq(cti_acd_queue_add(f->acd, &q), 0);
}

void afx_agent(struct afx *f, const char *name, uint16_t skill,
	       uint8_t level)
{
	struct cti_acd_skill sk = { skill, level };

	ck_assert_int_eq(cti_acd_agent_login(f->acd, name, &sk, 1, f->now), 0);
	ck_assert_int_eq(cti_acd_agent_ready(f->acd, name, f->now), 0);
	afx_drain(f);
}
