// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctid's logging: the library's messages and the daemon's own go through
 * the context's one sink, to stderr ("ctid[module] level: msg") or to the
 * journal (its priority is the level: both follow syslog's order). No
 * secret is ever passed here: collected digits and keys are not logged.
 */
#include <stdarg.h>
#include <stdio.h>
#include <systemd/sd-journal.h>

#include "daemon.h"

static uint32_t log_target = CTID_LOG_STDERR;
static int log_level = CTI_LOG_NOTICE;

static void sink(void *user, int level, const char *module, const char *msg)
{
	(void)user;
	if (log_target == CTID_LOG_JOURNAL)
		sd_journal_send("MESSAGE=%s: %s", module, msg, "PRIORITY=%d",
				level, "SYSLOG_IDENTIFIER=ctid",
				"CTI_MODULE=%s", module, NULL);
	else
		fprintf(stderr, "ctid[%s] %s: %s\n", module,
			cti_log_level_name(level), msg);
}

void ctid_log_setup(struct ctid *d, uint32_t target, int level)
{
	log_target = target;
	log_level = level;
	if (d->ctx) {
		cti_ctx_set_log(d->ctx, sink, NULL);
		cti_ctx_set_log_level(d->ctx, level);
	}
}

void ctid_log_level(struct ctid *d, int level)
{
	log_level = level;
	if (d->ctx)
		cti_ctx_set_log_level(d->ctx, level);
}

void ctid_log(struct ctid *d, int level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	(void)d;
	if (level > log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sink(NULL, level, "ctid", msg);
}
