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

/* compare_main on "--results RUNS" plus args (NULL-terminated, at most
 * four), output captured. */
static void run(cmp_result_t *r, const char *const *args)
{
    char *argv[8] = { "bench-compare", "--results", RUNS };
    int argc = 3;
    for (; *args; args++) {
        assert_true(argc < 7);
        argv[argc++] = (char *)*args;
    }
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

/* How many lines of stdout start with prefix (0 included: none may). */
typedef struct {
    const char *prefix;
    int n;
} line_count_t;

/*
 * One run of bench-compare on the runs of tests/data/compare and what its
 * output must hold.  Each case is its own cmocka test, named by name, so
 * a failure says which run broke.  Unset fields are not checked.
 */
typedef struct {
    const char *name;
    const char *args[5];    /* after "--results RUNS"; NULL-terminated */
    int status;             /* exit status, always checked */
    const char *error;      /* a refusal: nothing on stdout, one stderr line naming this */
    const char *out_has[2]; /* substrings of stdout */
    line_count_t lines[3];  /* prefix NULL ends the list */
    const char *err_has;    /* a substring of stderr */
    int err_empty;          /* stderr must be empty */
} cmp_case_t;

/* One line on stderr, naming what is wrong. */
static void assert_one_line_error(const cmp_result_t *r, const char *text)
{
    assert_string_equal(r->out, "");
    assert_non_null(strstr(r->err, text));
    assert_int_equal(lines_starting(r->err, "bench-compare: "), 1);
    assert_int_equal(strchr(r->err, '\n') - r->err + 1, (long)strlen(r->err));
}

static void run_case(void **state)
{
    const cmp_case_t *c = *state;
    cmp_result_t r;
    run(&r, c->args);
    assert_int_equal(r.status, c->status);
    if (c->error)
        assert_one_line_error(&r, c->error);
    for (size_t i = 0; i < sizeof c->out_has / sizeof c->out_has[0] && c->out_has[i]; i++)
        assert_non_null(strstr(r.out, c->out_has[i]));
    for (size_t i = 0; i < sizeof c->lines / sizeof c->lines[0] && c->lines[i].prefix; i++)
        assert_int_equal(lines_starting(r.out, c->lines[i].prefix), c->lines[i].n);
    if (c->err_has)
        assert_non_null(strstr(r.err, c->err_has));
    if (c->err_empty)
        assert_string_equal(r.err, "");
    done(&r);
}

static const cmp_case_t cases[] = {
    /* Identical runs: only changed rows are printed by default. */
    { .name = "identical runs",
      .args = { "base", "same" },
      .status = 0,
      .out_has = { "5 rows compared: 5 identical, 0 changed within spread, "
                   "0 flagged; 0 only in A, 0 only in B\n",
                   "versions: 7 compared, 0 differ\n" },
      .lines = { { "same", 0 } },
      .err_empty = 1 },
    { .name = "identical runs --all",
      .args = { "--all", "base", "same" },
      .status = 0,
      .lines = { { "same    ", 5 }, { "version same    xen:versions.xen.version: ", 1 } } },
    { .name = "exact row plus one is flagged",
      .args = { "base", "exact-plus1" },
      .status = 1,
      .out_has = { "4 identical, 0 changed within spread, 1 flagged;" },
      .lines = { { "FLAG    uk pingpong inter-as payload=64 (insns, exact): "
                   "1358 -> 1359 +1 +0.07%",
                   1 },
                 { "FLAG", 1 } } },
    { .name = "plugin row inside spread",
      .args = { "base", "plugin-inside" },
      .status = 0,
      .out_has = { "1 changed within spread, 0 flagged;" },
      .lines = { { "within  uk blkdev virtio-driver size=512 pattern=seq "
                   "direction=read depth=1 (insns): 1848 -> 1800 -48",
                   1 } } },
    { .name = "plugin row outside spread",
      .args = { "base", "plugin-outside" },
      .status = 1,
      .lines = { { "FLAG    uk blkdev virtio-driver ", 1 } } },
    /* Refusals. */
    { .name = "refusal: modes",
      .args = { "base", "kvm" },
      .status = 2,
      .error = "different modes: A is tcg, B is kvm" },
    { .name = "refusal: units",
      .args = { "base", "units" },
      .status = 2,
      .error = "different units: A is insns, B is cycles" },
    { .name = "refusal: a row's unit",
      .args = { "base", "row-unit" },
      .status = 2,
      .error = "row \"uk pingpong inter-as payload=0\": different units: "
               "A is insns, B is cycles" },
    { .name = "rows in one run only",
      .args = { "base", "extra" },
      .status = 0,
      .out_has = { "4 rows compared: 4 identical, 0 changed within spread, "
                   "0 flagged; 1 only in A, 1 only in B\n" },
      .lines = { { "only-A  xen pingpong evtchn payload=0\n", 1 },
                 { "only-B  uk-nofp pingpong inter-as payload=0\n", 1 },
                 { "version DIFFERS qemu_package: "
                   "A 1:7.2+dfsg-7+deb12u18+b3, B 1:7.2+dfsg-7+deb12u19",
                   1 } } },
    /* Bad input. */
    { .name = "bad input: garbled summary",
      .args = { "base", "garbled" },
      .status = 2,
      .error = "garbled/summary.csv line 4: median \"2x15\" is not a number" },
    { .name = "bad input: no summary",
      .args = { "no-summary", "base" },
      .status = 2,
      .error = "no-summary/summary.csv: No such file or directory" },
    { .name = "bad input: no such run",
      .args = { "base", "nosuch" },
      .status = 2,
      .error = "run \"nosuch\": no such directory" },
    /* A directory that is no run: meta.json alone is not enough, nor the reverse. */
    { .name = "bad input: a directory that is no run",
      .args = { "base", "/" },
      .status = 2,
      .error = "//summary.csv: No such file or directory" },
    { .name = "bad input: one run",
      .args = { "base" },
      .status = 2,
      .err_has = "need two runs, A and B (got 1)" },
    /* --exact-only: a plugin row outside its spread is skipped, not
     * flagged; an exact row's change still is; under kvm nothing is exact. */
    { .name = "exact-only skips a plugin row",
      .args = { "--exact-only", "base", "plugin-outside" },
      .status = 0,
      .out_has = { "4 rows compared: 4 identical, 0 changed within spread, "
                   "0 flagged; 0 only in A, 0 only in B; 1 skipped:\n"
                   "skipped blkdev counted by plugin (1 row): not exact "
                   "(--exact-only)\n" },
      .lines = { { "FLAG", 0 } } },
    { .name = "exact-only flags an exact row",
      .args = { "--exact-only", "base", "exact-plus1" },
      .status = 1,
      .lines = { { "FLAG    uk pingpong inter-as payload=64 (insns, "
                   "exact): 1358 -> 1359",
                   1 } } },
    { .name = "exact-only under kvm",
      .args = { "--exact-only", "kvm", "kvm" },
      .status = 0,
      .out_has = { "0 rows compared: " },
      .lines = { { "skipped pingpong counted by tsc (3 rows): mode kvm: "
                   "not exact (--exact-only)\n",
                   1 } } },
    /* --match-versions: a system whose versions moved is skipped with the
     * difference named, the others still judged; a compiler recorded by
     * one run only is no difference; rows only in A are not flagged. */
    { .name = "versions moved, without match-versions",
      .args = { "base", "dom0-58" },
      .status = 1,
      .lines = { { "FLAG    xen pingpong evtchn payload=0 ", 1 } } },
    { .name = "match-versions skips the system that moved",
      .args = { "--match-versions", "base", "dom0-58" },
      .status = 0,
      .out_has = { "4 rows compared: 4 identical, 0 changed within spread, "
                   "0 flagged; 0 only in A, 0 only in B; 1 skipped:\n" },
      .lines = { { "skipped xen (1 row): versions.dom0_kernel.package "
                   "linux-image-6.1.0-57-amd64 in A, "
                   "linux-image-6.1.0-58-amd64 in B\n",
                   1 } } },
    /* The same versions: the uk row's change is flagged. */
    { .name = "match-versions, same versions",
      .args = { "--match-versions", "base", "exact-plus1" },
      .status = 1,
      .lines = { { "skipped", 0 } } },
    { .name = "match-versions, a compiler in one run only",
      .args = { "--match-versions", "base", "gcc13" },
      .status = 1 },
    { .name = "match-versions, another compiler",
      .args = { "--match-versions", "gcc12", "gcc13" },
      .status = 0,
      .lines = { { "skipped uk (4 rows): compiler gcc (Debian "
                   "12.2.0-14+deb12u1) 12.2.0 in A, gcc (Debian "
                   "13.2.0-25) 13.2.0 in B\n",
                   1 },
                 { "skipped xen (1 row): compiler ", 1 } } },
    /* Both options, as make test uses them: QEMU moved, so every matched
     * row is skipped, and the row only in A is listed, not flagged. */
    { .name = "exact-only and match-versions",
      .args = { "--exact-only", "--match-versions", "base", "extra" },
      .status = 0,
      .lines = { { "only-A  xen pingpong evtchn payload=0\n", 1 },
                 { "skipped uk (4 rows): qemu_package "
                   "1:7.2+dfsg-7+deb12u18+b3 in A, 1:7.2+dfsg-7+deb12u19 "
                   "in B\n",
                   1 } } },
    /* Another iteration count for a workload: its rows are skipped, always. */
    { .name = "other iterations",
      .args = { "base", "quick-iters" },
      .status = 0,
      .out_has = { "2 rows compared: 2 identical, 0 changed within spread, "
                   "0 flagged; 0 only in A, 0 only in B; 3 skipped:\n"
                   "skipped pingpong (3 rows): 1000 iterations in A, 100 in B: "
                   "not comparable\n" } },
};

#define N_CASES (sizeof cases / sizeof cases[0])

static void test_csv_output(void **state)
{
    cmp_result_t r;
    char *dir = tu_tmpdir();
    char *path;
    (void)state;
    assert_true(asprintf(&path, "%s/cmp.csv", dir) > 0);
    /* Nothing is written when the comparison is refused. */
    run(&r, (const char *[]){ "--csv", path, "base", NULL });
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
    /* Every case of the table, then the tests that are not one run.  The
     * cast: cmocka's state is not const, but run_case only reads it. */
    struct CMUnitTest tests[N_CASES + 2];
    for (size_t i = 0; i < N_CASES; i++)
        tests[i] = (struct CMUnitTest){ .name = cases[i].name,
                                        .test_func = run_case,
                                        .initial_state = (void *)&cases[i] };
    tests[N_CASES] = (struct CMUnitTest)cmocka_unit_test(test_csv_output);
    tests[N_CASES + 1] = (struct CMUnitTest)cmocka_unit_test(test_rule);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
