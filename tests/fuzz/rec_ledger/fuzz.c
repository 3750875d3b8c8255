// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ledger parser (lib/rec/ledger.c) on any text, then what the
 * verifier does with each entry: its fields, its signature under the key
 * its day's first line names. A malformed line must be named "line N:
 * reason", and nothing read past the input.
 */
#include "cti/cti.h"
#include "fuzz.h"
#include "rec/ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct cti__ledger l;
	uint8_t pub[32] = { 0 };
	size_t i;
	int rc = cti__ledger_parse(buf, size, &l);

	FZ_CHECK(rc == 0 || rc == CTI_ENOMEM);
	if (rc)
		return 0;
	FZ_CHECK(l.good_len <= size);
	FZ_CHECK(!l.bad_line || !strncmp(l.why, "line ", 5));
	for (i = 0; i < l.n; i++) {
		const struct cti__ledger_entry *e = &l.e[i];
		const char *p = cti__ledger_get(e, "pub");

		FZ_CHECK(e->text >= buf && e->text + e->len <= buf + size);
		FZ_CHECK(e->signed_len < e->len);
		FZ_CHECK(e->n_kv <= CTI__LEDGER_MAX_KV);
		if (p && strlen(p) == 64)
			cti__unhex(pub, p, 32);
		cti__ed25519_verify(pub, e->text, e->signed_len, e->sig);
		cti__ledger_get(e, "id");
	}
	cti__ledger_free(&l);
	return 0;
}
