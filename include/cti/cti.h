/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti: CTI call control, ACD and IVR primitives for E1/T1 PRI trunks.
 * Include this one header to get the whole public API.
 */
#ifndef CTI_CTI_H
#define CTI_CTI_H

#include "cti/common.h"
#include "cti/log.h"
#include "cti/event.h"
#include "cti/ctx.h"
#include "cti/spandiag.h"
#include "cti/span.h"
#include "cti/call.h"
#include "cti/dsp.h"
#include "cti/tone.h"
#include "cti/ivr.h"
#include "cti/records.h"
#include "cti/store.h"
#include "cti/acd.h"
#include "cti/rec.h"
#include "cti/center.h"

#endif /* CTI_CTI_H */
