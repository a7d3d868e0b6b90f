/* SPDX-License-Identifier: MIT */
/*
 * An IPC endpoint: a rendezvous point with a queue of blocked senders and
 * a queue of blocked receivers (at most one of them is non-empty).
 */
#ifndef KERNEL_ENDPOINT_H
#define KERNEL_ENDPOINT_H

#include "object.h"
#include "thread.h"

struct endpoint {
    struct kobj obj; /* must stay first (object.c) */
    struct tqueue senders, receivers;
};

/* An asynchronous notification: a word of pending bits and one waiter. */
struct notification {
    struct kobj obj; /* must stay first (object.c) */
    uint64_t bits;
    struct thread *waiter;
};

void notification_signal(struct notification *n, uint64_t badge);

#endif
