/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti logging: one callback and one level per context, never a
 * process-global hook. Levels follow syslog's order (RFC 5424 severities,
 * a subset): lower is more severe.
 */
#ifndef CTI_LOG_H
#define CTI_LOG_H

#include "cti/common.h"

CTI_BEGIN_DECLS

/* The context (cti/ctx.h); declared once for C99 users. */
#ifndef CTI_CTX_T_DEFINED
#define CTI_CTX_T_DEFINED
typedef struct cti_ctx cti_ctx_t;
#endif

enum cti_log_level {
	CTI_LOG_ERROR = 3,   /* an operation failed */
	CTI_LOG_WARNING = 4, /* unexpected input or state, handled */
	CTI_LOG_NOTICE = 5,  /* significant normal events (span up/down) */
	CTI_LOG_INFO = 6,    /* per-call events */
	CTI_LOG_DEBUG = 7,   /* protocol detail (libpri's messages) */
};

/*
 * Receives every message at or above the context's level. `module` names
 * the library module ("core", "span", "pri", "call", "libpri"); `msg` has
 * no trailing newline and is valid only during the call.
 */
typedef void (*cti_log_fn)(void *user, int level, const char *module,
			   const char *msg);

/*
 * Route the context's messages to `fn` (NULL: the default sink, which
 * writes "cti[module] level: msg" lines to stderr). Never fails.
 */
CTI_EXTERN void cti_ctx_set_log(cti_ctx_t *ctx, cti_log_fn fn, void *user);

/* Keep messages of `level` or more severe (default CTI_LOG_WARNING).
 * Returns 0, or CTI_EINVAL if level is outside CTI_LOG_ERROR..DEBUG. */
CTI_EXTERN int cti_ctx_set_log_level(cti_ctx_t *ctx, int level);

/* The level's name ("error", "warning", ...); "?" if unknown. */
CTI_EXTERN const char *cti_log_level_name(int level);

CTI_END_DECLS

#endif /* CTI_LOG_H */
