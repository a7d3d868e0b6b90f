/* SPDX-License-Identifier: MIT */
/*
 * The Xen PV guest's port of workloads/wl.h (wl_xen.c) and what the bench
 * driver (bench.c) needs of it: a wl.h channel is a guest channel
 * (channel.h), the client being its front and the server its back.
 */
#ifndef XENGUEST_WL_XEN_H
#define XENGUEST_WL_XEN_H

#include "channel.h"
#include "wl.h"
#include "wl_pages.h"

struct wl_chan {
    struct chan chan;
    struct wlx_pages pages; /* page hand-over state (wl_pages.c) */
};

/* The page hand-over test (pagetest.c, xenside/pagetest/). */
extern const struct wl_workload wlx_pagetest;
/* The workloads of workloads/wl_list.h, and pagetest; NULL if unknown. */
const struct wl_workload *wlx_find_workload(const char *name);

/* Names the records carry (wl_system(), wl_unit()). */
void wlx_set_names(const char *system, const char *unit);

#endif
