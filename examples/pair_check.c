// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pair_check: check a cabled pair of spans end to end. Span A is the user
 * side, span B the network side; A calls B, B answers, each sends a known
 * octet pattern on the B-channel for two seconds, each checks that the
 * other's pattern arrives intact (allowing any constant delay), then A
 * clears and both must see the call cleared.
 *
 *   pair_check --dahdi A B [--t1]   two DAHDI spans cabled together
 *   pair_check --loop [--t1]        the in-process loop pair
 *
 * Exit status 0 when both directions carried the pattern bit-exact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cti/call.h"
#include "cti/ctx.h"
#include "cti/span.h"

#define SECONDS 2
#define MAXOCT	(SECONDS * 8000 + 8000)
#define NEED	4000 /* octets (0.5 s) that must match in a row */

struct end {
	const char *name;
	cti_span_id_t span;
	cti_call_id_t call;
	uint32_t sent, got;
	uint8_t rx[MAXOCT];
	uint8_t salt;
};

static struct end A = { .name = "A (user)", .salt = 0x11 };
static struct end B = { .name = "B (network)", .salt = 0x77 };
static int cleared, failed;

/* A sequence whose 4-octet windows do not repeat within minutes. */
static uint8_t pattern(uint8_t salt, uint32_t k)
{
	uint32_t x = (k + 1) * 2654435761u ^ salt;

	return (uint8_t)(x >> 24);
}

static void audio(cti_ctx_t *ctx, cti_call_id_t id, const void *rx, void *tx,
		  size_t n, void *user)
{
	struct end *e = user;
	uint8_t *out = tx;

	(void)ctx;
	(void)id;
	if (e->got + n <= MAXOCT) {
		memcpy(e->rx + e->got, rx, n);
		e->got += (uint32_t)n;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = pattern(e->salt, e->sent++);
}

static bool verbose;

/* Show where the stream `heard` leaves the pattern (for -v). */
static void show_diff(const struct end *heard, uint8_t salt, uint32_t off)
{
	int shown = 0;

	for (uint32_t i = off + 1; i < heard->got && shown < 24; i++) {
		if (heard->rx[i] == pattern(salt, i - off))
			continue;
		printf("  %s at %u: got %02x want %02x (prev %02x/%02x)\n",
		       heard->name, i, heard->rx[i], pattern(salt, i - off),
		       heard->rx[i - 1], pattern(salt, i - 1 - off));
		shown++;
	}
}

/* Longest run of `heard` that equals the peer's pattern at one offset. */
static uint32_t best_run(const struct end *heard, uint8_t salt)
{
	uint32_t best = 0, best_off = 0;

	for (uint32_t off = 0; off < 4000 && off < heard->got; off++) {
		uint32_t run = 0;

		for (uint32_t i = off; i < heard->got; i++) {
			if (heard->rx[i] == pattern(salt, i - off)) {
				if (++run > best) {
					best = run;
					best_off = off;
				}
			} else {
				run = 0;
			}
		}
		if (best >= heard->got / 2)
			break;
	}
	if (verbose)
		show_diff(heard, salt, best_off);
	return best;
}

static void dial(cti_ctx_t *ctx, void *u);

static void on_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	const struct cti_call_event *c = &ev->u.call;
	struct end *e = c->span_id == A.span ? &A : &B;
	static int spans_up;

	(void)u;
	if (ev->type >= CTI_EVENT_SPAN_ALARM && ev->type < CTI_EVENT_USER) {
		printf("%8.3f span %u %s alarms 0x%x\n", ev->time_ms / 1e3,
		       ev->u.span.span_id, cti_event_name((int)ev->type),
		       ev->u.span.alarms);
		/* SPAN_UP once each data link is up and settled: then dial */
		if (ev->type == CTI_EVENT_SPAN_UP && ++spans_up == 2)
			dial(ctx, NULL);
		return;
	}
	printf("%8.3f %-12s call %u %s B%d", ev->time_ms / 1e3, e->name,
	       c->call_id, cti_event_name((int)ev->type), c->bchan);
	if (ev->type == CTI_EVENT_CALL_CLEARED ||
	    ev->type == CTI_EVENT_CALL_FAILED)
		printf(" cause %d (%s)", c->cause, cti_cause_text(c->cause));
	printf("\n");
	switch (ev->type) {
	case CTI_EVENT_CALL_OFFERED:
		e->call = c->call_id;
		cti_call_answer(ctx, c->call_id);
		break;
	case CTI_EVENT_CALL_ESTABLISHED:
		cti_call_set_audio(ctx, c->call_id, CTI_AUDIO_G711, audio, e);
		break;
	case CTI_EVENT_CALL_CLEARED:
		if (++cleared == 2)
			cti_ctx_stop(ctx);
		break;
	case CTI_EVENT_CALL_FAILED:
		failed = 1;
		cti_ctx_stop(ctx);
		break;
	default:
		break;
	}
}

static void hang_up(cti_ctx_t *ctx, void *u)
{
	(void)u;
	cti_call_clear(ctx, A.call, CTI_CAUSE_NORMAL_CLEARING);
}

static void dial(cti_ctx_t *ctx, void *u)
{
	struct cti_call_params p = { .span = A.span };
	int rc;

	(void)u;
	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "1000");
	snprintf(p.ani.digits, sizeof(p.ani.digits), "2000");
	rc = cti_call_make(ctx, &A.call, &p);
	if (rc) {
		fprintf(stderr, "pair_check: make call: %s\n",
			cti_strerror(rc));
		failed = 1;
		cti_ctx_stop(ctx);
		return;
	}
	cti_timer_start(ctx, (SECONDS + 1) * 1000ull, hang_up, NULL);
}

static void give_up(cti_ctx_t *ctx, void *u)
{
	(void)u;
	fprintf(stderr, "pair_check: timed out\n");
	failed = 1;
	cti_ctx_stop(ctx);
}

int main(int argc, char **argv)
{
	struct cti_span_config a = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_CPE };
	struct cti_span_config b = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_NET };
	int da = 0, db = 0, rc;
	bool loop = false;
	cti_ctx_t *ctx;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dahdi") && i + 2 < argc) {
			da = atoi(argv[++i]);
			db = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--loop")) {
			loop = true;
		} else if (!strcmp(argv[i], "-v")) {
			verbose = true;
		} else if (!strcmp(argv[i], "--t1")) {
			a.type = b.type = CTI_SPAN_T1;
		} else {
			loop = false, da = 0;
			break;
		}
	}
	if (!loop && (da <= 0 || db <= 0)) {
		fprintf(stderr,
			"usage: %s [-v] --dahdi A B [--t1] | --loop [--t1]\n",
			argv[0]);
		return 2;
	}
	rc = cti_ctx_new(&ctx, NULL);
	if (!rc && loop)
		rc = cti_span_open_loop(ctx, &A.span, &B.span, &a, &b, NULL);
	if (!rc && !loop) {
		rc = cti_span_open_dahdi(ctx, &A.span, da, &a);
		if (!rc)
			rc = cti_span_open_dahdi(ctx, &B.span, db, &b);
	}
	if (rc) {
		fprintf(stderr, "pair_check: %s\n", cti_strerror(rc));
		cti_ctx_free(ctx);
		return 1;
	}
	cti_ctx_set_event_cb(ctx, on_event, NULL);
	cti_timer_start(ctx, 30000, give_up, NULL);
	cti_ctx_run(ctx);
	cti_ctx_free(ctx);

	uint32_t ab = best_run(&B, A.salt), ba = best_run(&A, B.salt);

	printf("A->B: %u octets in a row intact of %u heard\n", ab, B.got);
	printf("B->A: %u octets in a row intact of %u heard\n", ba, A.got);
	if (failed || cleared != 2 || ab < NEED || ba < NEED) {
		printf("pair_check: FAILED\n");
		return 1;
	}
	printf("pair_check: OK\n");
	return 0;
}
