// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Flow files (docs/ivr.md) parsed from memory: the input up to its first
 * NUL byte is the flow text; the bytes after it drive a run of a parsed
 * flow (digits out of band and in the caller's audio, hook results,
 * variables, time). A refused flow must come back with
 * CTI_EFORMAT/EINVAL/ENOMEM and a NUL-terminated "file:line: message"
 * naming the file.
 */
#include <stdbool.h>

#include "cti/cti.h"
#include "fuzz.h"

static void run_flow(const cti_flow_t *flow, struct fz *f)
{
	static const char digits[] = "0123456789*#ABCD";
	static const char *const results[] = { "ok", "fail", "1", "" };
	cti_prompts_t *ps;
	cti_ivr_config_t ic = { 0 };
	cti_ivr_t *ivr;
	cti_flow_run_t *run;
	cti_flow_event_t ev;
	int16_t in[160] = { 0 }, out[160], tone[400] = { 0 };
	uint64_t now = 0;
	int err;

	if (cti_prompts_new(&ps, NULL))
		return;
	ic.prompts = ps;
	if (cti_ivr_new(&ivr, &ic)) {
		cti_prompts_free(ps);
		return;
	}
	/* one short prompt under a name flows are likely to use */
	cti_prompts_add(ps, "zh/welcome", tone, sizeof(tone) / 2);
	err = cti_flow_start(&run, flow, ivr, now);
	FZ_CHECK(!err == !!run && err <= 0);
	for (int steps = 0; run && f->n && steps < 2000; steps++) {
		uint8_t op = fz_u8(f);
		bool ended = false;

		switch (op & 3) {
		case 0:
			cti_ivr_digit(ivr, digits[op >> 4], now);
			break;
		case 1:
			now += (uint64_t)(op >> 2) * 100;
			break;
		case 2:
			cti_flow_hook_done(run, results[(op >> 2) & 3], now);
			break;
		default:
			if (op & 4) {
				/* the caller's audio: DTMF is detected in it */
				const uint8_t *a;
				size_t k = fz_take(f, sizeof(in), &a);

				memset(in, 0, sizeof(in));
				memcpy(in, a, k);
			} else {
				cti_flow_set(run, "balance",
					     (op & 8) ? "12.50" : "x");
			}
			break;
		}
		now += 20;
		FZ_CHECK(cti_flow_process(run, now, in, out, 160) >= 0);
		while (cti_flow_next_event(run, &ev) > 0) {
			FZ_CHECK(memchr(ev.name, 0, sizeof(ev.name)));
			/* a transfer dials only digits the file wrote */
			if (ev.type == CTI_FLOW_TRANSFER)
				FZ_CHECK(*ev.name &&
					 strspn(ev.name, "0123456789*#") ==
						 strlen(ev.name));
			if (ev.type == CTI_FLOW_QUEUE ||
			    ev.type == CTI_FLOW_HANGUP ||
			    ev.type == CTI_FLOW_TRANSFER)
				ended = true;
		}
		if (ended)
			break;
	}
	cti_flow_run_free(run);
	cti_ivr_free(ivr);
	cti_prompts_free(ps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t len = nul ? (size_t)(nul - data) : size;
	char *text = malloc(len + 1);
	char why[256];
	struct fz f;
	cti_flow_t *flow;
	int err;

	if (!text)
		return 0;
	memcpy(text, data, len);
	text[len] = '\0';
	memset(why, 0x55, sizeof(why));
	err = cti_flow_parse(&flow, text, "fuzz.flow", NULL, why, sizeof(why),
			     NULL);
	FZ_CHECK(!err == !!flow);
	if (!flow) {
		FZ_CHECK(err == CTI_EFORMAT || err == CTI_EINVAL ||
			 err == CTI_ENOMEM);
		FZ_CHECK(memchr(why, 0, sizeof(why)));
		if (err == CTI_EFORMAT)
			FZ_CHECK(!strncmp(why, "fuzz.flow:", 10));
	} else {
		f.p = nul ? nul + 1 : data + size;
		f.n = size - len - (nul ? 1 : 0);
		run_flow(flow, &f);
		cti_flow_free(flow);
	}
	free(text);
	return 0;
}
