// SPDX-License-Identifier: LGPL-2.1-or-later
/* Call-progress tone generator: a plan's tone with its cadence, looping. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/tone_plan.h"
#include "cti/dsp.h"

struct cti_tone_tx {
	const struct cti__tone_def *def;
	double amp;
	uint64_t pos;   /* sample within the cadence cycle */
	uint64_t cycle; /* cycle length in samples (0: continuous) */
	uint64_t n;     /* samples generated (phase reference) */
	bool allocated;
};

_Static_assert(sizeof(struct cti_tone_tx) <= sizeof(cti_tone_tx_storage_t),
	       "CTI_TONE_TX_STORAGE too small");

int cti_tone_tx_init(cti_tone_tx_t **out, cti_tone_tx_storage_t *mem,
		     int plan, int tone)
{
	const struct cti__tone_def *defs = cti__tone_plan(plan), *def = NULL;
	struct cti_tone_tx *tx;

	if (!out)
		return CTI_EINVAL;
	*out = NULL;
	for (int i = 0; defs && i < CTI__TONES_PER_PLAN; i++)
		if (defs[i].tone == tone)
			def = &defs[i];
	if (!def)
		return CTI_EINVAL;
	tx = mem ? (struct cti_tone_tx *)mem : malloc(sizeof(*tx));
	if (!tx)
		return CTI_ENOMEM;
	memset(tx, 0, sizeof(*tx));
	tx->allocated = !mem;
	tx->def = def;
	tx->amp = cti_dbm0_to_peak(def->dbm0);
	if (def->on_ms)
		tx->cycle = (uint64_t)((def->sequence ? def->nhz : 1) *
					       def->on_ms +
				       def->off_ms) *
			    8;
	*out = tx;
	return 0;
}

void cti_tone_tx_free(cti_tone_tx_t *tx)
{
	if (tx && tx->allocated)
		free(tx);
}

int cti_tone_tx_linear(cti_tone_tx_t *tx, int16_t *out, size_t n)
{
	const struct cti__tone_def *d;

	if (!tx || (n && !out))
		return CTI_EINVAL;
	d = tx->def;
	for (size_t i = 0; i < n; i++, tx->n++) {
		double v = 0, t = (double)tx->n / CTI_DSP_RATE;
		uint64_t on = (uint64_t)d->on_ms * 8;

		if (!tx->cycle) {
			for (int k = 0; k < d->nhz; k++)
				v += sin(2 * M_PI * d->hz[k] * t);
		} else if (d->sequence) {
			if (tx->pos < on * (uint64_t)d->nhz)
				v = sin(2 * M_PI * d->hz[tx->pos / on] * t);
		} else if (tx->pos < on) {
			for (int k = 0; k < d->nhz; k++)
				v += sin(2 * M_PI * d->hz[k] * t);
		}
		out[i] = (int16_t)lrint(v * tx->amp);
		if (tx->cycle && ++tx->pos == tx->cycle)
			tx->pos = 0;
	}
	return (int)n;
}
