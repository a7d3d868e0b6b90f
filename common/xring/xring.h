/* SPDX-License-Identifier: MIT */
/*
 * The shared-ring format of a xenguest channel: what a client (the front,
 * which owns and grants the memory) and a server (the back, which maps
 * it) agree on.  Included by the guest (xenside/guest, freestanding) and
 * by dom0 peer programs (xenside/dom0/peer, hosted), so it needs only
 * <stddef.h>, <stdint.h>, <string.h> (memcpy) and GCC's atomic builtins,
 * no Xen header.
 *
 * Memory: XRING_PAGES pages, all granted by the front to the back:
 *   page 0            struct xring_shared: indices, descriptors, and the
 *                     grant refs of the data pages (data_gref[])
 *   request slot i    data page data_gref[i]
 *   response slot i   data page data_gref[XRING_SLOTS + i]
 * so the front publishes just page 0's grant ref and its event-channel
 * port; the back learns everything else from page 0.  One slot carries up
 * to XRING_SLOT_SIZE payload bytes (a whole page).
 *
 * Indices are free-running uint32_t, slot = index % XRING_SLOTS, and each
 * has exactly one writer:
 *   req_prod: front   req_cons: back   rsp_prod: back   rsp_cons: front
 * A producer fills the slot's data page and descriptor, then stores its
 * prod index with release order (the peer must not see the index before
 * the bytes), then notifies the event channel.  A consumer loads prod with
 * acquire order, reads descriptor and data, then stores its cons index with
 * release order (the producer reuses the slot once it sees cons).  Every
 * index has its own cache line so the sides do not false-share.
 *
 * Notification: every produce is followed by a notify.  A consumer that
 * finds the ring empty blocks on its event channel; it clears its port's
 * pending bit before re-checking the ring (a full barrier: an atomic
 * read-modify-write), so a notify sent after the check ends the block at
 * once and no wakeup is lost.
 *
 * The ring operations themselves (below) are shared by the guest
 * (xenside/guest/channel.c) and the dom0 peer (xenside/dom0/peer/dchan.c):
 * the same stores in the same order on both sides.  They never wait or
 * notify; each side waits for the peer's prod index, calls them, notifies,
 * and maps the XRING_E* codes below to its own error numbers.
 */
#ifndef COMMON_XRING_H
#define COMMON_XRING_H

#include <stddef.h>
#include <stdint.h>
#include <string.h> /* memcpy: common/freestanding in the guest, libc in dom0 */

#define XRING_MAGIC 0x676e6972u /* "ring" */
#define XRING_VERSION 1u
#define XRING_SLOTS 4u
#define XRING_SLOT_SIZE 4096u
#define XRING_DATA_PAGES (2 * XRING_SLOTS)
#define XRING_PAGES (1 + XRING_DATA_PAGES)
#define XRING_LINE 64

struct xring_desc {
    uint32_t len; /* payload bytes in the slot's data page */
    uint32_t id;  /* request id, echoed in the response */
};

struct xring_shared {
    uint32_t magic;     /* XRING_MAGIC once the front has set the page up */
    uint32_t version;   /* XRING_VERSION */
    uint32_t slots;     /* XRING_SLOTS */
    uint32_t slot_size; /* XRING_SLOT_SIZE */
    uint32_t data_gref[XRING_DATA_PAGES];
    uint32_t req_prod __attribute__((aligned(XRING_LINE)));
    uint32_t req_cons __attribute__((aligned(XRING_LINE)));
    uint32_t rsp_prod __attribute__((aligned(XRING_LINE)));
    uint32_t rsp_cons __attribute__((aligned(XRING_LINE)));
    struct xring_desc req[XRING_SLOTS] __attribute__((aligned(XRING_LINE)));
    struct xring_desc rsp[XRING_SLOTS] __attribute__((aligned(XRING_LINE)));
};

_Static_assert(sizeof(struct xring_shared) <= 4096, "xring_shared must fit in one page");
_Static_assert((XRING_SLOTS & (XRING_SLOTS - 1)) == 0, "XRING_SLOTS must be a power of two");

/* The peer's index: acquire, so its slot contents are visible after it. */
static inline uint32_t xring_load(const uint32_t *index)
{
    return __atomic_load_n(index, __ATOMIC_ACQUIRE);
}

/* Our index: release, so the slot contents are visible before it. */
static inline void xring_store(uint32_t *index, uint32_t value)
{
    __atomic_store_n(index, value, __ATOMIC_RELEASE);
}

static inline uint32_t xring_slot(uint32_t index)
{
    return index & (XRING_SLOTS - 1);
}

/* One end of a ring, as this side has it mapped. */
struct xring_end {
    struct xring_shared *shared;
    uint8_t *req_page[XRING_SLOTS]; /* request slot i's data page */
    uint8_t *rsp_page[XRING_SLOTS]; /* response slot i's data page */
    uint32_t id; /* front: last request id sent; back: id of the current request */
};

/* The ring operations, written once for both users: the guest
 * (channel.c, freestanding) and the dom0 peer (dchan.c, hosted).  Pure
 * memory operations on the mapped pages: no waiting, no notifying, no
 * hypercall or system call.  Inline, because they sit on the timed path.
 * The back advances req_cons only when it publishes the response, so the
 * request slot stays untouched by the front while the handler reads it and
 * the response is written in place (zero copy on the back's side).
 *
 * Results: a length (>= 0) or one of these. */
#define XRING_EFULL (-1)   /* all XRING_SLOTS requests in flight */
#define XRING_ETOOLONG (-2) /* len > XRING_SLOT_SIZE */
#define XRING_EBADDESC (-3) /* the peer's descriptor: len too big or wrong id */

/* Front: copy len bytes into the next request slot, give it the next id
 * and publish it (release req_prod).  0, XRING_EFULL or XRING_ETOOLONG. */
static inline int xring_send_req(struct xring_end *e, const void *req, size_t len)
{
    struct xring_shared *s = e->shared;
    if (len > XRING_SLOT_SIZE)
        return XRING_ETOOLONG;
    uint32_t prod = s->req_prod;
    if (prod - xring_load(&s->req_cons) >= XRING_SLOTS)
        return XRING_EFULL; /* only with more than XRING_SLOTS calls in flight */
    uint32_t slot = xring_slot(prod);
    memcpy(e->req_page[slot], req, len);
    s->req[slot].len = (uint32_t)len;
    s->req[slot].id = ++e->id;
    xring_store(&s->req_prod, prod + 1);
    return 0;
}
/* Front, once rsp_prod != rsp_cons: check the response to the last
 * request, copy up to resp_max bytes of it out and retire it (release
 * rsp_cons).  Its length or XRING_EBADDESC (then nothing is retired). */
static inline long xring_take_rsp(struct xring_end *e, void *resp, size_t resp_max)
{
    struct xring_shared *s = e->shared;
    uint32_t cons = s->rsp_cons;
    uint32_t slot = xring_slot(cons);
    struct xring_desc d = s->rsp[slot];
    if (d.len > XRING_SLOT_SIZE || d.id != e->id)
        return XRING_EBADDESC;
    memcpy(resp, e->rsp_page[slot], d.len < resp_max ? d.len : resp_max);
    xring_store(&s->rsp_cons, cons + 1);
    return d.len;
}
/* Back, once req_prod != req_cons: point *req at the next request's bytes
 * (valid until xring_send_rsp) and note its id.  Its length or
 * XRING_EBADDESC.  The request stays unconsumed. */
static inline long xring_peek_req(struct xring_end *e, const void **req)
{
    struct xring_shared *s = e->shared;
    uint32_t slot = xring_slot(s->req_cons);
    struct xring_desc d = s->req[slot];
    if (d.len > XRING_SLOT_SIZE)
        return XRING_EBADDESC;
    e->id = d.id;
    *req = e->req_page[slot];
    return d.len;
}
/* Back: where the response to the current request is to be written. */
static inline void *xring_rsp_buf(struct xring_end *e)
{
    return e->rsp_page[xring_slot(e->shared->rsp_prod)];
}
/* Back: publish len bytes of xring_rsp_buf() (release rsp_prod), then
 * retire the request (release req_cons).  0 or XRING_ETOOLONG. */
static inline int xring_send_rsp(struct xring_end *e, size_t len)
{
    struct xring_shared *s = e->shared;
    if (len > XRING_SLOT_SIZE)
        return XRING_ETOOLONG;
    uint32_t prod = s->rsp_prod;
    uint32_t slot = xring_slot(prod);
    s->rsp[slot].len = (uint32_t)len;
    s->rsp[slot].id = e->id;
    xring_store(&s->rsp_prod, prod + 1);
    xring_store(&s->req_cons, s->req_cons + 1);
    return 0;
}

#endif
