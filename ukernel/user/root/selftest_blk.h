/* SPDX-License-Identifier: MIT */
/*
 * Block clients of the self-tests (selftest_ramdisk.c), for either disk:
 * each opens the one its task was given (the virtio disk if it has
 * WLUK_VBLK_VA's buffers, else the RAM disk) and exits with 0 or the
 * line of its file that failed.
 */
#ifndef ROOT_SELFTEST_BLK_H
#define ROOT_SELFTEST_BLK_H

#include "task.h"
#include "wl_uk.h"

#define FAIL_IF(cond)                                                                              \
    do {                                                                                           \
        if (cond)                                                                                  \
            uk_thread_exit(__LINE__);                                                              \
    } while (0)

/* Task t's argument page as a solo benchmark part (system uk, insns);
 * NULL if it cannot be mapped.  The caller gives it a disk. */
struct wluk_args *rdt_solo_args(struct task *t);
/* Open the task's disk; checks its variant and size. */
wl_blk_t *rdt_open(uint64_t args_va);
/* One request on its own; returns its status. */
long rdt_one(wl_blk_t *b, enum wl_blk_op op, uint32_t slot, uint32_t bytes, uint64_t sector);
/* The test pattern: byte i of slot's data. */
uint8_t rdt_byte(uint32_t slot, uint32_t i);

/* Writes at depth 1, 2 and 8 read back byte for byte. */
void rdt_rw_client(uint64_t args_va);
/* Bad requests and malformed messages refused; good ones served between. */
void rdt_bad_client(uint64_t args_va);
/* Against a server that never answers a request: the timeout. */
void rdt_stall_client(uint64_t args_va);

#endif
