/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Span diagnostics and maintenance for any DAHDI card, through the DAHDI
 * user API alone (/dev/dahdi/ctl ioctls, /sys/bus/dahdi_*, /proc/dahdi):
 * alarms (with their meaning per ITU-T G.775/G.704 and ANSI T1.403),
 * performance counters, channels, loopbacks, PRBS (ITU-T O.151) and
 * counter reset. Fault injection is offered where the driver has it
 * (cticard's sysfs attributes).
 *
 * These calls are synchronous and need no context: they are for tools and
 * monitors, not the call path.
 */
#ifndef CTI_SPANDIAG_H
#define CTI_SPANDIAG_H

#include "cti/common.h"

CTI_BEGIN_DECLS

/* Alarm bits, equal to DAHDI's DAHDI_ALARM_* values. */
enum cti_span_alarm {
	CTI_SPAN_ALARM_RECOVER = 1 << 0,  /* clearing: waiting out the timer */
	CTI_SPAN_ALARM_LOOPBACK = 1 << 1, /* a loopback is active */
	CTI_SPAN_ALARM_YELLOW = 1 << 2,   /* far end reports it lost us (RAI) */
	CTI_SPAN_ALARM_RED = 1 << 3,      /* we lost signal or frame */
	CTI_SPAN_ALARM_BLUE = 1 << 4,     /* receiving AIS (all ones) */
	CTI_SPAN_ALARM_NOTOPEN = 1 << 5,  /* span not started */
	CTI_SPAN_ALARM_LOS = 1 << 8,      /* detail: loss of signal */
	CTI_SPAN_ALARM_LFA = 1 << 9,      /* detail: loss of frame alignment */
	CTI_SPAN_ALARM_LMFA = 1 << 10,    /* detail: loss of multiframe align. */
};

/* Line configuration bits, equal to DAHDI's DAHDI_CONFIG_* values. */
enum cti_span_lineconfig {
	CTI_SPAN_LC_D4 = 1 << 4,
	CTI_SPAN_LC_ESF = 1 << 5,
	CTI_SPAN_LC_AMI = 1 << 6,
	CTI_SPAN_LC_B8ZS = 1 << 7,
	CTI_SPAN_LC_CCS = 1 << 8,
	CTI_SPAN_LC_HDB3 = 1 << 9,
	CTI_SPAN_LC_CRC4 = 1 << 10,
};

/* Performance counters as the driver keeps them (struct dahdi_count). */
struct cti_span_counters {
	uint32_t bpv;         /* bipolar violations */
	uint32_t crc4;        /* CRC-4 (E1) / CRC-6 (T1 ESF) block errors */
	uint32_t ebit;        /* E-bits: far-end block errors (E1 CRC-4) */
	uint32_t fas;         /* frame alignment signal errors */
	uint32_t fe;          /* framing errors */
	uint32_t cv;          /* line code violations */
	uint32_t be;          /* PRBS bit errors */
	uint32_t prbs;        /* PRBS pattern detected (non-zero: in sync) */
	uint32_t errsec;      /* errored seconds */
	uint32_t timingslips; /* controlled frame slips */
	uint32_t irqmisses;   /* interrupts (ticks) the driver missed */
	uint32_t reserved[5];
};

/* One span as the kernel reports it. Strings are NUL-terminated. */
struct cti_span_info {
	int spanno;         /* 1-based span number */
	char name[24];      /* e.g. "CTICARD/0/1" */
	char desc[48];      /* free text from the driver */
	char spantype[8];   /* "E1", "T1", "J1", "BRI", "DYNAMIC", ... */
	char manufacturer[48];
	char devicetype[48];
	char location[48];
	char lboname[48];
	uint32_t alarms;     /* enum cti_span_alarm bits */
	uint32_t lineconfig; /* enum cti_span_lineconfig bits */
	int syncsrc;         /* span providing timing; 0: free run */
	int basechan;        /* first channel number; 0 if unassigned */
	int numchans;        /* configured channels */
	int totalchans;      /* channels the span has */
	bool is_digital;
	bool is_sync_master;
	struct cti_span_counters counters;
	uint32_t reserved[8];
};

/* One channel of a span (from /sys/bus/dahdi_channels). */
struct cti_span_chan {
	int channo;       /* global channel number */
	int chanpos;      /* 1-based position in its span */
	char name[40];    /* e.g. "CTICARD/0/1/16" */
	char sig[24];     /* signalling as DAHDI names it: "Clear", "HDLCFCS" */
	uint32_t alarms;
	bool in_use;      /* opened by a program */
	bool configured;  /* has a signalling type */
	/* D channels: Q.921 data link state as published by the libcti
	 * process holding the channel; DAHDI itself cannot know it */
	int8_t q921;      /* CTI_Q921_UNKNOWN, _DOWN or _UP */
	int32_t q921_pid; /* the holder, when q921 is known */
	/* B channels: 1 while a call of the libcti process holding the
	 * span's D channel is on it, 0 if none is, -1 if no such process
	 * publishes its calls (a program that is not libcti, or none).
	 * DAHDI's in_use only says the channel is open. */
	int8_t call;
	uint8_t pad_[3];
	uint32_t reserved[1];
};

enum cti_q921_state { CTI_Q921_UNKNOWN = -1, CTI_Q921_DOWN, CTI_Q921_UP };

/* An R2 (MFC/R2, China No.1) channel's line state as published by the
 * libcti process running R2 on it (DAHDI itself sees only ABCD bits).
 * Register signals are numbered 1..15 (Q.441; 0: none yet). */
struct cti_span_r2 {
	int32_t channo;
	int32_t pid;	   /* the publishing process */
	char line[16];	   /* "idle", "seized", "answered", "blocked" (by
			      us), "far-blocked" */
	char direction[4]; /* "in", "out", "" when no call */
	uint8_t rx_signal; /* last register signal received, 0 none */
	uint8_t tx_signal; /* last register signal sent, 0 none */
	char variant[8];   /* "CN", "ITU", ... */
	int64_t since_epoch_ms; /* last change */
	uint32_t reserved[4];
};

/* Maintenance commands (DAHDI_MAINT and PRBS). */
enum cti_span_maint {
	CTI_SPAN_MAINT_NONE,         /* loopbacks off */
	CTI_SPAN_MAINT_LOCALLOOP,    /* our transmit looped to our receive */
	CTI_SPAN_MAINT_NETWORKLOOP,  /* line loop: received line sent back */
	CTI_SPAN_MAINT_PAYLOADLOOP,  /* payload loop: framed, timeslots back */
	CTI_SPAN_MAINT_LOOPUP,       /* send the T1 in-band loop-up code */
	CTI_SPAN_MAINT_LOOPDOWN,     /* send the T1 in-band loop-down code */
	CTI_SPAN_MAINT_PRBS_ON,      /* start the PRBS generator and monitor */
	CTI_SPAN_MAINT_PRBS_OFF,
	CTI_SPAN_MAINT_RESET_COUNTERS,
	CTI_SPAN_MAINT_FAS_DEFECT,   /* insert one defect of a kind */
	CTI_SPAN_MAINT_MULTI_DEFECT,
	CTI_SPAN_MAINT_CRC_DEFECT,
	CTI_SPAN_MAINT_CAS_DEFECT,
	CTI_SPAN_MAINT_PRBS_DEFECT,
	CTI_SPAN_MAINT_BIPOLAR_DEFECT,
};

/* Faults a software line can be told to carry (cticard only). */
enum cti_span_fault {
	CTI_SPAN_FAULT_CLEAR, /* remove every impairment */
	CTI_SPAN_FAULT_LOS,   /* unplug: no signal */
	CTI_SPAN_FAULT_AIS,   /* send all ones */
	CTI_SPAN_FAULT_BER,   /* random bit errors at a rate */
	CTI_SPAN_FAULT_SLIP,  /* shift the bit stream: forces a re-hunt */
};

/*
 * Span numbers present in the system, ascending, into spans[0..max-1].
 * Returns how many exist (may exceed max), 0 when DAHDI is loaded but has
 * no span, CTI_ENODEV when DAHDI is not loaded.
 */
CTI_EXTERN int cti_span_list(int *spans, size_t max);

/*
 * Fill *info for span spanno. Returns 0, CTI_ENOENT for no such span,
 * CTI_ENODEV when DAHDI is not loaded, CTI_EACCES without permission, or
 * another negative errno from the kernel.
 */
CTI_EXTERN int cti_span_info_get(int spanno, struct cti_span_info *info);

/*
 * The channels of span spanno, into chans[0..max-1] by position. Returns
 * the number of channels the span has (may exceed max) or a negative code
 * as cti_span_info_get().
 */
CTI_EXTERN int cti_span_chans_get(int spanno, struct cti_span_chan *chans,
				  size_t max);

/*
 * The R2 line state of DAHDI channel `channo` (global number). Returns 0,
 * CTI_ENOENT (no live libcti process publishes R2 state for it: not an R2
 * channel, or not open) or CTI_EINVAL.
 */
CTI_EXTERN int cti_span_r2_get(int32_t channo, struct cti_span_r2 *st);

/*
 * Run a maintenance command on span spanno. Returns 0, CTI_ENOTSUP when
 * the driver does not implement it (DAHDI answers ENOSYS/EINVAL), CTI_ENOENT
 * for no such span, or another negative errno.
 */
CTI_EXTERN int cti_span_maint(int spanno, enum cti_span_maint cmd);

/*
 * Put a fault on span spanno's receive line (rate: bit error rate for
 * CTI_SPAN_FAULT_BER, ignored otherwise). Returns 0, CTI_ENOTSUP when the
 * span's driver has no fault injection (every card but cticard),
 * CTI_ERANGE for a rate outside 1e-9..1e-2, or a negative errno.
 */
CTI_EXTERN int cti_span_inject(int spanno, enum cti_span_fault fault,
			       double rate);

/* Short upper-case name of one alarm bit ("RED", "LOS"...); "?" if none. */
CTI_EXTERN const char *cti_span_alarm_name(uint32_t bit);

/* What one alarm bit means, in a sentence; NULL for an unknown bit. */
CTI_EXTERN const char *cti_span_alarm_meaning(uint32_t bit);

/* The likely cause of one alarm bit and what to check; NULL if unknown. */
CTI_EXTERN const char *cti_span_alarm_cause(uint32_t bit);

/*
 * Write the names of the alarm bits in alarms, space-separated, into
 * buf ("OK" when none). Returns the length it needed (snprintf rules).
 */
CTI_EXTERN int cti_span_alarms_str(uint32_t alarms, char *buf, size_t len);

/*
 * Write framing/coding/CRC as dahdi_cfg spells them ("CCS/HDB3/CRC4",
 * "ESF/B8ZS") into buf. Returns the length it needed (snprintf rules).
 */
CTI_EXTERN int cti_span_lineconfig_str(uint32_t lineconfig, char *buf,
				       size_t len);

CTI_END_DECLS

#endif /* CTI_SPANDIAG_H */
