// SPDX-License-Identifier: LGPL-2.1-or-later
/* Per-context logging: the level filter and the default stderr sink. */
#include <stdio.h>

#include "core/ctx.h"

CTI_EXTERN const char *cti_log_level_name(int level)
{
	switch (level) {
	case CTI_LOG_ERROR:
		return "error";
	case CTI_LOG_WARNING:
		return "warning";
	case CTI_LOG_NOTICE:
		return "notice";
	case CTI_LOG_INFO:
		return "info";
	case CTI_LOG_DEBUG:
		return "debug";
	default:
		return "?";
	}
}

CTI_EXTERN void cti_ctx_set_log(cti_ctx_t *ctx, cti_log_fn fn, void *user)
{
	ctx->log_fn = fn;
	ctx->log_user = user;
}

CTI_EXTERN int cti_ctx_set_log_level(cti_ctx_t *ctx, int level)
{
	if (level < CTI_LOG_ERROR || level > CTI_LOG_DEBUG)
		return CTI_EINVAL;
	ctx->log_level = level;
	return 0;
}

bool cti__log_enabled(const cti_ctx_t *ctx, int level)
{
	return ctx && level <= ctx->log_level;
}

void cti__vlog(cti_ctx_t *ctx, int level, const char *module, const char *fmt,
	       va_list ap)
{
	char msg[512];
	int n;

	if (!cti__log_enabled(ctx, level))
		return;
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	/* libpri's messages end in a newline: the sink adds its own */
	while (n > 0 && (size_t)n < sizeof(msg) && msg[n - 1] == '\n')
		msg[--n] = '\0';
	if (ctx->log_fn)
		ctx->log_fn(ctx->log_user, level, module, msg);
	else
		fprintf(stderr, "cti[%s] %s: %s\n", module,
			cti_log_level_name(level), msg);
}

void cti__log(cti_ctx_t *ctx, int level, const char *module, const char *fmt,
	      ...)
{
	va_list ap;

	va_start(ap, fmt);
	cti__vlog(ctx, level, module, fmt, ap);
	va_end(ap);
}
