/* SPDX-License-Identifier: MIT */
/*
 * workloads/blkio.c on the host against a fake port: an in-memory disk
 * behind wl_blk_*, which completes requests in batches like a path that
 * starts them only when asked for a completion.  Checks that a good run
 * gives one valid record (harness/record.c) per case with the promised
 * parameters and sample counts, and that each thing the workload
 * promises to catch makes the run fail with its reason: a wrong byte read
 * back (naming the sector), a driver path that accepts a request past the
 * end, one that accepts an unshared buffer, one that stops serving after
 * a refused request, a port error while waiting.
 */
#include "record.h"

#include "../../workloads/wl.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define DISK_SECTORS 32768u

/* ---- the fake port ---- */

enum fault { F_NONE, F_FLIP_BYTE, F_ACCEPT_PAST_END, F_ACCEPT_UNSHARED, F_STOP_AFTER_REFUSAL,
             F_PORT_ERROR };

static struct {
    enum fault fault;
    uint8_t *disk;
    uint8_t *buf;
    struct wl_blk_req queued[WL_BLK_DEPTH_MAX], done[WL_BLK_DEPTH_MAX];
    long done_status[WL_BLK_DEPTH_MAX];
    unsigned n_queued, n_done, in_flight;
    unsigned long requests, batches, max_batch;
    int refused; /* a request was refused (for F_STOP_AFTER_REFUSAL) */
    uint64_t tsc;
    char *console;
    size_t console_len;
} fp;

struct wl_blk {
    int unused;
};
static struct wl_blk the_disk;

uint64_t wl_cycles(void)
{
    return fp.tsc += 7;
}

void wl_console_write(const char *s, size_t len)
{
    fp.console = realloc(fp.console, fp.console_len + len + 1);
    assert_non_null(fp.console);
    memcpy(fp.console + fp.console_len, s, len);
    fp.console_len += len;
    fp.console[fp.console_len] = '\0';
}

const char *wl_system(void)
{
    return "fake";
}

const char *wl_unit(void)
{
    return WL_UNIT_INSNS;
}

int64_t *wl_sample_buffer(uint32_t n)
{
    static int64_t s[2 * 1000];
    return n <= 2000 ? s : NULL;
}

/* Unused by blkio, but wl.h's port: linked from wl_emit/wl_find users. */
void wl_null_call(void)
{
}

const char *wl_null_call_name(void)
{
    return "null";
}

wl_blk_t *wl_blk_open(enum wl_blk_disk disk, const char **variant, uint64_t *sectors)
{
    (void)disk;
    *variant = "fakedisk";
    *sectors = DISK_SECTORS;
    return &the_disk;
}

uint8_t *wl_blk_buffer(wl_blk_t *b, uint32_t slot)
{
    (void)b;
    return fp.buf + (size_t)slot * WL_BLK_BYTES_MAX;
}

long wl_blk_submit(wl_blk_t *b, const struct wl_blk_req *r)
{
    (void)b;
    if (fp.in_flight == WL_BLK_DEPTH_MAX)
        return -16;
    fp.queued[fp.n_queued++] = *r;
    fp.in_flight++;
    return 0;
}

/* The "driver path": checks and does one request. */
static long fake_do(const struct wl_blk_req *r)
{
    uint64_t end = r->sector + r->bytes / WL_BLK_SECTOR;
    int past = r->sector >= DISK_SECTORS || end > DISK_SECTORS;
    int unshared = r->slot >= WL_BLK_SLOTS;

    if (fp.fault == F_STOP_AFTER_REFUSAL && fp.refused)
        return -5;
    if ((past && fp.fault != F_ACCEPT_PAST_END) || r->bytes % WL_BLK_SECTOR || r->bytes == 0 ||
        r->bytes > WL_BLK_BYTES_MAX || (unshared && fp.fault != F_ACCEPT_UNSHARED)) {
        fp.refused = 1;
        return -22;
    }
    if (past || unshared)
        return 0; /* "accepted" without touching anything */
    uint8_t *disk = fp.disk + r->sector * WL_BLK_SECTOR, *buf = wl_blk_buffer(0, r->slot);
    if (r->op == WL_BLK_WRITE) {
        memcpy(disk, buf, r->bytes);
    } else {
        memcpy(buf, disk, r->bytes);
        /* The 40th request of 16 KiB: one byte of its third sector. */
        if (fp.fault == F_FLIP_BYTE && r->bytes == 16384 && ++fp.requests == 40)
            buf[2 * WL_BLK_SECTOR + 17] ^= 0x20;
    }
    return 0;
}

long wl_blk_complete(wl_blk_t *b, uint32_t *tag, long *status)
{
    (void)b;
    if (fp.fault == F_PORT_ERROR && fp.batches == 700)
        return -110;
    if (fp.in_flight == 0)
        return -22;
    if (fp.n_done == 0) {
        fp.batches++;
        if (fp.n_queued > fp.max_batch)
            fp.max_batch = fp.n_queued;
        for (unsigned i = 0; i < fp.n_queued; i++) {
            fp.done[fp.n_done] = fp.queued[i];
            fp.done_status[fp.n_done++] = fake_do(&fp.queued[i]);
        }
        fp.n_queued = 0;
    }
    /* Completions in the reverse order of submission: any order is legal. */
    fp.n_done--;
    *tag = fp.done[fp.n_done].tag;
    *status = fp.done_status[fp.n_done];
    fp.in_flight--;
    return 0;
}

extern const struct wl_workload wl_blkio;

static int fp_setup(void **state)
{
    (void)state;
    free(fp.console);
    memset(&fp, 0, sizeof(fp));
    fp.disk = calloc(DISK_SECTORS, WL_BLK_SECTOR);
    /* One slot more than shared: the workload must never touch it. */
    fp.buf = calloc(WL_BLK_SLOTS + 1, WL_BLK_BYTES_MAX);
    assert_non_null(fp.disk);
    assert_non_null(fp.buf);
    return 0;
}

static int fp_teardown(void **state)
{
    (void)state;
    free(fp.disk);
    free(fp.buf);
    return 0;
}

static int run(enum fault f, uint32_t n, uint32_t w)
{
    struct wl_config cfg = { n, w };
    fp.fault = f;
    return wl_blkio.solo(&cfg);
}

static void assert_said(const char *what)
{
    if (!fp.console || !strstr(fp.console, what))
        fail_msg("console does not say \"%s\":\n%s", what, fp.console ? fp.console : "");
}

/* ---- tests ---- */

static void test_good_run(void **state)
{
    (void)state;
    static const char *const wl[] = { "blkio" };
    static const long iters[] = { 20 };
    record_expect_t exp = { WL_UNIT_INSNS, "fake", wl, 1, iters };
    int seen[4][2][2][2] = { { { { 0 } } } };
    int records = run(F_NONE, 20, 3);

    assert_int_equal(records, 4 * 2 * 2 * 2);
    int lines = 0;
    for (char *p = fp.console; (p = strstr(p, WL_RECORD_PREFIX)); lines++) {
        char *end = strchr(p, '\n');
        char why[256];
        record_t r;
        assert_non_null(end);
        *end = '\0';
        if (record_parse(p + strlen(WL_RECORD_PREFIX), &exp, &r, why, sizeof(why)))
            fail_msg("record %d invalid: %s", lines, why);
        assert_string_equal(r.variant, "fakedisk");
        assert_int_equal(r.n, 20);
        assert_true(r.marked);
        /* size, pattern, direction, depth (WL_PARAM_NAMES indexes 2..5) */
        int z = r.params[2].num == 512 ? 0 : r.params[2].num == 4096 ? 1 : r.params[2].num == 16384 ? 2
                : r.params[2].num == 65536 ? 3 : -1;
        int pat = !strcmp(r.params[3].str, "rand");
        int dir = !strcmp(r.params[4].str, "write");
        int dep = r.params[5].num == 8;
        assert_true(z >= 0);
        assert_true(pat || !strcmp(r.params[3].str, "seq"));
        assert_true(dir || !strcmp(r.params[4].str, "read"));
        assert_true(dep || r.params[5].num == 1);
        assert_false(r.params[0].set || r.params[1].set);
        seen[z][pat][dir][dep]++;
        for (long i = 0; i < r.n; i++)
            assert_true(r.samples[i] >= 0);
        record_free(&r);
        *end = '\n';
        p = end;
    }
    assert_int_equal(lines, 32);
    for (int z = 0; z < 4; z++)
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++)
                for (int c = 0; c < 2; c++)
                    assert_int_equal(seen[z][a][b][c], 1);
    /* Depth 8 reached the path: batches of 8 requests were started. */
    assert_int_equal(fp.max_batch, 8);
}

static void test_wrong_byte_names_sector(void **state)
{
    (void)state;
    assert_true(run(F_FLIP_BYTE, 20, 3) < 0);
    assert_said("wrong data read back, sector");
}

static void test_accepting_past_end_fails(void **state)
{
    (void)state;
    assert_true(run(F_ACCEPT_PAST_END, 5, 1) < 0);
    assert_said("accepted an invalid request");
    assert_said("past the end of the disk");
}

static void test_accepting_unshared_fails(void **state)
{
    (void)state;
    assert_true(run(F_ACCEPT_UNSHARED, 5, 1) < 0);
    assert_said("a buffer the client never shared");
}

static void test_stopping_after_refusal_fails(void **state)
{
    (void)state;
    assert_true(run(F_STOP_AFTER_REFUSAL, 5, 1) < 0);
    assert_said("a good write after a refused request failed");
}

static void test_port_error_fails(void **state)
{
    (void)state;
    assert_true(run(F_PORT_ERROR, 20, 3) < 0);
    assert_said("port error");
    assert_true(strstr(fp.console, WL_RECORD_PREFIX) != NULL); /* some cases were done */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_good_run, fp_setup, fp_teardown),
        cmocka_unit_test_setup_teardown(test_wrong_byte_names_sector, fp_setup, fp_teardown),
        cmocka_unit_test_setup_teardown(test_accepting_past_end_fails, fp_setup, fp_teardown),
        cmocka_unit_test_setup_teardown(test_accepting_unshared_fails, fp_setup, fp_teardown),
        cmocka_unit_test_setup_teardown(test_stopping_after_refusal_fails, fp_setup, fp_teardown),
        cmocka_unit_test_setup_teardown(test_port_error_fails, fp_setup, fp_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
