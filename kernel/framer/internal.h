/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/* Shared between the framer's files; not API. */
#ifndef CF_INTERNAL_H
#define CF_INTERNAL_H

#include "framer/framer.h"

#define CF_DEF(d) (1u << (d))	/* bit of a pending defect */

/* E1 (e1_tx.c, e1_rx.c) */
void cf_e1_tx_frame(struct cf_port *p, const u8 *in, u8 *out);
unsigned int cf_e1_hunt(struct cf_port *p, const u8 *data, unsigned int pos,
			unsigned int n);
void cf_e1_rx_frame(struct cf_port *p);

/* T1 (t1_tx.c, t1_rx.c) */
void cf_t1_tx_frame(struct cf_port *p, const u8 *in, u8 *out,
		    unsigned int bitpos);
unsigned int cf_t1_hunt(struct cf_port *p, const u8 *data, unsigned int pos,
			unsigned int n);
void cf_t1_rx_frame(struct cf_port *p);

/* port.c */
void cf_rx_lose(struct cf_port *p);	/* loss of frame alignment */

/* elastic.c */
void cf_es_reset(struct cf_rx_state *rx);
void cf_es_put(struct cf_port *p, const u8 *frame);
void cf_es_read(struct cf_port *p, u8 (*frames)[CF_MAX_TS]);

/* alarm.c */
void cf_alarm_tick(struct cf_port *p);

/* prbs.c: payload octets in place */
void cf_prbs_tx(struct cf_port *p, u8 *ts, unsigned int n);
void cf_prbs_rx(struct cf_port *p, const u8 *ts, unsigned int n);

/* Payload timeslot mask of E1 with or without CAS: TS1..31 less TS16. */
static inline bool cf_e1_payload_ts(const struct cf_port *p, unsigned int ts)
{
	return ts && !(ts == 16 && p->cfg.cas);
}

#endif
