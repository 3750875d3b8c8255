/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by the ACD tests: an ACD under virtual time and its events. */
#ifndef ACD_TEST_FIXTURE_H
#define ACD_TEST_FIXTURE_H

#include <string.h>

#include "cti/acd.h"
#include "unit.h"

#define MAX_EV 4096

struct afx {
	cti_acd_t *acd;
	uint64_t now;
	struct cti_acd_event ev[MAX_EV];
	int n;
};

void afx_new(struct afx *f, const struct cti_acd_config *cfg);
void afx_free(struct afx *f);
/* advance to now + ms, collecting events */
void afx_run(struct afx *f, uint64_t ms);
/* collect what is queued without moving time */
void afx_drain(struct afx *f);
/* the index of the first event of type t (for call id, agent; 0/NULL:
 * any) at or after from, or -1 */
int afx_find(struct afx *f, int from, int t, uint64_t call,
	     const char *agent);
int afx_count(struct afx *f, int t);
/* a queue of one skill at min level, strategy s */
void afx_queue(struct afx *f, const char *name, enum cti_acd_strategy s,
	       uint16_t skill, uint8_t level);
/* an agent with one skill, logged in and READY */
void afx_agent(struct afx *f, const char *name, uint16_t skill,
	       uint8_t level);

#endif
