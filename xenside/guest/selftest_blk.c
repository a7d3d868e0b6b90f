/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of blkfront through wl.h's block requests (wl_blk_xen.c),
 * against dom0's blkback, on both of the domain's disks: xvda on
 * /dev/ram0 (blkfront-brd) and xvdb on /dev/vda, QEMU's virtio disk
 * (blkfront-vda); a domU booted with both (xenside/dom0/boot.sh gives d0
 * them).  On each, data written must read back byte for byte, 8 requests
 * in flight must complete once each; the requests the driver path must
 * refuse (past the end, bad sizes, memory never shared) must complete
 * with an error, change nothing on the disk, and leave the path serving.
 * With both open, each keeps its own data.
 */
#include "selftest.h"
#include "console.h"
#include "events.h"
#include "fmt.h"
#include "string.h"
#include "time.h"
#include "wl_blk_xen.h"

#define SB_SECTOR 64 /* where the tests write; far from the disk's end */
#define SB_PAGE 4096u

/* The disk under test, named in every line ("blkfront-brd: ..."). */
static const char *sb_disk = "blkfront";

static void sb_check(bool ok, const char *what, long detail)
{
    char line[160];
    fmt_snprintf(line, sizeof(line), "%s: %s", sb_disk, what);
    selftest_check(ok, line, detail);
}

static void sb_fill(uint8_t *p, uint32_t n, uint32_t seed)
{
    for (uint32_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed * 31 + i * 7 + (i >> 9));
}

/* One request, submitted and completed alone: its status, or the port's
 * error (below -1000 so it is not mistaken for a status). */
static long sb_one(wl_blk_t *b, enum wl_blk_op op, uint32_t slot, uint32_t bytes, uint64_t sector)
{
    static uint32_t next_tag = 100;
    struct wl_blk_req r = { .op = op, .slot = slot, .bytes = bytes, .tag = next_tag++,
                            .sector = sector };
    long rc = wl_blk_submit(b, &r);
    uint32_t tag = 0;
    long status = 0;
    if (rc == 0)
        rc = wl_blk_complete(b, &tag, &status);
    if (rc != 0)
        return rc - 1000;
    return tag == r.tag ? status : -2000;
}

/* Write bytes from slot w at sector, read them into slot r (cleared
 * first) and compare. */
static bool sb_roundtrip(wl_blk_t *b, uint32_t w, uint32_t r, uint32_t bytes, uint64_t sector,
                         uint32_t seed, long *detail)
{
    sb_fill(wl_blk_buffer(b, w), bytes, seed);
    memset(wl_blk_buffer(b, r), 0, bytes);
    *detail = sb_one(b, WL_BLK_WRITE, w, bytes, sector);
    if (*detail == 0)
        *detail = sb_one(b, WL_BLK_READ, r, bytes, sector);
    return *detail == 0 && memcmp(wl_blk_buffer(b, w), wl_blk_buffer(b, r), bytes) == 0;
}

/* Eight 4 KiB writes in flight at once, then eight reads; every tag
 * comes back once with status 0 and the data reads back. */
static void sb_depth8(wl_blk_t *b)
{
    long detail = 0;
    bool ok = true;
    for (int pass = 0; pass < 2 && ok; pass++) {
        enum wl_blk_op op = pass == 0 ? WL_BLK_WRITE : WL_BLK_READ;
        for (uint32_t i = 0; i < WL_BLK_DEPTH_MAX; i++) {
            uint32_t slot = pass == 0 ? i : WL_BLK_DEPTH_MAX + i;
            if (pass == 0)
                sb_fill(wl_blk_buffer(b, slot), SB_PAGE, 50 + i);
            else
                memset(wl_blk_buffer(b, slot), 0, SB_PAGE);
            struct wl_blk_req r = { .op = op, .slot = slot, .bytes = SB_PAGE, .tag = i,
                                    .sector = SB_SECTOR + 512 + i * 8 };
            long rc = wl_blk_submit(b, &r);
            if (rc != 0)
                ok = false, detail = rc;
        }
        struct wl_blk_req extra = { .op = op, .slot = 0, .bytes = SB_PAGE, .sector = SB_SECTOR };
        if (pass == 0 && wl_blk_submit(b, &extra) >= 0)
            ok = false, detail = -3;
        unsigned int seen = 0;
        for (uint32_t i = 0; i < WL_BLK_DEPTH_MAX; i++) {
            uint32_t tag = 99;
            long status = -1;
            long rc = wl_blk_complete(b, &tag, &status);
            if (rc != 0 || status != 0 || tag >= WL_BLK_DEPTH_MAX || (seen & (1u << tag)))
                ok = false, detail = rc ? rc : status ? status : (long)tag;
            else
                seen |= 1u << tag;
        }
        if (pass == 0)
            sb_check(ok && seen == 0xff,
                           "8 writes in flight complete once each (a 9th is refused)",
                           detail);
    }
    for (uint32_t i = 0; i < WL_BLK_DEPTH_MAX && ok; i++)
        ok = memcmp(wl_blk_buffer(b, i), wl_blk_buffer(b, WL_BLK_DEPTH_MAX + i), SB_PAGE) == 0;
    sb_check(ok, "8 reads in flight read back the 8 writes", detail);
}

/* A request the driver path must refuse, then a good read that must
 * still work and find the bytes of the last good write unchanged. */
static void sb_refused(wl_blk_t *b, const char *what, enum wl_blk_op op, uint32_t slot,
                       uint32_t bytes, uint64_t sector, const uint8_t *expect)
{
    if (slot < WL_BLK_SLOTS)
        memset(wl_blk_buffer(b, slot), 0xee, WL_BLK_BYTES_MAX);
    long st = sb_one(b, op, slot, bytes, sector);
    sb_check(st < 0 && st > -1000, what, st);
    memset(wl_blk_buffer(b, 1), 0, SB_PAGE);
    long after = sb_one(b, WL_BLK_READ, 1, SB_PAGE, SB_SECTOR);
    sb_check(after == 0 && memcmp(wl_blk_buffer(b, 1), expect, SB_PAGE) == 0,
                   "...then a good read succeeds and the disk is unchanged", after);
}

/* The whole suite on one disk; the open port, or NULL. */
static wl_blk_t *sb_disk_suite(enum wl_blk_disk disk, const char *want)
{
    const char *variant = "";
    uint64_t sectors = 0;
    sb_disk = want;
    wl_blk_t *b = wl_blk_open(disk, &variant, &sectors);
    sb_check(b != NULL && strncmp(variant, want, strlen(want)) == 0,
             "handshake with blkback, buffers granted", b != NULL);
    if (b == NULL)
        return NULL;
    cprintf("# %s: %s, %lu sectors\n", want, variant, (unsigned long)sectors);
    sb_check(sectors == 16u * 1024 * 1024 / WL_BLK_SECTOR,
             "the disk is 16 MiB of 512-byte sectors", (long)sectors);
    uint32_t tag;
    long status;
    sb_check(wl_blk_complete(b, &tag, &status) < 0, "complete with nothing in flight is an error",
             0);

    /* The bounded wait under complete(): nothing outstanding, so it must
     * sleep in SCHEDOP_poll until its deadline and say so. */
    struct blkfront *bf = wlx_blk_front(b);
    uint64_t t0 = time_now_ns();
    int rc = blkfront_wait(bf, t0 + 20 * TIME_MS);
    uint64_t waited = time_now_ns() - t0;
    sb_check(rc == -XEN_ETIMEDOUT && waited >= 20 * TIME_MS && waited < 500 * TIME_MS,
             "a wait with no answer coming ends at its deadline (-ETIMEDOUT)", rc);

    long detail;
    bool ok = sb_roundtrip(b, 0, 1, SB_PAGE, SB_SECTOR, 1, &detail);
    sb_check(ok, "4 KiB written reads back byte for byte", detail);
    ok = sb_roundtrip(b, 2, 3, WL_BLK_BYTES_MAX, SB_SECTOR + 128, 2, &detail);
    sb_check(ok, "64 KiB (two blkif requests) reads back byte for byte", detail);
    ok = sb_roundtrip(b, 4, 5, 3 * WL_BLK_SECTOR, SB_SECTOR + 300, 3, &detail);
    sb_check(ok, "3 sectors read back byte for byte", detail);
    sb_depth8(b);

    /* The last good write at SB_SECTOR: slot 0 of sb_roundtrip, seed 1. */
    static uint8_t expect[SB_PAGE];
    sb_fill(expect, SB_PAGE, 1);
    sb_refused(b, "a write past the disk's end is refused", WL_BLK_WRITE, 6, SB_PAGE,
               sectors - 4, expect);
    sb_refused(b, "a read starting past the end is refused", WL_BLK_READ, 6, SB_PAGE,
               sectors + 8, expect);
    sb_refused(b, "a request of 0 bytes is refused", WL_BLK_WRITE, 6, 0, SB_SECTOR,
               expect);
    sb_refused(b, "a size that is not whole sectors is refused", WL_BLK_WRITE, 6, 1000,
               SB_SECTOR, expect);
    sb_refused(b, "a size above 64 KiB is refused", WL_BLK_WRITE, 6,
               WL_BLK_BYTES_MAX + WL_BLK_SECTOR, SB_SECTOR + 1024, expect);
    sb_refused(b, "a write from the never-shared slot is refused", WL_BLK_WRITE,
               WL_BLK_SLOT_UNSHARED, SB_PAGE, SB_SECTOR, expect);
    sb_refused(b, "a read into the never-shared slot is refused", WL_BLK_READ,
               WL_BLK_SLOT_UNSHARED, SB_PAGE, SB_SECTOR, expect);
    return b;
}

/* Both disks open at once: the same sector of each gets other data, in
 * flight together; each reads back its own (separate rings, grants and
 * buffers). */
static void sb_both(wl_blk_t *ram, wl_blk_t *vda)
{
    sb_disk = "blkfront";
    sb_fill(wl_blk_buffer(ram, 7), SB_PAGE, 71);
    sb_fill(wl_blk_buffer(vda, 7), SB_PAGE, 72);
    memset(wl_blk_buffer(ram, 8), 0, SB_PAGE);
    memset(wl_blk_buffer(vda, 8), 0, SB_PAGE);
    bool ok = wl_blk_buffer(ram, 7) != wl_blk_buffer(vda, 7);
    long detail = 0;
    for (int pass = 0; pass < 2 && ok; pass++) {
        struct wl_blk_req r = { .op = pass ? WL_BLK_READ : WL_BLK_WRITE, .slot = pass ? 8 : 7,
                                .bytes = SB_PAGE, .tag = 5, .sector = SB_SECTOR + 2048 };
        detail = wl_blk_submit(ram, &r);
        if (detail == 0)
            detail = wl_blk_submit(vda, &r);
        for (int k = 0; k < 2 && detail == 0; k++) {
            uint32_t tag = 0;
            long status = 0;
            detail = wl_blk_complete(k ? ram : vda, &tag, &status);
            if (detail == 0)
                detail = status;
        }
        ok = detail == 0;
    }
    ok = ok && memcmp(wl_blk_buffer(ram, 7), wl_blk_buffer(ram, 8), SB_PAGE) == 0 &&
         memcmp(wl_blk_buffer(vda, 7), wl_blk_buffer(vda, 8), SB_PAGE) == 0;
    sb_check(ok, "both disks at once: one request each in flight, each reads back its own data",
             detail);
}

void selftest_blk(void)
{
    wl_blk_t *ram = sb_disk_suite(WL_BLK_DISK_RAM, "blkfront-brd");
    wl_blk_t *vda = sb_disk_suite(WL_BLK_DISK_VIRTIO, "blkfront-vda");
    if (ram != NULL && vda != NULL)
        sb_both(ram, vda);
}
