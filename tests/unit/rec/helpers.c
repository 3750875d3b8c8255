// SPDX-License-Identifier: LGPL-2.1-or-later
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"

struct tr_env tr;

int64_t tr_clock(void *user)
{
	(void)user;
	return tr.now;
}

static void gen(const char *prefix, uint32_t kind)
{
	ck_assert_int_eq(cti_rec_keygen(prefix, kind, NULL), 0);
}

void tr_setup(void)
{
	char p[280];

	strcpy(tr.dir, "/tmp/cti-rec-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tr.dir));
	snprintf(tr.rec, sizeof(tr.rec), "%s/rec", tr.dir);
	snprintf(p, sizeof(p), "%s/sign", tr.dir);
	gen(p, CTI_REC_KEY_SIGNING);
	snprintf(tr.sign, sizeof(tr.sign), "%s.key", p);
	snprintf(tr.sign_pub, sizeof(tr.sign_pub), "%s.pub", p);
	snprintf(p, sizeof(p), "%s/alice", tr.dir);
	gen(p, CTI_REC_KEY_RECIPIENT);
	snprintf(tr.alice, sizeof(tr.alice), "%s.key", p);
	snprintf(tr.alice_pub, sizeof(tr.alice_pub), "%s.pub", p);
	snprintf(p, sizeof(p), "%s/bob", tr.dir);
	gen(p, CTI_REC_KEY_RECIPIENT);
	snprintf(tr.bob, sizeof(tr.bob), "%s.key", p);
	snprintf(tr.bob_pub, sizeof(tr.bob_pub), "%s.pub", p);
	snprintf(p, sizeof(p), "%s/eve", tr.dir);
	gen(p, CTI_REC_KEY_RECIPIENT);
	snprintf(tr.eve, sizeof(tr.eve), "%s.key", p);
	tr.now = TR_T0;
}

void tr_teardown(void)
{
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tr.dir);
	ck_assert_int_eq(system(cmd), 0);
}

cti_rec_t *tr_open(const char *const *recipients, unsigned n, uint32_t sync)
{
	struct cti_rec_config cfg = {
		.signing_key = tr.sign,
		.recipients = recipients,
		.n_recipients = n,
		.sync = sync,
		.clock_epoch_ms = tr_clock,
	};
	cti_rec_t *r;

	ck_assert_int_eq(cti_rec_open(&r, tr.rec, &cfg), 0);
	return r;
}

int16_t tr_tone(double freq, double amp, uint64_t i)
{
	return (int16_t)lrint(amp * sin(2 * M_PI * freq * (double)i / 8000.0));
}

void tr_record(cti_rec_t *r, double secs, char *rel, size_t cap)
{
	struct cti_rec_meta m = { .call_id = 42, .start_epoch_ms = tr.now };
	struct cti_rec_info info;
	cti_rec_call_t *c;
	uint64_t pos, total = (uint64_t)(secs * 8000);

	strcpy(m.ani, "13800138000");
	strcpy(m.dnis, "95588");
	strcpy(m.agent, "agent-7");
	strcpy(m.queue, "trading");
	strcpy(m.account, "A-1001");
	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0);
	for (pos = 0; pos < total; pos += 160) {
		uint8_t a[160], b[160];
		struct cti_rec_frame f = { .pos = pos,
					   .n = 160,
					   .fmt = CTI_PCM_ALAW };
		int i;

		for (i = 0; i < 160; i++) {
			a[i] = cti_alaw_encode(tr_tone(697, 8000, pos + i));
			b[i] = cti_alaw_encode(tr_tone(1209, 8000, pos + i));
		}
		f.role = CTI_REC_CALLER;
		f.dir = CTI_REC_FROM_PARTY;
		f.samples = a;
		ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
		f.dir = CTI_REC_TO_PARTY;
		f.samples = b;
		ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
	}
	tr.now += (int64_t)(secs * 1000);
	ck_assert_int_eq(cti_rec_call_stop(c, &info), 0);
	if (rel) {
		char day[16];
		time_t t = (time_t)(m.start_epoch_ms / 1000);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		snprintf(rel, cap, "%s/%s.ctr", day, info.id);
	}
}

struct dec {
	int16_t *pcm;
	uint64_t frames, cap;
	uint32_t ch;
};

static int dec_cb(void *user, uint64_t pos, const int16_t *frames, uint32_t n,
		  uint32_t channels, uint32_t flags)
{
	struct dec *d = user;

	(void)flags;
	d->ch = channels;
	if (pos + n > d->cap) {
		uint64_t cap = (pos + n) * 2;

		d->pcm = realloc(d->pcm, cap * channels * sizeof(int16_t));
		ck_assert_ptr_nonnull(d->pcm);
		memset(d->pcm + d->cap * channels, 0,
		       (cap - d->cap) * channels * sizeof(int16_t));
		d->cap = cap;
	}
	memcpy(d->pcm + pos * channels, frames,
	       (size_t)n * channels * sizeof(int16_t));
	d->frames = pos + n;
	return 0;
}

int tr_decode(const char *path, const char *key, int16_t **pcm,
	      uint64_t *frames, uint32_t *channels)
{
	const char *keys[1] = { key };
	struct cti_rec_read_config cfg = { .keys = keys,
					   .n_keys = key ? 1 : 0 };
	struct dec d = { 0 };
	char why[300];
	int rc = cti_rec_read(path, dec_cb, &d, why, sizeof(why), &cfg);

	*pcm = d.pcm;
	*frames = d.frames;
	if (channels)
		*channels = d.ch;
	return rc;
}

struct vlog {
	int *kinds;
	char *log;
	size_t cap, len;
};

static int vcb(void *user, const struct cti_rec_finding *f)
{
	struct vlog *v = user;
	int n;

	ck_assert_uint_lt(f->problem, 24);
	v->kinds[f->problem]++;
	n = snprintf(v->log + v->len, v->cap - v->len, "%s %s %s\n",
		     cti_rec_problem_name((int)f->problem), f->file, f->text);
	if (n > 0 && v->len + (size_t)n < v->cap)
		v->len += (size_t)n;
	return 0;
}

int tr_verify(const char *key, int kinds[24], char *log, size_t cap)
{
	const char *signers[1] = { tr.sign_pub };
	const char *keys[1] = { key };
	struct cti_rec_verify_config cfg = {
		.signers = signers,
		.n_signers = 1,
		.keys = keys,
		.n_keys = key ? 1 : 0,
	};
	struct vlog v = { kinds, log, cap, 0 };

	memset(kinds, 0, 24 * sizeof(int));
	log[0] = '\0';
	return cti_rec_verify(tr.rec, vcb, &v, &cfg);
}

uint8_t *tr_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long n;

	ck_assert_msg(f != NULL, "open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

void tr_spit(const char *path, const uint8_t *p, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, len, f), len);
	fclose(f);
}
