/* SPDX-License-Identifier: MIT */
/*
 * Timestamp counter reads.  Under QEMU -icount shift=0 the TSC advances by
 * one per guest instruction.  Under Xen's default tsc_mode a PV guest's
 * rdtsc may trap (CR4.TSD) and be emulated: a back-to-back pair then costs
 * about 1,300 instructions here instead of a few (see time.c).
 */
#ifndef XENGUEST_TSC_H
#define XENGUEST_TSC_H

#include <stdint.h>

static inline uint64_t tsc_read(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* lfence first: earlier instructions finish before the counter is read. */
static inline uint64_t tsc_read_serialized(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

#endif
