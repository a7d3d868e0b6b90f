/* SPDX-License-Identifier: MIT */
/* See virtioblk_start.h. */
#include "virtioblk_start.h"
#include "console.h"
#include "pci.h"
#include "virtio_legacy.h"
#include "virtioblk.h"
#include <stddef.h>

/* The driver's account: TASK_QUOTA for its image and stack, and the page
 * tables and mapping records of the client's 256 pages and the DMA
 * pages, its I/O bitmap (5 frames) and its notification. */
#define VB_QUOTA (TASK_QUOTA + 32)
/* Where root keeps the DMA pages it lends every driver instance. */
#define VB_ROOT_DMA_VA 0x2c000000ull

static struct vb_dev dev;
static long probed = 1; /* 1: not yet; then 0 or the error */
static uint64_t dma_pa;

static long io_ports(uint64_t space, uint64_t first, uint64_t n, uint64_t flags)
{
    return uk_sys(UK_SYS_IO_PORTS, UK_ROOT_IOPORT_SLOT, space, first, n, flags, 0, NULL);
}

/* BAR0's size: write all ones, read what sticks, put it back (with the
 * device's port decoding off meanwhile, as PCI asks). */
static uint32_t bar_ports(uint32_t slot, uint32_t bar)
{
    uint32_t cmd = pci_read32(slot, PCI_COMMAND) & 0xffff;
    pci_write32(slot, PCI_COMMAND, cmd & ~PCI_CMD_IO);
    pci_write32(slot, PCI_BAR0, 0xffffffffu);
    uint32_t mask = pci_read32(slot, PCI_BAR0) & PCI_BAR_IO_MASK;
    pci_write32(slot, PCI_BAR0, bar);
    pci_write32(slot, PCI_COMMAND, cmd);
    return mask ? (~mask + 1) & 0xffff : 0;
}

long vb_probe(const struct vb_dev **out)
{
    if (probed == 1) {
        probed = UK_EINVAL;
        if (io_ports(UK_ROOT_SPACE_SLOT, PCI_CFG_ADDR, PCI_CFG_PORTS, 0))
            return probed;
        int slot = pci_find(VIRTIO_VENDOR, VIRTIO_LEGACY_BLK);
        uint32_t bar = slot < 0 ? 0 : pci_read32((uint32_t)slot, PCI_BAR0);
        if (bar & PCI_BAR_IO) {
            dev.slot = (uint32_t)slot;
            dev.io = (uint16_t)(bar & PCI_BAR_IO_MASK);
            dev.ports = (uint16_t)bar_ports(dev.slot, bar);
            dev.irq = pci_read32(dev.slot, PCI_INTR) & 0xff;
            if (dev.ports && dev.irq < UK_IRQ_LINES && dev.irq != 0 && dev.irq != 2 &&
                !io_ports(UK_ROOT_SPACE_SLOT, dev.io, dev.ports, 0) &&
                !uk_sys(UK_SYS_DMA_ALLOC, UK_ROOT_DMA_SLOT, VB_ROOT_DMA_VA, VB_DMA_PAGES, 0, 0, 0,
                        &dma_pa))
                probed = 0;
        }
    }
    *out = &dev;
    return probed;
}

long vb_grant_ports(uint64_t space)
{
    long e = io_ports(space, PCI_CFG_ADDR, PCI_CFG_PORTS, 0);
    return e ? e : io_ports(space, dev.io, dev.ports, 0);
}

/* The instance is gone (or must go): its thread and space, the device
 * reset so it writes no more into the DMA pages, its line unbound. */
static void vb_end(struct vb_driver *d)
{
    uint64_t slots[] = { d->thread, d->task.space };
    for (unsigned i = 0; i < 2; i++)
        if (slots[i] != UK_CAP_ANY)
            uk_cap_delete(slots[i]);
    d->thread = d->task.space = UK_CAP_ANY;
    if (probed)
        return; /* no device: nothing was started */
    outb(dev.io + VIO_STATUS, 0);
    uk_sys(UK_SYS_IRQ_BIND, UK_ROOT_IRQ_SLOT, dev.irq, UK_CAP_ANY, 0, 0, 0, NULL);
}

/* One driver instance on d->ep. */
static long vb_launch(struct vb_driver *d, uint64_t flags)
{
    long e;
    d->thread = d->task.space = UK_CAP_ANY;
    if ((e = task_create_quota(&d->task, VB_QUOTA)) ||
        (e = uk_map(d->task.space, VB_ROOT_DMA_VA, VB_DMA_VA, VB_DMA_PAGES, UK_MAP_WRITE)) ||
        (e = vb_grant_ports(d->task.space)) ||
        (e = uk_cap_copy(d->task.space, RD_EP_SLOT, d->ep, UK_RIGHT_RECV, 0, NULL)) ||
        (e = uk_cap_copy(d->task.space, VB_IRQ_SLOT, UK_ROOT_IRQ_SLOT, UK_RIGHTS_ALL,
                         1ull << dev.irq, NULL)) ||
        (e = uk_cap_copy(d->task.space, VB_DMA_SLOT, UK_ROOT_DMA_SLOT, UK_RIGHTS_ALL, 0, NULL)))
        return e;
    const uint64_t pages = RD_AREA_BYTES / UK_PAGE_SIZE;
    for (uint64_t p = 0; d->client && p < pages; p += UK_MAP_MAX_PAGES) {
        uint64_t n = pages - p < UK_MAP_MAX_PAGES ? pages - p : UK_MAP_MAX_PAGES;
        if ((e = uk_map(d->task.space, (uint64_t)d->client + p * UK_PAGE_SIZE,
                        RD_AREA_VA + p * UK_PAGE_SIZE, n, UK_MAP_WRITE)))
            return e;
    }
    if ((e = task_thread(&d->task, virtioblk_main, flags | (d->client ? VB_FLAG_PRESET : 0),
                         TASK_PRIO, d->exit_cap, &d->thread)))
        return e;
    return uk_thread_start(d->thread);
}

long vb_start(struct vb_driver *d, uint64_t flags, uint64_t exit_cap)
{
    const struct vb_dev *unused;
    long e;
    *d = (struct vb_driver){ .ep = UK_CAP_ANY, .exit_cap = exit_cap, .flags = flags };
    d->thread = d->task.space = UK_CAP_ANY;
    if ((e = vb_probe(&unused)) || (e = uk_endpoint_create(&d->ep)))
        return e;
    vb_end(d); /* whatever an earlier driver left: its line bound, the device live */
    return vb_launch(d, flags);
}

long vb_give(struct vb_driver *d, struct task *t, struct wluk_args *a)
{
    if (!(d->client = task_map_new(t, WLUK_VBLK_VA, WLUK_BLK_PAGES, true)))
        return UK_ENOMEM;
    a->vblk_pages = WLUK_BLK_PAGES;
    return uk_cap_copy(t->space, WLUK_VBLK_SLOT, d->ep, UK_RIGHT_SEND, 0, NULL);
}

void vb_kill(struct vb_driver *d)
{
    if (d->thread != UK_CAP_ANY)
        uk_cap_delete(d->thread);
    d->thread = UK_CAP_ANY;
}

long vb_restart(struct vb_driver *d)
{
    struct uk_thread_status st = { 0, 0, 0 };
    uk_thread_status(d->thread, &st);
    if (d->thread == UK_CAP_ANY)
        console_printf("root: the virtio-blk driver was killed; restarting it\n");
    else if (st.state == UK_THREAD_KILLED)
        console_printf("root: the virtio-blk driver died (exception %lu at %lx); restarting it\n",
                       st.vector, st.value);
    else
        console_printf("root: the virtio-blk driver ended (%ld); restarting it\n", (long)st.value);
    vb_end(d);
    if (st.state != UK_THREAD_KILLED && (st.value & ~0xffull) == VB_EXIT_NODEV) {
        console_printf("root: the virtio-blk driver could not bring the device up; "
                       "not restarted\n");
        return UK_EINVAL;
    }
    d->restarts++;
    return vb_launch(d, d->flags & ~(uint64_t)(RD_FLAG_STALL | VB_FLAG_CRASH));
}

void vb_stop(struct vb_driver *d)
{
    vb_end(d);
    if (d->ep != UK_CAP_ANY)
        uk_cap_delete(d->ep);
    d->ep = UK_CAP_ANY;
}
