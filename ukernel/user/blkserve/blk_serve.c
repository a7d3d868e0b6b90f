/* SPDX-License-Identifier: MIT */
/*
 * See blk_serve.h.  The server holds its one client's buffers at
 * RD_AREA_VA, mapped there by the client's connect; a request only names
 * offsets, so the whole check per request is arithmetic on bounds.
 *
 * Whatever a client sends, the server answers and goes on: a bad request
 * gets a negative status, a malformed message a negative message status.
 * A caller that gave up (its timeout) makes the reply fail with
 * UK_ETIMEOUT; the server then simply receives again.
 */
#include "blk_serve.h"
#include "string.h"

/* Long messages land here: at most RD_BATCH_MAX descriptors are valid,
 * one more tells a longer message apart (it is cut: UK_INFO_TRUNC). */
static struct rd_desc rbuf[RD_BATCH_MAX + 1];
static uint64_t shared; /* bytes of the area the client has mapped */

/* One descriptor: 0, or why it is refused. */
static int32_t bs_check(const struct rd_desc *d)
{
    if (!d->bytes || d->bytes % RD_SECTOR || d->bytes > RD_REQ_BYTES_MAX)
        return UK_EINVAL;
    if (d->offset > shared || d->bytes > shared - d->offset)
        return UK_EFAULT; /* not memory the client gave us */
    if (d->sector >= RD_SECTORS || d->bytes / RD_SECTOR > RD_SECTORS - d->sector)
        return UK_EINVAL;
    return 0;
}

/* A batch; fills m with the reply.  Returns the message status. */
static long bs_reqs(const struct bs_backend *b, struct uk_msg *m, uint32_t label)
{
    uint32_t n = RD_LABEL_COUNT(label), writes = RD_LABEL_WRITES(label), ok = 0;
    uint64_t len = m->info & UK_INFO_LEN_MASK;
    const struct rd_desc *d;
    struct rd_desc regs[RD_REG_DESCS];
    struct bs_req good[RD_BATCH_MAX];
    uint32_t where[RD_BATCH_MAX];
    int32_t status[RD_BATCH_MAX] = { 0 }, done[RD_BATCH_MAX];

    if (!n || n > RD_BATCH_MAX || writes >> n || m->info & UK_INFO_TRUNC)
        return UK_EINVAL;
    if (len) { /* a long message: exactly n descriptors */
        if (len != n * sizeof(struct rd_desc))
            return UK_EINVAL;
        d = rbuf;
    } else { /* in the registers */
        if (n > RD_REG_DESCS)
            return UK_EINVAL;
        memcpy(regs, m->mr, sizeof(regs));
        d = regs;
    }
    for (uint32_t i = 0; i < n; i++) {
        if ((status[i] = bs_check(&d[i])))
            continue;
        where[ok] = i;
        good[ok++] = (struct bs_req){ d[i].sector, d[i].offset, d[i].bytes, writes >> i & 1 };
    }
    if (ok)
        b->serve(good, ok, done);
    for (uint32_t k = 0; k < ok; k++)
        status[where[k]] = done[k];
    memcpy(m->mr, status, sizeof(status));
    return 0;
}

/* A connect step: the pages landed at RD_AREA_VA + shared.  Only
 * writable pages of a map count (reads write into them); anything else
 * is refused, and stays where it landed (the client's own doing). */
static long bs_share(const struct bs_backend *b, struct uk_msg *m, uint64_t item)
{
    if (!(m->info & UK_INFO_ITEM))
        return UK_EINVAL;
    if ((item >> UK_ITEM_KIND_SHIFT & 3) != UK_ITEM_MAP || !(item & UK_ITEM_WRITE))
        return UK_EPERM;
    uint64_t pages = (item & 0x3f) + 1;
    long e = b->shared(shared / UK_PAGE_SIZE, pages);
    if (e)
        return e;
    shared += pages * UK_PAGE_SIZE;
    m->mr[0] = RD_SECTORS;
    return 0;
}

/* The rest of the area, at most one item's worth: no share can reach
 * past RD_AREA_BYTES, so the area is the client's 16 buffers exactly. */
static uint64_t bs_window(void)
{
    uint64_t pages = (RD_AREA_BYTES - shared) / UK_PAGE_SIZE;
    return UK_WINDOW(RD_AREA_VA + shared, pages < RD_CHUNK_PAGES ? pages : RD_CHUNK_PAGES);
}

_Noreturn void bs_serve(const struct bs_backend *b, uint64_t flags, uint64_t preset)
{
    struct uk_msg m = { 0, { 0, 0, 0, 0 } };
    uint64_t item = 0, window = 0;
    long e = -1;

    if (preset && (preset > RD_AREA_BYTES || b->shared(0, preset / UK_PAGE_SIZE)))
        uk_thread_exit((uint64_t)UK_EINVAL);
    shared = preset;
    for (;;) {
        /* While the area has room, every receive offers its next chunk
         * as the window (an item lands nowhere else). */
        uint64_t info = 0;
        if (shared < RD_AREA_BYTES) {
            window = bs_window();
            info = UK_INFO_WINDOW;
        }
        if (e) { /* nothing to answer: the first receive, or the last reply failed */
            m.info = info;
            e = uk_ipc_items(UK_SYS_RECV, RD_EP_SLOT, &m, &item, window, NULL, rbuf, sizeof(rbuf),
                             NULL);
            if (e)
                uk_thread_exit((uint64_t)e); /* the endpoint is gone */
        }
        uint32_t label = (uint32_t)(m.info >> UK_INFO_LABEL_SHIFT);
        long st = UK_EINVAL;
        if (label & ~RD_LABEL_USED)
            st = UK_EINVAL;
        else if (RD_LABEL_KIND(label) == RD_MSG_SHARE)
            st = bs_share(b, &m, item);
        else if (RD_LABEL_KIND(label) == RD_MSG_REQS) {
            if (flags & RD_FLAG_STALL) /* never answer: wait for what never comes */
                while (!uk_recv(RD_EP_SLOT, 0, &m, NULL, 0, NULL))
                    ;
            if (!(m.info & UK_INFO_ITEM))
                st = bs_reqs(b, &m, label);
        }
        if (shared < RD_AREA_BYTES) /* the window may have moved */
            window = bs_window();
        else
            info = 0;
        m.info = (uint64_t)(uint32_t)(int32_t)st << UK_INFO_LABEL_SHIFT | info;
        item = 0;
        e = uk_ipc_items(UK_SYS_REPLY_RECV, RD_EP_SLOT, &m, &item, window, NULL, rbuf, sizeof(rbuf),
                         NULL);
    }
}
