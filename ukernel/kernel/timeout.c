/* SPDX-License-Identifier: MIT */
/*
 * See timeout.h.
 */
#include "timeout.h"
#include "endpoint.h"
#include "ipc.h"
#include "sched.h"
#include "tqueue.h"

uint64_t timeout_ticks;
static struct thread *timeout_list;

void timeout_add(struct thread *t, uint64_t ticks)
{
    uint64_t left = ~0ull - timeout_ticks;
    t->wake_tick = timeout_ticks + (ticks < left ? ticks : left);
    t->timeout_next = timeout_list;
    timeout_list = t;
}

void timeout_forget(struct thread *t)
{
    t->wake_tick = 0;
    for (struct thread **p = &timeout_list; *p; p = &(*p)->timeout_next) {
        if (*p == t) {
            *p = t->timeout_next;
            t->timeout_next = NULL;
            return;
        }
    }
}

/* Leave the wait t is in.  A caller whose callee still owes it the reply
 * leaves the callee a mark instead, so the late reply is the callee's
 * error and can never reach a later call of t's. */
static void timeout_fire(struct thread *t)
{
    struct endpoint *ep = t->blocked_on;
    struct thread *callee = t->blocked_on;

    if (t->state == TS_BLOCKED_WAIT)
        ((struct notification *)t->blocked_on)->waiter = NULL;
    else if (t->state == TS_BLOCKED_SEND)
        tqueue_remove(&ep->senders, t);
    else if (t->state == TS_BLOCKED_RECV)
        tqueue_remove(&ep->timed, t);
    else if (t->state == TS_BLOCKED_REPLY_TIMED && callee && callee->reply_to == t)
        callee->reply_to = &ipc_reply_expired;
    t->regs.rax = (uint64_t)UK_ETIMEOUT;
    sched_ready(t);
}

int timeout_tick(void)
{
    int woken = -1;

    timeout_ticks++;
    for (struct thread **p = &timeout_list; *p;) {
        struct thread *t = *p;
        if (t->wake_tick > timeout_ticks) {
            p = &t->timeout_next;
            continue;
        }
        *p = t->timeout_next;
        t->timeout_next = NULL;
        t->wake_tick = 0;
        timeout_fire(t);
        if ((int)t->prio > woken)
            woken = t->prio;
    }
    return woken;
}
