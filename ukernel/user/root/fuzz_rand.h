/* SPDX-License-Identifier: MIT */
/*
 * Inside the fuzzer's generator (fuzz_gen.c, fuzz_classes.c,
 * fuzz_values.c, fuzz_describe.c): the random stream of one call, the
 * pools of values the classes draw arguments from, and the class table.
 */
#ifndef ROOT_FUZZ_RAND_H
#define ROOT_FUZZ_RAND_H

#include "fuzz_gen.h"
#include "fuzz_task.h"

#define PAGE UK_PAGE_SIZE
#define MiB (1ull << 20)
#define FZ_UNMAP_PAGES 4096ull /* most pages an unmap walks, without class huge */
#define FZ_DEBUG_WRITE_MAX MiB /* the kernel's limit: longer writes are UK_EINVAL */

/* splitmix64: one stream per call, started from a hash of (seed, index). */
struct fz_rng {
    uint64_t s;
};

static inline uint64_t fz_next(struct fz_rng *r)
{
    return fz_mix64(r->s += 0x9e3779b97f4a7c15ull);
}

/* 0..n-1 (n > 0); the modulo bias is irrelevant here. */
static inline uint64_t fz_pick(struct fz_rng *r, uint64_t n)
{
    return fz_next(r) % n;
}

static inline bool fz_chance(struct fz_rng *r, unsigned percent)
{
    return fz_pick(r, 100) < percent;
}

/* Pages of safe text the root task maps for these classes. */
uint64_t fz_safe_pages(uint64_t classes);
/* Is va in one of the low region's guard pages (never mapped)? */
bool fz_is_guard(uint64_t va);

/* Addresses: never valid (kernel half, non-canonical, guard page); not a
 * user address at all; an edge of the user half; any of these or random. */
uint64_t fz_addr_invalid(struct fz_rng *r);
uint64_t fz_addr_not_user(struct fz_rng *r);
uint64_t fz_addr_edge(struct fz_rng *r);
uint64_t fz_addr_hostile(struct fz_rng *r);

/* A page in one of the regions maps go to; *pages_left: pages to its end. */
uint64_t fz_region_addr(struct fz_rng *r, uint64_t *pages_left);
/* A small page count up to max (>= 1), sometimes exactly max. */
uint64_t fz_some_pages(struct fz_rng *r, uint64_t max);
/* A map source in the task's own space; *avail: pages present from it. */
uint64_t fz_map_source(struct fz_rng *r, uint64_t classes, uint64_t *avail);

/* Slots: mostly the given ones; out of range; a space (own or scratch). */
uint64_t fz_slot_any(struct fz_rng *r);
uint64_t fz_slot_out_of_range(struct fz_rng *r);
uint64_t fz_slot_space(struct fz_rng *r);

/* IPC: an info word (long-message length, label bits); a buffer; a
 * receive capacity. */
uint64_t fz_info_word(struct fz_rng *r, bool poll);
uint64_t fz_buffer(struct fz_rng *r, uint64_t classes);
uint64_t fz_capacity(struct fz_rng *r);

/* The classes (fuzz_classes.c). */
typedef void (*fz_class_fn)(struct fz_rng *r, struct fz_call *c, uint64_t classes);
struct fz_class_info {
    const char *name;
    uint32_t weight; /* how often it comes up, relative to the others enabled */
    fz_class_fn gen;
};
extern const struct fz_class_info fz_classes[FZ_NCLASSES];

/* Name of a system call this generator knows how to keep safe, or NULL. */
const char *fz_sys_name(uint64_t nr);

#endif
