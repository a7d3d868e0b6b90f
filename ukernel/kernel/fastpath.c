/* SPDX-License-Identifier: MIT */
/*
 * The IPC fastpath: call and reply-and-receive when the message fits in
 * registers and the partner is already waiting.  That is the common case
 * of every client-server exchange, and here it costs a handful of checks,
 * five register copies (info word, four message registers) and a direct
 * switch: no queue but the endpoint's, no scheduler decision, no buffer.
 *
 * Each check below is a precondition; if any fails we take the general
 * path in ipc.c, which handles every case (and gives the same results).
 * ukernel-nofp.bin leaves this file out (FASTPATH=0) to measure its gain.
 */
#include "endpoint.h"
#include "ipc.h"
#include "sched.h"
#include "tqueue.h"

/* Info bits that send a call or reply down the general path: a long
 * part, an item (map, grant, copy: only ipc.c handles them), polling,
 * timeouts.  A receive window (UK_INFO_WINDOW) is only read by the
 * general path when an item arrives, so it may stay here. */
#define FASTPATH_INFO_SLOW                                                                         \
    (UK_INFO_LEN_MASK | UK_INFO_POLL | UK_INFO_TRUNC | UK_INFO_TIMEOUT | UK_INFO_ITEM)

/* Move the four message registers and the info word from s to r. */
static inline void copy_message(struct thread *s, struct thread *r, uint64_t badge)
{
    r->regs.rax = UK_OK;
    r->regs.rdi = badge;
    r->regs.rsi = s->regs.rsi;
    r->regs.rdx = s->regs.rdx;
    r->regs.r10 = s->regs.r10;
    r->regs.r8 = s->regs.r8;
    r->regs.r9 = s->regs.r9;
}

void fastpath_call(struct thread *t)
{
    /* 1. The message is registers only, and the call may block.  A
     * caller's UK_INFO_TRUNC (an output bit) is cleared by the general
     * path: leave that rare case to it and copy the info word as it is. */
    if (t->regs.rsi & FASTPATH_INFO_SLOW)
        goto slow;

    /* 2. The slot holds an endpoint this task may send to. */
    uint64_t slot = t->regs.rdi;
    if (slot >= UK_CAP_SLOTS)
        goto slow;
    struct cap *c = &t->space->caps[slot];
    if (c->type != CAP_ENDPOINT || !(c->rights & UK_RIGHT_SEND))
        goto slow;

    /* 3. A receiver is already waiting on it. */
    struct endpoint *ep = c->obj;
    struct thread *r = ep->receivers.head;
    if (!r)
        goto slow;

    /* 4. No ready thread outranks the receiver, so it is the one to run. */
    if ((int)r->prio < sched_highest_ready())
        goto slow;

    /* Commit: the receiver leaves its queue, the caller waits for the reply. */
    tqueue_remove(&ep->receivers, r);
    t->state = TS_BLOCKED_REPLY;
    r->reply_to = t;
    copy_message(t, r, c->badge);
    r->state = TS_RUNNING;
    sched_switch(r);
    return;
slow:
    ipc_sys_call(t);
}

void fastpath_reply_recv(struct thread *t)
{
    /* 1. The reply is registers only, and the receive may block (and, as
     * for a call, carries no UK_INFO_TRUNC). */
    if (t->regs.rsi & FASTPATH_INFO_SLOW)
        goto slow;

    /* 2. We owe a reply, and the caller still waits for it. */
    struct thread *caller = t->reply_to;
    if (!caller || caller->state != TS_BLOCKED_REPLY)
        goto slow;

    /* 3. The slot holds an endpoint we may receive on. */
    uint64_t slot = t->regs.rdi;
    if (slot >= UK_CAP_SLOTS)
        goto slow;
    struct cap *c = &t->space->caps[slot];
    if (c->type != CAP_ENDPOINT || !(c->rights & UK_RIGHT_RECV))
        goto slow;

    /* 4. No sender waits there: otherwise we would receive at once. */
    struct endpoint *ep = c->obj;
    if (ep->senders.head)
        goto slow;

    /* 5. No ready thread outranks the caller. */
    if ((int)caller->prio < sched_highest_ready())
        goto slow;

    /* Commit: we wait on the endpoint, the caller gets the reply and runs. */
    t->reply_to = NULL;
    t->state = TS_BLOCKED_RECV;
    t->blocked_on = ep;
    tqueue_append(&ep->receivers, t);
    copy_message(t, caller, 0);
    caller->state = TS_RUNNING;
    sched_switch(caller);
    return;
slow:
    ipc_sys_reply_recv(t);
}
