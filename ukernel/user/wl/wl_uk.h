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
/* The page API (wl_pages_alloc, wl_call_pages, wl_serve's `got`): */
#define WLUK_POOL_VA 0x60000000ull /* a client's pages for wl_pages_alloc() */
#define WLUK_POOL_PAGES 256
#define WLUK_RBUF_VA 0x68000000ull   /* a server's receive buffer: the long part, */
#define WLUK_RBUF_PAGES (1 + 64)     /* then WL_PAGES_MAX pages of copies */
#define WLUK_WINDOW_VA 0x70000000ull /* a server's receive window, left unmapped */
/* The block API (wl_blk_*, wl_uk_blk.c): a solo part's data buffers and
 * its send capability to the RAM-disk server (user/ramdisk/), and the
 * same for the virtio disk's driver (user/virtioblk/). */
#define WLUK_BLK_VA 0x78000000ull
#define WLUK_BLK_PAGES (WL_BLK_SLOTS * WL_BLK_BYTES_MAX / 4096u)
#define WLUK_BLK_SLOT 3
#define WLUK_VBLK_VA 0x7a000000ull
#define WLUK_VBLK_SLOT 4

enum wluk_role { WLUK_SERVER, WLUK_CLIENT, WLUK_SOLO };

struct wluk_args {
    uint32_t role;
    struct wl_config cfg;
    uint64_t samples_max; /* int64_t slots at WLUK_SAMPLES_VA */
    uint64_t pool_pages;  /* pages mapped at WLUK_POOL_VA (0: none) */
    uint64_t rbuf_pages;  /* pages mapped at WLUK_RBUF_VA (0: none) */
    uint64_t blk_pages;   /* pages mapped at WLUK_BLK_VA (0: no disk) */
    uint64_t vblk_pages;  /* pages mapped at WLUK_VBLK_VA (0: no virtio disk) */
    char workload[32], variant[32], system[32], unit[16];
};

/* Thread entry of a workload task: runs the role, exits with the
 * workload's result (records emitted, or negative). */
_Noreturn void wluk_task_main(uint64_t args_va);
/* Use these arguments for wl.h calls without wluk_task_main() (tests),
 * and the channel at WLUK_CHAN_SLOT. */
void wluk_attach(const struct wluk_args *a);
wl_chan_t *wluk_channel(void);
/* Connect an open disk again: a restarted RAM-disk server knows no
 * buffers (root/ramdisk_start.h, rd_restart()); drops what was queued. */
long wluk_blk_reconnect(wl_blk_t *b);
/* Set how many timer ticks an open disk's calls wait for its server
 * (the liability scenario under kvm, where the device's 30000 ticks of
 * virtioblk.h would be five real minutes); 0, or UK_EINVAL. */
long wluk_blk_set_timeout(wl_blk_t *b, uint64_t ticks);
/* The arguments in use (wluk_task_main's or wluk_attach's). */
const struct wluk_args *wluk_args(void);

#endif
