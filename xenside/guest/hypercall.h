/* SPDX-License-Identifier: MIT */
/*
 * Typed hypercall wrappers.  A 64-bit PV guest makes hypercall N with
 * `call hypercall_page + N * 32`: Xen fills the page named by
 * XEN_ELFNOTE_HYPERCALL_PAGE with 32-byte stubs that load N into %eax and
 * execute `syscall`, saving %rcx and %r11 around it.  Arguments go in %rdi,
 * %rsi, %rdx, %r10, %r8; the result comes back in %rax: 0 (or a value) on
 * success, a negative Xen errno (xen/errno.h) on failure.  Debug builds of
 * Xen scribble over argument registers on the way out, so every call marks
 * all five as clobbered.  __HYPERVISOR_iret is the one stub that is jumped
 * to, never called (entry.S).
 */
#ifndef XENGUEST_HYPERCALL_H
#define XENGUEST_HYPERCALL_H

#include "xen_public.h"

extern char hypercall_page[];

/* A macro, not a function: the stub offset must be an assembler constant. */
#define HYPERCALL5(nr, a1, a2, a3, a4, a5)                                              \
    ({                                                                                  \
        register unsigned long hc_a1_ __asm__("rdi") = (unsigned long)(a1);             \
        register unsigned long hc_a2_ __asm__("rsi") = (unsigned long)(a2);             \
        register unsigned long hc_a3_ __asm__("rdx") = (unsigned long)(a3);             \
        register unsigned long hc_a4_ __asm__("r10") = (unsigned long)(a4);             \
        register unsigned long hc_a5_ __asm__("r8") = (unsigned long)(a5);              \
        long hc_ret_;                                                                   \
        __asm__ volatile("call hypercall_page + %c[off]"                                \
                         : "=a"(hc_ret_), "+r"(hc_a1_), "+r"(hc_a2_), "+r"(hc_a3_),     \
                           "+r"(hc_a4_), "+r"(hc_a5_)                                   \
                         : [off] "i"((nr) * 32)                                         \
                         : "memory");                                                   \
        hc_ret_;                                                                        \
    })
#define HYPERCALL3(nr, a1, a2, a3) HYPERCALL5(nr, a1, a2, a3, 0, 0)
#define HYPERCALL2(nr, a1, a2) HYPERCALL5(nr, a1, a2, 0, 0, 0)

static inline long hypercall_set_trap_table(const struct trap_info *table)
{
    return HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0);
}

/* Write the PTE that maps va (in the current page tables) and flush it
 * (flags: UVMF_INVLPG | UVMF_LOCAL).  Xen validates the new entry: the
 * frame must be ours, shared with us, or mapped read-only. */
static inline long hypercall_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{
    return HYPERCALL3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long hypercall_xen_version(int cmd, void *arg)
{
    return HYPERCALL2(__HYPERVISOR_xen_version, cmd, arg);
}

/* CONSOLEIO_write: allowed for dom0 only on a release build of Xen. */
static inline long hypercall_console_io(int cmd, unsigned int count, const char *buf)
{
    return HYPERCALL3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long hypercall_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
{
    return HYPERCALL3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

static inline long hypercall_sched_op(int cmd, void *arg)
{
    return HYPERCALL2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline long hypercall_event_channel_op(int cmd, void *arg)
{
    return HYPERCALL2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long hypercall_callback_op(int cmd, const void *arg)
{
    return HYPERCALL2(__HYPERVISOR_callback_op, cmd, arg);
}

/* XENMEM_* (xen/memory.h): reservations, the p2m of a PV guest. */
static inline long hypercall_memory_op(unsigned int cmd, void *arg)
{
    return HYPERCALL2(__HYPERVISOR_memory_op, cmd, arg);
}

/* Run n hypercalls in one entry into Xen; each entry's result is in its
 * .result, the call itself fails only if the list cannot be read. */
static inline long hypercall_multicall(multicall_entry_t *calls, unsigned int n)
{
    return HYPERCALL2(__HYPERVISOR_multicall, calls, n);
}

static inline long hypercall_physdev_op(int cmd, void *arg)
{
    return HYPERCALL2(__HYPERVISOR_physdev_op, cmd, arg);
}

#endif
