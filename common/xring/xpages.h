/* SPDX-License-Identifier: MIT */
/*
 * Page hand-over on an xring channel (wl.h's wl_call_pages, claim C3):
 * what a request that carries pages tells the server besides its bytes,
 * and what the server tells back.  It lives in the ring page (page 0 of
 * the channel, struct xring_shared) from XPAGES_OFFSET on, so the ring's
 * own format, and ping-pong's path through it, are unchanged: a plain
 * request never touches this area.  Shared by the guest (xenside/guest/
 * wl_pages.c) and the dom0 peer (xenside/dom0/peer/wl_dom0_pages.c).
 *
 * Which requests carry pages: before sending, the front writes
 * req[slot] and sets req[slot].id to the id the request is about to get
 * (xring_end.id + 1).  The back, having peeked a request of id I in
 * slot s, treats it as a page request iff req[s].id == I (ids are unique
 * and never 0, so a stale entry never matches a later plain request).
 * The back answers in rsp[s] with the same id before it publishes the
 * response; the front reads it after xring_take_rsp.
 *
 * MOVE needs the back's accept entries (GTF_accept_transfer) before the
 * first request: the back arms them once per channel, writes their refs
 * into back.accept[] and then stores back.ready = XPAGES_READY (release);
 * the front transfers page i to back.accept[i].  A back that cannot
 * accept transfers (a dom0 process) never sets ready.
 */
#ifndef COMMON_XPAGES_H
#define COMMON_XPAGES_H

#include <stdint.h>

#include "xring.h"

#define XPAGES_OFFSET 1024u
#define XPAGES_MAX 64u
#define XPAGES_READY 0x79646572u /* "redy" */

enum xpages_mech { XPAGES_MOVE = 1, XPAGES_SHARE = 2, XPAGES_COPY = 3 };

/* Written by the front. */
struct xpages_req {
    uint32_t id;   /* the request's xring id when this slot's request carries pages */
    uint32_t mech; /* enum xpages_mech */
    uint32_t n;    /* pages, 1..XPAGES_MAX */
    uint32_t bytes; /* bytes of each page that matter, 1..4096 */
    /* SHARE, COPY: the front's read-only grants of its n pages;
     * MOVE: the front's accept entries for the pages coming back */
    uint32_t gref[XPAGES_MAX];
};

/* Written by the back. */
struct xpages_rsp {
    uint32_t id;
    int32_t status; /* 0, or the back's negative error (the handler did not run) */
    /* the back's share of wl.h's struct wl_page_counts */
    uint64_t bytes_copied;
    uint64_t pages_mapped;
    uint64_t pages_unmapped;
    int64_t mech_time;
};

struct xpages_back {
    uint32_t ready;  /* XPAGES_READY once accept[] is armed */
    uint32_t naccept;
    uint32_t accept[XPAGES_MAX];
};

struct xpages_area {
    struct xpages_req req[XRING_SLOTS];
    struct xpages_rsp rsp[XRING_SLOTS];
    struct xpages_back back;
};

_Static_assert(XPAGES_OFFSET >= sizeof(struct xring_shared), "xpages overlaps the ring header");
_Static_assert(XPAGES_OFFSET + sizeof(struct xpages_area) <= XRING_SLOT_SIZE,
               "xpages must fit in the ring page");

static inline struct xpages_area *xpages_area(struct xring_shared *s)
{
    return (struct xpages_area *)((uint8_t *)s + XPAGES_OFFSET);
}

/* The back's answer to the request it is serving (the one at req_cons,
 * whose ring id is id): its status and its share of the counts. */
static inline int xpages_answer(struct xring_shared *s, uint32_t id, int status, uint64_t copied,
                                uint64_t mapped, uint64_t unmapped, int64_t time)
{
    struct xpages_rsp *rp = &xpages_area(s)->rsp[xring_slot(s->req_cons)];
    rp->status = status;
    rp->bytes_copied = copied;
    rp->pages_mapped = mapped;
    rp->pages_unmapped = unmapped;
    rp->mech_time = time;
    rp->id = id;
    return status;
}

#endif
