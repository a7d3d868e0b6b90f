/* SPDX-License-Identifier: MIT */
/*
 * hello-domu: the smallest PV domU that exercises dom0's job runner.
 *
 * Why this exists: to test dom0's side of a domain's life (xl create with
 * tsc_mode "native", the console relay, waiting for shutdown, powering
 * QEMU off) without the real guest kernel (xenside/guest).  It prints its
 * command line (100 times if it starts with "x": a long log for testing
 * the relay), the cost of a back-to-back rdtsc pair (a few instructions
 * when rdtsc runs natively, about 1,300 when Xen emulates it), and one
 * "@@" line, waits until xenconsoled has emptied the console ring, and
 * powers off.  It is a test fixture, not a benchmark guest.
 *
 * The ABI facts it relies on (Xen public headers, x86_64 PV):
 *  - entry in 64-bit mode, %rsi = start_info; start_info's console.domU
 *    mfn is at +72, its event channel at +80, cmd_line at +128;
 *  - machine-to-physical table at 0xffff800000000000; with VIRT_BASE 0 a
 *    pfn of the initial allocation is mapped at virtual pfn << 12;
 *  - hypercall n is a call to hypercall_page + 32 n, arguments in
 *    %rdi, %rsi; sched_op = 29, event_channel_op = 32;
 *  - console ring (xencons_interface): out[2048] at +1024, out_cons at
 *    +3080, out_prod at +3084.
 */
#define HYPERCALL_SCHED_OP 29
#define HYPERCALL_EVTCHN_OP 32
#define SCHEDOP_YIELD 0
#define SCHEDOP_SHUTDOWN 2
#define EVTCHNOP_SEND 4
#define M2P_BASE 0xffff800000000000

    .macro xen_note type, size
    .p2align 2
    .long 4, \size, \type
    .asciz "Xen"
    .p2align 2
    .endm

    .section .note.xen, "a", @note
    xen_note 6, 8 /* GUEST_OS */
    .asciz "hello"
    .p2align 2
    xen_note 5, 8 /* XEN_VERSION */
    .asciz "xen-3.0"
    .p2align 2
    xen_note 8, 8 /* LOADER */
    .asciz "generic"
    .p2align 2
    xen_note 3, 8 /* VIRT_BASE */
    .quad 0
    xen_note 4, 8 /* PADDR_OFFSET */
    .quad 0
    xen_note 1, 8 /* ENTRY */
    .quad _start
    xen_note 2, 8 /* HYPERCALL_PAGE */
    .quad hypercall_page

    /* Filled with hypercall stubs by the domain builder. */
    .section .text.hypercall, "ax"
    .p2align 12
hypercall_page: .skip 4096

    .text
    .globl _start
_start:
    lea stack_top(%rip), %rsp
    mov %rsi, %r15                     /* start_info */
    mov 72(%r15), %rax                 /* console mfn */
    movabs $M2P_BASE, %rbx
    mov (%rbx,%rax,8), %rax            /* -> pfn */
    shl $12, %rax
    mov %rax, %r14                     /* ring */
    mov 80(%r15), %eax
    mov %eax, port(%rip)

    mov $1, %r13d                      /* times to print the command line */
    cmpb $'x', 128(%r15)
    jne 1f
    mov $100, %r13d
1:  lea msg_hello(%rip), %rdi
    call puts
    lea 128(%r15), %rdi                /* cmd_line */
    call puts
    lea msg_nl(%rip), %rdi
    call puts
    dec %r13d
    jnz 1b

    lfence
    rdtsc
    mov %eax, %r12d
    lfence
    rdtsc
    sub %r12d, %eax
    mov %eax, %r12d
    lea msg_tsc(%rip), %rdi
    call puts
    mov %r12, %rdi
    call puthex
    lea msg_nl(%rip), %rdi
    call puts

    lea msg_done(%rip), %rdi
    call puts

    /* Let xenconsoled empty the ring before the domain goes away. */
1:  mov 3080(%r14), %eax
    cmp 3084(%r14), %eax
    je 2f
    mov $SCHEDOP_YIELD, %edi
    xor %esi, %esi
    call hypercall_page + 32 * HYPERCALL_SCHED_OP
    jmp 1b
2:  movl $0, shutdown_reason(%rip)     /* SHUTDOWN_poweroff */
    mov $SCHEDOP_SHUTDOWN, %edi
    lea shutdown_reason(%rip), %rsi
    call hypercall_page + 32 * HYPERCALL_SCHED_OP
3:  jmp 3b

/* puts(%rdi): copy a NUL-terminated string into the ring, then notify. */
puts:
    mov 3084(%r14), %ecx               /* out_prod */
1:  movzbl (%rdi), %eax
    test %al, %al
    jz 3f
2:  mov %ecx, %edx                     /* wait while the ring is full */
    sub 3080(%r14), %edx
    cmp $2048, %edx
    jb 4f
    push %rdi
    push %rcx
    call notify
    mov $SCHEDOP_YIELD, %edi
    xor %esi, %esi
    call hypercall_page + 32 * HYPERCALL_SCHED_OP
    pop %rcx
    pop %rdi
    jmp 1b                             /* the hypercalls clobbered %eax */
4:  mov %ecx, %edx
    and $2047, %edx
    mov %al, 1024(%r14,%rdx)
    inc %ecx
    sfence
    mov %ecx, 3084(%r14)
    inc %rdi
    jmp 1b
3:  jmp notify

notify:
    mov $EVTCHNOP_SEND, %edi
    lea port(%rip), %rsi
    jmp hypercall_page + 32 * HYPERCALL_EVTCHN_OP

/* puthex(%rdi): print %rdi as 0x plus 8 hex digits. */
puthex:
    lea hexbuf+2(%rip), %rsi
    mov $8, %ecx
1:  rol $4, %edi
    mov %edi, %eax
    and $15, %eax
    lea hexdigits(%rip), %rdx
    movzbl (%rdx,%rax), %eax
    mov %al, (%rsi)
    inc %rsi
    dec %ecx
    jnz 1b
    lea hexbuf(%rip), %rdi
    jmp puts

    .section .rodata
msg_hello: .asciz "hello-domu: cmdline: "
msg_tsc:   .asciz "hello-domu: rdtsc pair: "
msg_done:  .asciz "@@HELLO {\"ok\":true}\nhello-domu: powering off\n"
msg_nl:    .asciz "\n"
hexdigits: .ascii "0123456789abcdef"

    .data
hexbuf: .asciz "0x00000000"
    .p2align 2
port: .long 0
shutdown_reason: .long 0

    .bss
    .p2align 4
stack: .skip 8192
stack_top:
