// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctid: the call-centre server (docs/ctid.md, ctid(8)).
 *   ctid [-c FILE] [--check] [--foreground] [--log-level L]
 * --check loads the file exactly as start-up does (the prompt set, every
 * flow, the policy) and exits 0 or 1 with the first error as
 * "FILE:LINE: FIELD: reason". Otherwise: open, fill the engine, open the
 * control socket, tell systemd it is ready, run the one loop until a
 * drain ends it. Exit 0 after a clean stop, 1 on a start-up error, 2 on
 * bad usage.
 */
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
		"  --foreground       log to stderr whatever the file says\n");
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
	int level; /* 0: the file's */
};

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'k' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	o->conf = DEFAULT_CONF;
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
		default:
			usage(stderr);
			return -1;
		}
	}
	/* `ctid --check FILE`: the file may follow the option */
	if (optind < argc && o->check && !strcmp(o->conf, DEFAULT_CONF))
		o->conf = argv[optind++];
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
	if (ctid_conf_load(&c, o.conf, why, sizeof(why))) {
		fprintf(stderr, "ctid: %s\n", why);
		return 1;
	}
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
