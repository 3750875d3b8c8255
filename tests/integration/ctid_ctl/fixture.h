/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ctid's control socket against a real engine: a struct ctid with a real
 * context (virtual clock, so every time shown is exact), two loop span
 * pairs (the test plays the exchange on one and the agents' phones on the
 * other), a real cti_center with a queue, agents and calls, and the
 * control socket open in a temporary directory. The real cti-ctl binary
 * is run against it while the test pumps the context's loop.
 */
#ifndef CTID_CTL_FIXTURE_H
#define CTID_CTL_FIXTURE_H

#include "cti/cti.h"
#include "unit.h"

#include "../../../utils/ctid/ctid.h"
#include "../../../utils/ctid/ctl.h"

#define MAX_EV 4096

struct fx {
	struct ctid d;
	cti_span_id_t pstn, phones; /* the test's ends */
	char dir[64];		    /* the temporary directory */
	char sock[100];		    /* the control socket in it */
	struct cti_event ev[MAX_EV];
	int n;
	struct cti_center_event cev[MAX_EV];
	int nc;
	/* what the daemon stand-ins were asked (see fixture.c) */
	int drain_calls;
	uint32_t drain_ms;
	int reload_rc; /* what the next reload returns */
};

extern struct fx F;

void fx_open(void);
void fx_close(void);
void fx_run(uint64_t ms);
/* the engine's first event of `type` for `call` (0: any), or -1 */
int fx_cfind(int type, uint32_t call);
cti_call_id_t fx_dial(const char *dnis, const char *ani);
/* the call ringing extension `ext` on the phones' span, or 0 */
cti_call_id_t fx_ringing(const char *ext);

struct ctl_run {
	int status;
	char out[16384];
	char err[4096];
};
/* Run build/bin/cti-ctl -s SOCKET ARGS... (NULL-terminated) while the
 * loop runs, to its exit. */
void fx_ctl(struct ctl_run *r, const char *const *args);
#define FX_CTL(r, ...)                                          \
	do {                                                    \
		const char *const a_[] = { __VA_ARGS__, NULL }; \
		fx_ctl(r, a_);                                  \
	} while (0)

/* Turn the daemon's loop n times (no time passes). */
void fx_pump(int n);
/* A raw client: connect, send bytes, read one reply line (the loop
 * pumped meanwhile). */
int fx_connect(void);
void fx_send(int fd, const char *s, size_t n);
/* the next line (without '\n'), "" if the connection closed first */
void fx_line(int fd, char *buf, size_t cap);

#endif
