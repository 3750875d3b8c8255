/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A small centre on the loop backend under virtual time: one trunk pair
 * (the test plays the exchange on its network side) and one station pair
 * (the test plays the agents' phones on its user side). Every event of
 * the test's own side and every engine event is recorded. */
#ifndef CENTER_FIXTURE_H
#define CENTER_FIXTURE_H

#include "cti/cti.h"
#include "unit.h"

#define MAX_EV 8192

struct fx {
	cti_ctx_t *ctx;
	cti_center_t *cc;
	cti_prompts_t *ps;
	cti_span_id_t pstn, trunk;     /* exchange (test), centre trunk */
	cti_span_id_t station, phones; /* centre stations, phones (test) */
	struct cti_event ev[MAX_EV];   /* the test's side */
	int n;
	struct cti_center_event cev[MAX_EV]; /* the engine's */
	int nc;
	/* audio of the test's legs: what each sends, what it hears */
	struct fx_audio {
		cti_call_id_t id;
		int16_t level; /* send a pattern of this level, 0: quiet */
		uint32_t sent; /* blocks sent */
		int16_t heard[400][160]; /* the last 400 blocks heard */
		uint32_t n_heard;
	} au[8];
};

extern struct fx F;
/* set before fx_open(): the engine records into it per the policy */
extern cti_rec_t *fx_recorder;
extern const cti_rec_policy_t *fx_rec_policy;
/* set before fx_open(): the engine's store */
extern cti_store_t *fx_store;
/* set before fx_open(): the engine's flags (CTI_CENTER_ALIGN_INTERVALS)
 * and, if not 0, its epoch_ms_at_zero (else 09:00 UTC+8 on a Tuesday) */
extern uint32_t fx_center_flags;
/* set before fx_open(): the engine's phone_retry_ms (0: none) */
extern uint32_t fx_phone_retry_ms;
extern int64_t fx_epoch_ms;
/* set to see every log line of the library */
extern void (*fx_log_hook)(const char *module, const char *msg);

/* A fresh SQLite path /tmp/PREFIX_XXXXXX.db into db (not created), and
 * its removal with its -wal and -shm files. */
void fx_db_make(char *db, size_t cap, const char *prefix);
void fx_db_drop(const char *db);
void fx_open(void);
void fx_close(void);
void fx_run(uint64_t ms);
/* as fx_run, but late: time jumps by ms and everything due meanwhile
 * runs at once (blocks of every leg arrive in one burst) */
void fx_run_late(uint64_t ms);
/* the engine's event of `type` (for `call`, 0: any) at or after `from` */
int fx_cfind(int from, int type, uint32_t call);
int fx_ccount(int type);
/* the test side's event of `type` on `span` (for call 0: any) */
int fx_find(int from, int type, cti_span_id_t span, cti_call_id_t call);
cti_call_id_t fx_dial(const char *dnis, const char *ani);
/* the first call offered on the phones' span after `from` */
cti_call_id_t fx_ringing(int from, const char *ext);
/* record and send audio on one of the test's calls */
struct fx_audio *fx_audio(cti_call_id_t id, int16_t level);
/* the sample the pattern of level `lvl` sends as sample k of block b */
int16_t fx_pattern(int16_t lvl, uint32_t b, int k);
/* A-law there and back, what a sample becomes crossing a span */
int16_t fx_law(int16_t s);
/* y's last `blocks` blocks are exactly the A-law sum of what the n
 * sources sent (each with a constant lag of its own): who hears whom,
 * sample by sample. n 0: silence. */
bool fx_hears(const struct fx_audio *y, struct fx_audio *const *src, int n,
	      int blocks);
void fx_queue(const char *name, int strategy, uint32_t ring_ms,
	      uint32_t wrap_ms);
void fx_agent(const char *name, const char *ext, bool ready);

#endif
