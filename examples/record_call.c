// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * record_call: a call between two virtual E1 spans (the loop backend) is
 * recorded through lib/rec's tap, the way the call-centre engine will do
 * it: every 20 ms block of the answered leg, both directions, goes to
 * cti_rec_call_tap(); a PIN is masked; then the recording is verified,
 * listed from the store's index and exported to WAV for the key's holder.
 *
 * Usage: record_call [DIR]   (default ./record_call.d; made if absent;
 *                             keys are made there on the first run)
 * Then try: cti-rec verify DIR/rec; change a byte; verify again.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cti/call.h"
#include "cti/ctx.h"
#include "cti/dsp.h"
#include "cti/rec.h"
#include "cti/span.h"
#include "cti/store.h"

static cti_span_id_t net, pbx;
static cti_call_id_t offered;
static cti_rec_call_t *rec_call;
static uint64_t pos;	  /* samples recorded so far: the timeline */
static uint64_t caller_n; /* samples the caller has sent */

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	(void)ctx;
	(void)u;
	if (ev->type == CTI_EVENT_CALL_OFFERED)
		offered = ev->u.call.call_id;
}

/* The caller: speaks a 440 Hz tone. */
static void caller_audio(cti_ctx_t *ctx, cti_call_id_t id, const void *rx,
			 void *tx, size_t n, void *user)
{
	int16_t *out = tx;

	(void)ctx;
	(void)id;
	(void)rx;
	(void)user;
	for (size_t i = 0; i < n; i++, caller_n++)
		out[i] = (int16_t)(6000 *
				   sin(2 * M_PI * 440 * caller_n / 8000.0));
}

/* Our side (the agent's leg as the engine sees it): answers with a
 * 1 kHz tone, and taps both directions into the recording. */
static void agent_audio(cti_ctx_t *ctx, cti_call_id_t id, const void *rx,
			void *tx, size_t n, void *user)
{
	int16_t *out = tx;
	struct cti_rec_frame f = { .pos = pos,
				   .n = (uint32_t)n,
				   .fmt = CTI_PCM_S16,
				   .leg = id,
				   .role = CTI_REC_CALLER };

	(void)ctx;
	(void)user;
	for (size_t i = 0; i < n; i++)
		out[i] = (int16_t)(4000 *
				   sin(2 * M_PI * 1000 * (pos + i) / 8000.0));
	if (!rec_call)
		return;
	f.dir = CTI_REC_FROM_PARTY; /* what the caller said */
	f.samples = rx;
	cti_rec_call_tap(rec_call, &f);
	f.dir = CTI_REC_TO_PARTY; /* what the caller heard */
	f.samples = tx;
	cti_rec_call_tap(rec_call, &f);
	pos += n;
}

static int finding(void *user, const struct cti_rec_finding *f)
{
	(void)user;
	printf("  %-14s %s: %s\n", cti_rec_problem_name((int)f->problem),
	       f->file, f->text);
	return 0;
}

static int listed(void *user, const struct cti_store_recording *r)
{
	(void)user;
	printf("  %s  call %llu  from %s to %s  agent %s  %.1f s  status %u\n",
	       r->file, (unsigned long long)r->call_id, r->ani, r->dnis,
	       r->agent, r->duration_ms / 1000.0, r->status);
	return 0;
}

static int keys(const char *dir, char *sign, char *rcpt_pub, char *rcpt,
		size_t cap)
{
	char pre[512];
	int rc;

	snprintf(pre, sizeof(pre), "%s/recorder", dir);
	snprintf(sign, cap, "%s.key", pre);
	if (access(sign, F_OK) &&
	    (rc = cti_rec_keygen(pre, CTI_REC_KEY_SIGNING, NULL)))
		return rc;
	snprintf(pre, sizeof(pre), "%s/compliance", dir);
	snprintf(rcpt_pub, cap, "%s.pub", pre);
	snprintf(rcpt, cap, "%s.key", pre);
	if (access(rcpt, F_OK) &&
	    (rc = cti_rec_keygen(pre, CTI_REC_KEY_RECIPIENT, NULL)))
		return rc;
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "record_call.d";
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti_span_config n = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_NET };
	struct cti_span_config c = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_CPE };
	struct cti_loop_config lc = { .d_bitrate = 64000 };
	struct cti_call_params p = { 0 };
	char sign[600], rpub[600], rkey[600], recdir[600], db[600], wav[600],
		why[600];
	const char *recipients[1] = { rpub }, *rkeys[1] = { rkey };
	struct cti_rec_config rc_cfg = { .signing_key = sign,
					 .recipients = recipients,
					 .n_recipients = 1 };
	struct cti_rec_read_config read_cfg = { .keys = rkeys, .n_keys = 1 };
	struct cti_rec_meta m = { .call_id = 1 };
	struct cti_rec_info info;
	cti_store_t *st = NULL;
	cti_rec_t *rec = NULL;
	cti_ctx_t *ctx;
	cti_call_id_t a;
	int rc;

	mkdir(dir, 0750);
	snprintf(recdir, sizeof(recdir), "%s/rec", dir);
	snprintf(db, sizeof(db), "%s/cti.db", dir);
	if ((rc = keys(dir, sign, rpub, rkey, sizeof(sign))) ||
	    (rc = cti_store_open(&st, db, NULL))) {
		fprintf(stderr, "record_call: %s: %s\n", dir, cti_strerror(rc));
		return 1;
	}
	rc_cfg.index = st;
	if ((rc = cti_rec_open(&rec, recdir, &rc_cfg)) ||
	    (rc = cti_ctx_new(&ctx, &cfg))) {
		fprintf(stderr, "record_call: %s\n", cti_strerror(rc));
		return 1;
	}
	if ((rc = cti_span_open_loop(ctx, &net, &pbx, &n, &c, &lc)) ||
	    (rc = cti_ctx_run_idle(ctx, 10000))) {
		fprintf(stderr, "record_call: %s\n", cti_strerror(rc));
		return 1;
	}
	cti_ctx_set_event_cb(ctx, on_event, NULL);

	p.span = net;
	snprintf(p.ani.digits, sizeof(p.ani.digits), "13800138000");
	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "95588");
	if ((rc = cti_call_make(ctx, &a, &p))) {
		fprintf(stderr, "record_call: call: %s\n", cti_strerror(rc));
		return 1;
	}
	cti_clock_advance(ctx, 100);
	cti_call_answer(ctx, offered);
	cti_clock_advance(ctx, 100);
	strcpy(m.ani, "13800138000");
	strcpy(m.dnis, "95588");
	strcpy(m.agent, "agent-7");
	strcpy(m.queue, "trading");
	if ((rc = cti_rec_start(rec, &rec_call, &m))) {
		fprintf(stderr, "record_call: start: %s\n", cti_strerror(rc));
		return 1;
	}
	cti_call_set_audio(ctx, a, CTI_AUDIO_LINEAR16, caller_audio, NULL);
	cti_call_set_audio(ctx, offered, CTI_AUDIO_LINEAR16, agent_audio, NULL);
	printf("recording call %u as %s\n", offered, cti_rec_call_id(rec_call));
	cti_clock_advance(ctx, 2000);
	/* the flow collects a PIN: masked for a second */
	cti_rec_call_pause(rec_call, pos, CTI_REC_MASK);
	cti_clock_advance(ctx, 1000);
	cti_rec_call_resume(rec_call, pos);
	cti_clock_advance(ctx, 2000);
	cti_call_clear(ctx, offered, CTI_CAUSE_NORMAL_CLEARING);
	rc = cti_rec_call_stop(rec_call, &info);
	rec_call = NULL;
	cti_clock_advance(ctx, 300);
	printf("recording closed (%s): %llu chunks, %.2f s, %llu bytes\n",
	       cti_strerror(rc), (unsigned long long)info.chunks,
	       info.end_pos / 8000.0, (unsigned long long)info.bytes);
	cti_rec_close(rec);
	cti_ctx_free(ctx);

	printf("\nverify %s (public key only):\n", recdir);
	rc = cti_rec_verify(recdir, finding, NULL, NULL);
	printf("  %d problem(s)\n", rc);
	printf("\nthe store's index, agent-7:\n");
	{
		struct cti_store_rec_filter f = { .agent = "agent-7" };

		cti_store_query_recordings(st, &f, listed, NULL);
	}
	cti_store_close(st);
	snprintf(wav, sizeof(wav), "%s/%s.wav", dir, info.id);
	{
		char path[800];

		/* the recording's day is its start's (UTC) */
		time_t t = (time_t)(info.start_epoch_ms / 1000);
		struct tm tm;

		gmtime_r(&t, &tm);
		snprintf(path, sizeof(path), "%s/%04d-%02d-%02d/%s.ctr", recdir,
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, info.id);
		rc = cti_rec_export(path, wav, CTI_REC_EXPORT_WAV, why,
				    sizeof(why), &read_cfg);
		printf("\nexport for the compliance officer: %s (%s)\n", wav,
		       rc ? why : "ok");
	}
	return rc ? 1 : 0;
}
