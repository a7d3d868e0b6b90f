/* SPDX-License-Identifier: MIT */
/*
 * wl.h's block requests on Xen: blkfront (blkfront.c) to dom0's blkback,
 * which serves the domain's two disks (xenside/dom0/README.md, "Disk"):
 *   WL_BLK_DISK_RAM     xvda, dom0's /dev/ram0 (brd, 16 MiB): variant
 *                       blkfront-brd (blkio)
 *   WL_BLK_DISK_VIRTIO  xvdb, dom0's /dev/vda (virtio_blk on QEMU's
 *                       virtio disk, 16 MiB): variant blkfront-vda (blkdev)
 * Each disk is its own blkfront instance (ring, event channel, grants),
 * request table and buffers; both may be open at once.
 *
 * Buffers: WL_BLK_SLOTS x 64 KiB per disk in our image, 256 pages, each
 * granted to that disk's backend once at open (writable: reads land in them); a request
 * names its slot's pages by those references.  blkback maps them for each
 * request and unmaps them after (no persistent grants negotiated).
 *
 * A blkif request carries at most 11 pages (no indirect segments), so a
 * request of more than 11 pages goes onto the ring as two blkif requests
 * (pages 0..10 and 11..), ids 2k and 2k + 1 of in-flight entry k, and
 * completes when both have answered, with the worse status.  A 4 KiB
 * request is one blkif request.  At most 8 in flight x 2 = 16 of the
 * ring's 32 entries.
 *
 * Requests go to blkback as they are (wl.h: the driver path refuses the
 * bad ones), each written into the ring's private part by submit():
 *  - a sector range past the disk: blkback refuses it (vbd_translate);
 *  - 0 bytes: a request of no segment, which blkback refuses;
 *  - a size that is not whole sectors: blkif counts in sectors, so the
 *    page holding the fraction becomes a segment whose last sector lies
 *    before its first, which blkback refuses;
 *  - above 64 KiB: the pages past the slot's 16 are memory we never gave
 *    the backend: they carry a reference that is never granted
 *    (gnttab_reserve), and blkback's grant map fails.  Only two blkif
 *    requests' worth of pages (22) is sent: the 17th already fails;
 *  - slot WL_BLK_SLOT_UNSHARED (or any slot past the shared ones): every
 *    page carries that ungranted reference.
 * blkback answers each with BLKIF_RSP_ERROR (-XEN_EIO here) and serves on.
 *
 * complete() returns a request that has already completed if there is
 * one; else it pushes every queued blkif request with at most one
 * notification and blocks in SCHEDOP_poll on the event channel, for at
 * most the disk's bound (Xen's clock is read once for the deadline, and
 * again only if the poll returns without an event): xvda one slice of
 * 1 s (a backend that stops answering); xvdb 10,000 slices of 1 ms.  The
 * virtio disk completes on the host in real time, and under tcg QEMU's
 * -icount sleep=off moves the virtual clock to the next timer deadline as
 * soon as the machine idles, so a single long deadline passes before a
 * slow request completes; each slice is a turn of QEMU's loop in which it
 * collects the host's completions (workloads/hosted/wl_hosted_blk.c,
 * struct blk_wait, says the same for Linux).
 */
#include "wl_blk_xen.h"
#include "cmdline.h"
#include "console.h"
#include "fmt.h"
#include "gnttab.h"
#include "mm.h"
#include "time.h"
#include "xenstore.h"

#define WLX_BLK_SEGS BLKIF_MAX_SEGMENTS_PER_REQUEST
#define WLX_BLK_PARTS 2u /* blkif requests per wl.h request, at most */
#define WLX_BLK_SLOT_PAGES (WL_BLK_BYTES_MAX / PAGE_SIZE)

#define WLX_BLK_CONNECT_NS (30 * TIME_S)    /* the handshake, per step */
#define WLX_BLK_SECTORS_PER_PAGE (PAGE_SIZE / WL_BLK_SECTOR)

_Static_assert(WL_BLK_BYTES_MAX <= WLX_BLK_PARTS * WLX_BLK_SEGS * PAGE_SIZE,
               "a wl.h request must fit in WLX_BLK_PARTS blkif requests");
_Static_assert(WL_BLK_DEPTH_MAX * WLX_BLK_PARTS <= 32, "the requests in flight fit the ring");

struct wlx_blk_req {
    bool used;
    uint32_t tag;
    unsigned int parts_left; /* blkif requests not yet answered */
    long status;             /* 0, or the first error of a part */
};

struct wl_blk {
    struct blkfront bf;
    uint64_t slice_ns; /* the bounded wait: `slices` polls of slice_ns */
    unsigned int slices;
    uint8_t (*data)[WL_BLK_BYTES_MAX]; /* this disk's WL_BLK_SLOTS buffers */
    grant_ref_t grefs[WL_BLK_SLOTS][WLX_BLK_SLOT_PAGES];
    grant_ref_t ungranted; /* never granted: memory the backend was not given */
    struct wlx_blk_req req[WL_BLK_DEPTH_MAX];
    unsigned int in_flight; /* submitted, not yet returned by complete() */
    /* completed entries (indices into req[]) in the order they completed */
    uint8_t done[WL_BLK_DEPTH_MAX];
    unsigned int done_head, done_count;
};

#define WLX_BLK_DISKS 2
static uint8_t wlx_blk_data[WLX_BLK_DISKS][WL_BLK_SLOTS][WL_BLK_BYTES_MAX]
    __attribute__((aligned(PAGE_SIZE)));
static struct wl_blk wlx_blk[WLX_BLK_DISKS];
static bool wlx_blk_open[WLX_BLK_DISKS];

/* Each disk: its vbd and its names (for records, and for a failure). */
static const struct {
    uint16_t vbd;
    const char *vbd_name;
    const char *variant, *variant_persistent;
    uint64_t slice_ns;
    unsigned int slices;
} wlx_blk_disks[WLX_BLK_DISKS] = {
    [WL_BLK_DISK_RAM] = { BLKFRONT_XVDA, "xvda (dom0's /dev/ram0)", "blkfront-brd",
                          "blkfront-brd-persistent", 1 * TIME_S, 1 },
    [WL_BLK_DISK_VIRTIO] = { BLKFRONT_XVDB, "xvdb (dom0's /dev/vda)", "blkfront-vda",
                             "blkfront-vda-persistent", 1 * TIME_MS, 10000 },
};

/* xvdb is attached only when asked for (xenside/dom0/README.md, "Disk":
 * dom0 loads its virtio driver then, not at boot, whose reads of the disk
 * would make every earlier measurement differ from run to run): if
 * device/vbd/<vbd> is not there, write data/vdisk and wait for it.
 * 0, or a negative errno (-XEN_ETIMEDOUT: dom0 did not attach it). */
static int wlx_blk_request(uint16_t vbd)
{
    char path[48], value[80];
    fmt_snprintf(path, sizeof(path), "device/vbd/%u/backend", (unsigned)vbd);
    int rc = xs_read(path, value, sizeof(value));
    if (rc != -XEN_ENOENT)
        return rc < 0 ? rc : 0;
    rc = xs_write("data/vdisk", "1");
    if (rc == 0)
        rc = xs_wait(path, value, sizeof(value), WLX_BLK_CONNECT_NS);
    return rc < 0 ? rc : 0;
}

/* Opens each disk once; later calls for it return the same state. */
wl_blk_t *wl_blk_open(enum wl_blk_disk disk, const char **variant, uint64_t *sectors)
{
    if ((unsigned)disk >= WLX_BLK_DISKS) {
        cprintf("wl_blk_open: no disk %d\n", (int)disk);
        return NULL;
    }
    struct wl_blk *b = &wlx_blk[disk];
    if (!wlx_blk_open[disk]) {
        /* blkpersist=1 (an experiment, not the suite's variant): ask
         * blkback for persistent grants, so it maps each buffer page once
         * instead of per request. */
        bool persistent = cmdline_get_u32("blkpersist", 0) != 0;
        b->data = wlx_blk_data[disk];
        b->slice_ns = wlx_blk_disks[disk].slice_ns;
        b->slices = wlx_blk_disks[disk].slices;
        int rc = disk == WL_BLK_DISK_VIRTIO ? wlx_blk_request(wlx_blk_disks[disk].vbd) : 0;
        if (rc != 0) {
            cprintf("wl_blk_open: dom0 did not attach %s when asked (%d)\n",
                    wlx_blk_disks[disk].vbd_name, rc);
            return NULL;
        }
        rc = blkfront_connect(&b->bf, wlx_blk_disks[disk].vbd, persistent, WLX_BLK_CONNECT_NS);
        if (rc != 0) {
            cprintf("wl_blk_open: blkfront handshake for %s failed (%d)%s\n",
                    wlx_blk_disks[disk].vbd_name, rc,
                    rc == -XEN_ENODEV ? ": this domain has no such disk" : "");
            return NULL;
        }
        if (b->bf.sector_size != WL_BLK_SECTOR) {
            cprintf("wl_blk_open: the disk's sectors are %u bytes, not %u\n",
                    (unsigned)b->bf.sector_size, WL_BLK_SECTOR);
            return NULL;
        }
        for (uint32_t s = 0; s < WL_BLK_SLOTS; s++) {
            for (uint32_t p = 0; p < WLX_BLK_SLOT_PAGES; p++) {
                long ref = gnttab_grant(b->bf.backend_id, b->data[s] + p * PAGE_SIZE, false);
                if (ref < 0) {
                    cprintf("wl_blk_open: granting the buffers failed (%ld)\n", ref);
                    return NULL;
                }
                b->grefs[s][p] = (grant_ref_t)ref;
            }
        }
        long ref = gnttab_reserve();
        if (ref < 0) {
            cprintf("wl_blk_open: no grant reference left (%ld)\n", ref);
            return NULL;
        }
        b->ungranted = (grant_ref_t)ref;
        wlx_blk_open[disk] = true;
    }
    *variant = b->bf.persistent ? wlx_blk_disks[disk].variant_persistent
                                : wlx_blk_disks[disk].variant;
    *sectors = b->bf.sectors;
    return b;
}

struct blkfront *wlx_blk_front(wl_blk_t *b)
{
    return &b->bf;
}

uint8_t *wl_blk_buffer(wl_blk_t *b, uint32_t slot)
{
    return slot < WL_BLK_SLOTS ? b->data[slot] : NULL;
}

/* Fill blkif request part of r (pages [first, first + n)) for entry k. */
static void wlx_blk_part(struct wl_blk *b, blkif_request_t *q, const struct wl_blk_req *r,
                         unsigned int k, unsigned int part, unsigned int first, unsigned int n)
{
    q->operation = r->op == WL_BLK_WRITE ? BLKIF_OP_WRITE : BLKIF_OP_READ;
    q->nr_segments = (uint8_t)n;
    q->handle = b->bf.handle;
    q->id = k * WLX_BLK_PARTS + part;
    q->sector_number = r->sector + (uint64_t)first * WLX_BLK_SECTORS_PER_PAGE;
    for (unsigned int i = 0; i < n; i++) {
        unsigned int page = first + i;
        uint32_t len = r->bytes - page * (uint32_t)PAGE_SIZE;
        if (len > PAGE_SIZE)
            len = PAGE_SIZE;
        struct blkif_request_segment *seg = &q->seg[i];
        seg->gref = r->slot < WL_BLK_SLOTS && page < WLX_BLK_SLOT_PAGES ? b->grefs[r->slot][page]
                                                                        : b->ungranted;
        /* A fraction of a sector has no blkif form: an inverted range. */
        seg->first_sect = len % WL_BLK_SECTOR ? 1 : 0;
        seg->last_sect = (uint8_t)(len % WL_BLK_SECTOR ? 0 : len / WL_BLK_SECTOR - 1);
    }
}

long wl_blk_submit(wl_blk_t *b, const struct wl_blk_req *r)
{
    if (b->in_flight == WL_BLK_DEPTH_MAX)
        return -XEN_EBUSY;
    unsigned int k = 0;
    while (b->req[k].used)
        k++;
    uint64_t pages = ((uint64_t)r->bytes + PAGE_SIZE - 1) / PAGE_SIZE;
    if (pages > WLX_BLK_PARTS * WLX_BLK_SEGS)
        pages = WLX_BLK_PARTS * WLX_BLK_SEGS;
    unsigned int parts = pages > WLX_BLK_SEGS ? 2 : 1;
    for (unsigned int part = 0; part < parts; part++) {
        unsigned int first = part * WLX_BLK_SEGS;
        unsigned int n = (unsigned int)pages - first;
        if (n > WLX_BLK_SEGS)
            n = WLX_BLK_SEGS;
        blkif_request_t *q = blkfront_next_request(&b->bf);
        if (q == NULL) /* cannot happen: 16 of 32 entries at most */
            return -XEN_ENOSPC;
        wlx_blk_part(b, q, r, k, part, first, n);
    }
    b->req[k] = (struct wlx_blk_req){ .used = true, .tag = r->tag, .parts_left = parts };
    b->in_flight++;
    return 0;
}

/* Account one blkif response; an entry whose parts have all answered
 * joins the completed queue. */
static long wlx_blk_account(struct wl_blk *b, uint64_t id, int16_t status)
{
    uint64_t k = id / WLX_BLK_PARTS;
    if (k >= WL_BLK_DEPTH_MAX || !b->req[k].used || b->req[k].parts_left == 0)
        return -XEN_EIO; /* an id we never sent: the ring is out of step */
    struct wlx_blk_req *q = &b->req[k];
    if (status != BLKIF_RSP_OKAY && q->status == 0)
        q->status = status == BLKIF_RSP_EOPNOTSUPP ? -XEN_EOPNOTSUPP : -XEN_EIO;
    if (--q->parts_left == 0)
        b->done[(b->done_head + b->done_count++) % WL_BLK_DEPTH_MAX] = (uint8_t)k;
    return 0;
}

/* Take every response there is. */
static long wlx_blk_collect(struct wl_blk *b)
{
    uint64_t id;
    int16_t st;
    while (blkfront_response(&b->bf, &id, &st)) {
        long rc = wlx_blk_account(b, id, st);
        if (rc != 0)
            return rc;
    }
    return 0;
}

long wl_blk_complete(wl_blk_t *b, uint32_t *tag, long *status)
{
    if (b->in_flight == 0)
        return -XEN_EINVAL;
    long rc = wlx_blk_collect(b);
    if (rc == 0 && b->done_count == 0) {
        /* Nothing completed: start what is queued, then sleep until
         * something answers. */
        blkfront_push(&b->bf);
        uint64_t deadline = time_now_ns() + b->slice_ns;
        unsigned int slices = 1;
        while (rc == 0 && b->done_count == 0) {
            rc = blkfront_wait(&b->bf, deadline);
            if (rc == -XEN_ETIMEDOUT && slices < b->slices) {
                slices++; /* an empty slice; not yet the last */
                deadline = time_now_ns() + b->slice_ns;
                rc = 0;
                continue;
            }
            if (rc == 0)
                rc = wlx_blk_collect(b);
        }
    }
    if (rc != 0)
        return rc;
    unsigned int k = b->done[b->done_head];
    b->done_head = (b->done_head + 1) % WL_BLK_DEPTH_MAX;
    b->done_count--;
    b->req[k].used = false;
    b->in_flight--;
    *tag = b->req[k].tag;
    *status = b->req[k].status;
    return 0;
}
