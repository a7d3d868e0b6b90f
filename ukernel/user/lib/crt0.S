/* SPDX-License-Identifier: MIT */
/* Root task entry: the kernel starts it with rsp at the top of its stack. */
    .text
    .globl _start
_start:
    andq $-16, %rsp
    call root_main
    ud2

    .section .note.GNU-stack, "", @progbits
