/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * D-channel capture: Q.921 frames (ITU-T Q.921 / ETSI EN 300 125) written
 * to a classic pcap file (libpcap format 2.4, microsecond timestamps)
 * with link type LINKTYPE_LINUX_LAPD (177): each record is the 16-octet
 * LAPD pseudo-header (packet type 0 received / 4 sent by us, the first
 * address octet 1 if we are the network side, protocol 0x0030) and the
 * frame from its address field to its last information octet, without
 * the FCS. Wireshark and tshark decode it as LAPD and Q.931 (SAPI 0).
 *
 * One write(2) per frame, no user-space buffer: a crash of the process
 * loses nothing already captured (docs/call.md, "D-channel capture").
 */
#ifndef CTI_PRI_CAPTURE_H
#define CTI_PRI_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"

#define CTI__PCAP_LINKTYPE_LINUX_LAPD 177
#define CTI__PCAP_HEADER_LEN	      24 /* the file's global header */
#define CTI__PCAP_RECORD_LEN	      16 /* each record's header */
#define CTI__LAPD_PHDR_LEN	      16 /* the LAPD pseudo-header */

/* Packet types of the pseudo-header (Linux's PACKET_HOST / _OUTGOING). */
enum cti__capture_dir {
	CTI__CAPTURE_RX = 0, /* sent to us by the far end */
	CTI__CAPTURE_TX = 4, /* sent by us */
};

struct cti__capture;

/*
 * Start a new capture file at `path`: created (or an existing regular
 * file truncated) with mode 0600 whatever the umask, its global header
 * written. `we_network`: our side of the interface (Wireshark reads the
 * command/response bit by it). `label` names the capture in log lines
 * ("span 3"). Returns 0 and *out, or CTI_ENOENT (a directory of the path
 * is missing), CTI_EACCES (not allowed, read-only file system, or a file
 * we may not make private), CTI_EINVAL (empty path, a symbolic link or
 * not a regular file), CTI_ENOMEM or CTI_EIO (the header could not be
 * written: disk full, I/O error); *out is NULL on failure.
 */
int cti__capture_open(struct cti__capture **out, cti_ctx_t *ctx,
		      const char *path, bool we_network, const char *label);

/* Close the file (NULL is ignored). */
void cti__capture_close(struct cti__capture *c);

/*
 * The timestamp of a frame passing now, in microseconds since 1970:
 * CLOCK_REALTIME on a real-clock context; on a virtual-clock context the
 * context's own clock (0 at its creation), so a simulation's capture is
 * the same file every run.
 */
uint64_t cti__capture_now_us(const cti_ctx_t *ctx);

/*
 * Append one frame as libpri reads or writes it: `len` octets ending in
 * the 2 FCS octets (placeholders on writes), which are left out. Returns
 * 0, or CTI_ENOSPC / CTI_EIO when the file could not take it: the error
 * has then been logged (once, at CTI_LOG_ERROR), the partial record cut
 * off so the file stays readable, and the caller closes the capture.
 */
int cti__capture_frame(struct cti__capture *c, uint64_t ts_us, int dir,
		       const uint8_t *frame, int len);

/* Frames written so far. */
uint64_t cti__capture_frames(const struct cti__capture *c);

/*
 * Where a span's frames pass (lib/pri/pri.c's I/O callbacks): the
 * capture, if any, and libpri's first frames. libpri sends its SABME from
 * inside pri_new_cb(), before the span has an id anyone could start a
 * capture with; frames passing while `booting` are kept (BOOT_FRAMES at
 * most) and lead a capture set before any other frame has passed, so a
 * capture started right after cti_span_open_*() shows the link's whole
 * establishment.
 */
#define CTI__CAPTURE_BOOT_FRAMES 4
#define CTI__CAPTURE_BOOT_LEN	 16

struct cti__capture_tap {
	cti_ctx_t *ctx;
	struct cti__capture *cap; /* NULL: not capturing */
	bool booting;		  /* frames now are libpri's first */
	int nboot;
	struct {
		uint64_t ts_us;
		int dir, len;
		uint8_t data[CTI__CAPTURE_BOOT_LEN];
	} boot[CTI__CAPTURE_BOOT_FRAMES];
};

void cti__capture_tap_init(struct cti__capture_tap *t, cti_ctx_t *ctx);
/* A frame read (CTI__CAPTURE_RX) or written (_TX), FCS octets included.
 * A capture that fails is closed here (it has logged why). */
void cti__capture_tap_frame(struct cti__capture_tap *t, int dir,
			    const void *frame, int len);
/* Capture into `c` from now on (NULL: stop), closing the previous one;
 * the tap owns `c`. */
void cti__capture_tap_set(struct cti__capture_tap *t, struct cti__capture *c);

#endif /* CTI_PRI_CAPTURE_H */
