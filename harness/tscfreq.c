/* SPDX-License-Identifier: MIT */
/*
 * The host's TSC frequency (see tscfreq.h): rdtsc read around 200 ms of
 * CLOCK_MONOTONIC_RAW (the clock NTP does not slew).  The clock readings
 * bracket the TSC readings, so a preemption between them can only make
 * the rate low: the highest of three tries is the best.
 */
#include "tscfreq.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define TSCFREQ_HAVE_RDTSC 1
#else
#define TSCFREQ_HAVE_RDTSC 0
#endif

#define TSCFREQ_SPAN_NS 200000000L
#define TSCFREQ_TRIES 3

int tscfreq_constant(const char *cpuinfo_path)
{
    FILE *f = fopen(cpuinfo_path, "r");
    char line[8192];
    int found = 0;

    if (!f)
        return 0;
    while (!found && fgets(line, sizeof(line), f)) {
        if (strncmp(line, "flags", 5) != 0)
            continue;
        for (char *s = strtok(strchr(line, ':') ? strchr(line, ':') + 1 : line, " \t\n"); s;
             s = strtok(NULL, " \t\n"))
            found |= strcmp(s, "constant_tsc") == 0;
        break;
    }
    fclose(f);
    return found;
}

#if TSCFREQ_HAVE_RDTSC
static double tscfreq_ns(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) * 1e9 + (double)(b->tv_nsec - a->tv_nsec);
}

static double tscfreq_measure(void)
{
    struct timespec nap = { 0, TSCFREQ_SPAN_NS }, t0, t1;
    unsigned long long c0, c1;

    clock_gettime(CLOCK_MONOTONIC_RAW, &t0);
    c0 = __rdtsc();
    nanosleep(&nap, NULL);
    c1 = __rdtsc();
    clock_gettime(CLOCK_MONOTONIC_RAW, &t1);
    return (double)(c1 - c0) * 1e9 / tscfreq_ns(&t0, &t1);
}
#endif

double tscfreq_host(char *source, size_t len)
{
#if TSCFREQ_HAVE_RDTSC
    double best = 0;

    if (!tscfreq_constant("/proc/cpuinfo")) {
        snprintf(source, len, "unknown: the host's /proc/cpuinfo has no constant_tsc flag");
        return 0;
    }
    /* Rounded to kHz: what the kernel's tsc_khz (KVM's guest rate) holds. */
    for (int i = 0; i < TSCFREQ_TRIES; i++) {
        double hz = tscfreq_measure();
        if (hz > best)
            best = hz;
    }
    snprintf(source, len,
             "the host's rdtsc against CLOCK_MONOTONIC_RAW over %ld ms (constant_tsc; KVM "
             "gives the guest the host's TSC rate)",
             TSCFREQ_SPAN_NS / 1000000);
    return (double)(long long)(best / 1000.0 + 0.5) * 1000.0;
#else
    snprintf(source, len, "unknown: not an x86 host");
    return 0;
#endif
}
