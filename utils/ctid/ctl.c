// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ctid's control socket: a UNIX stream socket served from the context's
 * event loop, non-blocking, a few clients at once. Each client sends
 * request lines and gets one reply line each, in order; a client whose
 * replies are not read is not read from either (its requests wait in
 * its buffer), so one slow client costs only its own memory. Who may
 * connect is the file system's business: the socket is 0660 in a
 * directory systemd makes for the daemon's user and group.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctid.h"
#include "ctl.h"

struct ctl_client {
	int fd;
	bool skipping; /* dropping an over-long request up to its '\n' */
	bool eof;      /* the client has sent all it will */
	size_t in_len;
	char in[CTID_CTL_MAX_REQUEST];
	char *out; /* the reply being sent, or NULL */
	size_t out_len, out_off;
};

struct ctid_ctl {
	struct ctid *d;
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct ctl_client *clients[CTID_CTL_MAX_CLIENTS];
};

static void client_io(cti_ctx_t *ctx, int fd, uint32_t revents, void *user);

static void client_close(struct ctid_ctl *c, size_t i)
{
	struct ctl_client *cl = c->clients[i];

	cti_ctx_unwatch_fd(c->d->ctx, cl->fd);
	close(cl->fd);
	free(cl->out);
	free(cl);
	c->clients[i] = NULL;
}

static size_t client_index(struct ctid_ctl *c, int fd)
{
	for (size_t i = 0; i < CTID_CTL_MAX_CLIENTS; i++)
		if (c->clients[i] && c->clients[i]->fd == fd)
			return i;
	return CTID_CTL_MAX_CLIENTS;
}

/* Send what of the reply the socket takes. Returns 1 when all of it is
 * gone, 0 when the rest must wait for EPOLLOUT, -1 when the client is
 * gone. */
static int client_flush(struct ctl_client *cl)
{
	while (cl->out && cl->out_off < cl->out_len) {
		ssize_t k = send(cl->fd, cl->out + cl->out_off,
				 cl->out_len - cl->out_off, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (k <= 0)
			return -1;
		cl->out_off += (size_t)k;
	}
	free(cl->out);
	cl->out = NULL;
	return 1;
}

static void client_reply(struct ctl_client *cl, char *line)
{
	/* out of memory: the one reply that needs none */
	static const char nomem[] =
		"{\"ok\":false,\"error\":\"CTI_ENOMEM\",\"why\":\"out of "
		"memory\"}\n";

	if (!line)
		line = strdup(nomem);
	cl->out = line;
	cl->out_len = line ? strlen(line) : 0;
	cl->out_off = 0;
}

/* Take the next complete line of the buffer and answer it (an empty one
 * gets no reply). Returns false when no whole line waits. */
static bool client_next_line(struct ctid *d, struct ctl_client *cl)
{
	char *nl = memchr(cl->in, '\n', cl->in_len);
	size_t len, used;

	/* at EOF the last line may lack its newline */
	if (!nl && !(cl->eof && cl->in_len && !cl->skipping))
		return false;
	used = nl ? (size_t)(nl - cl->in) + 1 : cl->in_len;
	len = nl ? (size_t)(nl - cl->in) : cl->in_len;
	if (len && cl->in[len - 1] == '\r')
		len--;
	if (cl->skipping)
		cl->skipping = false;
	else if (len)
		client_reply(cl, ctl_handle_line(d, cl->in, len));
	memmove(cl->in, cl->in + used, cl->in_len - used);
	cl->in_len -= used;
	return true;
}

static void client_too_long(struct ctl_client *cl)
{
	char why[96];

	snprintf(why, sizeof(why), "request longer than %d bytes",
		 CTID_CTL_MAX_REQUEST - 1);
	client_reply(cl, ctl_error_line(CTI_E2BIG, why));
	cl->skipping = true;
	cl->in_len = 0;
}

/* Read what the client sent (only while no reply is pending). Returns
 * false once the client is gone or done. */
static bool client_read(struct ctl_client *cl)
{
	while (!cl->eof && cl->in_len < sizeof(cl->in)) {
		ssize_t k = read(cl->fd, cl->in + cl->in_len,
				 sizeof(cl->in) - cl->in_len);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (k <= 0) {
			cl->eof = true;
			break;
		}
		cl->in_len += (size_t)k;
	}
	if (cl->in_len == sizeof(cl->in) && !memchr(cl->in, '\n', cl->in_len)) {
		if (cl->skipping)
			cl->in_len = 0; /* still the same long line */
		else
			client_too_long(cl);
	}
	return true;
}

/* Answer the requests in the buffer until a reply must wait; then watch
 * for what the client needs next. Returns false if it is to be closed. */
static bool client_serve(struct ctid *d, struct ctl_client *cl)
{
	for (;;) {
		int f = client_flush(cl);

		if (f < 0)
			return false;
		if (f == 0)
			return cti_ctx_modify_fd(d->ctx, cl->fd, EPOLLOUT) == 0;
		if (!client_next_line(d, cl))
			break;
	}
	if (cl->eof)
		return false;
	return cti_ctx_modify_fd(d->ctx, cl->fd, EPOLLIN) == 0;
}

static void client_io(cti_ctx_t *ctx, int fd, uint32_t revents, void *user)
{
	struct ctid *d = user;
	struct ctid_ctl *c = d->ctl;
	size_t i = c ? client_index(c, fd) : CTID_CTL_MAX_CLIENTS;
	struct ctl_client *cl;

	(void)ctx;
	if (i == CTID_CTL_MAX_CLIENTS)
		return;
	cl = c->clients[i];
	if ((revents & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !cl->out)
		client_read(cl);
	if (!client_serve(d, cl))
		client_close(c, i);
}

/* One client too many: told so (best effort) and closed at once. */
static void refuse_client(int fd)
{
	char *line = ctl_error_line(CTI_EBUSY, "too many control clients");

	if (line) {
		ssize_t k = send(fd, line, strlen(line), MSG_NOSIGNAL);

		(void)k;
		free(line);
	}
	close(fd);
}

static void accept_clients(cti_ctx_t *ctx, int fd, uint32_t revents, void *user)
{
	struct ctid *d = user;
	struct ctid_ctl *c = d->ctl;
	int cfd;

	(void)revents;
	while ((cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >=
	       0) {
		struct ctl_client *cl;
		size_t i;

		for (i = 0; i < CTID_CTL_MAX_CLIENTS && c->clients[i]; i++)
			;
		cl = i < CTID_CTL_MAX_CLIENTS ? calloc(1, sizeof(*cl)) : NULL;
		if (!cl) {
			refuse_client(cfd);
			continue;
		}
		cl->fd = cfd;
		if (cti_ctx_watch_fd(ctx, cfd, EPOLLIN, client_io, d)) {
			free(cl);
			close(cfd);
			continue;
		}
		c->clients[i] = cl;
	}
}

/* A socket file left by a ctid that died is removed; one a live ctid
 * answers on, or anything not a socket, is not. */
static int clear_old_socket(const struct sockaddr_un *sa, char *why,
			    size_t why_len)
{
	struct stat st;
	int fd, rc;

	if (lstat(sa->sun_path, &st) < 0)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(why, why_len, "%s: exists and is not a socket",
			 sa->sun_path);
		return CTI_EEXIST;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	rc = connect(fd, (const struct sockaddr *)sa, sizeof(*sa));
	close(fd);
	if (rc == 0) {
		snprintf(why, why_len, "%s: another ctid is listening there",
			 sa->sun_path);
		return CTI_EBUSY;
	}
	unlink(sa->sun_path);
	return 0;
}

static int listen_at(const struct sockaddr_un *sa, char *why, size_t why_len)
{
	mode_t old;
	int fd, rc;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* never a moment when others could connect */
	old = umask(0117);
	rc = bind(fd, (const struct sockaddr *)sa, sizeof(*sa));
	umask(old);
	if (rc == 0)
		rc = chmod(sa->sun_path, 0660);
	if (rc == 0)
		rc = listen(fd, 16);
	if (rc < 0) {
		rc = -errno;
		snprintf(why, why_len, "%s: %s", sa->sun_path, strerror(errno));
		close(fd);
		return rc;
	}
	return fd;
}

int ctid_ctl_open(struct ctid *d, const char *path, char *why, size_t why_len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ctid_ctl *c;
	int fd, rc;

	if (!d || !path || d->ctl) {
		snprintf(why, why_len, "control socket: already open");
		return CTI_EINVAL;
	}
	if (!path[0] || strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(why, why_len, "%s: a socket path is 1 to %zu bytes",
			 path, sizeof(sa.sun_path) - 1);
		return CTI_EINVAL;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	rc = clear_old_socket(&sa, why, why_len);
	if (rc)
		return rc;
	c = calloc(1, sizeof(*c));
	if (!c)
		return CTI_ENOMEM;
	fd = listen_at(&sa, why, why_len);
	if (fd < 0) {
		free(c);
		return fd;
	}
	c->d = d;
	c->fd = fd;
	memcpy(c->path, sa.sun_path, sizeof(c->path));
	rc = cti_ctx_watch_fd(d->ctx, fd, EPOLLIN, accept_clients, d);
	if (rc) {
		snprintf(why, why_len, "%s: %s", path, cti_strerror(rc));
		close(fd);
		unlink(c->path);
		free(c);
		return rc;
	}
	d->ctl = c;
	return 0;
}

void ctid_ctl_close(struct ctid *d)
{
	struct ctid_ctl *c = d ? d->ctl : NULL;

	if (!c)
		return;
	for (size_t i = 0; i < CTID_CTL_MAX_CLIENTS; i++)
		if (c->clients[i]) {
			/* a reply still pending goes out if it can */
			client_flush(c->clients[i]);
			client_close(c, i);
		}
	cti_ctx_unwatch_fd(d->ctx, c->fd);
	close(c->fd);
	unlink(c->path);
	free(c);
	d->ctl = NULL;
}
