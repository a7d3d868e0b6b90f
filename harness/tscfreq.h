/* SPDX-License-Identifier: MIT */
/*
 * The TSC frequency, for throughput in bytes per second under kvm: KVM
 * gives the guest the host's TSC rate (the rate the host kernel
 * calibrated), so the host's TSC measured against its own clock is the
 * guest's too.  Measured only when the host says its TSC is constant
 * (the constant_tsc flag of /proc/cpuinfo); otherwise unknown, and the
 * summary gives bytes per 1000 cycles only.
 */
#ifndef BENCH_TSCFREQ_H
#define BENCH_TSCFREQ_H

#include <stddef.h>

/* Hz, or 0 with why saying why not; source says how it was found. */
double tscfreq_host(char *source, size_t len);
/* 1 if the flags line of a /proc/cpuinfo text names constant_tsc. */
int tscfreq_constant(const char *cpuinfo_path);

#endif
