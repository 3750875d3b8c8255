// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * capture: what a D-channel capture costs (lib/pri/capture.c): wall time
 * per frame written (one write(2) each, as the library does), for frames
 * of an RR (4 octets with the FCS), a typical SETUP (32) and a long I
 * frame (260), into a file in $TMPDIR (/tmp), against what a 64 kbit/s
 * D channel can carry at most: RR frames back to back, 7 octets each with
 * their FCS and one flag, 64000 / 56 = 1143 frames/s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pri/capture.h"

#define FRAMES 200000

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bench(cti_ctx_t *ctx, const char *path, int len)
{
	struct cti__capture *c;
	uint8_t frame[260] = { 0x02, 0x01, 0x00, 0x00 };
	double t0, dt;

	if (cti__capture_open(&c, ctx, path, true, "bench"))
		return -1;
	t0 = now_s();
	for (int i = 0; i < FRAMES; i++)
		if (cti__capture_frame(c, cti__capture_now_us(ctx),
				       CTI__CAPTURE_TX, frame, len))
			return -1;
	dt = now_s() - t0;
	cti__capture_close(c);
	printf("capture: %3d-octet frames: %.2f us per frame, %.0f frames/s "
	       "(a D channel: <= 1143/s)\n",
	       len, dt / FRAMES * 1e6, FRAMES / dt);
	return 0;
}

int main(void)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	static const int lens[] = { 4, 32, 260 };
	char path[256];
	cti_ctx_t *ctx;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/cti-capture-bench-%d.pcap", tmp,
		 (int)getpid());
	if (cti_ctx_new(&ctx, NULL))
		return 1;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]) && !rc; i++)
		rc = bench(ctx, path, lens[i]);
	unlink(path);
	cti_ctx_free(ctx);
	if (rc)
		fprintf(stderr, "capture: cannot write %s\n", path);
	return rc ? 1 : 0;
}
