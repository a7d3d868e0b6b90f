/* SPDX-License-Identifier: MIT */
/*
 * Block I/O (claim C5 of DESIGN.md): requests down the system's driver
 * path -- a server reached by IPC, Xen's blkfront/blkback, a Linux block
 * device -- to a RAM disk (workload blkio) or to QEMU's virtio-blk disk
 * (workload blkdev; wl.h, enum wl_blk_disk), swept over the request size, the access
 * pattern (sequential or random), the direction and the queue depth.
 *
 * The data are checked, never trusted: for every (size, pattern, depth)
 * the write case fills each request with words that name the case and
 * the sector, and the read case that follows reads the same blocks back
 * and compares every word; one wrong byte fails the run, naming the
 * sector.  Before measuring, the region is written once (a RAM disk
 * may allocate a sector's memory on its first write), and requests the
 * driver path must refuse (past
 * or over the end, a length that is not whole sectors, a buffer never
 * shared) must come back as errors, with a good request served right
 * after each.
 *
 * One sample per request.  The client keeps `depth` requests in flight:
 * each timed window (marked for the profiler) waits for one completion
 * and submits the next request, prepared before the window; buffers are
 * filled and checked outside the windows (two per request in flight, so
 * one is prepared while the other is in flight).  A window's cost is one
 * request's share of the path: at depth 1 its latency, at depth 8 the
 * cost per request when the path batches (a window that starts a batch
 * carries the batch's notification, the others only its completions), so
 * the mean over a record is the figure of merit at depth 8.
 */
#include "wl.h"

static const uint32_t sizes[] = { 512, 4096, 16384, 65536 };
static const uint32_t depths[] = { 1, 8 };
#define N_SIZES (sizeof(sizes) / sizeof(sizes[0]))
#define N_DEPTHS (sizeof(depths) / sizeof(depths[0]))

/* The part of the disk the workload uses: every system's disk is 16 MiB;
 * a bigger one is used up to this, a smaller one down to MIN. */
#define REGION_MAX (16ull << 20)
#define REGION_MIN (1ull << 20)
/* Random order: block i is (i * STRIDE + OFFSET) mod blocks, a
 * permutation because blocks is a power of two and STRIDE is odd. */
#define STRIDE 0x9e3779b1ull
#define OFFSET 12345ull

#define WORDS_PER_SECTOR (WL_BLK_SECTOR / 8)

struct blk {
    const char *workload; /* blkio or blkdev */
    wl_blk_t *b;
    const char *variant;
    uint64_t sectors;
    uint64_t region; /* bytes used, a power of two */
};

/* One case: its parameters and the pipeline's state. */
struct blk_case {
    uint32_t size, depth, key;
    int random;
    enum wl_blk_op op;
    uint64_t next;                       /* index of the next request */
    struct wl_blk_req req[WL_BLK_SLOTS]; /* the request each slot holds */
    uint8_t busy[WL_BLK_SLOTS];          /* submitted, not completed */
    uint32_t ready[WL_BLK_SLOTS];        /* FIFO of prepared slots */
    uint32_t head, count;
};

/* Word w of sector s, as written by the write case `key`. */
static inline uint64_t blk_word(uint32_t key, uint64_t s, uint32_t w)
{
    return 0xb10c000000000000ull ^ ((uint64_t)key << 32) ^ (s << 8) ^ w;
}

static void blk_fill(uint8_t *buf, uint64_t sector, uint32_t bytes, uint32_t key)
{
    uint64_t *w = (uint64_t *)(void *)buf;
    for (uint32_t s = 0; s < bytes / WL_BLK_SECTOR; s++)
        for (uint32_t i = 0; i < WORDS_PER_SECTOR; i++)
            *w++ = blk_word(key, sector + s, i);
}

/* 0 if buf holds what write case `key` wrote, else the wrong sector + 1. */
static uint64_t blk_check(const uint8_t *buf, uint64_t sector, uint32_t bytes, uint32_t key)
{
    const uint64_t *w = (const uint64_t *)(const void *)buf;
    for (uint32_t s = 0; s < bytes / WL_BLK_SECTOR; s++)
        for (uint32_t i = 0; i < WORDS_PER_SECTOR; i++)
            if (*w++ != blk_word(key, sector + s, i))
                return sector + s + 1;
    return 0;
}

/* The workload running (blkio or blkdev), for its diagnostics. */
static const char *blk_name = "blkio";

static int blk_fail(const char *what, long value)
{
    wl_log(blk_name, what, value);
    return -1;
}

/* Wait for one completion and check it is a request in flight. */
static int blk_wait(struct blk *d, struct blk_case *c, uint32_t *slot, long *status)
{
    long r = wl_blk_complete(d->b, slot, status);
    if (r < 0)
        return blk_fail("waiting for a completion failed (port error)", r);
    if (!c)
        return 0;
    if (*slot >= WL_BLK_SLOTS || !c->busy[*slot])
        return blk_fail("a completion names no request in flight, tag", (long)*slot);
    c->busy[*slot] = 0;
    return 0;
}

/* One request alone, outside any measurement: its status, or -1 with a
 * reason printed when the port itself failed. */
static int blk_one(struct blk *d, const struct wl_blk_req *r, long *status)
{
    uint32_t tag;
    long e = wl_blk_submit(d->b, r);
    if (e < 0)
        return blk_fail("submit failed (port error)", e);
    if (blk_wait(d, 0, &tag, status))
        return -1;
    if (tag != r->tag)
        return blk_fail("the completion has another tag", (long)tag);
    return 0;
}

/*
 * Requests the driver path must refuse, each followed by a good write
 * and read back of the first sector: the path keeps serving.
 */
static int blk_refusals(struct blk *d)
{
    static const struct {
        const char *what;
        uint32_t slot, bytes;
        int64_t from_end; /* sector: this many before the end; < 0: at 0 */
    } bad[] = {
        { "a request past the end of the disk", 0, WL_BLK_SECTOR, 0 },
        { "a request that runs over the end of the disk", 0, 2 * WL_BLK_SECTOR, 1 },
        { "a length that is not a multiple of the sector", 0, 100, -1 },
        { "a buffer the client never shared", WL_BLK_SLOT_UNSHARED, WL_BLK_SECTOR, -1 },
    };
    uint8_t *buf = wl_blk_buffer(d->b, 0);
    long st;

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct wl_blk_req r = { i & 1 ? WL_BLK_WRITE : WL_BLK_READ, bad[i].slot, bad[i].bytes, i,
                                bad[i].from_end < 0 ? 0 : d->sectors - (uint64_t)bad[i].from_end };
        if (blk_one(d, &r, &st))
            return -1;
        if (st >= 0) {
            wl_log(blk_name, "the driver path accepted an invalid request, case", (long)i);
            return blk_fail(bad[i].what, st);
        }
        /* The path still serves: a good write and read of sector 0. */
        struct wl_blk_req w = { WL_BLK_WRITE, 0, WL_BLK_SECTOR, 100 + i, 0 };
        blk_fill(buf, 0, WL_BLK_SECTOR, 0xffff0000u + i);
        if (blk_one(d, &w, &st))
            return -1;
        if (st < 0)
            return blk_fail("a good write after a refused request failed", st);
        __builtin_memset(buf, 0, WL_BLK_SECTOR);
        w.op = WL_BLK_READ;
        if (blk_one(d, &w, &st))
            return -1;
        if (st < 0)
            return blk_fail("a good read after a refused request failed", st);
        if (blk_check(buf, 0, WL_BLK_SECTOR, 0xffff0000u + i))
            return blk_fail("wrong data read back after a refused request, sector", 0);
    }
    return 0;
}

/*
 * Write the region once before anything is measured.  A RAM disk may give
 * a sector its memory only on the first write to it (Linux's brd, behind
 * O_DIRECT and behind blkback, allocates and zeroes a page then: several
 * thousand instructions), which would make a case's cost depend on the
 * cases before it; the microkernel's server has its memory from the start.
 */
static int blk_prefill(struct blk *d)
{
    const uint32_t step = WL_BLK_BYTES_MAX / WL_BLK_SECTOR;
    uint8_t *buf = wl_blk_buffer(d->b, 0);
    long st;

    __builtin_memset(buf, 0, WL_BLK_BYTES_MAX);
    for (uint64_t s = 0; s < d->region / WL_BLK_SECTOR; s += step) {
        struct wl_blk_req w = { WL_BLK_WRITE, 0, WL_BLK_BYTES_MAX, 0, s };
        if (blk_one(d, &w, &st))
            return -1;
        if (st < 0) {
            wl_log("blkio", "writing the disk once before measuring failed, sector", (long)s);
            return blk_fail("its status", st);
        }
    }
    return 0;
}

/* Make a slot's next request and put it at the tail of the ready FIFO. */
static void blk_prepare(struct blk *d, struct blk_case *c, uint32_t slot)
{
    uint64_t blocks = d->region / c->size;
    uint64_t i = c->next++;
    uint64_t block = c->random ? (i * STRIDE + OFFSET) & (blocks - 1) : i & (blocks - 1);
    struct wl_blk_req *r = &c->req[slot];

    *r = (struct wl_blk_req){ c->op, slot, c->size, slot, block * (c->size / WL_BLK_SECTOR) };
    if (c->op == WL_BLK_WRITE)
        blk_fill(wl_blk_buffer(d->b, slot), r->sector, c->size, c->key);
    c->ready[(c->head + c->count++) % WL_BLK_SLOTS] = slot;
}

static int blk_submit_ready(struct blk *d, struct blk_case *c)
{
    uint32_t slot = c->ready[c->head];
    c->head = (c->head + 1) % WL_BLK_SLOTS;
    c->count--;
    c->busy[slot] = 1;
    long e = wl_blk_submit(d->b, &c->req[slot]);
    return e < 0 ? blk_fail("submit failed (port error)", e) : 0;
}

/* A completed request: its status must be 0 and a read's data right. */
static int blk_done(struct blk *d, struct blk_case *c, uint32_t slot, long status)
{
    const struct wl_blk_req *r = &c->req[slot];
    if (status < 0) {
        wl_log("blkio", "a request failed, first sector", (long)r->sector);
        return blk_fail("its status", status);
    }
    if (r->op == WL_BLK_READ) {
        uint64_t bad = blk_check(wl_blk_buffer(d->b, slot), r->sector, r->bytes, c->key);
        if (bad)
            return blk_fail("wrong data read back, sector", (long)(bad - 1));
    }
    return 0;
}

static int blk_case_run(struct blk *d, struct blk_case *c, const struct wl_config *cfg,
                        int64_t overhead, int64_t *s)
{
    uint32_t slot;
    long st;

    c->next = 0;
    c->head = c->count = 0;
    for (uint32_t k = 0; k < WL_BLK_SLOTS; k++)
        c->busy[k] = 0;
    for (uint32_t k = 0; k < 2 * c->depth; k++)
        blk_prepare(d, c, k);
    for (uint32_t k = 0; k < c->depth; k++)
        if (blk_submit_ready(d, c))
            return -1;
    for (uint32_t i = 0; i < cfg->warmup + cfg->iterations; i++) {
        int timed = i >= cfg->warmup;
        uint64_t t0 = 0, t1 = 0;
        long r;
        if (timed) {
            t0 = wl_cycles();
            wl_mark_begin();
        }
        r = wl_blk_complete(d->b, &slot, &st);
        if (r >= 0 && slot < WL_BLK_SLOTS && c->busy[slot])
            r = wl_blk_submit(d->b, &c->req[c->ready[c->head]]);
        if (timed) {
            t1 = wl_cycles();
            wl_mark_end();
            s[i - cfg->warmup] = (int64_t)(t1 - t0) - overhead;
        }
        if (r < 0)
            return blk_fail("waiting for a completion or submitting failed (port error)", r);
        if (slot >= WL_BLK_SLOTS || !c->busy[slot])
            return blk_fail("a completion names no request in flight, tag", (long)slot);
        /* The bookkeeping of the submit done inside the window. */
        c->busy[slot] = 0;
        c->busy[c->ready[c->head]] = 1;
        c->head = (c->head + 1) % WL_BLK_SLOTS;
        c->count--;
        if (blk_done(d, c, slot, st))
            return -1;
        blk_prepare(d, c, slot);
    }
    for (uint32_t k = 0; k < c->depth; k++)
        if (blk_wait(d, c, &slot, &st) || blk_done(d, c, slot, st))
            return -1;
    return 0;
}

static int blk_emit(struct blk *d, const struct blk_case *c, const struct wl_config *cfg,
                    int64_t overhead, const int64_t *s)
{
    struct wl_case wc = { d->workload,
                          d->variant,
                          { { "size", c->size, 0 },
                            { "pattern", 0, c->random ? "rand" : "seq" },
                            { "direction", 0, c->op == WL_BLK_WRITE ? "write" : "read" },
                            { "depth", c->depth, 0 } },
                          4,
                          { { 0 } },
                          0,
                          1 };
    wl_emit(&wc, cfg, overhead, s, cfg->iterations);
    return 1;
}

static int blk_solo(const char *workload, enum wl_blk_disk disk, const struct wl_config *cfg)
{
    static struct blk_case c;
    struct blk d;
    int64_t *s = wl_sample_buffer(cfg->iterations);
    int records = 0;
    uint32_t key = 0;

    if (!s)
        return blk_fail("no room for samples", cfg->iterations);
    d.workload = workload;
    blk_name = workload;
    d.b = wl_blk_open(disk, &d.variant, &d.sectors);
    if (!d.b)
        return -1;
    if (d.sectors * WL_BLK_SECTOR < REGION_MIN)
        return blk_fail("the disk is smaller than the workload needs, sectors", (long)d.sectors);
    d.region = REGION_MAX;
    while (d.region > d.sectors * WL_BLK_SECTOR)
        d.region >>= 1;
    if (blk_prefill(&d) || blk_refusals(&d))
        return -1;
    int64_t overhead = wl_timer_overhead();
    for (unsigned z = 0; z < N_SIZES; z++) {
        for (int random = 0; random <= 1; random++) {
            for (unsigned q = 0; q < N_DEPTHS; q++) {
                c.size = sizes[z];
                c.depth = depths[q];
                c.random = random;
                c.key = ++key;
                c.op = WL_BLK_WRITE;
                if (blk_case_run(&d, &c, cfg, overhead, s))
                    return -1;
                records += blk_emit(&d, &c, cfg, overhead, s);
                c.op = WL_BLK_READ;
                if (blk_case_run(&d, &c, cfg, overhead, s))
                    return -1;
                records += blk_emit(&d, &c, cfg, overhead, s);
            }
        }
    }
    return records;
}

static int blkio_solo(const struct wl_config *cfg)
{
    return blk_solo("blkio", WL_BLK_DISK_RAM, cfg);
}

static int blkdev_solo(const struct wl_config *cfg)
{
    return blk_solo("blkdev", WL_BLK_DISK_VIRTIO, cfg);
}

const struct wl_workload wl_blkio = {
    .name = "blkio",
    .flags = 0,
    .client = 0,
    .server = 0,
    .solo = blkio_solo,
};

const struct wl_workload wl_blkdev = {
    .name = "blkdev",
    .flags = 0,
    .client = 0,
    .server = 0,
    .solo = blkdev_solo,
};
