/* SPDX-License-Identifier: MIT */
/*
 * bench-run end to end against tests/data/fake-qemu.sh, which plays a
 * guest: success, panic, hang, timeout, no records, triple fault, a
 * malformed record, an interrupt, forced KVM on an emulating host, a
 * missing QEMU, and --keep-going past a failing system.
 * Each test gets its own build root (empty stand-in images) and results
 * directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "qemu_flags.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TEST_BENCH_RUN
#error "TEST_BENCH_RUN must be defined by the Makefile"
#endif

#define FAKE_QEMU TEST_DATA_DIR "/fake-qemu.sh"

typedef struct {
    char *dir;
    char build[PATH_MAX];
    char results[PATH_MAX];
    char calib[PATH_MAX];
} e2e_t;

static int e2e_setup(void **state)
{
    e2e_t *e = calloc(1, sizeof(*e));
    char path[PATH_MAX + 32];

    e->dir = tu_tmpdir();
    snprintf(e->build, sizeof(e->build), "%s/build", e->dir);
    snprintf(e->results, sizeof(e->results), "%s/results", e->dir);
    snprintf(e->calib, sizeof(e->calib), "%s/calib.bin", e->dir);
    snprintf(path, sizeof(path), "%s/ukernel", e->build);
    mkdir(e->build, 0755);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/ukernel/ukernel.bin", e->build);
    tu_write(path, "fake");
    snprintf(path, sizeof(path), "%s/ukernel/ukernel-nofp.bin", e->build);
    tu_write(path, "fake");
    /* The plugin a device boot loads (the fake QEMU only reads out=). */
    snprintf(path, sizeof(path), "%s/profiler", e->build);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/profiler/libwlprof.so", e->build);
    tu_write(path, "fake");
    tu_write(e->calib, "fake");
    *state = e;
    return 0;
}

static int e2e_teardown(void **state)
{
    e2e_t *e = *state;

    tu_rm_rf(e->dir);
    free(e->dir);
    free(e);
    return 0;
}

/* bench-run with the fake QEMU and this test's directories, then extra. */
static void e2e_run(e2e_t *e, const char *scenario, char *const extra[], int kill_ms,
                    tu_result_t *res)
{
    char *argv[32], env_s[64];
    char *env[] = { env_s, NULL };
    int n = 0;

    snprintf(env_s, sizeof(env_s), "FAKE_QEMU_SCENARIO=%s", scenario);
    argv[n++] = TEST_BENCH_RUN;
    argv[n++] = "--qemu";
    argv[n++] = FAKE_QEMU;
    argv[n++] = "--build";
    argv[n++] = e->build;
    argv[n++] = "--results";
    argv[n++] = e->results;
    argv[n++] = "--calib";
    argv[n++] = e->calib;
    /* The fake QEMU imitates multiboot guests only: leave Xen out unless
     * a test names its systems itself. */
    int named = 0;
    for (size_t i = 0; extra && extra[i]; i++)
        named |= strcmp(extra[i], "--systems") == 0;
    if (!named) {
        argv[n++] = "--systems";
        argv[n++] = "uk,uk-nofp";
    }
    /* The transcript's records hold 10 samples each of ping-pong: ask for
     * that workload and 10. */
    argv[n++] = "--workloads";
    argv[n++] = "pingpong";
    argv[n++] = "--iterations";
    argv[n++] = "10";
    for (size_t i = 0; extra && extra[i]; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    tu_run(argv, env, kill_ms, SIGTERM, res);
}

/* Names in the results directory starting with prefix. */
static int e2e_count(const e2e_t *e, const char *prefix)
{
    DIR *d = opendir(e->results);
    struct dirent *de;
    int n = 0;

    if (!d)
        return 0;
    while ((de = readdir(d)))
        n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

/* Names in dir (under the results) starting with prefix. */
static int e2e_count_in(const e2e_t *e, const char *dir, const char *prefix)
{
    char path[PATH_MAX + 64];
    DIR *d;
    struct dirent *de;
    int n = 0;

    snprintf(path, sizeof(path), "%s/%s", e->results, dir);
    d = opendir(path);
    if (!d)
        return -1;
    while ((de = readdir(d)))
        n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

static void e2e_expect_fail(const tu_result_t *r, int status, const char *reason)
{
    if (r->status != status || !strstr(r->err, reason))
        fail_msg("status %d (want %d), stderr:\n%s", r->status, status, r->err);
}

static void test_success(void **state)
{
    e2e_t *e = *state;
    char *extra[] = { "--mode", "tcg", "--runs", "2", "--run-id", "ok", NULL };
    char path[PATH_MAX + 32], *text;
    tu_result_t r;

    e2e_run(e, "ok", extra, 0, &r);
    if (r.status != 0)
        fail_msg("status %d, stderr:\n%s", r.status, r.err);
    assert_non_null(strstr(r.err, "[bench] uk: boot 2/2"));
    assert_non_null(strstr(r.err, "[bench] uk-nofp: 6 records"));
    assert_non_null(strstr(r.out, "median"));
    assert_non_null(strstr(r.out, "uk-nofp  pingpong  payload"));
    snprintf(path, sizeof(path), "%s/latest/summary.csv", e->results);
    assert_int_equal(tu_count_lines(path), 1 + 12);
    text = tu_read(path);
    assert_non_null(strstr(text, "uk,pingpong,inter-as,0,,,,,,insns,20,809,"
                                 "814.50,814.50,809,820,3.87,,,,,tsc,2,814.50,814.50,,\n"));
    free(text);
    snprintf(path, sizeof(path), "%s/ok/samples.csv", e->results);
    assert_int_equal(tu_count_lines(path), 1 + 2 * 2 * 6 * 10);
    for (int run = 1; run <= 2; run++) {
        snprintf(path, sizeof(path), "%s/ok/console-uk-nofp-%d.log", e->results, run);
        assert_int_equal(access(path, R_OK), 0);
    }
    snprintf(path, sizeof(path), "%s/ok/meta.json", e->results);
    text = tu_read(path);
    assert_non_null(strstr(text, "\"status\": \"complete\""));
    assert_non_null(strstr(text, "\"unit\": \"insns\""));
    assert_non_null(strstr(text, "\"file:console-uk-1.log\""));
    assert_non_null(strstr(text, "QEMU emulator version 0.0.0 (fake)"));
    free(text);
    assert_int_equal(e2e_count(e, ".tmp-"), 0);
    tu_result_free(&r);

    /* The same run id again is refused, and nothing is overwritten. */
    e2e_run(e, "ok", extra, 0, &r);
    e2e_expect_fail(&r, 3, "already exists");
    tu_result_free(&r);
}

typedef struct {
    const char *scenario;
    const char *reason;
} e2e_fail_t;

static const e2e_fail_t e2e_fails[] = {
    { "panic", "uk boot 1/1: guest panic: page fault at 0xdead" },
    { "panic-hang", "guest panic: kernel stack overflow" },
    { "hang", "timeout after 1 s" },
    { "norecords", "no records" },
    { "triple", "qemu exited with status 0" },
    { "bad", "malformed record at line 14: \"n\" is 11 but" },
    { "nodone", "records count mismatch" },
};

static void test_failure(void **state)
{
    e2e_t *e = *state;
    const e2e_fail_t *f = e2e_fails;
    char *extra[] = { "--mode", "tcg", "--timeout", "1", NULL };
    tu_result_t r;

    for (; f < e2e_fails + sizeof(e2e_fails) / sizeof(e2e_fails[0]); f++) {
        e2e_run(e, f->scenario, extra, 0, &r);
        e2e_expect_fail(&r, 1, f->reason);
        /* The console tail comes with the reason. */
        if (strcmp(f->scenario, "panic") == 0)
            assert_non_null(strstr(r.err, "  | Booting from ROM"));
        tu_result_free(&r);
    }
    assert_int_equal(e2e_count(e, ".tmp-"), (int)(sizeof(e2e_fails) / sizeof(e2e_fails[0])));
    assert_int_equal(e2e_count(e, "latest"), 0);
}

static void test_interrupt(void **state)
{
    e2e_t *e = *state;
    char *extra[] = { "--mode", "tcg", "--run-id", "cut", NULL };
    char path[PATH_MAX + 32], *meta;
    tu_result_t r;

    e2e_run(e, "hang", extra, 500, &r);
    e2e_expect_fail(&r, 128 + SIGTERM, "interrupted by signal 15");
    assert_int_equal(e2e_count(e, ".tmp-cut"), 1);
    /* The boot's disk file is gone with it. */
    assert_int_equal(e2e_count_in(e, ".tmp-cut", "console-uk-1"), 1);
    assert_int_equal(e2e_count_in(e, ".tmp-cut", "disk-"), 0);
    assert_int_equal(e2e_count(e, "cut"), 0);
    snprintf(path, sizeof(path), "%s/.tmp-cut/meta.json", e->results);
    meta = tu_read(path);
    assert_non_null(meta);
    assert_non_null(strstr(meta, "\"status\": \"interrupted\""));
    free(meta);
    tu_result_free(&r);
}

static void test_forced_kvm_rejected(void **state)
{
    e2e_t *e = *state;
    char *extra[] = { "--mode", "kvm", NULL };
    char *env[] = { "FAKE_QEMU_CALIB=slow", NULL };
    tu_result_t r;

    putenv(env[0]);
    e2e_run(e, "ok", extra, 0, &r);
    unsetenv("FAKE_QEMU_CALIB");
    /* Without a usable /dev/kvm the reason differs; the status not. */
    e2e_expect_fail(&r, 3, "--mode kvm: kvm");
    if (access("/dev/kvm", R_OK | W_OK) == 0)
        assert_non_null(strstr(r.err, "4520 cycles/iteration"));
    assert_int_equal(e2e_count(e, ".tmp-"), 0);
    tu_result_free(&r);
}

static void test_auto_accepts_fast_kvm(void **state)
{
    e2e_t *e = *state;
    char *extra[] = { "--systems", "uk", NULL };
    tu_result_t r;

    if (access("/dev/kvm", R_OK | W_OK) != 0)
        skip();
    e2e_run(e, "ok", extra, 0, &r);
    if (r.status != 0)
        fail_msg("status %d, stderr:\n%s", r.status, r.err);
    assert_non_null(strstr(r.err, "mode: kvm, unit: cycles (kvm "
                                  "accepted: calibration loop cost 1.20"));
    /* The guest was told the unit, and its records carry it. */
    assert_non_null(strstr(r.out, "  cycles  "));
    tu_result_free(&r);
}

static void test_environment_errors(void **state)
{
    e2e_t *e = *state;
    char *bad_build[] = { "--build", "/nonexistent", NULL };
    char *bad_qemu[] = { "--mode", "tcg", "--qemu", "/nonexistent/qemu", NULL };
    char *qemu_off_path[] = { "--mode", "tcg", "--qemu", "no-such-qemu-here", NULL };
    char *bad_arg[] = { "--systems", "uk,nope", NULL };
    tu_result_t r;

    e2e_run(e, "ok", bad_build, 0, &r);
    e2e_expect_fail(&r, 3, "image not found: /nonexistent/ukernel/");
    tu_result_free(&r);
    /* A missing QEMU is found before anything is created. */
    e2e_run(e, "ok", bad_qemu, 0, &r);
    e2e_expect_fail(&r, 3, "QEMU not found: /nonexistent/qemu: No such file or directory");
    tu_result_free(&r);
    e2e_run(e, "ok", qemu_off_path, 0, &r);
    e2e_expect_fail(&r, 3, "QEMU not found: no no-such-qemu-here on PATH");
    tu_result_free(&r);
    assert_int_equal(access(e->results, F_OK), -1);
    e2e_run(e, "ok", bad_arg, 0, &r);
    e2e_expect_fail(&r, 2,
                    "bad arguments: --systems: unknown system "
                    "'nope' (known: uk, uk-nofp, xen, linux, linux-pv)");
    tu_result_free(&r);
}

/* --keep-going: uk-nofp panics, uk's results are still written. */
static void test_keep_going(void **state)
{
    e2e_t *e = *state;
    char *extra[] = { "--mode", "tcg", "--runs", "2", "--keep-going", "--run-id", "kg", NULL };
    char *stop[] = { "--mode", "tcg", "--run-id", "stop", NULL };
    char path[PATH_MAX + 32], *text;
    tu_result_t r;

    e2e_run(e, "fail-system:uk-nofp", extra, 0, &r);
    e2e_expect_fail(&r, 4, "uk-nofp boot 1/2: guest panic: page fault at 0xdead");
    assert_non_null(strstr(r.err, "partial run: uk-nofp failed and is missing"));
    /* The failed system's second boot is skipped; uk boots twice. */
    assert_non_null(strstr(r.err, "[bench] uk: boot 2/2"));
    assert_null(strstr(r.err, "[bench] uk-nofp: boot 2/2"));
    snprintf(path, sizeof(path), "%s/latest/summary.csv", e->results);
    text = tu_read(path);
    assert_non_null(text);
    assert_non_null(strstr(text, "\nuk,pingpong,inter-as,0,,,,,,insns,20,"));
    assert_null(strstr(text, "uk-nofp"));
    free(text);
    snprintf(path, sizeof(path), "%s/kg/samples.csv", e->results);
    assert_int_equal(tu_count_lines(path), 1 + 2 * 6 * 10);
    text = tu_read(path);
    assert_null(strstr(text, "uk-nofp"));
    free(text);
    snprintf(path, sizeof(path), "%s/kg/meta.json", e->results);
    text = tu_read(path);
    assert_non_null(strstr(text, "\"status\": \"partial\""));
    assert_non_null(strstr(text, "\"system\": \"uk-nofp\""));
    assert_non_null(strstr(text, "\"reason\": \"guest panic: page fault at 0xdead"));
    free(text);
    assert_int_equal(e2e_count(e, ".tmp-"), 0);
    tu_result_free(&r);

    /* Without it, the first failure ends the run, which stays .tmp-. */
    e2e_run(e, "fail-system:uk-nofp", stop, 0, &r);
    e2e_expect_fail(&r, 1, "uk-nofp boot 1/1: guest panic");
    assert_int_equal(e2e_count(e, ".tmp-stop"), 1);
    tu_result_free(&r);
}

/* --keep-going with every system failing is a failed run, not a partial one. */
static void test_keep_going_all_fail(void **state)
{
    e2e_t *e = *state;
    char *extra[] = { "--mode", "tcg", "--keep-going", "--run-id", "none", NULL };
    char path[PATH_MAX + 32], *text;
    tu_result_t r;

    e2e_run(e, "panic", extra, 0, &r);
    e2e_expect_fail(&r, 1, "every system: failed");
    assert_int_equal(e2e_count(e, ".tmp-none"), 1);
    assert_int_equal(e2e_count(e, "latest"), 0);
    snprintf(path, sizeof(path), "%s/.tmp-none/meta.json", e->results);
    text = tu_read(path);
    assert_non_null(strstr(text, "\"status\": \"failed\""));
    free(text);
    tu_result_free(&r);
}

/*
 * Every boot gets the virtio disk (disk.h): a fresh 16 MiB file that the
 * boot sees, named in its argv with the machine, gone after the run; on a
 * file system without O_DIRECT (tmpfs: /dev/shm) the fallback options,
 * said once.
 */
static void e2e_disk_run(e2e_t *e, const char *id, int direct)
{
    char *extra[] = { "--mode", "tcg", "--runs", "2", "--run-id", (char *)id, NULL };
    char argv_f[PATH_MAX + 32], disk_f[PATH_MAX + 32], path[PATH_MAX + 64], *text, *want;
    const char *drive = direct ? QEMU_DISK_DRIVE : QEMU_DISK_DRIVE_NODIRECT;
    tu_result_t r;

    snprintf(argv_f, sizeof(argv_f), "%s/argv-%s.txt", e->dir, id);
    snprintf(disk_f, sizeof(disk_f), "%s/disk-%s.txt", e->dir, id);
    setenv("FAKE_QEMU_ARGV", argv_f, 1);
    setenv("FAKE_QEMU_DISK", disk_f, 1);
    e2e_run(e, "ok", extra, 0, &r);
    unsetenv("FAKE_QEMU_ARGV");
    unsetenv("FAKE_QEMU_DISK");
    if (r.status != 0)
        fail_msg("status %d, stderr:\n%s", r.status, r.err);
    /* Four boots, each saw its own file of QEMU_DISK_MIB MiB. */
    text = tu_read(disk_f);
    assert_non_null(text);
    assert_string_equal(text, "disk-uk-1.img 16777216\ndisk-uk-nofp-1.img 16777216\n"
                              "disk-uk-2.img 16777216\ndisk-uk-nofp-2.img 16777216\n");
    free(text);
    assert_string_equal(QEMU_DISK_MIB, "16");
    text = tu_read(argv_f);
    if (asprintf(&want, "-device\nisa-debug-exit,iobase=0xf4,iosize=0x04\n-rtc\n"
                        "base=2024-01-01T00:00:00,clock=vm\n-drive\nfile=disk-uk-2.img,%s\n"
                        "-device\n%s\n-serial\n", drive, QEMU_DISK_DEVICE) < 0)
        fail();
    assert_non_null(strstr(text, want));
    free(want);
    free(text);
    assert_int_equal(e2e_count_in(e, id, "disk-"), 0);
    snprintf(path, sizeof(path), "%s/%s/meta.json", e->results, id);
    text = tu_read(path);
    assert_non_null(strstr(text, direct ? "\"o_direct\": true" : "\"o_direct\": false"));
    if (asprintf(&want, "\"drive\": \"%s\"", drive) < 0)
        fail();
    assert_non_null(strstr(text, want));
    assert_non_null(strstr(text, "\"device\": \"" QEMU_DISK_DEVICE "\""));
    assert_non_null(strstr(text, "\"mib\": 16"));
    free(want);
    free(text);
    /* The fallback is said once, not per boot. */
    text = strstr(r.err, "refuses O_DIRECT");
    if (direct)
        assert_null(text);
    else
        assert_true(text && !strstr(text + 1, "refuses O_DIRECT"));
    tu_result_free(&r);
}

static void test_disk(void **state)
{
    e2e_disk_run(*state, "disk", 1);
}

static void test_disk_no_direct(void **state)
{
    e2e_t *e = *state;
    char *dir = tu_nodirect_dir();

    if (!dir)
        skip();
    snprintf(e->results, sizeof(e->results), "%s/results", dir);
    e2e_disk_run(e, "nodirect", 0);
    tu_nodirect_free(dir);
}

/*
 * A device workload under tcg (plan.h): no timing boot (blkdev alone), a
 * device boot per run under the plugin, wl=blkdev only; its rows are the
 * plugin's window totals (the fake's 4000..4007) less the timer overhead
 * (6), counted_by plugin, and
 * the windows that went idle are counted.
 */
static void test_device_boot(void **state)
{
    e2e_t *e = *state;
    char *extra[] = { "--mode", "tcg", "--runs", "2", "--run-id", "dev", "--workloads", "blkdev",
                      "--iterations", "8", NULL };
    char path[PATH_MAX + 64], *text;
    tu_result_t r;

    e2e_run(e, "ok", extra, 0, &r);
    if (r.status != 0)
        fail_msg("status %d, stderr:\n%s", r.status, r.err);
    assert_null(strstr(r.err, "[bench] uk: boot 1/2"));
    assert_non_null(strstr(r.err, "[bench] uk: device boot 2/2 under the profiler"));
    assert_non_null(strstr(r.err, "[bench] uk: 1 records counted by the profiler (4 windows "
                                  "went idle)"));
    snprintf(path, sizeof(path), "%s/dev/summary.csv", e->results);
    text = tu_read(path);
    assert_non_null(text);
    assert_non_null(strstr(text, "\nuk,blkdev,virtio-driver,,,4096,seq,read,1,insns,16,3994,"
                                 "3997.50,3997.50,3994,4001,2.37,,,,,plugin,2,3997.50,3997.50,,\n"));
    free(text);
    snprintf(path, sizeof(path), "%s/dev/samples.csv", e->results);
    text = tu_read(path);
    assert_non_null(strstr(text, "\nuk,blkdev,virtio-driver,,,4096,seq,read,1,insns,2,7,4001\n"));
    free(text);
    snprintf(path, sizeof(path), "%s/dev/console-uk-nofp-2-device.log", e->results);
    assert_int_equal(access(path, R_OK), 0);
    snprintf(path, sizeof(path), "%s/dev/windows-uk-1-device.csv", e->results);
    assert_int_equal(access(path, R_OK), 0);
    snprintf(path, sizeof(path), "%s/dev/meta.json", e->results);
    text = tu_read(path);
    assert_non_null(strstr(text, "\"kind\": \"device\""));
    assert_non_null(strstr(text, "\"idle_windows\": 4"));
    assert_non_null(strstr(text, "\"blkdev\": \"plugin\""));
    assert_non_null(strstr(text, "bench system=uk unit=insns wl=blkdev:8:10"));
    assert_null(strstr(text, "\"kind\": \"timing\""));
    free(text);
    assert_int_equal(e2e_count_in(e, "dev", "disk-"), 0);
    tu_result_free(&r);

    /* --profile: each profile boot's device row keeps all 8 windows in
     * its means, compares none (skew 0) and counts the 4 idle ones. */
    char *prof[] = { "--mode", "tcg", "--run-id", "prof", "--workloads", "blkdev",
                     "--iterations", "8", "--profile", NULL };
    e2e_run(e, "ok", prof, 0, &r);
    if (r.status != 0)
        fail_msg("status %d, stderr:\n%s", r.status, r.err);
    assert_non_null(strstr(r.err, "profile: 16 windows of device workloads counted, not compared "
                                  "(8 went idle)"));
    snprintf(path, sizeof(path), "%s/prof/profile.csv", e->results);
    text = tu_read(path);
    assert_non_null(text);
    assert_non_null(strstr(text, "\nuk,blkdev,virtio-driver,,,4096,seq,read,1,insns,8,4,0,0,0,"
                                 "4003.50,1000.00,3003.50,"));
    free(text);
    assert_int_equal(e2e_count_in(e, "prof", "disk-"), 0);
    tu_result_free(&r);

    /* A device boot that fails says so, and leaves no disk behind. */
    extra[5] = "devfail";
    e2e_run(e, "panic", extra, 0, &r);
    e2e_expect_fail(&r, 1, "uk boot 1/2: device boot: guest panic: page fault at 0xdead");
    assert_int_equal(e2e_count_in(e, ".tmp-devfail", "disk-"), 0);
    assert_int_equal(e2e_count_in(e, ".tmp-devfail", "console-uk-1-device.log"), 1);
    tu_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_success, e2e_setup, e2e_teardown),
        cmocka_unit_test_setup_teardown(test_failure, e2e_setup, e2e_teardown),
        cmocka_unit_test_setup_teardown(test_keep_going, e2e_setup, e2e_teardown),
        cmocka_unit_test_setup_teardown(test_keep_going_all_fail, e2e_setup, e2e_teardown),
        cmocka_unit_test_setup_teardown(test_interrupt, e2e_setup, e2e_teardown),
        cmocka_unit_test_setup_teardown(test_forced_kvm_rejected, e2e_setup, e2e_teardown),
        cmocka_unit_test_setup_teardown(test_auto_accepts_fast_kvm, e2e_setup, e2e_teardown),
        cmocka_unit_test_setup_teardown(test_environment_errors, e2e_setup, e2e_teardown),
        cmocka_unit_test_setup_teardown(test_disk, e2e_setup, e2e_teardown),
        cmocka_unit_test_setup_teardown(test_disk_no_direct, e2e_setup, e2e_teardown),
        cmocka_unit_test_setup_teardown(test_device_boot, e2e_setup, e2e_teardown),
    };

    return cmocka_run_group_tests_name("e2e", tests, NULL, NULL);
}
