/* SPDX-License-Identifier: MIT */
/*
 * Fixed-priority round-robin scheduling (priorities 0..UK_PRIO_MAX, higher
 * runs first) with timer preemption.  The ready queues hold the runnable
 * threads other than the current one ("Benno scheduling"): a thread that
 * IPC switches to directly is never queued, so the IPC paths touch no
 * queue at all.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "cpu.h"
#include "paging.h"
#include "space.h"
#include "thread.h"

#define SCHED_TIMESLICE 1 /* timer ticks */

extern uint32_t sched_ready_bitmap;

/* Highest priority with a ready thread, or -1. */
static inline int sched_highest_ready(void)
{
    return sched_ready_bitmap ? 31 - __builtin_clz(sched_ready_bitmap) : -1;
}

/* Make t the current thread now; t must not be in a ready queue. */
static inline void sched_switch(struct thread *t)
{
    if (t->space != cur_thread->space)
        paging_switch(t->space->root);
    cur_thread = t;
    cpu_set_kernel_entry_stack((uint64_t)&t->regs + REGS_SIZE);
}

void sched_ready(struct thread *t);
void sched_unready(struct thread *t);
/* The current thread blocked, ended or gives way: run the best ready one. */
void sched_schedule(void);
/* t's blocking operation completed: run it at once if it is the best
 * choice and the current thread blocked, otherwise queue it. */
void sched_wakeup(struct thread *t);
/* A timer tick from user mode: end timed waits, preempt if due. */
void sched_tick(void);

#endif
