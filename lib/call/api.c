// SPDX-License-Identifier: LGPL-2.1-or-later
/* The public call-control services (CSTA-like) on top of the state. */
#include <string.h>

#include "call/call.h"
#include "call/fsm.h"
#include "core/util.h"

static bool digits_ok(const char *d, bool allow_empty)
{
	if (!d[0])
		return allow_empty;
	for (; *d; d++)
		if (!((*d >= '0' && *d <= '9') || *d == '*' || *d == '#'))
			return false;
	return true;
}

static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

CTI_EXTERN int cti_call_make(cti_ctx_t *ctx, cti_call_id_t *id,
			     const struct cti_call_params *p)
{
	struct cti__cspan *cs;
	struct cti__call *c;
	int chan, rc;

	if (!id)
		return CTI_EINVAL;
	*id = 0; /* until the call is made (docs/HACKING.md) */
	if (!p)
		return CTI_EINVAL;
	cs = cti__cspan_find(ctx, p->span);
	if (!cs)
		return CTI_ENOENT;
	if (p->bchan < 0 ||
	    (p->bchan && !cti__span_is_bchan(cs->span->kind, p->bchan)))
		return CTI_EINVAL;
	if (!terminated(p->dnis.digits, sizeof(p->dnis.digits)) ||
	    !terminated(p->ani.digits, sizeof(p->ani.digits)) ||
	    !terminated(p->redirecting.digits, sizeof(p->redirecting.digits)) ||
	    !digits_ok(p->dnis.digits, p->overlap) ||
	    !digits_ok(p->ani.digits, true) ||
	    !digits_ok(p->redirecting.digits, true))
		return CTI_EFORMAT;
	if (cs->r2 && (p->overlap || p->redirecting.digits[0]))
		return CTI_ENOTSUP; /* R2 has neither (docs/r2.md) */
	if (p->category >= CTI_R2_CAT_COUNT || (p->category && !cs->r2))
		return CTI_EINVAL;
	if (cs->span->alarms &
	    (CTI_SPAN_ALARM_RED | CTI_SPAN_ALARM_BLUE | CTI_SPAN_ALARM_NOTOPEN))
		return CTI_EALARM;
	if (!cs->up) /* down, or not yet settled (link.c) */
		return CTI_ENETDOWN;
	chan = cti__cspan_pick_chan(cs, p->bchan);
	if (chan < 0 && p->bchan && !p->exclusive)
		chan = cti__cspan_pick_chan(cs, 0);
	if (chan < 0)
		return CTI_ENOCHAN;
	c = cti__call_new(cs, CTI_CALL_OUTGOING);
	if (!c)
		return CTI_ENOMEM;
	c->ani = p->ani;
	c->dnis = p->dnis;
	c->redirecting = p->redirecting;
	c->redirect_reason = p->redirect_reason;
	c->category = p->category;
	memcpy(c->app_data, p->app_data, sizeof(c->app_data));
	c->app_data[sizeof(c->app_data) - 1] = '\0';
	c->user = p->user;
	cti__call_take_chan(c, chan);
	rc = cs->sig->make(c, p, chan);
	if (rc) {
		cti__call_free(c);
		return rc;
	}
	cti__call_fsm(c, CTI__CE_MAKE);
	cti__call_emit(c, CTI_EVENT_CALL_ORIGINATED);
	*id = c->id;
	return 0;
}

CTI_EXTERN int cti_call_dial_more(cti_ctx_t *ctx, cti_call_id_t id,
				  const char *digits)
{
	struct cti__call *c = cti__call_find(ctx, id);
	size_t have, add;

	if (!c)
		return CTI_ENOENT;
	if (!cti__call_fsm_can(c, CTI__CE_DIAL_MORE))
		return CTI_ESTATE;
	if (!digits || !digits_ok(digits, false))
		return CTI_EFORMAT;
	have = strlen(c->dnis.digits);
	add = strlen(digits);
	if (have + add >= sizeof(c->dnis.digits))
		return CTI_EFORMAT;
	memcpy(c->dnis.digits + have, digits, add + 1);
	return c->cs->sig->dial_more(c, digits);
}

CTI_EXTERN int cti_call_alert(cti_ctx_t *ctx, cti_call_id_t id)
{
	struct cti__call *c = cti__call_find(ctx, id);
	int rc;

	if (!c)
		return CTI_ENOENT;
	if (!cti__call_fsm_can(c, CTI__CE_ALERT))
		return CTI_ESTATE;
	rc = c->cs->sig->alert(c);
	if (rc)
		return rc;
	cti__call_fsm(c, CTI__CE_ALERT);
	cti__call_emit(c, CTI_EVENT_CALL_DELIVERED);
	return 0;
}

CTI_EXTERN int cti_call_answer(cti_ctx_t *ctx, cti_call_id_t id)
{
	struct cti__call *c = cti__call_find(ctx, id);
	int rc;

	if (!c)
		return CTI_ENOENT;
	if (!cti__call_fsm_can(c, CTI__CE_ANSWER))
		return CTI_ESTATE;
	rc = c->cs->sig->answer(c);
	if (rc)
		return rc;
	c->answered = true;
	c->answer_us = cti__now_us(ctx);
	cti__call_fsm(c, CTI__CE_ANSWER);
	cti__call_emit(c, CTI_EVENT_CALL_ESTABLISHED);
	return 0;
}

CTI_EXTERN int cti_call_clear(cti_ctx_t *ctx, cti_call_id_t id, int cause)
{
	struct cti__call *c = cti__call_find(ctx, id);

	if (!c)
		return CTI_ENOENT;
	if (cause < 0 || cause > 127)
		return CTI_EINVAL;
	if (!cause)
		cause = CTI_CAUSE_NORMAL_CLEARING;
	if (!cti__call_fsm_can(c, CTI__CE_CLEAR))
		return 0; /* CLEARING: already on its way */
	return cti__call_clear_local(c, CTI__CE_CLEAR, cause);
}

CTI_EXTERN int cti_call_hold(cti_ctx_t *ctx, cti_call_id_t id, int audio)
{
	struct cti__call *c = cti__call_find(ctx, id);

	if (!c)
		return CTI_ENOENT;
	if (audio != CTI_HOLD_SILENCE && audio != CTI_HOLD_TONE)
		return CTI_EINVAL;
	if (cti__call_fsm(c, CTI__CE_HOLD))
		return CTI_ESTATE;
	c->hold_audio = audio;
	c->hold_phase = 0;
	cti__call_emit(c, CTI_EVENT_CALL_HELD);
	return 0;
}

CTI_EXTERN int cti_call_retrieve(cti_ctx_t *ctx, cti_call_id_t id)
{
	struct cti__call *c = cti__call_find(ctx, id);

	if (!c)
		return CTI_ENOENT;
	if (cti__call_fsm(c, CTI__CE_RETRIEVE))
		return CTI_ESTATE;
	cti__call_emit(c, CTI_EVENT_CALL_RETRIEVED);
	return 0;
}

CTI_EXTERN int cti_call_consult(cti_ctx_t *ctx, cti_call_id_t *consult,
				cti_call_id_t active,
				const struct cti_call_params *p)
{
	struct cti__call *c = cti__call_find(ctx, active);
	int rc;

	if (consult)
		*consult = 0;
	if (!c)
		return CTI_ENOENT;
	if (!cti__call_fsm_can(c, CTI__CE_HOLD))
		return CTI_ESTATE;
	rc = cti_call_hold(ctx, active, CTI_HOLD_SILENCE);
	if (rc)
		return rc;
	rc = cti_call_make(ctx, consult, p);
	if (rc)
		cti_call_retrieve(ctx, active);
	return rc;
}

CTI_EXTERN int cti_call_transfer(cti_ctx_t *ctx, cti_call_id_t held,
				 cti_call_id_t consult)
{
	struct cti__call *a = cti__call_find(ctx, held);
	struct cti__call *b = cti__call_find(ctx, consult);

	if (!a || !b)
		return CTI_ENOENT;
	if (a == b)
		return CTI_EINVAL;
	if (!cti__call_fsm_can(a, CTI__CE_TRANSFER) ||
	    !cti__call_fsm_can(b, CTI__CE_TRANSFER) || a->conf || b->conf)
		return CTI_ESTATE;
	/* signalling transfer when both legs share a span that has one */
	if (a->cs->sig == b->cs->sig && a->cs->sig->transfer(a, b) == 0) {
		cti__call_fsm(a, CTI__CE_TRANSFER);
		cti__call_fsm(b, CTI__CE_TRANSFER);
		cti__call_emit_related(a, CTI_EVENT_CALL_TRANSFERRED, b->id, 0);
		cti__call_emit_related(b, CTI_EVENT_CALL_TRANSFERRED, a->id, 0);
		return 0;
	}
	/* else join the B-channels inside libcti */
	a->bridge = b;
	b->bridge = a;
	cti__call_fsm(a, CTI__CE_TRANSFER);
	cti__call_fsm(b, CTI__CE_TRANSFER);
	a->audio_fn = b->audio_fn = NULL;
	cti__call_emit_related(a, CTI_EVENT_CALL_TRANSFERRED, b->id, 0);
	cti__call_emit_related(b, CTI_EVENT_CALL_TRANSFERRED, a->id, 0);
	return 0;
}

CTI_EXTERN int cti_call_deflect(cti_ctx_t *ctx, cti_call_id_t id,
				const struct cti_number *to)
{
	struct cti__call *c = cti__call_find(ctx, id);

	if (!c)
		return CTI_ENOENT;
	if (!to || !terminated(to->digits, sizeof(to->digits)))
		return CTI_EFORMAT;
	if (c->cs->r2)
		return CTI_ENOTSUP; /* no deflection in R2 */
	if (cti__call_fsm(c, CTI__CE_DEFLECT))
		return CTI_ESTATE;
	return c->cs->sig->deflect(c, to);
}

CTI_EXTERN int cti_call_send_dtmf(cti_ctx_t *ctx, cti_call_id_t id,
				  const char *digits)
{
	struct cti__call *c = cti__call_find(ctx, id);
	int rc;

	if (!c)
		return CTI_ENOENT;
	if (!cti__call_fsm_can(c, CTI__CE_SEND_DTMF))
		return CTI_ESTATE;
	if (!digits || !digits[0] || strchr(digits, ','))
		return CTI_EFORMAT;
	rc = cti_dtmf_tx_put(c->dtmf, digits);
	if (rc == CTI_EINVAL)
		return CTI_EFORMAT;
	return rc < 0 ? rc : 0;
}

CTI_EXTERN int cti_call_set_audio(cti_ctx_t *ctx, cti_call_id_t id, int format,
				  cti_audio_fn fn, void *user)
{
	struct cti__call *c = cti__call_find(ctx, id);

	if (!c)
		return CTI_ENOENT;
	if (fn && format != CTI_AUDIO_LINEAR16 && format != CTI_AUDIO_G711)
		return CTI_EINVAL;
	c->audio_fmt = format;
	c->audio_fn = fn;
	c->audio_user = user;
	return 0;
}

CTI_EXTERN int cti_call_set_app_data(cti_ctx_t *ctx, cti_call_id_t id,
				     const char *data, void *user)
{
	struct cti__call *c = cti__call_find(ctx, id);
	size_t n;

	if (!c)
		return CTI_ENOENT;
	memset(c->app_data, 0, sizeof(c->app_data));
	if (data) {
		n = strnlen(data, sizeof(c->app_data) - 1);
		memcpy(c->app_data, data, n);
	}
	c->user = user;
	return 0;
}

CTI_EXTERN int cti_call_get_info(cti_ctx_t *ctx, cti_call_id_t id,
				 struct cti_call_info *info)
{
	struct cti__call *c = cti__call_find(ctx, id);

	if (!c)
		return CTI_ENOENT;
	if (!info)
		return CTI_EINVAL;
	memset(info, 0, sizeof(*info));
	info->state = (uint32_t)c->state;
	info->direction = (uint32_t)c->direction;
	info->span = c->cs->id;
	info->bchan = (int16_t)c->bchan;
	info->conf_id = c->conf ? c->conf->id : 0;
	info->start_ms = c->start_us / 1000u;
	info->answer_ms = c->answer_us / 1000u;
	info->ani = c->ani;
	info->dnis = c->dnis;
	info->redirecting = c->redirecting;
	memcpy(info->app_data, c->app_data, sizeof(info->app_data));
	info->flags = c->flags;
	info->category = c->category;
	return 0;
}

CTI_EXTERN const char *cti_call_state_name(int state)
{
	static const char *const names[] = {
		[CTI_CALL_NULL] = "NULL",
		[CTI_CALL_DIALING] = "DIALING",
		[CTI_CALL_PROCEEDING] = "PROCEEDING",
		[CTI_CALL_ALERTING] = "ALERTING",
		[CTI_CALL_OFFERED] = "OFFERED",
		[CTI_CALL_COLLECTING] = "COLLECTING",
		[CTI_CALL_ACTIVE] = "ACTIVE",
		[CTI_CALL_HELD] = "HELD",
		[CTI_CALL_BRIDGED] = "BRIDGED",
		[CTI_CALL_CONFERENCED] = "CONFERENCED",
		[CTI_CALL_CLEARING] = "CLEARING",
	};

	if (state < 0 || state >= (int)ARRAY_SIZE(names))
		return "?";
	return names[state];
}
