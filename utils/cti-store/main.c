// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-store: export and summarize the call detail records, whole-call
 * records and interval statistics libcti's store keeps (an SQLite file
 * or a PostgreSQL database). Reads only; never changes the database.
 * Exit status: 0 all well, 1 trouble found (a queue below its target, or
 * a database that is corrupt, another program's, or of a newer schema),
 * 2 usage or system error (see cti-store(1)).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cti_store_tool.h"

static void usage(FILE *out)
{
	fputs("Usage: cti-store COMMAND DB [OPTIONS]\n"
	      "\n"
	      "DB is a file path, sqlite:PATH, file:URI, postgresql://URI or\n"
	      "pg:CONNINFO.\n"
	      "\n"
	      "Commands:\n"
	      "  export DB --cdr|--calls|--sessions|--intervals --csv|--json\n"
	      "                       records, oldest first\n"
	      "  summary DB           per queue: offered, answered, service "
	      "level,\n"
	      "                       abandon rate, from interval "
	      "statistics\n"
	      "  chart DB --png FILE|--csv FILE [--utc-offset MIN]\n"
	      "                       per interval: SL against Erlang C, "
	      "abandons, ASA\n"
	      "\n"
	      "Options:\n"
	      "  -c, --cdr            export call detail records (per queue)\n"
	      "  -r, --calls          export whole-call records\n"
	      "  -S, --sessions       export agents' login sessions\n"
	      "  -i, --intervals      export interval statistics\n"
	      "      --csv            RFC 4180 CSV (CRLF lines, header row)\n"
	      "  -j, --json           a JSON array of objects\n"
	      "  -f, --from T         records stamped at or after T\n"
	      "  -t, --to T           records stamped before T\n"
	      "  -q, --queue Q        one queue only (--calls: the first "
	      "queue)\n"
	      "  -I, --instance NAME  one writer's records only (\"\": the "
	      "unnamed)\n"
	      "  -o, --output FILE    write there instead of stdout\n"
	      "      --sl-target P    summary: trouble below P % (80)\n"
	      "      --abandon-target P\n"
	      "                       summary: trouble above P % (2)\n"
	      "  -h, --help           this text\n"
	      "  -V, --version        libcti version\n"
	      "\n"
	      "T is epoch milliseconds or UTC ISO 8601: 2026-11-03, "
	      "2026-11-03T09:00[:SS][Z].\n"
	      "Exit status: 0 all well, 1 trouble found (queue below target, "
	      "unusable\ndatabase), 2 usage or system error.\n",
	      out);
}

static int bad_time(const char *opt, const char *s)
{
	fprintf(stderr,
		"cti-store: %s: '%s' is not a time (epoch ms or "
		"YYYY-MM-DD[THH:MM[:SS]][Z])\n",
		opt, s);
	return EXIT_USAGE;
}

static int parse_pct(const char *opt, const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	if (end == s || *end || *v < 0 || *v > 100) {
		fprintf(stderr, "cti-store: %s: '%s' is not a percentage\n",
			opt, s);
		return -1;
	}
	return 0;
}

enum { OPT_CSV = 256, OPT_SL, OPT_ABANDON };

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "cdr", no_argument, NULL, 'c' },
		{ "calls", no_argument, NULL, 'r' },
		{ "sessions", no_argument, NULL, 'S' },
		{ "instance", required_argument, NULL, 'I' },
		{ "intervals", no_argument, NULL, 'i' },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "json", no_argument, NULL, 'j' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "queue", required_argument, NULL, 'q' },
		{ "output", required_argument, NULL, 'o' },
		{ "sl-target", required_argument, NULL, OPT_SL },
		{ "abandon-target", required_argument, NULL, OPT_ABANDON },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .sl_target = 80, .abandon_target = 2 };
	const char *cmd, *db;
	int c;

	if (argc > 1 && !strcmp(argv[1], "chart")) /* its own options */
		return cmd_chart(argc - 1, argv + 1);
	/* GNU getopt permutes: options may stand anywhere. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":criSjf:t:q:I:o:hV", long_opts,
				NULL)) != -1) {
		switch (c) {
		case 'c':
		case 'r':
		case 'S':
		case 'i':
			if (o.what) {
				fputs("cti-store: one of --cdr, --calls, "
				      "--sessions or --intervals\n",
				      stderr);
				return EXIT_USAGE;
			}
			o.what = c == 'c'   ? WHAT_CDR
				 : c == 'r' ? WHAT_CALLS
				 : c == 'S' ? WHAT_SESSIONS
					    : WHAT_INTERVALS;
			break;
		case 'I':
			if (strlen(optarg) >= CTI_NAME_MAX) {
				fprintf(stderr,
					"cti-store: --instance: names "
					"have at most %d bytes\n",
					CTI_NAME_MAX - 1);
				return EXIT_USAGE;
			}
			o.filter.instance = optarg;
			break;
		case OPT_CSV:
		case 'j':
			if (o.format) {
				fputs("cti-store: --csv or --json, not both\n",
				      stderr);
				return EXIT_USAGE;
			}
			o.format = c == 'j' ? CTI_STORE_JSON : CTI_STORE_CSV;
			break;
		case 'f':
			if (tool_parse_time(optarg, &o.filter.from_epoch_ms))
				return bad_time("--from", optarg);
			break;
		case 't':
			if (tool_parse_time(optarg, &o.filter.to_epoch_ms))
				return bad_time("--to", optarg);
			break;
		case 'q':
			if (strlen(optarg) >= CTI_NAME_MAX) {
				fprintf(stderr,
					"cti-store: --queue: names "
					"have at most %d bytes\n",
					CTI_NAME_MAX - 1);
				return EXIT_USAGE;
			}
			o.filter.queue = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case OPT_SL:
			if (parse_pct("--sl-target", optarg, &o.sl_target))
				return EXIT_USAGE;
			break;
		case OPT_ABANDON:
			if (parse_pct("--abandon-target", optarg,
				      &o.abandon_target))
				return EXIT_USAGE;
			break;
		case 'h':
			usage(stdout);
			return EXIT_WELL;
		case 'V':
			printf("cti-store (libcti %s, schema %d)\n",
			       cti_version_string(),
			       cti_store_schema_version());
			return EXIT_WELL;
		default:
			return tool_bad_option("cti-store", NULL, c, argv);
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind];
	db = argv[optind + 1];
	if (o.filter.from_epoch_ms && o.filter.to_epoch_ms &&
	    o.filter.to_epoch_ms <= o.filter.from_epoch_ms) {
		fputs("cti-store: --to must be later than --from\n", stderr);
		return EXIT_USAGE;
	}
	if (o.what == WHAT_SESSIONS && o.filter.queue) {
		fputs("cti-store: --queue does not apply to --sessions "
		      "(agents' sessions belong to no queue)\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "export")) {
		if (!o.what || !o.format) {
			fputs("cti-store: export needs --cdr, --calls, "
			      "--sessions or --intervals, and --csv or "
			      "--json\n",
			      stderr);
			return EXIT_USAGE;
		}
		return cmd_export(db, &o);
	}
	if (!strcmp(cmd, "summary")) {
		if (o.what) {
			fputs("cti-store: summary reads interval statistics; "
			      "--cdr/--calls/--intervals belong to export\n",
			      stderr);
			return EXIT_USAGE;
		}
		return cmd_summary(db, &o);
	}
	fprintf(stderr, "cti-store: unknown command '%s'\n", cmd);
	usage(stderr);
	return EXIT_USAGE;
}
