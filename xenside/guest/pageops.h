/* SPDX-License-Identifier: MIT */
/*
 * The three ways to hand a peer whole pages (claim C3), as batches of up
 * to PG_MAX pages, each batch in as few hypercalls as Xen allows:
 *   MOVE   pg_give (unmap, GNTTABOP_transfer) / pg_take (accepted frames
 *          mapped, p2m updated)
 *   SHARE  gnttab_grant by the owner, pg_map_grants / pg_unmap_grants by
 *          the peer, gnttab_end by the owner
 *   COPY   gnttab_grant by the owner, pg_copy_grants by the peer
 * Each operation adds what it did to a struct pg_cost: PTEs created and
 * removed (ours, through update_va_mapping, or Xen's for a grant map),
 * bytes Xen copied, and the timestamp units spent inside its hypercalls
 * (each timed alone, the timer's own cost taken off).
 */
#ifndef XENGUEST_PAGEOPS_H
#define XENGUEST_PAGEOPS_H

#include "xen_public.h"
#include <stdbool.h>

#define PG_MAX 64u

struct pg_cost {
    uint64_t mapped;
    uint64_t unmapped;
    uint64_t copied;
    int64_t time;
};

/* Measure the timer's cost once (before anything is timed). */
void pg_init(void);

/* Map n machine frames at n consecutive image pages from va (one
 * multicall of update_va_mapping), or unmap n pages.  0 or the first
 * failing call's negative errno; a failed map leaves none mapped. */
int pg_map(void *va, const xen_pfn_t *mfns, unsigned int n, bool writable, struct pg_cost *c);
int pg_unmap(void *va, unsigned int n, struct pg_cost *c);

/* MOVE, giver: unmap our n pages at va and transfer their frames to dom's
 * accepting entries refs[] (one GNTTABOP_transfer).  Per page: moved (the
 * slot is left empty), or refused before Xen took the frame
 * (GNTST_bad_page: mapped again as before), or taken and dropped by Xen
 * (any other failure: the slot is filled with a fresh frame,
 * XENMEM_populate_physmap, so our reservation stays whole).  0 when all
 * moved, else the first failure (negative GNTST_* or errno). */
int pg_give(domid_t dom, void *va, unsigned int n, const grant_ref_t *refs, struct pg_cost *c);
/* MOVE, taker: map the frames that came in through refs[] at va (whose
 * slots are empty and were named in the entries) and record them in the
 * p2m.  *got = pages that came (they are mapped); 0 if all n did, else
 * -XEN_EAGAIN. */
int pg_take(void *va, unsigned int n, const grant_ref_t *refs, unsigned int *got,
            struct pg_cost *c);

/* SHARE, peer: map dom's grants refs[] at n consecutive hole pages from va
 * (one GNTTABOP_map_grant_ref); on any failure the ones that worked are
 * unmapped again and the first failure returned.  handles[] for unmap. */
int pg_map_grants(domid_t dom, const grant_ref_t *refs, unsigned int n, void *va, bool readonly,
                  grant_handle_t *handles, struct pg_cost *c);
int pg_unmap_grants(void *va, const grant_handle_t *handles, unsigned int n, struct pg_cost *c);

/* COPY, peer: the first `bytes` bytes of each of dom's grants refs[] into
 * our n pages at dst (one GNTTABOP_copy).  0 or the first failure. */
int pg_copy_grants(domid_t dom, const grant_ref_t *refs, unsigned int n, uint16_t bytes,
                   void *dst, struct pg_cost *c);

#endif
