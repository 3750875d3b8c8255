/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cti-ctl: the parts of the tool (tool-internal). */
#ifndef CTI_CTL_TOOL_H
#define CTI_CTL_TOOL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Exit status: documented in cti-ctl(1). */
#include "../common/tool.h"

#define CTI_CTL_SOCKET "/run/ctid/ctl.sock"
/* How long a reply may take (a reload loads flows and prompts). */
#define CTI_CTL_TIMEOUT_MS (120 * 1000)

/*
 * Send one request line to the socket and read the one reply line into
 * *reply (malloc'd, without its newline). Returns 0, or prints why not
 * (naming the socket) and returns EXIT_USAGE.
 */
int ctl_exchange(const char *socket_path, const char *request, char **reply);

/* Print the reply of `cmd` as text on stdout. */
void print_reply(const char *cmd, json_t *reply);

/* A duration in milliseconds as "5s", "2m05s", "1h02m05s". */
void fmt_duration(char *buf, size_t cap, long long ms);

#endif
