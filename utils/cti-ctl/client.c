// SPDX-License-Identifier: LGPL-2.1-or-later
/* cti-ctl: one request and its reply over ctid's control socket. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cti_ctl.h"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "cti-ctl: %s: socket path too long\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		fprintf(stderr, "cti-ctl: %s: %s%s\n", path, strerror(e),
			e == ENOENT || e == ECONNREFUSED ? " (is ctid running?)"
			: e == EACCES ? " (are you in ctid's group?)"
				      : "");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t k = send(fd, s, n, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		s += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Read up to the first newline; the buffer grows as needed. */
static int read_line(int fd, char **out, const char *path)
{
	int64_t deadline = now_ms() + CTI_CTL_TIMEOUT_MS;
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);

	while (buf) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - now_ms();
		char *nl;
		ssize_t k;

		if (left <= 0 || poll(&p, 1, (int)left) == 0) {
			fprintf(stderr, "cti-ctl: %s: no reply in %d s\n", path,
				CTI_CTL_TIMEOUT_MS / 1000);
			break;
		}
		if (len + 1 == cap) {
			char *more = realloc(buf, cap * 2);

			if (!more)
				break;
			buf = more;
			cap *= 2;
		}
		k = read(fd, buf + len, cap - 1 - len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			fprintf(stderr,
				"cti-ctl: %s: ctid closed the "
				"connection without a reply\n",
				path);
			break;
		}
		len += (size_t)k;
		buf[len] = '\0';
		nl = strchr(buf, '\n');
		if (nl) {
			*nl = '\0';
			*out = buf;
			return 0;
		}
	}
	free(buf);
	return -1;
}

int ctl_exchange(const char *socket_path, const char *request, char **reply)
{
	int fd = connect_to(socket_path);
	int rc;

	if (fd < 0)
		return EXIT_USAGE;
	if (send_all(fd, request, strlen(request)) || send_all(fd, "\n", 1)) {
		fprintf(stderr, "cti-ctl: %s: %s\n", socket_path,
			strerror(errno));
		close(fd);
		return EXIT_USAGE;
	}
	rc = read_line(fd, reply, socket_path);
	close(fd);
	return rc ? EXIT_USAGE : 0;
}
