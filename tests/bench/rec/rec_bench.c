// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Recording benchmark (make bench B=rec): what recording costs per call.
 *
 *  - CPU per call-second: 1,920 stereo G.711 recordings at once, 10 s
 *    each, fed as the call-centre engine would (20 ms frames of both
 *    directions of the caller's leg, every call in turn each tick),
 *    measured with getrusage (user + system) of the whole process;
 *  - simultaneous stereo recordings one core sustains, and the share of
 *    one core 1,920 take (the goal: under 10%);
 *  - CPU of a recording's start and stop (key wrapping, ledger entries);
 *  - bytes per call-minute;
 *  - the chunk cipher against OpenSSL's own figure, `openssl speed -evp
 *    aes-256-gcm` on 16 KiB blocks, measured in the same run;
 *  - the fdatasync per chunk (CTI_REC_SYNC_CHUNK) on this disk.
 * The CPU figures use CTI_REC_SYNC_NONE: fsync is the disk's time, not
 * the CPU's, and is reported on its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cti/dsp.h"
#include "cti/rec.h"
#include "rec/crypto.h"
#include "rec/rec.h"

#define CALLS 1920
#define SECS  10

static char dir[64], sign[96], rcpt[96];

static double cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static cti_rec_t *open_rec(uint32_t sync)
{
	const char *rc[] = { rcpt };
	struct cti_rec_config cfg = { .signing_key = sign,
				      .recipients = rc,
				      .n_recipients = 1,
				      .sync = sync };
	char d[128];
	cti_rec_t *r;

	snprintf(d, sizeof(d), "%s/rec", dir);
	if (cti_rec_open(&r, d, &cfg)) {
		fprintf(stderr, "rec_bench: cannot open the recorder\n");
		exit(1);
	}
	return r;
}

/* OpenSSL's own AES-256-GCM figure (bytes/s on 16 KiB, per CPU second
 * as openssl speed counts by default), 0 if absent. */
static double openssl_speed(void)
{
	FILE *p = popen("openssl speed -evp aes-256-gcm -seconds 2 -bytes "
			"16384 2>/dev/null",
			"r");
	char line[256];
	double v = 0;

	if (!p)
		return 0;
	while (fgets(line, sizeof(line), p))
		if (!strncasecmp(line, "aes-256-gcm", 11) &&
		    sscanf(line + 11, "%lfk", &v) == 1)
			v *= 1000;
	pclose(p);
	return v;
}

/* The same through lib/rec's wrapper, one sealed chunk (nonce, update,
 * tag) per 16 KiB, per CPU second too: the machine may be shared. */
static double our_gcm(void)
{
	static uint8_t buf[16384 + 16];
	uint8_t key[32] = { 1 }, nonce[12] = { 0 }, tag[16];
	struct cti__gcm g;
	double t0 = cpu_s(), t;
	uint64_t n = 0;

	cti__gcm_init(&g, key);
	do {
		for (int i = 0; i < 256; i++, n++) {
			memcpy(nonce, &n, sizeof(n));
			cti__gcm_seal(&g, nonce, NULL, 0, buf, 16384, buf, tag);
		}
		t = cpu_s() - t0;
	} while (t < 2.0);
	cti__gcm_free(&g);
	return (double)n * 16384 / t;
}

int main(void)
{
	static cti_rec_call_t *calls[CALLS];
	uint8_t a[160], b[160];
	struct cti_rec_info info;
	struct cti_rec_meta m = { .call_id = 1 };
	char cmd[200], pre[80];
	double c0, c1, c2, c3, w0, w1, ref, ours;
	uint64_t pos, bytes = 0;
	cti_rec_t *r;
	int i;

	strcpy(dir, "/tmp/cti-rec-bench-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	snprintf(pre, sizeof(pre), "%s/sign", dir);
	cti_rec_keygen(pre, CTI_REC_KEY_SIGNING, NULL);
	snprintf(sign, sizeof(sign), "%s.key", pre);
	snprintf(pre, sizeof(pre), "%s/cco", dir);
	cti_rec_keygen(pre, CTI_REC_KEY_RECIPIENT, NULL);
	snprintf(rcpt, sizeof(rcpt), "%s.pub", pre);
	for (i = 0; i < 160; i++) {
		a[i] = cti_alaw_encode((int16_t)(i * 97 - 8000));
		b[i] = cti_alaw_encode((int16_t)(4000 - i * 53));
	}

	ref = openssl_speed();
	ours = our_gcm();

	r = open_rec(CTI_REC_SYNC_NONE);
	c0 = cpu_s();
	for (i = 0; i < CALLS; i++) {
		m.call_id = (uint64_t)i + 1;
		if (cti_rec_start(r, &calls[i], &m)) {
			fprintf(stderr, "rec_bench: start %d failed\n", i);
			return 1;
		}
	}
	c1 = cpu_s();
	w0 = wall_s();
	for (pos = 0; pos < SECS * 8000; pos += 160) {
		for (i = 0; i < CALLS; i++) {
			struct cti_rec_frame f = { .pos = pos,
						   .n = 160,
						   .fmt = CTI_PCM_ALAW,
						   .role = CTI_REC_CALLER,
						   .dir = CTI_REC_FROM_PARTY,
						   .samples = a };

			cti_rec_call_tap(calls[i], &f);
			f.dir = CTI_REC_TO_PARTY;
			f.samples = b;
			cti_rec_call_tap(calls[i], &f);
		}
	}
	w1 = wall_s();
	c2 = cpu_s();
	for (i = 0; i < CALLS; i++) {
		cti_rec_call_stop(calls[i], &info);
		bytes += info.bytes;
	}
	c3 = cpu_s();
	cti_rec_close(r);

	/* steady state: taps, chunk sealing and writing */
	double per_cs = (c2 - c1) / ((double)CALLS * SECS);
	/* per recording: wrap the data key, the header, two signed ledger
	 * entries, the last chunks and the final one, the rename */
	double per_call = ((c1 - c0) + (c3 - c2)) / CALLS;
	/* a call of 3 minutes, the call centre's usual order of length */
	double with_ends = per_cs + per_call / 180.0;
	double share = CALLS * with_ends * 100;

	printf("recording: %d stereo G.711 calls at once, %d s each, 20 ms "
	       "frames of both directions\n",
	       CALLS, SECS);
	printf("  CPU per call-second        %8.1f us  (user+system, steady "
	       "state; %d s of audio fed in %.1f s wall)\n",
	       per_cs * 1e6, SECS, w1 - w0);
	printf("  CPU per recording          %8.2f ms  (start + stop: key "
	       "wrap, header, 2 signed ledger entries)\n",
	       per_call * 1e3);
	printf("  CPU per call-second, 3-min calls %5.1f us\n",
	       with_ends * 1e6);
	printf("  stereo recordings per core %8.0f\n", 1.0 / with_ends);
	printf("  1,920 recordings take      %8.2f %% of one core  (goal: "
	       "under 10 %%: %s)\n",
	       share, share < 10 ? "met" : "NOT met");
	printf("  bytes per call-minute      %8.0f  (%.0f per call-second: "
	       "16,000 of audio + chunk framing)\n",
	       (double)bytes / (CALLS * SECS) * 60,
	       (double)bytes / (CALLS * SECS));

	/* verifying what was just recorded: keyless, then with the key */
	{
		char d[128], key[96];
		const char *keys[1] = { key };
		struct cti_rec_verify_config vc = { 0 };
		double v0, v1, v2;
		int n1, n2;

		snprintf(d, sizeof(d), "%s/rec", dir);
		snprintf(key, sizeof(key), "%s/cco.key", dir);
		v0 = cpu_s();
		n1 = cti_rec_verify(d, NULL, NULL, &vc);
		v1 = cpu_s();
		vc.keys = keys;
		vc.n_keys = 1;
		n2 = cti_rec_verify(d, NULL, NULL, &vc);
		v2 = cpu_s();
		printf("verify %d recordings (%.0f MB): %.0f recordings/s, "
		       "%.0f MB/s keyless; %.0f MB/s decrypting (problems: "
		       "%d, %d)\n",
		       CALLS, (double)bytes / 1e6, CALLS / (v1 - v0),
		       (double)bytes / 1e6 / (v1 - v0),
		       (double)bytes / 1e6 / (v2 - v1), n1, n2);
	}

	printf("chunk cipher, AES-256-GCM on 16 KiB:\n");
	printf("  libcti (cti__gcm_seal)     %8.0f MB/s\n", ours / 1e6);
	if (ref > 0)
		printf("  openssl speed -evp         %8.0f MB/s   ratio "
		       "libcti/openssl %.2f\n",
		       ref / 1e6, ours / ref);
	else
		printf("  openssl speed: not available\n");

	/* fdatasync per chunk, one recording, 20 chunks of 100 ms */
	{
		const char *rc[] = { rcpt };
		struct cti_rec_config cfg = { .signing_key = sign,
					      .recipients = rc,
					      .n_recipients = 1,
					      .chunk_ms = 100,
					      .sync = CTI_REC_SYNC_CHUNK };
		char d[128];
		cti_rec_call_t *c;
		double t0;

		snprintf(d, sizeof(d), "%s/sync", dir);
		if (!cti_rec_open(&r, d, &cfg) && !cti_rec_start(r, &c, &m)) {
			t0 = wall_s();
			for (pos = 0; pos < 22 * 800; pos += 160) {
				struct cti_rec_frame f = {
					.pos = pos,
					.n = 160,
					.fmt = CTI_PCM_ALAW,
					.role = CTI_REC_CALLER,
					.dir = CTI_REC_FROM_PARTY,
					.samples = a
				};
				cti_rec_call_tap(c, &f);
			}
			struct cti__flusher_stats st;
			double tap_ms = (wall_s() - t0) / 20 * 1e3;

			cti__flusher_wait(r->flusher);
			cti__flusher_stats(r->flusher, &st);
			printf("fsync policy CTI_REC_SYNC_CHUNK: %.3f ms wall per "
			       "chunk on the writer's thread; the sync thread: "
			       "%llu fdatasyncs, %.2f ms mean, %.2f ms max on "
			       "this disk\n",
			       tap_ms, (unsigned long long)st.synced,
			       st.synced ? st.total_ns / 1e6 / st.synced : 0,
			       st.max_ns / 1e6);
			cti_rec_call_stop(c, NULL);
			cti_rec_close(r);
		}
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) ? 1 : 0;
}
