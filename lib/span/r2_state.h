/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Line state of an R2 (CAS) channel, published by the libcti process
 * whose lib/r2 runs openr2 on it (DAHDI itself sees only ABCD bits) so
 * that span diagnostics (cti-span show) can print it. One small file per
 * channel, like link_state.h's per span:
 *
 *   $CTI_RUNDIR (default /run/cti)/chan-<N>.r2
 *     pid=<holder> line=<idle|seized|answered|blocked|far-blocked>
 *     dir=<in|out|-> rx=<0..15> tx=<0..15> variant=<CN|ITU|..> since=<unix>
 *
 * Written atomically (rename); removed when the holder closes it.
 */
#ifndef CTI_SPAN_R2_STATE_H
#define CTI_SPAN_R2_STATE_H

#include <stdint.h>
#include <sys/types.h>

struct cti__r2_state {
	pid_t pid;
	char line[16];
	char dir[4]; /* "in", "out", "-" */
	int rx, tx;  /* last register signals, 1..15, 0 none */
	char variant[8];
	int64_t since;
};

/* Best effort: returns 0 or a negative errno. */
int cti__r2_state_write(int channo, const struct cti__r2_state *st);
void cti__r2_state_remove(int channo);
/* 0 if a live process publishes the channel's state, else CTI_ENOENT. */
int cti__r2_state_read(int channo, struct cti__r2_state *st);

#endif
