/* SPDX-License-Identifier: MIT */
/*
 * Doubly linked FIFO queues of threads.  A thread is in at most one queue
 * at a time (a ready queue, or an endpoint's send or receive queue), so
 * the links live in the thread itself and every operation is O(1).
 */
#ifndef KERNEL_TQUEUE_H
#define KERNEL_TQUEUE_H

#include "thread.h"

static inline void tqueue_append(struct tqueue *q, struct thread *t)
{
    t->next = NULL;
    t->prev = q->tail;
    if (q->tail)
        q->tail->next = t;
    else
        q->head = t;
    q->tail = t;
}

static inline void tqueue_remove(struct tqueue *q, struct thread *t)
{
    if (t->prev)
        t->prev->next = t->next;
    else
        q->head = t->next;
    if (t->next)
        t->next->prev = t->prev;
    else
        q->tail = t->prev;
    t->next = t->prev = NULL;
}

static inline struct thread *tqueue_pop(struct tqueue *q)
{
    struct thread *t = q->head;
    if (t)
        tqueue_remove(q, t);
    return t;
}

#endif
