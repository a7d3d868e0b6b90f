/* SPDX-License-Identifier: MIT */
/*
 * See irq.h.  A line stays masked from its interrupt to the driver's
 * acknowledgement; an unbound line that fires (a spurious IRQ 7 or 15) is
 * masked and otherwise ignored.  A binding holds a reference to its
 * notification, so the notification outlives the binding.
 */
#include "irq.h"
#include "object.h"
#include "sched.h"
#include "timer.h"

static struct {
    struct notification *n;
    uint64_t badge;
} irq_lines[UK_IRQ_LINES];

long irq_bind(unsigned line, struct notification *n, uint64_t badge)
{
    struct notification *old = irq_lines[line].n;
    if (n ? old != NULL : old == NULL)
        return n ? UK_EBUSY : UK_EINVAL;
    irq_lines[line].n = n;
    irq_lines[line].badge = badge;
    pic_mask(line, !n);
    if (n)
        object_get(CAP_NOTIFICATION, n);
    else
        object_put(CAP_NOTIFICATION, old); /* may switch threads: last */
    return UK_OK;
}

long irq_ack(unsigned line)
{
    if (!irq_lines[line].n)
        return UK_EINVAL;
    pic_mask(line, false);
    return UK_OK;
}

struct thread *irq_fire(unsigned line)
{
    pic_mask(line, true);
    struct thread *w = NULL;
    if (irq_lines[line].n)
        w = notification_deliver(irq_lines[line].n, irq_lines[line].badge);
    if (w)
        sched_ready(w);
    return w;
}
