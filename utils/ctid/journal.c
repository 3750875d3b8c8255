// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The calls journal in the store: an open-call row at each arrival
 * (cti_store_call_opened, durable when it returns), replaced by the
 * whole-call record when the engine gives it (CTI_CENTER_EV_RECORD,
 * cti_store_put_call_records removes the row). What a kill -9 or a crash
 * leaves open, the next start closes with cause 41 (apply.c).
 */
#include <stdio.h>
#include <time.h>

#include "daemon.h"

int64_t ctid_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void call_arrived(struct ctid *d, const struct cti_center_event *e)
{
	struct cti_center_record r = { .call = e->call,
				       .epoch_ms = ctid_wall_ms(),
				       .arrived_ms = e->time_ms };
	int rc;

	snprintf(r.ani, sizeof(r.ani), "%s", e->ani);
	snprintf(r.dnis, sizeof(r.dnis), "%s", e->dnis);
	snprintf(r.trunk, sizeof(r.trunk), "%s", e->trunk);
	if ((rc = cti_store_call_opened(d->store, &r)))
		ctid_log(d, CTI_LOG_WARNING,
			 "call %u: store: not journalled (%s): a crash now "
			 "would leave no record of it",
			 e->call, cti_strerror(rc));
}

void ctid_journal(struct ctid *d, const struct cti_center_event *e)
{
	int rc;

	if (!d->store)
		return;
	if (e->type == CTI_CENTER_EV_ARRIVED)
		call_arrived(d, e);
	else if (e->type == CTI_CENTER_EV_RECORD &&
		 (rc = cti_store_put_call_records(d->store, &e->u.record, 1)))
		ctid_log(d, CTI_LOG_WARNING, "call %u: store: record lost: %s",
			 e->call, cti_strerror(rc));
}
