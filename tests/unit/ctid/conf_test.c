// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The configuration: every kind of bad value, unknown keys, duplicates,
 * dangling references and missing files, each message checked whole
 * ("FILE:LINE: FIELD: reason", written out by hand here), once through the
 * daemon's loader and once through the real `ctid --check` and a real
 * start-up (the same message, exit 1); the sample etc/ctid.conf passes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* A small good configuration, one section a line (lines 1..5); a case
 * replaces one line or appends line 6. */
static const char *const base[5] = {
	"prompts = \"@P\";",
	"trunks = ( { name = \"pstn\"; kind = \"network\"; } );",
	"spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; } );",
	"queues = ( { name = \"q\"; } );",
	"routes = ( { target = \"q\"; } );",
};

struct bad {
	int line;	  /* 1..5 replaced, 6 appended */
	const char *text; /* @P: the prompt set */
	const char *want; /* %1$s the file, %2$s its directory */
};

static const struct bad cases[] = {
	/* the file itself */
	{ 6, "colour = \"red\";", "%1$s:6: colour: unknown key" },
	{ 6, "x = ;", "%1$s:6: syntax: syntax error" },
	{ 6, "spans = 3;", "%1$s:6: syntax: duplicate setting name" },
	{ 1, "# no prompts", "%1$s: prompts: missing" },
	{ 1, "prompts = 5;", "%1$s:1: prompts: a string is expected" },
	{ 1, "prompts = \"\";", "%1$s:1: prompts: empty" },
	{ 6, "drain_timeout_ms = -1;",
	  "%1$s:6: drain_timeout_ms: -1 is outside 0..86400000" },
	{ 6, "utc_offset_min = 900;",
	  "%1$s:6: utc_offset_min: 900 is outside -720..840" },
	{ 6, "phone_retry_ms = -5;",
	  "%1$s:6: phone_retry_ms: -5 is outside 0..3600000" },
	{ 6, "interval_ms = 1000;",
	  "%1$s:6: interval_ms: 1000 is outside 60000..86400000" },
	{ 6, "log = { level = \"loud\"; };",
	  "%1$s:6: log.level: 'loud' is not one of error|warning|notice|info|debug" },
	{ 6, "log = { target = \"syslog\"; };",
	  "%1$s:6: log.target: 'syslog' is not one of stderr|journal" },
	{ 6, "log = { colour = 1; };", "%1$s:6: log.colour: unknown key" },
	{ 6, "log = 1;", "%1$s:6: log: a group { ... } is expected" },
	/* trunks and spans */
	{ 2, "trunks = ( { name = \"pstn\"; kind = \"sip\"; } );",
	  "%1$s:2: trunks[0].kind: 'sip' is not one of network|stations" },
	{ 2, "trunks = ( { name = \"pstn\"; } );",
	  "%1$s:2: trunks[0].kind: missing" },
	{ 2,
	  "trunks = ( { name = \"pstn\"; kind = \"network\"; }, { name = \"pstn\"; kind = \"network\"; } );",
	  "%1$s:2: trunks[1].name: duplicate: 'pstn' again" },
	{ 2,
	  "trunks = ( { name = \"pstn\"; kind = \"network\"; }, { name = \"ph\"; kind = \"stations\"; } );",
	  "%1$s:2: trunks[1].name: no span is in trunk 'ph'" },
	{ 2,
	  "trunks = ( { name = \"0123456789012345678901234567890123456789012345678901234567890123\"; kind = \"network\"; } );",
	  "%1$s:2: trunks[0].name: longer than 63 characters" },
	{ 2, "trunks = { name = \"pstn\"; };",
	  "%1$s:2: trunks: a list ( ... ) is expected" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; dahdi = 1; } );",
	  "%1$s:3: spans[0].loop: give either dahdi = N or loop = true" },
	{ 3, "spans = ( { name = \"a\"; trunk = \"pstn\"; } );",
	  "%1$s:3: spans[0].dahdi: give either dahdi = N or loop = true" },
	{ 3, "spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 0; } );",
	  "%1$s:3: spans[0].dahdi: 0 is outside 1..65535" },
	{ 3, "spans = ( { name = \"a\"; trunk = \"pstn\"; loop = \"yes\"; } );",
	  "%1$s:3: spans[0].loop: true or false is expected" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; signalling = \"ss7\"; } );",
	  "%1$s:3: spans[0].signalling: 'ss7' is not one of pri|r2" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; signalling = \"r2\"; type = \"t1\"; } );",
	  "%1$s:3: spans[0].type: R2 signalling runs on E1 spans only" },
	/* the trial */
	{ 6, "trial = { seed = 1; };",
	  "%1$s:6: trial.callers_per_hour: missing" },
	{ 6, "trial = { callers_per_hour = 0; };",
	  "%1$s:6: trial.callers_per_hour: 0 is outside 1..360000" },
	{ 6, "trial = { callers_per_hour = 60; dnis = \"9x\"; };",
	  "%1$s:6: trial.dnis: digits 0-9 only" },
	{ 6,
	  "trial = { callers_per_hour = 60; answer_min_ms = 900; answer_max_ms = 800; };",
	  "%1$s:6: trial.answer_max_ms: less than answer_min_ms (900)" },
	{ 6, "trial = { callers_per_hour = 60; pace = 1; };",
	  "%1$s:6: trial.pace: unknown key" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; } ); trial = { callers_per_hour = 60; };",
	  "%1$s:3: trial: span 'a' is DAHDI span 1: a trial runs on loop spans only" },
	/* R2 spans: their options, and the PRI ones refused on them (the
	 * reasons are cti_span_config_check()'s, docs/r2.md) */
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; signalling = \"r2\"; r2_variant = \"klingon\"; } );",
	  "%1$s:3: spans[0].r2_variant: 'klingon' is not one of cn|itu|ar|br|co|cz|ec|id|mx|ph|ve" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; signalling = \"r2\"; r2_category = \"vip\"; } );",
	  "%1$s:3: spans[0].r2_category: 'vip' is not one of national|national-priority|international|international-priority|collect|unknown|test" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; signalling = \"r2\"; r2_max_dnis = 0; } );",
	  "%1$s:3: spans[0].r2_max_dnis: 0 is outside 1..255" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; signalling = \"r2\"; r2_max_dnis = 32; } );",
	  "%1$s:3: spans[0].r2_max_dnis: at most 31 digits" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; signalling = \"r2\"; side = \"net\"; } );",
	  "%1$s:3: spans[0].side: a PRI option (Q.931 network/user), not valid on an R2 span" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; signalling = \"r2\"; switchtype = \"euroisdn\"; } );",
	  "%1$s:3: spans[0].switchtype: a PRI option, not valid on an R2 span" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; signalling = \"r2\"; restart_on_up = true; } );",
	  "%1$s:3: spans[0].restart_on_up: a PRI option (RESTART), not valid on an R2 span" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; signalling = \"r2\"; law = \"ulaw\"; } );",
	  "%1$s:3: spans[0].law: R2 spans are A-law (E1, and openr2 speaks A-law only)" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; signalling = \"r2\"; r2_no_ani = 1; } );",
	  "%1$s:3: spans[0].r2_no_ani: true or false is expected" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; signalling = \"r2\"; } );",
	  "%1$s:3: spans[0].loop: R2 spans are DAHDI spans only (libcti has no R2 loop backend)" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; r2_variant = \"cn\"; } );",
	  "%1$s:3: spans[0].r2_variant: an R2 option, not valid on a PRI span" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; type = \"j1\"; } );",
	  "%1$s:3: spans[0].type: 'j1' is not one of e1|t1" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; side = \"user\"; } );",
	  "%1$s:3: spans[0].side: 'user' is not one of net|cpe" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; switchtype = \"5ess\"; } );",
	  "%1$s:3: spans[0].switchtype: '5ess' is not one of default|euroisdn|ni2|dms100|lucent5e|att4ess|ni1|qsig" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; law = \"mu\"; } );",
	  "%1$s:3: spans[0].law: 'mu' is not one of default|alaw|ulaw" },
	{ 3, "spans = ( { name = \"a\"; trunk = \"nope\"; loop = true; } );",
	  "%1$s:3: spans[0].trunk: no such trunk 'nope'" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; }, { name = \"b\"; trunk = \"pstn\"; dahdi = 1; } );",
	  "%1$s:3: spans[1].dahdi: DAHDI span 1 is span 'a' already" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; }, { name = \"a\"; trunk = \"pstn\"; loop = true; } );",
	  "%1$s:3: spans[1].name: duplicate: 'a' again" },
	{ 3,
	  "spans = ( { name = \"a\"; trunk = \"pstn\"; loop = true; crc4 = true; } );",
	  "%1$s:3: spans[0].crc4: unknown key" },
	{ 3, "spans = ( \"a\" );",
	  "%1$s:3: spans[0]: a group { ... } is expected" },
	/* queues */
	{ 4, "queues = ( { name = \"q\"; }, { name = \"q\"; } );",
	  "%1$s:4: queues[1].name: duplicate: 'q' again" },
	{ 4, "queues = ( { name = \"q\"; strategy = \"fastest\"; } );",
	  "%1$s:4: queues[0].strategy: 'fastest' is not one of longest_idle|fewest_calls|round_robin|linear|random|weighted|ring_all" },
	{ 4, "queues = ( { name = \"q\"; ring_ms = 10; } );",
	  "%1$s:4: queues[0].ring_ms: 10 is outside 1000..600000" },
	{ 4, "queues = ( { name = \"q\"; wrap_up_ms = \"10\"; } );",
	  "%1$s:4: queues[0].wrap_up_ms: an integer is expected" },
	{ 4, "queues = ( { name = \"q\"; priority = 5000; } );",
	  "%1$s:4: queues[0].priority: 5000 is outside -1000..1000" },
	{ 4, "queues = ( { name = \"q\"; max_length = -2; } );",
	  "%1$s:4: queues[0].max_length: -2 is outside 0..100000" },
	{ 4, "queues = ( { name = \"q\"; max_wait_ms = 60000; } );",
	  "%1$s:4: queues[0].exit_action: missing (required with max_wait_ms)" },
	{ 4,
	  "queues = ( { name = \"q\"; max_wait_ms = 60000; exit_action = \"flow:none\"; } );",
	  "%1$s:4: queues[0].exit_action: 'flow:none': no such flow" },
	{ 4,
	  "queues = ( { name = \"q\"; overflow = ( { after_ms = 5000; target = \"z\"; } ); } );",
	  "%1$s:4: queues[0].overflow[0].target: no such queue 'z'" },
	{ 4,
	  "queues = ( { name = \"q\"; overflow = ( { after_ms = 5000; target = \"q\"; } ); } );",
	  "%1$s:4: queues[0].overflow[0].target: the queue itself" },
	{ 4,
	  "queues = ( { name = \"q\"; }, { name = \"r\"; overflow = ( { after_ms = 9000; target = \"q\"; }, { after_ms = 5000; target = \"q\"; } ); } );",
	  "%1$s:4: queues[1].overflow[1].after_ms: not later than the step before" },
	{ 4,
	  "queues = ( { name = \"q\"; overflow = ( { after_ms = 5000; } ); } );",
	  "%1$s:4: queues[0].overflow[0].target: missing" },
	{ 4,
	  "queues = ( { name = \"q\"; escape_digit = \"12\"; escape_target = \"q\"; } );",
	  "%1$s:4: queues[0].escape_digit: '12' is not one DTMF digit 0-9 * #" },
	{ 4, "queues = ( { name = \"q\"; escape_digit = \"1\"; } );",
	  "%1$s:4: queues[0].escape_target: missing (escape_digit and escape_target go together)" },
	{ 4,
	  "queues = ( { name = \"q\"; escape_digit = \"1\"; escape_target = \"number:12a\"; } );",
	  "%1$s:4: queues[0].escape_target: 'number:12a': not a number of digits" },
	{ 4,
	  "queues = ( { name = \"q\"; skills = ( { skill = 1; level = 11; } ); } );",
	  "%1$s:4: queues[0].skills[0].level: 11 is outside 1..10" },
	{ 4, "queues = ( { name = \"q\"; skills = ( { skill = 0; } ); } );",
	  "%1$s:4: queues[0].skills[0].skill: 0 is outside 1..65535" },
	{ 4,
	  "queues = ( { name = \"q\"; skills = ( { skill = 1; }, { skill = 1; } ); } );",
	  "%1$s:4: queues[0].skills[1].skill: duplicate: skill 1 again" },
	{ 4, "queues = ( { name = \"q\"; skills = ( 1 ); } );",
	  "%1$s:4: queues[0].skills[0]: a group { skill = N; level = L; } is expected" },
	{ 4, "queues = ( { name = \"q\"; lang = \"fr\"; } );",
	  "%1$s:4: queues[0].lang: 'fr' is not one of zh|en" },
	{ 4, "queues = ( { name = \"q\"; announce_every_ms = 5000; } );",
	  "%1$s:4: queues[0].announce_every_ms: 0 (never) or at least 10000" },
	{ 4, "queues = ( { name = \"q\"; colour = 1; } );",
	  "%1$s:4: queues[0].colour: unknown key" },
	{ 4, "queues = ( { name = \"agent:x\"; } );",
	  "%1$s:4: queues[0].name: agent: names are the engine's own queues" },
	{ 4, "queues = ( { name = \"q\"; music = \"en/nosuch\"; } );",
	  "%1$s:4: queues[0].music: no prompt 'en/nosuch' in the prompt set" },
	{ 4, "queues = ( { name = \"q\"; greeting = \"zh/nosuch\"; } );",
	  "%1$s:4: queues[0].greeting: no prompt 'zh/nosuch' in the prompt set" },
	/* routes and schedules */
	{ 5, "routes = ( { target = \"flow:nope\"; } );",
	  "%1$s:5: routes[0].target: 'flow:nope': no such flow" },
	{ 5, "routes = ( { target = \"agent:bob\"; } );",
	  "%1$s:5: routes[0].target: 'agent:bob': no such agent" },
	{ 5, "routes = ( { target = \"reject:200\"; } );",
	  "%1$s:5: routes[0].target: 'reject:200': not a cause 1..127" },
	{ 5, "routes = ( { target = \"sip:q\"; } );",
	  "%1$s:5: routes[0].target: 'sip:q': unknown kind (flow: queue: agent: number: reject: hangup: app:)" },
	{ 5, "routes = ( { target = \"nosuch\"; } );",
	  "%1$s:5: routes[0].target: 'nosuch': no such queue" },
	{ 5, "routes = ( { trunk = \"x\"; target = \"q\"; } );",
	  "%1$s:5: routes[0].trunk: 'x' is not a network trunk" },
	{ 5, "routes = ( { dnis = \"1\"; } );",
	  "%1$s:5: routes[0].target: missing" },
	{ 5, "routes = ( { schedule = \"s\"; target = \"q\"; } );",
	  "%1$s:5: routes[0].closed_target: missing (required with a schedule)" },
	{ 5, "routes = ( { closed_target = \"q\"; target = \"q\"; } );",
	  "%1$s:5: routes[0].closed_target: only with a schedule" },
	{ 5,
	  "routes = ( { schedule = \"s\"; target = \"q\"; closed_target = \"q\"; } );",
	  "%1$s:5: routes[0].schedule: no such schedule 's'" },
	{ 6,
	  "schedules = ( { name = \"s\"; hours = ( { days = \"mon-fry\"; open = \"09:00\"; close = \"17:00\"; } ); } );",
	  "%1$s:6: schedules[0].hours[0].days: 'mon-fry' is not days like mon-fri or sat,sun" },
	{ 6,
	  "schedules = ( { name = \"s\"; hours = ( { days = \"mon\"; open = \"9:00\"; close = \"17:00\"; } ); } );",
	  "%1$s:6: schedules[0].hours[0].open: '9:00' is not HH:MM" },
	{ 6,
	  "schedules = ( { name = \"s\"; hours = ( { days = \"mon\"; open = \"10:00\"; close = \"09:00\"; } ); } );",
	  "%1$s:6: schedules[0].hours[0].close: 09:00 is not after open 10:00" },
	{ 6,
	  "schedules = ( { name = \"s\"; hours = ( { days = \"mon\"; open = \"10:00\"; close = \"24:01\"; } ); } );",
	  "%1$s:6: schedules[0].hours[0].close: '24:01' is not HH:MM" },
	{ 6,
	  "schedules = ( { name = \"s\"; hours = ( ); holidays = [ \"2027-02-29\" ]; } );",
	  "%1$s:6: schedules[0].holidays[0]: '2027-02-29' is not a date YYYY-MM-DD" },
	{ 6, "schedules = ( { name = \"s\"; } );",
	  "%1$s:6: schedules[0].hours: missing" },
	{ 6,
	  "schedules = ( { name = \"s\"; hours = ( ); }, { name = \"s\"; hours = ( ); } );",
	  "%1$s:6: schedules[1].name: duplicate: 's' again" },
	/* agents and extensions */
	{ 6, "agents = ( { name = \"a1\"; extension = \"9\"; } );",
	  "%1$s:6: agents[0].extension: no such extension '9'" },
	{ 6, "agents = ( { name = \"a1\"; }, { name = \"a1\"; } );",
	  "%1$s:6: agents[1].name: duplicate: 'a1' again" },
	{ 6,
	  "agents = ( { name = \"a1\"; skills = ( { skill = 70000; } ); } );",
	  "%1$s:6: agents[0].skills[0].skill: 70000 is outside 1..65535" },
	{ 6, "extensions = ( { number = \"1\"; trunk = \"pstn\"; } );",
	  "%1$s:6: extensions[0].trunk: 'pstn' is not a stations trunk" },
	{ 6, "extensions = ( { number = \"12x\"; trunk = \"pstn\"; } );",
	  "%1$s:6: extensions[0].number: '12x' is not digits" },
	{ 6,
	  "extensions = ( { number = \"1\"; trunk = \"pstn\"; nailed = 1; } );",
	  "%1$s:6: extensions[0].nailed: true or false is expected" },
	/* files */
	{ 6, "flows = ( { name = \"f\"; file = \"nope.flow\"; } );",
	  "%1$s:6: flows[0].file: %2$s/nope.flow: No such file or directory" },
	{ 6, "flows = ( { name = \"f\"; file = \"bad.flow\"; } );",
	  "%1$s:6: flows[0].file: %2$s/bad.flow:2: no prompt 'zh/nosuch'" },
	{ 6,
	  "flows = ( { name = \"f\"; file = \"bad.flow\"; }, { name = \"f\"; file = \"bad.flow\"; } );",
	  "%1$s:6: flows[1].name: duplicate: 'f' again" },
	{ 6,
	  "recording = { dir = \"rec\"; signing_key = \"k.key\"; recipients = [ \"k.pub\" ]; };",
	  "%1$s:6: recording.signing_key: %2$s/k.key: no such file" },
	{ 6,
	  "recording = { dir = \"rec\"; signing_key = \"k.key\"; recipients = [ ]; };",
	  "%1$s:6: recording.recipients: 1 to 8 public key files" },
	{ 6,
	  "recording = { dir = \"rec\"; signing_key = \"s.key\"; recipients = [ \"s.pub\" ]; policy = \"pol.txt\"; };",
	  "%1$s:6: recording.policy: %2$s/pol.txt:3: pause_prompt: no prompt 'zh/nosuch' in the prompt set" },
	{ 1, "prompts = \"nodir\";",
	  "%1$s:1: prompts: prompt %2$s/nodir: No such file or directory" },
};

static char *config_text(const struct bad *b)
{
	static char text[8192];
	size_t n = 0;

	for (int l = 1; l <= 6; l++) {
		const char *line = l == b->line ? b->text
				   : l <= 5	? base[l - 1]
						: "";
		const char *at = strstr(line, "@P");

		if (at)
			n += (size_t)snprintf(text + n, sizeof(text) - n,
					      "%.*s%s%s\n", (int)(at - line),
					      line, prompts_dir, at + 2);
		else
			n += (size_t)snprintf(text + n, sizeof(text) - n,
					      "%s\n", line);
	}
	return text;
}

static void setup(void)
{
	tdir_make();
	write_file("bad.flow", "state start\n  play zh/nosuch\n  hangup\n");
	/* the loader checks only that key files are there: the recorder
	 * reads them at start-up, after the configuration is accepted */
	write_file("s.key", "not read\n");
	write_file("s.pub", "not read\n");
	write_file("pol.txt", "# trading\nrule queue=q mode=always\n"
			      "rule dnis=8* pause_prompt=zh/nosuch\n");
}

START_TEST(good_base_loads)
{
	struct bad none = { 0, "", "" };
	struct ctid_conf *c;
	char why[1024];
	const char *path = write_file("c.conf", config_text(&none));

	ck_assert_msg(ctid_conf_load(&c, path, why, sizeof(why)) == 0, "%s",
		      why);
	ck_assert_uint_eq(c->n_spans, 1);
	ck_assert_uint_eq(c->drain_timeout_ms, 300000);
	ck_assert_uint_eq(c->phone_retry_ms, 30000);
	ck_assert_int_eq(c->log_level, CTI_LOG_NOTICE);
	ck_assert_uint_eq(c->log_target, CTID_LOG_STDERR);
	ck_assert_uint_eq(c->spans[0].signalling, CTID_SIG_PRI);
	ck_assert_uint_eq(c->spans[0].cfg.type, CTI_SPAN_E1);
	ck_assert_uint_eq(c->spans[0].cfg.side, CTI_SIDE_CPE);
	ctid_conf_free(c);
}
END_TEST

/* The loader's message, then ctid --check's and a start-up's: the same
 * line on stderr after "ctid: ", exit 1. */
/* An R2 span's options reach its cti_span_config: the values are
 * span.h's enumerations, read off the header. */
START_TEST(r2_span_loads)
{
	struct bad r2 = {
		3,
		"spans = ( { name = \"a\"; trunk = \"pstn\"; dahdi = 1; "
		"signalling = \"r2\"; r2_variant = \"itu\"; "
		"r2_category = \"national-priority\"; r2_max_dnis = 4; "
		"r2_max_ani = 10; r2_ani_first = true; r2_double_answer = true; },"
		" { name = \"b\"; trunk = \"pstn\"; dahdi = 2; "
		"signalling = \"r2\"; r2_variant = \"China\"; } );",
		""
	};
	struct ctid_conf *c;
	char why[1024];
	const char *path = write_file("c.conf", config_text(&r2));
	const struct cti_span_config *a, *b;

	ck_assert_msg(ctid_conf_load(&c, path, why, sizeof(why)) == 0, "%s",
		      why);
	ck_assert_uint_eq(c->n_spans, 2);
	a = &c->spans[0].cfg;
	b = &c->spans[1].cfg;
	ck_assert_uint_eq(c->spans[0].signalling, CTID_SIG_R2);
	ck_assert_uint_eq(a->signalling, 1);  /* CTI_SIGNALLING_R2 */
	ck_assert_uint_eq(a->type, 1);	      /* E1, the default */
	ck_assert_uint_eq(a->side, 0);	      /* none on R2 */
	ck_assert_uint_eq(a->r2_variant, 1);  /* CTI_R2_ITU */
	ck_assert_uint_eq(a->r2_category, 2); /* national priority */
	ck_assert_uint_eq(a->r2_max_dnis, 4);
	ck_assert_uint_eq(a->r2_max_ani, 10);
	ck_assert_uint_eq(a->r2_flags, 1u | 8u); /* ANI first, double answer */
	ck_assert_uint_eq(b->r2_variant, 0);	 /* CTI_R2_CHINA */
	ck_assert_uint_eq(b->r2_category, 0);
	ck_assert_uint_eq(b->r2_flags, 0);
	ck_assert_int_eq(cti_span_config_check(a, NULL, 0), 0);
	ctid_conf_free(c);
}
END_TEST

START_TEST(bad_value_named)
{
	const struct bad *b = &cases[_i];
	struct ctid_conf *c = (void *)1;
	char why[2048], want[2048], *out;
	const char *path = write_file("c.conf", config_text(b));
	char line[2100];

	snprintf(want, sizeof(want), b->want, path, tdir);
	ck_assert_int_ne(ctid_conf_load(&c, path, why, sizeof(why)), 0);
	ck_assert_ptr_null(c);
	ck_assert_str_eq(why, want);
	snprintf(line, sizeof(line), "ctid: %s\n", want);
	ck_assert_int_eq(
		run_ctid(&out, (const char *const[]){ "--check", path, NULL }),
		1);
	ck_assert_str_eq(out, line);
	free(out);
	ck_assert_int_eq(
		run_ctid(&out, (const char *const[]){ "-c", path,
						      "--foreground", NULL }),
		1);
	ck_assert_str_eq(out, line);
	free(out);
}
END_TEST

START_TEST(missing_file_named)
{
	struct ctid_conf *c;
	char why[PATH_MAX + 64], want[PATH_MAX + 64], path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/none.conf", tdir);
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	ck_assert_int_eq(ctid_conf_load(&c, path, why, sizeof(why)),
			 CTI_ENOENT);
	ck_assert_str_eq(why, want);
}
END_TEST

/* The shipped sample, with the prompt set of this build in place of the
 * installed one (the only line changed). */
START_TEST(sample_passes_check)
{
	char cmd[PATH_MAX * 3], path[PATH_MAX], *out;

	snprintf(
		cmd, sizeof(cmd),
		"cp -r etc/flows %s/ && sed 's|^prompts = .*|prompts = \"%s\";|' "
		"etc/ctid.conf > %s/ctid.conf",
		tdir, prompts_dir, tdir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/ctid.conf", tdir);
	ck_assert_int_eq(
		run_ctid(&out, (const char *const[]){ "--check", path, NULL }),
		0);
	snprintf(cmd, sizeof(cmd),
		 "%s: OK (4 spans, 3 queues, 50 agents, 2 flows)\n", path);
	ck_assert_str_eq(out, cmd);
	free(out);
}
END_TEST

START_TEST(usage_exit_2)
{
	char *out;

	ck_assert_int_eq(run_ctid(&out, (const char *const[]){ "--log-level",
							       "loud", NULL }),
			 2);
	ck_assert_str_eq(
		out,
		"ctid: --log-level: 'loud' is not error|warning|notice|info|debug\n");
	free(out);
}
END_TEST

void add_conf_tests(Suite *s)
{
	TCase *tc = tcase_create("conf");

	tcase_add_checked_fixture(tc, setup, tdir_remove);
	tcase_add_test(tc, good_base_loads);
	tcase_add_test(tc, r2_span_loads);
	tcase_add_loop_test(tc, bad_value_named, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, missing_file_named);
	tcase_add_test(tc, sample_passes_check);
	tcase_add_test(tc, usage_exit_2);
	suite_add_tcase(s, tc);
}
