// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A look at a received D-channel frame before libpri parses it: libpri
 * 1.6 keeps at most 31 digits of a party number (PRI_MAX_NUMBER_LEN) and
 * drops the rest without a word, so only the frame itself tells that a
 * far end sent a longer one. ITU-T Q.921 clause 3 (frame format), Q.931
 * clause 4 (message format), 4.5.8/4.5.10 (called/calling party number),
 * Q.952 (redirecting number).
 */
#include "pri/pri.h"

#define PD_Q931	     0x08
#define MT_SETUP     0x05
#define IE_CALLING   0x6C
#define IE_CALLED    0x70
#define IE_REDIRECTN 0x74
#define MAX_DIGITS   31 /* libpri's and cti_number's */

/* Digits of a number IE: what follows octet 3 and its extensions (the
 * octet with bit 8 set ends them). */
static int number_digits(const uint8_t *c, int len)
{
	int i = 0;

	while (i < len && !(c[i] & 0x80))
		i++;
	return i < len ? len - i - 1 : 0;
}

uint32_t cti__pri_scan_setup(const uint8_t *f, int len, int *cref)
{
	uint32_t flags = 0;
	int q, crlen, i, end = len - 2; /* the 2 FCS octets */

	if (end < 3)
		return 0;
	/* Q.921: I frame (control bit 1 = 0, 2 octets) or UI (0x03) */
	if (!(f[2] & 0x01))
		q = 4;
	else if ((f[2] & 0xEF) == 0x03)
		q = 3;
	else
		return 0;
	if (end < q + 3 || f[q] != PD_Q931)
		return 0;
	crlen = f[q + 1] & 0x0F;
	if (crlen < 1 || crlen > 2 || end < q + 3 + crlen)
		return 0;
	/* as libpri numbers calls (q931.c q931_cr) */
	if (crlen == 2)
		*cref = (f[q + 2] << 8) | f[q + 3];
	else
		*cref = (f[q + 2] & 0x7F) | ((f[q + 2] & 0x80) ? 0x8000 : 0);
	if (f[q + 2 + crlen] != MT_SETUP)
		return 0;
	for (i = q + 3 + crlen; i < end;) {
		int id = f[i], l;

		if (id & 0x80) { /* single octet IE */
			if ((id & 0xF0) == 0x90)
				break; /* shift: other codesets follow */
			i++;
			continue;
		}
		if (i + 1 >= end)
			break;
		l = f[i + 1];
		if (i + 2 + l > end)
			break;
		if (number_digits(f + i + 2, l) > MAX_DIGITS) {
			if (id == IE_CALLING)
				flags |= CTI_CALL_FLAG_ANI_TRUNCATED;
			else if (id == IE_CALLED)
				flags |= CTI_CALL_FLAG_DNIS_TRUNCATED;
			else if (id == IE_REDIRECTN)
				flags |= CTI_CALL_FLAG_REDIRECTING_TRUNCATED;
		}
		i += 2 + l;
	}
	return flags;
}
