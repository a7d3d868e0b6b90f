/* SPDX-License-Identifier: MIT */
/*
 * Thin wrappers around x86_64 instructions the kernel needs: port I/O,
 * model-specific registers, control registers.  Nothing here has policy.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>
#include "portio.h"

#define MSR_EFER 0xC0000080u
#define MSR_STAR 0xC0000081u
#define MSR_LSTAR 0xC0000082u
#define MSR_FMASK 0xC0000084u

#define CR4_PGE (1ull << 7)
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)

/* Segment selectors; gdt_init() in cpu.c lays the GDT out to match, and
 * `sysret` requires user data at STAR.base + 8 and user code at + 16. */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA (0x18 | 3)
#define SEL_UCODE (0x20 | 3)
#define SEL_TSS 0x28

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t read_cr2(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_cr4(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}

static inline void write_cr4(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void write_cr3(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline void invlpg(uint64_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

/* Wait for an interrupt with interrupts on, and return with them off
 * again (sti's one-instruction shadow covers the hlt: no wakeup is lost). */
static inline void cpu_idle(void)
{
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}

_Noreturn static inline void cpu_halt_forever(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* Leave QEMU through its isa-debug-exit device (-device isa-debug-exit,
 * iobase=0xf4): QEMU exits with status (code << 1) | 1.  On a machine
 * without the device the write is ignored and we halt. */
_Noreturn static inline void cpu_power_off(uint8_t code)
{
    outb(0xf4, code);
    cpu_halt_forever();
}

/* GDT, TSS, IDT, `syscall` MSRs; global pages, and SMEP/SMAP if present. */
void cpu_init(void);
/* The stack the CPU switches to on an interrupt from user mode. */
void cpu_set_kernel_entry_stack(uint64_t rsp0);
/* Names of the protection features that cpu_init() switched on. */
const char *cpu_features(void);

#endif
