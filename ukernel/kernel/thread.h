/* SPDX-License-Identifier: MIT */
/*
 * Threads: the unit of execution and of IPC.  A thread's TCB is one page;
 * its saved user registers come first because entry.S saves them in place
 * (see arch/x86_64/regs.h).  The message registers of a blocked sender stay
 * in its saved registers until a receiver takes them.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include "object.h"
#include "regs.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct space;
struct endpoint;
struct notification;
struct thread;

struct tqueue {
    struct thread *head, *tail;
};

enum thread_state {
    TS_INACTIVE,      /* created, not started */
    TS_RUNNING,       /* current, or in a ready queue */
    TS_BLOCKED_SEND,  /* in an endpoint's send queue */
    TS_BLOCKED_RECV,  /* in an endpoint's receive queue */
    TS_BLOCKED_REPLY, /* called; waits for the callee's reply */
    /* The same with a timeout (never the fastpath's); blocked_on is the callee. */
    TS_BLOCKED_REPLY_TIMED,
    TS_BLOCKED_WAIT,  /* waits on a notification */
    TS_DEAD,
};

struct thread {
    struct regs regs; /* must stay first: entry.S depends on it */
    struct thread *next, *prev;
    struct space *space;
    uint8_t state;
    uint8_t prio;
    uint8_t is_call;   /* blocked sender used call, not send */
    uint8_t timeslice; /* timer ticks left */
    uint32_t id;
    void *blocked_on;        /* endpoint, notification or callee */
    uint64_t send_badge;     /* badge of the cap a blocked sender used */
    struct thread *reply_to; /* caller owed a reply; check its state */
    struct notification *exit_notify;
    uint64_t exit_badge;
    uint64_t exit_value; /* exit code, or fault address */
    uint64_t fault_vector;
    uint64_t wake_tick;            /* timed wait: give up at this tick */
    struct thread *timeout_next;   /* in the list of timed waits */
    struct kobj obj;               /* payer and capability count */
    struct thread *all_next, *all_prev; /* every thread that exists */
};

_Static_assert(offsetof(struct thread, regs) == 0, "entry.S saves into the TCB");

/* The running thread; entry.S reads it. */
extern struct thread *cur_thread;

/* A thread of space s, its TCB charged to payer's account (NULL: boot). */
struct thread *thread_create(struct space *payer, struct space *s, uint64_t entry, uint64_t stack,
                             uint64_t arg, unsigned prio);
void thread_start(struct thread *t);
/* End a thread: exit (fault_vector = ~0) or killed by a fault. */
void thread_end(struct thread *t, uint64_t value, uint64_t fault_vector);
/* Its last capability is gone: end it if alive (a root-task thread is
 * left alone), make sure no thread still owes it a reply, free its TCB
 * and refund the payer. */
void thread_destroy(struct thread *t);
/* Free a thread that never ran and nothing refers to (a failed create). */
void thread_discard(struct thread *t);

#endif
