/* SPDX-License-Identifier: MIT */
/*
 * The dom0 port of workloads/wl.h (wl_dom0.c) and what main.c needs of
 * it: a wl.h channel is a dom0 channel (dchan.h), the client being its
 * front and the server its back.
 */
#ifndef PEER_WL_DOM0_H
#define PEER_WL_DOM0_H

#include "dchan.h"
#include "wl.h"

/* The server's state for the current request with pages (wl_dom0_pages.c). */
struct wld_pages {
    uint32_t mech, n, bytes;
    uint8_t *map;     /* SHARE: the mapped grants */
    uint8_t *copybuf; /* COPY: our pages, allocated at first use */
    xengnttab_grant_copy_segment_t segs[64];
    uint64_t copied, mapped, unmapped;
    int64_t time;
};

struct wl_chan {
    struct dchan chan;
    unsigned long served; /* requests answered by wl_serve */
    struct wld_pages pages;
};

/* Server, for a request that carries pages (common/xring/xpages.h): take
 * them in (SHARE, COPY) and describe them in *got; 0, or a negative errno
 * already written as the answer's status (the handler must not run). */
int wld_pages_begin(struct wl_chan *ch, struct wl_pages *got);
/* Server, after the handler: unmap, and write the answer's page part. */
int wld_pages_end(struct wl_chan *ch);

/* Names the records carry (wl_system(), wl_unit()). */
void wld_set_names(const char *system, const char *unit);
/* The workloads of workloads/wl_list.h, and the guest's pagetest; NULL if
 * unknown. */
const struct wl_workload *wld_find_workload(const char *name);

#endif
