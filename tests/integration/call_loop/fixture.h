/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by the loop-backend call tests: two spans back to back under
 * virtual time, every event recorded. */
#ifndef CALL_LOOP_FIXTURE_H
#define CALL_LOOP_FIXTURE_H

#include "cti/call.h"
#include "cti/ctx.h"
#include "cti/span.h"
#include "unit.h"

#define MAX_EVENTS 8192

struct fx {
	cti_ctx_t *ctx;
	cti_span_id_t net, cpe; /* span ids */
	struct cti_event ev[MAX_EVENTS];
	int n;
};

extern struct fx F;

/* type E1/T1, switch, overlap on the network side */
void fx_open(int type, int sw, bool overlap);
/* the same with these configs, nothing run yet */
void fx_open_raw(const struct cti_span_config *n,
		 const struct cti_span_config *c);
void fx_close(void);
/* advance virtual time, recording events */
void fx_run_ms(uint64_t ms);
/* index of the first event of `type` for `call` (0: any) at or after
 * `from`, or -1 */
int fx_find(int from, int type, cti_call_id_t call);
int fx_count(int type, cti_span_id_t span);
/* the first OFFERED on `span` after `from`: its call id, or 0 */
cti_call_id_t fx_offered(int from, cti_span_id_t span);
/* place a call from `span` to `dnis` (channel any) and check 0 */
cti_call_id_t fx_dial(cti_span_id_t span, const char *dnis);
/* dial, answer at the far end, run until both established */
void fx_connect(cti_span_id_t from, const char *dnis, cti_call_id_t *out,
		cti_call_id_t *in);

#endif
