/* SPDX-License-Identifier: MIT */
/*
 * Interrupts for user-level drivers: a line bound to a notification is
 * masked when it fires and signals the notification; the driver unmasks
 * it with UK_SYS_IRQ_ACK once it has served the device, so a
 * level-triggered line cannot fire again before then.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include "endpoint.h"

/* Bind line to n (signalled with badge) and unmask it; n NULL unbinds
 * and masks it.  UK_EBUSY if bound already, UK_EINVAL if not (unbind). */
long irq_bind(unsigned line, struct notification *n, uint64_t badge);
/* Unmask a bound line; UK_EINVAL if it is not bound. */
long irq_ack(unsigned line);
/* Line fired (before its EOI): mask it, signal its notification; the
 * waiter it woke is readied, and returned (or NULL). */
struct thread *irq_fire(unsigned line);

#endif
