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

/* How long a client waits for the driver's answer: 3000 timer ticks,
 * 30 s of guest time (the RAM disk's 1 s is too short here).  The device
 * completes on the host, and under icount with sleep=off the guest's
 * clock jumps to the next timer tick whenever the guest idles, so a wait
 * for the host's I/O costs guest time in whole ticks, as many as the host
 * manages to emulate meanwhile: measured on a loaded host (three QEMUs on
 * two cores), a 4 KiB request waited 1 to 67 ticks, and a 1 s timeout
 * failed one boot in three.  The bound keeps a factor of 45 over that;
 * a stalled driver still costs the client only a moment of host time,
 * the clock racing through the idle ticks. */
#define VB_TIMEOUT_TICKS 3000u

/* Thread argument: RD_FLAG_* and these. */
#define VB_FLAG_CRASH 0x10u  /* die (ud2) with the first request in the device (tests) */
#define VB_FLAG_PRESET 0x20u /* root has mapped the client's whole area already (a restart) */

/* How the driver tells root it could not start (its exit value). */
#define VB_EXIT_NODEV 0x100u

_Noreturn void virtioblk_main(uint64_t flags);

#endif
