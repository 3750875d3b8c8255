// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Span status and maintenance through the DAHDI user API alone, so it
 * serves every DAHDI card: DAHDI_SPANSTAT and DAHDI_MAINT on /dev/dahdi/ctl,
 * the span and channel attributes under /sys/bus/dahdi_*, and the timing
 * slip count, which DAHDI reports only in /proc/dahdi/<span>.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dahdi/user.h>

#include "cti/spandiag.h"
#include "span/diag_sysfs.h"
#include "span/link_state.h"

#define DAHDI_CTL "/dev/dahdi/ctl"
#define SPANS_DIR "/sys/bus/dahdi_spans/devices"
#define CHANS_DIR "/sys/bus/dahdi_channels/devices"

_Static_assert(CTI_SPAN_ALARM_RED == DAHDI_ALARM_RED, "alarm bits");
_Static_assert(CTI_SPAN_ALARM_LMFA == DAHDI_ALARM_LMFA, "alarm bits");
_Static_assert(CTI_SPAN_LC_CRC4 == DAHDI_CONFIG_CRC4, "lineconfig bits");

static int dahdi_loaded(void)
{
	return access(SPANS_DIR, F_OK) == 0 ? 0 : CTI_ENODEV;
}

static int open_ctl(void)
{
	int fd = open(DAHDI_CTL, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return errno == ENOENT ? CTI_ENODEV : -errno;
	return fd;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

CTI_EXTERN int cti_span_list(int *spans, size_t max)
{
	DIR *d = opendir(SPANS_DIR);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return errno == ENOENT ? CTI_ENODEV : -errno;
	while ((e = readdir(d))) {
		int no;

		if (sscanf(e->d_name, "span-%d", &no) != 1 || no <= 0)
			continue;
		if (n < max)
			spans[n] = no;
		n++;
	}
	closedir(d);
	if (spans)
		qsort(spans, n < max ? n : max, sizeof(*spans), cmp_int);
	return (int)n;
}

/* "Timing slips: N" appears in /proc/dahdi/N only when N is non-zero. */
static uint32_t proc_timing_slips(int spanno)
{
	char path[64], line[256];
	unsigned int slips = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/dahdi/%d", spanno);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " Timing slips: %u", &slips) == 1)
			break;
	fclose(f);
	return slips;
}

#define COPY_STR(dst, src) snprintf(dst, sizeof(dst), "%.*s", \
				    (int)sizeof(src), src)

CTI_EXTERN int cti_span_info_get(int spanno, struct cti_span_info *info)
{
	struct dahdi_spaninfo si;
	char dir[96];
	int fd, rc;

	if (!info || spanno <= 0)
		return CTI_EINVAL;
	rc = dahdi_loaded();
	if (rc)
		return rc;
	snprintf(dir, sizeof(dir), SPANS_DIR "/span-%d", spanno);
	if (access(dir, F_OK))
		return CTI_ENOENT;
	fd = open_ctl();
	if (fd < 0)
		return fd;
	memset(&si, 0, sizeof(si));
	si.spanno = spanno;
	rc = ioctl(fd, DAHDI_SPANSTAT, &si) ? -errno : 0;
	close(fd);
	if (rc)
		return rc == -EINVAL ? CTI_ENOENT : rc;

	memset(info, 0, sizeof(*info));
	info->spanno = spanno;
	COPY_STR(info->name, si.name);
	COPY_STR(info->desc, si.desc);
	COPY_STR(info->spantype, si.spantype);
	COPY_STR(info->manufacturer, si.manufacturer);
	COPY_STR(info->devicetype, si.devicetype);
	COPY_STR(info->location, si.location);
	COPY_STR(info->lboname, si.lboname);
	info->alarms = (uint32_t)si.alarms;
	info->lineconfig = (uint32_t)si.lineconfig;
	info->syncsrc = si.syncsrc;
	info->numchans = si.numchans;
	info->totalchans = si.totalchans;
	info->basechan = cti__sysfs_int(dir, "basechan", 0);
	info->is_digital = cti__sysfs_int(dir, "is_digital", 0) > 0;
	info->is_sync_master = cti__sysfs_int(dir, "is_sync_master", 0) > 0;
	info->counters.bpv = (uint32_t)si.bpvcount;
	info->counters.crc4 = (uint32_t)si.crc4count;
	info->counters.ebit = (uint32_t)si.ebitcount;
	info->counters.fas = (uint32_t)si.fascount;
	info->counters.fe = si.fecount;
	info->counters.cv = si.cvcount;
	info->counters.be = si.becount;
	info->counters.prbs = si.prbs;
	info->counters.errsec = si.errsec;
	info->counters.irqmisses = (uint32_t)si.irqmisses;
	info->counters.timingslips = proc_timing_slips(spanno);
	return 0;
}

CTI_EXTERN int cti_span_chans_get(int spanno, struct cti_span_chan *chans,
				  size_t max)
{
	char prefix[32];
	struct dirent *e;
	struct cti__link_state ls;
	bool holder;
	int rc, total = 0;
	DIR *d;

	if (spanno <= 0 || (!chans && max))
		return CTI_EINVAL;
	rc = dahdi_loaded();
	if (rc)
		return rc;
	{
		char dir[96];

		snprintf(dir, sizeof(dir), SPANS_DIR "/span-%d", spanno);
		if (access(dir, F_OK))
			return CTI_ENOENT;
	}
	d = opendir(CHANS_DIR);
	if (!d)
		return -errno;
	holder = cti__link_state_read(spanno, &ls) == 0;
	if (max)
		memset(chans, 0, max * sizeof(*chans));
	snprintf(prefix, sizeof(prefix), "dahdi!chan!%03d!", spanno);
	while ((e = readdir(d))) {
		char dir[300];
		struct cti_span_chan *c;
		int pos;

		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		pos = atoi(e->d_name + strlen(prefix));
		if (pos <= 0)
			continue;
		if (pos > total)
			total = pos;
		if ((size_t)pos > max)
			continue;
		c = &chans[pos - 1];
		snprintf(dir, sizeof(dir), CHANS_DIR "/%s", e->d_name);
		c->chanpos = pos;
		c->channo = cti__sysfs_int(dir, "channo", 0);
		cti__sysfs_str(dir, "name", c->name, sizeof(c->name));
		cti__sysfs_str(dir, "sig", c->sig, sizeof(c->sig));
		c->alarms = (uint32_t)cti__sysfs_int(dir, "alarms", 0);
		c->in_use = cti__sysfs_int(dir, "in_use", 0) > 0;
		c->configured = c->sig[0] && strcmp(c->sig, "Unconfigured");
		c->q921 = CTI_Q921_UNKNOWN;
		c->q921_pid = 0;
		c->call = -1;
		if (strstr(c->sig, "HDLC") && holder) {
			c->q921 = ls.up ? CTI_Q921_UP : CTI_Q921_DOWN;
			c->q921_pid = (int32_t)ls.pid;
		} else if (holder && ls.calls_known && pos < 32) {
			c->call = (ls.calls >> pos) & 1;
		}
	}
	closedir(d);
	return total;
}

static int maint_command(enum cti_span_maint cmd)
{
	switch (cmd) {
	case CTI_SPAN_MAINT_NONE:
	case CTI_SPAN_MAINT_PRBS_OFF: /* DAHDI has no PRBS-off: NONE clears */
		return DAHDI_MAINT_NONE;
	case CTI_SPAN_MAINT_LOCALLOOP:
		return DAHDI_MAINT_LOCALLOOP;
	case CTI_SPAN_MAINT_NETWORKLOOP:
		return DAHDI_MAINT_NETWORKLINELOOP;
	case CTI_SPAN_MAINT_PAYLOADLOOP:
		return DAHDI_MAINT_NETWORKPAYLOADLOOP;
	case CTI_SPAN_MAINT_LOOPUP:
		return DAHDI_MAINT_LOOPUP;
	case CTI_SPAN_MAINT_LOOPDOWN:
		return DAHDI_MAINT_LOOPDOWN;
	case CTI_SPAN_MAINT_PRBS_ON:
		return DAHDI_MAINT_PRBS;
	case CTI_SPAN_MAINT_RESET_COUNTERS:
		return DAHDI_RESET_COUNTERS;
	case CTI_SPAN_MAINT_FAS_DEFECT:
		return DAHDI_MAINT_FAS_DEFECT;
	case CTI_SPAN_MAINT_MULTI_DEFECT:
		return DAHDI_MAINT_MULTI_DEFECT;
	case CTI_SPAN_MAINT_CRC_DEFECT:
		return DAHDI_MAINT_CRC_DEFECT;
	case CTI_SPAN_MAINT_CAS_DEFECT:
		return DAHDI_MAINT_CAS_DEFECT;
	case CTI_SPAN_MAINT_PRBS_DEFECT:
		return DAHDI_MAINT_PRBS_DEFECT;
	case CTI_SPAN_MAINT_BIPOLAR_DEFECT:
		return DAHDI_MAINT_BIPOLAR_DEFECT;
	}
	return -1;
}

CTI_EXTERN int cti_span_maint(int spanno, enum cti_span_maint cmd)
{
	struct dahdi_maintinfo mi = { .spanno = spanno };
	int fd, rc;

	mi.command = maint_command(cmd);
	if (spanno <= 0 || mi.command < 0)
		return CTI_EINVAL;
	rc = dahdi_loaded();
	if (rc)
		return rc;
	fd = open_ctl();
	if (fd < 0)
		return fd;
	rc = ioctl(fd, DAHDI_MAINT, &mi) ? -errno : 0;
	close(fd);
	if (rc == -EINVAL) /* DAHDI says EINVAL both for "no span" and "no" */
		return cti_span_info_get(spanno, &(struct cti_span_info){ 0 }) ==
				       CTI_ENOENT ?
			       CTI_ENOENT :
			       CTI_ENOTSUP;
	if (rc == -ENOSYS || rc == -EOPNOTSUPP)
		return CTI_ENOTSUP;
	return rc;
}

/*
 * Line faults live in the card driver, not in DAHDI: find the span's card
 * device (two levels above /sys/bus/dahdi_spans/devices/span-N) and use
 * its fault attributes if the driver has them (cticard, docs/cticard.md).
 */
static int card_dir_of_span(int spanno, char *dir, size_t len, int *port)
{
	char link[96], real[PATH_MAX], *slash;

	snprintf(link, sizeof(link), SPANS_DIR "/span-%d", spanno);
	if (!realpath(link, real))
		return errno == ENOENT ? CTI_ENOENT : -errno;
	*port = cti__sysfs_int(real, "local_spanno", 0);
	for (int up = 0; up < 2; up++) {
		slash = strrchr(real, '/');
		if (!slash || slash == real)
			return CTI_ENOTSUP;
		*slash = '\0';
	}
	snprintf(dir, len, "%s", real);
	return *port > 0 ? 0 : CTI_ENOTSUP;
}

/* cticard's line controls: <card>/port<N>/{clear,los,ais,ber,slip} */
static int inject_cticard(const char *card, int port,
			  enum cti_span_fault fault, double rate)
{
	char dir[PATH_MAX + 16], value[32];
	const char *attr = NULL;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/port%d", card, port);
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return CTI_ENOTSUP; /* a card without fault injection */
	snprintf(value, sizeof(value), "1");
	switch (fault) {
	case CTI_SPAN_FAULT_CLEAR:
		attr = "clear";
		break;
	case CTI_SPAN_FAULT_LOS:
		attr = "los";
		break;
	case CTI_SPAN_FAULT_AIS:
		attr = "ais";
		break;
	case CTI_SPAN_FAULT_BER:
		attr = "ber";
		snprintf(value, sizeof(value), "%.3g", rate);
		break;
	case CTI_SPAN_FAULT_SLIP:
		attr = "slip";
		break;
	}
	return cti__sysfs_write(dir, attr, value);
}

CTI_EXTERN int cti_span_inject(int spanno, enum cti_span_fault fault,
			       double rate)
{
	char dir[PATH_MAX];
	int rc, port = 0;

	if (spanno <= 0 || fault < CTI_SPAN_FAULT_CLEAR ||
	    fault > CTI_SPAN_FAULT_SLIP)
		return CTI_EINVAL;
	if (fault == CTI_SPAN_FAULT_BER && !(rate >= 1e-9 && rate <= 1e-2))
		return CTI_ERANGE;
	rc = dahdi_loaded();
	if (rc)
		return rc;
	rc = card_dir_of_span(spanno, dir, sizeof(dir), &port);
	if (rc)
		return rc;
	return inject_cticard(dir, port, fault, rate);
}
