/* SPDX-License-Identifier: MIT */
/*
 * See sched.h.  A bitmap of non-empty ready queues finds the highest
 * priority in one instruction (bsr/clz).  With nothing to run the CPU
 * idles with interrupts on; the timer tick then only ends timed waits.
 */
#include "sched.h"
#include "timeout.h"
#include "tqueue.h"

uint32_t sched_ready_bitmap;
static struct tqueue ready_queue[UK_PRIO_MAX + 1];

void sched_ready(struct thread *t)
{
    t->state = TS_RUNNING;
    tqueue_append(&ready_queue[t->prio], t);
    sched_ready_bitmap |= 1u << t->prio;
}

void sched_unready(struct thread *t)
{
    tqueue_remove(&ready_queue[t->prio], t);
    if (!ready_queue[t->prio].head)
        sched_ready_bitmap &= ~(1u << t->prio);
}

void sched_schedule(void)
{
    if (cur_thread->state == TS_RUNNING)
        sched_ready(cur_thread); /* round robin: to the back of its queue */
    int p;
    /* Every thread blocked or dead: idle until an interrupt readies one
     * (a timed wait that ends).  Not an error: tasks may wait for good. */
    while ((p = sched_highest_ready()) < 0)
        cpu_idle();
    struct thread *t = ready_queue[p].head;
    sched_unready(t);
    sched_switch(t);
}

void sched_wakeup(struct thread *t)
{
    t->state = TS_RUNNING;
    if (cur_thread->state != TS_RUNNING && (int)t->prio >= sched_highest_ready()) {
        sched_switch(t);
        return;
    }
    sched_ready(t);
    if (cur_thread->state != TS_RUNNING || t->prio > cur_thread->prio)
        sched_schedule();
}

void sched_tick(void)
{
    struct thread *cur = cur_thread;
    int woken = timeout_tick();
    if (cur->state != TS_RUNNING)
        return;
    if (woken > (int)cur->prio) { /* a timed wait ended for a better thread */
        sched_schedule();
        return;
    }
    if (--cur->timeslice)
        return;
    cur->timeslice = SCHED_TIMESLICE;
    if (sched_highest_ready() >= (int)cur->prio)
        sched_schedule();
}
