/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cti-call: shared state of the commands (tool-internal). */
#ifndef CTI_CALL_TOOL_H
#define CTI_CALL_TOOL_H

#include <stdbool.h>
#include <stdint.h>

#include "cti/cti.h"

#include "../common/tool.h"

struct opts {
	bool json;
	bool loop;         /* SPAN is "loop": in-process pair, peer answers */
	bool virtual_time; /* loop only: run on the virtual clock */
	uint32_t type;     /* enum cti_span_type */
	uint32_t side;     /* our side; a loop peer takes the other */
	uint32_t switchtype;
	uint32_t law;
	int dahdi_span;
	const char *number;   /* dial: called number */
	const char *from;     /* calling number */
	const char *dtmf;     /* dial: digits to send once connected */
	double hold_s;        /* dial: seconds connected before clearing */
	double dtmf_delay_s;  /* dial: seconds after the answer before --dtmf */
	double timeout_s;     /* D channel up / answer wait */
	double ring_s;        /* answer: ringing before answering */
	bool tone;            /* answer: send a test tone instead of echo */
	int calls;            /* answer/load: number of calls */
	double rate;          /* load: calls per second */
	double duration_s;    /* load: seconds each call stays up (-1: unset) */
	int verbose;
	const char *pcap;     /* --pcap: D-channel capture file */
	/* signalling: -1 read from the DAHDI span's configuration */
	int signalling;       /* enum cti_signalling or -1 */
	bool side_set;        /* --side given (a PRI option) */
	int r2_variant;       /* enum cti_r2_variant (China) */
	int r2_category;      /* enum cti_r2_category (0: national) */
	int r2_max_dnis;      /* 0: libcti's 4 */
	int r2_max_ani;       /* -1: libcti's 20; 0: ask for no ANI */
	int refuse;           /* answer: refuse calls with this cause (0: no) */
	bool hold_set;        /* --hold given */
};

/* One call being answered: its DTMF receiver hears what the caller keys. */
struct answer_call {
	struct answerer *a;
	cti_call_id_t id;
	cti_dtmf_rx_t *rx;
	char digits[64];
	double tone_phase;
	struct answer_call *next;
};

struct answerer {
	cti_span_id_t span;
	int refuse;        /* Q.850 cause to refuse calls with, 0: answer */
	const char *dtmf;  /* answer: DTMF to key once connected */
	double hold_s;     /* answer: clear after this long connected (0: no) */
	bool tone;
	double ring_s;
	int max_calls;     /* 0: forever */
	int answered;
	int ended;
	bool print;        /* print each call's events */
	bool json;
	struct answer_call *calls;
	char last_digits[64]; /* DTMF heard on the last call that ended */
};

struct tool {
	cti_ctx_t *ctx;
	const struct opts *o;
	cti_span_id_t span;      /* ours */
	cti_span_id_t peer_span; /* loop only */
	bool span_up;
	struct answerer peer;    /* loop: answers on peer_span */
	void *cmd;               /* the command's own state */
	void (*on_event)(struct tool *t, const struct cti_event *ev);
	/* Ctrl-C (SIGINT) or SIGTERM: the command ends its calls itself
	 * (NULL: stop at once); a second signal stops at once */
	void (*on_interrupt)(struct tool *t);
	bool interrupted;
	int exit_code;
};

/* Seconds since the context started (its clock). */
double tool_now_s(const struct tool *t);

/* Print one event as a line (not under --json). */
void print_event(const struct tool *t, const struct cti_event *ev,
		 const char *who);

/* Answering side: alert, answer after ring_s, echo or tone; counts. */
void answerer_init(struct answerer *a, cti_span_id_t span,
		   const struct opts *o);
/* Handle ev if it belongs to the answerer's span; true if it did. */
bool answerer_event(struct tool *t, struct answerer *a,
		    const struct cti_event *ev);
/* Free what calls still in progress hold. */
/* Free the answerer's per-call state; calls still up lose their audio
 * callback first (they may outlive it while the tool drains). */
void answerer_release(cti_ctx_t *ctx, struct answerer *a);

/* --pcap: start capturing our span's D channel; 0 or the error (said). */
int capture_start(struct tool *t);

int cmd_dial(struct tool *t);
int cmd_answer(struct tool *t);
int cmd_load(struct tool *t);

#endif
