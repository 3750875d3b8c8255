// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctid: the call-centre server (docs/ctid.md, ctid(8)).
 *   ctid [-c FILE] [--check] [--foreground] [--log-level L]
 *   ctid --simulate HOURS --store URI [--start T] [--callers-per-hour N]
 *        [--seed N] [--dtmf MIX] [--prompts DIR] FILE
 * --check loads the file exactly as start-up does (the prompt set, every
 * flow, the policy) and exits 0 or 1 with the first error as
 * "FILE:LINE: FIELD: reason". Otherwise: open, fill the engine, open the
 * control socket, tell systemd it is ready, run the one loop until a
 * drain ends it. --simulate runs the file's centre on the virtual clock
 * instead (simulate.c). Exit 0 after a clean stop, 1 on a start-up error, 2 on
 * bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon.h"

#define DEFAULT_CONF "/etc/cti/ctid.conf"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ctid [-c FILE] [--check] [--foreground] "
		"[--log-level error|warning|notice|info|debug]\n"
		"  -c, --config FILE  the configuration (" DEFAULT_CONF ")\n"
		"  --check            validate FILE (flows and prompts too), exit 0/1\n"
		"  --foreground       log to stderr whatever the file says\n"
		"   or: ctid --simulate HOURS --store URI [--start [YYYY-MM-DDT]HH:MM]\n"
		"            [--callers-per-hour N] [--seed N] [--dtmf MIX] [--prompts DIR] FILE\n"
		"  --simulate HOURS   a day of FILE's centre on the virtual clock: "
		"HOURS (1-24)\n"
		"                     of callers on loop pairs, then the tally and "
		"the KPIs\n"
		"  --store URI        the simulation's store (required, not "
		"FILE's)\n"
		"  --start T          local time of the first caller (09:00 of "
		"the working day)\n"
		"  --callers-per-hour N, --seed N  the callers (the trial's, or "
		"1200 and 1)\n"
		"  --dtmf MIX         callers' keys at the answer by share, "
		"e.g. 1:60,2:30,0:10\n"
		"  --prompts DIR      the prompt set instead of FILE's "
		"prompts\n");
}

static int level_by_name(const char *s)
{
	for (int l = CTI_LOG_ERROR; l <= CTI_LOG_DEBUG; l++)
		if (!strcmp(cti_log_level_name(l), s))
			return l;
	return -1;
}

struct opts {
	const char *conf;
	bool check, foreground;
	int level;		  /* 0: the file's */
	struct ctid_sim_opts sim; /* hours 0: not a simulation */
	bool sim_only;		  /* an option only --simulate takes */
	const char *prompts;	  /* --simulate --prompts DIR, NULL: none */
};

/* A whole decimal number lo..hi, or -1 with the option named. */
static long long number_arg(const char *opt, const char *s, long long lo,
			    long long hi)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr,
			"ctid: %s: '%s' is not a whole number from "
			"%lld to %lld\n",
			opt, s, lo, hi);
		return -1;
	}
	return v;
}

static int sim_arg(struct opts *o, int ch, const char *arg)
{
	long long v;

	switch (ch) {
	case 'S':
		if ((v = number_arg("--simulate", arg, 1, 24)) < 0)
			return -1;
		o->sim.hours = (uint32_t)v;
		return 0;
	case 's':
		if (!*arg) {
			fprintf(stderr, "ctid: --store: an empty URI\n");
			return -1;
		}
		o->sim.store = arg;
		break;
	case 'p':
		o->prompts = arg;
		break;
	case 'd':
		o->sim.dtmf = arg; /* checked with the traffic (simulate.c) */
		break;
	case 't':
		o->sim.start = arg; /* checked against the file's offset */
		break;
	case 'n':
		if ((v = number_arg("--callers-per-hour", arg, 1, 360000)) < 0)
			return -1;
		o->sim.callers_per_hour = (uint32_t)v;
		break;
	case 'r':
		if ((v = number_arg("--seed", arg, 0, 4294967295LL)) < 0)
			return -1;
		o->sim.seed = v;
		break;
	}
	o->sim_only = true;
	return 0;
}

/* What --simulate needs, and what it cannot be given with. */
static int sim_check(struct opts *o)
{
	if (!o->sim.hours) {
		if (!o->sim_only)
			return 0;
		fprintf(stderr,
			"ctid: --store, --start, --callers-per-hour, "
			"--seed, --dtmf and --prompts go with --simulate\n");
		return -1;
	}
	if (o->check || o->foreground) {
		fprintf(stderr, "ctid: --simulate runs on its own: not with "
				"--check or --foreground\n");
		return -1;
	}
	if (!o->sim.store) {
		fprintf(stderr,
			"ctid: --simulate needs --store URI: a simulation "
			"never writes into the file's own store\n");
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'k' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "simulate", required_argument, NULL, 'S' },
		{ "store", required_argument, NULL, 's' },
		{ "start", required_argument, NULL, 't' },
		{ "callers-per-hour", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'r' },
		{ "prompts", required_argument, NULL, 'p' },
		{ "dtmf", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	o->conf = DEFAULT_CONF;
	o->sim.seed = -1;
	while ((ch = getopt_long(argc, argv, "c:h", lo, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->conf = optarg;
			break;
		case 'k':
			o->check = true;
			break;
		case 'f':
			o->foreground = true;
			break;
		case 'l':
			if ((o->level = level_by_name(optarg)) < 0) {
				fprintf(stderr,
					"ctid: --log-level: '%s' is not "
					"error|warning|notice|info|debug\n",
					optarg);
				return -1;
			}
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'S':
		case 's':
		case 't':
		case 'n':
		case 'r':
		case 'p':
		case 'd':
			if (sim_arg(o, ch, optarg))
				return -1;
			break;
		default:
			usage(stderr);
			return -1;
		}
	}
	/* `ctid --check FILE`: the file may follow the option */
	if (optind < argc && (o->check || o->sim.hours) &&
	    !strcmp(o->conf, DEFAULT_CONF))
		o->conf = argv[optind++];
	if (sim_check(o))
		return -1;
	o->sim.level = o->level;
	if (optind != argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

static int run(struct ctid *d, struct ctid_conf *c, const struct opts *o)
{
	struct cti_ctx_config cx = { .log_level = o->level ? o->level
							   : c->log_level };
	char why[1024] = "";
	int rc;

	if ((rc = cti_ctx_new(&d->ctx, &cx))) {
		fprintf(stderr, "ctid: context: %s\n", cti_strerror(rc));
		ctid_conf_free(c);
		return 1;
	}
	ctid_log_setup(d, o->foreground ? CTID_LOG_STDERR : c->log_target,
		       cx.log_level);
	if ((rc = ctid_start(d, c, why, sizeof(why))) ||
	    (rc = ctid_signals_open(d)) ||
	    (c->control[0] &&
	     (rc = ctid_ctl_open(d, c->control, why, sizeof(why))))) {
		ctid_log(d, CTI_LOG_ERROR, "start-up failed: %s",
			 why[0] ? why : cti_strerror(rc));
		return 1;
	}
	cti_ctx_set_event_cb(d->ctx, ctid_on_event, d);
	d->started_ms = cti_now_ms(d->ctx);
	ctid_service_ready(d);
	ctid_log(d, CTI_LOG_NOTICE,
		 "ready: %zu span(s), %zu queue(s), %zu flow(s)%s%s",
		 d->n_spans, c->n_queues, c->n_flows,
		 c->control[0] ? ", control socket " : "", c->control);
	rc = cti_ctx_run(d->ctx);
	if (rc)
		ctid_log(d, CTI_LOG_ERROR, "loop: %s", cti_strerror(rc));
	/* after the drain, before the store closes: the open intervals are
	 * stored, not lost */
	cti_center_close_intervals(d->cc);
	ctid_log(d, CTI_LOG_NOTICE, "stopped");
	return rc ? 1 : d->exit_code;
}

int main(int argc, char **argv)
{
	struct ctid d = { 0 };
	struct ctid_conf *c = NULL;
	struct opts o = { 0 };
	char why[1024] = "";
	int code;

	umask(027); /* and customer data is made 0600 on top (apply.c) */
	if (parse_args(argc, argv, &o))
		return 2;
	if (ctid_conf_load_prompts(&c, o.conf, o.prompts, why, sizeof(why))) {
		fprintf(stderr, "ctid: %s\n", why);
		return 1;
	}
	if (o.sim.hours)
		return ctid_simulate(c, &o.sim);
	if (o.check) {
		printf("%s: OK (%zu spans, %zu queues, %zu agents, %zu flows)\n",
		       o.conf, c->n_spans, c->n_queues, c->n_agents,
		       c->n_flows);
		ctid_conf_free(c);
		return 0;
	}
	d.conf_path = o.conf;
	d.log_level_forced = o.level;
	code = run(&d, c, &o);
	if (d.ctl)
		ctid_ctl_close(&d);
	ctid_stop(&d);
	return code;
}
