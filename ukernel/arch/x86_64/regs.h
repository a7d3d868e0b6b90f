/* SPDX-License-Identifier: MIT */
/*
 * A thread's saved user context.  The layout is the order in which
 * entry.S pushes registers: the CPU (or the syscall stub) pushes ss..rip,
 * the stub pushes err and vector, then rax..r15.  Because the TSS points
 * the CPU's stack at the end of this structure inside the current thread,
 * a kernel entry saves the context in place, with no copy.
 */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

#include <stdint.h>

struct regs {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector; /* REGS_VECTOR_SYSCALL after `syscall`: leave by sysret */
    uint64_t err;
    uint64_t rip, cs, rflags, rsp, ss;
};

#define REGS_SIZE 176
#define REGS_VECTOR_SYSCALL (~0ull)
#define RFLAGS_IF 0x200ull
#define RFLAGS_RESERVED 0x2ull

_Static_assert(sizeof(struct regs) == REGS_SIZE, "entry.S depends on this layout");

#endif
