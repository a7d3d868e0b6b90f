/* SPDX-License-Identifier: MIT */
/*
 * The Xen ELF notes that make this file a PV kernel (xen/elfnote.h).  Each
 * note has the name "Xen" and a type XEN_ELFNOTE_*; libelf reads them from
 * the PT_NOTE segment (guest.ld).  What Xen 4.17 insists on: LOADER
 * "generic" (or GUEST_OS "linux"), XEN_VERSION "xen-3.0", a 64-bit ELF for
 * a 64-bit guest.  VIRT_BASE and PADDR_OFFSET = 0 place the image where it
 * is linked; ENTRY is where the vCPU starts; HYPERCALL_PAGE names the page
 * Xen fills with the hypercall stubs.  We claim no SUPPORTED_FEATURES: with
 * that note absent the dom0 builder accepts the kernel as dom0 too, and a
 * plain 64-bit PV guest needs no optional feature.
 */
#include <xen/elfnote.h>

    .macro xen_note type:req, desc:vararg
    .balign 4
    .long 4                 /* namesz: "Xen\0" */
    .long 2f - 1f           /* descsz */
    .long \type
    .asciz "Xen"
1:  \desc
2:
    .endm

    .section .note.Xen, "a", @note
    xen_note XEN_ELFNOTE_GUEST_OS, .asciz "xenguest"
    xen_note XEN_ELFNOTE_GUEST_VERSION, .asciz "1"
    xen_note XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
    xen_note XEN_ELFNOTE_LOADER, .asciz "generic"
    xen_note XEN_ELFNOTE_VIRT_BASE, .quad VIRT_BASE
    xen_note XEN_ELFNOTE_PADDR_OFFSET, .quad 0
    xen_note XEN_ELFNOTE_ENTRY, .quad _start
    xen_note XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page
    .balign 4

    .section .note.GNU-stack, "", @progbits
