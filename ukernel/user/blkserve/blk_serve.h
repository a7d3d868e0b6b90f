/* SPDX-License-Identifier: MIT */
/*
 * The server side of the block protocol (user/ramdisk/ramdisk.h), shared
 * by the RAM-disk server and the virtio-blk driver: receiving, the
 * connect (the client's buffers land at RD_AREA_VA), the parsing of a
 * batch and every check a request gets.  A backend only moves the data
 * of the requests that passed them: it starts each, then finishes all of
 * a message at once (so a driver can start a whole batch with one
 * notification; the RAM disk just copies in start()).
 *
 * All of it is static inline, and each server includes it once with its
 * own constant backend: the compiler then calls the backend directly
 * (inlined), so sharing the code costs the RAM disk's requests nothing
 * over the server they were measured with.
 *
 * Whatever a client sends, the server answers and goes on: a bad request
 * gets a negative status, a malformed message a negative message status.
 * A caller that gave up (its timeout) makes the reply fail with
 * UK_ETIMEOUT; the server then simply receives again.
 */
#ifndef UK_BLK_SERVE_H
#define UK_BLK_SERVE_H

#include "ramdisk.h"
#include "string.h"
#include <stdbool.h>
#include <stddef.h>

struct bs_backend {
    /* Area pages [first, first + n) were just mapped (a connect step);
     * 0, or a UK_E* code that refuses them. */
    long (*shared)(uint64_t first, uint64_t n);
    /* Request i of a message, which passed the checks (inside the disk
     * and the shared area, whole sectors, 1..RD_REQ_BYTES_MAX): do it,
     * or start it; its status (0 done, or a negative UK_E* code). */
    int32_t (*start)(const struct rd_desc *d, uint32_t i, bool write);
    /* After the last request of a message: wait for those started and
     * fill in their status[i] (NULL: start() finishes each). */
    void (*finish)(int32_t *status);
};

/* What a server keeps between messages. */
struct bs_state {
    /* Long messages land here: at most RD_BATCH_MAX descriptors are
     * valid, one more tells a longer message apart (UK_INFO_TRUNC). */
    struct rd_desc rbuf[RD_BATCH_MAX + 1];
    uint64_t shared; /* bytes of the area the client has mapped */
};

/* One descriptor: 0, or why it is refused. */
static inline int32_t bs_check(const struct bs_state *s, const struct rd_desc *d)
{
    if (!d->bytes || d->bytes % RD_SECTOR || d->bytes > RD_REQ_BYTES_MAX)
        return UK_EINVAL;
    if (d->offset > s->shared || d->bytes > s->shared - d->offset)
        return UK_EFAULT; /* not memory the client gave us */
    if (d->sector >= RD_SECTORS || d->bytes / RD_SECTOR > RD_SECTORS - d->sector)
        return UK_EINVAL;
    return 0;
}

/* A batch; fills m with the reply.  Returns the message status. */
static inline long bs_reqs(const struct bs_backend *b, struct bs_state *s, struct uk_msg *m,
                           uint32_t label)
{
    uint32_t n = RD_LABEL_COUNT(label), writes = RD_LABEL_WRITES(label);
    uint64_t len = m->info & UK_INFO_LEN_MASK;
    const struct rd_desc *d;
    struct rd_desc regs[RD_REG_DESCS];
    int32_t status[RD_BATCH_MAX] = { 0 };

    if (!n || n > RD_BATCH_MAX || writes >> n || m->info & UK_INFO_TRUNC)
        return UK_EINVAL;
    if (len) { /* a long message: exactly n descriptors */
        if (len != n * sizeof(struct rd_desc))
            return UK_EINVAL;
        d = s->rbuf;
    } else { /* in the registers */
        if (n > RD_REG_DESCS)
            return UK_EINVAL;
        memcpy(regs, m->mr, sizeof(regs));
        d = regs;
    }
    for (uint32_t i = 0; i < n; i++)
        if (!(status[i] = bs_check(s, &d[i])))
            status[i] = b->start(&d[i], i, writes >> i & 1);
    if (b->finish)
        b->finish(status);
    memcpy(m->mr, status, sizeof(status));
    return 0;
}

/* A connect step: the pages landed at RD_AREA_VA + shared.  Only
 * writable pages of a map count (reads write into them); anything else
 * is refused, and stays where it landed (the client's own doing). */
static inline long bs_share(const struct bs_backend *b, struct bs_state *s, struct uk_msg *m,
                            uint64_t item)
{
    if (!(m->info & UK_INFO_ITEM))
        return UK_EINVAL;
    if ((item >> UK_ITEM_KIND_SHIFT & 3) != UK_ITEM_MAP || !(item & UK_ITEM_WRITE))
        return UK_EPERM;
    uint64_t pages = (item & 0x3f) + 1;
    long e = b->shared(s->shared / UK_PAGE_SIZE, pages);
    if (e)
        return e;
    s->shared += pages * UK_PAGE_SIZE;
    m->mr[0] = RD_SECTORS;
    return 0;
}

/* The rest of the area, at most one item's worth: no share can reach
 * past RD_AREA_BYTES, so the area is the client's 16 buffers exactly. */
static inline uint64_t bs_window(const struct bs_state *s)
{
    uint64_t pages = (RD_AREA_BYTES - s->shared) / UK_PAGE_SIZE;
    return UK_WINDOW(RD_AREA_VA + s->shared, pages < RD_CHUNK_PAGES ? pages : RD_CHUNK_PAGES);
}

/* Serve the protocol on RD_EP_SLOT for good.  flags: RD_FLAG_*;
 * preset: bytes of the area already mapped when it starts (a restarted
 * driver, whose client's buffers root mapped again), 0 for a fresh
 * server. */
static inline _Noreturn void bs_serve(const struct bs_backend *b, struct bs_state *s,
                                      uint64_t flags, uint64_t preset)
{
    struct uk_msg m = { 0, { 0, 0, 0, 0 } };
    uint64_t item = 0, window = 0;
    long e = -1;

    if (preset && (preset > RD_AREA_BYTES || b->shared(0, preset / UK_PAGE_SIZE)))
        uk_thread_exit((uint64_t)UK_EINVAL);
    s->shared = preset;
    for (;;) {
        /* While the area has room, every receive offers its next chunk
         * as the window (an item lands nowhere else). */
        uint64_t info = 0;
        if (s->shared < RD_AREA_BYTES) {
            window = bs_window(s);
            info = UK_INFO_WINDOW;
        }
        if (e) { /* nothing to answer: the first receive, or the last reply failed */
            m.info = info;
            e = uk_ipc_items(UK_SYS_RECV, RD_EP_SLOT, &m, &item, window, NULL, s->rbuf,
                             sizeof(s->rbuf), NULL);
            if (e)
                uk_thread_exit((uint64_t)e); /* the endpoint is gone */
        }
        uint32_t label = (uint32_t)(m.info >> UK_INFO_LABEL_SHIFT);
        long st = UK_EINVAL;
        if (label & ~RD_LABEL_USED)
            st = UK_EINVAL;
        else if (RD_LABEL_KIND(label) == RD_MSG_SHARE)
            st = bs_share(b, s, &m, item);
        else if (RD_LABEL_KIND(label) == RD_MSG_REQS) {
            if (flags & RD_FLAG_STALL) /* never answer: wait for what never comes */
                while (!uk_recv(RD_EP_SLOT, 0, &m, NULL, 0, NULL))
                    ;
            if (!(m.info & UK_INFO_ITEM))
                st = bs_reqs(b, s, &m, label);
        }
        if (s->shared < RD_AREA_BYTES) /* the window may have moved */
            window = bs_window(s);
        else
            info = 0;
        m.info = (uint64_t)(uint32_t)(int32_t)st << UK_INFO_LABEL_SHIFT | info;
        item = 0;
        e = uk_ipc_items(UK_SYS_REPLY_RECV, RD_EP_SLOT, &m, &item, window, NULL, s->rbuf,
                         sizeof(s->rbuf), NULL);
    }
}

#endif
