// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-ctl: the operator's command line of ctid, over its control socket.
 * Exit status: 0 done, 1 ctid refused or the command failed, 2 usage or
 * cannot reach ctid (see cti-ctl(1)).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cti/cti.h"
#include "cti_ctl.h"

struct opts {
	const char *socket;
	bool json;
	bool drain;
};

static void usage(FILE *out)
{
	fputs("Usage: cti-ctl [-s SOCKET] [--json] COMMAND [ARGS]\n"
	      "\n"
	      "Commands:\n"
	      "  status                     version, uptime, calls, agents, "
	      "spans, reloads\n"
	      "  spans                      each span: trunk, signalling, up, "
	      "alarms, channels\n"
	      "  calls                      each call: state, ANI, DNIS, "
	      "queue, agent, times\n"
	      "  queues                     each queue: waiting, oldest wait, "
	      "staffed, ready,\n"
	      "                             this interval's SL, ASA, "
	      "abandons\n"
	      "  agents                     each agent logged in: extension, "
	      "state, since\n"
	      "  agent login NAME [EXT]     log in (at EXT, else the "
	      "configured extension)\n"
	      "  agent ready NAME\n"
	      "  agent pause NAME [REASON]  NOT_READY with a reason code (0)\n"
	      "  agent logout NAME\n"
	      "  reload                     read the configuration again; "
	      "no call is dropped\n"
	      "  stop [--drain [SECONDS]]   stop; with --drain new calls are "
	      "refused and\n"
	      "                             calls in progress have SECONDS "
	      "(the configured\n"
	      "                             drain) before they are cleared\n"
	      "  capture SPAN on FILE       D-channel frames to a pcap file\n"
	      "  capture SPAN off\n"
	      "\n"
	      "Options:\n"
	      "  -s, --socket SOCKET  ctid's control socket "
	      "(" CTI_CTL_SOCKET ")\n"
	      "  -j, --json           the reply as JSON, one line\n"
	      "  -d, --drain          stop: let calls end first\n"
	      "  -h, --help           this text\n"
	      "  -V, --version        libcti version\n"
	      "\n"
	      "Exit status: 0 done, 1 refused or failed, 2 usage or cannot "
	      "reach ctid.\n",
	      out);
}

static int wrong_args(const char *what)
{
	fprintf(stderr, "cti-ctl: %s\nTry 'cti-ctl --help'.\n", what);
	return EXIT_USAGE;
}

static int whole(const char *what, const char *s, long hi, json_int_t *v)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (end == s || *end || errno || n < 0 || n > hi) {
		fprintf(stderr,
			"cti-ctl: '%s' is not %s (a whole number, 0 "
			"to %ld)\n",
			s, what, hi);
		return -1;
	}
	*v = n;
	return 0;
}

/* The daemon opens the file itself, from its own directory: the path
 * goes absolute, as the operator meant it. */
static int absolute(const char *file, char *out, size_t cap)
{
	char cwd[PATH_MAX];

	if (file[0] == '/')
		return snprintf(out, cap, "%s", file) < (int)cap ? 0 : -1;
	if (!getcwd(cwd, sizeof(cwd)))
		return -1;
	return snprintf(out, cap, "%s/%s", cwd, file) < (int)cap ? 0 : -1;
}

static int agent_request(json_t *rq, int argc, char **argv)
{
	static const char *const verbs[] = { "login", "ready", "pause",
					     "logout" };
	const char *verb = argc > 0 ? argv[0] : "";
	char name[32];
	size_t v;
	json_int_t reason;

	for (v = 0; v < 4 && strcmp(verb, verbs[v]); v++)
		;
	if (v == 4)
		return wrong_args("agent: login, ready, pause or logout?");
	if (argc < 2 || argc > (v == 0 || v == 2 ? 3 : 2))
		return wrong_args(v == 0   ? "agent login NAME [EXT]"
				  : v == 2 ? "agent pause NAME [REASON]"
					   : "agent ready|logout NAME");
	snprintf(name, sizeof(name), "agent-%s", verb);
	json_object_set_new(rq, "cmd", json_string(name));
	json_object_set_new(rq, "agent", json_string(argv[1]));
	if (argc == 3 && v == 0)
		json_object_set_new(rq, "extension", json_string(argv[2]));
	if (argc == 3 && v == 2) {
		if (whole("a reason code", argv[2], 2147483647L, &reason))
			return EXIT_USAGE;
		json_object_set_new(rq, "reason", json_integer(reason));
	}
	return 0;
}

static int stop_request(json_t *rq, const struct opts *o, int argc, char **argv)
{
	json_int_t s;

	json_object_set_new(rq, "cmd", json_string("stop"));
	if (argc > 1 || (argc == 1 && !o->drain))
		return wrong_args("stop [--drain [SECONDS]]");
	if (o->drain)
		json_object_set_new(rq, "drain", json_true());
	if (argc == 1) {
		if (whole("a drain time in seconds", argv[0], 86400, &s))
			return EXIT_USAGE;
		json_object_set_new(rq, "seconds", json_integer(s));
	}
	return 0;
}

static int capture_request(json_t *rq, int argc, char **argv)
{
	char path[PATH_MAX];

	if (argc == 2 && !strcmp(argv[1], "off")) {
		json_object_set_new(rq, "file", json_null());
	} else if (argc == 3 && !strcmp(argv[1], "on")) {
		if (absolute(argv[2], path, sizeof(path)))
			return wrong_args("capture: the file's path is too "
					  "long");
		json_object_set_new(rq, "file", json_string(path));
	} else {
		return wrong_args("capture SPAN on FILE | capture SPAN off");
	}
	json_object_set_new(rq, "cmd", json_string("capture"));
	json_object_set_new(rq, "span", json_string(argv[0]));
	return 0;
}

/* The request of the command line (rq filled), or an exit status. */
static int make_request(json_t *rq, const struct opts *o, int argc, char **argv)
{
	static const char *const plain[] = { "status", "spans",	 "calls",
					     "queues", "agents", "reload" };
	const char *cmd = argv[0];

	if (o->drain && strcmp(cmd, "stop"))
		return wrong_args("--drain goes with stop only");
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (!strcmp(cmd, plain[i])) {
			if (argc != 1) {
				fprintf(stderr,
					"cti-ctl: %s takes no "
					"arguments\n",
					cmd);
				return EXIT_USAGE;
			}
			json_object_set_new(rq, "cmd", json_string(cmd));
			return 0;
		}
	if (!strcmp(cmd, "agent"))
		return agent_request(rq, argc - 1, argv + 1);
	if (!strcmp(cmd, "stop"))
		return stop_request(rq, o, argc - 1, argv + 1);
	if (!strcmp(cmd, "capture"))
		return capture_request(rq, argc - 1, argv + 1);
	fprintf(stderr,
		"cti-ctl: unknown command '%s'\nTry 'cti-ctl "
		"--help'.\n",
		cmd);
	return EXIT_USAGE;
}

/* Send it, print the answer; the exit status. */
static int run(const struct opts *o, json_t *rq)
{
	char *line = json_dumps(rq, JSON_COMPACT), *reply = NULL;
	const char *cmd = json_string_value(json_object_get(rq, "cmd"));
	json_t *r;
	int rc;

	if (!line)
		return EXIT_USAGE;
	rc = ctl_exchange(o->socket, line, &reply);
	free(line);
	if (rc)
		return rc;
	r = json_loads(reply, 0, NULL);
	if (!json_is_object(r)) {
		fprintf(stderr, "cti-ctl: %s: a reply that is not JSON\n",
			o->socket);
		json_decref(r);
		free(reply);
		return EXIT_USAGE;
	}
	if (o->json)
		puts(reply);
	if (json_is_true(json_object_get(r, "ok"))) {
		if (!o->json)
			print_reply(cmd, r);
		rc = EXIT_WELL;
	} else {
		fprintf(stderr, "cti-ctl: %s (%s)\n",
			json_string_value(json_object_get(r, "why")),
			json_string_value(json_object_get(r, "error")));
		rc = EXIT_TROUBLE;
	}
	json_decref(r);
	free(reply);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "drain", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .socket = CTI_CTL_SOCKET };
	json_t *rq;
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:jdhV", long_opts, NULL)) !=
	       -1) {
		switch (c) {
		case 's':
			o.socket = optarg;
			break;
		case 'j':
			o.json = true;
			break;
		case 'd':
			o.drain = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_WELL;
		case 'V':
			printf("cti-ctl (libcti %s)\n", cti_version_string());
			return EXIT_WELL;
		default:
			return tool_bad_option("cti-ctl", NULL, c, argv);
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	rq = json_object();
	if (!rq)
		return EXIT_USAGE;
	rc = make_request(rq, &o, argc - optind, argv + optind);
	if (rc == 0)
		rc = run(&o, rq);
	json_decref(rq);
	return rc;
}
