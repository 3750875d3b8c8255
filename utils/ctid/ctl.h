/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ctid's control socket, inside: the protocol cti-ctl speaks (one JSON
 * object a line each way, docs in cti-ctl(1)), its request parser (pure:
 * no daemon needed, fuzzed by tests/fuzz/ctid_ctl) and the command table.
 *
 * A request:  {"cmd":"agent-pause","agent":"alice","reason":3}
 * A reply:    {"ok":true,...} or {"ok":false,"error":"CTI_ENOENT","why":"..."}
 */
#ifndef CTID_CTL_H
#define CTID_CTL_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cti/cti.h"

struct ctid;

/* Longest request line, newline included: anything longer is refused
 * (CTI_E2BIG) and skipped up to its newline. */
#define CTID_CTL_MAX_REQUEST 4096
/* Clients served at once; one more is accepted, told CTI_EBUSY, closed. */
#define CTID_CTL_MAX_CLIENTS 32

/* The arguments a command may take (bits of ctl_command.args/.need). */
enum ctl_arg {
	CTL_ARG_AGENT = 1 << 0,	    /* "agent": string */
	CTL_ARG_EXTENSION = 1 << 1, /* "extension": string */
	CTL_ARG_REASON = 1 << 2,    /* "reason": integer 0..2^31-1 */
	CTL_ARG_DRAIN = 1 << 3,	    /* "drain": bool */
	CTL_ARG_SECONDS = 1 << 4,   /* "seconds": integer 0..86400 */
	CTL_ARG_SPAN = 1 << 5,	    /* "span": string */
	CTL_ARG_FILE = 1 << 6,	    /* "file": absolute path, or null: off */
};

struct ctl_request {
	const struct ctl_command *cmd;
	uint32_t given; /* enum ctl_arg bits present */
	char agent[CTI_NAME_MAX];
	char extension[CTI_NUMBER_MAX];
	int32_t reason;
	bool drain;
	uint32_t seconds;
	char span[CTI_NAME_MAX];
	char file[PATH_MAX]; /* "" with CTL_ARG_FILE given: capture off */
};

/* Runs a parsed request, adding its data to `reply` ({"ok":true} so
 * far). Returns 0, or a CTI_E* code with `why` saying what failed (the
 * error reply is made of them; "" gives the code's text). */
typedef int (*ctl_fn)(struct ctid *d, const struct ctl_request *rq,
		      json_t *reply, char *why, size_t why_len);

struct ctl_command {
	const char *name;
	uint32_t args; /* enum ctl_arg bits it accepts */
	uint32_t need; /* ... and of those, those it requires */
	ctl_fn fn;
	const char *help; /* its arguments, for the error replies */
};

/* The table (ctl_cmds.c), NULL-name terminated. */
extern const struct ctl_command ctl_commands[];

/*
 * Parse one request line (without its newline; `len` bytes, not NUL
 * terminated). Returns 0 with *rq filled, or CTI_EFORMAT (not JSON, not
 * an object), CTI_ENOTSUP (no such command), CTI_EINVAL (an argument
 * missing, unknown, of the wrong type or out of range) with `why`
 * saying which.
 */
int ctl_parse_request(const char *line, size_t len, struct ctl_request *rq,
		      char *why, size_t why_len);

/* {"ok":false,"error":"CTI_...","why":"..."} as one line with '\n', in
 * malloc'd memory (NULL: out of memory). */
char *ctl_error_line(int err, const char *why);

/* The reply to one whole request line, as a malloc'd line ending in
 * '\n' (NULL: out of memory). */
char *ctl_handle_line(struct ctid *d, const char *line, size_t len);

#endif
