/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Buffer controls of a DAHDI channel opened by someone else (openr2 opens
 * its own CAS channels): lib/r2 needs them and may not include
 * <dahdi/user.h> itself.
 */
#ifndef CTI_SPAN_DAHDI_CHAN_H
#define CTI_SPAN_DAHDI_CHAN_H

/* Keep the channel's buffer size and policies but allow `numbufs`
 * buffers each way. Returns 0 or a negated errno. */
int cti__dahdi_chan_numbufs(int fd, int numbufs);
/* Drop what is queued for transmission. Returns 0 or a negated errno. */
int cti__dahdi_chan_flush_tx(int fd);

#endif /* CTI_SPAN_DAHDI_CHAN_H */
