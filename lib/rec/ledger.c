// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Ledger lines: formatting and signing for the recorder, and the parser
 * (outside input: a ledger may have been edited by anyone) for the
 * verifier, the recorder's restart and the fuzzer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cti/common.h"
#include "rec/ledger.h"

void cti__day_of(int64_t epoch_ms, char out[11])
{
	time_t t = (time_t)(epoch_ms / 1000 - (epoch_ms % 1000 < 0));
	struct tm tm;

	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0) {
		strcpy(out, "0000-00-00");
		return;
	}
	snprintf(out, 11, "%04u-%02u-%02u",
		 (unsigned)(tm.tm_year + 1900) % 10000,
		 (unsigned)(tm.tm_mon + 1) % 100, (unsigned)tm.tm_mday % 100);
}

bool cti__is_day(const char *s)
{
	int i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (s[i] < '0' || s[i] > '9') {
			return false;
		}
	}
	return s[10] == '\0';
}

int cti__ledger_format(char *out, uint64_t seq, int64_t epoch_ms,
		       const char *type, const char *body,
		       const uint8_t prev[32], const uint8_t signer_priv[32],
		       uint8_t hash[32])
{
	char ph[65], sh[129];
	uint8_t sig[64];
	int n, m;

	cti__hex(ph, prev, 32);
	n = snprintf(out, CTI__LEDGER_LINE_MAX, "%llu %lld %s%s%s prev=%s",
		     (unsigned long long)seq, (long long)epoch_ms, type,
		     *body ? " " : "", body, ph);
	if (n < 0 || n + 5 + 128 + 2 > CTI__LEDGER_LINE_MAX)
		return CTI_E2BIG;
	if (cti__ed25519_sign(signer_priv, out, (size_t)n, sig))
		return CTI_EIO;
	cti__hex(sh, sig, 64);
	m = snprintf(out + n, CTI__LEDGER_LINE_MAX - (size_t)n, " sig=%s", sh);
	cti__sha256(out, (size_t)(n + m), hash);
	out[n + m] = '\n';
	out[n + m + 1] = '\0';
	return n + m + 1;
}

const char *cti__ledger_get(const struct cti__ledger_entry *e, const char *k)
{
	unsigned i;

	const char *p = e->kvs;

	for (i = 0; i < e->n_kv; i++) {
		const char *v = p + strlen(p) + 1;

		if (!strcmp(p, k))
			return v;
		p = v + strlen(v) + 1;
	}
	return NULL;
}

static bool is_digits(const char *s, size_t n, bool sign)
{
	size_t i = 0;

	if (sign && n > 1 && s[0] == '-')
		i = 1;
	if (n == i || n - i > 19)
		return false;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int bad(struct cti__ledger *l, unsigned line, const char *reason)
{
	l->bad_line = line;
	snprintf(l->why, sizeof(l->why), "line %u: %s", line, reason);
	return 1;
}

struct cti__ledger_arena {
	struct cti__ledger_arena *next;
	size_t used, cap;
	char data[];
};

/* n bytes that stay where they are until cti__ledger_free(); NULL when
 * out of memory. */
static char *arena_take(struct cti__ledger *l, size_t n)
{
	struct cti__ledger_arena *a = l->arena;

	if (!a || a->cap - a->used < n) {
		size_t cap = n > 65536 ? n : 65536;

		a = malloc(sizeof(*a) + cap);
		if (!a)
			return NULL;
		a->next = l->arena;
		a->used = 0;
		a->cap = cap;
		l->arena = a;
	}
	a->used += n;
	return a->data + a->used - n;
}

/* One line (no newline) into e. 0, or 1 with l->why set. */
static int parse_line(struct cti__ledger *l, const char *s, size_t len,
		      unsigned line, struct cti__ledger_entry *e)
{
	const char *tok[CTI__LEDGER_MAX_KV + 6];
	size_t tl[CTI__LEDGER_MAX_KV + 6];
	unsigned nt = 0, i;
	size_t i0 = 0, k;
	char num[24], kvs[CTI__LEDGER_LINE_MAX];
	size_t kn = 0;

	memset(e, 0, sizeof(*e));
	e->line = line;
	e->text = s;
	e->len = len;
	if (len >= CTI__LEDGER_LINE_MAX)
		return bad(l, line, "longer than 1023 bytes");
	while (i0 < len) {
		k = i0;
		while (k < len && s[k] != ' ')
			k++;
		if (k == i0)
			return bad(l, line, "two spaces in a row");
		if (nt == (sizeof(tok) / sizeof(tok[0])))
			return bad(l, line, "too many fields");
		tok[nt] = s + i0;
		tl[nt++] = k - i0;
		i0 = k + 1;
		if (k + 1 == len)
			return bad(l, line, "trailing space");
	}
	if (nt < 5)
		return bad(l, line, "too few fields");
	if (!is_digits(tok[0], tl[0], false))
		return bad(l, line, "sequence number: not a number");
	memcpy(num, tok[0], tl[0]);
	num[tl[0]] = '\0';
	e->seq = strtoull(num, NULL, 10);
	if (!is_digits(tok[1], tl[1], true))
		return bad(l, line, "time: not a number");
	memcpy(num, tok[1], tl[1]);
	num[tl[1]] = '\0';
	e->epoch_ms = strtoll(num, NULL, 10);
	if (tl[2] == 0 || tl[2] >= sizeof(e->type))
		return bad(l, line, "type: empty or too long");
	for (k = 0; k < tl[2]; k++)
		if (tok[2][k] < 'a' || tok[2][k] > 'z')
			return bad(l, line, "type: not a-z");
	memcpy(e->type, tok[2], tl[2]);
	if (tl[nt - 2] != 5 + 64 || memcmp(tok[nt - 2], "prev=", 5) ||
	    cti__unhex(e->prev, tok[nt - 2] + 5, 32))
		return bad(l, line, "prev: not 64 hex digits");
	if (tl[nt - 1] != 4 + 128 || memcmp(tok[nt - 1], "sig=", 4) ||
	    cti__unhex(e->sig, tok[nt - 1] + 4, 64))
		return bad(l, line, "sig: not 128 hex digits");
	for (i = 3; i < nt - 2; i++) {
		const char *eq = memchr(tok[i], '=', tl[i]);
		size_t kl, vl;

		if (!eq || eq == tok[i])
			return bad(l, line, "expected key=value");
		if (e->n_kv == CTI__LEDGER_MAX_KV)
			return bad(l, line, "too many fields");
		kl = (size_t)(eq - tok[i]);
		vl = tl[i] - kl - 1;
		if (kl > CTI__LEDGER_KEY_MAX || vl > CTI__LEDGER_VAL_MAX)
			return bad(l, line, "key or value too long");
		for (k = 0; k < tl[i]; k++)
			if ((unsigned char)tok[i][k] < 0x21 ||
			    tok[i][k] == 0x7f)
				return bad(l, line, "control character");
		e->n_kv++;
		memcpy(kvs + kn, tok[i], kl);
		kvs[kn + kl] = '\0';
		kn += kl + 1;
		memcpy(kvs + kn, eq + 1, vl);
		kvs[kn + vl] = '\0';
		kn += vl + 1;
	}
	{
		char *dst = arena_take(l, kn ? kn : 1);

		if (!dst)
			return -1;
		memcpy(dst, kvs, kn);
		e->kvs = dst;
		e->kvs_len = (uint16_t)kn;
	}
	e->signed_len = (size_t)(tok[nt - 1] - s) - 1;
	cti__sha256(s, len, e->hash);
	return 0;
}

int cti__ledger_parse(const char *buf, size_t len, struct cti__ledger *l)
{
	size_t off = 0;
	unsigned line = 0;

	l->e = NULL;
	l->n = l->cap = 0;
	l->arena = NULL;
	l->partial_tail = false;
	l->good_len = 0;
	l->why[0] = '\0';
	l->bad_line = 0;
	while (off < len) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t ll;

		line++;
		if (!nl) {
			l->partial_tail = true;
			return 0;
		}
		ll = (size_t)(nl - (buf + off));
		if (l->n == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : 32;
			struct cti__ledger_entry *n =
				realloc(l->e, cap * sizeof(*n));

			if (!n)
				return CTI_ENOMEM;
			l->e = n;
			l->cap = cap;
		}
		switch (parse_line(l, buf + off, ll, line, &l->e[l->n])) {
		case 0:
			break;
		case 1:
			return 0;
		default:
			return CTI_ENOMEM;
		}
		l->n++;
		off += ll + 1;
		l->good_len = off;
	}
	return 0;
}

void cti__ledger_free(struct cti__ledger *l)
{
	while (l->arena) {
		struct cti__ledger_arena *a = l->arena;

		l->arena = a->next;
		free(a);
	}
	free(l->e);
	l->e = NULL;
	l->n = l->cap = 0;
}
