/* SPDX-License-Identifier: MIT */
/*
 * wl.h's page hand-over on Xen (wl_call_pages, and wl_serve's part when a
 * request carries pages), domU to domU over a guest channel; the request
 * says what travels in the ring page's xpages area (common/xring/
 * xpages.h), the mechanisms are pageops.c's.  Per mechanism, in order:
 *
 * MOVE   client: arm n accepting entries for the way back (slots of its
 *        own pages), unmap its n pages (one multicall), GNTTABOP_transfer
 *        them to the server's standing accepting entries, send.
 *        server: map the n frames that came at its window (one multicall),
 *        handler, unmap (one multicall), GNTTABOP_transfer them to the
 *        client's entries, re-arm its own entries, answer.
 *        client: map the frames that came back at give->base (one
 *        multicall).  The same frames make the round trip; the client's
 *        reservation dips by n and comes back, the server's rises by n and
 *        comes back, within the room its window's released frames left.
 * SHARE  client: grant its n pages read-only (grant-table writes), send.
 *        server: map the n grants read-only at its window (one
 *        GNTTABOP_map_grant_ref), handler, unmap (one
 *        GNTTABOP_unmap_grant_ref), answer.  client: end the n grants
 *        (each must no longer be in use).
 * COPY   client: grant read-only, send.  server: GNTTABOP_copy of `bytes`
 *        bytes of each grant into its own copy pages (one call, the
 *        receiver pulls), handler, answer.  client: end the grants.
 *
 * Counts (struct wl_page_counts), both sides summed, the server's half
 * returned in the xpages response: PTEs written by the multicalls and
 * grant maps/unmaps, bytes GNTTABOP_copy copied, and mech_time = the
 * timestamp units inside exactly those hypercalls (multicall of
 * update_va_mapping, GNTTABOP_transfer, GNTTABOP_map_grant_ref,
 * GNTTABOP_unmap_grant_ref, GNTTABOP_copy), each timed alone with the
 * timer's cost taken off.  Not in mech_time: grant-table entry writes
 * (granting, ending, arming: plain memory), the request/response and its
 * event-channel notify and poll.
 *
 * MOVE towards dom0 is refused (WLX_ENOMOVE): a dom0 process has no
 * transfer through Debian's libxengnttab (xenside/dom0/peer/README.md).
 */
#include "wl_pages.h"
#include "events.h"
#include "gnttab.h"
#include "mm.h"
#include "probe.h"
#include "string.h"
#include "time.h"
#include "wl_xen.h"
#include "xpages.h"

#define WLX_READY_NS (30 * TIME_S)

wlx_send_hook_t wlx_send_hook;
bool wlx_pages_paranoid;

static bool wlx_valid(const struct wl_pages *g)
{
    return g != NULL && g->n >= 1 && g->n <= WL_PAGES_MAX && g->bytes >= 1 &&
           g->bytes <= WL_PAGE_SIZE && mm_in_image(g->base, g->n) &&
           (g->mech == WL_PAGES_MOVE || g->mech == WL_PAGES_SHARE || g->mech == WL_PAGES_COPY);
}

/* ---- client ---- */

uint8_t *wl_pages_alloc(uint32_t n)
{
    if (n == 0 || n > WL_PAGES_MAX)
        return NULL;
    uint8_t *first = mm_page_alloc();
    for (uint32_t i = 1; first != NULL && i < n; i++)
        if (mm_page_alloc() != first + i * WL_PAGE_SIZE)
            return NULL; /* the pool hands pages out in order */
    return first;
}

/* Wait (asleep) until the server has published its accepting entries. */
static int wlx_wait_ready(struct chan *c, struct xpages_area *a)
{
    uint64_t deadline = time_now_ns() + WLX_READY_NS;
    while (xring_load(&a->back.ready) != XPAGES_READY) {
        if (time_now_ns() >= deadline)
            return -XEN_ETIMEDOUT;
        int rc = evtchn_wait(c->port, TIME_MS);
        if (rc != 0 && rc != -XEN_ETIMEDOUT)
            return rc;
    }
    return 0;
}

/* MOVE gone wrong: pages that are not here (not given, or not come back)
 * are no longer accepted, and their slots are refilled with fresh frames
 * so that our memory stays whole; their contents are lost. */
static void wlx_refill(struct wl_chan *ch, const struct wl_pages *give)
{
    for (unsigned int i = 0; i < give->n; i++) {
        uint8_t *page = give->base + i * WL_PAGE_SIZE;
        if (gnttab_accept_disarm(ch->pages.ret[i]) == 0 && mm_mfn(page) == MM_NO_MFN)
            mm_populate(page);
    }
}

static int wlx_move_out(struct wl_chan *ch, const struct wl_pages *give, struct xpages_req *r,
                        struct pg_cost *cost)
{
    struct chan *c = &ch->chan;
    struct wlx_pages *p = &ch->pages;
    struct xpages_area *a = xpages_area(c->ring.shared);
    if (c->peer == 0)
        return WLX_ENOMOVE;
    int rc = wlx_wait_ready(c, a);
    if (rc != 0)
        return rc;
    if (a->back.naccept < give->n)
        return -XEN_E2BIG;
    grant_ref_t to[WL_PAGES_MAX];
    memcpy(to, a->back.accept, give->n * sizeof(to[0]));
    if (p->ret[WL_PAGES_MAX - 1] == 0) { /* refs 0..7 are the toolstack's, never ours */
        for (unsigned int i = 0; i < WL_PAGES_MAX; i++) {
            if (p->ret[i] != 0)
                continue;
            long ref = gnttab_accept(c->peer, 0);
            if (ref < 0)
                return (int)ref;
            gnttab_accept_disarm((grant_ref_t)ref); /* armed only during a call */
            p->ret[i] = (grant_ref_t)ref;
        }
    }
    xen_pfn_t old[WL_PAGES_MAX];
    for (unsigned int i = 0; i < give->n; i++) {
        uint8_t *page = give->base + i * WL_PAGE_SIZE;
        gnttab_accept_rearm(p->ret[i], c->peer, mm_pfn(page));
        r->gref[i] = p->ret[i];
        old[i] = mm_mfn(page);
    }
    rc = pg_give(c->peer, give->base, give->n, to, cost);
    if (rc != 0) {
        wlx_refill(ch, give); /* what went is the server's now */
        return rc;
    }
    if (wlx_send_hook != NULL)
        rc = wlx_send_hook(give, r->gref, old, c->peer, to);
    return rc;
}

/* SHARE, COPY: grant the pages read-only; on failure none stays granted. */
static int wlx_grant(struct wl_chan *ch, const struct wl_pages *give, struct xpages_req *r)
{
    grant_ref_t *mine = ch->pages.granted;
    for (unsigned int i = 0; i < give->n; i++) {
        long ref = gnttab_grant(ch->chan.peer, give->base + i * WL_PAGE_SIZE, true);
        if (ref < 0) {
            while (i-- > 0)
                gnttab_end(mine[i]);
            return (int)ref;
        }
        mine[i] = (grant_ref_t)ref;
        r->gref[i] = (uint32_t)ref;
    }
    return 0;
}

/* After the answer: take the moved pages back, or end the grants. */
static int wlx_return(struct wl_chan *ch, const struct wl_pages *give, struct pg_cost *cost)
{
    if (give->mech == WL_PAGES_MOVE) {
        unsigned int got;
        int rc = pg_take(give->base, give->n, ch->pages.ret, &got, cost);
        if (rc != 0)
            wlx_refill(ch, give);
        return rc;
    }
    int first = 0;
    for (unsigned int i = 0; i < give->n; i++) {
        int rc = gnttab_end(ch->pages.granted[i]); /* -XEN_EBUSY while the server maps it */
        if (rc != 0 && first == 0)
            first = rc;
    }
    return first;
}

int wl_pages_can(wl_chan_t *ch, enum wl_page_mech mech)
{
    if (mech == WL_PAGES_MOVE)
        return ch->chan.peer != 0; /* no transfer from dom0 user space */
    return mech == WL_PAGES_SHARE || mech == WL_PAGES_COPY;
}

long wl_call_pages(wl_chan_t *ch, const struct wl_pages *give, const void *req, size_t len,
                   void *resp, size_t resp_max, struct wl_page_counts *counts)
{
    memset(counts, 0, sizeof(*counts));
    if (!wlx_valid(give) || len > WL_MSG_MAX)
        return -XEN_EINVAL;
    struct chan *c = &ch->chan;
    struct xring_shared *s = c->ring.shared;
    struct xpages_area *a = xpages_area(s);
    uint32_t slot = xring_slot(s->req_prod);
    struct xpages_req *r = &a->req[slot];
    struct pg_cost cost = { 0 };
    int rc = give->mech == WL_PAGES_MOVE ? wlx_move_out(ch, give, r, &cost)
                                         : wlx_grant(ch, give, r);
    if (rc == 0 && give->mech != WL_PAGES_MOVE && wlx_send_hook != NULL) {
        rc = wlx_send_hook(give, r->gref, NULL, c->peer, NULL);
        if (rc != 0)
            wlx_return(ch, give, &cost);
    }
    if (rc != 0)
        return rc;
    r->mech = give->mech == WL_PAGES_MOVE ? XPAGES_MOVE
              : give->mech == WL_PAGES_SHARE ? XPAGES_SHARE : XPAGES_COPY;
    r->n = give->n;
    r->bytes = give->bytes;
    r->id = c->ring.id + 1; /* the id chan_call's request gets (xpages.h) */
    long got = chan_call(c, req, len, resp, resp_max, 0);
    const struct xpages_rsp *rp = &a->rsp[slot];
    bool answered = got >= 0 && rp->id == r->id;
    rc = wlx_return(ch, give, &cost);
    counts->bytes_copied = cost.copied;
    counts->pages_mapped = cost.mapped;
    counts->pages_unmapped = cost.unmapped;
    counts->mech_time = cost.time;
    if (answered) {
        counts->bytes_copied += rp->bytes_copied;
        counts->pages_mapped += rp->pages_mapped;
        counts->pages_unmapped += rp->pages_unmapped;
        counts->mech_time += rp->mech_time;
    }
    if (got < 0)
        return got;
    if (!answered)
        return -XEN_EBADMSG;
    if (rp->status < 0)
        return rp->status;
    return rc != 0 ? rc : got;
}

/* ---- server ---- */

int wlx_pages_serve_setup(struct wl_chan *ch)
{
    struct wlx_pages *p = &ch->pages;
    struct chan *c = &ch->chan;
    if (p->ready)
        return 0;
    p->window = mm_hole_alloc(WL_PAGES_MAX);
    p->copybuf = mm_page_alloc();
    for (unsigned int i = 1; p->copybuf != NULL && i < WL_PAGES_MAX; i++)
        if (mm_page_alloc() != p->copybuf + i * WL_PAGE_SIZE)
            return -XEN_ENOMEM; /* the pool hands pages out in order */
    if (p->window == NULL || p->copybuf == NULL)
        return -XEN_ENOMEM;
    /* The window's own frames go back to Xen: its slots are where moved
     * frames land, and the room they leave in our reservation is what lets
     * WL_PAGES_MAX frames come in (maxmem need not exceed memory). */
    int rc = mm_release(p->window, WL_PAGES_MAX);
    if (rc != 0)
        return rc;
    struct xpages_area *a = xpages_area(c->ring.shared);
    for (unsigned int i = 0; i < WL_PAGES_MAX; i++) {
        long ref = gnttab_accept(c->peer, mm_pfn(p->window + i * WL_PAGE_SIZE));
        if (ref < 0)
            return (int)ref;
        p->accept[i] = (grant_ref_t)ref;
        a->back.accept[i] = (uint32_t)ref;
    }
    a->back.naccept = WL_PAGES_MAX;
    xring_store(&a->back.ready, XPAGES_READY);
    p->ready = true;
    return 0;
}

static void wlx_rearm(struct wl_chan *ch, unsigned int n)
{
    struct wlx_pages *p = &ch->pages;
    for (unsigned int i = 0; i < n; i++)
        gnttab_accept_rearm(p->accept[i], ch->chan.peer, mm_pfn(p->window + i * WL_PAGE_SIZE));
}

/* MOVE: the window's slots are empty again whatever happened: a frame
 * still there (not given back) goes to Xen. */
static void wlx_empty_window(struct wl_chan *ch, unsigned int n)
{
    struct wlx_pages *p = &ch->pages;
    for (unsigned int i = 0; i < n; i++) {
        uint8_t *page = p->window + i * WL_PAGE_SIZE;
        if (mm_mfn(page) != MM_NO_MFN) {
            struct pg_cost undo = { 0 };
            pg_unmap(page, 1, &undo);
            mm_release(page, 1);
        }
    }
}

static int wlx_answer(struct wl_chan *ch, int status)
{
    const struct pg_cost *c = &ch->pages.cost;
    return xpages_answer(ch->chan.ring.shared, ch->chan.ring.id, status, c->copied, c->mapped,
                         c->unmapped, c->time);
}

int wlx_pages_begin(struct wl_chan *ch, struct wl_pages *got)
{
    struct wlx_pages *p = &ch->pages;
    struct chan *c = &ch->chan;
    struct xring_shared *s = c->ring.shared;
    const struct xpages_req *r = &xpages_area(s)->req[xring_slot(s->req_cons)];
    /* Our own copy: the client could rewrite its entry while we work. */
    p->mech = r->mech;
    p->n = r->n;
    p->bytes = r->bytes;
    memset(&p->cost, 0, sizeof(p->cost));
    if (p->n < 1 || p->n > WL_PAGES_MAX || p->bytes < 1 || p->bytes > WL_PAGE_SIZE) {
        p->mech = 0;
        return wlx_answer(ch, -XEN_EINVAL);
    }
    memcpy(p->gref, r->gref, p->n * sizeof(p->gref[0]));
    int rc;
    got->n = p->n;
    got->bytes = p->bytes;
    got->base = p->window;
    switch (p->mech) {
    case XPAGES_MOVE: {
        unsigned int came;
        got->mech = WL_PAGES_MOVE;
        rc = pg_take(p->window, p->n, p->accept, &came, &p->cost);
        if (rc != 0) {
            /* Give back whatever did come, one by one, and say no. */
            for (unsigned int i = 0; i < p->n; i++) {
                uint8_t *page = p->window + i * WL_PAGE_SIZE;
                if (mm_mfn(page) != MM_NO_MFN)
                    pg_give(c->peer, page, 1, &p->gref[i], &p->cost);
            }
            wlx_empty_window(ch, p->n);
            wlx_rearm(ch, p->n);
        }
        break;
    }
    case XPAGES_SHARE:
        got->mech = WL_PAGES_SHARE;
        rc = pg_map_grants(c->peer, p->gref, p->n, p->window, true, p->handles, &p->cost);
        break;
    case XPAGES_COPY:
        got->mech = WL_PAGES_COPY;
        got->base = p->copybuf;
        rc = pg_copy_grants(c->peer, p->gref, p->n, (uint16_t)p->bytes, p->copybuf, &p->cost);
        break;
    default:
        rc = -XEN_EINVAL;
    }
    if (rc != 0) {
        p->mech = 0;
        return wlx_answer(ch, rc);
    }
    return 0;
}

int wlx_pages_end(struct wl_chan *ch)
{
    struct wlx_pages *p = &ch->pages;
    int rc = 0;
    if (p->mech == XPAGES_MOVE) {
        rc = pg_give(ch->chan.peer, p->window, p->n, p->gref, &p->cost);
        if (rc != 0)
            wlx_empty_window(ch, p->n);
        wlx_rearm(ch, p->n);
    } else if (p->mech == XPAGES_SHARE) {
        rc = pg_unmap_grants(p->window, p->handles, p->n, &p->cost);
    }
    if (wlx_pages_paranoid && (p->mech == XPAGES_MOVE || p->mech == XPAGES_SHARE)) {
        for (unsigned int i = 0; i < p->n && rc == 0; i++)
            if (probe_read(p->window + i * WL_PAGE_SIZE) == 0)
                rc = -XEN_EFAULT;
    }
    p->mech = 0;
    return wlx_answer(ch, rc);
}
