/* SPDX-License-Identifier: MIT */
/*
 * Timed waits: a blocked thread that asked for a timeout (a notification
 * wait, a receive, a call waiting to send or for its reply) is woken with
 * UK_ETIMEOUT when the timer reaches its wake tick.  The list is short
 * (one entry per thread in a timed wait) and scanned once per tick.
 */
#ifndef KERNEL_TIMEOUT_H
#define KERNEL_TIMEOUT_H

#include "thread.h"

/* Timer ticks since boot. */
extern uint64_t timeout_ticks;

/* t blocks for at most `ticks` (>= 1) more ticks. */
void timeout_add(struct thread *t, uint64_t ticks);
/* t was woken (or ended) before its timeout: forget it.  Cheap for the
 * common case of a wait without one. */
void timeout_forget(struct thread *t);
static inline void timeout_cancel(struct thread *t)
{
    if (t->wake_tick)
        timeout_forget(t);
}
/* One timer tick: wake every thread whose time is up (made ready, not
 * switched to).  Returns the highest priority woken, or -1. */
int timeout_tick(void);

#endif
