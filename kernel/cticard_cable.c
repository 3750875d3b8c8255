// SPDX-License-Identifier: GPL-2.0
/*
 * cticard: the cables. A cable joins two ports both ways (each one's
 * transmit into the other's receive); a loopback plug joins a port to
 * itself; an unplugged port receives no signal at all.
 */
#include "cticard.h"

static void unplug(struct cticard *card, int a)
{
	int old = card->port[a]->peer;

	if (old >= 0 && card->port[old]->peer == a)
		card->port[old]->peer = CTICARD_NO_PEER;
	card->port[a]->peer = CTICARD_NO_PEER;
}

/* peer: a port index, CTICARD_LOOP_PLUG or CTICARD_NO_PEER. */
void cticard_cable_set(struct cticard *card, int a, int peer)
{
	lockdep_assert_held(&card->lock);
	unplug(card, a);
	if (peer == a)
		peer = CTICARD_LOOP_PLUG;
	if (peer >= 0) {
		unplug(card, peer);
		card->port[peer]->peer = a;
	}
	card->port[a]->peer = peer;
}
