/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Per-day ledgers (docs/recording.md, "Ledger"): text files of signed,
 * hash-chained entries, one a line:
 *
 *   SEQ EPOCH_MS TYPE key=value ... prev=HEX64 sig=HEX128
 *
 * prev is the SHA-256 of the previous entry's whole line (the previous
 * day's last line for a day's first entry; 64 zeros for the very first);
 * sig is Ed25519 over the line up to, not including, " sig=".
 */
#ifndef CTI_REC_LEDGER_H
#define CTI_REC_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rec/crypto.h"

#define CTI__LEDGER_LINE_MAX 1024
#define CTI__LEDGER_MAX_KV   16

#define CTI__LEDGER_KEY_MAX 15  /* bytes of a key */
#define CTI__LEDGER_VAL_MAX 159 /* bytes of a value */

/* An entry keeps its keys and values as "k\0v\0k\0v\0..." in its
 * ledger's arena: a few hundred bytes an entry, so a verifier can hold
 * the ledgers of hundreds of thousands of recordings. */
struct cti__ledger_entry {
	unsigned line; /* 1-based line number in its file */
	uint16_t n_kv;
	uint16_t kvs_len;
	uint64_t seq;
	int64_t epoch_ms;
	char type[12];
	const char *kvs;
	uint8_t prev[32];
	uint8_t sig[64];
	uint8_t hash[32];  /* SHA-256 of the line without its newline */
	size_t signed_len; /* bytes the signature covers */
	const char *text;  /* the line in the parsed buffer */
	size_t len;	   /* without the newline */
};

struct cti__ledger_arena; /* ledger.c */

/* A day's ledger in memory. */
struct cti__ledger {
	char day[11];
	struct cti__ledger_entry *e;
	size_t n, cap;
	struct cti__ledger_arena *arena; /* the entries' keys and values */
	bool partial_tail; /* the last line has no newline */
	size_t good_len;   /* bytes of whole lines */
	char why[200];	   /* first malformed line: "line N: reason" */
	unsigned bad_line; /* 0: every line well formed */
};

/*
 * Parse ledger text (a file's contents, or a fuzzer's input). Lines that
 * are malformed stop the parse: bad_line/why say which and why; what came
 * before is kept. Returns 0 or CTI_ENOMEM. Signatures and the chain are
 * checked by the verifier, not here.
 */
int cti__ledger_parse(const char *buf, size_t len, struct cti__ledger *l);
void cti__ledger_free(struct cti__ledger *l);

/* A value of an entry, or NULL. */
const char *cti__ledger_get(const struct cti__ledger_entry *e, const char *k);

/*
 * Format and sign one entry: "SEQ EPOCH TYPE body prev=.. sig=..\n" into
 * out (CTI__LEDGER_LINE_MAX). `body` is "k=v k=v". Returns its length
 * (with the newline) and its hash in hash, or CTI_E2BIG / CTI_EIO.
 */
int cti__ledger_format(char *out, uint64_t seq, int64_t epoch_ms,
		       const char *type, const char *body,
		       const uint8_t prev[32], const uint8_t signer_priv[32],
		       uint8_t hash[32]);

/* "YYYY-MM-DD" of a UTC instant into out[11]. */
void cti__day_of(int64_t epoch_ms, char out[11]);
/* Is s a well-formed "YYYY-MM-DD"? */
bool cti__is_day(const char *s);

#endif /* CTI_REC_LEDGER_H */
