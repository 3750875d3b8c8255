/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * China No.1 ANI on outgoing calls with openr2 1.3.3 (r2.h explains the
 * virtual tone; docs/r2.md the openr2 defect). Pure: no openr2 calls.
 */
#include "r2/r2.h"

#define A1  '1' /* No.1 A-1: send the next digit */
#define A6  '6' /* No.1 A-6: send the category (KA) and the calling number */
#define I12 'C' /* I-12: calling number restricted (openr2's China table) */
#define I15 'F' /* I-15: end of the calling number */

void cti__r2_shim_reset(struct cti__r2_shim *s, bool enabled, bool forward)
{
	s->enabled = enabled;
	s->forward = forward;
	s->ani_phase = false;
}

int cti__r2_shim_rx(struct cti__r2_shim *s, int tone)
{
	if (!s->enabled || !s->forward)
		return tone;
	if (tone == A6)
		s->ani_phase = true;
	else if (tone == A1 && s->ani_phase)
		return CTI__R2_SHIM_VTONE;
	else if (tone == CTI__R2_SHIM_VTONE)
		return -1; /* a real A-14 is no No.1 signal: ignore it */
	return tone;
}

int cti__r2_shim_tx(struct cti__r2_shim *s, int tone)
{
	if (!s->enabled)
		return tone;
	if (!s->forward)
		return tone == CTI__R2_SHIM_VTONE ? A1 : tone;
	if (s->ani_phase && (tone == I15 || tone == I12))
		s->ani_phase = false;
	return tone;
}
