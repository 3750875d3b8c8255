// SPDX-License-Identifier: LGPL-2.1-or-later
/* Text helpers of the store: UTF-8 checks and cuts, numbers and times
 * formatted the same way by every exporter. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"

/* Length of the valid UTF-8 sequence at s (RFC 3629 table 3-7), 0 if
 * invalid or cut short by `left`. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > left)
		return 0;
	/* second byte ranges exclude overlongs, surrogates, > U+10FFFF */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

bool cti__utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (len) {
		n = utf8_seq(p, len);
		if (!n)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

void cti__store_copy_text(char *dst, size_t cap, const char *src, size_t len)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t n, used = 0;

	if (!cap)
		return;
	if (len >= cap) {
		/* keep whole characters only (or whole bytes if not UTF-8) */
		while (used < len) {
			n = utf8_seq(p + used, len - used);
			if (!n)
				n = 1;
			if (used + n > cap - 1)
				break;
			used += n;
		}
		len = used;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

void cti__fmt_double(char *buf, size_t cap, double v)
{
	double mag = fabs(v);
	int prec, digits;

	/* the shortest text that reads back exactly: 80 not 80.000...01 */
	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, cap, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/* ...but 90, not 9e+01: keep every integer digit below 1e17 */
	if (mag >= 1 && mag < 1e17) {
		digits = (int)floor(log10(mag)) + 1;
		if (prec < digits)
			prec = digits;
	}
	snprintf(buf, cap, "%.*g", prec, v);
}

void cti__fmt_time_utc(char *buf, size_t cap, int64_t epoch_ms)
{
	int64_t s = epoch_ms / 1000, ms = epoch_ms % 1000;
	struct tm tm;
	time_t t;

	if (ms < 0) {
		ms += 1000;
		s--;
	}
	t = (time_t)s;
	buf[0] = '\0';
	/* years 0..9999 only: a fixed-width ISO 8601 field */
	if (s < -62167219200LL || s > 253402300799LL || !gmtime_r(&t, &tm))
		return;
	snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, (int)ms);
}

static double pct(uint64_t part, uint64_t offered, uint64_t short_ab)
{
	if (offered <= short_ab)
		return -1;
	return 100.0 * (double)part / (double)(offered - short_ab);
}

void cti__store_summary_rates(struct cti_store_summary *s, double asa_total)
{
	s->service_level =
		pct(s->answered_in_sl, s->offered, s->short_abandoned);
	s->abandon_rate = pct(s->abandoned, s->offered, s->short_abandoned);
	s->asa_ms = s->answered ? llround(asa_total / (double)s->answered) : 0;
}
