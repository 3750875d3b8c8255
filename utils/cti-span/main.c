// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-span: span diagnostics and maintenance for any DAHDI card.
 * Exit status: 0 all well, 1 alarms or errors found, 2 usage or system
 * error (see cti-span(1)).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cti_span.h"

static void usage(FILE *out)
{
	fputs("Usage: cti-span [--json] COMMAND [ARGS]\n"
	      "\n"
	      "Commands:\n"
	      "  list                       every span: type, line, sync, "
	      "channels, alarms\n"
	      "  show N [--interval S]      alarms with meaning and cause, "
	      "counters with\n"
	      "                             per-second rates, D and B "
	      "channels\n"
	      "  watch N [--interval S] [--count K]\n"
	      "                             refresh 'show' every S s (1) until "
	      "Ctrl-C\n"
	      "  loop N local|network|payload|off\n"
	      "  bert N [--seconds S]       PRBS 2^15-1 test for S s (10): "
	      "bit errors, BER\n"
	      "  reset-counters N\n"
	      "  inject N los|ais|ber RATE|slip|clear\n"
	      "                             line faults (cticard spans "
	      "only)\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json        machine-readable output (schema in "
	      "cti-span(1))\n"
	      "  -i, --interval S  seconds between samples (show: 1; 0 "
	      "skips rates)\n"
	      "  -s, --seconds S   bert duration\n"
	      "  -c, --count K     watch: stop after K refreshes\n"
	      "  -h, --help        this text\n"
	      "  -V, --version     libcti version\n"
	      "\n"
	      "Exit status: 0 all well, 1 alarms or errors found, 2 usage "
	      "or system error.\n",
	      out);
}

static int parse_span(const char *s, int *spanno)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v <= 0 || v > 100000) {
		fprintf(stderr, "cti-span: '%s' is not a span number\n", s);
		return -1;
	}
	*spanno = (int)v;
	return 0;
}

static int parse_double(const char *opt, const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	if (end == s || *end || *v < 0 || *v > 86400) {
		fprintf(stderr, "cti-span: %s: '%s' is not a number of "
				"seconds\n", opt, s);
		return -1;
	}
	return 0;
}

/* A whole number lo..hi for opt, or a message saying why not. */
static int parse_whole(const char *opt, const char *s, long lo, long hi,
		       const char *what, int *v)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (end == s || *end || errno || n < lo || n > hi) {
		fprintf(stderr, "cti-span: %s: '%s' is not %s (a whole number, "
				"%ld to %ld)\n", opt, s, what, lo, hi);
		return -1;
	}
	*v = (int)n;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "interval", required_argument, NULL, 'i' },
		{ "seconds", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .interval = 1.0, .seconds = 10 };
	const char *cmd;
	int c, spanno = 0, nargs;

	/* GNU getopt permutes: options may follow the command too. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ji:s:c:hV", long_opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 'i':
			if (parse_double("--interval", optarg, &o.interval))
				return EXIT_USAGE;
			break;
		case 's':
			/* a BER test counts whole seconds, one at least */
			if (parse_whole("--seconds", optarg, 1, 86400,
					"a test duration in seconds",
					&o.seconds))
				return EXIT_USAGE;
			break;
		case 'c':
			/* without --count, watch runs until Ctrl-C */
			if (parse_whole("--count", optarg, 1, 100000000,
					"a number of refreshes", &o.count))
				return EXIT_USAGE;
			break;
		case 'h':
			usage(stdout);
			return EXIT_WELL;
		case 'V':
			printf("cti-span (libcti %s)\n", cti_version_string());
			return EXIT_WELL;
		default:
			return tool_bad_option("cti-span", NULL, c, argv);
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind++];
	nargs = argc - optind;
	if (strcmp(cmd, "list")) {
		if (nargs < 1) {
			fprintf(stderr, "cti-span: %s needs a span number\n",
				cmd);
			return EXIT_USAGE;
		}
		if (parse_span(argv[optind], &spanno))
			return EXIT_USAGE;
	}
#define WANT_ARGS(n)                                                        \
	do {                                                                \
		if (nargs != (n)) {                                         \
			fprintf(stderr, "cti-span: %s: wrong number of "    \
					"arguments\n", cmd);                \
			usage(stderr);                                      \
			return EXIT_USAGE;                                  \
		}                                                           \
	} while (0)
	if (!strcmp(cmd, "list")) {
		WANT_ARGS(0);
		return cmd_list(&o);
	} else if (!strcmp(cmd, "show")) {
		WANT_ARGS(1);
		return cmd_show(spanno, &o);
	} else if (!strcmp(cmd, "watch")) {
		WANT_ARGS(1);
		return cmd_watch(spanno, &o);
	} else if (!strcmp(cmd, "loop")) {
		WANT_ARGS(2);
		return cmd_loop(spanno, argv[optind + 1], &o);
	} else if (!strcmp(cmd, "bert")) {
		WANT_ARGS(1);
		return cmd_bert(spanno, &o);
	} else if (!strcmp(cmd, "reset-counters")) {
		WANT_ARGS(1);
		return cmd_reset(spanno, &o);
	} else if (!strcmp(cmd, "inject")) {
		if (nargs != 2 && nargs != 3) {
			fprintf(stderr, "cti-span: inject N los|ais|ber "
					"RATE|slip|clear\n");
			return EXIT_USAGE;
		}
		return cmd_inject(spanno, argv[optind + 1],
				  nargs == 3 ? argv[optind + 2] : NULL, &o);
	}
	fprintf(stderr, "cti-span: unknown command '%s'\n", cmd);
	usage(stderr);
	return EXIT_USAGE;
}
