/* SPDX-License-Identifier: MIT */
/*
 * The root task's tools for building other tasks: a bump allocator over
 * the memory pool the kernel gave it, and tasks loaded from the user image
 * (a fresh copy of text and data per task) with stacks and threads.
 */
#ifndef ROOT_TASK_H
#define ROOT_TASK_H

#include "uk.h"
#include <stdbool.h>
#include <stdint.h>

#define TASK_PRIO 5
#define TASK_STACK_PAGES 16
/* Frames of kernel memory a new task gets from root's account: its space
 * and the page tables of what root maps into it. */
#define TASK_QUOTA 64

struct task {
    uint64_t space;      /* root's capability slot for the task's space */
    uint64_t next_stack; /* top of the next thread stack to hand out */
};

extern const struct uk_bootinfo *const bootinfo;

/* Zeroed pages from the pool, or NULL when it is used up. */
void *pool_alloc(uint64_t pages);
/* A new space holding a fresh copy of the user image. */
long task_create(struct task *t);
/* The same with an account of `frames` instead of TASK_QUOTA. */
long task_create_quota(struct task *t, uint64_t frames);
/* Fresh pool pages mapped into the task at va; returns root's view. */
void *task_map_new(struct task *t, uint64_t va, uint64_t pages, bool writable);
/* A thread with its own stack in the task, not yet started.  exit_cap is a
 * notification slot of root's (or ~0): it is signalled when the thread ends. */
long task_thread(struct task *t, void (*entry)(uint64_t), uint64_t arg, unsigned prio,
                 uint64_t exit_cap, uint64_t *thread_slot);
/* A root slot with a badged copy of one of root's caps. */
long root_mint(uint64_t src_slot, unsigned rights, uint64_t badge, uint64_t *slot);

#endif
