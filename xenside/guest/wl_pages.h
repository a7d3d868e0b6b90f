/* SPDX-License-Identifier: MIT */
/*
 * The page half of the guest's wl.h port (wl_pages.c): wl_call_pages on
 * the client, and what wl_serve does around the handler when a request
 * carries pages (common/xring/xpages.h says how it is told).
 */
#ifndef XENGUEST_WL_PAGES_H
#define XENGUEST_WL_PAGES_H

#include "pageops.h"
#include "xen_public.h"
#include "wl.h"
#include <stdbool.h>

/* Per channel and side; zero until first use. */
struct wlx_pages {
    bool ready;
    /* client: accepting entries for the pages coming back (MOVE), the
     * read-only grants of a SHARE or COPY */
    grant_ref_t ret[WL_PAGES_MAX];
    grant_ref_t granted[WL_PAGES_MAX];
    /* server: the window (holes whose own frames went back to Xen, where
     * moved frames land and grants are mapped), the copy pages, the
     * accepting entries for moves into the window, the grant handles of a
     * SHARE and the current request's batch */
    uint8_t *window;
    uint8_t *copybuf;
    grant_ref_t accept[WL_PAGES_MAX];
    grant_handle_t handles[WL_PAGES_MAX];
    uint32_t mech, n, bytes;
    uint32_t gref[WL_PAGES_MAX];
    struct pg_cost cost;
};

struct wl_chan;

/* The error a client gets for MOVE towards dom0 (no transfer from a dom0
 * process through Debian's libxengnttab). */
#define WLX_ENOMOVE (-XEN_EOPNOTSUPP)

/* Server, once per channel before serving: the window and the accepting
 * entries, published to the client.  0 or a negative errno. */
int wlx_pages_serve_setup(struct wl_chan *ch);
/* Server, for a request that carries pages: take them in and describe them
 * in *got.  0, or a negative errno (the handler must not run; the error
 * has been written for the client). */
int wlx_pages_begin(struct wl_chan *ch, struct wl_pages *got);
/* Server, after the handler: give back or unmap, and write the response's
 * page part.  0 or a negative errno (written for the client too). */
int wlx_pages_end(struct wl_chan *ch);

/* Test seam (pagetest.c): called by the client just before it sends a
 * request with pages, with the request's page references (which it may
 * spoil, to test the server) and, for MOVE, the pages' old frames, the
 * peer and the peer's accepting entries the pages went to (else NULL); a
 * non-zero return fails the call.  NULL normally. */
typedef int (*wlx_send_hook_t)(const struct wl_pages *give, uint32_t *gref,
                               const xen_pfn_t *old_mfns, domid_t peer,
                               const grant_ref_t *peer_accept);
extern wlx_send_hook_t wlx_send_hook;
/* Test seam: the server probes its window after unmapping or giving back
 * and fails the call with -XEN_EFAULT if a page is still reachable. */
extern bool wlx_pages_paranoid;

#endif
