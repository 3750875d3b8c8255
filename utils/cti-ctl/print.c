// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-ctl: replies as text for people: aligned tables (a header row,
 * columns two spaces apart, "-" for nothing) and key/value lists. The
 * JSON (--json) is the daemon's reply as it came.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cti_ctl.h"

#define MAX_COLS 12

void fmt_duration(char *buf, size_t cap, long long ms)
{
	long long s = ms < 0 ? 0 : ms / 1000;

	if (s < 60)
		snprintf(buf, cap, "%llds", s);
	else if (s < 3600)
		snprintf(buf, cap, "%lldm%02llds", s / 60, s % 60);
	else
		snprintf(buf, cap, "%lldh%02lldm%02llds", s / 3600, s / 60 % 60,
			 s % 60);
}

/* How one column's cell is made from a row object. */
enum col_kind { STR, INT, DUR, PCT, BOOL, ALARMS };

struct col {
	const char *title;
	const char *key;
	enum col_kind kind;
};

static void cell(char *buf, size_t cap, json_t *row, const struct col *c)
{
	json_t *v = json_object_get(row, c->key), *a;
	size_t i, n;

	if (!v || json_is_null(v)) {
		snprintf(buf, cap, "-");
		return;
	}
	switch (c->kind) {
	case STR:
		snprintf(buf, cap, "%s",
			 json_string_length(v) ? json_string_value(v) : "-");
		break;
	case INT:
		snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
		break;
	case DUR:
		fmt_duration(buf, cap, (long long)json_integer_value(v));
		break;
	case PCT:
		snprintf(buf, cap, "%.1f%%", json_number_value(v));
		break;
	case BOOL:
		snprintf(buf, cap, "%s", json_is_true(v) ? "yes" : "no");
		break;
	case ALARMS:
		buf[0] = '\0';
		n = 0;
		json_array_foreach(v, i, a)
		{
			if (n >= cap)
				break;
			n += (size_t)snprintf(buf + n, cap - n, "%s%s",
					      i ? "," : "",
					      json_string_value(a));
		}
		if (!buf[0])
			snprintf(buf, cap, "-");
		break;
	}
}

/* A cell padded to its column; the last one ends the line, unpadded. */
static void put_cell(const char *s, size_t width, bool last)
{
	if (last)
		printf("%s\n", s);
	else
		printf("%-*s  ", (int)width, s);
}

/* One table of the array under `key`, columns as given. */
static void table(json_t *reply, const char *key, const struct col *cols,
		  size_t ncols)
{
	json_t *rows = json_object_get(reply, key), *row;
	size_t w[MAX_COLS], i, c;
	char buf[256];

	for (c = 0; c < ncols; c++)
		w[c] = strlen(cols[c].title);
	json_array_foreach(rows, i, row) for (c = 0; c < ncols; c++)
	{
		cell(buf, sizeof(buf), row, &cols[c]);
		if (strlen(buf) > w[c])
			w[c] = strlen(buf);
	}
	for (c = 0; c < ncols; c++)
		put_cell(cols[c].title, w[c], c + 1 == ncols);
	json_array_foreach(rows, i, row) for (c = 0; c < ncols; c++)
	{
		cell(buf, sizeof(buf), row, &cols[c]);
		put_cell(buf, w[c], c + 1 == ncols);
	}
}

#define TABLE(reply, key, cols) \
	table(reply, key, cols, sizeof(cols) / sizeof(cols[0]))

static const struct col span_cols[] = {
	{ "SPAN", "name", STR },
	{ "TRUNK", "trunk", STR },
	{ "SIG", "signalling", STR },
	{ "DAHDI", "dahdi_span", INT },
	{ "UP", "up", BOOL },
	{ "ALARMS", "alarms", ALARMS },
	{ "CHANNELS", "channels", INT },
	{ "IN USE", "in_use", INT },
	{ "CAPTURE", "capture", STR },
};

static const struct col call_cols[] = {
	{ "CALL", "id", INT },	    { "STATE", "state", STR },
	{ "ANI", "ani", STR },	    { "DNIS", "dnis", STR },
	{ "QUEUE", "queue", STR },  { "AGENT", "agent", STR },
	{ "AGE", "age_ms", DUR },   { "WAIT", "wait_ms", DUR },
	{ "TALK", "talk_ms", DUR },
};

static const struct col queue_cols[] = {
	{ "QUEUE", "name", STR },
	{ "WAITING", "waiting", INT },
	{ "OLDEST", "oldest_wait_ms", DUR },
	{ "STAFFED", "staffed", INT },
	{ "READY", "ready", INT },
	{ "OFFERED", "offered", INT },
	{ "ANSWERED", "answered", INT },
	{ "ABANDONED", "abandoned", INT },
	{ "SL", "service_level", PCT },
	{ "ASA", "asa_ms", DUR },
};

static const struct col agent_cols[] = {
	{ "AGENT", "name", STR },     { "EXT", "extension", STR },
	{ "STATE", "state", STR },    { "REASON", "reason", INT },
	{ "SINCE", "since_ms", DUR }, { "ANSWERED", "answered", INT },
};

static long long num(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static void print_status(json_t *r)
{
	char up[32];

	fmt_duration(up, sizeof(up), num(r, "uptime_ms"));
	printf("version   %s\n",
	       json_string_value(json_object_get(r, "version")));
	printf("uptime    %s\n", up);
	printf("calls     %lld\n", num(r, "calls"));
	printf("agents    %lld logged in, %lld ready\n",
	       num(r, "agents_logged_in"), num(r, "agents_ready"));
	printf("spans     %lld of %lld up\n", num(r, "spans_up"),
	       num(r, "spans_total"));
	printf("reloads   %lld\n", num(r, "reloads"));
	if (json_is_true(json_object_get(r, "draining"))) {
		fmt_duration(up, sizeof(up), num(r, "drain_left_ms"));
		printf("draining  yes, calls cleared in %s\n", up);
	} else {
		printf("draining  no\n");
	}
}

static void print_stop(json_t *r)
{
	char t[32];

	if (!num(r, "drain_ms")) {
		printf("stopping now: %lld call(s) cleared\n", num(r, "calls"));
		return;
	}
	fmt_duration(t, sizeof(t), num(r, "drain_ms"));
	printf("stopping: no new calls; %lld call(s) in progress have %s "
	       "to end\n",
	       num(r, "calls"), t);
}

void print_reply(const char *cmd, json_t *r)
{
	const char *s;

	if (!strcmp(cmd, "status")) {
		print_status(r);
	} else if (!strcmp(cmd, "spans")) {
		TABLE(r, "spans", span_cols);
	} else if (!strcmp(cmd, "calls")) {
		TABLE(r, "calls", call_cols);
	} else if (!strcmp(cmd, "queues")) {
		TABLE(r, "queues", queue_cols);
	} else if (!strcmp(cmd, "agents")) {
		TABLE(r, "agents", agent_cols);
	} else if (!strncmp(cmd, "agent-", 6)) {
		s = json_string_value(json_object_get(r, "state"));
		printf("%s: %s", json_string_value(json_object_get(r, "agent")),
		       s ? s : "?");
		if (s && !strcmp(s, "NOT_READY"))
			printf(" (reason %lld)", num(r, "reason"));
		putchar('\n');
	} else if (!strcmp(cmd, "reload")) {
		printf("reloaded (%lld since start)\n", num(r, "reloads"));
	} else if (!strcmp(cmd, "stop")) {
		print_stop(r);
	} else if (!strcmp(cmd, "capture")) {
		s = json_string_value(json_object_get(r, "capture"));
		printf("%s: capture %s%s\n",
		       json_string_value(json_object_get(r, "span")),
		       s ? "on " : "off", s ? s : "");
	}
}
