/* SPDX-License-Identifier: MIT */
/*
 * Every way into and out of the kernel.
 *
 * The kernel has one stack and keeps no state on it between entries: a
 * thread's user context lives in its TCB (struct regs at offset 0 of
 * struct thread).  On `syscall` we point rsp at the end of the current
 * TCB's regs and push the context there; on an interrupt from user mode
 * the CPU does the same by itself because TSS.rsp0 points there.  The C
 * handler then runs on the kernel stack and may change cur_thread; we leave
 * by restoring whatever thread is current, with `sysretq` if its context
 * was saved by `syscall` and `iretq` otherwise (only iretq restores rcx and
 * r11, which an interrupted thread needs).
 */
#define REGS_SIZE 176
#define SEL_UDATA (0x18 | 3)
#define SEL_UCODE (0x20 | 3)

.macro PUSH_GPRS
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
.endm

.macro POP_GPRS
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
.endm

    .text
    .globl syscall_entry
syscall_entry:
    movq %rsp, syscall_user_rsp(%rip)
    movq cur_thread(%rip), %rsp
    addq $REGS_SIZE, %rsp
    pushq $SEL_UDATA
    pushq syscall_user_rsp(%rip)
    pushq %r11                      /* user rflags */
    pushq $SEL_UCODE
    pushq %rcx                      /* user rip */
    pushq $0
    pushq $-1                       /* REGS_VECTOR_SYSCALL */
    PUSH_GPRS
    leaq kernel_stack_top(%rip), %rsp
    call syscall_dispatch
    /* fall through */

    .globl return_to_user
return_to_user:
    movq cur_thread(%rip), %rsp
    POP_GPRS
    cmpq $-1, (%rsp)
    jne 1f
    movq 16(%rsp), %rcx             /* rip */
    movq 32(%rsp), %r11             /* rflags */
    movq 40(%rsp), %rsp             /* user rsp */
    sysretq
1:  addq $16, %rsp                  /* vector, err */
    iretq

/* Exception and interrupt stubs: push a dummy error code where the CPU
 * pushes none, then the vector number. */
.macro TRAP_NOERR vec
    .globl trap_stub_\vec
trap_stub_\vec:
    pushq $0
    pushq $\vec
    jmp trap_common
.endm
.macro TRAP_ERR vec
    .globl trap_stub_\vec
trap_stub_\vec:
    pushq $\vec
    jmp trap_common
.endm

TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR 8
TRAP_NOERR 9
TRAP_ERR 10
TRAP_ERR 11
TRAP_ERR 12
TRAP_ERR 13
TRAP_ERR 14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR 17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR 21
.irp v, 22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
TRAP_NOERR \v
.endr

trap_common:
    testb $3, 24(%rsp)              /* cs of the interrupted context */
    jz trap_from_kernel
    PUSH_GPRS                       /* lands in the current TCB */
    leaq kernel_stack_top(%rip), %rsp
    call trap_user
    jmp return_to_user

trap_from_kernel:
    PUSH_GPRS
    movq %rsp, %rdi
    call trap_kernel
    POP_GPRS
    addq $16, %rsp
    iretq

    .section .rodata
    .globl trap_stub_table
    .align 8
trap_stub_table:
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    .quad trap_stub_\v
.endr

    .bss
    .align 16
syscall_user_rsp:
    .quad 0
    .globl kernel_stack_top
    .align 4096
    .space 16384
kernel_stack_top:
    .space 4096
    .globl double_fault_stack_top
double_fault_stack_top:

    .section .note.GNU-stack, "", @progbits
