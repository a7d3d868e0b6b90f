/* SPDX-License-Identifier: MIT */
/*
 * The RAM-disk server (protocol: ramdisk.h).  It holds the disk at
 * RD_DISK_VA and its one client's buffers at RD_AREA_VA, mapped there by
 * the client's connect; a request only names offsets, so the server's
 * whole check per request is arithmetic on bounds, and the data moves
 * with one memcpy (rep movsq, as every copy in this suite).
 *
 * Whatever a client sends, the server answers and goes on: a bad request
 * gets a negative status, a malformed message a negative message status.
 * A caller that gave up (its timeout) makes the reply fail with
 * UK_ETIMEOUT; the server then simply receives again.
 */
#include "ramdisk.h"
#include "string.h"
#include "domain.h"
#include <stdbool.h>

/* Long messages land here: at most RD_BATCH_MAX descriptors are valid,
 * one more tells a longer message apart (it is cut: UK_INFO_TRUNC). */
static struct rd_desc rbuf[RD_BATCH_MAX + 1];
static uint64_t shared; /* bytes of the area the client has mapped */

/* One descriptor: 0 or why it is refused, then the copy. */
static int32_t rd_one(const struct rd_desc *d, bool write)
{
    if (!d->bytes || d->bytes % RD_SECTOR || d->bytes > RD_REQ_BYTES_MAX)
        return UK_EINVAL;
    if (d->offset > shared || d->bytes > shared - d->offset)
        return UK_EFAULT; /* not memory the client gave us */
    if (d->sector >= RD_SECTORS || d->bytes / RD_SECTOR > RD_SECTORS - d->sector)
        return UK_EINVAL;
    uint8_t *disk = (uint8_t *)RD_DISK_VA + d->sector * RD_SECTOR;
    uint8_t *buf = (uint8_t *)RD_AREA_VA + d->offset;
    if (write)
        memcpy(disk, buf, d->bytes);
    else
        memcpy(buf, disk, d->bytes);
    return 0;
}

/* A batch; fills m with the reply.  Returns the message status. */
static long rd_reqs(struct uk_msg *m, uint32_t label)
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
        d = rbuf;
    } else { /* in the registers */
        if (n > RD_REG_DESCS)
            return UK_EINVAL;
        memcpy(regs, m->mr, sizeof(regs));
        d = regs;
    }
    for (uint32_t i = 0; i < n; i++)
        status[i] = rd_one(&d[i], writes >> i & 1);
    memcpy(m->mr, status, sizeof(status));
    return 0;
}

/* A connect step: the pages landed at RD_AREA_VA + shared.  Only
 * writable pages of a map count (reads write into them); anything else
 * is refused, and stays where it landed (the client's own doing). */
static long rd_share(struct uk_msg *m, uint64_t item)
{
    if (!(m->info & UK_INFO_ITEM))
        return UK_EINVAL;
    if ((item >> UK_ITEM_KIND_SHIFT & 3) != UK_ITEM_MAP || !(item & UK_ITEM_WRITE))
        return UK_EPERM;
    shared += ((item & 0x3f) + 1) * UK_PAGE_SIZE;
    m->mr[0] = RD_SECTORS;
    return 0;
}

/* The rest of the area, at most one item's worth: no share can reach
 * past RD_AREA_BYTES, so the area is the client's 16 buffers exactly. */
static uint64_t rd_window(void)
{
    uint64_t pages = (RD_AREA_BYTES - shared) / UK_PAGE_SIZE;
    return UK_WINDOW(RD_AREA_VA + shared, pages < RD_CHUNK_PAGES ? pages : RD_CHUNK_PAGES);
}

_Noreturn void ramdisk_main(uint64_t flags)
{
    struct uk_msg m = { 0, { 0, 0, 0, 0 } };
    uint64_t item = 0, window = 0;
    long e = -1;

    uk_announce_domain(1);
    for (;;) {
        /* While the area has room, every receive offers its next chunk
         * as the window (an item lands nowhere else). */
        uint64_t info = 0;
        if (shared < RD_AREA_BYTES) {
            window = rd_window();
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
            st = rd_share(&m, item);
        else if (RD_LABEL_KIND(label) == RD_MSG_REQS) {
            if (flags & RD_FLAG_STALL) /* never answer: wait for what never comes */
                while (!uk_recv(RD_EP_SLOT, 0, &m, NULL, 0, NULL))
                    ;
            if (!(m.info & UK_INFO_ITEM))
                st = rd_reqs(&m, label);
        }
        if (shared < RD_AREA_BYTES) /* the window may have moved */
            window = rd_window();
        else
            info = 0;
        m.info = (uint64_t)(uint32_t)(int32_t)st << UK_INFO_LABEL_SHIFT | info;
        item = 0;
        e = uk_ipc_items(UK_SYS_REPLY_RECV, RD_EP_SLOT, &m, &item, window, NULL, rbuf, sizeof(rbuf),
                         NULL);
    }
}
