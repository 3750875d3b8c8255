// SPDX-License-Identifier: LGPL-2.1-or-later
/* The prompt set replaced under calls (cti_center_set_prompts, ctid's
 * reload of its prompts): a caller in a flow playing a long prompt and
 * a caller on queue music go on sample for sample from the old set; new
 * callers hear the new one; the old set is in use until both old calls
 * end, then freed under ASan while the new calls play on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define LONG_N	160000 /* 20 s: playing through the whole test */
#define MUSIC_N 12000 /* 1.5 s: loops several times in the test */
#define TAP_MAX (8000 * 16)

/* Four sample patterns, none of them ever 0 (silence before the audio
 * starts marks where it starts) and no two alike. */
static int16_t old_long(uint32_t i)
{
	return (int16_t)(1000 + (int)(i * 37u % 3001u));
}
static int16_t new_long(uint32_t i)
{
	return (int16_t)(-1000 - (int)(i * 53u % 2999u));
}
static int16_t old_music(uint32_t i)
{
	return (int16_t)(500 + (int)(i * 11u % 997u));
}
static int16_t new_music(uint32_t i)
{
	return (int16_t)(-500 - (int)(i * 17u % 991u));
}

static void add(cti_prompts_t *ps, const char *name, int16_t (*f)(uint32_t),
		uint32_t n)
{
	static int16_t s[LONG_N];

	for (uint32_t i = 0; i < n; i++)
		s[i] = f(i);
	ck_assert_int_eq(cti_prompts_add(ps, name, s, n), 0);
}

/* What the engine sent each customer, from the tap. */
static struct heard {
	uint32_t call;
	int16_t s[TAP_MAX];
	uint32_t n;
} tapped[4];

static void on_tap(void *user, const struct cti_center_tap *t)
{
	(void)user;
	if (t->role != CTI_CENTER_ROLE_CUSTOMER)
		return;
	for (int i = 0; i < 4; i++) {
		struct heard *h = &tapped[i];

		if (h->call && h->call != t->call)
			continue;
		h->call = t->call;
		for (uint32_t k = 0; k < t->samples && h->n < TAP_MAX; k++)
			h->s[h->n++] = t->tx[k];
		return;
	}
}

static struct heard *heard_by(uint32_t call)
{
	for (int i = 0; i < 4; i++)
		if (tapped[i].call == call)
			return &tapped[i];
	ck_abort_msg("call %u never tapped", call);
	return NULL;
}

/* From its first non-zero sample on, h is f looped over n samples, for
 * at least `least` samples. */
static void expect_stream(const struct heard *h, int16_t (*f)(uint32_t),
			  uint32_t n, uint32_t least, const char *what)
{
	uint32_t s0 = 0;

	while (s0 < h->n && !h->s[s0])
		s0++;
	ck_assert_msg(h->n - s0 >= least, "%s: %u samples heard, %u wanted",
		      what, h->n - s0, least);
	for (uint32_t i = s0; i < h->n; i++)
		ck_assert_msg(h->s[i] == f((i - s0) % n),
			      "%s: sample %u is %d, not %d", what, i - s0,
			      h->s[i], f((i - s0) % n));
}

static uint32_t dial(const char *dnis, cti_call_id_t *far)
{
	int from = F.nc, i;

	*far = fx_dial(dnis, "13900000001");
	fx_run(200);
	i = fx_cfind(from, CTI_CENTER_EV_ARRIVED, 0);
	ck_assert_int_ge(i, 0);
	return F.cev[i].call;
}

START_TEST(set_prompts_keeps_what_plays)
{
	struct cti_center_queue_config q = { .acd = { .name = "q" },
					     .music = "t/music" };
	struct cti_center_route_config r1 = { .dnis = "100",
					      .target = "flow:f" };
	struct cti_center_route_config r2 = { .dnis = "200",
					      .target = "queue:q" };
	cti_prompts_t *old, *nps;
	cti_flow_t *flow;
	cti_call_id_t fa, fb, fc, fd;
	uint32_t a, b, c, d, a_before;
	char why[128];

	memset(tapped, 0, sizeof(tapped));
	fx_open();
	old = F.ps;
	add(old, "t/long", old_long, LONG_N);
	add(old, "t/music", old_music, MUSIC_N);
	add(old, "t/gone", old_music, 800);
	ck_assert_msg(cti_flow_parse(&flow, "state start\n  play t/long\n"
					    "  hangup\n",
				     "f.flow", old, why, sizeof(why), NULL) == 0,
		      "%s", why);
	ck_assert_int_eq(cti_center_flow_add(F.cc, "f", flow), 0);
	ck_assert_int_eq(cti_center_queue_add(F.cc, &q), 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r1), 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r2), 0);
	ck_assert_int_eq(cti_center_set_tap(F.cc, on_tap, NULL), 0);

	a = dial("100", &fa); /* in the flow, playing t/long */
	fx_run(3000);
	b = dial("200", &fb); /* queued, nobody to take it: music */
	fx_run(3000);
	ck_assert_uint_eq(cti_center_calls(F.cc), 2);

	/* the same names, other audio */
	ck_assert_int_eq(cti_prompts_new(&nps, NULL), 0);
	add(nps, "t/long", new_long, LONG_N);
	add(nps, "t/music", new_music, MUSIC_N);
	ck_assert_int_eq(cti_center_set_prompts(NULL, nps), CTI_EINVAL);
	ck_assert(!cti_center_prompts_in_use(NULL, old));
	ck_assert(!cti_center_prompts_in_use(F.cc, NULL));
	a_before = heard_by(a)->n;
	ck_assert_int_eq(cti_center_set_prompts(F.cc, nps), 0);
	ck_assert(cti_center_prompts_in_use(F.cc, old));
	ck_assert(cti_center_prompts_in_use(F.cc, nps)); /* the engine's */

	/* queues are checked against the new set from now on, as ever:
	 * a name it lacks is refused and nothing changes */
	q.music = "t/gone";
	ck_assert_int_eq(cti_center_queue_update(F.cc, &q), CTI_ENOENT);
	q.acd.name = "q2";
	ck_assert_int_eq(cti_center_queue_add(F.cc, &q), CTI_ENOENT);
	ck_assert_int_eq(cti_center_queue_get(F.cc, "q2",
					      &(struct cti_center_queue_info){
						      0 }),
			 CTI_ENOENT);
	q.acd.name = "q";
	q.music = "t/music";
	ck_assert_int_eq(cti_center_queue_update(F.cc, &q), 0);

	fx_run(2000);
	c = dial("100", &fc); /* after the change: the new set */
	d = dial("200", &fd);
	fx_run(3000);

	/* the old calls' audio continued across the change, sample for
	 * sample from the old set; the new ones hear only the new one */
	ck_assert_uint_gt(heard_by(a)->n, a_before + 5 * 8000);
	expect_stream(heard_by(a), old_long, LONG_N, 7 * 8000, "flow, old");
	expect_stream(heard_by(b), old_music, MUSIC_N, 7 * 8000,
		      "music, old");
	expect_stream(heard_by(c), new_long, LONG_N, 2 * 8000, "flow, new");
	expect_stream(heard_by(d), new_music, MUSIC_N, 2 * 8000,
		      "music, new");

	/* in use until both old calls are gone */
	ck_assert_int_eq(cti_call_clear(F.ctx, fa, 16), 0);
	fx_run(500);
	ck_assert_int_eq(fx_cfind(0, CTI_CENTER_EV_ENDED, a) >= 0, 1);
	ck_assert(cti_center_prompts_in_use(F.cc, old));
	ck_assert_int_eq(cti_call_clear(F.ctx, fb, 16), 0);
	fx_run(500);
	ck_assert_int_eq(fx_cfind(0, CTI_CENTER_EV_ENDED, b) >= 0, 1);
	ck_assert(!cti_center_prompts_in_use(F.cc, old));
	ck_assert(cti_center_prompts_in_use(F.cc, nps));

	/* freed while the new calls play on: ASan sees any pointer left */
	cti_prompts_free(old);
	F.ps = nps; /* fx_close frees it */
	fx_run(3000);
	expect_stream(heard_by(c), new_long, LONG_N, 5 * 8000,
		      "flow, new, later");
	expect_stream(heard_by(d), new_music, MUSIC_N, 5 * 8000,
		      "music, new, later");
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_ENDED), 2);
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_ERROR), 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, fc, 16), 0);
	ck_assert_int_eq(cti_call_clear(F.ctx, fd, 16), 0);
	fx_run(500);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
	cti_flow_free(flow);
}
END_TEST

static int16_t old_pos(uint32_t i)
{
	return (int16_t)(3000 + (int)(i * 7u % 1999u)); /* 1600 unlike */
}
static int16_t new_pos(uint32_t i)
{
	return (int16_t)(-3000 - (int)(i * 7u % 1999u));
}

/* Where in h the first 400 samples of f begin, from `from` on; -1. */
static int64_t find_run(const struct heard *h, int16_t (*f)(uint32_t),
			uint32_t from)
{
	for (uint32_t i = from; i + 400 <= h->n; i++) {
		uint32_t k = 0;

		while (k < 400 && h->s[i + k] == f(k))
			k++;
		if (k == 400)
			return i;
	}
	return -1;
}

/* h[from, to) after its first silent samples is old_music from k0 on
 * (looped), with no silence later: returns how far it got. */
static uint32_t music_run(const struct heard *h, uint32_t from, uint32_t to,
			  uint32_t k0)
{
	uint32_t i = from, k = k0;

	while (i < to && !h->s[i])
		i++;
	ck_assert_uint_lt(i, to);
	for (; i < to; i++, k++)
		ck_assert_msg(h->s[i] == old_music(k % MUSIC_N),
			      "music: sample %u is %d, not %d (%u)", i,
			      h->s[i], old_music(k % MUSIC_N), k);
	return k;
}

/* An idle session moves to the new set at once: a queued caller's next
 * position announcement comes from it while the music goes on from the
 * old one; then the music alone holds the old set, until the call ends. */
START_TEST(idle_session_moves_to_new_set)
{
	struct cti_center_queue_config q = { .acd = { .name = "q" },
					     .music = "t/music",
					     .first_announce_ms = 1000,
					     .announce_every_ms = 3000,
					     .announce_position = true };
	struct cti_center_route_config r = { .dnis = "200",
					     .target = "queue:q" };
	const char *dir =
		getenv("CTI_PROMPTS") ? getenv("CTI_PROMPTS") : "build/prompts";
	cti_prompts_t *old, *nps;
	cti_call_id_t fb;
	const struct heard *h;
	uint32_t b, at_change, one, k;
	int64_t first, second;

	memset(tapped, 0, sizeof(tapped));
	fx_open();
	old = F.ps;
	add(old, "t/music", old_music, MUSIC_N);
	add(old, "en/queue-position", old_pos, 1600);
	ck_assert_int_eq(cti_center_queue_add(F.cc, &q), 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	ck_assert_int_eq(cti_center_set_tap(F.cc, on_tap, NULL), 0);
	b = dial("200", &fb);
	fx_run(2500); /* the first announcement (at 1 s) is over */
	h = heard_by(b);
	first = find_run(h, old_pos, 0);
	ck_assert_int_ge(first, 0);

	ck_assert_int_eq(cti_prompts_new(&nps, NULL), 0);
	ck_assert_int_gt(cti_prompts_load_dir(nps, dir, NULL, 0), 100);
	add(nps, "t/music", new_music, MUSIC_N);
	add(nps, "en/queue-position", new_pos, 1600);
	at_change = h->n;
	ck_assert_int_eq(cti_center_set_prompts(F.cc, nps), 0);
	ck_assert(cti_center_prompts_in_use(F.cc, old)); /* the music */
	fx_run(3000); /* the second announcement, at 4 s */
	second = find_run(h, new_pos, at_change);
	ck_assert_int_ge(second, 0);
	ck_assert_int_eq(find_run(h, old_pos, (uint32_t)first + 1), -1);
	/* around the announcements ("position" then "1") the music is the
	 * old set's, going on where it left off */
	one = (uint32_t)cti_prompts_samples(old, "en/1");
	ck_assert_uint_gt(one, 0);
	ck_assert_uint_eq(cti_prompts_samples(nps, "en/1"), one);
	k = music_run(h, 0, (uint32_t)first, 0);
	k = music_run(h, (uint32_t)first + 1600 + one, (uint32_t)second, k);
	k = music_run(h, (uint32_t)second + 1600 + one, h->n, k);
	ck_assert_uint_gt(k, 3 * 8000);
	ck_assert_int_eq(cti_call_clear(F.ctx, fb, 16), 0);
	fx_run(500);
	ck_assert(!cti_center_prompts_in_use(F.cc, old));
	cti_prompts_free(old);
	F.ps = nps;
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	fx_close();
}
END_TEST

/* A flow keeps the set it started with to its end: its later steps
 * name prompts that set has (it was checked against it), which the new
 * set may lack. The set changes while it waits for a hook, its session
 * idle. */
START_TEST(flow_keeps_its_set_to_its_end)
{
	struct cti_center_route_config r = { .dnis = "100",
					     .target = "flow:f" };
	cti_prompts_t *old, *nps;
	cti_flow_t *flow;
	cti_call_id_t fa;
	uint32_t a;
	char why[128];

	memset(tapped, 0, sizeof(tapped));
	fx_open();
	old = F.ps;
	add(old, "t/a", old_music, 8000);
	add(old, "t/only-old", old_pos, 1600);
	ck_assert_msg(cti_flow_parse(&flow, "state start\n  play t/a\n  hook h\n"
					    "  play t/only-old\n  hangup\n",
				     "f.flow", old, why, sizeof(why), NULL) == 0,
		      "%s", why);
	ck_assert_int_eq(cti_center_flow_add(F.cc, "f", flow), 0);
	ck_assert_int_eq(cti_center_route_add(F.cc, &r), 0);
	ck_assert_int_eq(cti_center_set_tap(F.cc, on_tap, NULL), 0);
	a = dial("100", &fa);
	fx_run(1500); /* t/a played, the hook waits */
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_HOOK, a), 0);
	ck_assert_int_eq(cti_prompts_new(&nps, NULL), 0);
	add(nps, "t/a", new_music, 8000);
	ck_assert_int_eq(cti_center_set_prompts(F.cc, nps), 0);
	fx_run(100);
	ck_assert(cti_center_prompts_in_use(F.cc, old));
	ck_assert_int_eq(cti_center_hook_done(F.cc, a, "ok"), 0);
	fx_run(2000); /* t/only-old played, the flow hung up */
	ck_assert_int_eq(fx_ccount(CTI_CENTER_EV_ERROR), 0);
	ck_assert_int_ge(fx_cfind(0, CTI_CENTER_EV_ENDED, a), 0);
	ck_assert_int_ge(find_run(heard_by(a), old_pos, 0), 0);
	fx_run(500);
	ck_assert_uint_eq(cti_center_calls(F.cc), 0);
	ck_assert(!cti_center_prompts_in_use(F.cc, old));
	cti_prompts_free(old);
	F.ps = nps;
	fx_close();
	cti_flow_free(flow);
}
END_TEST

TCase *prompts_tcase(void);
TCase *prompts_tcase(void)
{
	TCase *tc = tcase_create("prompts");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, set_prompts_keeps_what_plays);
	tcase_add_test(tc, idle_session_moves_to_new_set);
	tcase_add_test(tc, flow_keeps_its_set_to_its_end);
	return tc;
}
