/* SPDX-License-Identifier: MIT */
/*
 * Xen system time (nanoseconds since boot, the clock SCHEDOP_poll
 * timeouts are given in) and what Xen says about the TSC it gives us.
 */
#ifndef XENGUEST_TIME_H
#define XENGUEST_TIME_H

#include <stdbool.h>
#include <stdint.h>

#define TIME_MS 1000000ULL
#define TIME_S 1000000000ULL

uint64_t time_now_ns(void);

/* Xen's TSC leaf (CPUID base + 3, sub-leaf 0): whether rdtsc is emulated,
 * the domain's tsc_mode and the guest TSC frequency.  False when the Xen
 * leaves cannot be found. */
struct time_tsc_info {
    bool emulated;
    uint32_t tsc_mode;
    uint32_t khz;
};
bool time_tsc_info(struct time_tsc_info *info);

#endif
