// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * loop_calls: a few calls between two virtual E1 spans wired back to back
 * (the loop backend), printed as they happen. Runs on the virtual clock,
 * so a minute of telephony takes a moment and prints the same every time.
 *
 *   span 1: the network side (an exchange), span 2: the user side (a PBX)
 *
 * Usage: loop_calls [-v]     (-v adds libcti's log lines)
 */
#include <stdio.h>
#include <string.h>

#include "cti/call.h"
#include "cti/ctx.h"
#include "cti/span.h"

static cti_span_id_t net, pbx;

static const char *side(cti_span_id_t id)
{
	return id == net ? "exchange" : "PBX     ";
}

static void print_event(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	const struct cti_call_event *c = &ev->u.call;
	double t = ev->time_ms / 1e3;

	(void)ctx;
	(void)u;
	if (ev->type >= CTI_EVENT_SPAN_ALARM && ev->type < CTI_EVENT_USER) {
		char alarms[128] = "none";

		if (ev->u.span.alarms)
			cti_span_alarms_str(ev->u.span.alarms, alarms,
					    sizeof(alarms));
		printf("%8.3f s  %s  span %u  %-16s alarms: %s", t,
		       side(ev->u.span.span_id), ev->u.span.span_id,
		       cti_event_name((int)ev->type), alarms);
		if (ev->type == CTI_EVENT_SPAN_DOWN)
			printf(", %u call(s) cleared",
			       ev->u.span.calls_cleared);
		printf("\n");
		return;
	}
	printf("%8.3f s  %s  call %-3u %-16s B%-2d", t, side(c->span_id),
	       c->call_id, cti_event_name((int)ev->type), c->bchan);
	if (ev->type == CTI_EVENT_CALL_OFFERED ||
	    ev->type == CTI_EVENT_CALL_ORIGINATED)
		printf(" from %s to %s", c->ani.digits[0] ? c->ani.digits : "-",
		       c->dnis.digits);
	if (ev->type == CTI_EVENT_CALL_CLEARED ||
	    ev->type == CTI_EVENT_CALL_FAILED)
		printf(" cause %d (%s)", c->cause, cti_cause_text(c->cause));
	if (ev->type == CTI_EVENT_CALL_TRANSFERRED)
		printf(" joined to call %u", c->related_id);
	if (ev->type == CTI_EVENT_CALL_CONFERENCED)
		printf(" conference %u", c->conf_id);
	if (c->app_data[0])
		printf(" [%s]", c->app_data);
	printf("\n");
}

static void on_log(void *u, int level, const char *module, const char *msg)
{
	(void)u;
	printf("           log %s %s: %s\n", cti_log_level_name(level), module,
	       msg);
}

static cti_call_id_t dial(cti_ctx_t *ctx, cti_span_id_t from, const char *ani,
			  const char *dnis, const char *tag)
{
	struct cti_call_params p = { .span = from };
	cti_call_id_t id = 0;
	int rc;

	snprintf(p.ani.digits, sizeof(p.ani.digits), "%s", ani);
	p.ani.ton = CTI_TON_NATIONAL;
	p.ani.plan = CTI_NPI_E164;
	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%s", dnis);
	snprintf(p.app_data, sizeof(p.app_data), "%s", tag);
	rc = cti_call_make(ctx, &id, &p);
	if (rc)
		printf("           make call to %s: %s\n", dnis,
		       cti_strerror(rc));
	return id;
}

/* the incoming call most recently offered on `span` */
static cti_call_id_t last_offered;
static void track(cti_ctx_t *ctx, const struct cti_event *ev, void *u)
{
	print_event(ctx, ev, u);
	if (ev->type == CTI_EVENT_CALL_OFFERED)
		last_offered = ev->u.call.call_id;
}

static void step(cti_ctx_t *ctx, const char *what, unsigned ms)
{
	if (what)
		printf("\n--- %s\n", what);
	cti_clock_advance(ctx, (uint64_t)ms);
}

int main(int argc, char **argv)
{
	struct cti_ctx_config cfg = { .clock = CTI_CLOCK_VIRTUAL };
	struct cti_span_config n = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_NET };
	struct cti_span_config c = { .type = CTI_SPAN_E1,
				     .side = CTI_SIDE_CPE };
	struct cti_loop_config lc = { .d_bitrate = 64000 };
	struct cti_span_status st;
	cti_ctx_t *ctx;
	cti_call_id_t a, b, held;
	int rc;

	if (argc > 1 && !strcmp(argv[1], "-v"))
		cfg.log_fn = on_log, cfg.log_level = CTI_LOG_INFO;
	rc = cti_ctx_new(&ctx, &cfg);
	if (!rc)
		rc = cti_span_open_loop(ctx, &net, &pbx, &n, &c, &lc);
	if (rc) {
		fprintf(stderr, "loop_calls: %s\n", cti_strerror(rc));
		return 1;
	}
	cti_ctx_set_event_cb(ctx, track, NULL);
	printf("libcti %s: two E1 spans back to back, EuroISDN, "
	       "virtual time\n",
	       cti_version_string());
	printf("\n--- the D channels come up (Q.921 SABME/UA) and settle\n");
	/* until nothing but the links' upkeep is left: both SPAN_UP */
	rc = cti_ctx_run_idle(ctx, 10000);
	if (rc) {
		fprintf(stderr, "loop_calls: %s\n", cti_strerror(rc));
		return 1;
	}

	step(ctx,
	     "1. the exchange calls the PBX; the PBX rings, answers, "
	     "and hangs up after 2 s",
	     0);
	a = dial(ctx, net, "2025550100", "8001", "customer 42");
	step(ctx, NULL, 100);
	b = last_offered;
	cti_call_alert(ctx, b);
	step(ctx, NULL, 1000);
	cti_call_answer(ctx, b);
	step(ctx, NULL, 2000);
	cti_call_clear(ctx, b, CTI_CAUSE_NORMAL_CLEARING);
	step(ctx, NULL, 200);

	step(ctx, "2. the PBX calls out; the exchange says the line is busy",
	     0);
	a = dial(ctx, pbx, "8001", "2025550199", "");
	step(ctx, NULL, 100);
	cti_call_clear(ctx, last_offered, CTI_CAUSE_USER_BUSY);
	step(ctx, NULL, 200);

	step(ctx,
	     "3. a call is held (the caller hears a tone), a second "
	     "call is made, then the two are transferred together",
	     0);
	a = dial(ctx, net, "2025550100", "8002", "");
	step(ctx, NULL, 100);
	held = last_offered;
	cti_call_answer(ctx, held);
	step(ctx, NULL, 1000);
	{
		struct cti_call_params p = { .span = pbx };
		cti_call_id_t consult;

		snprintf(p.dnis.digits, sizeof(p.dnis.digits), "2025550111");
		cti_call_consult(ctx, &consult, held, &p);
		step(ctx, NULL, 100);
		cti_call_answer(ctx, last_offered);
		step(ctx, NULL, 1000);
		cti_call_transfer(ctx, held, consult);
		step(ctx, NULL, 3000);
		cti_call_clear(ctx, a, CTI_CAUSE_NORMAL_CLEARING);
		step(ctx, NULL, 300);
	}

	step(ctx,
	     "4. three callers are joined in a conference mixed by libcti, "
	     "then one leaves",
	     0);
	{
		cti_call_id_t legs[3], callers[3];
		uint32_t conf = 0;

		for (int i = 0; i < 3; i++) {
			char ani[16];

			snprintf(ani, sizeof(ani), "20255501%02d", i);
			callers[i] = dial(ctx, net, ani, "8100", "");
			step(ctx, NULL, 100);
			legs[i] = last_offered;
			cti_call_answer(ctx, legs[i]);
			step(ctx, NULL, 100);
		}
		rc = cti_call_conference(ctx, legs, 3, &conf);
		if (rc)
			printf("           conference: %s\n", cti_strerror(rc));
		step(ctx, NULL, 2000);
		cti_call_clear(ctx, callers[0], CTI_CAUSE_NORMAL_CLEARING);
		step(ctx, NULL, 1000);
		for (int i = 1; i < 3; i++)
			cti_call_clear(ctx, legs[i], CTI_CAUSE_NORMAL_CLEARING);
		step(ctx, NULL, 300);
	}

	step(ctx,
	     "5. the cable is pulled mid-call: alarms, the D channel "
	     "fails (T200 x N200), the call is cleared; then it is "
	     "plugged back",
	     0);
	a = dial(ctx, pbx, "8001", "2025550123", "");
	step(ctx, NULL, 100);
	cti_call_answer(ctx, last_offered);
	step(ctx, NULL, 1000);
	cti_span_loop_set_link(ctx, pbx, false);
	step(ctx, NULL, 20000);
	cti_span_loop_set_link(ctx, pbx, true);
	step(ctx, NULL, 15000);

	cti_span_get_status(ctx, net, &st);
	printf("\nD channel of the exchange: %llu frames / %llu octets sent, "
	       "%llu / %llu received\n",
	       (unsigned long long)st.d_tx_frames,
	       (unsigned long long)st.d_tx_bytes,
	       (unsigned long long)st.d_rx_frames,
	       (unsigned long long)st.d_rx_bytes);
	cti_ctx_free(ctx);
	return 0;
}
