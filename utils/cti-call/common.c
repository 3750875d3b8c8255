// SPDX-License-Identifier: LGPL-2.1-or-later
/* cti-call: time and event lines shared by the commands. */
#include <stdio.h>

#include "cti_call.h"

double tool_now_s(const struct tool *t)
{
	return (double)cti_now_ms(t->ctx) / 1e3;
}

/* "CALL_ESTABLISHED" -> "ESTABLISHED" */
static const char *short_name(int type)
{
	const char *n = cti_event_name(type);

	return n[0] && n[1] && n[2] && n[3] && n[4] == '_' ? n + 5 : n;
}

void print_event(const struct tool *t, const struct cti_event *ev,
		 const char *who)
{
	const struct cti_call_event *c = &ev->u.call;
	char bchan[8] = "-";

	if (t->o->json)
		return;
	if (ev->type >= CTI_EVENT_SPAN_ALARM) {
		char al[96];

		cti_span_alarms_str(ev->u.span.alarms, al, sizeof(al));
		printf("%9.3f s  %-6s span %-3u %-17s alarms %s\n",
		       (double)ev->time_ms / 1e3, who, ev->u.span.span_id,
		       short_name((int)ev->type), al);
		return;
	}
	if (c->bchan > 0)
		snprintf(bchan, sizeof(bchan), "B%d", c->bchan);
	printf("%9.3f s  %-6s call %-3u %-17s %-4s", (double)ev->time_ms / 1e3,
	       who, c->call_id, short_name((int)ev->type), bchan);
	if (ev->type == CTI_EVENT_CALL_OFFERED ||
	    ev->type == CTI_EVENT_CALL_ORIGINATED)
		printf(" from %s to %s", c->ani.digits[0] ? c->ani.digits : "-",
		       c->dnis.digits);
	if ((ev->type == CTI_EVENT_CALL_OFFERED ||
	     ev->type == CTI_EVENT_CALL_ORIGINATED) &&
	    c->category)
		printf(" category %s", cti_r2_category_name(c->category));
	if (ev->type == CTI_EVENT_CALL_CLEARED ||
	    ev->type == CTI_EVENT_CALL_FAILED)
		printf(" cause %d (%s)", c->cause, cti_cause_text(c->cause));
	if (ev->type == CTI_EVENT_CALL_DIGITS)
		printf(" digits %s", c->digits);
	putchar('\n');
	fflush(stdout);
}
