/* SPDX-License-Identifier: MIT */
/*
 * The ways Xen enters the guest asynchronously: the event-channel upcall,
 * the failsafe callback and exceptions (trap table).  A 64-bit PV guest in
 * kernel mode gets a "bounce frame" pushed on its current stack, lowest
 * address first:
 *   %rcx, %r11, [error code,] %rip, %cs, %rflags, %rsp, %ss
 * (%rcx and %r11 because Xen returns with sysret-like semantics).  The
 * event upcall arrives with upcalls masked (Xen sets evtchn_upcall_mask and
 * clears IF in the saved %rflags when the mask was clear).  It returns
 * through HYPERVISOR_iret, which is jumped to, not called: its stub pushes
 * %rcx, %r11, %rax, then expects (struct iret_context) flags, %rip, %cs,
 * %rflags, %rsp, %ss above them; it restores the upcall mask from the saved
 * IF.  Exceptions and the failsafe callback are fatal here, except a
 * fault at a probe instruction (probe.S), which resumes at its fixup.
 */
#include <xen/xen.h>

    .text
    .code64

/* Event upcall: run evtchn_do_upcall() with every caller-saved register
 * preserved, on a 16-byte aligned stack, then HYPERVISOR_iret. */
    .globl evtchn_upcall_entry
evtchn_upcall_entry:
    popq %rcx
    popq %r11
    pushq %rax
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %rbx
    movq %rsp, %rbx
    andq $-16, %rsp
    call evtchn_do_upcall
    movq %rbx, %rsp
    popq %rbx
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rax
    pushq $0                /* iret flags: not returning from a syscall */
    jmp hypercall_page + __HYPERVISOR_iret * 32

/* Exception entries: push a vector number (-1 for the failsafe callback)
 * and call trap_handle(frame), frame[0] = vector, frame[1] = %rcx, ...
 * It either does not return (a fatal report) or has rewritten the saved
 * %rip to a fixup address (probe.S); the latter happens only for the
 * vectors that push an error code (13, 14), so the way back is the same:
 * drop the vector, take %rcx and %r11 back, drop the error code, and
 * HYPERVISOR_iret with flags 0 (it restores the upcall mask from the
 * saved IF, as it was when the fault came). */
    .macro trap_stub vec
trap_entry_\vec:
    pushq $\vec
    jmp trap_common
    .endm

    .irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
    trap_stub \vec
    .endr

    .globl failsafe_entry
failsafe_entry:
    pushq $-1
    jmp trap_common

trap_common:
    pushq %rax
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %rbx
    leaq 64(%rsp), %rdi
    movq %rsp, %rbx
    andq $-16, %rsp
    call trap_handle
    movq %rbx, %rsp
    popq %rbx
    popq %r10
    popq %r9
    popq %r8
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rax
    addq $8, %rsp           /* vector */
    popq %rcx
    popq %r11
    addq $8, %rsp           /* error code */
    pushq $0                /* iret flags */
    jmp hypercall_page + __HYPERVISOR_iret * 32

    .section .rodata
    .balign 8
    .globl trap_entries
trap_entries:
    .irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
    .quad trap_entry_\vec
    .endr

    .section .note.GNU-stack, "", @progbits
