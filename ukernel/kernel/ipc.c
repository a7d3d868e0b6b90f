/* SPDX-License-Identifier: MIT */
/*
 * Synchronous IPC through endpoints, the general path.
 *
 * A message is the info word (rsi), four message registers (rdx, r10, r8,
 * r9) and optionally a long part of up to UK_MSG_MAX bytes that the kernel
 * copies from the sender's buffer (r12) into the receiver's (r13, capacity
 * r14), and an item (rbx: map, grant or copy of pages, item.c) that
 * lands where the receiver said.  Whoever arrives first at an endpoint blocks in its queue; the
 * second completes the transfer.  A call blocks the caller until the
 * receiver replies; the receiver remembers whom it owes the reply
 * (reply_to), which is the only way a reply can be sent: there is no
 * reply capability to forge.  Whenever the current thread blocks and the
 * partner it released is the best thread to run, we switch straight to it.
 *
 * A receive or a call may have a timeout (UK_INFO_TIMEOUT, timeout.c); a
 * call's covers both its send and its wait for the reply.  Timed waiters
 * stay out of the fastpath's sight (the endpoint's `timed` queue, state
 * TS_BLOCKED_REPLY_TIMED), so only this file has to cancel their timeouts.
 */
#include "ipc.h"
#include "endpoint.h"
#include "item.h"
#include "sched.h"
#include "timeout.h"
#include "tqueue.h"
#include "usercopy.h"

struct thread ipc_reply_expired;

#define INFO_FLAGS                                                                                 \
    (UK_INFO_LEN_MASK | UK_INFO_POLL | UK_INFO_TRUNC | UK_INFO_TIMEOUT | UK_INFO_ITEM)

/* How a transfer went: delivered; delivered as UK_EFAULT to both sides (a
 * bad long-message buffer); or refused: the sender's item did not fit,
 * the sender got the error and the receiver was not touched. */
enum { XFER_OK, XFER_FAULT, XFER_REFUSED };

/* Copy s's message into r and set r's receive results.  `fresh`: s is
 * the current thread and check_send() has just passed. */
static int transfer(struct thread *s, struct thread *r, uint64_t badge, bool fresh)
{
    uint64_t info = s->regs.rsi, len = info & UK_INFO_LEN_MASK, trunc = 0, got = 0;
    struct item it;

    if (info & UK_INFO_ITEM) {
        long err = item_prepare(s, r, &it, fresh);
        if (err) {
            s->regs.rax = (uint64_t)err;
            return XFER_REFUSED;
        }
        got = UK_INFO_ITEM;
    }
    if (len) {
        uint64_t cap = r->regs.r14 < UK_MSG_MAX ? r->regs.r14 : UK_MSG_MAX;
        if (len > cap) {
            len = cap;
            trunc = UK_INFO_TRUNC;
        }
        if (usercopy_between(r->space, r->regs.r13, s->space, s->regs.r12, len)) {
            if (got)
                item_abort(r, &it);
            r->regs.rax = (uint64_t)UK_EFAULT;
            s->regs.rax = (uint64_t)UK_EFAULT;
            return XFER_FAULT;
        }
    }
    if (got)
        item_commit(s, r, &it);
    r->regs.rax = UK_OK;
    r->regs.rdi = badge;
    r->regs.rsi = (info & ~INFO_FLAGS) | len | trunc | got;
    r->regs.rdx = s->regs.rdx;
    r->regs.r10 = s->regs.r10;
    r->regs.r8 = s->regs.r8;
    r->regs.r9 = s->regs.r9;
    s->regs.rax = UK_OK;
    return XFER_OK;
}

/* Check the sender's own arguments before it may block. */
static long check_send(struct thread *t)
{
    uint64_t len = t->regs.rsi & UK_INFO_LEN_MASK;
    struct item it;
    if (len > UK_MSG_MAX)
        return UK_EINVAL;
    if (t->regs.rsi & UK_INFO_ITEM) {
        long err = item_check_sender(t, &it);
        if (err)
            return err;
    }
    return usercopy_check(t->space, t->regs.r12, len, false);
}

static struct endpoint *endpoint_of(struct thread *t, unsigned right, uint64_t *badge)
{
    long err;
    struct cap *c = space_cap(t->space, t->regs.rdi, CAP_ENDPOINT, right, &err);
    if (!c) {
        t->regs.rax = (uint64_t)err;
        return NULL;
    }
    if (badge)
        *badge = c->badge;
    return c->obj;
}

/* Hand t's message to receiver r, taken from queue q.  Returns r, or
 * NULL if r's item did not fit (r keeps waiting); t is left blocked for
 * the reply on a call. */
static inline struct thread *send_to(struct thread *t, struct tqueue *q, struct thread *r,
                                     uint64_t badge, bool call)
{
    int x = transfer(t, r, badge, true);
    if (x == XFER_REFUSED)
        return NULL;
    tqueue_remove(q, r);
    if (x == XFER_OK && call) {
        t->state = TS_BLOCKED_REPLY;
        r->reply_to = t;
    }
    return r;
}

/* Send from the current thread t.  Returns the receiver to wake (NULL if
 * t blocked or failed); t itself is left blocked for the reply on a call.
 * Receivers with a timeout come after the others, off the common path. */
static struct thread *do_send(struct thread *t, bool call)
{
    uint64_t badge;
    struct endpoint *ep = endpoint_of(t, UK_RIGHT_SEND, &badge);
    if (!ep)
        return NULL;
    long err = check_send(t);
    if (err) {
        t->regs.rax = (uint64_t)err;
        return NULL;
    }
    struct thread *r = ep->receivers.head;
    if (r)
        return send_to(t, &ep->receivers, r, badge, call);
    if ((r = ep->timed.head)) {
        r = send_to(t, &ep->timed, r, badge, call);
        if (r)
            timeout_cancel(r);
        return r;
    }
    if (t->regs.rsi & UK_INFO_POLL) {
        t->regs.rax = (uint64_t)UK_ETIMEOUT;
        return NULL;
    }
    t->state = TS_BLOCKED_SEND;
    t->is_call = call;
    t->send_badge = badge;
    t->blocked_on = ep;
    tqueue_append(&ep->senders, t);
    return NULL;
}

/* Receive into the current thread t.  Returns a sender to wake, if one
 * was waiting with a plain send (a caller stays blocked for the reply;
 * with a timeout it keeps it).  A sender whose item does not fit gets its
 * error and runs again; t goes on with the next sender. */
static struct thread *do_recv(struct thread *t)
{
    struct endpoint *ep = endpoint_of(t, UK_RIGHT_RECV, NULL);
    if (!ep)
        return NULL;
    struct thread *s;
    int x = XFER_OK;
    while ((s = tqueue_pop(&ep->senders)) &&
           (x = transfer(s, t, s->send_badge, false)) == XFER_REFUSED) {
        timeout_cancel(s);
        sched_ready(s);
    }
    if (!s) {
        if (t->regs.rsi & UK_INFO_POLL) {
            t->regs.rax = (uint64_t)UK_ETIMEOUT;
            return NULL;
        }
        t->state = TS_BLOCKED_RECV;
        t->blocked_on = ep;
        tqueue_append(&ep->receivers, t);
        return NULL;
    }
    if (x == XFER_OK && s->is_call) {
        s->state = TS_BLOCKED_REPLY;
        t->reply_to = s;
        if (s->wake_tick) {
            s->state = TS_BLOCKED_REPLY_TIMED;
            s->blocked_on = t;
        }
        return NULL;
    }
    timeout_cancel(s);
    return s;
}

/* If do_recv() blocked t, give the wait its timeout: `ticks` (0: none at
 * all, a poll).  Timed receivers wait in their own queue. */
__attribute__((noinline)) static void recv_timeout(struct thread *t, uint64_t ticks)
{
    struct endpoint *ep = t->blocked_on;
    if (t->state != TS_BLOCKED_RECV)
        return;
    tqueue_remove(&ep->receivers, t);
    if (!ticks) {
        t->state = TS_RUNNING;
        t->regs.rax = (uint64_t)UK_ETIMEOUT;
        return;
    }
    tqueue_append(&ep->timed, t);
    timeout_add(t, ticks);
}

/* The reply when the caller is not simply waiting: it has a timeout
 * (deliver, and cancel it), it gave up (UK_ETIMEOUT for t, which owes
 * nothing any more), or nobody waits.  Returns the caller to wake; with
 * NULL, an error in t's rax means refused. */
__attribute__((noinline)) static struct thread *reply_other(struct thread *t, struct thread *c)
{
    if (c && c->state == TS_BLOCKED_REPLY_TIMED) {
        if (transfer(t, c, 0, true) == XFER_REFUSED)
            return NULL;
        t->reply_to = NULL;
        timeout_cancel(c);
        return c;
    }
    if (c == &ipc_reply_expired)
        t->regs.rax = (uint64_t)UK_ETIMEOUT;
    t->reply_to = NULL;
    return NULL;
}

/* Deliver t's reply to the caller it owes one.  Returns the caller to
 * wake, or NULL if nobody waits (a reply to nobody is not an error, but
 * to a caller whose timeout ended its wait it is: reply_other()).  If the
 * caller's buffer is bad, the caller gets UK_EFAULT.  If the reply's item
 * does not fit, t gets the error (*refused) and still owes the reply; the
 * caller keeps waiting. */
static inline struct thread *do_reply(struct thread *t, bool *refused)
{
    struct thread *c = t->reply_to;
    t->regs.rax = UK_OK;
    *refused = false;
    if (!c || c->state != TS_BLOCKED_REPLY) {
        c = reply_other(t, c);
        *refused = !c && t->regs.rax != UK_OK;
        return c;
    }
    if (transfer(t, c, 0, true) == XFER_REFUSED) {
        *refused = true;
        return NULL;
    }
    t->reply_to = NULL;
    return c;
}

void ipc_sys_send(struct thread *t)
{
    struct thread *r = do_send(t, false);
    if (r)
        sched_wakeup(r);
    else if (t->state != TS_RUNNING)
        sched_schedule();
}

/* A call with a timeout (rbp ticks, >= 1: a call cannot be a poll) goes
 * as any other, then its wait gets the timeout. */
__attribute__((noinline)) static struct thread *timed_call(struct thread *t)
{
    uint64_t ticks = t->regs.rbp;
    if (!ticks) {
        t->regs.rax = (uint64_t)UK_EINVAL;
        return NULL;
    }
    struct thread *r = do_send(t, true);
    if (t->state == TS_BLOCKED_SEND)
        timeout_add(t, ticks);
    if (t->state == TS_BLOCKED_REPLY) {
        timeout_add(t, ticks);
        t->state = TS_BLOCKED_REPLY_TIMED;
        t->blocked_on = r;
    }
    return r;
}

void ipc_sys_call(struct thread *t)
{
    struct thread *r = t->regs.rsi & UK_INFO_TIMEOUT ? timed_call(t) : do_send(t, true);
    if (r)
        sched_wakeup(r);
    else if (t->state != TS_RUNNING)
        sched_schedule();
}

void ipc_sys_recv(struct thread *t)
{
    struct thread *s = do_recv(t);
    if (t->regs.rsi & UK_INFO_TIMEOUT) /* still the flags if t blocked */
        recv_timeout(t, t->regs.rdx);
    if (s)
        sched_wakeup(s);
    else if (t->state != TS_RUNNING)
        sched_schedule();
}

void ipc_sys_reply(struct thread *t)
{
    long err = check_send(t);
    if (err) {
        t->regs.rax = (uint64_t)err;
        return;
    }
    bool refused;
    struct thread *c = do_reply(t, &refused);
    if (c)
        sched_wakeup(c);
}

/* A server goes on to receive even if its reply could not be delivered:
 * a client's bad buffer must not stall the server (the client learns).
 * A reply whose item does not fit is the server's error: it returns at
 * once, still owing the reply; so does a reply to a caller that timed
 * out, owing nothing.  The receive's timeout is in rbp (rdx is MR0). */
void ipc_sys_reply_recv(struct thread *t)
{
    long err = check_send(t);
    if (err) {
        t->regs.rax = (uint64_t)err;
        return;
    }
    bool refused;
    struct thread *c = do_reply(t, &refused);
    if (refused)
        return;
    struct thread *s = do_recv(t);
    if (t->regs.rsi & UK_INFO_TIMEOUT) /* still the flags if t blocked */
        recv_timeout(t, t->regs.rbp);
    if (c)
        sched_wakeup(c);
    if (s)
        sched_wakeup(s);
    if (cur_thread->state != TS_RUNNING)
        sched_schedule();
}

void ipc_sys_notify(struct thread *t)
{
    long err;
    struct cap *c = space_cap(t->space, t->regs.rdi, CAP_NOTIFICATION, UK_RIGHT_SEND, &err);
    t->regs.rax = (uint64_t)err;
    if (!c)
        return;
    t->regs.rax = UK_OK;
    notification_signal(c->obj, c->badge ? c->badge : 1);
}

void ipc_sys_wait(struct thread *t)
{
    long err;
    struct cap *c = space_cap(t->space, t->regs.rdi, CAP_NOTIFICATION, UK_RIGHT_RECV, &err);
    if (!c) {
        t->regs.rax = (uint64_t)err;
        return;
    }
    struct notification *n = c->obj;
    if (n->bits) {
        t->regs.rax = UK_OK;
        t->regs.rdi = n->bits;
        n->bits = 0;
    } else if (t->regs.rsi & UK_INFO_POLL || (t->regs.rsi & UK_INFO_TIMEOUT && t->regs.rdx == 0)) {
        t->regs.rax = (uint64_t)UK_ETIMEOUT;
    } else if (n->waiter) {
        t->regs.rax = (uint64_t)UK_EINVAL; /* one waiter per notification */
    } else {
        n->waiter = t;
        t->state = TS_BLOCKED_WAIT;
        t->blocked_on = n;
        if (t->regs.rsi & UK_INFO_TIMEOUT)
            timeout_add(t, t->regs.rdx);
        sched_schedule();
    }
}

struct thread *notification_deliver(struct notification *n, uint64_t badge)
{
    struct thread *w = n->waiter;
    n->bits |= badge;
    if (!w)
        return NULL;
    n->waiter = NULL;
    timeout_cancel(w);
    w->regs.rax = UK_OK;
    w->regs.rdi = n->bits;
    n->bits = 0;
    return w;
}

void notification_signal(struct notification *n, uint64_t badge)
{
    struct thread *w = notification_deliver(n, badge);
    if (w)
        sched_wakeup(w);
}
