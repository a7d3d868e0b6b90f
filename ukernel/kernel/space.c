/* SPDX-License-Identifier: MIT */
/*
 * Address spaces: a page-table root, a capability table, an account of
 * kernel memory, and the map operations.  Mapping follows L4's "map"
 * model: a task holding a space capability with UK_RIGHT_MAP may map
 * pages of its own address space into that space, and unmap them again;
 * every mapping is recorded in the mapping database (mapdb.h), so
 * whatever was derived from a page goes with it.  Only the root task
 * holds such capabilities at first, so it is the memory manager.
 */
#include "space.h"
#include "frame.h"
#include "object.h"
#include "mapdb.h"
#include "paging.h"

static uint32_t next_space_id = 1;

void *space_charge_object(struct space *payer)
{
    if (payer && !payer->quota)
        return NULL;
    void *obj = frame_alloc_object();
    if (obj && payer) {
        payer->quota--;
        payer->charges++;
    }
    return obj;
}

void space_refund_object(struct space *payer, void *obj)
{
    frame_free(virt_to_phys(obj));
    if (payer) {
        payer->quota++;
        payer->charges--;
        space_check_free(payer);
    }
}

void space_check_free(struct space *s)
{
    while (s && s->released && !s->charges) {
        struct space *payer = s->obj.payer;
        if (payer) {
            payer->quota += s->quota + SPACE_COST;
            payer->charges--;
        }
        frame_free(s->root);
        frame_free(virt_to_phys(s));
        s = payer; /* its last charge may have gone with it */
    }
}

struct space *space_create(struct space *payer, uint64_t quota)
{
    if (quota < SPACE_COST || (payer && quota > payer->quota))
        return NULL;
    struct space *s = frame_alloc_object();
    if (!s)
        return NULL;
    s->root = paging_new_root();
    if (!s->root) {
        frame_free(virt_to_phys(s));
        return NULL;
    }
    if (payer) {
        payer->quota -= quota;
        payer->charges++;
    }
    s->obj.payer = payer;
    s->quota = quota - SPACE_COST;
    s->id = next_space_id++;
    return s;
}

void space_destroy_empty(struct space *s)
{
    s->released = true; /* nothing to let go: it held nothing */
    space_check_free(s);
}

struct cap *space_cap(struct space *s, uint64_t slot, enum cap_type type, unsigned rights,
                      long *err)
{
    if (slot >= UK_CAP_SLOTS || s->caps[slot].type != type) {
        *err = UK_ECAP;
        return NULL;
    }
    if ((s->caps[slot].rights & rights) != rights) {
        *err = UK_EPERM;
        return NULL;
    }
    return &s->caps[slot];
}

long space_cap_insert(struct space *s, enum cap_type type, unsigned rights, void *obj)
{
    for (long i = 0; i < UK_CAP_SLOTS; i++) {
        if (s->caps[i].type == CAP_NONE) {
            s->caps[i] = (struct cap){ .type = type, .rights = rights, .obj = obj };
            object_get(type, obj);
            return i;
        }
    }
    return UK_ECAP;
}

uint64_t space_pte_flags(unsigned perms)
{
    return PTE_U | (perms & UK_MAP_WRITE ? PTE_W : 0) | (perms & UK_MAP_EXEC ? 0 : PTE_NX);
}

bool space_pages_ok(uint64_t va, uint64_t npages)
{
    return !(va & (PAGE_SIZE - 1)) && va < UK_MAP_TOP && npages &&
           npages <= (UK_MAP_TOP - va) / PAGE_SIZE;
}

/* Source entries a map remembers between its check and its writes (a
 * second look costs a walk per leaf table). */
#define MAP_REMEMBER 16

long space_map(struct space *src, uint64_t sva, struct space *dst, uint64_t dva, uint64_t npages,
               uint64_t perms)
{
    uint64_t *seen[MAP_REMEMBER];

    if (perms & ~(uint64_t)(UK_MAP_WRITE | UK_MAP_EXEC) || npages > UK_MAP_MAX_PAGES ||
        !space_pages_ok(sva, npages) || !space_pages_ok(dva, npages))
        return UK_EINVAL;
    /* Check every source page first, so a failure maps nothing: present,
     * user, and writable or executable if the mapping is to be. */
    uint64_t need = PTE_P | PTE_U | (perms & UK_MAP_WRITE ? PTE_W : 0);
    uint64_t forbid = perms & UK_MAP_EXEC ? PTE_NX : 0;
    uint64_t *e = NULL;
    for (uint64_t i = 0; i < npages; i++) {
        uint64_t va = sva + i * PAGE_SIZE;
        /* The next entry of a leaf table, or a walk where one starts. */
        e = e && (va & (PAGING_LEAF_SPAN - 1)) ? e + 1 : paging_pte(src->root, va);
        uint64_t pte = e ? *e : 0;
        if ((pte & need) != need || (pte & forbid))
            return UK_EFAULT;
        if (i < MAP_REMEMBER)
            seen[i] = e;
    }
    /* Then the records and every table the destination needs, so the
     * writes cannot fail; the destination must be free. */
    struct paging_undo undo;
    if (mdb_reserve(dst, npages))
        return UK_ENOMEM;
    if (paging_prepare(dst->root, dva, npages, &undo, &dst->quota)) {
        mdb_trim(dst);
        return UK_ENOMEM;
    }
    for (uint64_t i = 0; i < npages; i++) {
        if (*paging_prepared(&undo, dva, dva + i * PAGE_SIZE)) {
            paging_undo(&undo);
            mdb_trim(dst);
            return UK_EBUSY;
        }
    }
    /* The entries were not present, so no TLB holds them. */
    uint64_t flags = space_pte_flags((unsigned)perms) | PTE_P;
    for (uint64_t i = 0; i < npages; i++) {
        uint64_t va = dva + i * PAGE_SIZE, from = sva + i * PAGE_SIZE;
        e = i < MAP_REMEMBER                  ? seen[i]
            : (from & (PAGING_LEAF_SPAN - 1)) ? e + 1
                                              : paging_pte(src->root, from);
        uint64_t *d = paging_prepared(&undo, dva, va);
        *d = (*e & PTE_ADDR) | flags;
        mdb_insert(dst, va, d, mdb_of(e));
    }
    return UK_OK;
}

long space_revoke(struct space *s, uint64_t *va, uint64_t *npages, bool self, uint64_t budget)
{
    if (!space_pages_ok(*va, *npages))
        return UK_EINVAL;
    uint64_t *pte = NULL;
    while (*npages && budget) {
        /* Walk the tables only where a new leaf table starts. */
        uint64_t skip = 1;
        if (pte && (*va & (PAGING_LEAF_SPAN - 1)))
            pte++;
        else
            pte = paging_find(s->root, *va, &skip);
        budget--;
        if (pte && *pte && !mdb_revoke(mdb_of(pte), self, &budget))
            return UK_OK; /* the same page again, on the next call */
        if (skip > *npages)
            skip = *npages;
        *va += skip * PAGE_SIZE;
        *npages -= skip;
    }
    return UK_OK;
}

void space_unmap_all(struct space *s)
{
    uint64_t va = 0, npages = UK_MAP_TOP / PAGE_SIZE;
    space_revoke(s, &va, &npages, true, ~0ull);
}

uint64_t *space_map_root(struct space *s, uint64_t va, uint64_t pa, uint64_t flags)
{
    uint64_t *e;
    if (mdb_reserve(s, 1) || !(e = paging_map(s->root, va, pa, flags)))
        return NULL;
    mdb_insert(s, va, e, NULL);
    return e;
}

long space_dma(struct space *s, uint64_t va, uint64_t npages, uint64_t *pa)
{
    if (!npages || npages > UK_DMA_MAX_PAGES || !space_pages_ok(va, npages))
        return UK_EINVAL;
    struct paging_undo undo;
    if (mdb_reserve(s, npages))
        return UK_ENOMEM;
    if (paging_prepare(s->root, va, npages, &undo, &s->quota)) {
        mdb_trim(s);
        return UK_ENOMEM;
    }
    long err = UK_OK;
    for (uint64_t i = 0; i < npages && !err; i++)
        if (*paging_prepared(&undo, va, va + i * PAGE_SIZE))
            err = UK_EBUSY;
    if (!err && (s->quota < npages || !(*pa = frame_alloc_run(npages))))
        err = UK_ENOMEM;
    if (err) {
        paging_undo(&undo);
        mdb_trim(s);
        return err;
    }
    /* The frames are the task's from now on, like root's pool: an unmap
     * loses them to user level (they are not refunded). */
    s->quota -= npages;
    for (uint64_t i = 0; i < npages; i++) {
        uint64_t *d = paging_prepared(&undo, va, va + i * PAGE_SIZE);
        *d = (*pa + i * PAGE_SIZE) | space_pte_flags(UK_MAP_WRITE) | PTE_P;
        mdb_insert(s, va + i * PAGE_SIZE, d, NULL);
    }
    return UK_OK;
}

long space_alloc(struct space *s, uint64_t va, uint64_t npages, unsigned perms)
{
    if (!space_pages_ok(va, npages))
        return UK_EINVAL;
    for (uint64_t i = 0; i < npages; i++) {
        uint64_t pa = frame_alloc();
        if (!pa || !space_map_root(s, va + i * PAGE_SIZE, pa, space_pte_flags(perms)))
            return UK_ENOMEM;
    }
    return UK_OK;
}
