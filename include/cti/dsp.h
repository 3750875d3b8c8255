/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti DSP: pure functions and small state objects on 8 kHz sample
 * buffers. No I/O, no clock, no allocation on the audio path.
 *
 *  - G.711 A-law and mu-law (ITU-T G.711 (11/88) Tables 1 and 2), bit-exact.
 *  - DTMF receiver meeting ITU-T Q.24 (and the stricter Telcordia
 *    GR-506 / ETSI ES 201 235-3 figures, see docs/dsp.md), and DTMF
 *    generator (ITU-T Q.23 frequencies).
 *  - Levels in dBm0: 0 dBm0 is a sine of peak 22826 in 16-bit linear PCM
 *    (A-law's +3.14 dBm0 overload point at full scale, G.711 clause 4).
 *
 * State objects (cti_dtmf_rx_t, cti_dtmf_tx_t) follow the init(NULL)
 * pattern: pass storage of the public *_storage_t type to embed the object
 * in your own structure, or NULL to have it allocated; *_free() releases
 * either (it frees only what it allocated).
 */
#ifndef CTI_DSP_H
#define CTI_DSP_H

#include "cti/common.h"

CTI_BEGIN_DECLS

/* Sample formats of a buffer; numerically equal to enum cti_law's
 * A-law and mu-law values. */
enum cti_pcm {
	CTI_PCM_S16 = 0,  /* 16-bit signed linear, host order */
	CTI_PCM_ALAW = 1, /* ITU-T G.711 A-law, one byte per sample */
	CTI_PCM_ULAW = 2, /* ITU-T G.711 mu-law, one byte per sample */
};

#define CTI_DSP_RATE 8000         /* samples per second, everywhere */
#define CTI_DBM0_PEAK 22826.0     /* peak of a 0 dBm0 sine, 16-bit linear */

/* ---- G.711 ------------------------------------------------------------ */

/* Encode one 16-bit linear sample to A-law (G.711 Table 1, even bits
 * inverted). Never fails. */
CTI_EXTERN uint8_t cti_alaw_encode(int16_t s);
/* Decode one A-law byte to 16-bit linear (the interval's midpoint). */
CTI_EXTERN int16_t cti_alaw_decode(uint8_t a);
/* Encode one 16-bit linear sample to mu-law (G.711 Table 2). */
CTI_EXTERN uint8_t cti_ulaw_encode(int16_t s);
/* Decode one mu-law byte to 16-bit linear. */
CTI_EXTERN int16_t cti_ulaw_decode(uint8_t u);

/* Encode n samples of src to dst in `law` (CTI_PCM_ALAW or CTI_PCM_ULAW).
 * Returns 0, or CTI_EINVAL for another law or a NULL buffer with n > 0. */
CTI_EXTERN int cti_g711_encode(int law, uint8_t *dst, const int16_t *src,
			       size_t n);
/* Decode n bytes of src in `law` to dst. Returns 0 or CTI_EINVAL as
 * cti_g711_encode(). */
CTI_EXTERN int cti_g711_decode(int law, int16_t *dst, const uint8_t *src,
			       size_t n);

/* ---- levels ----------------------------------------------------------- */

/* Mean power of n linear samples in dBm0; -100.0 for silence or n == 0. */
CTI_EXTERN double cti_power_dbm0(const int16_t *s, size_t n);

/* Peak amplitude (16-bit linear) of a sine at `dbm0`. */
CTI_EXTERN double cti_dbm0_to_peak(double dbm0);

/* ---- sample-rate conversion ----------------------------------------- */

/* Samples cti_resample_to_8k() makes from n input samples at in_rate. */
CTI_EXTERN size_t cti_resample_out_len(size_t n, unsigned in_rate);

/* Resample n samples at in_rate Hz (1000..384000) to 8 kHz 16-bit linear,
 * multiplying by scale (32767 for float audio in -1..1), through a
 * windowed-sinc low-pass at 3.8 kHz; for whole files (it allocates a
 * table), not the audio path. Returns the number of samples written, or
 * CTI_EINVAL (bad rate or NULL), CTI_ENOSPC (out_cap smaller than
 * cti_resample_out_len()), CTI_ENOMEM. */
CTI_EXTERN long cti_resample_to_8k(const float *in, size_t n,
				   unsigned in_rate, double scale,
				   int16_t *out, size_t out_cap);

/* ---- DTMF receiver ---------------------------------------------------- */

enum cti_dtmf_event_type {
	CTI_DTMF_START = 1, /* a digit has been recognised (still held) */
	CTI_DTMF_END = 2,   /* the digit ended; start and end are final */
};

/* Times are sample indices since the receiver was initialised (divide by
 * 8 for milliseconds); start/end estimate the tone's own edges. */
typedef struct cti_dtmf_event {
	uint32_t type;  /* enum cti_dtmf_event_type */
	char digit;     /* '0'-'9', '*', '#', 'A'-'D' */
	char pad[3];
	uint64_t start; /* first sample of the tone */
	uint64_t end;   /* one past its last sample (CTI_DTMF_END only) */
	uint64_t reserved[2];
} cti_dtmf_event_t;

/* Receiver settings; zero-initialise, then change what you need. Zero
 * values mean the defaults given beside each field. */
typedef struct cti_dtmf_rx_config {
	double min_level_dbm0;  /* weakest tone accepted: default -36 */
	double normal_twist_db; /* low group louder, limit: default 10 */
	double reverse_twist_db;/* high group louder, limit: default 6 */
	uint32_t reserved[8];
} cti_dtmf_rx_config_t;

typedef struct cti_dtmf_rx cti_dtmf_rx_t;

#define CTI_DTMF_RX_STORAGE 4096
/* Storage to embed a receiver (cti_dtmf_rx_init(&storage, ...)). */
typedef union cti_dtmf_rx_storage {
	unsigned char bytes[CTI_DTMF_RX_STORAGE];
	long double align_;
	void *align_p_;
} cti_dtmf_rx_storage_t;

/* Initialise a receiver in `mem` (or allocate one if mem is NULL) with
 * `cfg` (NULL for defaults). Returns 0 and sets *out, or with *out NULL:
 * CTI_ENOMEM, or CTI_EINVAL (out NULL, a setting not finite or out of
 * range: level not in -60..0 dBm0, twist not in 0..20 dB). */
CTI_EXTERN int cti_dtmf_rx_init(cti_dtmf_rx_t **out,
				cti_dtmf_rx_storage_t *mem,
				const cti_dtmf_rx_config_t *cfg);

/* Release a receiver (frees it only if cti_dtmf_rx_init allocated it).
 * NULL is ignored. */
CTI_EXTERN void cti_dtmf_rx_free(cti_dtmf_rx_t *rx);

/* Feed n samples in `fmt` (enum cti_pcm); any block size, including 0.
 * Returns the number of events now waiting (>= 0), or CTI_EINVAL for an
 * unknown format or NULL arguments. Events beyond the queue's capacity
 * (32) drop the oldest and count in cti_dtmf_rx_dropped(). */
CTI_EXTERN int cti_dtmf_rx_feed(cti_dtmf_rx_t *rx, int fmt, const void *buf,
				size_t n);

/* Shorthand for 16-bit linear input; same returns as cti_dtmf_rx_feed. */
CTI_EXTERN int cti_dtmf_rx_linear(cti_dtmf_rx_t *rx, const int16_t *s,
				  size_t n);

/* Copy the oldest waiting event out by value. Returns 1 if one was
 * copied, 0 if none is waiting, CTI_EINVAL for a NULL argument. */
CTI_EXTERN int cti_dtmf_rx_next_event(cti_dtmf_rx_t *rx,
				      cti_dtmf_event_t *ev);

/* Declare the end of the input: a digit still held gets its END event
 * (end = samples fed so far). Returns the events waiting, or CTI_EINVAL. */
CTI_EXTERN int cti_dtmf_rx_flush(cti_dtmf_rx_t *rx);

/* The digit being held now, or '\0'. */
CTI_EXTERN char cti_dtmf_rx_current(const cti_dtmf_rx_t *rx);

/* Samples fed so far. */
CTI_EXTERN uint64_t cti_dtmf_rx_samples(const cti_dtmf_rx_t *rx);

/* Events lost to a full queue since init. */
CTI_EXTERN uint32_t cti_dtmf_rx_dropped(const cti_dtmf_rx_t *rx);

/* ---- DTMF generator (ITU-T Q.23) -------------------------------------- */

/* Generator settings: start from cti_dtmf_tx_defaults(). */
typedef struct cti_dtmf_tx_config {
	double level_dbm0;    /* level of the low-group tone: default -7 */
	double twist_db;      /* high group minus low group: default +2 */
	uint32_t on_ms;       /* tone duration: default 80 */
	uint32_t off_ms;      /* pause after each digit: default 80 */
	double freq_offset;   /* relative frequency error, e.g. 0.015: 0 */
	uint32_t reserved[8];
} cti_dtmf_tx_config_t;

/* Fill cfg with the defaults above. NULL is ignored. */
CTI_EXTERN void cti_dtmf_tx_defaults(cti_dtmf_tx_config_t *cfg);

typedef struct cti_dtmf_tx cti_dtmf_tx_t;

#define CTI_DTMF_TX_STORAGE 512
typedef union cti_dtmf_tx_storage {
	unsigned char bytes[CTI_DTMF_TX_STORAGE];
	long double align_;
	void *align_p_;
} cti_dtmf_tx_storage_t;

/* Initialise a generator (allocated if mem is NULL) with cfg (NULL for
 * the defaults). Returns 0 and sets *out, or with *out NULL: CTI_ENOMEM,
 * or CTI_EINVAL for out NULL, a level, twist or offset that is not
 * finite, a tone above +3 dBm0 or below -100, a tone duration of 0 or
 * above 10 s, a pause above 10 s or an offset beyond +-20%. */
CTI_EXTERN int cti_dtmf_tx_init(cti_dtmf_tx_t **out,
				cti_dtmf_tx_storage_t *mem,
				const cti_dtmf_tx_config_t *cfg);

/* Release a generator; NULL is ignored. */
CTI_EXTERN void cti_dtmf_tx_free(cti_dtmf_tx_t *tx);

/* Queue digits ("0-9*#A-D", case-insensitive; ',' adds a pause of
 * on+off time). Returns the number of digits queued, CTI_EINVAL (and
 * queues nothing) for any other character, or CTI_ENOSPC if the queue
 * (128 digits) cannot take them all. */
CTI_EXTERN int cti_dtmf_tx_put(cti_dtmf_tx_t *tx, const char *digits);

/* Generate up to n samples of tones and pauses. Returns the number of
 * samples written (< n once the queue is empty; 0 when idle), or
 * CTI_EINVAL for NULL arguments. */
CTI_EXTERN int cti_dtmf_tx_linear(cti_dtmf_tx_t *tx, int16_t *out, size_t n);

/* True while digits or a pause remain to be generated. */
CTI_EXTERN bool cti_dtmf_tx_busy(const cti_dtmf_tx_t *tx);

/* The low and high frequencies (Hz) of a DTMF key. Returns 0, or
 * CTI_EINVAL for a character that is not a DTMF key. */
CTI_EXTERN int cti_dtmf_freqs(char digit, double *low_hz, double *high_hz);

CTI_END_DECLS

#endif /* CTI_DSP_H */
