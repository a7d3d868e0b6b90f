/* SPDX-License-Identifier: MIT */
#ifndef ROOT_BENCH_H
#define ROOT_BENCH_H

#include "wl.h"

struct bench_opts {
    const char *system, *unit;
    const char *workloads; /* wl= list (workloads/wl_spec.h) */
    struct wl_config cfg;  /* counts for entries that give none */
};

/* Run the workloads, print their records and @@DONE; 0 or -1 on failure
 * (after a @@PANIC line saying why). */
int bench_run(const struct bench_opts *o);

#endif
