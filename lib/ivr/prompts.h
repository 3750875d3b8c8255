/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Prompt set internals shared by the IVR session. */
#ifndef CTI_IVR_PROMPTS_H
#define CTI_IVR_PROMPTS_H

#include "cti/ivr.h"

struct cti__prompt {
	char *name;
	int16_t *s; /* 8 kHz linear */
	size_t n;
};

struct cti_prompts {
	struct cti__prompt *p;
	size_t n, cap;
	cti_ctx_t *ctx; /* log sink, or NULL */
};

/* The prompt called name, or NULL. */
const struct cti__prompt *cti__prompt_find(const cti_prompts_t *ps,
					   const char *name);

/* True while the session collects a secret (a PIN, a password): the
 * call-centre engine keeps that stretch out of a call's recording. */
bool cti__ivr_secret_collecting(const cti_ivr_t *ivr);
/* True while the session collects anything: digits keyed otherwise are
 * type-ahead for the next collect (which may be a secret's). */
bool cti__ivr_collecting(const cti_ivr_t *ivr);
/* Look the session's prompt names up in ps from its next play or
 * collect on (the call-centre engine's new set after a reload). 0, or
 * CTI_EBUSY while a play, collect or recording runs (it keeps its set),
 * CTI_EINVAL. */
int cti__ivr_set_prompts(cti_ivr_t *ivr, cti_prompts_t *ps);

#endif
