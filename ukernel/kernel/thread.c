/* SPDX-License-Identifier: MIT */
/*
 * Thread life cycle.  A thread starts in user mode at its entry point with
 * its argument in rdi; it ends by exiting or by a CPU exception.  Ending
 * takes it out of whatever queue it waits in, fails a pending call to it
 * with UK_EABORT, and signals its exit notification, so the task that
 * created it learns of it and everything else carries on.
 */
#include "thread.h"
#include "endpoint.h"
#include "frame.h"
#include "printk.h"
#include "sched.h"
#include "timeout.h"
#include "tqueue.h"

struct thread *cur_thread;
static uint32_t next_thread_id = 1;
static struct thread *all_threads; /* scanned only when a thread is destroyed */

struct thread *thread_create(struct space *payer, struct space *s, uint64_t entry, uint64_t stack,
                             uint64_t arg, unsigned prio)
{
    struct thread *t = space_charge_object(payer);
    if (!t)
        return NULL;
    t->obj.payer = payer;
    object_get(CAP_SPACE, s); /* a space lives while its threads do */
    t->all_next = all_threads;
    if (all_threads)
        all_threads->all_prev = t;
    all_threads = t;
    t->space = s;
    t->prio = (uint8_t)prio;
    t->state = TS_INACTIVE;
    t->id = next_thread_id++;
    t->timeslice = SCHED_TIMESLICE;
    t->regs.rip = entry;
    t->regs.rsp = stack;
    t->regs.rdi = arg;
    t->regs.cs = SEL_UCODE;
    t->regs.ss = SEL_UDATA;
    t->regs.rflags = RFLAGS_IF | RFLAGS_RESERVED;
    t->regs.vector = 0; /* first entry through iretq */
    return t;
}

void thread_start(struct thread *t)
{
    sched_ready(t);
    if (t->prio > cur_thread->prio)
        sched_schedule();
}

void thread_end(struct thread *t, uint64_t value, uint64_t fault_vector)
{
    struct endpoint *ep = t->blocked_on;

    if (t->state == TS_BLOCKED_RECV && t->wake_tick)
        tqueue_remove(&ep->timed, t);
    else if (t->state == TS_BLOCKED_RECV)
        tqueue_remove(&ep->receivers, t);
    timeout_cancel(t);
    switch (t->state) {
    case TS_RUNNING:
        if (t != cur_thread)
            sched_unready(t);
        break;
    case TS_BLOCKED_SEND:
        tqueue_remove(&ep->senders, t);
        break;
    case TS_BLOCKED_WAIT:
        ((struct notification *)t->blocked_on)->waiter = NULL;
        break;
    default: /* waits for a reply (the callee sees our state and drops it),
                or for a receive (done above) */
        break;
    }
    t->state = TS_DEAD;
    t->exit_value = value;
    t->fault_vector = fault_vector;
    if (t->space->is_root_task)
        panic("root task thread %u ended (value %lx, vector %ld)", t->id, value,
              (long)fault_vector);

    struct thread *caller = t->reply_to;
    t->reply_to = NULL;
    if (caller && (caller->state == TS_BLOCKED_REPLY || caller->state == TS_BLOCKED_REPLY_TIMED)) {
        timeout_cancel(caller);
        caller->regs.rax = (uint64_t)UK_EABORT;
        sched_ready(caller);
    }
    if (t->exit_notify)
        notification_signal(t->exit_notify, t->exit_badge);
    if (cur_thread->state != TS_RUNNING)
        sched_schedule();
}

void thread_destroy(struct thread *t)
{
    if (t->space->is_root_task)
        return;
    if (t->state != TS_DEAD)
        thread_end(t, (uint64_t)UK_EABORT, ~0ull); /* switches away if t runs */
    /* A callee that still owes t a reply must not reach freed memory.
     * Only a thread killed while it waited for a reply can be owed one;
     * a caller with a timeout must not mark t when it gives up. */
    for (struct thread *o = all_threads; o; o = o->all_next) {
        if (o->reply_to == t)
            o->reply_to = NULL;
        if (o->state == TS_BLOCKED_REPLY_TIMED && o->blocked_on == t)
            o->blocked_on = NULL; /* its timeout has no callee to mark */
    }
    if (t->exit_notify)
        object_put(CAP_NOTIFICATION, t->exit_notify);
    thread_discard(t);
}

void thread_discard(struct thread *t)
{
    if (t->all_prev)
        t->all_prev->all_next = t->all_next;
    else
        all_threads = t->all_next;
    if (t->all_next)
        t->all_next->all_prev = t->all_prev;
    struct space *s = t->space;
    space_refund_object(t->obj.payer, t);
    object_put(CAP_SPACE, s);
}
