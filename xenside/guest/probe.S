/* SPDX-License-Identifier: MIT */
/*
 * Probes: one memory access that may fault, and where to resume if it
 * does.  Each probe instruction has an entry {instruction, fixup} in
 * probe_fixups; traps.c looks a faulting %rip up there (page fault and
 * general protection only) and, on a match, resumes at the fixup instead
 * of reporting a fatal fault.  Tests use this to check that a page given
 * away or unmapped is really gone from our address space.
 *   int probe_read(const void *addr)   0, or 1 if reading a byte faulted
 *   int probe_write(void *addr)        0, or 1 if writing a byte faulted
 *                                      (the byte is rewritten unchanged)
 */
    .text
    .code64

    .globl probe_read
probe_read:
    xorl %eax, %eax
probe_read_insn:
    movb (%rdi), %cl
    ret

    .globl probe_write
probe_write:
    xorl %eax, %eax
probe_write_load:
    movb (%rdi), %cl
probe_write_insn:
    movb %cl, (%rdi)
    ret

probe_fault:
    movl $1, %eax
    ret

    .section .rodata
    .balign 8
    .globl probe_fixups, probe_fixups_end
probe_fixups:
    .quad probe_read_insn, probe_fault
    .quad probe_write_load, probe_fault
    .quad probe_write_insn, probe_fault
probe_fixups_end:

    .section .note.GNU-stack, "", @progbits
