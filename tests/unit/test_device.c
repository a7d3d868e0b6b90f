/* SPDX-License-Identifier: MIT */
/*
 * The virtio disk on every boot and the device workloads (issue 12): the
 * disk in QEMU's argv and its O_DIRECT fallback (disk.c, qemu.c), which
 * workload goes to which boot under tcg and kvm (plan.c), a device
 * record's samples replaced by its windows' totals and its windows kept
 * uncompared in the profile (profile.c), and the summary's new columns
 * (results.c: counted_by, spread over runs, throughput under kvm).
 */
#include "disk.h"
#include "plan.h"
#include "profile.h"
#include "qemu.h"
#include "qemu_flags.h"
#include "results.h"
#include "run.h"
#include "tscfreq.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

/* The disk goes right after the machine's own flags, before the serial
 * file, the accelerator and the extra arguments: with O_DIRECT the
 * cache=none options, without it the fallback. */
static void test_argv_disk(void **state)
{
    strlist_t extra = { 0 }, a = { 0 };
    qemu_cfg_t cfg = { "q", MODE_TCG, &extra, MITIG_OFF, "disk-uk-1.img", 1 };
    qemu_boot_t uk = { SYSTEM_BOOT_MULTIBOOT, "/b/uk.bin", "bench", NULL, NULL, NULL, NULL };
    char *s, *want;

    (void)state;
    strlist_push(&extra, "-S");
    qemu_argv(&a, &cfg, &uk, "console-uk-1.log");
    s = strlist_join(&a, "|");
    if (asprintf(&want,
                 "|base=2024-01-01T00:00:00,clock=vm|-drive|file=disk-uk-1.img,%s|-device|%s|"
                 "-serial|file:console-uk-1.log|-accel|tcg|",
                 QEMU_DISK_DRIVE, QEMU_DISK_DEVICE) < 0)
        fail();
    assert_non_null(strstr(s, want));
    assert_string_equal(QEMU_DISK_DRIVE, "if=none,id=vd0,format=raw,cache=none,aio=native");
    assert_non_null(strstr(s, "|-S"));
    assert_true(strstr(s, "|-S") > strstr(s, "|-device|virtio-blk-pci"));
    free(want);
    free(s);
    cfg.disk_direct = 0;
    qemu_argv(&a, &cfg, &uk, "console-uk-1.log");
    s = strlist_join(&a, "|");
    assert_non_null(strstr(s, "|-drive|file=disk-uk-1.img," QEMU_DISK_DRIVE_NODIRECT "|"));
    assert_null(strstr(s, "cache=none"));
    free(s);
    /* The calibration boot: no disk. */
    cfg.disk_file = NULL;
    qemu_argv(&a, &cfg, &uk, "l");
    s = strlist_join(&a, "|");
    assert_null(strstr(s, "-drive"));
    assert_null(strstr(s, "virtio-blk"));
    free(s);
    strlist_free(&a);
    strlist_free(&extra);
}

/* A sparse file of QEMU_DISK_MIB MiB that takes O_DIRECT on the test's
 * own file system (ext4 here), the fallback where the file system
 * refuses it, and gone after disk_remove. */
static void test_disk_file(void **state)
{
    char *dir = tu_tmpdir(), *ram = tu_nodirect_dir(), err[256];
    struct stat st;
    disk_t d;

    (void)state;
    assert_int_equal(disk_create(&d, dir, "disk-uk-1.img", err, sizeof(err)), 0);
    assert_int_equal(stat(d.path, &st), 0);
    assert_int_equal(st.st_size, disk_mib() << 20);
    assert_int_equal(disk_mib(), 16);
    assert_true(st.st_blocks * 512 < st.st_size); /* sparse */
    assert_string_equal(d.name, "disk-uk-1.img");
    int direct = d.direct;
    char *path = strdup(d.path);
    disk_remove(&d);
    assert_int_equal(access(path, F_OK), -1);
    disk_remove(&d); /* twice is harmless */
    free(path);
    /* /tmp on tmpfs before Linux 6.6 would refuse O_DIRECT too. */
    if (!direct)
        print_message("# note: %s refuses O_DIRECT\n", dir);
    assert_string_equal(disk_drive_options(1), QEMU_DISK_DRIVE);
    assert_string_equal(disk_drive_options(0), QEMU_DISK_DRIVE_NODIRECT);
    if (ram) {
        assert_int_equal(disk_create(&d, ram, "disk-uk-2.img", err, sizeof(err)), 0);
        assert_int_equal(d.direct, 0);
        assert_non_null(strstr(d.why, "refuses O_DIRECT (Invalid argument)"));
        disk_remove(&d);
    } else {
        print_message("# no file system without O_DIRECT here (not root?): fallback untested\n");
    }
    assert_int_equal(disk_create(&d, "/nonexistent", "x.img", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "cannot create the disk file /nonexistent/x.img"));
    tu_nodirect_free(ram);
    tu_rm_rf(dir);
    free(dir);
}

/* Which workloads each boot runs: under tcg the exact ones in the timing
 * boot and blkdev alone in the device boot; under kvm all in the timing
 * boot and no device boot; the profile boot all. */
static void test_boot_plan(void **state)
{
    char *argv[] = { "bench-run", "-n", "16", "-w", "pingpong,blkdev,blkio", NULL };
    char err[256], *s;
    cli_opts_t o, sub;

    (void)state;
    assert_int_equal(cli_parse(ARGC(argv), argv, &o, err, sizeof(err)), CLI_OK);
    assert_int_equal(plan_opts(&o, MODE_TCG, PLAN_TIMING, &sub), 2);
    s = run_cmdline(&sub, systems_find("uk"), "insns");
    assert_string_equal(s, "bench system=uk unit=insns wl=pingpong:16:10,blkio:16:10");
    free(s);
    assert_int_equal(plan_opts(&o, MODE_TCG, PLAN_DEVICE, &sub), 1);
    s = run_cmdline(&sub, systems_find("uk"), "insns");
    assert_string_equal(s, "bench system=uk unit=insns wl=blkdev:16:10");
    free(s);
    /* Xen's dom0 peer serves the same workloads as the boot's guests. */
    s = run_guest_job(&sub, systems_find("xen"));
    assert_non_null(strstr(s, "-w blkdev\""));
    free(s);
    assert_int_equal(plan_opts(&o, MODE_KVM, PLAN_TIMING, &sub), 3);
    s = run_cmdline(&sub, systems_find("uk"), "cycles");
    assert_string_equal(s, "bench system=uk unit=cycles wl=pingpong:16:10,blkdev:16:10,"
                           "blkio:16:10");
    free(s);
    assert_int_equal(plan_opts(&o, MODE_KVM, PLAN_DEVICE, &sub), 0);
    assert_int_equal(plan_opts(&o, MODE_TCG, PLAN_PROFILE, &sub), 3);
    assert_string_equal(plan_counted_by_name("blkdev", MODE_TCG), "plugin");
    assert_string_equal(plan_counted_by_name("blkdev", MODE_KVM), "tsc");
    assert_string_equal(plan_counted_by_name("blkio", MODE_TCG), "tsc");
    assert_string_equal(plan_counted_by_name("nope", MODE_TCG), "tsc");
    assert_false(wltable_find("blkdev")->exact);
    assert_true(wltable_find("blkio")->exact);
    assert_true(wltable_find("pingpong")->exact);
    assert_true(wltable_find("pageflip")->exact);
    /* Only blkdev: no timing boot under tcg. */
    char *only[] = { "bench-run", "-w", "blkdev", NULL };
    cli_free(&o);
    assert_int_equal(cli_parse(ARGC(only), only, &o, err, sizeof(err)), CLI_OK);
    assert_int_equal(plan_opts(&o, MODE_TCG, PLAN_TIMING, &sub), 0);
    assert_int_equal(plan_opts(&o, MODE_TCG, PLAN_DEVICE, &sub), 1);
    cli_free(&o);
}

/* A blkdev record and a pingpong record, both marked: the TSC samples of
 * blkdev include idle jumps (2nd and 4th), pingpong's are exact. */
static long long dv_dev[4], dv_ping[2];

static void dv_transcript(transcript_t *t, record_t *r)
{
    static const long long dev[] = { 3000, 103000, 3100, 503100 }, ping[] = { 100, 100 };

    memcpy(dv_dev, dev, sizeof(dev));
    memcpy(dv_ping, ping, sizeof(ping));
    memset(t, 0, sizeof(*t));
    memset(r, 0, 2 * sizeof(*r));
    strcpy(r[0].workload, "blkdev");
    strcpy(r[0].variant, "virtio-driver");
    r[0].params[2].set = 1; /* size */
    r[0].params[2].num = 4096;
    r[0].n = 4;
    r[0].samples = dv_dev;
    strcpy(r[1].workload, "pingpong");
    strcpy(r[1].variant, "inter-as");
    r[1].params[0].set = 1;
    r[1].n = 2;
    r[1].samples = dv_ping;
    for (int i = 0; i < 2; i++) {
        r[i].overhead = 8;
        r[i].marked = 1;
    }
    t->recs = r;
    t->n_recs = 2;
}

static char *dv_csv(const char *dir, const char *text)
{
    char *path;

    if (asprintf(&path, "%s/w.csv", dir) < 0 || tu_write(path, text) < 0)
        fail();
    return path;
}

#define DV_HEAD "window,id,insns,user,kernel,hyp,crossings,cut_blocks\n"
/* blkdev's windows count 3007, 3009, 3107, 3111 (not its TSC deltas);
 * pingpong's 107, as its samples say (108 - 1). */
#define DV_WINDOWS                                                                                 \
    DV_HEAD "0,0,3007,1000,2007,0,4,0\n1,0,3009,1000,2009,0,4,0\n2,0,3107,1100,2007,0,4,0\n"       \
            "3,0,3111,1100,2011,0,4,0\n4,0,107,40,67,0,4,0\n5,0,107,40,67,0,4,0\n"

/* Window totals replace a device record's samples; exact records keep
 * theirs; the device windows that went idle are counted. */
static void test_window_totals(void **state)
{
    char *dir = tu_tmpdir(), *path = dv_csv(dir, DV_WINDOWS), why[512];
    transcript_t t;
    record_t r[2];
    long idle;

    (void)state;
    dv_transcript(&t, r);
    assert_int_equal(profile_window_totals(&t, "uk", path, &idle, why, sizeof(why)), 0);
    /* The totals less the timer overhead (8). */
    assert_int_equal(r[0].samples[0], 2999);
    assert_int_equal(r[0].samples[1], 3001);
    assert_int_equal(r[0].samples[2], 3099);
    assert_int_equal(r[0].samples[3], 3103);
    assert_int_equal(r[1].samples[0], 100);
    assert_int_equal(r[1].samples[1], 100);
    assert_int_equal(idle, 2);
    /* A window count that does not match fails, named. */
    free(path);
    path = dv_csv(dir, DV_HEAD "0,0,3007,1000,2007,0,4,0\n");
    dv_transcript(&t, r);
    assert_int_equal(profile_window_totals(&t, "uk", path, &idle, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "the profiler closed 1 windows, the uk boot's marked records "
                                "hold 6 samples"));
    /* A device record without windows cannot be counted. */
    dv_transcript(&t, r);
    r[0].marked = 0;
    r[0].line = 12;
    assert_int_equal(profile_window_totals(&t, "uk", path, &idle, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "uk blkdev/virtio-driver (console line 12): a device "
                                "workload's record without \"window\""));
    free(path);
    tu_rm_rf(dir);
    free(dir);
}

/* The profile pass: a device row's windows are all kept in the means and
 * never compared (its TSC samples would fail the check: 100,000 idle),
 * the idle ones counted; the pingpong row is checked as before. */
static void test_profile_device_rows(void **state)
{
    char *dir = tu_tmpdir(), *path = dv_csv(dir, DV_WINDOWS), why[512], *text;
    transcript_t t;
    record_t r[2];
    profile_t p = { 0 };
    size_t len;
    FILE *f;

    (void)state;
    dv_transcript(&t, r);
    if (profile_add_boot(&p, "uk", &t, path, why, sizeof(why)) != 0)
        fail_msg("%s", why);
    assert_int_equal(p.n_rows, 2);
    assert_int_equal(p.rows[0].device, 1);
    assert_int_equal(p.rows[0].windows, 4);
    assert_int_equal(p.rows[0].idle, 2);
    assert_int_equal(p.rows[1].device, 0);
    assert_int_equal(p.rows[1].windows, 2);
    assert_int_equal(p.windows, 2);
    assert_int_equal(p.device_windows, 4);
    assert_int_equal(p.device_idle, 2);
    f = open_memstream(&text, &len);
    assert_int_equal(profile_write_csv(&p, "insns", f), 0);
    fclose(f);
    /* Mean of 3007, 3009, 3107, 3111 = 3058.5, idle ones included. */
    assert_non_null(strstr(text, "uk,blkdev,virtio-driver,,,4096,,,,insns,4,2,0,0,0,3058.50,"
                                 "1050.00,2008.50,"));
    free(text);
    profile_free(&p);
    /* The same windows for an exact record: compared, the idle ones left
     * out of the means, as always. */
    dv_transcript(&t, r);
    strcpy(r[0].workload, "blkio");
    assert_int_equal(profile_add_boot(&p, "uk", &t, path, why, sizeof(why)), 0);
    assert_int_equal(p.rows[0].device, 0);
    assert_int_equal(p.rows[0].windows, 2);
    assert_int_equal(p.rows[0].idle, 2);
    assert_int_equal(p.rows[0].skew, -1);
    assert_int_equal(p.device_windows, 0);
    profile_free(&p);
    /* ... and a window that is neither fails the pass. */
    free(path);
    path = dv_csv(dir, DV_HEAD "0,0,3007,1000,2007,0,4,0\n1,0,3009,1000,2009,0,4,0\n"
                               "2,0,3107,1100,2007,0,4,0\n3,0,3111,1100,2011,0,4,0\n"
                               "4,0,107,40,67,0,4,0\n5,0,107,40,67,0,4,0\n");
    dv_transcript(&t, r);
    strcpy(r[0].workload, "blkio");
    dv_dev[1] = 3200;
    assert_int_equal(profile_add_boot(&p, "uk", &t, path, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "uk blkio/virtio-driver/size=4096 sample 1"));
    profile_free(&p);
    free(path);
    tu_rm_rf(dir);
    free(dir);
}

/* summary.csv: a device row under tcg counted by the plugin, with the
 * spread of its per-run medians; under kvm (cycles) a blkdev row's
 * throughput, in bytes per second only when the TSC rate is known. */
static void test_summary_columns(void **state)
{
    char *root = tu_tmpdir(), err[256], *text, *path;
    long long run1[] = { 3000, 3010, 3020 }, run2[] = { 3100, 3110 };
    results_t r;
    record_t rec;

    (void)state;
    memset(&rec, 0, sizeof(rec));
    strcpy(rec.workload, "blkdev");
    strcpy(rec.variant, "virtio-driver");
    rec.params[2].set = 1; /* size */
    rec.params[2].num = 4096;
    rec.samples = run1;
    rec.n = 3;
    assert_int_equal(results_open(&r, root, "t", 1, "insns", err, sizeof(err)), 0);
    assert_int_equal(results_add_by(&r, "uk", &rec, 1, "plugin", err, sizeof(err)), 0);
    rec.samples = run2;
    rec.n = 2;
    assert_int_equal(results_add_by(&r, "uk", &rec, 2, "plugin", err, sizeof(err)), 0);
    assert_int_equal(results_write_summary(&r, err, sizeof(err)), 0);
    if (asprintf(&path, "%s/.tmp-t/summary.csv", root) < 0)
        fail();
    text = tu_read(path);
    assert_non_null(strstr(text, ",counted_by,runs,run_median_min,run_median_max,bytes_per_s,"
                                 "bytes_per_kcycle\n"));
    /* Run medians 3010 and 3105; no throughput in insns. */
    assert_non_null(strstr(text, "\nuk,blkdev,virtio-driver,,,4096,,,,insns,5,3000,3020,3048.00,"
                                 "3002,3108,52.63,,,,,plugin,2,3010,3105,,\n"));
    free(text);
    results_close(&r);
    /* kvm: 4096 bytes per mean 2048 cycles = 2000 bytes per 1000 cycles,
     * and at 2 GHz 4 GB/s. */
    long long kvm[] = { 2000, 2096 };
    rec.samples = kvm;
    rec.n = 2;
    assert_int_equal(results_open(&r, root, "k", 1, "cycles", err, sizeof(err)), 0);
    assert_int_equal(results_add(&r, "uk", &rec, 1, err, sizeof(err)), 0);
    strcpy(rec.workload, "blkio"); /* exact: no throughput */
    assert_int_equal(results_add(&r, "uk", &rec, 1, err, sizeof(err)), 0);
    FILE *f;
    size_t len;
    f = open_memstream(&text, &len);
    assert_int_equal(results_summary_csv(&r, f), 0);
    fclose(f);
    assert_non_null(strstr(text, ",tsc,1,2048,2048,,2000.00\n"));
    assert_non_null(strstr(text, "\nuk,blkio,virtio-driver,,,4096,,,,cycles,2,2000,2048,2048.00,"
                                 "2004.80,2091.20,67.88,,,,,tsc,1,2048,2048,,\n"));
    free(text);
    r.tsc_hz = 2e9;
    f = open_memstream(&text, &len);
    assert_int_equal(results_summary_csv(&r, f), 0);
    fclose(f);
    assert_non_null(strstr(text, ",tsc,1,2048,2048,4000000000,2000.00\n"));
    free(text);
    results_close(&r);
    free(path);
    tu_rm_rf(root);
    free(root);
}

/* The TSC rate for bytes per second: only from a host whose TSC is
 * constant, and then a plausible rate (100 MHz .. 10 GHz), to the kHz. */
static void test_tsc_rate(void **state)
{
    char *dir = tu_tmpdir(), *yes, *no, source[256];
    double hz;

    (void)state;
    if (asprintf(&yes, "%s/yes", dir) < 0 || asprintf(&no, "%s/no", dir) < 0)
        fail();
    tu_write(yes, "processor\t: 0\nflags\t\t: fpu tsc constant_tsc nonstop_tsc\n");
    tu_write(no, "processor\t: 0\nflags\t\t: fpu tsc constant_tsc_not\n");
    assert_true(tscfreq_constant(yes));
    assert_false(tscfreq_constant(no));
    assert_false(tscfreq_constant("/nonexistent"));
    hz = tscfreq_host(source, sizeof(source));
    if (tscfreq_constant("/proc/cpuinfo")) {
        assert_true(hz > 1e8 && hz < 1e10);
        assert_true(hz / 1000.0 == (double)(long long)(hz / 1000.0));
        assert_non_null(strstr(source, "CLOCK_MONOTONIC_RAW"));
    } else {
        assert_true(hz == 0);
        assert_non_null(strstr(source, "unknown"));
    }
    free(yes);
    free(no);
    tu_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_argv_disk),
        cmocka_unit_test(test_disk_file),
        cmocka_unit_test(test_boot_plan),
        cmocka_unit_test(test_window_totals),
        cmocka_unit_test(test_profile_device_rows),
        cmocka_unit_test(test_summary_columns),
        cmocka_unit_test(test_tsc_rate),
    };
    return cmocka_run_group_tests_name("device", tests, NULL, NULL);
}
