/* SPDX-License-Identifier: MIT */
/*
 * Counted kernel objects (see object.h).
 */
#include "object.h"
#include "endpoint.h"
#include "paging.h"
#include "sched.h"
#include "timeout.h"
#include "tqueue.h"

static struct kobj *object_header(enum cap_type type, void *obj)
{
    switch (type) {
    case CAP_THREAD:
        return &((struct thread *)obj)->obj;
    case CAP_SPACE:
        return &((struct space *)obj)->obj;
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
        return obj; /* the header comes first */
    default:
        return NULL;
    }
}

void *object_create(struct space *payer, enum cap_type type)
{
    struct kobj *k = space_charge_object(payer);
    if (k && (type == CAP_ENDPOINT || type == CAP_NOTIFICATION))
        k->payer = payer;
    return k;
}

void object_get(enum cap_type type, void *obj)
{
    struct kobj *k = object_header(type, obj);
    if (k)
        k->refs++;
}

/*
 * A space nobody names and no thread runs in: take back its mappings and
 * every mapping derived from them in other spaces (their records go back
 * to the accounts that paid), free its page tables (they were charged to
 * its own account) and let go of every capability in its table.  The
 * work grows with the mappings it had; it is one kernel entry.  That can release other spaces; they
 * wait in a list rather than nest, so the kernel stack stays flat however long the chain.
 */
static struct space *release_list;
static bool releasing;

static void object_release_space(struct space *s)
{
    s->release_next = release_list;
    release_list = s;
    if (releasing)
        return;
    releasing = true;
    while ((s = release_list)) {
        release_list = s->release_next;
        space_unmap_all(s); /* and whatever other spaces got from it */
        s->quota += paging_free_user(s->root);
        for (unsigned i = 0; i < UK_CAP_SLOTS; i++) {
            struct cap c = s->caps[i];
            if (c.type == CAP_NONE)
                continue;
            s->caps[i].type = CAP_NONE;
            object_put(c.type, c.obj);
        }
        /* Only now: an object it paid for, refunded in the loop above,
         * must not free s while the loop still reads its table. */
        s->released = true;
        space_check_free(s);
    }
    releasing = false;
}

/* A thread blocked on a destroyed object: its call fails. */
static void object_abort(struct thread *t)
{
    timeout_cancel(t);
    t->regs.rax = (uint64_t)UK_EABORT;
    sched_ready(t);
}

static void object_destroy_endpoint(struct endpoint *ep)
{
    struct tqueue *queues[3] = { &ep->senders, &ep->receivers, &ep->timed };
    for (unsigned q = 0; q < 3; q++) {
        struct thread *t;
        while ((t = queues[q]->head)) {
            tqueue_remove(queues[q], t);
            object_abort(t);
        }
    }
}

static void object_destroy_notification(struct notification *n)
{
    struct thread *w = n->waiter;
    if (w) {
        n->waiter = NULL;
        timeout_cancel(w);
        object_abort(w);
    }
}

void object_put(enum cap_type type, void *obj)
{
    struct kobj *k = object_header(type, obj);
    if (!k || --k->refs)
        return;
    if (type == CAP_SPACE) {
        if (!((struct space *)obj)->is_root_task)
            object_release_space(obj);
        return;
    }
    if (type == CAP_THREAD) {
        thread_destroy(obj);
        return;
    }
    if (type == CAP_ENDPOINT)
        object_destroy_endpoint(obj);
    else
        object_destroy_notification(obj);
    space_refund_object(k->payer, obj);
    /* A woken thread may outrank the current one. */
    if (sched_highest_ready() > (int)cur_thread->prio && cur_thread->state == TS_RUNNING)
        sched_schedule();
}
