/* SPDX-License-Identifier: MIT */
/*
 * The RAM-disk server's protocol (ukernel/README.md, "RAM-disk server").
 * One server task serves one client over one endpoint; the root task
 * starts it (root/ramdisk_start.c) with the disk mapped at RD_DISK_VA.
 *
 * Connect: the client calls RD_MSG_SHARE RD_AREA_CHUNKS times, each with
 * a writable map item of RD_CHUNK_PAGES of its buffers; they land one
 * after the other at RD_AREA_VA in the server, which from then on knows
 * the client's buffers as offsets into that area.  The reply's MR0 is
 * the disk's size in sectors.
 *
 * Requests: one RD_MSG_REQS call carries 1..RD_BATCH_MAX descriptors, in
 * the message registers if they fit (two), else as a long message; bit i
 * of the label's op mask makes descriptor i a write (else a read).  The
 * reply carries one int32 status per descriptor in MR0..MR3 (0 done, or
 * a negative UK_E* code) and, in its label, a status for the message as
 * a whole (negative: malformed, every request of it refused).
 */
#ifndef UK_RAMDISK_H
#define UK_RAMDISK_H

#include "uk.h"
#include <stdint.h>

#define RD_SECTOR 512u
#define RD_SECTORS 32768u /* 16 MiB */
#define RD_DISK_BYTES ((uint64_t)RD_SECTORS * RD_SECTOR)
#define RD_REQ_BYTES_MAX 65536u

/* The server's address space. */
#define RD_DISK_VA 0x20000000ull /* the disk, RD_DISK_BYTES */
#define RD_AREA_VA 0x30000000ull /* the client's buffers, as shared */
#define RD_CHUNK_PAGES 64u       /* pages of one share (UK_ITEM_MAX_PAGES) */
#define RD_AREA_CHUNKS 4u
#define RD_AREA_BYTES ((uint64_t)RD_AREA_CHUNKS * RD_CHUNK_PAGES * UK_PAGE_SIZE) /* 1 MiB */
#define RD_EP_SLOT 2 /* the server's endpoint (receive) */

#define RD_BATCH_MAX 8u
#define RD_REG_DESCS 2u /* descriptors that fit in the four registers */

/* Label (info bits 32-63) of a request: kind, count, op mask. */
#define RD_MSG_SHARE 1u
#define RD_MSG_REQS 2u
#define RD_LABEL(kind, count, writes)                                                              \
    ((uint32_t)(kind) | (uint32_t)(count) << 4 | (uint32_t)(writes) << 8)
#define RD_LABEL_KIND(l) ((l)&0xfu)
#define RD_LABEL_COUNT(l) ((l) >> 4 & 0xfu)
#define RD_LABEL_WRITES(l) ((l) >> 8 & 0xffu)
#define RD_LABEL_USED 0xffffu

/* One request: `bytes` between the disk at `sector` and the client's
 * shared area at `offset`. */
struct rd_desc {
    uint64_t sector;
    uint32_t offset;
    uint32_t bytes;
};

/* How long a client waits for any answer: 100 timer ticks of 10 ms, one
 * second of the guest's time (the call's send and its reply). */
#define RD_TIMEOUT_TICKS 100u

/* Server flags (its thread's argument). */
#define RD_FLAG_STALL 1u /* answer connects, then never a request (tests) */

/* Thread entry of the server task. */
_Noreturn void ramdisk_main(uint64_t flags);

#endif
