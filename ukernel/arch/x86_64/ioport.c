/* SPDX-License-Identifier: MIT */
/*
 * See ioport.h.  The window's leaf table: entry 0 the TSS page (the same
 * frame in every space, so rsp0 written through the kernel image is seen
 * everywhere), entries 1-2 the 8 KiB bitmap (a set bit denies its port),
 * entry 3 a page of ones (the first of the shared bitmap): the CPU reads two bitmap bytes per
 * check, so the byte past the bitmap must be inside the TSS limit and all ones (SDM vol.
 * 1, 19.5.2).
 */
#include "ioport.h"
#include "cpu.h"
#include "frame.h"
#include "paging.h"
#include "uk/abi.h"
#include <string.h>

#define ALIGNED __attribute__((aligned(4096)))
#define SLOT 509
#define FLAGS (PTE_P | PTE_W | PTE_NX)
/* Physical address of an object in the kernel image. */
#define IMAGE_PA(x) ((uint64_t)(x)-KERNEL_VMA)

uint8_t ioport_tss_page[4096] ALIGNED;
static uint8_t deny_all[2][4096] ALIGNED;
static uint64_t shared_tables[3][512] ALIGNED;

/* A window's frames: its three tables (top down), then its two bitmap
 * pages.  Write the tables' entries. */
static void fill_window(const uint64_t pa[IOPORT_COST])
{
    uint64_t *pdpt = phys_to_virt(pa[0]), *pd = phys_to_virt(pa[1]), *pt = phys_to_virt(pa[2]);
    pdpt[0] = pa[1] | PTE_P | PTE_W;
    pd[0] = pa[2] | PTE_P | PTE_W;
    pt[0] = IMAGE_PA(ioport_tss_page) | FLAGS;
    pt[1] = pa[3] | FLAGS;
    pt[2] = pa[4] | FLAGS;
    pt[3] = IMAGE_PA(deny_all[0]) | FLAGS;
}

/* The frames of the window top's space maps (see fill_window). */
static void window_frames(const uint64_t *top, uint64_t pa[IOPORT_COST])
{
    pa[0] = top[SLOT] & PTE_ADDR;
    for (unsigned i = 1; i < 3; i++)
        pa[i] = *(uint64_t *)phys_to_virt(pa[i - 1]) & PTE_ADDR;
    const uint64_t *pt = phys_to_virt(pa[2]);
    pa[3] = pt[1] & PTE_ADDR;
    pa[4] = pt[2] & PTE_ADDR;
}

void ioport_init(uint64_t *kernel_pml4)
{
    const uint64_t pa[IOPORT_COST] = { IMAGE_PA(shared_tables[0]), IMAGE_PA(shared_tables[1]),
                                       IMAGE_PA(shared_tables[2]), IMAGE_PA(deny_all[0]),
                                       IMAGE_PA(deny_all[1]) };
    memset(deny_all, 0xff, sizeof(deny_all));
    fill_window(pa);
    kernel_pml4[SLOT] = pa[0] | PTE_P | PTE_W;
}

static bool own_window(const uint64_t *top)
{
    return (top[SLOT] & PTE_ADDR) != IMAGE_PA(shared_tables[0]);
}

long ioport_set(uint64_t root, uint32_t first, uint32_t count, bool allow, uint64_t *quota)
{
    uint64_t *top = phys_to_virt(root), pa[IOPORT_COST];
    if (!own_window(top)) {
        unsigned n = 0;
        while (*quota >= IOPORT_COST && n < IOPORT_COST && (pa[n] = frame_alloc()))
            n++;
        if (n < IOPORT_COST) {
            while (n)
                frame_free(pa[--n]);
            return UK_ENOMEM;
        }
        *quota -= IOPORT_COST;
        memset(phys_to_virt(pa[3]), 0xff, PAGE_SIZE);
        memset(phys_to_virt(pa[4]), 0xff, PAGE_SIZE);
        fill_window(pa);
        top[SLOT] = pa[0] | PTE_P | PTE_W;
    }
    window_frames(top, pa);
    for (uint32_t p = first; p < first + count; p++) {
        uint8_t *byte = (uint8_t *)phys_to_virt(pa[3 + p / 32768]) + p % 32768 / 8;
        uint8_t bit = (uint8_t)(1u << p % 8);
        *byte = allow ? *byte & (uint8_t)~bit : *byte | bit;
    }
    /* The space may be the current one, with the shared pages cached. */
    invlpg(IOPORT_WINDOW + PAGE_SIZE);
    invlpg(IOPORT_WINDOW + 2 * PAGE_SIZE);
    return UK_OK;
}

uint64_t ioport_free(uint64_t root)
{
    uint64_t *top = phys_to_virt(root), pa[IOPORT_COST];
    if (!own_window(top))
        return 0;
    window_frames(top, pa);
    for (unsigned i = 0; i < IOPORT_COST; i++)
        frame_free(pa[i]);
    top[SLOT] = 0;
    return IOPORT_COST;
}
