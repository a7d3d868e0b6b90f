/* SPDX-License-Identifier: MIT */
/*
 * Interrupts and exceptions, after entry.S has saved the context.  From
 * user mode: the timer drives preemption, and a CPU exception ends the
 * faulting thread with a console message (a task can hurt only itself).
 * From kernel mode interrupts are off except while the CPU idles; there a
 * device interrupt is served, and any exception is a kernel bug and panics.
 */
#include "cpu.h"
#include "irq.h"
#include "printk.h"
#include "sched.h"
#include "timeout.h"
#include "timer.h"

#define VEC_PAGE_FAULT 14

static const char *const exception_names[32] = {
    "divide error",
    "debug",
    "NMI",
    "breakpoint",
    "overflow",
    "bound range",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor overrun",
    "invalid TSS",
    "segment not present",
    "stack fault",
    "general protection",
    "page fault",
    "reserved",
    "x87 FP error",
    "alignment check",
    "machine check",
    "SIMD FP error",
    "virtualization",
    "control protection",
};

static const char *exception_name(uint64_t v)
{
    return v < 32 && exception_names[v] ? exception_names[v] : "exception";
}

void trap_user(void)
{
    struct thread *t = cur_thread;
    uint64_t v = t->regs.vector;

    if (v >= 32) {
        /* A driver's line: masked and signalled before its EOI. */
        struct thread *w = v == TIMER_VECTOR ? NULL : irq_fire((unsigned)v - 32);
        timer_eoi((unsigned)v);
        if (v == TIMER_VECTOR)
            sched_tick();
        else if (w && w->prio > t->prio)
            sched_schedule();
        return;
    }
    uint64_t addr = v == VEC_PAGE_FAULT ? read_cr2() : t->regs.rip;
    kprintf("uk: thread %u (space %u) killed: %s at rip %lx, address %lx, error %lx\n", t->id,
            t->space->id, exception_name(v), t->regs.rip, addr, t->regs.err);
    thread_end(t, addr, v);
}

void trap_kernel(struct regs *r)
{
    /* A device interrupt while the CPU idles in sched_schedule(): the
     * timer may end timed waits, and the idle loop then picks a thread. */
    if (r->vector >= 32) {
        if (r->vector != TIMER_VECTOR)
            irq_fire((unsigned)r->vector - 32);
        timer_eoi((unsigned)r->vector);
        if (r->vector == TIMER_VECTOR)
            timeout_tick();
        return;
    }
    panic("kernel %s (vector %lu, error %lx) at rip %lx, cr2 %lx", exception_name(r->vector),
          r->vector, r->err, r->rip, read_cr2());
}
