/* SPDX-License-Identifier: MIT */
/*
 * A small map benchmark (see mapbench.h).  Pages come from root's pool and
 * go into a fresh space, first MAPBENCH_PAGES calls of one page each, then
 * one call of MAPBENCH_PAGES pages; each is repeated MAPBENCH_ROUNDS
 * times after an untimed round that makes the page tables, and the
 * cheapest round counts.  The unmap between rounds is not timed.
 */
#include "mapbench.h"
#include "console.h"
#include "task.h"
#include "wl.h"

#define MAPBENCH_PAGES 64
#define MAPBENCH_ROUNDS 10
#define MAPBENCH_VA 0x10000000ull
#define MAPBENCH_QUOTA 16 /* the space, and tables for 64 pages */

/* Cheapest round of mapping all pages, `per_call` pages per call. */
static long mapbench_round(uint64_t space, uint64_t src, unsigned per_call, uint64_t *best)
{
    *best = ~0ull;
    for (unsigned r = 0; r <= MAPBENCH_ROUNDS; r++) {
        uint64_t t0 = wl_cycles();
        for (unsigned p = 0; p < MAPBENCH_PAGES; p += per_call) {
            long e = uk_map(space, src + p * UK_PAGE_SIZE, MAPBENCH_VA + p * UK_PAGE_SIZE,
                            per_call, UK_MAP_WRITE);
            if (e)
                return e;
        }
        uint64_t t = wl_cycles() - t0;
        if (r > 0 && t < *best) /* round 0 made the page tables */
            *best = t;
        long e = uk_unmap(space, MAPBENCH_VA, MAPBENCH_PAGES);
        if (e)
            return e;
    }
    return UK_OK;
}

int mapbench_report(void)
{
    uint64_t space, one, many;
    void *pages = pool_alloc(MAPBENCH_PAGES);
    long e = pages ? uk_space_create(MAPBENCH_QUOTA, &space) : UK_ENOMEM;
    if (!e)
        e = mapbench_round(space, (uint64_t)pages, 1, &one);
    if (!e)
        e = mapbench_round(space, (uint64_t)pages, MAPBENCH_PAGES, &many);
    if (e) {
        console_printf("@@PANIC root: map benchmark failed (%ld)\n", e);
        return -1;
    }
    uk_cap_delete(space);
    console_printf("@@META {\"map_per_page_1\":%lu,\"map_per_page_%u\":%lu}\n",
                   (unsigned long)(one / MAPBENCH_PAGES), MAPBENCH_PAGES,
                   (unsigned long)(many / MAPBENCH_PAGES));
    return 0;
}
