/* SPDX-License-Identifier: MIT */
/*
 * Telling the profiler which protection domain a task is (profiler/README,
 * "Domains"): every task runs its own copy of the user image at the same
 * virtual addresses, so the plugin tells tasks apart by the physical pages
 * of their code.  A task announces its text pages once, before any timed
 * window: domain 0 is the client (or a solo part), domain 1 the server
 * (a workload's server in another task, the RAM-disk server).  Two marker
 * instructions per page; nothing else in a run without the plugin.
 */
#ifndef UK_USER_DOMAIN_H
#define UK_USER_DOMAIN_H

#include "wl_marker.h"

static inline void uk_announce_domain(int server)
{
    extern const char _text_start[], _text_end[];
    if (server)
        wl_mark_domain_code(1, _text_start, _text_end);
    else
        wl_mark_domain_code(0, _text_start, _text_end);
}

#endif
