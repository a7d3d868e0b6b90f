/* SPDX-License-Identifier: MIT */
/*
 * wl.h's block API on the microkernel: a client of the RAM-disk server
 * (WL_BLK_DISK_RAM) or of the virtio-blk driver (WL_BLK_DISK_VIRTIO),
 * which speak one protocol (user/ramdisk/ramdisk.h); each disk has its
 * own buffers and endpoint (wl_uk.h).  wl_blk_open() maps the 16
 * buffers into the server, 64 pages per call; from then on a request is
 * a 16-byte descriptor naming an offset into them.  wl_blk_submit() only
 * queues; wl_blk_complete() returns a finished request if there is one,
 * else sends every queued descriptor in one call (registers for up to
 * two, so depth 1 is a register-only IPC; a long message beyond) and the
 * reply brings all their statuses.  Every call has a timeout
 * (RD_TIMEOUT_TICKS, one second of guest time, for the RAM disk;
 * VB_TIMEOUT_TICKS for the device, virtioblk.h says why): a server that stops
 * answering is UK_ETIMEOUT for the client, never a hang; one that dies
 * while it holds the call is UK_EABORT (root restarts the driver, and
 * the next call reaches the new one).
 */
#include "ramdisk.h"
#include "virtioblk.h"
#include "string.h"
#include "console.h"
#include "wl_uk.h"
#include <stdbool.h>

struct wl_blk {
    uint64_t ep, va, ticks;   /* the server's endpoint, the buffers, the timeout */
    uint32_t queued;          /* descriptors not yet sent */
    uint32_t done, done_next; /* finished ones: how many, the next to return */
    uint32_t writes;          /* op mask of the queued ones */
    struct rd_desc q[RD_BATCH_MAX];
    uint32_t qtag[RD_BATCH_MAX];
    uint32_t dtag[RD_BATCH_MAX];
    long dstatus[RD_BATCH_MAX];
};

/* Where each disk's server and buffers are (wl_uk.h), and the names of
 * the paths for records. */
static const struct {
    uint64_t ep, va, ticks;
    const char *variant, *server;
} disks[2] = {
    [WL_BLK_DISK_RAM] = { WLUK_BLK_SLOT, WLUK_BLK_VA, RD_TIMEOUT_TICKS, "ramdisk",
                          "RAM-disk server" },
    [WL_BLK_DISK_VIRTIO] = { WLUK_VBLK_SLOT, WLUK_VBLK_VA, VB_TIMEOUT_TICKS, "virtio-driver",
                             "virtio-blk driver" },
};

static struct wl_blk blks[2];
static bool blk_open[2];

static wl_blk_t *open_fail(const char *why, long e)
{
    console_printf("wl_blk_open: %s (%ld)\n", why, e);
    return NULL;
}

/* The connect: the buffers go to the server, 64 pages per call. */
static long blk_connect(struct wl_blk *blk, enum wl_blk_disk disk, uint64_t *sectors)
{
    for (uint32_t c = 0; c < RD_AREA_CHUNKS; c++) {
        uint64_t base = blk->va + (uint64_t)c * RD_CHUNK_PAGES * UK_PAGE_SIZE;
        uint64_t item = UK_ITEM(UK_ITEM_MAP, base, (uint64_t)RD_CHUNK_PAGES, UK_ITEM_WRITE);
        struct uk_msg m = { (uint64_t)RD_LABEL(RD_MSG_SHARE, 0, 0) << UK_INFO_LABEL_SHIFT |
                                UK_INFO_ITEM | UK_INFO_TIMEOUT,
                            { 0, 0, 0, 0 } };
        struct uk_regs r = { blk->ep, m.info, 0, 0, 0, 0, 0, 0, 0 };
        /* uk_call_timeout() with an item: rbx and rbp both (not timed) */
        long e = uk_syscall_items_timeout(UK_SYS_CALL, &r, &item, blk->ticks);
        if (e) {
            console_printf("wl_blk_open: the %s refused or did not answer a share\n",
                           disks[disk].server);
            return e;
        }
        int32_t st = (int32_t)(r.rsi >> UK_INFO_LABEL_SHIFT);
        if (st) {
            console_printf("wl_blk_open: the %s refused the buffers\n", disks[disk].server);
            return st;
        }
        *sectors = r.rdx;
    }
    return 0;
}

long wluk_blk_reconnect(wl_blk_t *b)
{
    uint64_t sectors;
    if (b != &blks[WL_BLK_DISK_RAM] && b != &blks[WL_BLK_DISK_VIRTIO])
        return UK_EINVAL;
    b->queued = b->done = b->done_next = b->writes = 0; /* what was in flight is lost */
    return blk_connect(b, b == &blks[WL_BLK_DISK_RAM] ? WL_BLK_DISK_RAM : WL_BLK_DISK_VIRTIO,
                       &sectors);
}

long wluk_blk_set_timeout(wl_blk_t *b, uint64_t ticks)
{
    if ((b != &blks[WL_BLK_DISK_RAM] && b != &blks[WL_BLK_DISK_VIRTIO]) || !ticks)
        return UK_EINVAL;
    b->ticks = ticks;
    return 0;
}

wl_blk_t *wl_blk_open(enum wl_blk_disk disk, const char **variant, uint64_t *sectors)
{
    const struct wluk_args *a = wluk_args();
    if (disk != WL_BLK_DISK_RAM && disk != WL_BLK_DISK_VIRTIO)
        return open_fail("no such disk", UK_EINVAL);
    if (blk_open[disk])
        return open_fail("already open", UK_EBUSY);
    if (!a || (disk == WL_BLK_DISK_RAM ? a->blk_pages : a->vblk_pages) != WLUK_BLK_PAGES)
        return open_fail(disk == WL_BLK_DISK_RAM ? "no RAM disk was given to this task"
                                                 : "no virtio disk was given to this task "
                                                   "(is there one in the machine?)",
                         UK_ECAP);
    struct wl_blk *blk = &blks[disk];
    *blk =
        (struct wl_blk){ .ep = disks[disk].ep, .va = disks[disk].va, .ticks = disks[disk].ticks };
    long e = blk_connect(blk, disk, sectors);
    if (e)
        return open_fail("share failed", e);
    blk_open[disk] = true;
    *variant = disks[disk].variant;
    return blk;
}

uint8_t *wl_blk_buffer(wl_blk_t *b, uint32_t slot)
{
    return slot < WL_BLK_SLOTS ? (uint8_t *)(b->va + (uint64_t)slot * WL_BLK_BYTES_MAX) : NULL;
}

long wl_blk_submit(wl_blk_t *b, const struct wl_blk_req *r)
{
    if (b->queued + (b->done - b->done_next) >= WL_BLK_DEPTH_MAX)
        return UK_EBUSY;
    /* Unchecked: the slot becomes an offset into the shared area (slot
     * WL_BLK_SLOT_UNSHARED is just past it; a huge one saturates, past
     * it too), the rest goes as it is; the server judges. */
    uint64_t off = (uint64_t)r->slot * WL_BLK_BYTES_MAX;
    uint32_t i = b->queued++;
    b->q[i] =
        (struct rd_desc){ r->sector, off > UINT32_MAX ? UINT32_MAX : (uint32_t)off, r->bytes };
    b->qtag[i] = r->tag;
    if (r->op == WL_BLK_WRITE)
        b->writes |= 1u << i;
    return 0;
}

/* Send the queued descriptors in one call; their statuses become the
 * finished list.  A failed call (timeout, server gone) drops them. */
static long blk_send(wl_blk_t *b)
{
    uint32_t n = b->queued;
    struct uk_msg m = { (uint64_t)RD_LABEL(RD_MSG_REQS, n, b->writes) << UK_INFO_LABEL_SHIFT,
                        { 0, 0, 0, 0 } };
    if (n <= RD_REG_DESCS)
        memcpy(m.mr, b->q, n * sizeof(struct rd_desc));
    else
        m.info |= n * sizeof(struct rd_desc);
    b->queued = 0;
    b->writes = 0;
    long e = uk_call_timeout(b->ep, &m, b->q, NULL, 0, b->ticks);
    if (e)
        return e;
    int32_t all = (int32_t)(m.info >> UK_INFO_LABEL_SHIFT), st[RD_BATCH_MAX];
    memcpy(st, m.mr, sizeof(st));
    for (uint32_t i = 0; i < n; i++) {
        b->dtag[i] = b->qtag[i];
        b->dstatus[i] = all ? all : st[i];
    }
    b->done = n;
    b->done_next = 0;
    return 0;
}

long wl_blk_complete(wl_blk_t *b, uint32_t *tag, long *status)
{
    if (b->done_next == b->done) {
        if (!b->queued)
            return UK_EINVAL; /* nothing in flight */
        long e = blk_send(b);
        if (e)
            return e;
    }
    *tag = b->dtag[b->done_next];
    *status = b->dstatus[b->done_next++];
    return 0;
}
