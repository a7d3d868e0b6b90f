/* SPDX-License-Identifier: MIT */
/*
 * Every workload of wl_list.h, by name: the same in every port.
 */
#include "wl.h"
#include "wl_list.h"

#define WL_DECLARE(name, ...) extern const struct wl_workload wl_##name;
WL_WORKLOADS(WL_DECLARE)

#define WL_ENTRY(name, ...) &wl_##name,
static const struct wl_workload *const wl_all[] = { WL_WORKLOADS(WL_ENTRY) };

static int wl_same(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

const struct wl_workload *wl_find(const char *name)
{
    for (unsigned i = 0; i < sizeof(wl_all) / sizeof(wl_all[0]); i++)
        if (wl_same(wl_all[i]->name, name))
            return wl_all[i];
    return (const struct wl_workload *)0;
}
