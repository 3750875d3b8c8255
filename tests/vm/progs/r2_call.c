// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * r2_call: libcti's R2 side (lib/r2 over openr2) on one DAHDI CAS channel,
 * for guest tests against openr2's r2test or another r2_call.
 *
 *   r2_call [options] CHAN
 *     -v VARIANT       cn (default), itu, ...
 *     -d N / -a N      max DNIS / max ANI (backward side)
 *     -f               ask for the ANI first (backward side)
 *     -c DNIS,ANI[,CATEGORY]  place one call (forward side)
 *     -r CAUSE         refuse offered calls with Q.850 CAUSE (default: accept,
 * answer) -H MS            once answered, clear after MS (default: wait for the
 * far end) -B MS            block the channel for MS, then unblock, then go on
 *     -t S             give up after S seconds (default 30)
 *     -D DIGITS        once answered, key DIGITS as DTMF (lib/dsp) into the
 * call -x               debug log of openr2's messages on stderr
 *
 * Received audio always goes through lib/dsp's DTMF receiver: "DTMF d"
 * lines. Each block read is answered by one block written (DTMF or the
 * A-law idle code), as libcti's PRI audio path does.
 *
 * Prints one line per event, "T_MS EVENT chan=N cause=C ani=.. dnis=..
 * category=..", and exits 0 after the first call ended (END), 1 on a
 * protocol or OS error, 2 on usage/setup errors, 3 on the time limit.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/ctx.h"
#include "cti/cti.h"
#include "r2/r2.h"

struct st {
	cti_ctx_t *ctx;
	struct cti__r2 *r;
	int chan;
	int refuse;
	int hold_ms;
	bool done;
	int rc;
	struct cti__timer hold;
	uint64_t t0;
	const char *dtmf;
	bool keyed, primed;
	cti_dtmf_tx_storage_t txm;
	cti_dtmf_rx_storage_t rxm;
	cti_dtmf_tx_t *tx;
	cti_dtmf_rx_t *rx;
	char heard[64];
	uint64_t answered_ms;
	int errors;
};

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void on_audio(void *user, int chan, const uint8_t *in, size_t n)
{
	struct st *s = user;
	int16_t lin[160];
	uint8_t out[160];
	cti_dtmf_event_t ev;
	size_t i, got = 0;

	if (n > 160)
		n = 160;
	for (i = 0; i < n; i++)
		lin[i] = cti_alaw_decode(in[i]);
	cti_dtmf_rx_linear(s->rx, lin, n);
	while (cti_dtmf_rx_next_event(s->rx, &ev) == 1)
		if (ev.type == CTI_DTMF_END) {
			size_t l = strlen(s->heard);

			if (l + 1 < sizeof(s->heard))
				s->heard[l] = ev.digit, s->heard[l + 1] = 0;
			printf("%llu DTMF %c chan=%d\n",
			       (unsigned long long)(mono_ms() - s->t0),
			       ev.digit, chan);
			fflush(stdout);
		}
	if (s->dtmf && !s->keyed) {
		cti_dtmf_tx_put(s->tx, s->dtmf);
		s->keyed = true;
	}
	if (s->keyed) {
		int g = cti_dtmf_tx_linear(s->tx, lin, n);

		got = g > 0 ? (size_t)g : 0;
	}
	for (i = 0; i < n; i++)
		out[i] = i < got ? cti_alaw_encode(lin[i]) : 0xd5;
	if (!s->primed) {
		/* two blocks ahead, so a late wake-up never starves the
		 * channel's immediate transmit buffers (a gap would split a
		 * tone in two) */
		uint8_t idle[160];

		memset(idle, 0xd5, sizeof(idle));
		cti__r2_write(s->r, chan, idle, n);
		cti__r2_write(s->r, chan, idle, n);
		s->primed = true;
	}
	cti__r2_write(s->r, chan, out, n);
}

static const char *ev_name(int t)
{
	static const char *const n[] = {
		[CTI__R2_EV_IDLE] = "IDLE",
		[CTI__R2_EV_BLOCKED] = "BLOCKED",
		[CTI__R2_EV_OFFERED] = "OFFERED",
		[CTI__R2_EV_ACCEPTED] = "ACCEPTED",
		[CTI__R2_EV_ANSWERED] = "ANSWERED",
		[CTI__R2_EV_DISCONNECT] = "DISCONNECT",
		[CTI__R2_EV_END] = "END",
		[CTI__R2_EV_PROTO_ERROR] = "PROTO_ERROR",
		[CTI__R2_EV_ALARM] = "ALARM",
		[CTI__R2_EV_OS_ERROR] = "OS_ERROR",
	};
	return t > 0 && t <= CTI__R2_EV_OS_ERROR ? n[t] : "?";
}

static void hold_done(struct cti__timer *t, void *user)
{
	struct st *s = user;

	(void)t;
	printf("%llu CLEAR chan=%d\n", (unsigned long long)(mono_ms() - s->t0),
	       s->chan);
	cti__r2_hangup(s->r, s->chan, CTI_CAUSE_NORMAL_CLEARING);
}

static void on_ev(void *user, const struct cti__r2_ev *ev)
{
	struct st *s = user;

	printf("%llu %s chan=%d cause=%d",
	       (unsigned long long)(mono_ms() - s->t0), ev_name(ev->type),
	       ev->chan, ev->cause);
	if (ev->type == CTI__R2_EV_OFFERED)
		printf(" ani=%s%s dnis=%s category=%s", ev->ani,
		       ev->ani_restricted ? "(restricted)" : "", ev->dnis,
		       cti__r2_category_name(ev->category));
	if (ev->detail[0])
		printf(" (%s)", ev->detail);
	printf("\n");
	fflush(stdout);
	switch (ev->type) {
	case CTI__R2_EV_OFFERED:
		if (s->refuse)
			cti__r2_hangup(s->r, ev->chan, s->refuse);
		else
			cti__r2_accept(s->r, ev->chan);
		break;
	case CTI__R2_EV_ACCEPTED: {
		struct cti__r2_chan_info ci;

		/* the called side answers; openr2 reports ANSWERED only to
		 * the caller */
		if (!cti__r2_chan_info(s->r, ev->chan, &ci) && !ci.forward &&
		    !cti__r2_answer(s->r, ev->chan) && s->hold_ms > 0)
			cti__timer_arm(s->ctx, &s->hold,
				       (uint64_t)s->hold_ms * 1000);
		break;
	}
	case CTI__R2_EV_ANSWERED:
		s->answered_ms = mono_ms();
		if (s->hold_ms > 0)
			cti__timer_arm(s->ctx, &s->hold,
				       (uint64_t)s->hold_ms * 1000);
		break;
	case CTI__R2_EV_DISCONNECT:
		cti__r2_hangup(s->r, ev->chan, CTI_CAUSE_NORMAL_CLEARING);
		break;
	case CTI__R2_EV_END:
		s->done = true;
		break;
	case CTI__R2_EV_PROTO_ERROR:
	case CTI__R2_EV_OS_ERROR:
		s->done = true;
		s->rc = 1;
		s->errors++;
		break;
	default:
		break;
	}
}

static void run_for(struct st *s, uint64_t until_ms)
{
	while (!s->done && mono_ms() < until_ms) {
		struct pollfd p = { .fd = cti_ctx_fd(s->ctx),
				    .events = POLLIN };
		int to = cti_ctx_timeout_ms(s->ctx);

		if (to < 0 || to > 100)
			to = 100;
		poll(&p, 1, to);
		cti_ctx_process(s->ctx);
	}
}

int main(int argc, char **argv)
{
	struct cti__r2_cfg cfg = { 0 };
	struct st s = { 0 };
	char why[256] = "", *call = NULL;
	int o, secs = 30, block_ms = 0, rc, ncalls = 1, nlat = 0;
	static uint64_t lat[1000];
	struct cti_ctx_config cc = { 0 };

	s.t0 = mono_ms();
	while ((o = getopt(argc, argv, "v:d:a:fc:r:H:B:t:D:n:x")) != -1) {
		switch (o) {
		case 'v':
			cfg.variant = optarg;
			break;
		case 'd':
			cfg.max_dnis = atoi(optarg);
			break;
		case 'a':
			cfg.max_ani = atoi(optarg);
			break;
		case 'f':
			cfg.ani_first = true;
			break;
		case 'c':
			call = optarg;
			break;
		case 'r':
			s.refuse = atoi(optarg);
			break;
		case 'H':
			s.hold_ms = atoi(optarg);
			break;
		case 'B':
			block_ms = atoi(optarg);
			break;
		case 't':
			secs = atoi(optarg);
			break;
		case 'D':
			s.dtmf = optarg;
			break;
		case 'n':
			ncalls = atoi(optarg);
			if (ncalls < 1 || ncalls > 1000)
				ncalls = 1;
			break;
		case 'x':
			cfg.log_level = CTI_LOG_DEBUG;
			cc.log_level = CTI_LOG_DEBUG;
			break;
		default:
			fprintf(stderr,
				"r2_call: bad option (see the source's header)\n");
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: r2_call [options] CHAN\n");
		return 2;
	}
	s.chan = atoi(argv[optind]);
	cfg.chans[0] = s.chan;
	cfg.nchans = 1;
	cfg.charge = true;
	if (cti_ctx_new(&s.ctx, &cc))
		return 2;
	cti__timer_init(&s.hold, hold_done, &s);
	if (cti_dtmf_tx_init(&s.tx, &s.txm, NULL) ||
	    cti_dtmf_rx_init(&s.rx, &s.rxm, NULL))
		return 2;
	rc = cti__r2_new(s.ctx, &cfg, on_ev, &s, &s.r, why, sizeof(why));
	if (rc) {
		fprintf(stderr, "r2_call: %s (%s)\n", why, cti_strerror(rc));
		cti_ctx_free(s.ctx);
		return 2;
	}
	cti__r2_set_audio(s.r, on_audio, &s);
	printf("0 OPEN chan=%d variant=%s\n", s.chan,
	       cti__r2_variant_name(cti__r2_variant(s.r)));
	fflush(stdout);
	run_for(&s, mono_ms() + 1500); /* the far end's line state */
	if (block_ms) {
		rc = cti__r2_block(s.r, s.chan, true);
		printf("%llu BLOCK rc=%d\n",
		       (unsigned long long)(mono_ms() - s.t0), rc);
		fflush(stdout);
		run_for(&s, mono_ms() + (uint64_t)block_ms);
		rc = cti__r2_block(s.r, s.chan, false);
		printf("%llu UNBLOCK rc=%d\n",
		       (unsigned long long)(mono_ms() - s.t0), rc);
		fflush(stdout);
	}
	for (int k = 0; k < ncalls; k++) {
		uint64_t dial_ms = mono_ms();

		s.done = false;
		s.answered_ms = 0;
		s.keyed = s.primed = false;
		if (call) {
			char dnis[32] = "", ani[32] = "", cat[32] = "national";
			int c;

			sscanf(call, "%31[0-9],%31[0-9],%31s", dnis, ani, cat);
			c = cti__r2_category_parse(cat);
			rc = cti__r2_make_call(s.r, s.chan, ani, dnis,
					       c < 0 ? 0 : c);
			printf("%llu DIAL rc=%d dnis=%s ani=%s category=%s\n",
			       (unsigned long long)(dial_ms - s.t0), rc, dnis,
			       ani, cat);
			fflush(stdout);
			if (rc < 0) {
				s.rc = 1;
				break;
			}
		}
		run_for(&s, s.t0 + (uint64_t)secs * 1000);
		if (!s.done) {
			s.rc = 3;
			break;
		}
		if (s.answered_ms && nlat < 1000)
			lat[nlat++] = s.answered_ms - dial_ms;
		if (k + 1 < ncalls) { /* the line back to idle */
			s.done = false;
			run_for(&s, mono_ms() + 300);
		}
	}
	if (call && ncalls > 1) {
		/* insertion sort: at most a few hundred */
		for (int i = 1; i < nlat; i++)
			for (int j = i; j > 0 && lat[j - 1] > lat[j]; j--) {
				uint64_t t = lat[j];

				lat[j] = lat[j - 1];
				lat[j - 1] = t;
			}
		printf("LOAD calls=%d answered=%d asr=%d%% p50_ms=%llu "
		       "p90_ms=%llu max_ms=%llu errors=%d\n",
		       ncalls, nlat, ncalls ? nlat * 100 / ncalls : 0,
		       (unsigned long long)(nlat ? lat[nlat / 2] : 0),
		       (unsigned long long)(nlat ? lat[(nlat * 9) / 10 < nlat
							       ? (nlat * 9) / 10
							       : nlat - 1]
						 : 0),
		       (unsigned long long)(nlat ? lat[nlat - 1] : 0),
		       s.errors);
	}
	/* let the line settle to idle before closing */
	s.done = false;
	run_for(&s, mono_ms() + 300);
	cti__r2_free(s.r);
	cti_ctx_free(s.ctx);
	if (s.heard[0])
		printf("HEARD %s\n", s.heard);
	return s.rc;
}
