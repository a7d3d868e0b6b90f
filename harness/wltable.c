/* SPDX-License-Identifier: MIT */
/*
 * The table of known workloads (see wltable.h), made from
 * workloads/wl_list.h.
 */
#include "wltable.h"

#include "strlist.h"

#include "../workloads/wl_list.h"

#include <string.h>

#define WLTABLE_ENTRY(wl_name, wl_about, iters, quick, max_insns, first, multiple, is_exact)  \
    {                                                                                              \
        .name = #wl_name,                                                                          \
        .about = wl_about,                                                                         \
        .param = first,                                                                            \
        .iterations = iters,                                                                       \
        .quick_iterations = quick,                                                                 \
        .max_insns_per_iter = max_insns,                                                           \
        .iter_multiple = multiple,                                                                 \
        .exact = is_exact,                                                                         \
    },

/* From the one list of workloads (workloads/wl_list.h). */
static const wltable_entry_t wltable[] = { WL_WORKLOADS(WLTABLE_ENTRY) };

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
