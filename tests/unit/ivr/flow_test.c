// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Flows: load-time validation with file:line errors, and the telephone-
 * trading example of docs/ivr.md run under virtual time on the default
 * prompt set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cti/ctx.h"
#include "cti/ivr.h"
#include "unit.h"

static cti_prompts_t *prompts_new(void)
{
	cti_prompts_t *ps = NULL;

	ck_assert_int_eq(cti_prompts_new(&ps, NULL), 0);
	ck_assert_ptr_nonnull(ps);
	return ps;
}

static cti_ivr_t *ivr_new(const cti_ivr_config_t *cfg)
{
	cti_ivr_t *ivr = NULL;

	ck_assert_int_eq(cti_ivr_new(&ivr, cfg), 0);
	return ivr;
}

static cti_flow_run_t *flow_start(const cti_flow_t *f, cti_ivr_t *ivr,
				  uint64_t now)
{
	cti_flow_run_t *run = NULL;

	ck_assert_int_eq(cti_flow_start(&run, f, ivr, now), 0);
	ck_assert_ptr_nonnull(run);
	return run;
}

static const char trading[] =
	"# Telephone trading line (docs/ivr.md)\n"
	"state start\n"
	"  play zh/welcome\n"
	"  goto login\n"
	"\n"
	"state login\n"
	"  collect account min=6 max=12 term=# first=8000 inter=5000 "
	"retries=2 prompt=zh/enter-account invalid=zh/invalid "
	"timeout=zh/timeout\n"
	"  on timeout goto bye\n"
	"  on invalid goto bye\n"
	"  collect password min=6 max=6 term=# retries=2 secret "
	"prompt=zh/enter-password invalid=zh/invalid timeout=zh/timeout\n"
	"  on timeout goto bye\n"
	"  hook verify_login\n"
	"  on ok goto menu\n"
	"  goto login\n"
	"\n"
	"state menu\n"
	"  collect choice min=1 max=1 first=6000 retries=2 prompt=zh/menu "
	"invalid=zh/invalid timeout=zh/timeout\n"
	"  on 3 goto balance\n"
	"  on 0 goto agent\n"
	"  on timeout goto bye\n"
	"  goto menu\n"
	"\n"
	"state balance\n"
	"  hook get_balance\n"
	"  play zh/balance-is\n"
	"  say yuan zh $balance\n"
	"  goto menu\n"
	"\n"
	"state agent\n"
	"  play zh/transfer\n"
	"  queue trading-desk\n"
	"\n"
	"state bye\n"
	"  play zh/goodbye\n"
	"  hangup\n";

static const char *err_of(const char *text, const cti_prompts_t *ps)
{
	static char why[256];
	cti_flow_t *f = (cti_flow_t *)1;

	ck_assert_int_eq(cti_flow_parse(&f, text, "t.flow", ps, why,
					sizeof(why), NULL),
			 CTI_EFORMAT);
	ck_assert_ptr_null(f);
	return why;
}

START_TEST(validation_errors)
{
	cti_prompts_t *ps = prompts_new();
	int16_t s[8] = { 0 };

	cti_prompts_add(ps, "hello", s, 8);
	ck_assert_str_eq(err_of("state a\n  dance\n  hangup\n", NULL),
			 "t.flow:2: unknown directive 'dance'");
	ck_assert_str_eq(err_of("state a\n\n  goto b\n", NULL),
			 "t.flow:3: no state 'b'");
	ck_assert_str_eq(err_of("state a\n  play x\n", NULL),
			 "t.flow:2: state 'a' falls off its end (finish it "
			 "with goto, queue, transfer or hangup)");
	ck_assert_str_eq(err_of("state a\n transfer\n", NULL),
			 "t.flow:2: transfer: wrong number of arguments "
			 "(expected: transfer NUMBER)");
	ck_assert_str_eq(err_of("state a\n transfer 555 0100\n", NULL),
			 "t.flow:2: transfer: wrong number of arguments "
			 "(expected: transfer NUMBER)");
	ck_assert_str_eq(err_of("state a\n transfer $dest\n", NULL),
			 "t.flow:2: transfer: bad number '$dest' (1 to 31 of "
			 "0-9 * #)");
	ck_assert_str_eq(err_of("state a\n transfer "
				"01234567890123456789012345678901\n",
				NULL),
			 "t.flow:2: transfer: bad number "
			 "'01234567890123456789012345678901' (1 to 31 of "
			 "0-9 * #)");
	ck_assert_str_eq(err_of("state a\n transfer 5550100\n play x\n",
				NULL),
			 "t.flow:3: state 'a' falls off its end (finish it "
			 "with goto, queue, transfer or hangup)");
	ck_assert_str_eq(err_of("state a\n hangup\nstate a\n hangup\n", NULL),
			 "t.flow:3: state 'a' defined twice");
	ck_assert_str_eq(err_of("play x\n", NULL),
			 "t.flow:1: 'play' before the first state");
	ck_assert_str_eq(err_of("state a\n collect v max=99\n hangup\n", NULL),
			 "t.flow:2: collect: bad value for max: '99'");
	ck_assert_str_eq(err_of("state a\n collect v colour=red\n hangup\n",
				NULL),
			 "t.flow:2: collect: unknown setting 'colour'");
	ck_assert_str_eq(err_of("state a\n collect v min=3 max=2\n hangup\n",
				NULL),
			 "t.flow:2: collect: need 0 <= min <= max, max >= 1 "
			 "and timeouts > 0");
	ck_assert_str_eq(err_of("state a\n play hello bye\n hangup\n", ps),
			 "t.flow:2: no prompt 'bye'");
	ck_assert_str_eq(err_of("state a\n on 1 go b\n hangup\n", NULL),
			 "t.flow:2: expected: on VALUE goto STATE");
	ck_assert_str_eq(err_of("state a\n if x == 1 goto a\n hangup\n", NULL),
			 "t.flow:2: expected: if $VAR ==|!= VALUE goto STATE");
	ck_assert_str_eq(err_of("state a\n say money zh $x\n hangup\n", NULL),
			 "t.flow:2: expected: say number|digits|stock|yuan|"
			 "dollars|date|time zh|en $VAR");
	ck_assert_str_eq(err_of("# nothing\n", NULL),
			 "t.flow:1: no state in the flow");
	cti_prompts_free(ps);
}
END_TEST

struct call {
	cti_ivr_t *ivr;
	cti_flow_run_t *run;
	uint64_t now;
};

/* Advance ms of silence; returns the first flow event, if any. */
static bool advance(struct call *c, unsigned ms, cti_flow_event_t *ev)
{
	int16_t out[160];

	for (unsigned t = 0; t < ms; t += 20) {
		c->now += 20;
		ck_assert_int_ge(cti_flow_process(c->run, c->now, NULL, out,
						  160),
				 0);
		if (cti_flow_next_event(c->run, ev) > 0)
			return true;
	}
	return false;
}

static void keys(struct call *c, const char *k)
{
	for (; *k; k++)
		ck_assert_int_ge(cti_ivr_digit(c->ivr, *k, c->now), 0);
}

START_TEST(trading_flow)
{
	const char *dir = getenv("CTI_PROMPTS") ? getenv("CTI_PROMPTS")
						: "build/prompts";
	cti_prompts_t *ps = prompts_new();
	cti_ivr_config_t cfg = { .prompts = ps };
	cti_flow_event_t ev;
	struct call c = { 0 };
	char why[256] = "", pw[16];
	cti_flow_t *f = NULL;

	ck_assert_int_gt(cti_prompts_load_dir(ps, dir, NULL, 0), 100);
	ck_assert_msg(cti_flow_parse(&f, trading, "trading.flow", ps, why,
				     sizeof(why), NULL) == 0,
		      "%s", why);
	c.ivr = ivr_new(&cfg);
	c.run = flow_start(f, c.ivr, 0);
	/* welcome, then the account prompt: key the account over it */
	ck_assert(!advance(&c, 12000, &ev));
	keys(&c, "88001234#");
	ck_assert(!advance(&c, 100, &ev));
	ck_assert_str_eq(cti_flow_get(c.run, "account"), "88001234");
	keys(&c, "135790#");
	ck_assert(advance(&c, 100, &ev));
	ck_assert_int_eq(ev.type, CTI_FLOW_HOOK);
	ck_assert_str_eq(ev.name, "verify_login");
	/* the password never lands in a flow variable */
	ck_assert_str_eq(cti_flow_get(c.run, "password"), "");
	ck_assert_int_eq(cti_ivr_take_secret(c.ivr, pw, sizeof(pw)), 6);
	ck_assert_str_eq(pw, "135790");
	ck_assert_int_eq(cti_flow_hook_done(c.run, "ok", c.now), 0);
	ck_assert_int_eq(cti_flow_hook_done(c.run, "ok", c.now), CTI_ESTATE);
	/* menu: 3 = balance */
	ck_assert(!advance(&c, 1000, &ev));
	keys(&c, "3");
	ck_assert(advance(&c, 100, &ev));
	ck_assert_int_eq(ev.type, CTI_FLOW_HOOK);
	ck_assert_str_eq(ev.name, "get_balance");
	ck_assert_int_eq(cti_flow_set(c.run, "balance", "1860490"), 0);
	ck_assert_int_eq(cti_flow_hook_done(c.run, "ok", c.now), 0);
	/* the balance is read out, then the menu again: 0 = agent */
	ck_assert(!advance(&c, 20000, &ev));
	keys(&c, "0");
	ck_assert(advance(&c, 10000, &ev));
	ck_assert_int_eq(ev.type, CTI_FLOW_QUEUE);
	ck_assert_str_eq(ev.name, "trading-desk");
	cti_flow_run_free(c.run);
	/* a caller who never presses anything is let go politely */
	c.run = flow_start(f, c.ivr, c.now);
	ck_assert(advance(&c, 120000, &ev));
	ck_assert_int_eq(ev.type, CTI_FLOW_HANGUP);
	cti_flow_run_free(c.run);
	cti_ivr_free(c.ivr);
	cti_flow_free(f);
	cti_prompts_free(ps);
}
END_TEST

START_TEST(transfer_step)
{
	static const char text[] = "state a\n"
				   "  set x 1\n"
				   "  if $x == 2 goto b\n"
				   "  transfer 01234567890123456789012345678*#\n"
				   "state b\n"
				   "  hangup\n";
	cti_prompts_t *ps = prompts_new();
	cti_ivr_config_t cfg = { .prompts = ps };
	cti_flow_event_t ev;
	struct call c = { 0 };
	char why[256] = "";
	cti_flow_t *f = NULL;

	ck_assert_msg(cti_flow_parse(&f, text, "t.flow", ps, why, sizeof(why),
				     NULL) == 0,
		      "%s", why);
	c.ivr = ivr_new(&cfg);
	c.run = flow_start(f, c.ivr, 0);
	ck_assert(advance(&c, 20, &ev));
	ck_assert_int_eq(ev.type, CTI_FLOW_TRANSFER);
	/* 31 characters: the longest a number may be */
	ck_assert_str_eq(ev.name, "01234567890123456789012345678*#");
	/* the run has ended: nothing more comes */
	ck_assert(!advance(&c, 1000, &ev));
	cti_flow_run_free(c.run);
	cti_ivr_free(c.ivr);
	cti_flow_free(f);
	cti_prompts_free(ps);
}
END_TEST

START_TEST(load_errors)
{
	char why[256], dir[] = "/tmp/cti-flow-XXXXXX", big[64];
	cti_flow_t *f = (cti_flow_t *)1;
	char *text;
	int fd;

	ck_assert_int_eq(cti_flow_load(&f, "/nonexistent.flow", NULL, why,
				       sizeof(why), NULL),
			 CTI_ENOENT);
	ck_assert_ptr_null(f);
	ck_assert_ptr_nonnull(strstr(why, "/nonexistent.flow"));
	/* a directory: why is written (it was left as it was) */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	memset(why, 'X', sizeof(why));
	ck_assert_int_eq(cti_flow_load(&f, dir, NULL, why, sizeof(why), NULL),
			 CTI_EFORMAT);
	ck_assert_ptr_nonnull(memchr(why, 0, sizeof(why)));
	ck_assert_ptr_nonnull(strstr(why, dir));
	ck_assert_ptr_nonnull(strstr(why, "not a regular file"));
	/* a file of exactly 1 MiB (a valid flow padded with comments) is one
	 * byte over CTI_FLOW_MAX_BYTES */
	snprintf(big, sizeof(big), "%s/big.flow", dir);
	text = malloc(1 << 20);
	ck_assert_ptr_nonnull(text);
	memset(text, '#', 1 << 20);
	memcpy(text, "state a\n hangup\n", 16);
	text[(1 << 20) - 1] = '\n';
	fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, 1 << 20), 1 << 20);
	memset(why, 'X', sizeof(why));
	ck_assert_int_eq(cti_flow_load(&f, big, NULL, why, sizeof(why), NULL),
			 CTI_EFORMAT);
	ck_assert_ptr_nonnull(memchr(why, 0, sizeof(why)));
	ck_assert_ptr_nonnull(strstr(why, big));
	ck_assert_ptr_nonnull(strstr(why, "larger than 1 MiB"));
	/* one byte less loads */
	ck_assert_int_eq(ftruncate(fd, (1 << 20) - 1), 0);
	ck_assert_msg(cti_flow_load(&f, big, NULL, why, sizeof(why), NULL) == 0,
		      "%s", why);
	ck_assert_ptr_nonnull(f);
	cti_flow_free(f);
	/* a NUL byte is not text */
	ck_assert_int_eq(pwrite(fd, "", 1, 100), 1);
	ck_assert_int_eq(cti_flow_load(&f, big, NULL, why, sizeof(why), NULL),
			 CTI_EFORMAT);
	ck_assert_ptr_nonnull(strstr(why, "NUL byte"));
	close(fd);
	/* bad arguments still write why */
	memset(why, 'X', sizeof(why));
	ck_assert_int_eq(cti_flow_load(NULL, big, NULL, why, sizeof(why),
				       NULL),
			 CTI_EINVAL);
	ck_assert_ptr_nonnull(memchr(why, 0, sizeof(why)));
	ck_assert_int_eq(cti_flow_parse(&f, NULL, "x", NULL, why, sizeof(why),
					NULL),
			 CTI_EINVAL);
	free(text);
	unlink(big);
	rmdir(dir);
}
END_TEST

static char flow_log[4096];

static void flow_logger(void *user, int level, const char *module,
			const char *msg)
{
	size_t n = strlen(flow_log);

	(void)user;
	snprintf(flow_log + n, sizeof(flow_log) - n, "%d %s: %s\n", level,
		 module, msg);
}

/* A run logs its state changes and events to the flow's context; a
 * failed step at warning. */
START_TEST(runs_log_through_the_context)
{
	static const char text[] = "state a\n"
				   "  hook check\n"
				   "  on ok goto b\n"
				   "  hangup\n"
				   "state b\n"
				   "  play nosuch\n"
				   "  hangup\n";
	struct cti_ctx_config cc = { .clock = CTI_CLOCK_VIRTUAL };
	cti_prompts_t *ps = prompts_new();
	cti_ivr_config_t icfg = { .prompts = ps };
	cti_flow_config_t fcfg = { 0 };
	cti_ctx_t *ctx = NULL;
	cti_flow_run_t *run;
	cti_flow_event_t ev;
	cti_flow_t *f = NULL;
	cti_ivr_t *ivr;
	char why[256];

	ck_assert_int_eq(cti_ctx_new(&ctx, &cc), 0);
	cti_ctx_set_log(ctx, flow_logger, NULL);
	ck_assert_int_eq(cti_ctx_set_log_level(ctx, CTI_LOG_DEBUG), 0);
	fcfg.ctx = ctx;
	flow_log[0] = 0;
	/* no prompt set at parse: the missing prompt fails at run time */
	ck_assert_msg(cti_flow_parse(&f, text, "l.flow", NULL, why, sizeof(why),
				     &fcfg) == 0,
		      "%s", why);
	ivr = ivr_new(&icfg);
	run = flow_start(f, ivr, 0);
	ck_assert_int_eq(cti_flow_next_event(run, &ev), 1);
	ck_assert_int_eq(ev.type, CTI_FLOW_HOOK);
	ck_assert_int_eq(cti_flow_hook_done(run, "ok", 0), 0);
	ck_assert_int_eq(cti_flow_next_event(run, &ev), 1);
	ck_assert_int_eq(ev.type, CTI_FLOW_ERROR);
	ck_assert_str_eq(ev.name, "CTI_ENOENT");
	ck_assert_int_eq(cti_flow_next_event(run, &ev), 0);
	ck_assert_int_eq(cti_flow_next_event(run, NULL), CTI_EINVAL);
	ck_assert_msg(strstr(flow_log, "7 flow: start in state a\n") &&
			      strstr(flow_log, "7 flow: state a: hook check\n") &&
			      strstr(flow_log, "7 flow: state a -> b\n") &&
			      strstr(flow_log,
				     "4 flow: state b: error CTI_ENOENT\n"),
		      "%s", flow_log);
	cti_flow_run_free(run);
	cti_ivr_free(ivr);
	cti_flow_free(f);
	cti_prompts_free(ps);
	cti_ctx_free(ctx);
}
END_TEST

/* say date / time read ISO 8601 values; a malformed one is a step error. */
START_TEST(say_date_and_time)
{
	const char *dir = getenv("CTI_PROMPTS") ? getenv("CTI_PROMPTS")
						: "build/prompts";
	static const char text[] = "state a\n"
				   "  set d 2026-11-22\n"
				   "  say date en $d\n"
				   "  set t 09:30\n"
				   "  say time zh $t\n"
				   "  set d 2026-1122\n"
				   "  say date zh $d\n"
				   "  hangup\n";
	cti_prompts_t *ps = prompts_new();
	cti_ivr_config_t cfg = { .prompts = ps };
	cti_flow_event_t ev;
	struct call c = { 0 };
	char why[256] = "";
	cti_flow_t *f = NULL;

	ck_assert_int_gt(cti_prompts_load_dir(ps, dir, NULL, 0), 100);
	ck_assert_msg(cti_flow_parse(&f, text, "d.flow", ps, why, sizeof(why),
				     NULL) == 0,
		      "%s", why);
	c.ivr = ivr_new(&cfg);
	c.run = flow_start(f, c.ivr, 0);
	/* both read-outs play (several seconds of prompts), then the bad
	 * date fails its step */
	ck_assert(!advance(&c, 3000, &ev));
	ck_assert(advance(&c, 20000, &ev));
	ck_assert_int_eq(ev.type, CTI_FLOW_ERROR);
	ck_assert_str_eq(ev.name, "CTI_EFORMAT");
	cti_flow_run_free(c.run);
	cti_ivr_free(c.ivr);
	cti_flow_free(f);
	cti_prompts_free(ps);
}
END_TEST

TCase *ivr_flow_tcase(void);
TCase *ivr_flow_tcase(void)
{
	TCase *tc = tcase_create("flow");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, validation_errors);
	tcase_add_test(tc, trading_flow);
	tcase_add_test(tc, say_date_and_time);
	tcase_add_test(tc, load_errors);
	tcase_add_test(tc, transfer_step);
	tcase_add_test(tc, runs_log_through_the_context);
	return tc;
}
