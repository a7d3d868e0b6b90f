/* SPDX-License-Identifier: MIT */
/*
 * Grant tables, version 1: offering our pages to another domain (grant,
 * end), and the peer side: mapping a page another domain granted us into
 * our address space, and copying into a granted page through Xen.
 */
#ifndef XENGUEST_GNTTAB_H
#define XENGUEST_GNTTAB_H

#include "xen_public.h"
#include <stdbool.h>

/* GNTTABOP_setup_table and map the table; 0 or a negative errno. */
int gnttab_init(void);

/* Offer the page at va (page aligned, ours) to domain dom.  Returns the
 * grant reference (>= 0) or a negative errno. */
long gnttab_grant(domid_t dom, const void *va, bool readonly);
/* A reference of ours that is never granted (its entry stays empty): a
 * peer that tries to map or copy through it is refused by Xen.  Returns
 * the reference or a negative errno. */
long gnttab_reserve(void);
/* Withdraw a grant; -XEN_EBUSY while the peer still has it mapped. */
int gnttab_end(grant_ref_t ref);

/* Accepting a page by transfer (GTF_accept_transfer): an entry that lets
 * dom give us one frame, to land in pseudo-physical slot pfn.  Returns the
 * reference or a negative errno. */
long gnttab_accept(domid_t dom, unsigned long pfn);
/* Arm the accepting entry ref again (for dom, slot pfn) after its transfer
 * completed or before any came. */
void gnttab_accept_rearm(grant_ref_t ref, domid_t dom, unsigned long pfn);
/* Whether a frame came in through ref: 0 and its machine frame in *mfn
 * (the entry then stays spent until re-armed), or -XEN_EAGAIN if none has
 * (still armed). */
int gnttab_accept_done(grant_ref_t ref, xen_pfn_t *mfn);
/* Disarm an accepting entry but keep the reference: 0, or -XEN_EBUSY
 * while a transfer into it is committed but not completed. */
int gnttab_accept_disarm(grant_ref_t ref);
/* Withdraw an accepting entry, armed or spent (its frame taken with
 * gnttab_accept_done): 0, or -XEN_EBUSY while a transfer into it is
 * committed but not completed. */
int gnttab_accept_end(grant_ref_t ref);

/* Map dom's grant ref at hole page va (mm_hole_alloc).  Returns 0, a
 * negative Xen errno, or the negative GNTST_* status of the operation. */
int gnttab_map(domid_t dom, grant_ref_t ref, void *va, bool readonly, grant_handle_t *handle);
/* Unmap it again; the hole is left unmapped. */
int gnttab_unmap(void *va, grant_handle_t handle);

/* Copy len bytes from our memory at src (within one page) to offset in
 * dom's granted page ref, done by Xen (GNTTABOP_copy).  Same returns as
 * gnttab_map. */
int gnttab_copy_to(domid_t dom, grant_ref_t ref, uint16_t offset, const void *src, uint16_t len);

#endif
