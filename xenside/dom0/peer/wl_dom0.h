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

struct wl_chan {
    struct dchan chan;
    unsigned long served; /* requests answered by wl_serve */
};

/* Names the records carry (wl_system(), wl_unit()). */
void wld_set_names(const char *system, const char *unit);

#endif
