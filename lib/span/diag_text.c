// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Names, meanings and likely causes of span alarms, and line configuration
 * in dahdi_cfg's words: what an operator reads at 3 a.m.
 * Alarm semantics: ITU-T G.775 (LOS, AIS), G.704/G.706 (frame and CRC-4
 * multiframe alignment, remote alarm indication), ANSI T1.403 (yellow).
 */
#include <stdio.h>

#include "cti/spandiag.h"
#include "core/util.h"

struct alarm_text {
	uint32_t bit;
	const char *name;
	const char *meaning;
	const char *cause;
};

static const struct alarm_text alarm_texts[] = {
	{ CTI_SPAN_ALARM_RED, "RED",
	  "Red alarm: this end has lost the incoming signal or its framing "
	  "for 2.5 s or more; no calls can pass.",
	  "Cable unplugged or broken, far end powered off, wrong framing "
	  "(E1 CRC-4 or T1 D4/ESF mismatch), or wrong line code." },
	{ CTI_SPAN_ALARM_YELLOW, "YELLOW",
	  "Yellow alarm (remote alarm indication): the far end reports it "
	  "is not receiving our signal.",
	  "Our transmit pair is broken or swapped, or the far end cannot "
	  "frame what we send (check framing and CRC-4 on both ends)." },
	{ CTI_SPAN_ALARM_BLUE, "BLUE",
	  "Blue alarm (AIS): the line carries unframed all ones, the signal "
	  "an upstream device sends when it has lost its own input.",
	  "A fault upstream of the far-end equipment (carrier network or "
	  "multiplexer); call the carrier with the circuit ID." },
	{ CTI_SPAN_ALARM_RECOVER, "RECOVER",
	  "Recovering: the alarm condition has cleared and the span is "
	  "waiting out the clear timer (about 10 s) before it returns.",
	  "Normal after a fault is fixed; if it keeps coming back the line "
	  "is intermittent (check connectors and error counters)." },
	{ CTI_SPAN_ALARM_LOOPBACK, "LOOPBACK",
	  "A loopback is active: traffic is being returned, not carried.",
	  "Set by maintenance (cti-span loop, dahdi_maint) or by a loop-up "
	  "code from the network; turn it off with 'cti-span loop N off'." },
	{ CTI_SPAN_ALARM_NOTOPEN, "NOTOPEN",
	  "The span is not started.",
	  "Run dahdi_cfg (system.conf has no line for this span or the span "
	  "is not assigned: see dahdi_span_assignments)." },
	{ CTI_SPAN_ALARM_LOS, "LOS",
	  "Loss of signal: no pulses (192 or more consecutive zeros) on the "
	  "receive pair.",
	  "Unplugged or broken receive pair, or far end not transmitting." },
	{ CTI_SPAN_ALARM_LFA, "LFA",
	  "Loss of frame alignment: pulses arrive but the frame pattern "
	  "cannot be found.",
	  "Framing mismatch (E1 vs T1, D4 vs ESF), heavy bit errors, or a "
	  "bad line code setting (HDB3/B8ZS vs AMI)." },
	{ CTI_SPAN_ALARM_LMFA, "LMFA",
	  "Loss of multiframe alignment: frames are found but the CRC-4 "
	  "multiframe (E1) is not.",
	  "CRC-4 enabled here but not at the far end, or the reverse." },
};

static const struct alarm_text *find_alarm(uint32_t bit)
{
	for (size_t i = 0; i < ARRAY_SIZE(alarm_texts); i++)
		if (alarm_texts[i].bit == bit)
			return &alarm_texts[i];
	return NULL;
}

CTI_EXTERN const char *cti_span_alarm_name(uint32_t bit)
{
	const struct alarm_text *a = find_alarm(bit);

	return a ? a->name : "?";
}

CTI_EXTERN const char *cti_span_alarm_meaning(uint32_t bit)
{
	const struct alarm_text *a = find_alarm(bit);

	return a ? a->meaning : NULL;
}

CTI_EXTERN const char *cti_span_alarm_cause(uint32_t bit)
{
	const struct alarm_text *a = find_alarm(bit);

	return a ? a->cause : NULL;
}

/* snprintf that keeps counting past the end of buf, as snprintf does. */
static int append(char *buf, size_t len, int at, const char *s)
{
	int n = snprintf(at < (int)len ? buf + at : NULL,
			 at < (int)len ? len - at : 0, "%s%s", at ? " " : "",
			 s);
	return at + (n > 0 ? n : 0);
}

CTI_EXTERN int cti_span_alarms_str(uint32_t alarms, char *buf, size_t len)
{
	int at = 0;

	if (len)
		buf[0] = '\0';
	if (!alarms)
		return snprintf(buf, len, "OK");
	for (size_t i = 0; i < ARRAY_SIZE(alarm_texts); i++)
		if (alarms & alarm_texts[i].bit)
			at = append(buf, len, at, alarm_texts[i].name);
	for (uint32_t bit = 1; bit; bit <<= 1)
		if ((alarms & bit) && !find_alarm(bit)) {
			char hex[16];

			snprintf(hex, sizeof(hex), "0x%x", bit);
			at = append(buf, len, at, hex);
		}
	return at;
}

CTI_EXTERN int cti_span_lineconfig_str(uint32_t lc, char *buf, size_t len)
{
	const char *framing = lc & CTI_SPAN_LC_ESF ? "ESF" :
			      lc & CTI_SPAN_LC_D4  ? "D4" :
			      lc & CTI_SPAN_LC_CCS ? "CCS" :
						     "CAS";
	const char *coding = lc & CTI_SPAN_LC_HDB3 ? "HDB3" :
			     lc & CTI_SPAN_LC_B8ZS ? "B8ZS" :
			     lc & CTI_SPAN_LC_AMI  ? "AMI" :
						     "";

	/* T1 frames as D4/ESF whatever CCS says; E1 frames as CCS/CAS. */
	if ((lc & (CTI_SPAN_LC_ESF | CTI_SPAN_LC_D4)) && (lc & CTI_SPAN_LC_CCS))
		return snprintf(buf, len, "%s/CCS%s%s", framing,
				*coding ? "/" : "", coding);
	return snprintf(buf, len, "%s%s%s%s", framing, *coding ? "/" : "",
			coding, lc & CTI_SPAN_LC_CRC4 ? "/CRC4" : "");
}
