/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Two framer ports wired back to back through two software lines. */
#ifndef FX_H
#define FX_H

#include "unit.h"
#include "framer/framer.h"
#include "framer/line.h"

struct fx {
	struct cf_port a, b;
	struct cf_line ab, ba;	/* a -> b, b -> a */
	struct cf_wire w;
	u8 tx[9][CF_MAX_TS];
	u8 rxa[8][CF_MAX_TS], rxb[8][CF_MAX_TS];
	u8 seq_a, seq_b;	/* payload sequence sent by a, b */
	u8 exp_b;		/* next sequence b should read */
	bool b_synced;
	u32 bad_b;		/* payload frames read by b out of sequence */
	u32 good_b;
	bool check;		/* check b's payload every tick */
	u32 ms;
};

struct fx *fx_new(const struct cf_config *c, u32 seed);
void fx_free(struct fx *x);
void fx_tick(struct fx *x);
void fx_run(struct fx *x, unsigned int ms);
/* Runs until both ports are in frame; returns the ms it took (or ~0u). */
unsigned int fx_align(struct fx *x, unsigned int max_ms);
/* Ticks until cond(port b) holds; returns the ms it took or ~0u. */
unsigned int fx_until_b(struct fx *x, unsigned int max_ms, u32 alarm_set,
			u32 alarm_clear);

extern const struct cf_config fx_e1, fx_e1_crc4, fx_e1_cas, fx_t1_d4,
	fx_t1_esf;

TCase *framer_linecode_tcase(void);
TCase *framer_crc_tcase(void);
TCase *framer_e1_tcase(void);
TCase *framer_t1_tcase(void);
TCase *framer_alarm_tcase(void);
TCase *framer_line_tcase(void);
TCase *framer_soak_tcase(void);

#endif
