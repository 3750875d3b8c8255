// SPDX-License-Identifier: LGPL-2.1-or-later
/* The call services' PRI signalling: Q.931 messages through libpri. */
#include "call/call.h"

static int pri_make(struct cti__call *c, const struct cti_call_params *p,
		    int chan)
{
	struct cti__cspan *cs = c->cs;
	int rc;

	c->pcall = cti__pri_new_call(cs->pri);
	if (!c->pcall)
		return CTI_ENOMEM;
	/* the network's choice is final; the user proposes */
	rc = cti__pri_setup(cs->pri, c->pcall, chan,
			    p->exclusive || cs->cfg.side == CTI_SIDE_NET,
			    &c->ani, &c->dnis, &c->redirecting,
			    c->redirect_reason, !p->overlap);
	if (rc) {
		cti__pri_destroy_call(cs->pri, c->pcall);
		c->pcall = NULL;
	}
	return rc;
}

static int pri_dial_more(struct cti__call *c, const char *digits)
{
	return cti__pri_more_digits(c->cs->pri, c->pcall, digits);
}

static int pri_alert(struct cti__call *c)
{
	return cti__pri_alerting(c->cs->pri, c->pcall, c->bchan);
}

static int pri_answer(struct cti__call *c)
{
	return cti__pri_answer(c->cs->pri, c->pcall, c->bchan);
}

static int pri_hangup(struct cti__call *c, int cause)
{
	return c->pcall ? cti__pri_hangup(c->cs->pri, c->pcall, cause) : 0;
}

static bool pri_holds(const struct cti__call *c)
{
	return c->pcall != NULL;
}

static void pri_forget(struct cti__call *c)
{
	if (c->pcall && c->cs->pri)
		cti__pri_destroy_call(c->cs->pri, c->pcall);
	c->pcall = NULL;
}

static int pri_transfer(struct cti__call *a, struct cti__call *b)
{
	if (a->cs != b->cs)
		return CTI_ENOTSUP;
	return cti__pri_transfer(a->cs->pri, a->pcall, b->pcall);
}

static int pri_deflect(struct cti__call *c, const struct cti_number *to)
{
	return cti__pri_deflect(c->cs->pri, c->pcall, to);
}

static void pri_release(struct cti__call *c)
{
	(void)c; /* libpri's call is gone or forgotten already */
}

const struct cti__sig cti__sig_pri = {
	.name = "pri",
	.make = pri_make,
	.dial_more = pri_dial_more,
	.alert = pri_alert,
	.answer = pri_answer,
	.hangup = pri_hangup,
	.holds = pri_holds,
	.forget = pri_forget,
	.transfer = pri_transfer,
	.deflect = pri_deflect,
	.release = pri_release,
};
