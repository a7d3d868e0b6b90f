/* SPDX-License-Identifier: MIT */
/*
 * The user-level virtio-blk driver (ukernel/README.md, "The virtio-blk
 * driver"): a server task that speaks the RAM-disk server's protocol
 * (user/ramdisk/ramdisk.h) to one client and drives QEMU's legacy
 * virtio-blk device for it.  The root task starts it (and restarts it
 * after it dies: root/virtioblk_start.c) with:
 *
 *   its space's I/O ports: PCI configuration (0xcf8..0xcff) and the
 *     device's BAR0 range, nothing else
 *   slot RD_EP_SLOT  the endpoint (receive)
 *   slot VB_IRQ_SLOT an IRQ capability for the device's line only
 *   slot VB_DMA_SLOT the DMA capability (to learn physical addresses)
 *   VB_DMA_PAGES contiguous DMA pages at VB_DMA_VA, which root allocated
 *     once per boot and lends to every instance: the virtqueue and the
 *     requests' headers and status bytes live there, so a driver that
 *     dies loses no memory and a device still writing there writes
 *     only into pages that stay the driver's
 */
#ifndef UK_VIRTIOBLK_H
#define UK_VIRTIOBLK_H

#include "ramdisk.h"

#define VB_IRQ_SLOT 3
#define VB_DMA_SLOT 4
#define VB_DMA_VA 0x28000000ull
/* A ring of up to 1024 entries (8 pages) and one page of headers. */
#define VB_DMA_PAGES 9u

/* How long a client waits for the driver's answer: 30000 timer ticks,
 * 300 s of guest time, about one second of the host's (the RAM disk's
 * 100 ticks are far too few here).  The device completes on the host,
 * and under icount with sleep=off the guest's clock jumps to the next
 * timer tick whenever the guest idles: a wait for the host's I/O costs
 * the guest as many 10 ms ticks as the host emulates meanwhile (about
 * 30 us of host time each, measured: a stalled driver's 300000 ticks
 * took 10 s).  A first write to a block of the sparse disk file waited
 * up to 591 ticks; 100 failed one bench boot in three, 3000 one
 * self-test boot in two.  So the bound is in the host's time, where the
 * device's latency is: a stalled driver costs its client about a second. */
#define VB_TIMEOUT_TICKS 30000u

/* Thread argument: RD_FLAG_* and these. */
#define VB_FLAG_CRASH 0x10u  /* die (ud2) with the first request in the device (tests) */
#define VB_FLAG_PRESET 0x20u /* root has mapped the client's whole area already (a restart) */

/* How the driver tells root it could not start: its exit value is this
 * | -UK_E* (any other end, an exception included, is restarted). */
#define VB_EXIT_NODEV 0x100u

_Noreturn void virtioblk_main(uint64_t flags);

#endif
