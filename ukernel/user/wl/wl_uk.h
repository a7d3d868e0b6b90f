/* SPDX-License-Identifier: MIT */
/*
 * The microkernel's port of workloads/wl.h: what the root task hands a
 * workload task.  The root task maps a struct wluk_args read-only into the
 * task and starts a thread at wluk_task_main() with its address.
 */
#ifndef WL_UK_H
#define WL_UK_H

#include "wl.h"
#include <stdint.h>

#define WLUK_ARGS_VA 0x300000ull      /* one page per thread, read-only */
#define WLUK_SAMPLES_VA 0x10000000ull /* the client's sample buffer */
#define WLUK_CHAN_SLOT 2              /* endpoint capability of the channel */

enum wluk_role { WLUK_SERVER, WLUK_CLIENT, WLUK_SOLO };

struct wluk_args {
    uint32_t role;
    struct wl_config cfg;
    uint64_t samples_max; /* int64_t slots at WLUK_SAMPLES_VA */
    char workload[32], variant[32], system[32], unit[16];
};

/* Thread entry of a workload task: runs the role, exits with the
 * workload's result (records emitted, or negative). */
_Noreturn void wluk_task_main(uint64_t args_va);

#endif
