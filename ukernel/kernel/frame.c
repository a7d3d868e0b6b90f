/* SPDX-License-Identifier: MIT */
/*
 * Physical frame allocator: a few free ranges handed over at boot (from
 * the multiboot memory map) consumed front to back, plus a free list
 * threaded through freed frames.  Frames are reached through the direct
 * map, so only memory below DIRECT_MAP_SIZE is ever added.
 *
 * Pairs of adjacent frames (a leaf page table and the table of mapping
 * records beside it, paging.h) come from the ranges too and go back to
 * a list of their own, so they never need a search for two free
 * neighbours.
 */
#include "frame.h"
#include "paging.h"
#include <stddef.h>

#define MAX_RANGES 16

static struct {
    uint64_t next, end;
} ranges[MAX_RANGES];
static int nranges;
static uint64_t free_list; /* physical address of the first freed frame */
static uint64_t pair_list; /* the same for freed pairs */
static uint64_t free_pages;

void frame_add_range(uint64_t start, uint64_t end)
{
    start = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    end &= ~(PAGE_SIZE - 1);
    if (end > DIRECT_MAP_SIZE)
        end = DIRECT_MAP_SIZE;
    if (start >= end || nranges == MAX_RANGES)
        return;
    ranges[nranges].next = start;
    ranges[nranges].end = end;
    nranges++;
    free_pages += (end - start) / PAGE_SIZE;
}

uint64_t frame_alloc(void)
{
    uint64_t pa = 0;

    if (free_list) {
        pa = free_list;
        free_list = *(uint64_t *)phys_to_virt(pa);
    } else {
        for (int i = 0; i < nranges && !pa; i++) {
            if (ranges[i].next < ranges[i].end) {
                pa = ranges[i].next;
                ranges[i].next += PAGE_SIZE;
            }
        }
        if (!pa)
            return 0;
    }
    free_pages--;
    uint64_t *page = phys_to_virt(pa), n = PAGE_SIZE / 8;
    __asm__ volatile("rep stosq" : "+D"(page), "+c"(n) : "a"(0ull) : "memory");
    return pa;
}

uint64_t frame_alloc_pair(void)
{
    uint64_t pa = 0;

    if (pair_list) {
        pa = pair_list;
        pair_list = *(uint64_t *)phys_to_virt(pa);
    } else {
        for (int i = 0; i < nranges && !pa; i++) {
            if (ranges[i].end - ranges[i].next >= 2 * PAGE_SIZE) {
                pa = ranges[i].next;
                ranges[i].next += 2 * PAGE_SIZE;
            }
        }
        if (!pa)
            return 0;
    }
    free_pages -= 2;
    uint64_t *page = phys_to_virt(pa), n = 2 * PAGE_SIZE / 8;
    __asm__ volatile("rep stosq" : "+D"(page), "+c"(n) : "a"(0ull) : "memory");
    return pa;
}

uint64_t frame_alloc_run(uint64_t n)
{
    for (int i = 0; i < nranges; i++) {
        if (ranges[i].end - ranges[i].next >= n * PAGE_SIZE) {
            uint64_t pa = ranges[i].next, *page = phys_to_virt(pa), words = n * PAGE_SIZE / 8;
            ranges[i].next += n * PAGE_SIZE;
            free_pages -= n;
            __asm__ volatile("rep stosq" : "+D"(page), "+c"(words) : "a"(0ull) : "memory");
            return pa;
        }
    }
    return 0;
}

void frame_free_pair(uint64_t pa)
{
    *(uint64_t *)phys_to_virt(pa) = pair_list;
    pair_list = pa;
    free_pages += 2;
}

void *frame_alloc_object(void)
{
    uint64_t pa = frame_alloc();
    return pa ? phys_to_virt(pa) : NULL;
}

void frame_free(uint64_t pa)
{
    *(uint64_t *)phys_to_virt(pa) = free_list;
    free_list = pa;
    free_pages++;
}

uint64_t frame_free_count(void)
{
    return free_pages;
}
