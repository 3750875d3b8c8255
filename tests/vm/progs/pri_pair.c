// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pri_pair: run libpri as NET on one DAHDI D channel and as CPE on another
 * (two spans cabled to each other), wait until Q.921 is up on both, then
 * place one call CPE -> NET and see it answered and cleared (Q.931). Exits
 * 0 on success, 1 on timeout or a failed step, 2 on usage or open errors.
 *
 *   pri_pair [-t SECONDS] [-s e1|t1] [-n] NET_DCHAN CPE_DCHAN
 *
 * D channels are device paths (/dev/dahdi/chan/001/016) or channel numbers.
 * -n: stop once layer 2 is up (no call).
 * A test helper for the guest tests, not a product tool: it talks to DAHDI
 * and libpri directly.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <dahdi/user.h>
#include <libpri.h>

struct side {
	const char *label;
	int fd;
	struct pri *pri;
	bool up;
	bool call_ended; /* RELEASE or RELEASE COMPLETE seen */
};

static struct side sides[2];
static q931_call *net_call, *cpe_call;
static bool answered;

static void say(const char *fmt, ...)
{
	va_list ap;
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("[%5ld.%03ld] ", (long)ts.tv_sec % 100000, ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void pri_msg(struct pri *pri, char *s)
{
	(void)pri;
	fputs(s, stdout);
}

static int open_dchan(const char *arg)
{
	struct dahdi_bufferinfo bi;
	char *end;
	long chan = strtol(arg, &end, 10);
	int fd;

	if (*arg && !*end) {
		fd = open("/dev/dahdi/channel", O_RDWR | O_NONBLOCK);
		if (fd >= 0 && ioctl(fd, DAHDI_SPECIFY, &(int){ (int)chan })) {
			close(fd);
			return -1;
		}
	} else {
		fd = open(arg, O_RDWR | O_NONBLOCK);
	}
	if (fd < 0)
		return -1;
	/* Frames of up to 1 kB, 32 deep, as PRI stacks configure it. */
	memset(&bi, 0, sizeof(bi));
	bi.txbufpolicy = DAHDI_POLICY_IMMEDIATE;
	bi.rxbufpolicy = DAHDI_POLICY_IMMEDIATE;
	bi.numbufs = 32;
	bi.bufsize = 1024;
	if (ioctl(fd, DAHDI_SET_BUFINFO, &bi)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* read() fails with ELAST when DAHDI has an event (alarm...) queued on the
 * channel: take the event and report "no frame". */
static int dchan_read(struct pri *pri, void *buf, int len)
{
	int fd = pri_fd(pri), n = (int)read(fd, buf, (size_t)len);

	if (n < 0 && errno == ELAST) {
		int ev = 0;

		ioctl(fd, DAHDI_GETEVENT, &ev);
		say("%s: DAHDI event %d on the D channel",
		    pri_get_userdata(pri) ? (const char *)pri_get_userdata(pri) :
					    "?", ev);
		return 0;
	}
	return n < 0 ? -1 : n;
}

static int dchan_write(struct pri *pri, void *buf, int len)
{
	int n = (int)write(pri_fd(pri), buf, (size_t)len);

	return n < 0 ? -1 : n;
}

static void handle(struct side *s, pri_event *e)
{
	switch (e->e) {
	case PRI_EVENT_DCHAN_UP:
		s->up = true;
		say("%s: Q.921 up", s->label);
		break;
	case PRI_EVENT_DCHAN_DOWN:
		s->up = false;
		say("%s: Q.921 down", s->label);
		break;
	case PRI_EVENT_RING:
		say("%s: SETUP for %s from %s, B-channel %d", s->label,
		    e->ring.callednum, e->ring.callingnum, e->ring.channel);
		net_call = e->ring.call;
		pri_proceeding(s->pri, net_call, e->ring.channel, 0);
		pri_answer(s->pri, net_call, e->ring.channel, 1);
		break;
	case PRI_EVENT_ANSWER:
		say("%s: CONNECT", s->label);
		answered = true;
		pri_hangup(s->pri, cpe_call, PRI_CAUSE_NORMAL_CLEARING);
		break;
	case PRI_EVENT_HANGUP_REQ: /* DISCONNECT received */
		say("%s: DISCONNECT cause %d (%s)", s->label, e->hangup.cause,
		    pri_cause2str(e->hangup.cause));
		pri_hangup(s->pri, e->hangup.call, e->hangup.cause);
		break;
	case PRI_EVENT_HANGUP: /* RELEASE received */
		say("%s: RELEASE cause %d (%s)", s->label, e->hangup.cause,
		    pri_cause2str(e->hangup.cause));
		pri_hangup(s->pri, e->hangup.call, e->hangup.cause);
		s->call_ended = true;
		break;
	case PRI_EVENT_HANGUP_ACK: /* RELEASE COMPLETE received */
		say("%s: RELEASE COMPLETE", s->label);
		s->call_ended = true;
		break;
	default:
		break;
	}
}

static int place_call(void)
{
	struct side *cpe = &sides[1];
	struct pri_sr *sr = pri_sr_new();
	int rc;

	cpe_call = pri_new_call(cpe->pri);
	if (!sr || !cpe_call)
		return -1;
	pri_sr_set_channel(sr, 1, 0, 0); /* B1, preferred */
	pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH, PRI_LAYER_1_ALAW);
	pri_sr_set_called(sr, "5551000", PRI_UNKNOWN, 1);
	pri_sr_set_caller(sr, "5552000", NULL, PRI_UNKNOWN,
			  PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
	rc = pri_setup(cpe->pri, cpe_call, sr);
	pri_sr_free(sr);
	say("CPE: SETUP sent");
	return rc;
}

int main(int argc, char **argv)
{
	int c, seconds = 30, switchtype = PRI_SWITCH_EUROISDN_E1;
	bool l2_only = false, calling = false;
	struct timespec start, now;

	while ((c = getopt(argc, argv, "t:s:n")) != -1) {
		switch (c) {
		case 't': seconds = atoi(optarg); break;
		case 's':
			switchtype = !strcmp(optarg, "t1") ? PRI_SWITCH_NI2 :
							     PRI_SWITCH_EUROISDN_E1;
			break;
		case 'n': l2_only = true; break;
		default: goto usage;
		}
	}
	if (argc - optind != 2)
		goto usage;
	pri_set_error(pri_msg);
	pri_set_message(pri_msg);
	for (int i = 0; i < 2; i++) {
		struct side *s = &sides[i];

		s->label = i ? "CPE" : "NET";
		s->fd = open_dchan(argv[optind + i]);
		if (s->fd < 0) {
			fprintf(stderr, "pri_pair: %s: %s\n", argv[optind + i],
				strerror(errno));
			return 2;
		}
		s->pri = pri_new_cb(s->fd, i ? PRI_CPE : PRI_NETWORK,
				    switchtype, dchan_read, dchan_write,
				    (void *)s->label);
		if (!s->pri) {
			fprintf(stderr, "pri_pair: pri_new_cb failed\n");
			return 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd pfd[2];
		int timeout = 100;

		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= seconds) {
			say("timeout after %d s: NET %s, CPE %s%s", seconds,
			    sides[0].up ? "up" : "down",
			    sides[1].up ? "up" : "down",
			    calling ? (answered ? ", call answered" :
						  ", call not answered") :
				      "");
			return 1;
		}
		if (sides[0].up && sides[1].up) {
			if (l2_only)
				return 0;
			if (!calling) {
				calling = true;
				if (place_call()) {
					say("pri_setup failed");
					return 1;
				}
			}
			if (answered && sides[0].call_ended && sides[1].call_ended) {
				say("call placed, answered and cleared");
				return 0;
			}
		}
		for (int i = 0; i < 2; i++) {
			struct timeval *next = pri_schedule_next(sides[i].pri);

			pfd[i].fd = sides[i].fd;
			pfd[i].events = POLLIN | POLLPRI;
			if (next) {
				struct timeval tv;
				long ms;

				gettimeofday(&tv, NULL);
				ms = (next->tv_sec - tv.tv_sec) * 1000 +
				     (next->tv_usec - tv.tv_usec) / 1000;
				if (ms < timeout)
					timeout = ms < 0 ? 0 : (int)ms;
			}
		}
		poll(pfd, 2, timeout);
		for (int i = 0; i < 2; i++) {
			pri_event *e = NULL;

			if (pfd[i].revents & (POLLIN | POLLPRI))
				e = pri_check_event(sides[i].pri);
			if (e)
				handle(&sides[i], e);
			e = pri_schedule_run(sides[i].pri);
			if (e)
				handle(&sides[i], e);
		}
	}
usage:
	fprintf(stderr, "usage: pri_pair [-t SECONDS] [-s e1|t1] [-n] "
			"NET_DCHAN CPE_DCHAN\n");
	return 2;
}
