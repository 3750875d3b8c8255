// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Agent call control and supervision in the engine's own mixer: hold
 * with music, retrieve, blind transfer to a target, consultation then
 * transfer or conference, and a supervisor's monitor, whisper or barge.
 * Who hears whom is one function of the call's state and parties
 * (cc__matrix()), applied after every change.
 */
#include <stdio.h>
#include <string.h>

#include "center/center.h"
#include "core/ctx.h"

static const char *const mode_names[] = {
	[CTI_CENTER_MONITOR] = "monitor",
	[CTI_CENTER_WHISPER] = "whisper",
	[CTI_CENTER_BARGE] = "barge",
};

static bool up(const struct cc_leg *l)
{
	return l && l->up && !l->clearing;
}

void cc__matrix(struct cc_call *c)
{
	uint8_t *h = c->hears;

	memset(c->hears, 0, sizeof(c->hears));
	switch (c->state) {
	case CTI_CENTER_CALL_CONNECTED:
	case CTI_CENTER_CALL_EXTERNAL:
		h[SLOT_CUST] = BIT(SLOT_AGENT);
		h[SLOT_AGENT] = BIT(SLOT_CUST);
		if (c->conf && up(c->third)) {
			h[SLOT_CUST] |= BIT(SLOT_THIRD);
			h[SLOT_AGENT] |= BIT(SLOT_THIRD);
			h[SLOT_THIRD] = BIT(SLOT_CUST) | BIT(SLOT_AGENT);
		}
		break;
	case CTI_CENTER_CALL_HELD: /* the customer hears music */
		if (up(c->third)) {
			h[SLOT_AGENT] = BIT(SLOT_THIRD);
			h[SLOT_THIRD] = BIT(SLOT_AGENT);
		}
		break;
	default:
		return;
	}
	if (!up(c->sup))
		return;
	h[SLOT_SUP] = BIT(SLOT_CUST) | BIT(SLOT_AGENT) |
		      (up(c->third) ? BIT(SLOT_THIRD) : 0);
	if (c->state == CTI_CENTER_CALL_HELD)
		h[SLOT_SUP] &= (uint8_t)~BIT(SLOT_CUST);
	if (c->sup_mode >= CTI_CENTER_WHISPER)
		h[SLOT_AGENT] |= BIT(SLOT_SUP);
	if (c->sup_mode == CTI_CENTER_BARGE) {
		if (c->state != CTI_CENTER_CALL_HELD)
			h[SLOT_CUST] |= BIT(SLOT_SUP);
		if (up(c->third))
			h[SLOT_THIRD] |= BIT(SLOT_SUP);
	}
}

/* The call `agent` is connected to (through its own phone). */
/* The call `agent` is connected to or holds, for the agent call-control
 * services: NULL with *rc = CTI_EINVAL (no engine), CTI_ENOENT (agent not
 * logged in) or CTI_ESTATE (no such call). */
static struct cc_call *agent_call(cti_center_t *cc, const char *agent, int *rc)
{
	int a;

	*rc = CTI_EINVAL;
	if (!cc)
		return NULL;
	a = agent ? cc__agent_find(cc, agent) : -1;
	*rc = CTI_ENOENT;
	if (a < 0 || !cc->agents[a].logged_in)
		return NULL;
	*rc = CTI_ESTATE;
	for (size_t b = 0; b < CC_HASH; b++)
		for (struct cc_call *c = cc->calls[b]; c; c = c->hnext)
			if (c->peer && c->peer->kind == LEG_AGENT &&
			    c->peer->agent == a && !c->peer->clearing &&
			    (c->state == CTI_CENTER_CALL_CONNECTED ||
			     c->state == CTI_CENTER_CALL_HELD)) {
				*rc = 0;
				return c;
			}
	return NULL;
}

static void emit(cti_center_t *cc, struct cc_call *c, int type,
		 const char *target)
{
	struct cti_center_event *e = cc__emit(cc, type, c);

	if (e && target)
		snprintf(e->target, sizeof(e->target), "%s", target);
}

static void hold(cti_center_t *cc, struct cc_call *c)
{
	cc__fsm(cc, c, IN_HOLD);
	cc__matrix(c);
	if (c->in_acd)
		cti_acd_call_hold(cc->acd, cc__acd_id(c), true,
				  cti_now_ms(cc->ctx));
	emit(cc, c, CTI_CENTER_EV_HELD, NULL);
}

CTI_EXTERN int cti_center_agent_hold(cti_center_t *cc, const char *agent)
{
	struct cc_call *c;
	int rc;

	c = agent_call(cc, agent, &rc);
	if (!c)
		return rc;
	if (c->state != CTI_CENTER_CALL_CONNECTED)
		return CTI_ESTATE;
	hold(cc, c);
	return 0;
}

CTI_EXTERN int cti_center_agent_retrieve(cti_center_t *cc, const char *agent)
{
	struct cc_call *c;
	int rc;

	c = agent_call(cc, agent, &rc);
	if (!c)
		return rc;
	if (c->state != CTI_CENTER_CALL_HELD)
		return CTI_ESTATE;
	if (c->third)
		cc__clear_leg(cc, c->third, CTI_CAUSE_NORMAL_CLEARING);
	cc__fsm(cc, c, IN_RETRIEVE);
	cc__matrix(c);
	if (c->in_acd)
		cti_acd_call_hold(cc->acd, cc__acd_id(c), false,
				  cti_now_ms(cc->ctx));
	emit(cc, c, CTI_CENTER_EV_RETRIEVED, NULL);
	return 0;
}

/* The agent leaves the call: the ACD ends its part (wrap-up follows). */
static void agent_leaves(cti_center_t *cc, struct cc_call *c)
{
	struct cc_leg *l = c->peer;

	cc__acd_leave(cc, c, false);
	c->agent[0] = 0;
	if (l)
		cc__clear_leg(cc, l, CTI_CAUSE_NORMAL_CLEARING);
	c->peer = NULL;
	cc__acd_drain(cc);
}

CTI_EXTERN int cti_center_agent_transfer(cti_center_t *cc, const char *agent,
					 const char *target)
{
	struct cc_target t;
	struct cc_call *c;
	int rc;

	c = agent_call(cc, agent, &rc);
	if (!c)
		return rc;
	if ((rc = cc__target_parse(cc, target, &t)))
		return rc;
	if (c->third)
		cc__clear_leg(cc, c->third, CTI_CAUSE_NORMAL_CLEARING);
	agent_leaves(cc, c);
	c->seg++; /* a queue makes a new ACD call of this call */
	c->rec.transfers++;
	c->conf = false;
	emit(cc, c, CTI_CENTER_EV_TRANSFERRED, t.text);
	return cc__target_apply(cc, c, &t);
}

CTI_EXTERN int cti_center_agent_consult(cti_center_t *cc, const char *agent,
					const char *target)
{
	const char *number = NULL;
	struct cc_call *c;
	int trunk = -1, rc;

	if (!cc || !target)
		return CTI_EINVAL;
	c = agent_call(cc, agent, &rc);
	if (!c)
		return rc;
	if (c->third)
		return CTI_ESTATE;
	if (!strncmp(target, "ext:", 4)) {
		number = target + 4;
		for (size_t i = 0; i < cc->n_exts; i++)
			if (!strcmp(cc->exts[i].number, number))
				trunk = cc->exts[i].trunk;
		if (trunk < 0)
			return CTI_ENOENT;
	} else if (!strncmp(target, "number:", 7) && target[7] &&
		   strlen(target + 7) < CTI_NUMBER_MAX &&
		   strspn(target + 7, "0123456789*#") == strlen(target + 7)) {
		number = target + 7;
	} else {
		return CTI_EFORMAT;
	}
	if ((rc = cc__place(cc, c, LEG_THIRD, number, trunk, &c->third)))
		return rc;
	snprintf(c->dialled, sizeof(c->dialled), "%s", number);
	if (c->state == CTI_CENTER_CALL_CONNECTED)
		hold(cc, c);
	return 0;
}

CTI_EXTERN int cti_center_agent_complete(cti_center_t *cc, const char *agent,
					 bool conference)
{
	struct cc_call *c;
	char target[CTI_NAME_MAX];
	int rc;

	c = agent_call(cc, agent, &rc);
	if (!c)
		return rc;
	if (c->state != CTI_CENTER_CALL_HELD || !up(c->third))
		return CTI_ESTATE;
	snprintf(target, sizeof(target), "%s", c->dialled);
	if (conference) {
		c->conf = true;
		cc__fsm(cc, c, IN_RETRIEVE);
		cc__matrix(c);
		if (c->in_acd)
			cti_acd_call_hold(cc->acd, cc__acd_id(c), false,
					  cti_now_ms(cc->ctx));
		emit(cc, c, CTI_CENTER_EV_CONFERENCED, target);
		return 0;
	}
	agent_leaves(cc, c);
	c->peer = c->third;
	c->third = NULL;
	cc__fsm(cc, c, IN_TRANSFER);
	cc__matrix(c);
	emit(cc, c, CTI_CENTER_EV_TRANSFERRED, target);
	return 0;
}

CTI_EXTERN int cti_center_supervise(cti_center_t *cc, const char *agent,
				    int mode, const char *extension)
{
	struct cc_call *c;
	int trunk = -1, rc;

	if (!cc || !extension)
		return CTI_EINVAL;
	if (mode < CTI_CENTER_MONITOR || mode > CTI_CENTER_BARGE)
		return CTI_EINVAL;
	c = agent_call(cc, agent, &rc);
	if (!c)
		return rc;
	for (size_t i = 0; i < cc->n_exts; i++)
		if (!strcmp(cc->exts[i].number, extension))
			trunk = cc->exts[i].trunk;
	if (trunk < 0)
		return CTI_ENOENT;
	if (c->sup && strcmp(c->sup_ext, extension)) {
		cti__log(cc->ctx, CTI_LOG_NOTICE, "center",
			 "call %u: supervisor %s refused: %s supervises it",
			 c->id, extension, c->sup_ext);
		return CTI_EBUSY; /* one supervisor per call */
	}
	if (c->sup) { /* on the call already: a new mode at once */
		c->sup_mode = (uint32_t)mode;
		cc__matrix(c);
		if (up(c->sup)) {
			struct cti_center_event *e =
				cc__emit(cc, CTI_CENTER_EV_SUPERVISED, c);

			if (e) {
				snprintf(e->name, sizeof(e->name), "%s",
					 mode_names[mode]);
				snprintf(e->extension, sizeof(e->extension),
					 "%s", extension);
			}
		}
		return 0;
	}
	rc = cti_acd_supervisor_request(cc->acd, agent, mode_names[mode],
					cti_now_ms(cc->ctx));
	if (rc)
		return rc;
	cc__acd_drain(cc);
	if ((rc = cc__place(cc, c, LEG_SUP, extension, trunk, &c->sup)))
		return rc;
	c->sup_mode = (uint32_t)mode;
	snprintf(c->sup_ext, sizeof(c->sup_ext), "%s", extension);
	return 0;
}

void cc__third_event(cti_center_t *cc, struct cc_leg *l, int type, int cause)
{
	struct cc_call *c = l->call;
	struct cti_center_event *e;

	(void)cause;
	if (type == CTI_EVENT_CALL_ESTABLISHED) {
		l->up = true;
		cc__matrix(c);
		if (l == c->third) {
			emit(cc, c, CTI_CENTER_EV_CONSULTING, c->dialled);
		} else if (l == c->sup &&
			   (e = cc__emit(cc, CTI_CENTER_EV_SUPERVISED, c))) {
			snprintf(e->name, sizeof(e->name), "%s",
				 mode_names[c->sup_mode]);
		}
		return;
	}
	if (type != CTI_EVENT_CALL_CLEARED && type != CTI_EVENT_CALL_FAILED)
		return;
	if (!l->clearing) {
		l->clearing = true;
		if (c->peer == l) { /* the party a transfer joined left */
			c->peer = NULL;
			cc__end_call(cc, c, CTI_CAUSE_NORMAL_CLEARING);
		} else {
			if (c->third == l)
				c->third = NULL;
			if (c->sup == l)
				c->sup = NULL;
			if (c->third == NULL)
				c->conf = false;
			cc__matrix(c);
		}
	}
	cc__leg_free(cc, l);
}

/* ---- the agent's own outbound calls ----------------------------------- */

/* Agent a's phone is on one of the engine's calls (ringing for it, or
 * connected: an outbound call of its own leaves the agent NOT_READY). */
static bool agent_on_call(cti_center_t *cc, int a)
{
	for (size_t b = 0; b < CC_HASH; b++)
		for (const struct cc_call *c = cc->calls[b]; c; c = c->hnext) {
			if (c->state == CTI_CENTER_CALL_ENDED)
				continue;
			if (c->peer && c->peer->kind == LEG_AGENT &&
			    c->peer->agent == a)
				return true;
			for (uint32_t i = 0; i < c->n_ring; i++)
				if (c->ring[i]->agent == a)
					return true;
		}
	return false;
}

static void outbound_fail(cti_center_t *cc, struct cc_call *c, int rc)
{
	struct cti_center_event *e = cc__emit(cc, CTI_CENTER_EV_ERROR, c);

	if (e) {
		e->cause = rc;
		snprintf(e->name, sizeof(e->name), "dial: %s",
			 cti_err_name(rc));
	}
	cc__end_call(cc, c, CTI_CAUSE_TEMPORARY_FAILURE);
}

void cc__outbound_agent_up(cti_center_t *cc, struct cc_call *c)
{
	struct cc_leg *l;
	int rc;

	if (c->cust || c->state != CTI_CENTER_CALL_OUTBOUND)
		return;
	rc = cc__place(cc, c, LEG_EXTERNAL, c->dialled, -1, &l);
	if (rc) {
		outbound_fail(cc, c, rc);
		return;
	}
	c->cust = l;
}

CTI_EXTERN int cti_center_agent_dial(cti_center_t *cc, const char *agent,
				     const char *number, cti_center_call_t *out)
{
	enum cti_agent_state st;
	struct cc_call *c;
	struct cc_leg *line;
	int a, r, rc;

	if (!cc || !agent || !number)
		return CTI_EINVAL;
	if (!*number || strlen(number) >= CTI_NUMBER_MAX ||
	    strspn(number, "0123456789*#") != strlen(number))
		return CTI_EFORMAT;
	a = cc__agent_find(cc, agent);
	if (a < 0 || !cc->agents[a].logged_in)
		return CTI_ENOENT;
	if (cti_acd_agent_get(cc->acd, agent, cti_now_ms(cc->ctx), &st, &r,
			      NULL) ||
	    (st != CTI_AGENT_READY && st != CTI_AGENT_NOT_READY))
		return CTI_ESTATE;
	line = cc->agents[a].line;
	if (cc->exts[cc->agents[a].ext].nailed &&
	    (!line || !line->up || line->call))
		return CTI_ESTATE;
	if (!line && agent_on_call(cc, a))
		return CTI_ESTATE; /* its own call already */
	c = cc__call_new(cc);
	if (!c)
		return CTI_ENOMEM;
	c->outbound = true;
	snprintf(c->dialled, sizeof(c->dialled), "%s", number);
	snprintf(c->dnis, sizeof(c->dnis), "%s", number);
	snprintf(c->ani, sizeof(c->ani), "%s",
		 cc->exts[cc->agents[a].ext].number);
	snprintf(c->agent, sizeof(c->agent), "%s", agent);
	snprintf(c->rec.first_agent, sizeof(c->rec.first_agent), "%s", agent);
	snprintf(c->rec.last_agent, sizeof(c->rec.last_agent), "%s", agent);
	cc__record_open(cc, c);
	if (st == CTI_AGENT_READY)
		cti_acd_agent_not_ready(cc->acd, agent,
					CTI_CENTER_REASON_OUTBOUND,
					cti_now_ms(cc->ctx));
	cc__fsm(cc, c, IN_DIAL);
	if (line) { /* the nailed-up line: dial at once */
		line->call = c;
		c->n_legs++;
		c->peer = line;
		cc__outbound_agent_up(cc, c);
	} else {
		const struct cc_ext *x = &cc->exts[cc->agents[a].ext];

		rc = cc__place(cc, c, LEG_AGENT, x->number, x->trunk, &c->peer);
		if (rc) {
			cc__fsm(cc, c, IN_END);
			cc__call_reap(cc, c);
			cc__acd_drain(cc);
			return rc;
		}
		c->peer->agent = a;
	}
	if (out)
		*out = c->id;
	cc__acd_drain(cc);
	return 0;
}

/* Why a call an agent's phone places is refused (a Q.850 cause), or 0;
 * *agent: the agent logged in at the extension it comes from. */
static int originated_refusal(cti_center_t *cc, const struct cti_call_event *ce,
			      int trunk, int *agent)
{
	const char *num = ce->dnis.digits;
	int e = cc__ext_find(cc, ce->ani.digits);
	enum cti_agent_state st;
	int32_t r;

	*agent = e >= 0 && cc->exts[e].trunk == trunk ? cc->exts[e].agent : -1;
	if (cc->refuse_cause)
		return cc->refuse_cause;
	if (*agent < 0)
		return CTI_CAUSE_CALL_REJECTED; /* nobody's phone */
	if (!*num || strlen(num) >= CTI_NUMBER_MAX ||
	    strspn(num, "0123456789*#") != strlen(num))
		return CTI_CAUSE_INVALID_NUMBER;
	if (cc->exts[e].nailed || agent_on_call(cc, *agent) ||
	    cti_acd_agent_get(cc->acd, cc->agents[*agent].name,
			      cti_now_ms(cc->ctx), &st, &r, NULL) ||
	    (st != CTI_AGENT_READY && st != CTI_AGENT_NOT_READY))
		return CTI_CAUSE_USER_BUSY; /* ringing, on a call, wrap-up */
	return 0;
}

/*
 * A call the agent dials on its own phone (offered on a stations trunk,
 * from the extension the agent is logged in at): the agent's outbound
 * call, as cti_center_agent_dial() makes it. The phone's leg is answered
 * at once, the agent hears ringback while the number is dialled on the
 * first network trunk with a free channel.
 */
void cc__agent_originated(cti_center_t *cc, const struct cti_call_event *ce,
			  int trunk)
{
	struct cc_call *c;
	int a, rc, cause = originated_refusal(cc, ce, trunk, &a);

	if (cause) {
		cti__log(cc->ctx, CTI_LOG_NOTICE, "center",
			 "call from extension %s to %s refused (cause %d)",
			 ce->ani.digits, ce->dnis.digits, cause);
		cti_call_clear(cc->ctx, ce->call_id, cause);
		return;
	}
	c = cc__call_new(cc);
	if (!c || !(c->peer = cc__leg_new(cc, c, ce->call_id, LEG_AGENT))) {
		cti_call_clear(cc->ctx, ce->call_id,
			       CTI_CAUSE_TEMPORARY_FAILURE);
		if (c) {
			c->state = CTI_CENTER_CALL_ENDED;
			cc__call_reap(cc, c);
		}
		return;
	}
	c->peer->agent = a;
	c->outbound = true;
	snprintf(c->dialled, sizeof(c->dialled), "%s", ce->dnis.digits);
	snprintf(c->dnis, sizeof(c->dnis), "%s", ce->dnis.digits);
	snprintf(c->ani, sizeof(c->ani), "%s", ce->ani.digits);
	snprintf(c->agent, sizeof(c->agent), "%s", cc->agents[a].name);
	snprintf(c->rec.first_agent, sizeof(c->rec.first_agent), "%s",
		 c->agent);
	snprintf(c->rec.last_agent, sizeof(c->rec.last_agent), "%s", c->agent);
	cc__record_open(cc, c);
	cti__log(cc->ctx, CTI_LOG_INFO, "center",
		 "call %u: agent %s dials %s from %s", c->id, c->agent,
		 c->dialled, c->ani);
	cti_acd_agent_not_ready(cc->acd, c->agent, CTI_CENTER_REASON_OUTBOUND,
				cti_now_ms(cc->ctx));
	cti_call_set_audio(cc->ctx, ce->call_id, CTI_AUDIO_LINEAR16, cc__audio,
			   c->peer);
	cc__fsm(cc, c, IN_DIAL);
	/* its ESTABLISHED dials the number (cc__outbound_agent_up) */
	if ((rc = cti_call_answer(cc->ctx, ce->call_id)))
		outbound_fail(cc, c, rc);
	cc__acd_drain(cc);
}
