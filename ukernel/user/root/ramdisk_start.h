/* SPDX-License-Identifier: MIT */
/*
 * The root task starts RAM-disk servers (user/ramdisk/) and connects
 * tasks to them: for the benchmark's solo parts (bench.c) and the
 * self-tests.  Every server gets the same disk: one 16 MiB of root's
 * pool, taken the first time and mapped into each server, so a boot
 * pays for it once (its contents carry over from server to server).
 */
#ifndef ROOT_RAMDISK_START_H
#define ROOT_RAMDISK_START_H

#include "task.h"
#include "wl_uk.h"

struct rd_server {
    struct task task;
    uint64_t ep;       /* root's slot: the server's endpoint, all rights */
    uint64_t thread;   /* root's slot: the server's thread */
    uint64_t exit_cap; /* signalled when a server thread ends, or UK_CAP_ANY */
};

/* A server task with the disk, receiving on a new endpoint; flags are
 * RD_FLAG_* (ramdisk.h).  exit_cap: a notification slot signalled when
 * its thread ends, or UK_CAP_ANY for none. */
long rd_start(struct rd_server *s, uint64_t flags, uint64_t exit_cap);
/* Make t a client of s: buffers at WLUK_BLK_VA, a send capability at
 * WLUK_BLK_SLOT, and a->blk_pages saying so. */
long rd_give(const struct rd_server *s, struct task *t, struct wluk_args *a);
/* Kill the server (liability.c): its thread ends as if it had died
 * (its caller's call fails with UK_EABORT, exit_cap is signalled); the
 * endpoint stays root's. */
void rd_kill(struct rd_server *s);
/* A fresh server on the same endpoint and disk, without test flags; its
 * client must connect again (wluk_blk_reconnect()): a new server knows
 * no buffers. */
long rd_restart(struct rd_server *s);
/* Delete root's capabilities to the server: it ends, its space goes. */
void rd_stop(struct rd_server *s);

#endif
