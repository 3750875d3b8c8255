// SPDX-License-Identifier: LGPL-2.1-or-later
/* The event queue: a growing ring (core/ring.h) of events copied in and
 * out by value. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/util.h"

int cti__emit(cti_ctx_t *ctx, const struct cti_event *ev)
{
	struct cti_event *slot;

	if (!ctx->events.policy) /* the context is zeroed: set up once */
		cti_ring_init_grow(&ctx->events, sizeof(struct cti_event));
	slot = cti_ring_push(&ctx->events);
	if (!slot) {
		cti__log(ctx, CTI_LOG_ERROR, "core",
			 "event %s lost: out of memory",
			 cti_event_name((int)ev->type));
		return CTI_ENOMEM;
	}
	*slot = *ev;
	if (!ev->time_ms)
		slot->time_ms = cti_now_ms(ctx);
	return 0;
}

CTI_EXTERN int cti_ctx_next_event(cti_ctx_t *ctx, struct cti_event *ev)
{
	if (!ctx || !ev)
		return CTI_EINVAL;
	return cti_ring_pop(&ctx->events, ev);
}

CTI_EXTERN size_t cti_ctx_pending_events(const cti_ctx_t *ctx)
{
	return cti_ring_len(&ctx->events);
}

CTI_EXTERN void cti_ctx_set_event_cb(cti_ctx_t *ctx, cti_event_fn fn,
				     void *user)
{
	ctx->ev_fn = fn;
	ctx->ev_user = user;
}

void cti__events_dispatch(cti_ctx_t *ctx)
{
	struct cti_event ev;

	/* no re-entry: a callback that calls cti_ctx_process() only queues */
	if (!ctx->ev_fn || ctx->dispatching)
		return;
	ctx->dispatching++;
	while (ctx->ev_fn && cti_ctx_next_event(ctx, &ev) > 0)
		ctx->ev_fn(ctx, &ev, ctx->ev_user);
	ctx->dispatching--;
}

void cti__events_free(cti_ctx_t *ctx)
{
	cti_ring_free(&ctx->events);
}

CTI_EXTERN int cti_ctx_post_event(cti_ctx_t *ctx, uint64_t value, void *ptr)
{
	struct cti_event ev = { .type = CTI_EVENT_USER };

	ev.u.user.value = value;
	ev.u.user.ptr = ptr;
	return cti__emit(ctx, &ev);
}

CTI_EXTERN const char *cti_event_name(int type)
{
	static const char *const call_names[] = {
		[CTI_EVENT_CALL_ORIGINATED] = "CALL_ORIGINATED",
		[CTI_EVENT_CALL_OFFERED] = "CALL_OFFERED",
		[CTI_EVENT_CALL_DELIVERED] = "CALL_DELIVERED",
		[CTI_EVENT_CALL_ESTABLISHED] = "CALL_ESTABLISHED",
		[CTI_EVENT_CALL_HELD] = "CALL_HELD",
		[CTI_EVENT_CALL_RETRIEVED] = "CALL_RETRIEVED",
		[CTI_EVENT_CALL_TRANSFERRED] = "CALL_TRANSFERRED",
		[CTI_EVENT_CALL_CONFERENCED] = "CALL_CONFERENCED",
		[CTI_EVENT_CALL_CLEARED] = "CALL_CLEARED",
		[CTI_EVENT_CALL_FAILED] = "CALL_FAILED",
		[CTI_EVENT_CALL_DIGITS] = "CALL_DIGITS",
		[CTI_EVENT_CALL_DEFLECTED] = "CALL_DEFLECTED",
	};

	switch (type) {
	case CTI_EVENT_NONE:
		return "NONE";
	case CTI_EVENT_SPAN_ALARM:
		return "SPAN_ALARM";
	case CTI_EVENT_SPAN_UP:
		return "SPAN_UP";
	case CTI_EVENT_SPAN_DOWN:
		return "SPAN_DOWN";
	case CTI_EVENT_USER:
		return "USER";
	default:
		break;
	}
	if (type > 0 && type < (int)ARRAY_SIZE(call_names))
		return call_names[type];
	return "?";
}
