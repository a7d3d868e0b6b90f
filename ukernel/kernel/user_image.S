/* SPDX-License-Identifier: MIT */
/* The root task's ELF image, page aligned so it can be mapped read-only
 * into the root task as is.  USER_IMAGE is set by the Makefile. */
    .section .rodata
    .balign 4096
    .globl user_image_start, user_image_end
user_image_start:
    .incbin USER_IMAGE
user_image_end:
    .balign 4096

    .section .note.GNU-stack, "", @progbits
