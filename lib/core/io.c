// SPDX-License-Identifier: LGPL-2.1-or-later
/* The epoll pass, application fd watches and the cross-thread commands. */
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "core/ctx.h"

static struct cti__watch *find_watch(cti_ctx_t *ctx, int fd)
{
	for (struct cti__watch *w = ctx->watches; w; w = w->next)
		if (w->fd == fd)
			return w;
	return NULL;
}

CTI_EXTERN int cti_ctx_watch_fd(cti_ctx_t *ctx, int fd, uint32_t events,
				cti_io_fn fn, void *user)
{
	struct epoll_event ev = { .events = events };
	struct cti__watch *w;

	if (fd < 0 || !fn || fd == ctx->evfd || fd == ctx->tfd ||
	    fd == ctx->epfd)
		return CTI_EINVAL;
	if (find_watch(ctx, fd))
		return CTI_EEXIST;
	w = calloc(1, sizeof(*w));
	if (!w)
		return CTI_ENOMEM;
	ev.data.fd = fd;
	if (epoll_ctl(ctx->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		int rc = -errno;

		free(w);
		return rc;
	}
	w->fd = fd;
	w->events = events;
	w->fn = fn;
	w->user = user;
	w->next = ctx->watches;
	ctx->watches = w;
	return 0;
}

CTI_EXTERN int cti_ctx_modify_fd(cti_ctx_t *ctx, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events };
	struct cti__watch *w = find_watch(ctx, fd);

	if (!w)
		return CTI_ENOENT;
	ev.data.fd = fd;
	if (epoll_ctl(ctx->epfd, EPOLL_CTL_MOD, fd, &ev) < 0)
		return -errno;
	w->events = events;
	return 0;
}

CTI_EXTERN int cti_ctx_unwatch_fd(cti_ctx_t *ctx, int fd)
{
	for (struct cti__watch **pp = &ctx->watches; *pp; pp = &(*pp)->next) {
		struct cti__watch *w = *pp;

		if (w->fd != fd)
			continue;
		epoll_ctl(ctx->epfd, EPOLL_CTL_DEL, fd, NULL);
		*pp = w->next;
		free(w);
		return 0;
	}
	return CTI_ENOENT;
}

void cti__watches_free(cti_ctx_t *ctx)
{
	while (ctx->watches) {
		struct cti__watch *w = ctx->watches;

		ctx->watches = w->next;
		free(w);
	}
}

int cti__poll(cti_ctx_t *ctx, int timeout_ms)
{
	struct epoll_event evs[32];
	int n = epoll_wait(ctx->epfd, evs, 32, timeout_ms);

	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		int fd = evs[i].data.fd;
		uint64_t v;

		if (fd == ctx->evfd) {
			if (read(fd, &v, sizeof(v)) < 0) {
				/* EAGAIN: another pass drained it */
			}
			cti__cmds_run(ctx);
		} else if (fd == ctx->tfd) {
			if (read(fd, &v, sizeof(v)) < 0) {
				/* EAGAIN: re-armed since it fired */
			}
			ctx->tfd_armed_us = UINT64_MAX;
		} else {
			/* looked up again: an earlier callback may unwatch */
			struct cti__watch *w = find_watch(ctx, fd);

			if (w)
				w->fn(ctx, fd, evs[i].events, w->user);
		}
	}
	return n;
}

CTI_EXTERN int cti_ctx_post(cti_ctx_t *ctx, cti_cmd_fn fn, void *arg)
{
	struct cti__cmd *c;
	uint64_t one = 1;

	if (!fn)
		return CTI_EINVAL;
	c = malloc(sizeof(*c));
	if (!c)
		return CTI_ENOMEM;
	c->fn = fn;
	c->arg = arg;
	c->next = NULL;
	pthread_mutex_lock(&ctx->cmd_lock);
	if (ctx->cmd_tail)
		ctx->cmd_tail->next = c;
	else
		ctx->cmd_head = c;
	ctx->cmd_tail = c;
	pthread_mutex_unlock(&ctx->cmd_lock);
	/* can only fail if the counter would overflow: it is still readable */
	if (write(ctx->evfd, &one, sizeof(one)) < 0) {
	}
	return 0;
}

static struct cti__cmd *take_cmds(cti_ctx_t *ctx)
{
	struct cti__cmd *c;

	pthread_mutex_lock(&ctx->cmd_lock);
	c = ctx->cmd_head;
	ctx->cmd_head = ctx->cmd_tail = NULL;
	pthread_mutex_unlock(&ctx->cmd_lock);
	return c;
}

void cti__cmds_run(cti_ctx_t *ctx)
{
	struct cti__cmd *c = take_cmds(ctx);

	while (c) {
		struct cti__cmd *next = c->next;

		c->fn(ctx, c->arg);
		free(c);
		c = next;
	}
}

void cti__cmds_free(cti_ctx_t *ctx)
{
	struct cti__cmd *c = take_cmds(ctx);

	while (c) {
		struct cti__cmd *next = c->next;

		c->fn(NULL, c->arg);
		free(c);
		c = next;
	}
}
