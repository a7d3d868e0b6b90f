/* SPDX-License-Identifier: MIT */
/*
 * A host test of workloads/hosted/wl_hosted_blk.c (the wl_blk_* port of
 * linux/port and the dom0 peer) against two 16 MiB block devices given at
 * compile time, one per disk of wl.h (WL_BLK_DEVICE_RAM and
 * WL_BLK_DEVICE_VIRTIO; run.sh makes two loop devices with direct I/O,
 * since the host has neither brd nor the virtio disk).  It checks the
 * contract of wl.h on each disk: data written comes back, depth 8 works,
 * every malformed request is refused by the kernel with a negative
 * status while the next good one still completes, and the port's own
 * errors (a ninth request in flight, a completion with none in flight);
 * and across them: both open at once with their own buffers and
 * requests, a disk opened twice is refused, and what is written to one
 * is not on the other.  TAP output; exit 1 on any failure.
 */
#include "wl.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int failed, num;
static const char *disk_name = ""; /* prefix of the lines of one disk's suite */

void wl_console_write(const char *s, size_t len)
{
    fwrite(s, 1, len, stdout);
}

static void ok(int cond, const char *what, long value)
{
    num++;
    printf("%sok %d - %s%s (%ld)\n", cond ? "" : "not ", num, disk_name, what, value);
    if (!cond)
        failed = 1;
}

/* One request, completed at once: its status (or a port error - 1000). */
static long one(wl_blk_t *b, enum wl_blk_op op, uint32_t slot, uint32_t bytes, uint64_t sector)
{
    struct wl_blk_req r = { op, slot, bytes, 77, sector };
    uint32_t tag = 0;
    long status = 0;
    if (wl_blk_submit(b, &r) < 0)
        return -1000;
    long e = wl_blk_complete(b, &tag, &status);
    if (e < 0 || tag != 77)
        return -1000 + e;
    return status;
}

static void fill(uint8_t *p, uint32_t bytes, uint32_t seed)
{
    for (uint32_t i = 0; i < bytes; i++)
        p[i] = (uint8_t)(seed * 31 + i * 7 + (i >> 9));
}

/* wl.h's contract on one open disk. */
static void suite(wl_blk_t *b)
{
    /* Depth 1: write then read back each size. */
    static const uint32_t sizes[] = { 512, 4096, 16384, 65536 };
    for (unsigned k = 0; k < 4; k++) {
        uint8_t *w = wl_blk_buffer(b, 0), *r = wl_blk_buffer(b, 1);
        fill(w, sizes[k], k);
        memset(r, 0, sizes[k]);
        long s1 = one(b, WL_BLK_WRITE, 0, sizes[k], 1000 + 200 * k);
        long s2 = one(b, WL_BLK_READ, 1, sizes[k], 1000 + 200 * k);
        ok(s1 == 0 && s2 == 0 && memcmp(w, r, sizes[k]) == 0, "depth 1: write, read back", sizes[k]);
    }

    /* Depth 8: 8 writes, then 8 reads into other slots, all in flight. */
    struct wl_blk_req q;
    uint32_t seen = 0, tag;
    long status, bad = 0;
    for (uint32_t i = 0; i < 8; i++) {
        fill(wl_blk_buffer(b, i), 4096, 100 + i);
        q = (struct wl_blk_req){ WL_BLK_WRITE, i, 4096, i, 8 * i };
        bad |= wl_blk_submit(b, &q);
    }
    q = (struct wl_blk_req){ WL_BLK_WRITE, 0, 4096, 99, 0 };
    ok(wl_blk_submit(b, &q) < 0, "a ninth request in flight is refused by the port", 0);
    for (int i = 0; i < 8; i++) {
        bad |= wl_blk_complete(b, &tag, &status) | status;
        seen |= 1u << tag;
    }
    ok(!bad && seen == 0xff, "depth 8: 8 writes complete, every tag once", (long)seen);
    seen = 0;
    for (uint32_t i = 0; i < 8; i++) {
        memset(wl_blk_buffer(b, 8 + i), 0, 4096);
        q = (struct wl_blk_req){ WL_BLK_READ, 8 + i, 4096, i, 8 * i };
        bad |= wl_blk_submit(b, &q);
    }
    for (int i = 0; i < 8; i++) {
        bad |= wl_blk_complete(b, &tag, &status) | status;
        seen |= 1u << tag;
    }
    for (uint32_t i = 0; i < 8; i++)
        bad |= memcmp(wl_blk_buffer(b, i), wl_blk_buffer(b, 8 + i), 4096) != 0;
    ok(!bad && seen == 0xff, "depth 8: 8 reads complete with the data written", (long)seen);
    ok(wl_blk_complete(b, &tag, &status) < 0, "complete with nothing in flight is a port error", 0);

    /* Malformed requests: refused by the kernel, and the disk serves on. */
    struct {
        const char *what;
        enum wl_blk_op op;
        uint32_t slot, bytes;
        uint64_t sector;
    } badreq[] = {
        { "read at the end of the disk", WL_BLK_READ, 0, 4096, 32768 },
        { "write at the end of the disk", WL_BLK_WRITE, 0, 4096, 32768 },
        { "read across the end of the disk", WL_BLK_READ, 0, 4096, 32767 },
        { "read at a huge sector", WL_BLK_READ, 0, 4096, 1ull << 60 },
        { "write at a huge sector", WL_BLK_WRITE, 0, 4096, 1ull << 60 },
        { "read at sector 2^50", WL_BLK_READ, 0, 4096, 1ull << 50 },
        { "read of 0 bytes", WL_BLK_READ, 0, 0, 0 },
        { "read of 100 bytes", WL_BLK_READ, 0, 100, 0 },
        { "write of 100 bytes", WL_BLK_WRITE, 0, 100, 0 },
        { "read of 64 KiB + 512", WL_BLK_READ, 0, 65536 + 512, 0 },
        { "read of 64 KiB + 512 from the last slot", WL_BLK_READ, 15, 65536 + 512, 0 },
        { "read into the unshared slot", WL_BLK_READ, WL_BLK_SLOT_UNSHARED, 4096, 0 },
        { "write from the unshared slot", WL_BLK_WRITE, WL_BLK_SLOT_UNSHARED, 4096, 0 },
    };
    for (unsigned k = 0; k < sizeof(badreq) / sizeof(badreq[0]); k++) {
        long s = one(b, badreq[k].op, badreq[k].slot, badreq[k].bytes, badreq[k].sector);
        ok(s < 0 && s > -1000, badreq[k].what, s);
        ok(one(b, WL_BLK_READ, 2, 512, 0) == 0, "  then a good read completes", 0);
    }

    /* A bad request among good ones at depth: only it fails. */
    long st[4] = { 1, 1, 1, 1 };
    q = (struct wl_blk_req){ WL_BLK_READ, 0, 4096, 0, 0 };
    wl_blk_submit(b, &q);
    q = (struct wl_blk_req){ WL_BLK_READ, 1, 4096, 1, 1ull << 60 };
    wl_blk_submit(b, &q);
    q = (struct wl_blk_req){ WL_BLK_READ, WL_BLK_SLOT_UNSHARED, 4096, 2, 0 };
    wl_blk_submit(b, &q);
    q = (struct wl_blk_req){ WL_BLK_READ, 3, 4096, 3, 8 };
    wl_blk_submit(b, &q);
    for (int i = 0; i < 4; i++)
        if (wl_blk_complete(b, &tag, &status) == 0 && tag < 4)
            st[tag] = status;
    ok(st[0] == 0 && st[1] < 0 && st[2] < 0 && st[3] == 0, "depth 4 with two bad: only they fail",
       st[1]);
}

/* The two disks at once: separate buffers, requests of both in flight
 * together, and data that stays on the disk it was written to. */
static void both(wl_blk_t *ram, wl_blk_t *vda)
{
    uint8_t *rw = wl_blk_buffer(ram, 0), *vw = wl_blk_buffer(vda, 0);
    ok(rw != vw && wl_blk_buffer(ram, 15) != wl_blk_buffer(vda, 15),
       "the two disks' buffers are separate", 0);
    fill(rw, 4096, 201);
    fill(vw, 4096, 202);
    struct wl_blk_req q = { WL_BLK_WRITE, 0, 4096, 1, 500 };
    long bad = wl_blk_submit(ram, &q) | wl_blk_submit(vda, &q);
    uint32_t tag;
    long status;
    bad |= wl_blk_complete(vda, &tag, &status) | status;
    bad |= wl_blk_complete(ram, &tag, &status) | status;
    ok(!bad, "a write on each disk in flight at once, both complete", bad);
    memset(wl_blk_buffer(ram, 1), 0, 4096);
    memset(wl_blk_buffer(vda, 1), 0, 4096);
    q = (struct wl_blk_req){ WL_BLK_READ, 1, 4096, 2, 500 };
    bad = wl_blk_submit(ram, &q) | wl_blk_submit(vda, &q);
    bad |= wl_blk_complete(ram, &tag, &status) | status;
    bad |= wl_blk_complete(vda, &tag, &status) | status;
    ok(!bad && memcmp(wl_blk_buffer(ram, 1), rw, 4096) == 0 &&
           memcmp(wl_blk_buffer(vda, 1), vw, 4096) == 0,
       "each disk reads back its own data at the same sector", bad);
    ok(wl_blk_complete(ram, &tag, &status) < 0 && wl_blk_complete(vda, &tag, &status) < 0,
       "nothing left in flight on either", 0);
}

int main(void)
{
    const char *vr = NULL, *vv = NULL, *v2 = NULL;
    uint64_t sr = 0, sv = 0, s2 = 0;
    wl_blk_t *ram = wl_blk_open(WL_BLK_DISK_RAM, &vr, &sr);
    ok(ram != NULL && sr == 32768 && strcmp(vr, "odirect-brd") == 0,
       "wl_blk_open of the RAM disk: 16 MiB, variant odirect-brd", (long)sr);
    wl_blk_t *vda = wl_blk_open(WL_BLK_DISK_VIRTIO, &vv, &sv);
    ok(vda != NULL && sv == 32768 && strcmp(vv, "odirect-vda") == 0,
       "wl_blk_open of the virtio disk, the RAM disk open too: 16 MiB, variant odirect-vda",
       (long)sv);
    if (ram == NULL || vda == NULL)
        return 1;
    ok(wl_blk_open(WL_BLK_DISK_RAM, &v2, &s2) == NULL &&
           wl_blk_open(WL_BLK_DISK_VIRTIO, &v2, &s2) == NULL,
       "a disk opened a second time is refused", 0);
    disk_name = "ram: ";
    suite(ram);
    disk_name = "vda: ";
    suite(vda);
    disk_name = "";
    both(ram, vda);
    return failed;
}
