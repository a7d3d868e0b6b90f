/* SPDX-License-Identifier: MIT */
/*
 * See ioport.h.  The window's leaf table: entry 0 the TSS page (the same
 * frame in every space, so rsp0 written through the kernel image is seen
 * everywhere), entries 1-2 the 8 KiB bitmap (a set bit denies its port),
 * entry 3 a page of ones (the first of the shared bitmap): the CPU reads two bitmap bytes per check, so the
 * byte past the bitmap must be inside the TSS limit and all ones (SDM vol.
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

uint8_t ioport_tss_page[4096] ALIGNED;
static uint8_t deny_all[2][4096] ALIGNED;
static uint64_t shared_pdpt[512] ALIGNED, shared_pd[512] ALIGNED, shared_pt[512] ALIGNED;

static void fill_window(uint64_t *pdpt, uint64_t *pd, uint64_t *pt, uint64_t bm0, uint64_t bm1)
{
    const uint64_t f = PTE_P | PTE_W | PTE_NX;
    pdpt[0] = virt_to_phys(pd) | PTE_P | PTE_W;
    pd[0] = virt_to_phys(pt) | PTE_P | PTE_W;
    pt[0] = virt_to_phys(ioport_tss_page) | f;
    pt[1] = bm0 | f;
    pt[2] = bm1 | f;
    pt[3] = virt_to_phys(deny_all[0]) | f;
}

void ioport_init(uint64_t *kernel_pml4)
{
    memset(deny_all, 0xff, sizeof(deny_all));
    fill_window(shared_pdpt, shared_pd, shared_pt, virt_to_phys(deny_all[0]),
                virt_to_phys(deny_all[1]));
    kernel_pml4[SLOT] = virt_to_phys(shared_pdpt) | PTE_P | PTE_W;
}

static bool own_window(const uint64_t *top)
{
    return (top[SLOT] & PTE_ADDR) != virt_to_phys(shared_pdpt);
}

/* The window's leaf table of a space that has its own. */
static uint64_t *window_pt(const uint64_t *top)
{
    uint64_t *pdpt = phys_to_virt(top[SLOT] & PTE_ADDR);
    uint64_t *pd = phys_to_virt(pdpt[0] & PTE_ADDR);
    return phys_to_virt(pd[0] & PTE_ADDR);
}

long ioport_set(uint64_t root, uint32_t first, uint32_t count, bool allow, uint64_t *quota)
{
    uint64_t *top = phys_to_virt(root);
    if (!own_window(top)) {
        uint64_t pa[IOPORT_COST];
        unsigned n = 0;
        while (*quota >= IOPORT_COST && n < IOPORT_COST && (pa[n] = frame_alloc()))
            n++;
        if (n < IOPORT_COST) {
            while (n)
                frame_free(pa[--n]);
            return UK_ENOMEM;
        }
        *quota -= IOPORT_COST;
        memset(phys_to_virt(pa[3]), 0xff, PAGE_SIZE); /* pa[3], pa[4]: the bitmap */
        memset(phys_to_virt(pa[4]), 0xff, PAGE_SIZE);
        fill_window(phys_to_virt(pa[0]), phys_to_virt(pa[1]), phys_to_virt(pa[2]), pa[3], pa[4]);
        top[SLOT] = pa[0] | PTE_P | PTE_W;
    }
    uint64_t *pt = window_pt(top);
    for (uint32_t p = first; p < first + count; p++) {
        uint8_t *byte = (uint8_t *)phys_to_virt(pt[1 + p / 32768] & PTE_ADDR) + p % 32768 / 8;
        if (allow)
            *byte &= (uint8_t)~(1u << p % 8);
        else
            *byte |= (uint8_t)(1u << p % 8);
    }
    /* The space may be the current one, with the shared pages cached. */
    for (unsigned i = 1; i < 3; i++)
        invlpg(IOPORT_WINDOW + i * PAGE_SIZE);
    return UK_OK;
}

uint64_t ioport_free(uint64_t root)
{
    uint64_t *top = phys_to_virt(root);
    if (!own_window(top))
        return 0;
    uint64_t *pt = window_pt(top);
    uint64_t *pdpt = phys_to_virt(top[SLOT] & PTE_ADDR);
    uint64_t *pd = phys_to_virt(pdpt[0] & PTE_ADDR);
    frame_free(pt[1] & PTE_ADDR);
    frame_free(pt[2] & PTE_ADDR);
    frame_free(virt_to_phys(pt));
    frame_free(virt_to_phys(pd));
    frame_free(virt_to_phys(pdpt));
    top[SLOT] = 0;
    return IOPORT_COST;
}
