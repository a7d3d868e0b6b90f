/* SPDX-License-Identifier: MIT */
/*
 * See device.h.  The kernel keeps no driver here: it only checks the
 * capability and hands the mechanism (a bitmap bit, a PIC mask bit,
 * contiguous frames) to the task.  Lines 0 (the timer) and 2 (the cascade)
 * are the kernel's and in no capability.
 */
#include "device.h"
#include "ioport.h"
#include "irq.h"
#include "paging.h"

#define IRQ_USER_LINES 0xfffaull

static uint64_t io_first(uint64_t badge)
{
    return badge & 0xffff;
}

static uint64_t io_count(uint64_t badge)
{
    return badge >> 16;
}

bool device_badge_within(enum cap_type type, uint64_t want, uint64_t have)
{
    if (type == CAP_IRQ)
        return !(want & ~have);
    if (type != CAP_IOPORT)
        return false;
    uint64_t f = io_first(want), n = io_count(want);
    return n && n <= IOPORT_COUNT && f >= io_first(have) &&
           f + n <= io_first(have) + io_count(have);
}

void device_root_caps(struct space *root)
{
    long io = space_cap_insert(root, CAP_IOPORT, UK_RIGHTS_ALL, NULL);
    long irq = space_cap_insert(root, CAP_IRQ, UK_RIGHTS_ALL, NULL);
    space_cap_insert(root, CAP_DMA, UK_RIGHTS_ALL, NULL);
    root->caps[io].badge = UK_IO_RANGE(0, IOPORT_COUNT);
    root->caps[irq].badge = IRQ_USER_LINES;
}

void sys_io_ports(struct thread *t)
{
    long err;
    struct regs *a = &t->regs;
    struct cap *io = space_cap(t->space, a->rdi, CAP_IOPORT, 0, &err);
    struct cap *sc = io ? space_cap(t->space, a->rsi, CAP_SPACE, UK_RIGHT_CONTROL, &err) : NULL;
    if (sc && (a->r8 & ~UK_IO_DENY || a->rdx > 0xffff || a->r10 > IOPORT_COUNT))
        err = UK_EINVAL;
    else if (sc && !device_badge_within(CAP_IOPORT, UK_IO_RANGE(a->rdx, a->r10), io->badge))
        err = a->r10 ? UK_EPERM : UK_EINVAL;
    else if (sc) {
        struct space *s = sc->obj;
        err = ioport_set(s->root, (uint32_t)a->rdx, (uint32_t)a->r10, !(a->r8 & UK_IO_DENY),
                         &s->quota);
    }
    a->rax = (uint64_t)err;
}

/* The IRQ cap in rdi and a line in rsi it covers, or NULL and rax set. */
static struct cap *irq_line_cap(struct thread *t)
{
    long err;
    struct cap *c = space_cap(t->space, t->regs.rdi, CAP_IRQ, 0, &err);
    if (c && t->regs.rsi >= UK_IRQ_LINES)
        err = UK_EINVAL;
    else if (c && !(c->badge >> t->regs.rsi & 1))
        err = UK_EPERM;
    else if (c)
        return c;
    t->regs.rax = (uint64_t)err;
    return NULL;
}

void sys_irq_bind(struct thread *t)
{
    long err = UK_OK;
    if (!irq_line_cap(t))
        return;
    struct cap *nc = NULL;
    if (t->regs.rdx != UK_CAP_ANY &&
        !(nc = space_cap(t->space, t->regs.rdx, CAP_NOTIFICATION, UK_RIGHT_SEND, &err))) {
        t->regs.rax = (uint64_t)err;
        return;
    }
    err = irq_bind((unsigned)t->regs.rsi, nc ? nc->obj : NULL, nc && nc->badge ? nc->badge : 1);
    t->regs.rax = (uint64_t)err;
}

void sys_irq_ack(struct thread *t)
{
    if (irq_line_cap(t))
        t->regs.rax = (uint64_t)irq_ack((unsigned)t->regs.rsi);
}

void sys_dma_alloc(struct thread *t)
{
    long err = UK_OK;
    uint64_t pa = 0;
    uint64_t va = t->regs.rsi, pte;
    if (!space_cap(t->space, t->regs.rdi, CAP_DMA, 0, &err))
        ;
    else if (t->regs.rdx)
        err = space_dma(t->space, va, t->regs.rdx, &pa);
    else if (va >= UK_MAP_TOP || !((pte = paging_lookup(t->space->root, va)) & PTE_U))
        err = UK_EFAULT; /* a lookup: the frame of a page of one's own */
    else
        pa = (pte & PTE_ADDR) | (va & (PAGE_SIZE - 1));
    t->regs.rax = (uint64_t)err;
    if (err == UK_OK)
        t->regs.rdi = pa;
}
