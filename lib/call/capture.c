// SPDX-License-Identifier: LGPL-2.1-or-later
/* The public side of D-channel captures: a span's pcap file (pri/capture.h). */
#include <stdio.h>

#include "call/call.h"
#include "pri/capture.h"

CTI_EXTERN int cti_span_set_capture(cti_ctx_t *ctx, cti_span_id_t span,
				    const char *pcap_path)
{
	struct cti__cspan *cs;
	struct cti__capture *cap;
	char label[16];
	int rc;

	if (!ctx)
		return CTI_EINVAL;
	cs = cti__cspan_find(ctx, span);
	if (!cs)
		return CTI_ENOENT;
	if (!cs->pri)
		return CTI_EINVAL; /* no D channel on this span */
	if (!pcap_path) {
		cti__pri_set_capture(cs->pri, NULL);
		return 0;
	}
	snprintf(label, sizeof(label), "span %u", (unsigned)span);
	/* the new file first: a path that fails leaves the old one going */
	rc = cti__capture_open(&cap, ctx, pcap_path,
			       cs->cfg.side == CTI_SIDE_NET, label);
	if (rc)
		return rc;
	cti__pri_set_capture(cs->pri, cap);
	return 0;
}
