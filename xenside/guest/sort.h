/* SPDX-License-Identifier: MIT */
/*
 * Insertion sort of a small sample array, for the medians the guest's own
 * diagnostic roles print (main.c, pair.c).  Benchmark statistics are the
 * harness's job; this is only for human-readable checks on the console.
 */
#ifndef XENGUEST_SORT_H
#define XENGUEST_SORT_H

#include <stdint.h>

static inline void sort_u64(uint64_t *v, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++)
        for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

#endif
