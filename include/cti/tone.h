/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti call-progress tones and silence detection, on 8 kHz linear audio.
 *
 * Tone plans (frequencies, levels, cadences):
 *  - CTI_TONES_CN: China, GB/T 3380 and YD/T 1277: 450 Hz.
 *  - CTI_TONES_NA: North America, Telcordia GR-506 / ANSI T1.401
 *    ("precise tone plan": 350+440, 440+480, 480+620 Hz).
 *  - CTI_TONES_ITU: ITU-T E.180 recommended values (425 Hz) and the
 *    special information tone of ITU-T E.180 / Q.35 (950/1400/1800 Hz).
 * The generator plays a tone with its cadence; the detector recognises
 * which tone of a plan a line is playing, from the frequencies and the
 * measured cadence. Both follow the init(NULL) pattern of cti/dsp.h.
 */
#ifndef CTI_TONE_H
#define CTI_TONE_H

#include "cti/common.h"

CTI_BEGIN_DECLS

enum cti_tone_plan {
	CTI_TONES_CN = 1,
	CTI_TONES_NA = 2,
	CTI_TONES_ITU = 3,
};

enum cti_tone {
	CTI_TONE_NONE = 0,
	CTI_TONE_DIAL = 1,       /* continuous */
	CTI_TONE_RINGBACK = 2,   /* the far end is being alerted */
	CTI_TONE_BUSY = 3,       /* the called line is busy */
	CTI_TONE_CONGESTION = 4, /* reorder: the network is busy */
	CTI_TONE_SIT = 5,        /* special information tone (three notes) */
};

/* Name such as "busy"; "none" for CTI_TONE_NONE, "?" if unknown. */
CTI_EXTERN const char *cti_tone_name(int tone);

/* ---- generator ---------------------------------------------------------- */

typedef struct cti_tone_tx cti_tone_tx_t;

#define CTI_TONE_TX_STORAGE 256
typedef union cti_tone_tx_storage {
	unsigned char bytes[CTI_TONE_TX_STORAGE];
	long double align_;
	void *align_p_;
} cti_tone_tx_storage_t;

/* Start playing `tone` (enum cti_tone) of `plan` (enum cti_tone_plan; its
 * cadence repeats for ever) in mem (or allocated if NULL). Returns 0 and
 * sets *out, or with *out NULL: CTI_EINVAL (out NULL, unknown plan or
 * tone) or CTI_ENOMEM. */
CTI_EXTERN int cti_tone_tx_init(cti_tone_tx_t **out,
				cti_tone_tx_storage_t *mem, int plan, int tone);

/* Release a generator; NULL is ignored. */
CTI_EXTERN void cti_tone_tx_free(cti_tone_tx_t *tx);

/* Write the next n samples. Returns n, or CTI_EINVAL for NULL args. */
CTI_EXTERN int cti_tone_tx_linear(cti_tone_tx_t *tx, int16_t *out, size_t n);

/* ---- detector ----------------------------------------------------------- */

typedef struct cti_tone_event {
	uint32_t tone;  /* enum cti_tone now recognised (NONE: it stopped) */
	uint32_t pad;
	uint64_t start; /* sample index where that tone began */
	uint64_t reserved[2];
} cti_tone_event_t;

typedef struct cti_tone_rx cti_tone_rx_t;

#define CTI_TONE_RX_STORAGE 1024
typedef union cti_tone_rx_storage {
	unsigned char bytes[CTI_TONE_RX_STORAGE];
	long double align_;
	void *align_p_;
} cti_tone_rx_storage_t;

/* A detector for the tones of `plan` (enum cti_tone_plan; in mem, or
 * allocated if NULL). Returns 0 and sets *out, or with *out NULL:
 * CTI_EINVAL (out NULL, unknown plan) or CTI_ENOMEM. */
CTI_EXTERN int cti_tone_rx_init(cti_tone_rx_t **out,
				cti_tone_rx_storage_t *mem, int plan);

/* Release a detector; NULL is ignored. */
CTI_EXTERN void cti_tone_rx_free(cti_tone_rx_t *rx);

/* Feed n samples (any block size). Returns the number of events waiting
 * or CTI_EINVAL for NULL arguments. */
CTI_EXTERN int cti_tone_rx_linear(cti_tone_rx_t *rx, const int16_t *s,
				  size_t n);

/* Copy out the oldest event by value: 1 with one in *ev, 0 if none is
 * waiting, CTI_EINVAL for a NULL argument. The queue holds 8 events;
 * beyond that the oldest is dropped (the audio path never blocks). */
CTI_EXTERN int cti_tone_rx_next_event(cti_tone_rx_t *rx,
				      cti_tone_event_t *ev);

/* The tone recognised now (enum cti_tone). */
CTI_EXTERN int cti_tone_rx_current(const cti_tone_rx_t *rx);

/* ---- silence / energy detection ----------------------------------------- */

typedef struct cti_silence {
	double threshold_dbm0; /* frames below are silent (e.g. -45) */
	uint32_t hangover_ms;  /* sound must stay away this long before
				  silence is declared (e.g. 300) */
	/* state: read-only for callers */
	bool silent;           /* current state (starts silent) */
	uint64_t samples;      /* fed so far */
	uint64_t since;        /* sample where the current state began */
	uint64_t last_sound;   /* end of the last frame with sound */
	double frame_dbm0;     /* level of the last complete 10 ms frame */
	uint32_t fill;
	double acc;
	uint64_t reserved[2];
} cti_silence_t;

/* Initialise a silence detector. Returns 0, or CTI_EINVAL for a NULL
 * pointer, a threshold that is not finite or outside -90..0 dBm0, or a
 * hangover above 60 s. */
CTI_EXTERN int cti_silence_init(cti_silence_t *sd, double threshold_dbm0,
				uint32_t hangover_ms);

/* Feed n samples; returns 1 if the state (silent or not) changed in them,
 * 0 if not, CTI_EINVAL for NULL arguments. Frames are 10 ms. */
CTI_EXTERN int cti_silence_feed(cti_silence_t *sd, const int16_t *s,
				size_t n);

/* Milliseconds of continuous silence up to now (0 while sound). */
CTI_EXTERN uint32_t cti_silence_ms(const cti_silence_t *sd);

CTI_END_DECLS

#endif /* CTI_TONE_H */
