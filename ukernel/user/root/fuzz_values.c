/* SPDX-License-Identifier: MIT */
/*
 * The pools of values the fuzzer's classes draw arguments from (see
 * fuzz_rand.h): addresses that can never be valid and edges of the user
 * half, the regions maps go to and the pages they come from, capability
 * slots, message words.  The layout they refer to is in fuzz_task.h.
 */
#include "fuzz_rand.h"

uint64_t fz_safe_pages(uint64_t classes)
{
    return classes & (1ull << FZ_BIGWRITE) ? FZ_SAFE_PAGES_BIG : FZ_SAFE_PAGES;
}

/* Unmapped guard pages of the low region (fuzz_task.h): never mapped. */
static const uint64_t guard_pages[] = {
    FZ_SHARED_VA + PAGE,
    FZ_CODE_VA + PAGE,
    FZ_CHILD_STACK_VA + PAGE,
    FZ_SAFE_VA - PAGE,
    FZ_ZERO_VA - PAGE,
    FZ_ZERO_VA + FZ_ZERO_PAGES *PAGE,
    FZ_STACK_TOP - (FZ_STACK_PAGES + 1) * PAGE,
    FZ_STACK_TOP,
};
#define NGUARDS (sizeof(guard_pages) / sizeof(guard_pages[0]))

bool fz_is_guard(uint64_t va)
{
    for (unsigned i = 0; i < NGUARDS; i++) {
        if (va - guard_pages[i] < PAGE)
            return true;
    }
    return false;
}

/* An address no call can make valid: kernel half, non-canonical, or a
 * guard page. */
uint64_t fz_addr_invalid(struct fz_rng *r)
{
    switch (fz_pick(r, 6)) {
    case 0: /* the kernel's direct map */
        return 0xffff800000000000ull + (fz_next(r) & 0x7fffffffffull);
    case 1: /* the kernel image */
        return 0xffffffff80000000ull + (fz_next(r) & 0x3fffffffull);
    case 2: /* the first non-canonical addresses */
        return UK_USER_TOP + fz_pick(r, 2 * PAGE);
    case 3: { /* random non-canonical: bits 63..47 neither all 0 nor all 1 */
        uint64_t top = 1 + fz_pick(r, 0x1fffe);
        return top << 47 | (fz_next(r) & (UK_USER_TOP - 1));
    }
    case 4:
        return ~0ull - fz_pick(r, PAGE);
    default:
        return guard_pages[fz_pick(r, NGUARDS)] + fz_pick(r, PAGE);
    }
}

/* An address that is not a user address at all. */
uint64_t fz_addr_not_user(struct fz_rng *r)
{
    uint64_t a;
    do
        a = fz_addr_invalid(r);
    while (a < UK_USER_TOP);
    return a;
}

/* A user address at an edge of the user half. */
uint64_t fz_addr_edge(struct fz_rng *r)
{
    switch (fz_pick(r, 5)) {
    case 0:
        return 0;
    case 1:
        return fz_pick(r, PAGE);
    case 2:
        return FZ_TOP_PAGE;
    case 3:
        return UK_USER_TOP - 1 - fz_pick(r, 16);
    default:
        return UK_USER_TOP;
    }
}

uint64_t fz_addr_hostile(struct fz_rng *r)
{
    switch (fz_pick(r, 4)) {
    case 0:
        return fz_addr_edge(r);
    case 1:
        return fz_next(r);
    default:
        return fz_addr_invalid(r);
    }
}

/* Where maps go: below the low region, the playground, the top 2 MiB
 * (the last page only for class top: fuzz_gen.c). */
static const struct {
    uint64_t base, pages;
} regions[] = {
    { 0, FZ_LOW_START / PAGE },          { FZ_PLAY_VA, 512 },
    { FZ_PLAY_VA + 2 * MiB, 512 },       { FZ_PLAY_VA + 64 * MiB, 512 },
    { FZ_PLAY_VA + 0x40000000ull, 512 }, { FZ_TOP_PAGE - 511 * PAGE, 511 },
};
#define NREGIONS (sizeof(regions) / sizeof(regions[0]))

/* A page-aligned address in a region, and a page count that fits there. */
uint64_t fz_region_addr(struct fz_rng *r, uint64_t *pages_left)
{
    unsigned k = (unsigned)fz_pick(r, NREGIONS);
    uint64_t page = fz_pick(r, regions[k].pages);
    *pages_left = regions[k].pages - page;
    return regions[k].base + page * PAGE;
}

/* A small page count up to max (>= 1), sometimes exactly max. */
uint64_t fz_some_pages(struct fz_rng *r, uint64_t max)
{
    if (fz_chance(r, 10))
        return max;
    uint64_t n = 1 + fz_pick(r, fz_chance(r, 70) ? 8 : 64);
    return n < max ? n : max;
}

/* A source of maps in the task's own space; *avail: pages present from it. */
uint64_t fz_map_source(struct fz_rng *r, uint64_t classes, uint64_t *avail)
{
    uint64_t k;
    switch (fz_pick(r, 6)) {
    case 0:
    case 1:
        k = fz_pick(r, FZ_ZERO_PAGES);
        *avail = FZ_ZERO_PAGES - k;
        return FZ_ZERO_VA + k * PAGE;
    case 2:
        k = fz_pick(r, fz_safe_pages(classes));
        *avail = fz_safe_pages(classes) - k;
        return FZ_SAFE_VA + k * PAGE;
    case 3:
        *avail = 1;
        return FZ_CODE_VA;
    case 4: /* whatever earlier calls mapped there */
        return fz_region_addr(r, avail);
    default:
        *avail = 1;
        return fz_addr_hostile(r);
    }
}

/* A slot: mostly the given ones, then any in the table, rarely out of range. */
uint64_t fz_slot_any(struct fz_rng *r)
{
    switch (fz_pick(r, 10)) {
    case 0:
        return UK_CAP_SLOTS + fz_pick(r, 1000);
    case 1:
    case 2:
    case 3:
        return fz_pick(r, UK_CAP_SLOTS);
    default:
        return fz_pick(r, FZ_SLOTS_GIVEN);
    }
}

uint64_t fz_slot_out_of_range(struct fz_rng *r)
{
    switch (fz_pick(r, 5)) {
    case 0:
        return UK_CAP_SLOTS + fz_pick(r, 64);
    case 1:
        return 1ull << 32 | fz_pick(r, FZ_SLOTS_GIVEN); /* high bits over a good slot */
    case 2:
        return ~0ull - 1 - fz_pick(r, 16);
    case 3:
        return fz_next(r) | 1ull << 63;
    default:
        return UK_CAP_SLOTS + fz_next(r) % (~0ull - 2 * UK_CAP_SLOTS);
    }
}

/* A space slot: own or scratch mostly. */
uint64_t fz_slot_space(struct fz_rng *r)
{
    return fz_chance(r, 85) ? (fz_chance(r, 50) ? FZ_SLOT_OWN : FZ_SLOT_SCRATCH) : fz_slot_any(r);
}

uint64_t fz_info_word(struct fz_rng *r, bool poll)
{
    uint64_t len = fz_chance(r, 60)   ? 0
                   : fz_chance(r, 80) ? fz_pick(r, 65)
                                      : fz_pick(r, UK_MSG_MAX + 1);
    uint64_t info = len | (fz_next(r) & 0xffffffff00000000ull);
    if (poll)
        info |= UK_INFO_POLL;
    if (fz_chance(r, 5))
        info |= fz_next(r) & 0xffff0000ull; /* stray flag bits */
    return info;
}

uint64_t fz_buffer(struct fz_rng *r, uint64_t classes)
{
    switch (fz_pick(r, 5)) {
    case 0:
        return FZ_ZERO_VA + fz_pick(r, FZ_ZERO_PAGES * PAGE);
    case 1:
        return FZ_SAFE_VA + fz_pick(r, fz_safe_pages(classes) * PAGE);
    case 2:
        return fz_addr_hostile(r);
    default:
        return 0;
    }
}

uint64_t fz_capacity(struct fz_rng *r)
{
    switch (fz_pick(r, 4)) {
    case 0:
        return 0;
    case 1:
        return fz_pick(r, UK_MSG_MAX + 1);
    case 2:
        return fz_next(r);
    default:
        return UK_MSG_MAX;
    }
}
