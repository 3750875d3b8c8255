// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * G.711: every one of the 65536 linear inputs and 256 codes of both laws
 * against tables built here from the standard's segment definitions
 * (ITU-T G.711 (11/88) Table 1: A-law, Table 2: mu-law), not from the
 * library's bit arithmetic.
 */
#include <math.h>

#include "cti/dsp.h"
#include "unit.h"

/* One quantisation interval [lo, hi) of the magnitude, in the law's own
 * units (A-law: 1/4096 of overload as 13-bit; mu-law: 14-bit). */
struct interval {
	double lo, hi, value;
	unsigned index; /* segment * 16 + step, 0..127 */
};

static struct interval alaw_iv[128], ulaw_iv[128];

/* G.711 Table 1: segments 0 and 1 have steps of 2 from 0 to 64; segment
 * s >= 2 spans 2^(s+4)..2^(s+5) in 16 steps of 2^s; the output is the
 * midpoint. */
static void build_alaw(void)
{
	for (unsigned seg = 0; seg < 8; seg++) {
		double base = seg < 2 ? 32.0 * seg : ldexp(1, (int)seg + 4);
		double step = seg < 2 ? 2.0 : ldexp(1, (int)seg);

		for (unsigned i = 0; i < 16; i++) {
			struct interval *iv = &alaw_iv[seg * 16 + i];

			iv->lo = base + i * step;
			iv->hi = iv->lo + step;
			iv->value = iv->lo + step / 2;
			iv->index = seg * 16 + i;
		}
	}
	alaw_iv[127].hi = INFINITY; /* overload */
}

/* G.711 Table 2: decision values 0, 1, 3, ..., 31 in segment 0 (value 0
 * for the first interval); segment s >= 1 starts at 2^(s+5) - 33 with
 * steps of 2^(s+1), ending at 8159 (overload above). */
static void build_ulaw(void)
{
	for (unsigned seg = 0; seg < 8; seg++) {
		double step = ldexp(1, (int)seg + 1);
		double base = seg ? ldexp(1, (int)seg + 5) - 33 : -1;

		for (unsigned i = 0; i < 16; i++) {
			struct interval *iv = &ulaw_iv[seg * 16 + i];

			iv->lo = base + i * step;
			iv->hi = iv->lo + step;
			iv->value = iv->lo + step / 2;
			iv->index = seg * 16 + i;
		}
	}
	ulaw_iv[0].lo = 0;
	ulaw_iv[0].value = 0;
	ulaw_iv[127].hi = INFINITY;
}

static const struct interval *find(const struct interval *t, double mag)
{
	for (int i = 0; i < 128; i++)
		if (mag >= t[i].lo && mag < t[i].hi)
			return &t[i];
	return NULL;
}

/* Magnitude of a 16-bit sample as the ITU-T G.191 reference takes it. */
static double mag16(int s)
{
	return s >= 0 ? s : -s - 1;
}

START_TEST(alaw_full_encode_table)
{
	build_alaw();
	for (int s = -32768; s <= 32767; s++) {
		const struct interval *iv = find(alaw_iv, mag16(s) / 8.0);
		unsigned want;

		ck_assert_ptr_nonnull(iv);
		/* sign bit 1 for positive, even bits inverted (Table 1 note) */
		want = ((s >= 0 ? 0x80u : 0u) | iv->index) ^ 0x55u;
		ck_assert_msg(cti_alaw_encode((int16_t)s) == want,
			      "A-law encode %d: got 0x%02x want 0x%02x", s,
			      cti_alaw_encode((int16_t)s), want);
	}
}
END_TEST

START_TEST(alaw_full_decode_table)
{
	build_alaw();
	for (unsigned c = 0; c < 256; c++) {
		unsigned v = c ^ 0x55u;
		double want = alaw_iv[v & 0x7F].value * 8;

		if (!(v & 0x80))
			want = -want;
		ck_assert_int_eq(cti_alaw_decode((uint8_t)c), (int)want);
		/* decoding then encoding is the identity on codes */
		ck_assert_uint_eq(cti_alaw_encode(cti_alaw_decode((uint8_t)c)),
				  c);
	}
}
END_TEST

START_TEST(ulaw_full_encode_table)
{
	build_ulaw();
	for (int s = -32768; s <= 32767; s++) {
		const struct interval *iv = find(ulaw_iv, mag16(s) / 4.0);
		unsigned want;

		ck_assert_ptr_nonnull(iv);
		/* all bits inverted; positive 0 is 0xFF, negative 0 is 0x7F */
		want = (s >= 0 ? 0xFFu : 0x7Fu) - iv->index;
		ck_assert_msg(cti_ulaw_encode((int16_t)s) == want,
			      "mu-law encode %d: got 0x%02x want 0x%02x", s,
			      cti_ulaw_encode((int16_t)s), want);
	}
}
END_TEST

START_TEST(ulaw_full_decode_table)
{
	build_ulaw();
	for (unsigned c = 0; c < 256; c++) {
		unsigned idx = 0x7Fu - (c & 0x7Fu);
		double want = ulaw_iv[idx].value * 4;

		if (!(c & 0x80))
			want = -want;
		ck_assert_int_eq(cti_ulaw_decode((uint8_t)c), (int)want);
		if (c != 0x7F) /* negative zero re-encodes as positive zero */
			ck_assert_uint_eq(
				cti_ulaw_encode(cti_ulaw_decode((uint8_t)c)),
				c);
	}
}
END_TEST

/* G.711 Tables 5 and 6: the digital milliwatt is a 1 kHz sine at 0 dBm0;
 * its power through our decoder checks the dBm0 reference of dsp.h. */
START_TEST(digital_milliwatt_is_0_dbm0)
{
	static const uint8_t alaw_dmw[8] = { 0x34, 0x21, 0x21, 0x34,
					     0xB4, 0xA1, 0xA1, 0xB4 };
	static const uint8_t ulaw_dmw[8] = { 0x1E, 0x0B, 0x0B, 0x1E,
					     0x9E, 0x8B, 0x8B, 0x9E };
	int16_t lin[8];

	ck_assert_int_eq(cti_g711_decode(CTI_PCM_ALAW, lin, alaw_dmw, 8), 0);
	ck_assert_double_eq_tol(cti_power_dbm0(lin, 8), 0.0, 0.1);
	ck_assert_int_eq(cti_g711_decode(CTI_PCM_ULAW, lin, ulaw_dmw, 8), 0);
	ck_assert_double_eq_tol(cti_power_dbm0(lin, 8), 0.0, 0.1);
}
END_TEST

START_TEST(buffer_api_checks_arguments)
{
	int16_t lin[4] = { 0, 1000, -1000, 32767 };
	uint8_t g[4];

	ck_assert_int_eq(cti_g711_encode(7, g, lin, 4), CTI_EINVAL);
	ck_assert_int_eq(cti_g711_decode(CTI_PCM_S16, lin, g, 4), CTI_EINVAL);
	ck_assert_int_eq(cti_g711_encode(CTI_PCM_ALAW, NULL, lin, 4),
			 CTI_EINVAL);
	ck_assert_int_eq(cti_g711_encode(CTI_PCM_ALAW, NULL, NULL, 0), 0);
	ck_assert_int_eq(cti_g711_encode(CTI_PCM_ULAW, g, lin, 4), 0);
	ck_assert_uint_eq(g[0], 0xFF);
	ck_assert_uint_eq(g[3], 0x80);
	ck_assert_int_eq(cti_g711_encode(CTI_PCM_ALAW, g, lin, 4), 0);
	ck_assert_uint_eq(g[0], 0xD5);
	ck_assert_uint_eq(g[3], 0xAA);
}
END_TEST

TCase *dsp_g711_tcase(void);
TCase *dsp_g711_tcase(void)
{
	TCase *tc = tcase_create("g711");

	tcase_add_test(tc, alaw_full_encode_table);
	tcase_add_test(tc, alaw_full_decode_table);
	tcase_add_test(tc, ulaw_full_encode_table);
	tcase_add_test(tc, ulaw_full_decode_table);
	tcase_add_test(tc, digital_milliwatt_is_0_dbm0);
	tcase_add_test(tc, buffer_api_checks_arguments);
	return tc;
}
