// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-call: test calls and PRI load on a DAHDI span (or on an in-process
 * loop pair whose far end answers), through libcti's call API.
 * Exit status: 0 all well, 1 a call failed or was not answered, 2 usage or
 * system error (see cti-call(1)).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "cti_call.h"

static void usage(FILE *out)
{
	fputs("Usage: cti-call [OPTIONS] dial SPAN NUMBER [--dtmf DIGITS] "
	      "[--dtmf-delay S] [--hold S]\n"
	      "       cti-call [OPTIONS] answer SPAN [--tone] [--calls N] "
	      "[--ring S]\n"
	      "       cti-call [OPTIONS] load SPAN --rate R --calls N "
	      "--duration D [--number N]\n"
	      "\n"
	      "SPAN is a DAHDI span number (configured by dahdi_cfg, D "
	      "channel free), or\n"
	      "'loop': two in-process spans back to back whose far end "
	      "answers every call.\n"
	      "\n"
	      "Options:\n"
	      "  -t, --type e1|t1        span type (e1)\n"
	      "  -S, --side cpe|net      our side of the interface (cpe)\n"
	      "  -w, --switch NAME       euroisdn, ni2, dms100, 5ess, 4ess, "
	      "ni1, qsig\n"
	      "  -F, --from NUMBER       calling number\n"
	      "  -d, --dtmf DIGITS       dial: DTMF to send once connected\n"
	      "      --dtmf-delay S      dial: send it S seconds after the "
	      "answer (0)\n"
	      "  -H, --hold S            dial: seconds to stay connected (3); "
	      "answer:\n"
	      "                          clear each call after S connected\n"
	      "  -T, --tone              answer: send 1004 Hz instead of echo\n"
	      "  -r, --rate R            load: calls per second\n"
	      "  -n, --calls N           load: calls in all; answer: stop "
	      "after N\n"
	      "  -D, --duration D        load: seconds each call stays up\n"
	      "  -N, --number NUMBER     load: called number (1000)\n"
	      "  -R, --ring S            answer: seconds of ringing (0.1)\n"
	      "  -W, --wait S            seconds to wait for the D channel "
	      "(30)\n"
	      "      --signalling pri|r2 the span's signalling (read from "
	      "DAHDI's\n"
	      "                          configuration: ccs/dchan is pri, "
	      "cas is r2)\n"
	      "      --variant V         R2: cn (China No.1), itu, ar, br, co, "
	      "cz, ec, id,\n"
	      "                          mx, ph, ve (cn)\n"
	      "      --category C        R2: calling party category "
	      "(national)\n"
	      "      --max-dnis N        R2 answer: called digits to collect "
	      "(4)\n"
	      "      --max-ani N         R2 answer: longest calling number "
	      "(20; 0: ask none)\n"
	      "      --refuse CAUSE      answer: refuse each call with Q.850 "
	      "CAUSE\n"
	      "      --virtual           loop only: simulated time (instant)\n"
	      "      --pcap FILE         capture our D channel for Wireshark\n"
	      "  -j, --json              machine-readable result\n"
	      "  -v, --verbose           load: print every event\n"
	      "  -h, --help              this text\n"
	      "  -V, --version           libcti version\n"
	      "\n"
	      "NUMBER, --from, --number: 0-9 * #, at most 31 digits. "
	      "Ctrl-C clears the\n"
	      "calls up and reports them.\n"
	      "Exit status: 0 all calls answered and cleared normally, 1 a "
	      "call failed,\n"
	      "was not answered or was blocked, 2 usage or system error.\n",
	      out);
}

/* The longest number a call carries (struct cti_number). */
#define NUMBER_MAX ((int)sizeof(((struct cti_number *)0)->digits) - 1)

/* A called or calling number as Q.931 carries it here (IA5 digits, * #). */
static int check_number(const char *what, const char *s, bool empty_ok)
{
	size_t len = strlen(s);

	if (!len && !empty_ok) {
		fprintf(stderr, "cti-call: %s is empty\n", what);
		return -1;
	}
	if (strspn(s, "0123456789*#") != len) {
		fprintf(stderr, "cti-call: %s '%s': digits 0-9, * and # "
				"only\n", what, s);
		return -1;
	}
	if (len > (size_t)NUMBER_MAX) {
		fprintf(stderr, "cti-call: %s '%s' has %zu digits; at most "
				"%d\n", what, s, len, NUMBER_MAX);
		return -1;
	}
	return 0;
}

/* What cti_call_send_dtmf() will take (checked before any call). */
static int check_dtmf(const char *s)
{
	size_t len = strlen(s);

	if (!len || strspn(s, "0123456789*#ABCDabcd") != len) {
		fprintf(stderr, "cti-call: --dtmf '%s': DTMF digits 0-9, *, # "
				"and A-D only\n", s);
		return -1;
	}
	if (len > 128) {
		fprintf(stderr, "cti-call: --dtmf: %zu digits; at most 128\n",
			len);
		return -1;
	}
	return 0;
}

static int parse_num(const char *opt, const char *s, double lo, double hi,
		     double *v)
{
	char *end;

	*v = strtod(s, &end);
	if (end == s || *end || !(*v >= lo && *v <= hi)) {
		fprintf(stderr, "cti-call: %s: '%s' is not a number in "
				"%g..%g\n", opt, s, lo, hi);
		return -1;
	}
	return 0;
}

static int parse_switch(const char *s, uint32_t *sw)
{
	static const struct {
		const char *name;
		uint32_t sw;
	} names[] = {
		{ "euroisdn", CTI_SWITCH_EUROISDN }, { "ni2", CTI_SWITCH_NI2 },
		{ "dms100", CTI_SWITCH_DMS100 },     { "5ess", CTI_SWITCH_LUCENT5E },
		{ "4ess", CTI_SWITCH_ATT4ESS },      { "ni1", CTI_SWITCH_NI1 },
		{ "qsig", CTI_SWITCH_QSIG },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name)) {
			*sw = names[i].sw;
			return 0;
		}
	fprintf(stderr, "cti-call: unknown switch type '%s'\n", s);
	return -1;
}

static void dispatch(cti_ctx_t *ctx, const struct cti_event *ev, void *user)
{
	struct tool *t = user;

	(void)ctx;
	if (t->o->loop && answerer_event(t, &t->peer, ev))
		return;
	if (ev->type >= CTI_EVENT_SPAN_ALARM && ev->type < CTI_EVENT_USER &&
	    ev->u.span.span_id == t->span) {
		if (ev->type == CTI_EVENT_SPAN_UP)
			t->span_up = true;
		else if (ev->type == CTI_EVENT_SPAN_DOWN)
			t->span_up = false;
	}
	t->on_event(t, ev);
}

static void on_signal(cti_ctx_t *ctx, int fd, uint32_t revents, void *user)
{
	struct tool *t = user;
	struct signalfd_siginfo si;

	(void)revents;
	if (read(fd, &si, sizeof(si)) != sizeof(si))
		return;
	if (t->on_interrupt && !t->interrupted) {
		t->interrupted = true;
		t->on_interrupt(t);
		return;
	}
	t->interrupted = true;
	cti_ctx_stop(ctx);
}

/*
 * Before exiting, let the clearing of our calls finish on the wire
 * (DISCONNECT, RELEASE, RELEASE COMPLETE): a process that closes its D
 * channel mid-exchange leaves the far end holding the call and its
 * B-channel (and a later process reusing the call reference meets the
 * leftover's retransmitted RELEASE). Bounded: 3 s at most.
 */
struct drain {
	struct tool *t;
	int ticks;
	int quiet_ticks;
};

static void drain_check(cti_ctx_t *ctx, void *user)
{
	struct drain *d = user;
	struct cti_span_status st;

	if (cti_span_get_status(ctx, d->t->span, &st) || !st.d_up ||
	    ++d->ticks >= 300) {
		cti_ctx_stop(ctx);
		return;
	}
	/* Calls gone: linger 300 ms more so the last RELEASE COMPLETE
	 * leaves the kernel's D-channel buffer before we close it. */
	if (!st.calls && d->quiet_ticks++ >= 30) {
		cti_ctx_stop(ctx);
		return;
	}
	cti_timer_start(ctx, 10, drain_check, d);
}

static void ignore_events(struct tool *t, const struct cti_event *ev)
{
	(void)t;
	(void)ev;
}

static void drain(struct tool *t)
{
	struct drain d = { .t = t };

	t->on_event = ignore_events;
	t->on_interrupt = NULL;
	cti_timer_start(t->ctx, 0, drain_check, &d);
	cti_ctx_run(t->ctx);
}

/* An R2 span's configuration from the options; PRI options given with
 * it stay in, so libcti's check names them. */
static void r2_config(const struct opts *o, struct cti_span_config *c)
{
	memset(c, 0, sizeof(*c));
	c->type = o->type;
	c->signalling = CTI_SIGNALLING_R2;
	c->side = o->side_set ? o->side : 0;
	c->switchtype = o->switchtype;
	c->law = o->law;
	c->r2_variant = (uint32_t)o->r2_variant;
	c->r2_category = (uint8_t)o->r2_category;
	c->r2_max_dnis = (uint8_t)o->r2_max_dnis;
	if (o->r2_max_ani == 0)
		c->r2_flags |= CTI_R2_NO_ANI;
	else if (o->r2_max_ani > 0)
		c->r2_max_ani = (uint8_t)o->r2_max_ani;
}

/* The signalling to run: as asked, else as DAHDI's configuration says
 * (what the operator wrote in system.conf). */
static int pick_signalling(const struct opts *o)
{
	char why[256];
	int sig;

	if (o->signalling >= 0)
		return o->signalling;
	sig = cti_span_dahdi_signalling(o->dahdi_span, why, sizeof(why));
	if (sig == CTI_EINVAL)
		fprintf(stderr, "cti-call: span %d: %s\n", o->dahdi_span, why);
	else if (sig < 0)
		fprintf(stderr, "cti-call: cannot open span %d: %s\n",
			o->dahdi_span, cti_strerror(sig));
	return sig;
}

static int open_r2(struct tool *t, const struct opts *o)
{
	struct cti_span_config c;
	char why[256];
	int rc;

	r2_config(o, &c);
	if (cti_span_config_check(&c, why, sizeof(why))) {
		fprintf(stderr, "cti-call: span %d (R2): %s\n", o->dahdi_span,
			why);
		return CTI_EINVAL;
	}
	rc = cti_span_open_dahdi(t->ctx, &t->span, o->dahdi_span, &c);
	if (rc)
		fprintf(stderr, "cti-call: cannot open span %d as R2 (%s): %s\n",
			o->dahdi_span, cti_r2_variant_name(o->r2_variant),
			cti_strerror(rc));
	return rc;
}

static bool r2_options_given(const struct opts *o)
{
	return o->r2_variant || o->r2_category || o->r2_max_dnis ||
	       o->r2_max_ani >= 0;
}

static int open_spans(struct tool *t, const struct opts *o)
{
	struct cti_span_config ours = { .type = o->type,
					.side = o->side,
					.switchtype = o->switchtype,
					.law = o->law };
	int rc, sig = o->loop ? CTI_SIGNALLING_PRI : pick_signalling(o);

	if (sig < 0)
		return sig;
	if (sig == CTI_SIGNALLING_R2) {
		if (o->loop) {
			fprintf(stderr, "cti-call: R2 runs on DAHDI spans "
					"only (no loop: docs/r2.md)\n");
			return CTI_EINVAL;
		}
		return open_r2(t, o);
	}
	if (r2_options_given(o)) {
		fprintf(stderr, "cti-call: --variant, --category, --max-dnis "
				"and --max-ani are R2 options: span %s is "
				"PRI\n",
			o->loop ? "loop" : "(DAHDI)");
		return CTI_EINVAL;
	}
	if (o->loop) {
		struct cti_span_config far = ours;
		struct cti_loop_config lc = { .d_bitrate = 64000 };

		far.side = o->side == CTI_SIDE_NET ? CTI_SIDE_CPE : CTI_SIDE_NET;
		rc = cti_span_open_loop(t->ctx, &t->span, &t->peer_span, &ours,
					&far, &lc);
		if (!rc)
			answerer_init(&t->peer, t->peer_span, o);
	} else {
		/* We hold the interface's D channel, so any call the far end
		 * still has on it is left over from an earlier process
		 * (reusing its call references): RESTART clears them when
		 * the link comes up (Q.931 5.5). */
		ours.restart_on_up = true;
		rc = cti_span_open_dahdi(t->ctx, &t->span, o->dahdi_span,
					 &ours);
	}
	if (rc)
		fprintf(stderr, "cti-call: cannot open span %s: %s\n",
			o->loop ? "loop" : "(DAHDI)", cti_strerror(rc));
	return rc;
}

enum {
	OPT_VIRTUAL = 256,
	OPT_SIGNALLING,
	OPT_VARIANT,
	OPT_CATEGORY,
	OPT_MAX_DNIS,
	OPT_MAX_ANI,
	OPT_REFUSE,
	OPT_PCAP,
	OPT_DTMF_DELAY,
};

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "side", required_argument, NULL, 'S' },
		{ "switch", required_argument, NULL, 'w' },
		{ "from", required_argument, NULL, 'F' },
		{ "dtmf", required_argument, NULL, 'd' },
		{ "dtmf-delay", required_argument, NULL, OPT_DTMF_DELAY },
		{ "hold", required_argument, NULL, 'H' },
		{ "tone", no_argument, NULL, 'T' },
		{ "rate", required_argument, NULL, 'r' },
		{ "calls", required_argument, NULL, 'n' },
		{ "duration", required_argument, NULL, 'D' },
		{ "number", required_argument, NULL, 'N' },
		{ "ring", required_argument, NULL, 'R' },
		{ "wait", required_argument, NULL, 'W' },
		{ "virtual", no_argument, NULL, OPT_VIRTUAL },
		{ "pcap", required_argument, NULL, OPT_PCAP },
		{ "signalling", required_argument, NULL, OPT_SIGNALLING },
		{ "variant", required_argument, NULL, OPT_VARIANT },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "max-dnis", required_argument, NULL, OPT_MAX_DNIS },
		{ "max-ani", required_argument, NULL, OPT_MAX_ANI },
		{ "refuse", required_argument, NULL, OPT_REFUSE },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .type = CTI_SPAN_E1, .side = CTI_SIDE_CPE,
			  .hold_s = 3, .timeout_s = 30, .ring_s = 0.1,
			  .duration_s = -1, .signalling = -1,
			  .r2_max_ani = -1 };
	struct cti_ctx_config cc = { 0 };
	struct tool t = { .o = &o };
	const char *cmd, *span_arg;
	int c, nargs, rc, sfd = -1;
	sigset_t sigs;
	double v;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:S:w:F:d:H:Tr:n:D:N:R:W:jvhV",
				long_opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (strcmp(optarg, "e1") && strcmp(optarg, "t1")) {
				fprintf(stderr, "cti-call: --type e1 or t1\n");
				return EXIT_USAGE;
			}
			o.type = !strcmp(optarg, "t1") ? CTI_SPAN_T1 :
							 CTI_SPAN_E1;
			break;
		case 'S':
			if (strcmp(optarg, "cpe") && strcmp(optarg, "net")) {
				fprintf(stderr, "cti-call: --side cpe or net\n");
				return EXIT_USAGE;
			}
			o.side = !strcmp(optarg, "net") ? CTI_SIDE_NET :
							  CTI_SIDE_CPE;
			o.side_set = true;
			break;
		case OPT_SIGNALLING:
			if (strcmp(optarg, "pri") && strcmp(optarg, "r2")) {
				fprintf(stderr,
					"cti-call: --signalling pri or r2\n");
				return EXIT_USAGE;
			}
			o.signalling = !strcmp(optarg, "r2") ?
					       CTI_SIGNALLING_R2 :
					       CTI_SIGNALLING_PRI;
			break;
		case OPT_VARIANT:
			o.r2_variant = cti_r2_variant_parse(optarg);
			if (o.r2_variant < 0) {
				fprintf(stderr,
					"cti-call: --variant: unknown R2 "
					"variant '%s' (cn, itu, ar, br, co, "
					"cz, ec, id, mx, ph, ve)\n",
					optarg);
				return EXIT_USAGE;
			}
			if (o.signalling < 0)
				o.signalling = CTI_SIGNALLING_R2;
			break;
		case OPT_CATEGORY:
			o.r2_category = cti_r2_category_parse(optarg);
			if (o.r2_category < 0) {
				fprintf(stderr,
					"cti-call: --category: unknown "
					"category '%s' (national, "
					"national-priority, international, "
					"international-priority, collect, "
					"unknown, test)\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_MAX_DNIS:
			if (parse_num("--max-dnis", optarg, 1, 31, &v))
				return EXIT_USAGE;
			o.r2_max_dnis = (int)v;
			break;
		case OPT_MAX_ANI:
			if (parse_num("--max-ani", optarg, 0, 31, &v))
				return EXIT_USAGE;
			o.r2_max_ani = (int)v;
			break;
		case OPT_REFUSE:
			if (parse_num("--refuse", optarg, 1, 127, &v))
				return EXIT_USAGE;
			o.refuse = (int)v;
			break;
		case 'w':
			if (parse_switch(optarg, &o.switchtype))
				return EXIT_USAGE;
			break;
		case 'F':
			if (check_number("--from", optarg, true))
				return EXIT_USAGE;
			o.from = optarg;
			break;
		case 'd':
			if (check_dtmf(optarg))
				return EXIT_USAGE;
			o.dtmf = optarg;
			break;
		case OPT_DTMF_DELAY:
			if (parse_num("--dtmf-delay", optarg, 0, 86400,
				      &o.dtmf_delay_s))
				return EXIT_USAGE;
			break;
		case 'N':
			if (check_number("--number", optarg, false))
				return EXIT_USAGE;
			o.number = optarg;
			break;
		case 'T': o.tone = true; break;
		case OPT_VIRTUAL: o.virtual_time = true; break;
		case OPT_PCAP: o.pcap = optarg; break;
		case 'j': o.json = true; break;
		case 'v': o.verbose++; break;
		case 'H':
			if (parse_num("--hold", optarg, 0, 86400, &o.hold_s))
				return EXIT_USAGE;
			o.hold_set = true;
			break;
		case 'R':
			if (parse_num("--ring", optarg, 0, 300, &o.ring_s))
				return EXIT_USAGE;
			break;
		case 'W':
			if (parse_num("--wait", optarg, 0.1, 3600, &o.timeout_s))
				return EXIT_USAGE;
			break;
		case 'r':
			if (parse_num("--rate", optarg, 0.001, 10000, &o.rate))
				return EXIT_USAGE;
			break;
		case 'D':
			if (parse_num("--duration", optarg, 0, 86400,
				      &o.duration_s))
				return EXIT_USAGE;
			break;
		case 'n':
			if (parse_num("--calls", optarg, 1, 10000000, &v))
				return EXIT_USAGE;
			o.calls = (int)v;
			break;
		case 'h':
			usage(stdout);
			return EXIT_WELL;
		case 'V':
			printf("cti-call (libcti %s)\n", cti_version_string());
			return EXIT_WELL;
		default:
			return tool_bad_option("cti-call", NULL, c, argv);
		}
	}
	nargs = argc - optind;
	if (nargs < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind];
	span_arg = argv[optind + 1];
	if (!strcmp(span_arg, "loop")) {
		o.loop = true;
	} else {
		if (parse_num("SPAN", span_arg, 1, 100000, &v))
			return EXIT_USAGE;
		o.dahdi_span = (int)v;
	}
	if (o.virtual_time && !o.loop) {
		fprintf(stderr, "cti-call: --virtual needs the loop span\n");
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "dial")) {
		if (nargs != 3) {
			fprintf(stderr, "cti-call: dial SPAN NUMBER\n");
			return EXIT_USAGE;
		}
		o.number = argv[optind + 2];
		if (check_number("cannot place the call: NUMBER", o.number,
				 false))
			return EXIT_USAGE;
		/* digits the call would clear before sending: a mistake */
		if (o.dtmf_delay_s > 0 &&
		    (!o.dtmf || o.dtmf_delay_s >= o.hold_s)) {
			fprintf(stderr, "cti-call: --dtmf-delay %s\n",
				!o.dtmf ? "needs --dtmf" :
					  "must be shorter than --hold");
			return EXIT_USAGE;
		}
	} else if (!strcmp(cmd, "answer")) {
		if (nargs != 2 || o.loop) {
			fprintf(stderr, "cti-call: answer SPAN (a DAHDI span: "
					"on 'loop' the far end answers)\n");
			return EXIT_USAGE;
		}
	} else if (!strcmp(cmd, "load")) {
		if (nargs != 2 || o.rate <= 0 || o.calls <= 0 ||
		    o.duration_s < 0) {
			fprintf(stderr, "cti-call: load SPAN --rate R --calls N "
					"--duration D: %s\n",
				nargs != 2     ? "one SPAN" :
				o.rate <= 0    ? "--rate is required" :
				o.calls <= 0   ? "--calls is required" :
						 "--duration is required");
			return EXIT_USAGE;
		}
	} else {
		fprintf(stderr, "cti-call: unknown command '%s'\n", cmd);
		usage(stderr);
		return EXIT_USAGE;
	}

	cc.clock = o.virtual_time ? CTI_CLOCK_VIRTUAL : CTI_CLOCK_REAL;
	cc.log_level = o.verbose > 1 ? CTI_LOG_DEBUG : CTI_LOG_WARNING;
	rc = cti_ctx_new(&t.ctx, &cc);
	if (rc) {
		fprintf(stderr, "cti-call: %s\n", cti_strerror(rc));
		return EXIT_USAGE;
	}
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	sfd = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd >= 0)
		cti_ctx_watch_fd(t.ctx, sfd, EPOLLIN, on_signal, &t);
	cti_ctx_set_event_cb(t.ctx, dispatch, &t);
	if (open_spans(&t, &o) || capture_start(&t)) {
		rc = EXIT_USAGE;
	} else if (!strcmp(cmd, "dial")) {
		rc = cmd_dial(&t);
	} else if (!strcmp(cmd, "answer")) {
		rc = cmd_answer(&t);
	} else {
		rc = cmd_load(&t);
	}
	if (t.on_event)
		drain(&t);
	if (o.loop)
		answerer_release(t.ctx, &t.peer);
	cti_ctx_set_event_cb(t.ctx, NULL, NULL);
	cti_ctx_free(t.ctx);
	if (sfd >= 0)
		close(sfd);
	return rc;
}
