/* SPDX-License-Identifier: MIT */
/*
 * See item.h; the item format is in uk/abi.h.  Work per item is bounded:
 * at most UK_ITEM_MAX_PAGES pages, each one check, one entry and one
 * record, or one copy of at most 4 KiB (64 x 4 KiB per kernel entry).
 * An item's pages are consecutive, so their entries are found with a
 * cursor (paging.h) that walks the tables only where a leaf table starts.
 */
#include "item.h"
#include "mapdb.h"
#include "usercopy.h"

#define ITEM_PAGES_MASK 0x3full
#define ITEM_BYTES_MASK 0x1fffull
#define ITEM_KNOWN                                                                                 \
    (ITEM_PAGES_MASK | 3ull << UK_ITEM_KIND_SHIFT | UK_ITEM_WRITE | UK_ITEM_EXEC |                 \
     UK_ITEM_BASE_MASK | ITEM_BYTES_MASK << UK_ITEM_BYTES_SHIFT)
/* UK_ITEM_WRITE and _EXEC are UK_MAP_WRITE and _EXEC, shifted. */
#define ITEM_RIGHTS_SHIFT 8
static long decode(uint64_t w, struct item *it)
{
    it->word = w;
    it->kind = w >> UK_ITEM_KIND_SHIFT & 3;
    it->pages = (w & ITEM_PAGES_MASK) + 1;
    it->rights = w & (UK_ITEM_WRITE | UK_ITEM_EXEC);
    it->base = w & UK_ITEM_BASE_MASK;
    it->bytes = w >> UK_ITEM_BYTES_SHIFT & ITEM_BYTES_MASK;
    if (!it->kind || (w & ~ITEM_KNOWN) || !space_pages_ok(it->base, it->pages))
        return UK_EINVAL;
    if (it->kind == UK_ITEM_COPY)
        return it->rights || !it->bytes || it->bytes > PAGE_SIZE ? UK_EINVAL : UK_OK;
    return it->bytes ? UK_EINVAL : UK_OK;
}

long item_check_sender(struct thread *s, struct item *it)
{
    long err = decode(s->regs.rbx, it);
    if (err)
        return err;
    /* Never more than the sender holds: present, user, and writable or
     * executable if it passes that on. */
    uint64_t need = PTE_P | PTE_U | (it->rights & UK_ITEM_WRITE ? PTE_W : 0);
    uint64_t forbid = it->rights & UK_ITEM_EXEC ? PTE_NX : 0;
    struct paging_cursor c = { s->space->root, 0, NULL };
    for (uint64_t i = 0; i < it->pages; i++) {
        uint64_t pte = paging_cursor_pte(&c, it->base + i * PAGE_SIZE);
        if ((pte & need) != need || (pte & forbid))
            return UK_EFAULT;
    }
    return UK_OK;
}

/* A copy lands in the receive buffer after the long part's UK_MSG_MAX
 * bytes; every byte it writes must be writable user memory there. */
static long prepare_copy(struct thread *r, struct item *it)
{
    uint64_t need = UK_MSG_MAX + (it->pages - 1) * PAGE_SIZE + it->bytes;
    const uint64_t rw = PTE_P | PTE_U | PTE_W;
    struct paging_cursor c = { r->space->root, 0, NULL };
    it->dst = r->regs.r13 + UK_MSG_MAX;
    if (r->regs.r14 < need || r->regs.r13 >= UK_USER_TOP || UK_USER_TOP - r->regs.r13 < need)
        return UK_EWINDOW;
    for (uint64_t i = 0; i < it->pages; i++) {
        uint64_t first = it->dst + i * PAGE_SIZE, last = first + it->bytes - 1;
        if ((paging_cursor_pte(&c, first & ~(PAGE_SIZE - 1)) & rw) != rw ||
            (paging_cursor_pte(&c, last & ~(PAGE_SIZE - 1)) & rw) != rw)
            return UK_EWINDOW;
    }
    return UK_OK;
}

long item_prepare(struct thread *s, struct thread *r, struct item *it, bool checked)
{
    long err = checked ? decode(s->regs.rbx, it) : item_check_sender(s, it);
    if (err)
        return err;
    if (it->kind == UK_ITEM_COPY)
        return prepare_copy(r, it);
    /* Map and grant land at the start of the receiver's window. */
    uint64_t w = r->regs.r15, wpages = (w & (PAGE_SIZE - 1)) + 1;
    it->dst = w & ~(PAGE_SIZE - 1);
    if (!(r->regs.rsi & UK_INFO_WINDOW) || it->pages > wpages || !space_pages_ok(it->dst, wpages))
        return UK_EWINDOW;
    struct space *rs = r->space;
    if (mdb_reserve(rs, it->pages))
        return UK_ENOMEM;
    if (paging_prepare(rs->root, it->dst, it->pages, &it->undo, &rs->quota)) {
        mdb_trim(rs);
        return UK_ENOMEM;
    }
    for (uint64_t i = 0; i < it->pages; i++) {
        if (*paging_prepared(&it->undo, it->dst, it->dst + i * PAGE_SIZE)) {
            item_abort(r, it);
            return UK_EBUSY;
        }
    }
    return UK_OK;
}

void item_abort(struct thread *r, struct item *it)
{
    if (it->kind == UK_ITEM_COPY)
        return;
    paging_undo(&it->undo);
    mdb_trim(r->space);
}

/* Gather: `bytes` of each source page to the same offset at the page
 * stride; a piece may cross one page edge on the receiver's side. */
static void commit_copy(struct thread *s, struct thread *r, struct item *it)
{
    struct paging_cursor sc = { s->space->root, 0, NULL }, dc = { r->space->root, 0, NULL };
    for (uint64_t i = 0; i < it->pages; i++) {
        const uint8_t *from = phys_to_virt(paging_cursor_pte(&sc, it->base + i * PAGE_SIZE) & PTE_ADDR);
        uint64_t to = it->dst + i * PAGE_SIZE, left = it->bytes;
        while (left) {
            uint64_t page = to & ~(PAGE_SIZE - 1), n = PAGE_SIZE - (to - page);
            n = n < left ? n : left;
            uint8_t *d = phys_to_virt(paging_cursor_pte(&dc, page) & PTE_ADDR);
            usercopy_words(d + (to - page), from, n);
            from += n;
            to += n;
            left -= n;
        }
    }
    r->regs.rbx = it->word & ~UK_ITEM_BASE_MASK;
}

void item_commit(struct thread *s, struct thread *r, struct item *it)
{
    if (it->kind == UK_ITEM_COPY) {
        commit_copy(s, r, it);
        return;
    }
    /* The new entries were not present, so no TLB holds them; a grant's
     * old ones are invalidated by mdb_move. */
    uint64_t flags = space_pte_flags((unsigned)(it->rights >> ITEM_RIGHTS_SHIFT)) | PTE_P;
    struct paging_cursor sc = { s->space->root, 0, NULL };
    for (uint64_t i = 0; i < it->pages; i++) {
        uint64_t va = it->dst + i * PAGE_SIZE;
        uint64_t *from = paging_cursor_at(&sc, it->base + i * PAGE_SIZE);
        uint64_t *to = paging_prepared(&it->undo, it->dst, va);
        *to = (*from & PTE_ADDR) | flags;
        if (it->kind == UK_ITEM_MAP)
            mdb_insert(r->space, va, to, mdb_of(from));
        else
            mdb_move(mdb_of(from), r->space, va, to);
    }
    r->regs.rbx = (it->word & ~UK_ITEM_BASE_MASK) | it->dst;
}
