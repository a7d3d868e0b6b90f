/* SPDX-License-Identifier: MIT */
/*
 * The profiler's test guest: a multiboot image whose measurement windows
 * execute a known number of instructions in known places, with known
 * events.  tests/profiler.sh holds the expected counts per window id and
 * checks them against wlprof's CSV and against the guest's own TSC delta,
 * which under -icount shift=0 counts instructions.
 *
 * Every window is  rdtsc; BEGIN id; 3 insns; BODY; rdtsc; END id  so the
 * plugin's count (after BEGIN, through END) equals the TSC delta and is
 * BODY + 5.  Deltas are stored in `deltas` (a user page, so user windows
 * can write them) and printed by the kernel at the end as "W id delta".
 *
 * Memory: 0-2 MiB kernel (one 2 MiB page, supervisor); 4 MiB+ the user
 * part (4 KiB user pages, loaded right after the kernel); the local APIC
 * at 0xfee00000 for an MMIO read in the middle of a block; 6-8 MiB starts
 * unmapped and is mapped by the page-fault handler (a faulting load).
 * Physical pages of the kernel text are announced as domain 0 and of the
 * user text as domain 1 (wl_marker.h).
 */
#include "wl_marker.h"

#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00010000 /* a.out kludge: load the flat file as described below */
#define NWIN 16

.macro BEGIN id
    .byte 0x0f, 0x1f, 0x80
    .long WL_MARK_DISP(WL_MARK_BEGIN, \id)
.endm
.macro END id
    .byte 0x0f, 0x1f, 0x80
    .long WL_MARK_DISP(WL_MARK_END, \id)
.endm
/* cmpl $IMM, (%rax): announce the page at rax as domain id's */
.macro DOMAIN_AT id
    .byte 0x81, 0x38
    .long WL_MARK_DISP(WL_MARK_DOMAIN, \id)
.endm
/* cmpl $IMM, -10(%rip): announce this code's page, calibrate */
.macro DOMAIN_HERE id
    .byte 0x81, 0x3d, 0xf6, 0xff, 0xff, 0xff
    .long WL_MARK_DISP(WL_MARK_DOMAIN, \id)
.endm

/* Window frame: 3 instructions after BEGIN, then BODY, then rdtsc, END. */
.macro WSTART id
    rdtsc
    BEGIN \id
    shl $32, %rdx
    or %rdx, %rax
    mov %rax, %r15
.endm
.macro WSTOP id
    rdtsc
    END \id
    shl $32, %rdx
    or %rdx, %rax
    sub %r15, %rax
    mov %rax, deltas + 8 * \id
.endm

    .section .multiboot, "a"
    .align 4
mb_header:
    .long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
    .long mb_header, 0x100000, _load_end, _load_end, entry32

    .text
    .code32
    .globl entry32
entry32:
    cli
    movl $kstack_top, %esp
    movl $_bss_start, %edi
    movl $_bss_end, %ecx
    subl %edi, %ecx
    xorl %eax, %eax
    rep stosb

    /* Two PML4s (for a real CR3 switch) share one PDPT. */
    movl $pdpt + 7, pml4_a
    movl $pdpt + 7, pml4_b
    movl $pd_lo + 7, pdpt
    movl $pd_hi + 3, pdpt + 3 * 8
    movl $0x83, pd_lo                 /* 0-2 MiB: present, writable, 2 MiB, supervisor */
    movl $pt_user + 7, pd_lo + 2 * 8  /* 4-6 MiB: user page table */
    movl $0xfee0009b, pd_hi + 0x1f7 * 8 /* local APIC, uncached */
    movl $_user_lma + 7, %eax
    xorl %ecx, %ecx
1:  movl %eax, pt_user(, %ecx, 8)
    addl $4096, %eax
    incl %ecx
    cmpl $_user_pages, %ecx
    jb 1b

    movl %cr4, %eax
    orl $0x20, %eax                   /* PAE */
    movl %eax, %cr4
    movl $pml4_a, %eax
    movl %eax, %cr3
    movl $0xc0000080, %ecx            /* EFER: LME, SCE */
    rdmsr
    orl $0x101, %eax
    wrmsr
    movl %cr0, %eax
    orl $0x80000001, %eax             /* PG, PE */
    movl %eax, %cr0
    lgdt gdt_ptr
    ljmp $0x08, $entry64

    .code64
entry64:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movq $kstack_top, %rsp

    /* Domains: every page of the kernel text is 0, of the user text 1. */
    DOMAIN_HERE 0
    movq $_ktext_start, %rax
1:  DOMAIN_AT 0
    addq $4096, %rax
    cmpq $_ktext_end, %rax
    jb 1b
    movq $_user_start, %rax
1:  DOMAIN_AT 1
    addq $4096, %rax
    cmpq $_user_text_end, %rax
    jb 1b

    /* TSS (for RSP0 on int from ring 3), IDT, syscall MSRs. */
    movq $tss, %rax
    movw %ax, gdt_tss + 2
    shrq $16, %rax
    movb %al, gdt_tss + 4
    movb %ah, gdt_tss + 7
    movw $0x28, %ax
    ltr %ax
    movl $3, %edi
    movq $int3_handler, %rsi
    call set_gate
    movl $6, %edi
    movq $ud_handler, %rsi
    call set_gate
    movl $14, %edi
    movq $pf_handler, %rsi
    call set_gate
    movl $0x80, %edi
    movq $int80_handler, %rsi
    call set_gate
    movl $0x40, %edi
    movq $timer_handler, %rsi
    call set_gate
    lidt idt_ptr
    movl $0xc0000081, %ecx            /* STAR: sysret base 0x10, syscall CS 0x08 */
    xorl %eax, %eax
    movl $0x00100008, %edx
    wrmsr
    movl $0xc0000082, %ecx            /* LSTAR */
    movl $syscall_entry, %eax
    xorl %edx, %edx
    wrmsr
    movl $0xc0000084, %ecx            /* FMASK */
    xorl %eax, %eax
    wrmsr
    movq $pml4_a, %r13
    movq $pml4_b, %r12

    /* --- kernel windows ------------------------------------------------ */
    /* 1: 200 kernel instructions. */
    WSTART 1
    .rept 100
    incq %rbx
    addq $2, %rcx
    .endr
    WSTOP 1

    /* 2: two CR3 writes, invlpg, a CR4 write, port in and out, int3 and
     *    its iretq: 10 instructions, all kernel. */
    WSTART 2
    movq %r12, %cr3
    movq %r13, %cr3
    movq $0x400000, %rax
    invlpg (%rax)
    movq %cr4, %rax
    movq %rax, %cr4
    outb %al, $0x80
    inb $0x80, %al
    int3
    WSTOP 2

    /* 3: string moves: rep movsb 100 B (101 executions), rep stosq 10 x 8 B
     *    (11), movsl 4 B, rep outsb 3 B to port 0x80 (4 executions, 3
     *    port accesses); 123 instructions, 184 bytes moved. */
    WSTART 3
    movl $kbuf, %esi
    movl $kbuf + 512, %edi
    movl $100, %ecx
    rep movsb
    movl $10, %ecx
    rep stosq
    movsl
    movl $3, %ecx
    movw $0x80, %dx
    rep outsb
    WSTOP 3

    /* 4: an MMIO load in the middle of a block (QEMU cuts the block there
     *    and retranslates the load alone): 8 instructions. */
    WSTART 4
    incq %rbx
    incq %rbx
    incq %rbx
    movl $0xfee00030, %esi
    movl (%rsi), %eax
    incq %rbx
    incq %rbx
    incq %rbx
    WSTOP 4

    /* 10: a load that page-faults once; the handler maps the page (3
     *     instructions) and the load runs again: 2 + 3 + 1 executed, the
     *     faulting attempt not retired. */
    WSTART 10
    movq $0x600000, %rsi
    movq (%rsi), %rax
    WSTOP 10

    /* 11: ud2, "emulated" by its handler (skips it: 2 instructions). */
    WSTART 11
    ud2
    WSTOP 11

    /* 9: an idle window: the local APIC timer (one-shot, 100,000 ns at
     *    icount's one instruction per ns) wakes a hlt.  The plugin counts
     *    the 6 executed instructions (count write, sti, hlt, handler's EOI
     *    write and iretq, cli); the TSC jumps over the idle time. */
    movb $0xff, %al                   /* mask the 8259s: only the APIC timer */
    outb %al, $0x21
    outb %al, $0xa1
    movl $0xfee00000, %esi
    movl $0x1ff, 0xf0(%rsi)           /* spurious vector register: APIC on */
    movl $0xb, 0x3e0(%rsi)            /* timer divide by 1 */
    movl $0x40, 0x320(%rsi)           /* LVT timer: one-shot, vector 0x40 */
    WSTART 9
    movl $100000, 0x380(%rsi)         /* initial count: start */
    sti
    hlt
    cli
    WSTOP 9

    /* Marker misuse: a second begin restarts the window (13 is written,
     * 2 instructions: incq and its end); an end without a begin and an
     * end with another id are dropped. */
    BEGIN 12
    BEGIN 13
    incq %rbx
    END 13
    END 14
    BEGIN 15
    incq %rbx
    END 14

    /* To ring 3. */
    movq $user_entry, %rcx
    movq $0x2, %r11
    sysretq

/* Ring 3 is done: print the deltas and leave through isa-debug-exit. */
user_done:
    movq $kstack_top, %rsp
    movb $'\n', %al                  /* after the BIOS's last line */
    call putc
    movl $1, %ebx
2:  movq deltas(, %rbx, 8), %r14
    testq %r14, %r14
    jz 3f
    movb $'W', %al
    call putc
    movb $' ', %al
    call putc
    movq %rbx, %rax
    call putdec
    movb $' ', %al
    call putc
    movq %r14, %rax
    call putdec
    movb $'\n', %al
    call putc
3:  incl %ebx
    cmpl $NWIN, %ebx
    jb 2b
    movq $done_msg, %rsi
4:  lodsb
    testb %al, %al
    jz 5f
    call putc
    jmp 4b
5:  BEGIN 1                           /* still open at exit */
    movw $0xf4, %dx
    xorl %eax, %eax
    outb %al, %dx
    hlt

/* The entry points on a second page of kernel text, so that the domain
 * test needs every page announced. */
    .p2align 12
/* syscall: eax 1 ends the user phase, anything else returns at once
 * (3 kernel instructions: cmp, jne... see the user windows). */
syscall_entry:
    cmpl $1, %eax
    je user_done
    sysretq

int3_handler:
int80_handler:
    iretq

timer_handler:
    movl $0, 0xb0(%rsi)               /* EOI (rsi: the APIC, set by window 9) */
    iretq

ud_handler:
    addq $2, (%rsp)
    iretq

pf_handler:
    movq $0x83, pd_lo + 3 * 8         /* 6-8 MiB -> physical 0 */
    addq $8, %rsp                     /* error code */
    iretq

/* IDT gate edi -> handler rsi: interrupt gate, DPL 3, kernel CS. */
set_gate:
    shlq $4, %rdi
    addq $idt, %rdi
    movw %si, (%rdi)
    movw $0x08, 2(%rdi)
    movw $0xee00, 4(%rdi)
    shrq $16, %rsi
    movw %si, 6(%rdi)
    shrq $16, %rsi
    movl %esi, 8(%rdi)
    movl $0, 12(%rdi)
    ret

putc:
    pushq %rdx
    movw $0x3f8, %dx
    outb %al, %dx
    popq %rdx
    ret

/* rax in decimal */
putdec:
    movq $numbuf + 24, %rdi
    movq $10, %rcx
1:  xorl %edx, %edx
    divq %rcx
    addb $'0', %dl
    decq %rdi
    movb %dl, (%rdi)
    testq %rax, %rax
    jnz 1b
2:  movb (%rdi), %al
    call putc
    incq %rdi
    cmpq $numbuf + 24, %rdi
    jb 2b
    ret

/* --- user part (ring 3, 4 MiB) ------------------------------------------ */
    .section .user.text, "ax"
user_entry:
    movq $ustack_top, %rsp

    /* 5: 100 user instructions. */
    WSTART 5
    .rept 50
    incq %rbx
    addq $2, %rcx
    .endr
    WSTOP 5

    /* 6: a null system call: xor, syscall (user); cmp, je, sysretq (kernel). */
    WSTART 6
    xorl %eax, %eax
    syscall
    WSTOP 6

    /* 7: int $0x80 (user) and iretq (kernel). */
    WSTART 7
    int $0x80
    WSTOP 7

    /* 8: rep movsb 50 B and rep stosb 7 B in user memory: 3 + 51 + 1 + 8
     *    instructions, 57 bytes. */
    WSTART 8
    movq $ubuf, %rsi
    movq $ubuf + 128, %rdi
    movl $50, %ecx
    rep movsb
    movl $7, %ecx
    rep stosb
    WSTOP 8

    movl $1, %eax
    syscall

    .section .user.data, "aw"
    .align 8
deltas:
    .fill NWIN, 8, 0
ubuf:
    .fill 256, 1, 0x5a
    .align 16
ustack:
    .fill 512, 1, 0
ustack_top:

    .data
    .align 16
gdt:
    .quad 0
    .quad 0x00af9a000000ffff          /* 0x08 kernel code, 64-bit */
    .quad 0x00cf92000000ffff          /* 0x10 kernel data */
    .quad 0x00cff2000000ffff          /* 0x18 user data (sysret SS 0x1b) */
    .quad 0x00affa000000ffff          /* 0x20 user code, 64-bit (sysret CS 0x23) */
gdt_tss:                              /* 0x28: 64-bit TSS, base filled at boot */
    .word 0x67, 0
    .byte 0, 0x89, 0, 0
    .long 0, 0
gdt_end:
gdt_ptr:
    .word gdt_end - gdt - 1
    .quad gdt
idt_ptr:
    .word 4095
    .quad idt
tss:
    .long 0
    .quad kstack_top                  /* RSP0 */
    .fill 0x66 - 12, 1, 0
    .word 0x68                        /* no I/O bitmap */
done_msg:
    .asciz "DONE\n"
kbuf:
    .fill 1024, 1, 0xa5

    .bss
    .align 4096
pml4_a: .skip 4096
pml4_b: .skip 4096
pdpt:   .skip 4096
pd_lo:  .skip 4096
pd_hi:  .skip 4096
pt_user: .skip 4096
idt:    .skip 4096
kstack: .skip 4096
kstack_top:
numbuf: .skip 32
