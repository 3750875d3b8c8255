// SPDX-License-Identifier: LGPL-2.1-or-later
/* Conferences: sets of calls whose audio libcti mixes (see audio.c). */
#include <stdlib.h>

#include "call/call.h"
#include "call/fsm.h"

static struct cti__conf *conf_find(struct cti__mgr *m, uint32_t id)
{
	for (struct cti__conf *f = m->confs; f; f = f->next)
		if (f->id == id)
			return f;
	return NULL;
}

static void conf_free(struct cti__mgr *m, struct cti__conf *f)
{
	for (struct cti__conf **pp = &m->confs; *pp; pp = &(*pp)->next) {
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	}
	free(f);
}

void cti__conf_remove(struct cti__call *c)
{
	struct cti__conf *f = c->conf;

	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		if (f->members[i] == c) {
			f->members[i] = f->members[--f->n];
			break;
		}
	}
	c->conf = NULL;
	if (cti__call_fsm_can(c, CTI__CE_CONF_LEAVE))
		cti__call_fsm(c, CTI__CE_CONF_LEAVE);
	/* one member left talks to no one: back to a plain call */
	if (f->n == 1) {
		struct cti__call *last = f->members[0];

		last->conf = NULL;
		if (cti__call_fsm_can(last, CTI__CE_CONF_LEAVE))
			cti__call_fsm(last, CTI__CE_CONF_LEAVE);
		f->n = 0;
	}
	if (f->n == 0)
		conf_free(c->mgr, f);
}

CTI_EXTERN int cti_call_conference(cti_ctx_t *ctx, const cti_call_id_t *ids,
				   size_t n, uint32_t *conf)
{
	struct cti__mgr *m = cti__mgr_get(ctx);
	struct cti__call *calls[CTI__CONF_MAX];
	struct cti__conf *f = NULL;
	size_t joining = 0;

	if (!m)
		return CTI_ENOMEM;
	if (!ids || !conf || n == 0 || n > CTI__CONF_MAX)
		return n > CTI__CONF_MAX ? CTI_ENOSPC : CTI_EINVAL;
	if (*conf) {
		f = conf_find(m, *conf);
		if (!f)
			return CTI_ENOENT;
	} else if (n < 2) {
		return CTI_EINVAL;
	}
	/* validate everything before changing anything */
	for (size_t i = 0; i < n; i++) {
		calls[i] = cti__call_find(ctx, ids[i]);
		if (!calls[i])
			return CTI_ENOENT;
		for (size_t j = 0; j < i; j++)
			if (calls[j] == calls[i])
				return CTI_EINVAL;
		if (!cti__call_fsm_can(calls[i], CTI__CE_CONF_JOIN) ||
		    (calls[i]->conf && calls[i]->conf != f))
			return CTI_ESTATE;
		if (!calls[i]->conf)
			joining++;
	}
	if ((f ? f->n : 0) + joining > CTI__CONF_MAX)
		return CTI_ENOSPC;
	if (!f) {
		f = calloc(1, sizeof(*f));
		if (!f)
			return CTI_ENOMEM;
		f->id = m->next_conf_id++;
		f->next = m->confs;
		m->confs = f;
	}
	for (size_t i = 0; i < n; i++) {
		struct cti__call *c = calls[i];

		if (c->conf)
			continue;
		c->conf = f;
		cti__call_fsm(c, CTI__CE_CONF_JOIN);
		f->members[f->n++] = c;
		cti__call_emit_related(c, CTI_EVENT_CALL_CONFERENCED, 0, f->id);
	}
	*conf = f->id;
	return 0;
}

CTI_EXTERN int cti_call_unconference(cti_ctx_t *ctx, cti_call_id_t id)
{
	struct cti__call *c = cti__call_find(ctx, id);

	if (!c)
		return CTI_ENOENT;
	if (!c->conf || !cti__call_fsm_can(c, CTI__CE_CONF_LEAVE))
		return CTI_ESTATE;
	cti__conf_remove(c);
	cti__call_emit(c, CTI_EVENT_CALL_RETRIEVED);
	return 0;
}
