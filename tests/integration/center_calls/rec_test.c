// SPDX-License-Identifier: LGPL-2.1-or-later
/* Recording hooked into the engine (cfg.recorder, cfg.rec_policy): a
 * flow collecting a PIN, a queue, an agent, a blind transfer to a second
 * agent, all in one recording equal to what crossed the customer's leg;
 * the PIN kept out of audio, metadata, events and logs; a policy saying
 * never records nothing. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"

#define PIN "7391"

static const char rec_flow[] = "state start\n"
			       "  collect choice min=1 max=1 first=6000\n"
			       "  on 1 goto pin\n"
			       "  hangup\n"
			       "state pin\n"
			       "  play en/goodbye\n"
			       "  collect pin min=4 max=4 first=6000 secret\n"
			       "  queue sales\n";

static char dir[64], recdir[96], sign[160], rpub[160], rkey[160];
static cti_flow_t *flow;
static cti_rec_t *recorder;
static cti_rec_policy_t *policy;
static int log_leaks;

/* the PIN standing as a token of its own (not inside a hex id) */
static bool has_pin(const char *s)
{
	for (const char *p = s; (p = strstr(p, PIN)); p++)
		if ((p == s || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[strlen(PIN)]))
			return true;
	return false;
}

static void on_log(const char *module, const char *msg)
{
	(void)module;
	log_leaks += has_pin(msg);
}

/* the customer leg's blocks as the engine's tap saw them */
#define TAPS 2000
static struct {
	uint64_t t;
	int16_t rx[160], tx[160];
} cust[TAPS];
static int n_cust;

static void on_tap(void *user, const struct cti_center_tap *t)
{
	(void)user;
	if (t->role != CTI_CENTER_ROLE_CUSTOMER || n_cust == TAPS)
		return;
	cust[n_cust].t = t->time_ms;
	memcpy(cust[n_cust].rx, t->rx, sizeof(cust[0].rx));
	memcpy(cust[n_cust].tx, t->tx, sizeof(cust[0].tx));
	n_cust++;
}

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
	ck_assert_int_eq(cti_rec_open(&recorder, recdir, &rc), 0);
	err = cti_rec_policy_parse(&policy, policy_text, strlen(policy_text),
				   "test.policy", why, sizeof(why), NULL);
	ck_assert_msg(err == 0, "%s", why);
	fx_recorder = recorder;
	fx_rec_policy = policy;
	log_leaks = 0;
	fx_log_hook = on_log;
	n_cust = 0;
	fx_open();
	err = cti_flow_parse(&flow, rec_flow, "rec.flow", F.ps, why,
			     sizeof(why), NULL);
	ck_assert_msg(err == 0, "%s", why);
	ck_assert_int_eq(cti_center_flow_add(F.cc, "main", flow), 0);
	fx_queue("sales", CTI_ACD_LONGEST_IDLE, 0, 1000);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	r.dnis = "95501";
	r.target = "queue:sales";
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	ck_assert_int_eq(cti_center_set_tap(F.cc, on_tap, NULL), 0);
}

static void close_rec(void)
{
	char cmd[160];

	fx_close();
	fx_recorder = NULL;
	fx_rec_policy = NULL;
	fx_log_hook = NULL;
	cti_flow_free(flow);
	cti_rec_close(recorder);
	cti_rec_policy_free(policy);
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

/* the export: stereo frames by timeline position, and which were there */
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

static int problems_fn(void *user, const struct cti_rec_finding *f)
{
	int *bad = user;

	if (f->problem != CTI_REC_OK && f->problem != CTI_REC_LEDGER_HEAD) {
		fprintf(stderr, "verify: %s %s\n",
			cti_rec_problem_name((int)f->problem), f->text);
		(*bad)++;
	}
	return 0;
}

static bool event_leaks(const struct cti_center_event *e)
{
	return has_pin(e->ani) || has_pin(e->dnis) || has_pin(e->queue) ||
	       has_pin(e->agent) || has_pin(e->name) || has_pin(e->target) ||
	       has_pin(e->data) || has_pin(e->extension);
}

static void pin_call(uint32_t mode)
{
	const char *keys[1] = { rkey };
	struct cti_rec_read_config rcfg = { .keys = keys, .n_keys = 1 };
	struct fx_audio *caller_au, *alice_au, *bob_au;
	cti_call_id_t c, ph, ph2;
	uint32_t call;
	uint64_t t_start, pause_ms, resume_ms;
	char why[256], digits[32] = "";
	int i, mark, bad = 0, rc;
	size_t nd = 0;

	open_rec(mode == CTI_REC_MASK
			 ? "rule dnis=95500 secret=mask\ndefault mode=never\n"
			 : "rule dnis=95500 secret=pause\ndefault mode=never\n");
	fx_agent("alice", "2001", true);
	fx_agent("bob", "2002", false);
	c = fx_dial("95500", "13912345678");
	fx_run(100);
	i = fx_cfind(0, CTI_CENTER_EV_ROUTED, 0);
	ck_assert_int_ge(i, 0);
	call = F.cev[i].call;
	i = fx_cfind(0, CTI_CENTER_EV_REC_STARTED, call);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.cev[i].u.rec.channels, 2);
	ck_assert_uint_eq(F.cev[i].u.rec.rule, 1);
	ck_assert_uint_eq(strlen(F.cev[i].u.rec.id), CTI_REC_ID_LEN);
	t_start = F.cev[i].time_ms;
	caller_au = fx_audio(c, -2000);
	fx_run(1000);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, c, "1"), 0);
	fx_run(1000);
	/* the PIN, after the play before its collect */
	mark = F.nc;
	fx_run(2000);
	ck_assert_int_eq(cti_call_send_dtmf(F.ctx, c, PIN), 0);
	fx_run(3000);
	i = fx_cfind(mark, CTI_CENTER_EV_REC_PAUSED, call);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(F.cev[i].u.rec.mode, mode);
	pause_ms = F.cev[i].u.rec.pos_ms;
	i = fx_cfind(i, CTI_CENTER_EV_REC_RESUMED, call);
	ck_assert_int_ge(i, 0);
	resume_ms = F.cev[i].u.rec.pos_ms;
	ck_assert_uint_gt(resume_ms, pause_ms);
	/* queued, alice rings and answers */
	ck_assert_int_ge(fx_cfind(mark, CTI_CENTER_EV_QUEUED, call), 0);
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	alice_au = fx_audio(ph, 1000);
	fx_run(2000);
	ck_assert_int_ge(fx_cfind(mark, CTI_CENTER_EV_CONNECTED, call), 0);
	/* alice transfers to the queue; bob takes it */
	ck_assert_int_eq(cti_center_agent_ready(F.cc, "bob"), 0);
	mark = F.n;
	ck_assert_int_eq(cti_center_agent_transfer(F.cc, "alice", "queue:sales"),
			 0);
	fx_run(500);
	ph2 = fx_ringing(mark, "2002");
	ck_assert_uint_gt(ph2, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph2), 0);
	bob_au = fx_audio(ph2, 3000);
	fx_run(2000);
	ck_assert_int_eq(cti_call_clear(F.ctx, ph2, 16), 0);
	fx_run(2000);
	(void)alice_au;
	(void)bob_au;
	(void)caller_au;

	/* one recording of the whole call, closed with it */
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STARTED), 1);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_PAUSED), 1);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_RESUMED), 1);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_STOPPED), 1);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_REC_FAILED), 0);
	i = fx_cfind(0, CTI_CENTER_EV_REC_STOPPED, call);
	ck_assert_uint_eq(F.cev[i].u.rec.pauses, 1);
	ck_assert_uint_eq(F.cev[i].u.rec.late_frames, 0);
	ck_assert_int_gt(fx_cfind(0, CTI_CENTER_EV_REC_STOPPED, call),
			 fx_cfind(0, CTI_CENTER_EV_ENDED, call));
	for (i = 0; i < F.nc; i++)
		ck_assert_msg(!event_leaks(&F.cev[i]), "event %s has the PIN",
			      cti_center_event_name((int)F.cev[i].type));
	ck_assert_int_eq(log_leaks, 0);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);

	ck_assert_int_eq(cti_rec_list(recdir, NULL, list_fn, NULL), 1);
	ck_assert_uint_eq(listed_info.call_id, call);
	ck_assert_str_eq(listed_info.ani, "13912345678");
	ck_assert_str_eq(listed_info.dnis, "95500");
	ck_assert(!has_pin(listed_info.agent) && !has_pin(listed_info.queue) &&
		  !has_pin(listed_info.account));
	ck_assert_int_eq(cti_rec_verify(recdir, problems_fn, &bad, NULL), 0);
	ck_assert_int_eq(bad, 0);

	/* the audio: exactly what crossed the customer's leg, caller left,
	 * what the caller heard right, but nothing of the secret's stretch */
	memset(have, 0, sizeof(have));
	rc = cti_rec_read(listed, audio_fn, NULL, why, sizeof(why), &rcfg);
	ck_assert_msg(rc == 0, "%s", why);
	{
		int first = -1;

		for (i = 0; i < n_cust && first < 0; i++)
			if (cust[i].t >= t_start)
				first = i;
		ck_assert_int_ge(first, 0);
		for (i = first; i < n_cust; i++) {
			uint64_t ms = cust[i].t - cust[first].t;
			uint64_t pos = ms * 8;
			bool out = ms >= pause_ms && ms < resume_ms;

			ck_assert_uint_lt(pos + 160, MAXPOS);
			for (int k = 0; k < 160; k++) {
				if (out && mode == CTI_REC_PAUSE) {
					ck_assert_msg(!have[pos + k],
						      "paused audio at %llu",
						      (unsigned long long)ms);
					continue;
				}
				if (out) { /* masked: silence, timeline kept */
					ck_assert_msg(have[pos + k] &&
							      !lr[pos + k][0] &&
							      !lr[pos + k][1],
						      "masked audio at %llu",
						      (unsigned long long)ms);
					continue;
				}
				ck_assert_msg(have[pos + k] &&
						      lr[pos + k][0] ==
							      cust[i].rx[k] &&
						      lr[pos + k][1] ==
							      cust[i].tx[k],
					      "at %llu ms + %d", 
					      (unsigned long long)ms, k);
			}
		}
	}
	/* the caller's digits in the recording: the menu's, not the PIN */
	{
		cti_dtmf_rx_t *rx;
		cti_dtmf_event_t d;
		int16_t left[160];

		ck_assert_int_eq(cti_dtmf_rx_init(&rx, NULL, NULL), 0);
		for (size_t p = 0; p + 160 <= MAXPOS; p += 160) {
			for (int k = 0; k < 160; k++)
				left[k] = have[p + (size_t)k] ? lr[p + (size_t)k][0]
							       : 0;
			cti_dtmf_rx_linear(rx, left, 160);
			while (cti_dtmf_rx_next_event(rx, &d) > 0)
				if (d.type == CTI_DTMF_START && nd < 31)
					digits[nd++] = d.digit;
		}
		cti_dtmf_rx_free(rx);
	}
	ck_assert_str_eq(digits, "1");
	close_rec();
}

START_TEST(pin_queue_agent_transfer_recorded)
{
	pin_call(CTI_REC_PAUSE);
}
END_TEST

START_TEST(pin_masked)
{
	pin_call(CTI_REC_MASK);
}
END_TEST

START_TEST(never_records_nothing)
{
	cti_call_id_t c, ph;
	int bad = 0;

	open_rec("rule queue=sales mode=never\ndefault mode=never\n");
	fx_agent("alice", "2001", true);
	c = fx_dial("95501", "13912345678");
	fx_run(500);
	ph = fx_ringing(0, "2001");
	ck_assert_uint_gt(ph, 0);
	ck_assert_int_eq(cti_call_answer(F.ctx, ph), 0);
	fx_run(2000);
	ck_assert_int_eq(cti_call_clear(F.ctx, c, 16), 0);
	fx_run(2000);
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_ENDED, 0), 0);
	for (int t = CTI_CENTER_EV_REC_STARTED; t <= CTI_CENTER_EV_REC_FAILED;
	     t++)
		ck_assert_int_eq(fx_ccount(t), 0);
	ck_assert_int_eq(cti_rec_list(recdir, NULL, list_fn, NULL), 0);
	ck_assert_int_eq(cti_rec_verify(recdir, problems_fn, &bad, NULL), 0);
	close_rec();
}
END_TEST

TCase *rec_tcase(void)
{
	TCase *tc = tcase_create("recording");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, pin_queue_agent_transfer_recorded);
	tcase_add_test(tc, pin_masked);
	tcase_add_test(tc, never_records_nothing);
	return tc;
}
