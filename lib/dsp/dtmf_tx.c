// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * DTMF generator: ITU-T Q.23 frequency pairs, with the level, twist,
 * timing and frequency offset a test set needs (Q.24 receiver tests).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ring.h"
#include "cti/dsp.h"

#define TX_QLEN 128

struct cti_dtmf_tx {
	char q[TX_QLEN];
	struct cti_ring digits; /* over q: refuses when full (put checks) */
	double amp_low, amp_high, offset;
	uint32_t on, off; /* samples */
	char cur;         /* digit (or ',') being generated, 0 if none */
	uint32_t pos;     /* sample within it */
	double wl, wh;    /* radians per sample */
	bool allocated;
};

_Static_assert(sizeof(struct cti_dtmf_tx) <= sizeof(cti_dtmf_tx_storage_t),
	       "CTI_DTMF_TX_STORAGE too small");

static const char keys[] = "123A456B789C*0#D";
static const double low_hz[4] = { 697, 770, 852, 941 };
static const double high_hz[4] = { 1209, 1336, 1477, 1633 };

int cti_dtmf_freqs(char digit, double *low, double *high)
{
	const char *k;

	digit = (char)toupper((unsigned char)digit);
	k = digit ? strchr(keys, digit) : NULL;
	if (!k)
		return CTI_EINVAL;
	if (low)
		*low = low_hz[(k - keys) / 4];
	if (high)
		*high = high_hz[(k - keys) % 4];
	return 0;
}

void cti_dtmf_tx_defaults(cti_dtmf_tx_config_t *cfg)
{
	if (!cfg)
		return;
	memset(cfg, 0, sizeof(*cfg));
	cfg->level_dbm0 = -7.0;
	cfg->twist_db = 2.0;
	cfg->on_ms = 80;
	cfg->off_ms = 80;
}

int cti_dtmf_tx_init(cti_dtmf_tx_t **out, cti_dtmf_tx_storage_t *mem,
		     const cti_dtmf_tx_config_t *cfg)
{
	cti_dtmf_tx_config_t def;
	struct cti_dtmf_tx *tx;
	double level, twist;
	uint32_t on_ms, off_ms;

	if (!out)
		return CTI_EINVAL;
	*out = NULL;
	cti_dtmf_tx_defaults(&def);
	if (!cfg)
		cfg = &def;
	level = cfg->level_dbm0;
	twist = cfg->twist_db;
	on_ms = cfg->on_ms;
	off_ms = cfg->off_ms;
	/* NaN compares false with everything: test finiteness first */
	if (!isfinite(level) || !isfinite(twist) ||
	    !isfinite(cfg->freq_offset))
		return CTI_EINVAL;
	if (level > 3 || level + twist > 3 || !on_ms || on_ms > 10000 ||
	    off_ms > 10000 || fabs(cfg->freq_offset) > 0.2 || level < -100 ||
	    level + twist < -100)
		return CTI_EINVAL;
	tx = mem ? (struct cti_dtmf_tx *)mem : malloc(sizeof(*tx));
	if (!tx)
		return CTI_ENOMEM;
	memset(tx, 0, sizeof(*tx));
	tx->allocated = !mem;
	CTI_RING_INIT(&tx->digits, tx->q, CTI_RING_REFUSE);
	tx->amp_low = cti_dbm0_to_peak(level);
	tx->amp_high = cti_dbm0_to_peak(level + twist);
	tx->offset = cfg->freq_offset;
	tx->on = on_ms * (CTI_DSP_RATE / 1000);
	tx->off = off_ms * (CTI_DSP_RATE / 1000);
	*out = tx;
	return 0;
}

void cti_dtmf_tx_free(cti_dtmf_tx_t *tx)
{
	if (tx && tx->allocated)
		free(tx);
}

int cti_dtmf_tx_put(cti_dtmf_tx_t *tx, const char *digits)
{
	size_t n;

	if (!tx || !digits)
		return CTI_EINVAL;
	n = strlen(digits);
	for (size_t i = 0; i < n; i++)
		if (digits[i] != ',' && cti_dtmf_freqs(digits[i], NULL, NULL))
			return CTI_EINVAL;
	if (n > cti_ring_space(&tx->digits))
		return CTI_ENOSPC;
	for (size_t i = 0; i < n; i++)
		*(char *)cti_ring_push(&tx->digits) =
			(char)toupper((unsigned char)digits[i]);
	return (int)n;
}

static bool next_digit(struct cti_dtmf_tx *tx)
{
	double lo = 0, hi = 0;

	if (!cti_ring_pop(&tx->digits, &tx->cur))
		return false;
	tx->pos = 0;
	if (tx->cur != ',')
		cti_dtmf_freqs(tx->cur, &lo, &hi);
	tx->wl = 2 * M_PI * lo * (1 + tx->offset) / CTI_DSP_RATE;
	tx->wh = 2 * M_PI * hi * (1 + tx->offset) / CTI_DSP_RATE;
	return true;
}

int cti_dtmf_tx_linear(cti_dtmf_tx_t *tx, int16_t *out, size_t n)
{
	size_t i = 0;

	if (!tx || (n && !out))
		return CTI_EINVAL;
	while (i < n) {
		if (!tx->cur && !next_digit(tx))
			break;
		if (tx->cur != ',' && tx->pos < tx->on) {
			double v = tx->amp_low * sin(tx->wl * tx->pos) +
				   tx->amp_high * sin(tx->wh * tx->pos);

			v = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
			out[i++] = (int16_t)lrint(v);
		} else {
			out[i++] = 0;
		}
		if (++tx->pos >= tx->on + tx->off)
			tx->cur = 0;
	}
	return (int)i;
}

bool cti_dtmf_tx_busy(const cti_dtmf_tx_t *tx)
{
	return tx && (tx->cur || !cti_ring_empty(&tx->digits));
}
