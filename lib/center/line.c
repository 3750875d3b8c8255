// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Nailed-up agents: the engine calls the agent's extension at login and
 * keeps that call up all shift (trading desks work so). An ACD offer to
 * the agent is answered at once on the agent's behalf: the caller is
 * joined to the line, the agent hearing a 200 ms zip tone first. The
 * call ending lets go of the line, which stays up; the line dropping
 * ends the call on it and puts the agent NOT_READY.
 */
#include <stdio.h>
#include <string.h>

#include "center/center.h"
#include "core/ctx.h"

#define ZIP_SAMPLES 1600 /* 200 ms */

int cc__line_open(cti_center_t *cc, int a)
{
	const struct cc_ext *x = &cc->exts[cc->agents[a].ext];
	struct cti_call_params p = { 0 };
	struct cc_leg *l;
	cti_call_id_t id = 0;
	int rc = CTI_ENOENT;

	snprintf(p.dnis.digits, sizeof(p.dnis.digits), "%s", x->number);
	for (uint32_t s = 0; s < cc->trunks[x->trunk].n_spans && rc; s++) {
		p.span = cc->trunks[x->trunk].spans[s];
		rc = cti_call_make(cc->ctx, &id, &p);
	}
	if (rc)
		return rc;
	l = cc__leg_new(cc, NULL, id, LEG_AGENT);
	if (!l) {
		cti_call_clear(cc->ctx, id, CTI_CAUSE_TEMPORARY_FAILURE);
		return CTI_ENOMEM;
	}
	l->nailed = true;
	l->agent = a;
	cc->agents[a].line = l;
	cti_call_set_audio(cc->ctx, id, CTI_AUDIO_LINEAR16, cc__audio, l);
	return 0;
}

bool cc__line_offer(cti_center_t *cc, struct cc_call *c, int a)
{
	struct cc_leg *l = cc->agents[a].line;
	struct cti_center_event *e;

	if (!l || !l->up || l->clearing || l->call)
		return false;
	if (cti_acd_call_answered(cc->acd, cc__acd_id(c), cc->agents[a].name,
				  cti_now_ms(cc->ctx)))
		return false;
	l->call = c;
	c->n_legs++;
	c->peer = l;
	cc->agents[a].answered++;
	l->zip = ZIP_SAMPLES;
	cc__treatment_stop(cc, c);
	c->connected_ms = cti_now_ms(cc->ctx);
	snprintf(c->agent, sizeof(c->agent), "%s", cc->agents[a].name);
	if (!*c->rec.first_agent)
		snprintf(c->rec.first_agent, sizeof(c->rec.first_agent), "%s",
			 c->agent);
	snprintf(c->rec.last_agent, sizeof(c->rec.last_agent), "%s", c->agent);
	cc__fsm(cc, c, IN_OFFER);
	e = cc__emit(cc, CTI_CENTER_EV_OFFERED, c);
	if (e) {
		e->leg = l->id;
		snprintf(e->extension, sizeof(e->extension), "%s",
			 cc->exts[cc->agents[a].ext].number);
	}
	cc__fsm(cc, c, IN_ANSWER);
	cc__matrix(c);
	e = cc__emit(cc, CTI_CENTER_EV_CONNECTED, c);
	if (e)
		e->leg = l->id;
	return true;
}

void cc__line_event(cti_center_t *cc, struct cc_leg *l, int type, int cause)
{
	struct cc_call *c = l->call;
	const char *name = l->agent >= 0 ? cc->agents[l->agent].name : "?";

	if (type == CTI_EVENT_CALL_ESTABLISHED) {
		l->up = true;
		cti__log(cc->ctx, CTI_LOG_INFO, "center",
			 "agent %s: the nailed-up line is up", name);
		return;
	}
	if (type != CTI_EVENT_CALL_CLEARED && type != CTI_EVENT_CALL_FAILED)
		return;
	if (!l->clearing) {
		l->clearing = true;
		cti__log(cc->ctx, CTI_LOG_WARNING, "center",
			 "agent %s: the nailed-up line dropped (cause %d)",
			 name, cause);
		if (c) { /* the call on it ends as if the agent hung up */
			c->peer = NULL;
			l->call = NULL;
			c->n_legs--;
			cc__acd_leave(cc, c, false);
			cc__end_call(cc, c, CTI_CAUSE_NORMAL_CLEARING);
		}
		if (l->agent >= 0 && cc->agents[l->agent].logged_in)
			cti_acd_supervisor_force(cc->acd, name,
						 CTI_AGENT_NOT_READY,
						 CTI_CENTER_REASON_LINE_DOWN,
						 cti_now_ms(cc->ctx));
		cc__acd_drain(cc);
	}
	l->call = NULL;
	cc__leg_free(cc, l);
}
