/* SPDX-License-Identifier: MIT */
/*
 * Page tables.  At boot we replace boot.S's temporary tables by the
 * kernel's own: the image's 1 GiB window at KERNEL_VMA (2 MiB pages,
 * global) and the direct map of the first DIRECT_MAP_SIZE bytes of
 * physical memory at DIRECT_MAP (2 MiB pages, no-execute).  These
 * top-level entries (256..511) are copied into every new address space,
 * so the kernel half is shared and never changes after boot.
 */
#include "paging.h"
#include "cpu.h"
#include "frame.h"
#include "ioport.h"
#include <stddef.h>

#define ALIGNED __attribute__((aligned(4096)))

static uint64_t kernel_pml4[512] ALIGNED;
static uint64_t kernel_pdpt[512] ALIGNED;
static uint64_t kernel_pd[512] ALIGNED;
static uint64_t direct_pdpt[512] ALIGNED;
static uint64_t direct_pd[DIRECT_MAP_SIZE >> 30][512] ALIGNED;

static unsigned idx(uint64_t va, int level)
{
    return (va >> (12 + 9 * level)) & 511;
}

void paging_init(void)
{
    const uint64_t big = PTE_P | PTE_W | PTE_PS;

    for (uint64_t i = 0; i < 512; i++)
        kernel_pd[i] = (i << 21) | big | PTE_G;
    kernel_pdpt[idx(KERNEL_VMA, 2)] = virt_to_phys(kernel_pd) | PTE_P | PTE_W;
    kernel_pml4[idx(KERNEL_VMA, 3)] = virt_to_phys(kernel_pdpt) | PTE_P | PTE_W;

    for (uint64_t g = 0; g < (DIRECT_MAP_SIZE >> 30); g++) {
        for (uint64_t i = 0; i < 512; i++)
            direct_pd[g][i] = ((g << 30) | (i << 21)) | big | PTE_G | PTE_NX;
        direct_pdpt[g] = virt_to_phys(direct_pd[g]) | PTE_P | PTE_W;
    }
    kernel_pml4[idx(DIRECT_MAP, 3)] = virt_to_phys(direct_pdpt) | PTE_P | PTE_W;
    write_cr3(virt_to_phys(kernel_pml4));
    ioport_init(kernel_pml4); /* it writes through the direct map */
}

uint64_t paging_new_root(void)
{
    uint64_t pa = frame_alloc();
    if (!pa)
        return 0;
    uint64_t *t = phys_to_virt(pa);
    for (int i = 256; i < 512; i++)
        t[i] = kernel_pml4[i];
    return pa;
}

/* A new table for an entry at `level` (1: it points to a leaf table,
 * which comes as a pair with its table of mapping records). */
static uint64_t new_table(int level)
{
    return level == 1 ? frame_alloc_pair() : frame_alloc();
}

/* Walk to the leaf table for va, allocating intermediate tables if asked.
 * Intermediate entries are user-accessible and writable; the leaf decides. */
static uint64_t *walk(uint64_t root, uint64_t va, int alloc)
{
    uint64_t *t = phys_to_virt(root);
    for (int level = 3; level > 0; level--) {
        uint64_t *e = &t[idx(va, level)];
        if (!(*e & PTE_P)) {
            if (!alloc)
                return NULL;
            uint64_t pa = new_table(level);
            if (!pa)
                return NULL;
            *e = pa | PTE_P | PTE_W | PTE_U;
        }
        t = phys_to_virt(*e & PTE_ADDR);
    }
    return &t[idx(va, 0)];
}

uint64_t *paging_map(uint64_t root, uint64_t va, uint64_t pa, uint64_t flags)
{
    uint64_t *e = walk(root, va, 1);
    if (!e)
        return NULL;
    *e = (pa & PTE_ADDR) | flags | PTE_P;
    invlpg(va);
    return e;
}

uint64_t *paging_find(uint64_t root, uint64_t va, uint64_t *skip)
{
    uint64_t *t = phys_to_virt(root);
    for (int level = 3; level > 0; level--) {
        uint64_t e = t[idx(va, level)];
        if (!(e & PTE_P)) {
            /* Nothing below this entry: skip the rest of its span. */
            uint64_t span = 1ull << (12 + 9 * level);
            *skip = (((va | (span - 1)) + 1) - va) / PAGE_SIZE;
            return NULL;
        }
        t = phys_to_virt(e & PTE_ADDR);
    }
    return &t[idx(va, 0)];
}

uint64_t *paging_pte(uint64_t root, uint64_t va)
{
    return walk(root, va, 0);
}

uint64_t *paging_cursor_at(struct paging_cursor *c, uint64_t va)
{
    if (c->e && va == c->va)
        return c->e;
    if (c->e && va == c->va + PAGE_SIZE && (va & (PAGING_LEAF_SPAN - 1)))
        c->e++;
    else
        c->e = walk(c->root, va, 0);
    c->va = va;
    return c->e;
}

uint64_t paging_cursor_pte(struct paging_cursor *c, uint64_t va)
{
    uint64_t *e = paging_cursor_at(c, va);
    return e ? *e : 0;
}

int paging_prepare(uint64_t root, uint64_t va, uint64_t npages, struct paging_undo *undo,
                   uint64_t *quota)
{
    undo->n = 0;
    undo->nleaf = 0;
    undo->quota = quota;
    for (uint64_t i = 0; i < npages; i++) {
        uint64_t *t = phys_to_virt(root), a = va + i * PAGE_SIZE;
        for (int level = 3; level > 0; level--) {
            uint64_t *e = &t[idx(a, level)];
            if (!(*e & PTE_P)) {
                uint64_t cost = level == 1 ? 2 : 1;
                uint64_t pa = undo->n < PAGING_UNDO_MAX && *quota >= cost ? new_table(level) : 0;
                if (!pa) {
                    paging_undo(undo);
                    return -1;
                }
                *quota -= cost;
                *e = pa | PTE_P | PTE_W | PTE_U;
                /* Entries are 8-byte aligned: bit 0 marks a pair. */
                undo->entry[undo->n++] = (uint64_t *)((uint64_t)e | (level == 1));
            }
            t = phys_to_virt(*e & PTE_ADDR);
        }
        if (undo->nleaf == PAGING_LEAVES_MAX) {
            paging_undo(undo);
            return -1;
        }
        undo->leaf[undo->nleaf++] = t;
        /* The rest of this leaf table's 2 MiB needs nothing more. */
        uint64_t next = ((a >> 21) + 1) << 21;
        i += (next - a) / PAGE_SIZE - 1;
    }
    return 0;
}

uint64_t *paging_prepared(const struct paging_undo *prep, uint64_t first_va, uint64_t va)
{
    return &prep->leaf[(va >> 21) - (first_va >> 21)][idx(va, 0)];
}

void paging_undo(struct paging_undo *undo)
{
    /* Newest first: a table's entry may live in a table made before it. */
    while (undo->n) {
        uint64_t tagged = (uint64_t)undo->entry[--undo->n], *e = (uint64_t *)(tagged & ~1ull);
        if (tagged & 1) {
            frame_free_pair(*e & PTE_ADDR);
            *undo->quota += 2;
        } else {
            frame_free(*e & PTE_ADDR);
            ++*undo->quota;
        }
        *e = 0;
    }
}

/* Free the tables below entry table t at level (3: a top-level table). */
static uint64_t free_below(uint64_t *t, int level, unsigned first, unsigned end)
{
    uint64_t n = 0;
    for (unsigned i = first; i < end; i++) {
        if (!(t[i] & PTE_P))
            continue;
        uint64_t pa = t[i] & PTE_ADDR;
        if (level > 1) {
            n += free_below(phys_to_virt(pa), level - 1, 0, 512) + 1;
            frame_free(pa);
        } else {
            n += 2;
            frame_free_pair(pa);
        }
        t[i] = 0;
    }
    return n;
}

uint64_t paging_free_user(uint64_t root)
{
    return free_below(phys_to_virt(root), 3, 0, 256) + ioport_free(root);
}

uint64_t paging_lookup(uint64_t root, uint64_t va)
{
    uint64_t *e = walk(root, va, 0);
    return e ? *e : 0;
}

void paging_switch(uint64_t root)
{
    write_cr3(root);
}
