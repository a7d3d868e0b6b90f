/* SPDX-License-Identifier: MIT */
/*
 * The shared-ring format of a xenguest channel: what a client (the front,
 * which owns and grants the memory) and a server (the back, which maps
 * it) agree on.  Meant to be included by dom0 peer programs as well, so it
 * needs only <stdint.h> and GCC's atomic builtins, no Xen header.
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
 */
#ifndef XENGUEST_XRING_H
#define XENGUEST_XRING_H

#include <stdint.h>

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

#endif
