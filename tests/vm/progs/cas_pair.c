// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cas_pair: channel-associated signalling across a cabled span pair. The
 * "phone" channel (configured fxsks: it signals like a telephone) goes off
 * hook and back on hook; the "line" channel on the other span (fxoks: it
 * feeds the phone) must see each change as a DAHDI event, carried by the
 * ABCD bits (E1 TS16 CAS, T1 robbed bits) through both framers.
 *
 *   cas_pair PHONE_CHAN LINE_CHAN     device paths (/dev/dahdi/chan/001/001)
 *
 * Exits 0 when both transitions arrived, 1 if one did not within 3 s, 2 on
 * usage or open errors. A guest-test helper, not a product tool.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <dahdi/user.h>

static int open_chan(const char *path)
{
	int fd = open(path, O_RDWR | O_NONBLOCK);

	if (fd < 0)
		fprintf(stderr, "cas_pair: %s: %s\n", path, strerror(errno));
	return fd;
}

/* Wait up to 3 s for DAHDI event `want` on fd; others are printed. */
static int wait_event(int fd, int want, const char *what)
{
	for (int waited = 0; waited < 3000; waited += 10) {
		struct pollfd p = { .fd = fd, .events = POLLPRI };
		int ev = 0;

		if (poll(&p, 1, 10) > 0 && (p.revents & POLLPRI) &&
		    !ioctl(fd, DAHDI_GETEVENT, &ev) && ev) {
			printf("line channel: event %d after %d ms\n", ev,
			       waited);
			if (ev == want) {
				printf("%s: seen\n", what);
				return 0;
			}
		}
	}
	printf("%s: NOT seen within 3 s\n", what);
	return 1;
}

/* True if no DAHDI event arrives on fd for ms milliseconds. */
static int wait_quiet(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLPRI };
	int ev = 0;

	if (poll(&p, 1, ms) > 0 && (p.revents & POLLPRI) &&
	    !ioctl(fd, DAHDI_GETEVENT, &ev) && ev) {
		printf("line channel: event %d while the phone did nothing\n",
		       ev);
		return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	int phone, line, hook, rc = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: cas_pair PHONE_CHAN LINE_CHAN\n");
		return 2;
	}
	phone = open_chan(argv[1]);
	line = open_chan(argv[2]);
	if (phone < 0 || line < 0)
		return 2;
	/* the initial signalling state settles, then must stay quiet: an
	 * event now would make the ones below prove nothing */
	usleep(1000000);
	for (int ev = 1; ev;)
		if (ioctl(line, DAHDI_GETEVENT, &ev))
			break;
	if (!wait_quiet(line, 1000))
		return 1;
	hook = DAHDI_OFFHOOK;
	if (ioctl(phone, DAHDI_HOOK, &hook)) {
		perror("cas_pair: DAHDI_HOOK off hook");
		return 2;
	}
	rc |= wait_event(line, DAHDI_EVENT_RINGOFFHOOK, "off hook");
	hook = DAHDI_ONHOOK;
	if (ioctl(phone, DAHDI_HOOK, &hook)) {
		perror("cas_pair: DAHDI_HOOK on hook");
		return 2;
	}
	rc |= wait_event(line, DAHDI_EVENT_ONHOOK, "on hook");
	close(phone);
	close(line);
	return rc;
}
