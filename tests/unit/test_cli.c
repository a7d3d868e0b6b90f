/* SPDX-License-Identifier: MIT */
/*
 * Command-line parsing and the tables behind it: defaults, every kind of
 * bad value, the warm-up rule, and the QEMU argv the contract fixes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../workloads/wl_spec.h"
#include "budget.h"
#include "cli.h"
#include "qemu.h"
#include "qemu_flags.h"
#include "record.h"
#include "run.h"

#include <stdlib.h>
#include <string.h>

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

static cli_status_t cli_try(char **argv, int argc, cli_opts_t *o, char *err, size_t len)
{
    err[0] = '\0';
    return cli_parse(argc, argv, o, err, len);
}

static void test_defaults(void **state)
{
    char *argv[] = { "bench-run", NULL }, err[256];
    cli_opts_t o;

    (void)state;
    unsetenv("BENCH_QEMU");
    unsetenv("BENCH_QEMU_EXTRA");
    assert_int_equal(cli_try(argv, ARGC(argv), &o, err, sizeof(err)), CLI_OK);
    /* Every system but the optional ones, in table order. */
    size_t n = 0;
    for (size_t i = 0; i < systems_count(); i++)
        if (!systems_at(i)->optional)
            assert_ptr_equal(o.systems[n++], systems_at(i));
    assert_int_equal(o.n_systems, n);
    assert_string_equal(o.systems[0]->name, "uk");
    /* Every workload, each with its own default iteration count. */
    assert_int_equal(o.n_workloads, wltable_count());
    assert_string_equal(o.workloads[0]->name, "pingpong");
    for (size_t i = 0; i < o.n_workloads; i++) {
        assert_ptr_equal(o.workloads[i], wltable_at(i));
        assert_int_equal(o.iterations[i], wltable_at(i)->iterations);
        assert_int_equal(o.warmup[i], wltable_at(i)->iterations / 10);
    }
    assert_int_equal(o.iterations[0], 10000);
    assert_int_equal(o.mode, MODE_AUTO);
    assert_int_equal(o.runs, 1);
    assert_int_equal(o.timeout_s, 0); /* derived (budget.h) */
    assert_false(o.keep_going);
    assert_int_equal(o.mitigations, MITIG_OFF);
    assert_string_equal(o.results_dir, "results");
    assert_string_equal(o.build_dir, "build");
    assert_string_equal(o.qemu, "qemu-system-x86_64");
    assert_null(o.run_id);
    cli_free(&o);
}

static void test_options(void **state)
{
    char *argv[] = { "bench-run",  "--systems", "uk-nofp",   "--workloads", "pingpong",  "--mode",
                     "tcg",        "--runs",    "3",         "--quick",     "--results", "r",
                     "--build",    "b",         "--timeout", "9",           "--run-id",  "ci-1",
                     "--qemu-arg", "-S",        NULL };
    char err[256];
    cli_opts_t o;

    (void)state;
    setenv("BENCH_QEMU_EXTRA", " -d  int ", 1);
    assert_int_equal(cli_try(argv, ARGC(argv), &o, err, sizeof(err)), CLI_OK);
    unsetenv("BENCH_QEMU_EXTRA");
    assert_int_equal(o.n_systems, 1);
    assert_string_equal(o.systems[0]->name, "uk-nofp");
    assert_int_equal(o.mode, MODE_TCG);
    assert_int_equal(o.runs, 3);
    assert_int_equal(o.iterations[0], wltable_find("pingpong")->quick_iterations); /* --quick */
    assert_int_equal(o.warmup[0], o.iterations[0] / 10);
    assert_int_equal(o.timeout_s, 9);
    assert_string_equal(o.run_id, "ci-1");
    assert_int_equal(o.qemu_extra.n, 3);
    assert_string_equal(o.qemu_extra.v[0], "-d");
    assert_string_equal(o.qemu_extra.v[1], "int");
    assert_string_equal(o.qemu_extra.v[2], "-S");
    cli_free(&o);
}

/* blkio's counts are multiples of 8 (a depth-8 mean over whole batches):
 * the defaults are, and another count is refused with the two nearest. */
static void test_iteration_multiple(void **state)
{
    char *bad[] = { "bench-run", "--iterations", "100", NULL };
    char *other[] = { "bench-run", "--iterations", "100", "--workloads", "pingpong,pageflip", NULL };
    char *good[] = { "bench-run", "--iterations", "104", NULL };
    char *tiny[] = { "bench-run", "--iterations", "3", "--workloads", "blkio", NULL };
    char err[256];
    cli_opts_t o;

    (void)state;
    for (size_t i = 0; i < wltable_count(); i++) {
        const wltable_entry_t *w = wltable_at(i);
        assert_true(w->iter_multiple >= 1);
        assert_int_equal(w->iterations % w->iter_multiple, 0);
        assert_int_equal(w->quick_iterations % w->iter_multiple, 0);
    }
    assert_int_equal(cli_try(bad, ARGC(bad), &o, err, sizeof(err)), CLI_ERROR);
    assert_non_null(strstr(err, "blkio needs a multiple of 8 (use 96 or 104"));
    assert_int_equal(cli_try(other, ARGC(other), &o, err, sizeof(err)), CLI_OK);
    cli_free(&o);
    assert_int_equal(cli_try(good, ARGC(good), &o, err, sizeof(err)), CLI_OK);
    cli_free(&o);
    assert_int_equal(cli_try(tiny, ARGC(tiny), &o, err, sizeof(err)), CLI_ERROR);
    assert_non_null(strstr(err, "blkio needs a multiple of 8 (use 8, or leave blkio out"));
}

static void test_warmup_rule(void **state)
{
    char *a1[] = { "bench-run", "-n", "48", "--quick", NULL };
    char *a2[] = { "bench-run", "--iterations=100000", NULL };
    char err[256];
    cli_opts_t o;

    (void)state;
    assert_int_equal(cli_try(a1, ARGC(a1), &o, err, sizeof(err)), CLI_OK);
    for (size_t i = 0; i < o.n_workloads; i++) {
        assert_int_equal(o.iterations[i], 48); /* explicit beats --quick, for all */
        assert_int_equal(o.warmup[i], 10);     /* at least 10 */
    }
    cli_free(&o);
    assert_int_equal(cli_try(a2, ARGC(a2), &o, err, sizeof(err)), CLI_OK);
    assert_int_equal(o.warmup[0], 10000);
    cli_free(&o);
}

typedef struct {
    const char *a;
    const char *b;
    const char *why;
} cli_bad_t;

static const cli_bad_t cli_bad[] = {
    { "--profile-hot", "10", "not FIRST-LAST[:MIN]" },
    { "--profile-hot", "-5", "not FIRST-LAST[:MIN]" },
    { "--profile-hot", "1:5-9", "not FIRST-LAST[:MIN]" },
    { "--profile-hot", "1-9:x", "not a positive integer" },
    { "--profile-hot", "5-", "not a positive integer" },
    { "--profile-hot", "x-5", "not a positive integer" },
    { "--profile-hot", "9-3", "ends before it starts" },
    { "--systems", "uk,nope", "unknown system 'nope' (known: uk, uk-nofp, xen, linux, linux-pv)" },
    { "--systems", "uk,,uk-nofp", "empty name" },
    { "--systems", "uk,uk", "'uk' listed twice" },
    { "--workloads", "pingpong,nope", "unknown workload 'nope'" },
    { "--iterations", "0", "out of range" },
    { "--iterations", "100001", "out of range" },
    { "--iterations", "-5", "not a positive integer" },
    { "--iterations", "abc", "not a positive integer" },
    { "--iterations", "12x", "not a positive integer" },
    { "--iterations", "", "not a positive integer" },
    { "--iterations", " 7", "not a positive integer" },
    { "--iterations", "99999999999999999999999", "out of range" },
    { "--runs", "0", "out of range" },
    { "--timeout", "0x10", "not a positive integer" },
    { "--mode", "fast", "not auto, kvm or tcg" },
    { "--mitigations", "on", "--mitigations: 'on' is not off or default" },
    { "--mitigations", "", "--mitigations: '' is not off or default" },
    { "--mitigations", NULL, "option '--mitigations' needs a value" },
    { "--run-id", "../x", "not a valid run id" },
    { "--run-id", "latest", "not a valid run id" },
    { "--run-id", ".hidden", "not a valid run id" },
    { "--results", "", "empty path" },
    { "--nonsense", NULL, "unknown option '--nonsense'" },
    { "stray", NULL, "unexpected argument 'stray'" },
    { "--timeout", NULL, "needs a value" },
};

static void test_bad_arguments(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cli_bad) / sizeof(cli_bad[0]); i++) {
        char *argv[] = { "bench-run", (char *)cli_bad[i].a, (char *)cli_bad[i].b, NULL };
        char err[256];
        cli_opts_t o;
        cli_status_t st;

        st = cli_try(argv, cli_bad[i].b ? 3 : 2, &o, err, sizeof(err));
        if (st != CLI_ERROR || !strstr(err, cli_bad[i].why))
            fail_msg("%s %s: status %d, '%s'", cli_bad[i].a, cli_bad[i].b ? cli_bad[i].b : "", st,
                     err);
        cli_free(&o);
    }
}

static void test_help(void **state)
{
    char *argv[] = { "bench-run", "--iterations", "0", "--help", NULL };
    char *argv2[] = { "bench-run", "-h", NULL };
    char err[256];
    cli_opts_t o;

    (void)state;
    /* Arguments are checked in order: the bad value comes first. */
    assert_int_equal(cli_try(argv, ARGC(argv), &o, err, sizeof(err)), CLI_ERROR);
    cli_free(&o);
    assert_int_equal(cli_try(argv2, ARGC(argv2), &o, err, sizeof(err)), CLI_HELP);
    cli_free(&o);
}

static void test_system_table(void **state)
{
    (void)state;
    assert_true(systems_count() >= 2);
    for (size_t i = 0; i < systems_count(); i++) {
        const system_t *s = systems_at(i);
        assert_int_equal(record_name_ok(s->name), 0);
        assert_int_equal(record_name_ok(s->record_system), 0);
        assert_ptr_equal(systems_find(s->name), s);
        assert_non_null(s->image);
        if (s->boot == SYSTEM_BOOT_XEN) {
            assert_non_null(s->dom0_kernel);
            assert_non_null(s->dom0_initrd);
        }
        if (s->boot == SYSTEM_BOOT_LINUX)
            assert_non_null(s->initrd);
    }
    /* Xen is known and runs by default. */
    assert_non_null(systems_find("xen"));
    assert_false(systems_find("xen")->optional);
    /* So is native Linux. */
    assert_non_null(systems_find("linux"));
    assert_false(systems_find("linux")->optional);
    assert_null(systems_find("nope"));
    assert_non_null(wltable_find("pingpong"));
    assert_null(wltable_find("nope"));
}

/* The expected argv, built from the one definition of the fixed flags
 * (common/qemu/flags.sh, as qemu_flags.h): machine, serial file, the
 * mode's accelerator and CPU, then what the caller adds. */
static void expect_push(strlist_t *l, const char *const *words)
{
    for (; *words; words++)
        strlist_push(l, *words);
}

static char *expect_argv(const char *qemu, mode_kind_t mode, const char *serial, const char *rest)
{
    strlist_t l = { 0 };
    char *s;

    strlist_push(&l, qemu);
    expect_push(&l, qemu_machine_args);
    strlist_push(&l, "-serial");
    strlist_pushf(&l, "file:%s", serial);
    expect_push(&l, mode == MODE_KVM ? qemu_kvm_args : qemu_tcg_args);
    strlist_push(&l, "-cpu");
    strlist_push(&l, mode == MODE_KVM ? QEMU_KVM_CPU : QEMU_TCG_CPU);
    strlist_push(&l, rest);
    s = strlist_join(&l, " ");
    strlist_free(&l);
    return s;
}

static void test_qemu_argv(void **state)
{
    strlist_t extra = { 0 }, a = { 0 };
    qemu_cfg_t tcg = { "qemu-system-x86_64", MODE_TCG, &extra, MITIG_OFF, NULL, 0 };
    qemu_cfg_t kvm = { "q", MODE_KVM, NULL, MITIG_OFF, NULL, 0 };
    char *s, *want;

    (void)state;
    qemu_boot_t uk = { SYSTEM_BOOT_MULTIBOOT, "/b/uk.bin", "bench system=uk", NULL, NULL, NULL, NULL };
    qemu_boot_t k = { SYSTEM_BOOT_MULTIBOOT, "k", "c", NULL, NULL, NULL, NULL };

    strlist_push(&extra, "-S");
    qemu_argv(&a, &tcg, &uk, "console-uk-1.log");
    s = strlist_join(&a, " ");
    want = expect_argv("qemu-system-x86_64", MODE_TCG, "console-uk-1.log",
                       "-kernel /b/uk.bin -append bench system=uk -S");
    assert_string_equal(s, want);
    /* What the harness's verdicts and units rely on: status 1 = success
     * through isa-debug-exit at 0xf4, and icount (TSC = instructions). */
    assert_non_null(strstr(s, " -device isa-debug-exit,iobase=0xf4,iosize=0x04 "));
    assert_non_null(strstr(s, " -icount shift=0,sleep=off,align=off "));
    free(want);
    free(s);
    qemu_argv(&a, &kvm, &k, "l");
    s = strlist_join(&a, " ");
    want = expect_argv("q", MODE_KVM, "l", "-kernel k -append c");
    assert_string_equal(s, want);
    assert_null(strstr(s, "icount"));
    free(want);
    free(s);
    assert_null(a.v[a.n]); /* ready for execvp */
    strlist_free(&a);
    strlist_free(&extra);
}

/* Xen: hypervisor line on -append, dom0 kernel+line and initrd as the two
 * -initrd modules, every ',' inside a module doubled for QEMU. */
static void test_qemu_argv_xen(void **state)
{
    qemu_boot_t xen = { SYSTEM_BOOT_XEN, "/b/xen.bin",   "bench wl=a,b",
                        "/b/vm,linux",   "/b/initrd.gz", "bench.domains=1", NULL };
    qemu_cfg_t tcg = { "q", MODE_TCG, NULL, MITIG_OFF, NULL, 0 };
    strlist_t a = { 0 };
    char *s;

    (void)state;
    qemu_argv(&a, &tcg, &xen, "console-xen-1.log");
    s = strlist_join(&a, "|");
    assert_non_null(strstr(s, "|-kernel|/b/xen.bin|-append|" QEMU_XEN_CMDLINE "|-initrd|"
                              "/b/vm,,linux " QEMU_DOM0_CMDLINE " bench.domains=1 "
                              "bench.extra=\"bench wl=a,,b\",/b/initrd.gz"));
    assert_non_null(strstr(s, "|-icount|shift=0,sleep=off,align=off|"));
    free(s);
    strlist_free(&a);
}

/* Linux: the kernel, its initramfs, and its own words before the
 * benchmark's on one -append. */
static void test_qemu_argv_linux(void **state)
{
    qemu_boot_t lx = { SYSTEM_BOOT_LINUX, "/b/vmlinux", "bench wl=a,b", NULL, NULL, NULL,
                       "/b/initramfs.gz" };
    qemu_cfg_t tcg = { "q", MODE_TCG, NULL, MITIG_OFF, NULL, 0 };
    strlist_t a = { 0 };
    char *s;

    (void)state;
    qemu_argv(&a, &tcg, &lx, "console-linux-1.log");
    s = strlist_join(&a, "|");
    assert_non_null(strstr(s, "|-kernel|/b/vmlinux|-initrd|/b/initramfs.gz|-append|" QEMU_LINUX_CMDLINE
                              " bench wl=a,b"));
    assert_non_null(strstr(s, "|-icount|shift=0,sleep=off,align=off|"));
    free(s);
    strlist_free(&a);
}

static void test_guest_cmdline(void **state)
{
    char *argv[] = { "bench-run", "-n", "500", "-w", "pingpong", NULL };
    char err[256], *s;
    cli_opts_t o;

    (void)state;
    assert_int_equal(cli_try(argv, ARGC(argv), &o, err, sizeof(err)), CLI_OK);
    s = run_cmdline(&o, systems_find("uk-nofp"), "insns");
    assert_string_equal(s, "bench system=uk-nofp unit=insns wl=pingpong:500:50");
    free(s);
    /* Only a system that runs a job inside the guest gets a guest limit. */
    assert_null(run_guest_job(&o, systems_find("uk")));
    s = run_guest_job(&o, systems_find("xen"));
    assert_non_null(strstr(s, "bench.domains=2 "));
    assert_non_null(strstr(s, " bench.timeout="));
    free(s);
    cli_free(&o);
}

/* The guests' parser of that list (workloads/wl_spec.h), on the host. */
static void test_wl_spec(void **state)
{
    const struct wl_config def = { 7, 3 };
    struct wl_spec sp;
    const char *s = "pingpong:500:50,pageflip,blk-io:9";

    (void)state;
    assert_int_equal(wl_spec_next(&s, &def, &sp), 1);
    assert_string_equal(sp.name, "pingpong");
    assert_int_equal(sp.cfg.iterations, 500);
    assert_int_equal(sp.cfg.warmup, 50);
    assert_int_equal(wl_spec_next(&s, &def, &sp), 1);
    assert_string_equal(sp.name, "pageflip");
    assert_int_equal(sp.cfg.iterations, 7); /* the port's defaults */
    assert_int_equal(sp.cfg.warmup, 3);
    assert_int_equal(wl_spec_next(&s, &def, &sp), 1);
    assert_string_equal(sp.name, "blk-io");
    assert_int_equal(sp.cfg.iterations, 9);
    assert_int_equal(sp.cfg.warmup, 3);
    assert_int_equal(wl_spec_next(&s, &def, &sp), 0);
    static const char *const bad[] = {
        "",          ",a",          "a,",           "a:",        "a:0",     "a:100001",
        "a:1:",      "a:1:100001",  "a:1:2:3",      "A",         "a b",     "a:x",
        "a:-1",      "a::1",        "a:99999999999", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *p = bad[i];
        int rc = wl_spec_next(&p, &def, &sp);
        while (rc > 0)
            rc = wl_spec_next(&p, &def, &sp);
        if (bad[i][0] == '\0' ? rc != 0 : rc != -1)
            fail_msg("'%s' parsed as %d", bad[i], rc);
    }
}

/* Time limits grow with the work asked for; --timeout replaces them. */
static void test_budget(void **state)
{
    char *small[] = { "bench-run", "-n", "104", NULL };
    char *big[] = { "bench-run", "-n", "100000", NULL };
    char *fixed[] = { "bench-run", "-n", "100000", "-t", "77", NULL };
    char err[256];
    cli_opts_t o;
    long uk_small, uk_big, xen_small, guest_small, guest_big;

    (void)state;
    assert_int_equal(cli_try(small, ARGC(small), &o, err, sizeof(err)), CLI_OK);
    uk_small = budget_boot_timeout(&o, systems_find("uk"));
    xen_small = budget_boot_timeout(&o, systems_find("xen"));
    guest_small = budget_guest_timeout(&o);
    cli_free(&o);
    assert_int_equal(cli_try(big, ARGC(big), &o, err, sizeof(err)), CLI_OK);
    uk_big = budget_boot_timeout(&o, systems_find("uk"));
    guest_big = budget_guest_timeout(&o);
    /* 110,000 iterations of the costliest ping-pong index, at the slowest
     * host rate the budget assumes, must fit. */
    assert_true(uk_big >= 110000LL * wltable_find("pingpong")->max_insns_per_iter /
                             BUDGET_MIN_HOST_RATE);
    cli_free(&o);
    assert_true(uk_small >= systems_find("uk")->boot_budget_s);
    assert_true(xen_small > uk_small);
    assert_true(uk_big > uk_small);
    assert_true(guest_small >= BUDGET_GUEST_BASE_S);
    assert_true(guest_big > guest_small);
    assert_int_equal(cli_try(fixed, ARGC(fixed), &o, err, sizeof(err)), CLI_OK);
    assert_int_equal(budget_boot_timeout(&o, systems_find("xen")), 77);
    cli_free(&o);
}

static void test_keep_going(void **state)
{
    char *a1[] = { "bench-run", "--keep-going", NULL };
    char *a2[] = { "bench-run", "-k", NULL };
    char err[256];
    cli_opts_t o;

    (void)state;
    assert_int_equal(cli_try(a1, ARGC(a1), &o, err, sizeof(err)), CLI_OK);
    assert_true(o.keep_going);
    cli_free(&o);
    assert_int_equal(cli_try(a2, ARGC(a2), &o, err, sizeof(err)), CLI_OK);
    assert_true(o.keep_going);
    cli_free(&o);
}

static void test_profile_hot(void **state)
{
    char *a[] = { "bench-run", "--profile-hot", "100-199", NULL };
    char err[256];
    cli_opts_t o;

    (void)state;
    assert_int_equal(cli_try(a, ARGC(a), &o, err, sizeof(err)), CLI_OK);
    assert_true(o.hot && o.profile);
    assert_int_equal(o.hot_first, 100);
    assert_int_equal(o.hot_last, 199);
    assert_int_equal(o.hot_min, 0);
    cli_free(&o);
    a[2] = "0-99999:100000";
    assert_int_equal(cli_try(a, ARGC(a), &o, err, sizeof(err)), CLI_OK);
    assert_int_equal(o.hot_last, 99999);
    assert_int_equal(o.hot_min, 100000);
    cli_free(&o);
}

/* --profile-only: tcg whatever auto would pick; kvm or --runs 2 refused. */
static void test_profile_only(void **state)
{
    char *a1[] = { "bench-run", "--profile-only", NULL };
    char *a2[] = { "bench-run", "--mode", "kvm", "--profile-only", NULL };
    char *a3[] = { "bench-run", "--profile-only", "--runs", "2", NULL };
    char err[256];
    cli_opts_t o;

    (void)state;
    assert_int_equal(cli_try(a1, ARGC(a1), &o, err, sizeof(err)), CLI_OK);
    assert_true(o.profile && o.profile_only && o.mode == MODE_TCG);
    cli_free(&o);
    assert_int_equal(cli_try(a2, ARGC(a2), &o, err, sizeof(err)), CLI_ERROR);
    assert_non_null(strstr(err, "sees nothing under KVM"));
    cli_free(&o);
    assert_int_equal(cli_try(a3, ARGC(a3), &o, err, sizeof(err)), CLI_ERROR);
    assert_non_null(strstr(err, "boots each system once"));
    cli_free(&o);
}

static void test_mitigations_option(void **state)
{
    char *a1[] = { "bench-run", "--mitigations", "default", NULL };
    char *a2[] = { "bench-run", "--mitigations=off", NULL };
    char err[256];
    cli_opts_t o;

    (void)state;
    assert_int_equal(cli_try(a1, ARGC(a1), &o, err, sizeof(err)), CLI_OK);
    assert_int_equal(o.mitigations, MITIG_DEFAULT);
    cli_free(&o);
    assert_int_equal(cli_try(a2, ARGC(a2), &o, err, sizeof(err)), CLI_OK);
    assert_int_equal(o.mitigations, MITIG_OFF);
    cli_free(&o);
}

/* Words of s (a '|'-joined argv) that turn a kernel's mitigations off. */
static int off_words_in(const char *s)
{
    int n = 0;

    for (const char *const *w = qemu_mitigations_off; *w; w++)
        for (const char *p = strstr(s, *w); p; p = strstr(p + 1, *w))
            n++;
    return n;
}

/* By default every kernel's own line turns its mitigations off; with
 * "default" those words are gone from Xen's, dom0's and Linux's lines,
 * and nothing else changes (the benchmark's words least of all). */
static void test_qemu_argv_mitigations(void **state)
{
    qemu_boot_t xen = { SYSTEM_BOOT_XEN, "/b/xen.bin",   "bench mitigations=off",
                        "/b/vm",         "/b/initrd.gz", "bench.domains=1", NULL };
    qemu_boot_t lx = { SYSTEM_BOOT_LINUX, "/b/vmlinux", "bench wl=a", NULL, NULL, NULL,
                       "/b/initramfs.gz" };
    qemu_cfg_t off = { "q", MODE_TCG, NULL, MITIG_OFF, NULL, 0 };
    qemu_cfg_t def = { "q", MODE_TCG, NULL, MITIG_DEFAULT, NULL, 0 };
    strlist_t a = { 0 };
    char *s;

    (void)state;
    assert_non_null(strstr(QEMU_XEN_CMDLINE, "spec-ctrl=no"));
    assert_non_null(strstr(QEMU_DOM0_CMDLINE, "mitigations=off"));
    assert_non_null(strstr(QEMU_LINUX_CMDLINE, "mitigations=off"));
    qemu_argv(&a, &off, &xen, "l");
    s = strlist_join(&a, "|");
    assert_int_equal(off_words_in(s), 3); /* Xen's, dom0's, the benchmark's */
    free(s);
    qemu_argv(&a, &def, &xen, "l");
    s = strlist_join(&a, "|");
    assert_non_null(strstr(s, "|-append|console=com1 com1=115200 dom0_mem=512M no-real-mode bootscrub=false|"));
    assert_non_null(strstr(s, "|/b/vm console=hvc0 earlyprintk=xen quiet bench.domains=1 "
                              "bench.extra=\"bench mitigations=off\",/b/initrd.gz"));
    assert_int_equal(off_words_in(s), 1); /* the benchmark's own */
    free(s);
    qemu_argv(&a, &def, &lx, "l");
    s = strlist_join(&a, "|");
    assert_non_null(strstr(s, "|-append|console=ttyS0,115200 quiet panic=-1 bench wl=a"));
    assert_int_equal(off_words_in(s), 0);
    free(s);
    strlist_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),      cmocka_unit_test(test_options),
        cmocka_unit_test(test_warmup_rule),
        cmocka_unit_test(test_iteration_multiple),   cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_help),          cmocka_unit_test(test_system_table),
        cmocka_unit_test(test_qemu_argv),     cmocka_unit_test(test_qemu_argv_xen),
        cmocka_unit_test(test_mitigations_option), cmocka_unit_test(test_qemu_argv_mitigations),
        cmocka_unit_test(test_qemu_argv_linux),
        cmocka_unit_test(test_guest_cmdline), cmocka_unit_test(test_wl_spec),
        cmocka_unit_test(test_budget),        cmocka_unit_test(test_keep_going),
        cmocka_unit_test(test_profile_hot),   cmocka_unit_test(test_profile_only),
    };

    return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
