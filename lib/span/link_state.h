/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Q.921 state of a DAHDI span's D channel, published by the process that
 * holds the channel (DAHDI itself cannot know it: HDLC frames pass through
 * it, the data link lives in the application) so that span diagnostics
 * (cti-span show) can print it. One small file per span:
 *
 *   $CTI_RUNDIR (default /run/cti)/span-<N>.q921
 *     pid=<holder> state=up|down side=net|cpe since=<unix time>
 *     calls=<hex: bit c set while a call holds B-channel c>
 *
 * DAHDI sees every B-channel the holder opened as "in use"; only the
 * holder knows which of them carry a call. (Files without calls= come
 * from an older holder: which channels carry calls is then unknown.)
 * Written atomically (rename); removed when the holder closes the span.
 */
#ifndef CTI_SPAN_LINK_STATE_H
#define CTI_SPAN_LINK_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct cti__link_state {
	pid_t pid;
	bool up;
	bool net;     /* network side */
	int64_t since; /* unix time of the last change */
	uint32_t calls; /* bit c: a call holds B-channel c */
	bool calls_known;
};

/* Best effort: returns 0 or a negative errno (no /run/cti, not root...). */
int cti__link_state_write(int spanno, const struct cti__link_state *st);
void cti__link_state_remove(int spanno);
/* 0 if a live process publishes span spanno's state, else CTI_ENOENT. */
int cti__link_state_read(int spanno, struct cti__link_state *st);

#endif
