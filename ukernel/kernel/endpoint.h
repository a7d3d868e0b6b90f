/* SPDX-License-Identifier: MIT */
/*
 * An IPC endpoint: a rendezvous point with a queue of blocked senders and
 * queues of blocked receivers (senders or receivers, never both).  A
 * receiver with a timeout waits in `timed`, where the fastpath never looks
 * (it would leave the timeout behind); receivers without one are served
 * first.
 */
#ifndef KERNEL_ENDPOINT_H
#define KERNEL_ENDPOINT_H

#include "object.h"
#include "thread.h"

struct endpoint {
    struct kobj obj; /* must stay first (object.c) */
    struct tqueue senders, receivers, timed;
};

/* An asynchronous notification: a word of pending bits and one waiter. */
struct notification {
    struct kobj obj; /* must stay first (object.c) */
    uint64_t bits;
    struct thread *waiter;
};

void notification_signal(struct notification *n, uint64_t badge);
/* The same without the scheduler: the waiter it ended, for the caller to
 * ready (an interrupt), or NULL. */
struct thread *notification_deliver(struct notification *n, uint64_t badge);

#endif
