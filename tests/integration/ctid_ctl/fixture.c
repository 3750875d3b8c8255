// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"

extern char **environ;

struct fx F;

/* ---- the daemon's side, as far as the control socket needs it ---------- *
 * The daemon proper (utils/ctid/main.c, apply.c: another part of ctid)
 * implements these over its configuration; here they act on the engine
 * the test built, with what the configuration would hold fixed below. */

int ctid_reload(struct ctid *d, char *why, size_t why_len)
{
	if (F.reload_rc) {
		snprintf(why, why_len,
			 "ctid.conf:12: queues.sales.strategy: "
			 "unknown strategy 'fastest'");
		return F.reload_rc;
	}
	d->reloads++;
	return 0;
}

int ctid_drain(struct ctid *d, uint32_t timeout_ms)
{
	F.drain_calls++;
	F.drain_ms = timeout_ms;
	d->draining = true;
	d->drain_deadline_ms = cti_now_ms(d->ctx) + timeout_ms;
	/* as the daemon: new calls refused with cause 42 */
	return cti_center_refuse_new(d->cc, 42);
}

/* the configuration's agents: carol's extension is 2003 */
int ctid_agent_login(struct ctid *d, const char *agent, const char *ext)
{
	if (strcmp(agent, "alice") && strcmp(agent, "bob") &&
	    strcmp(agent, "carol"))
		return CTI_ENOENT;
	if (!ext)
		ext = !strcmp(agent, "carol") ? "2003" : "2001";
	return cti_center_agent_login(d->cc, agent, ext, NULL, 0);
}

struct ctid_span *ctid_span_by_name(struct ctid *d, const char *name)
{
	for (size_t i = 0; i < d->n_spans; i++)
		if (!strcmp(d->spans[i].name, name))
			return &d->spans[i];
	return NULL;
}

int ctid_span_capture(struct ctid *d, const char *span, const char *path,
		      char *why, size_t why_len)
{
	struct ctid_span *s = ctid_span_by_name(d, span);

	if (!s) {
		snprintf(why, why_len, "capture: %s: no such span", span);
		return CTI_ENOENT;
	}
	s->capturing = path != NULL;
	snprintf(s->capture_path, sizeof(s->capture_path), "%s",
		 path ? path : "");
	return 0;
}

/* ---- the centre --------------------------------------------------------- */

static void drain_center(void)
{
	while (F.nc < MAX_EV && cti_center_next_event(F.d.cc, &F.cev[F.nc]) > 0)
		F.nc++;
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	(void)ctx;
	(void)u;
	if (cti_center_handle_event(F.d.cc, ev) == 0 && F.n < MAX_EV)
		F.ev[F.n++] = *ev;
	drain_center();
}

static void quiet(void *u, int level, const char *m, const char *msg)
{
	(void)u;
	if (getenv("CTI_TEST_LOG"))
		fprintf(stderr, "%d %s: %s\n", level, m, msg);
}

static void add_span(const char *name, const char *trunk, cti_span_id_t id)
{
	struct ctid_span *s = &F.d.spans[F.d.n_spans++];

	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(s->trunk, sizeof(s->trunk), "%s", trunk);
	s->id = id;
	s->signalling = CTID_SIG_PRI;
}

static void open_center(cti_span_id_t trunk, cti_span_id_t station)
{
	struct cti_center_config ccfg = { .prompts = F.d.prompts,
					  .epoch_ms_at_zero = 1796086800000LL,
					  .utc_offset_min = 480 };
	struct cti_center_trunk_config t = { .name = "pstn",
					     .kind = CTI_CENTER_TRUNK_NETWORK,
					     .spans = &trunk,
					     .n_spans = 1 };
	struct cti_center_extension_config x = { .trunk = "phones" };
	struct cti_center_queue_config q = { .acd = { .name = "sales" } };
	struct cti_center_route_config r = { .target = "queue:sales" };
	static const char *const ext[] = { "2001", "2002", "2003" };

	ck_assert_int_eq(cti_center_new(&F.d.cc, F.d.ctx, &ccfg), 0);
	fx_run(4000); /* the data links settle */
	ck_assert_int_eq(cti_center_trunk_add(F.d.cc, &t), 0);
	t.name = "phones";
	t.kind = CTI_CENTER_TRUNK_STATIONS;
	t.spans = &station;
	ck_assert_int_eq(cti_center_trunk_add(F.d.cc, &t), 0);
	for (size_t i = 0; i < 3; i++) {
		x.number = ext[i];
		ck_assert_int_eq(cti_center_extension_add(F.d.cc, &x), 0);
	}
	q.acd.strategy = CTI_ACD_LINEAR;
	q.acd.ring_ms = 60000;
	ck_assert_int_eq(cti_center_queue_add(F.d.cc, &q), 0);
	ck_assert_int_eq(cti_center_route_add(F.d.cc, &r), 0);
}

void fx_open(void)
{
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL,
				      .log_fn = quiet };
	struct cti_span_config net = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_NET };
	struct cti_span_config cpe = { .type = CTI_SPAN_E1,
				       .side = CTI_SIDE_CPE };
	struct cti_loop_config lc = { .d_bitrate = 0 };
	const char *pdir =
		getenv("CTI_PROMPTS") ? getenv("CTI_PROMPTS") : "build/prompts";
	cti_span_id_t trunk, station;
	char why[256];

	memset(&F, 0, sizeof(F));
	snprintf(F.dir, sizeof(F.dir), "/tmp/ctid-ctl-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(F.dir));
	snprintf(F.sock, sizeof(F.sock), "%s/ctl.sock", F.dir);
	if (getenv("CTI_TEST_LOG"))
		cfg.log_level = CTI_LOG_DEBUG;
	ck_assert_int_eq(cti_ctx_new(&F.d.ctx, &cfg), 0);
	cti_ctx_set_event_cb(F.d.ctx, on_event, NULL);
	ck_assert_int_eq(cti_prompts_new(&F.d.prompts, NULL), 0);
	ck_assert_int_gt(cti_prompts_load_dir(F.d.prompts, pdir, NULL, 0), 100);
	/* the test's ends are the network side of the trunk pair and the
	 * user side of the station pair */
	ck_assert_int_eq(
		cti_span_open_loop(F.d.ctx, &F.pstn, &trunk, &net, &cpe, &lc),
		0);
	ck_assert_int_eq(cti_span_open_loop(F.d.ctx, &station, &F.phones, &net,
					    &cpe, &lc),
			 0);
	add_span("trunk1", "pstn", trunk);
	add_span("station1", "phones", station);
	open_center(trunk, station);
	ck_assert_int_eq(ctid_ctl_open(&F.d, F.sock, why, sizeof(why)), 0);
	F.d.started_ms = cti_now_ms(F.d.ctx);
}

void fx_close(void)
{
	ctid_ctl_close(&F.d);
	cti_center_free(F.d.cc);
	cti_ctx_free(F.d.ctx);
	cti_prompts_free(F.d.prompts);
	F.d.ctx = NULL;
	F.d.cc = NULL;
	F.d.prompts = NULL;
	rmdir(F.dir);
}

void fx_run(uint64_t ms)
{
	ck_assert_int_eq(cti_clock_advance(F.d.ctx, ms), 0);
	cti_ctx_process(F.d.ctx);
	drain_center();
}

int fx_cfind(int type, uint32_t call)
{
	for (int i = 0; i < F.nc; i++)
		if ((int)F.cev[i].type == type &&
		    (!call || F.cev[i].call == call))
			return i;
	return -1;
}

cti_call_id_t fx_dial(const char *dnis, const char *ani)
{
	struct cti_call_params p = { .span = F.pstn };
	cti_call_id_t id = 0;

	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%s", dnis);
	snprintf(p.ani.digits, sizeof(p.ani.digits), "%s", ani);
	ck_assert_int_eq(cti_call_make(F.d.ctx, &id, &p), 0);
	return id;
}

cti_call_id_t fx_ringing(const char *ext)
{
	for (int i = F.n - 1; i >= 0; i--)
		if (F.ev[i].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[i].u.call.span_id == F.phones &&
		    !strcmp(F.ev[i].u.call.dnis.digits, ext))
			return F.ev[i].u.call.call_id;
	return 0;
}

/* ---- clients ------------------------------------------------------------ */

/* One turn of the daemon's loop: what the socket brought, no time passes
 * (the virtual clock stands still while a client talks). */
static void pump(int wait_ms)
{
	struct pollfd p = { .fd = F.d.ctx ? cti_ctx_fd(F.d.ctx) : -1,
			    .events = POLLIN };

	poll(&p, 1, wait_ms);
	if (!F.d.ctx)
		return; /* the daemon is gone */
	cti_ctx_process(F.d.ctx);
	drain_center();
}

void fx_pump(int n)
{
	while (n-- > 0)
		pump(1);
}

static void slurp(int fd, char *buf, size_t cap)
{
	size_t got = 0;
	ssize_t k;

	lseek(fd, 0, SEEK_SET);
	while (got + 1 < cap && (k = read(fd, buf + got, cap - 1 - got)) > 0)
		got += (size_t)k;
	buf[got] = '\0';
	close(fd);
}

void fx_ctl(struct ctl_run *r, const char *const *args)
{
	const char *bin = getenv("CTI_BIN") ? getenv("CTI_BIN") : "build/bin";
	char path[256], o_tmp[] = "/tmp/ctid-ctl-outXXXXXX",
			e_tmp[] = "/tmp/ctid-ctl-errXXXXXX";
	char *argv[24];
	int n = 0, st = 0, ofd, efd;
	posix_spawn_file_actions_t fa;
	pid_t pid, w;

	snprintf(path, sizeof(path), "%s/cti-ctl", bin);
	argv[n++] = path;
	argv[n++] = "-s";
	argv[n++] = F.sock;
	for (; *args && n < 23; args++)
		argv[n++] = (char *)*args;
	argv[n] = NULL;
	ofd = mkstemp(o_tmp);
	efd = mkstemp(e_tmp);
	ck_assert(ofd >= 0 && efd >= 0);
	unlink(o_tmp);
	unlink(e_tmp);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, ofd, 1);
	posix_spawn_file_actions_adddup2(&fa, efd, 2);
	ck_assert_msg(posix_spawn(&pid, path, &fa, NULL, argv, environ) == 0,
		      "cannot run %s (make utils)", path);
	posix_spawn_file_actions_destroy(&fa);
	while ((w = waitpid(pid, &st, WNOHANG)) == 0)
		pump(2);
	ck_assert_int_eq(w, pid);
	slurp(ofd, r->out, sizeof(r->out));
	slurp(efd, r->err, sizeof(r->err));
	ck_assert_msg(WIFEXITED(st), "cti-ctl died: %s%s", r->out, r->err);
	r->status = WEXITSTATUS(st);
}

int fx_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int rc;

	ck_assert_int_ge(fd, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", F.sock);
	rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	ck_assert_msg(rc == 0, "connect: %s", strerror(errno));
	pump(0); /* accepted */
	return fd;
}

void fx_send(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t k = send(fd, s, n, MSG_NOSIGNAL);

		if (k < 0 && errno == EAGAIN) {
			pump(2);
			continue;
		}
		ck_assert_int_gt(k, 0);
		s += k;
		n -= (size_t)k;
	}
}

void fx_line(int fd, char *buf, size_t cap)
{
	size_t got = 0;

	for (int turns = 0; turns < 5000; turns++) {
		ssize_t k = recv(fd, buf + got, 1, 0);

		if (k == 0)
			break;
		if (k < 0) {
			ck_assert_int_eq(errno, EAGAIN);
			pump(2);
			continue;
		}
		if (buf[got] == '\n')
			break;
		ck_assert_uint_lt(++got, cap - 1);
	}
	buf[got] = '\0';
}
