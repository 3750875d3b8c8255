// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Recording policy: first matching rule by queue and DNIS, prefixes, the
 * default, retention, secrets, prompts, the account number only when the
 * rule keeps it; the policy file and its errors (file:line: field); the
 * prompts a policy names, with their lines.
 */
#include <string.h>

#include "helpers.h"

START_TEST(rules_decide)
{
	const struct cti_rec_rule rules[] = {
		{ .queue = "vip", .mode = CTI_REC_ON_DEMAND, .channels = 1 },
		{ .dnis = "95588*",
		  .retention_days = 3650,
		  .secret_mode = CTI_REC_MASK,
		  .announce = "zh/recorded",
		  .keep_account = true },
		{ .queue = "internal", .dnis = "800", .mode = CTI_REC_NEVER },
	};
	struct cti_rec_decision d;
	struct cti_rec_meta m;
	cti_rec_policy_t *p;

	ck_assert_int_eq(cti_rec_policy_new(&p, rules, 3, NULL, NULL), 0);
	ck_assert_int_eq(cti_rec_policy_decide(p, "vip", "95588", &d), 0);
	ck_assert_uint_eq(d.rule, 1);
	ck_assert_uint_eq(d.mode, CTI_REC_ON_DEMAND);
	ck_assert_uint_eq(d.channels, 1);
	ck_assert_uint_eq(d.retention_days, 7305);
	ck_assert_uint_eq(d.secret_mode, CTI_REC_PAUSE);
	ck_assert_int_eq(cti_rec_policy_decide(p, "trading", "955881", &d), 0);
	ck_assert_uint_eq(d.rule, 2);
	ck_assert_uint_eq(d.mode, CTI_REC_ALWAYS);
	ck_assert_uint_eq(d.channels, 2);
	ck_assert_uint_eq(d.retention_days, 3650);
	ck_assert_uint_eq(d.secret_mode, CTI_REC_MASK);
	ck_assert_str_eq(d.announce, "zh/recorded");
	ck_assert(d.keep_account);
	ck_assert_int_eq(cti_rec_policy_meta(&d, 5, "138", "955881", "a7",
					     "trading", "A-1", &m),
			 0);
	ck_assert_str_eq(m.account, "A-1");
	ck_assert_uint_eq(m.retention_days, 3650);
	ck_assert_int_eq(cti_rec_policy_decide(p, "internal", "800", &d), 0);
	ck_assert_uint_eq(d.mode, CTI_REC_NEVER);
	/* "800" in another queue: the default, everything recorded */
	ck_assert_int_eq(cti_rec_policy_decide(p, "sales", "800", &d), 0);
	ck_assert_uint_eq(d.rule, 0);
	ck_assert_uint_eq(d.mode, CTI_REC_ALWAYS);
	ck_assert(!d.keep_account);
	ck_assert_int_eq(cti_rec_policy_meta(&d, 6, "138", "800", "a7", "sales",
					     "A-1", &m),
			 0);
	ck_assert_str_eq(m.account, "");
	ck_assert_int_eq(
		cti_rec_policy_meta(&d, 6, "123456789012345678901234567890123",
				    "800", "a7", "sales", "", &m),
		CTI_ERANGE);
	ck_assert_int_eq(cti_rec_policy_decide(p, NULL, NULL, &d), 0);
	ck_assert_int_eq(cti_rec_policy_decide(NULL, NULL, NULL, &d),
			 CTI_EINVAL);
	cti_rec_policy_free(p);
}
END_TEST

START_TEST(bad_rules)
{
	struct cti_rec_rule r = { .channels = 3 };
	cti_rec_policy_t *p;

	ck_assert_int_eq(cti_rec_policy_new(&p, &r, 1, NULL, NULL), CTI_EINVAL);
	ck_assert_ptr_null(p);
	r.channels = 0;
	r.retention_days = 40000;
	ck_assert_int_eq(cti_rec_policy_new(&p, &r, 1, NULL, NULL), CTI_EINVAL);
	r.retention_days = 0;
	r.mode = 9;
	ck_assert_int_eq(cti_rec_policy_new(&p, &r, 1, NULL, NULL), CTI_EINVAL);
	cti_rec_policy_free(NULL);
}
END_TEST

static const char good[] =
	"# trading lines: everything, 20 years, PINs masked\n"
	"rule dnis=95588* secret=mask announce=zh/recorded keep_account=yes\n"
	"rule queue=vip mode=on-demand channels=1 retention_days=365 "
	"pause_prompt=zh/paused resume_prompt=zh/resumed\n"
	"\n"
	"default mode=never\n";

START_TEST(policy_file)
{
	struct cti_rec_decision d;
	cti_rec_policy_t *p;
	char why[200];

	ck_assert_int_eq(cti_rec_policy_parse(&p, good, strlen(good),
					      "rec.conf", why, sizeof(why),
					      NULL),
			 0);
	ck_assert_str_eq(why, "");
	cti_rec_policy_decide(p, "q", "95588100", &d);
	ck_assert_uint_eq(d.rule, 1);
	ck_assert_uint_eq(d.secret_mode, CTI_REC_MASK);
	ck_assert(d.keep_account);
	ck_assert_str_eq(d.announce, "zh/recorded");
	cti_rec_policy_decide(p, "vip", "1", &d);
	ck_assert_uint_eq(d.rule, 2);
	ck_assert_uint_eq(d.mode, CTI_REC_ON_DEMAND);
	ck_assert_uint_eq(d.retention_days, 365);
	ck_assert_str_eq(d.pause_prompt, "zh/paused");
	ck_assert_str_eq(d.resume_prompt, "zh/resumed");
	cti_rec_policy_decide(p, "other", "1", &d);
	ck_assert_uint_eq(d.rule, 0);
	ck_assert_uint_eq(d.mode, CTI_REC_NEVER);
	cti_rec_policy_free(p);
}
END_TEST

START_TEST(policy_file_errors)
{
	static const struct {
		const char *text, *why;
	} cases[] = {
		{ "rule mode=sometimes\n",
		  "rec.conf:1: mode: always, on-demand "
		  "or never" },
		{ "\n# x\nrule channels=3\n", "rec.conf:3: channels: 3 is "
					      "outside 1..2" },
		{ "rule colour=red\n", "rec.conf:1: colour: unknown key" },
		{ "record all\n", "rec.conf:1: line: expected 'rule' or "
				  "'default'" },
		{ "rule queue\n", "rec.conf:1: field: expected key=value" },
		{ "default\ndefault\n", "rec.conf:2: default: given twice" },
		{ "rule dnis=95x\n", "rec.conf:1: dnis: digits" },
		{ "rule retention_days=-1\n", "rec.conf:1: retention_days: not "
					      "a number" },
		{ "rule keep_account=maybe\n", "rec.conf:1: keep_account: yes "
					       "or no" },
		{ "rule queue=\n", "rec.conf:1: queue: empty" },
	};
	cti_rec_policy_t *p;
	char why[200];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(cti_rec_policy_parse(&p, cases[i].text,
						      strlen(cases[i].text),
						      "rec.conf", why,
						      sizeof(why), NULL),
				 CTI_EFORMAT);
		ck_assert_ptr_null(p);
		ck_assert_msg(!strncmp(why, cases[i].why, strlen(cases[i].why)),
			      "'%s': '%s'", cases[i].text, why);
	}
}
END_TEST

/* Each prompt once, with its key and line, rules first, then the default;
 * the walk stops at the callback's first non-zero return. */
struct seen {
	char text[400];
	int calls, stop_at;
};

static int note_prompt(void *arg, const char *name, const char *field,
		       unsigned line)
{
	struct seen *s = arg;
	size_t n = strlen(s->text);

	snprintf(s->text + n, sizeof(s->text) - n, "%u %s %s;", line, field,
		 name);
	return ++s->calls == s->stop_at ? 7 : 0;
}

START_TEST(policy_prompts_listed)
{
	static const char text[] =
		"# x\n"
		"rule dnis=95588* announce=zh/recorded\n"
		"rule queue=vip resume_prompt=zh/resumed pause_prompt=zh/paused "
		"announce=zh/vip\n"
		"rule queue=q mode=never\n"
		"default announce=zh/all\n";
	const struct cti_rec_rule rules[] = { { .pause_prompt = "zh/p" } };
	struct seen s = { .stop_at = 0 };
	cti_rec_policy_t *p;

	ck_assert_int_eq(cti_rec_policy_parse(&p, text, strlen(text), "r",
					      NULL, 0, NULL),
			 0);
	ck_assert_int_eq(cti_rec_policy_prompts(p, note_prompt, &s), 0);
	ck_assert_str_eq(s.text, "2 announce zh/recorded;"
				 "3 announce zh/vip;"
				 "3 pause_prompt zh/paused;"
				 "3 resume_prompt zh/resumed;"
				 "5 announce zh/all;");
	s = (struct seen){ .stop_at = 2 };
	ck_assert_int_eq(cti_rec_policy_prompts(p, note_prompt, &s), 7);
	ck_assert_int_eq(s.calls, 2);
	ck_assert_int_eq(cti_rec_policy_prompts(p, NULL, &s), CTI_EINVAL);
	ck_assert_int_eq(cti_rec_policy_prompts(NULL, note_prompt, &s),
			 CTI_EINVAL);
	cti_rec_policy_free(p);
	/* built in code, not read from a file: line 0; the built-in default
	 * names no prompt */
	s = (struct seen){ .stop_at = 0 };
	ck_assert_int_eq(cti_rec_policy_new(&p, rules, 1, NULL, NULL), 0);
	ck_assert_int_eq(cti_rec_policy_prompts(p, note_prompt, &s), 0);
	ck_assert_str_eq(s.text, "0 pause_prompt zh/p;");
	cti_rec_policy_free(p);
}
END_TEST

TCase *rec_policy_tcase(void)
{
	TCase *tc = tcase_create("policy");

	tcase_add_test(tc, rules_decide);
	tcase_add_test(tc, bad_rules);
	tcase_add_test(tc, policy_file);
	tcase_add_test(tc, policy_file_errors);
	tcase_add_test(tc, policy_prompts_listed);
	return tc;
}
