/* SPDX-License-Identifier: MIT */
/*
 * The table of known workloads (see wltable.h).
 */
#include "wltable.h"

#include "strlist.h"

#include <string.h>

static const wltable_entry_t wltable[] = {
    /*
     * pingpong: 11 cases per system.  Measured under tcg (2026-11): one
     * iteration index of all of Xen's cases costs ~300,000 instructions
     * (domU-dom0 4 KiB alone ~61,000), the microkernel's ~75,000.
     */
    {
        .name = "pingpong",
        .about = "synchronous round trip between two protection domains",
        .params = { "payload" },
        .iterations = 10000,
        .quick_iterations = 1000,
        .max_insns_per_iter = 600000,
    },
};

#define WLTABLE_N (sizeof(wltable) / sizeof(wltable[0]))

size_t wltable_count(void)
{
    return WLTABLE_N;
}

const wltable_entry_t *wltable_at(size_t i)
{
    return i < WLTABLE_N ? &wltable[i] : NULL;
}

const wltable_entry_t *wltable_find(const char *name)
{
    for (size_t i = 0; i < WLTABLE_N; i++)
        if (strcmp(wltable[i].name, name) == 0)
            return &wltable[i];
    return NULL;
}

char *wltable_names(void)
{
    strlist_t l = { 0 };
    char *s;

    for (size_t i = 0; i < WLTABLE_N; i++)
        strlist_push(&l, wltable[i].name);
    s = strlist_join(&l, ", ");
    strlist_free(&l);
    return s;
}
