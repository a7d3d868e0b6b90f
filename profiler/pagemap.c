// SPDX-License-Identifier: MIT
// The announced pages of the domains (pagemap.h).  Keys are page + 1 so
// that 0 marks an empty slot.
#include "pagemap.h"

#include <stdio.h>
#include <stdlib.h>

static uint64_t *keys;
static uint8_t *doms;
static size_t cap, used;

static size_t slot_of(uint64_t key)
{
    size_t i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (cap - 1);
    while (keys[i] && keys[i] != key)
        i = (i + 1) & (cap - 1);
    return i;
}

static void grow(void)
{
    uint64_t *old_keys = keys;
    uint8_t *old_doms = doms;
    size_t old_cap = cap;
    cap = cap ? cap * 2 : 1024;
    keys = calloc(cap, sizeof *keys);
    doms = calloc(cap, sizeof *doms);
    if (!keys || !doms) {
        fputs("wlprof: out of memory\n", stderr);
        abort();
    }
    for (size_t i = 0; i < old_cap; i++)
        if (old_keys[i]) {
            size_t j = slot_of(old_keys[i]);
            keys[j] = old_keys[i];
            doms[j] = old_doms[i];
        }
    free(old_keys);
    free(old_doms);
}

void pagemap_set(uint64_t page, uint8_t dom)
{
    if (2 * (used + 1) > cap)
        grow();
    size_t i = slot_of(page + 1);
    if (!keys[i]) {
        keys[i] = page + 1;
        used++;
    }
    doms[i] = dom;
}

int pagemap_get(uint64_t page)
{
    if (!cap)
        return -1;
    size_t i = slot_of(page + 1);
    return keys[i] ? doms[i] : -1;
}
