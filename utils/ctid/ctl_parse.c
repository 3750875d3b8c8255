// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctid's control protocol: a request line parsed and checked against the
 * command table, the command run, its reply (or the error) made one
 * line. Nothing here touches a socket, so the fuzzer drives it whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

static const struct ctl_command *find_command(const char *name)
{
	for (const struct ctl_command *c = ctl_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

struct arg_def {
	const char *key;
	uint32_t bit; /* enum ctl_arg */
};

static const struct arg_def arg_defs[] = {
	{ "agent", CTL_ARG_AGENT },	{ "extension", CTL_ARG_EXTENSION },
	{ "reason", CTL_ARG_REASON },	{ "drain", CTL_ARG_DRAIN },
	{ "seconds", CTL_ARG_SECONDS }, { "span", CTL_ARG_SPAN },
	{ "file", CTL_ARG_FILE },
};

static uint32_t arg_bit(const char *key)
{
	for (size_t i = 0; i < sizeof(arg_defs) / sizeof(arg_defs[0]); i++)
		if (!strcmp(arg_defs[i].key, key))
			return arg_defs[i].bit;
	return 0;
}

static const char *arg_key(uint32_t bit)
{
	for (size_t i = 0; i < sizeof(arg_defs) / sizeof(arg_defs[0]); i++)
		if (arg_defs[i].bit == bit)
			return arg_defs[i].key;
	return "?";
}

/* A name (agent, extension, span): 1..cap-1 printable bytes. */
static int take_name(const char *key, json_t *v, char *dst, size_t cap,
		     char *why, size_t why_len)
{
	const char *s = json_string_value(v);
	size_t n;

	if (!s) {
		snprintf(why, why_len, "%s: must be a string", key);
		return CTI_EINVAL;
	}
	n = json_string_length(v);
	if (n == 0 || n >= cap) {
		snprintf(why, why_len, "%s: must be 1 to %zu characters", key,
			 cap - 1);
		return CTI_EINVAL;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			snprintf(why, why_len,
				 "%s: must not hold control characters", key);
			return CTI_EINVAL;
		}
	memcpy(dst, s, n + 1);
	return 0;
}

static int take_int(const char *key, json_t *v, long long hi, long long *out,
		    char *why, size_t why_len)
{
	long long n;

	if (!json_is_integer(v)) {
		snprintf(why, why_len, "%s: must be a whole number", key);
		return CTI_EINVAL;
	}
	n = json_integer_value(v);
	if (n < 0 || n > hi) {
		snprintf(why, why_len, "%s: must be 0 to %lld", key, hi);
		return CTI_EINVAL;
	}
	*out = n;
	return 0;
}

/* "file": an absolute path the daemon opens itself, or null (off). */
static int take_file(json_t *v, struct ctl_request *rq, char *why,
		     size_t why_len)
{
	const char *s = json_string_value(v);
	size_t n;

	if (json_is_null(v)) {
		rq->file[0] = '\0';
		return 0;
	}
	if (!s) {
		snprintf(why, why_len, "file: must be a path or null");
		return CTI_EINVAL;
	}
	n = json_string_length(v);
	if (n != strlen(s) || s[0] != '/' || n >= sizeof(rq->file)) {
		snprintf(why, why_len,
			 "file: must be an absolute path (under %d bytes)",
			 PATH_MAX);
		return CTI_EINVAL;
	}
	memcpy(rq->file, s, n + 1);
	return 0;
}

static int take_arg(struct ctl_request *rq, const char *key, uint32_t bit,
		    json_t *v, char *why, size_t why_len)
{
	long long n = 0;
	int rc;

	switch (bit) {
	case CTL_ARG_AGENT:
		return take_name(key, v, rq->agent, sizeof(rq->agent), why,
				 why_len);
	case CTL_ARG_EXTENSION:
		return take_name(key, v, rq->extension, sizeof(rq->extension),
				 why, why_len);
	case CTL_ARG_SPAN:
		return take_name(key, v, rq->span, sizeof(rq->span), why,
				 why_len);
	case CTL_ARG_REASON:
		rc = take_int(key, v, INT32_MAX, &n, why, why_len);
		rq->reason = (int32_t)n;
		return rc;
	case CTL_ARG_SECONDS:
		rc = take_int(key, v, 86400, &n, why, why_len);
		rq->seconds = (uint32_t)n;
		return rc;
	case CTL_ARG_DRAIN:
		if (!json_is_boolean(v)) {
			snprintf(why, why_len, "drain: must be true or false");
			return CTI_EINVAL;
		}
		rq->drain = json_is_true(v);
		return 0;
	case CTL_ARG_FILE:
		return take_file(v, rq, why, why_len);
	}
	return CTI_EINVAL;
}

static int check_args(json_t *o, struct ctl_request *rq, char *why,
		      size_t why_len)
{
	const struct ctl_command *c = rq->cmd;
	const char *key;
	json_t *v;
	int rc;

	json_object_foreach(o, key, v)
	{
		uint32_t bit;

		if (!strcmp(key, "cmd"))
			continue;
		bit = arg_bit(key);
		if (!bit || !(c->args & bit)) {
			snprintf(why, why_len, "%s: unknown argument '%s' (%s)",
				 c->name, key, c->help);
			return CTI_EINVAL;
		}
		rc = take_arg(rq, key, bit, v, why, why_len);
		if (rc)
			return rc;
		rq->given |= bit;
	}
	for (uint32_t bit = 1; bit <= CTL_ARG_FILE; bit <<= 1)
		if ((c->need & bit) && !(rq->given & bit)) {
			snprintf(why, why_len, "%s: '%s' missing (%s)", c->name,
				 arg_key(bit), c->help);
			return CTI_EINVAL;
		}
	return 0;
}

int ctl_parse_request(const char *line, size_t len, struct ctl_request *rq,
		      char *why, size_t why_len)
{
	json_error_t jerr;
	json_t *o, *cmd;
	int rc;

	memset(rq, 0, sizeof(*rq));
	why[0] = '\0';
	o = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
		       &jerr);
	if (!o) {
		snprintf(why, why_len, "not JSON: %s at column %d", jerr.text,
			 jerr.column);
		return CTI_EFORMAT;
	}
	if (!json_is_object(o)) {
		snprintf(why, why_len, "a request is a JSON object");
		json_decref(o);
		return CTI_EFORMAT;
	}
	cmd = json_object_get(o, "cmd");
	if (!json_is_string(cmd)) {
		snprintf(why, why_len, "cmd: missing (a string: the command)");
		json_decref(o);
		return CTI_EINVAL;
	}
	rq->cmd = find_command(json_string_value(cmd));
	if (!rq->cmd) {
		/* the name is not echoed: it may be anything, of any length */
		snprintf(why, why_len,
			 "cmd: no such command (cti-ctl --help "
			 "lists them)");
		json_decref(o);
		return CTI_ENOTSUP;
	}
	rc = check_args(o, rq, why, why_len);
	json_decref(o);
	return rc;
}

static char *dump_line(json_t *o)
{
	char *s, *line;
	size_t n;

	if (!o)
		return NULL;
	s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(o);
	if (!s)
		return NULL;
	n = strlen(s);
	line = realloc(s, n + 2);
	if (!line) {
		free(s);
		return NULL;
	}
	line[n] = '\n';
	line[n + 1] = '\0';
	return line;
}

/* The reason goes out as printable ASCII: jansson's own messages quote
 * the input near the fault, which may be cut inside a UTF-8 sequence
 * (and a string that is not UTF-8 is no JSON string). */
char *ctl_error_line(int err, const char *why)
{
	char text[512];
	size_t i;

	for (i = 0; why[i] && i + 1 < sizeof(text); i++)
		text[i] = why[i] >= 0x20 && why[i] < 0x7f ? why[i] : '?';
	text[i] = '\0';
	return dump_line(json_pack("{s:b, s:s, s:s}", "ok", 0, "error",
				   cti_err_name(err), "why", text));
}

char *ctl_handle_line(struct ctid *d, const char *line, size_t len)
{
	struct ctl_request rq;
	char why[512];
	json_t *reply;
	int rc;

	rc = ctl_parse_request(line, len, &rq, why, sizeof(why));
	if (rc)
		return ctl_error_line(rc, why);
	reply = json_pack("{s:b}", "ok", 1);
	if (!reply)
		return NULL;
	why[0] = '\0';
	rc = rq.cmd->fn(d, &rq, reply, why, sizeof(why));
	if (rc) {
		json_decref(reply);
		if (!why[0])
			snprintf(why, sizeof(why), "%s: %s", rq.cmd->name,
				 cti_strerror(rc));
		return ctl_error_line(rc, why);
	}
	return dump_line(reply);
}
