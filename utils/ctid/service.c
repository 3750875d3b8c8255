// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctid under systemd (Type=notify, sd_notify(3)): readiness with a
 * status line, the watchdog's keep-alive on a context timer at half the
 * period systemd asks for, RELOADING=1/READY=1 around a reload (with
 * MONOTONIC_USEC, which systemd 253 and later want with RELOADING=1 for
 * Type=notify-reload and older ones ignore), STOPPING=1. Without
 * NOTIFY_SOCKET every call does nothing.
 */
#include <inttypes.h>
#include <stdio.h>
#include <systemd/sd-daemon.h>
#include <time.h>

#include "ctid.h"

static void watchdog_kick(cti_ctx_t *ctx, void *user)
{
	struct ctid *d = user;
	int64_t t;

	sd_notify(0, "WATCHDOG=1");
	/* the loop is alive if this runs: the next one only from it too */
	t = cti_timer_start(ctx, d->watchdog_ms, watchdog_kick, d);
	d->watchdog_timer = t > 0 ? t : 0;
}

/* WATCHDOG_USEC (for this process: sd_watchdog_enabled checks
 * WATCHDOG_PID) gives the period; the keep-alive goes at half of it. */
static void watchdog_start(struct ctid *d)
{
	uint64_t usec = 0;
	int64_t t;

	if (d->watchdog_timer || sd_watchdog_enabled(0, &usec) <= 0 || !usec)
		return;
	d->watchdog_ms = usec / 2000 ? usec / 2000 : 1;
	t = cti_timer_start(d->ctx, d->watchdog_ms, watchdog_kick, d);
	d->watchdog_timer = t > 0 ? t : 0;
}

int ctid_service_ready(struct ctid *d)
{
	char msg[160];
	int rc;

	snprintf(msg, sizeof(msg),
		 "READY=1\nSTATUS=%zu span(s), control socket %s", d->n_spans,
		 d->ctl ? "open" : "off");
	rc = sd_notify(0, msg);
	watchdog_start(d);
	return rc < 0 ? rc : 0;
}

void ctid_service_reloading(struct ctid *d, bool begin)
{
	struct timespec ts;
	char msg[96];

	if (!begin) {
		/* the daemon counts a reload that took */
		ctid_service_status(d, d->reloads != d->reloads_before
					       ? "reloaded"
					       : "reload refused, running "
						 "configuration kept");
		sd_notify(0, "READY=1");
		return;
	}
	d->reloads_before = d->reloads;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%" PRIu64,
		 (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u);
	sd_notify(0, msg);
}

void ctid_service_stopping(struct ctid *d)
{
	sd_notify(0, "STOPPING=1");
	/* the keep-alive goes on while a drain runs: the loop still runs
	 * and systemd's stop timeout, not the watchdog, bounds it */
	(void)d;
}

void ctid_service_status(struct ctid *d, const char *text)
{
	char msg[256];
	size_t i;

	(void)d;
	snprintf(msg, sizeof(msg), "STATUS=%s", text);
	/* one line: a newline in the text would start another field */
	for (i = 7; msg[i]; i++)
		if (msg[i] == '\n')
			msg[i] = ' ';
	sd_notify(0, msg);
}
