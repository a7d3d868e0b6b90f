/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of the virtio-blk driver (user/virtioblk/) on QEMU's disk,
 * set up as bench.c sets up blkdev: root starts the driver with the
 * device's resources, a client task gets buffers and a send capability,
 * and root waits for the client, restarting the driver whenever it dies
 * meanwhile.  The boot needs the disk (tests/run.sh attaches a fresh one);
 * without it every test here fails.
 */
#include "pci.h"
#include "ramdisk.h"
#include "selftest.h"
#include "selftest_blk.h"
#include "string.h"
#include "virtio_legacy.h"
#include "virtioblk.h"
#include "virtioblk_start.h"

#define VBT_CLIENT 1 /* exit badges */
#define VBT_DRIVER 2
/* Twice the client's own timeout: a test that hangs fails, the boot goes on. */
#define VBT_JOIN_TICKS (2 * VB_TIMEOUT_TICKS)
#define VEC_GP 13

static const uint32_t vbt_sizes[] = { 512, 4096, 16384, 65536 }; /* blkio's */

/* (a) Every size at depth 1 and at depth 8: eight writes of distinct
 * patterns to distinct places, then eight reads into zeroed slots. */
static void vbt_sizes_client(uint64_t args_va)
{
    wl_blk_t *b = rdt_open(args_va);
    uint32_t tag;
    long st;
    for (uint32_t s = 0; s < 8; s++)
        for (uint32_t i = 0; i < WL_BLK_BYTES_MAX; i++)
            wl_blk_buffer(b, s)[i] = rdt_byte(s, i);
    for (uint32_t z = 0; z < sizeof(vbt_sizes) / sizeof(vbt_sizes[0]); z++)
        for (uint32_t depth = 1; depth <= 8; depth += 7) {
            uint32_t bytes = vbt_sizes[z];
            /* A place of its own per size and depth, so a stale block
             * from an earlier round cannot pass for the data. */
            uint64_t base = (z * 2 + depth / 8) * 8 * (WL_BLK_BYTES_MAX / RD_SECTOR);
            for (uint32_t pass = 0; pass < 2; pass++) { /* write, then read */
                for (uint32_t s = 0; pass && s < 8; s++)
                    memset(wl_blk_buffer(b, 8 + s), 0, WL_BLK_BYTES_MAX);
                for (uint32_t s = 0; s < 8; s += depth) {
                    for (uint32_t k = s; k < s + depth; k++) {
                        struct wl_blk_req r = { pass ? WL_BLK_READ : WL_BLK_WRITE, pass * 8 + k,
                                                bytes, k, base + k * (bytes / RD_SECTOR) };
                        FAIL_IF(wl_blk_submit(b, &r));
                    }
                    for (uint32_t k = s; k < s + depth; k++)
                        FAIL_IF(wl_blk_complete(b, &tag, &st) || st || tag != k);
                }
            }
            for (uint32_t s = 0; s < 8; s++) {
                const uint8_t *got = wl_blk_buffer(b, 8 + s);
                for (uint32_t i = 0; i < WL_BLK_BYTES_MAX; i++)
                    FAIL_IF(got[i] != (i < bytes ? rdt_byte(s, i) : 0));
            }
        }
    uk_thread_exit(0);
}

/* (e) The driver dies with the first request in the device (it was
 * started with VB_FLAG_CRASH): this call fails with UK_EABORT at once;
 * root restarts the driver, and the next requests are served. */
static void vbt_after_crash_client(uint64_t args_va)
{
    wl_blk_t *b = rdt_open(args_va);
    struct wl_blk_req r = { WL_BLK_WRITE, 0, 4096, 9, 64 };
    uint32_t tag;
    long st;
    for (uint32_t i = 0; i < 4096; i++)
        wl_blk_buffer(b, 0)[i] = rdt_byte(3, i);
    FAIL_IF(wl_blk_submit(b, &r));
    FAIL_IF(wl_blk_complete(b, &tag, &st) != UK_EABORT); /* the driver died: an error, no hang */
    FAIL_IF(wl_blk_complete(b, &tag, &st) != UK_EINVAL); /* and nothing is left in flight */
    /* The restarted driver serves the same client, buffers and all. */
    FAIL_IF(rdt_one(b, WL_BLK_WRITE, 0, 4096, 64));
    memset(wl_blk_buffer(b, 1), 0, 4096);
    FAIL_IF(rdt_one(b, WL_BLK_READ, 1, 4096, 64));
    FAIL_IF(memcmp(wl_blk_buffer(b, 1), wl_blk_buffer(b, 0), 4096));
    uk_thread_exit(0);
}

/* A driver with flags, a client task running fn; root waits for the
 * client, restarting the driver each time it dies; *restarts counts. */
static int vbt_run(uint64_t flags, void (*fn)(uint64_t), unsigned *restarts)
{
    const struct vb_dev *dev;
    struct vb_driver d;
    struct task t;
    struct uk_thread_status st;
    uint64_t ntfn, n_cli, n_drv, thread, bits = 0;
    CHECK_EQ(vb_probe(&dev), UK_OK); /* else: no virtio disk in this machine */
    CHECK_EQ(uk_notification_create(&ntfn), UK_OK);
    CHECK_EQ(root_mint(ntfn, UK_RIGHT_SEND, VBT_CLIENT, &n_cli), UK_OK);
    CHECK_EQ(root_mint(ntfn, UK_RIGHT_SEND, VBT_DRIVER, &n_drv), UK_OK);
    CHECK_EQ(vb_start(&d, flags, n_drv), UK_OK);
    CHECK_EQ(task_create(&t), UK_OK);
    struct wluk_args *a = rdt_solo_args(&t);
    CHECK(a);
    CHECK_EQ(vb_give(&d, &t, a), UK_OK);
    CHECK_EQ(task_thread(&t, fn, WLUK_ARGS_VA, TASK_PRIO, n_cli, &thread), UK_OK);
    CHECK_EQ(uk_thread_start(thread), UK_OK);
    while (!(bits & VBT_CLIENT)) {
        CHECK_EQ(uk_wait_timeout(ntfn, VBT_JOIN_TICKS, &bits), UK_OK); /* else: it hangs */
        if (bits & VBT_DRIVER)
            CHECK_EQ(vb_restart(&d), UK_OK);
    }
    CHECK_EQ(uk_thread_status(thread, &st), UK_OK);
    CHECK_EQ(st.state, UK_THREAD_EXITED);
    CHECK_EQ(st.value, 0); /* else the line of the client's file that failed */
    *restarts = d.restarts;
    vb_stop(&d);
    return 0;
}

static int test_vb_sizes(void)
{
    unsigned restarts;
    CHECK(!vbt_run(0, vbt_sizes_client, &restarts));
    CHECK_EQ(restarts, 0);
    CHECK(!vbt_run(0, rdt_rw_client, &restarts)); /* depth 2 and the disk's last sectors too */
    CHECK_EQ(restarts, 0);
    return 0;
}

static int test_vb_bad(void)
{
    unsigned restarts;
    CHECK(!vbt_run(0, rdt_bad_client, &restarts));
    CHECK_EQ(restarts, 0);
    return 0;
}

/* A task reads the device's status register, or a port next to its
 * range; shva's v[0] is the port. */
static void vbt_port_reader(uint64_t shva)
{
    struct st_shared *sh = (struct st_shared *)shva;
    sh->v[1] = inb((uint16_t)sh->v[0]);
    uk_thread_exit(0);
}

static int vbt_port(struct st_child *c, uint16_t port, uint64_t want_state)
{
    struct st_thread th;
    struct uk_thread_status st;
    c->sh->v[0] = port;
    CHECK(!st_start(c, vbt_port_reader, TASK_PRIO, &th));
    CHECK(!st_join(&th, &st));
    CHECK_EQ(st.state, want_state);
    if (want_state == UK_THREAD_KILLED)
        CHECK_EQ(st.vector, VEC_GP);
    return 0;
}

static int test_vb_ports(void)
{
    const struct vb_dev *dev;
    struct st_child plain, granted;
    CHECK_EQ(vb_probe(&dev), UK_OK);
    CHECK(dev->ports >= VIO_BLK_CAPACITY + 8);
    CHECK(!st_child(&plain));
    CHECK(!st_child(&granted));
    /* Without the driver's ports (every task but the driver, the
     * benchmark's client included): the device is out of reach. */
    CHECK(!vbt_port(&plain, dev->io + VIO_STATUS, UK_THREAD_KILLED));
    CHECK(!vbt_port(&plain, dev->io, UK_THREAD_KILLED));
    CHECK(!vbt_port(&plain, PCI_CFG_DATA, UK_THREAD_KILLED));
    /* With exactly the driver's: the BAR and configuration space, and
     * not a port beside them. */
    CHECK_EQ(vb_grant_ports(granted.task.space), UK_OK);
    CHECK(!vbt_port(&granted, dev->io + VIO_STATUS, UK_THREAD_EXITED));
    CHECK(!vbt_port(&granted, dev->io + dev->ports - 1, UK_THREAD_EXITED));
    CHECK(!vbt_port(&granted, PCI_CFG_ADDR + PCI_CFG_PORTS - 1, UK_THREAD_EXITED));
    CHECK(!vbt_port(&granted, dev->io + dev->ports, UK_THREAD_KILLED));
    CHECK(!vbt_port(&granted, dev->io - 1, UK_THREAD_KILLED));
    CHECK(!vbt_port(&granted, PCI_CFG_ADDR - 1, UK_THREAD_KILLED));
    CHECK(!vbt_port(&granted, PCI_CFG_ADDR + PCI_CFG_PORTS, UK_THREAD_KILLED));
    return 0;
}

static int test_vb_stall(void)
{
    unsigned restarts;
    CHECK(!vbt_run(RD_FLAG_STALL, rdt_stall_client, &restarts));
    CHECK_EQ(restarts, 0);
    return 0;
}

static int test_vb_crash(void)
{
    unsigned restarts;
    CHECK(!vbt_run(VB_FLAG_CRASH, vbt_after_crash_client, &restarts));
    CHECK_EQ(restarts, 1);
    return 0;
}

const struct selftest selftests_virtio[] = {
    { "virtio-blk: writes read back at every size, depth 1 and 8", test_vb_sizes },
    { "virtio-blk: unshared buffers, sectors past the end, bad sizes and malformed messages "
      "are refused, and the driver keeps serving",
      test_vb_bad },
    { "virtio-blk: only the driver's ports reach the device, exactly its range", test_vb_ports },
    { "virtio-blk: a driver that stops answering fails complete() after its timeout",
      test_vb_stall },
    { "virtio-blk: a driver that dies fails the call (UK_EABORT); root restarts it and the "
      "next requests are served",
      test_vb_crash },
    { NULL, NULL },
};
