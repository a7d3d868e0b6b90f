/* SPDX-License-Identifier: MIT */
/*
 * Descriptor tables and entry MSRs.  Long mode still needs a GDT (for the
 * code/data selectors and the TSS), a TSS (rsp0, the stack the CPU
 * switches to on an interrupt from user mode, and an IST stack for double
 * faults and NMIs), an IDT pointing at entry.S's stubs, and the three
 * `syscall` MSRs.  Global pages are turned on, SMEP and SMAP when CPUID
 * reports them: the kernel never touches user memory through user
 * addresses (see kernel/usercopy.c), so SMAP needs no stac/clac anywhere.
 */
#include "cpu.h"
#include "ioport.h"
#include <stddef.h>

struct tss {
    uint32_t reserved0;
    uint64_t rsp0, rsp1, rsp2;
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3, iomap_base;
} __attribute__((packed));

struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, zero;
} __attribute__((packed));

struct table_ptr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

extern const uint64_t trap_stub_table[48];
extern char syscall_entry[];
extern char double_fault_stack_top[];

/* The TSS ends its page in the I/O window (ioport.h): the CPU reads it,
 * and the space's I/O bitmap right after it, at IOPORT_WINDOW; the kernel
 * writes rsp0 through the image's own address of the same frame. */
#define TSS_OFFSET (4096 - sizeof(struct tss))
static struct tss *const tss = (struct tss *)(ioport_tss_page + TSS_OFFSET);
static uint64_t gdt[7];
static struct idt_gate idt[48];
static const char *features = "none";

static void gdt_init(void)
{
    /* The limit takes in the bitmap and the all-ones byte after it. */
    uint64_t base = IOPORT_WINDOW + TSS_OFFSET, limit = sizeof(*tss) + IOPORT_COUNT / 8;

    gdt[0] = 0;
    gdt[1] = 0x00af9a000000ffffull; /* kernel code, L=1 */
    gdt[2] = 0x00cf92000000ffffull; /* kernel data */
    gdt[3] = 0x00cff2000000ffffull; /* user data, DPL 3 */
    gdt[4] = 0x00affa000000ffffull; /* user code, DPL 3, L=1 */
    /* 16-byte available 64-bit TSS descriptor (type 9). */
    gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
             ((limit & 0xf0000) << 32) | ((base >> 24 & 0xff) << 56);
    gdt[6] = base >> 32;

    tss->iomap_base = sizeof(*tss); /* the next page: the space's bitmap */
    tss->ist[0] = (uint64_t)double_fault_stack_top;

    struct table_ptr p = { sizeof(gdt) - 1, (uint64_t)gdt };
    __asm__ volatile("lgdt %0\n\t"
                     "pushq %1\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movw %w2, %%ds\n\t"
                     "movw %w2, %%es\n\t"
                     "movw %w2, %%ss\n\t"
                     "ltr %w3"
                     :
                     : "m"(p), "i"(SEL_KCODE), "r"(SEL_KDATA), "r"(SEL_TSS)
                     : "rax", "memory");
}

static void idt_init(void)
{
    for (int v = 0; v < 48; v++) {
        uint64_t off = trap_stub_table[v];
        idt[v] = (struct idt_gate){
            .off_lo = off & 0xffff,
            .sel = SEL_KCODE,
            /* Double fault and NMI on their own stack: an NMI may hit
             * the instant before sysretq, with the user's rsp loaded. */
            .ist = v == 8 || v == 2 ? 1 : 0,
            .type = 0x8e,          /* present, DPL 0, interrupt gate */
            .off_mid = off >> 16 & 0xffff,
            .off_hi = off >> 32,
        };
    }
    struct table_ptr p = { sizeof(idt) - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" : : "m"(p));
}

static void syscall_init(void)
{
    wrmsr(MSR_STAR, ((uint64_t)(SEL_UDATA - 8 - 3) << 48) | ((uint64_t)SEL_KCODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* Clear IF, TF, DF, NT and AC on entry: the kernel runs with
     * interrupts off and must not inherit the user's flags. */
    wrmsr(MSR_FMASK, 0x200ull | 0x100ull | 0x400ull | 0x4000ull | 0x40000ull);
}

static void protection_init(void)
{
    uint32_t r[4];
    uint64_t cr4 = read_cr4() | CR4_PGE;
    int smep, smap;

    cpuid(0, 0, r);
    if (r[0] < 7) {
        write_cr4(cr4);
        return;
    }
    cpuid(7, 0, r);
    smep = r[1] >> 7 & 1;
    smap = r[1] >> 20 & 1;
    if (smep)
        cr4 |= CR4_SMEP;
    if (smap)
        cr4 |= CR4_SMAP;
    write_cr4(cr4);
    features = smep && smap ? "smep smap" : smep ? "smep" : smap ? "smap" : "none";
}

void cpu_init(void)
{
    gdt_init();
    idt_init();
    syscall_init();
    protection_init();
}

void cpu_set_kernel_entry_stack(uint64_t rsp0)
{
    tss->rsp0 = rsp0;
}

const char *cpu_features(void)
{
    return features;
}
