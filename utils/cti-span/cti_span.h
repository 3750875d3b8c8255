/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cti-span: commands and shared helpers (tool-internal). */
#ifndef CTI_SPAN_TOOL_H
#define CTI_SPAN_TOOL_H

#include <stdbool.h>

#include "cti/spandiag.h"

/* Exit status: documented in cti-span(1). */
#include "../common/tool.h"

struct opts {
	bool json;
	double interval; /* seconds between the samples rates come from */
	int seconds;     /* bert duration */
	int count;       /* watch: refreshes before exiting, 0 = until ^C */
};

/* A counter of struct cti_span_counters, for loops over all of them. */
struct counter_def {
	const char *name;
	const char *what;
	size_t offset;
	bool is_error; /* a rising value means trouble */
};
extern const struct counter_def counter_defs[];
extern const unsigned int n_counter_defs;

static inline uint32_t counter_value(const struct cti_span_counters *c,
				     const struct counter_def *d)
{
	return *(const uint32_t *)((const char *)c + d->offset);
}

/* Read span n or print why not; returns 0 or an exit status. */
int read_span(int spanno, struct cti_span_info *info);
/* Monotonic seconds. */
double now_s(void);
/* Sleep s seconds; false if interrupted by SIGINT/SIGTERM. */
bool pause_s(double s);
/* Set by SIGINT/SIGTERM. */
extern volatile int stop_requested;
void catch_stop_signals(void);

int cmd_list(const struct opts *o);
int cmd_show(int spanno, const struct opts *o);
int cmd_watch(int spanno, const struct opts *o);
int cmd_loop(int spanno, const char *mode, const struct opts *o);
int cmd_bert(int spanno, const struct opts *o);
int cmd_reset(int spanno, const struct opts *o);
int cmd_inject(int spanno, const char *fault, const char *rate,
	       const struct opts *o);

#endif
