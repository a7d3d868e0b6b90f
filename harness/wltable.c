/* SPDX-License-Identifier: MIT */
/*
 * The table of known workloads (see wltable.h).
 */
#include "wltable.h"

#include "strlist.h"

#include <string.h>

static const wltable_entry_t wltable[] = {
    { "pingpong", "synchronous round trip between two protection domains" },
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
