/* SPDX-License-Identifier: MIT */
/*
 * Exceptions and the failsafe callback.  A PV guest has no IDT of its own:
 * it hands Xen a trap table (HYPERVISOR_set_trap_table; struct trap_info:
 * vector, flags bits 0-1 = least privileged ring allowed to raise it with
 * `int`, code selector FLAT_KERNEL_CS, handler; ended by address 0) and
 * Xen bounces faults there.  Every exception is fatal in this guest but a
 * page fault or #GP at a probe instruction (probe.S), which resumes at the
 * probe's fixup: entry.S returns through HYPERVISOR_iret with the %rip we
 * rewrote in the bounce frame.  The fatal report names the vector, %rip, the error code and, for a page fault, the
 * faulting address, which Xen stores in vcpu_info.arch.cr2 (a PV guest
 * cannot read %cr2).  The failsafe callback (CALLBACKTYPE_failsafe) runs
 * when Xen cannot load the guest's segment registers on a return; its
 * frame carries %ds, %es, %fs, %gs in front of %rcx, %r11, %rip.
 */
#include "traps.h"
#include "hypercall.h"
#include "hypervisor.h"
#include "probe.h"
#include "shutdown.h"

#define TRAP_VECTORS 20
/* Vectors for which the CPU (and so Xen) pushes an error code. */
#define TRAP_HAS_ERROR ((1u << 8) | (1u << 10) | (1u << 11) | (1u << 12) | (1u << 13) | \
                        (1u << 14) | (1u << 17))

extern const unsigned long trap_entries[TRAP_VECTORS];
extern char failsafe_entry[];

static const char *const trap_names[TRAP_VECTORS] = {
    "divide error", "debug", "nmi", "breakpoint", "overflow", "bound", "invalid opcode",
    "device not available", "double fault", "coprocessor overrun", "invalid tss",
    "segment not present", "stack fault", "general protection", "page fault", "reserved",
    "x87 fpu", "alignment check", "machine check", "simd fpu",
};

static struct trap_info traps_table[TRAP_VECTORS + 1];

void traps_init(void)
{
    unsigned int n = 0;
    for (unsigned int vec = 0; vec < TRAP_VECTORS; vec++) {
        if (vec == 2 || vec == 15) /* NMIs come by callback; 15 is reserved */
            continue;
        traps_table[n].vector = (uint8_t)vec;
        traps_table[n].flags = (vec == 3 || vec == 4) ? 3 : 0; /* int3, into */
        traps_table[n].cs = FLAT_KERNEL_CS;
        traps_table[n].address = trap_entries[vec];
        n++;
    }
    if (hypercall_set_trap_table(traps_table) != 0)
        guest_panic("set_trap_table failed");

    struct callback_register failsafe = {
        .type = CALLBACKTYPE_failsafe,
        .address = (xen_callback_t)failsafe_entry,
    };
    if (hypercall_callback_op(CALLBACKOP_register, &failsafe) != 0)
        guest_panic("failsafe callback registration failed");
}

/* The report of a fault nobody expected. */
static noreturn void trap_fatal(const uint64_t *frame)
{
    uint64_t vec = frame[0];
    if (vec == (uint64_t)-1)
        guest_panic("failsafe callback at rip 0x%lx", (unsigned long)frame[7]);
    if (vec >= TRAP_VECTORS)
        guest_panic("unknown trap %lu", (unsigned long)vec);
    bool has_error = (TRAP_HAS_ERROR >> vec) & 1;
    uint64_t error = has_error ? frame[3] : 0;
    uint64_t rip = frame[has_error ? 4 : 3];
    guest_panic("trap %lu (%s) at rip 0x%lx error 0x%lx cr2 0x%lx", (unsigned long)vec,
                trap_names[vec], (unsigned long)rip, (unsigned long)error,
                vec == 14 ? (unsigned long)hypervisor_vcpu()->arch.cr2 : 0UL);
}

static unsigned long traps_probe_faults;

unsigned long traps_probe_count(void)
{
    return traps_probe_faults;
}

/* Called from entry.S: frame[0] = vector (-1: failsafe), then Xen's frame.
 * Returns only after pointing the saved %rip at a probe's fixup. */
void trap_handle(uint64_t *frame)
{
    uint64_t vec = frame[0];
    if (vec == 13 || vec == 14) {
        for (const struct probe_fixup *f = probe_fixups; f < probe_fixups_end; f++) {
            if (frame[4] == f->insn) {
                frame[4] = f->fixup;
                traps_probe_faults++;
                return;
            }
        }
    }
    trap_fatal(frame);
}
