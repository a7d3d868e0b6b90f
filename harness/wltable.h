/* SPDX-License-Identifier: MIT */
/*
 * The workloads the harness knows how to ask for.  A guest runs the
 * workloads named in its command line (wl=NAME:N:W,...); this table
 * guards against typos, documents what exists, and holds what the
 * harness must know of each workload to plan a run: its own default
 * iteration counts (workloads differ a lot in cost per iteration) and an
 * upper bound of its cost, from which boot time limits are derived.
 */
#ifndef BENCH_WLTABLE_H
#define BENCH_WLTABLE_H

#include <stddef.h>

typedef struct {
    const char *name;  /* as in wl= and in records' "workload" */
    const char *about; /* one line for --help */
    /* Its first parameter (wl_record.h): where a version 1 record's
     * "param" goes. */
    const char *param;
    long iterations;       /* default measured iterations per case */
    long quick_iterations; /* the same for --quick */
    /* Guest instructions one iteration index costs at most (wl_list.h). */
    long long max_insns_per_iter;
    /* Its iteration counts must be multiples of this (wl_list.h). */
    long iter_multiple;
    /* 1: under tcg a TSC sample is the window's exact instruction count;
     * 0: a device workload, counted by the profiler under tcg (plan.h). */
    int exact;
} wltable_entry_t;

size_t wltable_count(void);
const wltable_entry_t *wltable_at(size_t i);
const wltable_entry_t *wltable_find(const char *name);
/* "pingpong, ...": caller frees. */
char *wltable_names(void);

#endif
