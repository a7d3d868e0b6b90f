/* SPDX-License-Identifier: MIT */
/*
 * Which domain each announced physical page belongs to: an open-addressing
 * hash of page numbers, grown by doubling.  A domain's pages need not be
 * contiguous: Xen hands a domU machine frames from wherever its heap has
 * them, between Xen's own and dom0's.
 */
#ifndef PAGEMAP_H
#define PAGEMAP_H

#include <stdint.h>

/* Page (physical address >> 12) page belongs to domain dom (re-announcing moves it). */
void pagemap_set(uint64_t page, uint8_t dom);
/* The domain of page, or -1 if it was never announced. */
int pagemap_get(uint64_t page);

#endif
