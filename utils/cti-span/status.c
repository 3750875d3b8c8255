// SPDX-License-Identifier: LGPL-2.1-or-later
/* cti-span list / show / watch: what a span is, its alarms with their
 * meaning, its counters with per-second rates, its channels. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cti_span.h"
#include "json.h"

#define MAX_CHANS 128

static const char *framing_of(uint32_t lc)
{
	return lc & CTI_SPAN_LC_ESF ? "ESF" :
	       lc & CTI_SPAN_LC_D4  ? "D4" :
	       lc & CTI_SPAN_LC_CCS ? "CCS" :
				      "CAS";
}

static const char *coding_of(uint32_t lc)
{
	return lc & CTI_SPAN_LC_HDB3 ? "HDB3" :
	       lc & CTI_SPAN_LC_B8ZS ? "B8ZS" :
	       lc & CTI_SPAN_LC_AMI  ? "AMI" :
				       "";
}

static bool is_dchan(const struct cti_span_chan *c)
{
	return !strncmp(c->sig, "HDLC", 4) || strstr(c->sig, "HDLC");
}

/* Calls on the span's B channels as the libcti process holding its D
 * channel publishes them, or -1 if none does. */
static int calls_on(const struct cti_span_chan *chans, int nchans)
{
	int calls = -1;

	for (int i = 0; i < nchans && i < MAX_CHANS; i++) {
		if (!chans[i].chanpos || is_dchan(&chans[i]) ||
		    chans[i].call < 0)
			continue;
		calls = (calls < 0 ? 0 : calls) + chans[i].call;
	}
	return calls;
}

/* " 1-15 17-31": the channels of chans that pick() selects. */
static void print_ranges(const struct cti_span_chan *chans, int nchans,
			 bool (*pick)(const struct cti_span_chan *))
{
	for (int i = 0; i < nchans && i < MAX_CHANS; i++) {
		int j = i;

		if (!chans[i].chanpos || !pick(&chans[i]))
			continue;
		while (j + 1 < nchans && j + 1 < MAX_CHANS &&
		       chans[j + 1].chanpos && pick(&chans[j + 1]) &&
		       chans[j + 1].channo == chans[j].channo + 1)
			j++;
		if (j > i)
			printf(" %d-%d", chans[i].channo, chans[j].channo);
		else
			printf(" %d", chans[i].channo);
		i = j;
	}
}

static bool open_b(const struct cti_span_chan *c)
{
	return c->in_use && !is_dchan(c);
}

static bool with_call(const struct cti_span_chan *c)
{
	return c->call > 0 && !is_dchan(c);
}

/* Error counters that rose between two samples. */
static bool errors_rose(const struct cti_span_info *a,
			const struct cti_span_info *b)
{
	for (unsigned int i = 0; i < n_counter_defs; i++)
		if (counter_defs[i].is_error &&
		    counter_value(&b->counters, &counter_defs[i]) >
			    counter_value(&a->counters, &counter_defs[i]))
			return true;
	return false;
}

static void json_alarms(struct json *j, uint32_t alarms)
{
	json_arr_begin(j, "alarms");
	for (uint32_t bit = 1; bit; bit <<= 1)
		if (alarms & bit)
			json_str(j, NULL, cti_span_alarm_name(bit));
	json_arr_end(j);
	json_uint(j, "alarm_bits", alarms);
}

static void json_span_summary(struct json *j, const struct cti_span_info *s)
{
	char lc[32];

	cti_span_lineconfig_str(s->lineconfig, lc, sizeof(lc));
	json_int(j, "span", s->spanno);
	json_str(j, "name", s->name);
	json_str(j, "description", s->desc);
	json_str(j, "type", s->spantype);
	json_str(j, "manufacturer", s->manufacturer);
	json_str(j, "device_type", s->devicetype);
	json_str(j, "location", s->location);
	json_str(j, "framing", framing_of(s->lineconfig));
	json_str(j, "coding", coding_of(s->lineconfig));
	json_bool(j, "crc4", s->lineconfig & CTI_SPAN_LC_CRC4);
	json_str(j, "lineconfig", lc);
	json_int(j, "sync_source", s->syncsrc);
	json_bool(j, "sync_master", s->is_sync_master);
	json_int(j, "base_channel", s->basechan);
	json_int(j, "channels_configured", s->numchans);
	json_int(j, "channels_total", s->totalchans);
	json_alarms(j, s->alarms);
}

/*
 * The card driver's clock, where the driver reports it (cticard: ticks,
 * late_ticks, missed_ticks in the card's device directory, two levels
 * above the span's; docs/cticard.md): true and v[] filled, or false for
 * drivers that do not.
 */
static const char *const clock_names[] = { "ticks", "late_ticks",
					   "missed_ticks" };

static bool card_clock(int spanno, unsigned long long v[3])
{
	char path[128];

	for (unsigned int i = 0; i < 3; i++) {
		FILE *f;
		int ok;

		snprintf(path, sizeof(path),
			 "/sys/bus/dahdi_spans/devices/span-%d/../../%s",
			 spanno, clock_names[i]);
		f = fopen(path, "r");
		if (!f)
			return false;
		ok = fscanf(f, "%llu", &v[i]) == 1;
		fclose(f);
		if (!ok)
			return false;
	}
	return true;
}

/* "clock": the card's tick figures, or null where the driver has none */
static void json_card_clock(struct json *j, int spanno)
{
	unsigned long long v[3];

	if (!card_clock(spanno, v)) {
		json_null(j, "clock");
		return;
	}
	json_obj_begin(j, "clock");
	for (unsigned int i = 0; i < 3; i++)
		json_uint(j, clock_names[i], v[i]);
	json_obj_end(j);
}

static void print_card_clock(int spanno)
{
	unsigned long long v[3];

	if (card_clock(spanno, v))
		printf("  Clock     %llu ticks of 1 ms, %llu late (caught up), "
		       "%llu missed (audio lost)\n",
		       v[0], v[1], v[2]);
}

static void json_span_detail(struct json *j, const struct cti_span_info *a,
			     const struct cti_span_info *b, double dt,
			     const struct cti_span_chan *chans, int nchans)
{
	json_span_summary(j, b);
	json_arr_begin(j, "alarm_details");
	for (uint32_t bit = 1; bit; bit <<= 1) {
		if (!(b->alarms & bit))
			continue;
		json_obj_begin(j, NULL);
		json_str(j, "alarm", cti_span_alarm_name(bit));
		json_str(j, "meaning", cti_span_alarm_meaning(bit));
		json_str(j, "likely_cause", cti_span_alarm_cause(bit));
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_begin(j, "counters");
	for (unsigned int i = 0; i < n_counter_defs; i++)
		json_uint(j, counter_defs[i].name,
			  counter_value(&b->counters, &counter_defs[i]));
	json_obj_end(j);
	json_double(j, "interval_s", dt);
	json_obj_begin(j, "rates_per_second");
	for (unsigned int i = 0; i < n_counter_defs; i++) {
		double d = (double)counter_value(&b->counters,
						 &counter_defs[i]) -
			   counter_value(&a->counters, &counter_defs[i]);
		json_double(j, counter_defs[i].name, dt > 0 ? d / dt : 0);
	}
	json_obj_end(j);
	json_bool(j, "errors_rising", errors_rose(a, b));
	json_card_clock(j, b->spanno);
	json_arr_begin(j, "dchannels");
	for (int i = 0; i < nchans && i < MAX_CHANS; i++) {
		if (!is_dchan(&chans[i]))
			continue;
		json_obj_begin(j, NULL);
		json_int(j, "channel", chans[i].channo);
		json_int(j, "position", chans[i].chanpos);
		json_str(j, "signalling", chans[i].sig);
		json_bool(j, "open", chans[i].in_use);
		json_str(j, "q921",
			 chans[i].q921 == CTI_Q921_UP	? "up" :
			 chans[i].q921 == CTI_Q921_DOWN ? "down" :
							  "unknown");
		if (chans[i].q921 != CTI_Q921_UNKNOWN)
			json_int(j, "q921_pid", chans[i].q921_pid);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_arr_begin(j, "channels");
	for (int i = 0; i < nchans && i < MAX_CHANS; i++) {
		if (!chans[i].chanpos)
			continue;
		json_obj_begin(j, NULL);
		json_int(j, "channel", chans[i].channo);
		json_int(j, "position", chans[i].chanpos);
		json_str(j, "name", chans[i].name);
		json_str(j, "signalling", chans[i].sig);
		json_bool(j, "configured", chans[i].configured);
		json_bool(j, "in_use", chans[i].in_use);
		if (is_dchan(&chans[i]) || chans[i].call < 0)
			json_null(j, "call");
		else
			json_bool(j, "call", chans[i].call > 0);
		json_uint(j, "alarm_bits", chans[i].alarms);
		if (!is_dchan(&chans[i])) {
			struct cti_span_r2 r2;

			if (cti_span_r2_get(chans[i].channo, &r2) == 0) {
				json_obj_begin(j, "r2");
				json_str(j, "line", r2.line);
				json_str(j, "direction", r2.direction);
				json_int(j, "rx_signal", r2.rx_signal);
				json_int(j, "tx_signal", r2.tx_signal);
				json_str(j, "variant", r2.variant);
				json_int(j, "pid", r2.pid);
				json_obj_end(j);
			}
		}
		json_obj_end(j);
	}
	json_arr_end(j);
	{
		int calls = calls_on(chans, nchans);

		if (calls < 0)
			json_null(j, "calls");
		else
			json_int(j, "calls", calls);
	}
}

int cmd_list(const struct opts *o)
{
	int spans[256], n = cti_span_list(spans, 256), trouble = 0;
	struct json j;

	if (n < 0) {
		fprintf(stderr, "cti-span: %s\n",
			n == CTI_ENODEV ? "DAHDI is not loaded" :
					  cti_strerror(n));
		return EXIT_USAGE;
	}
	if (n > 256)
		n = 256;
	if (o->json) {
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_arr_begin(&j, "spans");
	} else {
		printf("%-4s %-20s %-5s %-15s %-6s %-5s %s\n", "SPAN", "NAME",
		       "TYPE", "LINE", "SYNC", "CHANS", "ALARMS");
	}
	for (int i = 0; i < n; i++) {
		struct cti_span_info s;
		char lc[32], al[96];

		if (cti_span_info_get(spans[i], &s))
			continue; /* went away while we listed */
		if (s.alarms)
			trouble = 1;
		if (o->json) {
			json_obj_begin(&j, NULL);
			json_span_summary(&j, &s);
			json_obj_end(&j);
			continue;
		}
		cti_span_lineconfig_str(s.lineconfig, lc, sizeof(lc));
		cti_span_alarms_str(s.alarms, al, sizeof(al));
		/* as dahdi_scan says it: a span nobody configured is not "OK" */
		if (!s.alarms && !s.numchans)
			snprintf(al, sizeof(al), "UNCONFIGURED");
		printf("%-4d %-20s %-5s %-15s %-6d %2d/%-2d %s\n", s.spanno,
		       s.name, s.spantype, lc, s.syncsrc, s.numchans,
		       s.totalchans, al);
	}
	if (o->json) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_finish(&j);
	} else if (!n) {
		printf("(no spans: is a card driver loaded and its spans "
		       "assigned?)\n");
	}
	return trouble ? EXIT_TROUBLE : EXIT_WELL;
}

static void print_detail(const struct cti_span_info *a,
			 const struct cti_span_info *b, double dt,
			 const struct cti_span_chan *chans, int nchans)
{
	char lc[32], al[96];
	int configured = 0, open = 0, calls = calls_on(chans, nchans);
	int holder = 0;

	cti_span_lineconfig_str(b->lineconfig, lc, sizeof(lc));
	cti_span_alarms_str(b->alarms, al, sizeof(al));
	printf("Span %d: %s \"%s\"\n", b->spanno, b->name, b->desc);
	printf("  Type      %s %s\n", b->spantype, lc);
	printf("  Device    %s%s%s%s%s\n", b->devicetype,
	       *b->manufacturer ? ", " : "", b->manufacturer,
	       *b->location ? ", at " : "", b->location);
	if (b->syncsrc)
		printf("  Timing    from span %d%s\n", b->syncsrc,
		       b->is_sync_master ? " (this span is the master)" : "");
	else
		printf("  Timing    free run (no span provides timing)\n");
	print_card_clock(b->spanno);
	printf("  Channels  %d configured of %d, first %d\n", b->numchans,
	       b->totalchans, b->basechan);
	printf("  Alarms    %s\n", al);
	for (uint32_t bit = 1; bit; bit <<= 1) {
		if (!(b->alarms & bit) || !cti_span_alarm_meaning(bit))
			continue;
		printf("    %-8s %s\n", cti_span_alarm_name(bit),
		       cti_span_alarm_meaning(bit));
		printf("    %-8s Likely: %s\n", "", cti_span_alarm_cause(bit));
	}
	printf("  %-34s %12s %12s\n", "Counter", "total", "per second");
	for (unsigned int i = 0; i < n_counter_defs; i++) {
		const struct counter_def *d = &counter_defs[i];
		uint32_t v = counter_value(&b->counters, d);
		double r = dt > 0 ?
			((double)v - counter_value(&a->counters, d)) / dt : 0;

		printf("  %-34s %12u %12.1f%s\n", d->what, v, r,
		       d->is_error && r > 0 ? "  <- rising" : "");
	}
	for (int i = 0; i < nchans && i < MAX_CHANS; i++) {
		if (!chans[i].chanpos)
			continue;
		if (is_dchan(&chans[i])) {
			printf("  D channel %d (position %d, %s): %s",
			       chans[i].channo, chans[i].chanpos, chans[i].sig,
			       chans[i].in_use ? "open by a program" :
						 "not open by any program");
			if (chans[i].q921 != CTI_Q921_UNKNOWN)
				printf(", Q.921 %s (pid %d)",
				       chans[i].q921 == CTI_Q921_UP ?
					       "UP" :
					       "DOWN: no data link",
				       (int)chans[i].q921_pid);
			else if (chans[i].in_use)
				printf(", Q.921 state not published by its "
				       "holder");
			printf("\n");
			if (chans[i].q921 != CTI_Q921_UNKNOWN)
				holder = (int)chans[i].q921_pid;
			continue;
		}
		configured += chans[i].configured;
		open += chans[i].in_use;
	}
	/* DAHDI knows a channel is open, not whether a call is on it */
	printf("  B channels %d configured, %d open by a program", configured,
	       open);
	if (open) {
		printf(":");
		print_ranges(chans, nchans, open_b);
	}
	printf("\n");
	if (calls >= 0) {
		printf("  Calls     %d (as published by pid %d, the libcti "
		       "process holding the D channel)", calls, holder);
		if (calls) {
			printf(": B channels");
			print_ranges(chans, nchans, with_call);
		}
		printf("\n");
	} else if (open) {
		printf("  Calls     not known: the program holding the "
		       "channels does not publish its calls (libcti "
		       "programs do)\n");
	}
	/* R2 (CAS) channels whose libcti holder publishes their line state */
	for (int i = 0; i < nchans && i < MAX_CHANS; i++) {
		struct cti_span_r2 r2;

		if (!chans[i].chanpos || is_dchan(&chans[i]) ||
		    cti_span_r2_get(chans[i].channo, &r2))
			continue;
		printf("  R2 channel %d (position %d, %s): %s%s%s", r2.channo,
		       chans[i].chanpos, r2.variant, r2.line,
		       r2.direction[0] ? " " : "", r2.direction);
		if (r2.rx_signal || r2.tx_signal)
			printf(", last register signals received %d, sent %d",
			       r2.rx_signal, r2.tx_signal);
		printf(" (pid %d)\n", (int)r2.pid);
	}
}

/* Two samples interval apart: rates and "rising" need both. */
static int sample_pair(int spanno, double interval, struct cti_span_info *a,
		       struct cti_span_info *b, double *dt)
{
	double t0;
	int rc = read_span(spanno, a);

	if (rc)
		return rc;
	t0 = now_s();
	if (interval > 0 && !pause_s(interval))
		return -1;
	rc = read_span(spanno, b);
	*dt = interval > 0 ? now_s() - t0 : 0;
	return rc;
}

static int report(int spanno, const struct cti_span_info *a,
		  const struct cti_span_info *b, double dt,
		  const struct opts *o)
{
	static struct cti_span_chan chans[MAX_CHANS];
	int n = cti_span_chans_get(spanno, chans, MAX_CHANS);

	if (n < 0)
		n = 0;
	if (o->json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_span_detail(&j, a, b, dt, chans, n);
		json_obj_end(&j);
		json_finish(&j);
	} else {
		print_detail(a, b, dt, chans, n);
	}
	return b->alarms || errors_rose(a, b) ? EXIT_TROUBLE : EXIT_WELL;
}

int cmd_show(int spanno, const struct opts *o)
{
	struct cti_span_info a, b;
	double dt = 0;
	int rc;

	catch_stop_signals();
	rc = sample_pair(spanno, o->interval, &a, &b, &dt);
	if (rc < 0)
		return EXIT_WELL; /* interrupted before the second sample */
	if (rc)
		return rc;
	return report(spanno, &a, &b, dt, o);
}

int cmd_watch(int spanno, const struct opts *o)
{
	bool tty = isatty(STDOUT_FILENO) && !o->json;
	struct cti_span_info prev, cur;
	double t_prev;
	int rc, worst = EXIT_WELL;

	catch_stop_signals();
	rc = read_span(spanno, &prev);
	if (rc)
		return rc;
	t_prev = now_s();
	for (int i = 0; !o->count || i < o->count; i++) {
		double t;

		if (!pause_s(o->interval > 0 ? o->interval : 1.0))
			break;
		rc = read_span(spanno, &cur);
		if (rc)
			return rc;
		t = now_s();
		if (tty)
			fputs("\033[H\033[2J", stdout);
		else if (!o->json && i)
			putchar('\n');
		if (report(spanno, &prev, &cur, t - t_prev, o) != EXIT_WELL)
			worst = EXIT_TROUBLE;
		if (tty)
			printf("\n(refreshing every %.1f s; Ctrl-C to quit)\n",
			       o->interval > 0 ? o->interval : 1.0);
		fflush(stdout);
		prev = cur;
		t_prev = t;
	}
	/* Ctrl-C is how a watch ends: report what was seen, cleanly. */
	return worst;
}
