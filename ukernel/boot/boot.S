/* SPDX-License-Identifier: MIT */
/*
 * Multiboot (v1) entry.  QEMU's -kernel loads a flat image through the
 * "a.out kludge" (header flag 16): it copies the file to load_addr, zeroes
 * up to bss_end_addr and jumps to entry_addr in 32-bit protected mode with
 * paging off, EAX = 0x2BADB002 and EBX = physical address of the multiboot
 * information.  This file gets us to 64-bit mode in the upper half: it maps
 * the first GiB twice (identity, and at KERNEL_VMA) with 2 MiB pages, turns
 * on PAE, long mode (EFER.LME), no-execute (EFER.NXE), `syscall` (EFER.SCE)
 * and paging, then calls kmain(mbi) on the kernel stack.  The kernel builds
 * its real page tables in C and drops these.
 */
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00010003 /* page-align modules, memory map, a.out kludge */
#define KERNEL_VMA 0xffffffff80000000

    .section .multiboot, "a"
    .align 4
mb_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long mb_header          /* header_addr: .boot is linked physical */
    .long 0x100000           /* load_addr: start of the image */
    .long _load_end_phys     /* load_end_addr */
    .long _kernel_end_phys   /* bss_end_addr */
    .long boot_entry         /* entry_addr */

    .section .boot.text, "ax"
    .code32
    .globl boot_entry
boot_entry:
    cli
    cld
    movl %ebx, %ebp                 /* keep the multiboot info pointer */
    movl $boot_stack_top, %esp

    /* Zero .bss ourselves: nothing says every loader does. */
    movl $_bss_start_phys, %edi
    movl $_kernel_end_phys, %ecx
    subl %edi, %ecx
    xorl %eax, %eax
    rep stosb

    /* PML4[0] and PML4[511] -> two PDPTs; both reach one PD of 2 MiB pages. */
    movl $boot_pdpt_lo, %eax
    orl $3, %eax
    movl %eax, boot_pml4
    movl $boot_pdpt_hi, %eax
    orl $3, %eax
    movl %eax, boot_pml4 + 511 * 8
    movl $boot_pd, %eax
    orl $3, %eax
    movl %eax, boot_pdpt_lo
    movl %eax, boot_pdpt_hi + 510 * 8
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $21, %eax
    orl $0x83, %eax                 /* present, writable, 2 MiB page */
    movl %eax, boot_pd(,%ecx,8)
    incl %ecx
    cmpl $512, %ecx
    jne 1b

    movl %cr4, %eax
    orl $0x20, %eax                 /* CR4.PAE */
    movl %eax, %cr4
    movl $boot_pml4, %eax
    movl %eax, %cr3
    movl $0xC0000080, %ecx          /* IA32_EFER */
    rdmsr
    orl $0x901, %eax                /* SCE | LME | NXE */
    wrmsr
    movl %cr0, %eax
    orl $0x80010000, %eax           /* CR0.PG | CR0.WP */
    movl %eax, %cr0
    lgdt boot_gdtr
    ljmp $0x08, $boot_long_mode

    .code64
boot_long_mode:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorw %ax, %ax
    movw %ax, %fs
    movw %ax, %gs
    movabsq $kernel_stack_top, %rsp
    movl %ebp, %edi
    movabsq $kmain, %rax
    callq *%rax
2:  hlt
    jmp 2b

    .section .boot.data, "aw"
    .align 4096
boot_pml4:    .fill 512, 8, 0
boot_pdpt_lo: .fill 512, 8, 0
boot_pdpt_hi: .fill 512, 8, 0
boot_pd:      .fill 512, 8, 0
    .align 16
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff        /* 64-bit kernel code */
    .quad 0x00cf92000000ffff        /* kernel data */
boot_gdtr:
    .word 3 * 8 - 1
    .long boot_gdt
    .align 16
    .fill 1024, 1, 0
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
