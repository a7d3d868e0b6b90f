/* SPDX-License-Identifier: MIT */
/*
 * The workloads the harness knows how to ask for.  A guest runs the
 * workloads named in its command line (wl=a,b); this table only guards
 * against typos and documents what exists.
 */
#ifndef BENCH_WLTABLE_H
#define BENCH_WLTABLE_H

#include <stddef.h>

typedef struct {
    const char *name;  /* as in wl= and in records' "workload" */
    const char *about; /* one line for --help */
} wltable_entry_t;

size_t wltable_count(void);
const wltable_entry_t *wltable_at(size_t i);
const wltable_entry_t *wltable_find(const char *name);
/* "pingpong, ...": caller frees. */
char *wltable_names(void);

#endif
