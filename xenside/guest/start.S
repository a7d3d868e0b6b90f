/* SPDX-License-Identifier: MIT */
/*
 * PV start of day on x86_64.  Xen starts the vCPU at XEN_ELFNOTE_ENTRY in
 * 64-bit guest-kernel mode (really ring 3: a 64-bit PV kernel shares the
 * ring with user space and Xen switches page tables between them) with
 *   %rsi = virtual address of start_info (xen.h: struct start_info),
 *   %rsp = top of a one-page boot stack placed after the page tables,
 *   event upcalls masked (vcpu_info.evtchn_upcall_mask = 1),
 *   paging on, everything from VIRT_BASE to the end of the initial mapping
 *   mapped (page-table pages read-only, all else writable).
 * .bss needs no clearing: Xen's ELF loader zeroes every segment's memsz
 * beyond its filesz.  We move to a larger stack of our own and call
 * guest_start(start_info).
 *
 * The hypercall page lives here too: a page-aligned page of the image that
 * Xen overwrites at build time with one 32-byte stub per hypercall number.
 */
    .section .text.start, "ax"
    .code64
    .globl _start
_start:
    cld
    movq $boot_stack_top, %rsp
    movq %rsi, %rdi
    call guest_start
    ud2

    .section .text.hypercall_page, "ax"
    .balign 4096
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xcc     /* int3 until Xen writes the stubs */

    .section .bss
    .balign 16
boot_stack:
    .skip 16384
    .globl boot_stack_top
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
