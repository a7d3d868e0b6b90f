/* SPDX-License-Identifier: MIT */
/*
 * The virtio-blk driver task (see virtioblk.h).  It finds the device in
 * PCI configuration space, resets it (SeaBIOS leaves it live, its queue
 * in the BIOS's memory), negotiates no feature, puts its one virtqueue in
 * the DMA pages and binds the device's line to a notification.  Then it
 * serves the block protocol through the shared server (user/blkserve/):
 * every request of a message goes on the ring at once, with one notify;
 * the driver waits blocked for the interrupt and takes the completions
 * from the used ring.
 *
 * The client's buffers are DMA targets directly (no copy): at connect
 * the driver learns each shared page's physical address with the DMA
 * capability's lookup, once; a request becomes a chain of a header, one
 * descriptor per physically contiguous run of its buffer and a status
 * byte.  Request i of a batch always uses descriptors i * VB_CHAIN on, so
 * no free list is needed: a batch is finished before the next arrives.
 */
#include "virtioblk.h"
#include "blk_serve.h"
#include "domain.h"
#include "pci.h"
#include "virtio_legacy.h"
#include <stddef.h>

/* Header, the data (at most 17 pages: 64 KiB from an offset that is not
 * page aligned), status. */
#define VB_CHAIN (2u + RD_REQ_BYTES_MAX / UK_PAGE_SIZE + 1u)
#define VB_AREA_PAGES (RD_AREA_BYTES / UK_PAGE_SIZE)

static struct {
    uint16_t io;   /* BAR0 */
    uint32_t irq;  /* the device's interrupt line */
    uint64_t ntfn; /* notified by that line */
    uint32_t qsize;
    uint16_t used_seen; /* used.idx up to which completions were taken */
    volatile struct vq_desc *desc;
    volatile struct vq_avail *avail;
    volatile struct vq_used *used;
    volatile struct vblk_hdr *hdr; /* one per request of a batch */
    volatile uint8_t *status;      /* their status bytes */
    uint64_t hdr_pa, status_pa;
    uint64_t flags;
    uint32_t started;             /* chains of the message so far */
    uint32_t which[RD_BATCH_MAX]; /* the request of each */
} vb;

static uint64_t area_pa[VB_AREA_PAGES]; /* the frame of each shared page */

/* The compiler must not move ring accesses across this; x86 keeps
 * stores in order and loads in order, and QEMU's device reads the ring
 * only after the notify's `out`, which is serializing. */
static inline void vb_barrier(void)
{
    __asm__ volatile("" ::: "memory");
}

static long vb_lookup(uint64_t va, uint64_t *pa)
{
    return uk_sys(UK_SYS_DMA_ALLOC, VB_DMA_SLOT, va, 0, 0, 0, 0, pa);
}

/* Connect: the physical address of every page that just arrived. */
static long vb_shared(uint64_t first, uint64_t n)
{
    for (uint64_t p = first; p < first + n; p++)
        if (p >= VB_AREA_PAGES || vb_lookup(RD_AREA_VA + p * UK_PAGE_SIZE, &area_pa[p]))
            return UK_EFAULT;
    return 0;
}

/* Chain i (the i-th request of the message the device gets) at
 * descriptor i * VB_CHAIN; returns its head. */
static uint16_t vb_chain(uint32_t i, const struct rd_desc *r, bool write)
{
    uint32_t d = i * VB_CHAIN, off = r->offset, left = r->bytes;
    uint16_t data_flags = VQ_F_NEXT | (write ? 0 : VQ_F_WRITE);
    vb.hdr[i] = (struct vblk_hdr){ write ? VBLK_T_OUT : VBLK_T_IN, 0, r->sector };
    vb.status[i] = 0xff; /* not written by the device: an error */
    vb.desc[d] = (struct vq_desc){ vb.hdr_pa + i * sizeof(struct vblk_hdr), sizeof(struct vblk_hdr),
                                   VQ_F_NEXT, (uint16_t)(d + 1) };
    while (left) {
        uint32_t in_page = UK_PAGE_SIZE - off % UK_PAGE_SIZE, len = left < in_page ? left : in_page;
        uint64_t pa = area_pa[off / UK_PAGE_SIZE] + off % UK_PAGE_SIZE;
        volatile struct vq_desc *prev = &vb.desc[d];
        if (d > i * VB_CHAIN && prev->addr + prev->len == pa)
            prev->len += len; /* physically contiguous with the last page */
        else {
            d++;
            vb.desc[d] = (struct vq_desc){ pa, len, data_flags, (uint16_t)(d + 1) };
        }
        off += len;
        left -= len;
    }
    d++;
    vb.desc[d] = (struct vq_desc){ vb.status_pa + i, 1, VQ_F_WRITE, 0 };
    return (uint16_t)(i * VB_CHAIN);
}

/* Take what the used ring holds: the status of each finished chain k
 * goes to request vb.which[k].  Returns how many finished. */
static uint32_t vb_reap(uint32_t n, int32_t *status)
{
    uint32_t got = 0;
    uint16_t idx = vb.used->idx;
    vb_barrier(); /* the entries after the index */
    for (; vb.used_seen != idx; vb.used_seen++) {
        uint32_t id = vb.used->ring[vb.used_seen % vb.qsize].id, k = id / VB_CHAIN;
        if (id % VB_CHAIN || k >= n)
            continue; /* not a chain of ours: ignore it */
        status[vb.which[k]] = vb.status[k] == VBLK_S_OK ? 0 : UK_EINVAL; /* the device failed it */
        got++;
    }
    return got;
}

/* Request i of the message becomes chain k, the next one. */
static int32_t vb_start(const struct rd_desc *d, uint32_t i, bool write)
{
    uint32_t k = vb.started++;
    vb.avail->ring[(uint16_t)(vb.avail->idx + k) % vb.qsize] = vb_chain(k, d, write);
    vb.which[k] = i;
    return 0;
}

/* The message's chains to the device with one notify; then wait. */
static void vb_finish(int32_t *status)
{
    uint32_t k = vb.started;
    vb.started = 0;
    if (!k)
        return;
    vb_barrier(); /* descriptors and ring entries before the index */
    vb.avail->idx = (uint16_t)(vb.avail->idx + k);
    vb_barrier();
    outw(vb.io + VIO_QUEUE_NOTIFY, 0);
    if (vb.flags & VB_FLAG_CRASH)
        __builtin_trap(); /* dies with the batch in the device */
    for (uint32_t done = vb_reap(k, status); done < k; done += vb_reap(k, status)) {
        uint64_t bits;
        long e = uk_wait(vb.ntfn, 0, &bits);
        if (e) /* our notification is gone: end (root restarts us) rather than spin */
            uk_thread_exit((uint64_t)e);
        (void)inb(vb.io + VIO_ISR); /* clears the cause: the level line drops */
        uk_sys(UK_SYS_IRQ_ACK, VB_IRQ_SLOT, vb.irq, 0, 0, 0, 0, NULL);
    }
}

static const struct bs_backend vb_backend = { vb_shared, vb_start, vb_finish };
static struct bs_state vb_state;

/* Bring the device up; 0 or why not. */
static long vb_init(void)
{
    uint64_t pa, p;
    long e;
    int slot = pci_find(VIRTIO_VENDOR, VIRTIO_LEGACY_BLK);
    if (slot < 0)
        return UK_EINVAL;
    uint32_t bar = pci_read32((uint32_t)slot, PCI_BAR0);
    if (!(bar & PCI_BAR_IO))
        return UK_EINVAL;
    vb.io = (uint16_t)(bar & PCI_BAR_IO_MASK);
    vb.irq = pci_read32((uint32_t)slot, PCI_INTR) & 0xff;
    /* Decode its ports and let it master the bus (the upper half, the
     * status register, is write-one-to-clear: written as 0). */
    uint32_t cmd = pci_read32((uint32_t)slot, PCI_COMMAND) & 0xffff;
    pci_write32((uint32_t)slot, PCI_COMMAND, cmd | PCI_CMD_IO | PCI_CMD_MASTER);

    outb(vb.io + VIO_STATUS, 0); /* reset: forget SeaBIOS's (or a dead driver's) queue */
    if (inb(vb.io + VIO_STATUS))
        return UK_EINVAL;
    outb(vb.io + VIO_STATUS, VIO_S_ACK);
    outb(vb.io + VIO_STATUS, VIO_S_ACK | VIO_S_DRIVER);
    (void)inl(vb.io + VIO_HOST_FEATURES);
    outl(vb.io + VIO_GUEST_FEATURES, 0); /* none: direct chains, no event index */
    uint64_t sectors = inl(vb.io + VIO_BLK_CAPACITY) | (uint64_t)inl(vb.io + VIO_BLK_CAPACITY + 4)
                                                           << 32;
    outw(vb.io + VIO_QUEUE_SEL, 0);
    vb.qsize = inw(vb.io + VIO_QUEUE_SIZE);
    uint64_t ring = vq_bytes(vb.qsize);
    if (sectors < RD_SECTORS || !vb.qsize || vb.qsize & (vb.qsize - 1) ||
        vb.qsize < RD_BATCH_MAX * VB_CHAIN || ring + UK_PAGE_SIZE > VB_DMA_PAGES * UK_PAGE_SIZE)
        return UK_EINVAL;

    /* The DMA pages: contiguous (root allocated them so), zeroed here,
     * since a driver before us used them. */
    if ((e = vb_lookup(VB_DMA_VA, &pa)))
        return e;
    for (uint64_t i = 0; i < VB_DMA_PAGES; i++)
        if (vb_lookup(VB_DMA_VA + i * UK_PAGE_SIZE, &p) || p != pa + i * UK_PAGE_SIZE)
            return UK_EFAULT;
    volatile uint64_t *w = (volatile uint64_t *)VB_DMA_VA;
    for (uint64_t i = 0; i < VB_DMA_PAGES * UK_PAGE_SIZE / 8; i++)
        w[i] = 0;
    vb.desc = (volatile struct vq_desc *)VB_DMA_VA;
    vb.avail = (volatile struct vq_avail *)(VB_DMA_VA + 16ull * vb.qsize);
    vb.used = (volatile struct vq_used *)(VB_DMA_VA + vq_used_offset(vb.qsize));
    vb.hdr = (volatile struct vblk_hdr *)(VB_DMA_VA + ring);
    vb.status = (volatile uint8_t *)(VB_DMA_VA + ring + RD_BATCH_MAX * sizeof(struct vblk_hdr));
    vb.hdr_pa = pa + ring;
    vb.status_pa = vb.hdr_pa + RD_BATCH_MAX * sizeof(struct vblk_hdr);
    vb.used_seen = 0;
    outl(vb.io + VIO_QUEUE_PFN, (uint32_t)(pa >> 12));

    if ((e = uk_notification_create(&vb.ntfn)) ||
        (e = uk_sys(UK_SYS_IRQ_BIND, VB_IRQ_SLOT, vb.irq, vb.ntfn, 0, 0, 0, NULL)))
        return e;
    outb(vb.io + VIO_STATUS, VIO_S_ACK | VIO_S_DRIVER | VIO_S_DRIVER_OK);
    return 0;
}

_Noreturn void virtioblk_main(uint64_t flags)
{
    uk_announce_domain(1);
    vb.flags = flags;
    long e = vb_init();
    if (e) {
        if (vb.io)
            outb(vb.io + VIO_STATUS, VIO_S_FAILED);
        uk_thread_exit(VB_EXIT_NODEV | (uint64_t)(-e));
    }
    bs_serve(&vb_backend, &vb_state, flags, flags & VB_FLAG_PRESET ? RD_AREA_BYTES : 0);
}
