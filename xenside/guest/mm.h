/* SPDX-License-Identifier: MIT */
/*
 * Memory for a PV guest without a page allocator: pages come from a pool
 * in .bss, and "holes" are page-aligned virtual addresses inside the image
 * whose own frame we unmap so that a foreign frame (shared_info, the
 * console and xenstore rings, grant-table frames, a peer's granted page)
 * can be mapped there.  Holes keep their page-table entries, which matters
 * because a PV guest may only write PTEs through Xen and only where an L1
 * table already exists.
 */
#ifndef XENGUEST_MM_H
#define XENGUEST_MM_H

#include "xen_public.h"
#include <stdbool.h>

#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12

/* Pseudo-physical frame and machine frame behind an address of the image
 * (mfn from start_info's p2m list: PV guests see real machine frames). */
unsigned long mm_pfn(const void *va);
xen_pfn_t mm_mfn(const void *va);

/* Map machine frame mfn at hole page va (writable or read-only);
 * 0 or a negative Xen errno. */
int mm_map_mfn(void *va, xen_pfn_t mfn, bool writable);
/* Unmap hole page va (its PTE becomes not-present). */
int mm_unmap(void *va);

/* A zeroed page from the pool, or NULL when the pool is used up. */
void *mm_page_alloc(void);
/* n consecutive unmapped hole pages, or NULL. */
void *mm_hole_alloc(unsigned int n);

#endif
