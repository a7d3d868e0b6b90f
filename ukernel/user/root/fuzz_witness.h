/* SPDX-License-Identifier: MIT */
/*
 * The fuzzer's witness: a task that lives through the whole run next to
 * the fuzz task and checks that nothing it does reaches it.  Two threads
 * in one space do call/reply IPC, each message with its own registers and
 * long part (0..FZW_MSG_MAX bytes) that the other side checks, and the
 * client checks, one page per batch of calls, its own code (against
 * checksums taken at start) and a few pages of a known pattern.  After
 * each batch it notifies the root task (its "tick") and yields.  The
 * first thing wrong ends the witness with a description in its shared
 * page, which the root task reports.
 */
#ifndef ROOT_FUZZ_WITNESS_H
#define ROOT_FUZZ_WITNESS_H

#include "task.h"
#include <stddef.h>

#define FZW_SHARED_VA 0x500000ull  /* struct fzw_shared */
#define FZW_PATTERN_VA 0x600000ull /* FZW_PATTERN_PAGES of fz_mix64(key + word index) */
#define FZW_PATTERN_PAGES 4
#define FZW_TEXT_PAGES_MAX 64 /* code and read-only data checked, at most */
#define FZW_EP_SLOT 2         /* the pair's endpoint: send, receive */
#define FZW_TICK_SLOT 3       /* root's notification, badged: signal */
#define FZW_BATCH 16          /* round trips between checks and ticks */
#define FZW_MSG_MAX 256

struct fzw_shared {
    /* Set by the root task. */
    uint64_t key;              /* of the pattern */
    uint64_t ro_start, ro_end; /* the witness's code and read-only data */
    /* Written by the witness. */
    volatile uint64_t round_trips, batches;
    volatile uint64_t failed;
    char why[240];
};

/* The root task's handle on the witness. */
struct fzw {
    struct task task;
    struct fzw_shared *sh; /* root's view of the shared page */
    uint64_t *pattern;     /* root's view of the pattern pages */
};

/* Pages one round of the client's checks covers. */
uint64_t fzw_pages(const struct fzw *w);
/* Build and start the witness (root task): [ro_start, ro_end) is the
 * image's read-only part; tick and exit are root notification slots. */
long fzw_start(struct fzw *w, uint64_t ro_start, uint64_t ro_end, uint64_t tick, uint64_t exit);
/* The root task's own look at the pattern: 0, or -1 with a description. */
int fzw_check_pattern(const struct fzw *w, char *why, size_t size);
/* Flip one bit of the pattern (to test that the witness notices). */
void fzw_corrupt(struct fzw *w, uint64_t salt);

#endif
