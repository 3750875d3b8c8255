// SPDX-License-Identifier: LGPL-2.1-or-later
/* cti-call --pcap FILE: our span's D channel captured for Wireshark. */
#include <stdio.h>

#include "cti_call.h"

int capture_start(struct tool *t)
{
	int rc;

	if (!t->o->pcap)
		return 0;
	/* right after the span opened: the capture begins with the link's
	 * establishment (SABME, UA) */
	rc = cti_span_set_capture(t->ctx, t->span, t->o->pcap);
	if (rc)
		fprintf(stderr, "cti-call: --pcap %s: %s\n", t->o->pcap,
			cti_strerror(rc));
	return rc;
}
