// SPDX-License-Identifier: LGPL-2.1-or-later
/* CRC-4 (G.704 2.3.3.5) and CRC-6 (G.704 2.1.3.1.3): hand-checked
 * remainders, the octet tables against bit-serial division, and the C bits
 * the framers send against the blocks they sent. */
#include "fx.h"
#include "framer/tables.h"
#include "framer/bits.h"

/* x^4 mod (x^4 + x + 1) = x + 1: a block ending in a single 1 has
 * C1..C4 = 0011; ending in 10, x^5 mod g = x^2 + x = 0110. */
START_TEST(crc4_hand)
{
	u8 b[256] = { 0 };

	cf_tables_init();
	b[255] = 0x01;
	ck_assert_uint_eq(cf_crc_bits(b, 2048, 0x3, 4), 0x3);
	b[255] = 0x02;
	ck_assert_uint_eq(cf_crc_bits(b, 2048, 0x3, 4), 0x6);
	/* x^6 mod (x^6 + x + 1) = x + 1; x^7 mod g = x^2 + x */
	b[255] = 0x01;
	ck_assert_uint_eq(cf_crc_bits(b, 2048, 0x3, 6), 0x3);
	b[255] = 0x02;
	ck_assert_uint_eq(cf_crc_bits(b, 2048, 0x3, 6), 0x6);
}
END_TEST

START_TEST(tables_match_serial)
{
	u8 b[64];
	unsigned int i, n;

	cf_tables_init();
	for (n = 1; n <= sizeof(b); n++) {
		u8 r4 = 0, r6 = 0;

		for (i = 0; i < n; i++)
			b[i] = (u8)(i * 73 + n);
		for (i = 0; i < n; i++) {
			r4 = cf_tab.crc4[r4 ^ b[i]];
			r6 = cf_tab.crc6[r6 ^ b[i]];
		}
		ck_assert_uint_eq(r4 >> 4, cf_crc_bits(b, 8 * n, 0x3, 4));
		ck_assert_uint_eq(r6 >> 2, cf_crc_bits(b, 8 * n, 0x3, 6));
	}
}
END_TEST

/* The E1 transmitter's C1..C4 in SMF N are the CRC-4 of SMF N-1 with its
 * C bit positions set to 0 (G.704 2.3.3.5.2). AMI: marks are the bits. */
START_TEST(e1_tx_cbits)
{
	struct cf_config c = fx_e1_crc4;
	static struct cf_port p;
	static struct cf_wire w;
	static u8 st[5 * 256 + 1];
	u8 fr[8][CF_MAX_TS], prev[256];
	unsigned int i, k, smf;

	c.code = CF_CODE_AMI;
	cf_port_init(&p, &c);
	for (i = 0; i < 8; i++)
		for (k = 0; k < CF_MAX_TS; k++)
			fr[i][k] = (u8)(i * 31 + k * 7);
	for (smf = 0; smf < 5; smf++) {
		w.nbits = 0;
		cf_tx_frames(&p, (const u8(*)[CF_MAX_TS])fr, 8, &w);
		ck_assert_uint_eq(w.nbits, 2048);
		memcpy(st + smf * 256, w.mark, 256);
	}
	/* SMF s starts one octet (the coder delay) after call s began */
	for (smf = 1; smf < 4; smf++) {
		const u8 *cur = st + smf * 256 + 1;
		u8 cb = 0;

		memcpy(prev, st + (smf - 1) * 256 + 1, 256);
		/* C1..C4 are Si of the FAS frames 0, 2, 4, 6 */
		for (i = 0; i < 4; i++) {
			cb = (u8)((cb << 1) | (cur[64 * i] >> 7));
			ck_assert_uint_eq(cur[64 * i] & 0x7f, 0x1b);
			prev[64 * i] &= 0x7f;
		}
		ck_assert_uint_eq(cb, cf_crc_bits(prev, 2048, 0x3, 4));
	}
}
END_TEST

TCase *framer_crc_tcase(void)
{
	TCase *tc = tcase_create("crc");

	tcase_add_test(tc, crc4_hand);
	tcase_add_test(tc, tables_match_serial);
	tcase_add_test(tc, e1_tx_cbits);
	return tc;
}
