/* SPDX-License-Identifier: MIT */
/*
 * The one list of workloads.  Every port (workloads/wl_find.c) and the
 * harness (harness/wltable.c) take what they know of a workload from
 * here, and every port compiles every .c file of workloads/, so a new
 * workload is its source file, one line below and the port operations it
 * needs.
 *
 * X(name, about, iterations, quick_iterations, max_insns_per_iter, param,
 *   iter_multiple, exact)
 *
 *   name               the C name of its struct wl_workload is wl_<name>;
 *                      also the name in wl= and in records
 *   about              one line for bench-run --help
 *   iterations         default measured iterations of every case
 *   quick_iterations   the same for --quick
 *   max_insns_per_iter guest instructions one iteration index costs at
 *                      most, summed over every case (variant, parameters)
 *                      the workload measures on the most expensive system,
 *                      warm-up included pro rata; measured and rounded up
 *                      generously: it bounds time limits, it is never
 *                      reported as a result
 *   param              its first parameter (wl_record.h), the name a
 *                      version 1 record's single "param" is filed under
 *   iter_multiple      every iteration count of it must be a multiple of
 *                      this (the harness refuses others)
 *   exact              1 when, under tcg, a TSC sample counts exactly the
 *                      instructions of its window (everything runs in the
 *                      guest); 0 for a device workload: QEMU completes the
 *                      request on the host and the virtual clock jumps
 *                      over the guest's idle wait, so the harness counts
 *                      its windows with the profiler instead
 *                      (harness/README.md, "Device workloads")
 *
 * pingpong: 11 cases per system (26 on Linux).  Measured under tcg
 * (2026-11): one iteration index of all of linux-pv's cases costs ~545,000
 * instructions, Xen's ~300,000, the microkernel's ~75,000.
 * pageflip: ~13 million on Xen (both paths, all 63 + 42 cases).
 * blkio: 32 cases; ~1.4 million on Xen (measured: blkfront/blkback,
 * 64 KiB requests dominate), the reads' checks and the writes' fills
 * outside the windows included; bound 4 million.  Its counts are
 * multiples of 8: at depth 8 a path starts a batch every 8 requests, so
 * only a multiple of 8 windows holds whole batches and gives the mean
 * per request exactly (30 windows held 3 or 4 batch starts: a mean 17 %
 * low or high on the microkernel).
 * blkdev: blkio's cases on the virtio disk; the device's emulation runs
 * on the host (no guest instruction), the guests' drivers add theirs;
 * bound twice blkio's.
 */
#ifndef WL_LIST_H
#define WL_LIST_H

#define WL_WORKLOADS(X)                                                                           \
    X(pingpong, "synchronous round trip between two protection domains", 10000, 1000, 800000,     \
      "payload", 1, 1)                                                                            \
    X(pageflip, "move, share or copy pages to another protection domain", 100, 20, 40000000,     \
      "payload", 1, 1)                                                                            \
    X(blkio, "block requests to a RAM disk down the system's driver path", 512, 32, 4000000,      \
      "size", 8, 1)                                                                               \
    X(blkdev, "block requests to the virtio disk down the system's device path", 512, 32,         \
      8000000, "size", 8, 0)

#endif
