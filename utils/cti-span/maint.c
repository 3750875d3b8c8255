// SPDX-License-Identifier: LGPL-2.1-or-later
/* cti-span loop / bert / reset-counters / inject: maintenance through
 * DAHDI_MAINT (any card) and the line faults cticard offers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cti_span.h"
#include "json.h"

static int maint_error(int spanno, const char *what, int rc)
{
	if (rc == CTI_ENOTSUP)
		fprintf(stderr, "cti-span: span %d: its driver does not "
				"support %s\n", spanno, what);
	else if (rc == CTI_ENOENT)
		fprintf(stderr, "cti-span: no span %d\n", spanno);
	else if (rc == CTI_ENODEV)
		fprintf(stderr, "cti-span: DAHDI is not loaded\n");
	else
		fprintf(stderr, "cti-span: span %d: %s: %s\n", spanno, what,
			cti_strerror(rc));
	return EXIT_USAGE;
}

static void print_done(const struct opts *o, int spanno, const char *key,
		       const char *value, const char *text)
{
	if (o->json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_int(&j, "span", spanno);
		json_str(&j, key, value);
		json_obj_end(&j);
		json_finish(&j);
	} else {
		printf("span %d: %s\n", spanno, text);
	}
}

int cmd_loop(int spanno, const char *mode, const struct opts *o)
{
	static const struct {
		const char *mode;
		enum cti_span_maint cmd;
		const char *text;
	} modes[] = {
		{ "local", CTI_SPAN_MAINT_LOCALLOOP,
		  "local loopback on (our transmit returns to our receive)" },
		{ "network", CTI_SPAN_MAINT_NETWORKLOOP,
		  "network line loopback on (the line is sent back)" },
		{ "payload", CTI_SPAN_MAINT_PAYLOADLOOP,
		  "network payload loopback on (timeslots sent back, "
		  "reframed)" },
		{ "off", CTI_SPAN_MAINT_NONE, "loopbacks off" },
	};

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		int rc;

		if (strcmp(mode, modes[i].mode))
			continue;
		rc = cti_span_maint(spanno, modes[i].cmd);
		if (rc)
			return maint_error(spanno, "this loopback", rc);
		print_done(o, spanno, "loop", mode, modes[i].text);
		return EXIT_WELL;
	}
	fprintf(stderr, "cti-span: loop: '%s' is not local, network, "
			"payload or off\n", mode);
	return EXIT_USAGE;
}

int cmd_reset(int spanno, const struct opts *o)
{
	int rc = cti_span_maint(spanno, CTI_SPAN_MAINT_RESET_COUNTERS);

	if (rc)
		return maint_error(spanno, "counter reset", rc);
	print_done(o, spanno, "counters", "reset", "counters reset");
	return EXIT_WELL;
}

/*
 * PRBS 2^15-1 (O.151) over the span's timeslots: the generator replaces
 * the payload, the monitor counts bit errors into the 'be' counter. The
 * pattern needs a loop somewhere (a loopback plug, or 'loop network' at
 * the far end). Bits tested = 64 kbit/s x timeslots x seconds.
 */
int cmd_bert(int spanno, const struct opts *o)
{
	struct cti_span_info start, cur;
	int rc, seconds = o->seconds > 0 ? o->seconds : 10;
	uint32_t errors;
	double bits, ber, elapsed, t0;
	bool sync;

	catch_stop_signals();
	rc = read_span(spanno, &start);
	if (rc)
		return rc;
	rc = cti_span_maint(spanno, CTI_SPAN_MAINT_PRBS_ON);
	if (rc)
		return maint_error(spanno, "PRBS testing", rc);
	/* Let the monitor lock before counting. */
	pause_s(0.5);
	read_span(spanno, &start);
	t0 = now_s();
	if (!o->json)
		printf("span %d: PRBS 2^15-1 for %d s over %d timeslots\n",
		       spanno, seconds, start.totalchans);
	for (int s = 1; s <= seconds && pause_s(1.0); s++) {
		if (read_span(spanno, &cur))
			break;
		if (!o->json)
			printf("  %3d s  bit errors %u  pattern %s\n", s,
			       cur.counters.be - start.counters.be,
			       cur.counters.prbs ? "locked" : "NOT locked");
		fflush(stdout);
	}
	elapsed = now_s() - t0;
	rc = read_span(spanno, &cur);
	cti_span_maint(spanno, CTI_SPAN_MAINT_PRBS_OFF);
	if (rc)
		return rc;
	errors = cur.counters.be - start.counters.be;
	sync = cur.counters.prbs != 0;
	bits = 64000.0 * start.totalchans * elapsed;
	ber = bits > 0 ? errors / bits : 0;
	if (o->json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_int(&j, "span", spanno);
		json_str(&j, "pattern", "2^15-1");
		json_double(&j, "seconds", elapsed);
		json_double(&j, "bits", bits);
		json_uint(&j, "bit_errors", errors);
		json_double(&j, "ber", ber);
		json_bool(&j, "pattern_locked", sync);
		json_bool(&j, "interrupted", stop_requested != 0);
		json_str(&j, "result", sync && !errors ? "pass" : "fail");
		json_obj_end(&j);
		json_finish(&j);
	} else {
		printf("span %d: %u bit errors in %.0f bits, BER %.2e, pattern "
		       "%s: %s\n", spanno, errors, bits, ber,
		       sync ? "locked" : "NOT locked",
		       sync && !errors ? "PASS" : "FAIL");
		if (!sync)
			printf("  (no pattern came back: is the span looped? "
			       "try a loopback plug or 'loop network' at the "
			       "far end)\n");
	}
	return sync && !errors ? EXIT_WELL : EXIT_TROUBLE;
}

int cmd_inject(int spanno, const char *fault, const char *rate,
	       const struct opts *o)
{
	static const struct {
		const char *name;
		enum cti_span_fault fault;
		const char *text;
	} faults[] = {
		{ "los", CTI_SPAN_FAULT_LOS, "line unplugged (loss of signal)" },
		{ "ais", CTI_SPAN_FAULT_AIS, "line carries AIS (all ones)" },
		{ "ber", CTI_SPAN_FAULT_BER, "bit errors on the line" },
		{ "slip", CTI_SPAN_FAULT_SLIP, "bit shift injected" },
		{ "clear", CTI_SPAN_FAULT_CLEAR, "line faults cleared" },
	};

	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		double r = 0;
		char *end;
		int rc;

		if (strcmp(fault, faults[i].name))
			continue;
		if (faults[i].fault == CTI_SPAN_FAULT_BER) {
			if (!rate) {
				fprintf(stderr, "cti-span: inject ber needs a "
						"RATE, e.g. 1e-4\n");
				return EXIT_USAGE;
			}
			r = strtod(rate, &end);
			if (end == rate || *end) {
				fprintf(stderr, "cti-span: inject ber: '%s' is "
						"not a number\n", rate);
				return EXIT_USAGE;
			}
		} else if (rate) {
			fprintf(stderr, "cti-span: inject %s takes no rate\n",
				fault);
			return EXIT_USAGE;
		}
		rc = cti_span_inject(spanno, faults[i].fault, r);
		if (rc == CTI_ERANGE) {
			fprintf(stderr, "cti-span: inject ber: rate %s is "
					"outside 1e-9..1e-2\n", rate);
			return EXIT_USAGE;
		}
		if (rc)
			return maint_error(spanno, "fault injection (only "
					   "cticard spans have it)", rc);
		print_done(o, spanno, "fault", fault, faults[i].text);
		return EXIT_WELL;
	}
	fprintf(stderr, "cti-span: inject: '%s' is not los, ais, ber, slip "
			"or clear\n", fault);
	return EXIT_USAGE;
}
