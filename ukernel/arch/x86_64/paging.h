/* SPDX-License-Identifier: MIT */
/*
 * 4-level x86_64 paging.  The upper half is the kernel's and the same in
 * every address space: the kernel image at KERNEL_VMA and all physical
 * memory (up to DIRECT_MAP_SIZE) at DIRECT_MAP, both supervisor-only.
 * The lower half belongs to user tasks.
 *
 * Every leaf table of the user half comes as a pair of adjacent frames:
 * the table, and beside it 512 pointers, one per entry, to the mapping
 * records of kernel/mapdb.c (paging_records), so a page's record is found
 * with the page.  A pair costs two frames of its space's account.
 */
#ifndef ARCH_PAGING_H
#define ARCH_PAGING_H

#include <stdint.h>

#define PAGE_SIZE 4096ull
#define KERNEL_VMA 0xffffffff80000000ull
#define DIRECT_MAP 0xffff800000000000ull
#define DIRECT_MAP_SIZE (4ull << 30)

/* Page-table entry bits (Intel SDM vol. 3, 4.5). */
#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_U (1ull << 2)
#define PTE_PS (1ull << 7)
#define PTE_G (1ull << 8)
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

static inline void *phys_to_virt(uint64_t pa)
{
    return (void *)(pa + DIRECT_MAP);
}

static inline uint64_t virt_to_phys(const void *va)
{
    uint64_t v = (uint64_t)va;
    return v >= KERNEL_VMA ? v - KERNEL_VMA : v - DIRECT_MAP;
}

/* Build and load the kernel's page tables (the template of every space). */
void paging_init(void);
/* A new top-level table with the kernel half filled in; 0 if out of memory. */
uint64_t paging_new_root(void);
/* Map one 4 KiB user page (at boot: tables uncharged); returns its entry,
 * or NULL if a table could not be had. */
uint64_t *paging_map(uint64_t root, uint64_t va, uint64_t pa, uint64_t flags);
/* The leaf entry for va if its leaf table exists; else NULL and *skip is
 * the number of pages from va to the end of the span with no tables. */
uint64_t *paging_find(uint64_t root, uint64_t va, uint64_t *skip);
/* The leaf entry for va, or NULL if its leaf table does not exist. */
uint64_t *paging_pte(uint64_t root, uint64_t va);
/* Leaf entries of pages visited in rising order: the tables are walked
 * only where a new leaf table starts (every 2 MiB). */
struct paging_cursor {
    uint64_t root, va; /* the page looked up last */
    uint64_t *e;       /* its entry, or NULL */
};
#define PAGING_LEAF_SPAN (512 * PAGE_SIZE)

/* The leaf entry of page va, or NULL if its leaf table does not exist. */
uint64_t *paging_cursor_at(struct paging_cursor *c, uint64_t va);
/* The entry's value, 0 if there is none. */
uint64_t paging_cursor_pte(struct paging_cursor *c, uint64_t va);

/* The mapping-record slot beside a leaf entry. */
static inline void **paging_records(uint64_t *pte)
{
    return (void **)((uint8_t *)pte + PAGE_SIZE);
}

/* The tables paging_prepare() added, so a failed map can take them back.
 * UK_MAP_MAX_PAGES contiguous pages need at most 3 leaf tables, 2 page
 * directories and 2 page-directory-pointer tables. */
#define PAGING_UNDO_MAX 8
#define PAGING_LEAVES_MAX 3
struct paging_undo {
    unsigned n, nleaf;
    uint64_t *quota; /* the account the new tables were charged to */
    uint64_t *entry[PAGING_UNDO_MAX];
    uint64_t *leaf[PAGING_LEAVES_MAX]; /* the leaf table of each 2 MiB, in order */
};
/* Make sure every table that [va, va + npages pages) needs exists, each
 * new one charged to *quota (a leaf pair: two frames), and note the leaf tables; -1 (nothing
 * changed) if the quota or memory ran out or the range needs more tables
 * than the struct holds (UK_MAP_MAX_PAGES pages fit). */
int paging_prepare(uint64_t root, uint64_t va, uint64_t npages, struct paging_undo *undo,
                   uint64_t *quota);
/* The leaf entry of va in a range paging_prepare() prepared from first_va
 * on, without walking the tables again. */
uint64_t *paging_prepared(const struct paging_undo *prep, uint64_t first_va, uint64_t va);
/* Remove and free the tables paging_prepare() added; refund their quota. */
void paging_undo(struct paging_undo *undo);
/* Free every page table of the user half (not the pages they map) and
 * return how many; the space must not be current. */
uint64_t paging_free_user(uint64_t root);
/* The leaf entry for va, or 0 if nothing is mapped there. */
uint64_t paging_lookup(uint64_t root, uint64_t va);
void paging_switch(uint64_t root);

#endif
