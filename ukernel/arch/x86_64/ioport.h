/* SPDX-License-Identifier: MIT */
/*
 * User port I/O through the TSS's I/O permission bitmap, one per address
 * space.  The TSS and its bitmap sit in a window of the kernel half
 * (IOPORT_WINDOW, a top-level slot of its own) whose mapping belongs to
 * the space: every space without ports shares one set of tables whose
 * bitmap denies every port; a space given ports has its own tables and
 * bitmap frames.  The CR3 write of a space switch thus switches the bitmap
 * too, and no switch path (the IPC fastpath included) does anything more.
 * IOPL stays 0, so `cli` and `sti` keep faulting in user mode.
 */
#ifndef ARCH_IOPORT_H
#define ARCH_IOPORT_H

#include <stdbool.h>
#include <stdint.h>

#define IOPORT_WINDOW 0xfffffe8000000000ull /* top-level slot 509 */
#define IOPORT_COUNT 65536u

/* The page the TSS lives in (it ends there; the bitmap follows). */
extern uint8_t ioport_tss_page[];
/* Build the shared deny-all window in the kernel's top-level table. */
void ioport_init(uint64_t *kernel_pml4);
/* Allow (or deny) ports [first, first + count) to the space with this
 * top-level table; its own window costs IOPORT_COST frames of *quota the
 * first time.  UK_OK, or UK_ENOMEM with nothing changed. */
#define IOPORT_COST 5
long ioport_set(uint64_t root, uint32_t first, uint32_t count, bool allow, uint64_t *quota);
/* Free a space's own window, if it has one; returns the frames freed. */
uint64_t ioport_free(uint64_t root);

#endif
