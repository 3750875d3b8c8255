/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ctid, the call-centre server: what its parts share. The daemon proper
 * (main.c, the configuration conf*.c, applying it apply.c, reload and
 * drain) fills and runs `struct ctid`; the control socket (ctl*.c, the
 * server side of cti-ctl) and the service glue (service.c: sd_notify,
 * watchdog) read it and call back through the functions declared here.
 * One thread: everything runs from the context's event loop.
 */
#ifndef CTID_H
#define CTID_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "cti/cti.h"

#define CTID_MAX_SPANS 128
/* The drain of SIGTERM and `cti-ctl stop --drain` when the configuration
 * gives none (drain_timeout_ms 0). */
#define CTID_DRAIN_MS (300u * 1000u)
/* An agent whose phone could not be rung is READY again 30 s later: a
 * full station trunk frees a channel within seconds, and an agent left
 * away by the engine is a seat lost until somebody notices. */
#define CTID_PHONE_RETRY_MS (30u * 1000u)

enum ctid_signalling {
	CTID_SIG_PRI = 1,
	CTID_SIG_R2 = 2,
};

/* One span of the running configuration. */
struct ctid_span {
	char name[CTI_NAME_MAX];  /* as the config names it */
	char trunk[CTI_NAME_MAX]; /* the trunk group it belongs to */
	cti_span_id_t id;	  /* in d->ctx */
	cti_span_id_t loop_far;	  /* loop span: the far side, a traffic
				     source's (0: DAHDI) */
	uint32_t signalling;	  /* enum ctid_signalling */
	int dahdi_span;		  /* DAHDI span number, 0 for a loop span */
	bool capturing;		  /* D-channel capture on */
	char capture_path[PATH_MAX];
};

struct ctid_conf;    /* the parsed configuration (conf.h, the daemon's) */
struct ctid_ctl;     /* the control socket (ctl.c) */
struct ctid_retired; /* apply.c's */

struct ctid {
	cti_ctx_t *ctx;
	cti_center_t *cc;
	cti_store_t *store; /* NULL: none configured */
	cti_prompts_t *prompts;
	struct ctid_conf *conf; /* running configuration */
	const char *conf_path;	/* the file it came from */
	struct ctid_span spans[CTID_MAX_SPANS];
	size_t n_spans;
	uint64_t started_ms; /* context clock at readiness */
	uint32_t reloads;    /* successful reloads since start */
	bool draining;	     /* stop --drain / SIGTERM in progress */
	uint64_t drain_deadline_ms;
	bool stopping; /* the loop ends once calls are gone */
	int exit_code;
	struct ctid_ctl *ctl;	   /* NULL: no control socket */
	uint32_t drain_timeout_ms; /* the config's drain; 0: CTID_DRAIN_MS */
	/* service.c's: the watchdog keep-alive (0: none) */
	uint64_t watchdog_ms;	 /* its period, half of WATCHDOG_USEC */
	int64_t watchdog_timer;	 /* the context timer armed for it */
	uint32_t reloads_before; /* d->reloads when RELOADING=1 was said */
	/* the daemon's (A): */
	cti_rec_t *recorder;	      /* NULL: no recording configured */
	int64_t drain_timer;	      /* the drain's deadline timer, 0: none */
	struct ctid_retired *retired; /* flows and prompt sets replaced by
				      a reload, freed once no call uses
				      them (reload.c) */
	int64_t retired_timer;	      /* looks at them again, 0: none */
	int sigfd;		      /* SIGHUP/SIGTERM/SIGINT (signalfd) */
	int log_level_forced;  /* --log-level (0: the file's, also on reload) */
	struct farend *farend; /* trial: cti-sim's far ends, NULL: none */
	int64_t epoch_ms_at_zero; /* wall clock at context time 0 (UTC ms);
				     0: the real clock (--simulate sets it) */
};

/* ---- implemented by the daemon (A) ------------------------------------- */

/* Parse and check the configuration file again and apply it without
 * dropping a call (queues, agents, flows, prompts, schedules, routes). A
 * file with any error is refused whole: the running one stays, `why`
 * names file:line and the field. Returns 0 or a CTI_E* code. */
int ctid_reload(struct ctid *d, char *why, size_t why_len);

/* Begin a stop: new calls are refused (cause 42), and when no call is
 * left, or after timeout_ms (0: at once), the rest are cleared with cause
 * 16 and the loop ends. */
int ctid_drain(struct ctid *d, uint32_t timeout_ms);

/* Log an agent in at an extension with the skills its configuration
 * entry gives. Returns 0, CTI_ENOENT (agent not configured, or no such
 * extension), or cti_center_agent_login()'s errors. */
int ctid_agent_login(struct ctid *d, const char *agent, const char *ext);

/* Switch a span's D-channel capture (path NULL: off). `why` says what
 * failed. Returns 0, CTI_ENOENT (no span of that name), CTI_E*. */
int ctid_span_capture(struct ctid *d, const char *span, const char *path,
		      char *why, size_t why_len);

/* The span of that name, or NULL. */
struct ctid_span *ctid_span_by_name(struct ctid *d, const char *name);

/* ---- implemented by the control socket and service glue (B) ------------ */

/* Listen on a UNIX socket at `path` (mode 0660; the directory's
 * permissions decide who may connect) and serve cti-ctl from the loop.
 * Returns 0 or CTI_E* with the reason in `why`. */
int ctid_ctl_open(struct ctid *d, const char *path, char *why, size_t why_len);
void ctid_ctl_close(struct ctid *d);

/* systemd (sd_notify): READY=1 with a STATUS line; the watchdog's
 * keep-alive runs on a context timer when WATCHDOG_USEC is set;
 * RELOADING=1 / READY=1 around a reload; STOPPING=1. Without systemd
 * (no NOTIFY_SOCKET) they do nothing. */
int ctid_service_ready(struct ctid *d);
void ctid_service_reloading(struct ctid *d, bool begin);
void ctid_service_stopping(struct ctid *d);
void ctid_service_status(struct ctid *d, const char *text);

#endif
