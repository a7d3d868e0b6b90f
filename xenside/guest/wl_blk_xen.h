/* SPDX-License-Identifier: MIT */
/*
 * What the self-tests reach of the block port (wl_blk_xen.c) beyond wl.h.
 */
#ifndef XENGUEST_WL_BLK_XEN_H
#define XENGUEST_WL_BLK_XEN_H

#include "blkfront.h"
#include "wl.h"

/* The open port's blkfront (its ring and event channel). */
struct blkfront *wlx_blk_front(wl_blk_t *b);

#endif
