// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Recording through the engine, what issue 14 left:
 *  - metadata learnt after the start: a call through flow, queue, agent
 *    alice and a blind transfer to bob lists both agents and the queue
 *    (container, cti_rec_list, the store's index, cti-rec list); a changed
 *    update is named meta-altered by verify;
 *  - the agent's on-demand recording (cti_center_agent_record());
 *  - the pause announced to the caller by the policy's prompt: the caller
 *    hears its samples as the pause begins, the recording holds a pause.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../center_calls/fixture.h"
#include "ivr/prompts.h"
#include "rec/format.h"

static const char pin_flow[] = "state start\n"
			       "  collect choice min=1 max=1 first=6000\n"
			       "  on 1 goto pin\n"
			       "  hangup\n"
			       "state pin\n"
			       "  play en/goodbye\n"
			       "  collect pin min=4 max=4 first=6000 secret\n"
			       "  queue sales\n";

static char dir[64], recdir[96], sign[160], rpub[160], rkey[160], db[160];
static cti_flow_t *flow;
static cti_rec_t *recorder;
static cti_rec_policy_t *policy;
static cti_store_t *store;

static void open_rec(const char *policy_text)
{
	const char *rcpts[1] = { rpub };
	struct cti_rec_config rc = { .signing_key = sign,
				     .recipients = rcpts,
				     .n_recipients = 1,
				     .codec = CTI_REC_S16,
				     .sync = CTI_REC_SYNC_NONE };
	struct cti_center_route_config r = { .dnis = "95500",
					     .target = "flow:main" };
	char why[256], pre[100];
	int err;

	snprintf(dir, sizeof(dir), "/tmp/center_rec.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(pre, sizeof(pre), "%s/recorder", dir);
	ck_assert_int_eq(cti_rec_keygen(pre, CTI_REC_KEY_SIGNING, NULL), 0);
	snprintf(sign, sizeof(sign), "%s.key", pre);
	snprintf(pre, sizeof(pre), "%s/compliance", dir);
	ck_assert_int_eq(cti_rec_keygen(pre, CTI_REC_KEY_RECIPIENT, NULL), 0);
	snprintf(rpub, sizeof(rpub), "%s.pub", pre);
	snprintf(rkey, sizeof(rkey), "%s.key", pre);
	snprintf(recdir, sizeof(recdir), "%s/rec", dir);
	snprintf(db, sizeof(db), "%s/index.db", dir);
	ck_assert_int_eq(cti_store_open(&store, db, NULL), 0);
	rc.index = store;
	ck_assert_int_eq(cti_rec_open(&recorder, recdir, &rc), 0);
	err = cti_rec_policy_parse(&policy, policy_text, strlen(policy_text),
				   "test.policy", why, sizeof(why), NULL);
	ck_assert_msg(err == 0, "%s", why);
	fx_recorder = recorder;
	fx_rec_policy = policy;
	fx_open();
	err = cti_flow_parse(&flow, pin_flow, "rec.flow", F.ps, why,
			     sizeof(why), NULL);
	ck_assert_msg(err == 0, "%s", why);
	ck_assert_int_eq(cti_center_flow_add(F.cc, "main", flow), 0);
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 1000);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	r.dnis = "95501";
	r.target = "queue:sales";
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
}

static void close_rec(void)
{
	char cmd[160];

	fx_close();
	fx_recorder = NULL;
	fx_rec_policy = NULL;
	cti_flow_free(flow);
	cti_rec_close(recorder);
	cti_rec_policy_free(policy);
	cti_store_close(store);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static char listed[256];
static struct cti_rec_file_info listed_info;

static int list_fn(void *user, const char *rel,
		   const struct cti_rec_file_info *info)
{
	(void)user;
	snprintf(listed, sizeof(listed), "%s/%s", recdir, rel);
	listed_info = *info;
	return 0;
}

/* problems counted by kind; texts to stderr */
static int kinds[24];

static int findings_fn(void *user, const struct cti_rec_finding *f)
{
	(void)user;
	if (f->problem < 24)
		kinds[f->problem]++;
	if (f->problem != CTI_REC_OK && f->problem != CTI_REC_LEDGER_HEAD)
		fprintf(stderr, "verify: %s %s\n",
			cti_rec_problem_name((int)f->problem), f->text);
	return 0;
}

static int verify(const char *key)
{
	const char *keys[1] = { key };
	struct cti_rec_verify_config vc = { .keys = keys,
					    .n_keys = key ? 1 : 0 };

	memset(kinds, 0, sizeof(kinds));
	return cti_rec_verify(recdir, findings_fn, NULL, &vc);
}

static int take_row(void *user, const struct cti_store_recording *r)
{
	*(struct cti_store_recording *)user = *r;
	return 0;
}

/* The customer dials the PIN flow, keys 1 and the PIN, queues; alice
 * answers, transfers blind to the queue, bob answers, hangs up. */
static uint32_t flow_queue_alice_bob(cti_call_id_t *cust)
{
	cti_call_id_t c, ph, ph2;
	uint32_t call;
	int i, mark;

	fx_agent("alice", "2001", true);
	fx_agent("bob", "2002", false);
	c = fx_dial("95500", "13912345678");
	if (cust)
		*cust = c;
	fx_run(100);
	i = fx_cfind(0, CTI_CENTER_EV_ROUTED, 0);
	ck_assert_int_ge(i, 0);
	call = F.cev[i].call;
	fx_audio(c, -2000);
	fx_run(1000);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, c, "1"), 0);
	fx_run(3000);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, c, "7391"), 0);
	fx_run(3000);
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	fx_audio(ph, 1000);
	fx_run(2000);
	ck_assert_int_eq(cti_center_agent_ready(F.cc, "bob"), 0);
	mark = F.n;
	ck_assert_int_eq(cti_center_agent_transfer(F.cc, "alice", "queue:sales"),
			 0);
	fx_run(500);
	ph2 = fx_ringing(mark, "2002");
	ck_assert_uint_gt(ph2, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph2), 0);
	fx_audio(ph2, 3000);
	fx_run(2000);
	ck_assert_int_eq(cti_call_clear(F.ctx, ph2, 16), 0);
	fx_run(2000);
	return call;
}

START_TEST(transfer_lists_both_agents_and_the_queue)
{
	struct cti_store_rec_filter sf = { .agent = "bob" };
	struct cti_store_recording row;
	struct cti_rec_filter f = { .agent = "bob" };
	char cmd[512], out[4096], *p;
	uint32_t call;
	size_t len, bl, off;
	uint8_t *b;
	FILE *fp;

	open_rec("rule dnis=95500 secret=pause\ndefault mode=never\n");
	call = flow_queue_alice_bob(NULL);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STARTED), 1);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STOPPED), 1);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_FAILED), 0);

	/* the container: started in the flow with neither, ends with both */
	ck_assert_int_eq(cti_rec_list(recdir, &f, list_fn, NULL), 1);
	ck_assert_uint_eq(listed_info.call_id, call);
	ck_assert_str_eq(listed_info.agent, "alice,bob");
	ck_assert_str_eq(listed_info.queue, "sales");
	ck_assert_str_eq(listed_info.ani, "13912345678");
	f.agent = "alice";
	ck_assert_int_eq(cti_rec_list(recdir, &f, list_fn, NULL), 1);
	f.agent = NULL;
	f.queue = "sales";
	ck_assert_int_eq(cti_rec_list(recdir, &f, list_fn, NULL), 1);
	/* the store's index: the final metadata, found by either agent */
	memset(&row, 0, sizeof(row));
	ck_assert_int_eq(cti_store_query_recordings(store, &sf, take_row, &row),
			 1);
	ck_assert_str_eq(row.agent, "alice,bob");
	ck_assert_str_eq(row.queue, "sales");
	ck_assert_uint_eq(row.status, CTI_STORE_REC_COMPLETE);
	sf.agent = "alice";
	ck_assert_int_eq(cti_store_query_recordings(store, &sf, take_row, &row),
			 1);
	sf.agent = "ali";
	ck_assert_int_eq(cti_store_query_recordings(store, &sf, take_row, &row),
			 0);
	/* cti-rec list, the tool */
	snprintf(cmd, sizeof(cmd), "build/bin/cti-rec list %s --agent bob",
		 recdir);
	fp = popen(cmd, "r");
	ck_assert_ptr_nonnull(fp);
	len = fread(out, 1, sizeof(out) - 1, fp);
	out[len] = 0;
	ck_assert_int_eq(pclose(fp), 0);
	ck_assert_msg(strstr(out, "alice,bob") && strstr(out, "sales"), "%s",
		      out);
	ck_assert_int_eq(verify(NULL), 0);
	ck_assert_int_eq(verify(rkey), 0);
	ck_assert_int_eq(kinds[CTI_REC_OK], 1);

	/* one letter of an update changed: named, and as nothing else */
	b = NULL;
	{
		FILE *in = fopen(listed, "rb");

		ck_assert_ptr_nonnull(in);
		fseek(in, 0, SEEK_END);
		len = (size_t)ftell(in);
		rewind(in);
		b = malloc(len);
		ck_assert_uint_eq(fread(b, 1, len, in), len);
		fclose(in);
	}
	for (off = CTI__REC_MAGIC_LEN, p = NULL; off < len && !p;
	     off += bl) {
		bl = CTI__REC_PREFIX + cti__get32(b + off + 4);
		if (b[off] == CTI__BLK_META_UPDATE)
			p = memmem(b + off, bl, "agent=alice,bob", 15);
	}
	ck_assert_ptr_nonnull(p);
	p[14] = 'p'; /* bob -> bop */
	{
		FILE *o = fopen(listed, "wb");

		ck_assert_ptr_nonnull(o);
		ck_assert_uint_eq(fwrite(b, 1, len, o), len);
		fclose(o);
	}
	free(b);
	ck_assert_int_eq(verify(NULL), 1);
	ck_assert_int_eq(kinds[CTI_REC_META_ALTERED], 1);
	ck_assert_int_eq(verify(rkey), 1);
	ck_assert_int_eq(kinds[CTI_REC_META_ALTERED], 1);
	close_rec();
}
END_TEST

START_TEST(agent_records_on_demand)
{
	cti_call_id_t c, ph;
	uint32_t call;
	int i, n_before;
	char why[256];

	open_rec("rule queue=sales mode=on-demand\ndefault mode=never\n");
	fx_agent("alice", "2001", true);
	c = fx_dial("95501", "13912345678");
	fx_audio(c, -2000);
	fx_run(500);
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	fx_audio(ph, 1000);
	fx_run(1000);
	/* nothing until the agent asks */
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STARTED), 0);
	ck_assert_int_eq(cti_center_agent_record(F.cc, "alice", false),
			 CTI_EALREADY);
	ck_assert_int_eq(cti_center_agent_record(F.cc, "nobody", true),
			 CTI_ENOENT);
	ck_assert_int_eq(cti_center_agent_record(NULL, "alice", true),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_center_agent_record(F.cc, "alice", true), 0);
	ck_assert_int_eq(cti_center_agent_record(F.cc, "alice", true),
			 CTI_EALREADY);
	fx_run(20);
	i = fx_cfind(0, CTI_CENTER_EV_REC_STARTED, 0);
	ck_assert_int_ge(i, 0);
	call = F.cev[i].call;
	ck_assert_uint_eq(F.cev[i].u.rec.demand, 1);
	ck_assert_uint_eq(F.cev[i].u.rec.rule, 1);
	fx_run(2000);
	ck_assert_int_eq(cti_center_agent_record(F.cc, "alice", false), 0);
	fx_run(20);
	i = fx_cfind(0, CTI_CENTER_EV_REC_STOPPED, call);
	ck_assert_int_ge(i, 0);
	/* 2 s of the call, within a block of the request */
	ck_assert_msg(F.cev[i].u.rec.end_pos >= 15680 &&
			      F.cev[i].u.rec.end_pos <= 16480,
		      "%llu samples",
		      (unsigned long long)F.cev[i].u.rec.end_pos);
	fx_run(1000);
	/* again: a second recording of the same call */
	n_before = fx_ccount(CTI_CENTER_EV_REC_STARTED);
	ck_assert_int_eq(cti_center_agent_record(F.cc, "alice", true), 0);
	fx_run(20);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STARTED), n_before + 1);
	fx_run(1000);
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(2000);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STOPPED), 2);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_FAILED), 0);
	ck_assert_int_eq(cti_rec_list(recdir, NULL, list_fn, NULL), 2);
	ck_assert_str_eq(listed_info.agent, "alice");
	ck_assert_str_eq(listed_info.queue, "sales");
	ck_assert_int_eq(verify(rkey), 0);
	ck_assert_int_eq(kinds[CTI_REC_OK], 2);
	/* no call: CTI_ESTATE */
	ck_assert_int_eq(cti_center_agent_record(F.cc, "alice", true),
			 CTI_ESTATE);
	(void)why;
	close_rec();
}
END_TEST

START_TEST(policy_always_cannot_be_stopped_never_not_started)
{
	cti_call_id_t c, ph;

	open_rec("rule queue=sales mode=always\ndefault mode=never\n");
	fx_agent("alice", "2001", true);
	c = fx_dial("95501", "13912345678");
	fx_run(500);
	ph = fx_ringing(0, "2001");
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	fx_run(1000);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STARTED), 1);
	ck_assert_int_eq(cti_center_agent_record(F.cc, "alice", false),
			 CTI_EPERM);
	ck_assert_int_eq(cti_center_agent_record(F.cc, "alice", true),
			 CTI_EALREADY);
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(2000);
	close_rec();

	open_rec("rule queue=sales mode=never\ndefault mode=never\n");
	fx_agent("alice", "2001", true);
	c = fx_dial("95501", "13912345678");
	fx_run(500);
	ph = fx_ringing(0, "2001");
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	fx_run(1000);
	ck_assert_int_eq(cti_center_agent_record(F.cc, "alice", true),
			 CTI_EPERM);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STARTED), 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(2000);
	close_rec();
}
END_TEST

/* Where in `heard` (n samples) the prompt's first loud 800 samples are,
 * as A-law carried them; -1 if nowhere. */
static long find_prompt(const int16_t *heard, size_t n,
			const struct cti__prompt *pr)
{
	size_t k0 = 0, w = 800;

	while (k0 < pr->n && abs(pr->s[k0]) < 1000)
		k0++;
	ck_assert_uint_lt(k0 + w, pr->n);
	for (size_t at = 0; at + w <= n; at++) {
		size_t k = 0;

		while (k < w && heard[at + k] == fx_law(pr->s[k0 + k]))
			k++;
		if (k == w)
			return (long)at;
	}
	return -1;
}

START_TEST(pause_announced_to_the_caller)
{
	const struct cti__prompt *pp, *rp;
	struct fx_audio *au;
	cti_call_id_t c;
	uint32_t call;
	int i, pi;
	static int16_t flat[400 * 160];
	uint32_t blocks_at_pause;

	open_rec("rule dnis=95500 secret=pause pause_prompt=en/october "
		 "resume_prompt=en/november\ndefault mode=never\n");
	pp = cti__prompt_find(F.ps, "en/october");
	rp = cti__prompt_find(F.ps, "en/november");
	ck_assert_ptr_nonnull(pp);
	ck_assert_ptr_nonnull(rp);
	c = fx_dial("95500", "13912345678");
	fx_run(100);
	call = F.cev[fx_cfind(0, CTI_CENTER_EV_ROUTED, 0)].call;
	au = fx_audio(c, -2000);
	fx_run(1000);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, c, "1"), 0);
	/* the pause begins when the secret collect does */
	for (i = 0; i < 500 && fx_cfind(0, CTI_CENTER_EV_REC_PAUSED, call) < 0;
	     i++)
		fx_run(20);
	pi = fx_cfind(0, CTI_CENTER_EV_REC_PAUSED, call);
	ck_assert_int_ge(pi, 0);
	blocks_at_pause = au->n_heard;
	/* the caller types the PIN while the prompt plays: the flow still
	 * listens */
	fx_run(300);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, c, "7391"), 0);
	fx_run(3000);
	/* the prompt, sample for sample, right after the pause began */
	for (i = 0; i < 400; i++)
		memcpy(flat + i * 160, au->heard[i], sizeof(au->heard[0]));
	{
		long at = find_prompt(flat, 400 * 160, pp);
		long pause_at = (long)(400 - (au->n_heard - blocks_at_pause)) *
				160;

		ck_assert_msg(at >= 0, "the pause prompt is not heard");
		/* as the pause begins (a block or two either way: the
		 * event's block, the link's delay) */
		ck_assert_msg(at >= pause_at - 480 && at < pause_at + 1600 +
								 (long)pp->n,
			      "heard at %ld, paused at %ld", at, pause_at);
	}
	/* the digits reached the flow: the call was queued, and resumed */
	ck_assert_int_ge(fx_cfind(pi, CTI_CENTER_EV_QUEUED, call), 0);
	ck_assert_int_ge(fx_cfind(pi, CTI_CENTER_EV_REC_RESUMED, call), 0);
	for (i = 0; i < 400; i++)
		memcpy(flat + i * 160, au->heard[i], sizeof(au->heard[0]));
	ck_assert_msg(find_prompt(flat, 400 * 160, rp) >= 0,
		      "the resume prompt is not heard");
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(2000);
	i = fx_cfind(0, CTI_CENTER_EV_REC_STOPPED, call);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.cev[i].u.rec.pauses, 1);
	ck_assert_int_eq(verify(rkey), 0);
	close_rec();
}
END_TEST

/* The export's left channel (the caller) by timeline position. */
#define MAXPOS (8000 * 60)
static int16_t lr[MAXPOS][2];
static bool have[MAXPOS];

static int audio_fn(void *user, uint64_t pos, const int16_t *fr, uint32_t n,
		    uint32_t ch, uint32_t flags)
{
	(void)user;
	(void)flags;
	ck_assert_uint_eq(ch, 2);
	for (uint32_t i = 0; i < n && pos + i < MAXPOS; i++) {
		lr[pos + i][0] = fr[2 * i];
		lr[pos + i][1] = fr[2 * i + 1];
		have[pos + i] = true;
	}
	return 0;
}

/* Read the one recording; the digits lib/dsp's receiver hears on its
 * left channel into digits. */
static void recorded_digits(char *digits, size_t cap)
{
	const char *keys[1] = { rkey };
	struct cti_rec_read_config rcfg = { .keys = keys, .n_keys = 1 };
	cti_dtmf_rx_t *rx;
	cti_dtmf_event_t d;
	int16_t left[160];
	size_t nd = 0;
	char why[256];
	int rc;

	ck_assert_int_eq(cti_rec_list(recdir, NULL, list_fn, NULL), 1);
	memset(have, 0, sizeof(have));
	rc = cti_rec_read(listed, audio_fn, NULL, why, sizeof(why), &rcfg);
	ck_assert_msg(rc == 0, "%s", why);
	ck_assert_int_eq(cti_dtmf_rx_init(&rx, NULL, NULL), 0);
	for (size_t p = 0; p + 160 <= MAXPOS; p += 160) {
		for (int k = 0; k < 160; k++)
			left[k] = have[p + (size_t)k] ? lr[p + (size_t)k][0] : 0;
		cti_dtmf_rx_linear(rx, left, 160);
		while (cti_dtmf_rx_next_event(rx, &d) > 0)
			if (d.type == CTI_DTMF_START && nd + 1 < cap)
				digits[nd++] = d.digit;
	}
	digits[nd] = 0;
	cti_dtmf_rx_free(rx);
}

/* the customer leg's blocks as the engine's tap saw them */
#define TAPS 1500
static struct {
	uint64_t t;
	int16_t rx[160], tx[160];
} cust[TAPS];
static int n_cust;
/* the outside party's role: an agent's own call's number is EXTERNAL */
static uint32_t cust_role = CTI_CENTER_ROLE_CUSTOMER;

static void on_tap(void *user, const struct cti_center_tap *t)
{
	(void)user;
	if (t->role != cust_role || n_cust == TAPS)
		return;
	cust[n_cust].t = t->time_ms;
	memcpy(cust[n_cust].rx, t->rx, sizeof(cust[0].rx));
	memcpy(cust[n_cust].tx, t->tx, sizeof(cust[0].tx));
	n_cust++;
}

/* Type-ahead: the PIN keyed over the prompt before its secret collect
 * (barging it), or straight after the menu digit, before the flow even
 * reached the collect: the digits the secret collect takes are kept out
 * from the first one's tone on (docs/recording.md, "Type-ahead"). */
static void typeahead(const char *first, uint32_t gap_ms, const char *then,
		      uint32_t mode)
{
	cti_call_id_t c;
	char digits[32];
	int i;

	open_rec(mode == CTI_REC_MASK
			 ? "rule dnis=95500 secret=mask\ndefault mode=never\n"
			 : "rule dnis=95500 secret=pause\ndefault mode=never\n");
	fx_agent("alice", "2001", true);
	n_cust = 0;
	ck_assert_int_eq(cti_center_set_tap(F.cc, on_tap, NULL), 0);
	c = fx_dial("95500", "13912345678");
	fx_audio(c, 0);
	fx_run(1000);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, c, first), 0);
	if (then) {
		fx_run(gap_ms);
		ck_assert_int_eq(cti_call_send_dtmf(F.ctx, c, then), 0);
	}
	fx_run(4000);
	/* the flow took the PIN: the call was queued */
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_QUEUED, 0), 0);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_PAUSED), 1);
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(2000);
	i = fx_cfind(0, CTI_CENTER_EV_REC_STOPPED, 0);
	ck_assert_int_ge(i, 0);
	recorded_digits(digits, sizeof(digits));
	ck_assert_str_eq(digits, "1");
	/* not one sample of the PIN's first tone: the second burst of tone
	 * on the caller's leg (quiet otherwise) is out from its first block */
	{
		int t0 = -1, burst = 0, k;
		bool on = false;
		uint64_t rec_t0;

		i = fx_cfind(0, CTI_CENTER_EV_REC_STARTED, 0);
		rec_t0 = F.cev[i].time_ms;
		for (k = 0; k < n_cust && cust[k].t < rec_t0; k++)
			;
		rec_t0 = cust[k].t; /* the timeline's position 0 */
		for (; k < n_cust && burst < 2; k++) {
			bool loud = cti_power_dbm0(cust[k].rx, 160) > -40.0;

			if (loud && !on && ++burst == 2)
				t0 = k;
			on = loud;
		}
		ck_assert_int_ge(t0, 0);
		for (k = t0; k < t0 + 5; k++) {
			uint64_t pos = (cust[k].t - rec_t0) * 8;

			for (int j = 0; j < 160; j++)
				ck_assert_msg(!have[pos + (uint64_t)j] ||
						      (mode == CTI_REC_MASK &&
						       !lr[pos + (uint64_t)j][0]),
					      "the PIN's first tone recorded at "
					      "%llu ms",
					      (unsigned long long)(pos / 8));
		}
	}
	ck_assert_int_eq(verify(rkey), 0);
	close_rec();
}

START_TEST(typeahead_over_the_prompt_kept_out)
{
	typeahead("1", 500, "7391", CTI_REC_PAUSE);
}
END_TEST

START_TEST(typeahead_with_the_menu_digit_kept_out)
{
	typeahead("17391", 0, NULL, CTI_REC_PAUSE);
}
END_TEST

START_TEST(typeahead_masked)
{
	typeahead("1", 300, "7391", CTI_REC_MASK);
}
END_TEST

static uint64_t rec_origin_ms; /* context time of timeline position 0 */

/* The one recording is exactly what crossed the customer's leg (the
 * outside party: caller, or the number an agent dialled): its voice left,
 * what it heard right, sample for sample from the recording's start to
 * the end. */
static void recording_is_the_customer_leg(void)
{
	const char *keys[1] = { rkey };
	struct cti_rec_read_config rcfg = { .keys = keys, .n_keys = 1 };
	char why[256];
	int i, first = -1, rc;
	uint64_t t_start;

	i = fx_cfind(0, CTI_CENTER_EV_REC_STARTED, 0);
	ck_assert_int_ge(i, 0);
	t_start = F.cev[i].time_ms;
	ck_assert_int_eq(cti_rec_list(recdir, NULL, list_fn, NULL), 1);
	memset(have, 0, sizeof(have));
	rc = cti_rec_read(listed, audio_fn, NULL, why, sizeof(why), &rcfg);
	ck_assert_msg(rc == 0, "%s", why);
	for (i = 0; i < n_cust && first < 0; i++)
		if (cust[i].t >= t_start)
			first = i;
	ck_assert_int_ge(first, 0);
	ck_assert_int_gt(n_cust - first, 100);
	rec_origin_ms = cust[first].t;
	for (i = first; i < n_cust; i++) {
		uint64_t pos = (cust[i].t - cust[first].t) * 8;

		ck_assert_uint_lt(pos + 160, MAXPOS);
		for (int k = 0; k < 160; k++)
			ck_assert_msg(have[pos + k] &&
					      lr[pos + k][0] == cust[i].rx[k] &&
					      lr[pos + k][1] == cust[i].tx[k],
				      "at %llu ms + %d: %d/%d recorded, %d/%d "
				      "crossed",
				      (unsigned long long)(pos / 8), k,
				      lr[pos + k][0], lr[pos + k][1],
				      cust[i].rx[k], cust[i].tx[k]);
	}
}

/* Whether channel ch of the recording's 10 blocks before end_ms (on its
 * timeline) is exactly the sum of what the sources sent through A-law,
 * each with a constant lag: who is left, who right. The
 * recording holds the mix as it was sent (S16), before the span's
 * A-law. */

static bool rec_hears(int ch, uint64_t end_ms, struct fx_audio *const *src,
		      int n)
{
	uint64_t now = cti_now_ms(F.ctx);
	/* a source stops counting its blocks when its call clears, before
	 * now: its lag is searched over 80 blocks up to now's */
	uint32_t back = (uint32_t)((now - (rec_origin_ms + end_ms)) / 20);
	int combos = 1;

	back = back > 79 ? back - 79 : 0;
	for (int i = 0; i < n; i++)
		combos *= 80;
	for (int m = 0; m < combos; m++) {
		bool ok = true;

		for (int b = 0; b < 10 && ok; b++)
			for (int k = 0; k < 160 && ok; k++) {
				int32_t sum = 0;
				uint64_t p = end_ms * 8 - (uint64_t)(b + 1) * 160 +
					     (uint64_t)k;
				int v = m;

				for (int i = 0; i < n; i++, v /= 80)
					sum += fx_law(fx_pattern(
						src[i]->level,
						src[i]->sent - 1 - back -
							(uint32_t)(v % 80) -
							(uint32_t)b,
						k));
				sum = sum > 32767 ? 32767 : sum < -32768 ? -32768 : sum;
				ok = lr[p][ch] == sum;
			}
		if (ok)
			return true;
	}
	return false;
}

START_TEST(consult_and_conference_recorded)
{
	struct fx_audio *ca, *aa, *ta;
	cti_call_id_t c, ph, x = 0;
	int mark, i;
	uint64_t t_consult, t_conf, t_rec;

	open_rec("default mode=always\n");
	n_cust = 0;
	ck_assert_int_eq(cti_center_set_tap(F.cc, on_tap, NULL), 0);
	fx_agent("alice", "2001", true);
	c = fx_dial("95501", "1001");
	fx_run(100);
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	ca = fx_audio(c, 1000);
	aa = fx_audio(ph, 5000);
	fx_run(1000);
	mark = F.n;
	ck_assert_int_eq(
		cti_center_agent_consult(F.cc, "alice", "number:5550177"), 0);
	fx_run(100);
	for (int k = mark; k < F.n; k++)
		if (F.ev[k].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[k].u.call.span_id == F.pstn)
			x = F.ev[k].u.call.call_id;
	ck_assert_uint_gt(x, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, x), 0);
	ta = fx_audio(x, 13000);
	fx_run(1500);
	i = fx_cfind(0, CTI_CENTER_EV_CONSULTING, 0);
	ck_assert_int_ge(i, 0);
	t_consult = F.cev[i].time_ms;
	ck_assert_int_eq(cti_center_agent_complete(F.cc, "alice", true), 0);
	fx_run(1500);
	i = fx_cfind(0, CTI_CENTER_EV_CONFERENCED, 0);
	ck_assert_int_ge(i, 0);
	t_conf = F.cev[i].time_ms;
	/* alice leaves; the caller and the third talk on */
	ck_assert_int_eq(cti_call_clear(F.ctx, ph, 16), 0);
	fx_run(1000);
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(1000);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STARTED), 1);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STOPPED), 1);
	recording_is_the_customer_leg();
	/* right is what the caller heard: music while alice consults (not
	 * alice, not the third), the two others in the conference */
	t_rec = rec_origin_ms;
	{
		struct fx_audio *c1[] = { ca }, *a1[] = { aa }, *two[] = { aa, ta };

		/* left: the caller, before, in and after the consultation */
		ck_assert(rec_hears(0, t_consult - t_rec - 100, c1, 1));
		ck_assert(rec_hears(0, t_conf - t_rec - 100, c1, 1));
		ck_assert(rec_hears(0, t_conf - t_rec + 1400, c1, 1));
		/* right: alice before; neither alice nor the third while she
		 * consults (the caller hears music); both in the conference */
		ck_assert(rec_hears(1, t_consult - t_rec - 100, a1, 1));
		ck_assert(!rec_hears(1, t_conf - t_rec - 100, a1, 1));
		ck_assert(!rec_hears(1, t_conf - t_rec - 100, two, 2));
		ck_assert(rec_hears(1, t_conf - t_rec + 1400, two, 2));
	}
	ck_assert_int_eq(verify(rkey), 0);
	close_rec();
}
END_TEST

START_TEST(outbound_call_recorded)
{
	struct fx_audio *aa, *xa;
	cti_call_id_t ph, x = 0;
	uint32_t call = 0;

	open_rec("default mode=always\n");
	n_cust = 0;
	cust_role = CTI_CENTER_ROLE_EXTERNAL;
	ck_assert_int_eq(cti_center_set_tap(F.cc, on_tap, NULL), 0);
	fx_agent("alice", "2001", true);
	ck_assert_int_eq(cti_center_agent_dial(F.cc, "alice", "5550123", &call),
			 0);
	fx_run(100);
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	aa = fx_audio(ph, 5000);
	fx_run(300);
	for (int k = 0; k < F.n; k++)
		if (F.ev[k].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[k].u.call.span_id == F.pstn)
			x = F.ev[k].u.call.call_id;
	ck_assert_uint_gt(x, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, x), 0);
	xa = fx_audio(x, 9000);
	fx_run(3000);
	ck_assert_int_eq(cti_call_clear(F.ctx, x, 16), 0);
	fx_run(1000);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STARTED), 1);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STOPPED), 1);
	recording_is_the_customer_leg();
	cust_role = CTI_CENTER_ROLE_CUSTOMER;
	{
		/* left the number dialled, right the agent */
		struct fx_audio *x1[] = { xa }, *a1[] = { aa };
		uint64_t t = cust[n_cust - 1].t - rec_origin_ms - 200;

		ck_assert(rec_hears(0, t, x1, 1));
		ck_assert(rec_hears(1, t, a1, 1));
		ck_assert(!rec_hears(0, t, a1, 1));
	}
	ck_assert_int_eq(cti_rec_list(recdir, NULL, list_fn, NULL), 1);
	ck_assert_str_eq(listed_info.agent, "alice");
	ck_assert_uint_eq(listed_info.call_id, call);
	ck_assert_int_eq(verify(rkey), 0);
	close_rec();
}
END_TEST

TCase *center_rec_tcase(void)
{
	TCase *tc = tcase_create("center-rec");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, transfer_lists_both_agents_and_the_queue);
	tcase_add_test(tc, agent_records_on_demand);
	tcase_add_test(tc, policy_always_cannot_be_stopped_never_not_started);
	tcase_add_test(tc, pause_announced_to_the_caller);
	tcase_add_test(tc, typeahead_over_the_prompt_kept_out);
	tcase_add_test(tc, typeahead_with_the_menu_digit_kept_out);
	tcase_add_test(tc, typeahead_masked);
	tcase_add_test(tc, consult_and_conference_recorded);
	tcase_add_test(tc, outbound_call_recorded);
	return tc;
}
