// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reload under load, in process: the daemon's own objects (start-up,
 * reload, event loop callback) on loop spans and the virtual clock, the
 * test playing callers on the exchange's far side and the phones on the
 * PBX's. Four calls, one in each state -- in the flow, queued, ringing an
 * agent, connected -- when the file changes (a queue's timers, the flow,
 * a new queue); then a broken file. No call is cleared by either; every
 * call then goes on to an agent and ends normally, and the store holds
 * one CDR for each. Then the prompt set: a prompt file changed on disk,
 * another prompts directory, one lacking a flow's prompt (refused):
 * each caller hears, sample for sample, the version current when its
 * call began, none is dropped, and the old sets are freed as their
 * calls end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"

#define CALLS 4

static struct ctid d;
static cti_call_id_t caller[CALLS];
static int cleared[CALLS], clear_cause[CALLS];
static bool go;		      /* after the reload: everyone proceeds */
static cti_call_id_t rung[8]; /* calls ringing at the phones */
static int n_rung;

static const char conf_fmt[] =
	"prompts = \"%s\";\n"
	"store = \"cdr.db\";\n"
	"trunks = ( { name = \"pstn\"; kind = \"network\"; },\n"
	"           { name = \"phones\"; kind = \"stations\"; } );\n"
	"spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; },\n"
	"          { name = \"p\"; trunk = \"phones\"; loop = true; side = \"net\"; } );\n"
	"flows = ( { name = \"main\"; file = \"%s\"; } );\n"
	"queues = ( { name = \"sales\"; wrap_up_ms = %d; ring_ms = 60000; } %s);\n"
	"routes = ( { target = \"flow:main\"; } );\n"
	"extensions = ( { number = \"2001\"; trunk = \"phones\"; },\n"
	"               { number = \"2002\"; trunk = \"phones\"; } );\n"
	"agents = ( { name = \"a1\"; extension = \"2001\"; },\n"
	"           { name = \"a2\"; extension = \"2002\"; } );\n";

static const char *write_conf(const char *flow, int wrap, const char *more)
{
	char text[3 * PATH_MAX];

	snprintf(text, sizeof(text), conf_fmt, prompts_dir, flow, wrap, more);
	return write_file("r.conf", text);
}

static int caller_index(cti_call_id_t id)
{
	for (int i = 0; i < CALLS; i++)
		if (caller[i] == id)
			return i;
	return -1;
}

static void key_one(cti_ctx_t *ctx, void *u)
{
	cti_call_send_dtmf(ctx, (cti_call_id_t)(uintptr_t)u, "1");
}

static void answer(cti_ctx_t *ctx, void *u)
{
	cti_call_answer(ctx, (cti_call_id_t)(uintptr_t)u);
}

/* agents talk until the reload is over, then 2 s more */
static void phone_hangs_up(cti_ctx_t *ctx, void *u)
{
	if (!go) {
		cti_timer_start(ctx, 2000, phone_hangs_up, u);
		return;
	}
	cti_call_clear(ctx, (cti_call_id_t)(uintptr_t)u, 16);
}

/* The far ends. Callers key 1 once answered (the last one only after the
 * reload). Phone 2001 answers at once, 2002 only after the reload; each
 * agent talks until the reload is over, then hangs up. */
static void far_end(cti_ctx_t *ctx, const struct cti_event *ev)
{
	const struct cti_call_event *c = &ev->u.call;
	int i = caller_index(c->call_id);
	uintptr_t id = c->call_id;

	if (ev->type == CTI_EVENT_CALL_ESTABLISHED && i >= 0 && i < CALLS - 1)
		cti_timer_start(ctx, 500, key_one, (void *)id);
	if (ev->type == CTI_EVENT_CALL_OFFERED &&
	    c->span_id == d.spans[1].loop_far) {
		rung[n_rung++] = c->call_id;
		if (!strcmp(c->dnis.digits, "2001") || go)
			cti_timer_start(ctx, 200, answer, (void *)id);
	}
	if (ev->type == CTI_EVENT_CALL_ESTABLISHED &&
	    c->span_id == d.spans[1].loop_far)
		cti_timer_start(ctx, 2000, phone_hangs_up, (void *)id);
	if (ev->type == CTI_EVENT_CALL_CLEARED && i >= 0) {
		cleared[i]++;
		clear_cause[i] = c->cause;
	}
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	ctid_on_event(ctx, ev, u);
	far_end(ctx, ev);
}

static void place(int i)
{
	struct cti_call_params p = { .span = d.spans[0].loop_far,
				     .dnis = { .digits = "95500" } };

	snprintf(p.ani.digits, sizeof(p.ani.digits), "1390000000%d", i);
	ck_assert_int_eq(cti_call_make(d.ctx, &caller[i], &p), 0);
}

struct states {
	int n[CTI_CENTER_CALL_STATES];
	int total;
};

static int count_state(void *user, cti_center_call_t call,
		       const struct cti_center_call_info *info)
{
	struct states *s = user;

	(void)call;
	s->n[info->state]++;
	s->total++;
	return 0;
}

static void expect_one_in_each(void)
{
	struct states s = { { 0 }, 0 };

	cti_center_foreach_call(d.cc, count_state, &s);
	ck_assert_int_eq(s.total, CALLS);
	ck_assert_int_eq(s.n[CTI_CENTER_CALL_CONNECTED], 1);
	ck_assert_int_eq(s.n[CTI_CENTER_CALL_RINGING], 1);
	ck_assert_int_eq(s.n[CTI_CENTER_CALL_QUEUED], 1);
	ck_assert_int_eq(s.n[CTI_CENTER_CALL_FLOW], 1);
}

static int count_cdr(void *user, const struct cti_acd_cdr *r)
{
	(void)r;
	(*(int *)user)++;
	return 0;
}

/* libpcap's file header (pcap-savefile(5)): magic a1b2c3d4 little-endian
 * on this machine, link type 177 (LINKTYPE_LINUX_LAPD) at byte 20; mode
 * 0600; frames after the header. */
static void expect_pcap(const char *path)
{
	unsigned char h[24];
	struct stat st;
	FILE *f = fopen(path, "rb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(h, 1, sizeof(h), f), sizeof(h));
	fclose(f);
	ck_assert_uint_eq(h[0], 0xd4);
	ck_assert_uint_eq(h[1], 0xc3);
	ck_assert_uint_eq(h[2], 0xb2);
	ck_assert_uint_eq(h[3], 0xa1);
	ck_assert_uint_eq(h[20] | h[21] << 8, 177);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_int_gt(st.st_size, 24 + 10 * 16);
}

/* What Wireshark's dissector (tshark, not libcti) finds in it: one SETUP
 * (Q.931 message type 0x05) per call placed, and no malformed frame. */
static void expect_setups(const char *path, int n)
{
	char cmd[PATH_MAX + 160], line[64];
	int setups = 0, malformed = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 "tshark -r '%s' -T fields -e q931.message_type "
		 "-e _ws.malformed 2>/dev/null",
		 path);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while (fgets(line, sizeof(line), p)) {
		setups += !strncmp(line, "0x05", 4) || !strncmp(line, "5\t", 2);
		malformed +=
			strchr(line, '\t') && strchr(line, '\t')[1] != '\n';
	}
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_int_eq(setups, n);
	ck_assert_int_eq(malformed, 0);
}

START_TEST(reload_under_load_loses_nothing)
{
	struct cti_ctx_config cx = { .clock = CTI_CLOCK_VIRTUAL,
				     .log_level = CTI_LOG_INFO };
	struct ctid_conf *c;
	char why[1024], flow1[PATH_MAX], flow2[PATH_MAX], pcap[PATH_MAX];
	const char *path;
	struct ctid_conf *running;
	int cdrs = 0;

	tdir_make();
	snprintf(
		flow1, sizeof(flow1), "%s",
		write_file(
			"one.flow",
			"state start\n  collect choice min=1 max=1 first=60000 prompt=en/menu\n"
			"  on 1 goto q\n  hangup\nstate q\n  queue sales\n"));
	snprintf(
		flow2, sizeof(flow2), "%s",
		write_file(
			"two.flow",
			"state start\n  collect choice min=1 max=1 first=60000 prompt=en/welcome\n"
			"  on 1 goto q\n  hangup\nstate q\n  queue sales\n"));
	path = write_conf(flow1, 1000, "");
	ck_assert_int_eq(chdir(tdir),
			 0); /* the store is relative to the file */
	ck_assert_msg(ctid_conf_load(&c, path, why, sizeof(why)) == 0, "%s",
		      why);
	d.conf_path = path;
	ck_assert_int_eq(cti_ctx_new(&d.ctx, &cx), 0);
	ck_assert_msg(ctid_start(&d, c, why, sizeof(why)) == 0, "%s", why);
	cti_ctx_set_event_cb(d.ctx, on_event, &d);
	ck_assert_int_eq(cti_clock_advance(d.ctx, 4000), 0);
	ck_assert_int_eq(ctid_agent_login(&d, "a1", NULL), 0);
	ck_assert_int_eq(ctid_agent_login(&d, "a2", NULL), 0);
	ck_assert_int_eq(ctid_agent_login(&d, "nobody", NULL), CTI_ENOENT);
	ck_assert_int_eq(cti_center_agent_ready(d.cc, "a1"), 0);
	ck_assert_int_eq(cti_center_agent_ready(d.cc, "a2"), 0);

	/* the exchange span's D channel into a pcap file through the calls */
	snprintf(pcap, sizeof(pcap), "%s/a.pcap", tdir);
	ck_assert_int_eq(ctid_span_capture(&d, "nope", pcap, why, sizeof(why)),
			 CTI_ENOENT);
	ck_assert_str_eq(why, "no span 'nope'");
	ck_assert_msg(ctid_span_capture(&d, "a", pcap, why, sizeof(why)) == 0,
		      "%s", why);
	ck_assert(ctid_span_by_name(&d, "a")->capturing);

	place(0); /* connected to a1 */
	ck_assert_int_eq(cti_clock_advance(d.ctx, 3000), 0);
	place(1); /* ringing a2, which does not answer yet */
	ck_assert_int_eq(cti_clock_advance(d.ctx, 3000), 0);
	place(2); /* queued: nobody free */
	ck_assert_int_eq(cti_clock_advance(d.ctx, 3000), 0);
	place(3); /* in the flow, no key yet */
	ck_assert_int_eq(cti_clock_advance(d.ctx, 1500), 0);
	expect_one_in_each();

	/* a changed queue, a changed flow, a new queue */
	write_conf(flow2, 4000,
		   ", { name = \"vip\"; strategy = \"ring_all\"; } ");
	ck_assert_msg(ctid_reload(&d, why, sizeof(why)) == 0, "%s", why);
	ck_assert_uint_eq(d.reloads, 1);
	ck_assert_uint_eq(d.conf->queues[0].acd.wrap_up_ms, 4000);
	ck_assert_int_eq(
		cti_center_queue_get(d.cc, "vip",
				     &(struct cti_center_queue_info){ 0 }),
		0);
	ck_assert_int_eq(cti_clock_advance(d.ctx, 500), 0);
	expect_one_in_each();

	/* broken: refused whole, the running model untouched */
	running = d.conf;
	write_file("r.conf", "prompts = 1;\n");
	ck_assert_int_ne(ctid_reload(&d, why, sizeof(why)), 0);
	ck_assert_str_eq(strrchr(why, '/') + 1,
			 "r.conf:1: prompts: a string is expected");
	ck_assert_ptr_eq(d.conf, running);
	ck_assert_uint_eq(d.reloads, 1);
	expect_one_in_each();

	/* a trial or an instance added: both need a restart, refused */
	for (int k = 0; k < 2; k++) {
		char text[4 * PATH_MAX];

		snprintf(text, sizeof(text), conf_fmt, prompts_dir, flow2, 4000,
			 ", { name = \"vip\"; strategy = \"ring_all\"; } ");
		strcat(text, k ? "instance = \"desk-2\";\n"
			       : "trial = { callers_per_hour = 60; };\n");
		write_file("r.conf", text);
		ck_assert_int_ne(ctid_reload(&d, why, sizeof(why)), 0);
		ck_assert_str_eq(strrchr(why, '/') + 1,
				 k ? "r.conf: instance: changed (restart "
				     "needed)"
				   : "r.conf:14: trial: changed (restart "
				     "needed)");
		ck_assert_ptr_eq(d.conf, running);
	}

	/* everyone proceeds: 2002 answers, the last caller keys 1 */
	go = true;
	for (int i = 0; i < n_rung; i++)
		cti_timer_start(d.ctx, 100, answer, (void *)(uintptr_t)rung[i]);
	cti_timer_start(d.ctx, 100, key_one, (void *)(uintptr_t)caller[3]);
	for (int t = 0; t < 120 && cti_center_calls(d.cc); t++)
		ck_assert_int_eq(cti_clock_advance(d.ctx, 1000), 0);
	ck_assert_uint_eq(cti_center_calls(d.cc), 0);
	ck_assert_int_eq(cti_clock_advance(d.ctx, 10000), 0); /* wrap-up */
	for (int i = 0; i < CALLS; i++) {
		ck_assert_int_eq(cleared[i], 1);
		ck_assert_int_eq(clear_cause[i], 16); /* the agent hung up */
	}
	ck_assert_int_eq(ctid_span_capture(&d, "a", NULL, why, sizeof(why)), 0);
	ck_assert(!ctid_span_by_name(&d, "a")->capturing);
	expect_pcap(pcap);
	expect_setups(pcap, CALLS);

	/* then the drain: nothing left, the loop would stop at once */
	ck_assert_int_eq(ctid_drain(&d, 1000), 0);
	ck_assert(d.stopping);
	ctid_stop(&d); /* the engine writes its last CDRs as it goes */
	{
		cti_store_t *st;

		ck_assert_int_eq(cti_store_open(&st, "cdr.db", NULL), 0);
		ck_assert_int_eq(
			cti_store_query_cdrs(st, NULL, count_cdr, &cdrs),
			CALLS);
		cti_store_close(st);
	}
	ck_assert_int_eq(cdrs, CALLS);
	ck_assert_int_eq(chdir("/"), 0);
	tdir_remove();
}
END_TEST

/* ---- the prompt set on reload ------------------------------------------ */

#define WELCOME_N (8000 * 20) /* 20 s: plays through the whole test */

/* Three versions of en/welcome, never 0 (silence marks where a play
 * starts) and each unlike the others. */
static int16_t version_a(uint32_t i)
{
	return (int16_t)(1000 + (int)(i * 37u % 3001u));
}
static int16_t version_b(uint32_t i)
{
	return (int16_t)(-1000 - (int)(i * 53u % 2999u));
}
static int16_t version_c(uint32_t i)
{
	return (int16_t)(5000 + (int)(i * 11u % 997u));
}

/* A WAV file of 8 kHz 16-bit mono PCM, written by hand. */
static void write_wav(const char *path, int16_t (*f)(uint32_t), uint32_t n)
{
	uint32_t bytes = n * 2, v32;
	uint16_t v16;
	FILE *w = fopen(path, "wb");

	ck_assert_ptr_nonnull(w);
#define PUT32(x) (v32 = (x), fwrite(&v32, 4, 1, w))
#define PUT16(x) (v16 = (x), fwrite(&v16, 2, 1, w))
	fwrite("RIFF", 1, 4, w);
	PUT32(36 + bytes);
	fwrite("WAVEfmt ", 1, 8, w);
	PUT32(16);
	PUT16(1); /* PCM */
	PUT16(1); /* mono */
	PUT32(8000);
	PUT32(16000);
	PUT16(2);
	PUT16(16);
	fwrite("data", 1, 4, w);
	PUT32(bytes);
	for (uint32_t i = 0; i < n; i++)
		PUT16((uint16_t)f(i));
#undef PUT32
#undef PUT16
	ck_assert_int_eq(fclose(w), 0);
}

/* A copy of the build's prompt set in tdir/name, its en/welcome made of
 * f (NULL: none). Returns the directory (static buffer). */
static const char *prompt_dir(const char *name, int16_t (*f)(uint32_t))
{
	static char dir[PATH_MAX];
	char cmd[4 * PATH_MAX], wav[PATH_MAX + 32];

	snprintf(dir, sizeof(dir), "%s/%s", tdir, name);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -r '%s' '%s'", dir,
		 prompts_dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(wav, sizeof(wav), "%s/en/welcome.wav", dir);
	if (f)
		write_wav(wav, f, WELCOME_N);
	else
		ck_assert_int_eq(unlink(wav), 0);
	return dir;
}

static const char prompt_conf_fmt[] =
	"prompts = \"%s\";\n"
	"trunks = ( { name = \"pstn\"; kind = \"network\"; } );\n"
	"spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; } );\n"
	"flows = ( { name = \"main\"; file = \"%s\"; } );\n"
	"routes = ( { target = \"flow:main\"; } );\n";

/* What the engine sent each caller (the engine's tap). */
static struct heard {
	uint32_t call;
	int16_t s[8000 * 16];
	uint32_t n;
} heard[4];

static void on_tap(void *user, const struct cti_center_tap *t)
{
	(void)user;
	if (t->role != CTI_CENTER_ROLE_CUSTOMER)
		return;
	for (int i = 0; i < 4; i++) {
		struct heard *h = &heard[i];

		if (h->call && h->call != t->call)
			continue;
		h->call = t->call;
		for (uint32_t k = 0; k < t->samples &&
				     h->n < sizeof(h->s) / sizeof(h->s[0]);
		     k++)
			h->s[h->n++] = t->tx[k];
		return;
	}
}

/* From its first non-zero sample on, caller i heard f, for at least
 * `least` samples. */
static void expect_heard(int i, int16_t (*f)(uint32_t), uint32_t least,
			 const char *what)
{
	const struct heard *h = &heard[i];
	uint32_t s0 = 0;

	ck_assert_msg(h->call, "%s: never tapped", what);
	while (s0 < h->n && !h->s[s0])
		s0++;
	ck_assert_msg(h->n - s0 >= least, "%s: %u samples heard, %u wanted",
		      what, h->n - s0, least);
	for (uint32_t k = s0; k < h->n; k++)
		ck_assert_msg(h->s[k] == f(k - s0),
			      "%s: sample %u is %d, not %d", what, k - s0,
			      h->s[k], f(k - s0));
}

static void on_event_prompts(cti_ctx_t *ctx, const struct cti_event *ev,
			     void *u)
{
	int i = caller_index(ev->u.call.call_id);

	ctid_on_event(ctx, ev, u);
	if (ev->type == CTI_EVENT_CALL_CLEARED && i >= 0) {
		cleared[i]++;
		clear_cause[i] = ev->u.call.cause;
	}
}

static void expect_retired(size_t flows, size_t sets)
{
	size_t f, p;

	ctid_retired_count(&d, &f, &p);
	ck_assert_uint_eq(f, flows);
	ck_assert_uint_eq(p, sets);
}

static void write_prompt_conf(const char *conf, const char *dir,
			      const char *flow)
{
	char text[4 * PATH_MAX];
	FILE *w = fopen(conf, "w");

	ck_assert_ptr_nonnull(w);
	snprintf(text, sizeof(text), prompt_conf_fmt, dir, flow);
	fputs(text, w);
	ck_assert_int_eq(fclose(w), 0);
}

START_TEST(reload_replaces_prompts)
{
	struct cti_ctx_config cx = { .clock = CTI_CLOCK_VIRTUAL,
				     .log_level = CTI_LOG_INFO };
	struct ctid_conf *c, *running;
	cti_prompts_t *running_ps;
	char why[1024], flow[PATH_MAX], conf[PATH_MAX], pa[PATH_MAX],
		pb[PATH_MAX], pc[PATH_MAX], expect[4 * PATH_MAX];

	memset(&d, 0, sizeof(d));
	memset(heard, 0, sizeof(heard));
	memset(caller, 0, sizeof(caller));
	memset(cleared, 0, sizeof(cleared));
	tdir_make();
	snprintf(flow, sizeof(flow), "%s",
		 write_file("w.flow", "state start\n  play en/welcome\n"
				      "  hangup\n"));
	snprintf(pa, sizeof(pa), "%s", prompt_dir("pa", version_a));
	snprintf(conf, sizeof(conf), "%s/p.conf", tdir);
	write_prompt_conf(conf, pa, flow);
	ck_assert_msg(ctid_conf_load(&c, conf, why, sizeof(why)) == 0, "%s",
		      why);
	d.conf_path = conf;
	ck_assert_int_eq(cti_ctx_new(&d.ctx, &cx), 0);
	ck_assert_msg(ctid_start(&d, c, why, sizeof(why)) == 0, "%s", why);
	cti_ctx_set_event_cb(d.ctx, on_event_prompts, &d);
	ck_assert_int_eq(cti_center_set_tap(d.cc, on_tap, NULL), 0);
	ck_assert_int_eq(cti_clock_advance(d.ctx, 4000), 0);

	place(0); /* hears version A */
	ck_assert_int_eq(cti_clock_advance(d.ctx, 3000), 0);

	/* the same directory, en/welcome.wav changed on disk */
	prompt_dir("pa", version_b);
	running_ps = d.prompts;
	ck_assert_msg(ctid_reload(&d, why, sizeof(why)) == 0, "%s", why);
	ck_assert_ptr_ne(d.prompts, running_ps);
	expect_retired(1, 1); /* call 0 runs the old flow on the old set */
	place(1); /* hears version B */
	ck_assert_int_eq(cti_clock_advance(d.ctx, 3000), 0);

	/* another directory: allowed now */
	snprintf(pb, sizeof(pb), "%s", prompt_dir("pb", version_c));
	write_prompt_conf(conf, pb, flow);
	ck_assert_msg(ctid_reload(&d, why, sizeof(why)) == 0, "%s", why);
	ck_assert_str_eq(d.conf->prompts_dir, pb);
	expect_retired(2, 2);
	place(2); /* hears version C */
	ck_assert_int_eq(cti_clock_advance(d.ctx, 3000), 0);

	/* a directory that lacks a prompt the flow plays: refused whole,
	 * the running configuration and prompts untouched */
	snprintf(pc, sizeof(pc), "%s", prompt_dir("pc", NULL));
	write_prompt_conf(conf, pc, flow);
	running = d.conf;
	running_ps = d.prompts;
	ck_assert_int_ne(ctid_reload(&d, why, sizeof(why)), 0);
	snprintf(expect, sizeof(expect),
		 "%s:4: flows[0].file: %s:2: no prompt 'en/welcome'", conf,
		 flow);
	ck_assert_str_eq(why, expect);
	ck_assert_ptr_eq(d.conf, running);
	ck_assert_ptr_eq(d.prompts, running_ps);
	ck_assert_uint_eq(d.reloads, 2);
	expect_retired(2, 2);
	place(3); /* still version C */
	ck_assert_int_eq(cti_clock_advance(d.ctx, 2000), 0);

	/* nobody was dropped; each heard its own version from its start */
	ck_assert_uint_eq(cti_center_calls(d.cc), 4);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(cleared[i], 0);
	expect_heard(0, version_a, 10 * 8000, "call 0");
	expect_heard(1, version_b, 7 * 8000, "call 1");
	expect_heard(2, version_c, 4 * 8000, "call 2");
	expect_heard(3, version_c, 1 * 8000, "call 3");

	/* the first caller hangs up: its set and flow are freed without a
	 * reload, within a second; then the second's */
	ck_assert_int_eq(cti_call_clear(d.ctx, caller[0], 16), 0);
	ck_assert_int_eq(cti_clock_advance(d.ctx, 1500), 0);
	expect_retired(1, 1);
	ck_assert_int_eq(cti_call_clear(d.ctx, caller[1], 16), 0);
	ck_assert_int_eq(cti_clock_advance(d.ctx, 1500), 0);
	expect_retired(0, 0);
	ck_assert_int_eq(cti_call_clear(d.ctx, caller[2], 16), 0);
	ck_assert_int_eq(cti_call_clear(d.ctx, caller[3], 16), 0);
	ck_assert_int_eq(cti_clock_advance(d.ctx, 1500), 0);
	ck_assert_uint_eq(cti_center_calls(d.cc), 0);
	ck_assert_int_eq(ctid_drain(&d, 1000), 0);
	ck_assert(d.stopping);
	ctid_stop(&d);
	tdir_remove();
}
END_TEST

void add_reload_tests(Suite *s)
{
	TCase *tc = tcase_create("reload");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, reload_under_load_loses_nothing);
	tcase_add_test(tc, reload_replaces_prompts);
	suite_add_tcase(s, tc);
}
