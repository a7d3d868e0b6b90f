/* SPDX-License-Identifier: MIT */
/*
 * The fuzz task: the address space the root task builds for it, the
 * capabilities it is given, and the page it shares with the root task.
 *
 * Everything the task needs lies in its "low region", [FZ_LOW_START,
 * FZ_PLAY_VA): the user image at 0x400000 (with a fresh copy of its data
 * for every task) and, from FZ_SHARED_VA on, the pages defined below, each
 * with an unmapped guard page next to it.  The task's own calls never map
 * anything there (fuzz_gen.c); they map and unmap freely in the
 * "playground" from FZ_PLAY_VA up, and below FZ_LOW_START.  What they can
 * map is only the code, safe and zero pages, so whatever a fuzzed thread
 * runs is one of
 *   - safe text: x86 prefix bytes only; an instruction of more than 15
 *     bytes is invalid (#GP), so it gets nowhere;
 *   - zero pages: "add %al,(%rax)" with al = 0, which changes nothing;
 *   - the code page: nops, then "mov $UK_SYS_NULL,%eax; syscall" in its
 *     last bytes (FZ_CODE_TAIL);
 *   - fz_child_exit / fz_child_block, which touch no memory.
 */
#ifndef ROOT_FUZZ_TASK_H
#define ROOT_FUZZ_TASK_H

#include "fuzz_gen.h"
#include "uk.h"
#include <stdint.h>

#define FZ_TASK_PRIO 3 /* fuzz task and witness: below the root task */
/* Kernel memory (frames) the root task hands each fuzz task, and the
 * scratch space: all the fuzz task can use up (uk/abi.h, "Kernel memory"). */
#define FZ_TASK_QUOTA 96
#define FZ_SCRATCH_QUOTA 512

/* The low region, root-mapped (guard pages in between). */
#define FZ_LOW_START 0x300000ull
#define FZ_SHARED_VA 0x10000000ull      /* struct fz_shared, read-write */
#define FZ_CODE_VA 0x10002000ull        /* the code page, read/execute */
#define FZ_CHILD_STACK_VA 0x10004000ull /* one page, stack of child threads */
#define FZ_SAFE_VA 0x10100000ull        /* safe text, read-only */
#define FZ_SAFE_PAGES 4
#define FZ_SAFE_PAGES_BIG 256    /* 1 MiB, with class bigwrite */
#define FZ_ZERO_VA 0x10400000ull /* zeroed, read-write: map sources, buffers */
#define FZ_ZERO_PAGES 16
#define FZ_STACK_TOP 0x10800000ull
#define FZ_STACK_PAGES 16
#define FZ_PLAY_VA 0x40000000ull /* maps go here and above (and below FZ_LOW_START) */

/* The last user page and the entry that runs the code page's `syscall`. */
#define FZ_TOP_PAGE (UK_USER_TOP - UK_PAGE_SIZE)
#define FZ_CODE_TAIL 7 /* b8 00 00 00 00 0f 05: mov $0,%eax; syscall */
#define FZ_TOP_ENTRY (UK_USER_TOP - FZ_CODE_TAIL)

/* Slots of the fuzz task's capability table as the root task fills it. */
#define FZ_SLOT_OWN 0     /* its own space: map, control */
#define FZ_SLOT_SCRATCH 1 /* a space it may wreck: map, control */
#define FZ_SLOT_EP 2      /* an endpoint root can unblock it on: send, receive */
#define FZ_SLOT_NTFN 3    /* a notification likewise: signal, wait */
#define FZ_SLOT_SELF 4    /* its own thread: control */
#define FZ_SLOTS_GIVEN 5

/* Exit codes of the fuzz task's main thread: magic (bits 48-63), the
 * account's change (24-47, signed), what (16-23), result (8-15), kind.
 * A fuzzed UK_SYS_THREAD_EXIT never has FZ_EXIT_MAGIC in its top bits
 * (fuzz_gen.c), so the root task can tell these from it. */
#define FZ_EXIT_MAGIC 0xf022ull
#define FZ_EXIT_DONE 1    /* ran every call up to fz_shared.end */
#define FZ_EXIT_ORACLE 2  /* call fz_shared.next did what it must not: */
#define FZ_WHAT_RESULT 0  /* ...returned a wrong result */
#define FZ_WHAT_START 1   /* ...made a thread THREAD_START refused */
#define FZ_WHAT_ACCOUNT 2 /* ...failed, yet changed the task's account */
#define FZ_EXIT_CODE(kind, result, what, taken)                                                    \
    (FZ_EXIT_MAGIC << 48 | ((uint64_t)(taken)&0xffffff) << 24 | (uint64_t)(what) << 16 |           \
     (uint64_t)(uint8_t)(result) << 8 | (kind))
#define FZ_EXIT_KIND(v) ((v) >> 48 == FZ_EXIT_MAGIC ? (unsigned)((v)&0xff) : 0)
#define FZ_EXIT_RESULT(v) ((long)(int8_t)(((v) >> 8) & 0xff))
#define FZ_EXIT_WHAT(v) ((unsigned)(((v) >> 16) & 0xff))
#define FZ_EXIT_TAKEN(v) ((long)((int64_t)((v) << 16) >> 40)) /* frames the call took */

/* The page shared by root and the fuzz task, at FZ_SHARED_VA. */
struct fz_shared {
    /* Set by root before the task starts. */
    uint64_t seed, classes;
    uint64_t first, end; /* run calls [first, end) */
    uint64_t trace_from; /* print each call from this index on */
    /* Written by the task. */
    volatile uint64_t next;                   /* the call running, or about to */
    volatile uint64_t beat;                   /* bumped by every call and in long operations */
    volatile uint64_t per_class[FZ_NCLASSES]; /* calls started, by class */
};

/* Entry of the fuzz task's main thread (argument: FZ_SHARED_VA). */
_Noreturn void fz_task_main(uint64_t shared_va);

/* Child threads the fuzz task may start: they use no memory at all.
 * fz_child_exit exits with its argument; fz_child_block waits on the
 * notification slot given as its argument, then exits. */
void fz_child_exit(uint64_t code);
void fz_child_block(uint64_t slot);
/* fz_child_recv receives once on FZ_SLOT_EP with its argument as the
 * window (UK_INFO_WINDOW), copies landing in the zero pages, then exits
 * with the result; it sits alone in a page of its own (for other spaces). */
void fz_child_recv(uint64_t window);
#define FZ_RECV_BUF (FZ_ZERO_VA - UK_PAGE_SIZE) /* a guard page: copies land after it */
#define FZ_RECV_CAP ((1 + FZ_ZERO_PAGES) * UK_PAGE_SIZE)

#endif
