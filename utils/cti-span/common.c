// SPDX-License-Identifier: LGPL-2.1-or-later
/* cti-span: counters table, span reading with operator-facing errors,
 * time and signals. */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "cti_span.h"

#define C(field, what, err) \
	{ #field, what, offsetof(struct cti_span_counters, field), err }
const struct counter_def counter_defs[] = {
	C(bpv, "bipolar violations", true),
	C(cv, "line code violations", true),
	C(fas, "frame alignment word errors", true),
	C(fe, "framing errors", true),
	C(crc4, "CRC-4/CRC-6 block errors", true),
	C(ebit, "far-end block errors (E-bits)", true),
	C(errsec, "errored seconds", true),
	C(timingslips, "timing slips", true),
	C(be, "PRBS bit errors", true),
	C(prbs, "PRBS pattern detected", false),
	C(irqmisses, "missed driver ticks", false),
};
#undef C
const unsigned int n_counter_defs =
	sizeof(counter_defs) / sizeof(counter_defs[0]);

volatile int stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

void catch_stop_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);  /* no SA_RESTART: wake the sleep */
	sigaction(SIGTERM, &sa, NULL);
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

bool pause_s(double s)
{
	struct timespec ts = { .tv_sec = (time_t)s,
			       .tv_nsec = (long)((s - (time_t)s) * 1e9) };

	while (!stop_requested && nanosleep(&ts, &ts) && errno == EINTR)
		;
	return !stop_requested;
}

int read_span(int spanno, struct cti_span_info *info)
{
	int rc = cti_span_info_get(spanno, info);

	if (!rc)
		return 0;
	if (rc == CTI_ENOENT)
		fprintf(stderr, "cti-span: no span %d (see 'cti-span list')\n",
			spanno);
	else if (rc == CTI_ENODEV)
		fprintf(stderr, "cti-span: DAHDI is not loaded "
				"(no /sys/bus/dahdi_spans)\n");
	else
		fprintf(stderr, "cti-span: span %d: %s\n", spanno,
			cti_strerror(rc));
	return EXIT_USAGE;
}
