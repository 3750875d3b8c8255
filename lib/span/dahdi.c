// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The dahdi backend: the DAHDI kernel user API. Each channel is opened as
 * /dev/dahdi/channel and bound with DAHDI_SPECIFY; B channels get the law
 * (DAHDI_SETLAW) and a 20 ms block size (DAHDI_SET_BLOCKSIZE), the D
 * channel is read and written as whole HDLC frames (the span must be
 * configured by dahdi_cfg with its dchan). Alarms come from DAHDI_GETEVENT
 * on the D channel (read() fails with ELAST when one is pending) and are
 * read with DAHDI_SPANSTAT.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <dahdi/user.h>

#include "span/link_state.h"
#include "span/span.h"

#define CTL_PATH  "/dev/dahdi/ctl"
#define CHAN_PATH "/dev/dahdi/channel"

/* A D-channel frame the kernel could not take yet (all HDLC buffers
 * busy): sent when the fd is writable, in order. */
struct pending {
	struct pending *next;
	int len;
	uint8_t data[];
};

struct dahdi_span {
	struct cti__span s;
	int spanno, basechan;
	int dfd;
	int bfd[CTI__MAX_CHAN];
	struct pending *txq, *txq_tail;
	unsigned txq_len;
	bool published; /* our Q.921 state file exists */
	bool link_up, net; /* what it says */
};

#define TXQ_MAX 64 /* frames; Q.921's window is 7, so this is ample */

static struct dahdi_span *ds(struct cti__span *s)
{
	return (struct dahdi_span *)s;
}

static int query_alarms(struct dahdi_span *d, uint32_t *alarms)
{
	struct dahdi_spaninfo si;
	int fd = open(CTL_PATH, O_RDWR | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	memset(&si, 0, sizeof(si));
	si.spanno = d->spanno;
	if (ioctl(fd, DAHDI_SPANSTAT, &si) < 0)
		rc = -errno;
	else
		*alarms = (uint32_t)si.alarms;
	close(fd);
	return rc;
}

static void handle_dahdi_event(struct dahdi_span *d)
{
	int ev = 0;
	uint32_t alarms;

	if (ioctl(d->dfd, DAHDI_GETEVENT, &ev) < 0)
		return;
	switch (ev) {
	case DAHDI_EVENT_ALARM:
	case DAHDI_EVENT_NOALARM:
		if (query_alarms(d, &alarms) == 0)
			cti__span_set_alarms(&d->s, alarms);
		break;
	case DAHDI_EVENT_BADFCS:
	case DAHDI_EVENT_ABORT:
	case DAHDI_EVENT_OVERRUN:
		cti__log(d->s.ctx, CTI_LOG_DEBUG, "span",
			 "dahdi span %d: D-channel HDLC event %d", d->spanno,
			 ev);
		break;
	case DAHDI_EVENT_REMOVED:
		cti__span_set_alarms(&d->s, d->s.alarms | 1u << 5);
		break;
	default:
		break;
	}
}

static int dahdi_d_read(struct cti__span *s, void *buf, int len)
{
	struct dahdi_span *d = ds(s);
	ssize_t n = read(d->dfd, buf, (size_t)len);

	if (n < 0) {
		if (errno == ELAST) {
			/* a DAHDI event is pending: take it, then retry */
			handle_dahdi_event(d);
			return CTI_EAGAIN;
		}
		return errno == EAGAIN ? CTI_EAGAIN : -errno;
	}
	s->stats.d_rx_frames++;
	s->stats.d_rx_bytes += (uint64_t)n;
	return (int)n;
}

/* Try to send the queued frames; false if the kernel is still full. */
static bool flush_txq(struct dahdi_span *d)
{
	while (d->txq) {
		struct pending *f = d->txq;
		ssize_t n = write(d->dfd, f->data, (size_t)f->len);

		if (n < 0 && errno == ELAST) {
			handle_dahdi_event(d);
			continue;
		}
		if (n < 0 && errno == EAGAIN)
			return false;
		if (n < 0)
			d->s.stats.d_dropped++;
		d->txq = f->next;
		if (!d->txq)
			d->txq_tail = NULL;
		d->txq_len--;
		free(f);
	}
	return true;
}

static int dahdi_d_write(struct cti__span *s, const void *buf, int len)
{
	struct dahdi_span *d = ds(s);
	struct pending *f;

	s->stats.d_tx_frames++;
	s->stats.d_tx_bytes += (uint64_t)len;
	if (!d->txq) {
		ssize_t n = write(d->dfd, buf, (size_t)len);

		if (n < 0 && errno == ELAST) {
			handle_dahdi_event(d);
			n = write(d->dfd, buf, (size_t)len);
		}
		if (n >= 0)
			return len;
		if (errno != EAGAIN) {
			s->stats.d_dropped++;
			return -errno;
		}
	}
	/* the kernel's buffers are full: keep the frame for later */
	if (d->txq_len >= TXQ_MAX) {
		s->stats.d_dropped++;
		return CTI_ENOSPC;
	}
	f = malloc(sizeof(*f) + (size_t)len);
	if (!f)
		return CTI_ENOMEM;
	f->next = NULL;
	f->len = len;
	memcpy(f->data, buf, (size_t)len);
	if (d->txq_tail)
		d->txq_tail->next = f;
	else
		d->txq = f;
	d->txq_tail = f;
	d->txq_len++;
	cti_ctx_modify_fd(s->ctx, d->dfd, EPOLLIN | EPOLLPRI | EPOLLOUT);
	return len;
}

static void on_dchan(cti_ctx_t *ctx, int fd, uint32_t revents, void *user)
{
	struct dahdi_span *d = user;

	(void)ctx;
	(void)fd;
	if (revents & EPOLLPRI)
		handle_dahdi_event(d);
	if ((revents & EPOLLOUT) && flush_txq(d))
		cti_ctx_modify_fd(d->s.ctx, d->dfd, EPOLLIN | EPOLLPRI);
	if ((revents & EPOLLIN) && d->s.up && d->s.up->d_ready)
		d->s.up->d_ready(d->s.up_data);
}

static void on_bchan(cti_ctx_t *ctx, int fd, uint32_t revents, void *user)
{
	struct dahdi_span *d = user;
	int ch;
	ssize_t n;

	(void)ctx;
	(void)revents;
	for (ch = 1; ch < CTI__MAX_CHAN; ch++)
		if (d->bfd[ch] == fd)
			break;
	if (ch == CTI__MAX_CHAN)
		return;
	n = read(fd, d->s.rx[ch], CTI__BLOCK);
	if (n < 0) {
		if (errno == ELAST) {
			int ev;

			ioctl(fd, DAHDI_GETEVENT, &ev);
		}
		return;
	}
	if (n < CTI__BLOCK)
		memset(d->s.rx[ch] + n, cti__law_idle(d->s.law),
		       (size_t)(CTI__BLOCK - n));
	d->s.stats.blocks++;
	/* idle fill first: the layer above overwrites it for live calls */
	memset(d->s.tx[ch], cti__law_idle(d->s.law), CTI__BLOCK);
	if (d->s.active[ch] && d->s.up && d->s.up->audio)
		d->s.up->audio(d->s.up_data, ch);
	/* one block out per block in keeps the kernel buffers level */
	if (write(fd, d->s.tx[ch], CTI__BLOCK) < 0)
		cti__log(d->s.ctx, CTI_LOG_DEBUG, "span",
			 "dahdi channel %d: write: %s", d->basechan + ch - 1,
			 strerror(errno));
}

static int open_channel(int channo)
{
	int fd = open(CHAN_PATH, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (ioctl(fd, DAHDI_SPECIFY, &channo) < 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	return fd;
}

static void dahdi_free(struct cti__span *s)
{
	struct dahdi_span *d = ds(s);

	if (d->published)
		cti__link_state_remove(d->spanno);
	for (int ch = 1; ch < CTI__MAX_CHAN; ch++) {
		if (d->bfd[ch] < 0)
			continue;
		cti_ctx_unwatch_fd(s->ctx, d->bfd[ch]);
		close(d->bfd[ch]);
	}
	if (d->dfd >= 0) {
		cti_ctx_unwatch_fd(s->ctx, d->dfd);
		close(d->dfd);
	}
	while (d->txq) {
		struct pending *f = d->txq;

		d->txq = f->next;
		free(f);
	}
	free(d);
}

/* Publish the link state and which B-channels carry calls (link_state.h). */
static void publish(struct cti__span *s)
{
	struct dahdi_span *d = ds(s);
	struct cti__link_state st = { .pid = getpid(), .up = d->link_up,
				      .net = d->net,
				      .since = (int64_t)time(NULL) };

	for (int ch = 1; ch < CTI__MAX_CHAN; ch++)
		if (s->active[ch])
			st.calls |= 1u << ch;
	d->published = cti__link_state_write(d->spanno, &st) == 0;
}

static void dahdi_link_changed(struct cti__span *s, bool up, bool net)
{
	ds(s)->link_up = up;
	ds(s)->net = net;
	publish(s);
}

/* A call took or left a B-channel. */
static void dahdi_active_changed(struct cti__span *s)
{
	if (ds(s)->published)
		publish(s);
}

static const struct cti__span_ops dahdi_ops = {
	.d_read = dahdi_d_read,
	.d_write = dahdi_d_write,
	.link_changed = dahdi_link_changed,
	.active_changed = dahdi_active_changed,
	.free = dahdi_free,
	.name = "dahdi",
};

/* The first channel number of span `spanno`, from DAHDI_GET_PARAMS. */
static int find_basechan(int spanno, int *totalchans)
{
	struct dahdi_spaninfo si;
	int fd = open(CTL_PATH, O_RDWR | O_CLOEXEC), rc = CTI_ENODEV;

	if (fd < 0)
		return -errno;
	memset(&si, 0, sizeof(si));
	si.spanno = spanno;
	if (ioctl(fd, DAHDI_SPANSTAT, &si) < 0) {
		rc = errno == EINVAL ? CTI_ENODEV : -errno;
		goto out;
	}
	*totalchans = si.totalchans;
	/* channel numbers are global: walk them to our span's first */
	for (int channo = 1; channo < 4096; channo++) {
		struct dahdi_params p;

		memset(&p, 0, sizeof(p));
		p.channo = channo;
		if (ioctl(fd, DAHDI_GET_PARAMS, &p) < 0) {
			if (errno == EINVAL || errno == ENXIO ||
			    errno == ENODEV)
				continue;
			rc = -errno;
			break;
		}
		if (p.spanno == spanno && p.chanpos == 1) {
			rc = channo;
			break;
		}
		if (p.spanno > spanno)
			break;
	}
out:
	close(fd);
	return rc;
}

/*
 * B channels carry the span's own law: asking DAHDI for the other one
 * makes it transcode through linear, which is not bit-exact (A-law to
 * mu-law and back changes about one code in sixty). The span's law wins;
 * a different configured law is reported.
 */
static int setup_bchan(struct dahdi_span *d, int ch)
{
	int bs = CTI__BLOCK, law = DAHDI_LAW_DEFAULT;
	int fd = open_channel(d->basechan + ch - 1);
	struct dahdi_params p;

	if (fd < 0)
		return fd;
	d->bfd[ch] = fd;
	memset(&p, 0, sizeof(p));
	p.channo = d->basechan + ch - 1;
	if (ioctl(fd, DAHDI_SET_BLOCKSIZE, &bs) < 0 ||
	    ioctl(fd, DAHDI_SETLAW, &law) < 0 ||
	    ioctl(fd, DAHDI_GET_PARAMS, &p) < 0)
		return -errno;
	law = p.curlaw == DAHDI_LAW_MULAW ? CTI__LAW_ULAW : CTI__LAW_ALAW;
	if (law != d->s.law) {
		cti__log(d->s.ctx, CTI_LOG_NOTICE, "span",
			 "dahdi span %d is %s: using it, not the configured "
			 "law",
			 d->spanno, law == CTI__LAW_ULAW ? "mu-law" : "A-law");
		d->s.law = law;
		memset(d->s.rx, cti__law_idle(law), sizeof(d->s.rx));
		memset(d->s.tx, cti__law_idle(law), sizeof(d->s.tx));
	}
	/* one block written ahead: 20 ms of slack against scheduling
	 * jitter before the kernel runs out and plays idle code */
	memset(d->s.tx[ch], cti__law_idle(d->s.law), CTI__BLOCK);
	if (write(fd, d->s.tx[ch], CTI__BLOCK) < 0)
		cti__log(d->s.ctx, CTI_LOG_DEBUG, "span",
			 "dahdi channel %d: priming write: %s", p.channo,
			 strerror(errno));
	return cti_ctx_watch_fd(d->s.ctx, fd, EPOLLIN | EPOLLPRI, on_bchan, d);
}

int cti__span_dahdi_open(cti_ctx_t *ctx, int spanno, int kind, int law,
			 struct cti__span **out)
{
	struct dahdi_span *d;
	int total = 0, base, rc, bs = CTI__MAX_FRAME;
	uint32_t alarms = 0;

	if (spanno <= 0 || (kind != CTI__SPAN_E1 && kind != CTI__SPAN_T1))
		return CTI_EINVAL;
	base = find_basechan(spanno, &total);
	if (base < 0)
		return base;
	if (total != (kind == CTI__SPAN_E1 ? 31 : 24))
		return CTI_EINVAL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return CTI_ENOMEM;
	cti__span_init(&d->s, ctx, &dahdi_ops, kind, law);
	d->spanno = spanno;
	d->basechan = base;
	d->dfd = -1;
	for (int ch = 0; ch < CTI__MAX_CHAN; ch++)
		d->bfd[ch] = -1;

	rc = open_channel(base + d->s.dchan - 1);
	if (rc < 0)
		goto fail;
	d->dfd = rc;
	/* whole HDLC frames per read/write, sent at once, and room for a
	 * full Q.921 window and more in the kernel (one buffer per frame) */
	struct dahdi_bufferinfo bi = { .txbufpolicy = DAHDI_POLICY_IMMEDIATE,
				       .rxbufpolicy = DAHDI_POLICY_IMMEDIATE,
				       .numbufs = 32,
				       .bufsize = bs };
	if (ioctl(d->dfd, DAHDI_SET_BUFINFO, &bi) < 0) {
		rc = -errno;
		goto fail;
	}
	rc = cti_ctx_watch_fd(ctx, d->dfd, EPOLLIN | EPOLLPRI, on_dchan, d);
	if (rc)
		goto fail;
	for (int ch = 1; ch < CTI__MAX_CHAN; ch++) {
		if (!cti__span_is_bchan(kind, ch))
			continue;
		rc = setup_bchan(d, ch);
		if (rc)
			goto fail;
	}
	if (query_alarms(d, &alarms) == 0)
		d->s.alarms = alarms;
	*out = &d->s;
	return 0;
fail:
	dahdi_free(&d->s);
	return rc;
}
