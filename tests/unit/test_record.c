/* SPDX-License-Identifier: MIT */
/*
 * Record and console parsing: the canned transcript in tests/data parses
 * completely, every kind of malformed @@BENCH line is rejected with its
 * console line number, and the boot verdict picks the right reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"
#include "transcript.h"
#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tr_workloads[] = { "pingpong" };
static const record_expect_t tr_expect = {
    .unit = "insns",
    .system = "uk",
    .workloads = tr_workloads,
    .n_workloads = 1,
};

/* A valid record; the malformed cases below each break one thing. */
#define TR_GOOD                                                                                    \
    "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","                                \
    "\"variant\":\"inter-as\",\"param\":0,\"unit\":\"insns\",\"n\":3,"                             \
    "\"warmup\":10,\"overhead\":6,\"samples\":[5,6,7]}"

static void tr_scan_text(const char *text, const record_expect_t *exp, transcript_t *t)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");

    assert_non_null(f);
    assert_int_equal(transcript_scan(f, exp, t), 0);
    fclose(f);
}

static void test_canned_transcript(void **state)
{
    static const char *const variants[] = {
        "inter-as", "intra-as", "payload", "payload", "payload", "payload",
    };
    static const long long params[] = { 0, 0, 0, 64, 512, 4096 };
    static const long lines[] = { 12, 14, 16, 17, 18, 19 };
    static const long long first[] = {
        809, 816, 810, 817, 811, 818, 812, 819, 813, 820,
    };
    boot_result_t b = { .end = BOOT_EXITED, .exited = 1, .exit_status = 1 };
    char reason[256];
    transcript_t t;

    (void)state;
    assert_int_equal(transcript_scan_path(TEST_DATA_DIR "/pingpong-transcript.txt", &tr_expect, &t),
                     0);
    assert_int_equal(t.bad_line, 0);
    assert_int_equal(t.panic_line, 0);
    assert_int_equal(t.n_recs, 6);
    assert_int_equal(t.n_bench_lines, 6);
    assert_int_equal(t.n_done, 1);
    assert_int_equal(t.done_line, 21);
    assert_int_equal(t.done_records, 6);
    assert_int_equal(t.lines, 22);
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(t.recs[i].system, "uk");
        assert_string_equal(t.recs[i].workload, "pingpong");
        assert_string_equal(t.recs[i].variant, variants[i]);
        assert_true(t.recs[i].params[0].set); /* v1 "param": pingpong's payload */
        assert_int_equal(t.recs[i].params[0].num, params[i]);
        assert_false(t.recs[i].params[1].set);
        assert_string_equal(t.recs[i].unit, "insns");
        assert_int_equal(t.recs[i].n, 10);
        assert_int_equal(t.recs[i].warmup, 10);
        assert_int_equal(t.recs[i].overhead, 6);
        assert_int_equal(t.recs[i].line, lines[i]);
    }
    assert_memory_equal(t.recs[0].samples, first, sizeof(first));
    assert_int_equal(verdict_judge(&b, &t, &tr_expect, 300, reason, sizeof(reason)), 0);
    transcript_free(&t);
}

typedef struct {
    const char *name;
    const char *line; /* goes at console line 6 */
    const char *why;  /* expected substring of the reason */
} tr_bad_t;

static const tr_bad_t tr_bad[] = {
    { "bad JSON", "@@BENCH {\"v\":1,\"system\":", "bad JSON" },
    { "trailing junk", TR_GOOD " x", "bad JSON" },
    { "not an object", "@@BENCH [1,2]", "not a JSON object" },
    { "no space", "@@BENCH{\"v\":1}", "expected \"@@BENCH \"" },
    { "missing member",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"samples\":[1]}",
      "missing member \"overhead\"" },
    { "unknown member",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1],\"extra\":1}",
      "unknown member \"extra\"" },
    { "duplicate member", "@@BENCH {\"v\":1,\"v\":1,\"system\":\"uk\"}", "bad JSON" },
    { "wrong version",
      "@@BENCH {\"v\":3,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "\"v\" is 3, this harness reads versions 1 to 2" },
    { "n differs from samples",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":3,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1,2]}",
      "\"n\" is 3 but \"samples\" has 2 entries" },
    { "wrong unit",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"cycles\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "\"unit\" is \"cycles\" but this run measures \"insns\"" },
    { "unknown unit",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"ns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "\"unit\" is not" },
    { "bad name chars",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"Inter AS\",\"param\":0,\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "\"variant\" has a character outside" },
    { "name too long",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"abcdefghijabcdefghijabcdefghijabc\",\"param\":0,"
      "\"unit\":\"insns\",\"n\":1,\"warmup\":0,\"overhead\":0,"
      "\"samples\":[1]}",
      "longer than 32 bytes" },
    { "empty name",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "\"workload\" is empty" },
    { "negative param",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":-1,\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "\"param\" is -1, less than 0" },
    { "string param",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":\"0\",\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "\"param\" is not an integer" },
    { "too many samples",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":100001,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "\"n\" is 100001, more than 100000" },
    { "zero samples",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":0,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[]}",
      "\"n\" is 0, less than 1" },
    { "non-integer sample",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":2,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1,2.5]}",
      "samples[1] is not an integer" },
    { "negative sample in insns",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":2,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1,-2]}",
      "samples[1] is negative" },
    { "huge integer",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[99999999999999999999]}",
      "bad JSON" },
    { "wrong system",
      "@@BENCH {\"v\":1,\"system\":\"uk-nofp\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "\"system\" is \"uk-nofp\", expected \"uk\"" },
    { "workload not requested",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pageflip\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "workload \"pageflip\" was not requested" },
    { "duplicate record", TR_GOOD,
      "duplicate record for "
      "pingpong/inter-as/payload=0 (first at line 4)" },
    { "v2 without params",
      "@@BENCH {\"v\":2,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "missing member \"params\"" },
    { "v2 with v1 param",
      "@@BENCH {\"v\":2,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"param\":0,\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "unknown member \"param\"" },
    { "v1 with params",
      "@@BENCH {\"v\":1,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"params\":{\"payload\":0},\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "unknown member \"params\"" },
    { "empty params",
      "@@BENCH {\"v\":2,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"params\":{},\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "\"params\" is empty" },
    { "unknown param name",
      "@@BENCH {\"v\":2,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"params\":{\"colour\":1},\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "\"params\" has an unknown name \"colour\"" },
    { "negative param v2",
      "@@BENCH {\"v\":2,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"params\":{\"batch\":-4},\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "params.batch is -4, less than 0" },
    { "param not a name",
      "@@BENCH {\"v\":2,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"params\":{\"pattern\":\"Seq uential\"},\"unit\":\"insns\","
      "\"n\":1,\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "params.pattern is not a name" },
    { "param a float",
      "@@BENCH {\"v\":2,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"params\":{\"payload\":1.5},\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "params.payload is not an integer or a name" },
    { "count a name",
      "@@BENCH {\"v\":2,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"params\":{\"payload\":1},\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"counts\":{\"bytes_copied\":\"many\"},"
      "\"samples\":[1]}",
      "counts.bytes_copied is not an integer" },
    { "unknown count",
      "@@BENCH {\"v\":2,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"params\":{\"payload\":1},\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"counts\":{\"tlb_flushes\":3},\"samples\":[1]}",
      "\"counts\" has an unknown name \"tlb_flushes\"" },
    { "counts not an object",
      "@@BENCH {\"v\":2,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"x\",\"params\":{\"payload\":1},\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"counts\":[3],\"samples\":[1]}",
      "\"counts\" is not an object" },
    { "duplicate v2 record",
      "@@BENCH {\"v\":2,\"system\":\"uk\",\"workload\":\"pingpong\","
      "\"variant\":\"inter-as\",\"params\":{\"payload\":0},\"unit\":\"insns\",\"n\":1,"
      "\"warmup\":0,\"overhead\":0,\"samples\":[1]}",
      "duplicate record for pingpong/inter-as/payload=0 (first at line 4)" },
    { "bad DONE", "@@DONE {\"records\":\"2\"}", "expected @@DONE" },
};

/* One cmocka test per case, named after it; *state is the case. */
static void test_malformed(void **state)
{
    const tr_bad_t *c = *state;
    char *text;
    transcript_t t;

    if (asprintf(&text,
                 "SeaBIOS\r\nBooting from ROM..\r\nuk: up\r\n" TR_GOOD
                 "\r\nnoise\r\n%s\r\n@@DONE {\"records\":2}\r\n",
                 c->line) < 0)
        fail();
    tr_scan_text(text, &tr_expect, &t);
    if (t.bad_line != 6 || !strstr(t.bad_why, c->why))
        fail_msg("case '%s': line %ld, reason '%s'", c->name, t.bad_line, t.bad_why);
    transcript_free(&t);
    free(text);
}

static void test_markers_only_at_line_start(void **state)
{
    transcript_t t;

    (void)state;
    tr_scan_text("Booting from ROM..@@BENCH {broken\r\n"
                 " @@PANIC indented\r\n"
                 "@@CALIB {\"iters\":1,\"tsc\":2}\r\n" TR_GOOD "\r\n@@DONE {\"records\":1}\r\n",
                 &tr_expect, &t);
    assert_int_equal(t.bad_line, 0);
    assert_int_equal(t.panic_line, 0);
    assert_int_equal(t.n_recs, 1);
    assert_int_equal(t.recs[0].line, 4);
    transcript_free(&t);
}

static void test_lf_cr_line_ends(void **state)
{
    transcript_t t;

    (void)state;
    tr_scan_text("noise\n\r" TR_GOOD "\n\r@@DONE {\"records\":1}\n\r", &tr_expect, &t);
    assert_int_equal(t.bad_line, 0);
    assert_int_equal(t.n_recs, 1);
    assert_int_equal(t.recs[0].line, 2);
    assert_int_equal(t.done_line, 3);
    transcript_free(&t);
}

static void test_cycles_allow_negative(void **state)
{
    static const record_expect_t exp = { .unit = "cycles" };
    record_t r;
    char why[256];

    (void)state;
    assert_int_equal(record_parse("{\"v\":1,\"system\":\"xen\","
                                  "\"workload\":\"pingpong\",\"variant\":"
                                  "\"domu-domu\",\"param\":4096,\"unit\":"
                                  "\"cycles\",\"n\":2,\"warmup\":10,"
                                  "\"overhead\":24,\"samples\":[-3,900]}",
                                  &exp, &r, why, sizeof(why)),
                     0);
    assert_int_equal(r.samples[0], -3);
    assert_int_equal(r.params[0].num, 4096);
    record_free(&r);
}

/* Version 2: named parameters (numbers and names) and per-record counts. */
static void test_v2_params_and_counts(void **state)
{
    static const record_expect_t exp = { .unit = "insns" };
    char why[256], text[256];
    record_t r;

    (void)state;
    assert_int_equal(record_parse("{\"v\":2,\"system\":\"uk\",\"workload\":\"pageflip\","
                                  "\"variant\":\"move\",\"params\":{\"batch\":8,"
                                  "\"payload\":512,\"pattern\":\"seq\"},\"unit\":\"insns\","
                                  "\"n\":2,\"warmup\":1,\"overhead\":20,\"counts\":"
                                  "{\"pages_mapped\":32,\"bytes_copied\":0},"
                                  "\"samples\":[100,200]}",
                                  &exp, &r, why, sizeof(why)),
                     0);
    assert_int_equal(r.version, 2);
    assert_string_equal(record_param_name(0), "payload");
    assert_true(r.params[0].set);
    assert_int_equal(r.params[0].num, 512);
    assert_string_equal(record_param_name(1), "batch");
    assert_int_equal(r.params[1].num, 8);
    assert_false(r.params[2].set);
    assert_string_equal(record_param_name(3), "pattern");
    assert_string_equal(r.params[3].str, "seq");
    assert_true(r.counts[0].set);
    assert_int_equal(r.counts[0].num, 0);
    assert_true(r.counts[1].set);
    assert_int_equal(r.counts[1].num, 32);
    assert_false(r.counts[2].set);
    record_params_format(r.params, text, sizeof(text));
    assert_string_equal(text, "payload=512,batch=8,pattern=seq");
    record_free(&r);
}

static void test_panic_and_done(void **state)
{
    transcript_t t;

    (void)state;
    tr_scan_text("noise\r\n" TR_GOOD "\r\n@@PANIC: page fault at 0x10\r\n"
                 "@@PANIC second\r\n@@DONE {\"records\":1}\r\n"
                 "@@DONE {\"records\":1}\r\n",
                 &tr_expect, &t);
    assert_int_equal(t.panic_line, 3);
    assert_string_equal(t.panic, "page fault at 0x10");
    assert_int_equal(t.n_done, 2);
    assert_int_equal(t.done_line, 5);
    assert_int_equal(t.bad_line, 6);
    assert_non_null(strstr(t.bad_why, "second @@DONE"));
    transcript_free(&t);
}

static void test_meta_lines(void **state)
{
    transcript_t t;

    (void)state;
    tr_scan_text("@@META {\"d0.tsc_mode\":\"native\",\"fastpath\":true}\r\n" TR_GOOD
                 "\r\n@@META {\"d0.tsc_mode\":\"emulate\",\"n\":3}\r\n",
                 &tr_expect, &t);
    assert_int_equal(t.bad_line, 0);
    assert_non_null(t.meta);
    /* Merged in console order: a later value wins. */
    assert_string_equal(json_string_value(json_object_get(t.meta, "d0.tsc_mode")), "emulate");
    assert_true(json_is_true(json_object_get(t.meta, "fastpath")));
    assert_int_equal(json_integer_value(json_object_get(t.meta, "n")), 3);
    transcript_free(&t);

    tr_scan_text("x\r\n@@META [1]\r\n", &tr_expect, &t);
    assert_int_equal(t.bad_line, 2);
    transcript_free(&t);
    tr_scan_text("@@META {\"a\":{\"nested\":1}}\r\n", &tr_expect, &t);
    assert_int_equal(t.bad_line, 1);
    assert_non_null(strstr(t.bad_why, "strings, numbers or booleans"));
    transcript_free(&t);
}

static void tr_expect_reason(const char *text, const boot_result_t *b, const char *want)
{
    char reason[512] = "";
    transcript_t t;

    tr_scan_text(text, &tr_expect, &t);
    assert_int_equal(verdict_judge(b, &t, &tr_expect, 42, reason, sizeof(reason)), -1);
    if (strncmp(reason, want, strlen(want)) != 0)
        fail_msg("reason '%s', wanted '%s...'", reason, want);
    transcript_free(&t);
}

static void test_verdicts(void **state)
{
    boot_result_t ok = { .end = BOOT_EXITED, .exited = 1, .exit_status = 1 };
    boot_result_t timeout = { .end = BOOT_TIMEOUT };
    boot_result_t zero = { .end = BOOT_EXITED, .exited = 1 };
    boot_result_t three = { .end = BOOT_EXITED, .exited = 1, .exit_status = 3 };
    boot_result_t sig = { .end = BOOT_EXITED, .term_signal = 9 };
    boot_result_t intr = { .end = BOOT_INTERRUPTED, .interrupt_sig = 2 };
    const char *good = TR_GOOD "\r\n@@DONE {\"records\":1}\r\n";

    (void)state;
    tr_expect_reason("x\r\n", &timeout, "timeout after 42 s");
    tr_expect_reason("@@PANIC oops\r\n", &timeout, "guest panic: oops");
    tr_expect_reason("@@PANIC oops\r\n", &three, "guest panic: oops");
    tr_expect_reason(good, &zero, "qemu exited with status 0");
    tr_expect_reason(good, &three,
                     "qemu exited with status 3 (guest "
                     "wrote exit value 1)");
    tr_expect_reason(good, &sig, "qemu killed by signal 9");
    tr_expect_reason(good, &intr, "interrupted by signal 2");
    tr_expect_reason("x\r\n", &ok, "no records");
    tr_expect_reason("@@DONE {\"records\":0}\r\n", &ok, "no records");
    tr_expect_reason(TR_GOOD "\r\n", &ok,
                     "records count mismatch: no "
                     "@@DONE");
    tr_expect_reason(TR_GOOD "\r\n@@DONE {\"records\":2}\r\n", &ok,
                     "records count mismatch: @@DONE at line 2 says 2");
    tr_expect_reason("@@BENCH {\r\n@@DONE {\"records\":1}\r\n", &ok,
                     "malformed record at line 1: bad JSON");
}

static void test_missing_workload(void **state)
{
    static const char *const two[] = { "pingpong", "pageflip" };
    record_expect_t exp = tr_expect;
    boot_result_t ok = { .end = BOOT_EXITED, .exited = 1, .exit_status = 1 };
    char reason[256];
    transcript_t t;

    (void)state;
    exp.workloads = two;
    exp.n_workloads = 2;
    tr_scan_text(TR_GOOD "\r\n@@DONE {\"records\":1}\r\n", &exp, &t);
    assert_int_equal(verdict_judge(&ok, &t, &exp, 1, reason, sizeof(reason)), -1);
    assert_string_equal(reason, "no records for workload pageflip");
    transcript_free(&t);
}

#define TR_N_BAD (sizeof(tr_bad) / sizeof(tr_bad[0]))

int main(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(test_canned_transcript), cmocka_unit_test(test_markers_only_at_line_start),
        cmocka_unit_test(test_lf_cr_line_ends),   cmocka_unit_test(test_cycles_allow_negative), cmocka_unit_test(test_v2_params_and_counts),
        cmocka_unit_test(test_panic_and_done),    cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_missing_workload),  cmocka_unit_test(test_meta_lines),
    };
    static struct CMUnitTest tests[sizeof(fixed) / sizeof(fixed[0]) + TR_N_BAD];
    static char names[TR_N_BAD][64];
    size_t n = 0;

    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        tests[n++] = fixed[i];
    for (size_t i = 0; i < TR_N_BAD; i++) {
        snprintf(names[i], sizeof(names[i]), "malformed: %s", tr_bad[i].name);
        tests[n++] = (struct CMUnitTest){
            .name = names[i],
            .test_func = test_malformed,
            .initial_state = (void *)&tr_bad[i],
        };
    }
    return _cmocka_run_group_tests("record", tests, n, NULL, NULL);
}
