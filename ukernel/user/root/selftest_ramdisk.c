/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of the RAM-disk server and the port's block API
 * (user/ramdisk/, user/wl/wl_uk_blk.c), set up as bench.c sets up a solo
 * part: root starts a server, a client task gets buffers and a send
 * capability and runs wl_blk_* in a thread that exits with 0 or the line
 * of this file that failed.  Root waits for it with a timeout, so a hang
 * is a failed test, not a hung boot.
 *
 * The clients work on either disk (the virtio driver speaks the same
 * protocol): the one the task was given (selftest_blk.h), so
 * selftest_virtio.c runs them against the device too.
 */
#include "ramdisk.h"
#include "ramdisk_start.h"
#include "selftest.h"
#include "selftest_blk.h"
#include "string.h"
#include "virtioblk.h"

#define RDT_JOIN_TICKS 500 /* five seconds of guest time: far above any test's need */

static uint64_t rdt_ep, rdt_ticks; /* the disk's endpoint and timeout (each client task's own) */

wl_blk_t *rdt_open(uint64_t args_va)
{
    const char *variant = NULL;
    uint64_t sectors = 0;
    const struct wluk_args *a = (const struct wluk_args *)args_va;
    bool virtio = a->vblk_pages != 0;
    wluk_attach(a);
    rdt_ep = virtio ? WLUK_VBLK_SLOT : WLUK_BLK_SLOT;
    rdt_ticks = virtio ? VB_TIMEOUT_TICKS : RD_TIMEOUT_TICKS;
    wl_blk_t *b = wl_blk_open(virtio ? WL_BLK_DISK_VIRTIO : WL_BLK_DISK_RAM, &variant, &sectors);
    FAIL_IF(!b || strcmp(variant, virtio ? "virtio-driver" : "ramdisk") || sectors != RD_SECTORS);
    return b;
}

struct wluk_args *rdt_solo_args(struct task *t)
{
    struct wluk_args *a = task_map_new(t, WLUK_ARGS_VA, 1, false);
    if (a) {
        a->role = WLUK_SOLO;
        strlcpy(a->system, "uk", sizeof(a->system));
        strlcpy(a->unit, "insns", sizeof(a->unit));
    }
    return a;
}

/* One request on its own; returns its status. */
long rdt_one(wl_blk_t *b, enum wl_blk_op op, uint32_t slot, uint32_t bytes, uint64_t sector)
{
    struct wl_blk_req r = { op, slot, bytes, 77, sector };
    uint32_t tag = 0;
    long st = 1;
    FAIL_IF(wl_blk_submit(b, &r));
    FAIL_IF(wl_blk_complete(b, &tag, &st) || tag != 77);
    return st;
}

uint8_t rdt_byte(uint32_t slot, uint32_t i)
{
    return (uint8_t)(i * 7 + (i >> 9) + slot * 31 + 1);
}

/* (a) Writes at depth 1, 2 and 8 (registers, registers, long message),
 * every size of blkio and the disk's last sectors; then reads them back
 * into zeroed buffers, byte for byte. */
void rdt_rw_client(uint64_t args_va)
{
    static const uint32_t bytes[8] = { 4096, 512, 65536, 16384, 4096, 1024, 65536, 512 };
    static const uint64_t sector[8] = { 100, 0, 1000, 5000, 32752, 32766, 20000, 7 };
    wl_blk_t *b = rdt_open(args_va);
    uint32_t tag, seen = 0;
    long st;
    for (uint32_t s = 0; s < 8; s++)
        for (uint32_t i = 0; i < WL_BLK_BYTES_MAX; i++)
            wl_blk_buffer(b, s)[i] = rdt_byte(s, i);
    FAIL_IF(wl_blk_complete(b, &tag, &st) >= 0); /* nothing in flight */
    FAIL_IF(rdt_one(b, WL_BLK_WRITE, 0, bytes[0], sector[0]));
    for (uint32_t s = 1; s < 3; s++) { /* depth 2 */
        struct wl_blk_req r = { WL_BLK_WRITE, s, bytes[s], s, sector[s] };
        FAIL_IF(wl_blk_submit(b, &r));
    }
    for (uint32_t k = 0; k < 2; k++)
        FAIL_IF(wl_blk_complete(b, &tag, &st) || st || tag != k + 1);
    for (uint32_t s = 3; s < 8; s++) { /* depth 5 */
        struct wl_blk_req r = { WL_BLK_WRITE, s, bytes[s], s, sector[s] };
        FAIL_IF(wl_blk_submit(b, &r));
    }
    for (uint32_t k = 0; k < 5; k++) {
        FAIL_IF(wl_blk_complete(b, &tag, &st) || st || tag < 3 || tag > 7);
        seen |= 1u << tag;
    }
    FAIL_IF(seen != 0xf8);
    /* Read back at depth 8 into slots 8..15, zeroed first. */
    for (uint32_t s = 0; s < 8; s++) {
        memset(wl_blk_buffer(b, 8 + s), 0, WL_BLK_BYTES_MAX);
        struct wl_blk_req r = { WL_BLK_READ, 8 + s, bytes[s], 100 + s, sector[s] };
        FAIL_IF(wl_blk_submit(b, &r));
    }
    struct wl_blk_req more = { WL_BLK_READ, 0, 512, 0, 0 };
    FAIL_IF(wl_blk_submit(b, &more) >= 0); /* a ninth in flight */
    for (uint32_t k = 0; k < 8; k++)
        FAIL_IF(wl_blk_complete(b, &tag, &st) || st || tag != 100 + k);
    for (uint32_t s = 0; s < 8; s++) {
        const uint8_t *got = wl_blk_buffer(b, 8 + s);
        for (uint32_t i = 0; i < WL_BLK_BYTES_MAX; i++)
            FAIL_IF(got[i] != (i < bytes[s] ? rdt_byte(s, i) : 0));
    }
    /* And once more at depth 1 (registers): sector 100 into slot 15. */
    memset(wl_blk_buffer(b, 15), 0, WL_BLK_BYTES_MAX);
    FAIL_IF(rdt_one(b, WL_BLK_READ, 15, 4096, 100));
    FAIL_IF(memcmp(wl_blk_buffer(b, 15), wl_blk_buffer(b, 0), 4096));
    uk_thread_exit(0);
}

/* A message as a hostile client writes it: label, registers, a long
 * part of len bytes from buf.  Returns the call's error or 0 with the
 * message status and the per-request statuses. */
static long rdt_raw(uint32_t label, const uint64_t mr[4], const void *buf, uint64_t len,
                    int32_t *all, int32_t st[RD_BATCH_MAX])
{
    struct uk_msg m = { (uint64_t)label << UK_INFO_LABEL_SHIFT | len,
                        { mr[0], mr[1], mr[2], mr[3] } };
    long e = uk_call_timeout(rdt_ep, &m, buf, NULL, 0, rdt_ticks);
    if (e)
        return e;
    *all = (int32_t)(m.info >> UK_INFO_LABEL_SHIFT);
    memcpy(st, m.mr, RD_BATCH_MAX * sizeof(int32_t));
    return 0;
}

/* (b) Bad requests each get an error and the server goes on: a good
 * request right after every one succeeds. */
void rdt_bad_client(uint64_t args_va)
{
    wl_blk_t *b = rdt_open(args_va);
    uint8_t *buf0 = wl_blk_buffer(b, 0);
    for (uint32_t i = 0; i < 4096; i++)
        buf0[i] = (uint8_t)(i ^ 0x5a);
    FAIL_IF(rdt_one(b, WL_BLK_WRITE, 0, 4096, 8));
    /* Alone (registers): each refused, then a good one works. */
    static const struct wl_blk_req bad[] = {
        { WL_BLK_READ, WL_BLK_SLOT_UNSHARED, 4096, 0, 0 }, /* a buffer it never shared */
        { WL_BLK_WRITE, WL_BLK_SLOT_UNSHARED, 512, 0, 0 },
        { WL_BLK_READ, 0xffffffffu, 4096, 0, 0 },         /* far outside */
        { WL_BLK_READ, 1, 4096, 0, RD_SECTORS },          /* past the end */
        { WL_BLK_WRITE, 1, 4096, 0, RD_SECTORS - 7 },     /* ends past the end */
        { WL_BLK_READ, 1, 512, 0, ~0ull },                /* wraps */
        { WL_BLK_READ, 1, 0, 0, 0 },                      /* empty */
        { WL_BLK_READ, 1, 100, 0, 0 },                    /* not whole sectors */
        { WL_BLK_READ, 1, WL_BLK_BYTES_MAX + 512, 0, 0 }, /* too long */
        { WL_BLK_WRITE, 15, 2 * WL_BLK_BYTES_MAX, 0, 0 }, /* and past the area */
    };
    for (uint32_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        FAIL_IF(rdt_one(b, bad[k].op, bad[k].slot, bad[k].bytes, bad[k].sector) >= 0);
        memset(wl_blk_buffer(b, 1), 0, 4096);
        FAIL_IF(rdt_one(b, WL_BLK_READ, 1, 4096, 8));
        FAIL_IF(memcmp(wl_blk_buffer(b, 1), buf0, 4096));
    }
    /* In one batch (long message) with good ones between: only the bad
     * ones are refused. */
    uint32_t tag;
    long st;
    for (uint32_t k = 0; k < 8; k++) {
        struct wl_blk_req r = k & 1 ? bad[k] : (struct wl_blk_req){ WL_BLK_READ, 2, 512, 0, 8 };
        r.tag = k;
        FAIL_IF(wl_blk_submit(b, &r));
    }
    for (uint32_t k = 0; k < 8; k++)
        FAIL_IF(wl_blk_complete(b, &tag, &st) || tag != k || (k & 1 ? st >= 0 : st != 0));
    /* Malformed messages: refused as a whole, the call itself fine. */
    int32_t all, sts[RD_BATCH_MAX];
    struct rd_desc d[RD_BATCH_MAX + 2];
    for (uint32_t k = 0; k < RD_BATCH_MAX + 2; k++)
        d[k] = (struct rd_desc){ 8, 0, 512 };
    const uint64_t good_mr[4] = { 8, (uint64_t)512 << 32, 0, 0 }, zero[4] = { 0, 0, 0, 0 };
    struct {
        uint32_t label;
        const uint64_t *mr;
        uint64_t len;
    } const mal[] = {
        { 7, good_mr, 0 },                                       /* no such kind */
        { RD_LABEL(RD_MSG_REQS, 1, 0) | 1u << 20, good_mr, 0 },  /* unknown label bits */
        { RD_LABEL(RD_MSG_REQS, 0, 0), zero, 0 },                /* no request */
        { RD_LABEL(RD_MSG_REQS, 9, 0), zero, 9 * sizeof(d[0]) }, /* too many */
        { RD_LABEL(RD_MSG_REQS, 3, 0), good_mr, 0 },             /* 3 do not fit registers */
        { RD_LABEL(RD_MSG_REQS, 2, 0), zero, sizeof(d[0]) },     /* length is not 2 */
        { RD_LABEL(RD_MSG_REQS, 3, 0), zero, 3 * sizeof(d[0]) + 5 },
        { RD_LABEL(RD_MSG_REQS, 1, 2), good_mr, 0 },      /* write bit of no request */
        { RD_LABEL(RD_MSG_REQS, 8, 0), zero, sizeof(d) }, /* longer than any batch */
        { RD_LABEL(RD_MSG_SHARE, 0, 0), zero, 0 },        /* a share without pages */
    };
    for (uint32_t k = 0; k < sizeof(mal) / sizeof(mal[0]); k++) {
        FAIL_IF(rdt_raw(mal[k].label, mal[k].mr, d, mal[k].len, &all, sts) || all >= 0);
        FAIL_IF(rdt_one(b, WL_BLK_READ, 1, 512, 8));
    }
    /* The same done right is accepted; a raw offset just past the area
     * or overlapping its end is refused. */
    FAIL_IF(rdt_raw(RD_LABEL(RD_MSG_REQS, 1, 0), good_mr, d, 0, &all, sts) || all || sts[0]);
    d[0] = (struct rd_desc){ 8, (uint32_t)RD_AREA_BYTES - 512, 1024 };
    d[1] = (struct rd_desc){ 8, (uint32_t)RD_AREA_BYTES - 512, 512 };
    d[2] = (struct rd_desc){ 8, (uint32_t)RD_AREA_BYTES, 512 };
    FAIL_IF(rdt_raw(RD_LABEL(RD_MSG_REQS, 3, 0), zero, d, 3 * sizeof(d[0]), &all, sts) || all);
    FAIL_IF(sts[0] != UK_EFAULT || sts[1] != 0 || sts[2] != UK_EFAULT);
    /* More pages once the area is full: the kernel finds no window. */
    uint64_t item = UK_ITEM(UK_ITEM_MAP, (uint64_t)buf0, 1ull, UK_ITEM_WRITE);
    struct uk_regs r = { rdt_ep,
                         (uint64_t)RD_LABEL(RD_MSG_SHARE, 0, 0) << UK_INFO_LABEL_SHIFT |
                             UK_INFO_ITEM | UK_INFO_TIMEOUT,
                         0,
                         0,
                         0,
                         0,
                         0,
                         0,
                         0 };
    FAIL_IF(uk_syscall_items_timeout(UK_SYS_CALL, &r, &item, rdt_ticks) != UK_EWINDOW);
    FAIL_IF(rdt_one(b, WL_BLK_READ, 1, 4096, 8));
    FAIL_IF(memcmp(wl_blk_buffer(b, 1), buf0, 4096));
    uk_thread_exit(0);
}

/* (c) The server answers the connect, then never a request. */
void rdt_stall_client(uint64_t args_va)
{
    wl_blk_t *b = rdt_open(args_va);
    struct wl_blk_req r = { WL_BLK_READ, 0, 4096, 5, 0 };
    uint32_t tag;
    long st;
    FAIL_IF(wl_blk_submit(b, &r));
    uint64_t t0 = wl_cycles();
    FAIL_IF(wl_blk_complete(b, &tag, &st) != UK_ETIMEOUT);
    uint64_t t1 = wl_cycles();
    console_printf("# complete() of a stalled server: UK_ETIMEOUT after %lu guest TSC ticks\n",
                   (unsigned long)(t1 - t0));
    /* The request is gone with the failed call: nothing is in flight. */
    FAIL_IF(wl_blk_complete(b, &tag, &st) != UK_EINVAL);
    uk_thread_exit(0);
}

/* A server with flags, one client task running fn; wait for the client
 * at most RDT_JOIN_TICKS and check it exited with 0. */
static int rdt_run(uint64_t flags, void (*fn)(uint64_t))
{
    struct rd_server s;
    struct task t;
    struct st_thread th;
    struct uk_thread_status st;
    uint64_t bits;
    CHECK_EQ(rd_start(&s, flags, UK_CAP_ANY), UK_OK);
    CHECK_EQ(task_create(&t), UK_OK);
    struct wluk_args *a = rdt_solo_args(&t);
    CHECK(a);
    CHECK_EQ(rd_give(&s, &t, a), UK_OK);
    CHECK_EQ(uk_notification_create(&th.exit_ntfn), UK_OK);
    CHECK_EQ(task_thread(&t, fn, WLUK_ARGS_VA, TASK_PRIO, th.exit_ntfn, &th.thread), UK_OK);
    CHECK_EQ(uk_thread_start(th.thread), UK_OK);
    CHECK_EQ(uk_wait_timeout(th.exit_ntfn, RDT_JOIN_TICKS, &bits), UK_OK); /* else: it hangs */
    CHECK_EQ(uk_thread_status(th.thread, &st), UK_OK);
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ(st.value, 0); /* else the line in this file that failed */
    rd_stop(&s);
    return 0;
}

static int test_rd_rw(void)
{
    return rdt_run(0, rdt_rw_client);
}

static int test_rd_bad(void)
{
    return rdt_run(0, rdt_bad_client);
}

static int test_rd_stall(void)
{
    return rdt_run(RD_FLAG_STALL, rdt_stall_client);
}

const struct selftest selftests_ramdisk[] = {
    { "ramdisk: writes at depth 1, 2 and 8 read back byte for byte", test_rd_rw },
    { "ramdisk: unshared buffers, sectors past the end, bad sizes and malformed messages "
      "are refused, and the server keeps serving",
      test_rd_bad },
    { "ramdisk: a server that stops answering fails complete() after its timeout", test_rd_stall },
    { NULL, NULL },
};
