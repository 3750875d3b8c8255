// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/ctx.h" /* the virtual clock, moved without its timers */
#include "fixture.h"

struct fx F;
cti_rec_t *fx_recorder;
const cti_rec_policy_t *fx_rec_policy;
cti_store_t *fx_store;
uint32_t fx_center_flags;
uint32_t fx_phone_retry_ms;
int64_t fx_epoch_ms;
void (*fx_log_hook)(const char *module, const char *msg);

static void on_audio(cti_ctx_t *ctx, cti_call_id_t id, const void *rxv,
		     void *txv, size_t n, void *user)
{
	struct fx_audio *a = user;
	const int16_t *rx = rxv;
	int16_t *tx = txv;

	(void)ctx;
	(void)id;
	memmove(a->heard[0], a->heard[1],
		sizeof(a->heard) - sizeof(a->heard[0]));
	memcpy(a->heard[399], rx, n * sizeof(*rx));
	a->n_heard++;
	if (a->level)
		for (size_t k = 0; k < n; k++)
			tx[k] = fx_pattern(a->level, a->sent, (int)k);
	a->sent++;
}

int16_t fx_pattern(int16_t lvl, uint32_t b, int k)
{
	/* a different value in every sample of every block */
	return (int16_t)(lvl + (int)((b * 7 + (uint32_t)k * 13) % 64) * 16);
}

int16_t fx_law(int16_t s)
{
	return cti_alaw_decode(cti_alaw_encode(s));
}

struct fx_audio *fx_audio(cti_call_id_t id, int16_t level)
{
	for (size_t i = 0; i < 8; i++)
		if (!F.au[i].id) {
			F.au[i].id = id;
			F.au[i].level = level;
			ck_assert_int_eq(cti_call_set_audio(F.ctx, id,
							    CTI_AUDIO_LINEAR16,
							    on_audio, &F.au[i]),
					 0);
			return &F.au[i];
		}
	ck_abort_msg("too many audio legs");
	return NULL;
}

static void drain(void)
{
	while (F.nc < MAX_EV && cti_center_next_event(F.cc, &F.cev[F.nc]) > 0) {
		if (getenv("CTI_TEST_LOG"))
			fprintf(stderr, "%8llu CENTER %s call %u %s %s %s\n",
				(unsigned long long)F.cev[F.nc].time_ms,
				cti_center_event_name((int)F.cev[F.nc].type),
				F.cev[F.nc].call, F.cev[F.nc].queue,
				F.cev[F.nc].agent, F.cev[F.nc].name);
		F.nc++;
	}
}

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	(void)ctx;
	(void)u;
	if (cti_center_handle_event(F.cc, ev) == 0) {
		ck_assert_int_lt(F.n, MAX_EV);
		F.ev[F.n++] = *ev;
		if (getenv("CTI_TEST_LOG"))
			fprintf(stderr, "%8llu TEST %s call %u span %u\n",
				(unsigned long long)(ev->time_ms),
				cti_event_name((int)ev->type),
				ev->u.call.call_id, ev->u.call.span_id);
	}
	drain();
}

static void quiet(void *u, int level, const char *m, const char *msg)
{
	(void)u;
	if (fx_log_hook)
		fx_log_hook(m, msg);
	if (getenv("CTI_TEST_LOG"))
		fprintf(stderr, "%d %s: %s\n", level, m, msg);
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
	const char *dir =
		getenv("CTI_PROMPTS") ? getenv("CTI_PROMPTS") : "build/prompts";
	/* 2026-12-01 (a Tuesday) 09:00 in UTC+8 at time 0 */
	struct cti_center_config ccfg = { .epoch_ms_at_zero = 1796086800000LL,
					  .utc_offset_min = 480,
					  .interval_ms = 15 * 60 * 1000 };
	struct cti_center_trunk_config t = { .name = "pstn",
					     .kind = CTI_CENTER_TRUNK_NETWORK,
					     .n_spans = 1 };
	struct cti_center_extension_config x = { .trunk = "phones" };
	char num[16];

	memset(&F, 0, sizeof(F));
	if (getenv("CTI_TEST_LOG") || fx_log_hook)
		cfg.log_level = CTI_LOG_DEBUG;
	ck_assert_int_eq(cti_ctx_new(&F.ctx, &cfg), 0);
	cti_ctx_set_event_cb(F.ctx, on_event, NULL);
	ck_assert_int_eq(cti_prompts_new(&F.ps, NULL), 0);
	ck_assert_int_gt(cti_prompts_load_dir(F.ps, dir, NULL, 0), 100);
	ck_assert_int_eq(
		cti_span_open_loop(F.ctx, &F.pstn, &F.trunk, &net, &cpe, &lc),
		0);
	ck_assert_int_eq(cti_span_open_loop(F.ctx, &F.station, &F.phones, &net,
					    &cpe, &lc),
			 0);
	ccfg.prompts = F.ps;
	ccfg.recorder = fx_recorder;
	ccfg.rec_policy = fx_rec_policy;
	ccfg.store = fx_store;
	ccfg.flags = fx_center_flags;
	ccfg.phone_retry_ms = fx_phone_retry_ms;
	if (fx_epoch_ms)
		ccfg.epoch_ms_at_zero = fx_epoch_ms;
	ck_assert_int_eq(cti_center_new(&F.cc, F.ctx, &ccfg), 0);
	fx_run(4000); /* the data links settle (lib/call) */
	t.spans = &F.trunk;
	ck_assert_int_eq(cti_center_trunk_add(F.cc, &t), 0);
	t.name = "phones";
	t.kind = CTI_CENTER_TRUNK_STATIONS;
	t.spans = &F.station;
	ck_assert_int_eq(cti_center_trunk_add(F.cc, &t), 0);
	for (int i = 1; i <= 4; i++) {
		snprintf(num, sizeof(num), "200%d", i);
		x.number = num;
		ck_assert_int_eq(cti_center_extension_add(F.cc, &x), 0);
	}
}

void fx_close(void)
{
	cti_center_free(F.cc);
	cti_ctx_free(F.ctx);
	cti_prompts_free(F.ps);
}

void fx_run(uint64_t ms)
{
	ck_assert_int_eq(cti_clock_advance(F.ctx, ms), 0);
	cti_ctx_process(F.ctx);
	drain();
}

void fx_run_late(uint64_t ms)
{
	/* the clock moves on but nothing runs until then: every timer due
	 * meanwhile (each pair's 20 ms tick among them) runs at this one
	 * instant, in the order they fell due, as a process woken late
	 * reads the blocks DAHDI queued for each channel */
	F.ctx->vnow_us += ms * 1000u;
	cti_ctx_process(F.ctx);
	drain();
}

int fx_cfind(int from, int type, uint32_t call)
{
	for (int i = from; i < F.nc; i++)
		if ((int)F.cev[i].type == type &&
		    (!call || F.cev[i].call == call))
			return i;
	return -1;
}

int fx_ccount(int type)
{
	int n = 0;

	for (int i = 0; i < F.nc; i++)
		n += (int)F.cev[i].type == type;
	return n;
}

int fx_find(int from, int type, cti_span_id_t span, cti_call_id_t call)
{
	for (int i = from; i < F.n; i++)
		if ((int)F.ev[i].type == type &&
		    F.ev[i].u.call.span_id == span &&
		    (!call || F.ev[i].u.call.call_id == call))
			return i;
	return -1;
}

cti_call_id_t fx_dial(const char *dnis, const char *ani)
{
	struct cti_call_params p = { .span = F.pstn };
	cti_call_id_t id = 0;

	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%s", dnis);
	snprintf(p.ani.digits, sizeof(p.ani.digits), "%s", ani);
	ck_assert_int_eq(cti_call_make(F.ctx, &id, &p), 0);
	return id;
}

cti_call_id_t fx_ringing(int from, const char *ext)
{
	for (int i = from; i < F.n; i++)
		if (F.ev[i].type == CTI_EVENT_CALL_OFFERED &&
		    F.ev[i].u.call.span_id == F.phones &&
		    !strcmp(F.ev[i].u.call.dnis.digits, ext))
			return F.ev[i].u.call.call_id;
	return 0;
}

void fx_queue(const char *name, int strategy, uint32_t ring_ms,
	      uint32_t wrap_ms)
{
	struct cti_center_queue_config q = { .acd = { .name = name } };

	q.acd.strategy = (enum cti_acd_strategy)strategy;
	q.acd.ring_ms = ring_ms;
	q.acd.wrap_up_ms = wrap_ms;
	ck_assert_int_eq(cti_center_queue_add(F.cc, &q), 0);
}

void fx_agent(const char *name, const char *ext, bool ready)
{
	ck_assert_int_eq(cti_center_agent_login(F.cc, name, ext, NULL, 0), 0);
	if (ready)
		ck_assert_int_eq(cti_center_agent_ready(F.cc, name), 0);
}

static bool hears_with(const struct fx_audio *y, struct fx_audio *const *src,
		       int n, int blocks, const uint32_t *lag)
{
	for (int b = 0; b < blocks; b++)
		for (int k = 0; k < 160; k++) {
			int32_t sum = 0;

			for (int i = 0; i < n; i++)
				sum += fx_law(fx_pattern(
					src[i]->level,
					src[i]->sent - 1 - lag[i] - (uint32_t)b,
					k));
			sum = sum > 32767 ? 32767 : sum < -32768 ? -32768 : sum;
			if (y->heard[399 - b][k] != fx_law((int16_t)sum))
				return false;
		}
	return true;
}

bool fx_hears(const struct fx_audio *y, struct fx_audio *const *src, int n,
	      int blocks)
{
	uint32_t lag[4] = { 0 };
	int combos = 1;

	ck_assert_int_le(n, 4);
	for (int i = 0; i < n; i++)
		combos *= 7;
	for (int m = 0; m < combos; m++) {
		int v = m;

		for (int i = 0; i < n; i++, v /= 7)
			lag[i] = (uint32_t)(v % 7);
		if (hears_with(y, src, n, blocks, lag))
			return true;
	}
	return false;
}

void fx_db_make(char *db, size_t cap, const char *prefix)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/%s_XXXXXX", prefix);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	unlink(path);
	snprintf(db, cap, "%s.db", path);
}

void fx_db_drop(const char *db)
{
	char side[80];

	unlink(db);
	snprintf(side, sizeof(side), "%s-wal", db);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db);
	unlink(side);
}
