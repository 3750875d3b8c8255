// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctid's control requests (utils/ctid/ctl_parse.c): one line of anything
 * a client of the socket may send, parsed against the real command table.
 * Checks: a refusal is one of the documented codes with a NUL-terminated
 * reason, and its error line is JSON saying so; an accepted request names
 * a command, carries only arguments that command takes and all it needs,
 * within their bounds.
 */
#include <jansson.h>

#include "fuzz.h"

#include "../../../utils/ctid/ctid.h"
#include "../../../utils/ctid/ctl.h"

/* The command functions are never run here (only parsed for): the
 * daemon's side is not linked. */
int ctid_reload(struct ctid *d, char *why, size_t why_len)
{
	(void)d, (void)why, (void)why_len;
	abort();
}

int ctid_drain(struct ctid *d, uint32_t timeout_ms)
{
	(void)d, (void)timeout_ms;
	abort();
}

int ctid_agent_login(struct ctid *d, const char *agent, const char *ext)
{
	(void)d, (void)agent, (void)ext;
	abort();
}

int ctid_span_capture(struct ctid *d, const char *span, const char *path,
		      char *why, size_t why_len)
{
	(void)d, (void)span, (void)path, (void)why, (void)why_len;
	abort();
}

static void check_error_line(int rc, const char *why)
{
	char *line = ctl_error_line(rc, why);
	json_t *o;

	FZ_CHECK(line != NULL);
	FZ_CHECK(line[strlen(line) - 1] == '\n');
	FZ_CHECK(strchr(line, '\n') == line + strlen(line) - 1);
	o = json_loads(line, 0, NULL);
	FZ_CHECK(json_is_object(o));
	FZ_CHECK(json_is_false(json_object_get(o, "ok")));
	FZ_CHECK(!strcmp(json_string_value(json_object_get(o, "error")),
			 cti_err_name(rc)));
	json_decref(o);
	free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_request rq;
	char why[512];
	int rc;

	if (size >= CTID_CTL_MAX_REQUEST)
		return 0; /* refused by the socket before the parser */
	memset(why, 0x55, sizeof(why));
	rc = ctl_parse_request((const char *)data, size, &rq, why, sizeof(why));
	FZ_CHECK(memchr(why, '\0', sizeof(why)) != NULL);
	if (rc) {
		FZ_CHECK(rc == CTI_EFORMAT || rc == CTI_ENOTSUP ||
			 rc == CTI_EINVAL);
		FZ_CHECK(why[0] != '\0');
		check_error_line(rc, why);
		return 0;
	}
	FZ_CHECK(rq.cmd != NULL && rq.cmd->name != NULL);
	FZ_CHECK((rq.given & ~rq.cmd->args) == 0);
	FZ_CHECK((rq.cmd->need & ~rq.given) == 0);
	FZ_CHECK(memchr(rq.agent, '\0', sizeof(rq.agent)) != NULL);
	FZ_CHECK(memchr(rq.extension, '\0', sizeof(rq.extension)) != NULL);
	FZ_CHECK(memchr(rq.span, '\0', sizeof(rq.span)) != NULL);
	FZ_CHECK(memchr(rq.file, '\0', sizeof(rq.file)) != NULL);
	FZ_CHECK(!(rq.given & CTL_ARG_AGENT) || rq.agent[0]);
	FZ_CHECK(!(rq.given & CTL_ARG_SPAN) || rq.span[0]);
	FZ_CHECK(!rq.file[0] || rq.file[0] == '/');
	FZ_CHECK(rq.reason >= 0 && rq.seconds <= 86400);
	return 0;
}
