/* SPDX-License-Identifier: MIT */
#ifndef XENGUEST_PAIR_H
#define XENGUEST_PAIR_H

#include "xen_public.h"
#include <stdbool.h>

/* The peer's domid: peer=<domid> on the command line, else our xenstore
 * key data/peer (dom0 may write it after creating both domains). */
int pair_peer(domid_t *peer);

/* Meet the peer domain through xenstore and exchange requests over a
 * channel, as its front (client) or back (server).  Returns the exit
 * status: 0 on success. */
int pair_run(bool front);

#endif
