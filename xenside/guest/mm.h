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

/* p2m entry of a pseudo-physical slot whose frame is gone (given away or
 * returned to Xen); a PV guest keeps its p2m itself. */
#define MM_NO_MFN (~(xen_pfn_t)0)
/* Record that the slot of va is now backed by mfn (or MM_NO_MFN). */
void mm_set_mfn(const void *va, xen_pfn_t mfn);
/* Whether [va, va + n pages) is page aligned and inside the image (where
 * every page has a pseudo-physical slot and an L1 table). */
bool mm_in_image(const void *va, unsigned long n);

/* Return the frames behind n unmapped image pages at va to Xen
 * (XENMEM_decrease_reservation): the slots become empty (MM_NO_MFN) and
 * the domain's reservation shrinks by n, which is room for n pages to
 * come in by transfer.  0 or a negative errno. */
int mm_release(void *va, unsigned int n);
/* Fill the empty slot of va with a fresh frame from Xen
 * (XENMEM_populate_physmap) and map it writable.  0 or a negative errno. */
int mm_populate(void *va);
/* Our reservation: pages now, and the most Xen lets us have. */
long mm_reservation(bool maximum);

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
