/* SPDX-License-Identifier: MIT */
/*
 * The profile pass's matching and checking (harness/profile.c): windows of
 * the plugin's CSV matched to marked records in order, each window checked
 * against its sample, idle windows set apart, means per operation, the
 * union of columns across systems.
 */
#include "profile.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define PR_HEAD "window,id,insns,user,kernel,hyp,crossings,cut_blocks"

/* A transcript of two records, both marked, two samples each: what the
 * guest saw (samples with the overhead 8 taken off). */
static long long pr_a[] = { 100, 100 }, pr_b[] = { 50, 2000 };

static void pr_transcript(transcript_t *t, record_t *r)
{
    memset(t, 0, sizeof(*t));
    memset(r, 0, 2 * sizeof(*r));
    for (int i = 0; i < 2; i++) {
        strcpy(r[i].workload, "pingpong");
        strcpy(r[i].variant, i ? "null-syscall" : "inter-as");
        r[i].params[0].set = 1;
        r[i].n = 2;
        r[i].overhead = 8;
        r[i].marked = 1;
    }
    r[0].samples = pr_a;
    r[1].samples = pr_b;
    t->recs = r;
    t->n_recs = 2;
}

static char *pr_csv(const char *text)
{
    char *dir = tu_tmpdir(), *path;

    if (asprintf(&path, "%s/w.csv", dir) < 0 || tu_write(path, text) < 0)
        fail();
    free(dir);
    return path;
}

/* Counts one less than the TSC delta (108 - 1), one window idle. */
static void test_match_check_idle(void **state)
{
    char why[512], *path, *text;
    transcript_t t;
    record_t r[2];
    profile_t p = { 0 };
    FILE *f;
    size_t len;

    (void)state;
    pr_transcript(&t, r);
    path = pr_csv(PR_HEAD "\n0,0,107,40,67,0,4,0\n1,0,107,42,65,0,4,0\n"
                          "2,0,57,20,37,0,2,0\n3,0,60,20,40,0,2,0\n");
    assert_int_equal(profile_add_boot(&p, "uk", &t, path, why, sizeof(why)), 0);
    assert_int_equal(p.n_rows, 2);
    assert_int_equal(p.rows[0].windows, 2);
    assert_int_equal(p.rows[0].skew, -1);
    assert_int_equal(p.rows[1].windows, 1); /* sample 2000: the clock jumped */
    assert_int_equal(p.rows[1].idle, 1);
    assert_int_equal(p.windows, 3);
    assert_int_equal(p.idle, 1);
    f = open_memstream(&text, &len);
    assert_int_equal(profile_write_csv(&p, "insns", f), 0);
    fclose(f);
    assert_non_null(
        strstr(text, "unit,windows,idle,skew,faulted,excess,insns,user,kernel,hyp,crossings,cut_blocks\n"));
    assert_non_null(strstr(text, "uk,pingpong,inter-as,0,,,,,,insns,2,0,-1,0,0,107.00,41.00,"
                                 "66.00,0.00,4.00,0.00\n"));
    assert_non_null(strstr(text, "uk,pingpong,null-syscall,0,,,,,,insns,1,1,-1,0,0,57.00,"));
    free(text);
    profile_free(&p);
    free(path);
}

/* A window that counts 3 more than its delta had 3 faulting instructions
 * if the plugin saw at least 3 blocks cut short (cut_blocks): a faulted
 * window.  Two more with no block cut short fails the pass, named. */
static void test_faults_and_mismatch(void **state)
{
    char why[512], *path;
    transcript_t t;
    record_t r[2];
    profile_t p = { 0 };
    long long big[] = { 992, 992 };

    (void)state;
    pr_transcript(&t, r);
    r[0].samples = big;
    path = pr_csv(PR_HEAD "\n0,0,999,400,599,0,4,0\n1,0,1002,402,600,0,4,3\n"
                          "2,0,57,20,37,0,2,0\n3,0,60,20,40,0,2,0\n");
    assert_int_equal(profile_add_boot(&p, "uk", &t, path, why, sizeof(why)), 0);
    assert_int_equal(p.rows[0].windows, 2);
    assert_int_equal(p.rows[0].faulted, 1);
    assert_int_equal(p.rows[0].excess, 3);
    assert_int_equal(p.faulted, 1);
    free(path);
    profile_free(&p);
    r[0].samples = pr_a;
    path = pr_csv(PR_HEAD "\n0,0,107,40,67,0,4,0\n1,0,110,42,68,0,4,0\n"
                          "2,0,57,20,37,0,2,0\n3,0,60,20,40,0,2,0\n");
    assert_int_equal(profile_add_boot(&p, "uk", &t, path, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "uk pingpong/inter-as/payload=0 sample 1 (profiler window 1): the "
                                "profiler counted 110 instructions, the guest's sample says 108 (+-1 around the "
                                "markers; 0 blocks cut short)"));
    profile_free(&p);
    free(path);
}

/* Fewer windows than the marked records' samples, a skew beyond the code
 * around the markers, a file that is not the plugin's: each a reason. */
static void test_bad_inputs(void **state)
{
    char why[512], *path;
    transcript_t t;
    record_t r[2];
    profile_t p = { 0 };

    (void)state;
    pr_transcript(&t, r);
    path = pr_csv(PR_HEAD "\n0,0,107,40,67,0,4,0\n");
    assert_int_equal(profile_add_boot(&p, "uk", &t, path, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "the profiler closed 1 windows, the uk boot's marked records hold 4"));
    free(path);
    path = pr_csv(PR_HEAD "\n0,0,158,40,118,0,4,0\n1,0,158,42,116,0,4,0\n"
                          "2,0,57,20,37,0,2,0\n3,0,60,20,40,0,2,0\n");
    assert_int_equal(profile_add_boot(&p, "uk", &t, path, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "counts 50 instructions more than the guest's samples"));
    free(path);
    path = pr_csv("window,id,insns,user\n0,0,107,107\n1,0,107,107\n2,0,57,57\n3,0,60,60\n");
    assert_int_equal(profile_add_boot(&p, "uk", &t, path, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "has no cut_blocks column"));
    free(path);
    path = pr_csv("hello\n1,2,3\n");
    assert_int_equal(profile_add_boot(&p, "uk", &t, path, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "line 1 is not the profiler's header"));
    free(path);
    assert_int_equal(profile_add_boot(&p, "uk", &t, "/nonexistent/w.csv", why, sizeof(why)), -1);
    assert_non_null(strstr(why, "the profiler wrote no /nonexistent/w.csv"));
    profile_free(&p);
}

/* A system with domain columns after one without: the table has both,
 * and the first system's cells of the new columns stay empty. */
static void test_column_union(void **state)
{
    char why[512], *a, *b, *text;
    transcript_t t;
    record_t r[2];
    profile_t p = { 0 };
    FILE *f;
    size_t len;

    (void)state;
    pr_transcript(&t, r);
    a = pr_csv(PR_HEAD "\n0,0,107,40,67,0,4,0\n1,0,107,40,67,0,4,0\n"
                       "2,0,57,20,37,0,2,0\n3,0,60,20,40,0,2,0\n");
    b = pr_csv(PR_HEAD ",dom0,dom_none\n0,0,107,0,7,100,4,0,7,100\n1,0,107,0,7,100,4,0,7,100\n"
                       "2,0,57,0,7,50,2,0,7,50\n3,0,60,0,7,50,2,0,7,50\n");
    assert_int_equal(profile_add_boot(&p, "uk", &t, a, why, sizeof(why)), 0);
    assert_int_equal(profile_add_boot(&p, "xen", &t, b, why, sizeof(why)), 0);
    f = open_memstream(&text, &len);
    assert_int_equal(profile_write_csv(&p, "insns", f), 0);
    fclose(f);
    assert_non_null(strstr(text, ",crossings,cut_blocks,dom0,dom_none\n"));
    assert_non_null(strstr(text, "uk,pingpong,inter-as,0,,,,,,insns,2,0,-1,0,0,107.00,40.00,"
                                 "67.00,0.00,4.00,0.00,,\n"));
    assert_non_null(strstr(text, "xen,pingpong,inter-as,0,,,,,,insns,2,0,-1,0,0,107.00,0.00,7.00,"
                                 "100.00,4.00,0.00,7.00,100.00\n"));
    free(text);
    profile_free(&p);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_check_idle),
        cmocka_unit_test(test_faults_and_mismatch),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_column_union),
    };
    return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
