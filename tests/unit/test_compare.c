/* SPDX-License-Identifier: MIT */
/*
 * bench-compare (harness/compare.h) on the small hand-made runs of
 * tests/data/compare/: each differs from "base" in one way (README of
 * that directory: tests/README.md), and the rule on rows made here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "compare.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUNS TEST_DATA_DIR "/compare"

typedef struct {
    int status;
    char *out;
    char *err;
} cmp_result_t;

/* compare_main on "--results RUNS" plus up to four args, output captured. */
static void run4(cmp_result_t *r, const char *a1, const char *a2, const char *a3,
                 const char *a4)
{
    char *argv[8] = { "bench-compare", "--results", RUNS };
    int argc = 3;
    const char *extra[] = { a1, a2, a3, a4 };
    for (int i = 0; i < 4; i++)
        if (extra[i])
            argv[argc++] = (char *)extra[i];
    argv[argc] = NULL;
    size_t ol, el;
    FILE *out = open_memstream(&r->out, &ol);
    FILE *err = open_memstream(&r->err, &el);
    assert_non_null(out);
    assert_non_null(err);
    r->status = compare_main(argc, argv, out, err);
    fclose(out);
    fclose(err);
}

static void run(cmp_result_t *r, const char *a1, const char *a2, const char *a3)
{
    run4(r, a1, a2, a3, NULL);
}

static void done(cmp_result_t *r)
{
    free(r->out);
    free(r->err);
}

static int lines_starting(const char *text, const char *prefix)
{
    int n = 0;
    size_t len = strlen(prefix);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        n += strncmp(p, prefix, len) == 0;
    return n;
}

/* One line on stderr, naming what is wrong. */
static void assert_one_line_error(const cmp_result_t *r, const char *text)
{
    assert_int_equal(r->status, 2);
    assert_string_equal(r->out, "");
    assert_non_null(strstr(r->err, text));
    assert_int_equal(lines_starting(r->err, "bench-compare: "), 1);
    assert_int_equal(strchr(r->err, '\n') - r->err + 1, (long)strlen(r->err));
}

static void test_identical_runs(void **state)
{
    cmp_result_t r;
    (void)state;
    run(&r, "base", "same", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "5 rows compared: 5 identical, 0 changed within spread, "
                                  "0 flagged; 0 only in A, 0 only in B\n"));
    assert_non_null(strstr(r.out, "versions: 7 compared, 0 differ\n"));
    /* Only changed rows are printed by default. */
    assert_int_equal(lines_starting(r.out, "same"), 0);
    assert_string_equal(r.err, "");
    done(&r);

    run(&r, "--all", "base", "same");
    assert_int_equal(r.status, 0);
    assert_int_equal(lines_starting(r.out, "same    "), 5);
    assert_int_equal(lines_starting(r.out, "version same    xen:versions.xen.version: "), 1);
    done(&r);
}

static void test_exact_row_plus_one_is_flagged(void **state)
{
    cmp_result_t r;
    (void)state;
    run(&r, "base", "exact-plus1", NULL);
    assert_int_equal(r.status, 1);
    assert_int_equal(lines_starting(r.out, "FLAG    uk pingpong inter-as payload=64 (insns, exact): "
                                           "1358 -> 1359 +1 +0.07%"),
                     1);
    assert_int_equal(lines_starting(r.out, "FLAG"), 1);
    assert_non_null(strstr(r.out, "4 identical, 0 changed within spread, 1 flagged;"));
    done(&r);
}

static void test_plugin_row_inside_spread(void **state)
{
    cmp_result_t r;
    (void)state;
    run(&r, "base", "plugin-inside", NULL);
    assert_int_equal(r.status, 0);
    assert_int_equal(lines_starting(r.out, "within  uk blkdev virtio-driver size=512 pattern=seq "
                                           "direction=read depth=1 (insns): 1848 -> 1800 -48"),
                     1);
    assert_non_null(strstr(r.out, "1 changed within spread, 0 flagged;"));
    done(&r);

    run(&r, "base", "plugin-outside", NULL);
    assert_int_equal(r.status, 1);
    assert_int_equal(lines_starting(r.out, "FLAG    uk blkdev virtio-driver "), 1);
    done(&r);
}

static void test_refusals(void **state)
{
    cmp_result_t r;
    (void)state;
    run(&r, "base", "kvm", NULL);
    assert_one_line_error(&r, "different modes: A is tcg, B is kvm");
    done(&r);
    run(&r, "base", "units", NULL);
    assert_one_line_error(&r, "different units: A is insns, B is cycles");
    done(&r);
    run(&r, "base", "row-unit", NULL);
    assert_one_line_error(&r, "row \"uk pingpong inter-as payload=0\": different units: "
                              "A is insns, B is cycles");
    done(&r);
}

static void test_rows_in_one_run_only(void **state)
{
    cmp_result_t r;
    (void)state;
    run(&r, "base", "extra", NULL);
    assert_int_equal(r.status, 0);
    assert_int_equal(lines_starting(r.out, "only-A  xen pingpong evtchn payload=0\n"), 1);
    assert_int_equal(lines_starting(r.out, "only-B  uk-nofp pingpong inter-as payload=0\n"), 1);
    assert_non_null(strstr(r.out, "4 rows compared: 4 identical, 0 changed within spread, "
                                  "0 flagged; 1 only in A, 1 only in B\n"));
    assert_int_equal(lines_starting(r.out, "version DIFFERS qemu_package: "
                                           "A 1:7.2+dfsg-7+deb12u18+b3, B 1:7.2+dfsg-7+deb12u19"),
                     1);
    done(&r);
}

static void test_bad_input(void **state)
{
    cmp_result_t r;
    (void)state;
    run(&r, "base", "garbled", NULL);
    assert_one_line_error(&r, "garbled/summary.csv line 4: median \"2x15\" is not a number");
    done(&r);
    run(&r, "no-summary", "base", NULL);
    assert_one_line_error(&r, "no-summary/summary.csv: No such file or directory");
    done(&r);
    run(&r, "base", "nosuch", NULL);
    assert_one_line_error(&r, "run \"nosuch\": no such directory");
    done(&r);
    /* A directory that is no run: meta.json alone is not enough, nor the reverse. */
    run(&r, "base", "/", NULL);
    assert_one_line_error(&r, "//summary.csv: No such file or directory");
    done(&r);
    run(&r, "base", NULL, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "need two runs, A and B (got 1)"));
    done(&r);
}

static void test_csv_output(void **state)
{
    cmp_result_t r;
    char *dir = tu_tmpdir();
    char *path;
    (void)state;
    assert_true(asprintf(&path, "%s/cmp.csv", dir) > 0);
    /* Nothing is written when the comparison is refused. */
    run(&r, "--csv", path, "base");
    assert_int_equal(r.status, 2);
    assert_int_equal(tu_count_lines(path), -1);
    done(&r);
    char *argv[] = { "bench-compare", "--results", RUNS, "--csv", path, "base", "exact-plus1",
                     NULL };
    FILE *out = fopen("/dev/null", "w"), *err = fopen("/dev/null", "w");
    assert_int_equal(compare_main(7, argv, out, err), 1);
    fclose(out);
    fclose(err);
    assert_int_equal(tu_count_lines(path), 6); /* header and every row, identical ones too */
    char *text = tu_read(path);
    assert_non_null(strstr(text, "\nFLAG,uk pingpong inter-as payload=64,insns,tsc,1358,1358,1358,"
                                 "2,1358,1358,tsc,1359,1358,1359,2,1359,1359,+1,+0.07%\n"));
    free(text);
    free(path);
    tu_rm_rf(dir);
    free(dir);
}

/* --exact-only: a plugin row outside its spread is skipped, not flagged;
 * an exact row's change still is; under kvm nothing is exact. */
static void test_exact_only(void **state)
{
    cmp_result_t r;
    (void)state;
    run(&r, "--exact-only", "base", "plugin-outside");
    assert_int_equal(r.status, 0);
    assert_int_equal(lines_starting(r.out, "FLAG"), 0);
    assert_non_null(strstr(r.out, "4 rows compared: 4 identical, 0 changed within spread, "
                                  "0 flagged; 0 only in A, 0 only in B; 1 skipped:\n"
                                  "skipped blkdev counted by plugin (1 row): not exact "
                                  "(--exact-only)\n"));
    done(&r);
    run(&r, "--exact-only", "base", "exact-plus1");
    assert_int_equal(r.status, 1);
    assert_int_equal(lines_starting(r.out, "FLAG    uk pingpong inter-as payload=64 (insns, "
                                           "exact): 1358 -> 1359"),
                     1);
    done(&r);
    run(&r, "--exact-only", "kvm", "kvm");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "0 rows compared: "));
    assert_int_equal(lines_starting(r.out, "skipped pingpong counted by tsc (3 rows): mode kvm: "
                                           "not exact (--exact-only)\n"),
                     1);
    done(&r);
}

/* --match-versions: a system whose versions moved is skipped with the
 * difference named, the others still judged; a compiler recorded by one
 * run only is no difference; rows only in A are not flagged. */
static void test_match_versions(void **state)
{
    cmp_result_t r;
    (void)state;
    run(&r, "base", "dom0-58", NULL);
    assert_int_equal(r.status, 1);
    assert_int_equal(lines_starting(r.out, "FLAG    xen pingpong evtchn payload=0 "), 1);
    done(&r);
    run(&r, "--match-versions", "base", "dom0-58");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "4 rows compared: 4 identical, 0 changed within spread, "
                                  "0 flagged; 0 only in A, 0 only in B; 1 skipped:\n"));
    assert_int_equal(lines_starting(r.out, "skipped xen (1 row): versions.dom0_kernel.package "
                                           "linux-image-6.1.0-57-amd64 in A, "
                                           "linux-image-6.1.0-58-amd64 in B\n"),
                     1);
    done(&r);
    /* The same versions: the uk row's change is flagged. */
    run(&r, "--match-versions", "base", "exact-plus1");
    assert_int_equal(r.status, 1);
    assert_int_equal(lines_starting(r.out, "skipped"), 0);
    done(&r);
    run(&r, "--match-versions", "base", "gcc13");
    assert_int_equal(r.status, 1);
    done(&r);
    run(&r, "--match-versions", "gcc12", "gcc13");
    assert_int_equal(r.status, 0);
    assert_int_equal(lines_starting(r.out, "skipped uk (4 rows): compiler gcc (Debian "
                                           "12.2.0-14+deb12u1) 12.2.0 in A, gcc (Debian "
                                           "13.2.0-25) 13.2.0 in B\n"),
                     1);
    assert_int_equal(lines_starting(r.out, "skipped xen (1 row): compiler "), 1);
    done(&r);
    /* Both options, as make test uses them: QEMU moved, so every matched
     * row is skipped, and the row only in A is listed, not flagged. */
    run4(&r, "--exact-only", "--match-versions", "base", "extra");
    assert_int_equal(r.status, 0);
    assert_int_equal(lines_starting(r.out, "only-A  xen pingpong evtchn payload=0\n"), 1);
    assert_int_equal(lines_starting(r.out, "skipped uk (4 rows): qemu_package "
                                           "1:7.2+dfsg-7+deb12u18+b3 in A, 1:7.2+dfsg-7+deb12u19 "
                                           "in B\n"),
                     1);
    done(&r);
}

/* Another iteration count for a workload: its rows are skipped, always. */
static void test_other_iterations(void **state)
{
    cmp_result_t r;
    (void)state;
    run(&r, "base", "quick-iters", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "2 rows compared: 2 identical, 0 changed within spread, "
                                  "0 flagged; 0 only in A, 0 only in B; 3 skipped:\n"
                                  "skipped pingpong (3 rows): 1000 iterations in A, 100 in B: "
                                  "not comparable\n"));
    done(&r);
}

static compare_row_t row(double median, double p5, double p95, long runs, double rmin,
                         double rmax)
{
    compare_row_t r = { .median = median, .p5 = p5, .p95 = p95, .runs = runs,
                        .run_median_min = rmin, .run_median_max = rmax };
    return r;
}

/* The rule itself, on both sides of each edge. */
static void test_rule(void **state)
{
    (void)state;
    compare_row_t a = row(100, 90, 120, 1, 100, 100);
    compare_row_t in = row(110, 95, 125, 1, 110, 110);
    compare_row_t edge = row(120, 100, 130, 1, 120, 120);
    compare_row_t out = row(121, 100, 130, 1, 121, 121);
    assert_int_equal(compare_classify(&a, &a, 0), COMPARE_SAME);
    assert_int_equal(compare_classify(&a, &a, 1), COMPARE_SAME);
    assert_int_equal(compare_classify(&a, &in, 0), COMPARE_WITHIN);
    assert_int_equal(compare_classify(&a, &edge, 0), COMPARE_WITHIN);
    assert_int_equal(compare_classify(&a, &out, 0), COMPARE_FLAGGED);
    /* Symmetric: A's median must lie in B's spread too (100 < 101). */
    compare_row_t narrow_b = row(110, 101, 115, 1, 110, 110);
    assert_int_equal(compare_classify(&a, &narrow_b, 0), COMPARE_FLAGGED);
    /* Exact rows: any change, even inside the spread. */
    assert_int_equal(compare_classify(&a, &in, 1), COMPARE_FLAGGED);
    /* Zero spread: any change is outside it. */
    compare_row_t z1 = row(360, 360, 360, 0, 0, 0), z2 = row(361, 361, 361, 0, 0, 0);
    assert_int_equal(compare_classify(&z1, &z2, 0), COMPARE_FLAGGED);
    /* Run medians widen the spread beyond p5..p95. */
    compare_row_t wide_a = row(100, 100, 100, 3, 95, 105), wide_b = row(104, 104, 104, 3, 99, 104);
    assert_int_equal(compare_classify(&wide_a, &wide_b, 0), COMPARE_WITHIN);
    wide_b.runs = 0; /* without them B's spread is 104..104 and A's 100 is outside */
    assert_int_equal(compare_classify(&wide_a, &wide_b, 0), COMPARE_FLAGGED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical_runs),
        cmocka_unit_test(test_exact_row_plus_one_is_flagged),
        cmocka_unit_test(test_plugin_row_inside_spread),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_rows_in_one_run_only),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_csv_output),
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_exact_only),
        cmocka_unit_test(test_match_versions),
        cmocka_unit_test(test_other_iterations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
