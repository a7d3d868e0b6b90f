/* SPDX-License-Identifier: MIT */
/*
 * Address spaces and the capabilities they hold.  A capability slot names
 * a kernel object and the rights its holder has over it; the table belongs
 * to the space, so all threads of a task share its rights.
 */
#ifndef KERNEL_SPACE_H
#define KERNEL_SPACE_H

#include "kobj.h"
#include "uk/abi.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cap_type {
    CAP_NONE,
    CAP_ENDPOINT,
    CAP_NOTIFICATION,
    CAP_SPACE,
    CAP_THREAD,
    CAP_IOPORT, /* uncounted; what they cover is in the badge (uk/abi.h) */
    CAP_IRQ,
    CAP_DMA,
};

struct cap {
    uint8_t type;
    uint8_t rights;
    uint64_t badge;
    void *obj;
};

struct space {
    uint64_t root;  /* physical address of the top-level page table */
    uint64_t quota; /* frames of kernel memory this space may still take */
    /* Lifetime (object.c): obj.refs counts capabilities and threads; at 0
     * the space's tables and capabilities are let go.  charges counts
     * objects it paid for that still exist; at 0 as well, its frames and
     * quota go back to obj.payer. */
    struct kobj obj;
    uint64_t charges;
    struct space *release_next; /* in object.c's list of spaces to let go */
    bool released;
    uint32_t id;
    bool is_root_task;
    /* Frames of mapping records with a free one (mapdb.c), and how many
     * records they have free. */
    struct mdb_frame *mdb_frames;
    uint64_t mdb_free;
    struct cap caps[UK_CAP_SLOTS];
};

/*
 * A new space with `quota` frames moved from payer's account (payer NULL:
 * at boot, from free memory); its own object and top-level table
 * (SPACE_COST frames) come out of that quota.  NULL if payer has too
 * little, quota < SPACE_COST, or memory is gone; then nothing changed.
 */
#define SPACE_COST UK_SPACE_COST
struct space *space_create(struct space *payer, uint64_t quota);
/* Undo space_create() of a space never used (no mappings, no threads):
 * its frames and quota go back to its payer. */
void space_destroy_empty(struct space *s);
/* A zeroed frame for a kernel object, charged to payer's account (payer
 * NULL: uncharged, at boot); NULL if the account or memory is empty. */
void *space_charge_object(struct space *payer);
/* Give an object's frame back to the account that paid for it. */
void space_refund_object(struct space *payer, void *obj);
/* Free s (and so on up its payers) if it was let go and nothing it paid
 * for exists any more; its quota goes back to its payer. */
void space_check_free(struct space *s);
/* The slot's object if its type and rights match, else NULL and *err set. */
struct cap *space_cap(struct space *s, uint64_t slot, enum cap_type type, unsigned rights,
                      long *err);
/* Put an object in the first free slot; returns the slot or UK_ECAP. */
long space_cap_insert(struct space *s, enum cap_type type, unsigned rights, void *obj);
/* Map npages (at most UK_MAP_MAX_PAGES) of the caller's own memory at src
 * into dst at dva, each recorded as derived from its source; every
 * destination page must be unmapped.  On an error nothing is mapped. */
long space_map(struct space *src, uint64_t sva, struct space *dst, uint64_t dva, uint64_t npages,
               uint64_t perms);
/*
 * Take back every mapping derived from s's pages in [*va, *va + *npages
 * pages), and with `self` s's own, at most `budget` steps (a page, a
 * span without page tables skipped whole, or a mapping removed); *va and
 * *npages are advanced past what was done, so a caller repeats until
 * *npages is 0.  UNMAP is this with self.
 */
long space_revoke(struct space *s, uint64_t *va, uint64_t *npages, bool self, uint64_t budget);
/* Take back every mapping of s and what was derived from them (s ends). */
void space_unmap_all(struct space *s);
/* Boot: map frame pa at va in s as a root of the mapping database;
 * NULL if memory ran out. */
uint64_t *space_map_root(struct space *s, uint64_t va, uint64_t pa, uint64_t flags);
/* Back [va, va + npages) in s with fresh zeroed frames. */
long space_alloc(struct space *s, uint64_t va, uint64_t npages, unsigned perms);
/* Map npages (1..UK_DMA_MAX_PAGES) fresh physically contiguous frames at
 * va in s, writable, charged to its account; *pa is the first frame. */
long space_dma(struct space *s, uint64_t va, uint64_t npages, uint64_t *pa);
/* The flags of a user mapping with UK_MAP_* permissions. */
uint64_t space_pte_flags(unsigned perms);
/* Page-aligned, at least one page, and below UK_MAP_TOP. */
bool space_pages_ok(uint64_t va, uint64_t npages);

#endif
