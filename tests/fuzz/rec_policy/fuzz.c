// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Recording policy files (lib/rec/policy.c) parsed from any bytes: a
 * refused file says "name:line: field: reason"; an accepted one decides
 * for a few calls without reading out of bounds.
 */
#include "cti/cti.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const q[] = { "", "vip", "trading" };
	static const char *const d[] = { "", "95588", "955881", "800" };
	cti_rec_policy_t *p;
	struct cti_rec_decision dec;
	struct cti_rec_meta m;
	char why[200];
	int rc = cti_rec_policy_parse(&p, (const char *)data, size, "f.conf",
				      why, sizeof(why), NULL);

	FZ_CHECK(memchr(why, 0, sizeof(why)));
	if (rc) {
		FZ_CHECK(rc == CTI_EFORMAT || rc == CTI_ENOMEM);
		FZ_CHECK(!p);
		FZ_CHECK(rc == CTI_ENOMEM || !strncmp(why, "f.conf:", 7));
		return 0;
	}
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < 4; j++) {
			FZ_CHECK(cti_rec_policy_decide(p, q[i], d[j], &dec) ==
				 0);
			FZ_CHECK(dec.channels == 1 || dec.channels == 2);
			FZ_CHECK(memchr(dec.announce, 0, sizeof(dec.announce)));
			cti_rec_policy_meta(&dec, 1, "1", d[j], "a", q[i],
					    "A-1", &m);
		}
	cti_rec_policy_free(p);
	return 0;
}
