// SPDX-License-Identifier: LGPL-2.1-or-later
/* cti-sim: a simulated day of a securities hotline (cti-sim(1)). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cti-sim [--seed N] [--hours N] [--rate CALLS_PER_HOUR]\n"
		"               [--agents TRADING,ACCOUNTS,SHARED] [--trunks N]"
		" [--stations N]\n"
		"               [--patience S] [--talk S] [--wrap S] "
		"[--no-answer PPM]\n"
		"               [--store PATH [--check]] [--prompts DIR] "
		"[--verbose]"
		" [--version]\n"
		"       cti-sim --far-end --dahdi SPANS [--stations SPANS] "
		"[--t1]\n"
		"               [--callers N] [--duration S] [--dtmf DIGITS]"
		" [--dtmf-delay S]\n"
		"               [--phone-dtmf DIGITS]"
		" [--settle S] [--timeout S] [--list]\n"
		"               [the options above]\n");
}

static void line(const char *what, const struct sim_tally *t, uint32_t off,
		 uint32_t ans, uint32_t in_sl, uint32_t ab, uint32_t sab,
		 uint64_t wait, uint64_t handle, uint64_t nh)
{
	uint32_t base = off - sab;

	(void)t;
	printf("%-9s offered %5u answered %5u abandoned %4u short %4u "
	       "SL %6.2f%% ASA %6.1f s AHT %6.1f s\n",
	       what, off, ans, ab, sab, base ? 100.0 * in_sl / base : 0.0,
	       ans ? wait / 1000.0 / ans : 0.0,
	       nh ? handle / 1000.0 / nh : 0.0);
}

/* "3,4" or "1-4" or "1-2,5": DAHDI span numbers */
static int span_list(const char *arg, int32_t *v, uint32_t *n)
{
	const char *p = arg;

	*n = 0;
	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b = a;

		if (end == p || a < 1 || a > 255)
			goto bad;
		if (*end == '-') {
			p = end + 1;
			b = strtol(p, &end, 10);
			if (end == p || b < a || b > 255)
				goto bad;
		}
		for (long i = a; i <= b; i++) {
			if (*n == 64)
				goto bad;
			v[(*n)++] = (int32_t)i;
		}
		if (*end == ',')
			end++;
		else if (*end)
			goto bad;
		p = end;
	}
	if (*n)
		return 0;
bad:
	fprintf(stderr, "cti-sim: '%s': DAHDI spans as 1,2 or 1-4\n", arg);
	return -1;
}

static void print_tally(const struct sim_config *cf, const struct sim_tally *t,
			bool far_end)
{
	const struct sim_config c = *cf;

	if (far_end)
		printf("cti-sim: far ends, seed %u, real time\n", c.seed);
	else
		printf("cti-sim: seed %u, %u h, agents %u trading + %u "
		       "accounts + %u shared\n",
		       c.seed, c.hours, c.agents[0], c.agents[1], c.agents[2]);
	if (far_end)
		printf("callers %u (blocked %u), RONA %u, cleared by the centre "
		       "%u, hung up at the end %u\n",
		       t->arrived, t->blocked, t->rona, t->other_end,
		       t->calls_left);
	else
		printf("callers %u (blocked %u), RONA %u, cleared by the centre "
		       "%u, agents stuck %u, calls left %u\n",
		       t->arrived, t->blocked, t->rona, t->other_end,
		       t->stuck_agents, t->calls_left);
	for (int q = 0; q < SIM_QUEUES; q++) {
		struct sim_iv s = { 0 };

		for (uint32_t i = 0; i < t->n_iv; i++) {
			const struct sim_iv *v = &t->iv[q][i];

			s.offered += v->offered;
			s.answered += v->answered;
			s.in_sl += v->in_sl;
			s.abandoned += v->abandoned;
			s.short_abandoned += v->short_abandoned;
			s.sum_answer_wait += v->sum_answer_wait;
			s.sum_handle += v->sum_handle;
			s.n_handled += v->n_handled;
		}
		line(sim_queue_names[q], t, s.offered, s.answered, s.in_sl,
		     s.abandoned, s.short_abandoned, s.sum_answer_wait,
		     s.sum_handle, s.n_handled);
	}
	if (!far_end) {
		/* the pooled expectation: every agent serves the whole load
		 * (shared agents counted once, not once per queue) */
		uint32_t n = c.agents[0] + c.agents[1] + c.agents[2];
		uint32_t base = t->arrived - t->blocked - t->short_abandoned;
		double rate =
			(double)(t->arrived - t->blocked) / (c.hours * 3600.0);
		double aht = t->n_handled ? (double)t->sum_handle /
						    t->n_handled / 1e3
					  : 0;
		double sl = aht > 0 ? cti_erlang_c_sl(rate, aht, n,
						      c.sl_ms / 1000.0)
				    : -1;

		printf("service level %.2f%% measured, %.2f%% pooled Erlang C "
		       "(%u agents, %.3f calls/s, AHT %.1f s, no abandons)\n",
		       base ? 100.0 * t->in_sl / base : 0.0,
		       sl >= 0 ? 100.0 * sl : -1.0, n, rate, aht);
	}
	printf("every caller accounted once: %s (%u answered + %u abandoned "
	       "+ %u short of %u)\n",
	       t->answered + t->abandoned + t->short_abandoned + t->other_end ==
				       t->arrived - t->blocked &&
			       !t->other_end
		       ? "yes"
		       : "NO",
	       t->answered, t->abandoned, t->short_abandoned,
	       t->arrived - t->blocked);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", 1, NULL, 's' },	{ "hours", 1, NULL, 'H' },
		{ "rate", 1, NULL, 'r' },	{ "agents", 1, NULL, 'a' },
		{ "trunks", 1, NULL, 't' },	{ "stations", 1, NULL, 'S' },
		{ "patience", 1, NULL, 'p' },	{ "talk", 1, NULL, 'T' },
		{ "wrap", 1, NULL, 'w' },	{ "no-answer", 1, NULL, 'n' },
		{ "store", 1, NULL, 'o' },	{ "prompts", 1, NULL, 'P' },
		{ "verbose", 0, NULL, 'v' },	{ "help", 0, NULL, 'h' },
		{ "version", 0, NULL, 'V' },	{ "check", 0, NULL, 'c' },
		{ "far-end", 0, NULL, 'F' },	{ "dahdi", 1, NULL, 'D' },
		{ "callers", 1, NULL, 'N' },	{ "duration", 1, NULL, 'd' },
		{ "dtmf", 1, NULL, 'k' },	{ "dtmf-delay", 1, NULL, 'K' },
		{ "settle", 1, NULL, 'e' },	{ "timeout", 1, NULL, 'O' },
		{ "list", 0, NULL, 'l' },	{ "t1", 0, NULL, '1' },
		{ "phone-dtmf", 1, NULL, 'A' }, { NULL, 0, NULL, 0 },
	};
	struct sim_config c;
	struct sim_tally *t = calloc(1, sizeof(*t));
	struct sim_far far = { .settle_ms = 30000, .timeout_ms = 3600000 };
	const char *stations = NULL;
	bool check = false, far_end = false;
	int o, rc;

	if (!t)
		return 1;
	sim_defaults(&c);
	while ((o = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		switch (o) {
		case 's':
			c.seed = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'H':
			c.hours = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'r':
			for (int h = 0; h < 24; h++)
				c.calls_per_hour[h] = strtod(optarg, NULL);
			break;
		case 'a':
			if (sscanf(optarg, "%u,%u,%u", &c.agents[0],
				   &c.agents[1], &c.agents[2]) != 3) {
				fprintf(stderr, "cti-sim: --agents T,A,S\n");
				return 2;
			}
			break;
		case 't':
			c.trunk_spans = (uint32_t)atoi(optarg);
			break;
		case 'S':
			stations =
				optarg; /* a count, or spans with --far-end */
			break;
		case 'F':
			far_end = true;
			break;
		case 'D':
			if (span_list(optarg, far.trunks, &far.n_trunks))
				return 2;
			break;
		case 'N':
			far.max_callers = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'd':
			far.arrivals_ms = (uint64_t)(atof(optarg) * 1000);
			break;
		case 'k':
			far.dtmf = optarg;
			break;
		case 'K':
			far.dtmf_delay_ms = (uint32_t)(atof(optarg) * 1000);
			break;
		case 'e':
			far.settle_ms = (uint32_t)(atof(optarg) * 1000);
			break;
		case 'O':
			far.timeout_ms = (uint64_t)(atof(optarg) * 1000);
			break;
		case 'A':
			far.phone_dtmf = optarg;
			break;
		case 'l':
			far.list = true;
			break;
		case '1':
			far.t1 = true;
			break;
		case 'p':
			c.patience_mean_ms = (uint32_t)(atof(optarg) * 1000);
			break;
		case 'T':
			c.talk_mean_ms = (uint32_t)(atof(optarg) * 1000);
			break;
		case 'w':
			c.wrap_ms = (uint32_t)atoi(optarg) * 1000;
			break;
		case 'n':
			c.no_answer_ppm = (uint32_t)atoi(optarg);
			break;
		case 'o':
			c.store = optarg;
			break;
		case 'P':
			c.prompts = optarg;
			break;
		case 'v':
			c.verbose = true;
			break;
		case 'c':
			check = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("cti-sim (libcti %s)\n", cti_version_string());
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (stations && far_end &&
	    span_list(stations, far.stations, &far.n_stations))
		return 2;
	if (stations && !far_end)
		c.station_spans = (uint32_t)atoi(stations);
	if (optind < argc || !c.hours || c.hours > 24 || (check && !c.store) ||
	    (far_end && (!far.n_trunks || c.store)) ||
	    (!far_end && far.n_trunks)) {
		usage(stderr);
		return 2;
	}
	rc = far_end ? sim_far_end(&c, &far, t) : sim_run(&c, t);
	if (rc) {
		fprintf(stderr, "cti-sim: %s\n", cti_strerror(rc));
		free(t);
		return 1;
	}
	print_tally(&c, t, far_end);
	if (check) {
		rc = sim_check(&c, t, c.store);
		if (rc < 0) {
			printf("check: the stored KPIs differ from the tally\n");
			free(t);
			return 1;
		}
		printf("check: %d stored intervals equal the tally (offered, "
		       "answered, in SL, abandoned, short, ASA, AHT), one CDR "
		       "per caller\n",
		       rc);
	}
	free(t);
	return 0;
}
