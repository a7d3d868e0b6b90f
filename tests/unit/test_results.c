/* SPDX-License-Identifier: MIT */
/*
 * The run directory: exact CSV headers, pooling over runs, writing under
 * .tmp-<id> and renaming at the end, the latest symlink, refusing to
 * overwrite an existing run, dropping a failed system (--keep-going), and
 * failures that name their cause.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "meta.h"
#include "results.h"
#include "testutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int rs_setup(void **state)
{
    *state = tu_tmpdir();
    return 0;
}

static int rs_teardown(void **state)
{
    tu_rm_rf(*state);
    free(*state);
    return 0;
}

static int rs_is_dir(const char *root, const char *name)
{
    char path[2 * PATH_MAX];
    struct stat st;

    snprintf(path, sizeof(path), "%s/%s", root, name);
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *rs_read(const char *root, const char *run, const char *file)
{
    char path[2 * PATH_MAX];

    snprintf(path, sizeof(path), "%s/%s/%s", root, run, file);
    return tu_read(path);
}

static void rs_record(record_t *r, const char *variant, long long param, long long *samples, long n)
{
    memset(r, 0, sizeof(*r));
    strcpy(r->system, "uk");
    strcpy(r->workload, "pingpong");
    snprintf(r->variant, sizeof(r->variant), "%s", variant);
    strcpy(r->unit, "insns");
    r->params[0].set = 1; /* payload */
    r->params[0].num = param;
    r->n = n;
    r->samples = samples;
}

static void test_write_and_rename(void **state)
{
    const char *root = *state;
    long long a[] = { 3, 1, 2 }, b[] = { 10, 20 }, c[] = { 4 };
    char err[256], *text;
    results_t r;
    record_t rec;

    assert_int_equal(results_open(&r, root, "run1", 1, "insns", err, sizeof(err)), 0);
    assert_true(rs_is_dir(root, ".tmp-run1"));
    assert_false(rs_is_dir(root, "run1"));
    rs_record(&rec, "inter-as", 0, a, 3);
    assert_int_equal(results_add(&r, "uk", &rec, 1, err, sizeof(err)), 0);
    rs_record(&rec, "payload", 512, b, 2);
    assert_int_equal(results_add(&r, "uk", &rec, 1, err, sizeof(err)), 0);
    rs_record(&rec, "inter-as", 0, c, 1); /* run 2 pools into row 1 */
    assert_int_equal(results_add(&r, "uk", &rec, 2, err, sizeof(err)), 0);
    assert_int_equal(results_write_summary(&r, err, sizeof(err)), 0);
    assert_int_equal(results_finish(&r, err, sizeof(err)), 0);
    assert_false(rs_is_dir(root, ".tmp-run1"));
    assert_true(rs_is_dir(root, "run1"));

    text = rs_read(root, "run1", "samples.csv");
    assert_non_null(text);
    assert_string_equal(text, "system,workload,variant,payload,batch,size,pattern,direction,depth,"
                              "unit,run,iter,value\n"
                              "uk,pingpong,inter-as,0,,,,,,insns,1,0,3\n"
                              "uk,pingpong,inter-as,0,,,,,,insns,1,1,1\n"
                              "uk,pingpong,inter-as,0,,,,,,insns,1,2,2\n"
                              "uk,pingpong,inter-as,0,,,,,,insns,2,0,4\n"
                              "uk,pingpong,payload,512,,,,,,insns,1,0,10\n"
                              "uk,pingpong,payload,512,,,,,,insns,1,1,20\n");
    free(text);
    text = rs_read(root, "run1", "summary.csv");
    assert_string_equal(text, "system,workload,variant,payload,batch,size,pattern,direction,depth,"
                              "unit,n,min,median,mean,p5,p95,stddev,median_per_page,"
                              "bytes_copied,pages_mapped,pages_unmapped,counted_by,runs,"
                              "run_median_min,run_median_max,bytes_per_s,bytes_per_kcycle\n"
                              /* runs 1 (3, 1, 2: median 2) and 2 (4) */
                              "uk,pingpong,inter-as,0,,,,,,insns,4,1,2.50,2.50,1.15,3.85,1.29,,,,,"
                              "tsc,2,2,4,,\n"
                              "uk,pingpong,payload,512,,,,,,insns,2,10,15,15.00,10.50,19.50,"
                              "7.07,,,,,tsc,1,15,15,,\n");
    free(text);
    results_close(&r);
}

static void test_latest_symlink(void **state)
{
    const char *root = *state;
    char err[256], link[PATH_MAX], target[64];
    results_t r;
    ssize_t n;

    snprintf(link, sizeof(link), "%s/latest", root);
    for (int i = 0; i < 2; i++) {
        const char *id = i ? "second" : "first";
        assert_int_equal(results_open(&r, root, id, 1, "cycles", err, sizeof(err)), 0);
        assert_int_equal(results_finish(&r, err, sizeof(err)), 0);
        results_close(&r);
        n = readlink(link, target, sizeof(target) - 1);
        assert_true(n > 0);
        target[n] = '\0';
        assert_string_equal(target, id); /* relative */
    }
    assert_true(rs_is_dir(root, "latest"));
}

static void test_refuse_overwrite(void **state)
{
    const char *root = *state;
    char err[256];
    results_t r;

    assert_int_equal(results_open(&r, root, "x", 1, "insns", err, sizeof(err)), 0);
    assert_int_equal(results_finish(&r, err, sizeof(err)), 0);
    results_close(&r);
    /* An explicit id that exists is an error... */
    assert_int_equal(results_open(&r, root, "x", 1, "insns", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "already exists"));
    results_close(&r);
    /* ...a default id gets a suffix. */
    assert_int_equal(results_open(&r, root, "x", 0, "insns", err, sizeof(err)), 0);
    assert_string_equal(r.run_id, "x-2");
    assert_true(rs_is_dir(root, ".tmp-x-2"));
    results_close(&r);
    /* A leftover .tmp- of the same id also counts as taken. */
    assert_int_equal(results_open(&r, root, "x-2", 1, "insns", err, sizeof(err)), -1);
    results_close(&r);
}

static void test_rename_never_replaces(void **state)
{
    const char *root = *state;
    char err[256], path[PATH_MAX];
    results_t r;

    assert_int_equal(results_open(&r, root, "race", 1, "insns", err, sizeof(err)), 0);
    snprintf(path, sizeof(path), "%s/race", root);
    assert_int_equal(mkdir(path, 0755), 0); /* appears meanwhile */
    assert_int_equal(results_finish(&r, err, sizeof(err)), -1);
    assert_false(r.finished);
    assert_true(rs_is_dir(root, ".tmp-race"));
    results_close(&r);
}

static void test_unfinished_stays_tmp(void **state)
{
    const char *root = *state;
    char err[256], link[PATH_MAX];
    results_t r;

    assert_int_equal(results_open(&r, root, "cut", 1, "insns", err, sizeof(err)), 0);
    results_close(&r);
    assert_true(rs_is_dir(root, ".tmp-cut"));
    assert_false(rs_is_dir(root, "cut"));
    snprintf(link, sizeof(link), "%s/latest", root);
    assert_int_equal(access(link, F_OK), -1);
}

static void test_nested_root(void **state)
{
    char root[PATH_MAX], err[256];
    results_t r;

    snprintf(root, sizeof(root), "%s/a/b/results", (char *)*state);
    assert_int_equal(results_open(&r, root, "n", 1, "insns", err, sizeof(err)), 0);
    assert_true(rs_is_dir(root, ".tmp-n"));
    results_close(&r);
}

static void test_drop_system(void **state)
{
    const char *root = *state;
    long long a[] = { 5, 6 }, b[] = { 7 };
    char err[256], *text;
    results_t r;
    record_t rec;

    assert_int_equal(results_open(&r, root, "part", 1, "insns", err, sizeof(err)), 0);
    rs_record(&rec, "inter-as", 0, a, 2);
    assert_int_equal(results_add(&r, "uk", &rec, 1, err, sizeof(err)), 0);
    rs_record(&rec, "domu-domu", 0, b, 1);
    assert_int_equal(results_add(&r, "xen", &rec, 1, err, sizeof(err)), 0);
    results_drop_system(&r, "xen");
    assert_int_equal(results_write_summary(&r, err, sizeof(err)), 0);
    assert_int_equal(results_finish(&r, err, sizeof(err)), 0);
    text = rs_read(root, "part", "samples.csv");
    assert_string_equal(text, "system,workload,variant,payload,batch,size,pattern,direction,depth,"
                              "unit,run,iter,value\n"
                              "uk,pingpong,inter-as,0,,,,,,insns,1,0,5\n"
                              "uk,pingpong,inter-as,0,,,,,,insns,1,1,6\n");
    free(text);
    text = rs_read(root, "part", "summary.csv");
    assert_null(strstr(text, "xen"));
    assert_non_null(strstr(text, "uk,pingpong,inter-as,0,,,,,,insns,2,5,"));
    free(text);
    results_close(&r);
}

/* Parameters other than the payload get their own columns; counts are
 * per operation over every pooled sample; batch gives a cost per page. */
static void test_counts_and_per_page(void **state)
{
    const char *root = *state;
    long long a[] = { 400, 420 }, b[] = { 500 };
    char err[256], *text;
    results_t r;
    record_t rec;

    assert_int_equal(results_open(&r, root, "pf", 1, "insns", err, sizeof(err)), 0);
    rs_record(&rec, "move", 64, a, 2);
    strcpy(rec.workload, "pageflip");
    rec.params[1].set = 1; /* batch */
    rec.params[1].num = 4;
    rec.counts[1].set = 1; /* pages_mapped */
    rec.counts[1].num = 16;
    rec.counts[0].set = 1; /* bytes_copied */
    rec.counts[0].num = 0;
    assert_int_equal(results_add(&r, "uk", &rec, 1, err, sizeof(err)), 0);
    rec.samples = b; /* run 2: one more sample, 5 mappings */
    rec.n = 1;
    rec.counts[1].num = 5;
    assert_int_equal(results_add(&r, "uk", &rec, 2, err, sizeof(err)), 0);
    rs_record(&rec, "direct", 0, a, 2);
    strcpy(rec.workload, "blkio");
    rec.params[3].set = 1; /* pattern, a name */
    strcpy(rec.params[3].str, "rand");
    assert_int_equal(results_add(&r, "uk", &rec, 1, err, sizeof(err)), 0);
    assert_int_equal(results_write_summary(&r, err, sizeof(err)), 0);
    assert_int_equal(results_finish(&r, err, sizeof(err)), 0);
    text = rs_read(root, "pf", "summary.csv");
    assert_non_null(strstr(text, "\nuk,pageflip,move,64,4,,,,,insns,3,400,420,440.00,402,"
                                 "492,52.92,105.00,0,7,,tsc,2,410,500,,\n"));
    assert_non_null(strstr(text, "\nuk,blkio,direct,0,,,rand,,,insns,2,400,410,"));
    free(text);
    text = rs_read(root, "pf", "samples.csv");
    assert_non_null(strstr(text, "\nuk,pageflip,move,64,4,,,,,insns,2,0,500\n"));
    free(text);
    results_close(&r);
}

/* A run directory that cannot be made says why, not "already exists". */
static void test_create_error_names_cause(void **state)
{
    char root[PATH_MAX], err[256];
    results_t r;

    snprintf(root, sizeof(root), "%s/file", (char *)*state);
    tu_write(root, "not a directory");
    assert_int_equal(results_open(&r, root, "id", 1, "insns", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "cannot create the run directory"));
    assert_non_null(strstr(err, "Not a directory"));
    assert_null(strstr(err, "already exists"));
    results_close(&r);
    assert_int_equal(results_open(&r, root, "id", 0, "insns", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "Not a directory"));
    results_close(&r);
}

/* A full disk while samples or meta.json are written is named as such. */
static void test_full_disk_is_named(void **state)
{
    const char *root = *state;
    long long a[] = { 1, 2, 3 };
    char err[256];
    results_t r;
    record_t rec;

    if (access("/dev/full", W_OK) != 0)
        skip();
    assert_int_equal(results_open(&r, root, "full", 1, "insns", err, sizeof(err)), 0);
    fclose(r.samples);
    r.samples = fopen("/dev/full", "w");
    assert_non_null(r.samples);
    rs_record(&rec, "inter-as", 0, a, 3);
    assert_int_equal(results_add(&r, "uk", &rec, 1, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "cannot write samples.csv"));
    assert_non_null(strstr(err, "No space left on device"));
    results_close(&r);

    json_t *meta = json_object();
    json_object_set_new(meta, "status", json_string("running"));
    assert_int_equal(meta_write(meta, "/dev/full", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "No space left on device"));
    json_decref(meta);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_write_and_rename, rs_setup, rs_teardown),
        cmocka_unit_test_setup_teardown(test_latest_symlink, rs_setup, rs_teardown),
        cmocka_unit_test_setup_teardown(test_refuse_overwrite, rs_setup, rs_teardown),
        cmocka_unit_test_setup_teardown(test_rename_never_replaces, rs_setup, rs_teardown),
        cmocka_unit_test_setup_teardown(test_unfinished_stays_tmp, rs_setup, rs_teardown),
        cmocka_unit_test_setup_teardown(test_nested_root, rs_setup, rs_teardown),
        cmocka_unit_test_setup_teardown(test_drop_system, rs_setup, rs_teardown),
        cmocka_unit_test_setup_teardown(test_counts_and_per_page, rs_setup, rs_teardown),
        cmocka_unit_test_setup_teardown(test_create_error_names_cause, rs_setup, rs_teardown),
        cmocka_unit_test_setup_teardown(test_full_disk_is_named, rs_setup, rs_teardown),
    };

    return cmocka_run_group_tests_name("results", tests, NULL, NULL);
}
