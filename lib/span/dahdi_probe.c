// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a DAHDI span is configured for, read from its channels before we
 * open it: a D channel (ccs, dchan= / hardhdlc= in system.conf) makes it a
 * PRI span, cas voice channels an R2 (or other CAS) one. Opening a span
 * with the other signalling would fail later and obscurely (libpri
 * reading a channel that is not HDLC, openr2 refusing a clear channel),
 * so the call layer checks first and says which channel does not fit.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <dahdi/user.h>

#include "core/util.h"
#include "cti/span.h"
#include "span/span.h"

int cti__chan_sig_of(int sigtype)
{
	if (sigtype == DAHDI_SIG_NONE)
		return CTI__CHAN_NONE;
	if (sigtype == DAHDI_SIG_CAS)
		return CTI__CHAN_CAS;
	if (sigtype == DAHDI_SIG_HARDHDLC ||
	    (sigtype & DAHDI_SIG_HDLCRAW) == DAHDI_SIG_HDLCRAW)
		return CTI__CHAN_HDLC;
	if (sigtype == DAHDI_SIG_CLEAR)
		return CTI__CHAN_CLEAR;
	return CTI__CHAN_OTHER;
}

static const char *sig_word(int s)
{
	static const char *const w[] = {
		[CTI__CHAN_NONE] = "not configured",
		[CTI__CHAN_CLEAR] = "a clear channel (PRI B-channel)",
		[CTI__CHAN_HDLC] = "a D channel (hardhdlc/dchan)",
		[CTI__CHAN_CAS] = "cas",
		[CTI__CHAN_OTHER] = "neither cas nor clear (fxs/fxo/e&m?)",
	};
	return s >= 0 && s < (int)ARRAY_SIZE(w) ? w[s] : "?";
}

int cti__span_layout_signalling(const struct cti__dahdi_layout *l, char *why,
				size_t why_len)
{
	int dpos = l->total == 24 ? 24 : 16, ncas = 0, nclear = 0;

	if (l->total != 31 && l->total != 24) {
		cti__why(why, why_len,
			 "signalling: DAHDI span %d has %d channels, not an "
			 "E1 (31) or T1 (24)",
			 l->spanno, l->total);
		return CTI_EINVAL;
	}
	for (int pos = 1; pos <= l->total; pos++) {
		if (pos == dpos)
			continue;
		if (l->sig[pos] == CTI__CHAN_CAS)
			ncas++;
		else if (l->sig[pos] == CTI__CHAN_CLEAR)
			nclear++;
	}
	if (l->sig[dpos] == CTI__CHAN_HDLC) {
		for (int pos = 1; pos <= l->total; pos++)
			if (pos != dpos && l->sig[pos] == CTI__CHAN_CAS) {
				cti__why(why, why_len,
					 "signalling: DAHDI span %d has a D "
					 "channel (channel %d) but channel %d "
					 "(position %d) is cas: configure the "
					 "span either ccs with dchan= (PRI) or "
					 "cas on every voice channel (R2)",
					 l->spanno, l->basechan + dpos - 1,
					 l->basechan + pos - 1, pos);
				return CTI_EINVAL;
			}
		return CTI_SIGNALLING_PRI;
	}
	if (ncas && !nclear) {
		if (l->total == 24) {
			cti__why(why, why_len,
				 "signalling: DAHDI span %d is a T1 with cas "
				 "channels (robbed bit): MFC/R2 runs on E1 "
				 "only",
				 l->spanno);
			return CTI_EINVAL;
		}
		return CTI_SIGNALLING_R2;
	}
	for (int pos = 1; pos <= l->total; pos++)
		if (pos != dpos && l->sig[pos] == CTI__CHAN_CLEAR && ncas) {
			cti__why(why, why_len,
				 "signalling: DAHDI span %d mixes cas and "
				 "clear channels (channel %d, position %d, is "
				 "clear): R2 wants cas on every voice channel",
				 l->spanno, l->basechan + pos - 1, pos);
			return CTI_EINVAL;
		}
	cti__why(why, why_len,
		 "signalling: DAHDI span %d has no D channel (channel %d is "
		 "%s) and no cas channel: configure it ccs with dchan= (PRI) "
		 "or cas (R2) in system.conf and run dahdi_cfg",
		 l->spanno, l->basechan + dpos - 1, sig_word(l->sig[dpos]));
	return CTI_EINVAL;
}

int cti__span_dahdi_layout(int spanno, struct cti__dahdi_layout *out)
{
	struct dahdi_spaninfo si;
	int fd, rc = 0, found = 0;

	memset(out, 0, sizeof(*out));
	out->spanno = spanno;
	fd = open("/dev/dahdi/ctl", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	memset(&si, 0, sizeof(si));
	si.spanno = spanno;
	if (ioctl(fd, DAHDI_SPANSTAT, &si) < 0) {
		rc = errno == EINVAL ? CTI_ENODEV : -errno;
		goto out;
	}
	out->total = si.totalchans;
	if (out->total >= CTI__MAX_CHAN) {
		rc = CTI_EINVAL;
		goto out;
	}
	/* channel numbers are global: walk them to our span's */
	for (int channo = 1; channo < 4096 && found < out->total; channo++) {
		struct dahdi_params p;

		memset(&p, 0, sizeof(p));
		p.channo = channo;
		if (ioctl(fd, DAHDI_GET_PARAMS, &p) < 0) {
			if (errno == EINVAL || errno == ENXIO ||
			    errno == ENODEV)
				continue;
			rc = -errno;
			break;
		}
		if (p.spanno > spanno)
			break;
		if (p.spanno != spanno || p.chanpos < 1 ||
		    p.chanpos > out->total)
			continue;
		if (p.chanpos == 1)
			out->basechan = channo;
		out->sig[p.chanpos] = (uint8_t)cti__chan_sig_of(p.sigtype);
		found++;
	}
	if (!rc && !out->basechan)
		rc = CTI_ENODEV;
out:
	close(fd);
	return rc;
}
