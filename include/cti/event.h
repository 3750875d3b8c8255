/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti events: one tagged union copied out of the context BY VALUE
 * (cti_ctx_next_event() in cti/ctx.h), so an application never holds a pointer
 * into the library's state. Call event names follow the CSTA core event
 * set (ECMA-269 clause 17: Originated, Delivered, Established, Held,
 * Retrieved, Transferred, Conferenced, Connection Cleared, Failed).
 *
 * ABI: the union is padded to a fixed size with reserved bytes; new event
 * types and new fields at the end of a member keep the size.
 */
#ifndef CTI_EVENT_H
#define CTI_EVENT_H

#include "cti/common.h"

CTI_BEGIN_DECLS

enum cti_event_type {
	CTI_EVENT_NONE = 0,
	/* calls (struct cti_call_event) */
	CTI_EVENT_CALL_ORIGINATED = 1, /* our SETUP went out */
	CTI_EVENT_CALL_OFFERED,	       /* an incoming call waits for us */
	CTI_EVENT_CALL_DELIVERED,      /* far end alerting (outgoing) or we
					  sent ALERTING (incoming) */
	CTI_EVENT_CALL_ESTABLISHED,    /* connected: audio flows */
	CTI_EVENT_CALL_HELD,	       /* put on local hold */
	CTI_EVENT_CALL_RETRIEVED,      /* taken off hold */
	CTI_EVENT_CALL_TRANSFERRED,    /* joined to `related_id`, left our
					  control */
	CTI_EVENT_CALL_CONFERENCED,    /* joined conference `conf_id` */
	CTI_EVENT_CALL_CLEARED,	       /* gone (answered, or incoming and
					  never answered); `cause` */
	CTI_EVENT_CALL_FAILED,	       /* our call could not be set up;
					  `cause` says why */
	CTI_EVENT_CALL_DIGITS,	       /* digits received (overlap / keypad) */
	CTI_EVENT_CALL_DEFLECTED,      /* sent elsewhere by deflection */
	/* spans (struct cti_span_event) */
	CTI_EVENT_SPAN_ALARM = 32, /* alarm bits changed (cti/spandiag.h) */
	CTI_EVENT_SPAN_UP,	   /* D channel established (Q.921) and
				      settled: calls may be made */
	CTI_EVENT_SPAN_DOWN,	   /* D channel lost */
	/* the application's own (cti_ctx_post_event) */
	CTI_EVENT_USER = 64,
};

enum cti_call_direction {
	CTI_CALL_OUTGOING = 1,
	CTI_CALL_INCOMING = 2,
};

/* Type of number, Q.931 clause 4.5.10 (octet 3, bits 7-5). */
enum cti_ton {
	CTI_TON_UNKNOWN = 0,
	CTI_TON_INTERNATIONAL = 1,
	CTI_TON_NATIONAL = 2,
	CTI_TON_NETWORK = 3,
	CTI_TON_SUBSCRIBER = 4,
	CTI_TON_ABBREVIATED = 6,
};

/* Numbering plan identification, Q.931 clause 4.5.10 (bits 4-1). */
enum cti_npi {
	CTI_NPI_UNKNOWN = 0,
	CTI_NPI_E164 = 1,
	CTI_NPI_DATA = 3,
	CTI_NPI_TELEX = 4,
	CTI_NPI_NATIONAL = 8,
	CTI_NPI_PRIVATE = 9,
};

/* Presentation indicator, Q.931 clause 4.5.10 (octet 3a, bits 7-6). */
enum cti_pres {
	CTI_PRES_ALLOWED = 0,
	CTI_PRES_RESTRICTED = 1,
	CTI_PRES_UNAVAILABLE = 2,
};

/* Screening indicator, Q.931 clause 4.5.10 (octet 3a, bits 2-1). */
enum cti_screen {
	CTI_SCREEN_USER_NOT_SCREENED = 0,
	CTI_SCREEN_USER_PASSED = 1,
	CTI_SCREEN_USER_FAILED = 2,
	CTI_SCREEN_NETWORK = 3,
};

/*
 * Flags of a call event (and of cti_call_info): a number the far end sent
 * was longer than its field here (31 digits) and holds only its first 31
 * digits. libcti never shortens a number silently: the flag is set in
 * every event of the call and a warning is logged (module "call").
 */
enum cti_call_flag {
	CTI_CALL_FLAG_ANI_TRUNCATED = 1u << 0,	       /* calling number */
	CTI_CALL_FLAG_DNIS_TRUNCATED = 1u << 1,	       /* called number */
	CTI_CALL_FLAG_REDIRECTING_TRUNCATED = 1u << 2, /* redirecting */
	CTI_CALL_FLAG_DIGITS_TRUNCATED = 1u << 3, /* DIGITS of this event */
};

/* A party number with its Q.931 clause 4.5.10/4.5.8 attributes. */
struct cti_number {
	char digits[32];      /* NUL-terminated, '0'-'9', '*', '#' */
	uint8_t ton;	      /* enum cti_ton (type of number) */
	uint8_t plan;	      /* enum cti_npi (numbering plan) */
	uint8_t presentation; /* enum cti_pres */
	uint8_t screening;    /* enum cti_screen */
};

struct cti_call_event {
	uint32_t call_id;	/* the call (cti_call_id()); 0 never used */
	uint32_t related_id;	/* the other leg of a transfer, else 0 */
	uint32_t conf_id;	/* conference joined (CONFERENCED), else 0 */
	uint16_t span_id;	/* span the call is on */
	int16_t bchan;		/* B-channel (Q.931 channel number) or -1 */
	int16_t cause;		/* Q.850 cause for CLEARED/FAILED, else 0 */
	uint8_t direction;	/* enum cti_call_direction */
	uint8_t reason;		/* reason for redirection (Q.952) or 0 */
	struct cti_number ani;	/* calling party */
	struct cti_number dnis; /* called party */
	struct cti_number redirecting; /* redirecting party, if any */
	char digits[32];	       /* DIGITS: the digits received */
	char app_data[64]; /* application data (cti_call_set_app_data) */
	void *user;	   /* the application's pointer for the call */
	uint32_t flags;	   /* enum cti_call_flag bits */
	uint8_t category;  /* R2 spans: enum cti_r2_category (cti/span.h) */
};

struct cti_span_event {
	uint16_t span_id;
	uint16_t reserved0;
	uint32_t alarms;	/* enum cti_span_alarm bits (cti/spandiag.h) */
	uint32_t calls_cleared; /* SPAN_DOWN: calls it cleared */
	int16_t cause; /* SPAN_DOWN: Q.850 cause given to those calls */
};

struct cti_user_event {
	uint64_t value;
	void *ptr;
};

struct cti_event {
	uint32_t type; /* enum cti_event_type */
	uint32_t reserved0;
	uint64_t time_ms; /* cti_now_ms(): the context's clock */
	union {
		struct cti_call_event call;
		struct cti_span_event span;
		struct cti_user_event user;
		uint8_t reserved[320];
	} u;
};

/* The event type's name ("CALL_ESTABLISHED"); "?" if unknown. */
CTI_EXTERN const char *cti_event_name(int type);

CTI_END_DECLS

#endif /* CTI_EVENT_H */
