// SPDX-License-Identifier: LGPL-2.1-or-later
/* Line codes: hand-encoded vectors by the rules of ITU-T G.703 annex A
 * (HDB3) and ANSI T1.102 (B8ZS, AMI); decoding and violation counts. */
#include "fx.h"
#include "framer/linecode.h"

static struct cf_wire w;

static void enc(enum cf_code code, const u8 *d, unsigned int n)
{
	struct cf_encoder e;

	cf_encoder_init(&e, code);
	w.nbits = 0;
	cf_encode(&e, d, n, &w);
}

/* G.703 A.2: HDB3, the first pulse positive.
 * data    1 0000 1 1 0000 0000 1
 * symbols + 000V(+) - + B00V(- 0 0 -) B00V(+ 0 0 +) -
 * (odd number of pulses since the last V gives 000V, even gives B00V) */
START_TEST(hdb3_vector)
{
	const u8 d[3] = { 0x86, 0x01, 0xff };

	enc(CF_CODE_HDB3, d, 24);
	ck_assert_uint_eq(w.nbits, 24);
	/* the coder delays by 8 symbols */
	ck_assert_uint_eq(w.mark[0], 0);
	ck_assert_uint_eq(w.mark[1], 0x8f);
	ck_assert_uint_eq(w.mark[2], 0x33);
	ck_assert_uint_eq(w.pol[1], 0x8a);
	ck_assert_uint_eq(w.pol[2], 0x12);
}
END_TEST

/* T1.102 / G.703 5.1: B8ZS, 8 zeros after a + pulse become 000+-0-+
 * data    1 00000000 1111111
 * symbols + 000+-0-+ -+-+-+- */
START_TEST(b8zs_vector)
{
	const u8 d[3] = { 0x80, 0x7f, 0xff };

	enc(CF_CODE_B8ZS, d, 24);
	ck_assert_uint_eq(w.mark[1], 0x8d);
	ck_assert_uint_eq(w.mark[2], 0xff);
	ck_assert_uint_eq(w.pol[1], 0x88);
	ck_assert_uint_eq(w.pol[2], 0xaa);
}
END_TEST

/* AMI: ones alternate, zeros are no pulse: 10100101 = + 0 - 0 0 + 0 - */
START_TEST(ami_vector)
{
	const u8 d[2] = { 0xa5, 0x00 };

	enc(CF_CODE_AMI, d, 16);
	ck_assert_uint_eq(w.mark[1], 0xa5);
	ck_assert_uint_eq(w.pol[1], 0x84);
}
END_TEST

static void roundtrip(enum cf_code code, bool t1, bool sparse)
{
	struct cf_encoder e;
	struct cf_decoder dd;
	u8 d[200], out[CF_WIRE_MAXBITS / 8 + 4];
	unsigned int i, n = 1544;
	u32 r = 12345;

	for (i = 0; i < sizeof(d); i++) {	/* long zero runs and ones */
		r = r * 1103515245 + 12345;
		if (sparse)	/* every run length, mostly zeros */
			d[i] = (r >> 16) % 3 ? 0 : (u8)(1u << ((r >> 20) & 7));
		else
			d[i] = (u8)(i % 7 == 0 ? 0 : i % 5 == 0 ? 0x80 : i * 13);
	}
	cf_encoder_init(&e, code);
	cf_decoder_init(&dd, code, t1);
	w.nbits = 0;
	cf_encode(&e, d, n, &w);
	cf_decode(&dd, &w, out);
	/* 8 symbols delay each way */
	for (i = 0; i + 2 < n / 8; i++)
		ck_assert_uint_eq(out[i + 2], d[i]);
	ck_assert_uint_eq(dd.bpv, 0);
	if (code != CF_CODE_AMI)	/* substitutions leave no EXZ */
		ck_assert_uint_eq(dd.exz, 0);
}

START_TEST(roundtrips)
{
	unsigned int s;

	for (s = 0; s < 2; s++) {
		roundtrip(CF_CODE_HDB3, false, s);
		roundtrip(CF_CODE_B8ZS, true, s);
		roundtrip(CF_CODE_AMI, true, s);
		roundtrip(CF_CODE_AMI, false, s);
	}
}
END_TEST

/* Appending at an unaligned bit position keeps the symbols. */
START_TEST(append_unaligned)
{
	struct cf_encoder e;
	u8 d[4] = { 0xa5, 0x5a, 0xff, 0x00 };

	cf_encoder_init(&e, CF_CODE_AMI);
	w.nbits = 0;
	cf_encode(&e, d, 12, &w);
	cf_encode(&e, d + 2, 12, &w);
	ck_assert_uint_eq(w.nbits, 24);
	/* 8 zeros of delay, a5 then the top nibble of 5a, then ff... */
	ck_assert_uint_eq(w.mark[1], 0xa5);
	ck_assert_uint_eq(w.mark[2], 0x5f);
}
END_TEST

/* T1.231: a pulse of the same polarity as the last is a BPV; in HDB3 the
 * V of 000V is not; 16 zeros in T1 AMI are an EXZ. */
START_TEST(violations)
{
	struct cf_decoder dd;
	u8 out[16];

	memset(&w, 0, sizeof(w));
	w.nbits = 64;
	memset(w.mark, 0xff, 4);	/* + - + - ... settles the decoder */
	memset(w.pol, 0xaa, 4);
	w.mark[4] = 0xa0;	/* + 0 + : violation */
	w.pol[4] = 0xa0;
	cf_decoder_init(&dd, CF_CODE_AMI, true);
	cf_decode(&dd, &w, out);
	ck_assert_uint_eq(dd.bpv, 1);
	ck_assert_uint_eq(dd.exz, 1);	/* then 29 zeros */

	/* T1.231 EXZ in T1 AMI: 16 zeros after plain pulses */
	memset(&w, 0, sizeof(w));
	w.nbits = 56;
	memset(w.mark, 0xff, 4);
	memset(w.pol, 0xaa, 4);
	cf_decoder_init(&dd, CF_CODE_AMI, true);
	cf_decode(&dd, &w, out);
	ck_assert_uint_eq(dd.exz, 1);
	ck_assert_uint_eq(dd.bpv, 0);

	/* a violation right after start is not counted (the far end may
	 * have been running with either polarity) */
	memset(&w, 0, sizeof(w));
	w.nbits = 32;
	w.mark[0] = 0xa0;
	w.pol[0] = 0x00;	/* - 0 - */
	cf_decoder_init(&dd, CF_CODE_AMI, true);
	cf_decode(&dd, &w, out);
	ck_assert_uint_eq(dd.bpv, 0);
	memset(&w, 0, sizeof(w));
	w.nbits = 32;
	w.mark[0] = 0x88;	/* + 000+ : HDB3 000V */
	w.pol[0] = 0x88;
	w.mark[1] = 0x40;	/* then - */
	w.pol[1] = 0x00;
	cf_decoder_init(&dd, CF_CODE_HDB3, false);
	cf_decode(&dd, &w, out);
	ck_assert_uint_eq(dd.bpv, 0);
	ck_assert_uint_eq(out[1], 0x80);	/* 1 0000 0 1.. delayed */
}
END_TEST

START_TEST(los_run)
{
	struct cf_decoder dd;
	u8 out[CF_WIRE_MAXBITS / 8 + 4];

	memset(&w, 0, sizeof(w));
	w.nbits = 191;
	w.mark[0] = 0x80;
	cf_decoder_init(&dd, CF_CODE_HDB3, false);
	cf_decode(&dd, &w, out);
	ck_assert(!dd.los_seen);	/* 190 zeros */
	w.mark[0] = 0;
	w.nbits = 2;
	cf_decode(&dd, &w, out);
	ck_assert(dd.los_seen);		/* 192 (G.775) */
}
END_TEST

TCase *framer_linecode_tcase(void)
{
	TCase *tc = tcase_create("linecode");

	tcase_add_test(tc, hdb3_vector);
	tcase_add_test(tc, b8zs_vector);
	tcase_add_test(tc, ami_vector);
	tcase_add_test(tc, roundtrips);
	tcase_add_test(tc, append_unaligned);
	tcase_add_test(tc, violations);
	tcase_add_test(tc, los_run);
	return tc;
}
